//! Workload `struct`: small objects, allocated and written.
//!
//! One batch: [`COUNT`] values of [`Payload`] (64 bytes, `[u64; 8]`, derived from the index),
//! each moved into the arena (or a `Box`), then a reset (or every box dropped). Writing the
//! payload costs about as much as the allocation itself on these machines (memset bandwidth,
//! `docs/peer-notes.md`), so this is the typical object-graph cost.
//!
//! Rows: the four bump arenas warm (one arena reused through `reset`); `Box` on glibc,
//! mimalloc and jemalloc (one generic body, [`heap`]); typed-arena (`Arena<Payload>`, a new
//! arena per batch, dropped at the end: it has no reset); the four bump arenas cold (a new
//! arena per batch, [`BumpBatch::run_cold`]); and the no-allocator floor.
//!
//! Checksum: the sum of the last word of every object, read back through the reference the
//! allocator returned. The memory of all objects is made observable with [`crate::escape`]
//! before the reset, so none of the stores can be dropped.

use super::{
    ARENAKIT_COLD, BUMP_SCOPE, BUMPALO, BUMPALO_COLD, BumpBatch, COLD_COLUMNS, FLOOR, HeapBatch,
    SYSTEM, TYPED_ARENA, bar, bar_of, cold_note, with_bump_peers, with_cold_peers, with_heap_peers,
};
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box;
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

impl HeapBatch for Structs {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let count = self.count;
        let mut boxes = Vec::with_capacity(count);
        Peer::new(name, "Box::new_in, drop", move || {
            heap(&mut boxes, count, alloc)
        })
    }
}

/// `count` payloads in `Box`es from `alloc`, then every box dropped. `boxes` is a reused list
/// (capacity kept between batches) that holds them until the drops. Returns the checksum.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(boxes: &mut Vec<Box<Payload, A>>, count: usize, alloc: A) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let object = Box::new_in(payload(i), alloc);
        sum = sum.wrapping_add(object[7]);
        boxes.push(object);
    }
    crate::escape(boxes);
    boxes.clear();
    sum
}

/// `count` payloads moved into a new `typed_arena::Arena<Payload>`, dropped at the end (the
/// crate has no reset, so a batch cannot reuse the previous one's arena). Returns the
/// checksum.
#[inline(never)]
pub fn typed(count: usize) -> u64 {
    let count = black_box(count);
    let arena = typed_arena::Arena::<Payload>::new();
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let object = arena.alloc(payload(i));
        sum = sum.wrapping_add(object[7]);
    }
    crate::escape(&arena);
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

/// The typed-arena peer.
pub fn typed_peer(count: usize) -> Peer<'static> {
    Peer::new(
        TYPED_ARENA,
        "Arena<[u64; 8]>::new per batch, alloc, drop (no reset)",
        move || typed(count),
    )
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
        "Small structs: {count} x alloc([u64; 8]) written, then reset (heap: Box::new_in, then \
         drop; cold: a new arena per batch)"
    );
    let batch = Structs { count };
    let workload = Workload::new(NAME, title, "object", count as u64, expected(count))
        .columns(&COLD_COLUMNS)
        .bar(bar(SYSTEM, 0.25, "arenakit >= 4x faster than Box"))
        .bar(bar(BUMPALO, 1.00, "arenakit at or ahead of bumpalo"))
        .bar(bar(BUMP_SCOPE, 1.00, "arenakit at or ahead of bump-scope"))
        .bar(bar_of(
            ARENAKIT_COLD,
            BUMPALO_COLD,
            1.05,
            "arenakit cold within 5% of bumpalo cold",
        ))
        .note(cold_note("batch", true));
    let workload = with_bump_peers(workload, "alloc, reset", batch);
    let workload = with_heap_peers(workload, &batch).peer(typed_peer(count));
    with_cold_peers(workload, "new arena, alloc, reset, drop", batch).peer(floor_peer(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, COLD_PEERS, HEAP_PEERS};
        super::super::tests::check(
            sized(10_000),
            &[
                &BUMP_PEERS,
                &HEAP_PEERS,
                &[TYPED_ARENA],
                &COLD_PEERS,
                &[FLOOR],
            ],
        );
    }

    #[test]
    fn payload_is_indexed() {
        assert_eq!(payload(10), [10, 11, 12, 13, 14, 15, 16, 17]);
    }
}
