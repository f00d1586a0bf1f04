//! The decoder against serde_json: the same values for valid documents, the same verdict
//! (accept or reject) for damaged ones, through both the decoding and the skipping path
//! (against serde_json's own skipping, which is laxer about strings).

use super::*;
use crate::Arena;
use crate::de::scan::tests::{lengths, positions};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::format;
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

/// Decoded and skipped, `json` gets serde_json's verdict, and the same value when valid.
fn same_as_serde_json(arena: &Arena, json: &[u8]) {
    let theirs = serde_json::from_slice::<Value>(json);
    match (ours(arena, json), theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{:?}", String::from_utf8_lossy(json)),
        (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{:?}", String::from_utf8_lossy(json)),
    }
    let theirs = serde_json::from_slice::<de::IgnoredAny>(json).is_ok();
    let skipped = ours_skipping(arena, json).is_ok();
    assert_eq!(
        skipped,
        theirs,
        "skipping {:?}",
        String::from_utf8_lossy(json)
    );
}

/// What a string's body may hold at any position: escapes (a surrogate pair too), multi-byte
/// UTF-8, and what breaks it (a raw quote ends it early, a control byte, invalid UTF-8, a bad
/// escape, a lone surrogate). (The scans' own tests try every byte value.)
const PIECES: [&[u8]; 9] = [
    b"\\\"",
    b"\\u00e9",
    b"\\ud83d\\ude00",
    "\u{e9}".as_bytes(),
    b"\"",
    b"\x1f",
    b"\xff",
    b"\\x",
    b"\\udc00",
];

/// Strings of every length up to 130 (past the 16-, 32- and 64-byte chunks of the vector
/// scans) with each piece at every position, ending at the end of the input and well before
/// it, decoded and skipped. Under Miri (some 1000 times slower), the lengths at the chunk
/// edges (`scan::tests::lengths`) with four pieces at either end: the scans' own tests place
/// bytes at more positions.
#[test]
fn strings_across_vector_chunks_decode_like_serde_json() {
    let arena = Arena::new();
    let trailer = format!(", {}]", "1, ".repeat(30) + "2");
    let pieces = if cfg!(miri) {
        &PIECES[3..7]
    } else {
        &PIECES[..]
    };
    for len in lengths() {
        let positions = if cfg!(miri) {
            std::vec![0, len]
        } else {
            positions(len)
        };
        for at in positions {
            for &piece in pieces {
                let mut body = std::vec![b'a'; len];
                body.splice(at..at, piece.iter().copied());
                let mut last = b"\"".to_vec();
                last.extend(&body);
                last.push(b'"');
                same_as_serde_json(&arena, &last);
                let mut inner = b"[\"".to_vec();
                inner.extend(&body);
                inner.push(b'"');
                inner.extend(trailer.as_bytes());
                same_as_serde_json(&arena, &inner);
            }
        }
    }
}

/// Whitespace runs of every length up to 130 (fewer under Miri), of each kind and mixed,
/// between every two tokens; and a byte that is not JSON whitespace after such a run.
#[test]
fn whitespace_runs_of_every_length() {
    let arena = Arena::new();
    for len in lengths() {
        let kinds: &[&str] = if cfg!(miri) {
            &[" \n\t\r"]
        } else {
            &[" ", "\n", "\t", "\r", " \n\t\r"]
        };
        for kind in kinds {
            let ws: String = kind.chars().cycle().take(len).collect();
            let doc = format!("{ws}[{ws}1{ws},{ws}{{{ws}\"a\"{ws}:{ws}null{ws}}}{ws}]{ws}");
            same_as_serde_json(&arena, doc.as_bytes());
            for bad in ["\x0b", "\x0c", "\u{a0}"] {
                let doc = format!("[{ws}1,{ws}{bad}2]");
                same_as_serde_json(&arena, doc.as_bytes());
            }
        }
    }
}

/// 100,000 openers, of arrays and of objects, closed or not: an error at the opener past
/// `MAX_DEPTH`, decoded and skipped, with no stack overflow.
#[test]
fn nesting_100_000_deep_is_an_error() {
    let arena = Arena::new();
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let unclosed = open.repeat(100_000);
        let closed = unclosed.clone() + "0" + &close.repeat(100_000);
        for doc in [unclosed, closed] {
            let at = MAX_DEPTH * open.len();
            assert_eq!(ours(&arena, doc.as_bytes()).unwrap_err().offset(), at);
            assert_eq!(
                ours_skipping(&arena, doc.as_bytes()).unwrap_err().offset(),
                at
            );
            let err = serde_json::from_str::<Value>(&doc).unwrap_err();
            assert!(err.to_string().contains("recursion limit"), "{err}");
        }
    }
}

