//! Workload `messages`: the first seed's headline, large messages built and then torn down,
//! with a census of the heap.
//!
//! # The message
//!
//! The shape of the seed's benchmark (`docs/peer-notes.md`, "The large message used there"): 42
//! fields, every one derived from the message's index `i`.
//!
//! | fields | arena version ([`Message`]) | heap versions ([`OwnedMessage`], [`MessageIn`]) |
//! |---|---|---|
//! | 5 strings of 24, 16, 12, 40 and 64 bytes, copied in | `&str` in the arena | `String` (`Vec<u8, A>`): 5 allocations |
//! | a 4 x `u64` tag list, the first element `i` | `&[u64]` in the arena | `Vec<u64>`: 1 allocation |
//! | an 8 x `i32` score list | `&[i32]` in the arena | `Vec<i32>`: 1 allocation |
//! | 15 `i64`, 10 `i32`, 5 `f64`, 5 `bool` | inline ([`Scalars`]) | inline |
//! | the message itself | moved into the arena | `Box`: 1 allocation |
//!
//! So the heap makes 8 allocations per message and frees them one by one, while an arena bumps
//! its cursor 8 times per message and resets once. The scalar fields are grouped in arrays
//! ([`Scalars`]), which have the layout of as many separate fields. The string contents come
//! from a table of [`VARIANTS`] strings per field, made once before any timing
//! ([`Sources`]), so every peer copies the same bytes and nothing is formatted while timed.
//!
//! # One batch
//!
//! Build [`count`] messages, keeping a list of them (the arenas allocate the list in the arena,
//! the heap versions push into a `Vec` whose capacity is kept between batches), then tear them
//! all down: `reset` for the arenas, dropping every `Box` for the heap. The checksum adds up,
//! for every message, values read back through the reference the allocator returned (the
//! length and last byte of each string, every tag and score, a few scalars); the list is made
//! observable with [`crate::escape`] before the teardown.
//!
//! Peers: arenakit, bumpalo, bump-scope (minimum alignment 8) and blink-alloc through
//! [`BumpPeer`]; glibc with `std`'s `Box`, `String` and `Vec`; mimalloc and jemalloc with the
//! same structure in `allocator_api2` types over [`Mi`](type@Mi) and [`Je`](type@Je). typed-arena is not a
//! peer: it holds one type per arena (four arenas for this shape) and has no reset, so every
//! batch would start from a cold arena.
//!
//! # The census ([`extra`])
//!
//! After the timed rounds, one build of the same messages runs under
//! [`crate::census::measure`] for arenakit (a new arena, then again warm on the same arena after a
//! reset, and a new arena with larger chunks), bumpalo (new, warm) and the glibc heap:
//! allocation calls, bytes requested, peak live heap blocks and the peak RSS increase. A
//! second table times build and teardown separately for every peer (see
//! [`split_timings`]), and the seeds' own Go figures (cited from [`crate::go_seed`] and
//! [`SEED_README_LIVE_OBJECTS`], not measured here) stand beside ours.

