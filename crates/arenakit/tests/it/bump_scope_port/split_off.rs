//! Port of bump-scope `tests/split_off.rs`. bump-scope's `split_off(range)` takes any range
//! and splits in place; arenakit's `Vec` and `String` have std's `split_off(at)` (the tail,
//! into a new buffer) and `drain` (README), which bump-scope's own
//! `*_alternative_using_drain` tests show for the other ranges: [`split_vec`] and
//! [`split_string`] pick one or the other. Capacities are std's, not bump-scope's in-place
//! ones.
//!
//! Not ported: `boxed_slice_split_off_zst`, `boxed_slice_split_off`, `boxed_str_split_off`
//! and the four `boxed_str_split_off_panic_*` (an `ArenaBox` of a slice or `str` cannot be
//! split).

use super::Counted;
use arenakit::Arena;
use arenakit::collections::{String, Vec};
use arenakit::prelude::*;
use core::ops::{Bound, RangeBounds};

/// A range as its two bounds, so ranges of different types fit in one array.
type Span = (Bound<usize>, Bound<usize>);

/// The `start..end` a range selects in a length of `len`.
fn bounds(range: impl RangeBounds<usize>, len: usize) -> (usize, usize) {
    let start = match range.start_bound() {
        Bound::Included(&i) => i,
        Bound::Excluded(&i) => i + 1,
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&i) => i + 1,
        Bound::Excluded(&i) => i,
        Bound::Unbounded => len,
    };
    (start, end)
}

/// bump-scope's `BumpVec::split_off(range)`: `split_off(start)` for a tail, else the range
/// drained into a new vector.
fn split_vec<'a, T>(vec: &mut Vec<'a, T>, range: impl RangeBounds<usize>) -> Vec<'a, T> {
    let (start, end) = bounds(range, vec.len());
    if end == vec.len() {
        vec.split_off(start)
    } else {
        let arena = *vec.allocator();
        vec.drain(start..end).collect_in(arena)
    }
}

/// bump-scope's `BumpString::split_off(range)`, as [`split_vec`].
fn split_string<'a>(string: &mut String<'a>, range: impl RangeBounds<usize>) -> String<'a> {
    let (start, end) = bounds(range, string.len());
    if end == string.len() {
        string.split_off(start)
    } else {
        let other = String::from_str_in(&string[start..end], string.arena());
        string.drain(start..end);
        other
    }
}

/// bump-scope tests/split_off.rs: vec_split_off_zst
#[test]
fn vec_split_off_zst() {
    let arena = Arena::new();
    let cases = [
        ((Bound::Included(3), Bound::Unbounded), 3, 2),
        ((Bound::Unbounded, Bound::Excluded(3)), 2, 3),
        ((Bound::Included(1), Bound::Excluded(4)), 2, 3),
        ((Bound::Unbounded, Bound::Unbounded), 0, 5),
    ];
    for (range, kept, split) in cases {
        Counted::expect().defaults(5).drops(5).run(|| {
            let mut vec = Vec::with_capacity_in(10, &arena);
            vec.extend(core::iter::repeat_with(Counted::<()>::default).take(5));
            assert_eq!(vec.capacity(), usize::MAX);
            let rem = split_vec(&mut vec, range);
            assert_eq!((vec.len(), rem.len()), (kept, split));
            assert_eq!((vec.capacity(), rem.capacity()), (usize::MAX, usize::MAX));
        });
    }
}

/// bump-scope tests/split_off.rs: vec_split_off
#[test]
fn vec_split_off() {
    let arena = Arena::new();
    let cases: [(Span, &[char], &[char]); 4] = [
        (
            (Bound::Included(3), Bound::Unbounded),
            &['a', 'b', 'c'],
            &['d', 'e'],
        ),
        (
            (Bound::Unbounded, Bound::Excluded(3)),
            &['d', 'e'],
            &['a', 'b', 'c'],
        ),
        (
            (Bound::Included(1), Bound::Excluded(4)),
            &['a', 'e'],
            &['b', 'c', 'd'],
        ),
        (
            (Bound::Unbounded, Bound::Unbounded),
            &[],
            &['a', 'b', 'c', 'd', 'e'],
        ),
    ];
    for (range, kept, split) in cases {
        let mut vec = Vec::with_capacity_in(10, &arena);
        vec.extend(['a', 'b', 'c', 'd', 'e']);
        let rem = split_vec(&mut vec, range);
        assert_eq!((&*vec, &*rem), (kept, split));
        assert!(rem.capacity() >= rem.len());
    }
}

