//! Port of bump-scope `tests/serde.rs`: `Serialize` for arena strings and vectors (feature
//! `serde`), and deserializing into the arena (feature `json`: `de::InArena`, a
//! `DeserializeSeed` like bump-scope's `&mut BumpVec`, which makes a new collection where
//! bump-scope's appends to one). The `FixedBumpVec`, `FixedBumpString` and `MutBumpVecRev`
//! cases have no counterpart; `MutBumpVec` and `MutBumpString` are the arena `Vec` and
//! `String`.

use arenakit::Arena;
use serde::Serialize;

/// Asserts `a` and `b` serialize to the same JSON.
fn assert_same<A: Serialize, B: Serialize>(a: &A, b: &B) {
    assert_eq!(
        serde_json::to_string(a).unwrap(),
        serde_json::to_string(b).unwrap()
    );
}

/// bump-scope tests/serde.rs: ser
#[test]
fn ser() {
    let arena = Arena::new();
    assert_same(&arena.alloc_box_str("Hello, world!"), &"Hello, world!");
    assert_same(&&*arena.alloc_str("Hello, world!"), &"Hello, world!");
    let mut vec = arena.vec_with_capacity(5);
    vec.extend_from_slice(&[1, 2, 3]);
    assert_same(&vec, &vec![1, 2, 3]);
    assert_same(&arenakit::vec![in &arena; 1, 2, 3], &vec![1, 2, 3]);
    assert_same(
        &arenakit::format!(in &arena, "Hello, world!"),
        &"Hello, world!",
    );
}

/// bump-scope tests/serde.rs: de
#[cfg(feature = "json")]
#[test]
fn de() {
    use arenakit::collections::{String, Vec};
    use arenakit::de::{DeserializeIn, InArena};
    use core::fmt::Debug;
    use serde::de::DeserializeSeed;

    /// Serializes `src`, deserializes the JSON into `dst_arena` and compares.
    fn roundtrip<'a, T>(src: &T, dst_arena: &'a Arena)
    where
        T: Serialize + PartialEq + Debug + DeserializeIn<'a>,
    {
        let json = serde_json::to_string(src).unwrap();
        let mut deserializer = serde_json::Deserializer::from_str(&json);
        let dst: T = InArena::new(dst_arena)
            .deserialize(&mut deserializer)
            .unwrap();
        assert_eq!(*src, dst);
    }

    let src_arena = Arena::new();
    let dst_arena = Arena::new();
    let src: Vec<i32> = arenakit::vec![in &src_arena; 1, 2, 3];
    roundtrip(&src, &dst_arena);
    let src: String = arenakit::format!(in &src_arena, "Hello, World!");
    roundtrip(&src, &dst_arena);
}
