//! Workload `churn`: long-lived churn of individually freed objects.
//!
//! [`SLOTS`] slots, a quarter in each size class of 16, 32, 64 and 128 bytes (`[u64; 2]` to
//! `[u64; 16]`), start empty. Every operation draws a class and a slot from a fixed
//! pseudo-random sequence, allocates a new object there (all its words written) and frees the
//! object it replaces, after reading its last word. The live data stays bounded (at most
//! `SLOTS` objects, about 1 MiB), but the run makes millions of allocations, so what matters
//! is whether freed memory comes back:
//!
//! - `arenakit`: [`ArenaBox`] from `alloc_box`, freed by dropping it. A chunk whose blocks
//!   were all freed is reused (see `examples/churn.rs` for the same with arena collections);
//! - `bumpalo`: `Bump::alloc`, never freed (bumpalo only reclaims memory at reset, and a
//!   long-lived structure never gets one), so it keeps taking fresh memory;
//! - `glibc`: `Box::new` and drop;
//! - `floor`: no allocator: every object is written into its slot in place (the slots hold
//!   the objects inline), the same writes and reads with no allocation: what the random slot
//!   accesses cost by themselves.
//!
//! One batch is a whole run of [`ops`] operations from empty slots on a *fresh* arena (a
//! long-lived process cannot reset its arena, so each batch starts one such life and ends it
//! by dropping everything); times are per operation. Checksum: the last word of every freed
//! object and of every object live at the end, summed; [`expected`] replays the sequence
//! without allocating.
//!
//! The extra result ([`extra`]) runs each peer once more and samples the bytes it holds every
//! `ops / SAMPLES` operations: arenakit's [`Stats::held`](arenakit::Stats) (chunks from the
//! memory source), bumpalo's `allocated_bytes()`, and for glibc the live bytes requested,
//! counted by the workload (what malloc holds is more). They become the line chart
//! [`CHART`] and a table.

use super::{ARENAKIT, BUMPALO, FLOOR, SYSTEM};
use crate::extra::{Extra, LineChart, Scale, Series};
use crate::harness::{Peer, Workload};
use arenakit::{Arena, ArenaBox};
use bumpalo::Bump;
use std::fmt::Write;
use std::hint::black_box;
use std::ops::Deref;

/// The workload's name.
pub const NAME: &str = "churn";
/// Live slots in all (a quarter per size class).
pub const SLOTS: usize = 16_384;
/// Slots of each size class.
pub const SLOTS_PER_CLASS: usize = SLOTS / CLASS_WORDS.len();
/// Words (`u64`) per object in each size class: 16, 32, 64 and 128 bytes.
pub const CLASS_WORDS: [usize; 4] = [2, 4, 8, 16];
/// Samples of the held bytes in the extra run.
pub const SAMPLES: usize = 200;
/// File name of the bytes-held line chart (`churn.svg` is the report's bar chart of the
/// timings).
pub const CHART: &str = "churn-held.svg";
/// Seed of the operation sequence.
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Operations per batch (and in the extra run) at `scale`.
pub fn ops(scale: Scale) -> usize {
    match scale {
        Scale::Quick => 2_000_000,
        Scale::Full => 10_000_000,
    }
}

/// A small deterministic generator (xorshift64*), so every peer sees the same operations.
struct Rng(u64);

impl Rng {
    #[inline(always)]
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// The size class and slot of one operation.
#[inline(always)]
fn draw(rng: &mut Rng) -> (usize, usize) {
    let r = rng.next();
    (
        (r & 3) as usize,
        ((r >> 2) % SLOTS_PER_CLASS as u64) as usize,
    )
}

/// Word `k` of the object allocated by operation `op`.
#[inline(always)]
pub fn word(op: usize, k: usize) -> u64 {
    ((op as u64) << 4) | k as u64
}

/// An allocator that hands out owned fixed-size objects.
pub trait ChurnAlloc: Copy {
    /// The owner of one object; dropping it frees the object if the allocator can.
    type Boxed<const W: usize>: Deref<Target = [u64; W]>;

    /// Moves `value` into a new object.
    fn boxed<const W: usize>(self, value: [u64; W]) -> Self::Boxed<W>;
}

impl<'a> ChurnAlloc for &'a Arena {
    type Boxed<const W: usize> = ArenaBox<'a, [u64; W]>;

    #[inline(always)]
    fn boxed<const W: usize>(self, value: [u64; W]) -> ArenaBox<'a, [u64; W]> {
        self.alloc_box(value)
    }
}

