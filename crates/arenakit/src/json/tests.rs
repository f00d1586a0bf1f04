//! The DOM against serde_json's `Value`: the same tree for any document, the same text
//! written back, and the edge cases (depth, `-0`, 64-bit limits, duplicate keys, escapes).

use super::*;
use crate::Arena;
use alloc::string::{String, ToString};
use proptest::prelude::*;
use serde_json::Value as J;

/// Our value as serde_json's (duplicate keys: the last wins, as serde_json's decoder does).
fn to_serde(v: &Value<'_>) -> J {
    match *v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => J::from(u),
            (None, Some(i), _) => J::from(i),
            (None, None, f) => J::from(f.unwrap()),
        },
        Value::String(s) => J::String(s.to_string()),
        Value::Array(items) => J::Array(items.iter().map(to_serde).collect()),
        Value::Object(o) => J::Object(
            o.iter()
                .map(|(k, v)| (k.to_string(), to_serde(v)))
                .collect(),
        ),
    }
}

fn value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<u64>().prop_map(J::from),
        any::<i64>().prop_map(J::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(J::from),
        (-1e3..1e3f64).prop_map(J::from),
        ".{0,20}".prop_map(J::String),
        "[\"\\\\a-z\\u{0}-\\u{1f}\\u{7f}-\\u{10ffff}]{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 256 }))]

    /// Any document decodes to serde_json's tree, through every entry point, and writes back
    /// as serde_json writes it (Display and Serialize, compact and pretty).
    #[test]
    fn documents_match_serde_json(v in value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }
            .unwrap();
        let arena = Arena::new();
        let ours = from_str_in(&arena, &text).unwrap();
        prop_assert_eq!(to_serde(&ours), v.clone());
        #[cfg(feature = "serde_json")]
        prop_assert!(ours == v);
        prop_assert_eq!(ours, from_str_borrowed(&arena, &text).unwrap());
        prop_assert_eq!(ours, crate::de::from_str_in::<Value<'_>, _, _>(&arena, &text).unwrap());
        let mut de = serde_json::Deserializer::from_str(&text);
        let via_serde_json: Value<'_> =
            serde::de::DeserializeSeed::deserialize(crate::de::InArena::new(&arena), &mut de).unwrap();
        // serde_json's own float parsing is not always correctly rounded: compare with its tree.
        prop_assert_eq!(to_serde(&via_serde_json), serde_json::from_str::<J>(&text).unwrap());

        prop_assert_eq!(ours.to_string(), serde_json::to_string(&v).unwrap());
        prop_assert_eq!(alloc::format!("{ours:?}"), alloc::format!("{v:?}"));
        prop_assert_eq!(alloc::format!("{ours:#}"), serde_json::to_string_pretty(&v).unwrap());
        prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&v).unwrap());
        prop_assert_eq!(
            serde_json::to_string_pretty(&ours).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

    /// Floats write as serde_json writes them (its shortest form and notation).
    #[test]
    fn floats_display_as_serde_json(bits in any::<u64>()) {
        let f = f64::from_bits(bits);
        prop_assume!(f.is_finite());
        prop_assert_eq!(Value::from(f).to_string(), J::from(f).to_string());
    }
}

/// A value is three words: a tag and a slice or a number.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<Value<'_>>() == 24);

#[test]
fn float_notation_boundaries() {
    for f in [
        0.0,
        -0.0,
        1.0,
        0.1,
        1e-5,
        1.5e-5,
        1e-6,
        1.2345e-6,
        1e15,
        1.5e15,
        1e16,
        1.5e16,
        123.456,
        1e300,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        9007199254740993.0,
    ] {
        assert_eq!(Value::from(f).to_string(), J::from(f).to_string(), "{f:e}");
    }
}

#[test]
fn depth_limit_is_127() {
    let arena = Arena::new();
    let nested = |n: usize| "[".repeat(n) + &"]".repeat(n);
    let ok = nested(crate::de::MAX_DEPTH);
    assert_eq!(from_str_in(&arena, &ok).unwrap().to_string(), ok);
    assert!(serde_json::from_str::<J>(&ok).is_ok());
    let deep = nested(crate::de::MAX_DEPTH + 1);
    assert!(from_str_in(&arena, &deep).is_err());
    assert!(serde_json::from_str::<J>(&deep).is_err());
    let objects = "{\"a\":".repeat(128) + "1" + &"}".repeat(128);
    assert!(from_str_in(&arena, &objects).is_err());
}

#[test]
fn minus_zero_is_a_negative_float() {
    let arena = Arena::new();
    for text in ["-0", "-0.0", "-0e0"] {
        let v = from_str_in(&arena, text).unwrap();
        let f = v.as_f64().unwrap();
        assert!(v.is_f64() && f == 0.0 && f.is_sign_negative(), "{text}");
        assert_eq!(v.to_string(), "-0.0");
    }
    assert!(from_str_in(&arena, "0").unwrap().is_u64());
}

