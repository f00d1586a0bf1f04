//! `SyncArena` from many threads at once: the whole allocation API through `&self`, `reset`,
//! `Allocator` for `&SyncArena` (collections used from several threads), destructors
//! registered concurrently, the limit under contention, more threads than shards (the
//! overflow path), rollback of the newest block, and a stress test of mixed blocks whose
//! contents and disjointness are checked after every round.
//!
//! `ARENAKIT_STRESS_SCALE` (a positive number, default 1) scales the iteration and thread
//! counts of the heavier tests, for slow runners (valgrind, sanitizers).

use crate::common::{CountingSource, DropCounter, DropLog, addr, assume_init_bytes, pattern};
use arenakit::source::{Heap, MemorySource};
use arenakit::{AllocErrorKind, SyncArena};
use core::alloc::Layout;
use core::mem::MaybeUninit;
use std::collections::HashSet;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};
use std::thread;

/// `n` scaled by `ARENAKIT_STRESS_SCALE` (default 1), at least 1.
fn scaled(n: usize) -> usize {
    let scale = std::env::var("ARENAKIT_STRESS_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0);
    ((n as f64 * scale) as usize).max(1)
}

/// The number of shards of a `SyncArena`, computed as arenakit does (`sync::shard_count`, which
/// is private): a power of two near twice the number of CPUs, at least 2, at most 64.
fn shard_count() -> usize {
    let cpus = thread::available_parallelism().map_or(4, |n| n.get());
    (cpus * 2).next_power_of_two().clamp(2, 64)
}

/// A small deterministic pseudo-random sequence (xorshift), so the tests are repeatable.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A block for `layout` from `arena`, filled with `pattern(seed, i)` and viewed as bytes.
fn patterned<'a, S: MemorySource>(
    arena: &'a SyncArena<S>,
    layout: Layout,
    seed: usize,
) -> &'a [u8] {
    let ptr = arena.alloc_layout(layout);
    assert_eq!(
        ptr.addr().get() % layout.align(),
        0,
        "misaligned {layout:?}"
    );
    // SAFETY: the arena handed out `layout.size()` bytes at `ptr`, valid until the arena is
    // reset (which needs `&mut`, so not while `'a` lasts) and handed to no one else;
    // `MaybeUninit<u8>` needs no initialisation.
    let slots: &'a mut [MaybeUninit<u8>] =
        unsafe { core::slice::from_raw_parts_mut(ptr.as_ptr().cast(), layout.size()) };
    for (i, slot) in slots.iter_mut().enumerate() {
        slot.write(pattern(seed, i));
    }
    let slots: &'a [MaybeUninit<u8>] = slots;
    // SAFETY: every byte was written just above.
    unsafe { assume_init_bytes(slots) }
}

/// Panics unless `bytes` holds the pattern of `seed`.
fn check_pattern(bytes: &[u8], seed: usize) {
    if let Some(i) = (0..bytes.len()).find(|&i| bytes[i] != pattern(seed, i)) {
        panic!(
            "block {seed:#x} of {} bytes at {:#x} was overwritten at offset {i}",
            bytes.len(),
            addr(bytes)
        );
    }
}

/// Panics if two of the blocks `(start, len)` overlap.
fn assert_disjoint(mut blocks: Vec<(usize, usize)>) {
    blocks.sort_unstable();
    for pair in blocks.windows(2) {
        let ((a, a_len), (b, b_len)) = (pair[0], pair[1]);
        assert!(
            a + a_len <= b,
            "blocks [{a:#x}, +{a_len}) and [{b:#x}, +{b_len}) overlap"
        );
    }
}

// Compile-time checks: `SyncArena` (over any `Send + Sync` source) is `Send + Sync`, `&SyncArena`
// is an `Allocator`, and collections over it can move between threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    fn allocator<A: allocator_api2::alloc::Allocator + Copy + Send + Sync>() {}
    send_sync::<SyncArena>();
    send_sync::<SyncArena<Heap>>();
    send_sync::<SyncArena<CountingSource>>();
    allocator::<&SyncArena>();
    send::<allocator_api2::vec::Vec<u64, &SyncArena>>();
    #[cfg(feature = "collections")]
    {
        send::<arenakit::collections::Vec<'_, u64, Heap, arenakit::arena::Shared>>();
        send::<arenakit::collections::HashMap<'_, u64, u64, Heap, arenakit::arena::Shared>>();
        send::<arenakit::collections::String<'_, Heap, arenakit::arena::Shared>>();
    }
};

