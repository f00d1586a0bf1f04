//! Heap and arena mode compute the same summary, byte for byte, and reject the same inputs.

use arenakit::ArenaPool;
use logserver::{BATCH_JSON, arena, heap};
use proptest::prelude::*;
use std::collections::HashSet;

/// The summary of the reference request.
const EXPECTED: &str = r#"{"service":"checkout-api","host":"web-07.prod.internal","entries":20,"levels":{"debug":4,"info":10,"warn":4,"error":2,"other":0},"msg_bytes":915,"tags":42,"attrs":60}"#;

/// Both modes' results for `body`: the summary, or the error message.
fn both(pool: &ArenaPool, body: &[u8]) -> [Result<String, String>; 2] {
    let mut out = Vec::new();
    let heap = heap::summarise(body, &mut out)
        .map(|()| String::from_utf8(out.clone()).unwrap())
        .map_err(|e| e.to_string());
    let arena = arena::summarise(pool, body, &mut out)
        .map(|()| String::from_utf8(out.clone()).unwrap())
        .map_err(|e| e.to_string());
    [heap, arena]
}

#[test]
fn reference_request_summary() {
    let pool = ArenaPool::new();
    for _ in 0..3 {
        let [heap, arena] = both(&pool, BATCH_JSON);
        assert_eq!(heap.as_deref(), Ok(EXPECTED));
        assert_eq!(arena.as_deref(), Ok(EXPECTED));
    }
    assert_eq!(pool.metrics().active, 0);
}

#[test]
fn same_answers_on_edge_cases() {
    let pool = ArenaPool::new();
    let cases: &[&str] = &[
        // Accepted by both.
        r#"{"service":"","host":"","entries":[]}"#,
        r#" {"entries":[],"host":"h","service":"s","extra":{"a":[1,2,{"b":null}]}} "#,
        r#"{"service":"a\"b\\c\n\u0001\u001f\u007f","host":"caf\u00e9 \ud83d\ude00","entries":[]}"#,
        r#"{"service":"s","host":"h","entries":[{"ts":0,"level":"INFO","msg":"","tags":[],"attrs":{}},{"ts":18446744073709551615,"level":"other","msg":"\u00e9","tags":["",""],"attrs":{"k":"1","k":"2","j":""},"more":true}]}"#,
        // Rejected by both.
        "",
        "{",
        "[]",
        "null",
        r#"{"service":"s","host":"h"}"#,
        r#"{"service":"s","service":"t","host":"h","entries":[]}"#,
        r#"{"service":1,"host":"h","entries":[]}"#,
        r#"{"service":"s","host":"h","entries":{}}"#,
        r#"{"service":"s","host":"h","entries":[{"ts":1.5,"level":"info","msg":"m","tags":[],"attrs":{}}]}"#,
        r#"{"service":"s","host":"h","entries":[{"ts":18446744073709551616,"level":"info","msg":"m","tags":[],"attrs":{}}]}"#,
        r#"{"service":"s","host":"h","entries":[{"ts":1,"level":"info","msg":"m","tags":[],"attrs":{"k":1}}]}"#,
        r#"{"service":"s","host":"h","entries":[{"ts":1,"level":"info","msg":"m","tags":[]}]}"#,
        r#"{"service":"s","host":"h","entries":[]}x"#,
        r#"{"service":"\x","host":"h","entries":[]}"#,
        r#"{"service":"\ud800","host":"h","entries":[]}"#,
        "{\"service\":\"tab\there\",\"host\":\"h\",\"entries\":[]}",
        r#"{"service":"s","host":"h","entries":[],}"#,
    ];
    for case in cases {
        let [heap, arena] = both(&pool, case.as_bytes());
        match (&heap, &arena) {
            (Ok(h), Ok(a)) => assert_eq!(h, a, "{case}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{case}: heap {heap:?}, arena {arena:?}"),
        }
    }
    // Invalid UTF-8 and deep nesting.
    for body in [
        &b"{\"service\":\"\xff\",\"host\":\"h\",\"entries\":[]}"[..],
        &[b'['; 10_000][..],
        &[b'{'; 10_000][..],
    ] {
        let [heap, arena] = both(&pool, body);
        assert!(heap.is_err() && arena.is_err());
    }
    assert_eq!(pool.metrics().active, 0);
}

