//! Individual free and chunk reclamation: a chunk whose freeable blocks (boxes, collection
//! buffers) were all freed is reused without asking the source (the current one from its
//! start, a retired one from the spare list, or given back past `max_retained`); a plain
//! `alloc` pins its chunk until reset; and a long churn of arena collections holds a bounded
//! amount of memory instead of growing with the number of operations.

use crate::common::{CountingSource, SourceLog, addr};
use arenakit::collections::{HashMap, String, Vec};
use arenakit::source::{Heap, MemorySource};
use arenakit::{Arena, ArenaBox};
use core::alloc::Layout;
use core::ptr::NonNull;
use std::cell::Cell;
use std::sync::Arc;

/// Regular chunk size of every arena here: 4032 usable bytes, so 15 blocks of 256 bytes fill
/// one, and requests above 1008 bytes get a dedicated chunk.
const CHUNK: usize = 4096;

/// A 256-byte value: 15 of them fill a chunk.
type Block = [u64; 32];

/// An arena of `CHUNK`-byte chunks over a fresh `CountingSource`, and the source's log.
fn counted(max_retained: usize) -> (Arena<CountingSource>, Arc<SourceLog>) {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder()
        .source(source)
        .chunk_size(CHUNK)
        .max_retained(max_retained)
        .build();
    (arena, log)
}

/// Boxes `count` blocks tagged `tag..`.
fn boxes<S: MemorySource>(
    arena: &Arena<S>,
    tag: u64,
    count: u64,
) -> std::vec::Vec<ArenaBox<'_, Block, S>> {
    (tag..tag + count)
        .map(|t| arena.alloc_box([t; 32]))
        .collect()
}

/// Drops boxes in an order that is neither first-to-last nor last-to-first, so most frees
/// are of blocks that are not the newest.
fn drop_scrambled<T>(mut items: std::vec::Vec<T>) {
    let mut i = 0;
    while !items.is_empty() {
        i = (i + 7) % items.len();
        drop(items.swap_remove(i));
    }
}

/// Freeing every box of the current chunk, in any order, restarts it: `used` drops to zero
/// and the next box gets the first box's address; the source is asked once.
#[test]
fn current_chunk_restarts_when_all_its_boxes_are_freed() {
    let (arena, log) = counted(usize::MAX);
    for round in 0..3 {
        let bs = boxes(&arena, 0, 10);
        let first = ArenaBox::as_ptr(&bs[0]);
        assert_eq!(arena.stats().used, 10 * 256);
        drop_scrambled(bs);
        assert_eq!(arena.stats().used, 0, "round {round}");
        let again = arena.alloc_box([7u64; 32]);
        assert_eq!(ArenaBox::as_ptr(&again), first, "round {round}");
    }
    assert_eq!(log.allocations(), 1);

    // Frees in every order end in the same restart.
    for order in [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ] {
        let mut bs: std::vec::Vec<_> = boxes(&arena, 0, 3).into_iter().map(Some).collect();
        for i in order {
            bs[i] = None;
        }
        assert_eq!(arena.stats().used, 0, "order {order:?}");
    }
    assert_eq!(log.allocations(), 1);
}

