//! Workload `slice`: one large uninitialised slice per call.
//!
//! One call: a [`LEN`]-element `u64` slice (8 MB), uninitialised and never touched, then a
//! reset (or, on the heap, `Vec::with_capacity` and drop). One batch: [`CALLS`] calls on the
//! same warm arena. It measures the large-allocation path of each allocator (arenakit serves
//! such a request from a dedicated chunk, reused after the first reset), not memory bandwidth.
//!
//! Checksum: the sum of the lengths handed out. Each slice's address goes through
//! [`black_box`] once per call, so no allocation can be removed.

use super::{BUMPALO, BumpBatch, SYSTEM, bar, with_bump_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
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

/// `calls` times: `Vec::<u64>::with_capacity(len)`, then dropped. Returns the sum of the
/// capacities.
#[inline(never)]
pub fn system(calls: usize, len: usize) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let vec = Vec::<u64>::with_capacity(black_box(len));
        total += vec.capacity() as u64;
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
         (bumpalo, blink-alloc: alloc_layout(Layout::array); heap: Vec::with_capacity, then drop)"
    );
    let batch = Slice { calls, len };
    let workload = Workload::new(NAME, title, "call", calls as u64, expected(calls, len)).bar(bar(
        BUMPALO,
        1.0,
        "arenakit no slower than bumpalo",
    ));
    with_bump_peers(workload, "uninit slice, reset", batch).peer(Peer::new(
        SYSTEM,
        "Vec::with_capacity, drop",
        move || system(calls, len),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        super::super::tests::check(sized(100, LEN));
    }
}
