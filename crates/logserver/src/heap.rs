//! Heap mode: the batch parsed with serde_json into owned std types, as a typical Rust service
//! would write it (`String`, `Vec`, `HashMap`), the summary written with serde_json.
//!
//! Every string, tag list and attribute map of the request is its own global-allocator
//! allocation, freed when the request ends.

use crate::summary::{Counts, Summary};
use serde::Deserialize;
use std::collections::HashMap;

/// One log entry, owned.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Entry {
    /// Timestamp (milliseconds since the epoch).
    pub ts: u64,
    /// Level (`debug`, `info`, `warn`, `error`, or anything else).
    pub level: String,
    /// The message.
    pub msg: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Attributes.
    pub attrs: HashMap<String, String>,
}

/// A log batch, owned.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Batch {
    /// The service that sent the batch.
    pub service: String,
    /// The host it runs on.
    pub host: String,
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Batch {
    /// The batch's counts.
    ///
    /// # Examples
    ///
    /// ```
    /// let batch: logserver::heap::Batch = serde_json::from_str(
    ///     r#"{"service":"s","host":"h","entries":[
    ///         {"ts":1,"level":"info","msg":"hi","tags":["a"],"attrs":{"k":"v"}}]}"#,
    /// )
    /// .unwrap();
    /// let counts = batch.counts();
    /// assert_eq!((counts.entries, counts.msg_bytes, counts.tags, counts.attrs), (1, 2, 1, 1));
    /// ```
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for e in &self.entries {
            counts.add(&e.level, &e.msg, e.tags.len(), e.attrs.len());
        }
        counts
    }
}

/// Parses `body` and writes its summary to `out` (cleared first).
///
/// # Errors
///
/// The body is not a log batch.
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// logserver::heap::summarise(br#"{"service":"s","host":"h","entries":[]}"#, &mut out).unwrap();
/// assert!(out.starts_with(br#"{"service":"s","host":"h","entries":0,"#));
/// assert!(logserver::heap::summarise(b"{", &mut out).is_err());
/// ```
pub fn summarise(body: &[u8], out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    let batch: Batch = serde_json::from_slice(body)?;
    let counts = batch.counts();
    out.clear();
    serde_json::to_writer(out, &Summary::new(&batch.service, &batch.host, &counts))
}
