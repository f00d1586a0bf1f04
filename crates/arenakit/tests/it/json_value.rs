//! `arenakit::json::Value` as a field of derived types, through arenakit's decoder and
//! serde_json alike: any JSON held in the arena, next to typed fields.

use arenakit::Arena;
use arenakit::de::{DeserializeIn, InArena};
use arenakit::json::Value;
use serde::de::DeserializeSeed;

#[derive(DeserializeIn)]
struct Req<'a> {
    id: u64,
    extra: Value<'a>,
    #[serde(default)]
    more: Option<&'a [Value<'a>]>,
}

#[test]
fn value_is_a_field_of_derived_types() {
    let arena = Arena::new();
    let json = r#"{"id": 7, "extra": {"tags": ["a", "b\n"], "n": -1.5}, "more": [null, {}]}"#;
    let req: Req<'_> = arenakit::de::from_str_in(&arena, json).unwrap();
    let mut de = serde_json::Deserializer::from_str(json);
    let theirs: Req<'_> = InArena::new(&arena).deserialize(&mut de).unwrap();
    for r in [&req, &theirs] {
        assert_eq!(r.id, 7);
        assert_eq!(r.extra["tags"][1].as_str(), Some("b\n"));
        assert_eq!(r.extra["n"].as_f64(), Some(-1.5));
        assert_eq!(r.more.map(<[_]>::len), Some(2));
        // Strings are copied into the arena, whichever decoder lent them.
        assert!(arena.contains(r.extra["tags"][0].as_str().unwrap().as_ptr()));
    }
    assert_eq!(req.extra, theirs.extra);
    assert_eq!(req.extra.to_string(), r#"{"tags":["a","b\n"],"n":-1.5}"#);

    let bare: Req<'_> = arenakit::de::from_str_in(&arena, r#"{"id": 1, "extra": 2}"#).unwrap();
    assert_eq!((bare.extra.as_u64(), bare.more.is_none()), (Some(2), true));
}

/// A value decoded from serde_json's `Value` (a `Deserializer` of its own): the
/// self-describing formats all work.
#[test]
fn value_from_another_format() {
    let arena = Arena::new();
    let source = serde_json::json!({"a": [1, -2, 3.5, "x", null, true]});
    let v = Value::deserialize_in(&arena, &source).unwrap();
    assert_eq!(v.to_string(), source.to_string());
}
