//! Length-changing methods of `ArenaBox<[T]>` and `ArenaBox<str>` (bump-scope's `BumpBox`
//! API): contents, every element dropped exactly once when a closure or a
//! destructor panics mid-operation, the block shrunk in place when it is the newest and freed
//! when the box empties, splits that leave the box unchanged when the arena refuses, and
//! the box conversions (`into_box`, `into_boxed_slice`, `downcast_unchecked`, io traits).

use crate::common::{DropLog, LocalDrops, Tracked, addr};
use arenakit::{AllocErrorKind, Arena, ArenaBox, unsize_box};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// `n` tracked values with ids `0..n`, in a box; the value with id `panics_at` panics when
/// dropped.
fn tracked_box<'a>(
    arena: &'a Arena,
    log: &DropLog,
    n: u32,
    panics_at: Option<u32>,
) -> ArenaBox<'a, [Tracked]> {
    arena.alloc_box_slice_fill_with(n as usize, |i| {
        let id = i as u32;
        if Some(id) == panics_at {
            log.panicking(id)
        } else {
            log.tracked(id)
        }
    })
}

/// Sorted drop log, to compare with `0..n` (each id dropped exactly once).
fn dropped_once(log: &DropLog, n: u32) -> bool {
    let mut order = log.order();
    order.sort_unstable();
    order == (0..n).collect::<Vec<_>>()
}

fn ids(b: &[Tracked]) -> Vec<u32> {
    b.iter().map(|t| t.id).collect()
}

#[test]
fn pop_truncate_remove_clear_keep_order_and_drop_once() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 6, None);
    assert_eq!(b.pop().map(|t| t.id), Some(5));
    assert_eq!(b.remove(1).id, 1);
    assert_eq!(b.swap_remove(0).id, 0);
    assert_eq!(ids(&b), [4, 2, 3]);
    b.truncate(2);
    assert_eq!(ids(&b), [4, 2]);
    assert_eq!(log.order(), [5, 1, 0, 3]);
    b.clear();
    assert!(b.is_empty());
    assert_eq!(arena.stats().used, 0, "an emptied box frees its block");
    drop(b);
    assert!(dropped_once(&log, 6));
    let mut empty = arena.alloc_box_slice_copy::<u8>(&[]);
    assert_eq!(empty.pop(), None);
}

#[test]
fn shrinking_the_newest_box_gives_the_tail_back() {
    let arena = Arena::new();
    let mut b = arena.alloc_box_slice_copy(&[7u64; 64]);
    let used = arena.stats().used;
    b.truncate(8);
    assert_eq!(arena.stats().used, used - 56 * 8);
    let next = arena.alloc_box(1u64);
    assert_eq!(
        addr(ArenaBox::as_ptr(&next)),
        addr(ArenaBox::as_ptr(&b)) + 64
    );
    // Not the newest any more: the tail stays until the box is dropped.
    b.truncate(1);
    drop(next);
    drop(b);
    assert_eq!(arena.stats().used, 0, "a shrunk box frees its whole block");
}

#[test]
fn shrunk_older_boxes_still_let_their_chunk_be_reused() {
    let arena = Arena::builder().chunk_size(4096).build();
    let mut boxes: Vec<_> = (0..8)
        .map(|i| arena.alloc_box_slice_fill_with(32, |j| (i * 100 + j) as u64))
        .collect();
    for (i, b) in boxes.iter_mut().enumerate() {
        b.retain(|x| *x % 2 == 0);
        b.truncate(i);
    }
    assert_eq!(boxes[3].len(), 3);
    drop(boxes);
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn retain_with_a_panicking_closure_drops_each_element_once() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 8, None);
    let result = catch_unwind(AssertUnwindSafe(|| {
        b.retain(|t| {
            assert!(t.id != 5, "predicate panics");
            t.id % 2 == 0
        });
    }));
    assert!(result.is_err());
    // 1 and 3 were dropped; 0, 2, 4 kept; 5..8 not examined stay.
    assert_eq!(ids(&b), [0, 2, 4, 5, 6, 7]);
    drop(b);
    assert!(dropped_once(&log, 8));
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn a_destructor_panicking_in_truncate_drops_the_others_once() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 6, Some(3));
    assert!(catch_unwind(AssertUnwindSafe(|| b.truncate(1))).is_err());
    assert_eq!(ids(&b), [0]);
    drop(b);
    assert!(dropped_once(&log, 6));
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn dedup_variants_match_vec() {
    let arena = Arena::new();
    let mut b = arena.alloc_box_slice_copy(&[1, 1, 2, 2, 2, 3, 1]);
    b.dedup();
    assert_eq!(*b, [1, 2, 3, 1]);
    b.dedup_by_key(|x| *x / 2);
    assert_eq!(*b, [1, 2, 1]);
    b.dedup_by(|_, _| true);
    assert_eq!(*b, [1]);
    let log = DropLog::default();
    let mut t = tracked_box(&arena, &log, 5, None);
    let result = catch_unwind(AssertUnwindSafe(|| {
        t.dedup_by(|a, _| {
            assert!(a.id != 3, "same panics");
            a.id == 1
        });
    }));
    assert!(result.is_err());
    assert_eq!(ids(&t), [0, 2, 3, 4]);
    drop(t);
    assert!(dropped_once(&log, 5));
}

