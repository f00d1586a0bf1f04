//! Workload `slice`: one large uninitialised slice per call.
//!
//! One call: a [`LEN`]-element `u64` slice (8 MB), uninitialised and never touched, then a
//! reset (or, on the heap, `Vec::with_capacity_in` and drop, on glibc, mimalloc and jemalloc).
//! One batch: [`CALLS`] calls on the same warm arena. It measures the large-allocation path of
//! each allocator (arenakit serves such a request from a dedicated chunk, reused after the
//! first reset), not memory bandwidth.
//!
//! The cold rows make a fresh arena for every *call* (not every batch: with one arena per
//! batch, all calls but the first would be warm): a new arena, the slice, the arena dropped,
//! so each call takes its 8 MB chunk from the allocator and gives it back. typed-arena is not
//! a peer here: its only uninitialised-memory API (`uninitialized_array`) hands out the rest
//! of its current chunk rather than a slice of a given length.
//!
//! Checksum: the sum of the lengths handed out. Each slice's address goes through
//! [`black_box`] once per call, so no allocation can be removed.

use super::{
    ARENAKIT_COLD, BUMPALO, BUMPALO_COLD, BumpBatch, COLD_COLUMNS, HeapBatch, bar, bar_of,
    cold_note, with_bump_peers, with_cold_peers, with_heap_peers,
};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "slice";
/// Elements per slice.
pub const LEN: usize = 1_000_000;
/// Calls per batch.
pub const CALLS: usize = 100_000;

/// Parameters of the slice batch.
#[derive(Clone, Copy, Debug)]
pub struct Slice {
    /// Calls per batch.
    pub calls: usize,
    /// Elements per slice.
    pub len: usize,
}

impl BumpBatch for Slice {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.calls, self.len)
    }

    /// A fresh arena per call ([`cold`]).
    fn run_cold<A: BumpPeer>(&self) -> u64 {
        cold::<A>(self.calls, self.len)
    }
}

impl HeapBatch for Slice {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let Slice { calls, len } = *self;
        Peer::new(name, "Vec::with_capacity_in, drop", move || {
            heap(calls, len, alloc)
        })
    }
}

/// `calls` times: a `len`-element uninitialised `u64` slice from `arena`, then a reset.
/// Returns the sum of the lengths.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, calls: usize, len: usize) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let slice = arena.alloc_uninit_slice::<u64>(black_box(len));
        total += slice.len() as u64;
        black_box(slice.as_ptr());
        arena.reset();
    }
    total
}

/// `calls` times: a fresh arena of type `A`, a `len`-element uninitialised `u64` slice from
/// it, and the arena dropped. Returns the sum of the lengths.
#[inline(never)]
pub fn cold<A: BumpPeer>(calls: usize, len: usize) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let arena = A::fresh();
        let slice = arena.alloc_uninit_slice::<u64>(black_box(len));
        total += slice.len() as u64;
        black_box(slice.as_ptr());
    }
    total
}

/// `calls` times: `Vec::<u64, A>::with_capacity_in(len, alloc)`, then dropped. Returns the sum
/// of the lengths asked for (checked against the capacity, which may be larger).
#[inline(never)]
pub fn heap<A: Allocator + Copy>(calls: usize, len: usize, alloc: A) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let len = black_box(len);
        let vec = allocator_api2::vec::Vec::<u64, A>::with_capacity_in(len, alloc);
        total += len.min(vec.capacity()) as u64;
        black_box(vec.as_ptr());
    }
    total
}

/// The checksum of a batch.
pub fn expected(calls: usize, len: usize) -> u64 {
    calls as u64 * len as u64
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(CALLS, LEN)
}

/// The workload with `calls` calls of `len` elements per batch.
pub fn sized(calls: usize, len: usize) -> Workload<'static> {
    let title = format!(
        "Large slice: alloc_uninit_slice::<u64>({len}) then reset, {calls} calls per batch \
         (bumpalo, blink-alloc: alloc_layout(Layout::array); heap: Vec::with_capacity_in, then \
         drop; cold: a new arena per call)"
    );
    let batch = Slice { calls, len };
    let workload = Workload::new(NAME, title, "call", calls as u64, expected(calls, len))
        .columns(&COLD_COLUMNS)
        .bar(bar(BUMPALO, 1.0, "arenakit no slower than bumpalo"))
        .bar(bar_of(
            ARENAKIT_COLD,
            BUMPALO_COLD,
            1.0,
            "arenakit cold no slower than bumpalo cold",
        ))
        .note(cold_note("call", false));
    let workload = with_bump_peers(workload, "uninit slice, reset", batch);
    let workload = with_heap_peers(workload, &batch);
    with_cold_peers(workload, "new arena, uninit slice, drop", batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, COLD_PEERS, HEAP_PEERS};
        super::super::tests::check(sized(100, LEN), &[&BUMP_PEERS, &HEAP_PEERS, &COLD_PEERS]);
    }
}
