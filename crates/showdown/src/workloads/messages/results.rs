//! The `messages` workload's extra results: a census of the heap while messages are built,
//! build and teardown timed separately, and the seeds' Go figures beside ours.

use super::{ARENAKIT, LIVE_BLOCKS_BAR, SETTLE_BATCHES, SYSTEM};
use super::{ListIn, NAME, Sources, build_bump, build_in, build_std, count, expected};
use crate::census::{self, Census};
use crate::extra::{Extra, Scale};
use crate::go_seed::{GoFigure, GoSeeds, Kind};
use crate::harness::Summary;
use crate::peers::{BumpPeer, BumpScope8};
use crate::sysalloc::{JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use std::fmt::Write;
use std::time::Instant;

/// Live objects after building 1,000,000 messages, as the seed's README reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SeedReadmeFigures {
    /// With the seed's arena.
    pub arena: u64,
    /// With Go's heap.
    pub heap: u64,
    /// Where the figures come from.
    pub source: &'static str,
}

/// The seed README's live-object counts for this workload: **cited, not measured by this
/// program** (a separate run of the seed's Go code). The seeds' other Go figures for it
/// (build times and live heap objects measured on this machine kind, from `docs/peer-notes.md`)
/// come from [`crate::go_seed`], the report's one table of Go figures.
pub const SEED_README_LIVE_OBJECTS: SeedReadmeFigures = SeedReadmeFigures {
    arena: 2_288,
    heap: 2_500_702,
    source: "the first seed's README, copied in docs/peer-notes.md",
};

/// One build under a census.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CensusRow {
    /// What was built, on what.
    pub build: String,
    /// The counts.
    pub census: Census,
    /// How much the peak RSS rose during the build, in bytes (if `/proc` allows measuring it).
    pub rss_increase: Option<u64>,
    /// Wall time of this one build, in nanoseconds (not a median: one run).
    pub build_ns: u64,
}