/// A retired chunk whose boxes were all freed goes to the spare list (`regular_chunks`
/// drops, `retained` grows, `held` stays) and the next refill takes it instead of asking the
/// source; its memory is handed out from the start again.
#[test]
fn retired_chunk_is_reused_when_all_its_boxes_are_freed() {
    let (arena, log) = counted(usize::MAX);
    let first = boxes(&arena, 0, 15);
    let first_ptr = ArenaBox::as_ptr(&first[0]);
    assert_eq!(arena.stats().regular_chunks, 1);
    let keep = arena.alloc_box([99u64; 32]);
    let s = arena.stats();
    assert_eq!(
        (s.regular_chunks, s.used, log.allocations()),
        (2, 16 * 256, 2)
    );
    assert_eq!(s.wasted, 4032 - 15 * 256);

    drop_scrambled(first);
    let s = arena.stats();
    assert_eq!(s.regular_chunks, 1);
    assert_eq!(s.used, 256);
    assert_eq!(s.wasted, 0);
    assert_eq!(s.retained, CHUNK);
    assert_eq!(s.held, 2 * CHUNK);
    assert!(!arena.contains(first_ptr));

    // 14 more fit beside `keep`; the 15th needs a refill, served by the spare chunk.
    let more = boxes(&arena, 100, 14);
    assert_eq!(arena.stats().regular_chunks, 1);
    let refilled = arena.alloc_box([200u64; 32]);
    assert_eq!(ArenaBox::as_ptr(&refilled), first_ptr);
    assert_eq!(
        log.allocations(),
        2,
        "the source was asked despite a spare chunk"
    );
    let s = arena.stats();
    assert_eq!((s.regular_chunks, s.retained, s.held), (2, 0, 2 * CHUNK));
    assert!(
        more.iter()
            .enumerate()
            .all(|(i, b)| b[31] == 100 + i as u64)
    );
    assert_eq!((keep[0], refilled[31]), (99, 200));
}

/// Plain values (`alloc`, `alloc_str`, `alloc_owned`, slices) live in chunks of their own,
/// so they never pin a chunk of boxes: freeing all the boxes of a chunk reclaims it even with
/// plain values allocated between them, and the newest box still rolls back.
#[test]
fn plain_values_never_pin_chunks_of_boxes() {
    for pin in 0..4 {
        let (arena, log) = counted(usize::MAX);
        let mut first = boxes(&arena, 0, 7);
        match pin {
            0 => {
                arena.alloc(1u8);
            }
            1 => {
                arena.alloc_str("plain");
            }
            2 => {
                arena.alloc_owned(std::string::String::from("owned"));
            }
            _ => {
                arena.alloc_slice_copy(&[1u16, 2, 3]);
            }
        }
        first.extend(boxes(&arena, 7, 8)); // 15 boxes: the first chunk of boxes is full
        let keep = boxes(&arena, 99, 1); // starts a second one
        // Two chunks of boxes and one of plain values.
        assert_eq!((arena.stats().regular_chunks, log.allocations()), (3, 3));
        drop_scrambled(first);
        let s = arena.stats();
        assert_eq!((s.regular_chunks, s.retained), (2, CHUNK), "pin {pin}");
        let more = boxes(&arena, 100, 15); // 14 fit beside `keep`, the 15th takes the spare
        assert_eq!(
            log.allocations(),
            3,
            "pin {pin}: the freed chunk was not reused"
        );
        drop((keep, more));
    }

    let (arena, _log) = counted(usize::MAX);
    let a = arena.alloc_box([1u64; 32]);
    let plain = arena.alloc(5u64);
    let a_at = ArenaBox::as_ptr(&a);
    drop(a);
    assert_eq!(arena.stats().used, 8);
    let b = arena.alloc_box([2u64; 32]);
    assert_eq!(
        ArenaBox::as_ptr(&b),
        a_at,
        "the newest box did not roll back"
    );
    assert_eq!((*plain, b[0]), (5, 2));
}

