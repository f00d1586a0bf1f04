//! Port of bump-scope `tests/into_flattened.rs`: the arena `Vec` has allocator-api2's
//! `into_flattened`. `mut_vec` is merged into `vec`; not ported: `boxed` (an `ArenaBox` of a
//! slice has no `into_flattened`), `fixed_vec` (no fixed-capacity vector) and `mut_vec_rev`
//! (no downward vector).

use arenakit::Arena;

/// Three arrays of three strings: `["1", "2", "3"]`, `["4", "5", "6"]`, `["7", "8", "9"]`.
fn items() -> impl Iterator<Item = [String; 3]> {
    (0..3).map(|row| core::array::from_fn(|i| (row * 3 + i + 1).to_string()))
}

/// bump-scope tests/into_flattened.rs: vec
///
/// Also ports `mut_vec`.
#[test]
fn vec() {
    let arena = Arena::new();
    let mut vec = arena.vec_with_capacity(4);
    vec.extend(items());
    assert_eq!(
        format!("{vec:?}"),
        r#"[["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]]"#
    );
    let vec = vec.into_flattened();
    assert_eq!(
        format!("{vec:?}"),
        r#"["1", "2", "3", "4", "5", "6", "7", "8", "9"]"#
    );
    assert_eq!(vec.capacity(), 12);
}
