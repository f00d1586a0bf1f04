//! `arenakit::de`: deserializing JSON straight into an arena.

use arenakit::collections::{HashMap, HashSet, String, Vec};
use arenakit::de::{DeserializeIn, InArena, from_slice_in, from_str_in};
use arenakit::{AllocErrorKind, Arena};
use serde::de::{Deserializer, Error, MapAccess, Visitor};
use std::fmt;

/// Strings are unescaped into the arena: `\"`, `\n` and `\u00e9` as in the log batch.
#[test]
fn escaped_strings_are_unescaped_into_the_arena() {
    let arena = Arena::new();
    let s: &str = from_str_in(&arena, r#""say \"hi\"\nto caf\u00e9""#).unwrap();
    assert_eq!(s, "say \"hi\"\nto café");
    assert!(arena.contains(s.as_ptr()));
}

/// Every supported shape: primitives, options, slices, arena `Vec`, `String`, maps and sets.
#[test]
fn containers_and_primitives() {
    let arena = Arena::new();
    let v: (u8, i64, f64, bool, char, Option<u32>, Option<u32>) =
        from_str_in(&arena, r#"[7, -3, 2.5, true, "x", null, 9]"#).unwrap();
    assert_eq!(v, (7, -3, 2.5, true, 'x', None, Some(9)));
    let nested: &[&[&str]] = from_str_in(&arena, r#"[["a"], [], ["b", "c"]]"#).unwrap();
    assert_eq!(nested, [&["a"][..], &[], &["b", "c"]]);
    let vec: Vec<'_, u16> = from_str_in(&arena, "[1, 2, 3]").unwrap();
    assert_eq!(vec, [1, 2, 3]);
    let string: String<'_> = from_str_in(&arena, r#""grow me""#).unwrap();
    assert_eq!(string, "grow me");
    let map: HashMap<'_, &str, &[u32]> = from_str_in(&arena, r#"{"a": [1, 2], "b": []}"#).unwrap();
    assert_eq!((map["a"], map["b"]), (&[1, 2][..], &[][..]));
    let set: HashSet<'_, &str> = from_str_in(&arena, r#"["x", "y", "x"]"#).unwrap();
    assert_eq!(set.len(), 2);
}

/// The seed works with a deserializer the caller drives.
#[test]
fn seed_with_a_streaming_deserializer() {
    use serde::de::DeserializeSeed;
    let arena = Arena::new();
    let mut de = serde_json::Deserializer::from_str(r#"["one", "two"] ["three"]"#);
    let first: &[&str] = InArena::new(&arena).deserialize(&mut de).unwrap();
    let second: &[&str] = InArena::new(&arena).deserialize(&mut de).unwrap();
    assert_eq!((first, second), (&["one", "two"][..], &["three"][..]));
}

/// Malformed, truncated, wrongly typed and trailing input is an error, never a panic.
#[test]
fn bad_input_is_an_error() {
    let arena = Arena::new();
    for bad in [
        "",
        "[1, 2",
        r#"{"a": }"#,
        r#""unterminated"#,
        r#""bad escape \q""#,
        "[1] trailing",
        r#"["not a number"]"#,
        "nul",
        "\"\\ud800\"",
    ] {
        assert!(
            from_str_in::<&[u32], _, _>(&arena, bad).is_err()
                && from_str_in::<&str, _, _>(&arena, bad).is_err(),
            "accepted {bad:?}"
        );
    }
    assert!(
        from_slice_in::<&str, _, _>(&arena, b"\"\xff\"").is_err(),
        "invalid UTF-8"
    );
}

/// 10,000 levels of nesting are rejected (serde_json's recursion limit), with no stack
/// overflow.
#[test]
fn deep_nesting_is_an_error() {
    let arena = Arena::new();
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    type Deep<'a> = &'a [&'a [&'a [&'a [u8]]]];
    assert!(from_str_in::<Deep<'_>, _, _>(&arena, &deep).is_err());
    let mut nested = String::new_in(&arena);
    for _ in 0..10_000 {
        nested.push_str(r#"{"a":"#);
    }
    assert!(from_str_in::<HashMap<'_, &str, &str>, _, _>(&arena, &nested).is_err());
}

/// An arena that cannot allocate turns into a deserialization error naming the cause.
#[test]
fn arena_exhaustion_is_an_error() {
    let arena = Arena::builder().limit(0).build();
    let err = from_str_in::<&str, _, _>(&arena, r#""needs memory""#).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(
        arena.try_alloc(0u8).unwrap_err().kind(),
        AllocErrorKind::LimitExceeded
    );
}

/// One entry of the log batch (`tests/data/batch.json`), decoded by a hand-written
/// `DeserializeIn` as a user would write one (the derive is a later step).
struct Entry<'a> {
    ts: u64,
    level: &'a str,
    msg: &'a str,
    tags: &'a [&'a str],
    attrs: HashMap<'a, &'a str, &'a str>,
}

struct Batch<'a> {
    service: &'a str,
    host: &'a str,
    entries: Vec<'a, Entry<'a>>,
}

impl<'a> DeserializeIn<'a> for Entry<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct V<'a>(&'a Arena);
        impl<'a, 'de> Visitor<'de> for V<'a> {
            type Value = Entry<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a log entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry<'a>, A::Error> {
                let (mut ts, mut level, mut msg, mut tags, mut attrs) =
                    (None, None, None, None, None);
                while let Some(key) = map.next_key_seed(InArena::<&str>::new(self.0))? {
                    match key {
                        "ts" => ts = Some(map.next_value()?),
                        "level" => level = Some(map.next_value_seed(InArena::new(self.0))?),
                        "msg" => msg = Some(map.next_value_seed(InArena::new(self.0))?),
                        "tags" => tags = Some(map.next_value_seed(InArena::new(self.0))?),
                        "attrs" => attrs = Some(map.next_value_seed(InArena::new(self.0))?),
                        other => return Err(A::Error::unknown_field(other, &[])),
                    }
                }
                Ok(Entry {
                    ts: ts.ok_or_else(|| A::Error::missing_field("ts"))?,
                    level: level.ok_or_else(|| A::Error::missing_field("level"))?,
                    msg: msg.ok_or_else(|| A::Error::missing_field("msg"))?,
                    tags: tags.ok_or_else(|| A::Error::missing_field("tags"))?,
                    attrs: attrs.ok_or_else(|| A::Error::missing_field("attrs"))?,
                })
            }
        }
        deserializer.deserialize_map(V(arena))
    }
}

impl<'a> DeserializeIn<'a> for Batch<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct V<'a>(&'a Arena);
        impl<'a, 'de> Visitor<'de> for V<'a> {
            type Value = Batch<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a log batch")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Batch<'a>, A::Error> {
                let (mut service, mut host, mut entries) = (None, None, None);
                while let Some(key) = map.next_key_seed(InArena::<&str>::new(self.0))? {
                    match key {
                        "service" => service = Some(map.next_value_seed(InArena::new(self.0))?),
                        "host" => host = Some(map.next_value_seed(InArena::new(self.0))?),
                        "entries" => entries = Some(map.next_value_seed(InArena::new(self.0))?),
                        other => return Err(A::Error::unknown_field(other, &[])),
                    }
                }
                Ok(Batch {
                    service: service.ok_or_else(|| A::Error::missing_field("service"))?,
                    host: host.ok_or_else(|| A::Error::missing_field("host"))?,
                    entries: entries.ok_or_else(|| A::Error::missing_field("entries"))?,
                })
            }
        }
        deserializer.deserialize_map(V(arena))
    }
}