/// bump-scope tests/split_off.rs: string_split_off
#[test]
fn string_split_off() {
    let arena = Arena::new();
    let cases = [
        ((Bound::Included(3), Bound::Unbounded), "abc", "de"),
        ((Bound::Unbounded, Bound::Excluded(3)), "de", "abc"),
        ((Bound::Included(1), Bound::Excluded(4)), "ae", "bcd"),
        ((Bound::Unbounded, Bound::Unbounded), "", "abcde"),
    ];
    for (range, kept, split) in cases {
        let mut string = String::with_capacity_in(10, &arena);
        string.push_str("abcde");
        let rem = split_string(&mut string, range);
        assert_eq!((string.as_str(), rem.as_str()), (kept, split));
        assert!(rem.capacity() >= rem.len());
    }
}

/// Splits `"❤️❤️❤️"` (three 6-byte hearts) at the range `range(len)` of it.
fn split_hearts(range: fn(usize) -> Span) {
    let arena = Arena::new();
    let mut string = String::from_str_in("❤️❤️❤️", &arena);
    let range = range(string.len());
    let _ = split_string(&mut string, range);
}

/// bump-scope tests/split_off.rs: string_split_off_panic_front
#[test]
#[should_panic = "not a char boundary"]
fn string_split_off_panic_front() {
    split_hearts(|_| (Bound::Included(1), Bound::Unbounded));
}

/// bump-scope tests/split_off.rs: string_split_off_panic_back
#[test]
#[should_panic = "not a char boundary"]
fn string_split_off_panic_back() {
    split_hearts(|len| (Bound::Unbounded, Bound::Excluded(len - 1)));
}

/// bump-scope tests/split_off.rs: string_split_off_panic_middle_start
#[test]
#[should_panic = "not a char boundary"]
fn string_split_off_panic_middle_start() {
    split_hearts(|len| (Bound::Included(len / 3 + 1), Bound::Excluded(len / 3 * 2)));
}

/// bump-scope tests/split_off.rs: string_split_off_panic_middle_end
#[test]
#[should_panic = "not a char boundary"]
fn string_split_off_panic_middle_end() {
    split_hearts(|len| (Bound::Included(len / 3), Bound::Excluded(len / 3 * 2 - 1)));
}

/// bump-scope tests/split_off.rs: vec_compare_to_std
#[test]
fn vec_compare_to_std() {
    let arena = Arena::new();
    let mut std = vec!['a', 'b', 'c', 'd', 'e'];
    let mut arena_vec = arenakit::vec![in &arena; 'a', 'b', 'c', 'd', 'e'];
    let std_off = std.split_off(2);
    let arena_off = arena_vec.split_off(2);
    assert_eq!(&*std, &*arena_vec);
    assert_eq!(&*std_off, &*arena_off);
    assert_eq!(&*std, ['a', 'b']);
    assert_eq!(&*std_off, ['c', 'd', 'e']);
}

/// bump-scope tests/split_off.rs: string_compare_to_std
#[test]
fn string_compare_to_std() {
    let arena = Arena::new();
    let mut std = std::string::String::from("abcde");
    let mut arena_string = String::from_str_in("abcde", &arena);
    let std_off = std.split_off(2);
    let arena_off = arena_string.split_off(2);
    assert_eq!(std, arena_string);
    assert_eq!(std_off, arena_off);
    assert_eq!(std, "ab");
    assert_eq!(std_off, "cde");
}

/// bump-scope tests/split_off.rs: vec_alternative_using_drain
#[test]
fn vec_alternative_using_drain() {
    let arena = Arena::new();
    let (start, end) = (1, 4);

    let mut vec = Vec::from_iter_in(['a', 'b', 'c', 'd', 'e'], &arena);
    let allocator = *vec.allocator();
    let other = Vec::from_iter_in(vec.drain(start..end), allocator);
    assert_eq!(vec, ['a', 'e']);
    assert_eq!(other, ['b', 'c', 'd']);

    let mut vec = Vec::from_iter_in(['a', 'b', 'c', 'd', 'e'], &arena);
    let mut other = Vec::new_in(*vec.allocator());
    other.extend(vec.drain(start..end));
    assert_eq!(vec, ['a', 'e']);
    assert_eq!(other, ['b', 'c', 'd']);
}

/// bump-scope tests/split_off.rs: string_alternative_using_drain
#[test]
fn string_alternative_using_drain() {
    let arena = Arena::new();
    let (start, end) = (1, 4);

    let mut string = String::from_str_in("abcde", &arena);
    let mut other = String::new_in(string.arena());
    other.extend(string.drain(start..end));
    assert_eq!(string, "ae");
    assert_eq!(other, "bcd");

    let mut string = String::from_str_in("abcde", &arena);
    let mut other = String::new_in(string.arena());
    other.push_str(&string[start..end]);
    string.drain(start..end);
    assert_eq!(string, "ae");
    assert_eq!(other, "bcd");
}
