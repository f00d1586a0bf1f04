//! Workload `struct`: small objects, allocated and written.
//!
//! One batch: [`COUNT`] values of [`Payload`] (64 bytes, `[u64; 8]`, derived from the index),
//! each moved into the arena (or a `Box`), then a reset (or every box dropped). Writing the
//! payload costs about as much as the allocation itself on these machines (memset bandwidth,
//! `PERF-NOTES.md`), so this is the typical object-graph cost.
//!
//! Checksum: the sum of the last word of every object, read back through the reference the
//! allocator returned. The memory of all objects is made observable with [`crate::escape`]
//! before the reset, so none of the stores can be dropped.

use super::{BUMPALO, BumpBatch, FLOOR, SYSTEM, bar, with_bump_peers};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "struct";
/// Objects per batch.
pub const COUNT: usize = 1_000_000;

/// The object: eight words.
pub type Payload = [u64; 8];

/// The object for index `i`: `[i, i + 1, ..., i + 7]`.
#[inline(always)]
pub fn payload(i: u64) -> Payload {
    std::array::from_fn(|k| i.wrapping_add(k as u64))
}

/// Parameters of the struct batch.
#[derive(Clone, Copy, Debug)]
pub struct Structs {
    /// Objects per batch.
    pub count: usize,
}

impl BumpBatch for Structs {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.count)
    }
}

/// `count` payloads moved into `arena`, then a reset. Returns the checksum.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, count: usize) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let object = arena.alloc_copy(payload(i));
        sum = sum.wrapping_add(object[7]);
    }
    crate::escape(arena);
    arena.reset();
    sum
}

/// `count` payloads in `Box`es, then every box dropped. `boxes` is a reused list (capacity
/// kept between batches) that holds them until the drops. Returns the checksum.
#[inline(never)]
pub fn system(boxes: &mut Vec<Box<Payload>>, count: usize) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let object = Box::new(payload(i));
        sum = sum.wrapping_add(object[7]);
        boxes.push(object);
    }
    crate::escape(boxes);
    boxes.clear();
    sum
}

/// The floor: the same payloads written into `buffer` (one reused, pre-sized buffer of at
/// least `count` objects), no allocator involved. Returns the checksum.
///
/// What writing the objects costs on its own on this machine (memory bandwidth), so a bar
/// against the heap can be judged against what is possible at all.
#[inline(never)]
pub fn floor(buffer: &mut [Payload], count: usize) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for (i, slot) in buffer.iter_mut().take(count).enumerate() {
        *slot = payload(i as u64);
        sum = sum.wrapping_add(slot[7]);
    }
    crate::escape(buffer);
    sum
}

/// The checksum of a batch of `count` objects.
pub fn expected(count: usize) -> u64 {
    (0..count as u64).fold(0, |sum, i| sum.wrapping_add(payload(i)[7]))
}

/// The system-allocator peer, with its reusable list of boxes.
pub fn system_peer(count: usize) -> Peer<'static> {
    let mut boxes = Vec::with_capacity(count);
    Peer::new(SYSTEM, "Box::new, drop", move || system(&mut boxes, count))
}

/// The floor peer, with its reused buffer.
pub fn floor_peer(count: usize) -> Peer<'static> {
    let mut buffer = vec![[0u64; 8]; count];
    Peer::new(FLOOR, "written into a reused buffer", move || {
        floor(&mut buffer, count)
    })
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(COUNT)
}

/// The workload with `count` objects per batch.
pub fn sized(count: usize) -> Workload<'static> {
    let title = format!(
        "Small structs: {count} x alloc([u64; 8]) written, then reset (heap: Box::new, then drop)"
    );
    let workload = Workload::new(NAME, title, "object", count as u64, expected(count))
        .bar(bar(SYSTEM, 0.25, "arenakit >= 4x faster than Box"))
        .bar(bar(BUMPALO, 1.05, "arenakit within 5% of bumpalo"));
    with_bump_peers(workload, "alloc, reset", Structs { count })
        .peer(system_peer(count))
        .peer(floor_peer(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        super::super::tests::check(sized(10_000));
    }

    #[test]
    fn payload_is_indexed() {
        assert_eq!(payload(10), [10, 11, 12, 13, 14, 15, 16, 17]);
    }
}
