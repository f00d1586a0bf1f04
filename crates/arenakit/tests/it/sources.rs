//! Memory sources: a `MemorySource` implemented outside the crate (counting, failing on
//! demand), `Fixed` over local and static buffers, and `Mmap` with huge pages and populate.

use crate::common::{CountingSource, addr};
use arenakit::source::{Fixed, MemorySource};
use arenakit::{AllocErrorKind, Arena};
use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// A mix of small, mid-size and large requests; returns each block's address range.
fn workload<S: MemorySource>(arena: &Arena<S>, rounds: usize) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    for i in 0..rounds {
        let small = arena.alloc(i as u64);
        blocks.push(addr(small)..addr(small) + 8);
        let text = arena.alloc_str("a string of some length");
        blocks.push(addr(text)..addr(text) + text.len());
        let len = if i % 10 == 9 { 20_000 } else { 300 };
        let bytes = arena.alloc_slice_fill_with(len, |j| j as u8);
        blocks.push(addr(bytes)..addr(bytes) + len);
    }
    blocks
}

/// A source implemented outside the crate serves the arena, and every chunk goes back to it
/// when the arena drops (regular, dedicated, retained and reserved ones).
#[test]
fn custom_source_gets_every_chunk_back() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(4096).build();
    let blocks = workload(&arena, 50);
    assert!(blocks.iter().all(|b| log.owns(b.start, b.len())));
    assert!(arena.stats().dedicated_chunks > 0);
    assert_eq!(arena.stats().held, log.live_bytes());
    arena.reset();
    arena.reserve(100_000);
    workload(&arena, 5);
    // Plain chunks double from 4 KiB, dedicated ones and the reserved one come on top.
    assert!(log.live_chunks() > 5, "{} chunks", log.live_chunks());
    drop(arena);
    assert_eq!((log.live_chunks(), log.live_bytes()), (0, 0));
    assert_eq!(log.allocations(), log.deallocations());
}

/// A shared reference to a source is a source too; the chunks go back through it.
#[test]
fn source_by_reference() {
    let source = CountingSource::new();
    {
        let arena = Arena::builder().source(&source).build();
        workload(&arena, 20);
        assert!(source.log().live_chunks() > 0);
    }
    assert_eq!(source.log().live_chunks(), 0);
}

/// The source's chunk size hint sets the default chunk size; an explicit size wins.
#[test]
fn source_chunk_size_hint() {
    let hinted = Arena::builder()
        .source(CountingSource::new().with_hint(8192))
        .build();
    assert_eq!(hinted.chunk_size(), 8192);
    let explicit = Arena::builder()
        .chunk_size(1024)
        .source(CountingSource::new().with_hint(8192))
        .build();
    assert_eq!(explicit.chunk_size(), 1024);
}

/// A source that runs dry yields `SourceExhausted`; the arena keeps serving from the chunks
/// it has, and frees them all on drop.
#[test]
fn failing_source_is_source_exhausted() {
    let source = CountingSource::failing_after(3);
    let log = source.log();
    let arena = Arena::builder().source(source).chunk_size(1024).build();
    let mut served = 0;
    let err = loop {
        match arena.try_alloc([0u64; 16]) {
            Ok(_) => served += 1,
            Err(err) => break err,
        }
    };
    assert_eq!(err.kind(), AllocErrorKind::SourceExhausted);
    assert_eq!(err.size(), 128);
    // Plain chunks double: 1, 2 and 4 KiB, of 960, 1984 and 4032 usable bytes.
    assert_eq!(
        served,
        960 / 128 + 1984 / 128 + 4032 / 128,
        "3 growing chunks: 7 + 15 + 31 blocks"
    );
    let big = arena.try_alloc_uninit_slice::<u8>(10_000).unwrap_err();
    assert_eq!(big.kind(), AllocErrorKind::SourceExhausted);
    assert!(log.refusals() >= 2);
    let first = arena.alloc_slice_copy(&[1u8; 64]);
    assert_eq!(
        first.len(),
        64,
        "the free tail of the last chunk is still usable"
    );
    drop(arena);
    assert_eq!(log.live_chunks(), 0);
}

/// The panicking twin of a request the source cannot serve panics with a clear message.
#[test]
#[should_panic(expected = "the memory source has no more memory")]
fn failing_source_panics_clearly() {
    let arena = Arena::builder()
        .source(CountingSource::failing_after(0))
        .build();
    arena.alloc(1u8);
}

/// Allocates until the first failure (which must be `SourceExhausted`); returns the blocks.
fn fill<S: MemorySource>(arena: &Arena<S>) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    for i in 0usize.. {
        let len = [24, 200, 1000, 3000][i % 4];
        match arena.try_alloc_slice_fill_with(len, |j| (i + j) as u8) {
            Ok(bytes) => blocks.push(addr(bytes)..addr(bytes) + len),
            Err(err) => {
                assert_eq!(err.kind(), AllocErrorKind::SourceExhausted);
                return blocks;
            }
        }
    }
    unreachable!()
}