/// Past `max_retained`, a reclaimed chunk stays spare until the next chunk is taken from the
/// source or the next reset, which give it back: a free never calls the source (a panicking
/// source must not unwind out of `grow`/`shrink`, see `source_panics`).
#[test]
fn reclaimed_chunk_past_max_retained_goes_back_at_the_next_acquire_or_reset() {
    let (arena, log) = counted(0);
    let first = boxes(&arena, 0, 15);
    let _keep = arena.alloc_box([0u64; 32]);
    assert_eq!(log.live_chunks(), 2);
    drop_scrambled(first);
    assert_eq!(log.deallocations(), 0, "a free called the source");
    let s = arena.stats();
    assert_eq!(
        (s.held, s.retained, s.regular_chunks),
        (2 * CHUNK, CHUNK, 1)
    );
    // A dedicated request takes a new chunk from the source: the spare goes back first.
    let _big = arena.alloc_box([1u64; 600]);
    assert_eq!(log.deallocations(), 1);
    let s = arena.stats();
    assert_eq!(
        (s.retained, s.regular_chunks, s.dedicated_chunks),
        (0, 1, 1)
    );
    assert_eq!(s.held, log.live_bytes());

    // With room for one chunk, the first reclaimed chunk is kept and the second given back
    // at the reset.
    let (mut arena, log) = counted(CHUNK);
    let first = boxes(&arena, 0, 15);
    let second = boxes(&arena, 15, 15);
    let keep = arena.alloc_box([0u64; 32]);
    assert_eq!(log.live_chunks(), 3);
    drop_scrambled(first);
    assert_eq!((log.deallocations(), arena.stats().retained), (0, CHUNK));
    drop_scrambled(second);
    assert_eq!(
        (log.deallocations(), arena.stats().retained),
        (0, 2 * CHUNK)
    );
    drop(keep);
    arena.reset();
    assert_eq!(log.deallocations(), 2);
    assert_eq!(arena.stats().held, CHUNK);
    assert_eq!(arena.stats().held, log.live_bytes());
}

/// A box too large for a regular chunk gets a dedicated one, which goes to the dedicated
/// spare list when freed and serves the next large request; a plain large allocation keeps
/// its dedicated chunk until reset.
#[test]
fn dedicated_chunk_of_a_freed_box_is_reused() {
    let (arena, log) = counted(usize::MAX);
    let big = arena.alloc_box([3u64; 200]); // 1600 bytes: dedicated
    let s = arena.stats();
    assert_eq!((s.dedicated_chunks, s.regular_chunks, s.used), (1, 0, 1600));
    let held = s.held;
    drop(big);
    let s = arena.stats();
    assert_eq!((s.dedicated_chunks, s.used, s.held), (0, 0, held));
    assert_eq!(s.retained, held);
    for round in 0..10u64 {
        let again = arena.alloc_box([round; 200]);
        assert_eq!(again[199], round);
        let smaller = arena.alloc_box([round; 150]); // no spare fits: a new chunk
        drop((again, smaller));
    }
    assert_eq!(
        log.allocations(),
        2,
        "freed dedicated chunks were not reused"
    );
    assert_eq!(arena.stats().dedicated_chunks, 0);

    // A plain large allocation takes a spare dedicated chunk (the one freed last, which
    // fits) and keeps it.
    let plain = arena.alloc_slice_copy(&[9u64; 150]);
    let boxed = arena.alloc_box([8u64; 200]);
    drop(boxed);
    let s = arena.stats();
    assert_eq!(s.dedicated_chunks, 1);
    assert_eq!(plain[149], 9);
    assert_eq!(log.allocations(), 2);

    // Past `max_retained`, a freed dedicated chunk goes back to the source at the reset.
    let (mut arena, log) = counted(0);
    drop(arena.alloc_box([1u64; 1000]));
    assert_eq!((log.allocations(), log.deallocations()), (1, 0));
    arena.reset();
    assert_eq!((log.allocations(), log.deallocations()), (1, 1));
    assert_eq!(arena.stats().held, 0);
}

/// A leaked box stays allocated and pins its chunk until reset, which reuses it as usual.
#[test]
fn leaked_box_pins_its_chunk_until_reset() {
    let (mut arena, log) = counted(usize::MAX);
    let first = boxes(&arena, 0, 14);
    let leaked = ArenaBox::leak(arena.alloc_box([5u64; 32]));
    leaked[0] = 6;
    assert_eq!(arena.stats().regular_chunks, 1);
    let keep = arena.alloc_box([0u64; 32]);
    assert_eq!(arena.stats().regular_chunks, 2);
    drop(first);
    let s = arena.stats();
    assert_eq!(
        (s.regular_chunks, s.retained),
        (2, 0),
        "a chunk with a leaked box was reclaimed"
    );
    drop(keep);
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    let again = boxes(&arena, 0, 30);
    assert_eq!(arena.stats().regular_chunks, 2);
    assert_eq!(log.allocations(), 2);
    drop(again);
}

