//! Thread plumbing shared by the thread-safe types: cache-line padding and the mapping of
//! threads to shards.

use core::cell::Cell;
use core::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A value alone on its cache line (128 bytes: two 64-byte lines, since x86 prefetches lines in
/// pairs), so that shards written by different threads never share a line.
#[repr(align(128))]
pub(crate) struct CachePadded<T>(T);

impl<T> CachePadded<T> {
    pub(crate) const fn new(value: T) -> Self {
        CachePadded(value)
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// What a thread knows about itself, in one thread-local so the allocation path of a shared
/// arena reads a single TLS block.
pub(crate) struct ThreadSlot {
    /// This thread's number: assigned on first use, unique for the life of the process;
    /// [`UNASSIGNED`] until then, which no owner field ever holds (free is 0, numbers count up
    /// from 1), so a fast path may compare it with an owner without checking it first.
    number: Cell<usize>,
    /// The shard this thread last claimed in any shared arena (a hint, checked before use).
    pub(crate) hint: Cell<usize>,
}

std::thread_local! {
    static THREAD: ThreadSlot = const {
        ThreadSlot {
            number: Cell::new(UNASSIGNED),
            hint: Cell::new(0),
        }
    };
}

/// The number of a thread that has none yet (see [`ThreadSlot::number`]).
const UNASSIGNED: usize = usize::MAX;

/// Runs `f` with this thread's number and slot.
#[inline(always)]
pub(crate) fn with_thread<R>(f: impl FnOnce(usize, &ThreadSlot) -> R) -> R {
    THREAD.with(|slot| {
        let number = match slot.number.get() {
            UNASSIGNED => assign_number(slot),
            n => n,
        };
        f(number, slot)
    })
}

/// Runs `f` with this thread's number, [`UNASSIGNED`] if it has none yet (no branch to
/// assign one), and its slot: for fast paths that compare the number with an owner field and
/// go to a slow path (which assigns it) when it does not match.
#[inline(always)]
pub(crate) fn with_thread_unassigned<R>(f: impl FnOnce(usize, &ThreadSlot) -> R) -> R {
    THREAD.with(|slot| f(slot.number.get(), slot))
}

#[cold]
fn assign_number(slot: &ThreadSlot) -> usize {
    let assigned = NEXT_THREAD_NUMBER.fetch_add(1, Ordering::Relaxed);
    slot.number.set(assigned);
    assigned
}

/// The next thread number to assign (0 is never assigned: it marks a free owner field).
static NEXT_THREAD_NUMBER: AtomicUsize = AtomicUsize::new(1);

/// This thread's number: unique among the threads of the process, never 0, small and dense
/// (threads are numbered in the order they first ask), so consecutive threads fall in
/// different shards.
#[inline]
pub(crate) fn thread_number() -> usize {
    with_thread(|number, _| number)
}

/// Number of shards for a thread-safe structure: a power of two near twice the number of CPUs
/// (at least 2, at most 64).
pub(crate) fn shard_count() -> usize {
    let cpus = std::thread::available_parallelism().map_or(4, |n| n.get());
    (cpus * 2).next_power_of_two().clamp(2, 64)
}

use crate::arena::{Arena, Shared};
use crate::source::Heap;

/// An arena that any number of threads allocate from at once, without a lock on the
/// allocation path: the same API as [`Arena`](crate::Arena) (every `alloc*` and `try_*` method, `stats`,
/// `contains`, `reset`, memory sources, `Allocator` for `&SyncArena`), and `Send + Sync`.
///
/// Each thread bumps a cursor of its own (a *shard*, claimed on the thread's first allocation
/// with one compare-and-swap; from then on its allocations are plain loads and stores); a lock
/// is taken only to give a shard a new chunk, for large dedicated requests, and, when more
/// threads than shards have allocated since the last reset, for the allocations of the threads
/// left without one. Values registered with `alloc_owned` go on a lock-free list and are dropped
/// at `reset` or drop. Freed blocks are rolled back when they are the newest of the freeing
/// thread's shard; otherwise their memory comes back at reset.
///
/// # Examples
///
/// ```
/// use arenakit::SyncArena;
///
/// let arena = SyncArena::new();
/// let total: u64 = std::thread::scope(|s| {
///     let handles: Vec<_> = (0..4u64)
///         .map(|t| {
///             let arena = &arena;
///             s.spawn(move || {
///                 let xs = arena.alloc_slice_fill_with(1000, |i| t * 1000 + i as u64);
///                 xs.iter().sum::<u64>()
///             })
///         })
///         .collect();
///     handles.into_iter().map(|h| h.join().unwrap()).sum()
/// });
/// assert_eq!(total, (0..4000u64).sum::<u64>());
/// ```
///
/// A reference into it cannot outlive a `reset`, which needs `&mut`:
///
/// ```compile_fail,E0502
/// let mut arena = arenakit::SyncArena::new();
/// let n = arena.alloc(1u32);
/// arena.reset();
/// *n += 1;
/// ```
pub type SyncArena<S = Heap> = Arena<S, Shared>;
