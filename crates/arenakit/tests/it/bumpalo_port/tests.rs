//! Port of bumpalo `tests/all/tests.rs`: chunk iteration, out-of-memory handling, alignment,
//! capacity, reset, and bugs bumpalo fixed.
//!
//! Deliberate differences: arenakit bumps upward (bumpalo downward), rounds every block up to
//! 8 bytes, and does not document the order in which `iter_allocated_chunks` visits chunks,
//! so the ports check upward, gap-free placement inside each chunk and that each chunk is seen
//! once, where bumpalo checks exact downward addresses and a newest-first order.

use super::{chunk_regions, push_disjoint};
use crate::common::addr;
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;
use core::mem::MaybeUninit;

/// Bytes between two consecutive plain allocations of a `T`: its size rounded up to 8.
fn stride<T>() -> usize {
    size_of::<T>().next_multiple_of(8).max(8)
}

/// The `T`s stored at every [`stride`] of `chunk`, which holds only `T`s.
fn values_in<T: Copy>(chunk: &[MaybeUninit<u8>]) -> Vec<T> {
    assert_eq!(
        chunk.len() % stride::<T>(),
        0,
        "a chunk holds a partial value"
    );
    assert_eq!(addr(chunk.as_ptr()) % align_of::<T>(), 0);
    (0..chunk.len() / stride::<T>())
        .map(|i| {
            // SAFETY: `i * stride` is inside the chunk (`i` is below its length / stride).
            let slot = unsafe { chunk.as_ptr().add(i * stride::<T>()) };
            // SAFETY: the chunk holds only `T`s, one every `stride` bytes from its (aligned)
            // start, all initialised; only the `T`'s own bytes are read.
            unsafe { slot.cast::<T>().read() }
        })
        .collect()
}

/// bumpalo tests/all/tests.rs: can_iterate_over_allocated_things
#[test]
fn can_iterate_over_allocated_things() {
    const MAX: u64 = 131_072;
    let mut arena = Arena::new();

    // Where each chunk's allocations start: an allocation not 8 bytes after the previous one.
    let mut chunk_starts = vec![];
    let mut last: Option<usize> = None;
    for i in 0..MAX {
        let this = arena.alloc(i);
        assert_eq!(*this, i);
        let this = addr(this);
        if last.is_none_or(|last| last + size_of::<u64>() != this) {
            assert!(!chunk_starts.contains(&this), "chunk started twice");
            chunk_starts.push(this);
        }
        last = Some(this);
    }
    assert!(chunk_starts.len() > 1);

    let mut seen = vec![false; MAX as usize];
    let mut iterated_starts = vec![];
    for chunk in arena.iter_allocated_chunks() {
        iterated_starts.push(addr(chunk.as_ptr()));
        for i in values_in::<u64>(chunk) {
            assert!(i < MAX, "{i} < {MAX}");
            assert!(!seen[i as usize], "{i} seen twice");
            seen[i as usize] = true;
        }
    }
    assert!(seen.iter().all(|&s| s));
    chunk_starts.sort_unstable();
    iterated_starts.sort_unstable();
    assert_eq!(iterated_starts, chunk_starts, "each chunk once");
}

/// bumpalo tests/all/tests.rs: oom_instead_of_bump_pointer_overflow
///
/// Both of bumpalo's versions of the size (one that overflows the pointer past `isize::MAX`,
/// one just past the pointer), under a limit that forbids a new chunk (as bumpalo's later
/// version sets), are refused without taking memory; then the panicking method panics, as
/// bumpalo's does.
#[test]
#[should_panic(expected = "arena allocation")]
fn oom_instead_of_bump_pointer_overflow() {
    let arena = Arena::new();
    let p = addr(arena.alloc(0_u8));
    let held = arena.allocated_bytes_including_metadata();
    arena.set_limit(Some(held));

    let past_isize_max = Layout::from_size_align(isize::MAX as usize - p + 1, 1).unwrap();
    let past_pointer = Layout::from_size_align(p + 1, 1).unwrap();
    for layout in [past_isize_max, past_pointer] {
        let err = arena.try_alloc_layout(layout).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
        assert_eq!(arena.allocated_bytes_including_metadata(), held);
    }
    arena.alloc_layout(past_pointer);
}

