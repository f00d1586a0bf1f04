//! [`ArenaPool`]: per-request arenas, reused across requests and threads (the second seed's
//! `ArenaPool`).
//!
//! A server takes an arena per request with [`ArenaPool::get`], allocates the request's data in
//! it, and drops the guard at the end of the request: the arena is reset (trimmed to its
//! `max_retained`) and goes back to the pool, warm, for the next request. Data allocated from a
//! pooled arena borrows the guard, so it cannot outlive the request (the second seed's
//! `BadFunction` is a compile error, see [`PooledArena`]).
//!
//! # Design
//!
//! Idle arenas live in a few *shards*, each behind its own mutex on its own cache line. A
//! thread takes from and returns to the shard picked by its thread number, so threads rarely
//! share a lock or a cache line; a `get` on an empty shard takes an idle arena from another
//! shard before creating a new one. Counters live in the shards, under the same lock, and are
//! summed by [`ArenaPool::metrics`]: no counter is a shared cache line written by every thread.

use crate::arena::{Arena, ArenaBuilder};
use crate::source::{Heap, MemorySource};
use crate::stats::PoolMetrics;
use crate::sync::{CachePadded, shard_count, shard_index};
use core::fmt;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use std::boxed::Box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::vec::Vec;

/// Default for [`PoolBuilder::max_idle`].
const DEFAULT_MAX_IDLE: usize = 64;

/// A pool of reusable arenas, shared by any number of threads.
///
/// # Examples
///
/// ```
/// use arenakit::ArenaPool;
///
/// let pool = ArenaPool::new();
/// for request in 0..3 {
///     let arena = pool.get();
///     let body = arena.alloc_str("payload");
///     assert_eq!(body, "payload");
/// } // each guard resets its arena and puts it back
/// let m = pool.metrics();
/// assert_eq!(m.gets, 3);
/// assert_eq!(m.created, 1); // one arena served all three requests
/// ```
///
/// Data cannot outlive its request (the second seed's `BadFunction`):
///
/// ```compile_fail,E0515
/// fn bad(pool: &arenakit::ArenaPool) -> &u32 {
///     let arena = pool.get();
///     arena.alloc(7u32) // error: returns a value referencing data owned by the function
/// }
/// ```
pub struct ArenaPool<S: MemorySource + Clone = Heap> {
    shards: Box<[CachePadded<Mutex<Shard<S>>>]>,
    arena: ArenaBuilder<S>,
    /// Idle arenas kept per shard (`max_idle` spread over the shards, at least one).
    idle_per_shard: usize,
    max_idle: usize,
    /// Arenas alive now and at most; written only when an arena is created or dropped.
    alive: AtomicU64,
    alive_high_water: AtomicU64,
}

/// One shard: idle arenas and the counters of the gets and puts that went through it.
struct Shard<S: MemorySource> {
    idle: Vec<Arena<S>>,
    gets: u64,
    puts: u64,
    created: u64,
    dropped: u64,
    used_bytes: u64,
    trimmed_bytes: u64,
}

impl<S: MemorySource> Shard<S> {
    fn new() -> Self {
        Shard {
            idle: Vec::new(),
            gets: 0,
            puts: 0,
            created: 0,
            dropped: 0,
            used_bytes: 0,
            trimmed_bytes: 0,
        }
    }
}

/// Settings of a new [`ArenaPool`]; made by [`ArenaPool::builder`].
///
/// # Examples
///
/// ```
/// let pool = arenakit::ArenaPool::builder()
///     .chunk_size(64 * 1024)
///     .max_retained(256 * 1024)
///     .max_idle(16)
///     .limit(16 << 20)
///     .build();
/// let arena = pool.get();
/// assert_eq!(arena.limit(), Some(16 << 20));
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct PoolBuilder<S = Heap> {
    arena: ArenaBuilder<S>,
    max_idle: usize,
}

impl PoolBuilder<Heap> {
    fn new() -> Self {
        PoolBuilder {
            arena: ArenaBuilder::new(),
            max_idle: DEFAULT_MAX_IDLE,
        }
    }
}

