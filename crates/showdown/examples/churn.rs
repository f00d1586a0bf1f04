//! Long-lived churn: collections that keep growing, shrinking and being replaced in one arena.
//!
//! 100 arena `Vec<u64>`s and an arena `HashMap<u64, u64>` with a bounded live size take
//! 10,000,000 random operations (push, pop, replace a whole vector; insert, remove a key).
//! The live data never exceeds about 100 x 256 x 8 bytes of vectors plus 4,096 map entries,
//! yet an arena that cannot free individual blocks keeps growing with every reallocation.
//! The example prints the bytes each arena holds from its memory source as the run goes:
//! arenakit (freed blocks roll back, emptied chunks are reused) against bumpalo (memory is
//! only reclaimed at reset).
//!
//! ```text
//! cargo run --release -p showdown --example churn [-- OPS]
//! ```

use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec as AVec;
use hashbrown::HashMap;
use std::hint::black_box;

/// Vectors in the workload.
const VECS: usize = 100;
/// Largest length a vector reaches.
const MAX_LEN: usize = 256;
/// Keys of the map are drawn from `0..KEYS`, bounding its live size.
const KEYS: u64 = 4096;
/// Snapshots of the held bytes printed during a run.
const SNAPSHOTS: usize = 10;

/// A small deterministic generator (xorshift64*), so both arenas see the same operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Runs `ops` operations with collections in `alloc`; calls `held` every `ops / SNAPSHOTS`
/// operations and returns those figures with a checksum of the live data.
fn churn<A: Allocator + Copy>(alloc: A, ops: usize, held: impl Fn() -> usize) -> (Vec<usize>, u64) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut vecs: Vec<AVec<u64, A>> = (0..VECS).map(|_| AVec::new_in(alloc)).collect();
    let mut map: HashMap<u64, u64, hashbrown::DefaultHashBuilder, A> =
        HashMap::with_hasher_in(Default::default(), alloc);
    let mut snapshots = Vec::with_capacity(SNAPSHOTS);
    let every = (ops / SNAPSHOTS).max(1);
    for op in 1..=ops {
        let roll = rng.below(100);
        let i = rng.below(VECS as u64) as usize;
        match roll {
            0..=44 => {
                let v = &mut vecs[i];
                if v.len() < MAX_LEN {
                    v.push(op as u64);
                } else {
                    v.truncate(MAX_LEN / 4);
                    v.shrink_to_fit();
                }
            }
            45..=64 => {
                vecs[i].pop();
            }
            65..=69 => {
                let len = rng.below(MAX_LEN as u64) as usize;
                let mut fresh = AVec::with_capacity_in(len, alloc);
                fresh.extend((0..len as u64).map(|x| x ^ op as u64));
                vecs[i] = fresh;
            }
            70..=89 => {
                map.insert(rng.below(KEYS), op as u64);
            }
            _ => {
                map.remove(&rng.below(KEYS));
            }
        }
        if op % every == 0 {
            snapshots.push(held());
        }
    }
    let checksum = vecs
        .iter()
        .flat_map(|v| v.iter())
        .fold(0u64, |a, &x| a.wrapping_add(x))
        ^ map.values().fold(0u64, |a, &x| a.wrapping_add(x));
    (snapshots, black_box(checksum))
}

fn mib(bytes: usize) -> String {
    format!("{:.2}", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    let ops: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let arena = arenakit::Arena::new();
    let (ours, sum_ours) = churn(&arena, ops, || arena.stats().held);
    let stats = arena.stats();
    let bump = bumpalo::Bump::new();
    let (theirs, sum_theirs) = churn(&bump, ops, || bump.allocated_bytes());
    assert_eq!(sum_ours, sum_theirs, "both arenas must hold the same data");
    println!("# Long-lived churn: {ops} operations on {VECS} Vecs and a HashMap");
    println!();
    println!("Bytes held from the memory source (MiB) after each tenth of the run:");
    println!();
    println!("| operations | arenakit | bumpalo |");
    println!("|---:|---:|---:|");
    for (k, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        let done = (k + 1) * (ops / SNAPSHOTS).max(1);
        println!("| {done} | {} | {} |", mib(*a), mib(*b));
    }
    println!();
    println!(
        "arenakit at the end: {} MiB held, {} MiB used, {} chunks in use, {} MiB retained for reuse.",
        mib(stats.held),
        mib(stats.used),
        stats.regular_chunks + stats.dedicated_chunks,
        mib(stats.retained)
    );
}