use super::{ARENAKIT, BUMP_SCOPE, BUMPALO, BumpBatch, SYSTEM, bar, with_bump_peers};
use crate::extra::Scale;
use crate::harness::{Peer, Workload};
use crate::peers::BumpPeer;
use crate::sysalloc::{JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box as BoxIn;
use allocator_api2::vec::Vec as VecIn;
use std::hint::black_box;
use std::sync::OnceLock;

/// The workload's name.
pub const NAME: &str = "messages";
/// Messages per batch at [`Scale::Full`]: the seed's size.
pub const FULL_COUNT: usize = 1_000_000;
/// Messages per batch at [`Scale::Quick`].
pub const QUICK_COUNT: usize = 200_000;
/// Lengths of the five string fields, in bytes.
pub const STRING_LENGTHS: [usize; 5] = [24, 16, 12, 40, 64];
/// Different contents per string field; message `i` copies variant `i % VARIANTS`.
pub const VARIANTS: usize = 1024;
/// The bar on live heap blocks at peak: the heap version must hold at least this many times
/// as many as arenakit (the seeds' headline is 1,093x fewer live objects with the arena,
/// `docs/peer-notes.md`).
pub const LIVE_BLOCKS_BAR: f64 = 100_000.0;

/// Messages per batch at `scale`.
pub fn count(scale: Scale) -> usize {
    match scale {
        Scale::Quick => QUICK_COUNT,
        Scale::Full => FULL_COUNT,
    }
}

/// The source strings of the five string fields, made once and shared by every peer.
#[derive(Debug)]
pub struct Sources {
    variants: Vec<[&'static str; 5]>,
}

impl Sources {
    /// The process-wide table (built on first use, then leaked for the process's lifetime).
    pub fn get() -> &'static Sources {
        static SOURCES: OnceLock<Sources> = OnceLock::new();
        SOURCES.get_or_init(Sources::generate)
    }

    fn generate() -> Sources {
        let per_variant: usize = STRING_LENGTHS.iter().sum();
        let mut text = String::with_capacity(VARIANTS * per_variant);
        for v in 0..VARIANTS {
            for (field, &len) in STRING_LENGTHS.iter().enumerate() {
                text.extend(
                    (0..len).map(|j| char::from(b'a' + ((v * 7 + j * 13 + field * 5) % 26) as u8)),
                );
            }
        }
        let text: &'static str = text.leak();
        let mut start = 0;
        let variants = (0..VARIANTS)
            .map(|_| {
                STRING_LENGTHS.map(|len| {
                    let s = &text[start..start + len];
                    start += len;
                    s
                })
            })
            .collect();
        Sources { variants }
    }

    /// The five strings message `i` copies.
    #[inline(always)]
    pub fn strings(&self, i: u64) -> [&'static str; 5] {
        self.variants[i as usize % VARIANTS]
    }
}

/// The 35 scalar fields of a message, grouped by type (arrays have the layout of as many
/// separate fields).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scalars {
    /// 15 `i64` fields.
    pub longs: [i64; 15],
    /// 10 `i32` fields.
    pub ints: [i32; 10],
    /// 5 `f64` fields.
    pub reals: [f64; 5],
    /// 5 `bool` fields.
    pub flags: [bool; 5],
}

impl Scalars {
    /// The scalar fields of message `i`.
    #[inline(always)]
    pub fn of(i: u64) -> Scalars {
        Scalars {
            longs: std::array::from_fn(|k| (i as i64).wrapping_mul(k as i64 + 1) ^ k as i64),
            ints: std::array::from_fn(|k| (i as i32).wrapping_add(7 * k as i32)),
            reals: std::array::from_fn(|k| i as f64 * 0.25 + k as f64),
            flags: std::array::from_fn(|k| (i >> k) & 1 == 1),
        }
    }

    /// What the checksum reads of them.
    #[inline(always)]
    fn digest(&self) -> u64 {
        (self.longs[0] as u64)
            .wrapping_add(self.longs[14] as u64)
            .wrapping_add(self.ints[9] as u64)
            .wrapping_add(self.reals[4].to_bits())
            .wrapping_add(u64::from(self.flags[4]))
    }
}

/// The tag list of message `i`: `[i, i + 2^32, i + 2^33, i + 3 * 2^32]`.
#[inline(always)]
pub fn tags(i: u64) -> [u64; 4] {
    std::array::from_fn(|k| i.wrapping_add((k as u64) << 32))
}

/// The score list of message `i`.
#[inline(always)]
pub fn scores(i: u64) -> [i32; 8] {
    std::array::from_fn(|k| (i as i32).wrapping_mul(k as i32 + 1))
}

/// What the checksum adds for one message, from its parts as read back.
#[inline(always)]
fn digest(strings: [&[u8]; 5], tags: &[u64], scores: &[i32], scalars: &Scalars) -> u64 {
    let mut sum = scalars.digest();
    for s in strings {
        sum = sum
            .wrapping_add(s.len() as u64)
            .wrapping_add(u64::from(s.last().copied().unwrap_or(0)));
    }
    for &t in tags {
        sum = sum.wrapping_add(t);
    }
    for &s in scores {
        sum = sum.wrapping_add(s as u64);
    }
    sum
}

/// A message in an arena: strings and lists borrow the arena.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    /// 24 bytes.
    pub name: &'a str,
    /// 16 bytes.
    pub host: &'a str,
    /// 12 bytes.
    pub region: &'a str,
    /// 40 bytes.
    pub path: &'a str,
    /// 64 bytes.
    pub body: &'a str,
    /// 4 tags, the first being the index.
    pub tags: &'a [u64],
    /// 8 scores.
    pub scores: &'a [i32],
    /// The 35 scalar fields.
    pub scalars: Scalars,
}

