//! Fallible initialisers and the remaining slice helpers, as bumpalo and bump-scope users
//! call them: `alloc_try_with` (and its `try_` twin with `AllocOrInitError`),
//! `alloc_slice_try_fill_with`/`_iter`, `alloc_slice_fill_copy`/`_clone`/`_default` and
//! `alloc_iter`, on `Arena` and `SyncArena`.

use crate::common::proptest_config;
use arenakit::{AllocErrorKind, AllocOrInitError, Arena, SyncArena};
use proptest::prelude::*;

/// A value of `Ok` builds in the arena; an `Err` is returned and its memory rolled back
/// (bumpalo #324), so the next allocation takes the same address.
#[test]
fn alloc_try_with_rolls_back_on_err() {
    let arena = Arena::new();
    let a = arena.alloc_try_with(|| Ok::<_, ()>(1u64)).unwrap();
    assert_eq!(*a, 1);
    let used = arena.stats().used;
    let err = arena.alloc_try_with(|| Err::<[u64; 4], _>("no"));
    assert_eq!(err, Err("no"));
    assert_eq!(
        arena.stats().used,
        used,
        "the failed value's memory was not rolled back"
    );
    let b: *const u64 = arena.alloc(2u64);
    let next = arena
        .alloc_try_with(|| Err::<u64, ()>(()))
        .map(|r| r as *const u64);
    assert!(next.is_err());
    assert_eq!(arena.alloc(3u64) as *const u64, b.wrapping_add(1));
}

/// An initialiser that allocates from the arena itself: on `Err` its own allocation stays
/// valid (the failed value's block is not the newest any more, so it is simply left).
#[test]
fn alloc_try_with_initialiser_that_allocates() {
    let arena = Arena::new();
    let mut inner: Option<&str> = None;
    let result = arena.alloc_try_with(|| {
        inner = Some(arena.alloc_str("made inside"));
        Err::<u64, _>(7)
    });
    assert_eq!(result, Err(7));
    assert_eq!(inner, Some("made inside"));
    let ok = arena
        .alloc_try_with(|| Ok::<_, ()>((arena.alloc_str("x") as &str, 5u8)))
        .unwrap();
    assert_eq!(*ok, ("x", 5));
}

/// A large value (256 KiB) is built and returned intact.
#[test]
fn alloc_try_with_large_value() {
    let arena = Arena::new();
    let big = arena
        .alloc_try_with(|| Ok::<_, ()>([0x5au8; 256 * 1024]))
        .unwrap();
    assert!(big.iter().all(|&b| b == 0x5a));
    assert!(arena.contains(big));
}

/// `try_alloc_try_with` tells the two failures apart; the initialiser does not run when the
/// memory is refused.
#[test]
fn alloc_or_init_error_tells_failures_apart() {
    let arena = Arena::builder().limit(0).build();
    let mut called = false;
    let result = arena.try_alloc_try_with(|| {
        called = true;
        Ok::<u8, ()>(1)
    });
    match result {
        Err(AllocOrInitError::Alloc(e)) => assert_eq!(e.kind(), AllocErrorKind::LimitExceeded),
        other => panic!("expected an allocation failure, got {other:?}"),
    }
    assert!(!called);
    let arena = Arena::new();
    let result = arena.try_alloc_try_with(|| "nope".parse::<u32>());
    let Err(AllocOrInitError::Init(e)) = result else {
        panic!("expected an init failure");
    };
    let err: AllocOrInitError<_> = AllocOrInitError::Init(e);
    assert!(
        err.to_string()
            .contains("initialising an arena value failed")
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.source().is_some());
}

/// The slice fill with an initialiser failing at every position: the error is the one at
/// that position, the memory is rolled back, and the initialiser ran exactly up to it.
#[test]
fn alloc_slice_try_fill_with_stops_at_the_first_error() {
    let arena = Arena::new();
    arena.alloc(0u8);
    for fail_at in 0..8 {
        let used = arena.stats().used;
        let mut calls = 0;
        let result = arena.alloc_slice_try_fill_with(8, |i| {
            calls += 1;
            if i == fail_at { Err(i) } else { Ok(i as u32) }
        });
        assert_eq!(result, Err(fail_at));
        assert_eq!(calls, fail_at + 1);
        assert_eq!(arena.stats().used, used);
    }
    let all = arena
        .alloc_slice_try_fill_with(8, |i| Ok::<_, ()>(i * 2))
        .unwrap();
    assert_eq!(all, [0, 2, 4, 6, 8, 10, 12, 14]);
    let err = arena.try_alloc_slice_try_fill_with(usize::MAX, Ok::<_, ()>);
    assert!(
        matches!(err, Err(AllocOrInitError::Alloc(e)) if e.kind() == AllocErrorKind::CapacityOverflow)
    );
}

