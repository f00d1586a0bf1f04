//! The bad-input catalogue of `docs/robustness.md`: one test per row, each checking what the
//! user gets (a value, an `AllocError` of the stated kind, or a panic naming the misuse).

use arenakit::de::{MAX_DEPTH, from_slice_in};
use arenakit::source::Fixed;
use arenakit::{AllocErrorKind, Arena, ArenaPool};
use core::alloc::Layout;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Row 1: zero-size values take no memory and still have a unique, aligned address to read.
#[test]
fn zero_size_types() {
    let arena = Arena::new();
    let unit = arena.alloc(());
    let empty = arena.alloc([0u64; 0]);
    assert_eq!((*unit, empty.len()), ((), 0));
    assert_eq!(empty.as_ptr() as usize % align_of::<u64>(), 0);
    assert_eq!((arena.stats().used, arena.stats().held), (0, 0));
}

/// Row 2: zero-length slices and strings are empty values that take no memory.
#[test]
fn zero_length_slices() {
    let arena = Arena::new();
    assert!(arena.alloc_slice_copy::<u64>(&[]).is_empty());
    assert!(arena.alloc_uninit_slice::<u128>(0).is_empty());
    assert!(arena.alloc_slice_fill_with(0, |i| i).is_empty());
    assert_eq!(arena.alloc_str(""), "");
    assert_eq!(arena.stats().held, 0);
}

