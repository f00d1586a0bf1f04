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
//! Idle arenas live in a few *shards* (a power of two near twice the number of CPUs), each on
//! its own cache line; a thread uses the shard picked by its thread number. The first thread to
//! use a shard *owns* it (one compare-and-swap, never undone): the owner keeps one idle arena
//! in the shard's slot and counts its gets and returns in the shard's own counters, with plain
//! loads and stores, no lock and no atomic read-modify-write. So a request that takes an arena
//! and gives it back on the owning thread, the common case of a server thread, costs the
//! arena's reset plus a few loads and stores. Every other case (the slot empty or full, a guard
//! dropped on another thread, more threads than shards) goes through the shard's mutex and its
//! idle list; a `get` that finds its shard empty takes an idle arena from another shard before
//! creating a new one. Arenas are boxed, so handing one out moves a pointer. Counters are
//! summed by [`ArenaPool::metrics`]: no cache line is written by every thread.

use crate::aliasable::AliasableBox;
use crate::arena::{Arena, ArenaBuilder};
use crate::source::{Heap, MemorySource};
use crate::stats::PoolMetrics;
use crate::sync::{CachePadded, shard_count, with_thread};
use core::cell::UnsafeCell;
use core::fmt;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use std::boxed::Box;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
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
    shards: Box<[CachePadded<Shard<S>>]>,
    arena: ArenaBuilder<S>,
    /// Idle arenas kept per shard (`max_idle` spread over the shards, at least one).
    idle_per_shard: usize,
    max_idle: usize,
    /// Arenas alive now and at most; written only when an arena is created or dropped.
    alive: AtomicU64,
    alive_high_water: AtomicU64,
}

/// One shard; see the module docs.
struct Shard<S: MemorySource> {
    /// Number of the thread that owns the shard (see [`crate::sync::thread_number`]), 0 while
    /// none does. Claimed once and never given up; thread numbers are never reused.
    owner: AtomicUsize,
    /// The owner's idle arena. Only the owner thread touches it (until the pool is dropped).
    slot: UnsafeCell<Option<Box<Arena<S>>>>,
    /// Whether `slot` is full, and the bytes its arena holds: written by the owner, read by
    /// `metrics`.
    slot_full: AtomicBool,
    slot_held: AtomicUsize,
    /// The owner's counters, written only by the owner (plain load and store).
    own: Counters,
    /// Everything else.
    locked: Mutex<Locked<S>>,
}

// SAFETY: `slot` is only accessed by the thread whose number is in `owner` (set once by a
// compare-and-swap from 0, and thread numbers are unique for the life of the process) or with
// the pool exclusively borrowed (drop); every other field is atomic or behind the mutex. The
// arenas in it move between threads, hence `Arena<S>: Send`.
unsafe impl<S: MemorySource + Send> Sync for Shard<S> {}

/// Counters of gets and returns.
#[derive(Default)]
struct Counters {
    gets: AtomicU64,
    puts: AtomicU64,
    used_bytes: AtomicU64,
    trimmed_bytes: AtomicU64,
}

impl Counters {
    /// Adds `n` to a counter only the owner writes: a load and a store, no read-modify-write.
    fn add_owned(counter: &AtomicU64, n: u64) {
        counter.store(counter.load(Ordering::Relaxed) + n, Ordering::Relaxed);
    }
}

