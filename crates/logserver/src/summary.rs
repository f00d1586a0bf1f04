//! The reply to `POST /ingest`: a small JSON summary computed from the parsed batch, so the
//! parse cannot be skipped.
//!
//! ```json
//! {"service":"checkout-api","host":"web-07.prod.internal","entries":20,
//!  "levels":{"debug":4,"info":10,"warn":4,"error":2,"other":0},
//!  "msg_bytes":915,"tags":42,"attrs":60}
//! ```
//!
//! (on one line). `msg_bytes` is the total UTF-8 length of the decoded messages, `tags` the
//! number of tags and `attrs` the number of distinct attribute keys, summed over the entries.
//! Both modes compute the same [`Counts`]; heap mode writes the summary with serde_json,
//! arena mode with [`write_summary`], which produces the same bytes without touching the
//! global allocator once its buffer is warm.

use serde::Serialize;

/// Entries per log level. Levels are matched exactly (`"INFO"` counts as `other`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Levels {
    /// `"debug"` entries.
    pub debug: u64,
    /// `"info"` entries.
    pub info: u64,
    /// `"warn"` entries.
    pub warn: u64,
    /// `"error"` entries.
    pub error: u64,
    /// Entries with any other level.
    pub other: u64,
}

impl Levels {
    /// Counts one entry of level `level`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut levels = logserver::summary::Levels::default();
    /// levels.count("warn");
    /// levels.count("WARN");
    /// assert_eq!((levels.warn, levels.other), (1, 1));
    /// ```
    #[inline]
    pub fn count(&mut self, level: &str) {
        let slot = match level {
            "debug" => &mut self.debug,
            "info" => &mut self.info,
            "warn" => &mut self.warn,
            "error" => &mut self.error,
            _ => &mut self.other,
        };
        *slot += 1;
    }
}

/// The numbers of a summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entries in the batch.
    pub entries: u64,
    /// Entries per level.
    pub levels: Levels,
    /// Total UTF-8 bytes of the decoded messages.
    pub msg_bytes: u64,
    /// Tags, summed over the entries.
    pub tags: u64,
    /// Distinct attribute keys, summed over the entries.
    pub attrs: u64,
}

impl Counts {
    /// Adds one entry.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut counts = logserver::summary::Counts::default();
    /// counts.add("info", "café", 2, 3);
    /// assert_eq!((counts.entries, counts.levels.info, counts.msg_bytes), (1, 1, 5));
    /// assert_eq!((counts.tags, counts.attrs), (2, 3));
    /// ```
    #[inline]
    pub fn add(&mut self, level: &str, msg: &str, tags: usize, attrs: usize) {
        self.entries += 1;
        self.levels.count(level);
        self.msg_bytes += msg.len() as u64;
        self.tags += tags as u64;
        self.attrs += attrs as u64;
    }
}

/// The summary as serde serializes it (heap mode).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Summary<'a> {
    /// The batch's service.
    pub service: &'a str,
    /// The batch's host.
    pub host: &'a str,
    /// Entries in the batch.
    pub entries: u64,
    /// Entries per level.
    pub levels: Levels,
    /// Total UTF-8 bytes of the decoded messages.
    pub msg_bytes: u64,
    /// Tags, summed over the entries.
    pub tags: u64,
    /// Distinct attribute keys, summed over the entries.
    pub attrs: u64,
}

impl<'a> Summary<'a> {
    /// The summary of a batch from `service` on `host` with `counts`.
    ///
    /// # Examples
    ///
    /// ```
    /// use logserver::summary::{Counts, Summary};
    ///
    /// let json = serde_json::to_string(&Summary::new("api", "h1", &Counts::default())).unwrap();
    /// assert!(json.starts_with(r#"{"service":"api","host":"h1","entries":0,"levels":{"#));
    /// ```
    pub fn new(service: &'a str, host: &'a str, counts: &Counts) -> Self {
        Summary {
            service,
            host,
            entries: counts.entries,
            levels: counts.levels,
            msg_bytes: counts.msg_bytes,
            tags: counts.tags,
            attrs: counts.attrs,
        }
    }
}

/// Appends the summary to `out`, byte for byte what serde_json writes for [`Summary`], with
/// no allocation beyond growing `out`.
///
/// # Examples
///
/// ```
/// use logserver::summary::{Counts, Summary, write_summary};
///
/// let mut counts = Counts::default();
/// counts.add("error", "disk \"full\"", 1, 2);
/// let mut out = Vec::new();
/// write_summary(&mut out, "api\n", "h\u{1}", &counts);
/// let expected = serde_json::to_vec(&Summary::new("api\n", "h\u{1}", &counts)).unwrap();
/// assert_eq!(out, expected);
/// ```
pub fn write_summary(out: &mut Vec<u8>, service: &str, host: &str, counts: &Counts) {
    let mut num = itoa::Buffer::new();
    let mut field = |out: &mut Vec<u8>, prefix: &[u8], n: u64| {
        out.extend_from_slice(prefix);
        out.extend_from_slice(num.format(n).as_bytes());
    };
    out.extend_from_slice(b"{\"service\":");
    write_json_str(out, service);
    out.extend_from_slice(b",\"host\":");
    write_json_str(out, host);
    field(out, b",\"entries\":", counts.entries);
    let l = &counts.levels;
    field(out, b",\"levels\":{\"debug\":", l.debug);
    field(out, b",\"info\":", l.info);
    field(out, b",\"warn\":", l.warn);
    field(out, b",\"error\":", l.error);
    field(out, b",\"other\":", l.other);
    field(out, b"},\"msg_bytes\":", counts.msg_bytes);
    field(out, b",\"tags\":", counts.tags);
    field(out, b",\"attrs\":", counts.attrs);
    out.push(b'}');
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the control
/// characters (short forms for `\b \f \n \r \t`, `\u00xx` for the others); everything else
/// is copied as is.
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// logserver::summary::write_json_str(&mut out, "a\"b\\c\td\u{7}é");
/// assert_eq!(out, r#""a\"b\\c\td\u0007é""#.as_bytes());
/// ```
pub fn write_json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0..0x20 => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if short == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}
