//! `ArenaPool` across threads: far more gets than idle slots, arenas handed back reset,
//! metrics that add up, trimming to `max_retained`, `get_owned` guards moving between threads,
//! destructors run when a guard drops, and the per-arena limit.
//!
//! `ARENAKIT_STRESS_SCALE` (a positive number, default 1) scales the iteration counts, for slow
//! runners (valgrind, sanitizers).

use crate::common::{CountingSource, DropCounter, DropLog};
use arenakit::source::{Heap, MemorySource};
use arenakit::{AllocErrorKind, ArenaPool, OwnedPooledArena, PooledArena};
use core::alloc::Layout;
use core::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

/// `n` scaled by `ARENAKIT_STRESS_SCALE` (default 1), at least 1.
fn scaled(n: usize) -> usize {
    let scale = std::env::var("ARENAKIT_STRESS_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0);
    ((n as f64 * scale) as usize).max(1)
}

/// The most idle arenas a pool keeps: `max_idle` spread over the shards, at least one each
/// (see `PoolBuilder::max_idle`).
fn idle_bound<S: MemorySource + Clone>(pool: &ArenaPool<S>) -> usize {
    // The shared lists, plus the one arena each shard's owning thread keeps.
    pool.max_idle().div_ceil(pool.shards()).max(1) * pool.shards() + pool.shards()
}

/// Bytes taken from and given back to the heap, by every clone of the source: what the pool's
/// `capacity_bytes` and `trimmed_bytes` are checked against.
#[derive(Clone, Debug, Default)]
struct ByteCounter {
    taken: Arc<AtomicUsize>,
    given_back: Arc<AtomicUsize>,
}

impl ByteCounter {
    fn taken(&self) -> usize {
        self.taken.load(Ordering::SeqCst)
    }

    fn given_back(&self) -> usize {
        self.given_back.load(Ordering::SeqCst)
    }
}

// SAFETY: every block comes from `Heap`, which upholds the contract, and goes back to it with
// the layout it was allocated with.
unsafe impl MemorySource for ByteCounter {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        let block = Heap.allocate(layout)?;
        self.taken.fetch_add(layout.size(), Ordering::SeqCst);
        Some(block)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        self.given_back.fetch_add(layout.size(), Ordering::SeqCst);
        // SAFETY: the arena gives back a block from `allocate`, which came from `Heap` with
        // this layout.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

// Compile-time checks: the pool is `Send + Sync` (over any `Send + Sync + Clone` source), both
// guards are `Send`, and a borrowed guard is not `Sync` (it hands out a `!Sync` `Arena`).
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<ArenaPool>();
    send_sync::<ArenaPool<CountingSource>>();
    send_sync::<Arc<ArenaPool>>();
    send::<PooledArena<'_>>();
    send::<OwnedPooledArena>();
    send::<OwnedPooledArena<CountingSource>>();

    // `PooledArena: !Sync`: the call below is ambiguous, hence a compile error, exactly when
    // the type is `Sync`.
    trait AmbiguousIfSync<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSync<()> for T {}
    impl<T: ?Sized + Sync> AmbiguousIfSync<u8> for T {}
    <PooledArena<'_> as AmbiguousIfSync<_>>::check();
    <OwnedPooledArena as AmbiguousIfSync<_>>::check();
};

/// 8 threads take far more arenas than the pool keeps idle (`max_idle` 4): every arena comes
/// back reset, and the metrics add up at the end.
#[test]
fn many_gets_across_threads_with_few_idle_slots() {
    let threads = 8;
    let gets_per_thread = scaled(1000);
    let source = ByteCounter::default();
    let pool = ArenaPool::builder()
        .source(source.clone())
        .chunk_size(4096)
        .max_idle(4)
        .build();
    let barrier = Barrier::new(threads);
    let used_total: u64 = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (pool, barrier) = (&pool, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let mut used = 0u64;
                    for i in 0..gets_per_thread {
                        let arena = pool.get();
                        assert_eq!(arena.stats().used, 0, "arena came back with data");
                        // (A reset arena may keep its current chunk leased, emptied.)
                        assert!(arena.stats().regular_chunks <= 1);
                        assert_eq!(arena.stats().dedicated_chunks, 0);
                        // From nothing to a few chunks, and now and then a dedicated one.
                        let n = (t * 7 + i) % 40;
                        for k in 0..n {
                            let xs = arena.alloc_slice_fill_with(k + 1, |j| (t, i, j));
                            assert_eq!(xs[k], (t, i, k));
                        }
                        if i % 50 == 0 {
                            arena.alloc_uninit_slice::<u8>(5000);
                        }
                        used += arena.stats().used as u64;
                        // Sometimes two at once, so more arenas are alive.
                        if i % 10 == 0 {
                            let second = pool.get();
                            assert_eq!(second.stats().used, 0);
                            second.alloc(1u8);
                            used += second.stats().used as u64;
                        }
                    }
                    used
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let m = pool.metrics();
    let extra_gets = threads * gets_per_thread.div_ceil(10);
    assert_eq!(m.gets, (threads * gets_per_thread + extra_gets) as u64);
    assert_eq!(m.active, 0);
    assert!(
        m.idle <= idle_bound(&pool),
        "{} idle > bound {}",
        m.idle,
        idle_bound(&pool)
    );
    assert!(m.idle >= 1);
    // Every arena created is now idle or was dropped past `max_idle`.
    assert_eq!(m.created, m.dropped + m.idle as u64);
    assert!(m.created >= 1 && m.created <= m.gets);
    assert!(m.high_water_active >= 1);
    // At most every thread's two guards, plus the arenas idle at the time.
    assert!(m.high_water_active <= 2 * threads + idle_bound(&pool));
    assert!(m.created as usize >= m.high_water_active);
    assert_eq!(m.used_bytes, used_total);
    // Memory: what the idle arenas hold, and what went back to the heap.
    assert_eq!(m.capacity_bytes, source.taken() - source.given_back());
    assert_eq!(m.trimmed_bytes as usize, source.given_back());
    drop(pool);
    assert_eq!(
        source.taken(),
        source.given_back(),
        "the pool leaked chunks"
    );
}

/// An arena comes back reset (and warm): same chunks, nothing used, values dropped; a guard
/// can also reset mid-request.
#[test]
fn arenas_come_back_reset_and_warm() {
    let pool = ArenaPool::builder().max_idle(1).build();
    let drops = DropCounter::default();
    let (held, chunk) = {
        let mut arena = pool.get();
        let first = arena.alloc_str("first request");
        assert_eq!(first, "first request");
        arena.alloc_owned(drops.token());
        arena.reset();
        assert_eq!(drops.get(), 1, "reset through the guard runs destructors");
        assert_eq!(arena.stats().used, 0);
        let block = arena.alloc([7u64; 16]);
        arena.alloc_owned(drops.token());
        (arena.stats().held, block.as_ptr().addr())
    };
    assert_eq!(drops.get(), 2);
    let m = pool.metrics();
    assert_eq!((m.gets, m.created, m.active, m.idle), (1, 1, 0, 1));
    assert_eq!(m.capacity_bytes, held);
    let arena = pool.get();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, held, "the arena lost its chunks");
    // The same memory is handed out again.
    assert_eq!(arena.alloc([0u64; 16]).as_ptr().addr(), chunk);
    drop(arena);
    assert_eq!(pool.metrics().created, 1);
}

/// With `zero_on_reset`, the memory of one request is zero for the next.
#[test]
fn zero_on_reset_pool_hands_out_clean_memory() {
    let pool = ArenaPool::builder().zero_on_reset(true).max_idle(1).build();
    let secret = {
        let arena = pool.get();
        let secret = arena.alloc_str("hunter2 hunter2 hunter2");
        secret.as_ptr().addr()
    };
    let arena = pool.get();
    let slots = arena.alloc_uninit_slice::<u8>(23);
    assert_eq!(slots.as_ptr().addr(), secret);
    // SAFETY: the arena zeroed the bytes written in the previous request, and these are they.
    let bytes = unsafe { crate::common::assume_init_bytes(slots) };
    assert!(bytes.iter().all(|&b| b == 0));
}

/// `max_retained` trims each arena as it comes back: the idle arenas keep at most that much,
/// and `trimmed_bytes` counts exactly what went back to the source.
#[test]
fn max_retained_trimming_is_counted() {
    let source = ByteCounter::default();
    let max_retained = 3 * 4096;
    let pool = ArenaPool::builder()
        .source(source.clone())
        .chunk_size(4096)
        .max_retained(max_retained)
        .max_idle(64)
        .build();
    // One thread first: exact numbers.
    let held = {
        let arena = pool.get();
        for i in 0..200u64 {
            arena.alloc([i; 16]); // 128 bytes: many regular chunks
        }
        arena.alloc_uninit_slice::<u8>(20_000); // a dedicated chunk
        arena.stats().held
    };
    assert!(held > max_retained);
    let m = pool.metrics();
    assert!(m.capacity_bytes <= max_retained);
    assert_eq!(m.trimmed_bytes as usize, held - m.capacity_bytes);
    assert_eq!(m.trimmed_bytes as usize, source.given_back());
    // Then several threads.
    let threads = 4;
    thread::scope(|s| {
        for t in 0..threads {
            let pool = &pool;
            s.spawn(move || {
                for i in 0..scaled(50) {
                    let arena = pool.get();
                    assert!(arena.stats().held <= max_retained);
                    for k in 0..(t + i) % 100 {
                        arena.alloc([k; 20]);
                    }
                }
            });
        }
    });
    let m = pool.metrics();
    assert_eq!(m.active, 0);
    assert!(m.capacity_bytes <= m.idle * max_retained);
    assert_eq!(m.capacity_bytes, source.taken() - source.given_back());
    assert_eq!(m.trimmed_bytes as usize, source.given_back());
    assert!(m.trimmed_bytes > 0);
}

/// `max_idle` drops the arenas coming back past the per-shard bound; their memory counts as
/// trimmed.
#[test]
fn arenas_past_max_idle_are_dropped_and_counted() {
    let source = ByteCounter::default();
    let pool = ArenaPool::builder()
        .source(source.clone())
        .max_idle(1)
        .build();
    let n = 3 * pool.shards() + 5;
    // All from one thread: they all go back to one shard, which keeps two (the owner's slot
    // and one in its list).
    let guards: Vec<_> = (0..n).map(|_| pool.get()).collect();
    for guard in &guards {
        guard.alloc(1u64);
    }
    assert_eq!(pool.metrics().active, n);
    assert_eq!(pool.metrics().high_water_active, n);
    drop(guards);
    let m = pool.metrics();
    assert_eq!((m.active, m.idle), (0, 2));
    assert_eq!(m.dropped as usize, n - 2);
    assert_eq!(m.created as usize, n);
    assert_eq!(m.trimmed_bytes as usize, source.given_back());
    assert_eq!(m.capacity_bytes, source.taken() - source.given_back());
}

/// While guards are held by several threads, `active` counts them; `high_water_active` keeps
/// the peak.
#[test]
fn active_counts_guards_held_by_threads() {
    let pool = ArenaPool::new();
    let threads = 4;
    let held = Barrier::new(threads + 1);
    let release = Barrier::new(threads + 1);
    thread::scope(|s| {
        for _ in 0..threads {
            let (pool, held, release) = (&pool, &held, &release);
            s.spawn(move || {
                let arena = pool.get();
                arena.alloc(1u32);
                held.wait();
                release.wait();
                drop(arena);
            });
        }
        held.wait();
        let m = pool.metrics();
        assert_eq!(m.active, threads);
        assert_eq!(m.created as usize, threads);
        assert_eq!(m.high_water_active, threads);
        release.wait();
    });
    let m = pool.metrics();
    assert_eq!((m.active, m.idle, m.gets), (0, threads, threads as u64));
    assert_eq!(m.used_bytes, threads as u64 * 8);
}

/// `get_owned` guards move into `'static` threads (spawned, not scoped), even into a thread
/// other than the one that took them, and go back to the pool from there.
#[test]
fn get_owned_across_threads() {
    let pool = Arc::new(ArenaPool::builder().max_idle(8).build());
    let drops = DropCounter::default();
    let threads = 6;
    let rounds = scaled(50);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let (pool, drops) = (Arc::clone(&pool), drops.clone());
            thread::spawn(move || {
                for i in 0..rounds {
                    let arena = pool.get_owned();
                    assert_eq!(arena.stats().used, 0);
                    let text = arena.alloc_str(&format!("{t}/{i}")).len();
                    arena.alloc_owned(drops.token());
                    // Hand the guard to another thread, which allocates and drops it.
                    let moved = thread::spawn(move || {
                        let xs = arena.alloc_slice_fill_with(10, |j| j * t);
                        assert_eq!(xs[9], 9 * t);
                        arena.stats().used
                    })
                    .join()
                    .unwrap();
                    assert!(moved >= text + 80);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(drops.get(), threads * rounds);
    let m = pool.metrics();
    assert_eq!(m.gets as usize, threads * rounds);
    assert_eq!(m.active, 0);
    assert!(m.idle <= idle_bound(&pool));
    assert_eq!(Arc::strong_count(&pool), 1, "a guard kept the pool alive");
}

/// Values registered with `alloc_owned` in a pooled arena are dropped when the guard drops
/// (borrowed or owned guard, arena kept idle or dropped past `max_idle`), exactly once, and the
/// pool's chunks all go back to the source when it is dropped.
#[test]
fn owned_values_drop_with_the_guard() {
    let source = CountingSource::new();
    let log = source.log();
    let pool = Arc::new(
        ArenaPool::builder()
            .source(source)
            .chunk_size(1024)
            .max_idle(1)
            .build(),
    );
    let drop_log = DropLog::default();
    let threads = 4u32;
    let per_thread = scaled(100) as u32;
    thread::scope(|s| {
        for t in 0..threads {
            let (pool, drop_log) = (&pool, &drop_log);
            s.spawn(move || {
                for i in 0..per_thread {
                    let id = t * per_thread + i;
                    let before = drop_log.len();
                    if i % 2 == 0 {
                        let arena = pool.get();
                        arena.alloc_owned(drop_log.tracked(id));
                        arena.alloc_owned(vec![0u64; 100]); // heap memory, freed at reset
                    } else {
                        let arena = pool.get_owned();
                        arena.alloc_owned(Box::new(drop_log.tracked(id)));
                    }
                    // Other threads drop theirs too: at least ours went.
                    assert!(drop_log.len() > before);
                    assert!(drop_log.order().contains(&id));
                }
            });
        }
    });
    let order = drop_log.order();
    assert_eq!(order.len(), (threads * per_thread) as usize);
    let mut sorted = order.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), order.len(), "a value was dropped twice");
    drop(pool);
    assert_eq!(log.live_chunks(), 0, "the pool leaked chunks");
    assert_eq!(log.allocations(), log.deallocations());
}

/// The limit applies to each pooled arena on its own: every thread's arena can fill up to the
/// limit and then gets `LimitExceeded`, and after the reset it serves requests again.
#[test]
fn limit_per_pooled_arena() {
    let limit = 32 * 1024;
    let source = CountingSource::new();
    let log = source.log();
    let pool = ArenaPool::builder()
        .source(source)
        .chunk_size(4096)
        .limit(limit)
        .build();
    let threads = 4;
    let barrier = Barrier::new(threads);
    thread::scope(|s| {
        for t in 0..threads {
            let (pool, barrier) = (&pool, &barrier);
            s.spawn(move || {
                for round in 0..scaled(5) {
                    let arena = pool.get();
                    assert_eq!(arena.limit(), Some(limit));
                    let mut served = 0;
                    let err = loop {
                        match arena.try_alloc_uninit_slice::<u8>(100 + (t + round) % 900) {
                            Ok(block) => served += block.len(),
                            Err(err) => break err,
                        }
                    };
                    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                    assert!(arena.stats().held <= limit);
                    assert!(served > limit / 2, "only {served} bytes served");
                    assert!(arena.try_alloc([0u8; 5000]).is_err());
                    if round == 0 {
                        // All the threads hold a full arena at once: each has its own limit.
                        barrier.wait();
                    }
                }
            });
        }
    });
    assert_eq!(pool.metrics().active, 0);
    assert!(log.live_bytes() <= pool.metrics().idle * limit);
}

/// The pool stays consistent when a destructor run at the guard's drop panics: the panic
/// reaches the dropper, every other value is dropped, and the pool goes on serving.
#[test]
fn panicking_destructor_in_pooled_arena() {
    let pool = ArenaPool::builder().max_idle(4).build();
    let log = DropLog::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let arena = pool.get();
        arena.alloc_owned(log.tracked(1));
        arena.alloc_owned(log.panicking(2));
        arena.alloc_owned(log.tracked(3));
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [3, 2, 1]);
    let arena = pool.get();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(*arena.alloc(5u8), 5);
    drop(arena);
    assert_eq!(pool.metrics().gets, 2);
}

/// After a destructor panicked in the guard's drop, the lost arena is no longer counted as
/// active (or alive): `active` and `high_water_active` describe arenas in use.
#[test]
fn metrics_after_a_panicking_destructor() {
    let pool = ArenaPool::builder().max_idle(4).build();
    let log = DropLog::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let arena = pool.get();
        arena.alloc_owned(log.panicking(1));
    }));
    assert!(result.is_err());
    assert_eq!(
        pool.metrics().active,
        0,
        "the lost arena still counts as active"
    );
    drop(pool.get());
    let m = pool.metrics();
    assert_eq!(m.active, 0);
    assert_eq!(
        m.high_water_active, 1,
        "only one arena was ever in use at once"
    );
}
