//! Workload `pool`: per-request arenas taken from a pool, on one thread and on two.
//!
//! One *request*: take an arena from a pool, make [`ALLOCS`] slices of 2 to 8 `u64` (16 to 64
//! bytes, cycling) filled with values derived from the request and the slice, and give the
//! arena back. One batch: [`ITERS`] requests per thread, on 1 thread or on 2 threads sharing
//! one pool, started together (see [`on_threads`]). The whole batch is timed, threads included,
//! and divided by the requests *per thread*, so a 2-thread figure equal to the 1-thread one
//! means twice the throughput.
//!
//! | peer | one request |
//! |---|---|
//! | `ArenaPool` | `pool.get()`, allocations, drop the guard (resets the arena and puts it back) |
//! | `BumpPool` | bump-scope's `pool.get()`, allocations, drop the guard (puts the `Bump` back *without* resetting it: its memory comes back at `pool.reset()`, once per batch) |
//! | `BumpPool scoped` | the same, allocating inside `guard.scoped(..)`, so the memory is reclaimed before the guard goes back, as `ArenaPool` does |
//! | `Mutex<Vec<Bump>>` | pop a `bumpalo::Bump` (or make one), allocations, `reset`, push it back |
//! | `in hand` | the same allocations and a `reset` on an `arenakit::Arena` the thread already owns: no pool at all |
//!
//! bump-scope's `Bump`s use a minimum alignment of 8 ([`BumpScope8`](crate::peers::BumpScope8)),
//! its fast configuration. Checksum: every thread's sum of the last element of every slice,
//! read back from the slice; the threads of a batch must agree. Each request's memory is made
//! observable with [`crate::escape`] before it goes back.

use super::{bar_of as bar, on_threads, overhead_note, per_thread};
use crate::harness::{Peer, Scaling, Workload};
use arenakit::{Arena, ArenaPool};
use bump_scope::BumpBox;
use bump_scope::alloc::Global;
use bump_scope::settings::BumpSettings;
use std::hint::black_box;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The workload's name.
pub const NAME: &str = "pool";
/// Requests per thread per batch.
pub const ITERS: usize = 100_000;
/// Allocations per request.
pub const ALLOCS: usize = 10;

/// bump-scope's pool of `Bump`s with minimum alignment 8.
pub type BumpPool8 = bump_scope::BumpPool<Global, BumpSettings<8>>;
/// What a [`BumpPool8`] guard dereferences to.
pub type BumpScope8<'a> = bump_scope::BumpScope<'a, Global, BumpSettings<8>>;
/// The hand-made pool: idle bumpalo arenas behind one mutex.
pub type BumpaloPool = Mutex<Vec<bumpalo::Bump>>;

/// Elements of the `j`-th slice of a request: 2, 3, ..., 8, 2, ... (16 to 64 bytes).
#[inline(always)]
pub fn words(j: usize) -> usize {
    2 + j % 7
}

/// Value of element `w` of the `j`-th slice of request `it`.
#[inline(always)]
pub fn value(it: usize, j: usize, w: usize) -> u64 {
    (it * ALLOCS + j + w) as u64
}

/// An arena the slices of a request can be made in.
pub trait Fill {
    /// Allocates `len` values, the `i`-th being `f(i)`, with the library's fill method;
    /// returns the last one, read back from the slice.
    fn fill_last(&self, len: usize, f: impl FnMut(usize) -> u64) -> u64;
}

impl Fill for Arena {
    #[inline(always)]
    fn fill_last(&self, len: usize, f: impl FnMut(usize) -> u64) -> u64 {
        last(self.alloc_slice_fill_with(len, f))
    }
}

impl Fill for bumpalo::Bump {
    #[inline(always)]
    fn fill_last(&self, len: usize, f: impl FnMut(usize) -> u64) -> u64 {
        last(self.alloc_slice_fill_with(len, f))
    }
}

