//! `ArenaBox`: the value is dropped exactly once (on drop, `free`, or by its owner after
//! `into_inner`; never after `leak`), also when its destructor panics or the allocation fails;
//! the block is freed (the newest rolls back); zero-sized and over-aligned values (4 KiB and
//! 1 MiB alignment, in regular and dedicated chunks) are placed and freed correctly.

use crate::common::{CountingSource, DropLog, LocalDrops, LocalToken, Tracked, addr};
use arenakit::source::MemorySource;
use arenakit::{AllocErrorKind, Arena, ArenaBox};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

/// Chunk sizes to test: the minimum, odd ones (not powers of two) and the default.
const CHUNK_SIZES: [usize; 5] = [256, 1000, 3000, 4096, 65_536];

/// Dropping a box drops its value once and frees its block: the newest block rolls back, so
/// the next box gets its address; the other boxes keep their values.
#[test]
fn drop_runs_the_destructor_once_and_frees_the_block() {
    let log = DropLog::default();
    let arena = Arena::new();
    let a = arena.alloc_box(log.tracked(1));
    let b = arena.alloc_box(log.tracked(2));
    let used = arena.stats().used;
    let b_at = ArenaBox::as_ptr(&b);
    drop(b);
    assert_eq!(log.order(), [2]);
    assert!(
        arena.stats().used < used,
        "the newest block was not rolled back"
    );
    let c = arena.alloc_box(log.tracked(3));
    assert_eq!(ArenaBox::as_ptr(&c), b_at);
    assert_eq!((a.id, c.id), (1, 3));
    drop(a); // not the newest: dropped, but its bytes stay until the chunk is all freed
    assert_eq!(log.order(), [2, 1]);
    assert_eq!(arena.stats().used, used);
    drop(c); // the last one: the chunk restarts
    assert_eq!(log.order(), [2, 1, 3]);
    assert_eq!(arena.stats().used, 0);
    drop(arena);
    assert_eq!(log.len(), 3, "the arena dropped a boxed value again");
}

/// `ArenaBox::free` is `drop`, spelled like the seed's `Free`.
#[test]
fn free_drops_once_and_rolls_back() {
    let log = DropLog::default();
    let arena = Arena::new();
    let keep = arena.alloc_box(log.tracked(1));
    let used = arena.stats().used;
    let b = arena.alloc_box([log.tracked(2), log.tracked(3)]);
    ArenaBox::free(b);
    assert_eq!(log.order(), [2, 3]);
    assert_eq!(arena.stats().used, used);
    ArenaBox::free(keep);
    assert_eq!(log.order(), [2, 3, 1]);
    assert_eq!(arena.stats().used, 0);
}

/// `into_inner` moves the value out without dropping it and frees the block; the value is
/// dropped once, by its new owner.
#[test]
fn into_inner_moves_out_without_dropping() {
    let log = DropLog::default();
    let arena = Arena::new();
    let older = arena.alloc_box((log.tracked(1), String::from("older")));
    let newest = arena.alloc_box(log.tracked(2));
    let value: Tracked = ArenaBox::into_inner(newest);
    assert_eq!((value.id, log.len()), (2, 0));
    let (t, s) = ArenaBox::into_inner(older); // not the newest
    assert_eq!((t.id, s.as_str(), log.len()), (1, "older", 0));
    assert_eq!(
        arena.stats().used,
        0,
        "into_inner left the blocks allocated"
    );
    drop(value);
    drop(t);
    assert_eq!(log.order(), [2, 1]);
    drop(arena);
    assert_eq!(log.len(), 2);
}

