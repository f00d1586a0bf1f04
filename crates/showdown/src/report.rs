//! The Markdown report: a header about the machine, one table per workload, and the bars.

use crate::harness::{Outcome, Settings, Summary};
use crate::sysinfo::SystemInfo;
use crate::workloads::{BUMPALO, SYSTEM};
use std::fmt::Write;

/// The whole report.
pub fn render(info: &SystemInfo, settings: &Settings, outcomes: &[Outcome]) -> String {
    let mut out = header(info, settings);
    for outcome in outcomes {
        out.push('\n');
        out.push_str(&table(outcome));
    }
    if outcomes.iter().any(|o| !o.bars.is_empty()) {
        out.push('\n');
        out.push_str(&bars(outcomes));
    }
    out
}

/// The title and the machine, build and method description.
pub fn header(info: &SystemInfo, settings: &Settings) -> String {
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
        "- Method: {} measured rounds after {} warm-up rounds; each round runs every peer's \
         batch once ({}); one sample per peer per round, timed with `Instant` around the whole \
         batch and divided by the operations in it. Arenas are warm (one per peer, reused \
         through `reset`). Every batch's checksum is verified.",
        settings.rounds,
        settings.warmup,
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
pub fn bars(outcomes: &[Outcome]) -> String {
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
        for bar in &outcome.bars {
            let ratio = outcome.ratio(bar.peer, bar.baseline);
            let paired = outcome.paired_ratio(bar.peer, bar.baseline).map_or_else(
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
            let verdict = match ratio {
                Some(r) if r <= bar.max_ratio => "pass",
                Some(_) => "**FAIL**",
                None => "not measured",
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                outcome.name,
                bar.text,
                format_ratio(bar.max_ratio),
                ratio.map_or_else(|| "-".to_owned(), format_ratio),
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

/// A ratio as `0.97x`.
pub fn format_ratio(ratio: f64) -> String {
    if ratio < 0.1 {
        format!("{ratio:.3}x")
    } else {
        format!("{ratio:.2}x")
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
    }
}
