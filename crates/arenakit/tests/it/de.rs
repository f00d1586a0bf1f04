//! `arenakit::de`: deserializing JSON straight into an arena.

use arenakit::collections::{HashMap, HashSet, String, Vec};
use arenakit::de::{InArena, from_slice_in, from_str_in};
use arenakit::{AllocErrorKind, Arena};

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

/// 100,000 levels of nesting are rejected (serde_json's recursion limit) at the opener past
/// `MAX_DEPTH`, into typed values and skipped, with no stack overflow.
#[test]
fn deep_nesting_is_an_error() {
    use arenakit::de::MAX_DEPTH;
    use serde::de::IgnoredAny;
    let arena = Arena::new();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    type Deep<'a> = &'a [&'a [&'a [&'a [u8]]]];
    // The fifth level wants a number: a type error (just past that `[`), before the limit.
    let err = from_str_in::<Deep<'_>, _, _>(&arena, &deep).unwrap_err();
    assert_eq!(err.offset(), 5);
    let err = from_str_in::<IgnoredAny, _, _>(&arena, &deep).unwrap_err();
    assert_eq!(err.offset(), MAX_DEPTH);
    let err = from_str_in::<&[IgnoredAny], _, _>(&arena, &deep[..100_000]).unwrap_err();
    assert_eq!(err.offset(), MAX_DEPTH);
    let mut nested = String::new_in(&arena);
    for _ in 0..100_000 {
        nested.push_str(r#"{"a":"#);
    }
    let at = 5 * MAX_DEPTH;
    let err = from_str_in::<HashMap<'_, &str, IgnoredAny>, _, _>(&arena, &nested).unwrap_err();
    assert_eq!(err.offset(), at);
    assert_eq!(
        from_str_in::<IgnoredAny, _, _>(&arena, &nested)
            .unwrap_err()
            .offset(),
        at
    );
    let maps = from_str_in::<HashMap<'_, &str, HashMap<'_, &str, &str>>, _, _>(&arena, &nested);
    assert_eq!(
        maps.unwrap_err().offset(),
        11,
        "just past a `{{` where a string should be"
    );
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

#[path = "../support/batch.rs"]
mod batch;
use batch::Batch;

/// The reference request decodes into arena types and gives the summary the Go seed was
/// measured with (20 entries; levels 4/10/4/2/0; 915 message bytes; 42 tags; 60 attrs).
#[test]
fn log_batch_decodes_into_the_arena() {
    let json = batch::BATCH_JSON;
    let mut arena = Arena::new();
    for _ in 0..3 {
        let batch: Batch<'_> = from_slice_in(&arena, json).unwrap();
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

/// The decoder's number grammar: RFC 8259 exactly, full `u64`/`i64` range, finite floats.
#[test]
fn numbers() {
    let arena = Arena::new();
    let ok: (u64, i64, f64, f64, f64, u8) = from_str_in(
        &arena,
        "[18446744073709551615, -9223372036854775808, 1e308, -0.5e-3, 2E+2, 0]",
    )
    .unwrap();
    assert_eq!(ok, (u64::MAX, i64::MIN, 1e308, -0.0005, 200.0, 0));
    for bad in [
        "01", "-", "1.", "1e", "1e+", ".5", "+1", "1e400", "- 1", "0x10",
    ] {
        assert!(
            from_str_in::<f64, _, _>(&arena, bad).is_err(),
            "accepted {bad:?}"
        );
    }
    assert!(from_str_in::<u8, _, _>(&arena, "256").is_err(), "u8 range");
    assert!(from_str_in::<u32, _, _>(&arena, "-1").is_err(), "sign");
}

/// Escapes, surrogate pairs and the characters JSON forbids inside strings.
#[test]
fn string_grammar() {
    let arena = Arena::new();
    let s: &str = from_str_in(&arena, r#""\ud83d\ude00 \/ \b\f\r\t \u0041""#).unwrap();
    assert_eq!(s, "\u{1F600} / \u{8}\u{c}\r\t A");
    for bad in [
        r#""\ude00""#,
        r#""\ud83d""#,
        r#""\ud83dx""#,
        r#""\u12""#,
        "\"a\u{1}b\"",
    ] {
        assert!(
            from_str_in::<&str, _, _>(&arena, bad).is_err(),
            "accepted {bad:?}"
        );
    }
}

/// Structure errors: trailing commas, missing separators, non-string keys; whitespace and
/// empty containers are fine; a repeated key keeps the last value.
#[test]
fn structure_grammar() {
    let arena = Arena::new();
    let empty: (&[u8], HashMap<'_, &str, u8>) = from_str_in(&arena, " [ [ ] , { } ] ").unwrap();
    assert!(empty.0.is_empty() && empty.1.is_empty());
    let map: HashMap<'_, &str, u8> = from_str_in(&arena, r#"{"k": 1, "k": 2}"#).unwrap();
    assert_eq!(map["k"], 2);
    for bad in [
        "[1,]",
        r#"{"a":1,}"#,
        "[1 2]",
        r#"{"a" 1}"#,
        "{1:2}",
        "[",
        "]",
        r#"{"a":1"#,
    ] {
        assert!(
            from_str_in::<HashMap<'_, &str, u8>, _, _>(&arena, bad).is_err()
                && from_str_in::<&[u8], _, _>(&arena, bad).is_err(),
            "accepted {bad:?}"
        );
    }
}

/// Nesting depth at the limit: arenakit accepts exactly the depths serde_json's `Value`
/// accepts (`MAX_DEPTH` levels), for arrays and objects (the docs once called 128 serde_json's
/// limit, which admits 127 levels). Ignored values are held to the same limit, where
/// serde_json skips them at any depth: a documented difference, pinned by
/// [`ignored_values_nest_at_most_max_depth`].
#[test]
fn nesting_limit_matches_serde_json() {
    use arenakit::de::MAX_DEPTH;
    for depth in MAX_DEPTH - 2..=MAX_DEPTH + 2 {
        for (open, close, leaf) in [("[", "]", ""), ("{\"k\":", "}", "0")] {
            let doc = format!("{}{}{}", open.repeat(depth), leaf, close.repeat(depth));
            let serde = serde_json::from_str::<serde_json::Value>(&doc).is_ok();
            let ours = from_str_in::<serde::de::IgnoredAny, _, _>(&Arena::new(), &doc).is_ok();
            assert_eq!(ours, serde, "depth {depth} of {open}");
            assert_eq!(ours, depth <= MAX_DEPTH, "depth {depth} of {open}");
        }
    }
}

/// The one depth difference from serde_json (documented at `MAX_DEPTH`): serde_json skips an
/// ignored value at any depth, arenakit refuses one nested past `MAX_DEPTH`, with an error,
/// as it does for the values it decodes.
#[test]
fn ignored_values_nest_at_most_max_depth() {
    use arenakit::de::MAX_DEPTH;
    for depth in [MAX_DEPTH, MAX_DEPTH + 1, 200] {
        let doc = format!(
            "{{\"a\":1,\"x\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(&doc).is_ok());
        let ours = from_str_in::<serde::de::IgnoredAny, _, _>(&Arena::new(), &doc);
        // The outer object is one level, so the array nest fits up to `MAX_DEPTH - 1`.
        assert_eq!(ours.is_ok(), depth < MAX_DEPTH, "depth {depth}");
    }
}

/// An escaped string that needs more scratch memory than the arena's limit leaves is an
/// error naming the arena, not a panic (every escape kind: a run between escapes, a one-byte
/// escape and a `\u` escape). Found by review: the scratch grew with the panicking methods.
#[test]
fn escaped_string_over_the_limit_is_an_error() {
    for escape in ["\\n", "\\u00e9", "\\\""] {
        let doc = format!("\"{escape}{}{escape}\"", "a".repeat(200_000));
        let arena = Arena::builder().limit(64 * 1024).build();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            from_str_in::<&str, _, _>(&arena, &doc).map(str::len)
        }));
        let error = result.expect("no panic").expect_err("over the limit");
        assert!(error.to_string().contains("arena"), "{error}");
        // One byte escaped per byte left: the single-byte escape path meets the limit too.
        let doc = format!("\"{}\"", escape.repeat(40_000));
        let arena = Arena::builder().limit(64 * 1024).build();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            from_str_in::<&str, _, _>(&arena, &doc).map(str::len)
        }));
        assert!(result.expect("no panic").is_err(), "{escape}");
    }
}

/// `-0` is the float `-0.0`, as in serde_json, and is refused as an integer.
#[test]
fn negative_zero_is_a_float() {
    let arena = Arena::new();
    let xs: &[f64] = arenakit::de::from_slice_in(&arena, b"[-0, 0, -0.0]").unwrap();
    assert!(xs[0] == 0.0 && xs[0].is_sign_negative());
    assert!(xs[1].is_sign_positive());
    assert!(xs[2].is_sign_negative());
    let serde: i64 = serde_json::from_str("0").unwrap();
    assert_eq!(serde, 0);
    assert!(serde_json::from_str::<i64>("-0").is_err());
    assert!(arenakit::de::from_slice_in::<i64, _, _>(&arena, b"-0").is_err());
    assert!(arenakit::de::from_slice_in::<u64, _, _>(&arena, b"-0").is_err());
    assert_eq!(
        arenakit::de::from_slice_in::<i64, _, _>(&arena, b"-1").unwrap(),
        -1
    );
}