/// bumpalo tests/all/tests.rs: force_new_chunk_fits_well
///
/// bumpalo only checks the allocations succeed; the port also checks they are disjoint and
/// that each took about its own size from the source (a dedicated chunk), not a doubling.
#[test]
fn force_new_chunk_fits_well() {
    let arena = Arena::new();
    let mut ranges = vec![];
    for size in [1, 100_001, 100_003] {
        let ptr = arena.alloc_layout(Layout::from_size_align(size, 1).unwrap());
        // SAFETY: `ptr` is a fresh block of `size` bytes.
        unsafe { ptr.write_bytes(0xab, size) };
        assert!(arena.contains(ptr.as_ptr()));
        push_disjoint(&mut ranges, (ptr.addr().get(), ptr.addr().get() + size));
    }
    let slack = 2 * 4096;
    let bound = arena.chunk_size() + 100_001 + 100_003 + 2 * slack;
    let held = arena.allocated_bytes_including_metadata();
    assert!(held <= bound, "holds {held} bytes for ~265 KB of requests");
}

/// Allocates `layout` in a new arena and checks the block's alignment.
fn assert_aligned_alloc(arena: &Arena, layout: Layout) {
    let ptr = arena.alloc_layout(layout);
    assert_eq!(ptr.addr().get() % layout.align(), 0, "{layout:?}");
}

/// bumpalo tests/all/tests.rs: alloc_with_strong_alignment
#[test]
fn alloc_with_strong_alignment() {
    assert_aligned_alloc(&Arena::new(), Layout::from_size_align(4096, 64).unwrap());
}

/// bumpalo tests/all/tests.rs: alloc_slice_copy
#[test]
fn alloc_slice_copy() {
    let arena = Arena::new();
    let src: &[u16] = &[0xFEED, 0xFACE, 0xA7, 0xCAFE];
    let dst = arena.alloc_slice_copy(src);
    assert_eq!(src, dst);
    assert!(arena.contains(dst));
}

/// bumpalo tests/all/tests.rs: alloc_slice_clone
///
/// bumpalo clones `Vec`s into the arena and leaks them. arenakit's `alloc_slice_clone` rejects
/// types with drop glue at compile time: the `Vec`s go in a box that drops them
/// (`alloc_box_slice_clone`), and `alloc_slice_clone` is shown with borrowed slices.
#[test]
fn alloc_slice_clone() {
    let arena = Arena::new();
    let src = vec![vec![0], vec![1, 2], vec![3, 4, 5], vec![6, 7, 8, 9]];
    let dst = arena.alloc_box_slice_clone(&src);
    assert_eq!(src, *dst);

    let borrowed: Vec<&[i32]> = src.iter().map(Vec::as_slice).collect();
    let dst = arena.alloc_slice_clone(&borrowed);
    assert_eq!(borrowed, dst);
}

/// bumpalo tests/all/tests.rs: small_size_and_large_align
#[test]
fn small_size_and_large_align() {
    assert_aligned_alloc(&Arena::new(), Layout::from_size_align(1, 0x1000).unwrap());
}

/// For each of bumpalo's initial capacities, allocates every value of `iter` and reads them
/// back from the chunks: each chunk holds a run of consecutive values (upward, no gaps), each
/// value appears once, and values that fit the capacity took a single chunk.
fn with_capacity_helper<I, T>(iter: I)
where
    T: Copy + Eq + core::fmt::Debug,
    I: Clone + Iterator<Item = T>,
{
    let expected: Vec<T> = iter.collect();
    for initial_size in [0, 1, 8, 11, 0x1000, 0x12345] {
        let mut arena = Arena::with_capacity(initial_size);
        for &v in &expected {
            arena.alloc(v);
        }

        let runs: Vec<Vec<T>> = arena.iter_allocated_chunks().map(values_in).collect();
        let mut starts = vec![];
        for run in &runs {
            let start = expected.iter().position(|v| *v == run[0]).unwrap();
            assert_eq!(run[..], expected[start..start + run.len()]);
            starts.push((start, run.len()));
        }
        starts.sort_unstable();
        let mut next = 0;
        for (start, len) in starts {
            assert_eq!(start, next, "values missing or repeated");
            next += len;
        }
        assert_eq!(next, expected.len());
        if expected.len() * stride::<T>() <= initial_size {
            assert_eq!(
                runs.len(),
                1,
                "{initial_size} bytes of capacity were not enough"
            );
        }
    }
}

