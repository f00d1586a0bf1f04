//! Criterion benches of the core-arena workloads, every peer side by side.
//!
//! One group per workload (`pure`, `struct`, `string`, `slice`, `rounds`, `threads`, `pool`);
//! in each group one bench per peer. For the single-thread workloads: arenakit, bumpalo,
//! bump-scope (minimum alignment 8) and blink-alloc on a warm arena reused through `reset`,
//! the system allocator, and (for `struct` and `string`) the no-allocator floor. For the
//! multi-thread workloads, every peer of the binary's table (built by
//! `showdown::workloads::{threads, pool}::workload`, so with the same state and threads). The
//! batch functions are the ones the `showdown` binary runs (`showdown::workloads`); each
//! peer's checksum is verified once before it is timed. One criterion iteration is one batch;
//! the throughput is set to the operations in a batch (per thread for `threads` and `pool`),
//! so criterion also reports operations per second.
//!
//! ```text
//! cargo bench -p showdown --bench core            # everything
//! cargo bench -p showdown --bench core -- string  # one group
//! cargo bench -p showdown --bench core -- 'pool/ArenaPool'
//! ```

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use showdown::corpus::Corpus;
use showdown::harness::Workload;
use showdown::peers::{BumpPeer, BumpScope8};
use showdown::workloads::{
    BumpBatch, FLOOR, SYSTEM, pool, pure, rounds, slice, strings, structs, threads,
};
use std::time::Duration;

/// A group for one workload, sized for batches of a few milliseconds.
fn group<'a>(c: &'a mut Criterion, name: &str, ops: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(ops))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group
}

/// Benches `batch` on a warm arena of type `A`, after checking its checksum.
fn bump<A: BumpPeer, B: BumpBatch>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    batch: &B,
    expected: u64,
) {
    let mut arena = A::fresh();
    assert_eq!(batch.run(&mut arena), expected, "{} checksum", A::NAME);
    group.bench_function(A::NAME, |b| b.iter(|| batch.run(&mut arena)));
}

/// Benches `batch` on every bump-arena peer.
fn bump_peers<B: BumpBatch>(group: &mut BenchmarkGroup<'_, WallTime>, batch: &B, expected: u64) {
    bump::<arenakit::Arena, B>(group, batch, expected);
    bump::<bumpalo::Bump, B>(group, batch, expected);
    bump::<BumpScope8, B>(group, batch, expected);
    bump::<blink_alloc::Blink, B>(group, batch, expected);
}

/// Benches a peer that is not a bump arena (the system allocator, the no-allocator floor),
/// after checking its checksum.
fn other(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    expected: u64,
    mut batch: impl FnMut() -> u64,
) {
    assert_eq!(batch(), expected, "{name} checksum");
    group.bench_function(name, |b| b.iter(&mut batch));
}

fn bench_pure(c: &mut Criterion) {
    let count = pure::COUNT;
    let expected = pure::expected(count);
    let mut group = group(c, pure::NAME, count as u64);
    bump_peers(&mut group, &pure::Pure { count }, expected);
    let mut boxes = Vec::with_capacity(count);
    other(&mut group, SYSTEM, expected, || {
        pure::system(&mut boxes, count)
    });
    group.finish();
}

fn bench_struct(c: &mut Criterion) {
    let count = structs::COUNT;
    let expected = structs::expected(count);
    let mut group = group(c, structs::NAME, count as u64);
    bump_peers(&mut group, &structs::Structs { count }, expected);
    let mut boxes = Vec::with_capacity(count);
    other(&mut group, SYSTEM, expected, || {
        structs::system(&mut boxes, count)
    });
    let mut buffer = vec![[0u64; 8]; count];
    other(&mut group, FLOOR, expected, || {
        structs::floor(&mut buffer, count)
    });
    group.finish();
}

fn bench_string(c: &mut Criterion) {
    let corpus = Corpus::standard();
    let expected = strings::expected(corpus);
    let mut group = group(c, strings::NAME, corpus.len() as u64);
    bump_peers(&mut group, &strings::Strings { corpus }, expected);
    let mut copies = Vec::with_capacity(corpus.len());
    other(&mut group, SYSTEM, expected, || {
        strings::system(&mut copies, corpus.strings())
    });
    let mut buffer = Vec::with_capacity(corpus.bytes());
    other(&mut group, FLOOR, expected, || {
        strings::floor(&mut buffer, corpus.strings())
    });
    group.finish();
}

fn bench_slice(c: &mut Criterion) {
    let (calls, len) = (slice::CALLS, slice::LEN);
    let expected = slice::expected(calls, len);
    let mut group = group(c, slice::NAME, calls as u64);
    bump_peers(&mut group, &slice::Slice { calls, len }, expected);
    other(&mut group, SYSTEM, expected, || slice::system(calls, len));
    group.finish();
}

fn bench_rounds(c: &mut Criterion) {
    // A tenth of the binary's batch: 1,000 rounds keep one criterion iteration near the
    // others' few milliseconds.
    let (count, allocs) = (rounds::ROUNDS / 10, rounds::ALLOCS);
    let expected = rounds::expected(count, allocs);
    let mut group = group(c, rounds::NAME, count as u64);
    bump_peers(
        &mut group,
        &rounds::Rounds {
            rounds: count,
            allocs,
        },
        expected,
    );
    let mut boxes = Vec::with_capacity(allocs);
    other(&mut group, SYSTEM, expected, || {
        rounds::system(&mut boxes, count, allocs)
    });
    group.finish();
}

/// Benches every peer of `workload` (a multi-thread workload: each batch spawns its threads),
/// after checking its checksum. Flat sampling: the slowest peers (a lock or a shared atomic
/// cursor per allocation) take up to a few hundred milliseconds per batch, and criterion's
/// default linear sampling would run them thousands of times.
fn bench_workload(c: &mut Criterion, workload: Workload<'static>) {
    let mut group = c.benchmark_group(workload.name);
    group
        .throughput(Throughput::Elements(workload.ops_per_batch))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let expected = workload.expected;
    for mut peer in workload.peers {
        assert_eq!(peer.run_batch(), expected, "{} checksum", peer.name);
        group.bench_function(peer.name, |b| b.iter(|| peer.run_batch()));
    }
    group.finish();
}

fn bench_threads(c: &mut Criterion) {
    bench_workload(c, threads::workload());
}

fn bench_pool(c: &mut Criterion) {
    bench_workload(c, pool::workload());
}

criterion_group!(
    core,
    bench_pure,
    bench_struct,
    bench_string,
    bench_slice,
    bench_rounds,
    bench_threads,
    bench_pool
);
criterion_main!(core);