/// `leak` gives a reference for the arena borrow's lifetime and never drops the value (not at
/// reset, not at arena drop); the block stays allocated.
#[test]
fn leak_never_drops() {
    let drops = LocalDrops::default();
    let mut arena = Arena::new();
    {
        let leaked: &mut (u64, LocalToken<'_>) =
            ArenaBox::leak(arena.alloc_box((1, drops.token())));
        leaked.0 += 1;
        let other = arena.alloc_box(drops.token());
        drop(other);
        assert_eq!(drops.get(), 1);
        assert_eq!(leaked.0, 2);
        assert_eq!(arena.stats().used, 16, "the leaked block was freed");
    }
    arena.reset();
    assert_eq!(drops.get(), 1, "reset dropped a leaked value");
    ArenaBox::leak(arena.alloc_box(drops.token()));
    drop(arena);
    assert_eq!(drops.get(), 1, "the arena dropped a leaked value");
}

/// A destructor that panics still frees the block (the newest rolls back, a chunk whose
/// boxes are all gone restarts) and runs once; the arena stays usable.
#[test]
fn panicking_destructor_frees_the_block() {
    let log = DropLog::default();
    let arena = Arena::new();
    let first = arena.alloc_box(log.tracked(1));
    let used = arena.stats().used;
    let newest = arena.alloc_box(log.panicking(2));
    let at = ArenaBox::as_ptr(&newest);
    assert!(catch_unwind(AssertUnwindSafe(|| drop(newest))).is_err());
    assert_eq!((log.order(), arena.stats().used), (vec![2], used));
    let again = arena.alloc_box(log.tracked(3));
    assert_eq!(ArenaBox::as_ptr(&again), at);

    // Not the newest, through `free`: the block is freed all the same.
    let older = arena.alloc_box(log.panicking(4));
    let newer = arena.alloc_box(log.tracked(5));
    assert!(catch_unwind(AssertUnwindSafe(|| ArenaBox::free(older))).is_err());
    assert_eq!(log.order(), [2, 4]);
    drop((first, again, newer));
    assert_eq!(log.order(), [2, 4, 1, 3, 5]);
    assert_eq!(
        arena.stats().used,
        0,
        "a panicking destructor kept its block"
    );

    // In a collection: every other box is still dropped and freed.
    let boxes: Vec<_> = (10..20)
        .map(|id| {
            if id == 13 {
                arena.alloc_box(log.panicking(id))
            } else {
                arena.alloc_box(log.tracked(id))
            }
        })
        .collect();
    assert!(catch_unwind(AssertUnwindSafe(|| drop(boxes))).is_err());
    assert_eq!(log.order()[5..], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert_eq!(arena.stats().used, 0);
    assert_eq!(*arena.alloc_box(7u8), 7);
}

/// A failed allocation drops the value once before returning (`try_alloc_box`) or panicking
/// (`alloc_box`), and never again.
#[test]
fn failed_alloc_box_drops_the_value_once() {
    let log = DropLog::default();
    let arena = Arena::builder().limit(0).build();
    let err = arena.try_alloc_box(log.tracked(1)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(log.order(), [1]);
    let failing = Arena::builder()
        .source(CountingSource::failing_after(0))
        .build();
    let err = failing.try_alloc_box(log.tracked(2)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SourceExhausted);
    assert_eq!(log.order(), [1, 2]);
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_box(log.tracked(3));
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [1, 2, 3]);
    drop((arena, failing));
    assert_eq!(log.order(), [1, 2, 3]);
}

/// Counts drops of [`ZstDrop`] on this thread (a zero-sized value cannot hold a counter).
fn zst_drops() -> u32 {
    ZST_DROPS.with(Cell::get)
}

thread_local!(static ZST_DROPS: Cell<u32> = const { Cell::new(0) });

/// A zero-sized, 4 KiB-aligned value with drop glue.
#[repr(align(4096))]
struct ZstDrop;

impl Drop for ZstDrop {
    fn drop(&mut self) {
        ZST_DROPS.with(|d| d.set(d.get() + 1));
    }
}

/// Zero-sized values take no memory (the arena never asks its source) and keep their
/// alignment, and are still dropped exactly once by each way out.
#[test]
fn zero_sized_values() {
    #[derive(Debug, PartialEq)]
    struct Unit;
    assert_eq!((size_of::<ZstDrop>(), align_of::<ZstDrop>()), (0, 4096));
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder().source(source).build();
    let units: Vec<_> = (0..1000).map(|_| arena.alloc_box(Unit)).collect();
    assert!(units.iter().all(|u| **u == Unit));
    let empties: Vec<_> = (0..100).map(|_| arena.alloc_box([0u64; 0])).collect();
    assert!(
        empties
            .iter()
            .all(|e| addr(ArenaBox::as_ptr(e)).is_multiple_of(align_of::<u64>()))
    );
    drop((units, empties));

    let a = arena.alloc_box(ZstDrop);
    assert_eq!(addr(ArenaBox::as_ptr(&a)) % 4096, 0);
    drop(a);
    assert_eq!(zst_drops(), 1);
    ArenaBox::free(arena.alloc_box(ZstDrop));
    assert_eq!(zst_drops(), 2);
    let inner: ZstDrop = ArenaBox::into_inner(arena.alloc_box(ZstDrop));
    assert_eq!(zst_drops(), 2);
    drop(inner);
    assert_eq!(zst_drops(), 3);
    let _: &mut ZstDrop = ArenaBox::leak(arena.alloc_box(ZstDrop));
    let boxes: Vec<_> = (0..10).map(|_| arena.alloc_box(ZstDrop)).collect();
    drop(boxes);
    assert_eq!(zst_drops(), 13);
    let panicking = arena.alloc_box((ZstDrop, Panics));
    assert!(catch_unwind(AssertUnwindSafe(|| drop(panicking))).is_err());
    assert_eq!(zst_drops(), 14);
    let s = arena.stats();
    assert_eq!((s.held, s.used, log.allocations()), (0, 0, 0));
    drop(arena);
    assert_eq!(
        zst_drops(),
        14,
        "the arena dropped a leaked zero-sized value"
    );
}

/// A zero-sized value whose destructor panics.
struct Panics;

impl Drop for Panics {
    fn drop(&mut self) {
        panic!("Panics panics in its destructor");
    }
}

/// A 4 KiB-aligned page: 4096 bytes.
#[repr(align(4096))]
struct Page<'c> {
    tag: u64,
    bytes: [u8; 1000],
    _drop: LocalToken<'c>,
}

/// Boxes of 4 KiB-aligned pages, mixed with small boxes, on every chunk size: aligned,
/// intact, freed in any order, their chunks (regular ones with padding, or dedicated ones
/// whose base is stored below the block) reused, and every chunk given back to the source
/// with the layout it came with.
#[test]
// Four chunk sizes, two retention settings, four rounds of pages: minutes under Miri.
// `mebibyte_aligned_boxes_are_freed_correctly` has it check the same paths in fewer steps.
#[cfg_attr(miri, ignore)]
fn page_aligned_boxes_are_freed_correctly() {
    assert_eq!(
        (size_of::<Page<'_>>(), align_of::<Page<'_>>()),
        (4096, 4096)
    );
    for chunk in CHUNK_SIZES {
        for max_retained in [usize::MAX, 0] {
            let drops = LocalDrops::default();
            let source = CountingSource::new();
            let log = source.log();
            let arena = Arena::builder()
                .source(source)
                .chunk_size(chunk)
                .max_retained(max_retained)
                .build();
            let mut chunks_after_first_round = 0;
            for round in 0..4u64 {
                let mut pages = Vec::new();
                let mut smalls = Vec::new();
                for i in 0..12u64 {
                    let tag = round * 100 + i;
                    let page = arena.alloc_box(Page {
                        tag,
                        bytes: [tag as u8; 1000],
                        _drop: drops.token(),
                    });
                    assert_eq!(addr(ArenaBox::as_ptr(&page)) % 4096, 0, "chunk {chunk}");
                    assert!(arena.contains(ArenaBox::as_ptr(&page)));
                    pages.push(page);
                    smalls.push(arena.alloc_box([tag; 3]));
                }
                for (i, (page, small)) in pages.iter().zip(&smalls).enumerate() {
                    let tag = round * 100 + i as u64;
                    assert_eq!(page.tag, tag);
                    assert!(page.bytes.iter().all(|&b| b == tag as u8));
                    assert_eq!(**small, [tag; 3]);
                }
                // Free pages and small boxes in an interleaved, scrambled order.
                while !pages.is_empty() {
                    let i = (7 * pages.len() + 3) % pages.len();
                    drop(pages.swap_remove(i));
                    let j = smalls.len() / 2;
                    drop(smalls.swap_remove(j));
                }
                assert_eq!(drops.get() as u64, 12 * (round + 1));
                let s = arena.stats();
                assert_eq!((s.used, s.dedicated_chunks), (0, 0), "chunk {chunk}: {s:?}");
                assert!(s.regular_chunks <= 1);
                assert_eq!(s.held, log.live_bytes());
                if max_retained == 0 {
                    // Emptied chunks past `max_retained` stay spare until the next chunk is
                    // taken from the source (the next round's).
                    assert!(
                        s.held - s.retained <= arena.chunk_size(),
                        "chunk {chunk}: {s:?}"
                    );
                }
                if round == 0 {
                    chunks_after_first_round = log.allocations();
                }
            }
            if max_retained == usize::MAX {
                assert_eq!(
                    log.allocations(),
                    chunks_after_first_round,
                    "chunk {chunk}: freed chunks were not reused"
                );
            }
            drop(arena);
            assert_eq!(log.live_chunks(), 0);
        }
    }
}

/// A 1 MiB-aligned value: 1 MiB.
#[repr(align(1048576))]
struct Huge<'c> {
    tag: u64,
    _drop: LocalToken<'c>,
}