impl Message<'_> {
    /// What the checksum adds for this message.
    #[inline(always)]
    pub fn digest(&self) -> u64 {
        let strings = [self.name, self.host, self.region, self.path, self.body];
        digest(
            strings.map(str::as_bytes),
            self.tags,
            self.scores,
            &self.scalars,
        )
    }
}

/// Builds message `i` in `arena`: five string copies, two slices and the message itself.
#[inline(always)]
pub fn build_one<'a, A: BumpPeer>(arena: &'a A, sources: &Sources, i: u64) -> &'a Message<'a> {
    let [name, host, region, path, body] = sources.strings(i);
    let tags = tags(i);
    let scores = scores(i);
    let message = Message {
        name: arena.alloc_str(name),
        host: arena.alloc_str(host),
        region: arena.alloc_str(region),
        path: arena.alloc_str(path),
        body: arena.alloc_str(body),
        tags: arena.alloc_slice_fill_with(4, |k| tags[k]),
        scores: arena.alloc_slice_fill_with(8, |k| scores[k]),
        scalars: Scalars::of(i),
    };
    arena.alloc_copy(message)
}

/// Builds `count` messages in `arena`, listed in a slice allocated in the arena first, and
/// returns the checksum. The list is made observable before returning.
#[inline(never)]
pub fn build_bump<A: BumpPeer>(arena: &A, sources: &Sources, count: usize) -> u64 {
    let count = black_box(count);
    let list = arena.alloc_uninit_slice::<&Message<'_>>(count);
    let mut sum = 0u64;
    for (i, slot) in list.iter_mut().enumerate() {
        let message = build_one(arena, sources, i as u64);
        sum = sum.wrapping_add(message.digest());
        slot.write(message);
    }
    crate::escape(list);
    sum
}

/// Parameters of the arena batch.
#[derive(Clone, Copy, Debug)]
pub struct Messages {
    /// Messages per batch.
    pub count: usize,
    /// The source strings.
    pub sources: &'static Sources,
}

impl BumpBatch for Messages {
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64 {
        let sum = build_bump(arena, self.sources, self.count);
        crate::escape(arena);
        arena.reset();
        sum
    }
}

/// A message on the heap with `std` types (the glibc peer): 8 allocations with the `Box`.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedMessage {
    /// 24 bytes.
    pub name: String,
    /// 16 bytes.
    pub host: String,
    /// 12 bytes.
    pub region: String,
    /// 40 bytes.
    pub path: String,
    /// 64 bytes.
    pub body: String,
    /// 4 tags, the first being the index.
    pub tags: Vec<u64>,
    /// 8 scores.
    pub scores: Vec<i32>,
    /// The 35 scalar fields.
    pub scalars: Scalars,
}

impl OwnedMessage {
    /// Message `i`, its strings copied from `sources`.
    #[inline(always)]
    pub fn new(sources: &Sources, i: u64) -> OwnedMessage {
        let [name, host, region, path, body] = sources.strings(i);
        OwnedMessage {
            name: String::from(name),
            host: String::from(host),
            region: String::from(region),
            path: String::from(path),
            body: String::from(body),
            tags: tags(i).to_vec(),
            scores: scores(i).to_vec(),
            scalars: Scalars::of(i),
        }
    }

    /// What the checksum adds for this message.
    #[inline(always)]
    pub fn digest(&self) -> u64 {
        let strings = [&self.name, &self.host, &self.region, &self.path, &self.body];
        digest(
            strings.map(|s| s.as_bytes()),
            &self.tags,
            &self.scores,
            &self.scalars,
        )
    }
}

/// Builds `count` boxed messages into `list` (emptied by the caller; its capacity is reused)
/// and returns the checksum. The list is made observable before returning.
#[inline(never)]
pub fn build_std(list: &mut Vec<Box<OwnedMessage>>, sources: &Sources, count: usize) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let message = Box::new(OwnedMessage::new(sources, i));
        sum = sum.wrapping_add(message.digest());
        list.push(message);
    }
    crate::escape(list);
    sum
}

