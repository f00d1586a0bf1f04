//! The reset paths of issue #16, timed side by side against bumpalo in one process.
//!
//! `cargo run --release -p showdown --example resets` times, in interleaved rounds (31 by
//! default, or the first argument), each of these on arenakit and on bumpalo:
//!
//! - `small+reset`: one `u64` allocated in a warm arena, then a reset;
//! - `slice+reset`: one uninitialised 1M-element `u64` slice in a warm arena, then a reset;
//! - `reset`: a reset alone (of an arena that allocated once, long ago);
//! - `slice cold`: a new arena, one uninitialised 1M-element `u64` slice, the arena dropped.
//!
//! It prints, per path, the median of the per-round ratios (arenakit / bumpalo) with their
//! min-max, and each side's median time. Run it on an otherwise idle machine, pinned to one
//! CPU (`taskset -c 1`), so both sides see the same core.

use std::alloc::Layout;
use std::hint::black_box;
use std::time::Instant;

/// Operations per timed sample.
const OPS: usize = 200_000;
/// Elements of the large slice.
const LARGE: usize = 1_000_000;

/// Nanoseconds per call of `f`, over `n` calls.
fn time(n: usize, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

/// The median of `v` (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map_or(31, |r| r.parse().expect("rounds: a number"));
    let mut ak = arenakit::Arena::new();
    let mut bp = bumpalo::Bump::new();
    ak.alloc(0u8);
    bp.alloc(0u8);
    let large = Layout::array::<u64>(LARGE).expect("a small layout");
    let names = ["small+reset", "slice+reset", "reset", "slice cold"];
    // Per path: (ratios, arenakit times, bumpalo times).
    let mut samples: Vec<[Vec<f64>; 3]> = names.iter().map(|_| Default::default()).collect();
    for _ in 0..rounds {
        let pairs = [
            (
                time(OPS, || {
                    black_box(ak.alloc(1u64));
                    ak.reset();
                }),
                time(OPS, || {
                    black_box(bp.alloc(1u64));
                    bp.reset();
                }),
            ),
            (
                time(OPS, || {
                    black_box(ak.alloc_uninit_slice::<u64>(black_box(LARGE)));
                    ak.reset();
                }),
                time(OPS, || {
                    black_box(bp.alloc_layout(black_box(large)));
                    bp.reset();
                }),
            ),
            (
                time(OPS, || {
                    ak.reset();
                    black_box(&ak);
                }),
                time(OPS, || {
                    bp.reset();
                    black_box(&bp);
                }),
            ),
            (
                time(OPS / 10, || {
                    let arena = arenakit::Arena::new();
                    black_box(arena.alloc_uninit_slice::<u64>(black_box(LARGE)).as_ptr());
                }),
                time(OPS / 10, || {
                    let arena = bumpalo::Bump::new();
                    black_box(arena.alloc_layout(black_box(large)));
                }),
            ),
        ];
        for ((x, y), [ratios, xs, ys]) in pairs.into_iter().zip(samples.iter_mut()) {
            ratios.push(x / y);
            xs.push(x);
            ys.push(y);
        }
    }
    println!("{rounds} rounds, arenakit / bumpalo, median of the per-round ratios (min-max):");
    for (name, [ratios, xs, ys]) in names.iter().zip(samples.iter_mut()) {
        let (lo, hi) = (
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
        );
        println!(
            "{name:<12} {:.2}x ({lo:.2}-{hi:.2}); arenakit {:.2} ns, bumpalo {:.2} ns",
            median(ratios),
            median(xs),
            median(ys)
        );
    }
}