/// Fills the rest of the current chunk exactly with byte vectors (each below the dedicated
/// threshold).
fn fill_rest<S: MemorySource>(
    arena: &Arena<S>,
    used_in_current: usize,
) -> std::vec::Vec<Vec<'_, u8, S>> {
    let mut room = 4032 - used_in_current;
    let mut fillers = std::vec::Vec::new();
    while room > 0 {
        let n = room.min(1000);
        fillers.push(arena.vec_with_capacity(n));
        room -= n;
    }
    fillers
}

/// Collections free their buffers the same way: a chunk whose vectors, strings and maps were
/// all dropped (or moved away when they grew) is reused from the spare list.
#[test]
fn collection_buffers_free_their_chunk() {
    let (arena, log) = counted(usize::MAX);
    // Chunk 1: vectors, a string and a map, each of at most 512 bytes, then fillers.
    let mut vecs: std::vec::Vec<Vec<'_, u64, CountingSource>> = (0..5)
        .map(|i| {
            let mut v = arena.vec_with_capacity(32);
            v.extend(i * 100..i * 100 + 32);
            v
        })
        .collect();
    let mut s = String::from_str_in("a string in the first chunk", &arena);
    let mut map: HashMap<'_, u32, u32, CountingSource> = arena.map_with_capacity(8);
    map.extend((0..8).map(|i| (i, i * i)));
    let fillers = fill_rest(&arena, arena.stats().used);
    assert_eq!(arena.stats().used, 4032);
    assert_eq!(arena.stats().regular_chunks, 1);
    let spill = arena.alloc_box(0u64);
    assert_eq!(arena.stats().regular_chunks, 2);

    // Growing a collection that is not the newest moves it to chunk 2 and frees its old
    // buffer.
    vecs[0].reserve(40);
    assert!(vecs[0].iter().copied().eq(0..32));
    s.push_str(&"x".repeat(200));
    map.extend((8..40).map(|i| (i, i * i)));
    assert_eq!(arena.stats().regular_chunks, 2);
    vecs.truncate(1);
    assert_eq!(arena.stats().regular_chunks, 2);
    drop(fillers);
    assert_eq!(arena.stats().regular_chunks, 1, "chunk 1 was not reclaimed");
    assert_eq!(arena.stats().retained, CHUNK);
    assert_eq!(s.len(), 227);
    assert_eq!(map.get(&39), Some(&1521));

    // The next refill takes chunk 1 back.
    let fillers = fill_rest(&arena, arena.stats().used);
    let next = arena.alloc_box(1u64);
    assert_eq!(arena.stats().regular_chunks, 2);
    assert_eq!(log.allocations(), 2);
    drop((vecs, s, map, spill, fillers, next));
    assert_eq!(arena.stats().used, 0);
}

/// 256 bytes of freeable memory (the chunks boxes live in), handed out without being written.
fn allocate_256(arena: &Arena) -> NonNull<[u8; 256]> {
    use allocator_api2::alloc::Allocator;
    arena
        .allocate(Layout::new::<[u8; 256]>())
        .expect("the arena has memory")
        .cast()
}

/// With `zero_on_reset(true)`, a box freed in the current chunk (which restarts) does not
/// survive a reset: its bytes read as zero when handed out again.
#[test]
fn zeroing_reset_wipes_a_restarted_current_chunk() {
    let mut arena = Arena::builder()
        .chunk_size(CHUNK)
        .zero_on_reset(true)
        .build();
    let secret = arena.alloc_box([0xA5u8; 256]);
    let at = addr(ArenaBox::as_ptr(&secret));
    drop(secret);
    assert_eq!(arena.stats().used, 0);
    arena.reset();
    // Freeable memory, handed out without being written (`alloc_box` would write its value).
    let reused = allocate_256(&arena);
    assert_eq!(reused.addr().get(), at);
    // SAFETY: the bytes were written by the box before the reset (and zeroed by it), so
    // they are initialised, and nothing else uses the block.
    let bytes = unsafe { reused.read() };
    assert!(
        bytes.iter().all(|&b| b == 0),
        "a freed box survived a zeroing reset"
    );
}