/// A message on the heap of allocator `A` ([`Mi`](type@Mi), [`Je`](type@Je)): `allocator_api2` has no
/// `String`, so the strings are `Vec<u8, A>` (UTF-8 by construction).
#[derive(Debug)]
pub struct MessageIn<A: Allocator> {
    /// 24 bytes.
    pub name: VecIn<u8, A>,
    /// 16 bytes.
    pub host: VecIn<u8, A>,
    /// 12 bytes.
    pub region: VecIn<u8, A>,
    /// 40 bytes.
    pub path: VecIn<u8, A>,
    /// 64 bytes.
    pub body: VecIn<u8, A>,
    /// 4 tags, the first being the index.
    pub tags: VecIn<u64, A>,
    /// 8 scores.
    pub scores: VecIn<i32, A>,
    /// The 35 scalar fields.
    pub scalars: Scalars,
}

/// A `Vec` in `alloc` holding a copy of `src`, with exactly its length as capacity: one
/// allocation and one `memcpy`, like `std`'s `to_vec` (`allocator_api2`'s `extend_from_slice`
/// copies element by element).
#[inline(always)]
pub fn copy_in<T: Copy, A: Allocator>(src: &[T], alloc: A) -> VecIn<T, A> {
    let mut v = VecIn::with_capacity_in(src.len(), alloc);
    // SAFETY: `v` has room for `src.len()` elements and is a fresh allocation, distinct from
    // `src`.
    unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), v.as_mut_ptr(), src.len()) };
    // SAFETY: the first `src.len()` elements were just initialised and fit the capacity.
    unsafe { v.set_len(src.len()) };
    v
}

impl<A: Allocator + Copy> MessageIn<A> {
    /// Message `i` in `alloc`, its strings copied from `sources`.
    #[inline(always)]
    pub fn new(sources: &Sources, i: u64, alloc: A) -> MessageIn<A> {
        let [name, host, region, path, body] = sources.strings(i);
        MessageIn {
            name: copy_in(name.as_bytes(), alloc),
            host: copy_in(host.as_bytes(), alloc),
            region: copy_in(region.as_bytes(), alloc),
            path: copy_in(path.as_bytes(), alloc),
            body: copy_in(body.as_bytes(), alloc),
            tags: copy_in(&tags(i), alloc),
            scores: copy_in(&scores(i), alloc),
            scalars: Scalars::of(i),
        }
    }

    /// What the checksum adds for this message.
    #[inline(always)]
    pub fn digest(&self) -> u64 {
        let strings = [&self.name, &self.host, &self.region, &self.path, &self.body];
        digest(
            strings.map(|s| s.as_slice()),
            &self.tags,
            &self.scores,
            &self.scalars,
        )
    }
}

/// The list of boxed messages a heap peer of allocator `A` keeps.
pub type ListIn<A> = Vec<BoxIn<MessageIn<A>, A>>;

/// Builds `count` messages in `alloc` (each boxed there) into `list` (emptied by the caller;
/// its capacity is reused) and returns the checksum. The list is made observable before
/// returning.
#[inline(never)]
pub fn build_in<A: Allocator + Copy>(
    list: &mut ListIn<A>,
    alloc: A,
    sources: &Sources,
    count: usize,
) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count as u64 {
        let message = BoxIn::new_in(MessageIn::new(sources, i, alloc), alloc);
        sum = sum.wrapping_add(message.digest());
        list.push(message);
    }
    crate::escape(list);
    sum
}

/// The checksum of a batch of `count` messages, computed without allocating.
pub fn expected(count: usize) -> u64 {
    let sources = Sources::get();
    (0..count as u64).fold(0, |sum, i| {
        let strings = sources.strings(i).map(str::as_bytes);
        sum.wrapping_add(digest(strings, &tags(i), &scores(i), &Scalars::of(i)))
    })
}

/// The glibc peer: `std` types, a reused list, every message dropped at teardown.
pub fn std_peer(count: usize) -> Peer<'static> {
    let sources = Sources::get();
    let mut list = Vec::with_capacity(count);
    Peer::new(SYSTEM, "Box + 5 String + 2 Vec (std), drop", move || {
        let sum = build_std(&mut list, sources, count);
        list.clear();
        sum
    })
}

