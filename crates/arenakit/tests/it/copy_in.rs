//! `CopyIn`: the library's impls (primitives, strings, slices, boxes, references, `Option`,
//! tuples, arrays, maps and sets), and `#[derive(CopyIn)]` in `derive` (feature `derive`).
//!
//! Every test drops the originals before it reads the copies, and checks that every copied
//! `&str` and `&[T]` lies in the arena.

#[cfg(feature = "derive")]
mod derive;

use arenakit::{AllocErrorKind, Arena, CopyIn};

/// An arena that cannot take a single chunk: every non-empty allocation fails.
fn starved() -> Arena {
    Arena::builder().limit(0).build()
}

/// Asserts that the (non-empty) memory behind `value` lies in `arena`.
#[track_caller]
fn assert_in<T: ?Sized>(arena: &Arena, value: &T) {
    assert!(
        arena.contains(value as *const T),
        "{:p} is not in the arena",
        value as *const T
    );
}

/// Primitives copy as they are, allocate nothing and so succeed even in a starved arena.
#[test]
fn primitives_copy_by_value() {
    let arena = starved();
    assert_eq!(().try_copy_in(&arena), Ok(()));
    assert_eq!(true.try_copy_in(&arena), Ok(true));
    assert_eq!('λ'.try_copy_in(&arena), Ok('λ'));
    assert_eq!(u8::MAX.try_copy_in(&arena), Ok(u8::MAX));
    assert_eq!(u16::MAX.try_copy_in(&arena), Ok(u16::MAX));
    assert_eq!(u32::MAX.try_copy_in(&arena), Ok(u32::MAX));
    assert_eq!(u64::MAX.try_copy_in(&arena), Ok(u64::MAX));
    assert_eq!(u128::MAX.try_copy_in(&arena), Ok(u128::MAX));
    assert_eq!(usize::MAX.try_copy_in(&arena), Ok(usize::MAX));
    assert_eq!(i8::MIN.try_copy_in(&arena), Ok(i8::MIN));
    assert_eq!(i16::MIN.try_copy_in(&arena), Ok(i16::MIN));
    assert_eq!(i32::MIN.try_copy_in(&arena), Ok(i32::MIN));
    assert_eq!(i64::MIN.try_copy_in(&arena), Ok(i64::MIN));
    assert_eq!(i128::MIN.try_copy_in(&arena), Ok(i128::MIN));
    assert_eq!(isize::MIN.try_copy_in(&arena), Ok(isize::MIN));
    assert_eq!(1.5f32.try_copy_in(&arena), Ok(1.5));
    assert_eq!((-2.25f64).try_copy_in(&arena), Ok(-2.25));
    assert!(f64::NAN.copy_in(&arena).is_nan());
    assert_eq!(arena.stats().held, 0);
}

/// `str`, `String`, `Box<str>` and references to them become `&str` in the arena.
#[test]
fn strings_become_arena_strs() {
    let arena = Arena::new();
    let owned = String::from("owned");
    let boxed: Box<str> = "boxed".into();
    let borrowed = String::from("borrowed");
    let from_str: &str = "literal".copy_in(&arena);
    let from_string: &str = owned.copy_in(&arena);
    let from_box: &str = boxed.copy_in(&arena);
    let from_ref: &str = <&&String as CopyIn<'_>>::copy_in(&&&borrowed, &arena);
    let empty: &str = String::new().copy_in(&arena);
    drop((owned, boxed, borrowed));

    assert_eq!(
        [from_str, from_string, from_box, from_ref],
        ["literal", "owned", "boxed", "borrowed"]
    );
    assert_eq!(empty, "");
    for s in [from_str, from_string, from_box, from_ref] {
        assert_in(&arena, s);
    }
    let unicode: &str = String::from("größe ✓").copy_in(&arena);
    assert_eq!(unicode, "größe ✓");
}

