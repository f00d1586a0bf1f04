//! `ArenaBox` across threads: boxes of a `SyncArena` are `Send` (for `Send` values) and
//! `Sync` (for `Sync` values); they move to other threads, are read from several at once,
//! cloned and dropped anywhere, with every value intact and dropped exactly once. The
//! negative cases (`Rc` values, boxes of an `Arena`) are `compile_fail` examples on
//! `ArenaBox`.

use crate::common::{DropCounter, Token};
use arenakit::arena::Shared;
use arenakit::source::Heap;
use arenakit::{ArenaBox, SyncArena, unsize_box};
use std::any::Any;
use std::sync::mpsc;

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}

/// The positive half of the auto-trait table, checked by the compiler.
#[test]
fn sync_arena_boxes_are_send_and_sync() {
    assert_send::<ArenaBox<'static, String, Heap, Shared>>();
    assert_sync::<ArenaBox<'static, String, Heap, Shared>>();
    assert_send::<ArenaBox<'static, [Token], Heap, Shared>>();
    assert_send::<ArenaBox<'static, str, Heap, Shared>>();
    assert_send::<ArenaBox<'static, dyn Any + Send, Heap, Shared>>();
    assert_sync::<ArenaBox<'static, dyn Any + Send + Sync, Heap, Shared>>();
    // `Send` but not `Sync` values make `Send` boxes.
    assert_send::<ArenaBox<'static, std::cell::Cell<u8>, Heap, Shared>>();
}

/// Boxes made on one thread are used, changed and dropped on others (in `thread::scope`),
/// each value dropped exactly once; boxes made on worker threads come back and drop here.
#[test]
fn boxes_move_to_other_threads() {
    let drops = DropCounter::default();
    let arena = SyncArena::new();
    let boxes: Vec<_> = (0..8)
        .map(|i| arena.alloc_box((i, String::from("box"), drops.token())))
        .collect();
    let returned = std::thread::scope(|s| {
        let workers: Vec<_> = boxes
            .into_iter()
            .map(|mut b| {
                let arena = &arena;
                s.spawn(move || {
                    b.1.push('!');
                    assert_eq!(b.1, "box!");
                    let made_here = arena.alloc_box_str(&format!("from {}", b.0));
                    drop(b); // on this thread
                    made_here
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(drops.get(), 8);
    assert_eq!(&*returned[3], "from 3");
    drop(returned);
}

/// A `Sync` box is read from several threads at once; a clone made on another thread is a
/// new box in the same arena.
#[test]
fn shared_boxes_are_read_and_cloned_from_many_threads() {
    let arena = SyncArena::new();
    let table = arena.alloc_box_slice_fill_with(1000, |i| i as u64 * 3);
    let clones = std::thread::scope(|s| {
        let readers: Vec<_> = (0..4)
            .map(|t| {
                let table = &table;
                s.spawn(move || {
                    let sum: u64 = table.iter().sum();
                    let copy = table.clone();
                    assert!(std::ptr::eq(ArenaBox::arena(&copy), ArenaBox::arena(table)));
                    (sum, t, copy)
                })
            })
            .collect();
        readers
            .into_iter()
            .map(|r| r.join().unwrap())
            .collect::<Vec<_>>()
    });
    for (sum, _, copy) in &clones {
        assert_eq!(*sum, 3 * 999 * 1000 / 2);
        assert_eq!(*copy, table);
        assert_ne!(ArenaBox::as_ptr(copy), ArenaBox::as_ptr(&table));
    }
}

/// A `dyn Any + Send` box crosses threads and is downcast there.
#[test]
fn any_boxes_cross_threads() {
    let arena = SyncArena::new();
    let parcel: ArenaBox<'_, dyn Any + Send, Heap, Shared> =
        unsize_box!(arena.alloc_box(vec![1u8, 2, 3]));
    std::thread::scope(|s| {
        s.spawn(move || {
            let v = parcel.downcast::<Vec<u8>>().unwrap();
            assert_eq!(*v, [1, 2, 3]);
        });
    });
}

/// Many threads pass boxes along a ring of channels, each checking the values it receives
/// and dropping them while the others allocate: every value arrives intact and is dropped
/// exactly once. Slices cut short by their iterator shrink on whatever thread made them.
#[test]
fn boxes_pass_around_a_ring_of_threads() {
    const THREADS: usize = 4;
    const PER_THREAD: usize = 500;
    let drops = DropCounter::default();
    let mut arena = SyncArena::new();
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..THREADS).map(|_| mpsc::channel()).unzip();
    std::thread::scope(|s| {
        for (t, receiver) in receivers.into_iter().enumerate() {
            let next = senders[(t + 1) % THREADS].clone();
            let (arena, drops) = (&arena, &drops);
            s.spawn(move || {
                for i in 0..PER_THREAD {
                    let tag = (t * PER_THREAD + i) as u64;
                    let items = (0..16u64).map(|k| (tag + k, drops.token()));
                    let short = Lying { items, claims: 32 };
                    let b: ArenaBox<'_, [(u64, Token)], Heap, Shared> =
                        arena.alloc_box_slice_fill_iter(short);
                    next.send(b).unwrap();
                }
                drop(next);
                for b in receiver.iter().take(PER_THREAD) {
                    assert_eq!(b.len(), 16);
                    let tag = b[0].0;
                    assert!(b.iter().enumerate().all(|(k, v)| v.0 == tag + k as u64));
                }
            });
        }
        drop(senders);
    });
    assert_eq!(drops.get(), THREADS * PER_THREAD * 16);
    arena.reset();
    assert_eq!(arena.stats().used, 0);
}

/// An iterator that claims more items than it yields.
struct Lying<I> {
    items: I,
    claims: usize,
}

impl<I: Iterator> Iterator for Lying<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        self.items.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.claims, Some(self.claims))
    }
}

impl<I: Iterator> ExactSizeIterator for Lying<I> {}
