//! Adversarial review of the raw arena's hot paths: the inlined steady reset, the promotion
//! of the large region's chunk to the plain lane (`promote_big`), the high-water mark kept in
//! the plain lane, plain dedicated chunks aligned to 16 only, and the shared arena's fast path
//! for threads without a number yet. Each test reaches one of those paths and checks what the
//! old paths guaranteed.

use crate::common::{CountingSource, addr};
use arenakit::source::{Heap, MemorySource};
use arenakit::{Arena, ArenaBox, SyncArena};
use core::alloc::Layout;
use core::ptr::NonNull;
use std::cell::Cell;

/// Regular chunk size here: requests above about 1000 bytes get a dedicated chunk.
const CHUNK: usize = 4096;

/// The byte the secrets are made of.
const SECRET: u8 = 0xA5;

/// The chunk header's size: the scan skips it (its padding bytes are uninitialised).
const HEADER: usize = 64;

/// A source that zero-fills what it hands out and, when a chunk comes back, notes whether its
/// data part still holds eight consecutive `SECRET` bytes.
#[derive(Default)]
struct ScanningSource {
    returned: Cell<usize>,
    returned_with_secret: Cell<usize>,
}

// SAFETY: every block comes from `Heap`, which upholds the contract, and goes back to it with
// the same layout; the scan only reads the block, which the arena gave up.
unsafe impl MemorySource for ScanningSource {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        let block = Heap.allocate(layout)?;
        // SAFETY: the fresh block holds `layout.size()` writable bytes.
        unsafe { block.write_bytes(0, layout.size()) };
        Some(block)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: every chunk is larger than its header.
        let start = unsafe { ptr.as_ptr().add(HEADER) };
        // SAFETY: the block came from `allocate` with this layout and nothing uses it any
        // more; past the header every byte was zeroed in `allocate` or written by the tests'
        // byte slices or the arena's zeroing.
        let data = unsafe { core::slice::from_raw_parts(start, layout.size() - HEADER) };
        let secret = data.windows(8).any(|w| w.iter().all(|&b| b == SECRET));
        self.returned.set(self.returned.get() + 1);
        self.returned_with_secret
            .set(self.returned_with_secret.get() + usize::from(secret));
        // SAFETY: forwarded as received.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

/// A large region whose chunk (a reused spare dedicated chunk, larger than its first block)
/// took a second large block, then promoted to the plain lane by a steady reset: a later
/// `reset_zeroed` must wipe the second block too. Guards `promote_big_if_larger` recording the
/// region's written end in the chunk before the region forgets it.
#[test]
fn zeroing_after_steady_promotion_wipes_the_large_region() {
    let source = ScanningSource::default();
    let mut arena = Arena::builder().source(&source).chunk_size(CHUNK).build();
    // Two large dedicated chunks, zeroed and kept spare.
    arena.alloc_slice_fill_copy(64 * 1024, 0u8);
    arena.alloc_slice_fill_copy(64 * 1024, 0u8);
    arena.reset_zeroed();
    // A smaller large block reuses a spare 64 KiB chunk, which becomes the large region; the
    // secret is bumped from the region after it.
    arena.alloc_slice_fill_copy(2000, 0u8);
    arena.alloc_slice_fill_copy(2000, SECRET);
    arena.reset(); // promotes the region's chunk to the plain lane
    arena.reset_zeroed();
    drop(arena);
    assert!(source.returned.get() >= 2);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "the large region's data survived a zeroing reset after promotion"
    );
}

/// The same with the promotion at a reset that keeps the lanes' chunks (`reset_keeping`),
/// a plain chunk going spare: neither the promoted chunk nor the old plain one keeps data.
#[test]
fn zeroing_after_keeping_promotion_wipes_both_chunks() {
    let source = ScanningSource::default();
    let mut arena = Arena::builder().source(&source).chunk_size(CHUNK).build();
    arena.alloc_slice_fill_copy(64, SECRET); // the plain lane's chunk
    arena.alloc_slice_fill_copy(64 * 1024, SECRET); // larger: promoted at the reset
    arena.reset();
    arena.alloc(0u64);
    arena.reset();
    arena.reset_zeroed();
    drop(arena);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "data survived a zeroing reset after promotion"
    );
}

/// Statistics across promotions and steady resets: `held` is what the source holds, `used`
/// is 0 after every reset, `high_water` is at least every `used` seen, and `retained` never
/// exceeds `held`.
#[test]
fn stats_stay_exact_across_promotion() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(CHUNK).build();
    let mut max_used = 0;
    for round in 0..12usize {
        let small = 16 + round * 8;
        let large = if round % 3 == 0 {
            40_000
        } else {
            3000 * (round % 4 + 1)
        };
        arena.alloc_slice_fill_copy(small, 1u8);
        arena.alloc_slice_fill_copy(large, 2u8);
        if round % 2 == 0 {
            arena.alloc_slice_fill_copy(large / 2, 3u8);
            drop(arena.alloc_box([4u8; 64]));
        }
        arena.alloc_slice_fill_copy(small, 5u8);
        let stats = arena.stats();
        max_used = max_used.max(stats.used);
        assert_eq!(stats.held, log.live_bytes(), "round {round}");
        assert!(stats.high_water >= max_used, "round {round}");
        if round % 5 == 4 {
            arena.reset_zeroed();
        } else {
            arena.reset();
        }
        let stats = arena.stats();
        assert_eq!(stats.used, 0, "round {round}");
        assert_eq!(stats.held, log.live_bytes(), "round {round}");
        assert!(stats.retained <= stats.held, "round {round}");
        assert!(stats.high_water >= max_used, "round {round}");
    }
    drop(arena);
    assert_eq!(log.live_bytes(), 0);
}

