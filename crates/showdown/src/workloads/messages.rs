//! Workload `messages`: the first seed's headline, large messages built and then torn down,
//! with a census of the heap.
//!
//! # The message
//!
//! The shape of the seed's benchmark (`PERF-NOTES.md`, "The large message used there"): 42
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
//! [`census::measure`] for arenakit (a new arena, then again warm on the same arena after a
//! reset, and a new arena with larger chunks), bumpalo (new, warm) and the glibc heap:
//! allocation calls, bytes requested, peak live heap blocks and the peak RSS increase. A
//! second table times build and teardown separately for every peer (see
//! [`split_timings`]), and the seeds' own Go figures (cited from [`crate::go_seed`] and
//! [`SEED_README_LIVE_OBJECTS`], not measured here) stand beside ours.

use super::{ARENAKIT, BUMPALO, BumpBatch, SYSTEM, bar, with_bump_peers};
use crate::census::{self, Census};
use crate::extra::{Extra, Scale};
use crate::go_seed::{GoFigure, GoSeeds, Kind};
use crate::harness::{Peer, Summary, Workload};
use crate::peers::{BumpPeer, BumpScope8};
use crate::sysalloc::{JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box as BoxIn;
use allocator_api2::vec::Vec as VecIn;
use std::fmt::Write;
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Instant;

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
/// as many as arenakit (issue #6).
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

/// Live objects after building 1,000,000 messages, as the seed's README reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SeedReadmeFigures {
    /// With the seed's arena.
    pub arena: u64,
    /// With Go's heap.
    pub heap: u64,
    /// Where the figures come from.
    pub source: &'static str,
}

/// The seed README's live-object counts for this workload: **cited, not measured by this
/// program** (a separate run of the seed's Go code). The seeds' other Go figures for it
/// (build times and live heap objects measured on this machine kind, from `PERF-NOTES.md`)
/// come from [`crate::go_seed`], the report's one table of Go figures.
pub const SEED_README_LIVE_OBJECTS: SeedReadmeFigures = SeedReadmeFigures {
    arena: 2_288,
    heap: 2_500_702,
    source: "the seed's README, as quoted in issue #6",
};

/// One build under a census.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CensusRow {
    /// What was built, on what.
    pub build: String,
    /// The counts.
    pub census: Census,
    /// How much the peak RSS rose during the build, in bytes (if `/proc` allows measuring it).
    pub rss_increase: Option<u64>,
    /// Wall time of this one build, in nanoseconds (not a median: one run).
    pub build_ns: u64,
}

