//! `FixedVec` and `FixedString` (bump-scope's `FixedBumpVec`/`FixedBumpString`), the arena
//! `Vec`'s `map`/`try_map`/`map_in_place`/`into_fixed_vec`/`as_non_null`, the `String`'s raw
//! parts, and the pool guards' `pool`: a full buffer refuses and never moves,
//! conversions copy nothing, and panics mid-operation drop every element exactly once.

use crate::common::{DropLog, addr};
use arenakit::collections::{FixedString, FixedVec, String, Vec};
use arenakit::prelude::*;
use arenakit::{AllocErrorKind, Arena, ArenaPool, OwnedPooledArena, PooledArena};
use core::fmt::Write;
use core::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};

fn sorted(log: &DropLog) -> std::vec::Vec<u32> {
    let mut order = log.order();
    order.sort_unstable();
    order
}

#[test]
fn fixed_vec_refuses_when_full_and_never_moves() {
    let arena = Arena::new();
    let mut v = FixedVec::with_capacity_in(3, &arena);
    let at = v.as_ptr();
    v.push(1u32);
    v.insert(0, 0);
    v.extend_from_slice(&[2]);
    assert!(v.is_full());
    assert_eq!(v.try_push(9), Err(9));
    assert_eq!(v.try_insert(1, 9), Err(9));
    assert_eq!(
        v.try_extend_from_slice(&[9]).unwrap_err().kind(),
        AllocErrorKind::CapacityOverflow
    );
    assert_eq!(v, [0, 1, 2]);
    assert_eq!(v.as_ptr(), at);
    assert_eq!(v.pop(), Some(2));
    v.push(3);
    assert_eq!(v.drain(..1).collect::<std::vec::Vec<_>>(), [0]);
    assert_eq!(v.extract_if(.., |x| *x == 3).count(), 1);
    assert_eq!(v, [1]);
    let mut grown = v.into_vec();
    grown.extend([2, 3, 4]);
    assert_eq!(grown, [1, 2, 3, 4]);
    let empty = FixedVec::<u8>::new_in(&arena);
    assert!(empty.is_full() && empty.is_empty());
    assert!(FixedVec::<u64>::try_with_capacity_in(usize::MAX / 4, &arena).is_err());
}

#[test]
#[should_panic(expected = "FixedVec is full")]
fn fixed_vec_push_past_capacity_panics() {
    let arena = Arena::new();
    let mut v = FixedVec::with_capacity_in(1, &arena);
    v.push(1);
    v.push(2);
}

#[test]
fn fixed_vec_from_boxes_uses_their_blocks() {
    let arena = Arena::new();
    let b = arena.alloc_box_slice_copy(&[1u16, 2, 3]);
    let at = addr(arenakit::ArenaBox::as_ptr(&b));
    let mut v = FixedVec::from_init(b);
    assert_eq!((v.len(), v.capacity(), addr(v.as_ptr())), (3, 3, at));
    v.retain(|x| *x != 2);
    v.push(4);
    assert_eq!(v, [1, 3, 4]);
    let boxed = v.into_boxed_slice();
    assert_eq!(*boxed, [1, 3, 4]);
    drop(boxed);
    let slots =
        arena.alloc_box_slice_fill_with(2, |_| MaybeUninit::<std::string::String>::uninit());
    let mut strings = FixedVec::from_uninit(slots);
    strings.push("a".to_owned());
    assert_eq!((strings.len(), strings.capacity()), (1, 2));
    drop(strings); // drops the one string, frees the block
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn fixed_vec_panics_drop_each_element_once() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut v = FixedVec::with_capacity_in(6, &arena);
    for id in 0..6 {
        v.push(if id == 4 {
            log.panicking(id)
        } else {
            log.tracked(id)
        });
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        v.retain(|t| {
            assert!(t.id != 3, "keep panics");
            t.id != 1
        });
    }));
    assert!(result.is_err());
    assert_eq!(
        v.iter().map(|t| t.id).collect::<std::vec::Vec<_>>(),
        [0, 2, 3, 4, 5]
    );
    assert!(catch_unwind(AssertUnwindSafe(|| v.truncate(1))).is_err());
    assert_eq!(v.len(), 1);
    drop(v);
    assert_eq!(sorted(&log), [0, 1, 2, 3, 4, 5]);
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn fixed_vec_map_in_place_keeps_the_buffer() {
    let arena = Arena::new();
    let v = FixedVec::from_init(arena.alloc_box_slice_copy(&[1u64, 2]));
    let at = v.as_ptr() as usize;
    let w = v.map_in_place(|x| x as u32);
    assert_eq!((w.as_ptr() as usize, w.capacity()), (at, 4));
    assert_eq!(w, [1u32, 2]);
}

#[test]
fn fixed_string_refuses_when_full() {
    let arena = Arena::new();
    let mut s = FixedString::with_capacity_in(5, &arena);
    s.push_str("ab");
    s.push('é');
    assert!(s.try_push('é').is_err(), "two bytes, one left");
    let (one, two) = (std::hint::black_box(1), std::hint::black_box(2));
    assert!(write!(s, "{one}{two}").is_err());
    assert_eq!(s, "abé1", "fmt::Write appends what fits piece by piece");
    assert_eq!(s.pop(), Some('1'));
    s.truncate(2);
    s.as_mut_str().make_ascii_uppercase();
    assert_eq!(format!("{s}|{s:?}"), "AB|\"AB\"");
    let mut grown = s.into_string();
    grown.push_str(" and more");
    assert_eq!(grown, "AB and more");
    let mut init = FixedString::from_init(arena.alloc_box_str("xyz"));
    assert!(init.is_full());
    init.clear();
    init.push_str("123");
    assert_eq!(&*init.into_boxed_str(), "123");
    let uninit = arena.alloc_box_slice_copy(&[MaybeUninit::<u8>::uninit(); 2]);
    let mut u = FixedString::from_uninit(uninit);
    u.push_str("ok");
    assert!(u.is_full() && u == "ok");
    assert!(FixedString::new_in(&arena).try_push('a').is_err());
}