/// Returns freed heap memory to the OS, so one census's RSS does not hide in the free lists
/// another census left behind.
fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` has no preconditions; it only gives free memory back.
        unsafe { libc::malloc_trim(0) };
    }
}

/// Runs `build` (returning its checksum and whatever must stay alive until the census ends)
/// under a census, and checks the checksum.
fn census_of<R>(label: &str, expect: u64, build: impl FnOnce() -> (u64, R)) -> (CensusRow, R) {
    trim_heap();
    let rss_known = census::reset_peak_rss();
    let before = census::rss();
    let start = Instant::now();
    let ((sum, keep), counted) = census::measure(build);
    let build_ns = start.elapsed().as_nanos() as u64;
    let rss_increase = census::peak_rss()
        .zip(before)
        .filter(|_| rss_known)
        .map(|(peak, before)| peak.saturating_sub(before));
    assert_eq!(
        sum, expect,
        "census build `{label}` returned a wrong checksum"
    );
    let row = CensusRow {
        build: label.to_owned(),
        census: counted,
        rss_increase,
        build_ns,
    };
    (row, keep)
}

/// The census rows: arenakit (new, warm, new with 16 MiB chunks), bumpalo (new, warm) and the
/// glibc heap, each one build of `count` messages.
pub fn census_rows(count: usize) -> Vec<CensusRow> {
    let sources = Sources::get();
    let expect = expected(count);
    let mut rows = Vec::new();
    {
        let mut arena = arenakit::Arena::new();
        let (row, ()) = census_of(&format!("{ARENAKIT_ROW}, new arena"), expect, || {
            (build_bump(&arena, sources, count), ())
        });
        rows.push(row);
        arena.reset();
        let (row, ()) = census_of(
            "arenakit, warm (same arena, after one reset)",
            expect,
            || (build_bump(&arena, sources, count), ()),
        );
        rows.push(row);
    }
    {
        let arena = arenakit::Arena::builder().chunk_size(BIG_CHUNK).build();
        let (row, ()) = census_of(
            &format!("arenakit, new arena, `chunk_size({} MiB)`", BIG_CHUNK >> 20),
            expect,
            || (build_bump(&arena, sources, count), ()),
        );
        rows.push(row);
    }
    {
        let mut bump = bumpalo::Bump::new();
        let (row, ()) = census_of("bumpalo, new arena", expect, || {
            (build_bump(&bump, sources, count), ())
        });
        rows.push(row);
        bump.reset();
        let (row, ()) = census_of(
            "bumpalo, warm (same arena, after one reset)",
            expect,
            || (build_bump(&bump, sources, count), ()),
        );
        rows.push(row);
    }
    let (row, list) = census_of(HEAP_ROW, expect, || {
        let mut list = Vec::with_capacity(count);
        (build_std(&mut list, sources, count), list)
    });
    drop(list);
    rows.push(row);
    trim_heap();
    rows
}

/// Label of the default-arenakit census row the live-block ratio divides by (with ", new
/// arena").
const ARENAKIT_ROW: &str = "arenakit (default chunks)";
/// Label of the heap census row.
const HEAP_ROW: &str = "glibc heap (std Box + 5 String + 2 Vec per message)";
/// Chunk size of the census's large-chunk arenakit row.
const BIG_CHUNK: usize = 16 << 20;

/// Build and teardown times of one peer, measured in the same batches.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SplitRow {
    /// The peer.
    pub peer: &'static str,
    /// Build, nanoseconds per batch: median and range over the measured batches.
    pub build: (f64, f64, f64),
    /// Teardown (reset or dropping every message), nanoseconds per batch.
    pub teardown: (f64, f64, f64),
}

/// Build and teardown of one batch, timed separately.
struct Phases {
    sum: u64,
    build_ns: f64,
    teardown_ns: f64,
}

type SplitBatch = Box<dyn FnMut() -> Phases>;

/// Runs `build` then `teardown` on `state`, timing each.
fn timed<S>(
    state: &mut S,
    build: impl FnOnce(&mut S) -> u64,
    teardown: impl FnOnce(&mut S),
) -> Phases {
    let start = Instant::now();
    let sum = build(state);
    let built = Instant::now();
    teardown(state);
    Phases {
        sum,
        build_ns: (built - start).as_nanos() as f64,
        teardown_ns: built.elapsed().as_nanos() as f64,
    }
}

fn split_bump<A: BumpPeer + 'static>(count: usize) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut arena = A::fresh();
    let build = move |arena: &mut A| {
        let sum = build_bump(arena, sources, count);
        crate::escape(arena);
        sum
    };
    (
        A::NAME,
        Box::new(move || timed(&mut arena, build, A::reset)),
    )
}

fn split_std(count: usize) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut list = Vec::with_capacity(count);
    let build = move |list: &mut Vec<_>| build_std(list, sources, count);
    (
        SYSTEM,
        Box::new(move || timed(&mut list, build, Vec::clear)),
    )
}

fn split_in<A: Allocator + Copy + 'static>(
    name: &'static str,
    alloc: A,
    count: usize,
) -> (&'static str, SplitBatch) {
    let sources = Sources::get();
    let mut list: ListIn<A> = Vec::with_capacity(count);
    let build = move |list: &mut ListIn<A>| build_in(list, alloc, sources, count);
    (name, Box::new(move || timed(&mut list, build, Vec::clear)))
}

/// Times build and teardown separately for every peer of the workload: [`SETTLE_BATCHES`]
/// untimed batches, then `rounds` batches per peer, interleaved with the order rotating by one per round as in
/// the harness; medians and ranges per phase. Each batch reads the clock between the build
/// and the teardown, which every peer pays alike (about 50 ns against milliseconds).
pub fn split_timings(count: usize, rounds: usize) -> Vec<SplitRow> {
    let expect = expected(count);
    let mut peers = [
        split_bump::<arenakit::Arena>(count),
        split_bump::<bumpalo::Bump>(count),
        split_bump::<BumpScope8>(count),
        split_bump::<blink_alloc::Blink>(count),
        split_std(count),
        split_in(MIMALLOC, Mi, count),
        split_in(JEMALLOC, Je, count),
    ];
    let n = peers.len();
    let mut builds = vec![Vec::with_capacity(rounds); n];
    let mut teardowns = vec![Vec::with_capacity(rounds); n];
    for round in 0..SETTLE_BATCHES + rounds {
        for slot in 0..n {
            let index = (slot + round) % n;
            let (name, batch) = &mut peers[index];
            let phases = (*batch)();
            assert_eq!(
                phases.sum, expect,
                "peer `{name}` returned a wrong checksum"
            );
            if round >= SETTLE_BATCHES {
                builds[index].push(phases.build_ns);
                teardowns[index].push(phases.teardown_ns);
            }
        }
    }
    let triple = |samples: &[f64]| {
        Summary::of(samples).map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.median, s.min, s.max))
    };
    peers
        .iter()
        .enumerate()
        .map(|(index, (peer, _))| SplitRow {
            peer,
            build: triple(&builds[index]),
            teardown: triple(&teardowns[index]),
        })
        .collect()
}

/// Batches per peer of [`split_timings`] at `scale`.
pub fn split_rounds(scale: Scale) -> usize {
    match scale {
        Scale::Quick => 3,
        Scale::Full => 5,
    }
}

/// The census and the build/teardown split at `scale` (the workload's `extra`).
pub fn extra(scale: Scale) -> Extra {
    extra_sized(count(scale), split_rounds(scale))
}

/// The census and the build/teardown split for `count` messages, `rounds` timed batches per
/// peer.
pub fn extra_sized(count: usize, rounds: usize) -> Extra {
    let installed = census::installed();
    let rows = census_rows(count);
    let split = split_timings(count, rounds);
    let markdown = render(count, rounds, installed, &rows, &split);
    let json = serde_json::json!({
        "messages": count,
        "census_installed": installed,
        "census": rows,
        "live_blocks_ratio": live_blocks_ratio(&rows),
        "split": split,
        "split_rounds": rounds,
        "seed_readme_live_objects_cited": SEED_README_LIVE_OBJECTS,
    });
    Extra {
        markdown,
        charts: Vec::new(),
        json,
    }
}

/// Peak live heap blocks of the glibc heap row divided by those of the default arenakit row
/// (new arena); `None` if either is missing or arenakit's is zero (nothing counted).
pub fn live_blocks_ratio(rows: &[CensusRow]) -> Option<f64> {
    let peak = |prefix: &str| {
        rows.iter()
            .find(|r| r.build.starts_with(prefix))
            .map(|r| r.census.peak_live)
    };
    let heap = peak(HEAP_ROW)?;
    let arena = peak(ARENAKIT_ROW)?;
    (arena > 0).then(|| heap as f64 / arena as f64)
}

/// `1234567` as `1,234,567`.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Nanoseconds as milliseconds, with more decimals for small values (a reset takes
/// microseconds).
fn millis(ns: f64) -> String {
    let ms = ns / 1e6;
    match ms {
        m if m >= 10.0 => format!("{m:.1}"),
        m if m >= 0.1 => format!("{m:.2}"),
        m => format!("{m:.4}"),
    }
}

/// The Markdown of the extra.
fn render(
    count: usize,
    rounds: usize,
    installed: bool,
    rows: &[CensusRow],
    split: &[SplitRow],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**Census**: one build of {} messages, counted by the binary's global allocator \
         (glibc underneath; the arenas are counted through the chunks they take from it). \
         Teardown is not part of it. Time: that one build (a new arena includes first-touch \
         page faults).\n",
        grouped(count as i64)
    );
    if !installed {
        out.push_str(
            "_The counting global allocator is not installed in this process (only the \
             `showdown` binary installs it), so no allocation was counted: the counts below are \
             zeros, not measurements._\n\n",
        );
    }
    out.push_str(
        "| build | allocation calls | bytes requested | peak live heap blocks | peak RSS increase | time (ms) |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.build,
            grouped(row.census.calls as i64),
            megabytes(row.census.bytes),
            grouped(row.census.peak_live),
            row.rss_increase
                .map_or_else(|| "unknown".to_owned(), megabytes),
            millis(row.build_ns as f64),
        );
    }
    out.push('\n');
    let heap = rows.iter().find(|r| r.build == HEAP_ROW);
    let arena = rows.iter().find(|r| r.build.starts_with(ARENAKIT_ROW));
    match (live_blocks_ratio(rows), heap, arena) {
        (Some(ratio), Some(heap), Some(arena)) => {
            let verdict = if ratio >= LIVE_BLOCKS_BAR {
                "met".to_owned()
            } else {
                format!(
                    "missed by {:.0}x: the default arena holds its memory in {} KiB chunks, \
                     one live block each",
                    LIVE_BLOCKS_BAR / ratio,
                    arenakit::Arena::new().chunk_size() / 1024
                )
            };
            let _ = writeln!(
                out,
                "Live heap blocks at peak, heap / arenakit: {} / {} = {}x (bar: at least \
                 {}x; {verdict}).\n",
                grouped(heap.census.peak_live),
                grouped(arena.census.peak_live),
                grouped(ratio.round() as i64),
                grouped(LIVE_BLOCKS_BAR as i64),
            );
            let big = rows
                .iter()
                .find(|r| r.build.contains("chunk_size("))
                .filter(|r| r.census.peak_live > 0);
            if let Some(big) = big {
                let _ = writeln!(
                    out,
                    "With `chunk_size({} MiB)` instead: {} / {} = {}x.\n",
                    BIG_CHUNK >> 20,
                    grouped(heap.census.peak_live),
                    grouped(big.census.peak_live),
                    grouped(
                        (heap.census.peak_live as f64 / big.census.peak_live as f64).round() as i64
                    ),
                );
            }
        }
        _ => out.push_str(
            "Live heap blocks at peak, heap / arenakit: not available (nothing was counted).\n\n",
        ),
    }

    let _ = writeln!(
        out,
        "**Build and teardown timed separately** (a separate measurement after the timed \
         rounds: the same batches, {} messages, each peer in a new warm state; the clock is \
         read between the phases; median and min-max in ms per batch over {rounds} measured \
         batches after {SETTLE_BATCHES} untimed ones; ns per message = ms per 1,000,000 \
         messages):\n",
        grouped(count as i64)
    );
    out.push_str(
        "| peer | build (ms) | teardown (ms) | build + teardown (ms) | build ns/message | teardown ns/message |\n\
         |---|---|---|---|---:|---:|\n",
    );
    let per = count.max(1) as f64;
    for row in split {
        let _ = writeln!(
            out,
            "| {} | {} ({}-{}) | {} ({}-{}) | {} | {:.1} | {:.2} |",
            row.peer,
            millis(row.build.0),
            millis(row.build.1),
            millis(row.build.2),
            millis(row.teardown.0),
            millis(row.teardown.1),
            millis(row.teardown.2),
            millis(row.build.0 + row.teardown.0),
            row.build.0 / per,
            row.teardown.0 / per,
        );
    }
    out.push('\n');

    out.push_str(&beside_go(count, rows, split));
    out
}

/// Our figures beside the seeds' Go figures: the build time per 1,000,000 messages and the
/// live heap blocks, with the Go columns cited from [`crate::go_seed`] and
/// [`SEED_README_LIVE_OBJECTS`].
fn beside_go(count: usize, rows: &[CensusRow], split: &[SplitRow]) -> String {
    let seeds = GoSeeds::get();
    let go = seeds.workload(NAME);
    let go_time = |kind| {
        go.and_then(|w| w.first(kind))
            .map_or_else(|| "-".to_owned(), GoFigure::display)
    };
    let go_objects = |prefix: &str| {
        go.and_then(|w| {
            w.figures
                .iter()
                .find(|f| f.unit == "objects" && f.label.to_lowercase().starts_with(prefix))
        })
        .map_or_else(|| "-".to_owned(), GoFigure::display)
    };
    let per = count.max(1) as f64;
    // Nanoseconds per message are milliseconds per 1,000,000 messages.
    let build = |peer: &str| {
        split
            .iter()
            .find(|r| r.peer == peer)
            .map_or_else(|| "-".to_owned(), |r| format!("{:.0} ms", r.build.0 / per))
    };
    let live = |prefix: &str| {
        rows.iter()
            .find(|r| r.build.starts_with(prefix))
            .filter(|r| r.census.calls > 0 || r.census.peak_live > 0)
            .map_or_else(|| "not counted".to_owned(), |r| grouped(r.census.peak_live))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**Beside the Go seeds.** Go columns: {} ({}; {}), and {}; cited, not measured \
         by this program. Ours: this run.\n",
        seeds.label, seeds.source, seeds.setup, SEED_README_LIVE_OBJECTS.source
    );
    out.push_str(
        "| figure | arenakit (this run) | glibc heap (this run) | Go arena (cited) | Go heap (cited) |\n\
         |---|---:|---:|---:|---:|\n",
    );
    let _ = writeln!(
        out,
        "| build time per 1,000,000 messages (ours: median build ns/message above) | {} | {} | \
         {} | {} |",
        build(ARENAKIT),
        build(SYSTEM),
        go_time(Kind::Arena),
        go_time(Kind::Heap),
    );
    let _ = writeln!(
        out,
        "| live heap blocks after the build (ours: census peak for {} messages; Go: \
         1,000,000) | {} | {} | {} | {} |",
        grouped(count as i64),
        live(ARENAKIT_ROW),
        live(HEAP_ROW),
        go_objects("go arena"),
        go_objects("go heap"),
    );
    let _ = writeln!(
        out,
        "| live objects as the seed's README reports them (1,000,000 messages) | - | - | {} | \
         {} |",
        grouped(SEED_README_LIVE_OBJECTS.arena as i64),
        grouped(SEED_README_LIVE_OBJECTS.heap as i64),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_renders_without_the_counting_allocator() {
        let extra = extra_sized(1_000, 1);
        assert!(!census::installed());
        let md = &extra.markdown;
        assert!(md.contains("not installed"), "{md}");
        assert!(
            md.contains("| arenakit, warm (same arena, after one reset) | 0 |"),
            "{md}"
        );
        assert!(md.contains("not available"), "{md}");
        assert!(md.contains("Beside the Go seeds"), "{md}");
        assert!(md.contains("not comparable row-by-row"), "{md}");
        // The cited Go figures: docs/peer-notes.md's (via go_seed) and the seed README's.
        for figure in [
            "418 ms",
            "645 ms",
            "804 objects",
            "8,000,267 objects",
            "2,500,702",
        ] {
            assert!(md.contains(figure), "{figure}: {md}");
        }
        for peer in ["blink-alloc", MIMALLOC, JEMALLOC] {
            assert!(md.contains(&format!("| {peer} |")), "{md}");
        }
        assert_eq!(extra.json["messages"], 1_000);
        assert_eq!(extra.json["split"].as_array().unwrap().len(), 7);
        assert_eq!(extra.json["census"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn live_block_ratio_guards_zero() {
        let row = |build: &str, peak_live| CensusRow {
            build: build.to_owned(),
            census: Census {
                peak_live,
                ..Census::default()
            },
            rss_increase: None,
            build_ns: 0,
        };
        let arena_row = format!("{ARENAKIT_ROW}, new arena");
        let rows = [row(&arena_row, 0), row(HEAP_ROW, 8_000_001)];
        assert_eq!(live_blocks_ratio(&rows), None);
        let rows = [row(&arena_row, 80), row(HEAP_ROW, 8_000_000)];
        assert_eq!(live_blocks_ratio(&rows), Some(100_000.0));
    }

    #[test]
    fn render_judges_the_live_block_bar() {
        let row = |build: String, peak_live| CensusRow {
            build,
            census: Census {
                calls: peak_live as u64,
                peak_live,
                ..Census::default()
            },
            rss_increase: Some(1 << 20),
            build_ns: 1_000_000,
        };
        let rows = [
            row(format!("{ARENAKIT_ROW}, new arena"), 1_000),
            row("arenakit, new arena, `chunk_size(16 MiB)`".to_owned(), 7),
            row(HEAP_ROW.to_owned(), 1_600_001),
        ];
        let md = render(200_000, 3, true, &rows, &[]);
        assert!(!md.contains("not installed"), "{md}");
        assert!(md.contains("1,600,001 / 1,000 = 1,600x"), "{md}");
        assert!(md.contains("missed by 62x"), "{md}");
        assert!(md.contains("1,600,001 / 7 = 228,572x"), "{md}");
        assert!(md.contains("| 1,600,001 |"), "{md}");
        let rows = [
            row(format!("{ARENAKIT_ROW}, new arena"), 10),
            row(HEAP_ROW.to_owned(), 8_000_000),
        ];
        assert!(render(1, 1, true, &rows, &[]).contains("800,000x (bar: at least 100,000x; met)"));
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(8_000_267), "8,000,267");
        assert_eq!(grouped(-1_234), "-1,234");
    }
}