/// Returns freed heap memory to the OS, so one census's RSS does not hide in the free lists
/// another census left behind.
fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` has no preconditions; it only gives free memory back.
        unsafe { libc::malloc_trim(0) };
    }
}

/// Runs `build` (returning its checksum and whatever must stay alive until the census ends)
/// under a census, and checks the checksum.
fn census_of<R>(label: &str, expect: u64, build: impl FnOnce() -> (u64, R)) -> (CensusRow, R) {
    trim_heap();
    let rss_known = census::reset_peak_rss();
    let before = census::rss();
    let start = Instant::now();
    let ((sum, keep), counted) = census::measure(build);
    let build_ns = start.elapsed().as_nanos() as u64;
    let rss_increase = census::peak_rss()
        .zip(before)
        .filter(|_| rss_known)
        .map(|(peak, before)| peak.saturating_sub(before));
    assert_eq!(
        sum, expect,
        "census build `{label}` returned a wrong checksum"
    );
    let row = CensusRow {
        build: label.to_owned(),
        census: counted,
        rss_increase,
        build_ns,
    };
    (row, keep)
}

/// The census rows: arenakit (new, warm, new with 16 MiB chunks), bumpalo (new, warm) and the
/// glibc heap, each one build of `count` messages.
pub fn census_rows(count: usize) -> Vec<CensusRow> {
    let sources = Sources::get();
    let expect = expected(count);
    let mut rows = Vec::new();
    {
        let mut arena = arenakit::Arena::new();
        let (row, ()) = census_of(&format!("{ARENAKIT_ROW}, new arena"), expect, || {
            (build_bump(&arena, sources, count), ())
        });
        rows.push(row);
        arena.reset();
        let (row, ()) = census_of(
            "arenakit, warm (same arena, after one reset)",
            expect,
            || (build_bump(&arena, sources, count), ()),
        );
        rows.push(row);
    }
    {
        let arena = arenakit::Arena::builder().chunk_size(BIG_CHUNK).build();
        let (row, ()) = census_of(
            &format!("arenakit, new arena, `chunk_size({} MiB)`", BIG_CHUNK >> 20),
            expect,
            || (build_bump(&arena, sources, count), ()),
        );
        rows.push(row);
    }
    {
        let mut bump = bumpalo::Bump::new();
        let (row, ()) = census_of("bumpalo, new arena", expect, || {
            (build_bump(&bump, sources, count), ())
        });
        rows.push(row);
        bump.reset();
        let (row, ()) = census_of(
            "bumpalo, warm (same arena, after one reset)",
            expect,
            || (build_bump(&bump, sources, count), ()),
        );
        rows.push(row);
    }
    let (row, list) = census_of(HEAP_ROW, expect, || {
        let mut list = Vec::with_capacity(count);
        (build_std(&mut list, sources, count), list)
    });
    drop(list);
    rows.push(row);
    trim_heap();
    rows
}

/// Label of the default-arenakit census row the live-block ratio divides by (with ", new
/// arena").
const ARENAKIT_ROW: &str = "arenakit (default chunks)";
/// Label of the heap census row.
const HEAP_ROW: &str = "glibc heap (std Box + 5 String + 2 Vec per message)";
/// Chunk size of the census's large-chunk arenakit row.
const BIG_CHUNK: usize = 16 << 20;

/// Build and teardown times of one peer, measured in the same batches.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SplitRow {
    /// The peer.
    pub peer: &'static str,
    /// Build, nanoseconds per batch: median and range over the measured batches.
    pub build: (f64, f64, f64),
    /// Teardown (reset or dropping every message), nanoseconds per batch.
    pub teardown: (f64, f64, f64),
}

/// Build and teardown of one batch, timed separately.
struct Phases {
    sum: u64,
    build_ns: f64,
    teardown_ns: f64,
}

type SplitBatch = Box<dyn FnMut() -> Phases>;

/// Runs `build` then `teardown` on `state`, timing each.
fn timed<S>(
    state: &mut S,
    build: impl FnOnce(&mut S) -> u64,
    teardown: impl FnOnce(&mut S),
) -> Phases {
    let start = Instant::now();
    let sum = build(state);
    let built = Instant::now();
    teardown(state);
    Phases {
        sum,
        build_ns: (built - start).as_nanos() as f64,
        teardown_ns: built.elapsed().as_nanos() as f64,
    }
}

fn split_bump<A: BumpPeer + 'static>(count: usize) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut arena = A::fresh();
    let build = move |arena: &mut A| {
        let sum = build_bump(arena, sources, count);
        crate::escape(arena);
        sum
    };
    (
        A::NAME,
        Box::new(move || timed(&mut arena, build, A::reset)),
    )
}

fn split_std(count: usize) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut list = Vec::with_capacity(count);
    let build = move |list: &mut Vec<_>| build_std(list, sources, count);
    (
        SYSTEM,
        Box::new(move || timed(&mut list, build, Vec::clear)),
    )
}

fn split_in<A: Allocator + Copy + 'static>(
    name: &'static str,
    alloc: A,
    count: usize,
) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut list: ListIn<A> = Vec::with_capacity(count);
    let build = move |list: &mut ListIn<A>| build_in(list, alloc, sources, count);
    (name, Box::new(move || timed(&mut list, build, Vec::clear)))
}

/// Times build and teardown separately for every peer of the workload: [`SETTLE_BATCHES`]
/// untimed batches, then `rounds` batches per peer, interleaved with the order rotating by one per round as in
/// the harness; medians and ranges per phase. Each batch reads the clock between the build
/// and the teardown, which every peer pays alike (about 50 ns against milliseconds).
pub fn split_timings(count: usize, rounds: usize) -> Vec<SplitRow> {
    let expect = expected(count);
    let mut peers = [
        split_bump::<arenakit::Arena>(count),
        split_bump::<bumpalo::Bump>(count),
        split_bump::<BumpScope8>(count),
        split_bump::<blink_alloc::Blink>(count),
        split_std(count),
        split_in(MIMALLOC, Mi, count),
        split_in(JEMALLOC, Je, count),
    ];
    let n = peers.len();
    let mut builds = vec![Vec::with_capacity(rounds); n];
    let mut teardowns = vec![Vec::with_capacity(rounds); n];
    for round in 0..SETTLE_BATCHES + rounds {
        for slot in 0..n {
            let index = (slot + round) % n;
            let (name, batch) = &mut peers[index];
            let phases = (*batch)();
            assert_eq!(
                phases.sum, expect,
                "peer `{name}` returned a wrong checksum"
            );
            if round >= SETTLE_BATCHES {
                builds[index].push(phases.build_ns);
                teardowns[index].push(phases.teardown_ns);
            }
        }
    }
    let triple = |samples: &[f64]| {
        Summary::of(samples).map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.median, s.min, s.max))
    };
    peers
        .iter()
        .enumerate()
        .map(|(index, (peer, _))| SplitRow {
            peer,
            build: triple(&builds[index]),
            teardown: triple(&teardowns[index]),
        })
        .collect()
}

/// Batches per peer of [`split_timings`] at `scale`.
pub fn split_rounds(scale: Scale) -> usize {
    match scale {
        Scale::Quick => 3,
        Scale::Full => 5,
    }
}

/// The census and the build/teardown split at `scale` (the workload's `extra`).
pub fn extra(scale: Scale) -> Extra {
    extra_sized(count(scale), split_rounds(scale))
}

/// The census and the build/teardown split for `count` messages, `rounds` timed batches per
/// peer.
pub fn extra_sized(count: usize, rounds: usize) -> Extra {
    let installed = census::installed();
    let rows = census_rows(count);
    let split = split_timings(count, rounds);
    let markdown = render(count, rounds, installed, &rows, &split);
    let json = serde_json::json!({
        "messages": count,
        "census_installed": installed,
        "census": rows,
        "live_blocks_ratio": live_blocks_ratio(&rows),
        "split": split,
        "split_rounds": rounds,
        "seed_readme_live_objects_cited": SEED_README_LIVE_OBJECTS,
    });
    Extra {
        markdown,
        charts: Vec::new(),
        json,
    }
}

/// Peak live heap blocks of the glibc heap row divided by those of the default arenakit row
/// (new arena); `None` if either is missing or arenakit's is zero (nothing counted).
pub fn live_blocks_ratio(rows: &[CensusRow]) -> Option<f64> {
    let peak = |prefix: &str| {
        rows.iter()
            .find(|r| r.build.starts_with(prefix))
            .map(|r| r.census.peak_live)
    };
    let heap = peak(HEAP_ROW)?;
    let arena = peak(ARENAKIT_ROW)?;
    (arena > 0).then(|| heap as f64 / arena as f64)
}

/// `1234567` as `1,234,567`.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Nanoseconds as milliseconds, with more decimals for small values (a reset takes
/// microseconds).
fn millis(ns: f64) -> String {
    let ms = ns / 1e6;
    match ms {
        m if m >= 10.0 => format!("{m:.1}"),
        m if m >= 0.1 => format!("{m:.2}"),
        m => format!("{m:.4}"),
    }
}

/// The Markdown of the extra.
fn render(
    count: usize,
    rounds: usize,
    installed: bool,
    rows: &[CensusRow],
    split: &[SplitRow],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**Census**: one build of {} messages, counted by the binary's global allocator \
         (glibc underneath; the arenas are counted through the chunks they take from it). \
         Teardown is not part of it. Time: that one build (a new arena includes first-touch \
         page faults).\n",
        grouped(count as i64)
    );
    if !installed {
        out.push_str(
            "_The counting global allocator is not installed in this process (only the \
             `showdown` binary installs it), so no allocation was counted: the counts below are \
             zeros, not measurements._\n\n",
        );
    }
    out.push_str(
        "| build | allocation calls | bytes requested | peak live heap blocks | peak RSS increase | time (ms) |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.build,
            grouped(row.census.calls as i64),
            megabytes(row.census.bytes),
            grouped(row.census.peak_live),
            row.rss_increase
                .map_or_else(|| "unknown".to_owned(), megabytes),
            millis(row.build_ns as f64),
        );
    }
    out.push('\n');
    let heap = rows.iter().find(|r| r.build == HEAP_ROW);
    let arena = rows.iter().find(|r| r.build.starts_with(ARENAKIT_ROW));
    match (live_blocks_ratio(rows), heap, arena) {
        (Some(ratio), Some(heap), Some(arena)) => {
            let verdict = if ratio >= LIVE_BLOCKS_BAR {
                "met".to_owned()
            } else {
                format!(
                    "missed by {:.0}x: the default arena holds its memory in {} KiB chunks, \
                     one live block each",
                    LIVE_BLOCKS_BAR / ratio,
                    arenakit::Arena::new().chunk_size() / 1024
                )
            };
            let _ = writeln!(
                out,
                "Live heap blocks at peak, heap / arenakit: {} / {} = {}x (bar: at least \
                 {}x; {verdict}).\n",
                grouped(heap.census.peak_live),
                grouped(arena.census.peak_live),
                grouped(ratio.round() as i64),
                grouped(LIVE_BLOCKS_BAR as i64),
            );
            let big = rows
                .iter()
                .find(|r| r.build.contains("chunk_size("))
                .filter(|r| r.census.peak_live > 0);
            if let Some(big) = big {
                let _ = writeln!(
                    out,
                    "With `chunk_size({} MiB)` instead: {} / {} = {}x.\n",
                    BIG_CHUNK >> 20,
                    grouped(heap.census.peak_live),
                    grouped(big.census.peak_live),
                    grouped(
                        (heap.census.peak_live as f64 / big.census.peak_live as f64).round() as i64
                    ),
                );
            }
        }
        _ => out.push_str(
            "Live heap blocks at peak, heap / arenakit: not available (nothing was counted).\n\n",
        ),
    }

    let _ = writeln!(
        out,
        "**Build and teardown timed separately** (a separate measurement after the timed \
         rounds: the same batches, {} messages, each peer in a new warm state; the clock is \
         read between the phases; median and min-max in ms per batch over {rounds} measured \
         batches after {SETTLE_BATCHES} untimed ones; ns per message = ms per 1,000,000 \
         messages):\n",
        grouped(count as i64)
    );
    out.push_str(
        "| peer | build (ms) | teardown (ms) | build + teardown (ms) | build ns/message | teardown ns/message |\n\
         |---|---|---|---|---:|---:|\n",
    );
    let per = count.max(1) as f64;
    for row in split {
        let _ = writeln!(
            out,
            "| {} | {} ({}-{}) | {} ({}-{}) | {} | {:.1} | {:.2} |",
            row.peer,
            millis(row.build.0),
            millis(row.build.1),
            millis(row.build.2),
            millis(row.teardown.0),
            millis(row.teardown.1),
            millis(row.teardown.2),
            millis(row.build.0 + row.teardown.0),
            row.build.0 / per,
            row.teardown.0 / per,
        );
    }
    out.push('\n');

    out.push_str(&beside_go(count, rows, split));
    out
}

/// Our figures beside the seeds' Go figures: the build time per 1,000,000 messages and the
/// live heap blocks, with the Go columns cited from [`crate::go_seed`] and
/// [`SEED_README_LIVE_OBJECTS`].
fn beside_go(count: usize, rows: &[CensusRow], split: &[SplitRow]) -> String {
    let seeds = GoSeeds::get();
    let go = seeds.workload(NAME);
    let go_time = |kind| {
        go.and_then(|w| w.first(kind))
            .map_or_else(|| "-".to_owned(), GoFigure::display)
    };
    let go_objects = |prefix: &str| {
        go.and_then(|w| {
            w.figures
                .iter()
                .find(|f| f.unit == "objects" && f.label.to_lowercase().starts_with(prefix))
        })
        .map_or_else(|| "-".to_owned(), GoFigure::display)
    };
    let per = count.max(1) as f64;
    // Nanoseconds per message are milliseconds per 1,000,000 messages.
    let build = |peer: &str| {
        split
            .iter()
            .find(|r| r.peer == peer)
            .map_or_else(|| "-".to_owned(), |r| format!("{:.0} ms", r.build.0 / per))
    };
    let live = |prefix: &str| {
        rows.iter()
            .find(|r| r.build.starts_with(prefix))
            .filter(|r| r.census.calls > 0 || r.census.peak_live > 0)
            .map_or_else(|| "not counted".to_owned(), |r| grouped(r.census.peak_live))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**Beside the Go seeds.** Go columns: {} ({}; {}), and {}; cited, not measured \
         by this program. Ours: this run.\n",
        seeds.label, seeds.source, seeds.setup, SEED_README_LIVE_OBJECTS.source
    );
    out.push_str(
        "| figure | arenakit (this run) | glibc heap (this run) | Go arena (cited) | Go heap (cited) |\n\
         |---|---:|---:|---:|---:|\n",
    );
    let _ = writeln!(
        out,
        "| build time per 1,000,000 messages (ours: median build ns/message above) | {} | {} | \
         {} | {} |",
        build(ARENAKIT),
        build(SYSTEM),
        go_time(Kind::Arena),
        go_time(Kind::Heap),
    );
    let _ = writeln!(
        out,
        "| live heap blocks after the build (ours: census peak for {} messages; Go: \
         1,000,000) | {} | {} | {} | {} |",
        grouped(count as i64),
        live(ARENAKIT_ROW),
        live(HEAP_ROW),
        go_objects("go arena"),
        go_objects("go heap"),
    );
    let _ = writeln!(
        out,
        "| live objects as the seed's README reports them (1,000,000 messages) | - | - | {} | \
         {} |",
        grouped(SEED_README_LIVE_OBJECTS.arena as i64),
        grouped(SEED_README_LIVE_OBJECTS.heap as i64),
    );
    out
}

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

    #[test]
    fn extra_renders_without_the_counting_allocator() {
        let extra = extra_sized(1_000, 1);
        assert!(!census::installed());
        let md = &extra.markdown;
        assert!(md.contains("not installed"), "{md}");
        assert!(
            md.contains("| arenakit, warm (same arena, after one reset) | 0 |"),
            "{md}"
        );
        assert!(md.contains("not available"), "{md}");
        assert!(md.contains("Beside the Go seeds"), "{md}");
        assert!(md.contains("not comparable row-by-row"), "{md}");
        // The cited Go figures: PERF-NOTES.md's (via go_seed) and the README's.
        for figure in [
            "418 ms",
            "645 ms",
            "804 objects",
            "8,000,267 objects",
            "2,500,702",
        ] {
            assert!(md.contains(figure), "{figure}: {md}");
        }
        for peer in ["blink-alloc", MIMALLOC, JEMALLOC] {
            assert!(md.contains(&format!("| {peer} |")), "{md}");
        }
        assert_eq!(extra.json["messages"], 1_000);
        assert_eq!(extra.json["split"].as_array().unwrap().len(), 7);
        assert_eq!(extra.json["census"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn live_block_ratio_guards_zero() {
        let row = |build: &str, peak_live| CensusRow {
            build: build.to_owned(),
            census: Census {
                peak_live,
                ..Census::default()
            },
            rss_increase: None,
            build_ns: 0,
        };
        let arena_row = format!("{ARENAKIT_ROW}, new arena");
        let rows = [row(&arena_row, 0), row(HEAP_ROW, 8_000_001)];
        assert_eq!(live_blocks_ratio(&rows), None);
        let rows = [row(&arena_row, 80), row(HEAP_ROW, 8_000_000)];
        assert_eq!(live_blocks_ratio(&rows), Some(100_000.0));
    }

    #[test]
    fn render_judges_the_live_block_bar() {
        let row = |build: String, peak_live| CensusRow {
            build,
            census: Census {
                calls: peak_live as u64,
                peak_live,
                ..Census::default()
            },
            rss_increase: Some(1 << 20),
            build_ns: 1_000_000,
        };
        let rows = [
            row(format!("{ARENAKIT_ROW}, new arena"), 1_000),
            row("arenakit, new arena, `chunk_size(16 MiB)`".to_owned(), 7),
            row(HEAP_ROW.to_owned(), 1_600_001),
        ];
        let md = render(200_000, 3, true, &rows, &[]);
        assert!(!md.contains("not installed"), "{md}");
        assert!(md.contains("1,600,001 / 1,000 = 1,600x"), "{md}");
        assert!(md.contains("missed by 62x"), "{md}");
        assert!(md.contains("1,600,001 / 7 = 228,572x"), "{md}");
        assert!(md.contains("| 1,600,001 |"), "{md}");
        let rows = [
            row(format!("{ARENAKIT_ROW}, new arena"), 10),
            row(HEAP_ROW.to_owned(), 8_000_000),
        ];
        assert!(render(1, 1, true, &rows, &[]).contains("800,000x (bar: at least 100,000x; met)"));
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(8_000_267), "8,000,267");
        assert_eq!(grouped(-1_234), "-1,234");
    }
}