impl Fill for BumpScope8<'_> {
    #[inline(always)]
    fn fill_last(&self, len: usize, mut f: impl FnMut(usize) -> u64) -> u64 {
        // bump-scope's filler takes no index; count the calls (in order, once per element).
        let mut index = 0;
        let slice = self.alloc_slice_fill_with(len, || {
            let value = f(index);
            index += 1;
            value
        });
        last(BumpBox::leak(slice))
    }
}

/// The last element of `slice` (0 if empty).
#[inline(always)]
fn last(slice: &[u64]) -> u64 {
    slice.last().copied().unwrap_or(0)
}

/// The allocations of request `it`: `allocs` filled slices in `arena`; returns the checksum.
#[inline(always)]
fn request<A: Fill + ?Sized>(arena: &A, it: usize, allocs: usize) -> u64 {
    let mut sum = 0u64;
    for j in 0..allocs {
        sum = sum.wrapping_add(arena.fill_last(words(j), |w| value(it, j, w)));
    }
    sum
}

/// One thread's requests on an [`ArenaPool`].
#[inline(never)]
pub fn arena_pool(pool: &ArenaPool, iters: usize, allocs: usize) -> u64 {
    let (iters, allocs) = (black_box(iters), black_box(allocs));
    let mut sum = 0u64;
    for it in 0..iters {
        let arena = pool.get();
        sum = sum.wrapping_add(request(&*arena, it, allocs));
        crate::escape(&*arena);
    }
    sum
}

/// One thread's requests on a bump-scope [`BumpPool8`]; the memory comes back at the pool's
/// reset.
#[inline(never)]
pub fn bump_pool(pool: &BumpPool8, iters: usize, allocs: usize) -> u64 {
    let (iters, allocs) = (black_box(iters), black_box(allocs));
    let mut sum = 0u64;
    for it in 0..iters {
        let bump = pool.get();
        sum = sum.wrapping_add(request(&*bump, it, allocs));
        crate::escape(&*bump);
    }
    sum
}

/// One thread's requests on a bump-scope [`BumpPool8`], each inside a scope that reclaims its
/// memory before the guard goes back.
#[inline(never)]
pub fn bump_pool_scoped(pool: &BumpPool8, iters: usize, allocs: usize) -> u64 {
    let (iters, allocs) = (black_box(iters), black_box(allocs));
    let mut sum = 0u64;
    for it in 0..iters {
        let mut bump = pool.get();
        sum = sum.wrapping_add(bump.scoped(|scope| {
            let sum = request(&*scope, it, allocs);
            crate::escape(&*scope);
            sum
        }));
    }
    sum
}

/// Locks the hand-made pool (a panic while it was held leaves a valid `Vec`).
fn lock(pool: &BumpaloPool) -> MutexGuard<'_, Vec<bumpalo::Bump>> {
    pool.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One thread's requests on the hand-made `Mutex<Vec<Bump>>` pool.
#[inline(never)]
pub fn bumpalo_pool(pool: &BumpaloPool, iters: usize, allocs: usize) -> u64 {
    let (iters, allocs) = (black_box(iters), black_box(allocs));
    let mut sum = 0u64;
    for it in 0..iters {
        let mut bump = lock(pool).pop().unwrap_or_default();
        sum = sum.wrapping_add(request(&bump, it, allocs));
        crate::escape(&bump);
        bump.reset();
        lock(pool).push(bump);
    }
    sum
}

/// One thread's requests on an arena it owns: the allocations and a reset, no pool.
#[inline(never)]
pub fn in_hand(arena: &mut Arena, iters: usize, allocs: usize) -> u64 {
    let (iters, allocs) = (black_box(iters), black_box(allocs));
    let mut sum = 0u64;
    for it in 0..iters {
        sum = sum.wrapping_add(request(&*arena, it, allocs));
        crate::escape(&*arena);
        arena.reset();
    }
    sum
}

/// The checksum of one thread's requests, which every thread of a batch returns.
pub fn expected(iters: usize, allocs: usize) -> u64 {
    let mut sum = 0u64;
    for it in 0..iters {
        for j in 0..allocs {
            sum = sum.wrapping_add(value(it, j, words(j) - 1));
        }
    }
    sum
}

