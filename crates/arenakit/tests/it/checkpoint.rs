//! Checkpoints and guard scopes, as bump-scope users call `checkpoint`/`reset_to`/
//! `scope_guard` and bumpalo users `raw_checkpoint`: rewinding plain values (in the current
//! chunk, across chunks, in dedicated chunks and the large region), destructors registered
//! since, stale checkpoints refused, and a model test over random operation sequences.

use crate::common::{CountingSource, DropLog, proptest_config};
use arenakit::{Arena, ArenaBox, StaleCheckpoint};
use proptest::prelude::*;

/// Rewinding within the current chunk: `used` comes back and the next allocation reuses the
/// same address.
#[test]
fn reset_to_reuses_the_same_memory() {
    let mut arena = Arena::new();
    arena.alloc(1u64);
    let cp = arena.checkpoint();
    let first = arena.alloc([7u64; 4]).as_ptr();
    arena.reset_to(&cp).unwrap();
    assert_eq!(arena.stats().used, 8);
    let again = arena.alloc([8u64; 4]);
    assert_eq!(again.as_ptr(), first);
    assert_eq!(*again, [8; 4]);
}

/// Rewinding across many chunks and large (dedicated) blocks: every round after the first
/// reuses the same chunks, so the source is never asked again, and `used` is back to the
/// checkpoint's each time.
#[test]
fn rounds_across_chunks_ask_the_source_once() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    let keep = arena.alloc_str("kept across rounds") as *const str;
    let cp = arena.checkpoint();
    let used = arena.stats().used;
    let mut calls = None;
    for round in 0..20u64 {
        for i in 0..2000 {
            arena.alloc([round, i]);
        }
        arena.alloc_slice_fill_copy(5000, round); // large: the large region
        arena.alloc_slice_fill_copy(9000, round as u8); // larger: a new region
        arena.reset_to(&cp).unwrap();
        assert_eq!(arena.stats().used, used, "round {round}");
        match calls {
            None => calls = Some(log.allocations()),
            Some(calls) => assert_eq!(log.allocations(), calls, "round {round} asked the source"),
        }
    }
    // SAFETY: the string was allocated before the checkpoint, so it is still live.
    assert_eq!(unsafe { &*keep }, "kept across rounds");
    arena.reset();
    assert_eq!(arena.stats().used, 0);
}

/// Values registered with `alloc_owned` after the checkpoint are dropped at `reset_to`,
/// newest first, exactly once; older ones stay until the reset.
#[test]
fn reset_to_drops_values_registered_since() {
    let log = DropLog::default();
    let mut arena = Arena::new();
    arena.alloc_owned(log.tracked(1));
    let cp = arena.checkpoint();
    arena.alloc_owned(log.tracked(2));
    arena.alloc_owned(log.tracked(3));
    arena.reset_to(&cp).unwrap();
    assert_eq!(log.order(), [3, 2]);
    arena.alloc_owned(log.tracked(4));
    arena.reset_to(&cp).unwrap();
    assert_eq!(log.order(), [3, 2, 4]);
    arena.reset();
    assert_eq!(log.order(), [3, 2, 4, 1]);
}

/// A destructor that panics during `reset_to`: the others registered since are still
/// dropped, the panic reaches the caller, and the arena is rewound and usable.
#[test]
fn a_panicking_destructor_during_reset_to() {
    let log = DropLog::default();
    let mut arena = Arena::new();
    arena.alloc_owned(log.tracked(1));
    let cp = arena.checkpoint();
    let used = arena.stats().used;
    arena.alloc_owned(log.tracked(2));
    arena.alloc_owned(log.panicking(3));
    arena.alloc_owned(log.tracked(4));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| arena.reset_to(&cp)));
    assert!(result.is_err());
    assert_eq!(log.order(), [4, 3, 2]);
    assert_eq!(arena.stats().used, used);
    assert!(arena.reset_to(&cp).is_ok());
    drop(arena);
    assert_eq!(log.order(), [4, 3, 2, 1]);
}

