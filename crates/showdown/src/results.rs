//! What a run measured, as the report, the JSON and the charts read it: a [`Run`] of
//! [`Section`]s, and the verdicts computed from it ([`check_bars`], [`headline_row`]), so the
//! three outputs never disagree.
//!
//! The workloads produce [`Outcome`]s (through [`crate::harness`]) and never read this
//! module; [`crate::report`], [`crate::charts`] and [`crate::json_out`] read it and never
//! each other's verdicts.

use crate::extra::{Extra, Scale};
use crate::harness::{Bar, Outcome, Settings, Summary};
use crate::names::{ARENAKIT, BUMPALO, SYSTEM};
use crate::sysinfo::SystemInfo;

/// The arena peers arenakit's headline row is compared with by default (the fastest one
/// present is the "best arena peer").
pub const ARENA_PEERS: [&str; 4] = [BUMPALO, "bump-scope", "blink-alloc", "typed-arena"];

/// The results of one workload: its timings and its extra results.
#[derive(Clone, Debug)]
pub struct Section {
    /// The timed rounds.
    pub outcome: Outcome,
    /// What the workload's `extra` function returned, if it has one.
    pub extra: Option<Extra>,
}

/// Everything one run of the binary measured.
#[derive(Clone, Debug)]
pub struct Run {
    /// The machine and the build.
    pub info: SystemInfo,
    /// Rounds and order.
    pub settings: Settings,
    /// Quick or full sizes.
    pub scale: Scale,
    /// One section per workload, in run order.
    pub sections: Vec<Section>,
}

impl Run {
    /// The timing outcomes, in run order.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.sections.iter().map(|s| &s.outcome)
    }
}

/// A bar with its measured ratios.
#[derive(Clone, Debug, PartialEq)]
pub struct BarCheck<'a> {
    /// The bar.
    pub bar: &'a Bar,
    /// The bar's peer median / its baseline median, if both were measured.
    pub ratio: Option<f64>,
    /// The per-round ratios, summarised.
    pub paired: Option<Summary>,
}

impl BarCheck<'_> {
    /// Whether the ratio of medians is within the bar; `None` if a peer was not measured.
    pub fn passed(&self) -> Option<bool> {
        self.ratio.map(|r| r <= self.bar.max_ratio)
    }
}

/// Every bar of `outcome` with its measured ratios.
pub fn check_bars(outcome: &Outcome) -> Vec<BarCheck<'_>> {
    outcome
        .bars
        .iter()
        .map(|bar| BarCheck {
            bar,
            ratio: outcome.ratio(bar.peer, bar.baseline),
            paired: outcome.paired_ratio(bar.peer, bar.baseline),
        })
        .collect()
}

/// One row of the headline table: the peer standing for arenakit against the best arena peer
/// and the system allocator.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineRow<'a> {
    /// The peer standing for arenakit (`arenakit`, or the workload's declared headline peer).
    pub peer: &'a str,
    /// Its median, ns per operation.
    pub median: f64,
    /// The fastest arena peer present (by median) and its median.
    pub best: Option<(&'a str, f64)>,
    /// `median` / the best arena peer's median.
    pub vs_best: Option<f64>,
    /// `median` / the system allocator's median.
    pub vs_system: Option<f64>,
}

/// The headline row of `outcome`, or `None` if no peer stands for arenakit.
///
/// The peer is the one the workload declared with
/// [`Workload::headline`](crate::harness::Workload::headline), else `arenakit`, else the
/// peer of the workload's first bar. Its rivals are the declared ones, else [`ARENA_PEERS`].
pub fn headline_row(outcome: &Outcome) -> Option<HeadlineRow<'_>> {
    let declared = outcome.headline.as_ref();
    let name = declared
        .map(|h| h.peer)
        .filter(|&p| outcome.peer(p).is_some())
        .or_else(|| outcome.peer(ARENAKIT).map(|p| p.name))
        .or_else(|| {
            outcome
                .bars
                .first()
                .map(|b| b.peer)
                .filter(|&p| outcome.peer(p).is_some())
        })?;
    let peer = outcome.peer(name)?;
    let rivals: &[&str] = declared.map_or(&ARENA_PEERS, |h| &h.rivals);
    let best = rivals
        .iter()
        .filter(|&&r| r != name)
        .filter_map(|&r| outcome.peer(r))
        .min_by(|a, b| a.summary.median.total_cmp(&b.summary.median))
        .map(|p| (p.name, p.summary.median));
    Some(HeadlineRow {
        peer: peer.name,
        median: peer.summary.median,
        best,
        vs_best: best.map(|(_, median)| peer.summary.median / median),
        vs_system: outcome.ratio(name, SYSTEM).filter(|_| name != SYSTEM),
    })
}

/// An outcome whose peers have the given medians (one sample each), for tests.
#[cfg(test)]
pub(crate) fn synthetic(name: &'static str, medians: &[(&'static str, f64)]) -> Outcome {
    let peers = medians
        .iter()
        .map(|&(name, median)| crate::harness::PeerResult {
            name,
            how: format!("{name}'s way"),
            samples: vec![median],
            summary: Summary::of(&[median]).expect("a sample"),
            cpu_samples: Vec::new(),
        })
        .collect();
    Outcome {
        name,
        title: "synthetic".to_owned(),
        op: "op",
        ops_per_batch: 1,
        rounds: 1,
        peers,
        bars: Vec::new(),
        columns: Vec::new(),
        scaling: Vec::new(),
        notes: Vec::new(),
        cpu_threads: None,
        headline: None,
    }
}

/// "arenakit's median is at most `max_ratio` times `baseline`'s", for tests.
#[cfg(test)]
pub(crate) fn arenakit_bar(baseline: &'static str, max_ratio: f64, text: &'static str) -> Bar {
    Bar {
        peer: ARENAKIT,
        baseline,
        max_ratio,
        text,
    }
}