/// The threads' common checksum, or a value no batch expects if they disagree.
fn agreed(results: Vec<u64>) -> u64 {
    match results.split_first() {
        Some((first, rest)) if rest.iter().all(|r| r == first) => *first,
        _ => !results.into_iter().fold(0, u64::wrapping_add),
    }
}

/// The peer names of each pool kind: `[on 1 thread, on 2 threads]`.
type Names = [&'static str; 2];
/// Peer names of `ArenaPool`.
const ARENA_POOL: Names = ["ArenaPool 1t", "ArenaPool 2t"];
/// Peer names of bump-scope's `BumpPool`.
const BUMP_POOL: Names = ["BumpPool 1t", "BumpPool 2t"];
/// Peer names of bump-scope's `BumpPool` with a scope per request.
const BUMP_POOL_SCOPED: Names = ["BumpPool scoped 1t", "BumpPool scoped 2t"];
/// Peer names of the `Mutex<Vec<Bump>>` pool.
const BUMPALO_POOL: Names = ["Mutex<Vec<Bump>> 1t", "Mutex<Vec<Bump>> 2t"];
/// Peer names of the arena in hand (no pool).
const IN_HAND: Names = ["in hand 1t", "in hand 2t"];

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(ITERS, ALLOCS)
}

/// The workload with `iters` requests of `allocs` allocations per thread per batch.
pub fn sized(iters: usize, allocs: usize) -> Workload<'static> {
    let title = format!(
        "Pool get + {allocs} allocations of 16-64 bytes (written) + put, {iters} requests per \
         thread, on 1 thread and on 2 threads sharing one pool"
    );
    let mut workload = Workload::new(
        NAME,
        title,
        "request",
        iters as u64,
        expected(iters, allocs),
    )
    .columns(&IN_HAND)
    .headline(
        ARENA_POOL[0],
        &[BUMP_POOL[0], BUMP_POOL_SCOPED[0], BUMPALO_POOL[0]],
    )
    .note(format!(
        "Times are batch wall time / {iters} (requests per thread); `2t` rows ran 2 threads \
             at once, each doing {iters} requests on the same pool."
    ))
    .note(overhead_note(&[1, 2], iters as u64));
    let [one, two] = [0, 1];
    workload = workload
        .bar(bar(
            ARENA_POOL[one],
            IN_HAND[one],
            2.0,
            "ArenaPool 1t <= 2x the arena in hand",
        ))
        .bar(bar(
            ARENA_POOL[one],
            BUMP_POOL[one],
            1.0,
            "ArenaPool 1t no slower than BumpPool",
        ))
        .bar(bar(
            ARENA_POOL[two],
            BUMP_POOL[two],
            1.0,
            "ArenaPool 2t no slower than BumpPool",
        ))
        .bar(bar(
            ARENA_POOL[one],
            BUMP_POOL_SCOPED[one],
            1.0,
            "ArenaPool 1t no slower than BumpPool scoped",
        ))
        .bar(bar(
            ARENA_POOL[two],
            BUMP_POOL_SCOPED[two],
            1.0,
            "ArenaPool 2t no slower than BumpPool scoped",
        ))
        .bar(bar(
            ARENA_POOL[one],
            BUMPALO_POOL[one],
            1.0,
            "ArenaPool 1t no slower than Mutex<Vec<Bump>>",
        ))
        .bar(bar(
            ARENA_POOL[two],
            BUMPALO_POOL[two],
            1.0,
            "ArenaPool 2t no slower than Mutex<Vec<Bump>>",
        ))
        .bar(bar(
            ARENA_POOL[two],
            ARENA_POOL[one],
            1.25,
            "ArenaPool 2t throughput >= 1.6x 1t (ns/request/thread 2t <= 1.25x 1t)",
        ));
    for (label, names) in [
        ("ArenaPool", ARENA_POOL),
        ("BumpPool", BUMP_POOL),
        ("BumpPool scoped", BUMP_POOL_SCOPED),
        ("Mutex<Vec<Bump>>", BUMPALO_POOL),
        ("in hand", IN_HAND),
    ] {
        workload = workload.scaling(Scaling {
            label,
            one: names[0],
            many: names[1],
            threads: 2,
        });
    }
    for threads in [1, 2] {
        workload = with_pools(workload, threads, iters, allocs);
    }
    workload
}