/// An `ExactSizeIterator` of results that yields fewer items than it announced: the slice
/// holds those it yielded.
#[test]
fn alloc_slice_try_fill_iter_short_iterator() {
    struct Liar(u32);
    impl Iterator for Liar {
        type Item = Result<u32, ()>;
        fn next(&mut self) -> Option<Self::Item> {
            (self.0 < 3).then(|| {
                self.0 += 1;
                Ok(self.0)
            })
        }
    }
    impl ExactSizeIterator for Liar {
        fn len(&self) -> usize {
            10
        }
    }
    let arena = Arena::new();
    assert_eq!(arena.alloc_slice_try_fill_iter(Liar(0)).unwrap(), [1, 2, 3]);
    let r = arena.try_alloc_slice_try_fill_iter([Ok(1), Err("e"), Ok(3)]);
    assert_eq!(r, Err(AllocOrInitError::Init("e")));
}

/// `SyncArena` has the same methods, with the same rollback (of the thread's newest block).
#[test]
fn sync_arena_fallible_initialisers() {
    let arena = SyncArena::new();
    arena.alloc(1u8);
    let used = arena.stats().used;
    assert!(arena.alloc_try_with(|| Err::<[u8; 64], _>(())).is_err());
    assert!(
        arena
            .alloc_slice_try_fill_with(16, |_| Err::<u64, _>(()))
            .is_err()
    );
    assert_eq!(arena.stats().used, used);
    std::thread::scope(|s| {
        for t in 0..2u64 {
            let arena = &arena;
            s.spawn(move || {
                let xs = arena.alloc_slice_try_fill_with(100, |i| Ok::<_, ()>(t + i as u64));
                assert_eq!(xs.unwrap()[99], t + 99);
            });
        }
    });
}

/// The fill helpers, including zero lengths and zero-sized types.
#[test]
fn fill_copy_clone_default() {
    let arena = Arena::new();
    assert_eq!(arena.alloc_slice_fill_copy(4, 9u16), [9; 4]);
    assert_eq!(arena.alloc_slice_fill_copy(0, 9u16), [] as [u16; 0]);
    let s = "shared";
    assert_eq!(arena.alloc_slice_fill_clone(3, &s), ["shared"; 3]);
    assert_eq!(
        arena.alloc_slice_fill_default::<(u8, bool)>(2),
        [(0, false); 2]
    );
    assert_eq!(arena.alloc_slice_fill_copy(1000, ()).len(), 1000);
    assert_eq!(arena.stats().used % 8, 0);
    let limited = Arena::builder().limit(0).build();
    assert!(limited.try_alloc_slice_fill_copy(1, 1u8).is_err());
    assert!(limited.try_alloc_slice_fill_clone(1, &1u8).is_err());
    assert!(limited.try_alloc_slice_fill_default::<u8>(1).is_err());
    let sync = SyncArena::new();
    assert_eq!(sync.alloc_slice_fill_copy(2, 'x'), ['x', 'x']);
}

/// `alloc_iter` over iterators of unknown length, including one that allocates from the
/// same arena while it is consumed (plain values, freeable boxes, and a nested `alloc_iter`):
/// typed-arena #63.
#[test]
fn alloc_iter_with_a_reentrant_iterator() {
    let arena = Arena::new();
    let evens = arena.alloc_iter((0..1000u32).filter(|n| n % 2 == 0));
    assert_eq!(evens.len(), 500);
    assert!(evens.iter().enumerate().all(|(i, &n)| n == 2 * i as u32));

    let nested = arena.alloc_iter((0..200u32).map(|i| {
        let label: &str = arena.alloc_str(&i.to_string());
        let boxed = arena.alloc_box(i);
        let inner: &[u32] = arena.alloc_iter((0..i % 5).map(|j| j + *boxed));
        (label, inner)
    }));
    for (i, (label, inner)) in nested.iter().enumerate() {
        assert_eq!(*label, i.to_string());
        assert_eq!(inner.len(), i % 5);
        assert!(
            inner
                .iter()
                .enumerate()
                .all(|(j, &v)| v == i as u32 + j as u32)
        );
    }
    let sync = SyncArena::new();
    assert_eq!(sync.alloc_iter("abc".chars().rev()), ['c', 'b', 'a']);
    let limited = Arena::builder().limit(256 * 1024).build();
    let err = limited
        .try_alloc_iter((0..u64::MAX).filter(|n| n % 3 == 0))
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = limited.try_alloc_iter(0..u64::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    assert_eq!(*limited.alloc(1u8), 1, "unusable after a failed alloc_iter");
}

proptest! {
    #![proptest_config(proptest_config())]

    /// `alloc_iter` and the fallible fills agree with std's `collect` on random input.
    #[test]
    fn fills_match_std(xs in prop::collection::vec(any::<i32>(), 0..300), cut in any::<i32>()) {
        let arena = Arena::new();
        let filtered = arena.alloc_iter(xs.iter().copied().filter(|&x| x < cut));
        let expected: Vec<i32> = xs.iter().copied().filter(|&x| x < cut).collect();
        prop_assert_eq!(&*filtered, &expected[..]);
        let checked = arena.alloc_slice_try_fill_iter(
            xs.iter().map(|&x| if x < cut { Ok(x) } else { Err(x) }),
        );
        let std: Result<Vec<i32>, i32> =
            xs.iter().map(|&x| if x < cut { Ok(x) } else { Err(x) }).collect();
        prop_assert_eq!(checked.map(|s| s.to_vec()), std);
    }
}
