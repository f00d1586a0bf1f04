//! Arena mode: each request takes a warm arena from an [`ArenaPool`], decodes the batch into
//! it with [`arenakit::de::from_slice_in`] (strings unescaped into the arena, tags as arena
//! slices, attributes as arena hash maps), writes the summary to a reused buffer and gives the
//! arena back, all synchronously: no `.await` while arena data is borrowed.
//!
//! Once the pool's arena and the output buffer are warm, [`summarise`] makes no call to the
//! global allocator (`tests/zero_alloc.rs` counts them).

use crate::summary::{Counts, write_summary};
use arenakit::collections::{HashMap, Vec};
use arenakit::de::{DeserializeIn, JsonError};
use arenakit::{Arena, ArenaPool};

/// One log entry, in the arena.
#[derive(Debug, DeserializeIn)]
pub struct Entry<'a> {
    /// Timestamp (milliseconds since the epoch).
    pub ts: u64,
    /// Level (`debug`, `info`, `warn`, `error`, or anything else).
    pub level: &'a str,
    /// The message.
    pub msg: &'a str,
    /// Tags.
    pub tags: &'a [&'a str],
    /// Attributes.
    pub attrs: HashMap<'a, &'a str, &'a str>,
}

/// A log batch, in the arena.
#[derive(Debug, DeserializeIn)]
pub struct Batch<'a> {
    /// The service that sent the batch.
    pub service: &'a str,
    /// The host it runs on.
    pub host: &'a str,
    /// The entries.
    pub entries: Vec<'a, Entry<'a>>,
}

impl<'a> Batch<'a> {
    /// Decodes a batch into `arena`.
    ///
    /// # Errors
    ///
    /// `json` is not a log batch, or the arena hit its limit.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let batch = logserver::arena::Batch::decode(
    ///     &arena,
    ///     br#"{"service":"s","host":"h","entries":[]}"#,
    /// )
    /// .unwrap();
    /// assert_eq!(batch.service, "s");
    /// assert!(arena.contains(batch.service.as_ptr()));
    /// ```
    pub fn decode(arena: &'a Arena, json: &[u8]) -> Result<Self, JsonError> {
        arenakit::de::from_slice_in(arena, json)
    }

    /// The batch's counts.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let batch = logserver::arena::Batch::decode(
    ///     &arena,
    ///     br#"{"service":"s","host":"h","entries":[
    ///         {"ts":1,"level":"info","msg":"hi","tags":["a"],"attrs":{"k":"v"}}]}"#,
    /// )
    /// .unwrap();
    /// let counts = batch.counts();
    /// assert_eq!((counts.entries, counts.msg_bytes, counts.tags, counts.attrs), (1, 2, 1, 1));
    /// ```
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for e in self.entries.iter() {
            counts.add(e.level, e.msg, e.tags.len(), e.attrs.len());
        }
        counts
    }
}

/// Takes an arena from `pool`, parses `body` into it, writes the summary to `out` (cleared
/// first) and gives the arena back.
///
/// # Errors
///
/// The body is not a log batch, or the arena hit its limit.
///
/// # Examples
///
/// ```
/// let pool = arenakit::ArenaPool::new();
/// let mut out = Vec::new();
/// logserver::arena::summarise(&pool, br#"{"service":"s","host":"h","entries":[]}"#, &mut out)
///     .unwrap();
/// assert!(out.starts_with(br#"{"service":"s","host":"h","entries":0,"#));
/// assert!(logserver::arena::summarise(&pool, b"{", &mut out).is_err());
/// assert_eq!(pool.metrics().active, 0);
/// ```
pub fn summarise(
    pool: &ArenaPool,
    body: &[u8],
    out: &mut std::vec::Vec<u8>,
) -> Result<(), JsonError> {
    summarise_in(&pool.get(), body, out)
}

/// Parses `body` into `arena` and writes the summary to `out` (cleared first); what
/// [`summarise`] does with an arena of its pool, for a caller that took the arena itself.
///
/// # Errors
///
/// The body is not a log batch, or the arena hit its limit.
///
/// # Examples
///
/// ```
/// let pool = arenakit::ArenaPool::new();
/// let arena = pool.get();
/// let mut out = Vec::new();
/// logserver::arena::summarise_in(&arena, br#"{"service":"s","host":"h","entries":[]}"#, &mut out)
///     .unwrap();
/// assert!(out.starts_with(br#"{"service":"s","host":"h","entries":0,"#));
/// ```
pub fn summarise_in(
    arena: &Arena,
    body: &[u8],
    out: &mut std::vec::Vec<u8>,
) -> Result<(), JsonError> {
    let batch = Batch::decode(arena, body)?;
    let counts = batch.counts();
    out.clear();
    write_summary(out, batch.service, batch.host, &counts);
    // Everything the batch holds is in the arena, which takes it all back when it is reset
    // (its pool does that when the arena comes back): dropping the batch would only walk its
    // entries to give each attribute map's table back to the arena one by one.
    core::mem::forget(batch);
    Ok(())
}
