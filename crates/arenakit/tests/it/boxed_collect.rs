//! `ArenaBox` additions for bumpalo and bump-scope users: `collect_in` into `ArenaBox<[T]>`
//! and `ArenaBox<str>` (the collected buffer becomes the box's block, freed with the box),
//! the arena `String::into_boxed_str`, `Hasher` for a boxed hasher (every method forwarded,
//! also through `dyn Hasher`) and `ArenaBox::as_non_null`.

use crate::collect::Counters;
use arenakit::prelude::*;
use arenakit::{AllocErrorKind, Arena, ArenaBox, SyncArena};
use std::cell::RefCell;
use std::hash::{BuildHasher, Hash, Hasher};

#[test]
fn collect_into_a_slice_box() {
    let arena = Arena::new();
    let exact: ArenaBox<'_, [u32]> = (0..100).collect_in(&arena);
    assert_eq!(exact.len(), 100);
    assert!(exact.iter().copied().eq(0..100));
    // An iterator of unknown length: the buffer grew, then shrank to fit the box.
    let evens: ArenaBox<'_, [u64]> = (0..1000u64).filter(|n| n % 2 == 0).collect_in(&arena);
    assert_eq!(evens.len(), 500);
    assert!(arena.contains(ArenaBox::as_ptr(&evens)));
    let empty: ArenaBox<'_, [u8]> = std::iter::empty().collect_in(&arena);
    assert!(empty.is_empty());
    let units: ArenaBox<'_, [()]> = std::iter::repeat_n((), 7).collect_in(&arena);
    assert_eq!(units.len(), 7);
    drop((exact, evens, empty, units));
    assert_eq!(
        arena.stats().used,
        0,
        "the boxes did not give their blocks back"
    );
}

#[test]
fn a_collected_box_drops_each_element_once() {
    let arena = Arena::new();
    let counters = Counters::new(50);
    let boxed: ArenaBox<'_, [_]> = (0..50)
        .filter(|_| true)
        .map(|i| counters.item(i))
        .collect_in(&arena);
    assert!(boxed.iter().map(|c| c.id).eq(0..50));
    assert_eq!(counters.drops(), [0; 50]);
    drop(boxed);
    counters.assert_each_dropped_once("collected box");
}

/// While the iterator allocates boxes of its own, the collecting buffer is not the newest
/// block and moves as it grows: the box still owns exactly its final block.
#[test]
fn collecting_while_the_iterator_allocates() {
    let arena = Arena::new();
    let mut side = Vec::new();
    let boxed: ArenaBox<'_, [usize]> = (0..2000)
        .filter(|_| true)
        .inspect(|&i| side.push(arena.alloc_box([i; 3])))
        .collect_in(&arena);
    assert!(boxed.iter().copied().eq(0..2000));
    assert!(side.iter().enumerate().all(|(i, b)| **b == [i; 3]));
    drop(side);
    drop(boxed);
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn collect_into_a_str_box_and_results() {
    let arena = SyncArena::new();
    let word: ArenaBox<'_, str, _, _> = "shout"
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .collect_in(&arena);
    assert_eq!(&*word, "SHOUT");
    let joined: ArenaBox<'_, str, _, _> = ["a", "-", "b"].into_iter().collect_in(&arena);
    assert_eq!(&*joined, "a-b");
    let parsed: Result<ArenaBox<'_, [i32], _, _>, _> = ["1", "2", "x"]
        .iter()
        .map(|s| s.parse::<i32>())
        .collect_in(&arena);
    assert!(parsed.is_err());
    let parsed: Result<ArenaBox<'_, [i32], _, _>, std::num::ParseIntError> = ["1", "2"]
        .iter()
        .map(|s| s.parse::<i32>())
        .collect_in(&arena);
    assert_eq!(&*parsed.unwrap(), [1, 2]);
}

#[test]
fn try_collect_into_a_box_reports_the_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let err = (0..1_000_000u32)
        .try_collect_in::<ArenaBox<'_, [u32]>>(&arena)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = std::iter::repeat_n('x', 1 << 20)
        .try_collect_in::<ArenaBox<'_, str>>(&arena)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let small = (0..10u32)
        .try_collect_in::<ArenaBox<'_, [u32]>>(&arena)
        .unwrap();
    assert_eq!(small.len(), 10);
}

