//! The Markdown report: a header about the machine, a headline table, one table per workload
//! (with its extra results and the seeds' Go figures where there are some), and the bars.
//!
//! A whole run is a [`Run`]: the machine, the settings and one
//! [`Section`](crate::results::Section) per workload (its timing [`Outcome`] and, if the
//! workload has one, its [`Extra`](crate::extra::Extra)). [`render`] turns it into the report;
//! [`crate::json_out`] and [`crate::charts`] read the same `Run`, and all three share the
//! headline and bar verdicts of [`crate::results`] ([`headline_row`], [`check_bars`]), so the
//! three outputs never disagree.

use crate::charts;
use crate::extra::Scale;
use crate::format::{format_duration, format_ns, format_ratio};
use crate::go_seed::{GoSeeds, GoWorkload, Kind};
use crate::harness::{Outcome, Settings, Summary};
use crate::names::{BUMPALO, SYSTEM};
use crate::results::{BarCheck, Run, check_bars, headline_row};
use crate::sysinfo::SystemInfo;
use std::fmt::Write;

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
    out.push_str(
        "The **bars** column is the verdict on the workload's speed targets (its *bars*, listed \
         in full with paired ratios under Bars at the end). A bar is a limit on a ratio of \
         medians, `peer / baseline <= limit`: for instance `arenakit cold` within 5% of \
         `bumpalo cold` is `<= 1.05x`. `pass (2/2)` means every bar held; a **FAIL** names \
         each missed bar as `peer ratio > limit baseline`. A bar can compare with a peer other \
         than the best arena peer (a cold row, a thread count, the system allocator), so a \
         row where arenakit is the fastest arena can still fail one.\n\n",
    );
    let declared: Vec<String> = run
        .outcomes()
        .filter_map(|o| {
            let h = o.headline.as_ref()?;
            Some(format!(
                "`{}`: `{}` against {}",
                o.name,
                h.peer,
                h.rivals
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
        .collect();
    if !declared.is_empty() {
        let _ = writeln!(
            out,
            "Workloads that name their own headline peer and rivals (the best arena peer is the \
             fastest of those rivals that ran): {}.\n",
            declared.join("; ")
        );
    }
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
        "\n![arenakit median / best arena peer median and / {SYSTEM} median, per workload: the \
         table's ratios]({})",
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

/// Missed bars the headline cell names; further ones are counted ("and 2 more").
const NAMED_MISSES: usize = 2;

/// The headline table's verdict on a workload's bars: `pass (n/n)`, or **FAIL** naming each
/// missed bar as `peer ratio > limit baseline`.
fn bars_cell(checks: &[BarCheck<'_>]) -> String {
    if checks.is_empty() {
        return "-".to_owned();
    }
    let passed = checks.iter().filter(|c| c.passed() == Some(true)).count();
    let failed: Vec<&BarCheck<'_>> = checks
        .iter()
        .filter(|c| c.passed() == Some(false))
        .collect();
    let missing = checks.len() - passed - failed.len();
    let mut cell = if failed.is_empty() {
        format!("pass ({passed}/{})", checks.len())
    } else {
        let named: Vec<String> = failed
            .iter()
            .take(NAMED_MISSES)
            .map(|c| {
                let (ratio, limit) = c.ratio.map_or_else(
                    || ("-".to_owned(), format_ratio(c.bar.max_ratio)),
                    |r| distinct_ratios(r, c.bar.max_ratio),
                );
                format!("`{}` {ratio} > {limit} `{}`", c.bar.peer, c.bar.baseline)
            })
            .collect();
        let more = failed.len().saturating_sub(NAMED_MISSES);
        let mut cell = format!("**FAIL**: {}", named.join("; "));
        if more > 0 {
            let _ = write!(cell, "; and {more} more");
        }
        let _ = write!(cell, " ({passed} of {} passed)", checks.len());
        cell
    };
    if missing > 0 {
        let _ = write!(cell, ", {missing} not measured");
    }
    cell
}

/// `ratio` and `limit` formatted with enough decimals to tell them apart (a missed bar of
/// 0.25x read as `0.2512x > 0.2500x`, not `0.25x > 0.25x`).
fn distinct_ratios(ratio: f64, limit: f64) -> (String, String) {
    let (a, b) = (format_ratio(ratio), format_ratio(limit));
    if a != b {
        return (a, b);
    }
    (format!("{ratio:.4}x"), format!("{limit:.4}x"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extra::Extra;
    use crate::harness::{Peer, Workload, run};
    use crate::names::ARENAKIT;
    use crate::results::{Section, arenakit_bar as test_bar, synthetic};

    #[test]
    fn tables_have_a_row_per_peer() {
        let workload = Workload::new("w", "title", "op", 10, 1)
            .peer(Peer::new(BUMPALO, "a", || 1))
            .peer(Peer::new(SYSTEM, "b", || 1))
            .bar(test_bar(BUMPALO, 1.0, "text"));
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
            .push(test_bar(BUMPALO, 1.0, "arenakit <= bumpalo"));
        let mut strings = synthetic(
            "string",
            &[
                (ARENAKIT, 5.5),
                (BUMPALO, 6.0),
                ("bump-scope", 5.0),
                (SYSTEM, 4.0),
            ],
        );
        strings
            .bars
            .push(test_bar("bump-scope", 1.0, "arenakit <= bump-scope"));
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
        assert!(
            strings.contains("**FAIL**: `arenakit` 1.10x > 1.00x `bump-scope` (0 of 1 passed)"),
            "{strings}"
        );
        let pool = row("pool");
        assert!(
            pool.contains("ArenaPool 1t") && pool.contains("0.80x"),
            "{pool}"
        );
        assert!(text.contains(GoSeeds::get().label.as_str()));
        assert!(text.contains(charts::OVERVIEW_FILE));
    }

    #[test]
    fn a_narrow_miss_shows_enough_decimals() {
        assert_eq!(
            distinct_ratios(0.2512, 0.25),
            ("0.2512x".to_owned(), "0.2500x".to_owned())
        );
        assert_eq!(
            distinct_ratios(1.3, 1.05),
            ("1.30x".to_owned(), "1.05x".to_owned())
        );
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