/// The skipper (a loop, not a recursion) rejects what the decoding path rejects, with the
/// same message at the same offset, in arrays and objects nested in each other.
#[test]
fn skipping_errors_match_decoding_errors() {
    let arena = Arena::new();
    let docs: [&[u8]; 22] = [
        b"[1,]",
        b"{\"a\":1,}",
        b"{\"a\" 1}",
        b"{\"a\":}",
        b"[1 2]",
        b"{1:2}",
        b"[01]",
        b"[1.]",
        b"[1e]",
        b"[1e+]",
        b"[-]",
        b"[-a]",
        b"[tru]",
        b"[nul, 1]",
        b"{\"a\":[1,{\"b\":2]}",
        b"[{\"a\":[{}],\"b\":{\"c\":[[]]}},{]",
        b"[[[[]]]",
        b"{\"a\":{\"b\":{}}",
        b"[\"a\\q\"]",
        b"[\"a\x01\"]",
        b"[\"\\u12g4\"]",
        b"[,1]",
    ];
    for json in docs {
        let decoded = ours(&arena, json).unwrap_err();
        let skipped = ours_skipping(&arena, json).unwrap_err();
        assert_eq!(skipped.to_string(), decoded.to_string(), "{json:?}");
        assert!(
            serde_json::from_slice::<de::IgnoredAny>(json).is_err(),
            "{json:?}"
        );
    }
}

/// A value skipped inside decoded containers counts their depth: `MAX_DEPTH` levels in all
/// are accepted, one more is an error at the opener past the limit.
#[test]
fn skipping_inside_decoded_containers_counts_their_depth() {
    let arena = Arena::new();
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        for inner in [MAX_DEPTH - 1, MAX_DEPTH] {
            let doc = std::format!("[{}0{}]", open.repeat(inner), close.repeat(inner));
            let mut de = Deserializer::new(&arena, doc.as_bytes());
            let result = std::vec::Vec::<de::IgnoredAny>::deserialize(&mut de);
            if inner < MAX_DEPTH {
                result.unwrap();
            } else {
                assert_eq!(
                    result.unwrap_err().offset(),
                    1 + (MAX_DEPTH - 1) * open.len()
                );
            }
        }
    }
}

/// Integers around the one-pass path's edges (19 digits, `u64::MAX`, leading zeros, a
/// fraction or exponent after the digits) decode and skip as serde_json has them.
#[test]
fn integers_at_the_plain_path_edges_decode_like_serde_json() {
    let arena = Arena::new();
    for n in [
        "0",
        "7",
        "00",
        "01",
        "-0",
        "-1",
        "1.0",
        "1e2",
        "1E2",
        "10.",
        "1234567890123456789",
        "9999999999999999999",
        "12345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "00000000000000000001",
        "1714000000000",
    ] {
        same_as_serde_json(&arena, n.as_bytes());
        same_as_serde_json(&arena, std::format!("[{n}]").as_bytes());
        same_as_serde_json(&arena, std::format!("{{\"a\":{n} }}").as_bytes());
    }
}
