//! Times the parse-and-summarise functions of both modes on the reference request, without
//! HTTP: `cargo run --release -p logserver --example parse [-- ROUNDS [heap|arena]]` (both
//! modes by default; one mode alone is handy under `perf record`).

use arenakit::ArenaPool;
use std::time::Instant;

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let only = std::env::args().nth(2);
    let wanted = |mode: &str| only.as_deref().is_none_or(|only| only == mode);
    let pool = ArenaPool::new();
    let mut out = Vec::new();
    let mut run = |name: &str, f: &mut dyn FnMut(&mut Vec<u8>)| {
        for _ in 0..1_000 {
            f(&mut out);
        }
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            for _ in 0..rounds / 5 {
                f(&mut out);
            }
            best = best.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(rounds / 5));
        }
        println!(
            "{name:>6}: {best:>8.0} ns per request (best of 5 x {})",
            rounds / 5
        );
    };
    if wanted("heap") {
        run("heap", &mut |out| {
            logserver::heap::summarise(logserver::BATCH_JSON, out).unwrap();
        });
    }
    if wanted("arena") {
        run("arena", &mut |out| {
            logserver::arena::summarise(&pool, logserver::BATCH_JSON, out).unwrap();
        });
    }
}