/// A heap peer on allocator `alloc` (`allocator_api2` types), every message dropped at
/// teardown.
pub fn heap_peer<A: Allocator + Copy + 'static>(
    name: &'static str,
    alloc: A,
    count: usize,
) -> Peer<'static> {
    let sources = Sources::get();
    let mut list: ListIn<A> = Vec::with_capacity(count);
    Peer::new(
        name,
        "Box + 7 Vec (allocator_api2) in the allocator, drop",
        move || {
            let sum = build_in(&mut list, alloc, sources, count);
            list.clear();
            sum
        },
    )
}

/// The workload at `scale` ([`count`] messages per batch).
pub fn workload(scale: Scale) -> Workload<'static> {
    sized(count(scale))
}

/// The workload with `count` messages per batch.
pub fn sized(count: usize) -> Workload<'static> {
    let title = format!(
        "Large messages: {count} messages of 42 fields (5 strings copied in, 2 lists, 35 \
         scalars) built, then torn down (arenas: reset; heap: 8 allocations per message, all \
         freed)"
    );
    let workload = Workload::new(NAME, title, "message", count as u64, expected(count))
        .bar(bar(
            SYSTEM,
            0.25,
            "arenakit build + teardown >= 4x faster than glibc",
        ))
        .bar(bar(BUMPALO, 1.00, "arenakit at or ahead of bumpalo"))
        .bar(bar(BUMP_SCOPE, 1.00, "arenakit at or ahead of bump-scope"))
        .note(
            "Times are build + teardown together per message. The census below times the two \
             phases separately.",
        );
    let batch = Messages {
        count,
        sources: Sources::get(),
    };
    let mut workload = with_bump_peers(workload, "alloc_str x5, 2 slices, alloc; reset", batch)
        .peer(std_peer(count))
        .peer(heap_peer(MIMALLOC, Mi, count))
        .peer(heap_peer(JEMALLOC, Je, count));
    let expect = workload.expected;
    for peer in &mut workload.peers {
        settle(peer, expect);
    }
    workload.note(format!(
        "Every peer ran {SETTLE_BATCHES} untimed batches before the harness's warm-up rounds: \
         bumpalo and bump-scope keep only their newest chunk at reset, so at this size they \
         fault new memory in for 3 batches before they reach their steady state."
    ))
}

/// Untimed batches every peer runs when the workload is built, before the harness's own
/// warm-up rounds. bumpalo and bump-scope keep only their newest chunk at reset: the first
/// batch takes a series of chunks, the second a chunk twice the largest (touching part of it),
/// the third touches the rest; only from the fourth on do they stop faulting pages in.
pub const SETTLE_BATCHES: usize = 3;

/// Runs [`SETTLE_BATCHES`] batches of `peer`, checking each checksum, so it is in its steady
/// state before anything is timed.
fn settle(peer: &mut Peer<'_>, expect: u64) {
    for _ in 0..SETTLE_BATCHES {
        assert_eq!(
            peer.run_batch(),
            expect,
            "peer `{}` while settling",
            peer.name
        );
    }
}

mod results;
pub use results::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Settings, run};

    #[test]
    fn checksums_match() {
        let workload = sized(2_000);
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                ARENAKIT,
                BUMPALO,
                "bump-scope",
                "blink-alloc",
                SYSTEM,
                MIMALLOC,
                JEMALLOC
            ]
        );
        let settings = Settings {
            rounds: 1,
            warmup: 1,
            rotate: true,
        };
        run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn messages_have_the_seed_shape() {
        let arena = arenakit::Arena::new();
        let m = build_one(&arena, Sources::get(), 5);
        let lengths = [m.name, m.host, m.region, m.path, m.body].map(str::len);
        assert_eq!(lengths, STRING_LENGTHS);
        assert_eq!(m.tags.len(), 4);
        assert_eq!(m.tags[0], 5);
        assert_eq!(m.scores.len(), 8);
        let owned = OwnedMessage::new(Sources::get(), 5);
        assert_eq!(owned.name, m.name);
        assert_eq!(owned.digest(), m.digest());
        let heap = MessageIn::new(Sources::get(), 5, Mi);
        assert_eq!(heap.body.as_slice(), m.body.as_bytes());
        assert_eq!(heap.digest(), m.digest());
        // 5 strings + 2 lists + 35 scalars.
        let scalars = Scalars::of(5);
        let fields = 5 + 2 + scalars.longs.len() + scalars.ints.len() + 10;
        assert_eq!(fields, 42);
    }
}