/// `Fixed` over a local buffer: every allocation lies inside it, a full buffer is an error,
/// and reset reuses the memory (the same allocations fit again, in the same places).
#[test]
fn fixed_over_local_buffer() {
    let mut buffer = vec![0u8; 64 * 1024];
    let inside = addr(buffer.as_ptr())..addr(buffer.as_ptr()) + buffer.len();
    let mut arena = Arena::builder().source(Fixed::new(&mut buffer)).build();
    assert_eq!(arena.source().capacity(), 64 * 1024);
    let first = fill(&arena);
    assert!(first.len() > 20);
    for block in &first {
        assert!(
            inside.start <= block.start && block.end <= inside.end,
            "{block:?}"
        );
    }
    let remaining = arena.source().remaining();
    for _ in 0..3 {
        arena.reset();
        assert_eq!(fill(&arena), first, "reset did not reuse the buffer");
        assert_eq!(arena.source().remaining(), remaining);
    }
    drop(arena);
    buffer[0] = 1; // the buffer is ours again
}

/// `Fixed` with nothing retained: chunks go back to the buffer at reset and are taken
/// again, round after round, without running out.
#[test]
fn fixed_without_retention_reuses_buffer() {
    let mut buffer = [0u8; 32 * 1024];
    let inside = addr(buffer.as_ptr())..addr(buffer.as_ptr()) + buffer.len();
    let mut arena = Arena::builder()
        .source(Fixed::new(&mut buffer))
        .chunk_size(2048)
        .max_retained(0)
        .build();
    for round in 0..20 {
        let blocks = workload(&arena, 3 + round % 10);
        assert!(
            blocks
                .iter()
                .all(|b| inside.contains(&b.start) && b.end <= inside.end)
        );
        arena.reset();
        assert_eq!(arena.stats().held, 0);
    }
}

/// A static buffer handed out once as `&'static mut`.
struct StaticBuffer {
    taken: AtomicBool,
    bytes: UnsafeCell<[MaybeUninit<u8>; 32 * 1024]>,
}

// SAFETY: the bytes are only reached through `take`, which hands them out at most once.
unsafe impl Sync for StaticBuffer {}

impl StaticBuffer {
    #[expect(
        clippy::mut_from_ref,
        reason = "the flag hands the bytes out only once"
    )]
    fn take(&'static self) -> &'static mut [MaybeUninit<u8>] {
        assert!(
            !self.taken.swap(true, Ordering::SeqCst),
            "buffer taken twice"
        );
        // SAFETY: the flag above lets this run once, so this is the only reference ever made
        // to the bytes, and the static lives forever.
        unsafe { &mut *self.bytes.get() }
    }
}

static STATIC_BUFFER: StaticBuffer = StaticBuffer {
    taken: AtomicBool::new(false),
    bytes: UnsafeCell::new([MaybeUninit::uninit(); 32 * 1024]),
};

/// `Fixed::from_uninit` over a `'static` buffer, never initialised by the caller: every
/// allocation lies inside it, exhaustion is an error, and reset reuses the memory.
#[test]
fn fixed_over_static_uninit_buffer() {
    let buffer = STATIC_BUFFER.take();
    let inside = addr(buffer.as_ptr())..addr(buffer.as_ptr()) + buffer.len();
    let mut arena: Arena<Fixed<'static>> = Arena::builder()
        .source(Fixed::from_uninit(buffer))
        .zero_on_reset(true)
        .build();
    let first = fill(&arena);
    assert!(!first.is_empty());
    assert!(
        first
            .iter()
            .all(|b| inside.start <= b.start && b.end <= inside.end)
    );
    arena.reset();
    assert_eq!(fill(&arena), first);
    let moved = std::thread::spawn(move || {
        arena.reset();
        fill(&arena)
    });
    assert_eq!(moved.join().unwrap(), first);
}

/// `Mmap` with huge pages and pre-faulting serves small and large requests, reuses its
/// chunks at reset and unmaps them on drop.
#[cfg(unix)]
#[test]
fn mmap_huge_pages_and_populate() {
    use arenakit::source::Mmap;
    let source = Mmap::new().huge_pages(true).populate(true);
    let mut arena = Arena::builder().source(source).build();
    assert_eq!(arena.chunk_size(), 2 * 1024 * 1024);
    for _ in 0..3 {
        let blocks = workload(&arena, 200);
        assert!(
            blocks
                .iter()
                .all(|b| arena.contains(core::ptr::without_provenance::<u8>(b.start)))
        );
        let big = arena.alloc_slice_fill_with(1_000_000, |i| i as u32);
        assert_eq!(big[999_999], 999_999);
        let held = arena.stats().held;
        arena.reset();
        assert_eq!(arena.stats().held, held);
    }
}

/// Plain `Mmap` chunks honour small chunk sizes and large alignments.
#[cfg(unix)]
#[test]
fn mmap_plain_small_chunks() {
    use arenakit::source::Mmap;
    let arena = Arena::builder()
        .source(Mmap::new())
        .chunk_size(4096)
        .build();
    workload(&arena, 30);
    let page = arena.alloc_layout(core::alloc::Layout::from_size_align(100, 1 << 16).unwrap());
    assert_eq!(page.addr().get() % (1 << 16), 0);
    let populated = Arena::builder().source(Mmap::new().populate(true)).build();
    assert_eq!(populated.alloc_str("warm"), "warm");
}
