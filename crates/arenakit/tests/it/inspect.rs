//! Introspection and a live limit, as bumpalo users call them: `chunk_capacity`,
//! `allocated_bytes` / `allocated_bytes_including_metadata`, `iter_allocated_chunks` (and
//! its raw twin) and `set_limit` (bumpalo's `set_allocation_limit`).

use arenakit::{AllocErrorKind, Arena, SyncArena};

/// `chunk_capacity` is the room left in the current chunk: it shrinks by each allocation's
/// size and jumps to the next chunk's room after a refill.
#[test]
fn chunk_capacity_tracks_the_current_chunk() {
    let arena = Arena::builder().chunk_size(4096).build();
    assert_eq!(arena.chunk_capacity(), 0);
    arena.alloc(1u64);
    assert_eq!(arena.chunk_capacity(), 4096 - 64 - 8);
    arena.alloc_slice_copy(&[0u8; 100]);
    assert_eq!(arena.chunk_capacity(), 4096 - 64 - 8 - 104);
    let left = arena.chunk_capacity();
    arena.alloc_uninit_slice::<u8>(left);
    assert_eq!(arena.chunk_capacity(), 0);
    arena.alloc(2u8);
    assert_eq!(
        arena.chunk_capacity(),
        8192 - 64 - 8,
        "the next plain chunk doubles"
    );

    let sync = SyncArena::new();
    assert_eq!(sync.chunk_capacity(), 0);
    sync.alloc(1u8);
    assert!(sync.chunk_capacity() > 0);
}

/// The two byte counts differ by the chunk headers, and the one with headers is `held`.
#[test]
fn allocated_bytes_with_and_without_headers() {
    let arena = Arena::builder().chunk_size(4096).build();
    assert_eq!(arena.allocated_bytes(), 0);
    for _ in 0..1000 {
        arena.alloc([0u64; 4]);
    }
    let chunks = arena.stats().regular_chunks;
    assert!(chunks > 1);
    assert_eq!(
        arena.allocated_bytes_including_metadata(),
        arena.stats().held
    );
    assert_eq!(
        arena.allocated_bytes(),
        arena.stats().held - 64 * chunks,
        "every plain chunk has one 64-byte header"
    );
    let big = arena.alloc_box([0u8; 10_000]); // a dedicated chunk
    assert_eq!(
        arena.allocated_bytes_including_metadata() - arena.allocated_bytes(),
        64 * (chunks + 1)
    );
    drop(big);
}

/// Lowering the limit below what is held frees nothing and refuses new chunks; raising it
/// (or removing it) serves them again.
#[test]
fn set_limit_on_a_live_arena() {
    let arena = Arena::builder().chunk_size(4096).build();
    let kept = arena.alloc_slice_fill_with(1000, |i| i as u32);
    let held = arena.stats().held;
    arena.set_limit(Some(100));
    assert_eq!(arena.limit(), Some(100));
    assert_eq!(arena.stats().held, held, "lowering the limit freed memory");
    let err = arena.try_alloc_slice_copy(&[1u8; 5000]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    // Requests that fit in the current chunk still work.
    let room = arena.chunk_capacity();
    assert!(arena.try_alloc_uninit_slice::<u8>(room).is_ok());
    assert!(arena.try_alloc(1u8).is_err());
    assert!(kept.iter().enumerate().all(|(i, &x)| x == i as u32));
    arena.set_limit(Some(held + 8192));
    assert!(arena.try_alloc_slice_copy(&[1u8; 5000]).is_ok());
    arena.set_limit(None);
    assert_eq!(arena.limit(), None);
    assert!(arena.try_alloc_uninit_slice::<u8>(1 << 20).is_ok());

    let sync = SyncArena::new();
    sync.alloc(1u8);
    sync.set_limit(Some(0));
    assert_eq!(sync.limit(), Some(0));
    assert!(sync.try_alloc_uninit_slice::<u8>(1 << 20).is_err());
    sync.set_limit(None);
    assert!(sync.try_alloc_uninit_slice::<u8>(1 << 20).is_ok());
}

/// `iter_allocated_chunks` yields the used part of every chunk: the plain chunks hold the
/// bytes in the order they were allocated, and the lengths add up to `used`.
#[test]
fn iter_allocated_chunks_sees_every_byte() {
    let mut arena = Arena::builder().chunk_size(4096).build();
    let mut expected = Vec::new();
    for i in 0..2000u32 {
        let bytes = [(i % 251) as u8; 8];
        arena.alloc_slice_copy(&bytes);
        expected.extend_from_slice(&bytes);
    }
    let used = arena.stats().used;
    let mut seen = Vec::new();
    let mut total = 0;
    for chunk in arena.iter_allocated_chunks() {
        total += chunk.len();
        // SAFETY: every byte of these plain chunks was written by `alloc_slice_copy` (sizes
        // are multiples of 8, so there is no padding).
        seen.extend(chunk.iter().map(|b| unsafe { b.assume_init() }));
    }
    assert_eq!(total, used);
    assert_eq!(seen, expected);
    // SAFETY: nothing allocates while the regions are summed.
    let raw: usize = unsafe { arena.iter_allocated_chunks_raw() }
        .map(|(_, n)| n)
        .sum();
    assert_eq!(raw, used);
    arena.reset();
    assert_eq!(
        arena.iter_allocated_chunks().map(<[_]>::len).sum::<usize>(),
        0
    );
}