/// One generated entry: level, message, tags, attribute pairs (keys may repeat).
type GenEntry = (String, String, Vec<String>, Vec<(String, String)>);

fn entry() -> impl Strategy<Value = GenEntry> {
    (
        prop_oneof![
            Just("debug".to_owned()),
            Just("info".to_owned()),
            Just("warn".to_owned()),
            Just("error".to_owned()),
            any::<String>(),
        ],
        any::<String>(),
        prop::collection::vec(any::<String>(), 0..4),
        prop::collection::vec(("[a-c]{0,2}", any::<String>()), 0..5),
    )
}

/// The batch as JSON, with serde_json's string escaping and the attribute pairs as written.
fn to_json(service: &str, host: &str, entries: &[GenEntry]) -> String {
    let s = |v: &str| serde_json::to_string(v).unwrap();
    let entries: Vec<String> = entries
        .iter()
        .enumerate()
        .map(|(i, (level, msg, tags, attrs))| {
            let tags: Vec<String> = tags.iter().map(|t| s(t)).collect();
            let attrs: Vec<String> = attrs
                .iter()
                .map(|(k, v)| format!("{}:{}", s(k), s(v)))
                .collect();
            format!(
                r#"{{"ts":{i},"level":{},"msg":{},"tags":[{}],"attrs":{{{}}}}}"#,
                s(level),
                s(msg),
                tags.join(","),
                attrs.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"service":{},"host":{},"entries":[{}]}}"#,
        s(service),
        s(host),
        entries.join(",")
    )
}

proptest! {
    /// Random batches (any Unicode, control characters, repeated attribute keys): both modes
    /// write the same summary, and it holds the model's counts.
    #[test]
    fn modes_agree_on_random_batches(
        service in any::<String>(),
        host in any::<String>(),
        entries in prop::collection::vec(entry(), 0..6),
    ) {
        let pool = ArenaPool::new();
        let json = to_json(&service, &host, &entries);
        let [heap, arena] = both(&pool, json.as_bytes());
        let heap = heap.unwrap();
        prop_assert_eq!(&heap, &arena.unwrap());
        let value: serde_json::Value = serde_json::from_str(&heap).unwrap();
        prop_assert_eq!(value["service"].as_str(), Some(service.as_str()));
        prop_assert_eq!(value["host"].as_str(), Some(host.as_str()));
        prop_assert_eq!(value["entries"].as_u64(), Some(entries.len() as u64));
        let msg_bytes: usize = entries.iter().map(|e| e.1.len()).sum();
        prop_assert_eq!(value["msg_bytes"].as_u64(), Some(msg_bytes as u64));
        let tags: usize = entries.iter().map(|e| e.2.len()).sum();
        prop_assert_eq!(value["tags"].as_u64(), Some(tags as u64));
        let attrs: usize = entries
            .iter()
            .map(|e| e.3.iter().map(|(k, _)| k).collect::<HashSet<_>>().len())
            .sum();
        prop_assert_eq!(value["attrs"].as_u64(), Some(attrs as u64));
        let levels = &value["levels"];
        let total: u64 = ["debug", "info", "warn", "error", "other"]
            .iter()
            .map(|l| levels[l].as_u64().unwrap())
            .sum();
        prop_assert_eq!(total, entries.len() as u64);
        let errors = entries.iter().filter(|e| e.0 == "error").count();
        prop_assert_eq!(levels["error"].as_u64(), Some(errors as u64));
    }
}
