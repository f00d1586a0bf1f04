//! Decoding `tests/data/twitter.json` (755 KB, 100 tweets) into derived arena types on a warm
//! arena makes no call to the global allocator (issue #15): strings, slices, the arena
//! `Vec`s and the unescaping scratch all come from the arena, and the decoder itself allocates
//! nothing on success.
//!
//! A separate test binary, because it installs a counting `#[global_allocator]`.
#![cfg(all(feature = "json", feature = "derive"))]
// The types hold every field decoded; the test reads only some of them.
#![allow(dead_code)]

#[path = "support/counting.rs"]
mod counting;

use arenakit::Arena;
use arenakit::collections::Vec;
use arenakit::de::{DeserializeIn, from_slice_in};
use counting::calls_during;

/// 100 tweets from the nativejson-benchmark corpus (source and license in `data/README.md`).
const TWITTER_JSON: &[u8] = include_bytes!("data/twitter.json");

/// The file: the tweets and the search's metadata (other fields skipped).
#[derive(DeserializeIn)]
struct Twitter<'a> {
    statuses: Vec<'a, Status<'a>>,
    search_metadata: SearchMetadata<'a>,
}

/// A tweet (most fields skipped as unknown).
#[derive(DeserializeIn)]
struct Status<'a> {
    id: u64,
    id_str: &'a str,
    text: &'a str,
    source: &'a str,
    in_reply_to_status_id: Option<u64>,
    user: User<'a>,
    entities: Entities<'a>,
    retweet_count: u64,
    favorited: bool,
    possibly_sensitive: Option<bool>,
    lang: &'a str,
    retweeted_status: Option<Retweeted<'a>>,
}

/// The original of a retweet.
#[derive(DeserializeIn)]
struct Retweeted<'a> {
    id: u64,
    text: &'a str,
    user: User<'a>,
}

/// A user.
#[derive(DeserializeIn)]
struct User<'a> {
    id: u64,
    name: &'a str,
    screen_name: &'a str,
    description: &'a str,
    url: Option<&'a str>,
    followers_count: u64,
    utc_offset: Option<i64>,
    time_zone: Option<&'a str>,
}

/// Hashtags and mentions.
#[derive(DeserializeIn)]
struct Entities<'a> {
    hashtags: &'a [Hashtag<'a>],
    user_mentions: &'a [Mention<'a>],
}

#[derive(DeserializeIn)]
struct Hashtag<'a> {
    text: &'a str,
    indices: (u32, u32),
}

#[derive(DeserializeIn)]
struct Mention<'a> {
    screen_name: &'a str,
    id: u64,
    indices: &'a [u32],
}

#[derive(DeserializeIn)]
struct SearchMetadata<'a> {
    completed_in: f64,
    query: &'a str,
    count: u64,
}

/// Counts read from the decoded data (so the decode is not optimised away).
fn summary(t: &Twitter<'_>) -> (usize, usize, usize, usize, u64) {
    let statuses = t.statuses.as_slice();
    let text: usize = statuses.iter().map(|s| s.text.len() + s.source.len()).sum();
    let users: usize = statuses
        .iter()
        .map(|s| s.user.name.len() + s.user.description.len())
        .sum();
    let retweets = statuses
        .iter()
        .filter(|s| s.retweeted_status.is_some())
        .count();
    let mentions = statuses
        .iter()
        .map(|s| s.entities.user_mentions.len())
        .sum();
    (
        text + users,
        retweets,
        mentions,
        statuses.len(),
        t.search_metadata.count,
    )
}

/// The counter sees allocations (so a zero below means something).
#[test]
fn counter_counts() {
    assert!(calls_during(|| drop(std::hint::black_box(vec![1u8; 10]))) >= 2);
}

#[test]
fn warm_arena_decodes_twitter_json_without_the_global_allocator() {
    let mut arena = Arena::new();
    // Warm up: parse and reset until a parse takes no more memory from the heap.
    for _ in 0..8 {
        let held = arena.stats().held;
        let tweets: Twitter<'_> = from_slice_in(&arena, TWITTER_JSON).unwrap();
        assert_eq!(summary(&tweets).3, 100);
        drop(tweets);
        arena.reset();
        if arena.stats().held == held {
            break;
        }
    }
    for _ in 0..3 {
        let mut counts = None;
        let calls = calls_during(|| {
            let tweets: Twitter<'_> = from_slice_in(&arena, TWITTER_JSON).unwrap();
            counts = Some(summary(&tweets));
        });
        let (_, retweets, mentions, statuses, count) = counts.unwrap();
        assert_eq!((retweets, mentions, statuses, count), (73, 87, 100, 100));
        assert_eq!(calls, 0, "global-allocator calls in one warm parse");
        arena.reset();
    }
}
