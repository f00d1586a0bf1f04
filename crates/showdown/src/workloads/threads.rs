//! Workload `threads`: two threads allocating at once.
//!
//! One batch: [`THREADS`] scoped threads, released together by a barrier (see
//! [`on_threads`]), each making [`COUNT`] allocations of a 16-byte [`Block`] and writing
//! `[i, t]` into the `i`-th block of thread `t`; then a reset (or, on the heap, every box
//! freed). The whole batch is timed, threads included, and the time is divided by the
//! allocations *per thread*: the figure is the cost of one allocation as each thread sees it
//! while the other allocates too.
//!
//! The peers differ in how the threads share an allocator:
//!
//! | peer | sharing |
//! |---|---|
//! | `SyncArena` | one `arenakit::SyncArena` for both threads, no lock on the allocation path; reset after the join |
//! | `arenakit` | one `arenakit::Arena` per thread (nothing shared: the baseline) |
//! | `bumpalo` | one `bumpalo::Bump` per thread |
//! | `Mutex<Bump>` | one `bumpalo::Bump` behind a `std::sync::Mutex`, locked per allocation |
//! | `SyncBlinkAlloc` | one `blink_alloc::SyncBlinkAlloc` (a compare-and-swap cursor) for both |
//! | `blink local()` | the same, each thread allocating through its own `local()` proxy |
//! | `spin Arena` | one `arenakit::Arena` behind [`SpinLock`], locked per allocation (the first seed's design) |
//! | `glibc`, `mimalloc`, `jemalloc` | `Box<[u64; 2]>` per allocation from that allocator (each thread its own `malloc` calls, one generic body: [`heap`]), all freed at the end of the batch |
//!
//! Checksum: the sum of both words of every block, read back from the block. Each thread's
//! memory is made observable with [`crate::escape`] after its loop.

