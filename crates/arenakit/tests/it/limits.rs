//! Limits and overflow: a limited arena never holds more than its limit, fails with
//! `LimitExceeded` (or panics clearly), and impossible sizes are `CapacityOverflow`, never an
//! abort or a request to the source.

use crate::common::CountingSource;
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;

/// A small deterministic pseudo-random sequence (xorshift), so the tests are repeatable.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Under many mixed allocations and resets, `held` never exceeds the limit, and every failure
/// is `LimitExceeded` reporting the requested size.
#[test]
fn limit_is_never_exceeded() {
    for (chunk, limit) in [
        (4096, 200_000),
        (256, 10_000),
        (65_536, 300_000),
        (1000, 4096),
    ] {
        let mut arena = Arena::builder().chunk_size(chunk).limit(limit).build();
        assert_eq!(arena.limit(), Some(limit));
        let mut state = 0x9e37_79b9_7f4a_7c15;
        let mut failures = 0;
        for step in 0..3000 {
            let size = match xorshift(&mut state) % 10 {
                0 => 1 + xorshift(&mut state) % 50_000,
                _ => 1 + xorshift(&mut state) % 300,
            } as usize;
            let align = 1 << (xorshift(&mut state) % 8);
            let layout = Layout::from_size_align(size, align).unwrap();
            match arena.try_alloc_layout(layout) {
                Ok(ptr) => assert_eq!(ptr.addr().get() % align, 0),
                Err(err) => {
                    failures += 1;
                    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                    assert_eq!(err.size(), size);
                }
            }
            let held = arena.stats().held;
            assert!(held <= limit, "held {held} > limit {limit} at step {step}");
            if step % 500 == 499 {
                arena.reset();
            }
        }
        assert!(failures > 0, "the limit {limit} was never reached");
    }
}

/// Every `try_` method reports `LimitExceeded` once the limit is reached, and the arena
/// goes on serving requests that still fit.
#[test]
fn every_try_method_reports_limit_exceeded() {
    let arena = Arena::builder().chunk_size(4096).limit(4096).build();
    let fill = arena.alloc_uninit_slice::<u8>(900);
    assert_eq!(fill.len(), 900);
    let kinds = [
        arena.try_alloc([0u8; 8000]).unwrap_err(),
        arena.try_alloc_with(|| [0u8; 8000]).unwrap_err(),
        arena.try_alloc_str(&"x".repeat(8000)).unwrap_err(),
        arena.try_alloc_slice_copy(&[0u8; 8000]).unwrap_err(),
        arena.try_alloc_slice_clone(&[0u8; 8000]).unwrap_err(),
        arena.try_alloc_slice_fill_with(8000, |_| 0u8).unwrap_err(),
        arena.try_alloc_slice_fill_iter([0u8; 8000]).unwrap_err(),
        arena.try_alloc_uninit::<[u8; 8000]>().unwrap_err(),
        arena.try_alloc_uninit_slice::<u8>(8000).unwrap_err(),
        arena
            .try_alloc_layout(Layout::new::<[u8; 8000]>())
            .unwrap_err(),
        arena
            .try_alloc_owned((vec![0u8; 1], [0u8; 8000]))
            .unwrap_err(),
        arena.try_alloc_no_drop([0u8; 8000]).unwrap_err(),
        arena.try_reserve(1 << 20).unwrap_err(),
    ];
    for err in kinds {
        assert_eq!(err.kind(), AllocErrorKind::LimitExceeded, "{err}");
    }
    assert_eq!(*arena.alloc(3u64), 3, "a request that fits still succeeds");
    assert!(arena.stats().held <= 4096);
}

/// The panicking twin panics with a message naming the limit.
#[test]
#[should_panic(
    expected = "arena allocation of 2000 bytes failed: the arena's memory limit would be exceeded"
)]
fn alloc_past_limit_panics_clearly() {
    let arena = Arena::builder().limit(1000).build();
    arena.alloc([0u8; 2000]);
}

/// `reserve` past the limit panics with the same clear message.
#[test]
#[should_panic(expected = "memory limit would be exceeded")]
fn reserve_past_limit_panics() {
    Arena::builder().limit(1 << 20).build().reserve(2 << 20);
}

/// Element counts whose byte size overflows are `CapacityOverflow`.
#[test]
fn slice_size_overflow_is_capacity_overflow() {
    let arena = Arena::new();
    let errors = [
        arena.try_alloc_uninit_slice::<u64>(usize::MAX).err(),
        arena
            .try_alloc_uninit_slice::<u8>(isize::MAX as usize + 1)
            .err(),
        arena.try_alloc_uninit_slice::<u16>(usize::MAX / 2).err(),
        arena
            .try_alloc_slice_fill_with(usize::MAX / 4, |i| i as u64)
            .err(),
    ];
    for err in errors {
        let err = err.expect("an overflowing size was allocated");
        assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
        assert_eq!(err.size(), usize::MAX);
    }
    assert_eq!(arena.stats().held, 0);
}

/// Layouts near `isize::MAX`, at any alignment, are `CapacityOverflow` before anything is
/// asked of the source, with or without a limit.
#[test]
fn huge_layouts_are_capacity_overflow() {
    let source = CountingSource::new();
    let log = source.log();
    let limited = Arena::builder().limit(1 << 20).build();
    let arena = Arena::builder().source(source).build();
    arena.alloc(1u8);
    let mut layouts = vec![Layout::from_size_align(isize::MAX as usize - 40, 8).unwrap()];
    for align in [1, 8, 64, 4096, 1 << 20] {
        layouts.push(Layout::from_size_align(isize::MAX as usize + 1 - align, align).unwrap());
    }
    for layout in layouts {
        for err in [
            arena.try_alloc_layout(layout).unwrap_err(),
            limited.try_alloc_layout(layout).unwrap_err(),
        ] {
            assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow, "{layout:?}");
        }
    }
    assert_eq!(
        log.allocations(),
        1,
        "the source was asked for an impossible chunk"
    );
    assert_eq!(limited.stats().held, 0);
}

/// The panicking twin of an overflowing request panics (unwinds) with a clear message.
#[test]
#[should_panic(expected = "the requested size overflows")]
fn overflow_panics_clearly() {
    Arena::new().alloc_uninit_slice::<u64>(usize::MAX);
}

/// `try_reserve` of an impossible amount is `CapacityOverflow` without asking the source.
#[test]
fn impossible_reserve_is_capacity_overflow() {
    let source = CountingSource::failing_after(1000).with_hint(256);
    let log = source.log();
    let arena = Arena::builder().source(source).build();
    let err = arena.try_reserve(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    assert_eq!(log.allocations(), 0);
}

/// Errors format as a readable message and implement `std::error::Error`.
#[test]
fn errors_are_errors() {
    let err = Arena::builder()
        .limit(0)
        .build()
        .try_alloc([0u8; 24])
        .unwrap_err();
    assert_eq!(err.size(), 24);
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().contains("24 bytes"));
    #[cfg(feature = "allocator-api2")]
    let _: allocator_api2::alloc::AllocError = err.into();
}