/// Adds one peer per pool kind running on `threads` threads (1 or 2), each with its own pool.
fn with_pools(
    workload: Workload<'static>,
    threads: usize,
    iters: usize,
    allocs: usize,
) -> Workload<'static> {
    let name = |names: Names| names[threads - 1];
    let shared = move || vec![(); threads];
    let arena_pool_ = ArenaPool::new();
    let mut bump_pool_ = BumpPool8::new();
    let mut scoped_pool = BumpPool8::new();
    let bumpalo_pool_ = BumpaloPool::default();
    let mut arenas = per_thread(threads, Arena::new);
    workload
        .peer(Peer::new(
            name(ARENA_POOL),
            "arenakit ArenaPool: get, alloc_slice_fill_with, drop guard",
            move || {
                agreed(on_threads(&mut shared(), |_, _| {
                    arena_pool(&arena_pool_, iters, allocs)
                }))
            },
        ))
        .peer(Peer::new(
            name(BUMP_POOL),
            "bump-scope BumpPool: get, alloc_slice_fill_with, drop guard; pool.reset() per batch",
            move || {
                let sum = agreed(on_threads(&mut shared(), |_, _| {
                    bump_pool(&bump_pool_, iters, allocs)
                }));
                bump_pool_.reset();
                sum
            },
        ))
        .peer(Peer::new(
            name(BUMP_POOL_SCOPED),
            "bump-scope BumpPool: get, scoped(alloc_slice_fill_with), drop guard",
            move || {
                let sum = agreed(on_threads(&mut shared(), |_, _| {
                    bump_pool_scoped(&scoped_pool, iters, allocs)
                }));
                scoped_pool.reset();
                sum
            },
        ))
        .peer(Peer::new(
            name(BUMPALO_POOL),
            "Mutex<Vec<bumpalo::Bump>>: pop or new, alloc_slice_fill_with, reset, push",
            move || {
                agreed(on_threads(&mut shared(), |_, _| {
                    bumpalo_pool(&bumpalo_pool_, iters, allocs)
                }))
            },
        ))
        .peer(Peer::new(
            name(IN_HAND),
            "arenakit Arena owned by the thread: alloc_slice_fill_with, reset",
            move || {
                agreed(on_threads(&mut arenas, |_, arena| {
                    in_hand(arena, iters, allocs)
                }))
            },
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        let workload = sized(2_000, ALLOCS);
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        let kinds = [
            ARENA_POOL,
            BUMP_POOL,
            BUMP_POOL_SCOPED,
            BUMPALO_POOL,
            IN_HAND,
        ];
        let expected: Vec<_> = (0..2)
            .flat_map(|t| kinds.iter().map(move |names| names[t]))
            .collect();
        assert_eq!(names, expected);
        assert!(names.contains(&"Mutex<Vec<Bump>> 1t") && names.contains(&"Mutex<Vec<Bump>> 2t"));
        let settings = crate::harness::Settings {
            rounds: 2,
            warmup: 1,
            rotate: true,
        };
        crate::harness::run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn sizes_cover_16_to_64_bytes() {
        let bytes: Vec<usize> = (0..7).map(|j| words(j) * 8).collect();
        assert_eq!(bytes, [16, 24, 32, 40, 48, 56, 64]);
    }

    #[test]
    fn threads_must_agree() {
        assert_eq!(agreed(vec![5, 5]), 5);
        assert_ne!(agreed(vec![5, 6]), 5);
        assert_ne!(agreed(vec![5, 6]), 6);
    }
}
