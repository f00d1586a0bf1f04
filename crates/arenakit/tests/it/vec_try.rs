//! The arena `Vec` helpers bump-scope users reach for: `pop_if`, the in-place and
//! `&mut`-returning pushes (`push_with`, `push_mut`, `push_mut_with`, `insert_mut` and their
//! `try_` twins), and the `try_` forms of `insert`, `resize`, `resize_with` and
//! `extend_from_within`: against std's `Vec`, under a limit (vector unchanged, closure not
//! called, refused value dropped once), and with panics (index checks before any allocation,
//! a panicking constructor leaving the vector as it was).

use crate::collect::{Counters, expect_panic};
use arenakit::prelude::*;
use arenakit::{AllocErrorKind, Arena, SyncArena};
use std::cell::Cell;

#[test]
fn pop_if_pops_only_what_the_predicate_accepts() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; 1, 2, 3];
    assert_eq!(v.pop_if(|x| *x > 5), None);
    assert_eq!(v, [1, 2, 3]);
    assert_eq!(v.pop_if(|x| *x == 3), Some(3));
    // The predicate sees the last element mutably; a change it makes stays when it declines.
    assert_eq!(
        v.pop_if(|x| {
            *x *= 10;
            false
        }),
        None
    );
    assert_eq!(v, [1, 20]);
    v.clear();
    assert_eq!(
        v.pop_if(|_| unreachable!("not called on an empty vector")),
        None
    );
    // Any allocator-api2 vector, not only an arena one.
    let mut heap = allocator_api2::vec![5u8];
    assert_eq!(heap.pop_if(|_| true), Some(5));
}

#[test]
fn pushes_append_and_return_the_element() {
    let shared = SyncArena::new();
    let mut v = allocator_api2::vec::Vec::new_in(&shared);
    v.push_with(|| 1u32);
    v.try_push_with(|| 2).unwrap();
    *v.push_mut(3) += 100;
    *v.try_push_mut(4).unwrap() += 100;
    *v.push_mut_with(|| 5) += 100;
    *v.try_push_mut_with(|| 6).unwrap() += 100;
    v.try_push(7).unwrap();
    assert_eq!(v, [1, 2, 103, 104, 105, 106, 7]);
    // Pushing many grows the buffer; every returned reference is the new last element.
    for i in 0..1000 {
        let last: *const u32 = v.push_mut(i);
        assert_eq!(last, v.last().unwrap() as *const u32);
    }
    assert_eq!(v.len(), 1007);
}

#[test]
fn push_with_builds_a_large_value_in_the_buffer() {
    let arena = Arena::new();
    let mut pages = arena.vec();
    for i in 0..4u8 {
        pages.push_mut_with(|| [i; 64 * 1024])[0] = 9;
    }
    assert_eq!(pages.len(), 4);
    assert!(
        pages
            .iter()
            .enumerate()
            .all(|(i, p)| p[0] == 9 && p[1] == i as u8)
    );
}

#[test]
fn refused_pushes_call_nothing_and_drop_the_value_once() {
    let none = Arena::builder().limit(0).build();
    let mut v = none.vec();
    let called = Cell::new(false);
    let err = v
        .try_push_with(|| {
            called.set(true);
            1u64
        })
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(
        !called.get(),
        "the constructor ran though there was no room"
    );
    assert!(v.is_empty());

    let counters = Counters::new(2);
    let mut c = none.vec();
    assert!(c.try_push_mut(counters.item(0)).is_err());
    assert!(c.try_insert_mut(0, counters.item(1)).is_err());
    assert!(c.is_empty());
    assert_eq!(counters.drops(), [1, 1]);

    let message = expect_panic(|| none.vec::<u8>().push_with(|| 1));
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| {
        none.vec::<u8>().push_mut(1);
    });
    assert!(message.contains("memory limit"), "{message}");
}

/// A constructor that panics leaves the vector as it was (the slot it would fill is spare
/// capacity, never counted).
#[test]
fn a_panicking_constructor_leaves_the_vector_unchanged() {
    let arena = Arena::new();
    let counters = Counters::new(2);
    let mut v = arena.vec();
    v.push(counters.item(0));
    let message = expect_panic(|| v.push_with(|| panic!("constructor failed")));
    assert_eq!(message, "constructor failed");
    assert_eq!(v.len(), 1);
    v.push_with(|| counters.item(1));
    drop(v);
    counters.assert_each_dropped_once("push_with after a panic");
}