/// Every allocation method works through `&SyncArena` from many threads at once, and the
/// values stay intact after the threads are joined.
#[test]
fn whole_api_from_many_threads() {
    let arena = SyncArena::new();
    let threads = 8;
    let barrier = Barrier::new(threads);
    let drops = DropCounter::default();
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads as u64)
            .map(|t| {
                let (arena, barrier, drops) = (&arena, &barrier, &drops);
                s.spawn(move || {
                    barrier.wait();
                    let one = arena.alloc(t);
                    let with = arena.alloc_with(|| [t; 5]);
                    let text: &str = arena.alloc_str(&format!("thread {t}"));
                    let copy = arena.alloc_slice_copy(&[t as u8; 33]);
                    let clone = arena.alloc_slice_clone(&[t as u16, 1, 2]);
                    let filled = arena.alloc_slice_fill_with(100, |i| t * 1000 + i as u64);
                    let iter = arena.alloc_slice_fill_iter((0..10u32).map(|i| i + t as u32));
                    let uninit = arena.alloc_uninit::<u128>().write(u128::from(t) << 64);
                    let uninit_slice = arena.alloc_uninit_slice::<u32>(7);
                    let uninit_slice: Vec<u32> = uninit_slice
                        .iter_mut()
                        .map(|slot| *slot.write(t as u32))
                        .collect();
                    let no_drop = arena.alloc_no_drop(String::from("leaked on purpose"));
                    // `alloc_no_drop` never runs the destructor: give the heap buffer back here.
                    drop(core::mem::take(no_drop));
                    let owned = arena.alloc_owned((t, drops.token()));
                    let boxed = arena.alloc_box(vec![t; 3]);
                    let tried = arena.try_alloc(t + 1).unwrap();
                    let tried_str = arena.try_alloc_str("ok").unwrap();
                    let tried_slice = arena.try_alloc_slice_copy(&[t; 4]).unwrap();
                    arena.try_alloc_owned(drops.token()).unwrap();
                    let raw = arena.try_alloc_layout(Layout::new::<[u64; 3]>()).unwrap();
                    assert!(arena.contains(raw.as_ptr()));
                    let zst = arena.alloc(());
                    let empty = arena.alloc_slice_copy::<u64>(&[]);
                    assert_eq!((*zst, empty.len()), ((), 0));
                    assert!(
                        arena.contains(&*one) && arena.contains(&*filled) && arena.contains(text)
                    );
                    assert_eq!(*boxed, [t; 3]);
                    drop(boxed); // frees (rolls back) its block on this thread
                    (
                        one,
                        with,
                        text,
                        copy,
                        clone,
                        filled,
                        iter,
                        uninit,
                        uninit_slice,
                        owned,
                        tried,
                        tried_str,
                        tried_slice,
                    )
                })
            })
            .collect();
        for (t, handle) in (0..threads as u64).zip(handles) {
            let (
                one,
                with,
                text,
                copy,
                clone,
                filled,
                iter,
                uninit,
                uninit_slice,
                owned,
                tried,
                s,
                sl,
            ) = handle.join().unwrap();
            assert_eq!(*one, t);
            assert_eq!(*with, [t; 5]);
            assert_eq!(text, format!("thread {t}"));
            assert_eq!(*copy, [t as u8; 33]);
            assert_eq!(*clone, [t as u16, 1, 2]);
            assert!(
                filled
                    .iter()
                    .enumerate()
                    .all(|(i, &x)| x == t * 1000 + i as u64)
            );
            assert!(
                iter.iter()
                    .enumerate()
                    .all(|(i, &x)| x == i as u32 + t as u32)
            );
            assert_eq!(*uninit, u128::from(t) << 64);
            assert_eq!(uninit_slice, [t as u32; 7]);
            assert_eq!(owned.0, t);
            assert_eq!((*tried, &*s, &*sl), (t + 1, "ok", &[t; 4][..]));
        }
    });
    assert_eq!(drops.get(), 0, "owned values dropped before the arena");
    drop(arena);
    assert_eq!(drops.get(), 2 * threads);
}