#[test]
fn set_len_gives_up_the_tail() {
    let arena = Arena::new();
    let drops = LocalDrops::default();
    let mut b = arena.alloc_box_slice_fill_with(3, |_| drops.token());
    let tail: Vec<_> = b[1..].iter().map(core::ptr::from_ref).collect();
    // SAFETY: the two tokens after index 1 are read out (moved) right after.
    let moved: Vec<_> = tail.iter().map(|p| unsafe { p.read() }).collect();
    // SAFETY: 1 <= 3, and the elements from 1 on were moved out above.
    unsafe { b.set_len(1) };
    assert_eq!(b.len(), 1);
    drop(moved);
    drop(b);
    assert_eq!(drops.get(), 3);
}

#[test]
fn split_off_moves_a_range_to_a_new_box() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 6, None);
    let middle = b.split_off(2..4);
    assert_eq!((ids(&b), ids(&middle)), (vec![0, 1, 4, 5], vec![2, 3]));
    let first = b.split_off_first().unwrap();
    let last = b.split_off_last().unwrap();
    assert_eq!((first.id, last.id, ids(&b)), (0, 5, vec![1, 4]));
    let (left, right) = b.split_at(1);
    assert_eq!((ids(&left), ids(&right)), (vec![1], vec![4]));
    let merged = right.merge(middle).merge(left);
    assert_eq!(ids(&merged), [4, 2, 3, 1]);
    let (one, rest) = merged.split_first().unwrap();
    let (four, rest) = rest.split_last().unwrap();
    assert_eq!((one.id, four.id, ids(&rest)), (4, 1, vec![2, 3]));
    assert!(log.order().is_empty());
    drop((first, last, one, four, rest));
    assert!(dropped_once(&log, 6));
    assert_eq!(arena.stats().used, 0);
    let mut empty = arena.alloc_box_slice_copy::<u8>(&[]);
    assert!(empty.split_off_first().is_none() && empty.split_off_last().is_none());
    assert!(empty.split_first().is_none());
}

#[test]
fn failed_splits_leave_the_box_unchanged() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let mut b = arena.alloc_box_slice_fill_with(5000, |i| i as u64);
    let err = b.try_split_off(..).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!((b.len(), b[4999]), (5000, 4999));
    let part = b.try_split_off(4000..).unwrap(); // 8,000 bytes fit
    assert_eq!((b.len(), part.len(), part[0]), (4000, 1000, 4000));
    let small = arena.alloc_box_slice_copy(&[1u64]);
    // `b` is not the newest block: merging moves it to a new block, which does not fit.
    assert!(b.try_merge(small).is_err());
    drop(part);
    assert_eq!(arena.stats().used, 0, "both boxes were dropped");
}

#[test]
#[should_panic(expected = "out of range")]
fn split_off_out_of_range_panics() {
    let arena = Arena::new();
    arena.alloc_box_slice_copy(&[1]).split_off(..2);
}