#[test]
fn inserts_match_std() {
    let arena = Arena::new();
    for len in 0..5 {
        for index in 0..=len {
            let mut v: arenakit::collections::Vec<usize> = (0..len).collect_in(&arena);
            let mut model: Vec<usize> = (0..len).collect();
            *v.insert_mut(index, 0) = 99;
            model.insert(index, 99);
            assert_eq!(v[..], model[..]);
            v.try_insert(index, 7).unwrap();
            model.insert(index, 7);
            assert_eq!(*v.try_insert_mut(len, 8).unwrap(), 8);
            model.insert(len, 8);
            assert_eq!(v[..], model[..], "len {len}, index {index}");
        }
    }
}

/// An index past the end panics before anything is allocated, like std's `insert`, also when
/// the arena has no room left.
#[test]
fn insert_past_the_end_panics_first() {
    let none = Arena::builder().limit(0).build();
    let mut v = none.vec::<u8>();
    let message = expect_panic(|| v.try_insert(1, 0));
    assert!(message.contains("insertion index (is 1)"), "{message}");
    let message = expect_panic(|| v.insert_mut(2, 0));
    assert!(message.contains("should be <= len (is 0)"), "{message}");
}

#[test]
fn try_resize_and_resize_with() {
    let arena = Arena::new();
    let counters = Counters::new(4);
    let mut v = arena.vec();
    v.push(counters.item(0));
    v.push(counters.item(1));
    v.try_resize_with(1, || unreachable!("shrinking makes nothing"))
        .unwrap();
    assert_eq!(counters.drops(), [0, 1, 0, 0]);
    let mut next = 2;
    v.try_resize_with(3, || {
        next += 1;
        counters.item(next - 1)
    })
    .unwrap();
    assert_eq!(v.iter().map(|c| c.id).collect::<Vec<_>>(), [0, 2, 3]);
    drop(v);
    assert_eq!(counters.drops(), [1, 1, 1, 1]);

    let mut w = arenakit::vec![in &arena; 1u8];
    w.try_resize(4, 5).unwrap();
    assert_eq!(w, [1, 5, 5, 5]);
    w.try_resize(2, 0).unwrap();
    assert_eq!(w, [1, 5]);
}

#[test]
fn try_forms_under_a_limit_leave_the_vector_unchanged() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let mut v = arenakit::vec![in &arena; 1u64, 2, 3];
    let called = Cell::new(false);
    for result in [
        v.try_resize(100_000, 0),
        v.try_resize_with(100_000, || {
            called.set(true);
            0
        }),
    ] {
        assert_eq!(result.unwrap_err().kind(), AllocErrorKind::LimitExceeded);
        assert_eq!(v, [1, 2, 3]);
    }
    assert!(!called.get());
    // Doubling from within until the limit refuses: the refused step changes nothing.
    let err = loop {
        let before = v.len();
        match v.try_extend_from_within_copy(..) {
            Ok(()) => assert_eq!(v.len(), 2 * before),
            Err(err) => {
                assert_eq!(v.len(), before);
                break err;
            }
        }
    };
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(v.chunks(3).all(|c| c == [1, 2, 3]));
    let mut s = arena.vec();
    s.push("x".repeat(10));
    let err = loop {
        let before = s.len();
        if let Err(err) = s.try_extend_from_within_clone(..) {
            assert_eq!(s.len(), before);
            break err;
        }
    };
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
}

/// Every range of a short vector, against std's `extend_from_within`.
#[test]
fn extend_from_within_matches_std() {
    let arena = Arena::new();
    for len in 0..6 {
        for start in 0..=len {
            for end in start..=len {
                let model = {
                    let mut m: Vec<u16> = (0..len).collect();
                    m.extend_from_within(start as usize..end as usize);
                    m
                };
                let mut copy: arenakit::collections::Vec<u16> = (0..len).collect_in(&arena);
                copy.try_extend_from_within_copy(start as usize..end as usize)
                    .unwrap();
                assert_eq!(copy[..], model[..]);
                let mut clone: arenakit::collections::Vec<String> =
                    (0..len).map(|i| i.to_string()).collect_in(&arena);
                clone
                    .try_extend_from_within_clone(start as usize..end as usize)
                    .unwrap();
                let model: Vec<String> = model.iter().map(|i| i.to_string()).collect();
                assert_eq!(clone[..], model[..]);
            }
        }
    }
}

#[test]
fn extend_from_within_bad_ranges_panic() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; 1, 2, 3];
    let message = expect_panic(|| v.try_extend_from_within_copy(2..5));
    assert!(message.contains("out of range"), "{message}");
    let (start, end) = (3, 1);
    let message = expect_panic(|| v.try_extend_from_within_clone(start..end));
    assert!(message.contains("range starts at 3"), "{message}");
    assert_eq!(v, [1, 2, 3]);
}