/// `reset` (through `&mut`) ends every thread's allocations: nothing is used any more, the
/// chunks are kept, and the threads of the next round reuse them.
#[test]
fn reset_reuses_the_memory_of_every_thread() {
    let log = CountingSource::new();
    let mut arena = SyncArena::builder()
        .source(log.clone())
        .chunk_size(16 * 1024)
        .build();
    let threads = 4;
    let mut held_after_first = 0;
    for round in 0..4 {
        // The blocks' pointers (not references: the reset below needs `&mut arena`), kept to
        // ask `contains` about them before and after it.
        let blocks: Vec<*const usize> = thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let arena = &arena;
                    s.spawn(move || {
                        // 3200-byte slices: below the dedicated threshold of 16 KiB chunks,
                        // five to a chunk.
                        (0..10)
                            .map(|k| {
                                let seed = round * 100 + t * 10 + k;
                                let xs = arena.alloc_slice_fill_with(400, |i| seed * i);
                                assert!(xs.iter().enumerate().all(|(i, &x)| x == seed * i));
                                &*xs
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .map(<[usize]>::as_ptr)
                .collect()
        });
        let stats = arena.stats();
        assert_eq!(stats.used, threads * 10 * 3200);
        assert_eq!(stats.dedicated_chunks, 0);
        assert!(blocks.iter().all(|&b| arena.contains(b)));
        if round == 0 {
            held_after_first = stats.held;
        }
        arena.reset();
        let after = arena.stats();
        assert_eq!(after.used, 0);
        assert_eq!(after.regular_chunks + after.dedicated_chunks, 0);
        assert_eq!(after.retained, after.held, "reset kept every chunk");
        assert!(blocks.iter().all(|&b| !arena.contains(b)));
        assert!(after.high_water >= threads * 10 * 3200);
        if round > 0 {
            // Every cursor (shard or overflow) needs as many chunks as in the first round,
            // whichever thread got which: all of them come from the chunks kept at reset.
            assert_eq!(
                stats.held, held_after_first,
                "round {round} took new chunks"
            );
        }
    }
    drop(arena);
    assert_eq!(log.log().live_chunks(), 0);
}

/// `reserve` / `with_capacity` chunks are shared out to the shards: threads that each fit in a
/// chunk take nothing more from the source.
#[test]
fn reserved_chunks_serve_every_shard() {
    let threads = shard_count().min(4);
    let arena = SyncArena::with_capacity(threads * 60 * 1024);
    let held = arena.stats().held;
    assert!(arena.stats().retained >= threads * 60 * 1024);
    thread::scope(|s| {
        for t in 0..threads {
            let arena = &arena;
            s.spawn(move || {
                for i in 0..100u64 {
                    assert_eq!(*arena.alloc([t as u64, i]), [t as u64, i]);
                }
            });
        }
    });
    assert_eq!(arena.stats().held, held, "a thread asked the source again");
    assert_eq!(arena.stats().used, threads * 100 * 16);
}

/// Collections over `&SyncArena` (arenakit's aliases, `Vec::new_in`, `vec()`, `map()`,
/// `string()`) built in several threads at once, each used by one thread at a time, then
/// handed to the main thread.
#[cfg(feature = "collections")]
#[test]
fn collections_from_several_threads() {
    use arenakit::arena::Shared;
    use arenakit::collections::{HashMap, Vec as ArenaVec};

    let arena = SyncArena::new();
    let threads = 6u64;
    let n = scaled(2000) as u64;
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let mut aliased: ArenaVec<'_, u64, Heap, Shared> = ArenaVec::new_in(arena);
                    let mut api2 = allocator_api2::vec::Vec::new_in(arena);
                    let mut short = arena.vec();
                    let mut map: HashMap<'_, u64, u64, Heap, Shared> =
                        HashMap::with_hasher_in(Default::default(), arena);
                    let mut text = arena.string();
                    for i in 0..n {
                        aliased.push(t << 32 | i);
                        api2.push((t as u32, i as u32));
                        if i % 3 == 0 {
                            short.push(i as u16);
                        }
                        map.insert(i, i * t);
                        if i % 100 == 0 {
                            text.push_str(&format!("{t}:{i};"));
                        }
                    }
                    short.retain(|x| x % 2 == 0);
                    (aliased, api2, short, map, text)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for (t, (aliased, api2, short, map, text)) in (0..threads).zip(&results) {
            assert_eq!(aliased.len() as u64, n);
            assert!(
                aliased
                    .iter()
                    .enumerate()
                    .all(|(i, &x)| x == t << 32 | i as u64)
            );
            assert!(
                api2.iter()
                    .enumerate()
                    .all(|(i, &(a, b))| (a, b) == (t as u32, i as u32))
            );
            let expected: Vec<u16> = (0..n as u16).filter(|i| i % 3 == 0 && i % 2 == 0).collect();
            assert_eq!(&short[..], &expected[..]);
            assert_eq!(map.len() as u64, n);
            assert!((0..n).all(|i| map.get(&i) == Some(&(i * t))));
            assert!(text.starts_with(&format!("{t}:0;")));
            for block in [
                aliased.as_ptr().cast::<u8>(),
                api2.as_ptr().cast(),
                text.as_ptr(),
            ] {
                assert!(arena.contains(block));
            }
        }
        // The buffers of different threads are disjoint.
        let blocks: Vec<(usize, usize)> = results
            .iter()
            .flat_map(|(a, b, c, _, _)| {
                [
                    (addr(a.as_ptr()), a.capacity() * 8),
                    (addr(b.as_ptr()), b.capacity() * 8),
                    (addr(c.as_ptr()), c.capacity() * 2),
                ]
            })
            .filter(|&(_, len)| len > 0)
            .collect();
        assert_disjoint(blocks);
    });
}

