//! Workload `rounds`: the reset-reuse loop of a request handler.
//!
//! One round: [`ALLOCS`] small slices of 2 to 6 `u64` (16 to 48 bytes, cycling), each filled
//! with values derived from the round and the allocation index, then a reset (or, on the heap,
//! every `Box<[u64]>` dropped: glibc, mimalloc and jemalloc run one generic body, [`heap`]).
//! One batch: [`ROUNDS`] rounds on the same warm arena. Times are per round.
//!
//! typed-arena is a peer too: every slice is made of `u64`, so one `typed_arena::Arena<u64>`
//! holds them (`alloc_extend`). It has no reset, so each round makes a new arena and drops it
//! at the end of the round, as a user of the crate would.
//!
//! Checksum: the sum of the last element of every slice, read back from the slice. Each
//! round's memory is made observable with [`crate::escape`] before its reset.

use super::{BUMPALO, BumpBatch, HeapBatch, TYPED_ARENA, bar, with_bump_peers, with_heap_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box;
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

impl HeapBatch for Rounds {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let Rounds { rounds, allocs } = *self;
        let mut boxes = Vec::with_capacity(allocs);
        Peer::new(
            name,
            "Box<[u64]> from Vec::with_capacity_in + extend, drop",
            move || heap(&mut boxes, rounds, allocs, alloc),
        )
    }
}

/// `rounds` times: `allocs` filled `Box<[u64]>` from `alloc` (a `Vec` of exactly the slice's
/// length, filled from the iterator and turned into a box, as collecting into a `Box<[u64]>`
/// does), then all dropped. `boxes` is a reused list (capacity kept) that holds a round's
/// boxes until the drops. Returns the checksum.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(
    boxes: &mut Vec<Box<[u64], A>>,
    rounds: usize,
    allocs: usize,
    alloc: A,
) -> u64 {
    let allocs = black_box(allocs);
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        for j in 0..allocs {
            let len = words(j);
            let mut vec = allocator_api2::vec::Vec::with_capacity_in(len, alloc);
            vec.extend((0..len).map(|w| value(round, j, w)));
            let slice = vec.into_boxed_slice();
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            boxes.push(slice);
        }
        crate::escape(boxes);
        boxes.clear();
    }
    sum
}

/// `rounds` times: a new `typed_arena::Arena<u64>`, `allocs` filled slices from it
/// (`alloc_extend`), then the arena dropped (the crate has no reset). Returns the checksum.
#[inline(never)]
pub fn typed(rounds: usize, allocs: usize) -> u64 {
    let allocs = black_box(allocs);
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        let arena = typed_arena::Arena::<u64>::new();
        for j in 0..allocs {
            let slice = arena.alloc_extend((0..words(j)).map(|w| value(round, j, w)));
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
        }
        crate::escape(&arena);
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
         (heap: Box<[u64]> collected, then dropped; typed-arena: a new arena per round)"
    );
    let batch = Rounds { rounds, allocs };
    let workload = Workload::new(
        NAME,
        title,
        "round",
        rounds as u64,
        expected(rounds, allocs),
    )
    .bar(bar(BUMPALO, 1.05, "arenakit within 5% of bumpalo"))
    .note(
        "typed-arena has no reset: its row makes a new arena every round and drops it at the \
         end of the round, so its times include taking its chunks from glibc and giving them \
         back. The heap rows (glibc, mimalloc, jemalloc) run one generic body through \
         allocator-api2 adapters.",
    );
    let workload = with_bump_peers(workload, "alloc_slice_fill_with, reset", batch);
    with_heap_peers(workload, &batch).peer(Peer::new(
        TYPED_ARENA,
        "Arena<u64>::new per round, alloc_extend, drop (no reset)",
        move || typed(rounds, allocs),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, HEAP_PEERS};
        super::super::tests::check(
            sized(20, ALLOCS),
            &[&BUMP_PEERS, &HEAP_PEERS, &[TYPED_ARENA]],
        );
    }

    #[test]
    fn sizes_cover_16_to_48_bytes() {
        let bytes: Vec<usize> = (0..5).map(|j| words(j) * 8).collect();
        assert_eq!(bytes, [16, 24, 32, 40, 48]);
    }
}
