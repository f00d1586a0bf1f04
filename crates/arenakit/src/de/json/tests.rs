//! The decoder against serde_json: the same values for valid documents, the same verdict
//! (accept or reject) for damaged ones, through both the decoding and the skipping path
//! (against serde_json's own skipping, which is laxer about strings).

use super::*;
use crate::Arena;
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::string::String;

fn ours(arena: &Arena, json: &[u8]) -> Result<Value, Error> {
    let mut de = Deserializer::new(arena, json);
    let value = Value::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

fn ours_skipping(arena: &Arena, json: &[u8]) -> Result<(), Error> {
    let mut de = Deserializer::new(arena, json);
    de::IgnoredAny::deserialize(&mut de)?;
    de.end()
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        "[\"\\\\a-z\\u{0}-\\u{1f}\\u{7f}-\\u{10ffff}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn valid_documents_decode_like_serde_json(v in value(), pretty in any::<bool>()) {
        let json = if pretty {
            serde_json::to_vec_pretty(&v).unwrap()
        } else {
            serde_json::to_vec(&v).unwrap()
        };
        let arena = Arena::new();
        prop_assert_eq!(ours(&arena, &json).unwrap(), v);
        prop_assert!(ours_skipping(&arena, &json).is_ok());
    }

    #[test]
    fn damaged_documents_get_serde_json_verdict(
        v in value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut json = serde_json::to_vec(&v).unwrap();
        for (at, byte) in edits {
            let i = at.index(json.len());
            json[i] = byte;
        }
        let arena = Arena::new();
        let theirs = serde_json::from_slice::<Value>(&json).is_ok();
        prop_assert_eq!(ours(&arena, &json).is_ok(), theirs, "{:?}", String::from_utf8_lossy(&json));
        let theirs = serde_json::from_slice::<de::IgnoredAny>(&json).is_ok();
        prop_assert_eq!(ours_skipping(&arena, &json).is_ok(), theirs, "skipping {:?}", String::from_utf8_lossy(&json));
    }
}

/// Skipping checks grammar only, as serde_json does: an out-of-range number or invalid
/// UTF-8 in a skipped value is fine, in a decoded one an error (a proptest finding).
#[test]
fn skipping_is_as_lax_as_serde_json() {
    let arena = Arena::new();
    for json in [&b"3E84306"[..], b"[\"\xff\"]", b"{\"a\": \"\\ud800\"}"] {
        assert!(ours_skipping(&arena, json).is_ok(), "{json:?}");
        assert!(serde_json::from_slice::<de::IgnoredAny>(json).is_ok());
        assert!(ours(&arena, json).is_err(), "{json:?}");
        assert!(serde_json::from_slice::<Value>(json).is_err());
    }
}