/// With `zero_on_reset(true)`, a retired chunk reclaimed during a round (all its boxes
/// freed, so it waits on the spare list) does not carry that round's data past the reset:
/// `reset_zeroed` promises that no data of the round survives in memory it reuses.
#[test]
fn zeroing_reset_wipes_reclaimed_chunks() {
    let mut arena = Arena::builder()
        .chunk_size(CHUNK)
        .zero_on_reset(true)
        .build();
    let secrets: std::vec::Vec<_> = (0..15).map(|_| arena.alloc_box([0xA5u8; 256])).collect();
    let at = addr(ArenaBox::as_ptr(&secrets[0]));
    let keep = arena.alloc_box([0u8; 256]);
    assert_eq!(arena.stats().regular_chunks, 2);
    drop(secrets); // chunk 1 goes to the spare list, its bytes untouched
    assert_eq!(arena.stats().regular_chunks, 1);
    drop(keep);
    arena.reset();
    // Hand out memory until chunk 1 comes back.
    let mut found = false;
    for _ in 0..64 {
        let slots = allocate_256(&arena);
        if slots.addr().get() == at {
            // SAFETY: the bytes were written by a box before the reset (or zeroed by it), so
            // they are initialised, and nothing else uses the block.
            let bytes = unsafe { slots.read() };
            assert!(
                bytes.iter().all(|&b| b == 0),
                "data of a freed box survived a zeroing reset: {:#x?}",
                &bytes[..4]
            );
            found = true;
            break;
        }
    }
    assert!(found, "the reclaimed chunk was not handed out again");
}

/// A source over `Heap` that hands out zero-filled chunks and, when a chunk comes back,
/// notes whether its data part (past the 64-byte chunk header) still holds eight
/// consecutive `SECRET` bytes.
#[derive(Default)]
struct ScanningSource {
    returned: Cell<usize>,
    returned_with_secret: Cell<usize>,
}

/// The byte the secrets are made of.
const SECRET: u8 = 0xA5;

/// The chunk header's size (documented by `ArenaBuilder::chunk_size`): the scan skips it,
/// since the header's padding bytes are uninitialised.
const HEADER: usize = 64;

// SAFETY: every block comes from `Heap`, which upholds the contract, and goes back to it with
// the same layout; the scan only reads the block, which the arena gave up.
unsafe impl MemorySource for ScanningSource {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        let block = Heap.allocate(layout)?;
        // SAFETY: the fresh block holds `layout.size()` writable bytes; zero-filling them
        // initialises every byte the arena does not write itself.
        unsafe { block.write_bytes(0, layout.size()) };
        Some(block)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: every chunk is larger than its header, so the offset stays in the block.
        let start = unsafe { ptr.as_ptr().add(HEADER) };
        // SAFETY: the block came from `allocate` with this layout (caller) and nothing uses it
        // any more. Past the header (which the arena writes as a struct, padding included)
        // every byte is initialised: zeroed in `allocate`, then written by the arena only with
        // the tests' byte arrays or zeros.
        let data = unsafe { core::slice::from_raw_parts(start, layout.size() - HEADER) };
        let secret = data.windows(8).any(|w| w.iter().all(|&b| b == SECRET));
        self.returned.set(self.returned.get() + 1);
        self.returned_with_secret
            .set(self.returned_with_secret.get() + usize::from(secret));
        // SAFETY: forwarded as received.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

/// With `zero_on_reset(true)`, a chunk freed back to the source during the round (past
/// `max_retained`), regular or dedicated, is wiped first, like every chunk given back.
#[test]
fn zeroing_arena_wipes_chunks_it_gives_back() {
    let source = ScanningSource::default();
    let arena = Arena::builder()
        .source(&source)
        .chunk_size(CHUNK)
        .max_retained(0)
        .zero_on_reset(true)
        .build();
    let secrets: std::vec::Vec<_> = (0..15).map(|_| arena.alloc_box([SECRET; 256])).collect();
    // Too large for the rest of chunk 1 and for a refill: a dedicated chunk.
    let big = arena.alloc_box([SECRET; 2000]);
    let keep = arena.alloc_box([0x11u8; 256]);
    let s = arena.stats();
    assert_eq!((s.regular_chunks, s.dedicated_chunks), (2, 1));
    drop(secrets);
    drop(big);
    // The emptied chunks go back at the next chunk taken from the source.
    let next = arena.alloc_box([0x22u8; 5000]);
    assert_eq!(
        source.returned.get(),
        2,
        "the freed chunks were not given back"
    );
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "a chunk went back with its data"
    );
    drop((keep, next));
    drop(arena);
    assert_eq!(source.returned.get(), 4);
    assert_eq!(source.returned_with_secret.get(), 0);
}

