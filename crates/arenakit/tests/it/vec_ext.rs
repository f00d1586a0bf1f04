//! The arena `Vec` helpers: `extract_if` (bumpalo's `drain_filter`)
//! against a model for every range and predicate pattern, and with a predicate that panics,
//! an iterator dropped early or leaked, each element dropped exactly once (never twice, and
//! only the documented ones leaked); `extend_from_slices_copy` with one reservation (and the
//! bases of that reservation, bumpalo #330), and the `try_` forms under a limit.

use crate::collect::{Counted, Counters, expect_panic};
use arenakit::collections::Vec;
use arenakit::prelude::*;
use arenakit::{AllocErrorKind, Arena, SyncArena};
use std::cell::Cell;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An arena vector of the elements `0..n`, counting their drops in `counters`.
fn counted<'a, 'c>(arena: &'a Arena, counters: &'c Counters, n: usize) -> Vec<'a, Counted<'c>> {
    (0..n).map(|i| counters.item(i)).collect_in(arena)
}

/// The ids of the elements of `v`.
fn ids(v: &[Counted<'_>]) -> std::vec::Vec<usize> {
    v.iter().map(|c| c.id).collect()
}

/// What `extract_if(range, pred)` leaves after examining the first `examined` elements of
/// the range, on a vector of `0..n`: the vector's ids and the extracted ids.
fn model(
    n: usize,
    range: &Range<usize>,
    extract: impl Fn(usize) -> bool,
    examined: usize,
) -> (std::vec::Vec<usize>, std::vec::Vec<usize>) {
    let decided = range.start..range.start + examined;
    let kept = (0..n)
        .filter(|&i| !decided.contains(&i) || !extract(i))
        .collect();
    let taken = decided.filter(|&i| extract(i)).collect();
    (kept, taken)
}

/// Every range of vectors of up to 6 elements and every extract/keep pattern: the yielded
/// elements, the vector left behind and the order of the predicate's calls match the model;
/// each element is dropped exactly once.
#[test]
fn extract_if_matches_a_model() {
    let arena = Arena::new();
    for n in 0..=6 {
        for start in 0..=n {
            for end in start..=n {
                for pattern in 0u32..1 << n {
                    let extract = |i: usize| pattern & (1 << i) != 0;
                    let counters = Counters::new(n);
                    let mut v = counted(&arena, &counters, n);
                    let mut calls = vec![];
                    let taken: std::vec::Vec<Counted> = v
                        .extract_if(start..end, |c| {
                            calls.push(c.id);
                            extract(c.id)
                        })
                        .collect();
                    let (kept, expected_taken) = model(n, &(start..end), extract, end - start);
                    let case = format!("n {n}, {start}..{end}, pattern {pattern:b}");
                    assert_eq!(ids(&taken), expected_taken, "{case}");
                    assert_eq!(ids(&v), kept, "{case}");
                    assert!(
                        calls.iter().copied().eq(start..end),
                        "{case}: calls {calls:?}"
                    );
                    drop((taken, v));
                    counters.assert_each_dropped_once(&case);
                }
            }
        }
    }
}

/// The predicate gets each element mutably: changes to kept elements stay, as std's.
#[test]
fn extract_if_predicate_may_change_kept_elements() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; 1, 2, 3, 4, 5, 6];
    let big: std::vec::Vec<i32> = v
        .extract_if(1.., |x| {
            *x *= 10;
            *x > 40
        })
        .collect();
    assert_eq!(big, [50, 60]);
    assert_eq!(v, [1, 20, 30, 40]);
    // Elements of a zero-sized type.
    let mut units = arenakit::vec![in &arena; (); 10];
    let flip = Cell::new(false);
    let taken = units
        .extract_if(.., |_| {
            flip.set(!flip.get());
            flip.get()
        })
        .count();
    assert_eq!((taken, units.len()), (5, 5));
}

