//! The measurement harness: interleaved rounds, checksums, medians.
//!
//! A [`Workload`] holds one [`Peer`] per allocator. Each peer is a closure that runs one
//! *batch* (a fixed number of operations, for instance a million allocations and a reset) and
//! returns a checksum of what it wrote or read. [`run`] first runs every peer for the warm-up
//! rounds, then for the measured rounds, each round running every peer once (A B C A B C
//! ...), so slow phases of the machine (other processes, frequency changes) hit every peer
//! alike.
//!
//! By default the order *rotates* from round to round (A B C, B C A, C A B, ...): a batch
//! leaves the caches and TLB full of its own data, so a peer that always ran right after a
//! cache-hungry one (the system allocator touching 80 MB, say) would always start cold. With
//! rotation every peer follows every other equally often; [`Settings::rotate`] `false` keeps
//! the fixed order A B C A B C. Each batch is
//! timed with a pair of [`Instant`] readings (about 50 ns on the project's machines, against
//! batches of a millisecond or more), and its checksum must equal the workload's expected value
//! or the run fails.
//!
//! ```
//! use showdown::harness::{run, Peer, Settings, Workload};
//!
//! let n = 1000u64;
//! let workload = Workload::new("sum", "Sum a range", "element", n, n * (n - 1) / 2)
//!     .peer(Peer::new("loop", "for loop", move || (0..std::hint::black_box(n)).sum()))
//!     .peer(Peer::new("fold", "Iterator::fold", move || {
//!         (0..std::hint::black_box(n)).fold(0, |a, b| a + b)
//!     }));
//! let settings = Settings { rounds: 5, warmup: 1, rotate: true };
//! let outcome = run(workload, &settings, &mut |_| {}).unwrap();
//! assert_eq!(outcome.peers.len(), 2);
//! assert!(outcome.ratio("fold", "loop").is_some());
//! ```

pub mod cpu;
mod summary;

pub use summary::{Headline, Outcome, PeerResult, Scaling, Summary};

use std::fmt;
use std::hint::black_box;
use std::time::Instant;

/// One allocator under test: a name and a closure running one batch of the workload.
pub struct Peer<'a> {
    /// Short identifier, used in tables and as a ratio baseline (`"arenakit"`, `"bumpalo"`,
    /// `"glibc"`, ...).
    pub name: &'static str,
    /// How the peer does the work (the API it calls), shown next to its name.
    pub how: String,
    batch: Box<dyn FnMut() -> u64 + 'a>,
}

impl<'a> Peer<'a> {
    /// A peer named `name` whose batch is `batch`; `batch` returns the workload's checksum.
    ///
    /// The closure owns the peer's state (its warm arena, its reusable `Vec`), so the state
    /// lives from one batch to the next.
    pub fn new(
        name: &'static str,
        how: impl Into<String>,
        batch: impl FnMut() -> u64 + 'a,
    ) -> Self {
        Peer {
            name,
            how: how.into(),
            batch: Box::new(batch),
        }
    }

    /// Runs one batch and returns its checksum (what [`run`] times; the criterion benches
    /// call it directly).
    pub fn run_batch(&mut self) -> u64 {
        (self.batch)()
    }
}

impl fmt::Debug for Peer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peer")
            .field("name", &self.name)
            .field("how", &self.how)
            .finish_non_exhaustive()
    }
}

/// A speed target: `peer`'s median divided by `baseline`'s median must be at most
/// `max_ratio`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The peer held to the bar.
    pub peer: &'static str,
    /// The peer it is compared with.
    pub baseline: &'static str,
    /// The largest acceptable ratio of medians (1.05 = "within 5%", 0.25 = "4x faster").
    pub max_ratio: f64,
    /// The bar in words, for the report.
    pub text: &'static str,
}