#[test]
fn partition_keeps_order_and_survives_a_panic() {
    let arena = Arena::new();
    let (even, odd) = arena
        .alloc_box_slice_copy(&[1, 2, 3, 4, 5])
        .partition(|x| x % 2 == 0);
    assert_eq!((&*even, &*odd), (&[2, 4][..], &[1, 3, 5][..]));
    drop((even, odd));
    let log = DropLog::default();
    let b = tracked_box(&arena, &log, 6, None);
    let result = catch_unwind(AssertUnwindSafe(|| {
        b.partition(|t| {
            assert!(t.id != 4, "predicate panics");
            t.id % 2 == 0
        })
    }));
    assert!(result.is_err());
    assert!(dropped_once(&log, 6));
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn map_in_place_reuses_the_block_and_survives_a_panic() {
    let arena = Arena::new();
    let b = arena.alloc_box_slice_copy(&[1u32, 2, 3]);
    let at = addr(ArenaBox::as_ptr(&b));
    let small = b.map_in_place(|x| x as u16 * 10);
    assert_eq!((*small).to_vec(), [10u16, 20, 30]);
    assert_eq!(addr(ArenaBox::as_ptr(&small)), at);
    let units = small.map_in_place(|_| ());
    assert_eq!(units.len(), 3);
    drop(units);
    assert_eq!(arena.stats().used, 0);

    let log = DropLog::default();
    let made = DropLog::default();
    let b = tracked_box(&arena, &log, 6, None);
    let result = catch_unwind(AssertUnwindSafe(|| {
        b.map_in_place(|t| {
            assert!(t.id != 3, "f panics");
            made.tracked(t.id + 100)
        })
    }));
    assert!(result.is_err());
    assert!(dropped_once(&log, 6), "the Ts: {:?}", log.order());
    let mut made_ids = made.order();
    made_ids.sort_unstable();
    assert_eq!(made_ids, [100, 101, 102]);
    assert_eq!(arena.stats().used, 0);
}

#[test]
fn into_flattened_keeps_the_block() {
    let arena = Arena::new();
    let b = arena.alloc_box_slice_copy(&[[1u8, 2, 3], [4, 5, 6]]);
    let flat = b.into_flattened();
    assert_eq!(*flat, [1, 2, 3, 4, 5, 6]);
    drop(flat);
    assert_eq!(arena.stats().used, 0);
    let zst = arena.alloc_box_slice_copy(&[[(); 4]; 3]).into_flattened();
    assert_eq!(zst.len(), 12);
}

#[test]
fn str_boxes_edit_in_place_and_stay_utf8() {
    let arena = Arena::new();
    let mut s = arena.alloc_box_str("héllo, wörld");
    assert_eq!(s.pop(), Some('d'));
    assert_eq!(s.remove(1), 'é');
    s.retain(|c| c != 'l');
    assert_eq!(&*s, "ho, wör");
    let tail = s.split_off(3..);
    assert_eq!((&*s, &*tail), ("ho,", " wör"));
    s.truncate(1);
    assert_eq!(&*s, "h");
    // SAFETY: 0 <= 1, a boundary.
    unsafe { s.set_len(0) };
    assert!(s.is_empty());
    let mut t = arena.alloc_box_str("abcdef");
    let result = catch_unwind(AssertUnwindSafe(|| {
        t.retain(|c| {
            assert!(c != 'd', "keep panics");
            c != 'b'
        });
    }));
    assert!(result.is_err());
    assert!(core::str::from_utf8(t.as_bytes()).is_ok());
    assert_eq!(&*t, "acdef");
    t.clear();
    drop((s, tail, t));
    assert_eq!(arena.stats().used, 0);
}

#[test]
#[should_panic(expected = "char boundary")]
fn str_truncate_inside_a_char_panics() {
    let arena = Arena::new();
    arena.alloc_box_str("é").truncate(1);
}

#[test]
fn str_split_off_fails_cleanly_under_a_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let text = "x".repeat(40_000);
    let mut s = arena.alloc_box_str(&text);
    assert!(s.try_split_off(..).is_err());
    assert_eq!(s.len(), 40_000);
}

#[test]
fn conversions_to_other_owners() {
    let arena = Arena::new();
    let b = arena.alloc_box(String::from("api2")).into_box();
    assert_eq!(*b, "api2");
    drop(b);
    let s = arena.alloc_box_str("str").into_box();
    assert_eq!(&*s, "str");
    drop(s);
    assert_eq!(
        arena.stats().used,
        0,
        "allocator-api2's Box frees the block"
    );
    let one = arena.alloc_box(String::from("one")).into_boxed_slice();
    assert_eq!(one.len(), 1);
    drop(one);
    assert_eq!(arena.stats().used, 0);
    let any: ArenaBox<'_, dyn std::any::Any> = unsize_box!(arena.alloc_box(9u16));
    // SAFETY: the value is a `u16`.
    let n: ArenaBox<'_, u16> = unsafe { any.downcast_unchecked() };
    assert_eq!(*n, 9);
    let b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    assert_eq!((&b).into_iter().sum::<i32>(), 6);
    let owned: Vec<i32> = ArenaBox::into_vec(b).into_iter().collect();
    assert_eq!(owned, [1, 2, 3]);
    let mut text = String::new();
    text.extend([arena.alloc_box_str("a"), arena.alloc_box_str("b")]);
    assert_eq!(text, "ab");
}

#[test]
fn io_traits_forward_to_the_value() {
    use std::io::{BufRead, Cursor, Read, Seek, SeekFrom, Write};
    let arena = Arena::new();
    let mut w = arena.alloc_box(Cursor::new(Vec::new()));
    w.write_all(b"line one\nline two\n").unwrap();
    w.flush().unwrap();
    assert_eq!(w.seek(SeekFrom::Start(5)).unwrap(), 5);
    let mut word = [0u8; 3];
    w.read_exact(&mut word).unwrap();
    assert_eq!(&word, b"one");
    let mut rest = String::new();
    w.read_line(&mut rest).unwrap();
    assert_eq!(rest, "\n");
    let mut dynamic: ArenaBox<'_, dyn BufRead> = unsize_box!(arena.alloc_box(&b"a\nb"[..]));
    let lines: Vec<String> = dynamic.by_ref().lines().map(Result::unwrap).collect();
    assert_eq!(lines, ["a", "b"]);
}

