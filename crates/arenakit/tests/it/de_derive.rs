//! `#[derive(DeserializeIn)]`: user structs and enums decoded straight into the arena, with
//! serde's attributes, through arenakit's JSON decoder and serde_json alike.

use arenakit::Arena;
use arenakit::collections::{HashMap, Vec};
use arenakit::de::{DeserializeIn, InArena, from_slice_in, from_str_in};
use serde::de::DeserializeSeed;

// The hand-written reference impls (also loaded by `de`, whose module is private).
#[allow(clippy::duplicate_mod)]
#[path = "../support/batch.rs"]
mod batch;

/// Decodes `json` with arenakit's decoder and with serde_json; both must agree on success.
/// On failure, both error messages.
fn decode<'a, T: DeserializeIn<'a>>(arena: &'a Arena, json: &str) -> Result<T, [String; 2]> {
    let ours = from_str_in::<T, _, _>(arena, json);
    let mut de = serde_json::Deserializer::from_str(json);
    let theirs = InArena::<T>::new(arena)
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    match (ours, theirs) {
        (Ok(value), Ok(_)) => Ok(value),
        (Err(ours), Err(theirs)) => Err([ours.to_string(), theirs.to_string()]),
        (Ok(_), Err(err)) => panic!("only serde_json rejects {json}: {err}"),
        (Err(err), Ok(_)) => panic!("only arenakit's decoder rejects {json}: {err}"),
    }
}

/// Asserts that both decoders reject `json` as a `T` with a message containing `needle`.
#[track_caller]
fn assert_rejects<'a, T: DeserializeIn<'a>>(arena: &'a Arena, json: &str, needle: &str) {
    match decode::<T>(arena, json) {
        Ok(_) => panic!("accepted {json}"),
        Err(messages) => {
            for message in messages {
                assert!(
                    message.contains(needle),
                    "{json}: {message:?} lacks {needle:?}"
                );
            }
        }
    }
}

#[derive(DeserializeIn)]
struct Entry<'a> {
    ts: u64,
    level: &'a str,
    msg: &'a str,
    tags: &'a [&'a str],
    attrs: HashMap<'a, &'a str, &'a str>,
}

#[derive(DeserializeIn)]
struct Batch<'a> {
    service: &'a str,
    host: &'a str,
    entries: Vec<'a, Entry<'a>>,
}

/// The log batch decodes with the derived impls into the reference summary, equal entry by
/// entry to the hand-written impls' result.
#[test]
fn log_batch_matches_the_hand_written_impl() {
    let mut arena = Arena::new();
    for _ in 0..3 {
        let batch: Batch<'_> = from_slice_in(&arena, batch::BATCH_JSON).unwrap();
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
        let sum = |f: fn(&Entry<'_>) -> usize| batch.entries.iter().map(f).sum::<usize>();
        assert_eq!(sum(|e| e.msg.len()), 915);
        assert_eq!(sum(|e| e.tags.len()), 42);
        assert_eq!(sum(|e| e.attrs.len()), 60);
        assert!(arena.contains(batch.entries[0].msg.as_ptr()));

        let reference: batch::Batch<'_> = from_slice_in(&arena, batch::BATCH_JSON).unwrap();
        assert_eq!(
            (reference.service, reference.host),
            (batch.service, batch.host)
        );
        assert_eq!(reference.entries.len(), batch.entries.len());
        for (a, b) in reference.entries.iter().zip(batch.entries.iter()) {
            assert_eq!(
                (a.ts, a.level, a.msg, a.tags),
                (b.ts, b.level, b.msg, b.tags)
            );
            assert_eq!(a.attrs.len(), b.attrs.len());
            assert!(a.attrs.iter().all(|(k, v)| b.attrs.get(k) == Some(v)));
        }
        drop((batch, reference));
        arena.reset();
    }
    // serde_json through the seed agrees.
    let arena = Arena::new();
    let json = std::str::from_utf8(batch::BATCH_JSON).unwrap();
    let batch: Batch<'_> = decode(&arena, json).unwrap();
    assert_eq!(batch.entries.len(), 20);
}

#[derive(DeserializeIn, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Renamed<'a> {
    request_id: &'a str,
    #[serde(rename = "HTTP-status")]
    http_status: u16,
    #[serde(alias = "userName")]
    user_name_field: Option<&'a str>,
}

