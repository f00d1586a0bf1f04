//! Reset and memory accounting: chunks kept and reused, `max_retained` trimming, zeroing
//! resets, the `Stats` fields, `contains` after reset, `with_capacity` and `reserve`.

use crate::common::{CountingSource, addr, assume_init_bytes};
use arenakit::Arena;

/// Reset keeps every chunk (`held` unchanged, `used` 0) and a warm arena asks its source for
/// nothing in later rounds of the same work.
#[test]
fn reset_keeps_chunks_and_warm_arena_needs_no_source() {
    fn round(arena: &Arena<CountingSource>) {
        for i in 0..2000u64 {
            arena.alloc([i; 3]);
        }
        arena.alloc_uninit_slice::<u8>(10_000);
        arena.alloc_str("tail");
    }
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    round(&arena);
    let held = arena.stats().held;
    assert_eq!(held, log.live_bytes());
    arena.reset();
    assert_eq!(arena.stats().held, held);
    assert_eq!(arena.stats().used, 0);
    let chunks = log.allocations();
    for _ in 0..5 {
        round(&arena);
        arena.reset();
    }
    assert_eq!(log.allocations(), chunks, "a warm arena took new chunks");
    assert_eq!(log.deallocations(), 0);
    assert_eq!(arena.stats().held, held);
}

/// `max_retained` caps what a reset keeps; the rest goes back to the source.
#[test]
fn max_retained_trims_at_reset() {
    for keep in [0, 4096, 3 * 4096, 10 * 4096] {
        let source = CountingSource::new();
        let log = source.log();
        let mut arena = Arena::builder()
            .source(source)
            .chunk_size(4096)
            .max_retained(keep)
            .build();
        assert_eq!(arena.max_retained(), keep);
        for _ in 0..3 {
            arena.alloc_slice_fill_with(20_000, |i| i as u16);
            arena.alloc_uninit_slice::<u64>(1000);
            arena.alloc_slice_fill_with(100, |i| i as u64);
            assert!(arena.stats().held > keep);
            arena.reset();
            let held = arena.stats().held;
            assert!(held <= keep, "kept {held} bytes, max_retained {keep}");
            assert_eq!(held, log.live_bytes());
        }
        assert_eq!(*arena.alloc(5u8), 5, "arena unusable after trimming");
    }
}

/// `max_retained` also applies to chunks taken by `reserve` once the arena is reset.
#[test]
fn max_retained_trims_reserved_chunks() {
    let mut arena = Arena::builder().max_retained(0).build();
    arena.reserve(1 << 20);
    arena.alloc(1u8);
    arena.reset();
    assert_eq!(arena.stats().held, 0);
}

/// Fills a few chunks (one dedicated) with non-zero bytes; returns each block's address.
fn dirty(arena: &Arena) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    for len in [100, 900, 900, 900, 900, 900, 900, 3000, 8] {
        let bytes = arena.alloc_slice_fill_with(len, |i| (i % 250 + 1) as u8);
        blocks.push((addr(bytes), len));
    }
    blocks
}

/// Allocates the same blocks as `dirty` and checks they reuse the same memory, all zero.
fn assert_reused_zeroed(arena: &Arena, blocks: &[(usize, usize)]) {
    for &(at, len) in blocks {
        let slots = arena.alloc_uninit_slice::<u8>(len);
        assert_eq!(addr(slots), at, "reset did not reuse the memory");
        // SAFETY: the arena zeroed these bytes at reset (they were used in the last round).
        let bytes = unsafe { assume_init_bytes(slots) };
        assert!(bytes.iter().all(|&b| b == 0), "reused memory not zeroed");
    }
}

/// `reset_zeroed` zeroes every used byte, in regular and dedicated chunks.
#[test]
fn reset_zeroed_zeroes_reused_memory() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    let blocks = dirty(&arena);
    arena.reset_zeroed();
    assert_reused_zeroed(&arena, &blocks);
}

/// With `zero_on_reset(true)` a plain `reset` zeroes every used byte.
#[test]
fn zero_on_reset_zeroes_reused_memory() {
    let mut arena = Arena::builder()
        .chunk_size(4096)
        .zero_on_reset(true)
        .build();
    for _ in 0..3 {
        let blocks = dirty(&arena);
        arena.reset();
        assert_reused_zeroed(&arena, &blocks);
        arena.reset();
    }
}

