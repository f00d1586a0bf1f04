//! Workload `pure`: bare allocation speed.
//!
//! One batch: [`COUNT`] allocations of a 64-byte, 8-aligned [`LAYOUT`] with nothing written,
//! then a reset (or, on the heap, every block freed: glibc, mimalloc and jemalloc run one
//! generic body, see [`HeapBatch`]). It measures the allocation fast path
//! alone: on a bump arena a compare, an add and a store of the cursor, about two cycles.
//!
//! Nothing is written, so the checksum is the number of allocations made. Every returned
//! address is folded (xor) into a value handed to [`black_box`] after the loop, so no
//! allocation can be optimised away; the fold is one independent register operation per
//! allocation, the same for every peer, and adds nothing to the cursor's dependency chain. The
//! unit tests check that the blocks are aligned and disjoint.

use super::{BUMPALO, BumpBatch, HeapBatch, bar, with_bump_peers, with_heap_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box;
use std::alloc::Layout;
use std::hint::black_box;
use std::mem::MaybeUninit;

/// The workload's name.
pub const NAME: &str = "pure";
/// Allocations per batch.
pub const COUNT: usize = 1_000_000;
/// The layout of every allocation: 64 bytes, aligned to 8.
pub const LAYOUT: Layout = Layout::new::<Block>();

/// A 64-byte, 8-aligned block (the heap version allocates it as an uninitialised `Box`).
pub type Block = [u64; 8];

/// Parameters of the pure-allocation batch.
#[derive(Clone, Copy, Debug)]
pub struct Pure {
    /// Allocations per batch.
    pub count: usize,
}

impl BumpBatch for Pure {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.count)
    }
}

/// `count` allocations of [`LAYOUT`] on `arena`, then a reset. Returns `count`.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, count: usize) -> u64 {
    let count = black_box(count);
    let mut addresses = 0usize;
    let mut made = 0u64;
    for _ in 0..count {
        addresses ^= arena.alloc_layout(LAYOUT).as_ptr().addr();
        made += 1;
    }
    black_box(addresses);
    arena.reset();
    made
}

impl HeapBatch for Pure {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let count = self.count;
        let mut boxes = Vec::with_capacity(count);
        Peer::new(name, "Box::<[u64; 8]>::new_uninit_in, drop", move || {
            heap(&mut boxes, count, alloc)
        })
    }
}

/// `count` uninitialised 64-byte boxes from `alloc`, then all freed. `boxes` is a reused list
/// (capacity kept between batches) that holds them until the frees. Returns `count`.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(
    boxes: &mut Vec<Box<MaybeUninit<Block>, A>>,
    count: usize,
    alloc: A,
) -> u64 {
    let count = black_box(count);
    let mut made = 0u64;
    for _ in 0..count {
        boxes.push(Box::new_uninit_in(alloc));
        made += 1;
    }
    crate::escape(boxes);
    boxes.clear();
    made
}

/// The checksum of a batch of `count` allocations.
pub fn expected(count: usize) -> u64 {
    count as u64
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(COUNT)
}

/// The workload with `count` allocations per batch.
pub fn sized(count: usize) -> Workload<'static> {
    let title = format!(
        "Pure allocation: {count} x alloc_layout(size {}, align {}), nothing written, then reset",
        LAYOUT.size(),
        LAYOUT.align()
    );
    let workload = Workload::new(NAME, title, "alloc", count as u64, expected(count)).bar(bar(
        BUMPALO,
        1.0,
        "arenakit median <= bumpalo",
    ));
    let batch = Pure { count };
    let workload = with_bump_peers(workload, "alloc_layout, reset", batch);
    with_heap_peers(workload, &batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_are_aligned_and_disjoint<A: BumpPeer>() {
        let mut arena = A::fresh();
        for _ in 0..2 {
            let mut starts: Vec<usize> = (0..5000)
                .map(|_| arena.alloc_layout(LAYOUT).as_ptr().addr())
                .collect();
            assert!(starts.iter().all(|a| a % LAYOUT.align() == 0));
            starts.sort_unstable();
            assert!(starts.windows(2).all(|w| w[1] - w[0] >= LAYOUT.size()));
            arena.reset();
        }
    }

    #[test]
    fn peers_hand_out_real_blocks() {
        blocks_are_aligned_and_disjoint::<arenakit::Arena>();
        blocks_are_aligned_and_disjoint::<bumpalo::Bump>();
        blocks_are_aligned_and_disjoint::<crate::peers::BumpScope8>();
        blocks_are_aligned_and_disjoint::<blink_alloc::Blink>();
    }

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, HEAP_PEERS};
        super::super::tests::check(sized(10_000), &[&BUMP_PEERS, &HEAP_PEERS]);
    }
}
