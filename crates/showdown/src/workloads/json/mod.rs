//! Workloads `json` and `json-twitter`: JSON decoded into the arena against serde_json into
//! owned std types.
//!
//! - `json`: the log batch of `data/batch.json` (the seeds' log-server request, 3,758 bytes),
//!   [`BATCH_PARSES`] parses per batch.
//! - `json-twitter`: `data/twitter.json` (100 tweets from the nativejson-benchmark corpus,
//!   755,433 bytes, mostly CJK text; see `data/README.md`), [`TWITTER_PARSES`] parses per
//!   batch, into a subset of the fields (the others are skipped as unknown fields).
//!
//! Peers, each decoding the same bytes into the same shape:
//!
//! - `arenakit`: arenakit's own decoder ([`from_slice_in`]) into `#[derive(DeserializeIn)]`
//!   types (`&str`, `&[T]`, arena `Vec` and `HashMap`), on a warm arena reset after every
//!   parse, as a request handler would;
//! - `arenakit+serde_json`: serde_json's `Deserializer` into the same arena types through the
//!   [`InArena`] seed (same arena, same reset);
//! - `glibc`: `serde_json::from_slice` into `#[derive(Deserialize)]` owned types (`String`,
//!   `Vec`, `Box`, std `HashMap`) on the system allocator, dropped after every parse.
//!
//! Times are per parse. Checksum: a summary computed from the decoded data after every parse
//! (for the log batch the log server's reply: entries, entries per level, message bytes, tags,
//! attributes; for the tweets a [`Tally`] of every decoded field), summed over the batch. The
//! expected value comes from the serde_json owned decode, so the two arena decoders must read
//! exactly what serde_json reads.

use super::{ARENAKIT, SYSTEM};
use crate::census::{self, Census};
use crate::extra::{Extra, Scale};
use crate::harness::{Peer, Workload};
use arenakit::Arena;
use arenakit::de::{DeserializeIn, InArena, from_slice_in};
use serde::de::DeserializeSeed;
use std::fmt::Write;
use std::hint::black_box;

/// Name of the log-batch workload.
pub const NAME: &str = "json";
/// Name of the tweets workload.
pub const TWITTER_NAME: &str = "json-twitter";
/// Name of the peer that decodes with serde_json into arena types through [`InArena`].
pub const SERDE_IN_ARENA: &str = "arenakit+serde_json";

/// The log batch (a copy of the project's shared `data/batch.json`).
pub const BATCH_JSON: &[u8] = include_bytes!("../../../data/batch.json");
/// 100 tweets from the nativejson-benchmark corpus (source and license in `data/README.md`).
pub const TWITTER_JSON: &[u8] = include_bytes!("../../../data/twitter.json");
/// Parses of the log batch per timed batch.
pub const BATCH_PARSES: usize = 1_000;
/// Parses of the tweets per timed batch.
pub const TWITTER_PARSES: usize = 8;

/// The log batch: arena types, owned types and the log server's summary.
pub mod log;

#[macro_use]
mod tally;
pub use tally::{Digest, InBox, Tally};

/// The tweets of `twitter.json`: a subset of the fields, as arena types and as owned types.
///
/// Decoded: the search metadata; per tweet its metadata, ids, text, source, reply fields,
/// counts, flags, language, the retweeted tweet, the entities (hashtags, URLs, mentions,
/// media) and the user (ids, names, description, counts, flags, time zone, image URLs).
/// Skipped as unknown fields: the `null`-only `geo`, `coordinates`, `place` and
/// `contributors`, the `*_id_str` copies of the reply ids, `symbols`, media `sizes`, the user's
/// `entities` and profile colours.
pub mod twitter;

pub mod canada;
pub mod citm;
pub mod corpus;
pub mod dom;

/// One parse with arenakit's decoder into `arena`; returns the parse's checksum.
pub fn log_arenakit(arena: &Arena, json: &[u8]) -> u64 {
    let batch: log::Batch<'_> = from_slice_in(arena, json).expect("batch.json decodes");
    log::Summary::of_arena(&batch).checksum()
}

/// One parse with serde_json into arena types in `arena`; returns the parse's checksum.
pub fn log_serde_in_arena(arena: &Arena, json: &[u8]) -> u64 {
    let batch: log::Batch<'_> = serde_in_arena(arena, json);
    log::Summary::of_arena(&batch).checksum()
}

/// One parse with serde_json into owned types; returns the parse's checksum.
pub fn log_owned(json: &[u8]) -> u64 {
    let batch: log::owned::Batch = serde_json::from_slice(json).expect("batch.json decodes");
    log::Summary::of_owned(&batch).checksum()
}

