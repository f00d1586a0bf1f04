//! The core-arena workloads and their registry.
//!
//! Each workload module has:
//!
//! - a parameter struct (counts, sizes) implementing [`BumpBatch`]: one batch on a warm bump
//!   arena, generic over [`BumpPeer`], ending with `reset`;
//!   [`BumpBatch::run_cold`] runs it on a fresh arena instead, for the cold rows
//!   ([`with_cold_peers`]) of `struct`, `string` and `slice`;
//! - a heap version (`Box`, `Vec`; every object freed), generic over an `allocator_api2`
//!   allocator and run on glibc, mimalloc and jemalloc ([`HeapBatch`], [`with_heap_peers`]);
//! - where it fits, a typed-arena version (a new `typed_arena::Arena` per batch or round: the
//!   crate has no reset);
//! - `expected`: the checksum every batch must return, computed without allocating;
//! - `workload()`: the [`Workload`] with all peers, as the `showdown` binary runs it.
//!
//! The batch functions are `#[inline(never)]` so each peer's loop is one symbol in the binary
//! (easy to find with `objdump`) and compiles the same in the binary and in the criterion
//! benches.
//!
//! | name | one operation | batch |
//! |---|---|---|
//! | `pure` | one 64-byte, 8-aligned allocation, nothing written | 1,000,000 then reset |
//! | `struct` | one `[u64; 8]` allocated and written | 1,000,000 then reset / free |
//! | `string` | one 24-40 byte string copied | 1,000,000 then reset / free |
//! | `slice` | one 1,000,000-element uninitialised `u64` slice, then reset / free | 100,000 calls |
//! | `slice-zeroed` | one 1,000,000-element zeroed `u64` slice (arenas write the zeros; heap: `vec![0; n]` / `allocate_zeroed`), then reset / free | 200 calls |
//! | `rounds` | one round: 1,000 allocations of 16-48 bytes (written), then reset / free | 10,000 rounds |
//! | `scopes` | one round: a scope with 100 allocations of 16-48 bytes (written), every 4th round a nested scope with 8 more, then the scope ends (never reset; reference rows: reset / free) | 100,000 rounds |
//! | `threads` | one 16-byte allocation (written) on each of 2 threads at once | 1,000,000 per thread, then reset / free |
//! | `pool` | one request: get an arena, 10 allocations of 16-64 bytes (written), put it back | 100,000 per thread, 1 or 2 threads |
//! | `messages` | one 42-field message (5 strings copied, 2 lists, 35 scalars; 8 heap allocations) built, then reset / free; plus a census | 200,000 (`--full`: 1,000,000) |
//! | `collections-map` | one insert and one lookup in a `u64 -> u64` hash map grown from empty, then drop / reset | 100,000 keys |
//! | `collections-vec` | one `u64` push onto a vector grown from empty, then drop / reset | 1,000,000 pushes |
//! | `json` | one parse of `data/batch.json` (20 log entries) into derived arena types / owned std types, then reset / drop; plus a heap census | 1,000 parses |
//! | `json-twitter` | one parse of `data/twitter.json` (100 tweets, 755 KB) into derived arena types / owned std types (serde_json, simd-json, sonic-rs) / DOMs, then reset / drop; plus a heap census | 8 parses |
//! | `json-citm`, `json-canada` | one parse of `data/citm_catalog.json` (1.7 MB) / `data/canada.json` (2.3 MB), every field and a skip-heavy subset, into derived arena types / owned types (serde_json, simd-json, sonic-rs) / DOMs; plus a heap census | 2 parses |
//! | `churn` | allocate a 16-128 byte object into one of 16,384 slots and free the one it replaces; plus bytes held over time (`churn-held.svg`) | 2,000,000 (`--full`: 10,000,000) on a fresh arena |
//!
//! The two multi-thread workloads run each batch on scoped threads started together
//! ([`on_threads`]), so their times include spawning and joining the threads; each reports the
//! fixed cost of that in a note under its table.

pub mod churn;
pub mod collections;
pub mod json;
pub mod messages;
pub mod pool;
pub mod pure;
pub mod rounds;
pub mod scopes;
pub mod slice;
pub mod strings;
pub mod structs;
pub mod threads;
pub mod zeroed;