/// A workload and the peers that run it.
#[derive(Debug)]
pub struct Workload<'a> {
    /// Short identifier, matched by the binary's `--only` filter.
    pub name: &'static str,
    /// One-line description for the report.
    pub title: String,
    /// What one operation is ("alloc", "string", "call", "round"); times are per operation.
    pub op: &'static str,
    /// Operations in one batch.
    pub ops_per_batch: u64,
    /// The checksum every batch of every peer must return.
    pub expected: u64,
    /// The peers, in the order they run within a round.
    pub peers: Vec<Peer<'a>>,
    /// The speed targets this workload is meant to check.
    pub bars: Vec<Bar>,
    /// The peers whose medians the report's ratio columns divide by; empty for the default
    /// (`bumpalo` and the system allocator).
    pub columns: Vec<&'static str>,
    /// Thread-scaling comparisons the report shows below the table.
    pub scaling: Vec<Scaling>,
    /// Free-form lines the report prints below the table (what the numbers include).
    pub notes: Vec<String>,
    /// If set, every peer runs on this many threads and the report adds a column of CPU time
    /// per operation (all threads' CPU time / (operations per thread x threads)).
    pub cpu_threads: Option<u32>,
    /// The peer that stands for arenakit in the report's headline table and the peers it is
    /// compared with there; `None` for the default (the `arenakit` peer against the arena
    /// peers bumpalo, bump-scope, blink-alloc and typed-arena).
    pub headline: Option<Headline>,
}

impl<'a> Workload<'a> {
    /// A workload with no peers yet.
    pub fn new(
        name: &'static str,
        title: impl Into<String>,
        op: &'static str,
        ops_per_batch: u64,
        expected: u64,
    ) -> Self {
        Workload {
            name,
            title: title.into(),
            op,
            ops_per_batch,
            expected,
            peers: Vec::new(),
            bars: Vec::new(),
            columns: Vec::new(),
            scaling: Vec::new(),
            notes: Vec::new(),
            cpu_threads: None,
            headline: None,
        }
    }

    /// Adds a peer (builder style).
    pub fn peer(mut self, peer: Peer<'a>) -> Self {
        self.peers.push(peer);
        self
    }

    /// Adds a speed target (builder style).
    pub fn bar(mut self, bar: Bar) -> Self {
        self.bars.push(bar);
        self
    }

    /// Sets the peers the report's ratio columns divide by (builder style).
    pub fn columns(mut self, baselines: &[&'static str]) -> Self {
        self.columns = baselines.to_vec();
        self
    }

    /// Adds a thread-scaling comparison (builder style).
    pub fn scaling(mut self, scaling: Scaling) -> Self {
        self.scaling.push(scaling);
        self
    }

    /// Declares that every peer runs on `threads` threads, so the report shows CPU time per
    /// operation next to the wall time (builder style).
    pub fn cpu_column(mut self, threads: u32) -> Self {
        self.cpu_threads = Some(threads);
        self
    }

    /// Adds a line of explanation under the table (builder style).
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Names the peer that stands for arenakit in the report's headline table and the arena
    /// peers it is compared with there (builder style), for workloads whose peers are not
    /// called `arenakit`, `bumpalo`, ... (the pools, the threads).
    ///
    /// ```
    /// use showdown::harness::Workload;
    ///
    /// let w = Workload::new("pool", "t", "request", 1, 0)
    ///     .headline("ArenaPool 1t", &["BumpPool 1t", "Mutex<Vec<Bump>> 1t"]);
    /// assert_eq!(w.headline.unwrap().rivals.len(), 2);
    /// ```
    pub fn headline(mut self, peer: &'static str, rivals: &[&'static str]) -> Self {
        self.headline = Some(Headline {
            peer,
            rivals: rivals.to_vec(),
        });
        self
    }
}

/// How many rounds to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Measured rounds: each peer contributes one sample per round.
    pub rounds: usize,
    /// Unmeasured rounds first, to warm arenas, caches and the allocator's free lists.
    pub warmup: usize,
    /// Whether the order of the peers rotates by one every round (A B C, B C A, ...) instead
    /// of staying A B C, so that no peer always runs right after the same neighbour.
    pub rotate: bool,
}

/// A batch returned the wrong checksum: that peer did not do the workload's work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecksumError {
    /// The workload.
    pub workload: &'static str,
    /// The peer that returned the wrong value.
    pub peer: &'static str,
    /// The value every batch must return.
    pub expected: u64,
    /// The value this batch returned.
    pub got: u64,
}

impl fmt::Display for ChecksumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "workload `{}`: peer `{}` returned checksum {:#x}, expected {:#x}",
            self.workload, self.peer, self.got, self.expected
        )
    }
}

impl std::error::Error for ChecksumError {}

/// Where a run is, reported to the progress callback before each round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The workload's name.
    pub workload: &'static str,
    /// Rounds done so far, warm-up rounds included.
    pub done: usize,
    /// All rounds, warm-up rounds included.
    pub total: usize,
}

