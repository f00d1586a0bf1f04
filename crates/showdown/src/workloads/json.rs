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
use serde::de::{DeserializeSeed, Deserializer};
use std::fmt::Write;
use std::hint::black_box;

/// Name of the log-batch workload.
pub const NAME: &str = "json";
/// Name of the tweets workload.
pub const TWITTER_NAME: &str = "json-twitter";
/// Name of the peer that decodes with serde_json into arena types through [`InArena`].
pub const SERDE_IN_ARENA: &str = "arenakit+serde_json";

/// The log batch (a copy of the project's shared `data/batch.json`).
pub const BATCH_JSON: &[u8] = include_bytes!("../../data/batch.json");
/// 100 tweets from the nativejson-benchmark corpus (source and license in `data/README.md`).
pub const TWITTER_JSON: &[u8] = include_bytes!("../../data/twitter.json");
/// Parses of the log batch per timed batch.
pub const BATCH_PARSES: usize = 1_000;
/// Parses of the tweets per timed batch.
pub const TWITTER_PARSES: usize = 8;

/// The log batch: arena types, owned types and the log server's summary.
pub mod log {
    use arenakit::collections::{HashMap, Vec};
    use arenakit::de::DeserializeIn;

    /// One log entry, decoded into the arena.
    #[derive(DeserializeIn)]
    pub struct Entry<'a> {
        /// Milliseconds since the epoch.
        pub ts: u64,
        /// `debug`, `info`, `warn` or `error`.
        pub level: &'a str,
        /// The message (unescaped).
        pub msg: &'a str,
        /// Tags.
        pub tags: &'a [&'a str],
        /// String attributes.
        pub attrs: HashMap<'a, &'a str, &'a str>,
    }

    /// The whole batch, decoded into the arena.
    #[derive(DeserializeIn)]
    pub struct Batch<'a> {
        /// The sending service.
        pub service: &'a str,
        /// The sending host.
        pub host: &'a str,
        /// The entries.
        pub entries: Vec<'a, Entry<'a>>,
    }

    /// The same shapes as owned std types, for serde_json.
    pub mod owned {
        use serde::Deserialize;
        use std::collections::HashMap;

        /// One log entry, owned.
        #[derive(Deserialize)]
        pub struct Entry {
            /// Milliseconds since the epoch.
            pub ts: u64,
            /// `debug`, `info`, `warn` or `error`.
            pub level: String,
            /// The message.
            pub msg: String,
            /// Tags.
            pub tags: Vec<String>,
            /// String attributes.
            pub attrs: HashMap<String, String>,
        }

        /// The whole batch, owned.
        #[derive(Deserialize)]
        pub struct Batch {
            /// The sending service.
            pub service: String,
            /// The sending host.
            pub host: String,
            /// The entries.
            pub entries: Vec<Entry>,
        }
    }

    /// What the seeds' log server replies to a batch: counts read from the decoded data.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Summary {
        /// Bytes of `service` and `host`.
        pub name_bytes: u64,
        /// Entries.
        pub entries: u64,
        /// Entries per level: debug, info, warn, error, other.
        pub levels: [u64; 5],
        /// Bytes of all messages.
        pub msg_bytes: u64,
        /// Tags of all entries.
        pub tags: u64,
        /// Attributes of all entries.
        pub attrs: u64,
        /// Bytes of all tags, attribute keys and attribute values.
        pub text_bytes: u64,
        /// The timestamps, summed (wrapping).
        pub ts_sum: u64,
    }

    impl Summary {
        /// Adds one entry's fields.
        pub fn entry<'s>(
            &mut self,
            ts: u64,
            level: &str,
            msg: &str,
            tags: impl ExactSizeIterator<Item = &'s str>,
            attrs: impl ExactSizeIterator<Item = (&'s str, &'s str)>,
        ) {
            self.entries += 1;
            let index = ["debug", "info", "warn", "error"]
                .iter()
                .position(|&l| l == level)
                .unwrap_or(4);
            self.levels[index] += 1;
            self.msg_bytes += msg.len() as u64;
            self.tags += tags.len() as u64;
            self.attrs += attrs.len() as u64;
            self.text_bytes += tags.map(|t| t.len() as u64).sum::<u64>()
                + attrs.map(|(k, v)| (k.len() + v.len()) as u64).sum::<u64>();
            self.ts_sum = self.ts_sum.wrapping_add(ts);
        }

        /// The summary of an arena batch.
        pub fn of_arena(batch: &Batch<'_>) -> Summary {
            let mut s = Summary {
                name_bytes: (batch.service.len() + batch.host.len()) as u64,
                ..Summary::default()
            };
            for e in batch.entries.iter() {
                s.entry(
                    e.ts,
                    e.level,
                    e.msg,
                    e.tags.iter().copied(),
                    e.attrs.iter().map(|(k, v)| (*k, *v)),
                );
            }
            s
        }

        /// The summary of an owned batch.
        pub fn of_owned(batch: &owned::Batch) -> Summary {
            let mut s = Summary {
                name_bytes: (batch.service.len() + batch.host.len()) as u64,
                ..Summary::default()
            };
            for e in &batch.entries {
                s.entry(
                    e.ts,
                    &e.level,
                    &e.msg,
                    e.tags.iter().map(String::as_str),
                    e.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                );
            }
            s
        }

        /// All fields folded into one checksum.
        pub fn checksum(&self) -> u64 {
            let [debug, info, warn, error, other] = self.levels;
            super::fold(&[
                self.name_bytes,
                self.entries,
                debug,
                info,
                warn,
                error,
                other,
                self.msg_bytes,
                self.tags,
                self.attrs,
                self.text_bytes,
                self.ts_sum,
            ])
        }
    }
}

