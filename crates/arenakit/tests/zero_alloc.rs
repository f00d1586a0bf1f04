//! Decoding the log batch into a warm arena makes no call to the global allocator.
//!
//! A separate test binary, because it installs a counting `#[global_allocator]`; it counts
//! only the calls made by the measuring thread while measuring.
#![cfg(feature = "json")]

use arenakit::Arena;

#[path = "support/batch.rs"]
mod batch;
#[path = "support/counting.rs"]
mod counting;

use counting::calls_during;

/// What the log server answers for a batch (its fields read, so the decode is not skipped).
#[derive(Debug, Default, PartialEq)]
struct Summary {
    service_host: usize,
    entries: usize,
    levels: [usize; 5],
    msg_bytes: usize,
    tags: usize,
    attrs: usize,
    newest_ts_is_late: bool,
}

impl Summary {
    fn of(batch: &batch::Batch<'_>) -> Self {
        let mut levels = [0; 5];
        for e in batch.entries.iter() {
            let slot = match e.level {
                "debug" => 0,
                "info" => 1,
                "warn" => 2,
                "error" => 3,
                _ => 4,
            };
            levels[slot] += 1;
        }
        Summary {
            service_host: batch.service.len() + batch.host.len(),
            entries: batch.entries.len(),
            levels,
            msg_bytes: batch.entries.iter().map(|e| e.msg.len()).sum(),
            tags: batch.entries.iter().map(|e| e.tags.len()).sum(),
            attrs: batch.entries.iter().map(|e| e.attrs.len()).sum(),
            newest_ts_is_late: batch.entries.iter().map(|e| e.ts).max() > Some(1_714_000_000_000),
        }
    }
}

/// The counter sees allocations (so a zero below means something).
#[test]
fn counter_counts() {
    assert!(calls_during(|| drop(std::hint::black_box(vec![1u8; 10]))) >= 2);
}

/// Parse and summarise the batch into a warm arena: no global allocator call, over several
/// rounds with a reset between them (the batch has escaped strings, which serde_json would
/// unescape into a heap buffer).
#[test]
fn warm_arena_decodes_the_batch_without_the_global_allocator() {
    let mut arena = Arena::new();
    let warm: batch::Batch<'_> = arenakit::de::from_slice_in(&arena, batch::BATCH_JSON).unwrap();
    assert_eq!(warm.entries.len(), 20);
    drop(warm);
    arena.reset();
    for _ in 0..3 {
        let mut summary = Summary::default();
        let calls = calls_during(|| {
            let batch: batch::Batch<'_> =
                arenakit::de::from_slice_in(&arena, batch::BATCH_JSON).unwrap();
            summary = Summary::of(&batch);
        });
        assert_eq!(
            summary,
            Summary {
                service_host: 12 + 20,
                entries: 20,
                levels: [4, 10, 4, 2, 0],
                msg_bytes: 915,
                tags: 42,
                attrs: 60,
                newest_ts_is_late: true,
            }
        );
        assert_eq!(
            calls, 0,
            "global allocator calls while decoding into a warm arena"
        );
        arena.reset();
    }
}

/// A document nested 61 levels deep, each level an object with an array, escaped strings
/// and numbers of each kind.
fn nested_doc() -> String {
    let mut doc = String::new();
    for i in 0..60 {
        doc.push_str(&format!(
            r#"{{"level": {i}, "name": "n\u00e9\n{i}", "nums": [-{i}, {i}.5, 1e{i}], "child": "#
        ));
    }
    doc.push_str(r#"[true, false, null, {"leaf": "\ud83d\ude00"}]"#);
    doc.push_str(&"}".repeat(60));
    doc
}

/// `arenakit::json::Value`, the DOM: decoding the batch and a deep nested document into a
/// warm arena calls the global allocator zero times, copied or borrowed, round after round.
#[test]
fn warm_arena_decodes_json_values_without_the_global_allocator() {
    let nested = nested_doc();
    let docs: [&[u8]; 2] = [batch::BATCH_JSON, nested.as_bytes()];
    let mut arena = Arena::new();
    for doc in docs {
        let v = arenakit::json::from_slice_in(&arena, doc).unwrap();
        assert!(v.is_object());
    }
    arena.reset();
    for _ in 0..3 {
        let mut seen = (0, 0, 0);
        let calls = calls_during(|| {
            let batch = arenakit::json::from_slice_in(&arena, batch::BATCH_JSON).unwrap();
            seen.0 = batch["entries"].as_array().map_or(0, <[_]>::len);
            let deep = arenakit::json::from_slice_in(&arena, nested.as_bytes()).unwrap();
            let leaf = (0..60).fold(&deep, |v, _| &v["child"]);
            seen.1 = leaf[3]["leaf"].as_str().map_or(0, str::len);
            let borrowed = arenakit::json::from_slice_borrowed(&arena, nested.as_bytes()).unwrap();
            seen.2 = borrowed["child"]["level"].as_u64().unwrap_or(0);
        });
        assert_eq!(seen, (20, 4, 1));
        assert_eq!(
            calls, 0,
            "global allocator calls while decoding a Value into a warm arena"
        );
        arena.reset();
    }
}