use super::{ARENAKIT, BUMPALO, SYSTEM, bar_of as bar, on_threads, overhead_note, per_thread};
use crate::harness::{Peer, Workload};
use crate::spin::SpinLock;
use crate::sysalloc::{Glibc, JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box;
use arenakit::{Arena, SyncArena};
use blink_alloc::{LocalBlinkAlloc, SyncBlinkAlloc};
use bumpalo::Bump;
use std::alloc::{Layout, handle_alloc_error};
use std::hint::black_box;
use std::ptr::NonNull;
use std::sync::{Mutex, PoisonError};

/// The workload's name.
pub const NAME: &str = "threads";
/// Threads allocating at once.
pub const THREADS: usize = 2;
/// Allocations per thread per batch.
pub const COUNT: usize = 1_000_000;
/// Name of the shared `SyncArena` peer.
pub const SYNC_ARENA: &str = "SyncArena";
/// Name of the shared, mutex-guarded bumpalo peer.
pub const MUTEX_BUMP: &str = "Mutex<Bump>";
/// Name of the shared blink-alloc peer.
pub const SYNC_BLINK: &str = "SyncBlinkAlloc";
/// Name of the blink-alloc peer allocating through per-thread `local()` proxies.
pub const BLINK_LOCAL: &str = "blink local()";
/// Name of the spinlock-guarded `arenakit::Arena` peer.
pub const SPIN_ARENA: &str = "spin Arena";

/// What every allocation holds: its index and its thread's number (16 bytes, aligned to 8).
pub type Block = [u64; 2];

/// Makes `count` blocks through `alloc` (which allocates, writes the value it is given and
/// returns the sum of the block's words read back); returns the sum of those sums.
#[inline(always)]
fn fill(count: usize, t: usize, mut alloc: impl FnMut(Block) -> u64) -> u64 {
    let count = black_box(count);
    let mut sum = 0u64;
    for i in 0..count {
        sum = sum.wrapping_add(alloc([i as u64, t as u64]));
    }
    sum
}

/// The sum of the words of `block`.
#[inline(always)]
fn words(block: &Block) -> u64 {
    block[0].wrapping_add(block[1])
}

/// Thread `t`'s loop on the shared [`SyncArena`].
#[inline(never)]
pub fn sync_arena(arena: &SyncArena, t: usize, count: usize) -> u64 {
    let sum = fill(count, t, |value| words(arena.alloc(value)));
    crate::escape(arena);
    sum
}

/// Thread `t`'s loop on its own [`Arena`].
#[inline(never)]
pub fn arena(arena: &Arena, t: usize, count: usize) -> u64 {
    let sum = fill(count, t, |value| words(arena.alloc(value)));
    crate::escape(arena);
    sum
}

/// Thread `t`'s loop on its own bumpalo [`Bump`].
#[inline(never)]
pub fn bumpalo(bump: &Bump, t: usize, count: usize) -> u64 {
    let sum = fill(count, t, |value| words(bump.alloc(value)));
    crate::escape(bump);
    sum
}

/// Thread `t`'s loop on the shared `Mutex<Bump>`, locking it for every allocation.
#[inline(never)]
pub fn mutex_bump(shared: &Mutex<Bump>, t: usize, count: usize) -> u64 {
    let sum = fill(count, t, |value| {
        let bump = shared.lock().unwrap_or_else(PoisonError::into_inner);
        words(bump.alloc(value))
    });
    crate::escape(shared);
    sum
}

/// Writes `value` into the fresh block `ptr` and returns the sum of its words read back.
///
/// # Safety
///
/// `ptr` is valid for writes of a [`Block`], aligned for it, and not used by anyone else.
#[inline(always)]
unsafe fn write_block(ptr: NonNull<u8>, value: Block) -> u64 {
    let block = ptr.cast::<Block>();
    // SAFETY: the caller guarantees `ptr` is a valid, aligned, unaliased block for a `Block`.
    unsafe { block.write(value) };
    // SAFETY: just initialised, and nothing else refers to it.
    words(unsafe { block.as_ref() })
}

/// The block blink-alloc handed out for a [`Block`], or the global allocation-error handler.
#[inline(always)]
fn blink_block<E>(block: Result<NonNull<[u8]>, E>) -> NonNull<u8> {
    match block {
        Ok(block) => block.cast(),
        Err(_) => handle_alloc_error(Layout::new::<Block>()),
    }
}

/// Thread `t`'s loop on the shared [`SyncBlinkAlloc`].
#[inline(never)]
pub fn sync_blink(blink: &SyncBlinkAlloc, t: usize, count: usize) -> u64 {
    let layout = Layout::new::<Block>();
    let sum = fill(count, t, |value| {
        let ptr = blink_block(blink.allocate(layout));
        // SAFETY: a fresh block for `layout` (the size and alignment of a `Block`), valid
        // until the allocator's reset, which needs `&mut` and so waits for this borrow.
        unsafe { write_block(ptr, value) }
    });
    crate::escape(blink);
    sum
}

/// Thread `t`'s loop on its own `local()` proxy of a shared [`SyncBlinkAlloc`].
#[inline(never)]
pub fn blink_local(local: &LocalBlinkAlloc<'_>, t: usize, count: usize) -> u64 {
    let layout = Layout::new::<Block>();
    let sum = fill(count, t, |value| {
        let ptr = blink_block(local.allocate(layout));
        // SAFETY: as in `sync_blink`: a fresh block for a `Block`, valid while the proxy and
        // its shared allocator are borrowed.
        unsafe { write_block(ptr, value) }
    });
    crate::escape(local);
    sum
}

/// Thread `t`'s loop on the shared spinlock-guarded [`Arena`], locking it per allocation.
#[inline(never)]
pub fn spin_arena(shared: &SpinLock<Arena>, t: usize, count: usize) -> u64 {
    let sum = fill(count, t, |value| {
        let arena = shared.lock();
        words(arena.alloc(value))
    });
    crate::escape(shared);
    sum
}

/// Thread `t`'s loop on the general-purpose allocator `alloc`: `count` boxes kept in `boxes`
/// (a reused list), then all freed.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(
    boxes: &mut Vec<Box<Block, A>>,
    t: usize,
    count: usize,
    alloc: A,
) -> u64 {
    let sum = fill(count, t, |value| {
        let block = Box::new_in(value, alloc);
        let sum = words(&block);
        boxes.push(block);
        sum
    });
    crate::escape(boxes);
    boxes.clear();
    sum
}

/// The checksum of a batch: `threads` threads of `count` allocations.
pub fn expected(threads: usize, count: usize) -> u64 {
    let (threads, count) = (threads as u64, count as u64);
    threads * (count * count.saturating_sub(1) / 2)
        + count * (threads * threads.saturating_sub(1) / 2)
}

/// The wrapping sum of the threads' checksums.
fn total(results: Vec<u64>) -> u64 {
    results.into_iter().fold(0, u64::wrapping_add)
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(COUNT)
}