impl<'a> ChurnAlloc for &'a Bump {
    type Boxed<const W: usize> = &'a mut [u64; W];

    #[inline(always)]
    fn boxed<const W: usize>(self, value: [u64; W]) -> &'a mut [u64; W] {
        self.alloc(value)
    }
}

/// The global allocator (glibc malloc in the `showdown` binary), through `Box`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Heap;

impl ChurnAlloc for Heap {
    type Boxed<const W: usize> = Box<[u64; W]>;

    #[inline(always)]
    fn boxed<const W: usize>(self, value: [u64; W]) -> Box<[u64; W]> {
        Box::new(value)
    }
}

/// No allocator: objects live inline in their slots (the `floor` peer).
#[derive(Clone, Copy, Debug, Default)]
pub struct Inline;

/// An object stored in place, in its slot.
#[derive(Clone, Copy, Debug)]
pub struct InPlace<const W: usize>(pub [u64; W]);

impl<const W: usize> Deref for InPlace<W> {
    type Target = [u64; W];

    fn deref(&self) -> &[u64; W] {
        &self.0
    }
}

impl ChurnAlloc for Inline {
    type Boxed<const W: usize> = InPlace<W>;

    #[inline(always)]
    fn boxed<const W: usize>(self, value: [u64; W]) -> InPlace<W> {
        InPlace(value)
    }
}

/// The slots of every size class.
struct Slots<A: ChurnAlloc> {
    c2: Vec<Option<A::Boxed<2>>>,
    c4: Vec<Option<A::Boxed<4>>>,
    c8: Vec<Option<A::Boxed<8>>>,
    c16: Vec<Option<A::Boxed<16>>>,
}

fn empty<T>() -> Vec<Option<T>> {
    std::iter::repeat_with(|| None)
        .take(SLOTS_PER_CLASS)
        .collect()
}

/// The last word of every object in `slots`, summed.
fn live_sum<const W: usize, B: Deref<Target = [u64; W]>>(slots: &[Option<B>]) -> u64 {
    slots
        .iter()
        .flatten()
        .fold(0u64, |sum, b| sum.wrapping_add(b[W - 1]))
}

/// Puts a new object made by operation `op` in `slots[slot]` and frees the one it replaces.
/// Returns the replaced object's last word (0 if the slot was empty) and whether the slot was
/// empty.
#[inline(always)]
fn replace<A: ChurnAlloc, const W: usize>(
    slots: &mut [Option<A::Boxed<W>>],
    slot: usize,
    alloc: A,
    op: usize,
) -> (u64, bool) {
    let fresh = alloc.boxed::<W>(std::array::from_fn(|k| word(op, k)));
    match slots[slot].replace(fresh) {
        Some(old) => (old[W - 1], false),
        None => (0, true),
    }
}

/// Runs `ops` operations with objects from `alloc`, calling `sample(done, live_bytes)` after
/// every `every` operations (never if `every` is 0), then frees every object. Returns the
/// checksum.
#[inline(never)]
pub fn churn<A: ChurnAlloc>(
    alloc: A,
    ops: usize,
    every: usize,
    mut sample: impl FnMut(usize, usize),
) -> u64 {
    let mut slots = Slots::<A> {
        c2: empty(),
        c4: empty(),
        c8: empty(),
        c16: empty(),
    };
    let mut rng = Rng(SEED);
    let mut sum = 0u64;
    let mut live_bytes = 0usize;
    let mut next_sample = if every == 0 { usize::MAX } else { every };
    for op in 0..black_box(ops) {
        let (class, slot) = draw(&mut rng);
        let (gone, was_empty) = match class {
            0 => replace::<A, 2>(&mut slots.c2, slot, alloc, op),
            1 => replace::<A, 4>(&mut slots.c4, slot, alloc, op),
            2 => replace::<A, 8>(&mut slots.c8, slot, alloc, op),
            _ => replace::<A, 16>(&mut slots.c16, slot, alloc, op),
        };
        sum = sum.wrapping_add(gone);
        if was_empty {
            live_bytes += CLASS_WORDS[class] * 8;
        }
        if op + 1 == next_sample {
            sample(op + 1, live_bytes);
            next_sample = next_sample.saturating_add(every);
        }
    }
    crate::escape(&slots);
    sum.wrapping_add(live_sum(&slots.c2))
        .wrapping_add(live_sum(&slots.c4))
        .wrapping_add(live_sum(&slots.c8))
        .wrapping_add(live_sum(&slots.c16))
}