#[test]
#[should_panic(expected = "FixedString is full")]
fn fixed_string_push_past_capacity_panics() {
    let arena = Arena::new();
    FixedString::with_capacity_in(1, &arena).push_str("ab");
}

#[test]
fn string_raw_parts_and_fixed_conversion() {
    let arena = Arena::new();
    let mut s = String::with_capacity_in(8, &arena);
    s.push_str("raw");
    let p = s.as_non_null();
    assert_eq!(addr(p.as_ptr()), addr(s.as_ptr()));
    let (buf, len, cap, home) = s.into_bytes().into_raw_parts_with_alloc();
    // SAFETY: the parts of one string of `arena`, rebuilt once.
    let s = unsafe { String::from_raw_parts_in(buf, len, cap, home) };
    assert_eq!((s.as_str(), s.capacity()), ("raw", 8));
    let mut fixed = s.into_fixed_string();
    fixed.push_str("+five");
    assert!(fixed.is_full());
    assert_eq!(fixed, "raw+five");
}

#[test]
fn vec_map_reuses_the_buffer_when_the_layout_fits() {
    let arena = Arena::new();
    let v: Vec<u32> = (0..4).collect_in(&arena);
    let at = v.as_ptr() as usize;
    let same = v.map(|x| x as i32 - 1);
    assert_eq!((same.as_ptr() as usize, same.capacity()), (at, 4));
    let smaller = same.map(|x| x as i8);
    assert_eq!((smaller.as_ptr() as usize, smaller.capacity()), (at, 16));
    assert_eq!(smaller, [-1, 0, 1, 2]);
    let larger = smaller.map(i64::from);
    assert_ne!(larger.as_ptr() as usize, at);
    assert_eq!(larger, [-1, 0, 1, 2]);
    let units = larger.map_in_place(|_| ());
    assert_eq!(units.len(), 4);
    drop(units);
    assert_eq!(arena.stats().used, 0);
    let mut fixed = arena.vec_with_capacity::<u8>(2).into_fixed_vec();
    fixed.push(1);
    assert!(!fixed.is_full());
    let mut v = arenakit::vec![in &arena; 1u8, 2];
    // SAFETY: index 0 is an element of the vector, which is not otherwise used now.
    unsafe { v.as_non_null().write(5) };
    assert_eq!(v, [5, 2]);
}

#[test]
fn try_map_fails_before_calling_f() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let v: Vec<u8> = core::iter::repeat_n(1, 40_000).collect_in(&arena);
    let mut called = false;
    let err = v
        .try_map(|x| {
            called = true;
            u32::from(x)
        })
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(!called);
    assert_eq!(arena.stats().used, 0, "the vector was dropped");
}

#[test]
fn map_panics_drop_each_element_once() {
    let arena = Arena::new();
    for in_place in [true, false] {
        let log = DropLog::default();
        let made = DropLog::default();
        let v: Vec<_> = (0..6).map(|id| log.tracked(id)).collect_in(&arena);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let f = |t: crate::common::Tracked| {
                assert!(t.id != 3, "f panics");
                made.tracked(t.id + 100)
            };
            if in_place {
                drop(v.map_in_place(f));
            } else {
                // A larger `U`: a new buffer.
                drop(v.map(|t| (f(t), [0u64; 4])));
            }
        }));
        assert!(result.is_err());
        assert_eq!(sorted(&log), [0, 1, 2, 3, 4, 5]);
        assert_eq!(sorted(&made), [100, 101, 102]);
        assert_eq!(arena.stats().used, 0, "in_place: {in_place}");
    }
}

#[test]
fn pool_guards_name_their_pool() {
    let pool = ArenaPool::new();
    let arena = pool.get();
    assert!(core::ptr::eq(PooledArena::pool(&arena), &pool));
    let shared = std::sync::Arc::new(ArenaPool::new());
    let owned = shared.get_owned();
    assert!(std::sync::Arc::ptr_eq(
        OwnedPooledArena::pool(&owned),
        &shared
    ));
}

/// Counts its drops; its `clone` panics once `clones` reaches zero.
struct CloneBomb<'c> {
    drops: &'c std::cell::Cell<usize>,
    clones: &'c std::cell::Cell<usize>,
}

impl Clone for CloneBomb<'_> {
    fn clone(&self) -> Self {
        let left = self.clones.get();
        assert!(left > 0, "clone panics");
        self.clones.set(left - 1);
        CloneBomb {
            drops: self.drops,
            clones: self.clones,
        }
    }
}

impl Drop for CloneBomb<'_> {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

#[test]
fn fixed_vec_extend_with_a_panicking_clone_keeps_the_clones_made() {
    let (drops, clones) = (std::cell::Cell::new(0), std::cell::Cell::new(2));
    let arena = Arena::new();
    let src: std::vec::Vec<_> = (0..4)
        .map(|_| CloneBomb {
            drops: &drops,
            clones: &clones,
        })
        .collect();
    let mut v = FixedVec::with_capacity_in(4, &arena);
    assert!(catch_unwind(AssertUnwindSafe(|| v.extend_from_slice(&src))).is_err());
    assert_eq!((v.len(), drops.get()), (2, 0), "the two clones made stay");
    drop(v);
    assert_eq!(drops.get(), 2);
    drop(src);
    assert_eq!(drops.get(), 6);
    assert_eq!(arena.stats().used, 0);
}
