//! Workload `string`: copying short strings.
//!
//! One batch: every string of a [`Corpus`] (one million strings of 24-40 ASCII bytes, made
//! once before any timing) copied into the arena (or into a new heap buffer), then a reset (or
//! every buffer dropped).
//!
//! Rows: the four bump arenas warm (one arena reused through `reset`); glibc, mimalloc and
//! jemalloc (one generic body, [`heap`]: a `Vec<u8, A>` of exactly the string's length, what
//! `String::from` allocates); typed-arena (`Arena<u8>::alloc_str`, a new arena per batch,
//! dropped at the end: it has no reset); the four bump arenas cold (a new arena per batch,
//! [`BumpBatch::run_cold`]); and the no-allocator floor.
//!
//! Checksum: for every copy, its length plus its last byte, read back from the copy. The
//! copies are made observable with [`crate::escape`] before the reset.

use super::{
    ARENAKIT_COLD, BUMP_SCOPE, BUMPALO, BUMPALO_COLD, BumpBatch, COLD_COLUMNS, FLOOR, HeapBatch,
    SYSTEM, TYPED_ARENA, bar, bar_of, cold_note, with_bump_peers, with_cold_peers, with_heap_peers,
};
use crate::corpus::Corpus;
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use allocator_api2::alloc::Allocator;
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "string";

/// Parameters of the string batch: the strings to copy.
#[derive(Clone, Copy, Debug)]
pub struct Strings {
    /// The source strings.
    pub corpus: &'static Corpus,
}

impl BumpBatch for Strings {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        bump(arena, self.corpus.strings())
    }
}

/// What the checksum adds for one copy: its length plus its last byte.
#[inline(always)]
fn digest(copy: &[u8]) -> u64 {
    copy.len() as u64 + u64::from(copy.last().copied().unwrap_or(0))
}

/// Copies every string of `sources` into `arena`, then resets. Returns the checksum.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, sources: &[&str]) -> u64 {
    let sources = black_box(sources);
    let mut sum = 0u64;
    for source in sources {
        let copy = arena.alloc_str(source);
        sum = sum.wrapping_add(digest(copy.as_bytes()));
    }
    crate::escape(arena);
    arena.reset();
    sum
}

impl HeapBatch for Strings {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let corpus = self.corpus;
        let mut copies = Vec::with_capacity(corpus.len());
        Peer::new(
            name,
            "Vec::with_capacity_in(len) + extend_from_slice (String::from), drop",
            move || heap(&mut copies, corpus.strings(), alloc),
        )
    }
}

/// A heap copy of a string: `allocator_api2` has no `String`, and a `Vec<u8, A>` of exactly
/// the string's length is what `String::from` makes.
pub type HeapString<A> = allocator_api2::vec::Vec<u8, A>;

/// Copies every string of `sources` into a new heap buffer from `alloc`, then drops them all.
/// `copies` is a reused list (capacity kept between batches) that holds them until the drops.
/// Returns the checksum.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(
    copies: &mut Vec<HeapString<A>>,
    sources: &[&str],
    alloc: A,
) -> u64 {
    let sources = black_box(sources);
    let mut sum = 0u64;
    for source in sources {
        let mut copy = HeapString::with_capacity_in(source.len(), alloc);
        copy.extend_from_slice(source.as_bytes());
        sum = sum.wrapping_add(digest(&copy));
        copies.push(copy);
    }
    crate::escape(copies);
    copies.clear();
    sum
}

/// Copies every string of `sources` into a new `typed_arena::Arena<u8>`, dropped at the end
/// (the crate has no reset). Returns the checksum.
#[inline(never)]
pub fn typed(sources: &[&str]) -> u64 {
    let sources = black_box(sources);
    let arena = typed_arena::Arena::<u8>::new();
    let mut sum = 0u64;
    for source in sources {
        let copy = arena.alloc_str(source);
        sum = sum.wrapping_add(digest(copy.as_bytes()));
    }
    crate::escape(&arena);
    sum
}

/// The floor: every string of `sources` appended to `buffer` (reused, its capacity kept), no
/// allocator involved. Returns the checksum.
///
/// What copying the bytes costs on its own on this machine, so a bar against the heap can be
/// judged against what is possible at all.
#[inline(never)]
pub fn floor(buffer: &mut Vec<u8>, sources: &[&str]) -> u64 {
    let sources = black_box(sources);
    buffer.clear();
    let mut sum = 0u64;
    for source in sources {
        let start = buffer.len();
        buffer.extend_from_slice(source.as_bytes());
        sum = sum.wrapping_add(digest(&buffer[start..]));
    }
    crate::escape(buffer);
    sum
}

/// The checksum of a batch over `corpus`.
pub fn expected(corpus: &Corpus) -> u64 {
    corpus
        .strings()
        .iter()
        .fold(0, |sum, s| sum.wrapping_add(digest(s.as_bytes())))
}

/// The typed-arena peer.
pub fn typed_peer(corpus: &'static Corpus) -> Peer<'static> {
    Peer::new(
        TYPED_ARENA,
        "Arena<u8>::new per batch, alloc_str, drop (no reset)",
        move || typed(corpus.strings()),
    )
}

/// The floor peer, with its reused buffer.
pub fn floor_peer(corpus: &'static Corpus) -> Peer<'static> {
    let mut buffer = Vec::with_capacity(corpus.bytes());
    Peer::new(FLOOR, "appended to a reused buffer", move || {
        floor(&mut buffer, corpus.strings())
    })
}

/// The workload as the binary runs it, over [`Corpus::standard`].
pub fn workload() -> Workload<'static> {
    over(Corpus::standard())
}

/// The workload over `corpus`.
pub fn over(corpus: &'static Corpus) -> Workload<'static> {
    let title = format!(
        "String copy: {} strings of {}-{} bytes ({} bytes in all) copied, then reset \
         (heap: a buffer of the string's length, then drop; cold: a new arena per batch)",
        corpus.len(),
        crate::corpus::MIN_BYTES,
        crate::corpus::MAX_BYTES,
        corpus.bytes()
    );
    let batch = Strings { corpus };
    let workload = Workload::new(NAME, title, "string", corpus.len() as u64, expected(corpus))
        .columns(&COLD_COLUMNS)
        .bar(bar(SYSTEM, 0.25, "arenakit >= 4x faster than String"))
        .bar(bar(BUMPALO, 1.00, "arenakit at or ahead of bumpalo"))
        .bar(bar(BUMP_SCOPE, 1.00, "arenakit at or ahead of bump-scope"))
        .bar(bar_of(
            ARENAKIT_COLD,
            BUMPALO_COLD,
            1.05,
            "arenakit cold within 5% of bumpalo cold",
        ))
        .note(cold_note("batch", true));
    let workload = with_bump_peers(workload, "alloc_str, reset", batch);
    let workload = with_heap_peers(workload, &batch).peer(typed_peer(corpus));
    with_cold_peers(workload, "new arena, alloc_str, reset, drop", batch).peer(floor_peer(corpus))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        use super::super::{BUMP_PEERS, COLD_PEERS, HEAP_PEERS};
        let corpus = Box::leak(Box::new(Corpus::generate(10_000)));
        super::super::tests::check(
            over(corpus),
            &[
                &BUMP_PEERS,
                &HEAP_PEERS,
                &[TYPED_ARENA],
                &COLD_PEERS,
                &[FLOOR],
            ],
        );
    }
}