/// The workload with `count` allocations per thread per batch.
pub fn sized(count: usize) -> Workload<'static> {
    let title = format!(
        "{THREADS} threads at once, each making {count} x 16-byte allocations (index written), \
         then reset / free"
    );
    let shared = || [(); THREADS];
    let workload = Workload::new(NAME, title, "alloc", count as u64, expected(THREADS, count))
        .columns(&[ARENAKIT, SYNC_ARENA, SYSTEM])
        .cpu_column(THREADS as u32)
        // The shared arena is the subject here, against every other shared arena (blink's
        // `local()` proxies included); one arena per thread is its baseline.
        .headline(
            SYNC_ARENA,
            &[SYNC_BLINK, BLINK_LOCAL, MUTEX_BUMP, SPIN_ARENA],
        )
        .bar(bar(
            SYNC_ARENA,
            ARENAKIT,
            1.5,
            "SyncArena shared <= 1.5x one Arena per thread",
        ))
        .bar(bar(
            SYNC_ARENA,
            BUMPALO,
            1.2,
            "SyncArena shared <= 1.2x one bumpalo per thread",
        ))
        .bar(bar(
            SYNC_ARENA,
            MUTEX_BUMP,
            0.05,
            "SyncArena >= 20x faster than Mutex<Bump> shared",
        ))
        .note(format!(
            "Times are batch wall time / {count} (allocations per thread): while one thread \
             makes an allocation, the other makes one too. CPU ns/alloc = CPU time of the \
             whole process during the batch / ({THREADS} x {count}): the work per allocation \
             without the time a thread waited for a core (nor the time it slept on a lock)."
        ))
        .note(overhead_note(&[THREADS], count as u64));

    let mut sync = SyncArena::new();
    let mut arenas = per_thread(THREADS, Arena::new);
    let mut bumps = per_thread(THREADS, Bump::new);
    let mut mutex = Mutex::new(Bump::new());
    let mut blink = SyncBlinkAlloc::new();
    let mut blink_proxied = SyncBlinkAlloc::new();
    let mut spin = SpinLock::new(Arena::new());
    workload
        .peer(Peer::new(
            SYNC_ARENA,
            "one shared SyncArena, alloc",
            move || {
                let sum = total(on_threads(&mut shared(), |t, _| {
                    sync_arena(&sync, t, count)
                }));
                sync.reset();
                sum
            },
        ))
        .peer(Peer::new(
            ARENAKIT,
            "one Arena per thread, alloc",
            move || {
                total(on_threads(&mut arenas, |t, a| {
                    let sum = arena(a, t, count);
                    a.reset();
                    sum
                }))
            },
        ))
        .peer(Peer::new(
            BUMPALO,
            "one Bump per thread, alloc",
            move || {
                total(on_threads(&mut bumps, |t, b| {
                    let sum = bumpalo(b, t, count);
                    b.reset();
                    sum
                }))
            },
        ))
        .peer(Peer::new(
            MUTEX_BUMP,
            "one shared Mutex<Bump>, lock + alloc",
            move || {
                let sum = total(on_threads(&mut shared(), |t, _| {
                    mutex_bump(&mutex, t, count)
                }));
                mutex
                    .get_mut()
                    .unwrap_or_else(PoisonError::into_inner)
                    .reset();
                sum
            },
        ))
        .peer(Peer::new(
            SYNC_BLINK,
            "one shared SyncBlinkAlloc, allocate",
            move || {
                let sum = total(on_threads(&mut shared(), |t, _| {
                    sync_blink(&blink, t, count)
                }));
                blink.reset();
                sum
            },
        ))
        .peer(Peer::new(
            BLINK_LOCAL,
            "one shared SyncBlinkAlloc, a local() proxy per thread, allocate",
            move || {
                let sum = total(on_threads(&mut shared(), |t, _| {
                    blink_local(&blink_proxied.local(), t, count)
                }));
                blink_proxied.reset();
                sum
            },
        ))
        .peer(Peer::new(
            SPIN_ARENA,
            "one shared SpinLock<Arena>, lock + alloc",
            move || {
                let sum = total(on_threads(&mut shared(), |t, _| {
                    spin_arena(&spin, t, count)
                }));
                spin.get_mut().reset();
                sum
            },
        ))
        .peer(heap_peer(SYSTEM, Glibc, count))
        .peer(heap_peer(MIMALLOC, Mi, count))
        .peer(heap_peer(JEMALLOC, Je, count))
}

/// The heap peer named `name`: each thread allocates its boxes from `alloc` into its own
/// reused list.
fn heap_peer<A>(name: &'static str, alloc: A, count: usize) -> Peer<'static>
where
    A: Allocator + Copy + Send + Sync + 'static,
{
    let mut lists = per_thread(THREADS, || Vec::with_capacity(count));
    Peer::new(
        name,
        "Box<[u64; 2]>::new_in per alloc on each thread, all dropped",
        move || {
            total(on_threads(&mut lists, |t, boxes| {
                heap(boxes, t, count, alloc)
            }))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        let workload = sized(20_000);
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                SYNC_ARENA,
                ARENAKIT,
                BUMPALO,
                MUTEX_BUMP,
                SYNC_BLINK,
                BLINK_LOCAL,
                SPIN_ARENA,
                SYSTEM,
                MIMALLOC,
                JEMALLOC
            ]
        );
        let settings = crate::harness::Settings {
            rounds: 2,
            warmup: 1,
            rotate: true,
        };
        crate::harness::run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn expected_counts_both_words() {
        // Thread 0: 0 + 1 + 2; thread 1: (0 + 1) + (1 + 1) + (2 + 1).
        assert_eq!(expected(2, 3), 3 + 6);
        let mut sum = 0;
        for t in 0..2 {
            sum += fill(3, t, |block| words(&block));
        }
        assert_eq!(sum, expected(2, 3));
    }
}