/// What a shard keeps behind its lock.
struct Locked<S: MemorySource> {
    idle: Vec<Box<Arena<S>>>,
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
            owner: AtomicUsize::new(0),
            slot: UnsafeCell::new(None),
            slot_full: AtomicBool::new(false),
            slot_held: AtomicUsize::new(0),
            own: Counters::default(),
            locked: Mutex::new(Locked {
                idle: Vec::new(),
                gets: 0,
                puts: 0,
                created: 0,
                dropped: 0,
                used_bytes: 0,
                trimmed_bytes: 0,
            }),
        }
    }

    /// Whether thread `me` owns the shard, claiming it if nobody does.
    #[inline]
    fn owned_by(&self, me: usize) -> bool {
        match self.owner.load(Ordering::Relaxed) {
            0 => self
                .owner
                .compare_exchange(0, me, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok(),
            owner => owner == me,
        }
    }

    /// The owner's slot.
    ///
    /// # Safety
    ///
    /// The calling thread owns the shard, and no other reference to the slot is live.
    #[allow(clippy::mut_from_ref)]
    unsafe fn slot(&self) -> &mut Option<Box<Arena<S>>> {
        // SAFETY: the caller is the only thread that accesses the slot (see `Sync` above) and
        // holds no other reference to it.
        unsafe { &mut *self.slot.get() }
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

    /// Most idle arenas kept in the pool's shared lists; arenas coming back past it are
    /// dropped. Default: 64.
    ///
    /// The bound is kept per shard (`max_idle` spread evenly over the shards, at least one
    /// each), and each shard's owning thread also keeps one arena of its own outside the lists,
    /// so the pool may hold up to `max_idle` plus two per shard.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = arenakit::ArenaPool::builder().max_idle(1).build();
    /// let (a, b, c) = (pool.get(), pool.get(), pool.get());
    /// drop((a, b, c));
    /// assert!(pool.metrics().idle <= 2 * pool.shards());
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
        let shards = (0..count).map(|_| CachePadded::new(Shard::new())).collect();
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
            arena: ManuallyDrop::new(AliasableBox::from_box(self.take())),
            pool: Arc::clone(self),
        }
    }

    /// The calling thread's number and shard.
    #[inline]
    fn home(&self) -> (usize, &Shard<S>) {
        let me = with_thread(|me, _| me);
        (me, &self.shards[me & (self.shards.len() - 1)])
    }

    /// An idle arena (the owner's slot, then the home shard's list, then the other shards') or
    /// a new one.
    fn take(&self) -> Box<Arena<S>> {
        let (me, home) = self.home();
        if home.owned_by(me) {
            Counters::add_owned(&home.own.gets, 1);
            // SAFETY: this thread owns the shard, and no reference to the slot is live.
            if let Some(arena) = unsafe { home.slot() }.take() {
                home.slot_full.store(false, Ordering::Relaxed);
                return arena;
            }
            if let Some(arena) = lock(&home.locked).idle.pop() {
                return arena;
            }
        } else {
            let mut locked = lock(&home.locked);
            locked.gets += 1;
            if let Some(arena) = locked.idle.pop() {
                return arena;
            }
        }
        for shard in self.shards.iter() {
            if let Ok(mut other) = shard.locked.try_lock() {
                if let Some(arena) = other.idle.pop() {
                    return arena;
                }
            }
        }
        lock(&home.locked).created += 1;
        let alive = self.alive.fetch_add(1, Ordering::Relaxed) + 1;
        self.alive_high_water.fetch_max(alive, Ordering::Relaxed);
        Box::new(self.arena.clone().build())
    }

    /// Resets `arena` and keeps it idle, or drops it past `max_idle`.
    fn give_back(&self, mut arena: Box<Arena<S>>) {
        /// Counts the arena as returned and dropped if its reset panics (a destructor
        /// registered with `alloc_owned` panicked): the arena is dropped while unwinding.
        struct Lost<'p, S: MemorySource + Clone>(&'p ArenaPool<S>);
        impl<S: MemorySource + Clone> Drop for Lost<'_, S> {
            fn drop(&mut self) {
                let mut locked = lock(&self.0.home().1.locked);
                locked.puts += 1;
                locked.dropped += 1;
                drop(locked);
                self.0.alive.fetch_sub(1, Ordering::Relaxed);
            }
        }
        let (used, held_before) = arena.raw().used_and_held();
        let lost = Lost(self);
        arena.reset();
        core::mem::forget(lost);
        let (_, held) = arena.raw().used_and_held();
        let (used, trimmed) = (used as u64, (held_before - held) as u64);
        let (me, home) = self.home();
        if home.owned_by(me) {
            Counters::add_owned(&home.own.puts, 1);
            Counters::add_owned(&home.own.used_bytes, used);
            Counters::add_owned(&home.own.trimmed_bytes, trimmed);
            // SAFETY: this thread owns the shard, and no reference to the slot is live.
            let slot = unsafe { home.slot() };
            if slot.is_none() {
                *slot = Some(arena);
                home.slot_held.store(held, Ordering::Relaxed);
                home.slot_full.store(true, Ordering::Relaxed);
                return;
            }
            self.keep_or_drop(home, arena, 0, 0, 0);
        } else {
            self.keep_or_drop(home, arena, 1, used, trimmed);
        }
    }

    /// Puts a reset arena on `shard`'s idle list, or drops it if the list is full; adds the
    /// given counts to the shard's locked counters.
    fn keep_or_drop(
        &self,
        shard: &Shard<S>,
        arena: Box<Arena<S>>,
        puts: u64,
        used: u64,
        trimmed: u64,
    ) {
        let mut locked = lock(&shard.locked);
        locked.puts += puts;
        locked.used_bytes += used;
        locked.trimmed_bytes += trimmed;
        if locked.idle.len() < self.idle_per_shard {
            locked.idle.push(arena);
            return;
        }
        locked.dropped += 1;
        locked.trimmed_bytes += arena.stats().held as u64;
        drop(locked);
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
            let own = &shard.own;
            gets += own.gets.load(Ordering::Relaxed);
            puts += own.puts.load(Ordering::Relaxed);
            m.used_bytes += own.used_bytes.load(Ordering::Relaxed);
            m.trimmed_bytes += own.trimmed_bytes.load(Ordering::Relaxed);
            if shard.slot_full.load(Ordering::Relaxed) {
                m.idle += 1;
                m.capacity_bytes += shard.slot_held.load(Ordering::Relaxed);
            }
            let locked = lock(&shard.locked);
            gets += locked.gets;
            puts += locked.puts;
            m.created += locked.created;
            m.dropped += locked.dropped;
            m.used_bytes += locked.used_bytes;
            m.trimmed_bytes += locked.trimmed_bytes;
            m.idle += locked.idle.len();
            m.capacity_bytes += locked.idle.iter().map(|a| a.stats().held).sum::<usize>();
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
    arena: ManuallyDrop<Box<Arena<S>>>,
    pool: &'p ArenaPool<S>,
}