/// A collection built by one thread keeps growing in another (it is `Send`, and used by one
/// thread at a time), while each thread also allocates blocks of its own right behind it: a
/// buffer that is not the newest block of the growing thread's shard is copied, never grown
/// over another block.
#[test]
fn collection_passes_between_threads_and_keeps_growing() {
    use std::sync::mpsc::channel;

    let arena = SyncArena::new();
    let rounds = scaled(20);
    let per_turn = 200u64;
    let v = thread::scope(|s| {
        let (to_a, from_main) = channel();
        let (to_b, from_a) = channel();
        let (to_main, from_b) = channel();
        let arena = &arena;
        s.spawn(move || pass_on(arena, 1, per_turn, from_main, to_b));
        s.spawn(move || pass_on(arena, 2, per_turn, from_a, to_main));
        to_a.send(allocator_api2::vec::Vec::new_in(arena)).unwrap();
        let mut v = None;
        for round in 0..rounds {
            let back = from_b.recv().unwrap();
            assert_eq!(back.len() as u64, (round as u64 + 1) * 2 * per_turn);
            if round + 1 < rounds {
                to_a.send(back).unwrap();
            } else {
                v = Some(back);
            }
        }
        drop(to_a);
        v.unwrap()
    });
    assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
    assert_eq!(v.len() as u64, rounds as u64 * 2 * per_turn);
}

/// A `Vec` over `&SyncArena`, as passed between the threads of the test above.
type SharedVec<'a> = allocator_api2::vec::Vec<u64, &'a SyncArena>;