/// Boxes of 1 MiB-aligned values (dedicated chunks whose block starts on a chunk-alignment
/// boundary, found through the base stored below it) are aligned, freed, reused and given
/// back with the right layout. Runs on a thread with a large stack: the values pass through
/// the stack on their way into the arena.
#[test]
fn mebibyte_aligned_boxes_are_freed_correctly() {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(mebibyte_aligned_boxes)
        .unwrap()
        .join()
        .unwrap();
}

fn mebibyte_aligned_boxes() {
    assert_eq!(
        (size_of::<Huge<'_>>(), align_of::<Huge<'_>>()),
        (1 << 20, 1 << 20)
    );
    for chunk in [256, 4096, 65_536] {
        for max_retained in [usize::MAX, 0] {
            let drops = LocalDrops::default();
            let source = CountingSource::new();
            let log = source.log();
            let arena = Arena::builder()
                .source(source)
                .chunk_size(chunk)
                .max_retained(max_retained)
                .build();
            for round in 0..3u64 {
                let small = arena.alloc_box(round);
                let mut huge: Vec<_> = (0..3)
                    .map(|i| {
                        arena.alloc_box(Huge {
                            tag: round * 10 + i,
                            _drop: drops.token(),
                        })
                    })
                    .collect();
                for (i, h) in huge.iter_mut().enumerate() {
                    assert_eq!(addr(ArenaBox::as_ptr(h)) % (1 << 20), 0);
                    assert!(arena.contains(ArenaBox::as_ptr(h)));
                    assert_eq!(h.tag, round * 10 + i as u64);
                    h.tag += 1000;
                }
                assert_eq!(arena.stats().dedicated_chunks, 3);
                drop(huge.remove(1));
                let inner = ArenaBox::into_inner(huge.pop().unwrap());
                assert_eq!(inner.tag, round * 10 + 1002);
                drop(huge);
                drop(inner);
                assert_eq!(*small, round);
                drop(small);
                assert_eq!(drops.get() as u64, 3 * (round + 1));
                let s = arena.stats();
                assert_eq!((s.used, s.dedicated_chunks), (0, 0), "chunk {chunk}: {s:?}");
                assert_eq!(s.held, log.live_bytes());
                if max_retained == 0 {
                    // Emptied chunks past `max_retained` stay spare until the next chunk is
                    // taken from the source (the next round's).
                    assert!(
                        s.held - s.retained <= arena.chunk_size(),
                        "chunk {chunk}: {s:?}"
                    );
                }
            }
            if max_retained == usize::MAX {
                // Three dedicated chunks and one regular one, reused in later rounds.
                assert_eq!(log.allocations(), 4, "chunk {chunk}");
            }
            drop(arena);
            assert_eq!(log.live_chunks(), 0);
        }
    }
}