impl<S> PoolBuilder<S> {
    /// Regular chunk size of each arena (see [`ArenaBuilder::chunk_size`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().chunk_size(16 * 1024).build();
    /// assert_eq!(pool.get().chunk_size(), 16 * 1024);
    /// ```
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.arena = self.arena.chunk_size(bytes);
        self
    }

    /// Bytes each arena keeps when it comes back (see [`ArenaBuilder::max_retained`]).
    /// Default: everything.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().max_retained(0).build();
    /// pool.get().alloc([0u8; 100]);
    /// assert_eq!(pool.metrics().capacity_bytes, 0);
    /// ```
    pub fn max_retained(mut self, bytes: usize) -> Self {
        self.arena = self.arena.max_retained(bytes);
        self
    }

    /// Memory limit of each arena (see [`ArenaBuilder::limit`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().limit(1 << 20).build();
    /// assert!(pool.get().try_alloc_uninit_slice::<u8>(2 << 20).is_err());
    /// ```
    pub fn limit(mut self, bytes: usize) -> Self {
        self.arena = self.arena.limit(bytes);
        self
    }

    /// Whether arenas zero their memory when they come back (see
    /// [`ArenaBuilder::zero_on_reset`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().zero_on_reset(true).build();
    /// pool.get().alloc_str("secret");
    /// ```
    pub fn zero_on_reset(mut self, on: bool) -> Self {
        self.arena = self.arena.zero_on_reset(on);
        self
    }

    /// Most idle arenas kept; arenas coming back past it are dropped. Default: 64.
    ///
    /// The bound is kept per shard (`max_idle` spread evenly over the shards, at least one
    /// each), so the pool may keep slightly more when `max_idle` is below the shard count.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().max_idle(1).build();
    /// let (a, b) = (pool.get(), pool.get());
    /// drop((a, b));
    /// assert!(pool.metrics().idle <= pool.shards());
    /// ```
    pub fn max_idle(mut self, arenas: usize) -> Self {
        self.max_idle = arenas;
        self
    }

    /// Where each arena takes its chunks from (cloned for every arena).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let pool = arenakit::ArenaPool::builder().source(arenakit::source::Mmap::new()).build();
    /// assert_eq!(*pool.get().alloc(1u8), 1);
    /// # }
    /// ```
    pub fn source<T>(self, source: T) -> PoolBuilder<T> {
        PoolBuilder {
            arena: self.arena.source(source),
            max_idle: self.max_idle,
        }
    }

    /// The pool; creates no arena until the first `get`.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().build();
    /// assert_eq!(pool.metrics().created, 0);
    /// ```
    pub fn build(self) -> ArenaPool<S>
    where
        S: MemorySource + Clone,
    {
        let count = shard_count();
        let shards = (0..count)
            .map(|_| CachePadded::new(Mutex::new(Shard::new())))
            .collect();
        ArenaPool {
            shards,
            arena: self.arena,
            idle_per_shard: self.max_idle.div_ceil(count).max(1),
            max_idle: self.max_idle,
            alive: AtomicU64::new(0),
            alive_high_water: AtomicU64::new(0),
        }
    }
}

impl ArenaPool<Heap> {
    /// A pool of default arenas over the global allocator.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::new();
    /// assert_eq!(*pool.get().alloc(5u8), 5);
    /// ```
    pub fn new() -> Self {
        PoolBuilder::new().build()
    }

    /// A builder to set the arenas' chunk size, retention, limit and source, and the number of
    /// idle arenas kept.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().max_idle(8).build();
    /// assert_eq!(pool.max_idle(), 8);
    /// ```
    pub fn builder() -> PoolBuilder<Heap> {
        PoolBuilder::new()
    }
}

impl Default for ArenaPool<Heap> {
    fn default() -> Self {
        Self::new()
    }
}

