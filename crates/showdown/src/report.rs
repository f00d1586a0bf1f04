//! The Markdown report: a header about the machine, a headline table, one table per workload
//! (with its extra results and the seeds' Go figures where there are some), and the bars.
//!
//! A whole run is a [`Run`]: the machine, the settings and one [`Section`] per workload (its
//! timing [`Outcome`] and, if the workload has one, its [`Extra`]). [`render`] turns it into
//! the report; [`crate::json_out`] and [`crate::charts`] read the same `Run`, and share the
//! headline and bar verdicts computed here ([`headline_row`], [`check_bars`]), so the three
//! outputs never disagree.

use crate::charts;
use crate::extra::{Extra, Scale};
use crate::go_seed::{GoSeeds, GoWorkload, Kind};
use crate::harness::{Bar, Outcome, Settings, Summary};
use crate::sysinfo::SystemInfo;
use crate::workloads::{ARENAKIT, BUMPALO, SYSTEM};
use std::fmt::Write;

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

/// The whole report.
pub fn render(run: &Run) -> String {
    let mut out = header(&run.info, &run.settings, run.scale);
    out.push('\n');
    out.push_str(&headline(run));
    let seeds = GoSeeds::get();
    for section in &run.sections {
        let outcome = &section.outcome;
        out.push('\n');
        out.push_str(&table(outcome));
        if let Some(extra) = &section.extra {
            if !extra.markdown.trim().is_empty() {
                out.push('\n');
                out.push_str(extra.markdown.trim_end());
                out.push('\n');
            }
        }
        if let Some(go) = seeds.workload(outcome.name) {
            out.push('\n');
            out.push_str(&go_note(seeds, go));
        }
        let _ = write!(
            out,
            "\n![`{name}`: median of each peer / median of {base}]({file})\n",
            name = outcome.name,
            base = charts::ratio_baseline(outcome).unwrap_or("-"),
            file = charts::workload_file(outcome.name),
        );
        for chart in section.extra.iter().flat_map(|e| &e.charts) {
            let file = charts::extra_file(outcome.name, chart);
            let _ = writeln!(out, "\n![{}]({file})", chart.title);
        }
    }
    if run.outcomes().any(|o| !o.bars.is_empty()) {
        out.push('\n');
        out.push_str(&bars(run.outcomes()));
    }
    out
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

/// The headline table: per workload, arenakit against the best arena peer and the system
/// allocator, whether its bars passed, and the seeds' Go figures where there are some.
pub fn headline(run: &Run) -> String {
    let seeds = GoSeeds::get();
    let with_go = run.outcomes().any(|o| seeds.workload(o.name).is_some());
    let mut out = String::from("## Headline\n\n");
    out.push_str(
        "arenakit's median against the fastest arena peer of the same workload (bumpalo, \
         bump-scope, blink-alloc, typed-arena, or the peers the workload names) and against \
         the system allocator; ratios below 1 mean arenakit is faster. Rows where arenakit is \
         slower are marked **slower**: they stay in the table. One run on a shared machine \
         varies by +-10-20%.\n\n",
    );
    let _ = write!(
        out,
        "| workload | arenakit peer | median | best arena peer | its median | vs best arena \
         peer | vs {SYSTEM} | bars |"
    );
    if with_go {
        let _ = write!(out, " {} |", seeds.label);
    }
    out.push_str("\n|---|---|---:|---|---:|---:|---:|---|");
    if with_go {
        out.push_str("---|");
    }
    out.push('\n');
    for outcome in run.outcomes() {
        let op = outcome.op;
        let row = headline_row(outcome);
        let dash = || "-".to_owned();
        let cells = match &row {
            // Peer names as code: some (`Mutex<Bump>`) would read as HTML tags.
            Some(row) => [
                format!("`{}`", row.peer),
                format!("{} ns/{op}", format_ns(row.median)),
                row.best.map_or_else(dash, |(name, _)| format!("`{name}`")),
                row.best
                    .map_or_else(dash, |(_, m)| format!("{} ns/{op}", format_ns(m))),
                row.vs_best.map_or_else(dash, marked_ratio),
                row.vs_system.map_or_else(dash, marked_ratio),
            ],
            None => [
                "no arenakit peer".to_owned(),
                dash(),
                dash(),
                dash(),
                dash(),
                dash(),
            ],
        };
        let _ = write!(
            out,
            "| `{}` | {} | {} |",
            outcome.name,
            cells.join(" | "),
            bars_cell(&check_bars(outcome))
        );
        if with_go {
            let cell = seeds.workload(outcome.name).map_or_else(dash, go_cell);
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n![arenakit median / bumpalo median and / {SYSTEM} median, per workload]({})",
        charts::OVERVIEW_FILE
    );
    out
}

/// A ratio, marked **slower** above 1.
fn marked_ratio(ratio: f64) -> String {
    if ratio > 1.0 {
        format!("{} **slower**", format_ratio(ratio))
    } else {
        format_ratio(ratio)
    }
}

/// The headline table's verdict on a workload's bars.
fn bars_cell(checks: &[BarCheck<'_>]) -> String {
    if checks.is_empty() {
        return "-".to_owned();
    }
    let passed = checks.iter().filter(|c| c.passed() == Some(true)).count();
    let failed = checks.iter().filter(|c| c.passed() == Some(false)).count();
    let missing = checks.len() - passed - failed;
    let mut cell = if failed == 0 {
        format!("pass ({passed}/{})", checks.len())
    } else {
        format!("**FAIL** ({failed} of {} missed)", checks.len())
    };
    if missing > 0 {
        let _ = write!(cell, ", {missing} not measured");
    }
    cell
}

/// The headline table's Go cell: the seed arena's and the Go heap's time per operation.
fn go_cell(go: &GoWorkload) -> String {
    let per_op = |kind| {
        let figure = go.first(kind)?;
        Some((format_duration(figure.ns_per_op()?), figure.op.clone()?))
    };
    match (per_op(Kind::Arena), per_op(Kind::Heap)) {
        (Some((arena, op)), Some((heap, _))) => format!("arena {arena}, heap {heap} per {op}"),
        (Some((time, op)), None) => format!("arena {time} per {op}"),
        (None, Some((time, op))) => format!("heap {time} per {op}"),
        (None, None) => "-".to_owned(),
    }
}

/// The note under a workload's table with the seeds' Go figures for it.
pub fn go_note(seeds: &GoSeeds, go: &GoWorkload) -> String {
    let mut out = format!(
        "**{}.** {}; {}; from {}.\n\n",
        seeds.label, go.what, seeds.setup, seeds.source
    );
    out.push_str("| Go figure | value | per operation |\n|---|---:|---:|\n");
    for figure in &go.figures {
        let per_op = match (figure.ns_per_op(), &figure.op) {
            (Some(ns), Some(op)) => format!("{} per {op}", format_duration(ns)),
            _ => "-".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {per_op} |",
            figure.label,
            figure.display()
        );
    }
    out
}

/// The title and the machine, build and method description.
pub fn header(info: &SystemInfo, settings: &Settings, scale: Scale) -> String {
    let unknown = || "unknown".to_owned();
    let cpus = match (info.cpus_listed, info.cpus_available) {
        (Some(listed), Some(available)) if listed != available => {
            format!("{listed} listed, {available} available to this process")
        }
        (Some(n), _) | (None, Some(n)) => n.to_string(),
        (None, None) => unknown(),
    };
    let versions: Vec<String> = info
        .versions
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    let mut out = String::new();
    out.push_str("# arenakit showdown\n\n");
    let _ = writeln!(out, "- Date: {}", info.date);
    let _ = writeln!(out, "- CPU: {}", info.cpu.clone().unwrap_or_else(unknown));
    let _ = writeln!(out, "- Logical CPUs: {cpus}");
    let _ = writeln!(
        out,
        "- OS: Linux {}, {}",
        info.kernel.clone().unwrap_or_else(unknown),
        info.libc
            .clone()
            .unwrap_or_else(|| "unknown libc".to_owned())
    );
    let _ = writeln!(out, "- Compiler: {}, profile {}", info.rustc, info.profile);
    let _ = writeln!(out, "- Crates: {}", versions.join(", "));
    let _ = writeln!(
        out,
        "- Scale: {}",
        match scale {
            Scale::Quick => "quick (the default: smaller batches where a workload has them)",
            Scale::Full => "full (the seeds' sizes)",
        }
    );
    let _ = writeln!(
        out,
        "- Method: {} measured round{} after {} warm-up round{}; each round runs every peer's \
         batch once ({}); one sample per peer per round, timed with `Instant` around the whole \
         batch and divided by the operations in it. Arenas are warm (one per peer, reused \
         through `reset`) except in the rows marked cold. Every batch's checksum is verified.",
        settings.rounds,
        if settings.rounds == 1 { "" } else { "s" },
        settings.warmup,
        if settings.warmup == 1 { "" } else { "s" },
        if settings.rotate {
            "interleaved, the order rotating by one peer per round so each peer follows each \
             other equally often"
        } else {
            "interleaved, always in table order"
        }
    );
    let _ = writeln!(
        out,
        "- Columns: median and min-max in nanoseconds per operation; `vs X` = this peer's \
         median / X's median (below 1 = faster than X)."
    );
    if cfg!(debug_assertions) {
        out.push_str("\n**Warning: debug build; the figures mean nothing. Use `--release`.**\n");
    }
    out
}

/// The table of one workload, then its notes and thread-scaling comparisons.
pub fn table(outcome: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## `{}`: {}\n", outcome.name, outcome.title);
    let _ = writeln!(
        out,
        "{} rounds, {} {}s per batch, ns per {}.\n",
        outcome.rounds, outcome.ops_per_batch, outcome.op, outcome.op
    );
    let columns: &[&str] = if outcome.columns.is_empty() {
        &[BUMPALO, SYSTEM]
    } else {
        &outcome.columns
    };
    let _ = write!(
        out,
        "| peer | how | median ns/{op} | min-max ns/{op} |",
        op = outcome.op
    );
    if outcome.cpu_threads.is_some() {
        let _ = write!(out, " median CPU ns/{} |", outcome.op);
    }
    for column in columns {
        let _ = write!(out, " vs {column} |");
    }
    out.push_str("\n|---|---|---:|---:|");
    let extra = columns.len() + usize::from(outcome.cpu_threads.is_some());
    out.push_str(&"---:|".repeat(extra));
    out.push('\n');
    for peer in &outcome.peers {
        let s = &peer.summary;
        let _ = write!(
            out,
            "| {} | {} | {} | {}-{} |",
            peer.name,
            peer.how,
            format_ns(s.median),
            format_ns(s.min),
            format_ns(s.max),
        );
        if let Some(threads) = outcome.cpu_threads {
            let cpu = Summary::of(&peer.cpu_samples).map_or_else(
                || "-".to_owned(),
                |c| format_ns(c.median / f64::from(threads)),
            );
            let _ = write!(out, " {cpu} |");
        }
        for column in columns {
            let ratio = outcome
                .ratio(peer.name, column)
                .map_or_else(|| "-".to_owned(), format_ratio);
            let _ = write!(out, " {ratio} |");
        }
        out.push('\n');
    }
    if !outcome.notes.is_empty() {
        out.push('\n');
        for note in &outcome.notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    if !outcome.scaling.is_empty() {
        out.push_str(&scaling(outcome));
    }
    out
}

/// The thread-scaling comparisons of one workload: throughput with several threads over
/// throughput with one.
pub fn scaling(outcome: &Outcome) -> String {
    let mut out = String::from(
        "\nThroughput ratio = (threads x ops per thread / batch time) / (ops / one-thread \
         batch time) = threads x one-thread median / many-thread median; paired = the same \
         from each round's pair of batches, median (min-max). CPU-based = the per-round ratio \
         from the CPU time the process used instead of the wall time, median (min-max): what \
         the threads would reach with a core each while other jobs keep the machine busy \
         (time asleep on a lock is not counted, so it flatters peers whose threads block).\n\n",
    );
    out.push_str(
        "| what | 1 thread ns/op | threads | ns/op/thread | throughput ratio | paired | \
         CPU-based |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---|---|\n");
    for scaling in &outcome.scaling {
        let median = |name| outcome.peer(name).map(|p| format_ns(p.summary.median));
        let Some((ratio, paired)) = outcome.throughput(scaling) else {
            continue;
        };
        let cpu = outcome.cpu_throughput(scaling).map_or_else(
            || "-".to_owned(),
            |s| {
                format!(
                    "{} ({}-{})",
                    format_ratio(s.median),
                    format_ratio(s.min),
                    format_ratio(s.max)
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} ({}-{}) | {} |",
            scaling.label,
            median(scaling.one).unwrap_or_default(),
            scaling.threads,
            median(scaling.many).unwrap_or_default(),
            format_ratio(ratio),
            format_ratio(paired.median),
            format_ratio(paired.min),
            format_ratio(paired.max),
            cpu,
        );
    }
    out
}

/// The bars of every workload with the measured ratios and a verdict.
pub fn bars<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> String {
    let mut out = String::from("## Bars\n\n");
    out.push_str(
        "Ratio = the bar's peer median / baseline median (the peer is arenakit's, named in \
         the bar). Paired = median (min-max) of the per-round \
         ratios (both peers measured in the same round). One run on a shared 2-core machine \
         varies by +-10-20%; re-run before concluding from a near miss.\n\n",
    );
    out.push_str("| workload | bar | limit | ratio of medians | paired ratio | verdict |\n");
    out.push_str("|---|---|---:|---:|---:|---|\n");
    for outcome in outcomes {
        for check in check_bars(outcome) {
            let paired = check.paired.map_or_else(
                || "-".to_owned(),
                |s| {
                    format!(
                        "{} ({}-{})",
                        format_ratio(s.median),
                        format_ratio(s.min),
                        format_ratio(s.max)
                    )
                },
            );
            let verdict = match check.passed() {
                Some(true) => "pass",
                Some(false) => "**FAIL**",
                None => "not measured",
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                outcome.name,
                check.bar.text,
                format_ratio(check.bar.max_ratio),
                check.ratio.map_or_else(|| "-".to_owned(), format_ratio),
                paired,
                verdict
            );
        }
    }
    out
}

/// Nanoseconds with about three significant digits.
pub fn format_ns(ns: f64) -> String {
    match ns {
        n if n < 10.0 => format!("{n:.2}"),
        n if n < 100.0 => format!("{n:.1}"),
        n => format!("{n:.0}"),
    }
}

/// A duration in nanoseconds with a unit chosen to keep about three significant digits:
/// `8.40 ns`, `29.7 ns`, `425 us`, `1.50 s`.
pub fn format_duration(ns: f64) -> String {
    match ns {
        n if n < 1e3 => format!("{} ns", format_ns(n)),
        n if n < 1e6 => format!("{} us", format_ns(n / 1e3)),
        n if n < 1e9 => format!("{} ms", format_ns(n / 1e6)),
        n => format!("{} s", format_ns(n / 1e9)),
    }
}

/// A ratio as `0.97x`.
pub fn format_ratio(ratio: f64) -> String {
    if ratio < 0.1 {
        format!("{ratio:.3}x")
    } else {
        format!("{ratio:.2}x")
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Peer, Workload, run};

    #[test]
    fn tables_have_a_row_per_peer() {
        let workload = Workload::new("w", "title", "op", 10, 1)
            .peer(Peer::new(BUMPALO, "a", || 1))
            .peer(Peer::new(SYSTEM, "b", || 1))
            .bar(crate::workloads::bar(BUMPALO, 1.0, "text"));
        let settings = Settings {
            rounds: 3,
            warmup: 0,
            rotate: true,
        };
        let outcome = run(workload, &settings, &mut |_| {}).unwrap();
        let text = table(&outcome);
        assert_eq!(text.lines().filter(|l| l.starts_with("| ")).count(), 3);
        let bars = bars(&[outcome]);
        assert!(bars.contains("not measured"), "arenakit is not a peer here");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_ns(0.5678), "0.57");
        assert_eq!(format_ns(16.84), "16.8");
        assert_eq!(format_ns(1234.4), "1234");
        assert_eq!(format_ratio(1.0449), "1.04x");
        assert_eq!(format_ratio(0.0371), "0.037x");
        assert_eq!(format_duration(8.4), "8.40 ns");
        assert_eq!(format_duration(425_000.0), "425 us");
        assert_eq!(format_duration(29.7e6), "29.7 ms");
        assert_eq!(format_duration(1.5e9), "1.50 s");
    }

    /// A run of three synthetic workloads: arenakit wins `struct`, loses `string` to
    /// bump-scope, and `pool` has no `arenakit` peer but declares its headline.
    fn synthetic_run() -> Run {
        let mut structs = synthetic(
            "struct",
            &[
                (ARENAKIT, 3.0),
                (BUMPALO, 4.0),
                ("bump-scope", 3.5),
                ("typed-arena", 9.0),
                (SYSTEM, 16.0),
            ],
        );
        structs
            .bars
            .push(crate::workloads::bar(BUMPALO, 1.0, "arenakit <= bumpalo"));
        let mut strings = synthetic(
            "string",
            &[
                (ARENAKIT, 5.5),
                (BUMPALO, 6.0),
                ("bump-scope", 5.0),
                (SYSTEM, 4.0),
            ],
        );
        strings.bars.push(crate::workloads::bar(
            "bump-scope",
            1.0,
            "arenakit <= bump-scope",
        ));
        let mut pool = synthetic(
            "pool",
            &[
                ("ArenaPool 1t", 20.0),
                ("BumpPool 1t", 25.0),
                ("in hand 1t", 10.0),
            ],
        );
        pool.headline = Some(crate::harness::Headline {
            peer: "ArenaPool 1t",
            rivals: vec!["BumpPool 1t"],
        });
        let extra = Extra {
            markdown: "### census\n\nlive objects: 2288\n".to_owned(),
            ..Extra::default()
        };
        Run {
            info: SystemInfo::collect(),
            settings: Settings {
                rounds: 1,
                warmup: 0,
                rotate: true,
            },
            scale: Scale::Quick,
            sections: vec![
                Section {
                    outcome: structs,
                    extra: Some(extra),
                },
                Section {
                    outcome: strings,
                    extra: None,
                },
                Section {
                    outcome: pool,
                    extra: None,
                },
            ],
        }
    }

    #[test]
    fn headline_rows_pick_the_best_arena_peer() {
        let run = synthetic_run();
        let outcomes: Vec<&Outcome> = run.outcomes().collect();
        let structs = headline_row(outcomes[0]).unwrap();
        assert_eq!(structs.peer, ARENAKIT);
        assert_eq!(structs.best, Some(("bump-scope", 3.5)));
        assert_eq!(structs.vs_system, Some(3.0 / 16.0));
        let pool = headline_row(outcomes[2]).unwrap();
        assert_eq!(pool.peer, "ArenaPool 1t");
        assert_eq!(pool.best, Some(("BumpPool 1t", 25.0)));
        assert_eq!(pool.vs_system, None);
        assert!(headline_row(&synthetic("x", &[("someone", 1.0)])).is_none());
    }

    #[test]
    fn headline_table_shows_wins_and_losses() {
        let text = headline(&synthetic_run());
        let row = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("| `{name}` |")))
                .unwrap_or_else(|| panic!("no row for {name}:\n{text}"))
                .to_owned()
        };
        let structs = row("struct");
        assert!(structs.contains("| `bump-scope` |"), "{structs}");
        assert!(structs.contains("0.86x"), "3.0 / 3.5: {structs}");
        assert!(structs.contains("pass (1/1)"), "{structs}");
        assert!(!structs.contains("slower"), "{structs}");
        assert!(
            structs.contains("arena 3.72 ns, heap 29.7 ns per struct"),
            "{structs}"
        );
        let strings = row("string");
        assert!(strings.contains("1.10x **slower**"), "5.5 / 5.0: {strings}");
        assert!(strings.contains("1.38x **slower**"), "5.5 / 4.0: {strings}");
        assert!(strings.contains("**FAIL** (1 of 1 missed)"), "{strings}");
        let pool = row("pool");
        assert!(
            pool.contains("ArenaPool 1t") && pool.contains("0.80x"),
            "{pool}"
        );
        assert!(text.contains(GoSeeds::get().label.as_str()));
        assert!(text.contains(charts::OVERVIEW_FILE));
    }

    #[test]
    fn the_report_has_every_part() {
        let text = render(&synthetic_run());
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle:?} missing:\n{text}"))
        };
        assert!(at("# arenakit showdown") < at("## Headline"));
        assert!(at("## Headline") < at("## `struct`"));
        assert!(at("## `struct`") < at("live objects: 2288"));
        assert!(at("live objects: 2288") < at("## `string`"));
        assert!(at("## `struct`") < at("Go heap | 29.7 ms | 29.7 ns per struct"));
        assert!(at("(struct.svg)") < at("## `string`"));
        assert!(at("## `pool`") < at("## Bars"));
        assert!(text.contains("- Scale: quick"));
        assert!(text.contains("typed-arena"), "crate versions or peer rows");
        assert_eq!(
            text.matches("Go seed, separate run").count(),
            3,
            "headline + 2 notes"
        );
    }
}