// --- the reclamation bound ------------------------------------------------------------------

/// Vectors in the churn.
const VECS: usize = 100;
/// Longest vector: 48 `u64`s, so a buffer (capacity at most 94 after doubling) stays below
/// the 1008-byte dedicated threshold and lives in regular chunks.
const MAX_LEN: usize = 48;
/// Keys of the map: at most this many strings are live.
const KEYS: u32 = 256;
/// Longest string value, also after growing in place.
const MAX_STR: usize = 96;
/// Text the strings are cut from.
const TEXT: &str = "the quick brown fox jumps over the lazy dog; pack my box with five dozen \
                    liquor jugs! sphinx of black quartz, judge my vow.";

/// Upper bound on `stats().held` during the churn, in bytes: 1 601 536 (about 1.53 MiB),
/// whatever the number of operations.
///
/// A regular chunk other than the current one stays in use only while it holds a live block
/// (the churn makes no plain allocation, so a chunk whose blocks are all freed is reclaimed),
/// and spare chunks are reused before the source is asked, so the regular chunks held never
/// exceed the most chunks in use at once: at most one per live block plus the current one.
/// Live blocks: the 100 vector buffers, at most 256 strings, the map's table, and one more
/// for a moment while a buffer moves or is replaced: 358, so 359 chunks of 4 KiB. The map's
/// tables of 32 buckets or more (above 1008 bytes) live in dedicated chunks; a freed one waits
/// on the dedicated spare list and a new one is taken only when no spare fits, so at most one
/// per power-of-two size up to the largest (1024 buckets, 33 KiB): below 128 KiB in all.
const BOUND: usize = (VECS + KEYS as usize + 1 + 1 + 1) * CHUNK + 128 * 1024;

/// SplitMix64: a small deterministic generator, so every run does the same operations.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// What a churn run observed.
#[derive(Debug)]
struct Churn {
    /// The largest `stats().held` seen after any operation.
    max_held: usize,
    /// `stats().held` at every tenth of the run.
    held_at: std::vec::Vec<usize>,
    /// Bytes of the buffers the run dropped (replaced vectors, replaced and removed strings):
    /// an arena that never reuses freed memory holds at least this much, since those buffers
    /// are all distinct blocks.
    dropped_bytes: usize,
    /// Plain 8-byte allocations made to pin chunks.
    pins: usize,
}