/// One parse of the tweets with arenakit's decoder into `arena`; returns the checksum.
pub fn twitter_arenakit(arena: &Arena, json: &[u8]) -> u64 {
    let tweets: twitter::Twitter<'_> = from_slice_in(arena, json).expect("twitter.json decodes");
    Tally::of(&tweets).checksum()
}

/// One parse of the tweets with serde_json into arena types; returns the checksum.
pub fn twitter_serde_in_arena(arena: &Arena, json: &[u8]) -> u64 {
    let tweets: twitter::Twitter<'_> = serde_in_arena(arena, json);
    Tally::of(&tweets).checksum()
}

/// One parse of the tweets with serde_json into owned types; returns the checksum.
pub fn twitter_owned(json: &[u8]) -> u64 {
    let tweets: twitter::owned::Twitter =
        serde_json::from_slice(json).expect("twitter.json decodes");
    Tally::of(&tweets).checksum()
}

/// serde_json's `Deserializer` into arena types, through the [`InArena`] seed, rejecting
/// trailing characters like `serde_json::from_slice`.
fn serde_in_arena<'a, T: DeserializeIn<'a>>(arena: &'a Arena, json: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = InArena::<T>::new(arena)
        .deserialize(&mut deserializer)
        .expect("the file decodes");
    deserializer.end().expect("nothing after the value");
    value
}

/// A peer that parses `json` `parses` times per batch with `parse` on a warm arena, reset
/// after every parse, and returns the sum of the parses' checksums.
fn arena_peer(
    name: &'static str,
    how: &str,
    json: &'static [u8],
    parses: usize,
    parse: fn(&Arena, &[u8]) -> u64,
) -> Peer<'static> {
    let mut arena = Arena::new();
    Peer::new(name, how, move || {
        let mut sum = 0u64;
        for _ in 0..black_box(parses) {
            sum = sum.wrapping_add(parse(&arena, black_box(json)));
            arena.reset();
        }
        sum
    })
}

/// A peer that parses `json` `parses` times per batch with `parse` (owned types, dropped after
/// every parse) and returns the sum of the parses' checksums.
fn owned_peer(
    how: &str,
    json: &'static [u8],
    parses: usize,
    parse: fn(&[u8]) -> u64,
) -> Peer<'static> {
    Peer::new(SYSTEM, how, move || {
        let mut sum = 0u64;
        for _ in 0..black_box(parses) {
            sum = sum.wrapping_add(parse(black_box(json)));
        }
        sum
    })
}

/// The three decoders of one file, for a workload and its census.
#[derive(Clone, Copy)]
struct Decoders {
    name: &'static str,
    file: &'static str,
    json: &'static [u8],
    /// What the derived arena types hold, for the `how` column.
    arena_types: &'static str,
    /// What the owned types hold, for the `how` column.
    owned_types: &'static str,
    arenakit: fn(&Arena, &[u8]) -> u64,
    serde_in_arena: fn(&Arena, &[u8]) -> u64,
    owned: fn(&[u8]) -> u64,
}

const LOG: Decoders = Decoders {
    name: NAME,
    file: "data/batch.json",
    json: BATCH_JSON,
    arena_types: "&str, &[&str], arena Vec and HashMap",
    owned_types: "String, Vec, std HashMap",
    arenakit: log_arenakit,
    serde_in_arena: log_serde_in_arena,
    owned: log_owned,
};

const TWITTER: Decoders = Decoders {
    name: TWITTER_NAME,
    file: "data/twitter.json",
    json: TWITTER_JSON,
    arena_types: "&str, &[T], arena Vec, arena-boxed retweet",
    owned_types: "String, Vec, Box",
    arenakit: twitter_arenakit,
    serde_in_arena: twitter_serde_in_arena,
    owned: twitter_owned,
};