/// Row 3: a length whose size overflows is `CapacityOverflow` from a `try_` method and a
/// panic naming it from the others; the arena stays usable.
#[test]
fn usize_max_lengths() {
    let arena = Arena::new();
    let err = arena.try_alloc_uninit_slice::<u64>(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    let message = panic_message(|| {
        arena.alloc_uninit_slice::<u64>(usize::MAX);
    });
    assert!(message.contains("overflow"), "{message}");
    // A valid layout, but no chunk can hold it with its header.
    let too_big = Layout::from_size_align(isize::MAX as usize - 32, 8).unwrap();
    assert_eq!(
        arena.try_alloc_layout(too_big).unwrap_err().kind(),
        AllocErrorKind::CapacityOverflow
    );
    assert_eq!(*arena.alloc(7u8), 7);
}

/// Row 4: every alignment from 1 to 4096 and above the chunk size is honoured.
#[test]
fn alignments_up_to_and_above_the_chunk_size() {
    let arena = Arena::builder().chunk_size(4096).build();
    for shift in 0..=20 {
        let align = 1usize << shift;
        let block = arena.alloc_layout(Layout::from_size_align(24, align).unwrap());
        assert_eq!(block.as_ptr() as usize % align, 0, "align {align}");
        assert!(arena.contains(block.as_ptr()));
    }
}

/// Row 5: a layout larger than the limit is `LimitExceeded` (a panic naming the limit from the
/// panicking method), and the arena keeps serving what fits.
#[test]
fn layouts_larger_than_the_limit() {
    let arena = Arena::builder().limit(1 << 20).build();
    let big = Layout::from_size_align(2 << 20, 8).unwrap();
    assert_eq!(
        arena.try_alloc_layout(big).unwrap_err().kind(),
        AllocErrorKind::LimitExceeded
    );
    let message = panic_message(|| {
        arena.alloc_layout(big);
    });
    assert!(message.contains("limit"), "{message}");
    assert_eq!(arena.alloc_str("still fine"), "still fine");
}

/// Row 6: a `Fixed` buffer of 0 bytes serves nothing (`SourceExhausted`); a buffer that starts
/// at an odd address still serves aligned chunks from inside it.
#[test]
fn fixed_buffers_empty_and_unaligned() {
    let mut empty: [u8; 0] = [];
    let arena = Arena::builder().source(Fixed::new(&mut empty)).build();
    assert_eq!(
        arena.try_alloc(1u64).unwrap_err().kind(),
        AllocErrorKind::SourceExhausted
    );

    let mut storage = vec![0u8; 64 * 1024 + 1];
    let range = storage[1..].as_ptr_range();
    let (start, end) = (range.start as usize, range.end as usize);
    let arena = Arena::builder()
        .source(Fixed::new(&mut storage[1..]))
        .chunk_size(4096)
        .build();
    let value = arena.alloc(0x1234_5678_u64);
    let at = value as *const u64 as usize;
    assert!(at >= start && at + 8 <= end, "outside the buffer");
    assert_eq!((at % 8, *value), (0, 0x1234_5678));
}

/// Row 7: chunk sizes are clamped and rounded, never rejected.
#[test]
fn odd_chunk_sizes() {
    assert_eq!(Arena::builder().chunk_size(0).build().chunk_size(), 256);
    assert_eq!(Arena::builder().chunk_size(1000).build().chunk_size(), 1024);
    assert_eq!(Arena::builder().chunk_size(3000).build().chunk_size(), 3008);
    assert_eq!(
        Arena::builder().chunk_size(usize::MAX).build().chunk_size(),
        1 << 30
    );
    let arena = Arena::builder().chunk_size(3000).build();
    assert_eq!(
        arena.alloc_slice_fill_with(10_000, |i| i as u32)[9_999],
        9_999
    );
}

/// A struct with no fields: every field of its JSON object is skipped (nested to any depth).
#[derive(arenakit::de::DeserializeIn)]
struct Nothing {}

/// Row 8: JSON nested deeper than `MAX_DEPTH` is an error, not a stack overflow (also inside
/// a skipped field); a document larger than the arena's limit is an error, not an abort.
#[test]
fn deep_and_huge_json() {
    let arena = Arena::new();
    // The outer object is one level; `n` arrays inside it make `n + 1`.
    let skipped = |n: usize| format!(r#"{{"x":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    assert!(from_slice_in::<Nothing, _, _>(&arena, skipped(MAX_DEPTH - 1).as_bytes()).is_ok());
    let err = from_slice_in::<Nothing, _, _>(&arena, skipped(MAX_DEPTH).as_bytes())
        .err()
        .expect("one level too deep");
    assert!(err.to_string().contains("too deep"), "{err}");
    let err = from_slice_in::<Nothing, _, _>(&arena, skipped(1_000_000).as_bytes())
        .err()
        .expect("far too deep");
    assert!(err.to_string().contains("too deep"), "{err}");

    let limited = Arena::builder().limit(1 << 20).build();
    let huge = format!("[{}0]", "12345678,".repeat(500_000));
    let err = from_slice_in::<&[u64], _, _>(&limited, huge.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("memory limit"), "{err}");
    // Placed where decoding stopped: well inside the document, not at its start.
    assert!(err.offset() > 100_000 && err.offset() < huge.len(), "{err}");
    let all = from_slice_in::<&[u64], _, _>(&arena, huge.as_bytes()).unwrap();
    assert_eq!(all.len(), 500_001);
}

/// Row 9: invalid UTF-8 in a decoded string is an error at its offset; in a skipped value it
/// is accepted, as serde_json does.
#[test]
fn invalid_utf8_json() {
    let arena = Arena::new();
    let bad = b"[\"ok\", \"caf\xff\"]";
    let err = from_slice_in::<&[&str], _, _>(&arena, bad).unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
    assert_eq!(err.offset(), 11);
}

/// Row 10: a pool with `max_idle(0)` still keeps what its documentation allows (one shared
/// idle arena per shard, plus the arena each shard's owning thread keeps), drops the rest,
/// and keeps serving.
#[test]
fn pool_with_max_idle_zero() {
    let pool = ArenaPool::builder().max_idle(0).build();
    for i in 0..5u32 {
        let arenas: Vec<_> = (0..4).map(|_| pool.get()).collect();
        for (k, arena) in arenas.iter().enumerate() {
            assert_eq!(*arena.alloc(i + k as u32), i + k as u32);
        }
    }
    let m = pool.metrics();
    assert_eq!(m.gets, 20);
    assert!(m.idle <= 2 * pool.shards(), "{m:?}");
    assert_eq!(m.created - m.dropped, m.idle as u64, "{m:?}");
}