#[test]
fn integer_limits() {
    let arena = Arena::new();
    let cases: [(&str, Option<u64>, Option<i64>); 6] = [
        ("18446744073709551615", Some(u64::MAX), None),
        ("9223372036854775807", Some(i64::MAX as u64), Some(i64::MAX)),
        ("9223372036854775808", Some(1 << 63), None),
        ("-9223372036854775808", None, Some(i64::MIN)),
        ("18446744073709551616", None, None),
        ("-9223372036854775809", None, None),
    ];
    for (text, u, i) in cases {
        let v = from_str_in(&arena, text).unwrap();
        assert_eq!((v.as_u64(), v.as_i64()), (u, i), "{text}");
        assert_eq!(v.is_f64(), u.is_none() && i.is_none(), "{text}");
        assert_eq!(
            to_serde(&v),
            serde_json::from_str::<J>(text).unwrap(),
            "{text}"
        );
        assert_eq!(
            v.to_string(),
            serde_json::from_str::<J>(text).unwrap().to_string()
        );
    }
}

#[test]
fn duplicate_keys_last_wins() {
    let arena = Arena::new();
    let text = r#"{"a": 1, "b": {"x": 0}, "a": 2, "b": {"x": 3}}"#;
    let v = from_str_in(&arena, text).unwrap();
    let theirs: J = serde_json::from_str(text).unwrap();
    assert_eq!(v["a"], Value::from(2u64));
    assert_eq!(v.pointer("/b/x").and_then(Value::as_u64), Some(3));
    assert_eq!(to_serde(&v), theirs);
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 4);
    assert!(o.keys().eq(["a", "b", "a", "b"]));
    // Equality is serde_json's map equality: order and overridden members do not matter.
    let same = from_str_in(&arena, r#"{"b": {"x": 3}, "a": 2}"#).unwrap();
    assert_eq!(v, same);
    assert_ne!(
        v,
        from_str_in(&arena, r#"{"b": {"x": 3}, "a": 1}"#).unwrap()
    );
    assert_ne!(
        v,
        from_str_in(&arena, r#"{"b": {"x": 3}, "a": 2, "c": null}"#).unwrap()
    );
    #[cfg(feature = "serde_json")]
    assert!(v == theirs);
}

#[test]
fn unicode_escapes() {
    let arena = Arena::new();
    let text = r#"["\u00e9\u20AC\ud83d\ude00", "\"\\\/\b\f\n\r\t\u0000\u001f", "é€😀"]"#;
    let v = from_str_in(&arena, text).unwrap();
    assert_eq!(v[0].as_str(), Some("é€😀"));
    assert_eq!(v[1].as_str(), Some("\"\\/\u{8}\u{c}\n\r\t\u{0}\u{1f}"));
    assert_eq!(v[2], v[0]);
    let theirs: J = serde_json::from_str(text).unwrap();
    assert_eq!(v.to_string(), theirs.to_string());
    assert!(arena.contains(v[0].as_str().unwrap().as_ptr()));
    for lone in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83dx""#] {
        assert!(from_str_in(&arena, lone).is_err(), "{lone}");
    }
}

#[test]
fn indexing_and_lookups() {
    let arena = Arena::new();
    let v = from_str_in(&arena, r#"{"a": [1, {"b~/": true}], "": 0}"#).unwrap();
    assert_eq!(v["a"][1]["b~/"], Value::Bool(true));
    assert!(v["a"][2].is_null() && v["x"]["y"][0].is_null() && v[0].is_null());
    assert_eq!(
        v.get(String::from("a"))
            .map(|a| a.as_array().unwrap().len()),
        Some(2)
    );
    assert_eq!(v.pointer(""), Some(&v));
    assert_eq!(v.pointer("/"), Some(&Value::from(0u64)));
    assert_eq!(v.pointer("/a/1/b~0~1"), Some(&Value::Bool(true)));
    for missing in [
        "a",
        "/a/01",
        "/a/+1",
        "/a/2",
        "/a/1/b",
        "/a/1/b~2~1",
        "/a/x",
    ] {
        assert_eq!(v.pointer(missing), None, "{missing}");
    }
    let o = v.as_object().unwrap();
    assert!(o.contains_key("") && !o.contains_key("b"));
    assert_eq!(o.values().count(), 2);
    assert_eq!(o.into_iter().map(|(k, _)| k.len()).sum::<usize>(), 1);
    assert_eq!(
        alloc::format!("{:?}", v["a"]),
        r#"Array [Number(1), Object {"b~/": Bool(true)}]"#
    );
}

#[test]
fn errors_and_trailing_characters() {
    let arena = Arena::new();
    for bad in ["", "[1,]", "{\"a\" 1}", "[1] x", "nul", "\"\u{1}\"", "01"] {
        assert!(from_str_in(&arena, bad).is_err(), "{bad:?}");
        assert!(serde_json::from_str::<J>(bad).is_err(), "{bad:?}");
    }
    assert!(from_slice_in(&arena, b"\"\xff\"").is_err());
}

/// The containers' slices are exact and back to back: the scratch stacks waste at most their
/// own growth.
#[test]
fn containers_take_exact_slices() {
    let arena = Arena::new();
    let text: String = (0..50)
        .map(|i| alloc::format!("[{i}, [{i}, {i}], {{\"k\": {i}}}],"))
        .collect();
    let text = alloc::format!("[{}0]", text);
    let before = arena.stats().used;
    let v = from_str_in(&arena, &text).unwrap();
    let used = arena.stats().used - before;
    let value = core::mem::size_of::<Value<'_>>();
    let member = core::mem::size_of::<(&str, Value<'_>)>();
    // 51 top items, 50 x (3 + 2) array items, 50 members, 50 one-byte keys.
    let tree = 51 * value + 250 * value + 50 * member + 50;
    assert_eq!(v.as_array().unwrap().len(), 51);
    assert!(used < tree * 2, "used {used} for a tree of {tree}");
}