use crate::extra::{Extra, Scale};
use crate::harness::{Bar, Peer, Summary, Workload};
use crate::peers::{BumpPeer, BumpScope8};
use crate::sysalloc::{Glibc, JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use std::sync::Barrier;
use std::time::Instant;

pub use crate::names::{ARENAKIT, BUMP_SCOPE, BUMPALO, FLOOR, SYSTEM, TYPED_ARENA};

/// Name of arenakit's cold rows.
pub const ARENAKIT_COLD: &str = <arenakit::Arena as BumpPeer>::COLD_NAME;
/// Name of bumpalo's cold rows, the baseline of the other cold rows.
pub const BUMPALO_COLD: &str = <bumpalo::Bump as BumpPeer>::COLD_NAME;
/// The warm bump-arena peers, in the order [`with_bump_peers`] adds them.
pub const BUMP_PEERS: [&str; 4] = [
    ARENAKIT,
    BUMPALO,
    BumpScope8::NAME,
    <blink_alloc::Blink as BumpPeer>::NAME,
];
/// The general-purpose allocators, in the order [`with_heap_peers`] adds them.
pub const HEAP_PEERS: [&str; 3] = [SYSTEM, MIMALLOC, JEMALLOC];
/// The cold bump-arena peers, in the order [`with_cold_peers`] adds them.
pub const COLD_PEERS: [&str; 4] = [
    ARENAKIT_COLD,
    BUMPALO_COLD,
    BumpScope8::COLD_NAME,
    <blink_alloc::Blink as BumpPeer>::COLD_NAME,
];
/// The ratio columns of the workloads with cold rows: warm rows read against `bumpalo`, cold
/// rows (and typed-arena) against `bumpalo cold`, everything against glibc.
pub const COLD_COLUMNS: [&str; 3] = [BUMPALO, BUMPALO_COLD, SYSTEM];

/// One batch of a workload on a bump arena.
pub trait BumpBatch {
    /// Runs one batch on `arena` (ending with `arena.reset()`) and returns its checksum.
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64;

    /// Runs one batch on a *cold* arena and returns its checksum: by default a fresh arena
    /// ([`BumpPeer::fresh`]) made for the batch, [`run`](BumpBatch::run) on it (reset
    /// included) and dropped, so every chunk comes new from the allocator and goes back to
    /// it. A workload whose batch is many independent operations on a reset arena (`slice`)
    /// overrides it to make a fresh arena per operation instead.
    fn run_cold<A: BumpPeer>(&self) -> u64 {
        let mut arena = A::fresh();
        self.run(&mut arena)
    }
}

/// One batch of a workload on a general-purpose allocator.
///
/// The workloads write their heap version once, generic over an `allocator_api2`
/// [`Allocator`], and run it on glibc, mimalloc and jemalloc through the adapters of
/// [`crate::sysalloc`] ([`Glibc`](type@Glibc), [`Mi`](type@Mi), [`Je`](type@Je)): the three
/// rows differ only in the allocator. (The glibc adapter calls `std::alloc::System` directly,
/// as mimalloc's and jemalloc's call theirs, rather than the binary's counting global
/// allocator.)
pub trait HeapBatch {
    /// The peer named `name` running the batch on `alloc`, with whatever state it reuses
    /// from batch to batch (the list that holds the objects until they are freed).
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static;
}

/// A peer that owns a warm arena of type `A` (made once with [`BumpPeer::fresh`], reused
/// through `reset`) and runs `batch` on it.
pub fn bump_peer<A, B>(how: &str, batch: B) -> Peer<'static>
where
    A: BumpPeer + 'static,
    B: BumpBatch + 'static,
{
    let mut arena = A::fresh();
    Peer::new(A::NAME, how, move || batch.run(&mut arena))
}

/// Adds the four bump-arena peers (arenakit, bumpalo, bump-scope with minimum alignment 8,
/// blink-alloc), each with its own warm arena, all running `batch`.
pub fn with_bump_peers<B: BumpBatch + Clone + 'static>(
    workload: Workload<'static>,
    how: &str,
    batch: B,
) -> Workload<'static> {
    workload
        .peer(bump_peer::<arenakit::Arena, _>(how, batch.clone()))
        .peer(bump_peer::<bumpalo::Bump, _>(how, batch.clone()))
        .peer(bump_peer::<BumpScope8, _>(
            &format!("{how} (MIN_ALIGN 8)"),
            batch.clone(),
        ))
        .peer(bump_peer::<blink_alloc::Blink, _>(how, batch))
}

/// A peer that makes a fresh arena of type `A` for every batch ([`BumpBatch::run_cold`]),
/// named [`BumpPeer::COLD_NAME`].
pub fn cold_peer<A, B>(how: &str, batch: B) -> Peer<'static>
where
    A: BumpPeer + 'static,
    B: BumpBatch + 'static,
{
    Peer::new(A::COLD_NAME, how, move || batch.run_cold::<A>())
}

/// Adds the cold rows of the four bump arenas ([`COLD_PEERS`]), all running `batch` on a
/// fresh arena per batch.
pub fn with_cold_peers<B: BumpBatch + Clone + 'static>(
    workload: Workload<'static>,
    how: &str,
    batch: B,
) -> Workload<'static> {
    workload
        .peer(cold_peer::<arenakit::Arena, _>(how, batch.clone()))
        .peer(cold_peer::<bumpalo::Bump, _>(how, batch.clone()))
        .peer(cold_peer::<BumpScope8, _>(
            &format!("{how} (MIN_ALIGN 8)"),
            batch.clone(),
        ))
        .peer(cold_peer::<blink_alloc::Blink, _>(how, batch))
}

