//! Criterion benches to choose arenakit's default chunk size by measurement.
//!
//! The pure-allocation and string-copy workloads of `showdown::workloads`, on arenakit only, at
//! chunk sizes of 16, 32, 64, 128 and 256 KiB, each in two states:
//!
//! - `warm`: one arena reused through `reset` (its chunks are retained, so after the first
//!   batch the source is never asked again): what a long-lived arena costs;
//! - `cold`: a new arena for every batch, dropped at the end of it, so every batch takes its
//!   chunks from the global allocator (and faults in whatever memory that hands back fresh)
//!   and gives them back: what a short-lived arena costs.
//!
//! Bench ids are `<workload>-<state>/<chunk KiB>`, e.g. `pure-warm/64`.
//!
//! ```text
//! cargo bench -p showdown --bench chunk_size
//! cargo bench -p showdown --bench chunk_size -- string-cold
//! ```

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use showdown::corpus::Corpus;
use showdown::workloads::{pure, strings};
use std::time::Duration;

/// The chunk sizes compared, in KiB.
const CHUNK_KIB: [usize; 5] = [16, 32, 64, 128, 256];

/// An arena with `kib` KiB chunks, otherwise default settings.
fn arena(kib: usize) -> arenakit::Arena {
    let arena = arenakit::Arena::builder().chunk_size(kib * 1024).build();
    assert_eq!(arena.chunk_size(), kib * 1024, "chunk size taken as is");
    arena
}

fn group<'a>(c: &'a mut Criterion, name: &str, ops: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(ops))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group
}

/// Benches `batch` at every chunk size, warm and cold, after checking its checksum.
fn sweep(
    c: &mut Criterion,
    workload: &str,
    ops: u64,
    expected: u64,
    batch: impl Fn(&mut arenakit::Arena) -> u64,
) {
    let mut warm = group(c, &format!("{workload}-warm"), ops);
    for kib in CHUNK_KIB {
        let mut arena = arena(kib);
        assert_eq!(batch(&mut arena), expected, "checksum at {kib} KiB");
        warm.bench_function(BenchmarkId::from_parameter(kib), |b| {
            b.iter(|| batch(&mut arena))
        });
    }
    warm.finish();
    let mut cold = group(c, &format!("{workload}-cold"), ops);
    for kib in CHUNK_KIB {
        cold.bench_function(BenchmarkId::from_parameter(kib), |b| {
            b.iter(|| {
                let mut arena = arena(kib);
                batch(&mut arena)
            })
        });
    }
    cold.finish();
}

fn bench_pure(c: &mut Criterion) {
    let count = pure::COUNT;
    sweep(
        c,
        pure::NAME,
        count as u64,
        pure::expected(count),
        |arena| pure::bump(arena, count),
    );
}

fn bench_string(c: &mut Criterion) {
    let corpus = Corpus::standard();
    sweep(
        c,
        strings::NAME,
        corpus.len() as u64,
        strings::expected(corpus),
        |arena| strings::bump(arena, corpus.strings()),
    );
}

criterion_group!(chunk_size, bench_pure, bench_string);
criterion_main!(chunk_size);
