//! Side-by-side benchmarks of [`arenakit`] against its peers.
//!
//! The crate has three parts:
//!
//! - [`harness`]: a small measurement harness. It runs several *peers* (allocators) over one
//!   *workload* in interleaved rounds (A B C A B C ...), times each batch with
//!   [`Instant`](std::time::Instant), checks the checksum every batch returns, and summarises the
//!   samples as median and min-max nanoseconds per operation, plus ratios of medians against a
//!   named baseline peer.
//! - [`workloads`]: the micro workloads (pure allocation, 64-byte structs, string copies, a
//!   large uninitialised and a large zeroed slice, reset-reuse rounds), each written once
//!   generically over [`peers::BumpPeer`] for the bump arenas (warm, and cold: a new arena per
//!   batch) and once generically over an `allocator_api2` allocator for glibc, mimalloc and
//!   jemalloc ([`sysalloc`]); scratch scopes on a long-lived arena (`scopes`: arenakit's
//!   `scope` against bump-scope's `scoped`, with reset rows for reference); two multi-thread
//!   workloads: two threads allocating at once from
//!   shared or per-thread arenas (`threads`, with the seed's [`spin::SpinLock`] baseline) and
//!   per-request arenas from a pool on one and two threads (`pool`); and the seeds' larger
//!   workloads: 42-field messages with a heap census ([`census`]), arena collections, JSON
//!   decoding (a log batch, and the nativejson-benchmark corpus against serde_json, simd-json
//!   and sonic-rs, typed and into DOMs), and long-lived churn with individual frees.
//!   The same functions back the `showdown` binary and the criterion benches in `benches/`.
//! - [`results`]: what a run measured ([`results::Run`]) and the verdicts computed from it
//!   (bars, headline rows), read by the three outputs; the workloads never read it. [`names`]
//!   and [`format`](mod@format): peer names and number formats both sides share.
//! - [`report`] and [`sysinfo`]: the Markdown report the binary prints (a headline table, one
//!   table per workload, the bars), [`json_out`]: the same results as JSON (`--json`,
//!   `results.json`), [`charts`]: SVG bar charts of the ratios and the workloads' line charts,
//!   and [`go_seed`]: the seeds' own Go figures from `docs/peer-notes.md`, shown beside the matching
//!   workloads as a separate run.
//!
//! Run `cargo run --release -p showdown -- --help` for the binary's options and
//! `cargo bench -p showdown` for the criterion benches.
//!
//! # Fairness rules
//!
//! - Every peer of a workload does the same work: the same number of operations, the same
//!   sizes, the same payload, verified by a checksum that must equal the workload's expected
//!   value every batch (a peer that skipped work would fail the run).
//! - Inputs go through [`std::hint::black_box`] so the compiler cannot specialise on them, and
//!   the memory written is made observable with [`escape`] before it is freed or reset, so no
//!   store can be removed as dead.
//! - Arenas are *warm*: one arena per peer, reused through `reset` across batches, so the
//!   numbers measure allocation, not first-touch page faults; the warm-up rounds of the
//!   harness bring every peer to its steady state before timing starts. The rows marked
//!   *cold* are the exception, on purpose: a new arena per batch (or per call), page faults
//!   and all, compared with the other peers' cold rows.
//! - The order of the peers rotates from round to round, so no peer always runs right after
//!   the same cache-hungry neighbour (see [`harness`]).
//! - Multi-thread batches start their threads together (a barrier) and are timed whole, thread
//!   spawning included (its cost is measured and printed under the table); per-thread state
//!   sits on its own cache lines ([`workloads::Padded`]), so no false sharing between the
//!   threads' arenas is charged to an allocator. The harness also records the process's CPU
//!   time per batch, so the report can tell the work of the threads from time spent waiting
//!   for a core on a busy machine.
//! - Where the cost is mostly writing memory (`struct`, `string`), a `floor` peer writes the
//!   same bytes into a reused buffer with no allocator at all: what is possible on the machine.

pub mod census;
pub mod charts;
pub mod corpus;
pub mod extra;
pub mod format;
pub mod go_seed;
pub mod harness;
pub mod json_out;
pub mod names;
pub mod peers;
pub mod report;
pub mod results;
pub mod spin;
pub mod sysalloc;
pub mod sysinfo;
pub mod workloads;

/// Makes everything reachable from `value` observable to the optimiser, so stores into memory
/// reachable from it cannot be removed as dead, without costing anything at run time.
///
/// Call it once per batch (after the allocation loop, before `reset` or the frees), not once
/// per allocation: [`black_box`](std::hint::black_box) acts as a compiler memory barrier, and
/// inside a hot loop it would force the bump cursor through memory on every iteration.
#[inline(always)]
pub fn escape<T: ?Sized>(value: &T) {
    std::hint::black_box(value);
}