impl<'p, S: MemorySource + Clone> PooledArena<'p, S> {
    /// The pool the arena goes back to (bump-scope's `BumpPoolGuard::pool`); an associated
    /// function, so it never hides a method of the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::PooledArena;
    /// let pool = arenakit::ArenaPool::new();
    /// let arena = pool.get();
    /// assert!(core::ptr::eq(PooledArena::pool(&arena), &pool));
    /// ```
    pub fn pool(guard: &Self) -> &'p ArenaPool<S> {
        guard.pool
    }
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
    /// Taken only by `drop`, never replaced, so the arena stays at one address for the
    /// guard's life (the `StableDeref` impl below relies on it). Aliasable, because an
    /// [`ArenaOwned`](crate::owned::ArenaOwned) moves the guard while its root borrows the
    /// arena.
    arena: ManuallyDrop<AliasableBox<Arena<S>>>,
    pool: Arc<ArenaPool<S>>,
}

impl<S: MemorySource + Clone> OwnedPooledArena<S> {
    /// The pool the arena goes back to (bump-scope's `BumpPoolGuard::pool`); an associated
    /// function, so it never hides a method of the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::OwnedPooledArena;
    /// let pool = std::sync::Arc::new(arenakit::ArenaPool::new());
    /// let arena = pool.get_owned();
    /// assert!(std::sync::Arc::ptr_eq(OwnedPooledArena::pool(&arena), &pool));
    /// ```
    pub fn pool(guard: &Self) -> &std::sync::Arc<ArenaPool<S>> {
        &guard.pool
    }
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
        self.pool.give_back(arena.into_box());
    }
}

// SAFETY: `deref` and `deref_mut` return the arena in the guard's heap allocation, whose
// address moving the guard does not change (an `AliasableBox` is a pointer, and makes no
// uniqueness claim when moved). The allocation is never replaced: the field is private and
// taken only by `drop`, and neither `&self` nor `&mut self` methods of the guard touch it (a
// `&mut Arena` from `deref_mut` can reset or overwrite the arena, never move its box).
#[cfg(feature = "owned")]
unsafe impl<S: MemorySource + Clone> stable_deref_trait::StableDeref for OwnedPooledArena<S> {}

impl<S: MemorySource + Clone> fmt::Debug for OwnedPooledArena<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedPooledArena").field(&**self).finish()
    }
}
