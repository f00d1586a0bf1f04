//! The Markdown report: a header about the machine, one table per workload, and the bars.

use crate::harness::{Outcome, Settings};
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

/// The table of one workload.
pub fn table(outcome: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## `{}`: {}\n", outcome.name, outcome.title);
    let _ = writeln!(
        out,
        "{} rounds, {} {}s per batch, ns per {}.\n",
        outcome.rounds, outcome.ops_per_batch, outcome.op, outcome.op
    );
    let _ = writeln!(
        out,
        "| peer | how | median ns/{op} | min-max ns/{op} | vs {BUMPALO} | vs {SYSTEM} |",
        op = outcome.op
    );
    out.push_str("|---|---|---:|---:|---:|---:|\n");
    for peer in &outcome.peers {
        let s = &peer.summary;
        let ratio = |baseline| {
            outcome
                .ratio(peer.name, baseline)
                .map_or_else(|| "-".to_owned(), format_ratio)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}-{} | {} | {} |",
            peer.name,
            peer.how,
            format_ns(s.median),
            format_ns(s.min),
            format_ns(s.max),
            ratio(BUMPALO),
            ratio(SYSTEM),
        );
    }
    out
}

/// The bars of every workload with the measured ratios and a verdict.
pub fn bars(outcomes: &[Outcome]) -> String {
    let mut out = String::from("## Bars\n\n");
    out.push_str(
        "Ratio = arenakit median / baseline median. Paired = median (min-max) of the per-round \
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