/// `ops` random operations on 100 arena vectors (push, pop, replace by a fresh vector) and an
/// arena map of arena strings (insert or replace, remove, grow a value in place), with the
/// live size bounded by `MAX_LEN`, `KEYS` and `MAX_STR`. A leaked box every `pin_every`
/// operations (0: never) pins the chunks, making them unreclaimable. Checks the collections'
/// contents against a cheap shadow at the end, then drops them all and checks that every
/// freed block was given back.
fn churn<S: MemorySource>(arena: &Arena<S>, ops: usize, pin_every: usize) -> Churn {
    let mut rng = SplitMix(0x5eed_c0ff_ee00);
    let mut vecs: std::vec::Vec<Vec<'_, u64, S>> = (0..VECS).map(|_| arena.vec()).collect();
    let mut map: HashMap<'_, u32, String<'_, S>, S> = arena.map();
    // Shadows: the sum of all vector elements, and each key's string length (or none).
    let mut sum = 0u64;
    let mut lens = [None::<usize>; KEYS as usize];
    let mut out = Churn {
        max_held: 0,
        held_at: std::vec::Vec::new(),
        dropped_bytes: 0,
        pins: 0,
    };
    for op in 0..ops {
        let r = rng.next();
        let i = (r >> 8) as usize % VECS;
        let key = (r >> 24) as u32 % KEYS;
        let n = (r >> 40) as usize;
        match r % 8 {
            0..=2 => {
                let v = &mut vecs[i];
                if v.len() < MAX_LEN {
                    let x = r >> 48;
                    v.push(x);
                    sum = sum.wrapping_add(x);
                } else {
                    sum = sum.wrapping_sub(v.pop().unwrap());
                }
            }
            3 => {
                if let Some(x) = vecs[i].pop() {
                    sum = sum.wrapping_sub(x);
                }
            }
            4 => {
                let len = n % (MAX_LEN + 1);
                let mut fresh = arena.vec_with_capacity(len);
                fresh.extend((0..len as u64).map(|j| j ^ (r >> 48)));
                let old = core::mem::replace(&mut vecs[i], fresh);
                sum = vecs[i]
                    .iter()
                    .fold(sum, |s, &x| s.wrapping_add(x))
                    .wrapping_sub(old.iter().fold(0, |s: u64, &x| s.wrapping_add(x)));
                out.dropped_bytes += old.capacity() * size_of::<u64>();
            }
            5 => {
                let len = n % (MAX_STR / 2 + 1);
                let value = String::from_str_in(&TEXT[..len], arena);
                if let Some(old) = map.insert(key, value) {
                    out.dropped_bytes += old.capacity();
                }
                lens[key as usize] = Some(len);
            }
            6 => {
                if let Some(old) = map.remove(&key) {
                    out.dropped_bytes += old.capacity();
                    lens[key as usize] = None;
                }
            }
            _ => {
                if let Some(s) = map.get_mut(&key) {
                    let add = n % 17;
                    if s.len() + add <= MAX_STR {
                        s.push_str(&TEXT[..add]);
                    } else {
                        s.truncate(0);
                    }
                    lens[key as usize] = Some(s.len());
                }
            }
        }
        if pin_every != 0 && op % pin_every == 0 {
            // A box never freed: a live block pins its chunk.
            ArenaBox::leak(arena.alloc_box(0u64));
            out.pins += 1;
        }
        let held = arena.stats().held;
        out.max_held = out.max_held.max(held);
        if (op + 1) % (ops / 10).max(1) == 0 {
            out.held_at.push(held);
        }
    }

    let total = vecs.iter().flatten().fold(0u64, |s, &x| s.wrapping_add(x));
    assert_eq!(total, sum, "vector contents diverged from the shadow");
    assert!(vecs.iter().all(|v| v.len() <= MAX_LEN));
    for (key, len) in lens.iter().enumerate() {
        let value = map.get(&(key as u32));
        assert_eq!(value.map(|s| s.len()), *len, "key {key}");
        if let Some(s) = value {
            assert!(s.bytes().all(|b| TEXT.as_bytes().contains(&b)));
        }
    }
    assert_eq!(map.len(), lens.iter().flatten().count());
    drop((vecs, map));
    if pin_every == 0 {
        // Every block was freed: nothing is in use but the (restarted) current chunk.
        let s = arena.stats();
        assert_eq!(s.used, 0, "freed blocks stayed allocated: {s:?}");
        assert_eq!(s.dedicated_chunks, 0);
        assert!(s.regular_chunks <= 1);
        assert_eq!(s.retained + s.regular_chunks * CHUNK, s.held);
    }
    out
}

