//! The log batch of `tests/data/batch.json` as arena types, with a hand-written
//! `DeserializeIn` as a user would write one; shared by the `it` and `zero_alloc` tests.

use arenakit::Arena;
use arenakit::collections::{HashMap, Vec};
use arenakit::de::{DeserializeIn, InArena};
use serde::de::{Deserializer, Error, MapAccess, Visitor};
use std::fmt;

/// The reference request.
pub const BATCH_JSON: &[u8] = include_bytes!("../data/batch.json");

/// One entry of the log batch.
pub struct Entry<'a> {
    pub ts: u64,
    pub level: &'a str,
    pub msg: &'a str,
    pub tags: &'a [&'a str],
    pub attrs: HashMap<'a, &'a str, &'a str>,
}

/// The whole batch.
pub struct Batch<'a> {
    pub service: &'a str,
    pub host: &'a str,
    pub entries: Vec<'a, Entry<'a>>,
}

impl<'a> DeserializeIn<'a> for Entry<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct V<'a>(&'a Arena);
        impl<'a, 'de> Visitor<'de> for V<'a> {
            type Value = Entry<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a log entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry<'a>, A::Error> {
                let (mut ts, mut level, mut msg, mut tags, mut attrs) =
                    (None, None, None, None, None);
                while let Some(key) = map.next_key_seed(InArena::<&str>::new(self.0))? {
                    match key {
                        "ts" => ts = Some(map.next_value()?),
                        "level" => level = Some(map.next_value_seed(InArena::new(self.0))?),
                        "msg" => msg = Some(map.next_value_seed(InArena::new(self.0))?),
                        "tags" => tags = Some(map.next_value_seed(InArena::new(self.0))?),
                        "attrs" => attrs = Some(map.next_value_seed(InArena::new(self.0))?),
                        other => return Err(A::Error::unknown_field(other, &[])),
                    }
                }
                Ok(Entry {
                    ts: ts.ok_or_else(|| A::Error::missing_field("ts"))?,
                    level: level.ok_or_else(|| A::Error::missing_field("level"))?,
                    msg: msg.ok_or_else(|| A::Error::missing_field("msg"))?,
                    tags: tags.ok_or_else(|| A::Error::missing_field("tags"))?,
                    attrs: attrs.ok_or_else(|| A::Error::missing_field("attrs"))?,
                })
            }
        }
        deserializer.deserialize_map(V(arena))
    }
}

impl<'a> DeserializeIn<'a> for Batch<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct V<'a>(&'a Arena);
        impl<'a, 'de> Visitor<'de> for V<'a> {
            type Value = Batch<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a log batch")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Batch<'a>, A::Error> {
                let (mut service, mut host, mut entries) = (None, None, None);
                while let Some(key) = map.next_key_seed(InArena::<&str>::new(self.0))? {
                    match key {
                        "service" => service = Some(map.next_value_seed(InArena::new(self.0))?),
                        "host" => host = Some(map.next_value_seed(InArena::new(self.0))?),
                        "entries" => entries = Some(map.next_value_seed(InArena::new(self.0))?),
                        other => return Err(A::Error::unknown_field(other, &[])),
                    }
                }
                Ok(Batch {
                    service: service.ok_or_else(|| A::Error::missing_field("service"))?,
                    host: host.ok_or_else(|| A::Error::missing_field("host"))?,
                    entries: entries.ok_or_else(|| A::Error::missing_field("entries"))?,
                })
            }
        }
        deserializer.deserialize_map(V(arena))
    }
}