impl Decoders {
    fn workload(self, title: String, parses: usize) -> Workload<'static> {
        let expected = (self.owned)(self.json).wrapping_mul(parses as u64);
        Workload::new(self.name, title, "parse", parses as u64, expected)
            .columns(&[SYSTEM])
            .peer(arena_peer(
                ARENAKIT,
                &format!(
                    "arenakit::de::from_slice_in into derived DeserializeIn types ({}), reset",
                    self.arena_types
                ),
                self.json,
                parses,
                self.arenakit,
            ))
            .peer(arena_peer(
                SERDE_IN_ARENA,
                "serde_json::Deserializer + InArena seed into the same arena types, reset",
                self.json,
                parses,
                self.serde_in_arena,
            ))
            .peer(owned_peer(
                &format!(
                    "serde_json::from_slice into derived Deserialize types ({}), drop",
                    self.owned_types
                ),
                self.json,
                parses,
                self.owned,
            ))
            .note(format!(
                "One operation: one parse of `{}` ({} bytes) plus a summary read from the \
                 decoded data; the arena peers reset their warm arena after every parse, the \
                 owned peer drops its result. Every peer must produce the same summary.",
                self.file,
                self.json.len()
            ))
    }

    /// Global-allocator calls and bytes of one parse by each peer, the arena peers on a warm
    /// arena (parsed into and reset until a parse takes no more memory from the heap), and the
    /// bytes the arena used.
    fn census(self) -> Extra {
        if !census::installed() {
            return census_missing();
        }
        let mut rows = Vec::new();
        for (name, parse) in [
            (ARENAKIT, self.arenakit),
            (SERDE_IN_ARENA, self.serde_in_arena),
        ] {
            let mut arena = Arena::new();
            for _ in 0..WARM_UP_LIMIT {
                let held = arena.stats().held;
                black_box(parse(&arena, self.json));
                arena.reset();
                if arena.stats().held == held {
                    break;
                }
            }
            let (_, counts) = census::measure(|| black_box(parse(&arena, self.json)));
            rows.push((name, counts, Some(arena.stats().used)));
        }
        black_box((self.owned)(self.json));
        let (_, counts) = census::measure(|| black_box((self.owned)(self.json)));
        rows.push((SYSTEM, counts, None));
        if self.name == TWITTER_NAME {
            rows.extend(corpus::twitter_census_rows(self.json));
        }
        census_extra(self.file, &rows)
    }
}

/// The census's place in the report when the counting global allocator is not installed.
fn census_missing() -> Extra {
    Extra {
        markdown: "Heap census skipped: the counting global allocator is not installed in this \
                   process.\n"
            .to_owned(),
        ..Extra::default()
    }
}

/// Most warm-up parses before a census: a warm arena stops growing after two or three.
const WARM_UP_LIMIT: usize = 8;

/// The Markdown and JSON of a per-parse heap census.
fn census_extra(file: &str, rows: &[(&str, Census, Option<usize>)]) -> Extra {
    let mut markdown = format!(
        "Heap use of one parse of `{file}` (counting global allocator; the arena peers on a warm \
         arena, which took no more memory from the heap in its last warm-up parse):\n\n\
         | peer | global allocator calls | bytes requested | arena bytes used |\n\
         |---|---:|---:|---:|\n"
    );
    let mut json = Vec::new();
    for (name, counts, used) in rows {
        let used_text = used.map_or_else(|| "-".to_owned(), |u| u.to_string());
        let _ = writeln!(
            markdown,
            "| {name} | {} | {} | {used_text} |",
            counts.calls, counts.bytes
        );
        json.push(serde_json::json!({
            "peer": name,
            "calls": counts.calls,
            "bytes": counts.bytes,
            "arena_bytes_used": used,
        }));
    }
    Extra {
        markdown,
        charts: Vec::new(),
        json: serde_json::json!({ "census": json }),
    }
}

/// The `json` workload: the log batch, [`BATCH_PARSES`] parses per batch.
pub fn workload() -> Workload<'static> {
    sized(BATCH_PARSES)
}

/// The `json` workload with `parses` parses per batch.
pub fn sized(parses: usize) -> Workload<'static> {
    LOG.workload(
        format!(
            "JSON: parse data/batch.json ({} bytes, 20 log entries) into the arena vs serde_json \
             into owned types",
            BATCH_JSON.len()
        ),
        parses,
    )
}

/// The `json-twitter` workload: the tweets, [`TWITTER_PARSES`] parses per batch.
pub fn twitter_workload() -> Workload<'static> {
    twitter_sized(TWITTER_PARSES)
}