/// Operations of the bounded churn: `ARENAKIT_CHURN_OPS` if set (a slow runner such as
/// valgrind may lower it; the test insists on enough operations to be meaningful), else
/// 10 000 000, which takes a few seconds in a debug build.
fn churn_ops() -> usize {
    std::env::var("ARENAKIT_CHURN_OPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000_000)
}

/// The churn of 10 000 000 operations (push, pop, replace on 100 arena vectors and an arena
/// map of arena strings, live size bounded) never holds more than [`BOUND`] = 1 601 536
/// bytes from its source, while the buffers it drops, all of which an arena that never
/// reuses freed memory would still hold, add up to more than ten times that (about 445 MB).
#[test]
fn churn_holds_bounded_memory() {
    let ops = churn_ops();
    let (arena, log) = counted(usize::MAX);
    let run = churn(&arena, ops, 0);
    eprintln!(
        "churn of {ops} ops: max held {} bytes (bound {BOUND}), held at tenths {:?}, \
         dropped buffers {} bytes, {} chunks from the source",
        run.max_held,
        run.held_at,
        run.dropped_bytes,
        log.allocations()
    );
    assert!(
        run.max_held <= BOUND,
        "held {} bytes, above the bound of {BOUND}",
        run.max_held
    );
    assert_eq!(arena.stats().held, log.live_bytes());
    // Not trivially true: the buffers dropped alone are many times the bound.
    assert!(
        run.dropped_bytes > 10 * BOUND,
        "{ops} operations are too few to tell: {} bytes dropped",
        run.dropped_bytes
    );
}

/// The control: the same churn on an arena whose chunks are all pinned by a leaked 8-byte box
/// every 8 operations (a chunk fills in far more operations than that) cannot
/// reuse freed chunks, and what it holds grows with the number of operations, past the bound.
#[test]
fn churn_without_reclamation_grows() {
    const OPS: usize = 200_000;
    let (arena, _log) = counted(usize::MAX);
    let run = churn(&arena, OPS, 8);
    eprintln!(
        "pinned churn of {OPS} ops: held at tenths {:?}",
        run.held_at
    );
    let pins = run.pins * 8;
    let held = *run.held_at.last().unwrap();
    assert!(
        held - pins > 4 * BOUND,
        "a pinned arena held only {held} bytes ({pins} of them pins)"
    );
    // Growth all along: every tenth of the run took more memory than the last.
    assert!(
        run.held_at.windows(2).all(|w| w[1] > w[0]),
        "{:?}",
        run.held_at
    );
    let half = run.held_at[4];
    assert!(
        held >= half * 3 / 2,
        "held {half} at half time, {held} at the end"
    );
}

// --- regressions found by the unsafe-code audit ---------------------------------------------

/// With `zero_on_reset(true)`, dropping the arena wipes what the current chunk holds before it
/// goes back to the source (the current chunk's written end used to be unrecorded at drop).
#[test]
fn zeroing_arena_wipes_its_current_chunk_on_drop() {
    let source = ScanningSource::default();
    let arena = Arena::builder()
        .source(&source)
        .chunk_size(CHUNK)
        .zero_on_reset(true)
        .build();
    arena.alloc([SECRET; 64]);
    drop(arena);
    assert_eq!(source.returned.get(), 1);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "the chunk went back with its data"
    );
}

/// The same for a `SyncArena`, whose threads each hold a chunk of their own.
#[test]
fn zeroing_sync_arena_wipes_its_shards_on_drop() {
    let source = ScanningSource::default();
    let arena = arenakit::SyncArena::builder()
        .source(&source)
        .chunk_size(CHUNK)
        .zero_on_reset(true)
        .build();
    arena.alloc([SECRET; 64]);
    drop(arena);
    assert!(source.returned.get() >= 1);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "a chunk went back with its data"
    );
}

/// A `reset` that keeps its single chunk (the O(1) path) still records what was written, so a
/// later `reset_zeroed` wipes the first round's data too.
#[test]
fn reset_zeroed_after_a_fast_reset_wipes_earlier_rounds() {
    let source = ScanningSource::default();
    let mut arena = Arena::builder().source(&source).chunk_size(CHUNK).build();
    arena.alloc([SECRET; 64]);
    arena.reset(); // O(1): the chunk stays current
    arena.alloc(0u64); // this round writes less than the last one
    arena.reset_zeroed();
    drop(arena);
    assert_eq!(source.returned.get(), 1);
    assert_eq!(
        source.returned_with_secret.get(),
        0,
        "the first round's data survived"
    );
}
