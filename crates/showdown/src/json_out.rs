//! Machine-readable results: what `--json` prints and `results.json` holds.
//!
//! [`Results::of`] converts a [`Run`] into plain serde types: the machine, the settings, and
//! per workload every peer's median, min, max and samples (nanoseconds per operation), its
//! ratios against bumpalo, the system allocator and the workload's other ratio columns, the
//! bars with their verdicts, the headline comparison, the extra results' JSON and the seeds'
//! Go figures where there are some. The verdicts and the headline come from the same
//! functions as the Markdown report's ([`results::check_bars`], [`results::headline_row`]).
//!
//! Ratios are `null` where a peer was not measured. Every type also deserializes, so a
//! consumer written in Rust can read `results.json` back with these types.

use crate::charts;
use crate::extra::Scale;
use crate::go_seed::{GoSeeds, GoWorkload};
use crate::harness::Outcome;
use crate::names::{BUMPALO, SYSTEM};
use crate::results::{self, Run};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of this layout; bumped when a field changes meaning or goes away.
pub const SCHEMA: u32 = 1;

/// A whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// [`SCHEMA`].
    pub schema: u32,
    /// The machine and the build.
    pub machine: Machine,
    /// Rounds, order and scale.
    pub settings: RunSettings,
    /// The label the Go figures carry (they come from a separate run).
    pub go_seed_label: String,
    /// One entry per workload, in run order.
    pub workloads: Vec<WorkloadResults>,
}

/// The machine and the build, as in the report's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// CPU model name.
    pub cpu: Option<String>,
    /// Logical CPUs listed in `/proc/cpuinfo`.
    pub cpus_listed: Option<usize>,
    /// CPUs this process may use.
    pub cpus_available: Option<usize>,
    /// Kernel release.
    pub kernel: Option<String>,
    /// C library and version.
    pub libc: Option<String>,
    /// `rustc --version` at build time.
    pub rustc: String,
    /// Build profile and optimisation level.
    pub profile: String,
    /// When the report was made, `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
    /// Locked versions of the crates under test.
    pub crates: BTreeMap<String, String>,
}

/// How the run was configured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// `quick` or `full`.
    pub scale: String,
    /// Measured rounds per workload.
    pub rounds: usize,
    /// Warm-up rounds per workload.
    pub warmup: usize,
    /// Whether the peer order rotated from round to round.
    pub rotate: bool,
}

/// The results of one workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadResults {
    /// The workload's name.
    pub name: String,
    /// Its description.
    pub title: String,
    /// What one operation is; every time is nanoseconds per operation.
    pub op: String,
    /// Operations per batch.
    pub ops_per_batch: u64,
    /// Measured rounds (samples per peer).
    pub rounds: usize,
    /// The system allocator peer's name (`glibc` on GNU targets).
    pub system_peer: String,
    /// Every peer, in run order.
    pub peers: Vec<PeerResults>,
    /// The workload's bars and their verdicts.
    pub bars: Vec<BarResults>,
    /// arenakit against the best arena peer and the system allocator, if a peer stands for
    /// arenakit.
    pub headline: Option<HeadlineResults>,
    /// The notes under the workload's table.
    pub notes: Vec<String>,
    /// The workload's extra results (`Extra::json`), if it has any.
    pub extra: Option<serde_json::Value>,
    /// Files of the extra results' charts, in the output directory.
    pub charts: Vec<String>,
    /// The seeds' Go figures for this workload (a separate run; see `go_seed_label`).
    pub go_seed: Option<GoWorkload>,
}

/// One peer's measurements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeerResults {
    /// The peer's name.
    pub name: String,
    /// How it does the work.
    pub how: String,
    /// Median, ns per operation.
    pub median_ns: f64,
    /// Smallest sample.
    pub min_ns: f64,
    /// Largest sample.
    pub max_ns: f64,
    /// Every sample, one per measured round, in round order.
    pub samples_ns: Vec<f64>,
    /// CPU time of the whole process per operation, per round (empty if not recorded).
    pub cpu_samples_ns: Vec<f64>,
    /// This peer's median / bumpalo's median.
    pub vs_bumpalo: Option<f64>,
    /// This peer's median / the system allocator's median.
    pub vs_system: Option<f64>,
    /// This peer's median / each ratio column's median (the report's `vs X` columns).
    pub ratios: BTreeMap<String, Option<f64>>,
}