/// bumpalo tests/all/tests.rs: with_capacity_test
#[test]
fn with_capacity_test() {
    with_capacity_helper(0u8..255);
    with_capacity_helper(0u16..10000);
    with_capacity_helper(0u32..10000);
    with_capacity_helper(0u64..10000);
    with_capacity_helper(0u128..10000);
}

/// bumpalo tests/all/tests.rs: test_reset
///
/// bumpalo keeps its newest chunk and bumps down from its end. arenakit keeps every chunk for
/// reuse (by default) and starts again at the start of one of them.
#[test]
fn test_reset() {
    let mut arena = Arena::new();
    for i in 0u64..10_000 {
        arena.alloc(i);
    }
    let chunks = chunk_regions(&mut arena);
    assert!(chunks.len() > 1);
    let held = arena.allocated_bytes();

    arena.reset();
    let first = addr(arena.alloc(0u64));
    assert!(
        chunks.iter().any(|&(start, _)| start == first),
        "{first:#x} is not the start of a kept chunk"
    );
    assert_eq!(arena.iter_allocated_chunks().count(), 1);
    assert_eq!(arena.allocated_bytes(), held);
}

/// bumpalo tests/all/tests.rs: test_alignment
#[test]
fn test_alignment() {
    for alignment in [2, 4, 8, 16, 32, 64] {
        let arena = Arena::with_capacity(513);
        let layout = Layout::from_size_align(alignment, alignment).unwrap();
        for _ in 0..1024 {
            assert_aligned_alloc(&arena, layout);
        }
    }
}

/// bumpalo tests/all/tests.rs: test_chunk_capacity
#[test]
fn test_chunk_capacity() {
    let arena = Arena::with_capacity(512);
    let orig_capacity = arena.chunk_capacity();
    assert!(orig_capacity >= 512);
    arena.alloc(true);
    assert!(arena.chunk_capacity() < orig_capacity);
}

/// bumpalo tests/all/tests.rs: miri_stacked_borrows_issue_247
///
/// With allocator-api2's `Box` over `&Arena` (bumpalo's test uses the nightly `Box`).
#[test]
fn miri_stacked_borrows_issue_247() {
    use allocator_api2::boxed::Box;

    let arena = Arena::new();
    let (p, _) = Box::into_raw_with_allocator(Box::new_in(1u8, &arena));
    // SAFETY: `p` comes from `into_raw_with_allocator` on a box allocated in `arena`.
    let one = unsafe { Box::from_raw_in(p, &arena) };
    assert_eq!(*one, 1);
    drop(one);

    let q = Box::new_in(2u16, &arena);
    assert_eq!(*q, 2);
}

/// bumpalo tests/all/tests.rs: bump_is_send
///
/// A compile-time check, as in bumpalo (plus `SyncArena`, which is also `Sync`).
#[test]
fn bump_is_send() {
    fn assert_send(_: impl Send) {}
    fn assert_sync(_: impl Sync) {}
    assert_send(Arena::new());
    assert_send(arenakit::SyncArena::new());
    assert_sync(arenakit::SyncArena::new());
}

