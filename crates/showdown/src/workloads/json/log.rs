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
        super::tally::fold(&[
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
