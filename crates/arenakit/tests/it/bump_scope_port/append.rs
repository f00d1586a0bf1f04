//! Port of bump-scope `tests/append.rs`: appending owned elements from every kind of owned
//! slice. bump-scope's `append` takes any `OwnedSlice`; an arena `Vec` takes any owned
//! iterator through `extend` (or `try_extend`), and another `Vec` through `append`.
//!
//! Merged: `append_mut_vec` (`MutBumpVec` is the same arena `Vec`). Not ported:
//! `append_fixed_vec` (no fixed-capacity vector) and `append_mut_vec_rev` (no downward
//! vector). Sources without a counterpart are left out: `&mut dyn TakeOwnedSlice`, and
//! `BumpBox<[T]>` by value and its `drain` (an `ArenaBox` of a slice cannot be moved out of
//! element by element); `BumpBox<[T; N]>` becomes `ArenaBox::into_inner`.

use arenakit::Arena;
use arenakit::collections::Vec;
use arenakit::prelude::*;

/// `["1", "2", "3"]`.
fn test_strings() -> [String; 3] {
    core::array::from_fn(|i| (i + 1).to_string())
}

/// `["0", "1", "2", "3", "4"]`, whose `1..4` is [`test_strings`].
fn test_strings_5() -> [String; 5] {
    core::array::from_fn(|i| i.to_string())
}

/// Appends `other` to a new arena vector, the way each source is appended, and checks it.
fn test_append(arena: &Arena, other: impl IntoIterator<Item = String>) {
    let mut vec = Vec::new_in(arena);
    vec.extend(other);
    assert_eq!(vec, ["1", "2", "3"]);
}

/// bump-scope tests/append.rs: append_vec
///
/// Also ports `append_mut_vec`.
#[test]
fn append_vec() {
    let arena = Arena::new();
    let other_arena = Arena::new();

    test_append(&arena, test_strings());
    let boxed: Box<[String; 3]> = Box::new(test_strings());
    test_append(&arena, *boxed);
    test_append(
        &arena,
        (Box::new(test_strings()) as Box<[String]>).into_vec(),
    );
    test_append(&arena, std::vec::Vec::from(test_strings()));
    test_append(&arena, boxed_array(&other_arena));
    test_append(
        &arena,
        arenakit::vec![in &other_arena; "1", "2", "3"]
            .into_iter()
            .map(String::from),
    );
    test_append(&arena, Vec::from_iter_in(test_strings(), &other_arena));
    let iter: std::vec::IntoIter<String> = std::vec::Vec::from(test_strings()).into_iter();
    test_append(&arena, iter);
    let mut five = std::vec::Vec::from(test_strings_5());
    test_append(&arena, five.drain(1..4));
    assert_eq!(five, ["0", "4"]);
    let mut five = Vec::from_iter_in(test_strings_5(), &other_arena);
    test_append(&arena, five.drain(1..4));
    assert_eq!(five, ["0", "4"]);

    // The fallible form.
    let mut vec = Vec::new_in(&arena);
    vec.try_extend(test_strings()).unwrap();
    assert_eq!(vec, ["1", "2", "3"]);

    // `Vec::append` moves the elements of another arena vector.
    let mut vec = Vec::new_in(&arena);
    let mut other = Vec::from_iter_in(test_strings(), &other_arena);
    vec.append(&mut other);
    assert_eq!(vec, ["1", "2", "3"]);
    assert!(other.is_empty());
}

/// bump-scope's `BumpBox<[String; 3]>` source: a box of `other_arena`, moved out of.
fn boxed_array(other_arena: &Arena) -> [String; 3] {
    arenakit::ArenaBox::into_inner(other_arena.alloc_box(test_strings()))
}