/// bumpalo tests/all/tests.rs: test_debug_assert_data_le_bump_ptr_pr_313
///
/// A zero-sized, over-aligned block under a tiny limit takes no memory and does not trip an
/// internal assertion.
#[test]
fn test_debug_assert_data_le_bump_ptr_pr_313() {
    let arena = Arena::new();
    arena.set_limit(Some(1));
    assert_aligned_alloc(&arena, Layout::from_size_align(0, 16).unwrap());
    assert_eq!(arena.allocated_bytes_including_metadata(), 0);
}

/// Makes a plain allocation that does not fit the current chunk fail in `attempt` (which
/// returns whether it failed), then checks the chunk the arena moved to is empty and kept:
/// the next allocation of that size takes no new memory.
fn assert_failed_init_keeps_new_chunk(attempt: impl FnOnce(&Arena) -> bool) {
    type Big = [u8; 4096];
    let arena = Arena::with_capacity(64);
    arena.alloc(1u8);
    // Fill the first chunk so that `Big` needs a new one.
    let rest = arena.chunk_capacity();
    arena.alloc_uninit_slice::<u8>(rest);
    assert_eq!(arena.chunk_capacity(), 0);

    assert!(attempt(&arena), "expected the initialiser's error");
    let cap_after = arena.chunk_capacity();
    assert!(
        cap_after >= size_of::<Big>(),
        "chunk left with {cap_after} bytes"
    );

    let held = arena.allocated_bytes_including_metadata();
    let big: &mut Big = arena.alloc([9u8; 4096]);
    assert!(arena.contains(big));
    assert_eq!(arena.allocated_bytes_including_metadata(), held);
}

/// bumpalo tests/all/tests.rs: alloc_try_with_new_chunk_leak
///
/// bumpalo's first chunk is tiny, so its `with_capacity(64)` arena needs a new chunk for 4 KiB;
/// arenakit's first chunk is 64 KiB, so the port fills it first.
#[test]
fn alloc_try_with_new_chunk_leak() {
    assert_failed_init_keeps_new_chunk(|arena| {
        arena.alloc_try_with(|| Err::<[u8; 4096], ()>(())).is_err()
    });
}

/// bumpalo tests/all/tests.rs: try_alloc_try_with_new_chunk_leak
#[test]
fn try_alloc_try_with_new_chunk_leak() {
    assert_failed_init_keeps_new_chunk(|arena| {
        matches!(
            arena.try_alloc_try_with(|| Err::<[u8; 4096], ()>(())),
            Err(arenakit::AllocOrInitError::Init(()))
        )
    });
}

/// bumpalo tests/all/tests.rs: checkpoint_after_shrink_realloc
///
/// (A test of bumpalo's main branch after 3.21, for its `raw_checkpoint`; here the safe
/// `checkpoint`/`reset_to`.) A block shrunk after a checkpoint must survive the rewind, and
/// the next allocation must not overlap it.
#[test]
fn checkpoint_after_shrink_realloc() {
    use allocator_api2::alloc::Allocator;

    let mut arena = Arena::new();
    let big = Layout::from_size_align(256, 1).unwrap();
    let ptr = (&arena).allocate(big).unwrap().cast::<u8>();
    // SAFETY: a fresh block of 256 bytes.
    unsafe { ptr.write_bytes(0xAA, 256) };

    let cp = arena.checkpoint();
    let small = Layout::from_size_align(16, 1).unwrap();
    // SAFETY: `ptr` is the live block for `big`, replaced by the result.
    let shrunk = unsafe { (&arena).shrink(ptr, big, small) }
        .unwrap()
        .cast::<u8>();
    // SAFETY: a live block of 16 bytes.
    unsafe { shrunk.write_bytes(0xBB, 16) };

    arena.reset_to(&cp).unwrap();
    let after = arena.alloc(42u8);
    assert_eq!(*after, 42);
    let block = (shrunk.addr().get(), shrunk.addr().get() + 16);
    assert!(!super::overlap(block, super::range_of(after)));
    // SAFETY: the shrunk block is still live (freeable blocks are not rewound).
    let bytes = unsafe { core::slice::from_raw_parts(shrunk.as_ptr(), 16) };
    assert_eq!(bytes, [0xBB; 16]);
}
