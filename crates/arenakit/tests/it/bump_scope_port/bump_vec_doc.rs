//! Port of bump-scope `tests/bump_vec_doc.rs` (its `BumpVec` doc examples): the arena `Vec`
//! and `arenakit::vec![in &arena; ..]`. Each test also ports its twin in
//! `tests/mut_bump_vec_doc.rs` (`MutBumpVec` and `mut_bump_vec!` are the same `Vec` and
//! `vec!` here). `extend_from_within_copy` is std's `extend_from_within`.

use arenakit::Arena;
use arenakit::collections::Vec;

/// bump-scope tests/bump_vec_doc.rs: new
///
/// Also ports `tests/mut_bump_vec_doc.rs: new`.
#[test]
fn new() {
    let arena = Arena::new();
    let vec: Vec<i32> = arenakit::vec![in &arena];
    assert!(vec.is_empty());
}

/// bump-scope tests/bump_vec_doc.rs: from_array
///
/// Also ports `tests/mut_bump_vec_doc.rs: from_array`.
#[test]
fn from_array() {
    let arena = Arena::new();
    let vec = arenakit::vec![in &arena; 1, 2, 3];
    assert_eq!(vec[0], 1);
    assert_eq!(vec[1], 2);
    assert_eq!(vec[2], 3);
}

/// bump-scope tests/bump_vec_doc.rs: from_elem
///
/// Also ports `tests/mut_bump_vec_doc.rs: from_elem`.
#[test]
fn from_elem() {
    let arena = Arena::new();
    let vec = arenakit::vec![in &arena; 1; 3];
    assert_eq!(vec, [1, 1, 1]);
}

/// bump-scope tests/bump_vec_doc.rs: extend_from_within_copy
///
/// Also ports `tests/mut_bump_vec_doc.rs: extend_from_within_copy`.
#[test]
fn extend_from_within_copy() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 0, 1, 2, 3, 4];

    vec.extend_from_within(2..);
    assert_eq!(vec, [0, 1, 2, 3, 4, 2, 3, 4]);

    vec.extend_from_within(..2);
    assert_eq!(vec, [0, 1, 2, 3, 4, 2, 3, 4, 0, 1]);

    vec.extend_from_within(4..8);
    assert_eq!(vec, [0, 1, 2, 3, 4, 2, 3, 4, 0, 1, 4, 2, 3, 4]);
}

/// bump-scope tests/bump_vec_doc.rs: resize
///
/// Also ports `tests/mut_bump_vec_doc.rs: resize`.
#[test]
fn resize() {
    let arena = Arena::new();

    let mut vec = arenakit::vec![in &arena; "hello"];
    vec.resize(3, "world");
    assert_eq!(vec, ["hello", "world", "world"]);
    drop(vec);

    let mut vec = arenakit::vec![in &arena; 1, 2, 3, 4];
    vec.resize(2, 0);
    assert_eq!(vec, [1, 2]);
}

/// bump-scope tests/bump_vec_doc.rs: resize_with
///
/// Also ports `tests/mut_bump_vec_doc.rs: resize_with`.
#[test]
fn resize_with() {
    let arena = Arena::new();

    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    vec.resize_with(5, Default::default);
    assert_eq!(vec, [1, 2, 3, 0, 0]);
    drop(vec);

    let mut vec = arenakit::vec![in &arena];
    let mut p = 1;
    vec.resize_with(4, || {
        p *= 2;
        p
    });
    assert_eq!(vec, [2, 4, 8, 16]);
}

/// bump-scope tests/bump_vec_doc.rs: capacity
///
/// Also ports `tests/mut_bump_vec_doc.rs: capacity`.
#[test]
fn capacity() {
    let arena = Arena::new();
    let vec: Vec<i32> = Vec::with_capacity_in(2048, &arena);
    assert!(vec.capacity() >= 2048);
}

/// bump-scope tests/bump_vec_doc.rs: insert
///
/// Also ports `tests/mut_bump_vec_doc.rs: insert`.
#[test]
fn insert() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    vec.insert(1, 4);
    assert_eq!(vec, [1, 4, 2, 3]);
    vec.insert(4, 5);
    assert_eq!(vec, [1, 4, 2, 3, 5]);
}

/// bump-scope tests/bump_vec_doc.rs: remove
///
/// Also ports `tests/mut_bump_vec_doc.rs: remove`.
#[test]
fn remove() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; 1, 2, 3];
    assert_eq!(v.remove(1), 2);
    assert_eq!(v, [1, 3]);
}

/// bump-scope tests/bump_vec_doc.rs: swap_remove
///
/// Also ports `tests/mut_bump_vec_doc.rs: swap_remove`.
#[test]
fn swap_remove() {
    let arena = Arena::new();
    let mut v = arenakit::vec![in &arena; "foo", "bar", "baz", "qux"];

    assert_eq!(v.swap_remove(1), "bar");
    assert_eq!(v, ["foo", "qux", "baz"]);

    assert_eq!(v.swap_remove(0), "foo");
    assert_eq!(v, ["baz", "qux"]);
}

/// bump-scope tests/bump_vec_doc.rs: truncate
///
/// Also ports `tests/mut_bump_vec_doc.rs: truncate`.
#[test]
fn truncate() {
    let arena = Arena::new();

    let mut vec = arenakit::vec![in &arena; 1, 2, 3, 4, 5];
    vec.truncate(2);
    assert_eq!(vec, [1, 2]);

    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    vec.truncate(8);
    assert_eq!(vec, [1, 2, 3]);

    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    vec.truncate(0);
    assert!(vec.is_empty());
}