/// FNV-1a over the words: one checksum from several counts.
fn fold(words: &[u64]) -> u64 {
    words.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &word| {
        (hash ^ word).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Counts and sums of every decoded field, so a checksum covers all the data a decoder
/// produced, at a cost of a few operations per field (no hashing of the bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Strings decoded.
    pub strings: u64,
    /// Bytes of those strings (UTF-8, unescaped).
    pub string_bytes: u64,
    /// The first byte of every non-empty string, summed.
    pub first_bytes: u64,
    /// Every integer, summed (wrapping).
    pub ints: u64,
    /// Booleans that were `true`.
    pub trues: u64,
    /// Booleans that were `false`.
    pub falses: u64,
    /// The bit patterns of every float, summed (wrapping).
    pub floats: u64,
    /// Optional fields that were absent or `null`.
    pub nones: u64,
    /// Elements of all sequences.
    pub items: u64,
}

impl Tally {
    /// All fields folded into one checksum.
    pub fn checksum(&self) -> u64 {
        fold(&[
            self.strings,
            self.string_bytes,
            self.first_bytes,
            self.ints,
            self.trues,
            self.falses,
            self.floats,
            self.nones,
            self.items,
        ])
    }

    /// The tally of `value`.
    pub fn of<T: Digest + ?Sized>(value: &T) -> Tally {
        let mut tally = Tally::default();
        value.digest(&mut tally);
        tally
    }
}

/// Adds a decoded value to a [`Tally`].
pub trait Digest {
    /// Adds `self` (and everything it holds) to `tally`.
    fn digest(&self, tally: &mut Tally);
}

impl Digest for str {
    fn digest(&self, tally: &mut Tally) {
        tally.strings += 1;
        tally.string_bytes += self.len() as u64;
        tally.first_bytes += self.bytes().next().map_or(0, u64::from);
    }
}

impl Digest for String {
    fn digest(&self, tally: &mut Tally) {
        self.as_str().digest(tally);
    }
}

impl Digest for bool {
    fn digest(&self, tally: &mut Tally) {
        if *self {
            tally.trues += 1;
        } else {
            tally.falses += 1;
        }
    }
}

impl Digest for f64 {
    fn digest(&self, tally: &mut Tally) {
        tally.floats = tally.floats.wrapping_add(self.to_bits());
    }
}

/// Integers add their value.
macro_rules! digest_ints {
    ($($t:ty),*) => {$(
        impl Digest for $t {
            fn digest(&self, tally: &mut Tally) {
                tally.ints = tally.ints.wrapping_add(*self as u64);
            }
        }
    )*};
}

digest_ints!(u32, u64, i32, i64);

impl<T: Digest + ?Sized> Digest for &T {
    fn digest(&self, tally: &mut Tally) {
        (**self).digest(tally);
    }
}

impl<T: Digest + ?Sized> Digest for Box<T> {
    fn digest(&self, tally: &mut Tally) {
        (**self).digest(tally);
    }
}

impl<T: Digest> Digest for Option<T> {
    fn digest(&self, tally: &mut Tally) {
        match self {
            Some(value) => value.digest(tally),
            None => tally.nones += 1,
        }
    }
}

impl<T: Digest> Digest for [T] {
    fn digest(&self, tally: &mut Tally) {
        tally.items += self.len() as u64;
        for item in self {
            item.digest(tally);
        }
    }
}

impl<T: Digest> Digest for Vec<T> {
    fn digest(&self, tally: &mut Tally) {
        self.as_slice().digest(tally);
    }
}

impl<A: Digest, B: Digest> Digest for (A, B) {
    fn digest(&self, tally: &mut Tally) {
        self.0.digest(tally);
        self.1.digest(tally);
    }
}

/// `impl Digest` for structs: every listed field, in turn.
macro_rules! digest_fields {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl Digest for $ty {
            fn digest(&self, tally: &mut Tally) {
                $(self.$field.digest(tally);)*
            }
        }
    )*};
}