/// Stale checkpoints are refused and change nothing: from another arena, from before a
/// reset, and newer than the one the arena was reset to. The one reset to, and older ones,
/// stay valid.
#[test]
fn stale_checkpoints_are_refused() {
    let mut a = Arena::new();
    let mut b = Arena::new();
    let from_b = b.checkpoint();
    assert_eq!(a.reset_to(&from_b), Err(StaleCheckpoint));
    let c1 = a.checkpoint();
    a.alloc(1u8);
    let c2 = a.checkpoint();
    a.alloc(2u8);
    let c3 = a.checkpoint();
    a.reset_to(&c2).unwrap();
    assert_eq!(a.reset_to(&c3), Err(StaleCheckpoint));
    let used = a.stats().used;
    a.reset_to(&c2).unwrap();
    assert_eq!(a.stats().used, used);
    let c4 = a.checkpoint();
    a.alloc(3u8);
    a.reset_to(&c4).unwrap();
    a.reset_to(&c1).unwrap();
    assert_eq!(a.reset_to(&c2), Err(StaleCheckpoint));
    assert_eq!(a.reset_to(&c4), Err(StaleCheckpoint));
    a.reset();
    assert_eq!(a.reset_to(&c1), Err(StaleCheckpoint));
    assert!(StaleCheckpoint.to_string().contains("stale checkpoint"));
    let moved = std::thread::spawn(move || {
        let cp = a.checkpoint();
        a.alloc(1u8);
        (a, cp)
    })
    .join()
    .unwrap();
    let (mut a, cp) = moved;
    a.reset_to(&cp).unwrap();
}

/// A checkpoint taken while the current chunk is unused, followed by `reserve` (which gives
/// that chunk back): rewinding still restores the state, and earlier data survives.
#[test]
fn reset_to_after_reserve() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    let kept = arena.alloc_slice_fill_copy(100, 5u8).as_ptr();
    arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
    arena.alloc(1u8); // a new, nearly unused chunk
    let cp = arena.checkpoint();
    arena.reserve(100_000);
    arena.alloc_slice_fill_copy(90_000, 1u8);
    arena.reset_to(&cp).unwrap();
    // SAFETY: allocated before the checkpoint: still live.
    let kept = unsafe { core::slice::from_raw_parts(kept, 100) };
    assert!(kept.iter().all(|&b| b == 5));
    arena.alloc_slice_fill_copy(1000, 2u8);
    let used = arena.stats().used;
    assert!(used < 10_000, "{used}");
}

/// Freeable blocks are not rewound: a box leaked after the checkpoint stays allocated.
#[test]
fn leaked_boxes_survive_reset_to() {
    let mut arena = Arena::new();
    let cp = arena.checkpoint();
    let leaked: *const u64 = ArenaBox::leak(arena.alloc_box(42u64));
    arena.reset_to(&cp).unwrap();
    assert!(arena.contains(leaked));
    // SAFETY: a leaked box lives until the next reset.
    assert_eq!(unsafe { *leaked }, 42);
}

/// The guard scope across loop iterations, early returns and `?`, nested.
#[test]
fn scope_guard_rewinds_on_every_exit() {
    fn parse_all(arena: &mut Arena, lines: &[&str]) -> Result<usize, std::num::ParseIntError> {
        let guard = arena.scope_guard();
        let mut total = 0;
        for line in lines {
            let scope = guard.scope();
            let n: &u32 = scope.alloc(line.parse()?); // `?` drops the guard: rewound
            total += *n as usize;
        }
        Ok(total)
    }
    let log = DropLog::default();
    let mut arena = Arena::new();
    arena.alloc_owned(log.tracked(0));
    let used = arena.stats().used;
    assert_eq!(parse_all(&mut arena, &["1", "2", "3"]), Ok(6));
    assert_eq!(arena.stats().used, used);
    assert!(parse_all(&mut arena, &["1", "x"]).is_err());
    assert_eq!(arena.stats().used, used);
    {
        let mut outer = arena.scope_guard();
        outer.scope().alloc_owned(log.tracked(1));
        for i in 0..3u32 {
            let inner = outer.scope_guard();
            inner.scope().alloc_owned(log.tracked(10 + i));
            inner.scope().alloc_slice_fill_copy(10_000, i);
        }
        assert_eq!(log.order(), [10, 11, 12]);
        outer.reset();
        assert_eq!(log.order(), [10, 11, 12, 1]);
        outer.scope().alloc_owned(log.tracked(2));
    }
    assert_eq!(log.order(), [10, 11, 12, 1, 2]);
    assert_eq!(arena.stats().used, used);
}