/// The `json-twitter` workload with `parses` parses per batch.
pub fn twitter_sized(parses: usize) -> Workload<'static> {
    let workload = TWITTER.workload(
        format!(
            "JSON corpus: parse data/twitter.json ({} bytes, 100 tweets) into derived arena \
             types vs serde_json, simd-json and sonic-rs into owned types, and into DOMs",
            TWITTER_JSON.len()
        ),
        parses,
    );
    let workload = workload.note(
        "`simd-json` and `sonic-rs` decode into the same owned types as `glibc` (serde_json); \
         the DOM rows decode the whole file (every field, the typed rows read a subset) and \
         are checked against serde_json's `Value` of it. Built without `-C target-cpu=native`.",
    );
    let workload = corpus::typed_bars(
        workload,
        [ARENAKIT, SYSTEM, corpus::SONIC],
        corpus::TYPED_BARS,
    );
    let workload = corpus::dom_bars(workload);
    corpus::add_twitter_peers(workload, TWITTER_JSON, parses, twitter_owned(TWITTER_JSON))
}

/// The heap census of the `json` workload.
pub fn extra(_: Scale) -> Extra {
    LOG.census()
}

/// The heap census of the `json-twitter` workload.
pub fn twitter_extra(_: Scale) -> Extra {
    TWITTER.census()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Settings, run};

    fn check(workload: Workload<'static>) {
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(names[..3], [ARENAKIT, SERDE_IN_ARENA, SYSTEM]);
        let settings = Settings {
            rounds: 2,
            warmup: 1,
            rotate: true,
        };
        let outcome = run(workload, &settings, &mut |_| {}).unwrap();
        assert!(outcome.ratio(ARENAKIT, SYSTEM).is_some());
    }

    #[test]
    fn log_checksums_match() {
        check(sized(3));
    }

    #[test]
    fn twitter_checksums_match() {
        check(twitter_sized(1));
    }

    /// The log server's summary of the batch, as the seeds' server replies it.
    #[test]
    fn log_summary_is_the_servers_reply() {
        let arena = Arena::new();
        let batch: log::Batch<'_> = from_slice_in(&arena, BATCH_JSON).unwrap();
        let s = log::Summary::of_arena(&batch);
        assert_eq!(s.entries, 20);
        assert_eq!(s.levels, [4, 10, 4, 2, 0]);
        assert_eq!((s.msg_bytes, s.tags, s.attrs), (915, 42, 60));
        let owned: log::owned::Batch = serde_json::from_slice(BATCH_JSON).unwrap();
        assert_eq!(log::Summary::of_owned(&owned), s);
        assert_eq!(log_serde_in_arena(&arena, BATCH_JSON), s.checksum());
    }

    /// The tweets decode to the same tally in all three ways, with the file's known shape.
    #[test]
    fn tweets_decode_alike() {
        let arena = Arena::new();
        let tweets: twitter::Twitter<'_> = from_slice_in(&arena, TWITTER_JSON).unwrap();
        assert_eq!(tweets.statuses.len(), 100);
        assert_eq!(tweets.search_metadata.count, 100);
        let retweets = tweets
            .statuses
            .iter()
            .filter(|s| s.retweeted_status.is_some());
        assert_eq!(retweets.count(), 73);
        let count = |f: fn(&twitter::Entities<'_>) -> usize| -> usize {
            tweets.statuses.iter().map(|s| f(&s.entities)).sum()
        };
        assert_eq!(count(|e| e.hashtags.len()), 8);
        assert_eq!(count(|e| e.user_mentions.len()), 87);
        assert_eq!(count(|e| e.urls.len()), 13);
        assert_eq!(count(|e| e.media.map_or(0, <[_]>::len)), 6);
        assert!(arena.contains(tweets.statuses[0].text.as_ptr()));
        assert_eq!(tweets.statuses[0].metadata.iso_language_code, "ja");

        let tally = Tally::of(&tweets);
        let owned: twitter::owned::Twitter = serde_json::from_slice(TWITTER_JSON).unwrap();
        assert_eq!(Tally::of(&owned), tally);
        let via_serde: twitter::Twitter<'_> = serde_in_arena(&arena, TWITTER_JSON);
        assert_eq!(Tally::of(&via_serde), tally);
        assert!(tally.strings > 1_000 && tally.trues > 0 && tally.nones > 0);
    }

    /// Unknown fields (most of a tweet's) are skipped by the derived decoder.
    #[test]
    fn unknown_fields_are_skipped() {
        let arena = Arena::new();
        let json = br#"{"text": "t", "indices": [1, 2], "extra": {"a": [null, 1.5, "x"]}}"#;
        let tag: twitter::Hashtag<'_> = from_slice_in(&arena, json).unwrap();
        assert_eq!((tag.text, tag.indices), ("t", (1, 2)));
    }

    #[test]
    fn census_without_the_counting_allocator_says_so() {
        // Unit tests run on the plain system allocator.
        let extra = extra(Scale::Quick);
        assert!(extra.markdown.contains("not installed"));
    }
}
