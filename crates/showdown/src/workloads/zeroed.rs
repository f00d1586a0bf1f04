//! Workload `slice-zeroed`: one large zeroed slice per call (the seeds' `MakeSlice` with
//! zeroing, and Go's `make([]int64, n)`).
//!
//! One call: a [`LEN`]-element `u64` slice, every element zero, then a reset (or, on the heap,
//! `vec![0; n]` / zeroed allocation, then drop). One batch: [`CALLS`] calls. The arenas write
//! the zeros (their memory is reused, so it is dirty); the heap allocators may hand out fresh
//! zero pages from the kernel (glibc's `calloc` for blocks it maps), which costs page faults
//! instead. This is the row the uninitialised `slice` workload is the alternative to.
//!
//! Checksum: the length plus three elements (first, middle, last) read back per call, so
//! the slice must really be there and zero.

use super::{BumpBatch, HeapBatch, SYSTEM, with_bump_peers, with_heap_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use std::alloc::Layout;
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "slice-zeroed";
/// Elements per slice (as in `slice`).
pub const LEN: usize = super::slice::LEN;
/// Calls per batch: zeroing 8 MB costs far more than handing out an uninitialised slice.
pub const CALLS: usize = 200;

/// Parameters of the zeroed-slice batch.
#[derive(Clone, Copy, Debug)]
pub struct Zeroed {
    /// Calls per batch.
    pub calls: usize,
    /// Elements per slice.
    pub len: usize,
}

/// The per-call checksum of a zeroed slice: its length plus three of its elements.
#[inline(always)]
fn probe(slice: &[u64]) -> u64 {
    let n = slice.len();
    let (first, mid, last) = (slice[0], slice[n / 2], slice[n - 1]);
    (n as u64)
        .wrapping_add(first)
        .wrapping_add(mid)
        .wrapping_add(last)
}

impl BumpBatch for Zeroed {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.calls, self.len)
    }
}

impl HeapBatch for Zeroed {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let Zeroed { calls, len } = *self;
        if name == SYSTEM {
            // The std macro, as a Rust user writes it: `vec![0; n]` asks for zeroed memory
            // (`calloc`) rather than writing the zeros.
            return Peer::new(name, "vec![0u64; n], drop", move || std_vec(calls, len));
        }
        Peer::new(name, "allocate_zeroed, drop", move || {
            heap(calls, len, alloc)
        })
    }
}

/// `calls` times: a zeroed `len`-element slice from `arena`, then a reset.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, calls: usize, len: usize) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let slice = arena.alloc_slice_fill_with(black_box(len), |_| 0u64);
        total = total.wrapping_add(probe(slice));
        crate::escape(slice);
        arena.reset();
    }
    total
}

/// `calls` times: `vec![0u64; len]` (glibc `calloc`), then dropped.
#[inline(never)]
pub fn std_vec(calls: usize, len: usize) -> u64 {
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let vec = vec![0u64; black_box(len)];
        total = total.wrapping_add(probe(&vec));
        crate::escape(&vec);
    }
    total
}

/// `calls` times: a zeroed block of `len` `u64`s from `alloc` (`allocate_zeroed`, the
/// allocator's `calloc`), read, then freed.
#[inline(never)]
pub fn heap<A: Allocator>(calls: usize, len: usize, alloc: A) -> u64 {
    let layout = Layout::array::<u64>(len).expect("the slice fits in memory");
    let mut total = 0u64;
    for _ in 0..black_box(calls) {
        let block = alloc
            .allocate_zeroed(black_box(layout))
            .expect("the allocator has 8 MB");
        // SAFETY: the block is `len` zeroed (so initialised) `u64`s, aligned for `u64`, and
        // nothing else refers to it until it is freed below.
        let slice = unsafe { std::slice::from_raw_parts(block.cast::<u64>().as_ptr(), len) };
        total = total.wrapping_add(probe(slice));
        crate::escape(slice);
        // SAFETY: the block came from `alloc` with `layout` and `slice` is not used after this.
        unsafe { alloc.deallocate(block.cast(), layout) };
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
        "Large zeroed slice: {len} x u64 = 0, then reset, {calls} calls per batch (arenas: \
         alloc_slice_fill_with(|_| 0) on reused memory; glibc: vec![0u64; n]; mimalloc, \
         jemalloc: allocate_zeroed; then drop)"
    );
    let batch = Zeroed { calls, len };
    let workload = Workload::new(NAME, title, "call", calls as u64, expected(calls, len)).note(
        "The arenas write the zeros into memory they reuse; a heap allocator may instead map \
         fresh zero pages and pay their page faults. The Go seed's zeroed make() is in the \
         note of the `slice` workload.",
    );
    let workload = with_bump_peers(workload, "fill with 0, reset", batch);
    with_heap_peers(workload, &batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, HEAP_PEERS};
        super::super::tests::check(sized(3, 1000), &[&BUMP_PEERS, &HEAP_PEERS]);
    }
}