#[test]
fn drain_yields_the_range_and_keeps_the_rest_in_order() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 8, None);
    let mut d = b.drain(2..6);
    assert_eq!(d.len(), 4);
    assert_eq!(d.next().map(|t| t.id), Some(2));
    assert_eq!(d.next_back().map(|t| t.id), Some(5));
    assert_eq!(ids(d.as_slice()), [3, 4]);
    drop(d); // drops 3 and 4
    assert_eq!(ids(&b), [0, 1, 6, 7]);
    assert_eq!(log.order(), [2, 5, 3, 4]);
    let all: Vec<u32> = b.drain(..).map(|t| t.id).collect();
    assert_eq!(all, [0, 1, 6, 7]);
    assert!(b.is_empty());
    assert_eq!(arena.stats().used, 0, "a drained-out box frees its block");
    drop(b);
    assert!(dropped_once(&log, 8));
}

#[test]
fn drain_survives_a_panicking_destructor_and_a_leak() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 6, Some(2));
    assert!(catch_unwind(AssertUnwindSafe(|| drop(b.drain(1..4)))).is_err());
    assert_eq!(ids(&b), [0, 4, 5]);
    drop(b);
    assert!(dropped_once(&log, 6));
    assert_eq!(arena.stats().used, 0);

    // Tokens that own no heap memory, so the leak leaks nothing but arena memory.
    let drops = LocalDrops::default();
    let mut b = arena.alloc_box_slice_fill_with(4, |_| drops.token());
    core::mem::forget(b.drain(1..3));
    assert_eq!(b.len(), 2, "a leaked drain leaves the kept elements");
    drop(b);
    assert_eq!(
        drops.get(),
        2,
        "the drained ones are leaked, not dropped twice"
    );
}

#[test]
fn extract_if_removes_matches_and_survives_a_panic_and_a_leak() {
    let arena = Arena::new();
    let log = DropLog::default();
    let mut b = tracked_box(&arena, &log, 8, None);
    let mut odd = b.extract_if(1.., |t| t.id % 2 == 1);
    assert_eq!(odd.next().map(|t| t.id), Some(1));
    assert_eq!(odd.next().map(|t| t.id), Some(3));
    drop(odd); // 4..8 not examined: they stay
    assert_eq!(ids(&b), [0, 2, 4, 5, 6, 7]);
    let result = catch_unwind(AssertUnwindSafe(|| {
        b.extract_if(.., |t| {
            assert!(t.id != 6, "filter panics");
            t.id == 4
        })
        .for_each(drop);
    }));
    assert!(result.is_err());
    assert_eq!(ids(&b), [0, 2, 5, 6, 7], "the element it panicked on stays");
    drop(b);
    assert!(dropped_once(&log, 8));
    assert_eq!(arena.stats().used, 0);

    // Tokens that own no heap memory, so the leak leaks nothing but arena memory.
    let drops = LocalDrops::default();
    let mut b = arena.alloc_box_slice_fill_with(4, |_| drops.token());
    let mut it = b.extract_if(.., |_| true);
    drop(it.next());
    core::mem::forget(it);
    assert!(b.is_empty(), "a leaked extract_if leaves the box empty");
    drop(b);
    assert_eq!(drops.get(), 1, "the others are leaked, not dropped twice");
}

#[test]
fn str_drain_yields_chars_and_keeps_the_rest() {
    let arena = Arena::new();
    let mut s = arena.alloc_box_str("añb€c");
    let mut d = s.drain(1..7); // "ñb€"
    assert_eq!(d.next(), Some('ñ'));
    assert_eq!(d.next_back(), Some('€'));
    assert_eq!(d.as_str(), "b");
    drop(d);
    assert_eq!(&*s, "ac");
    core::mem::forget(s.drain(1..));
    assert_eq!(&*s, "a", "a leaked drain leaves the kept text");
    let all: String = s.drain(..).collect();
    assert_eq!((all.as_str(), s.is_empty()), ("a", true));
    drop(s);
    assert_eq!(arena.stats().used, 0);
}

#[test]
#[should_panic(expected = "not on char boundaries")]
fn str_drain_inside_a_char_panics() {
    let arena = Arena::new();
    drop(arena.alloc_box_str("é").drain(..1));
}
