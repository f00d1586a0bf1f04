//! Workload `rounds`: the reset-reuse loop of a request handler.
//!
//! One round: [`ALLOCS`] small slices of 2 to 6 `u64` (16 to 48 bytes, cycling), each filled
//! with values derived from the round and the allocation index, then a reset (or, on the heap,
//! every `Box<[u64]>` dropped). One batch: [`ROUNDS`] rounds on the same warm arena. Times are
//! per round.
//!
//! Checksum: the sum of the last element of every slice, read back from the slice. Each
//! round's memory is made observable with [`crate::escape`] before its reset.

use super::{BUMPALO, BumpBatch, SYSTEM, bar, with_bump_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "rounds";
/// Allocations per round.
pub const ALLOCS: usize = 1_000;
/// Rounds per batch.
pub const ROUNDS: usize = 10_000;

/// Elements of the `j`-th slice of a round: 2, 3, 4, 5, 6, 2, ... (16 to 48 bytes).
#[inline(always)]
pub fn words(j: usize) -> usize {
    2 + j % 5
}

/// Value of element `w` of the `j`-th slice of round `round`.
#[inline(always)]
pub fn value(round: usize, j: usize, w: usize) -> u64 {
    (round * ALLOCS + j + w) as u64
}

/// Parameters of the rounds batch.
#[derive(Clone, Copy, Debug)]
pub struct Rounds {
    /// Rounds per batch.
    pub rounds: usize,
    /// Allocations per round.
    pub allocs: usize,
}

impl BumpBatch for Rounds {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.rounds, self.allocs)
    }
}

/// `rounds` times: `allocs` filled slices from `arena`, then a reset. Returns the checksum.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, rounds: usize, allocs: usize) -> u64 {
    let allocs = black_box(allocs);
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        for j in 0..allocs {
            let slice = arena.alloc_slice_fill_with(words(j), |w| value(round, j, w));
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
        }
        crate::escape(arena);
        arena.reset();
    }
    sum
}

/// `rounds` times: `allocs` filled `Box<[u64]>`, then all dropped. `boxes` is a reused list
/// (capacity kept) that holds a round's boxes until the drops. Returns the checksum.
#[inline(never)]
pub fn system(boxes: &mut Vec<Box<[u64]>>, rounds: usize, allocs: usize) -> u64 {
    let allocs = black_box(allocs);
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        for j in 0..allocs {
            let slice: Box<[u64]> = (0..words(j)).map(|w| value(round, j, w)).collect();
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            boxes.push(slice);
        }
        crate::escape(boxes);
        boxes.clear();
    }
    sum
}

/// The checksum of a batch.
pub fn expected(rounds: usize, allocs: usize) -> u64 {
    let mut sum = 0u64;
    for round in 0..rounds {
        for j in 0..allocs {
            sum = sum.wrapping_add(value(round, j, words(j) - 1));
        }
    }
    sum
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(ROUNDS, ALLOCS)
}

/// The workload with `rounds` rounds of `allocs` allocations per batch.
pub fn sized(rounds: usize, allocs: usize) -> Workload<'static> {
    let title = format!(
        "Reset-reuse rounds: {rounds} x ({allocs} slices of 16-48 bytes filled, then reset) \
         (heap: Box<[u64]> collected, then dropped)"
    );
    let batch = Rounds { rounds, allocs };
    let workload = Workload::new(
        NAME,
        title,
        "round",
        rounds as u64,
        expected(rounds, allocs),
    )
    .bar(bar(BUMPALO, 1.05, "arenakit within 5% of bumpalo"));
    let mut boxes = Vec::with_capacity(allocs);
    with_bump_peers(workload, "alloc_slice_fill_with, reset", batch).peer(Peer::new(
        SYSTEM,
        "Box<[u64]> from iterator, drop",
        move || system(&mut boxes, rounds, allocs),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        super::super::tests::check(sized(20, ALLOCS));
    }

    #[test]
    fn sizes_cover_16_to_48_bytes() {
        let bytes: Vec<usize> = (0..5).map(|j| words(j) * 8).collect();
        assert_eq!(bytes, [16, 24, 32, 40, 48]);
    }
}