/// `Vec<T>`, `[T]` and `Box<[T]>` become `&[T::Output]`, copying each element.
#[test]
fn slices_copy_each_element() {
    let arena = Arena::new();
    let numbers = vec![1u32, 2, 3];
    let words = vec![String::from("a"), String::from("bc")];
    let nested: Vec<Vec<String>> = vec![vec!["x".into()], vec![], vec!["y".into(), "z".into()]];
    let boxed: Box<[Box<str>]> = vec!["p".into(), "q".into()].into_boxed_slice();

    let numbers_in: &[u32] = numbers.copy_in(&arena);
    let slice_in: &[u32] = numbers[1..].copy_in(&arena);
    let words_in: &[&str] = words.copy_in(&arena);
    let nested_in: &[&[&str]] = nested.copy_in(&arena);
    let boxed_in: &[&str] = boxed.copy_in(&arena);
    let empty: &[&str] = Vec::<String>::new().copy_in(&arena);
    drop((numbers, words, nested, boxed));

    assert_eq!(numbers_in, [1, 2, 3]);
    assert_eq!(slice_in, [2, 3]);
    assert_eq!(words_in, ["a", "bc"]);
    assert_eq!(nested_in, [&["x"][..], &[], &["y", "z"]]);
    assert_eq!(boxed_in, ["p", "q"]);
    assert!(empty.is_empty());
    assert_in(&arena, numbers_in);
    assert_in(&arena, slice_in);
    assert_in(&arena, words_in);
    assert_in(&arena, nested_in);
    assert_in(&arena, boxed_in);
    for s in words_in
        .iter()
        .chain(boxed_in)
        .chain(nested_in.iter().flat_map(|s| s.iter()))
    {
        assert_in(&arena, *s);
    }
}

/// `Box<T>` becomes `&T::Output`, moved into the arena; `&T` copies what it points to.
#[test]
fn boxes_and_references() {
    let arena = Arena::new();
    let number = Box::new(7u64);
    let text = Box::new(String::from("boxed string"));
    let double = Box::new(Box::new(3i8));
    let value = 9u16;

    let number_in: &u64 = number.copy_in(&arena);
    let text_in: &&str = text.copy_in(&arena);
    let double_in: &&i8 = double.copy_in(&arena);
    let reference_in: u16 = <&u16 as CopyIn<'_>>::copy_in(&&value, &arena);
    drop((number, text, double));

    assert_eq!(
        (*number_in, *text_in, **double_in, reference_in),
        (7, "boxed string", 3, 9)
    );
    assert_in(&arena, number_in);
    assert_in(&arena, text_in);
    assert_in(&arena, *text_in);
    assert_in(&arena, double_in);
    assert_in(&arena, *double_in);
}

/// `Option<T>` copies its content, if any.
#[test]
fn options() {
    let arena = Arena::new();
    let some = Some(String::from("here"));
    let none: Option<String> = None;
    let nested = Some(Some(vec![1u8, 2]));

    let some_in: Option<&str> = some.copy_in(&arena);
    let none_in: Option<&str> = none.copy_in(&arena);
    let nested_in: Option<Option<&[u8]>> = nested.copy_in(&arena);
    drop((some, nested));

    assert_eq!(some_in, Some("here"));
    assert_eq!(none_in, None);
    assert_eq!(nested_in, Some(Some(&[1u8, 2][..])));
    assert_in(&arena, some_in.unwrap());
    assert_in(&arena, nested_in.flatten().unwrap());
}

/// Tuples of one to eight elements copy element by element.
#[test]
fn tuples() {
    let arena = Arena::new();
    let one = (String::from("one"),);
    let pair = (String::from("k"), vec![1i32]);
    let eight = (
        1u8,
        'b',
        String::from("c"),
        4.0f32,
        Some(5u16),
        vec![6u32],
        true,
        Box::new(8i64),
    );

    let one_in: (&str,) = one.copy_in(&arena);
    let pair_in: (&str, &[i32]) = pair.copy_in(&arena);
    let eight_in = eight.copy_in(&arena);
    drop((one, pair, eight));

    assert_eq!(one_in, ("one",));
    assert_eq!(pair_in, ("k", &[1][..]));
    let (a, b, c, d, e, f, g, h): (u8, char, &str, f32, Option<u16>, &[u32], bool, &i64) = eight_in;
    assert_eq!(
        (a, b, c, d, e, f, g, *h),
        (1, 'b', "c", 4.0, Some(5), &[6][..], true, 8)
    );
    assert_in(&arena, one_in.0);
    assert_in(&arena, pair_in.0);
    assert_in(&arena, pair_in.1);
    assert_in(&arena, c);
    assert_in(&arena, f);
    assert_in(&arena, h);
}

