//! The seeds' own Go figures, shown beside ours as a note, never as a peer.
//!
//! The two seeds of this project are Go libraries; `docs/peer-notes.md` records what their own Go
//! code measured on the project's machine kind ("The seeds' own Go libraries, measured on these
//! machines"). Those figures come from a separate run of a different program, so the report
//! prints them under the matching workloads with [`GoSeeds::label`] ("not comparable
//! row-by-row"), never in the timing tables. They live in `data/go_seed.json`, embedded at
//! compile time, keyed by workload name; workloads without an entry get no note, and entries
//! without a workload of that name are not shown.
//!
//! ```
//! let seeds = showdown::go_seed::GoSeeds::get();
//! assert!(seeds.label.contains("separate run"));
//! let structs = seeds.workloads.get("struct").unwrap();
//! assert!(structs.figures.iter().all(|f| f.ns_per_op().is_some()));
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded data file.
const DATA: &str = include_str!("../data/go_seed.json");

/// Every Go figure of `data/go_seed.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoSeeds {
    /// What every figure must be shown with: where it is from and that it is a separate run.
    pub label: String,
    /// The table of `docs/peer-notes.md` the figures were copied from.
    pub source: String,
    /// Toolchain and machine of that run.
    pub setup: String,
    /// Figures per workload name (`struct`, `string`, `slice`, `messages`, `json`,
    /// `logserver`).
    pub workloads: BTreeMap<String, GoWorkload>,
}

/// The Go figures of one workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoWorkload {
    /// What the Go program did, in the notes' words.
    pub what: String,
    /// The figures, in the order the report shows them.
    pub figures: Vec<GoFigure>,
}

/// Whether a figure is the Go arena's or the Go heap's headline time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The seed's arena.
    Arena,
    /// Go's garbage-collected heap.
    Heap,
}

/// One Go figure: a value with its unit, and for times the operations it covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoFigure {
    /// What was measured.
    pub label: String,
    /// Set on the arena's and the heap's headline time (shown in the headline table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The value, in `unit`.
    pub value: f64,
    /// `ns`, `us`, `ms`, `s` for times; anything else (`objects`, `requests/s`) is shown as is.
    pub unit: String,
    /// How many operations a time covers (1,000,000 structs), if it is a per-operation cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ops: Option<u64>,
    /// What one operation is (`struct`, `parse`), with `ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
}

impl GoSeeds {
    /// The figures of `data/go_seed.json` (parsed once).
    ///
    /// # Panics
    ///
    /// If the embedded file is not valid (a unit test checks it is).
    pub fn get() -> &'static GoSeeds {
        static SEEDS: OnceLock<GoSeeds> = OnceLock::new();
        SEEDS.get_or_init(|| serde_json::from_str(DATA).expect("data/go_seed.json is valid"))
    }

    /// The figures for the workload called `name`, if there are any.
    pub fn workload(&self, name: &str) -> Option<&GoWorkload> {
        self.workloads.get(name)
    }
}

impl GoWorkload {
    /// The first figure of `kind`.
    pub fn first(&self, kind: Kind) -> Option<&GoFigure> {
        self.figures.iter().find(|f| f.kind == Some(kind))
    }
}

impl GoFigure {
    /// The value in nanoseconds, if it is a time.
    pub fn nanos(&self) -> Option<f64> {
        let scale = match self.unit.as_str() {
            "ns" => 1.0,
            "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            _ => return None,
        };
        Some(self.value * scale)
    }

    /// Nanoseconds per operation, for a time that covers `ops` operations.
    pub fn ns_per_op(&self) -> Option<f64> {
        let ops = self.ops.filter(|&n| n > 0)?;
        Some(self.nanos()? / ops as f64)
    }

    /// The value with its unit, as in the notes: `3.72 ms`, `8,000,267 objects`.
    pub fn display(&self) -> String {
        format!("{} {}", group_digits(self.value), self.unit)
    }
}

/// `value` with thousands separators when it is a whole number of five digits or more.
///
/// ```
/// use showdown::go_seed::group_digits;
/// assert_eq!(group_digits(8_000_267.0), "8,000,267");
/// assert_eq!(group_digits(3.72), "3.72");
/// assert_eq!(group_digits(1000.0), "1000");
/// ```
pub fn group_digits(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() < 10_000.0 || value.abs() >= 1e18 {
        return format!("{value}");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_and_has_the_seed_workloads() {
        let seeds = GoSeeds::get();
        assert!(seeds.label.contains("not comparable row-by-row"));
        for name in ["struct", "string", "slice", "messages", "json", "logserver"] {
            let workload = seeds.workload(name).unwrap_or_else(|| panic!("{name}"));
            assert!(!workload.figures.is_empty(), "{name}");
            let arena = workload.first(Kind::Arena).expect("an arena figure");
            let heap = workload.first(Kind::Heap).expect("a heap figure");
            assert!(
                arena.ns_per_op().is_some() && heap.ns_per_op().is_some(),
                "{name}"
            );
        }
        assert!(seeds.workload("pure").is_none());
    }

    #[test]
    fn units_convert() {
        let figure = |value, unit: &str, ops| GoFigure {
            label: String::new(),
            kind: None,
            value,
            unit: unit.to_owned(),
            ops,
            op: None,
        };
        let per_struct = figure(29.7, "ms", Some(1_000_000)).ns_per_op().unwrap();
        assert!((per_struct - 29.7).abs() < 1e-9);
        assert_eq!(figure(425.0, "us", Some(1)).ns_per_op(), Some(425_000.0));
        assert_eq!(figure(804.0, "objects", Some(1)).ns_per_op(), None);
        assert_eq!(figure(90.0, "ms", None).ns_per_op(), None);
        assert_eq!(
            figure(8_000_267.0, "objects", None).display(),
            "8,000,267 objects"
        );
    }
}
