//! Port of bumpalo `tests/all/serde.rs` (features `collections` + `serde`): arena vectors and
//! boxes serialize as std's do. The derives of bumpalo's test types are written by hand (the
//! workspace's serde has no `derive` feature), and values without a `Deserialize` impl are
//! compared as JSON values rather than deserialized back.

use arenakit::Arena;
use core::f32::consts::{FRAC_PI_2, PI};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// bumpalo's `Test`, `#[serde(tag = "t", content = "c")]`: unit variants serialize as
/// `{"t": "<variant>"}`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Test {
    First,
    Second,
}

impl Serialize for Test {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Test", 1)?;
        s.serialize_field(
            "t",
            match self {
                Test::First => "First",
                Test::Second => "Second",
            },
        )?;
        s.end()
    }
}

/// bumpalo's `Mixed`.
#[derive(Clone, Debug, PartialEq)]
struct Mixed {
    i: i32,
    s: String,
    o: Option<String>,
    e: Test,
}

impl Serialize for Mixed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Mixed", 4)?;
        s.serialize_field("i", &self.i)?;
        s.serialize_field("s", &self.s)?;
        s.serialize_field("o", &self.o)?;
        s.serialize_field("e", &self.e)?;
        s.end()
    }
}

fn mixed() -> [Mixed; 2] {
    [
        Mixed {
            i: 8,
            s: "a".into(),
            o: None,
            e: Test::Second,
        },
        Mixed {
            i: 8,
            s: "b".into(),
            o: Some("some".into()),
            e: Test::First,
        },
    ]
}

/// Serializes `ours` and `std` to JSON, asserts the texts are equal, and returns the text.
fn assert_same_json(ours: &impl Serialize, std: &impl Serialize) -> String {
    let json = serde_json::to_string(ours).unwrap();
    assert_eq!(json, serde_json::to_string(std).unwrap());
    json
}

/// An arena vector holding clones of `items`, and a std vector holding them.
fn compare_std_vec<'a, T: Clone>(
    arena: &'a Arena,
    items: &[T],
) -> (arenakit::collections::Vec<'a, T>, Vec<T>) {
    let mut ours = arena.vec();
    ours.extend_from_slice(items);
    (ours, items.to_vec())
}

/// bumpalo tests/all/serde.rs: test_vec_serializes_str
#[test]
fn test_vec_serializes_str() {
    let arena = Arena::new();
    let (ours, std) = compare_std_vec(&arena, &["hello", "world"]);
    let json = assert_same_json(&ours, &std);
    let de: Vec<String> = serde_json::from_str(&json).unwrap();
    assert_eq!(de, std);
}

/// bumpalo tests/all/serde.rs: test_vec_serializes_f32
///
/// bumpalo's literals `1.5707964` and `3.1415927` are `FRAC_PI_2` and `PI` as `f32`s.
#[test]
fn test_vec_serializes_f32() {
    let arena = Arena::new();
    let (ours, std) = compare_std_vec(&arena, &[FRAC_PI_2, PI]);
    let json = assert_same_json(&ours, &std);
    let de: Vec<f32> = serde_json::from_str(&json).unwrap();
    assert_eq!(de, std);
}

/// bumpalo tests/all/serde.rs: test_vec_serializes_complex
#[test]
fn test_vec_serializes_complex() {
    let arena = Arena::new();
    let (ours, std) = compare_std_vec(&arena, &mixed());
    let json = assert_same_json(&ours, &std);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value[1]["o"], "some");
    assert_eq!(value[0]["e"]["t"], "Second");
}

/// bumpalo tests/all/serde.rs: test_box_serializes
#[test]
fn test_box_serializes() {
    let arena = Arena::new();
    assert_same_json(&arena.alloc_box(1), &Box::new(1));
    assert_same_json(&arena.alloc_box("one"), &Box::new("one"));
    let words = vec!["hello", "world"];
    assert_same_json(&arena.alloc_box(words.clone()), &Box::new(words));
}

/// bumpalo tests/all/serde.rs: test_box_serializes_complex
#[test]
fn test_box_serializes_complex() {
    let arena = Arena::new();
    let [first, _] = mixed();
    let json = assert_same_json(&arena.alloc_box(first.clone()), &Box::new(first));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["s"], "a");
    assert!(value["o"].is_null());
}