/// The reference request decodes into arena types and gives the summary the Go seed was
/// measured with (20 entries; levels 4/10/4/2/0; 915 message bytes; 42 tags; 60 attrs).
#[test]
fn log_batch_decodes_into_the_arena() {
    let json = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/batch.json"
    ))
    .expect("tests/data/batch.json");
    let mut arena = Arena::new();
    for _ in 0..3 {
        let batch: Batch<'_> = from_slice_in(&arena, &json).unwrap();
        assert_eq!(
            (batch.service, batch.host),
            ("checkout-api", "web-07.prod.internal")
        );
        assert_eq!(batch.entries.len(), 20);
        let count = |level: &str| batch.entries.iter().filter(|e| e.level == level).count();
        assert_eq!(
            (count("debug"), count("info"), count("warn"), count("error")),
            (4, 10, 4, 2)
        );
        let msg_bytes: usize = batch.entries.iter().map(|e| e.msg.len()).sum();
        assert_eq!(msg_bytes, 915);
        assert_eq!(
            batch.entries.iter().map(|e| e.tags.len()).sum::<usize>(),
            42
        );
        assert_eq!(
            batch.entries.iter().map(|e| e.attrs.len()).sum::<usize>(),
            60
        );
        assert!(batch.entries.iter().all(|e| e.ts >= 1_714_000_000_000));
        assert!(batch.entries.iter().any(|e| e.msg.contains('é')));
        assert!(arena.contains(batch.entries[0].msg.as_ptr()));
        drop(batch);
        arena.reset();
    }
}