/// A predicate that panics at its `k`-th call, for every `k`: the vector keeps the elements
/// before the range, the kept ones, the one the predicate panicked on and every one after, in
/// order; the ones yielded before the panic are the caller's (dropped while unwinding). Each
/// element is dropped exactly once.
#[test]
fn extract_if_with_a_panicking_predicate() {
    let arena = Arena::new();
    let n = 8;
    let range = 1..7;
    for pattern in [0u32, 0xff, 0b1010_1010, 0b0110_0110] {
        let extract = |i: usize| pattern & (1 << i) != 0;
        for k in 0..range.len() {
            let counters = Counters::new(n);
            let mut v = counted(&arena, &counters, n);
            let calls = Cell::new(0);
            let yielded_ids = Cell::new(0);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let mut yielded = vec![];
                for item in v.extract_if(range.clone(), |c| {
                    assert!(
                        calls.get() != k,
                        "arenakit test: deliberate panic in extract_if"
                    );
                    calls.set(calls.get() + 1);
                    extract(c.id)
                }) {
                    yielded_ids.set(yielded_ids.get() + 1);
                    yielded.push(item);
                }
            }));
            assert!(outcome.is_err());
            let case = format!("pattern {pattern:b}, panic at call {k}");
            let (kept, taken) = model(n, &range, extract, k);
            assert_eq!(ids(&v), kept, "{case}");
            assert_eq!(yielded_ids.get(), taken.len(), "{case}");
            let drops = counters.drops();
            assert!(taken.iter().all(|&i| drops[i] == 1), "{case}: {drops:?}");
            assert!(kept.iter().all(|&i| drops[i] == 0), "{case}: {drops:?}");
            drop(v);
            counters.assert_each_dropped_once(&case);
        }
    }
}

/// The iterator dropped after `k` yields, for every `k`: the elements it did not examine stay
/// (std's `extract_if` behaviour). Leaked instead (`mem::forget`): the vector holds the
/// elements before the range and those kept so far, and nothing is dropped twice; the
/// elements not examined and those after the range are leaked, never dropped.
#[test]
fn extract_if_dropped_early_or_leaked() {
    let arena = Arena::new();
    let n = 9;
    let range = 2..8;
    let extract = |i: usize| !i.is_multiple_of(3); // ids 2, 4, 5, 7 in the range
    for leak in [false, true] {
        for k in 0..=4 {
            let counters = Counters::new(n);
            let mut v = counted(&arena, &counters, n);
            let mut iter = v.extract_if(range.clone(), |c| extract(c.id));
            let taken: std::vec::Vec<Counted> = iter.by_ref().take(k).collect();
            // The iterator examined up to its `k`-th yield (nothing if it yielded none).
            let examined = match taken.last() {
                Some(last) => last.id + 1 - range.start,
                None => 0,
            };
            let leaked = if leak {
                std::mem::forget(iter);
                (range.start + examined..n).collect::<std::vec::Vec<_>>()
            } else {
                drop(iter);
                vec![]
            };
            let case = format!("leak {leak}, {k} taken");
            let (mut kept, expected_taken) = model(n, &range, extract, examined);
            kept.retain(|i| !leaked.contains(i));
            assert_eq!(ids(&taken), expected_taken, "{case}");
            assert_eq!(ids(&v), kept, "{case}");
            drop((taken, v));
            let drops = counters.drops();
            for (id, &d) in drops.iter().enumerate() {
                let expected = u32::from(!leaked.contains(&id));
                assert_eq!(d, expected, "{case}: element {id} dropped {d} times");
            }
        }
    }
}

/// A range that starts after its end or ends past the length panics and leaves the vector as
/// it was.
#[test]
fn extract_if_bad_ranges() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; 1, 2, 3];
    let bad = [(2, 1), (0, 4), (4, 4)];
    for (start, end) in bad {
        expect_panic(|| v.extract_if(start..end, |_| true).count());
        assert_eq!(v, [1, 2, 3], "{start}..{end}");
    }
    expect_panic(|| v.extract_if(..=3, |_| true).count());
    expect_panic(|| v.extract_if(..=usize::MAX, |_| true).count());
    assert_eq!(v, [1, 2, 3]);
    assert_eq!(v.extract_if(3..3, |_| true).count(), 0);
    assert_eq!(v.extract_if(..=2, |_| true).count(), 3);
    assert!(v.is_empty());
}