/// One step of the model test.
#[derive(Clone, Debug)]
enum Op {
    Alloc(usize),
    Owned,
    Checkpoint,
    ResetTo(usize),
    Reset,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => prop_oneof![1usize..200, 200usize..3000, 3000usize..40_000].prop_map(Op::Alloc),
        2 => Just(Op::Owned),
        2 => Just(Op::Checkpoint),
        3 => (0usize..8).prop_map(Op::ResetTo),
        1 => Just(Op::Reset),
    ]
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Random sequences of allocations (small, chunk-sized, dedicated), owned values,
    /// checkpoints, rewinds and resets, against a model: a rewind is accepted exactly when
    /// the model says the checkpoint is valid, restores `used` to the checkpoint's, drops
    /// exactly the values registered since, and leaves every older allocation intact.
    #[test]
    fn checkpoints_match_a_model(ops in prop::collection::vec(op(), 1..80), chunk in 256usize..20_000) {
        let log = DropLog::default();
        let mut arena = Arena::builder().chunk_size(chunk).build();
        // Live allocations: (pointer, length, fill byte); owned values: ids.
        let mut blocks: Vec<(*const u8, usize, u8)> = Vec::new();
        let mut owned: Vec<u32> = Vec::new();
        // Checkpoints taken: (checkpoint, blocks, owned, used) at the time; `valid` says
        // which the model still accepts.
        let mut cps = Vec::new();
        let mut valid: Vec<bool> = Vec::new();
        let mut next_id = 0u32;
        let mut dropped = Vec::new();
        for op in ops {
            match op {
                Op::Alloc(len) => {
                    let fill = (blocks.len() % 251) as u8;
                    let slice = arena.alloc_slice_fill_copy(len, fill);
                    blocks.push((slice.as_ptr(), len, fill));
                }
                Op::Owned => {
                    arena.alloc_owned(log.tracked(next_id));
                    owned.push(next_id);
                    next_id += 1;
                }
                Op::Checkpoint => {
                    let cp = arena.checkpoint();
                    cps.push((cp, blocks.len(), owned.len(), arena.stats().used));
                    valid.push(true);
                }
                Op::ResetTo(pick) => {
                    if cps.is_empty() {
                        continue;
                    }
                    let i = pick % cps.len();
                    let (cp, nblocks, nowned, used) = cps[i];
                    let result = arena.reset_to(&cp);
                    prop_assert_eq!(result.is_ok(), valid[i], "checkpoint {} of {}", i, cps.len());
                    if result.is_ok() {
                        blocks.truncate(nblocks);
                        while owned.len() > nowned {
                            dropped.push(owned.pop().unwrap());
                        }
                        for v in &mut valid[i + 1..] {
                            *v = false;
                        }
                        prop_assert_eq!(arena.stats().used, used);
                    }
                }
                Op::Reset => {
                    arena.reset();
                    blocks.clear();
                    dropped.extend(owned.drain(..).rev());
                    valid.iter_mut().for_each(|v| *v = false);
                }
            }
            prop_assert_eq!(log.order(), dropped.clone());
            for &(ptr, len, fill) in &blocks {
                // SAFETY: the model says the block is live (allocated and not rewound).
                let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
                prop_assert!(bytes.iter().all(|&b| b == fill), "a live block was overwritten");
                prop_assert!(arena.contains(ptr));
            }
        }
    }
}
