//! Workload `string`: copying short strings.
//!
//! One batch: every string of a [`Corpus`] (one million strings of 24-40 ASCII bytes, made
//! once before any timing) copied into the arena (or into a new `String`), then a reset (or
//! every `String` dropped).
//!
//! Checksum: for every copy, its length plus its last byte, read back from the copy. The
//! copies are made observable with [`crate::escape`] before the reset.

use super::{BUMPALO, BumpBatch, FLOOR, SYSTEM, bar, with_bump_peers};
use crate::corpus::Corpus;
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
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

/// What the checksum adds for one copy.
#[inline(always)]
fn digest(copy: &str) -> u64 {
    copy.len() as u64 + u64::from(copy.as_bytes().last().copied().unwrap_or(0))
}

/// Copies every string of `sources` into `arena`, then resets. Returns the checksum.
#[inline(never)]
pub fn bump<A: BumpPeer>(arena: &mut A, sources: &[&str]) -> u64 {
    let sources = black_box(sources);
    let mut sum = 0u64;
    for source in sources {
        let copy = arena.alloc_str(source);
        sum = sum.wrapping_add(digest(copy));
    }
    crate::escape(arena);
    arena.reset();
    sum
}

/// Copies every string of `sources` into a new `String`, then drops them all. `copies` is a
/// reused list (capacity kept between batches) that holds them until the drops. Returns the
/// checksum.
#[inline(never)]
pub fn system(copies: &mut Vec<String>, sources: &[&str]) -> u64 {
    let sources = black_box(sources);
    let mut sum = 0u64;
    for &source in sources {
        let copy = String::from(source);
        sum = sum.wrapping_add(digest(&copy));
        copies.push(copy);
    }
    crate::escape(copies);
    copies.clear();
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
        let copy = &buffer[start..];
        sum = sum.wrapping_add(copy.len() as u64 + u64::from(copy.last().copied().unwrap_or(0)));
    }
    crate::escape(buffer);
    sum
}

/// The checksum of a batch over `corpus`.
pub fn expected(corpus: &Corpus) -> u64 {
    corpus
        .strings()
        .iter()
        .fold(0, |sum, s| sum.wrapping_add(digest(s)))
}

/// The system-allocator peer, with its reusable list of strings.
pub fn system_peer(corpus: &'static Corpus) -> Peer<'static> {
    let mut copies = Vec::with_capacity(corpus.len());
    Peer::new(SYSTEM, "String::from, drop", move || {
        system(&mut copies, corpus.strings())
    })
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
         (heap: String::from, then drop)",
        corpus.len(),
        crate::corpus::MIN_BYTES,
        crate::corpus::MAX_BYTES,
        corpus.bytes()
    );
    let workload = Workload::new(NAME, title, "string", corpus.len() as u64, expected(corpus))
        .bar(bar(SYSTEM, 0.25, "arenakit >= 4x faster than String"))
        .bar(bar(BUMPALO, 1.05, "arenakit within 5% of bumpalo"));
    with_bump_peers(workload, "alloc_str, reset", Strings { corpus })
        .peer(system_peer(corpus))
        .peer(floor_peer(corpus))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        let corpus = Box::leak(Box::new(Corpus::generate(10_000)));
        super::super::tests::check(over(corpus));
    }
}