/// Receives vectors on `rx`, pushes `per_turn` numbers to each, allocates a block of its own
/// behind it, and sends it on to `tx`; checks its own blocks once `rx` is closed.
fn pass_on<'a>(
    arena: &'a SyncArena,
    name: u32,
    per_turn: u64,
    rx: std::sync::mpsc::Receiver<SharedVec<'a>>,
    tx: std::sync::mpsc::Sender<SharedVec<'a>>,
) {
    let value = |round: usize, i: usize| name * 1000 + (round + i) as u32;
    let mut noise = Vec::new();
    for (round, mut v) in rx.into_iter().enumerate() {
        let start = v.len() as u64;
        for i in 0..per_turn {
            v.push(start + i);
        }
        noise.push(arena.alloc_slice_fill_with(50, |i| value(round, i)));
        if tx.send(v).is_err() {
            break;
        }
    }
    for (round, block) in noise.iter().enumerate() {
        assert!(block.iter().enumerate().all(|(i, &x)| x == value(round, i)));
    }
}

/// Values registered with `alloc_owned` by 8 threads at once are each dropped exactly once at
/// reset (each thread's newest first) and at arena drop.
#[test]
fn owned_values_registered_concurrently_drop_exactly_once() {
    let threads = 8u32;
    let per_thread = scaled(500) as u32;
    let log = DropLog::default();
    let mut arena = SyncArena::builder().chunk_size(4096).build();
    for round in 0..3u32 {
        let barrier = Barrier::new(threads as usize);
        thread::scope(|s| {
            for t in 0..threads {
                let (arena, log, barrier) = (&arena, &log, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    for i in 0..per_thread {
                        let id = (round * threads + t) * per_thread + i;
                        // Mix in shapes of every size class: boxed, over-aligned, large.
                        match i % 4 {
                            0 => assert_eq!(arena.alloc_owned(log.tracked(id)).id, id),
                            1 => assert_eq!(arena.alloc_owned(Box::new(log.tracked(id))).id, id),
                            2 => {
                                #[repr(align(256))]
                                struct Aligned(crate::common::Tracked);
                                let v = arena.alloc_owned(Aligned(log.tracked(id)));
                                assert_eq!((addr(v) % 256, v.0.id), (0, id));
                            }
                            _ => {
                                assert_eq!(arena.alloc_owned((log.tracked(id), [0u8; 64])).0.id, id)
                            }
                        }
                    }
                });
            }
        });
        assert_eq!(log.len(), (round * threads * per_thread) as usize);
        if round < 2 {
            arena.reset();
        } else {
            drop(arena);
            break;
        }
    }
    let order = log.order();
    assert_eq!(order.len(), (3 * threads * per_thread) as usize);
    let unique: HashSet<u32> = order.iter().copied().collect();
    assert_eq!(unique.len(), order.len(), "a value was dropped twice");
    assert!(unique.iter().all(|&id| id < 3 * threads * per_thread));
    // Within one thread of one round, values are dropped newest first.
    let mut last_of: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    for &id in &order {
        let key = id / per_thread;
        if let Some(previous) = last_of.insert(key, id) {
            assert!(
                previous > id,
                "thread-round {key}: {previous} dropped before {id}"
            );
        }
    }
}

/// A destructor that panics during `reset` still lets every other value registered by every
/// thread be dropped exactly once, and the arena stays usable.
#[test]
fn panicking_destructor_at_reset_drops_the_others() {
    let log = DropLog::default();
    let mut arena = SyncArena::new();
    thread::scope(|s| {
        for t in 0..4u32 {
            let (arena, log) = (&arena, &log);
            s.spawn(move || {
                for i in 0..50 {
                    let id = t * 100 + i;
                    if id == 225 {
                        arena.alloc_owned(log.panicking(id));
                    } else {
                        arena.alloc_owned(log.tracked(id));
                    }
                }
            });
        }
    });
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| arena.reset()));
    assert!(result.is_err(), "the destructor's panic was swallowed");
    let order = log.order();
    assert_eq!(order.len(), 200);
    assert_eq!(order.iter().copied().collect::<HashSet<_>>().len(), 200);
    // Still usable, and the next reset drops nothing again.
    thread::scope(|s| {
        for t in 0..4u64 {
            let arena = &arena;
            s.spawn(move || assert_eq!(*arena.alloc(t), t));
        }
    });
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(log.len(), 200);
}

mod contention;