/// `used`, `wasted`, chunk counts, `retained` and `high_water` follow the documented
/// definitions, and `held` matches what the source handed out.
#[test]
fn stats_in_simple_scenarios() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(1024).build();
    assert_eq!(arena.stats(), Default::default());
    arena.alloc([0u8; 100]);
    assert_eq!(arena.stats().used, 104, "rounded up to 8 bytes");
    for _ in 0..3 {
        arena.alloc_uninit_slice::<u8>(200);
    }
    assert_eq!(arena.stats().used, 704);
    assert_eq!(arena.stats().wasted, 0);
    // 1024 - 64 header = 960 usable: 704 + 200 = 904 fits, the next 200 does not.
    arena.alloc_uninit_slice::<u8>(200);
    arena.alloc_uninit_slice::<u8>(200);
    let stats = arena.stats();
    assert_eq!((stats.used, stats.wasted), (1104, 960 - 904));
    assert_eq!((stats.regular_chunks, stats.dedicated_chunks), (2, 0));
    // Plain chunks grow: the second is twice the first.
    assert_eq!(stats.held, 1024 + 2048);
    // Too large for the 1,784 bytes left in the current chunk: a dedicated chunk.
    arena.alloc_uninit_slice::<u8>(1800);
    let stats = arena.stats();
    assert_eq!(stats.dedicated_chunks, 1);
    assert_eq!(stats.used, 2904);
    assert_eq!(stats.held, log.live_bytes());
    assert_eq!((stats.retained, stats.high_water), (0, stats.used));
    let round_one = stats.used;
    arena.reset();
    let after = arena.stats();
    assert_eq!(
        (after.used, after.wasted, after.dedicated_chunks),
        (0, 0, 0)
    );
    assert_eq!(after.held, stats.held);
    assert!(after.regular_chunks <= 1);
    assert!(after.retained >= stats.held - 1024 && after.retained <= stats.held);
    assert_eq!(after.high_water, round_one);
    arena.alloc([0u64; 4]);
    assert_eq!(arena.stats().high_water, round_one);
    arena.alloc_uninit_slice::<u8>(5000);
    assert_eq!(arena.stats().high_water, arena.stats().used);
    assert!(arena.stats().used > round_one);
}

/// The high-water mark keeps the largest round of a reused arena whose resets take the steady
/// O(1) path (which keeps the peak in the plain cursor's state instead of the statistics), also
/// after the plain lane moves on to another chunk, and counts every lane of a mixed round.
#[test]
fn high_water_survives_steady_resets() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    arena.alloc_uninit_slice::<u8>(64);
    arena.reset();
    arena.reset(); // now steady
    arena.alloc_uninit_slice::<u8>(1000);
    arena.reset();
    for _ in 0..3 {
        arena.alloc_uninit_slice::<u8>(16);
        arena.reset();
    }
    assert_eq!(arena.stats().high_water, 1000);
    // The plain lane leaves its chunk: the peak it kept is recorded first.
    arena.alloc_uninit_slice::<u8>(100_000);
    arena.alloc_uninit_slice::<u8>(3500);
    arena.reset();
    assert!(arena.stats().high_water >= 103_500);
    // A round of plain and freeable blocks counts both.
    let mut arena = Arena::builder().chunk_size(4096).build();
    for _ in 0..3 {
        arena.alloc_uninit_slice::<u8>(1000);
        let v = arenakit::collections::Vec::<u8>::with_capacity_in(2000, &arena);
        drop(v);
        arena.alloc_uninit_slice::<u8>(8);
        arena.reset();
    }
    assert!(arena.stats().high_water >= 1008);
}

/// Rounds that use the freeable lane or the large region besides the plain one, after the
/// arena reached its steady state, still end with every lane rewound: the same memory every
/// round of a kind, no new chunk, nothing counted as used.
#[test]
fn steady_rounds_rewind_every_lane_used() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    let mut seen = [None, None, None];
    for round in 0..12 {
        let plain = addr(arena.alloc(7u64));
        // Kind 0 uses only the plain lane (the inlined reset), kind 1 the freeable lane too,
        // kind 2 the large region too. The first reset hands the large region's chunk to the
        // plain lane; the next large round makes the region anew.
        let kind = round % 3;
        let other = match kind {
            1 => {
                let mut v = arena.vec_with_capacity::<u64>(8);
                v.push(1);
                let at = addr(v.as_ptr());
                core::mem::forget(v);
                at
            }
            2 => addr(arena.alloc_uninit_slice::<u8>(100_000)),
            _ => 0,
        };
        if round >= 6 {
            let now = (plain, other, log.allocations());
            let first = *seen[kind].get_or_insert(now);
            assert_eq!(now, first, "round {round}: a lane was not rewound");
        }
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
}

/// A steady arena (its resets inlined, touching only the plain cursor) still runs a
/// destructor registered since the last reset, and still forgets a checkpoint taken since:
/// registering and checkpointing send the next reset off the inlined path.
#[test]
fn steady_resets_run_destructors_and_forget_checkpoints() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let mut arena = Arena::new();
    for _ in 0..3 {
        arena.alloc(1u64);
        arena.reset();
    }
    let drops = Arc::new(AtomicUsize::new(0));
    arena.alloc_owned(Counted(Arc::clone(&drops)));
    arena.reset();
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "a steady reset skipped a destructor"
    );
    arena.reset();
    let checkpoint = arena.checkpoint();
    arena.alloc(2u64);
    arena.reset();
    assert_eq!(
        arena.reset_to(&checkpoint),
        Err(arenakit::StaleCheckpoint),
        "a steady reset kept a checkpoint valid"
    );
}