/// Locks a shard; a panic while it was held cannot leave it inconsistent (every update is a
/// single push, pop or counter increment), so a poisoned lock is used as is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<S: MemorySource + Clone> ArenaPool<S> {
    /// Takes an arena: an idle one if any (from this thread's shard first), else a new one.
    /// Dropping the guard resets the arena and returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::new();
    /// let arena = pool.get();
    /// let n = arena.alloc(1u64);
    /// assert_eq!(*n, 1);
    /// ```
    #[doc(alias = "Get")]
    pub fn get(&self) -> PooledArena<'_, S> {
        PooledArena {
            arena: ManuallyDrop::new(self.take()),
            pool: self,
        }
    }

    /// Like [`get`](ArenaPool::get), for `'static` contexts such as spawned tasks: the guard
    /// owns a reference count of the pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let pool = Arc::new(arenakit::ArenaPool::new());
    /// let arena = pool.get_owned();
    /// std::thread::spawn(move || {
    ///     assert_eq!(arena.alloc_str("in a thread"), "in a thread");
    /// })
    /// .join()
    /// .unwrap();
    /// assert_eq!(pool.metrics().active, 0);
    /// ```
    pub fn get_owned(self: &Arc<Self>) -> OwnedPooledArena<S> {
        OwnedPooledArena {
            arena: ManuallyDrop::new(self.take()),
            pool: Arc::clone(self),
        }
    }

    fn home(&self) -> &Mutex<Shard<S>> {
        &self.shards[shard_index(self.shards.len())]
    }

    /// An idle arena (home shard first, then the others) or a new one.
    fn take(&self) -> Arena<S> {
        let mut home = lock(self.home());
        home.gets += 1;
        if let Some(arena) = home.idle.pop() {
            return arena;
        }
        drop(home);
        for shard in self.shards.iter() {
            if let Ok(mut other) = shard.try_lock() {
                if let Some(arena) = other.idle.pop() {
                    return arena;
                }
            }
        }
        lock(self.home()).created += 1;
        let alive = self.alive.fetch_add(1, Ordering::Relaxed) + 1;
        self.alive_high_water.fetch_max(alive, Ordering::Relaxed);
        self.arena.clone().build()
    }

    /// Resets `arena` and keeps it idle, or drops it past `max_idle`.
    fn give_back(&self, mut arena: Arena<S>) {
        /// Counts the arena as returned and dropped if its reset panics (a destructor
        /// registered with `alloc_owned` panicked): the arena is dropped while unwinding.
        struct Lost<'p, S: MemorySource + Clone>(&'p ArenaPool<S>);
        impl<S: MemorySource + Clone> Drop for Lost<'_, S> {
            fn drop(&mut self) {
                let mut shard = lock(self.0.home());
                shard.puts += 1;
                shard.dropped += 1;
                drop(shard);
                self.0.alive.fetch_sub(1, Ordering::Relaxed);
            }
        }
        let used = arena.stats().used as u64;
        let held = arena.stats().held;
        let lost = Lost(self);
        arena.reset();
        core::mem::forget(lost);
        let trimmed = (held - arena.stats().held) as u64;
        let mut shard = lock(self.home());
        shard.puts += 1;
        shard.used_bytes += used;
        shard.trimmed_bytes += trimmed;
        if shard.idle.len() < self.idle_per_shard {
            shard.idle.push(arena);
            return;
        }
        shard.dropped += 1;
        shard.trimmed_bytes += arena.stats().held as u64;
        drop(shard);
        self.alive.fetch_sub(1, Ordering::Relaxed);
        drop(arena);
    }

    /// A snapshot of the pool's counters, summed over its shards.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::new();
    /// let a = pool.get();
    /// a.alloc([0u8; 1000]);
    /// assert_eq!(pool.metrics().active, 1);
    /// drop(a);
    /// let m = pool.metrics();
    /// assert_eq!((m.active, m.idle, m.gets), (0, 1, 1));
    /// assert_eq!(m.used_bytes, 1000);
    /// ```
    pub fn metrics(&self) -> PoolMetrics {
        let mut m = PoolMetrics::default();
        let (mut gets, mut puts) = (0u64, 0u64);
        for shard in self.shards.iter() {
            let shard = lock(shard);
            gets += shard.gets;
            puts += shard.puts;
            m.created += shard.created;
            m.dropped += shard.dropped;
            m.used_bytes += shard.used_bytes;
            m.trimmed_bytes += shard.trimmed_bytes;
            m.idle += shard.idle.len();
            m.capacity_bytes += shard.idle.iter().map(|a| a.stats().held).sum::<usize>();
        }
        m.gets = gets;
        m.active = gets.saturating_sub(puts) as usize;
        m.high_water_active = self.alive_high_water.load(Ordering::Relaxed) as usize;
        m
    }

    /// The most idle arenas kept.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::ArenaPool::new().max_idle(), 64);
    /// ```
    pub fn max_idle(&self) -> usize {
        self.max_idle
    }

    /// Number of shards the idle arenas are spread over (a power of two near twice the
    /// number of CPUs).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::ArenaPool::new().shards().is_power_of_two());
    /// ```
    pub fn shards(&self) -> usize {
        self.shards.len()
    }
}