#[test]
fn renames_and_rename_all() {
    let arena = Arena::new();
    let v: Renamed<'_> = decode(
        &arena,
        r#"{"requestId": "r-1", "HTTP-status": 200, "userName": "ada"}"#,
    )
    .unwrap();
    assert_eq!(
        v,
        Renamed {
            request_id: "r-1",
            http_status: 200,
            user_name_field: Some("ada")
        }
    );
    let v: Renamed<'_> = decode(
        &arena,
        r#"{"requestId": "r", "HTTP-status": 1, "userNameField": null}"#,
    )
    .unwrap();
    assert_eq!(v.user_name_field, None);
    // The Rust names are not keys any more.
    assert_rejects::<Renamed<'_>>(
        &arena,
        r#"{"request_id": "r", "HTTP-status": 1}"#,
        "requestId",
    );
}

/// Every `rename_all` rule, on fields and on variants.
#[test]
fn rename_all_rules() {
    macro_rules! rule {
        ($rule:literal, $field:literal, $variant:literal) => {{
            #[derive(DeserializeIn)]
            #[serde(rename_all = $rule)]
            struct S {
                user_id: u8,
            }
            #[derive(DeserializeIn, Debug, PartialEq)]
            #[serde(rename_all = $rule)]
            enum E {
                HttpRequest,
            }
            let arena = Arena::new();
            let s: S = decode(&arena, concat!("{\"", $field, "\": 7}")).unwrap();
            assert_eq!(s.user_id, 7, "{}", $rule);
            let e: E = decode(&arena, concat!("\"", $variant, "\"")).unwrap();
            assert_eq!(e, E::HttpRequest, "{}", $rule);
        }};
    }
    rule!("lowercase", "user_id", "httprequest");
    rule!("UPPERCASE", "USER_ID", "HTTPREQUEST");
    rule!("PascalCase", "UserId", "HttpRequest");
    rule!("camelCase", "userId", "httpRequest");
    rule!("snake_case", "user_id", "http_request");
    rule!("SCREAMING_SNAKE_CASE", "USER_ID", "HTTP_REQUEST");
    rule!("kebab-case", "user-id", "http-request");
    rule!("SCREAMING-KEBAB-CASE", "USER-ID", "HTTP-REQUEST");
}

fn default_port() -> u16 {
    8080
}

#[derive(DeserializeIn, Debug, PartialEq)]
struct Defaults<'a> {
    host: &'a str,
    #[serde(default = "default_port")]
    port: u16,
    #[serde(default)]
    tags: &'a [&'a str],
    #[serde(default)]
    note: &'a str,
    #[serde(skip)]
    cache: u32,
    #[serde(skip_deserializing, default = "default_port")]
    fixed: u16,
}

#[test]
fn defaults_and_skip() {
    let arena = Arena::new();
    let v: Defaults<'_> = decode(&arena, r#"{"host": "h"}"#).unwrap();
    assert_eq!(
        v,
        Defaults {
            host: "h",
            port: 8080,
            tags: &[],
            note: "",
            cache: 0,
            fixed: 8080
        }
    );
    // A skipped field is not a key: ignored like any unknown field.
    let v: Defaults<'_> = decode(
        &arena,
        r#"{"cache": 9, "host": "h", "port": 1, "tags": ["a"], "note": "n", "fixed": 3}"#,
    )
    .unwrap();
    assert_eq!(
        (v.port, v.tags, v.note, v.cache, v.fixed),
        (1, &["a"][..], "n", 0, 8080)
    );
}

#[derive(DeserializeIn, Debug)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: u8,
    #[serde(skip)]
    b: u8,
}

#[test]
fn unknown_fields() {
    let arena = Arena::new();
    // Ignored by default, whatever their value.
    let v: Entry<'_> = decode(
        &arena,
        r#"{"x": {"deep": [1, {"y": null}]}, "ts": 1, "level": "info", "msg": "m",
            "tags": [], "attrs": {}, "z": "\u00e9"}"#,
    )
    .unwrap();
    assert_eq!((v.ts, v.level), (1, "info"));
    // Rejected with `deny_unknown_fields`, a skipped field's name included.
    let strict: Strict = decode(&arena, r#"{"a": 1}"#).unwrap();
    assert_eq!((strict.a, strict.b), (1, 0));
    assert_rejects::<Strict>(&arena, r#"{"a": 1, "c": 2}"#, "unknown field `c`");
    assert_rejects::<Strict>(&arena, r#"{"a": 1, "b": 2}"#, "unknown field `b`");
}

#[test]
fn missing_and_duplicate_fields() {
    let arena = Arena::new();
    assert_rejects::<Entry<'_>>(
        &arena,
        r#"{"ts": 1, "level": "info", "tags": [], "attrs": {}}"#,
        "missing field `msg`",
    );
    assert_rejects::<Entry<'_>>(
        &arena,
        r#"{"ts": 1, "ts": 2, "level": "info", "msg": "m", "tags": [], "attrs": {}}"#,
        "duplicate field `ts`",
    );
    // A missing `Option` is `None`, as with serde.
    let v: Renamed<'_> = decode(&arena, r#"{"requestId": "r", "HTTP-status": 1}"#).unwrap();
    assert_eq!(v.user_name_field, None);
}

