//! Criterion benches of the core-arena workloads, every peer side by side.
//!
//! One group per workload (`pure`, `struct`, `string`, `slice`, `rounds`, `scopes`, `threads`,
//! `pool`); in each group one bench per peer of the `showdown` binary's table, built by the
//! same `showdown::workloads::*` functions, so with the same state, batch functions and
//! threads: the bump arenas warm (reused through `reset`, or through scopes in `scopes`) and,
//! where the table has them, cold (a new arena per batch); `Box`/`Vec` on glibc, mimalloc and
//! jemalloc; typed-arena; the no-allocator floor; and the shared-arena and pool variants of
//! the multi-thread workloads.
//! Each peer's checksum is verified once before it is timed. One criterion iteration is one
//! batch; the throughput is set to the operations in a batch (per thread for `threads` and
//! `pool`), so criterion also reports operations per second.
//!
//! ```text
//! cargo bench -p showdown --bench core            # everything
//! cargo bench -p showdown --bench core -- string  # one group
//! cargo bench -p showdown --bench core -- 'pool/ArenaPool'
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use showdown::harness::Workload;
use showdown::workloads::{pool, pure, rounds, scopes, slice, strings, structs, threads};
use std::time::Duration;

/// Benches every peer of `workload`, after checking its checksum.
///
/// Single-thread batches take a few milliseconds (cold and typed-arena rows more), so
/// criterion's automatic sampling is kept. Multi-thread batches spawn their threads and the
/// slowest peers (a lock or a shared atomic cursor per allocation) take up to a few hundred
/// milliseconds, so they use flat sampling: criterion's linear sampling would run them
/// thousands of times.
fn bench(c: &mut Criterion, workload: Workload<'static>, threaded: bool) {
    let mut group = c.benchmark_group(workload.name);
    group
        .throughput(Throughput::Elements(workload.ops_per_batch))
        .warm_up_time(Duration::from_secs(1));
    if threaded {
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .measurement_time(Duration::from_secs(3));
    } else {
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(4));
    }
    let expected = workload.expected;
    for mut peer in workload.peers {
        assert_eq!(peer.run_batch(), expected, "{} checksum", peer.name);
        group.bench_function(peer.name, |b| b.iter(|| peer.run_batch()));
    }
    group.finish();
}

fn bench_pure(c: &mut Criterion) {
    bench(c, pure::workload(), false);
}

fn bench_struct(c: &mut Criterion) {
    bench(c, structs::workload(), false);
}

fn bench_string(c: &mut Criterion) {
    bench(c, strings::workload(), false);
}

fn bench_slice(c: &mut Criterion) {
    bench(c, slice::workload(), false);
}

fn bench_rounds(c: &mut Criterion) {
    // A tenth of the binary's batch: 1,000 rounds keep one criterion iteration near the
    // others' few milliseconds.
    bench(c, rounds::sized(rounds::ROUNDS / 10, rounds::ALLOCS), false);
}

fn bench_scopes(c: &mut Criterion) {
    // A tenth of the binary's batch, as for `rounds`.
    bench(
        c,
        scopes::sized(scopes::ROUNDS / 10, scopes::ALLOCS, scopes::NESTED),
        false,
    );
}

fn bench_threads(c: &mut Criterion) {
    bench(c, threads::workload(), true);
}

fn bench_pool(c: &mut Criterion) {
    bench(c, pool::workload(), true);
}

criterion_group!(
    core,
    bench_pure,
    bench_struct,
    bench_string,
    bench_slice,
    bench_rounds,
    bench_scopes,
    bench_threads,
    bench_pool
);
criterion_main!(core);