/// The checksum of a run of `ops` operations, replayed with operation numbers only.
pub fn expected(ops: usize) -> u64 {
    let mut slots = vec![vec![None::<usize>; SLOTS_PER_CLASS]; CLASS_WORDS.len()];
    let mut rng = Rng(SEED);
    let mut sum = 0u64;
    for op in 0..ops {
        let (class, slot) = draw(&mut rng);
        let last = CLASS_WORDS[class] - 1;
        if let Some(old) = slots[class][slot].replace(op) {
            sum = sum.wrapping_add(word(old, last));
        }
    }
    for (class, slots) in slots.iter().enumerate() {
        for &op in slots.iter().flatten() {
            sum = sum.wrapping_add(word(op, CLASS_WORDS[class] - 1));
        }
    }
    sum
}

/// The workload at `scale` ([`ops`] operations per batch).
pub fn workload(scale: Scale) -> Workload<'static> {
    sized(ops(scale))
}

/// The workload with `ops` operations per batch.
pub fn sized(ops: usize) -> Workload<'static> {
    let title = format!(
        "Long-lived churn: {ops} x (allocate a 16-128 byte object into one of {SLOTS} slots, \
         free the one it replaces), fresh arena per batch"
    );
    Workload::new(NAME, title, "op", ops as u64, expected(ops))
        .peer(Peer::new(
            ARENAKIT,
            "alloc_box, drop frees (emptied chunks reused)",
            move || {
                let arena = Arena::new();
                churn(&arena, ops, 0, |_, _| ())
            },
        ))
        .peer(Peer::new(
            BUMPALO,
            "Bump::alloc, never freed (grows until dropped)",
            move || {
                let bump = Bump::new();
                churn(&bump, ops, 0, |_, _| ())
            },
        ))
        .peer(Peer::new(SYSTEM, "Box::new, drop", move || {
            churn(Heap, ops, 0, |_, _| ())
        }))
        .peer(Peer::new(
            FLOOR,
            "no allocator: objects written in place in the slots",
            move || churn(Inline, ops, 0, |_, _| ()),
        ))
        .note(
            "Each batch is one whole run from empty slots: the arena peers create their arena, \
             run, and drop it (time to take and give back memory included); glibc frees \
             every object. ops/s = 1e9 / (ns per op).",
        )
        .note(format!(
            "Bytes held as the run goes: see the chart `{CHART}` and the table below (one more \
             run per peer, sampled every {} operations).",
            (ops / SAMPLES).max(1)
        ))
}

/// The bytes held over time at `scale`: the chart and the table.
pub fn extra(scale: Scale) -> Extra {
    extra_sized(ops(scale), SAMPLES)
}