/// After `reset` no pointer from before it is reported as contained.
#[test]
fn contains_is_false_after_reset() {
    let mut arena = Arena::new();
    let small = addr(arena.alloc(1u64));
    let big = addr(arena.alloc_uninit_slice::<u8>(100_000));
    arena.reset();
    assert!(!arena.contains(core::ptr::without_provenance::<u8>(big)));
    assert!(!arena.contains(core::ptr::without_provenance::<u8>(small)));
}

/// `with_capacity` and `reserve` take memory up front so later small allocations need no
/// new chunk.
#[test]
fn with_capacity_and_reserve() {
    for size in [8usize, 1000, 16_000] {
        let arena = Arena::with_capacity(1 << 20);
        let held = arena.stats().held;
        assert!(held >= 1 << 20);
        for _ in 0..(1 << 20) / size {
            arena.alloc_uninit_slice::<u8>(size);
        }
        assert_eq!(arena.stats().held, held, "size {size}");
    }
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder().source(source).chunk_size(4096).build();
    arena.reserve(100_000);
    arena.try_reserve(50_000).unwrap();
    let chunks = log.allocations();
    assert!(arena.stats().held >= 100_000);
    for _ in 0..100_000 / 16 {
        arena.alloc([0u64; 2]);
    }
    assert_eq!(log.allocations(), chunks);
    assert!(Arena::try_with_capacity(4096).is_ok());
}

/// `with_capacity(n)` serves requests of any size within `n` (as bumpalo's does): a request
/// too large for a regular chunk bumps through the reserved chunk too.
#[test]
fn with_capacity_serves_large_requests_too() {
    let arena = Arena::with_capacity(1 << 20);
    let held = arena.stats().held;
    arena.alloc_uninit_slice::<u8>(100_000);
    arena.alloc_uninit_slice::<u8>(900_000);
    assert_eq!(arena.stats().held, held);
    assert_eq!(arena.stats().dedicated_chunks, 0);
}

/// A loop of "one large plain block, reset" bumps through the kept dedicated chunk (the
/// large region): no source calls after the first round, the same memory every round, and
/// the statistics of an empty arena after each reset.
#[test]
fn large_block_loop_reuses_the_large_region() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    let first = arena.alloc_uninit_slice::<u64>(10_000).as_ptr();
    arena.reset();
    let chunks = log.allocations();
    let held = arena.stats().held;
    for round in 0..10u64 {
        let xs = arena.alloc_slice_fill_with(10_000, |i| i as u64 + round);
        assert_eq!(
            xs.as_ptr(),
            first.cast(),
            "round {round} did not reuse the large region"
        );
        assert_eq!(xs[9_999], 9_999 + round);
        // The plain lane took over the large region's chunk at the first reset, so the block
        // was a bump on the fast path.
        let stats = arena.stats();
        assert_eq!((stats.used, stats.dedicated_chunks), (80_000, 0));
        assert!(arena.contains(&xs[5_000]));
        arena.reset();
        let stats = arena.stats();
        assert_eq!((stats.used, stats.dedicated_chunks), (0, 0));
        assert_eq!(stats.held, held);
        assert!(!arena.contains(first));
    }
    assert_eq!(log.allocations(), chunks, "a warm arena took new chunks");
}

/// Smaller large blocks after a larger one share its region without overlapping; one that
/// does not fit gets a chunk of its own; a zeroing reset wipes the whole region.
#[test]
fn large_region_serves_several_blocks_and_is_zeroed() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    arena.alloc_uninit_slice::<u8>(100_000);
    arena.reset();
    let before = log.allocations();
    let a = arena.alloc_slice_fill_with(40_000, |_| 0xAAu8);
    let b = arena.alloc_slice_fill_with(40_000, |_| 0xBBu8);
    assert_eq!(log.allocations(), before, "both fit in the region");
    assert!(addr(a) + a.len() <= addr(b), "blocks overlap");
    assert!(a.iter().all(|&x| x == 0xAA) && b.iter().all(|&x| x == 0xBB));
    let c = arena.alloc_slice_fill_with(40_000, |_| 0xCCu8);
    assert_eq!(log.allocations(), before + 1, "the third needs a new chunk");
    assert!(c.iter().all(|&x| x == 0xCC));
    assert_eq!(arena.stats().used, 120_000);
    let (a_at, b_at) = (addr(a), addr(b));
    arena.reset_zeroed();
    let again = arena.alloc_uninit_slice::<u8>(100_000);
    assert!(addr(again) <= a_at && b_at + 40_000 <= addr(again) + 100_000);
    // SAFETY: the zeroing reset wiped everything written in the region.
    let bytes = unsafe { assume_init_bytes(again) };
    assert!(bytes[..80_000].iter().all(|&x| x == 0), "region not zeroed");
}