/// One bar and its verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarResults {
    /// The peer held to the bar.
    pub peer: String,
    /// The peer it is compared with.
    pub baseline: String,
    /// The largest acceptable ratio of medians.
    pub max_ratio: f64,
    /// The bar in words.
    pub text: String,
    /// The measured ratio of medians.
    pub ratio: Option<f64>,
    /// Median of the per-round ratios.
    pub paired_median: Option<f64>,
    /// Smallest per-round ratio.
    pub paired_min: Option<f64>,
    /// Largest per-round ratio.
    pub paired_max: Option<f64>,
    /// `ratio <= max_ratio`; `None` if a peer was not measured.
    pub passed: Option<bool>,
}

/// The headline comparison of a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadlineResults {
    /// The peer standing for arenakit.
    pub peer: String,
    /// Its median, ns per operation.
    pub median_ns: f64,
    /// The fastest arena peer.
    pub best_arena_peer: Option<String>,
    /// Its median.
    pub best_arena_median_ns: Option<f64>,
    /// arenakit / best arena peer.
    pub vs_best_arena: Option<f64>,
    /// arenakit / system allocator.
    pub vs_system: Option<f64>,
    /// Whether every bar of the workload was measured and passed (`None`: no bars).
    pub bars_passed: Option<bool>,
}

impl Results {
    /// The results of `run`.
    pub fn of(run: &Run) -> Results {
        let info = &run.info;
        let seeds = GoSeeds::get();
        Results {
            schema: SCHEMA,
            machine: Machine {
                cpu: info.cpu.clone(),
                cpus_listed: info.cpus_listed,
                cpus_available: info.cpus_available,
                kernel: info.kernel.clone(),
                libc: info.libc.clone(),
                rustc: info.rustc.to_owned(),
                profile: info.profile.to_owned(),
                date: info.date.clone(),
                crates: info
                    .versions
                    .iter()
                    .map(|(name, version)| ((*name).to_owned(), version.clone()))
                    .collect(),
            },
            settings: RunSettings {
                scale: match run.scale {
                    Scale::Quick => "quick",
                    Scale::Full => "full",
                }
                .to_owned(),
                rounds: run.settings.rounds,
                warmup: run.settings.warmup,
                rotate: run.settings.rotate,
            },
            go_seed_label: seeds.label.clone(),
            workloads: run
                .sections
                .iter()
                .map(|section| {
                    let mut w = workload(&section.outcome);
                    if let Some(extra) = &section.extra {
                        w.extra = Some(extra.json.clone());
                        w.charts = extra
                            .charts
                            .iter()
                            .map(|c| charts::extra_file(&w.name, c))
                            .collect();
                    }
                    w.go_seed = seeds.workload(&w.name).cloned();
                    w
                })
                .collect(),
        }
    }

    /// Pretty-printed JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data always serializes")
    }
}