#[derive(DeserializeIn, Debug, PartialEq)]
struct Pair<'a>(u32, &'a str);

#[derive(DeserializeIn, Debug, PartialEq)]
struct Meters(f64);

#[derive(DeserializeIn, Debug, PartialEq)]
struct Marker;

#[derive(DeserializeIn, Debug, PartialEq)]
struct Named<'a> {
    id: Meters,
    pair: Pair<'a>,
    marker: Marker,
}

#[test]
fn tuple_newtype_and_unit_structs() {
    let arena = Arena::new();
    assert_eq!(
        decode::<Pair<'_>>(&arena, r#"[7, "seven"]"#).unwrap(),
        Pair(7, "seven")
    );
    assert_eq!(decode::<Meters>(&arena, "1.5").unwrap(), Meters(1.5));
    assert_eq!(decode::<Marker>(&arena, "null").unwrap(), Marker);
    let v: Named<'_> = decode(&arena, r#"{"id": 2, "pair": [1, "a"], "marker": null}"#).unwrap();
    assert_eq!(
        v,
        Named {
            id: Meters(2.0),
            pair: Pair(1, "a"),
            marker: Marker
        }
    );
    assert_rejects::<Pair<'_>>(&arena, "[7]", "invalid length 1");
    assert_rejects::<Pair<'_>>(&arena, r#"["7", "x"]"#, "invalid type");
    assert!(decode::<Pair<'_>>(&arena, r#"[7, "x", 8]"#).is_err());
    assert!(decode::<Marker>(&arena, "1").is_err());
    // A struct also reads from a sequence of its fields in order, as with serde.
    let v: Pair<'_> = decode(&arena, r#"[3, "b"]"#).unwrap();
    assert_eq!(v, Pair(3, "b"));
    let v: Strict = decode(&arena, "[5]").unwrap();
    assert_eq!(v.a, 5);
}

#[derive(DeserializeIn, Debug, PartialEq)]
enum Shape<'a> {
    Empty,
    Circle(f64),
    Pair(u8, &'a str),
    Rect {
        w: u32,
        #[serde(rename = "height")]
        h: u32,
    },
    #[serde(rename = "poly")]
    Polygon(&'a [(i32, i32)]),
    #[serde(skip)]
    #[allow(dead_code)]
    Hidden,
    Labelled {
        label: &'a str,
        #[serde(default)]
        tags: &'a [&'a str],
        #[serde(default)]
        children: &'a [Self],
    },
}

#[test]
fn enum_variant_shapes() {
    let arena = Arena::new();
    let de = |json: &str| decode::<Shape<'_>>(&arena, json);
    assert_eq!(de(r#""Empty""#).unwrap(), Shape::Empty);
    assert_eq!(de(r#"{"Empty": null}"#).unwrap(), Shape::Empty);
    assert_eq!(de(r#"{"Circle": 2.5}"#).unwrap(), Shape::Circle(2.5));
    assert_eq!(de(r#"{"Pair": [1, "x"]}"#).unwrap(), Shape::Pair(1, "x"));
    assert_eq!(
        de(r#"{"Rect": {"w": 1, "height": 2}}"#).unwrap(),
        Shape::Rect { w: 1, h: 2 }
    );
    assert_eq!(
        de(r#"{"poly": [[0, 0], [1, 2]]}"#).unwrap(),
        Shape::Polygon(&[(0, 0), (1, 2)])
    );
    assert_eq!(
        de(r#"{"Labelled": {"label": "l", "extra": 1}}"#).unwrap(),
        Shape::Labelled {
            label: "l",
            tags: &[],
            children: &[]
        }
    );
    assert_eq!(
        de(r#"{"Labelled": {"label": "l", "children": ["Empty", {"Circle": 1}]}}"#).unwrap(),
        Shape::Labelled {
            label: "l",
            tags: &[],
            children: &[Shape::Empty, Shape::Circle(1.0)]
        }
    );
    for (json, needle) in [
        (r#""Hidden""#, "unknown variant `Hidden`"),
        (r#""Polygon""#, "unknown variant `Polygon`"),
        (r#""Nope""#, "unknown variant `Nope`"),
        (r#"{"Rect": {"w": 1}}"#, "missing field `height`"),
        (
            r#"{"Rect": {"w": 1, "w": 1, "height": 2}}"#,
            "duplicate field `w`",
        ),
        (r#"{"Pair": [1]}"#, "invalid length 1"),
        (r#"{"Circle": "x"}"#, "invalid type"),
    ] {
        assert_rejects::<Shape<'_>>(&arena, json, needle);
    }
    for json in [
        r#""Circle""#,
        r#"{"Empty": null, "Circle": 1}"#,
        r#"{}"#,
        "1",
        "[]",
    ] {
        assert!(de(json).is_err(), "accepted {json}");
    }
}

#[derive(DeserializeIn, Debug, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Event<'a> {
    #[serde(rename_all = "camelCase")]
    UserLoggedIn {
        user_id: &'a str,
    },
    ServerStarted,
}

#[test]
fn enum_attributes() {
    let arena = Arena::new();
    let e: Event<'_> = decode(&arena, r#"{"user_logged_in": {"userId": "u"}}"#).unwrap();
    assert_eq!(e, Event::UserLoggedIn { user_id: "u" });
    assert_eq!(
        decode::<Event<'_>>(&arena, r#""server_started""#).unwrap(),
        Event::ServerStarted
    );
    assert_rejects::<Event<'_>>(
        &arena,
        r#"{"user_logged_in": {"userId": "u", "x": 1}}"#,
        "unknown field `x`",
    );
}

/// Nested derived types in containers, and a type without a lifetime parameter.
#[derive(DeserializeIn, Debug, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

#[derive(DeserializeIn)]
struct Scene<'a> {
    name: arenakit::collections::String<'a>,
    points: &'a [Point],
    shapes: Vec<'a, Shape<'a>>,
    by_name: HashMap<'a, &'a str, Point>,
    origin: Option<Point>,
    pair: (Point, &'a str),
}

#[test]
fn nested_derived_types() {
    let arena = Arena::new();
    let scene: Scene<'_> = decode(
        &arena,
        r#"{"name": "s", "points": [{"x": 1, "y": 2}, {"y": 4, "x": 3}],
            "shapes": ["Empty", {"Circle": 1}],
            "by_name": {"o": {"x": 0, "y": 0}}, "origin": null,
            "pair": [{"x": 5, "y": 6}, "p"]}"#,
    )
    .unwrap();
    assert_eq!(scene.name, "s");
    assert_eq!(scene.points, [Point { x: 1, y: 2 }, Point { x: 3, y: 4 }]);
    assert_eq!(scene.shapes, [Shape::Empty, Shape::Circle(1.0)]);
    assert_eq!(scene.by_name["o"], Point { x: 0, y: 0 });
    assert_eq!(scene.origin, None);
    assert_eq!(scene.pair, (Point { x: 5, y: 6 }, "p"));
    assert!(arena.contains(scene.points.as_ptr()));
}

#[test]
fn malformed_input_is_an_error() {
    let arena = Arena::new();
    for bad in [
        "",
        "{",
        r#"{"ts": 1"#,
        r#"{"ts": 1,}"#,
        r#"{"ts" 1}"#,
        r#"{ts: 1}"#,
        "[]",
        "null",
        r#""entry""#,
        r#"{"ts": -1, "level": "i", "msg": "m", "tags": [], "attrs": {}}"#,
        r#"{"ts": 1, "level": 2, "msg": "m", "tags": [], "attrs": {}}"#,
        r#"{"ts": 1, "level": "i", "msg": "m", "tags": [], "attrs": {}} x"#,
    ] {
        assert!(
            decode::<Entry<'_>>(&arena, bad).is_err(),
            "accepted {bad:?}"
        );
    }
    // Invalid UTF-8 in a key or a value.
    assert!(from_slice_in::<Point, _, _>(&arena, b"{\"x\xff\": 1, \"y\": 2}").is_err());
    assert!(from_slice_in::<Entry<'_>, _, _>(&arena, b"{\"level\": \"\xff\"}").is_err());
}

/// The arena running out of memory is an error, not a panic.
#[test]
fn arena_exhaustion_is_an_error() {
    let arena = Arena::builder().limit(0).build();
    assert!(decode::<Pair<'_>>(&arena, r#"[1, "needs memory"]"#).is_err());
}

/// Keys are matched without allocating: decoding a `Point` (no arena-resident field) leaves
/// nothing in the arena, even with escaped and unknown keys. (arenakit's decoder may grab a
/// chunk for unescaping scratch space; serde_json does not touch the arena at all.)
#[test]
fn keys_are_not_copied_into_the_arena() {
    let json = r#"{"\u0078": 1, "unknown\n": "v", "y": 2}"#;
    let arena = Arena::new();
    let p: Point = from_str_in(&arena, json).unwrap();
    assert_eq!(p, Point { x: 1, y: 2 });
    assert_eq!(arena.stats().used, 0);
    let arena = Arena::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let p: Point = InArena::new(&arena).deserialize(&mut de).unwrap();
    assert_eq!(p, Point { x: 1, y: 2 });
    assert_eq!(arena.stats(), Arena::new().stats());
}