/// A value decoded, then moved into the arena: the arena's `Box` for recursive types (a
/// tweet's `retweeted_status` is a tweet). arenakit's `DeserializeIn` has no impl for `&'a T`,
/// so this newtype adds one.
pub struct InBox<'a, T>(pub &'a T);

impl<'a, T: DeserializeIn<'a>> DeserializeIn<'a> for InBox<'a, T> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = T::deserialize_in(arena, deserializer)?;
        Ok(InBox(arena.alloc(value)))
    }
}

impl<T> std::ops::Deref for InBox<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0
    }
}

impl<T: Digest> Digest for InBox<'_, T> {
    fn digest(&self, tally: &mut Tally) {
        self.0.digest(tally);
    }
}

/// The tweets of `twitter.json`: a subset of the fields, as arena types and as owned types.
///
/// Decoded: the search metadata; per tweet its metadata, ids, text, source, reply fields,
/// counts, flags, language, the retweeted tweet, the entities (hashtags, URLs, mentions,
/// media) and the user (ids, names, description, counts, flags, time zone, image URLs).
/// Skipped as unknown fields: the `null`-only `geo`, `coordinates`, `place` and
/// `contributors`, the `*_id_str` copies of the reply ids, `symbols`, media `sizes`, the user's
/// `entities` and profile colours.
pub mod twitter {
    use super::{Digest, InBox, Tally};
    use arenakit::collections::Vec;
    use arenakit::de::DeserializeIn;