/// Bytes held over time with `ops` operations, sampled `samples` times.
pub fn extra_sized(ops: usize, samples: usize) -> Extra {
    let every = (ops / samples.max(1)).max(1);

    let arena = Arena::new();
    let mut ours = Vec::new();
    let mut stats = arena.stats();
    let ours_sum = churn(&arena, ops, every, |done, _| {
        stats = arena.stats();
        ours.push((done, stats.held));
    });
    drop(arena);

    let bump = Bump::new();
    let mut theirs = Vec::new();
    let theirs_sum = churn(&bump, ops, every, |done, _| {
        theirs.push((done, bump.allocated_bytes()));
    });
    drop(bump);

    let mut live = Vec::new();
    let heap_sum = churn(Heap, ops, every, |done, bytes| live.push((done, bytes)));
    let want = expected(ops);
    assert!(
        ours_sum == want && theirs_sum == want && heap_sum == want,
        "churn extra: a peer's checksum differs from the expected one"
    );

    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    let series = |name: &str, trace: &[(usize, usize)]| Series {
        name: name.to_owned(),
        points: trace.iter().map(|&(x, y)| (x as f64, mib(y))).collect(),
    };
    let glibc_name = format!("{SYSTEM} (live bytes requested)");
    let chart = LineChart {
        file: CHART.to_owned(),
        title: format!("Long-lived churn: bytes held over {ops} operations"),
        x_label: "operations".to_owned(),
        y_label: "MiB held".to_owned(),
        series: vec![
            series(ARENAKIT, &ours),
            series(BUMPALO, &theirs),
            series(&glibc_name, &live),
        ],
    };

    let mut markdown = format!(
        "Bytes held (MiB) during one more run of each peer (arenakit: chunks held from the \
         memory source, `stats().held`; bumpalo: `allocated_bytes()`; {SYSTEM}: live bytes \
         requested, counted by the workload, so malloc's own overhead is not included):\n\n\
         | operations | {ARENAKIT} | {BUMPALO} | {SYSTEM} live |\n|---:|---:|---:|---:|\n"
    );
    let n = live.len();
    let mut picks: Vec<usize> = [n / 10, n / 4, n / 2, 3 * n / 4, n]
        .iter()
        .filter(|&&k| k > 0)
        .map(|&k| k - 1)
        .collect();
    picks.dedup();
    for k in picks {
        let _ = writeln!(
            markdown,
            "| {} | {:.2} | {:.2} | {:.2} |",
            live[k].0,
            mib(ours[k].1),
            mib(theirs[k].1),
            mib(live[k].1)
        );
    }
    let last = |trace: &[(usize, usize)]| trace.last().copied().unwrap_or((0, 0));
    let ((done, live_end), (_, bump_end)) = (last(&live), last(&theirs));
    let _ = writeln!(
        markdown,
        "\nAt the last sample ({done} operations): arenakit holds {:.2} MiB ({} chunks in use, \
         {:.2} MiB of them retained for reuse, {:.2} MiB used), {:.1}x the live data of {:.2} \
         MiB; bumpalo holds {:.2} MiB, {:.1}x what arenakit holds.",
        mib(stats.held),
        stats.regular_chunks + stats.dedicated_chunks,
        mib(stats.retained),
        mib(stats.used),
        stats.held as f64 / live_end.max(1) as f64,
        mib(live_end),
        mib(bump_end),
        bump_end as f64 / stats.held.max(1) as f64
    );
    let points = |trace: &[(usize, usize)]| -> Vec<[usize; 2]> {
        trace.iter().map(|&(x, y)| [x, y]).collect()
    };
    let json = serde_json::json!({
        "ops": ops,
        "every": every,
        "held_bytes": {
            ARENAKIT: points(&ours),
            BUMPALO: points(&theirs),
        },
        "live_bytes": points(&live),
        "final": {
            "arenakit_held": stats.held,
            "arenakit_used": stats.used,
            "arenakit_retained": stats.retained,
            "arenakit_chunks": stats.regular_chunks + stats.dedicated_chunks,
            "bumpalo_allocated": bump_end,
            "live": live_end,
        },
    });
    Extra {
        markdown,
        charts: vec![chart],
        json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Settings, run};

    #[test]
    fn checksums_match() {
        let workload = sized(50_000);
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(names, [ARENAKIT, BUMPALO, SYSTEM, FLOOR]);
        let settings = Settings {
            rounds: 2,
            warmup: 1,
            rotate: true,
        };
        run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn expected_counts_every_object_once() {
        // No slot is drawn twice in the first 10 operations, so every object is live at the
        // end and counted once.
        let ops = 10;
        let mut rng = Rng(SEED);
        let all: u64 = (0..ops)
            .map(|op| word(op, CLASS_WORDS[draw(&mut rng).0] - 1))
            .sum();
        assert_eq!(expected(ops), all);
        assert_eq!(churn(Heap, ops, 0, |_, _| ()), all);
    }

    #[test]
    fn samples_come_every_n_operations() {
        let mut seen = Vec::new();
        churn(Heap, 1_000, 300, |done, live| seen.push((done, live)));
        let done: Vec<_> = seen.iter().map(|&(d, _)| d).collect();
        assert_eq!(done, [300, 600, 900]);
        assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1));
        assert!(seen[0].1 >= 16 && seen[0].1 <= 300 * 128);
    }

    #[test]
    fn extra_charts_one_series_per_peer() {
        let ops = 300_000;
        let extra = extra_sized(ops, 20);
        assert_eq!(extra.charts.len(), 1);
        let chart = &extra.charts[0];
        assert_eq!(chart.file, CHART);
        let names: Vec<_> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names[..2], [ARENAKIT, BUMPALO]);
        assert!(names[2].starts_with(SYSTEM));
        for s in &chart.series {
            assert_eq!(s.points.len(), 20, "{}", s.name);
            assert!(s.points.windows(2).all(|w| w[0].0 < w[1].0), "{}", s.name);
            assert_eq!(s.points.last().unwrap().0, ops as f64);
        }
        // bumpalo only grows; arenakit ends holding less than it.
        let bump = &chart.series[1].points;
        assert!(bump.windows(2).all(|w| w[0].1 <= w[1].1));
        let ours = chart.series[0].points.last().unwrap().1;
        assert!(ours < bump.last().unwrap().1, "{ours} vs {bump:?}");
        assert!(extra.markdown.contains("| operations |"));
        assert!(extra.markdown.contains("At the last sample"));
        assert_eq!(extra.json["ops"], ops);
    }
}