/// Adds the three heap peers ([`HEAP_PEERS`]: glibc, mimalloc, jemalloc), each running
/// `batch` on its allocator.
pub fn with_heap_peers<B: HeapBatch>(workload: Workload<'static>, batch: &B) -> Workload<'static> {
    workload
        .peer(batch.heap_peer(SYSTEM, Glibc))
        .peer(batch.heap_peer(MIMALLOC, Mi))
        .peer(batch.heap_peer(JEMALLOC, Je))
}

/// The note under a table with cold rows (a fresh arena per `per`): what they include and
/// what to read them against; `typed_arena` says whether the table has a typed-arena row.
pub fn cold_note(per: &str, typed_arena: bool) -> String {
    let (typed, and_typed) = if typed_arena {
        (
            " (typed-arena, which has no reset, always does)",
            " (and typed-arena)",
        )
    } else {
        ("", "")
    };
    format!(
        "`cold` rows make a fresh arena for every {per} and drop it afterwards{typed}: their \
         times include taking every chunk from the allocator and giving it back (and the \
         first-touch page faults of any chunk the allocator maps fresh from the OS rather \
         than reusing memory freed earlier). Read them{and_typed} against \
         `{BUMPALO_COLD}`, the warm rows against `{BUMPALO}`. The heap rows ({}) run one \
         generic body through allocator-api2 adapters, each on its allocator's warm free lists.",
        HEAP_PEERS.join(", ")
    )
}

/// "arenakit's median is at most `max_ratio` times `baseline`'s".
pub fn bar(baseline: &'static str, max_ratio: f64, text: &'static str) -> Bar {
    Bar {
        peer: ARENAKIT,
        baseline,
        max_ratio,
        text,
    }
}

/// A value alone on its cache lines (128 bytes: x86 prefetches lines in pairs).
///
/// Per-thread state kept side by side in a `Vec` (an arena whose cursor lives in its struct, a
/// list whose length changes on every push) would otherwise share a cache line with the next
/// thread's, and every write would bounce the line between the cores: false sharing that
/// slows the threads down and has nothing to do with the allocator under test.
#[repr(align(128))]
#[derive(Debug, Default)]
pub struct Padded<T>(pub T);

impl<T> std::ops::Deref for Padded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Padded<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// `threads` values made by `make`, each on its own cache lines.
pub fn per_thread<T>(threads: usize, mut make: impl FnMut() -> T) -> Vec<Padded<T>> {
    (0..threads).map(|_| Padded(make())).collect()
}

/// Runs `body(t, &mut states[t])` on one scoped thread per element of `states`, all released
/// together by a [`Barrier`] once every thread has started, and returns each thread's result,
/// in thread order. The calling thread only waits, so `states.len()` threads do the work.
/// Per-thread states that are written often should be [`Padded`].
///
/// ```
/// let mut states = [1u64, 2, 3];
/// let results = showdown::workloads::on_threads(&mut states, |t, s| {
///     *s += 10;
///     t as u64
/// });
/// assert_eq!(results, [0, 1, 2]);
/// assert_eq!(states, [11, 12, 13]);
/// ```
pub fn on_threads<S: Send>(
    states: &mut [S],
    body: impl Fn(usize, &mut S) -> u64 + Sync,
) -> Vec<u64> {
    let barrier = Barrier::new(states.len());
    let (barrier, body) = (&barrier, &body);
    std::thread::scope(|scope| {
        let workers: Vec<_> = states
            .iter_mut()
            .enumerate()
            .map(|(t, state)| {
                scope.spawn(move || {
                    barrier.wait();
                    body(t, state)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a worker thread panicked"))
            .collect()
    })
}

/// Median nanoseconds of [`on_threads`] with `threads` threads doing nothing, over `runs`
/// runs: the fixed cost of spawning, synchronising and joining the workers that every batch
/// of a multi-thread workload includes.
pub fn thread_overhead_ns(threads: usize, runs: usize) -> f64 {
    let mut states = vec![(); threads];
    let samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(on_threads(&mut states, |t, _| t as u64));
            start.elapsed().as_nanos() as f64
        })
        .collect();
    Summary::of(&samples).map_or(0.0, |s| s.median)
}

/// The note a multi-thread workload prints about that fixed cost, for each of its thread
/// counts, in microseconds per batch and nanoseconds per operation per thread.
pub fn overhead_note(threads: &[usize], ops_per_thread: u64) -> String {
    let costs: Vec<String> = threads
        .iter()
        .map(|&n| {
            let ns = thread_overhead_ns(n, 101);
            format!(
                "{n} thread{}: {:.0} us per batch, {} ns per op per thread",
                if n == 1 { "" } else { "s" },
                ns / 1000.0,
                crate::format::format_ns(ns / ops_per_thread.max(1) as f64)
            )
        })
        .collect();
    format!(
        "Every batch includes spawning its scoped threads, a barrier and the joins; with threads \
         that do nothing that costs {}.",
        costs.join("; ")
    )
}

/// "`peer`'s median is at most `max_ratio` times `baseline`'s", for bars whose peer is not
/// the plain `arenakit` one (the multi-thread workloads).
pub fn bar_of(
    peer: &'static str,
    baseline: &'static str,
    max_ratio: f64,
    text: &'static str,
) -> Bar {
    Bar {
        peer,
        baseline,
        max_ratio,
        text,
    }
}

/// A workload the binary can run.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The workload's name (what `--only` matches).
    pub name: &'static str,
    /// Builds the workload with its peers (allocating their inputs and warm state).
    pub build: fn(Scale) -> Workload<'static>,
    /// Results that are not timings (a census, a time series), run after the timed rounds.
    pub extra: Option<fn(Scale) -> Extra>,
}

impl Spec {
    /// A spec with only a timed workload that is the same at every scale.
    pub const fn timed(name: &'static str, build: fn(Scale) -> Workload<'static>) -> Spec {
        Spec {
            name,
            build,
            extra: None,
        }
    }
}

/// Every workload, in report order.
pub fn all() -> Vec<Spec> {
    vec![
        Spec::timed(pure::NAME, |_| pure::workload()),
        Spec::timed(structs::NAME, |_| structs::workload()),
        Spec::timed(strings::NAME, |_| strings::workload()),
        Spec::timed(slice::NAME, |_| slice::workload()),
        Spec::timed(zeroed::NAME, |_| zeroed::workload()),
        Spec::timed(rounds::NAME, |_| rounds::workload()),
        Spec::timed(scopes::NAME, |_| scopes::workload()),
        Spec::timed(threads::NAME, |_| threads::workload()),
        Spec::timed(pool::NAME, |_| pool::workload()),
        Spec {
            name: messages::NAME,
            build: messages::workload,
            extra: Some(messages::extra),
        },
        Spec::timed(collections::MAP_NAME, |_| collections::map_workload()),
        Spec::timed(collections::VEC_NAME, |_| collections::vec_workload()),
        Spec {
            name: json::NAME,
            build: |_| json::workload(),
            extra: Some(json::extra),
        },
        Spec {
            name: json::TWITTER_NAME,
            build: |_| json::twitter_workload(),
            extra: Some(json::twitter_extra),
        },
        Spec {
            name: json::corpus::CITM_NAME,
            build: |_| json::corpus::citm_workload(),
            extra: Some(json::corpus::citm_extra),
        },
        Spec {
            name: json::corpus::CANADA_NAME,
            build: |_| json::corpus::canada_workload(),
            extra: Some(json::corpus::canada_extra),
        },
        Spec {
            name: churn::NAME,
            build: churn::workload,
            extra: Some(churn::extra),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `workload`'s peers are `groups` (concatenated, in order), then runs every
    /// peer twice (a warm-up round and a measured one); the harness checks every batch's
    /// checksum.
    pub(super) fn check(workload: Workload<'static>, groups: &[&[&'static str]]) {
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(names, groups.concat());
        let settings = crate::harness::Settings {
            rounds: 1,
            warmup: 1,
            rotate: true,
        };
        crate::harness::run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn peer_names_are_what_the_helpers_add() {
        assert_eq!(
            BUMP_PEERS,
            ["arenakit", "bumpalo", "bump-scope", "blink-alloc"]
        );
        assert_eq!(
            COLD_PEERS,
            [
                "arenakit cold",
                "bumpalo cold",
                "bump-scope cold",
                "blink-alloc cold"
            ]
        );
        assert_eq!(HEAP_PEERS[1..], ["mimalloc", "jemalloc"]);
        let names =
            |w: Workload<'static>| -> Vec<&str> { w.peers.iter().map(|p| p.name).collect() };
        let batch = pure::Pure { count: 1 };
        let empty = || Workload::new("w", "t", "op", 1, 1);
        assert_eq!(names(with_bump_peers(empty(), "", batch)), BUMP_PEERS);
        assert_eq!(names(with_cold_peers(empty(), "", batch)), COLD_PEERS);
        assert_eq!(names(with_heap_peers(empty(), &batch)), HEAP_PEERS);
    }

    #[test]
    fn names_are_unique() {
        let names: std::collections::HashSet<_> = all().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), all().len());
    }
}