#[test]
fn string_into_boxed_str() {
    let arena = Arena::new();
    let mut s = arenakit::collections::String::with_capacity_in(100, &arena);
    s.push_str("héllo");
    let b = s.into_boxed_str();
    assert_eq!(&*b, "héllo");
    assert_eq!(std::mem::size_of_val(&*b), 6);
    let bytes: ArenaBox<'_, [u8]> = b.into();
    assert_eq!(&*bytes, "héllo".as_bytes());
    drop(bytes);
    assert_eq!(arena.stats().used, 0);
    let empty = arena.string().into_boxed_str();
    assert_eq!(&*empty, "");
}

/// A hasher that records which of its methods were called, with what.
#[derive(Default)]
struct Recorder(RefCell<Vec<String>>);

impl Hasher for Recorder {
    fn finish(&self) -> u64 {
        self.0.borrow().len() as u64
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.get_mut().push(format!("write {bytes:?}"));
    }
    fn write_u8(&mut self, i: u8) {
        self.0.get_mut().push(format!("u8 {i}"));
    }
    fn write_u32(&mut self, i: u32) {
        self.0.get_mut().push(format!("u32 {i}"));
    }
    fn write_u128(&mut self, i: u128) {
        self.0.get_mut().push(format!("u128 {i}"));
    }
    fn write_usize(&mut self, i: usize) {
        self.0.get_mut().push(format!("usize {i}"));
    }
    fn write_i64(&mut self, i: i64) {
        self.0.get_mut().push(format!("i64 {i}"));
    }
    fn write_isize(&mut self, i: isize) {
        self.0.get_mut().push(format!("isize {i}"));
    }
}

/// Feeds the same values to any hasher.
fn feed(h: &mut impl Hasher) {
    (1u8, 2u32, 3u128, 4usize, -5i64, -6isize, "seven").hash(h);
    h.write_u16(8);
    h.write_i8(-9);
}

#[test]
fn a_boxed_hasher_forwards_every_method() {
    let arena = Arena::new();
    let mut plain = Recorder::default();
    feed(&mut plain);
    let mut boxed = arena.alloc_box(Recorder::default());
    feed(&mut boxed);
    assert_eq!(*boxed.0.borrow(), *plain.0.borrow());
    assert_eq!(boxed.finish(), plain.finish());
    // Through a trait object too.
    let mut dynamic: ArenaBox<'_, dyn Hasher> =
        arenakit::unsize_box!(arena.alloc_box(Recorder::default()));
    feed(&mut dynamic);
    assert_eq!(dynamic.finish(), plain.finish());

    let state = std::collections::hash_map::RandomState::new();
    let mut real = arena.alloc_box(state.build_hasher());
    let mut reference = state.build_hasher();
    feed(&mut real);
    feed(&mut reference);
    assert_eq!(real.finish(), reference.finish());
}

#[test]
fn as_non_null_points_at_the_value() {
    let arena = Arena::new();
    let mut b = arena.alloc_box(5u64);
    let p = ArenaBox::as_non_null(&mut b);
    assert_eq!(p.as_ptr() as *const u64, ArenaBox::as_ptr(&b));
    // SAFETY: `p` points to the box's live value, which nothing else uses meanwhile.
    unsafe { p.write(6) };
    assert_eq!(*b, 6);
    let mut s = arena.alloc_box_str("four");
    let q = ArenaBox::as_non_null(&mut s);
    assert_eq!(q.as_ptr() as *const u8, s.as_ptr());
    // SAFETY: `q` points to the box's live `str`, which nothing changes meanwhile.
    let seen: &str = unsafe { q.as_ref() };
    assert_eq!(seen, "four");
}