/// A checkpoint taken before a reset that promotes is invalid after it, and one taken after
/// the promotion rewinds within the promoted chunk: blocks allocated before it keep their
/// contents, and the statistics still match the source.
#[test]
fn checkpoints_across_promotion() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(CHUNK).build();
    arena.alloc_slice_fill_copy(64, 1u8);
    arena.alloc_slice_fill_copy(20_000, 2u8);
    let before = arena.checkpoint();
    arena.reset();
    assert!(
        arena.reset_to(&before).is_err(),
        "a checkpoint survived a reset"
    );
    let kept_at = addr(arena.alloc_slice_fill_copy(5000, 7u8).as_ptr());
    let mark = arena.checkpoint();
    arena.alloc_slice_fill_copy(9000, 8u8);
    arena.alloc_slice_fill_copy(100, 9u8);
    arena.reset_to(&mark).unwrap();
    let again = arena.alloc_slice_fill_copy(100, 3u8);
    assert!(addr(again.as_ptr()) >= kept_at + 5000);
    assert_eq!(arena.stats().held, log.live_bytes());
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, log.live_bytes());
}

/// Boxes of large values (freeable dedicated chunks, aligned to the chunk alignment) beside
/// large plain blocks (plain dedicated chunks, aligned to 16 only) and promotion: freeing
/// the boxes finds their chunks (`Chunks::owner`), never a plain chunk's.
#[test]
fn large_boxes_beside_unaligned_plain_chunks() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(CHUNK).build();
    for round in 0..6 {
        arena.alloc_slice_fill_copy(3000 + round * 500, 1u8);
        let a = arena.alloc_box([round as u8; 5000]);
        arena.alloc_slice_fill_copy(7000, 2u8);
        let b = arena.alloc_box([9u8; 200]);
        assert!(a.iter().all(|&x| x == round as u8));
        drop(a);
        drop(b);
        let boxes: std::vec::Vec<ArenaBox<'_, [u8; 3000], CountingSource>> =
            (0..3).map(|i| arena.alloc_box([i; 3000])).collect();
        for (i, b) in boxes.iter().enumerate() {
            assert!(b.iter().all(|&x| x == i as u8));
        }
        drop(boxes);
        assert_eq!(arena.stats().held, log.live_bytes());
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
}

/// `max_retained` still bounds what a reset keeps when it promotes the large region's chunk.
#[test]
fn max_retained_bounds_promotion() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder()
        .source(source)
        .chunk_size(CHUNK)
        .max_retained(16 * 1024)
        .build();
    for _ in 0..4 {
        arena.alloc_slice_fill_copy(64, 1u8);
        arena.alloc_slice_fill_copy(100_000, 2u8);
        arena.reset();
        assert!(arena.stats().held <= 16 * 1024, "{:?}", arena.stats());
        assert_eq!(arena.stats().held, log.live_bytes());
    }
}

/// Threads whose first use of any shared arena is an allocation (no thread number yet) each
/// get their own blocks: no thread bumps another's shard.
#[test]
fn fresh_threads_never_share_a_shard() {
    let arena = SyncArena::new();
    let blocks: std::vec::Vec<(usize, usize)> = std::thread::scope(|s| {
        let handles: std::vec::Vec<_> = (0..4u8)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let block = arena.alloc_slice_fill_copy(64, t);
                    for _ in 0..50 {
                        let other = arena.alloc_slice_fill_copy(8, t);
                        assert!(other.iter().all(|&x| x == t));
                    }
                    assert!(block.iter().all(|&x| x == t));
                    (addr(block.as_ptr()), 64)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, &(a, n)) in blocks.iter().enumerate() {
        for &(b, m) in &blocks[i + 1..] {
            assert!(a + n <= b || b + m <= a, "blocks overlap");
        }
    }
}

/// A scope opened after a promotion bumps through the plain chunk that went spare (which
/// holds the earlier rounds' data); a later `reset_zeroed` still wipes everything, the
/// scope's writes and the promoted chunk's included.
#[test]
fn scope_after_promotion_then_zeroing_reset() {
    let source = ScanningSource::default();
    let mut arena = Arena::builder().source(&source).chunk_size(CHUNK).build();
    arena.alloc_slice_fill_copy(600, SECRET);
    arena.alloc_slice_fill_copy(20_000, SECRET);
    arena.reset(); // promotes: the 600-byte chunk goes spare
    arena.scope(|s| {
        s.alloc_slice_fill_copy(300, SECRET);
        s.alloc_slice_fill_copy(3000, SECRET);
    });
    arena.alloc_slice_fill_copy(100, SECRET);
    arena.reset();
    arena.reset_zeroed();
    drop(arena);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "data survived a zeroing reset"
    );
}

/// Collections of `allocator_api2` on `&Arena` (freeable blocks: grow, shrink and free find
/// their chunk from the block's address) keep working across promotions.
#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_collections_across_promotion() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(CHUNK).build();
    for round in 0..4u32 {
        arena.alloc_slice_fill_copy(64, 1u8);
        arena.alloc_slice_fill_copy(8000 + round as usize * 1000, 2u8);
        {
            let mut v = allocator_api2::vec::Vec::new_in(&arena);
            for i in 0..3000u32 {
                v.push(i ^ round);
            }
            v.truncate(10);
            v.shrink_to_fit();
            assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32 ^ round));
        }
        assert_eq!(arena.stats().held, log.live_bytes());
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
}