/// Arrays copy element by element into an array (not into the arena).
#[test]
fn arrays() {
    let arena = Arena::new();
    let names = [String::from("x"), String::from("y"), String::from("z")];
    let grid = [[1u8, 2], [3, 4]];
    let empty: [String; 0] = [];

    let names_in: [&str; 3] = names.copy_in(&arena);
    let grid_in: [[u8; 2]; 2] = grid.copy_in(&arena);
    let empty_in: [&str; 0] = empty.copy_in(&arena);
    drop(names);

    assert_eq!(names_in, ["x", "y", "z"]);
    assert_eq!(grid_in, grid);
    assert_eq!(empty_in.len(), 0);
    for s in names_in {
        assert_in(&arena, s);
    }
}

/// A std `HashMap` becomes an arena `HashMap` whose keys and values are copies.
#[cfg(all(feature = "collections", feature = "std"))]
#[test]
fn hash_maps() {
    use std::collections::HashMap;

    let arena = Arena::new();
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    map.insert("fruit".into(), vec!["apple".into(), "pear".into()]);
    map.insert("empty".into(), Vec::new());
    let copy: arenakit::collections::HashMap<'_, &str, &[&str]> = map.copy_in(&arena);
    drop(map);

    assert_eq!(copy.len(), 2);
    assert_eq!(copy["fruit"], ["apple", "pear"]);
    assert!(copy["empty"].is_empty());
    for (key, values) in &copy {
        assert_in(&arena, *key);
        for value in *values {
            assert_in(&arena, *value);
        }
    }
    let small: HashMap<u8, u8> = [(1, 2)].into_iter().collect();
    assert!(small.try_copy_in(&starved()).is_err());
}

/// A std `HashSet` becomes an arena `HashSet` of copies.
#[cfg(all(feature = "collections", feature = "std"))]
#[test]
fn hash_sets() {
    use std::collections::HashSet;

    let arena = Arena::new();
    let set: HashSet<Box<str>> = ["a".into(), "b".into(), "c".into()].into_iter().collect();
    let copy: arenakit::collections::HashSet<'_, &str> = set.copy_in(&arena);
    drop(set);

    assert_eq!(copy.len(), 3);
    assert!(copy.contains("b"));
    for item in &copy {
        assert_in(&arena, *item);
    }
    let empty: arenakit::collections::HashSet<'_, u8> = HashSet::<u8>::new().copy_in(&arena);
    assert!(empty.is_empty());
}

/// Every impl that allocates reports a starved arena's error instead of panicking.
#[test]
fn try_copy_in_reports_allocation_failure() {
    let arena = starved();
    let err = String::from("text").try_copy_in(&arena).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!("text".try_copy_in(&arena).is_err());
    assert!(vec![1u8].try_copy_in(&arena).is_err());
    assert!(vec![1u8][..].try_copy_in(&arena).is_err());
    assert!(Box::new(1u32).try_copy_in(&arena).is_err());
    assert!(Box::<str>::from("b").try_copy_in(&arena).is_err());
    assert!(Box::<[u8]>::from([1u8]).try_copy_in(&arena).is_err());
    assert!(Some(String::from("s")).try_copy_in(&arena).is_err());
    assert!((1u8, String::from("s")).try_copy_in(&arena).is_err());
    assert!(
        [String::from("a"), String::from("b")]
            .try_copy_in(&arena)
            .is_err()
    );
    assert_eq!(arena.stats().held, 0);
}

/// An error part-way through (the first element fits, a later one does not) is reported too.
#[test]
fn try_copy_in_fails_part_way() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let big = "x".repeat(1 << 20);
    let items = vec![String::from("small"), big];
    let err = items.try_copy_in(&arena).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let s: &str = String::from("still usable").copy_in(&arena);
    assert_eq!(s, "still usable");
}

/// `copy_in` panics where `try_copy_in` returns an error.
#[test]
#[should_panic(expected = "memory limit")]
fn copy_in_panics_on_allocation_failure() {
    let arena = starved();
    let _ = String::from("no room").copy_in(&arena);
}

/// `CopyIn` as a bound: a generic helper works for every impl.
#[test]
fn generic_over_copy_in() {
    fn copy_all<'a, T: CopyIn<'a>>(items: &[T], arena: &'a Arena) -> Vec<T::Output> {
        items.iter().map(|item| item.copy_in(arena)).collect()
    }

    let arena = Arena::new();
    let copies = copy_all(&[String::from("a"), String::from("b")], &arena);
    assert_eq!(copies, ["a", "b"]);
}