/// The timing part of one workload's results.
fn workload(outcome: &Outcome) -> WorkloadResults {
    let mut columns: Vec<&str> = vec![BUMPALO, SYSTEM];
    for &column in &outcome.columns {
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    let checks = results::check_bars(outcome);
    let all_passed = (!checks.is_empty()).then(|| checks.iter().all(|c| c.passed() == Some(true)));
    WorkloadResults {
        name: outcome.name.to_owned(),
        title: outcome.title.clone(),
        op: outcome.op.to_owned(),
        ops_per_batch: outcome.ops_per_batch,
        rounds: outcome.rounds,
        system_peer: SYSTEM.to_owned(),
        peers: outcome
            .peers
            .iter()
            .map(|peer| PeerResults {
                name: peer.name.to_owned(),
                how: peer.how.clone(),
                median_ns: peer.summary.median,
                min_ns: peer.summary.min,
                max_ns: peer.summary.max,
                samples_ns: peer.samples.clone(),
                cpu_samples_ns: peer.cpu_samples.clone(),
                vs_bumpalo: outcome.ratio(peer.name, BUMPALO),
                vs_system: outcome.ratio(peer.name, SYSTEM),
                ratios: columns
                    .iter()
                    .map(|&c| (c.to_owned(), outcome.ratio(peer.name, c)))
                    .collect(),
            })
            .collect(),
        bars: checks
            .iter()
            .map(|check| BarResults {
                peer: check.bar.peer.to_owned(),
                baseline: check.bar.baseline.to_owned(),
                max_ratio: check.bar.max_ratio,
                text: check.bar.text.to_owned(),
                ratio: check.ratio,
                paired_median: check.paired.map(|s| s.median),
                paired_min: check.paired.map(|s| s.min),
                paired_max: check.paired.map(|s| s.max),
                passed: check.passed(),
            })
            .collect(),
        headline: results::headline_row(outcome).map(|row| HeadlineResults {
            peer: row.peer.to_owned(),
            median_ns: row.median,
            best_arena_peer: row.best.map(|(name, _)| name.to_owned()),
            best_arena_median_ns: row.best.map(|(_, median)| median),
            vs_best_arena: row.vs_best,
            vs_system: row.vs_system,
            bars_passed: all_passed,
        }),
        notes: outcome.notes.clone(),
        extra: None,
        charts: Vec::new(),
        go_seed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extra::{Extra, LineChart};
    use crate::harness::Settings;
    use crate::names::ARENAKIT;
    use crate::results::{Section, synthetic};
    use crate::sysinfo::SystemInfo;

    fn run() -> Run {
        // Medians are powers of two, so every ratio is exact and survives the round trip.
        let mut timed = synthetic(
            "struct",
            &[
                (ARENAKIT, 1.0),
                (BUMPALO, 2.0),
                ("bump-scope", 0.5),
                ("mimalloc", 4.0),
                (SYSTEM, 16.0),
            ],
        );
        timed.bars.push(crate::results::arenakit_bar(
            BUMPALO,
            1.0,
            "arenakit <= bumpalo",
        ));
        timed.bars.push(crate::results::arenakit_bar(
            "bump-scope",
            1.0,
            "arenakit <= bump-scope",
        ));
        let extra = Extra {
            markdown: "census".to_owned(),
            charts: vec![LineChart {
                file: "churn.svg".to_owned(),
                title: String::new(),
                x_label: String::new(),
                y_label: String::new(),
                series: Vec::new(),
            }],
            json: serde_json::json!({ "live_objects": { "arenakit": 2288 } }),
        };
        Run {
            info: SystemInfo::collect(),
            settings: Settings {
                rounds: 1,
                warmup: 0,
                rotate: true,
            },
            scale: Scale::Full,
            sections: vec![
                Section {
                    outcome: timed,
                    extra: Some(extra),
                },
                Section {
                    outcome: synthetic("pure", &[(ARENAKIT, 0.5), ("typed-arena", 0.25)]),
                    extra: None,
                },
            ],
        }
    }

    #[test]
    fn round_trips_and_contains_every_peer() {
        let run = run();
        let results = Results::of(&run);
        let text = results.to_json();
        let back: Results = serde_json::from_str(&text).unwrap();
        assert_eq!(back, results);

        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let workloads = value["workloads"].as_array().unwrap();
        assert_eq!(workloads.len(), run.sections.len());
        for (json, section) in workloads.iter().zip(&run.sections) {
            let names: Vec<&str> = json["peers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let expected: Vec<&str> = section.outcome.peers.iter().map(|p| p.name).collect();
            assert_eq!(names, expected);
        }
        assert_eq!(value["settings"]["scale"], "full");
        assert_eq!(value["schema"], SCHEMA);
    }

    #[test]
    fn ratios_bars_headline_extra_and_go_figures() {
        let results = Results::of(&run());
        let structs = &results.workloads[0];
        let arenakit = &structs.peers[0];
        assert_eq!(arenakit.vs_bumpalo, Some(0.5));
        assert_eq!(arenakit.vs_system, Some(1.0 / 16.0));
        assert_eq!(arenakit.ratios[SYSTEM], Some(1.0 / 16.0));
        let passed: Vec<_> = structs.bars.iter().map(|b| b.passed).collect();
        assert_eq!(passed, [Some(true), Some(false)]);
        let headline = structs.headline.as_ref().unwrap();
        assert_eq!(headline.best_arena_peer.as_deref(), Some("bump-scope"));
        assert_eq!(headline.vs_best_arena, Some(2.0));
        assert_eq!(headline.bars_passed, Some(false));
        assert_eq!(
            structs.extra.as_ref().unwrap()["live_objects"]["arenakit"],
            2288
        );
        assert_eq!(structs.charts, ["churn.svg"]);
        assert!(structs.go_seed.is_some(), "struct has Go seed figures");

        let pure = &results.workloads[1];
        assert_eq!(pure.peers[0].vs_bumpalo, None);
        assert_eq!(pure.headline.as_ref().unwrap().vs_best_arena, Some(2.0));
        assert_eq!(pure.headline.as_ref().unwrap().bars_passed, None);
        assert!(pure.go_seed.is_none() && pure.extra.is_none());
    }
}