/// A box works like a `Box`: deref, comparisons, hashing, formatting, `as_ptr`, and values
/// that borrow the arena or are neither `Send` nor `'static`.
#[test]
fn boxes_behave_like_box() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let arena = Arena::new();
    let mut a = arena.alloc_box(vec![1, 2]);
    a.push(3);
    assert_eq!(*a, [1, 2, 3]);
    assert_eq!(a.as_ref().len(), 3);
    a.as_mut().push(4);
    let borrowed: &Vec<i32> = std::borrow::Borrow::borrow(&a);
    assert_eq!(borrowed.len(), 4);
    assert_eq!(format!("{a:?}"), "[1, 2, 3, 4]");
    let n = arena.alloc_box(42u32);
    assert_eq!(
        (format!("{n}"), format!("{n:?}")),
        ("42".into(), "42".into())
    );
    assert_eq!(format!("{n:p}"), format!("{:p}", ArenaBox::as_ptr(&n)));
    assert!(arena.contains(ArenaBox::as_ptr(&n)));
    let m = arena.alloc_box(42u32);
    let k = arena.alloc_box(7u32);
    assert!(n == m && k < n && n.cmp(&k).is_gt());
    let (mut boxed, mut plain) = (DefaultHasher::new(), DefaultHasher::new());
    n.hash(&mut boxed);
    42u32.hash(&mut plain);
    assert_eq!(boxed.finish(), plain.finish());

    // Borrowing the arena, and not `Send`: fine, the destructor runs within the borrow.
    let text = arena.alloc_str("in the arena");
    let shared = Rc::new(Cell::new(0));
    let b = arena.alloc_box((&*text, Rc::clone(&shared)));
    b.1.set(5);
    assert_eq!(
        (b.0, shared.get(), Rc::strong_count(&shared)),
        ("in the arena", 5, 2)
    );
    drop(b);
    assert_eq!(Rc::strong_count(&shared), 1);

    // Boxes in boxes, and boxes referring to boxes.
    let drops = LocalDrops::default();
    let inner = arena.alloc_box(drops.token());
    let outer = arena.alloc_box(inner);
    let pointer = arena.alloc_box(&**outer);
    drop(pointer);
    drop(outer);
    assert_eq!(drops.get(), 1);
}

/// Boxes in an arena over any source, including a `&Arena`-sized one and a borrowed one.
#[test]
// 6000 boxes: half a minute under Miri, for paths the other tests here take too.
#[cfg_attr(miri, ignore)]
fn boxes_over_other_sources() {
    fn churn<S: MemorySource>(arena: &Arena<S>) {
        let mut live = std::collections::VecDeque::new();
        for i in 0..2000u64 {
            live.push_back(arena.alloc_box([i; 16]));
            if live.len() > 20 {
                let b = live.pop_front().unwrap();
                assert_eq!(b[15], i - 20);
            }
        }
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let fixed = Arena::builder()
        .source(arenakit::source::Fixed::new(&mut buffer))
        .chunk_size(4096)
        .build();
    // 2000 boxes of 128 bytes are 250 KiB: they fit in 64 KiB only because freed chunks
    // are reused.
    churn(&fixed);
    drop(fixed);
    let source = CountingSource::new();
    let log = source.log();
    let by_ref = Arena::builder().source(&source).chunk_size(4096).build();
    churn(&by_ref);
    assert!(log.allocations() <= 4, "{} chunks", log.allocations());
    drop(by_ref);
    assert_eq!(log.live_chunks(), 0);
}