/// Freeable large blocks never come from the large region: freeing one gives its chunk back
/// for reuse, and the region's own blocks stay intact.
#[test]
fn freeable_large_blocks_bypass_the_large_region() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    let plain = arena.alloc_slice_fill_with(50_000, |_| 7u8);
    let boxed = arena.alloc_box([9u8; 20_000]);
    assert!(addr(plain) + 50_000 <= addr(&*boxed) || addr(&*boxed) + 20_000 <= addr(plain));
    assert_eq!(arena.stats().dedicated_chunks, 2);
    arenakit::ArenaBox::free(boxed);
    assert_eq!(arena.stats().dedicated_chunks, 1);
    let later = arena.alloc_slice_fill_with(20_000, |_| 5u8);
    assert!(plain.iter().all(|&x| x == 7) && later.iter().all(|&x| x == 5));
    arena.reset();
    assert_eq!(arena.stats().used, 0);
}

/// What earlier rounds wrote stays recorded through plain (steady-state) resets, so a later
/// zeroing reset wipes it too, in the current chunk and in the large region.
#[test]
fn zeroing_reset_covers_rounds_since_the_last_zeroing() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    let small = addr(arena.alloc_slice_fill_with(800, |_| 0xFFu8));
    let large = addr(arena.alloc_slice_fill_with(50_000, |_| 0xEEu8));
    for _ in 0..3 {
        arena.reset();
        arena.alloc_slice_fill_with(10, |_| 1u8);
        arena.alloc_slice_fill_with(20_000, |_| 2u8);
    }
    arena.reset_zeroed();
    // The plain lane took over the large region's chunk at the first reset: it is handed out
    // first, then the plain lane's old chunk.
    let again_large = arena.alloc_uninit_slice::<u8>(50_000);
    arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
    let again_small = arena.alloc_uninit_slice::<u8>(800);
    assert_eq!((addr(again_small), addr(again_large)), (small, large));
    // SAFETY: the zeroing reset wiped every byte written since the arena was made.
    let s = unsafe { assume_init_bytes(again_small) };
    // SAFETY: as above.
    let l = unsafe { assume_init_bytes(again_large) };
    assert!(
        s.iter().chain(l.iter()).all(|&b| b == 0),
        "old rounds not zeroed"
    );
}

/// Plain chunks double from the configured chunk size, so a large round holds a few large
/// chunks; a reset that keeps nothing starts small again.
#[test]
fn plain_chunks_grow_and_restart_small() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder()
        .source(source)
        .chunk_size(4096)
        .max_retained(0)
        .build();
    for i in 0..16_000u64 {
        arena.alloc([i; 8]); // 1 MB in 64-byte values
    }
    let sizes = log.live_sizes();
    assert_eq!(&sizes[..4], [4096, 8192, 16384, 32768]);
    assert!(sizes.windows(2).all(|w| w[1] == 2 * w[0]), "{sizes:?}");
    // 250 chunks of 4 KiB before; 4 KiB + 8 KiB + ... + 512 KiB + 1 MiB now.
    assert!(sizes.len() <= 9, "{} chunks for 1 MB", sizes.len());
    assert_eq!(arena.stats().regular_chunks, sizes.len());
    arena.reset();
    assert_eq!(log.live_chunks(), 0, "max_retained(0) keeps nothing");
    arena.alloc(1u8);
    assert_eq!(log.live_sizes(), [4096], "growth did not restart small");
}

/// Near the limit, a plain chunk falls back to the regular chunk size, then to a chunk fitted
/// to what the limit has left, before the arena reports `LimitExceeded`.
#[test]
fn plain_chunk_growth_falls_back_to_the_chunk_size_at_the_limit() {
    let arena = Arena::builder().chunk_size(4096).limit(10_000).build();
    let mut served = 0;
    let err = loop {
        match arena.try_alloc([0u8; 64]) {
            Ok(_) => served += 1,
            Err(err) => break err,
        }
    };
    assert_eq!(err.kind(), arenakit::AllocErrorKind::LimitExceeded);
    // 4096 then (8192 refused) 4096: two chunks of 4032 usable bytes; then chunks fitted to
    // half the room left each time (leaving room for freeable blocks), rounded down to 64
    // bytes, at least one block's worth: four of them, 1728 bytes with 4 x 64 of headers.
    assert_eq!(served, 2 * (4032 / 64) + (1728 - 4 * 64) / 64);
    assert_eq!(arena.stats().held, 8192 + 1728);
}