/// `extend_from_slices_copy` reserves the total once: from an empty vector the capacity is
/// exactly the total (per-slice growth would double past it); with spare capacity partly or
/// exactly enough (the bases bumpalo #330 mixed up), the contents are right and the capacity
/// covers them.
#[test]
fn extend_from_slices_copy_reserves_once() {
    let arena = Arena::new();
    let mut v = arena.vec::<u32>();
    v.extend_from_slices_copy(&[&[1, 2, 3], &[], &[4, 5, 6], &[7, 8, 9]]);
    assert_eq!(v, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(v.capacity(), 9, "more than one reservation");

    let mut v = arena.vec_with_capacity::<u8>(8);
    v.extend_from_slice_copy(b"abc");
    v.extend_from_slices_copy(&[b"de", b"fgh"]); // exactly fills the spare capacity
    assert_eq!((v.as_slice(), v.capacity()), (&b"abcdefgh"[..], 8));
    let long: std::vec::Vec<u8> = (0..=255).cycle().take(10_000).collect();
    v.extend_from_slices_copy(&[b"i", &long, b"j"]);
    assert_eq!(&v[..9], b"abcdefghi");
    assert_eq!(&v[9..10_009], long.as_slice());
    assert_eq!(v.last(), Some(&b'j'));
    assert!(v.capacity() >= v.len());

    let mut empty = arena.vec::<u64>();
    empty.extend_from_slices_copy(&[]);
    empty.extend_from_slices_copy(&[&[], &[]]);
    assert_eq!(empty.capacity(), 0, "nothing to copy allocated");

    let shared = SyncArena::new();
    let mut v = shared.vec();
    v.extend_from_slices_copy(&["shared ".as_bytes(), b"arena"]);
    assert_eq!(v, b"shared arena");
    assert!(shared.contains(v.as_ptr()));

    // A total that overflows `usize` (zero-sized elements can be that many).
    let mut units = arena.vec::<()>();
    let huge: &[()] = &[(); usize::MAX];
    let err = units
        .try_extend_from_slices_copy(&[huge, &[()]])
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    units.try_extend_from_slices_copy(&[huge]).unwrap();
    assert_eq!(units.len(), usize::MAX);
}

/// Under a byte limit the `try_` forms return `LimitExceeded` and leave the vector as it was
/// (or, for `try_extend` failing part way, keep what it appended); the plain forms panic with
/// the error's message. The value `try_push` could not store is dropped once.
#[test]
fn try_forms_under_a_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let big = vec![7u8; 40_000];
    let mut v = arena.vec();
    v.try_extend_from_slice_copy(b"start").unwrap();
    for result in [
        v.try_extend_from_slices_copy(&[&big, &big]),
        v.try_extend_from_slice_copy(&[0; 100_000]),
        v.try_extend_from_slice(&[0; 100_000]),
        v.try_extend(std::iter::repeat_n(1, 100_000)),
    ] {
        assert_eq!(result.unwrap_err().kind(), AllocErrorKind::LimitExceeded);
        assert_eq!(v, b"start");
    }
    // No size hint: it fails part way and keeps what it appended.
    let err = v
        .try_extend(std::iter::repeat_n(1u8, 100_000).filter(|_| true))
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(v.starts_with(b"start") && v.len() > 5 && v[5..].iter().all(|&b| b == 1));
    drop(v);

    let message = expect_panic(|| arena.vec::<u8>().extend_from_slices_copy(&[&big, &big]));
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| arena.vec::<u8>().extend_from_slice_copy(&[0; 100_000]));
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| arena.vec_with_capacity::<u64>(100_000));
    assert!(message.contains("memory limit"), "{message}");
    let err = arena.try_vec_with_capacity::<u64>(100_000).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);

    let none = Arena::builder().limit(0).build();
    let counters = Counters::new(1);
    let mut v = none.vec();
    assert!(v.try_push(counters.item(0)).is_err());
    assert!(v.is_empty());
    assert_eq!(
        counters.drops(),
        [1],
        "the refused value was not dropped once"
    );
    let strings = ["a".to_owned(), "b".to_owned()];
    let mut cloned = none.vec::<std::string::String>();
    assert!(cloned.try_extend_from_slice(&strings).is_err());
    assert!(cloned.is_empty());

    // With room, the same calls succeed.
    let roomy = Arena::new();
    let mut v = roomy.vec();
    v.try_push(1).unwrap();
    v.try_extend([2, 3]).unwrap();
    v.try_extend_from_slice(&[4]).unwrap();
    assert_eq!(v, [1, 2, 3, 4]);
    let mut cloned = roomy.vec();
    cloned.try_extend_from_slice(&strings).unwrap();
    assert_eq!(cloned, strings);
}

/// `try_extend` failing part way (under a limit) drops every item it took from the iterator
/// exactly once: the appended ones with the vector, the refused one at once.
#[test]
fn try_extend_failing_part_way_drops_each_item_once() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let counters = Counters::new(10_000);
    let made = Cell::new(0);
    let mut v = arena.vec();
    let items = (0..10_000).filter(|_| true).map(|i| {
        made.set(made.get() + 1);
        counters.item(i)
    });
    assert!(v.try_extend(items).is_err());
    assert!(made.get() > 0 && made.get() < 10_000);
    assert_eq!(ids(&v), (0..made.get() - 1).collect::<std::vec::Vec<_>>());
    drop(v);
    let drops = counters.drops();
    assert!(drops[..made.get()].iter().all(|&d| d == 1));
    assert!(drops[made.get()..].iter().all(|&d| d == 0));
}