    /// The whole file.
    #[derive(DeserializeIn)]
    pub struct Twitter<'a> {
        /// The tweets.
        pub statuses: Vec<'a, Status<'a>>,
        /// The search that found them.
        pub search_metadata: SearchMetadata<'a>,
    }

    /// A tweet.
    #[derive(DeserializeIn)]
    pub struct Status<'a> {
        /// How the search found it.
        pub metadata: Metadata<'a>,
        /// When it was posted.
        pub created_at: &'a str,
        /// Its id.
        pub id: u64,
        /// Its id as a string.
        pub id_str: &'a str,
        /// The text.
        pub text: &'a str,
        /// The posting client (an HTML link).
        pub source: &'a str,
        /// Whether the text was truncated.
        pub truncated: bool,
        /// The tweet this replies to.
        pub in_reply_to_status_id: Option<u64>,
        /// The user this replies to.
        pub in_reply_to_user_id: Option<u64>,
        /// The screen name this replies to.
        pub in_reply_to_screen_name: Option<&'a str>,
        /// The author.
        pub user: User<'a>,
        /// Retweets.
        pub retweet_count: u64,
        /// Likes.
        pub favorite_count: u64,
        /// Hashtags, URLs, mentions and media in the text.
        pub entities: Entities<'a>,
        /// Whether the searching user liked it.
        pub favorited: bool,
        /// Whether the searching user retweeted it.
        pub retweeted: bool,
        /// Whether a link may be sensitive (only present on tweets with links).
        pub possibly_sensitive: Option<bool>,
        /// Language code.
        pub lang: &'a str,
        /// The original tweet of a retweet.
        pub retweeted_status: Option<InBox<'a, Status<'a>>>,
    }

    /// Search metadata of a tweet.
    #[derive(DeserializeIn)]
    pub struct Metadata<'a> {
        /// `recent` or `popular`.
        pub result_type: &'a str,
        /// Language code.
        pub iso_language_code: &'a str,
    }

    /// A user.
    #[derive(DeserializeIn)]
    pub struct User<'a> {
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: &'a str,
        /// Display name.
        pub name: &'a str,
        /// Handle.
        pub screen_name: &'a str,
        /// Free-text location.
        pub location: &'a str,
        /// Profile text.
        pub description: &'a str,
        /// Profile link.
        pub url: Option<&'a str>,
        /// Protected account.
        pub protected: bool,
        /// Followers.
        pub followers_count: u64,
        /// Followed accounts.
        pub friends_count: u64,
        /// Lists the user is on.
        pub listed_count: u64,
        /// Account creation date.
        pub created_at: &'a str,
        /// Likes.
        pub favourites_count: u64,
        /// UTC offset in seconds.
        pub utc_offset: Option<i64>,
        /// Time zone name.
        pub time_zone: Option<&'a str>,
        /// Geotagging enabled.
        pub geo_enabled: bool,
        /// Verified account.
        pub verified: bool,
        /// Tweets posted.
        pub statuses_count: u64,
        /// Language code.
        pub lang: &'a str,
        /// Avatar URL.
        pub profile_image_url_https: &'a str,
        /// Banner URL (not every user has one).
        pub profile_banner_url: Option<&'a str>,
        /// Whether the searching user follows this one.
        pub following: bool,
    }

    /// Entities of a tweet.
    #[derive(DeserializeIn)]
    pub struct Entities<'a> {
        /// Hashtags.
        pub hashtags: &'a [Hashtag<'a>],
        /// Links.
        pub urls: &'a [Url<'a>],
        /// Mentioned users.
        pub user_mentions: &'a [Mention<'a>],
        /// Attached media (only on some tweets).
        pub media: Option<&'a [Media<'a>]>,
    }

    /// A hashtag.
    #[derive(DeserializeIn)]
    pub struct Hashtag<'a> {
        /// The tag, without `#`.
        pub text: &'a str,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// A link.
    #[derive(DeserializeIn)]
    pub struct Url<'a> {
        /// The shortened link.
        pub url: &'a str,
        /// The full link.
        pub expanded_url: &'a str,
        /// The link as shown.
        pub display_url: &'a str,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// A mentioned user.
    #[derive(DeserializeIn)]
    pub struct Mention<'a> {
        /// Handle.
        pub screen_name: &'a str,
        /// Display name.
        pub name: &'a str,
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: &'a str,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// An attached photo.
    #[derive(DeserializeIn)]
    pub struct Media<'a> {
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: &'a str,
        /// Its character range in the text.
        pub indices: (u32, u32),
        /// The image URL.
        pub media_url_https: &'a str,
        /// The shortened link.
        pub url: &'a str,
        /// The link as shown.
        pub display_url: &'a str,
        /// The full link.
        pub expanded_url: &'a str,
        /// `photo`.
        #[serde(rename = "type")]
        pub kind: &'a str,
        /// The tweet the photo was first posted with, if another.
        pub source_status_id: Option<u64>,
    }

    /// Search metadata of the whole result.
    #[derive(DeserializeIn)]
    pub struct SearchMetadata<'a> {
        /// Seconds the search took.
        pub completed_in: f64,
        /// Highest tweet id.
        pub max_id: u64,
        /// The query, URL-encoded.
        pub query: &'a str,
        /// Query string of the next page.
        pub next_results: &'a str,
        /// Query string to refresh.
        pub refresh_url: &'a str,
        /// Tweets returned.
        pub count: u64,
        /// Lowest tweet id asked for.
        pub since_id: u64,
    }

    /// The same shapes as owned std types, for serde_json.
    pub mod owned {
        use serde::Deserialize;

        /// The whole file.
        #[derive(Deserialize)]
        pub struct Twitter {
            /// The tweets.
            pub statuses: Vec<Status>,
            /// The search that found them.
            pub search_metadata: SearchMetadata,
        }

        /// A tweet.
        #[derive(Deserialize)]
        pub struct Status {
            /// How the search found it.
            pub metadata: Metadata,
            /// When it was posted.
            pub created_at: String,
            /// Its id.
            pub id: u64,
            /// Its id as a string.
            pub id_str: String,
            /// The text.
            pub text: String,
            /// The posting client (an HTML link).
            pub source: String,
            /// Whether the text was truncated.
            pub truncated: bool,
            /// The tweet this replies to.
            pub in_reply_to_status_id: Option<u64>,
            /// The user this replies to.
            pub in_reply_to_user_id: Option<u64>,
            /// The screen name this replies to.
            pub in_reply_to_screen_name: Option<String>,
            /// The author.
            pub user: User,
            /// Retweets.
            pub retweet_count: u64,
            /// Likes.
            pub favorite_count: u64,
            /// Hashtags, URLs, mentions and media in the text.
            pub entities: Entities,
            /// Whether the searching user liked it.
            pub favorited: bool,
            /// Whether the searching user retweeted it.
            pub retweeted: bool,
            /// Whether a link may be sensitive (only present on tweets with links).
            pub possibly_sensitive: Option<bool>,
            /// Language code.
            pub lang: String,
            /// The original tweet of a retweet.
            pub retweeted_status: Option<Box<Status>>,
        }

        /// Search metadata of a tweet.
        #[derive(Deserialize)]
        pub struct Metadata {
            /// `recent` or `popular`.
            pub result_type: String,
            /// Language code.
            pub iso_language_code: String,
        }

        /// A user.
        #[derive(Deserialize)]
        pub struct User {
            /// The id.
            pub id: u64,
            /// The id as a string.
            pub id_str: String,
            /// Display name.
            pub name: String,
            /// Handle.
            pub screen_name: String,
            /// Free-text location.
            pub location: String,
            /// Profile text.
            pub description: String,
            /// Profile link.
            pub url: Option<String>,
            /// Protected account.
            pub protected: bool,
            /// Followers.
            pub followers_count: u64,
            /// Followed accounts.
            pub friends_count: u64,
            /// Lists the user is on.
            pub listed_count: u64,
            /// Account creation date.
            pub created_at: String,
            /// Likes.
            pub favourites_count: u64,
            /// UTC offset in seconds.
            pub utc_offset: Option<i64>,
            /// Time zone name.
            pub time_zone: Option<String>,
            /// Geotagging enabled.
            pub geo_enabled: bool,
            /// Verified account.
            pub verified: bool,
            /// Tweets posted.
            pub statuses_count: u64,
            /// Language code.
            pub lang: String,
            /// Avatar URL.
            pub profile_image_url_https: String,
            /// Banner URL (not every user has one).
            pub profile_banner_url: Option<String>,
            /// Whether the searching user follows this one.
            pub following: bool,
        }

        /// Entities of a tweet.
        #[derive(Deserialize)]
        pub struct Entities {
            /// Hashtags.
            pub hashtags: Vec<Hashtag>,
            /// Links.
            pub urls: Vec<Url>,
            /// Mentioned users.
            pub user_mentions: Vec<Mention>,
            /// Attached media (only on some tweets).
            pub media: Option<Vec<Media>>,
        }

        /// A hashtag.
        #[derive(Deserialize)]
        pub struct Hashtag {
            /// The tag, without `#`.
            pub text: String,
            /// Its character range in the text.
            pub indices: (u32, u32),
        }

        /// A link.
        #[derive(Deserialize)]
        pub struct Url {
            /// The shortened link.
            pub url: String,
            /// The full link.
            pub expanded_url: String,
            /// The link as shown.
            pub display_url: String,
            /// Its character range in the text.
            pub indices: (u32, u32),
        }

        /// A mentioned user.
        #[derive(Deserialize)]
        pub struct Mention {
            /// Handle.
            pub screen_name: String,
            /// Display name.
            pub name: String,
            /// The id.
            pub id: u64,
            /// The id as a string.
            pub id_str: String,
            /// Its character range in the text.
            pub indices: (u32, u32),
        }

        /// An attached photo.
        #[derive(Deserialize)]
        pub struct Media {
            /// The id.
            pub id: u64,
            /// The id as a string.
            pub id_str: String,
            /// Its character range in the text.
            pub indices: (u32, u32),
            /// The image URL.
            pub media_url_https: String,
            /// The shortened link.
            pub url: String,
            /// The link as shown.
            pub display_url: String,
            /// The full link.
            pub expanded_url: String,
            /// `photo`.
            #[serde(rename = "type")]
            pub kind: String,
            /// The tweet the photo was first posted with, if another.
            pub source_status_id: Option<u64>,
        }

        /// Search metadata of the whole result.
        #[derive(Deserialize)]
        pub struct SearchMetadata {
            /// Seconds the search took.
            pub completed_in: f64,
            /// Highest tweet id.
            pub max_id: u64,
            /// The query, URL-encoded.
            pub query: String,
            /// Query string of the next page.
            pub next_results: String,
            /// Query string to refresh.
            pub refresh_url: String,
            /// Tweets returned.
            pub count: u64,
            /// Lowest tweet id asked for.
            pub since_id: u64,
        }
    }

    impl Digest for Twitter<'_> {
        fn digest(&self, tally: &mut Tally) {
            self.statuses.as_slice().digest(tally);
            self.search_metadata.digest(tally);
        }
    }

    /// The same fields, in the same order, for both families.
    macro_rules! digest_both {
        ($($name:ident { $($field:ident),* $(,)? })*) => {$(
            digest_fields!($name<'_> { $($field),* } owned::$name { $($field),* });
        )*};
    }

    digest_fields!(owned::Twitter {
        statuses,
        search_metadata
    });

    digest_both! {
        Status {
            metadata, created_at, id, id_str, text, source, truncated, in_reply_to_status_id,
            in_reply_to_user_id, in_reply_to_screen_name, user, retweet_count, favorite_count,
            entities, favorited, retweeted, possibly_sensitive, lang, retweeted_status,
        }
        Metadata { result_type, iso_language_code }
        User {
            id, id_str, name, screen_name, location, description, url, protected,
            followers_count, friends_count, listed_count, created_at, favourites_count,
            utc_offset, time_zone, geo_enabled, verified, statuses_count, lang,
            profile_image_url_https, profile_banner_url, following,
        }
        Entities { hashtags, urls, user_mentions, media }
        Hashtag { text, indices }
        Url { url, expanded_url, display_url, indices }
        Mention { screen_name, name, id, id_str, indices }
        Media {
            id, id_str, indices, media_url_https, url, display_url, expanded_url, kind,
            source_status_id,
        }
        SearchMetadata { completed_in, max_id, query, next_results, refresh_url, count, since_id }
    }
}

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
                 owned peer drops its result. All three must produce the same summary.",
                self.file,
                self.json.len()
            ))
    }

    /// Global-allocator calls and bytes of one parse by each peer, the arena peers on a warm
    /// arena (parsed into and reset until a parse takes no more memory from the heap), and the
    /// bytes the arena used.
    fn census(self) -> Extra {
        if !census::installed() {
            return Extra {
                markdown: "Heap census skipped: the counting global allocator is not installed \
                           in this process.\n"
                    .to_owned(),
                ..Extra::default()
            };
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
        census_extra(self.file, &rows)
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
    TWITTER.workload(
        format!(
            "JSON corpus: parse data/twitter.json ({} bytes, 100 tweets) into derived arena \
             types vs serde_json into owned types",
            TWITTER_JSON.len()
        ),
        parses,
    )
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
        assert_eq!(names, [ARENAKIT, SERDE_IN_ARENA, SYSTEM]);
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