/// Runs `workload`: `settings.warmup` unmeasured rounds, then `settings.rounds` measured
/// rounds, each running every peer's batch once (in an order rotating by one per round if
/// `settings.rotate`). Every batch's checksum is checked.
/// `progress` is called before each round.
pub fn run(
    mut workload: Workload<'_>,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress),
) -> Result<Outcome, ChecksumError> {
    let total = settings.warmup + settings.rounds;
    let ops = workload.ops_per_batch.max(1) as f64;
    let mut samples = vec![Vec::with_capacity(settings.rounds); workload.peers.len()];
    let mut cpu_samples = vec![Vec::with_capacity(settings.rounds); workload.peers.len()];
    for round in 0..total {
        progress(Progress {
            workload: workload.name,
            done: round,
            total,
        });
        let count = workload.peers.len();
        for slot in 0..count {
            let index = if settings.rotate {
                (slot + round) % count
            } else {
                slot
            };
            let peer = &mut workload.peers[index];
            let cpu_start = cpu::process_cpu_ns();
            let start = Instant::now();
            let got = black_box((peer.batch)());
            let elapsed = start.elapsed();
            let cpu_used = cpu::process_cpu_ns()
                .zip(cpu_start)
                .map(|(end, start)| end.saturating_sub(start));
            if got != workload.expected {
                return Err(ChecksumError {
                    workload: workload.name,
                    peer: peer.name,
                    expected: workload.expected,
                    got,
                });
            }
            if round >= settings.warmup {
                samples[index].push(elapsed.as_nanos() as f64 / ops);
                if let Some(cpu) = cpu_used {
                    cpu_samples[index].push(cpu as f64 / ops);
                }
            }
        }
    }
    let peers = workload
        .peers
        .into_iter()
        .zip(samples)
        .zip(cpu_samples)
        .filter_map(|((peer, samples), cpu_samples)| {
            let summary = Summary::of(&samples)?;
            Some(PeerResult {
                name: peer.name,
                how: peer.how,
                samples,
                summary,
                cpu_samples,
            })
        })
        .collect();
    Ok(Outcome {
        name: workload.name,
        title: workload.title,
        op: workload.op,
        ops_per_batch: workload.ops_per_batch,
        rounds: settings.rounds,
        peers,
        bars: workload.bars,
        columns: workload.columns,
        scaling: workload.scaling,
        notes: workload.notes,
        cpu_threads: workload.cpu_threads,
        headline: workload.headline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_checksum_fails_the_run() {
        let workload = Workload::new("w", "t", "op", 1, 42)
            .peer(Peer::new("good", "", || 42))
            .peer(Peer::new("lazy", "", || 41));
        let err = run(
            workload,
            &Settings {
                rounds: 3,
                warmup: 0,
                rotate: false,
            },
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(err.peer, "lazy");
        assert_eq!(err.got, 41);
    }

    #[test]
    fn rounds_interleave_peers() {
        let order = std::cell::RefCell::new(Vec::new());
        let workload = Workload::new("w", "t", "op", 10, 0)
            .peer(Peer::new("a", "", || {
                order.borrow_mut().push('a');
                0
            }))
            .peer(Peer::new("b", "", || {
                order.borrow_mut().push('b');
                0
            }));
        let outcome = run(
            workload,
            &Settings {
                rounds: 2,
                warmup: 1,
                rotate: false,
            },
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(*order.borrow(), ['a', 'b', 'a', 'b', 'a', 'b']);
        assert_eq!(outcome.peers[0].samples.len(), 2);
        assert!(outcome.ratio("a", "b").is_some());
        assert!(outcome.paired_ratio("a", "b").is_some());
        assert_eq!(outcome.ratio("a", "missing"), None);
    }

    #[test]
    fn rotation_shifts_the_order_and_keeps_samples_apart() {
        let order = std::cell::RefCell::new(String::new());
        let peer = |name: &'static str, ch: char| {
            let order = &order;
            Peer::new(name, "", move || {
                order.borrow_mut().push(ch);
                0
            })
        };
        let workload = Workload::new("w", "t", "op", 1, 0)
            .peer(peer("a", 'a'))
            .peer(peer("b", 'b'))
            .peer(peer("c", 'c'));
        let settings = Settings {
            rounds: 3,
            warmup: 0,
            rotate: true,
        };
        let outcome = run(workload, &settings, &mut |_| {}).unwrap();
        assert_eq!(*order.borrow(), "abcbcacab");
        let names: Vec<_> = outcome.peers.iter().map(|p| p.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(outcome.peers.iter().all(|p| p.samples.len() == 3));
    }
}
