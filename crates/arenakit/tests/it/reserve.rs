//! `reserve` keeps its promise: after `try_reserve(n)` returns `Ok`, plain allocations
//! totalling `n` bytes (each counted rounded up to 8 bytes, alignments up to 8) ask the memory
//! source for nothing, under any limit, chunk size and prior state; and a limit
//! below the chunk size serves the requests it has room for.

use crate::common::{CountingSource, proptest_config};
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;
use proptest::prelude::*;

/// The reproducer of the bug: spare chunks released by the limit's room-making while the
/// new chunk was sized for the rest only.
#[test]
fn try_reserve_under_a_limit_reserves() {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder()
        .source(source)
        .chunk_size(4096)
        .limit(12_000)
        .build();
    arena.try_reserve(8000).unwrap();
    assert_eq!(arena.stats().held, 8064);
    arena.try_reserve(11_000).unwrap();
    let held = arena.stats().held;
    assert!(
        held >= 11_064,
        "held {held}: the reservation was given back"
    );
    let calls = log.allocations();
    let block = arena.alloc_uninit_slice::<u8>(11_000);
    assert_eq!(block.len(), 11_000);
    assert_eq!(
        log.allocations(),
        calls,
        "the reserved bytes asked the source again"
    );
    assert_eq!(arena.stats().held, held);
}

/// A limit below the chunk size: the chunk is fitted to the limit (headers count against it,
/// 64 bytes per chunk), so requests that fit keep working.
#[test]
fn a_limit_below_the_chunk_size_fits_the_chunk_to_it() {
    let arena = Arena::builder().limit(128).build();
    assert_eq!(*arena.try_alloc([7u8; 1]).unwrap(), [7]);
    assert_eq!(arena.stats().held, 128);
    assert_eq!(arena.try_alloc([0u8; 56]).unwrap().len(), 56);
    let err = arena.try_alloc([0u8; 8]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);

    let arena = Arena::builder().limit(1000).build();
    let xs = arena.try_alloc_slice_fill_with(100, |i| i as u64).unwrap();
    assert_eq!(xs[99], 99);
    assert!(arena.stats().held <= 1000);

    // The header needs 64 bytes: a 64-byte limit has room for no data.
    let err = Arena::builder()
        .limit(64)
        .build()
        .try_alloc([0u8; 1])
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
}

/// Freeable blocks (boxes, collection buffers) under a limit below or near the chunk size:
/// when a whole regular chunk does not fit, the block gets a dedicated chunk of its own size
/// (found by the bump-scope port: they were refused while plain values of the same size
/// were served).
#[test]
fn freeable_blocks_fit_under_a_small_limit() {
    let arena = Arena::builder().limit(16 * 1024).build();
    assert!(arena.try_alloc(1u8).is_ok());
    let boxed = arena.try_alloc_box(7u8).unwrap();
    assert_eq!(*boxed, 7);
    let mut v = arena.vec();
    v.try_reserve(100).unwrap();
    v.extend(0..100u8);
    assert_eq!(v.iter().map(|&b| u32::from(b)).sum::<u32>(), 4950);
    assert!(arena.stats().held <= 16 * 1024);

    let arena = Arena::builder().limit(100_000).build();
    let big = arena.try_alloc_box([0u8; 60_000]).unwrap();
    let small = arena.try_alloc_box([1u8; 1024]).unwrap();
    assert_eq!((big[0], small[1023]), (0, 1));
    assert!(arena.stats().held <= 100_000);
}

/// One step of the state before the reservation.
#[derive(Clone, Debug)]
enum Prior {
    Alloc { size: usize, align: usize },
    Reserve(usize),
    Reset,
}

fn prior() -> impl Strategy<Value = Prior> {
    prop_oneof![
        6 => (1usize..20_000, 0u32..7).prop_map(|(size, a)| Prior::Alloc { size, align: 1 << a }),
        1 => (0usize..50_000).prop_map(Prior::Reserve),
        1 => Just(Prior::Reset),
    ]
}

proptest! {
    #![proptest_config(proptest_config())]

    /// After `try_reserve(n)` returns `Ok`, allocations totalling `n` bytes need no source
    /// call, for random limits, chunk sizes and prior states.
    #[test]
    fn reserved_bytes_need_no_source_call(
        chunk in 256usize..40_000,
        limit in prop::option::of(1000usize..200_000),
        priors in prop::collection::vec(prior(), 0..12),
        n in 0usize..120_000,
        sizes in prop::collection::vec((1usize..6000, 0u32..4), 1..60),
    ) {
        let source = CountingSource::new();
        let log = source.log();
        let mut builder = Arena::builder().source(source).chunk_size(chunk);
        if let Some(limit) = limit {
            builder = builder.limit(limit);
        }
        let mut arena = builder.build();
        for step in priors {
            match step {
                Prior::Alloc { size, align } => {
                    let _ = arena.try_alloc_layout(Layout::from_size_align(size, align).unwrap());
                }
                Prior::Reserve(bytes) => {
                    let _ = arena.try_reserve(bytes);
                }
                Prior::Reset => arena.reset(),
            }
        }
        let Ok(()) = arena.try_reserve(n) else {
            // Refused: only because the limit has no room for it.
            prop_assert!(limit.is_some());
            return Ok(());
        };
        let calls = log.allocations();
        let mut left = n;
        for (size, a) in sizes {
            let size = size.min(left);
            let counted = size.next_multiple_of(8);
            if size == 0 || counted > left {
                break;
            }
            left -= counted;
            let layout = Layout::from_size_align(size, 1 << a).unwrap();
            prop_assert!(arena.try_alloc_layout(layout).is_ok(), "refused {layout:?}");
        }
        prop_assert_eq!(log.allocations(), calls, "a reserved allocation asked the source");
        if let Some(limit) = limit {
            prop_assert!(arena.stats().held <= limit);
        }
    }
}