impl<S: MemorySource + Clone> fmt::Debug for ArenaPool<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArenaPool")
            .field("shards", &self.shards.len())
            .field("max_idle", &self.max_idle)
            .field("metrics", &self.metrics())
            .finish_non_exhaustive()
    }
}

/// An arena taken from an [`ArenaPool`]; dereferences to [`Arena`]. Dropping it resets the
/// arena and returns it to the pool.
///
/// Everything allocated from it borrows the guard, so it cannot be used after the arena went
/// back (see the `compile_fail` example on [`ArenaPool`]).
///
/// # Examples
///
/// ```
/// let pool = arenakit::ArenaPool::new();
/// let mut arena = pool.get();
/// arena.alloc(1u8);
/// arena.reset(); // a guard can also reset mid-request
/// assert_eq!(arena.stats().used, 0);
/// ```
pub struct PooledArena<'p, S: MemorySource + Clone = Heap> {
    arena: ManuallyDrop<Arena<S>>,
    pool: &'p ArenaPool<S>,
}

impl<S: MemorySource + Clone> Deref for PooledArena<'_, S> {
    type Target = Arena<S>;

    fn deref(&self) -> &Arena<S> {
        &self.arena
    }
}

impl<S: MemorySource + Clone> DerefMut for PooledArena<'_, S> {
    fn deref_mut(&mut self) -> &mut Arena<S> {
        &mut self.arena
    }
}

impl<S: MemorySource + Clone> Drop for PooledArena<'_, S> {
    fn drop(&mut self) {
        // SAFETY: the arena is taken exactly once, here, and never used again.
        let arena = unsafe { ManuallyDrop::take(&mut self.arena) };
        self.pool.give_back(arena);
    }
}

impl<S: MemorySource + Clone> fmt::Debug for PooledArena<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PooledArena").field(&*self.arena).finish()
    }
}

/// An arena taken from an `Arc<ArenaPool>` with [`ArenaPool::get_owned`]: like
/// [`PooledArena`], but `'static` (it holds a reference count of the pool), so it can move
/// into spawned threads and tasks.
///
/// # Examples
///
/// ```
/// let pool = std::sync::Arc::new(arenakit::ArenaPool::new());
/// let arena: arenakit::OwnedPooledArena = pool.get_owned();
/// assert_eq!(*arena.alloc(2u16), 2);
/// ```
pub struct OwnedPooledArena<S: MemorySource + Clone = Heap> {
    arena: ManuallyDrop<Arena<S>>,
    pool: Arc<ArenaPool<S>>,
}

impl<S: MemorySource + Clone> Deref for OwnedPooledArena<S> {
    type Target = Arena<S>;

    fn deref(&self) -> &Arena<S> {
        &self.arena
    }
}

impl<S: MemorySource + Clone> DerefMut for OwnedPooledArena<S> {
    fn deref_mut(&mut self) -> &mut Arena<S> {
        &mut self.arena
    }
}

impl<S: MemorySource + Clone> Drop for OwnedPooledArena<S> {
    fn drop(&mut self) {
        // SAFETY: the arena is taken exactly once, here, and never used again.
        let arena = unsafe { ManuallyDrop::take(&mut self.arena) };
        self.pool.give_back(arena);
    }
}

impl<S: MemorySource + Clone> fmt::Debug for OwnedPooledArena<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedPooledArena")
            .field(&*self.arena)
            .finish()
    }
}
