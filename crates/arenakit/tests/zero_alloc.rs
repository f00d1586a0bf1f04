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
