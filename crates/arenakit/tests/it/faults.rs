//! Fault injection (issue #8, part 3): a memory source that refuses every chunk request after
//! the first `n`, for every `n` from 0 to what the workload needs. Every `try_` path returns an
//! `AllocError` (never panics), what was allocated keeps its contents, the arena stays usable
//! (after a reset it serves again from the chunks it holds), every owned value is dropped
//! exactly once, and every chunk goes back to the source when the arena is dropped.

use crate::common::{CountingSource, DropCounter};
use arenakit::{Arena, ArenaPool, SyncArena};

/// Allocations of every kind, each checked as it is made; returns how many failed. The
/// values that succeed are checked again at the end (nothing overwrote them).
fn workload<M: arenakit::arena::Mode>(
    arena: &arenakit::arena::ArenaCore<CountingSource, M>,
    owned: &DropCounter,
) -> usize {
    let mut failures = 0;
    let mut slices: Vec<(&[u32], u32)> = Vec::new();
    let mut strs: Vec<(&str, usize)> = Vec::new();
    for i in 0..60u32 {
        let len = [3, 40, 300, 3_000][i as usize % 4];
        match arena.try_alloc_slice_fill_with(len, |k| i ^ k as u32) {
            Ok(xs) => slices.push((xs, i)),
            Err(_) => failures += 1,
        }
        let text = format!("value {i} {}", "x".repeat(i as usize));
        match arena.try_alloc_str(&text) {
            Ok(s) => strs.push((s, i as usize)),
            Err(_) => failures += 1,
        }
        if arena.try_alloc_owned(owned.token()).is_err() {
            failures += 1;
        }
        match arena.try_alloc_box([i; 40]) {
            Ok(b) => assert_eq!(b[39], i),
            Err(_) => failures += 1,
        }
    }
    for (xs, i) in slices {
        assert!(xs.iter().enumerate().all(|(k, &x)| x == i ^ k as u32));
    }
    for (s, i) in strs {
        assert_eq!(s.len(), format!("value {i} ").len() + i);
    }
    failures
}

/// `Arena`: every budget of chunks, from none to enough.
#[test]
fn arena_survives_a_source_that_runs_dry() {
    let needed = {
        let source = CountingSource::new();
        let log = source.log();
        let arena = Arena::builder().source(source).chunk_size(1024).build();
        assert_eq!(workload(&arena, &DropCounter::default()), 0);
        log.allocations()
    };
    for n in 0..=needed {
        let source = CountingSource::failing_after(n);
        let log = source.log();
        let owned = DropCounter::default();
        let mut arena = Arena::builder().source(source).chunk_size(1024).build();
        let failures = workload(&arena, &owned);
        assert_eq!(
            failures == 0,
            n == needed,
            "budget {n} of {needed}: {failures} failures"
        );
        arena.reset();
        assert_eq!(
            owned.get(),
            60,
            "budget {n}: every owned value dropped once"
        );
        if n > 0 {
            assert_eq!(
                *arena
                    .try_alloc(5u8)
                    .expect("a held chunk serves after reset"),
                5
            );
        }
        drop(arena);
        assert_eq!(owned.get(), 60);
        assert_eq!((log.live_chunks(), log.live_bytes()), (0, 0), "budget {n}");
    }
}

/// `SyncArena` and `ArenaPool`: the same, for one budget in the middle and for none.
#[test]
fn sync_arena_and_pool_survive_a_source_that_runs_dry() {
    for n in [0, 3] {
        let source = CountingSource::failing_after(n);
        let log = source.log();
        let owned = DropCounter::default();
        let mut arena = SyncArena::builder().source(source).chunk_size(1024).build();
        assert!(workload(&arena, &owned) > 0);
        arena.reset();
        assert_eq!(owned.get(), 60);
        drop(arena);
        assert_eq!(log.live_chunks(), 0, "SyncArena, budget {n}");

        let source = CountingSource::failing_after(n);
        let log = source.log();
        let owned = DropCounter::default();
        let pool = ArenaPool::builder().source(source).chunk_size(1024).build();
        {
            let arena = pool.get();
            assert!(workload(&arena, &owned) > 0);
        }
        assert_eq!(owned.get(), 60, "the pool's reset dropped them");
        drop(pool);
        assert_eq!(log.live_chunks(), 0, "ArenaPool, budget {n}");
    }
}
