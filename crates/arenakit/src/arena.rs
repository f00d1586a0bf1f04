//! [`Arena`]: the single-thread arena and its safe API.
//!
//! # Chunks and reset
//!
//! An arena hands out memory by bumping a cursor through *chunks* taken from its
//! [memory source](crate::source). [`Arena`] keeps two cursors:
//!
//! - plain values (everything but boxes and collection buffers) are bumped through *plain*
//!   chunks that grow: the first has the configured [chunk size](ArenaBuilder::chunk_size)
//!   (64 KiB by default), each new one twice the last, up to 64 MiB, so a small arena stays
//!   small and a large one bumps through a few large chunks;
//! - freeable blocks ([`alloc_box`](Arena::alloc_box), the buffers of the
//!   [collections](crate::collections)) are bumped through *regular* chunks of the configured
//!   size, each aligned to its own size (rounded up to a power of two), so the chunk owning a
//!   freed block is found from its address alone, and a chunk whose blocks are all freed is
//!   reused. No plain value ever pins such a chunk.
//!
//! A request is bumped into its cursor's chunk whenever it fits there, whatever its size; one
//! that does not fit and is larger than a quarter of a regular chunk gets a *dedicated* chunk
//! of its own instead of a refill, so it never abandons the free space of the current one.
//! ([`SyncArena`](crate::SyncArena) bumps everything through regular chunks, one cursor per
//! thread.) [`reset`](Arena::reset) ends every allocation at
//! once in O(number of chunks): it runs the registered destructors, keeps chunks for reuse up
//! to [`max_retained`](ArenaBuilder::max_retained) bytes (everything by default, so a warm
//! arena asks its source for nothing) and gives the rest back.
//!
//! # Destructors
//!
//! Running destructors at reset is only sound for values that are `Send` (the arena may have
//! moved to another thread) and `'static` (a destructor must not run after a borrow it holds
//! has ended); most arena values borrow the arena (`&'a str` fields, graphs of `&'a Node`), so
//! no single method can do both. Hence:
//!
//! | method | takes | destructor |
//! |---|---|---|
//! | [`alloc`](Arena::alloc), [`alloc_with`](Arena::alloc_with), the slice methods | any `T` without drop glue, any lifetimes | none needed; a `T` that needs `Drop` is a compile error |
//! | [`alloc_owned`](Arena::alloc_owned) | `T: Send + 'static` | runs at reset or arena drop, newest first, exactly once |
//! | [`alloc_no_drop`](Arena::alloc_no_drop) | any `T` | never runs (a deliberate leak) |
//! | [`alloc_uninit`](Arena::alloc_uninit), [`alloc_uninit_slice`](Arena::alloc_uninit_slice) | any `T` (as `MaybeUninit<T>`) | never runs |
//!
//! The registry behind `alloc_owned` lives in arena memory; see the `drop_list` module source
//! for the soundness argument in full.

pub(crate) mod alloc;
mod builder;
mod checkpoint;
mod cstr;
#[cfg(feature = "collections")]
pub(crate) use cstr::until_nul;
mod fill;
mod inspect;
#[cfg(feature = "allocator-api2")]
mod iter;
mod mode;
mod scope;
mod scope_fill;

pub use builder::ArenaBuilder;
pub use checkpoint::{Checkpoint, ScopeGuard, StaleCheckpoint};
#[cfg(feature = "std")]
pub use mode::Shared;
pub use mode::{Local, Mode};
pub use scope::Scope;

/// The name the implementation had before it took the public one.
#[doc(hidden)]
pub type ArenaCore<S, M> = Arena<S, M>;

use crate::drop_list::DropList;
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawArena;
use crate::raw::RawOps;
use crate::raw::growth::{DEFAULT_CHUNK_SIZE, Policy};
use crate::source::{Heap, MemorySource};
use crate::stats::Stats;
use core::fmt;

/// The arena of either threading [`Mode`], under the names users write:
/// [`arenakit::Arena`](crate::Arena) is `Arena<S, Local>` (the default mode, so error messages
/// and rustdoc say just `Arena`), and [`SyncArena`](crate::SyncArena) is `Arena<S, Shared>`.
/// One implementation of the whole API (below) serves both. Construct it through those two
/// names (`arenakit::Arena::new()`, `SyncArena::new()`), which fix the mode.
///
/// # Examples
///
/// ```
/// use arenakit::arena::{Arena, Local};
/// use arenakit::source::Heap;
///
/// let arena: Arena<Heap, Local> = arenakit::Arena::new();
/// assert_eq!(*arena.alloc(1u8), 1);
/// ```
pub struct Arena<S: MemorySource = Heap, M: Mode = Local> {
    raw: M::Raw<S>,
    /// Values registered by `alloc_owned`. Invariant: every node lies in a chunk of `raw`
    /// allocated since the last reset.
    drops: DropList<M::DropHead>,
}

// SAFETY: an `Arena` owns its chunks and its source (`S: Send`); the only values whose code
// runs after a move are the registered destructors, and `alloc_owned` registers only
// `T: Send + 'static`. Every other value in the arena is reachable only through references
// that borrow the arena, so none is in use when the arena moves.
unsafe impl<S: MemorySource + Send> Send for Arena<S, Local> {}

// SAFETY: as for `Arena<S, Local>`; the shared raw arena and its atomic drop list are built
// for concurrent use (see `raw::shared`).
#[cfg(feature = "std")]
unsafe impl<S: MemorySource + Send + Sync> Send for Arena<S, Shared> {}

// SAFETY: every method taking `&self` is safe to call from several threads at once: the raw
// shared arena gives each thread its own cursor (or takes its lock), the drop list is a
// lock-free stack, and values registered for dropping are `Send`. `reset` needs `&mut self`.
#[cfg(feature = "std")]
unsafe impl<S: MemorySource + Send + Sync> Sync for Arena<S, Shared> {}

/// Constructors of both modes: `Arena::new()` and `SyncArena::new()` resolve through their
/// aliases, which fix the mode.
impl<M: Mode> Arena<Heap, M> {
    /// An empty arena over the global allocator with the default settings. Allocates nothing
    /// until the first allocation.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.stats().held, 0);
    /// assert_eq!(*arena.alloc(1.5f64), 1.5);
    /// ```
    pub fn new() -> Self {
        ArenaBuilder::in_mode().build()
    }

    /// An arena that can hold `bytes` of plain allocations, of any size, before it asks the
    /// global allocator again, by taking a chunk up front (see [`reserve`](Arena::reserve)).
    /// Freeable blocks (boxes, collection buffers) take regular chunks of their own.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_with_capacity`](Arena::try_with_capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::with_capacity(1 << 20);
    /// let held = arena.stats().held;
    /// assert!(held >= 1 << 20);
    /// for i in 0..1000u64 {
    ///     arena.alloc([i; 8]);
    /// }
    /// assert_eq!(arena.stats().held, held);
    /// ```
    #[track_caller]
    pub fn with_capacity(bytes: usize) -> Self {
        unwrap_or_panic(Self::try_with_capacity(bytes))
    }

    /// Like [`with_capacity`](Arena::with_capacity), returning an error if the memory cannot
    /// be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::try_with_capacity(4096).unwrap();
    /// assert!(arena.stats().held >= 4096);
    /// ```
    pub fn try_with_capacity(bytes: usize) -> Result<Self, AllocError> {
        let arena = Self::new();
        arena.try_reserve(bytes)?;
        Ok(arena)
    }

    /// A builder to set chunk size, retention, limit, zeroing and memory source.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder()
    ///     .chunk_size(16 * 1024)
    ///     .max_retained(1 << 20)
    ///     .limit(64 << 20)
    ///     .zero_on_reset(true)
    ///     .build();
    /// assert_eq!(arena.chunk_size(), 16 * 1024);
    /// assert_eq!(arena.limit(), Some(64 << 20));
    /// ```
    pub fn builder() -> ArenaBuilder<Heap, M> {
        ArenaBuilder::in_mode()
    }
}

impl Arena<Heap, Local> {
    /// An empty arena with the default settings, made in a `const` context: for a
    /// `thread_local!` or a `static` (behind a `Mutex`, since an `Arena` is not `Sync`).
    /// Like [`new`](Self::new), it allocates nothing until the first allocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::Arena;
    /// use std::sync::Mutex;
    ///
    /// thread_local! {
    ///     static SCRATCH: Arena = const { Arena::unallocated() };
    /// }
    /// static SHARED: Mutex<Arena> = Mutex::new(Arena::unallocated());
    ///
    /// SCRATCH.with(|arena| assert_eq!(*arena.alloc(1u8), 1));
    /// let mut arena = SHARED.lock().unwrap();
    /// assert_eq!(arena.alloc_str("in a static"), "in a static");
    /// arena.reset();
    /// ```
    #[doc(alias = "const_new")]
    #[must_use]
    pub const fn unallocated() -> Self {
        Arena {
            raw: RawArena::new(Heap, Policy::new(DEFAULT_CHUNK_SIZE, usize::MAX, None)),
            drops: DropList::new_local(),
        }
    }
}

impl<M: Mode> Default for Arena<Heap, M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: MemorySource, M: Mode> Arena<S, M> {
    pub(crate) fn from_parts(source: S, policy: Policy) -> Self {
        Arena {
            raw: M::Raw::<S>::new(source, policy),
            drops: DropList::default(),
        }
    }

    pub(crate) fn raw(&self) -> &M::Raw<S> {
        &self.raw
    }

    pub(crate) fn drops(&self) -> &DropList<M::DropHead> {
        &self.drops
    }

    /// Ends every allocation: runs the destructors registered by
    /// [`alloc_owned`](Arena::alloc_owned) (newest first), keeps chunks for reuse up to the
    /// retention limit, gives the rest back to the source, and zeroes used memory first if the
    /// arena was built with [`zero_on_reset(true)`](ArenaBuilder::zero_on_reset).
    ///
    /// O(number of chunks), independent of the number of allocations.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// arena.alloc_slice_fill_with(10_000, |i| i as u64);
    /// let held = arena.stats().held;
    /// arena.reset();
    /// assert_eq!(arena.stats().used, 0);
    /// assert_eq!(arena.stats().held, held); // chunks kept for reuse
    /// ```
    pub fn reset(&mut self) {
        // The raw arena zeroes anyway if its policy says so.
        self.reset_impl(false);
    }

    /// Like [`reset`](Arena::reset), and zeroes all used memory before it is reused or given
    /// back, so no data of this round survives in memory (the second seed leaves it there).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let secret = arena.alloc_str("hunter2").as_ptr();
    /// arena.reset_zeroed();
    /// // The same memory is handed out again, zeroed.
    /// let reused = arena.alloc_uninit_slice::<u8>(7);
    /// assert_eq!(reused.as_ptr().cast::<u8>(), secret);
    /// assert!(reused.iter().all(|b| unsafe { b.assume_init() } == 0));
    /// ```
    pub fn reset_zeroed(&mut self) {
        self.reset_impl(true);
    }

    #[inline]
    fn reset_impl(&mut self, zero: bool) {
        // Registering a destructor, like everything else the steady path does not handle,
        // unmarks the raw arena's steady state, so the inlined path has nothing to drop.
        if zero || !self.raw.try_reset_steady() {
            self.reset_dropping(zero);
        }
        debug_assert!(self.drops.is_empty());
    }

    /// [`reset_impl`](Arena::reset_impl) off the raw arena's steady path: runs the registered
    /// destructors (if any), then resets the raw arena, out of line.
    #[cold]
    #[inline(never)]
    fn reset_dropping(&mut self, zero: bool) {
        let guard = ResetGuard::<S, M> {
            raw: &mut self.raw,
            zero,
        };
        // SAFETY: `&mut self` proves no reference into the arena is in use, and every node
        // lies in a chunk allocated since the last reset, which is still held (the guard
        // resets the chunks after this, also if a destructor panics).
        unsafe { self.drops.run() };
        drop(guard);
    }

    /// Makes sure plain allocations totalling `bytes` fit without asking the memory source
    /// again, whatever their sizes: each block counts its size rounded up to 8 bytes, plus its
    /// alignment padding past 8. If the free tail of the current chunk is smaller, the arena
    /// moves on to a chunk with room for all of them now (a spare one, or a new one; under a
    /// [`limit`](ArenaBuilder::limit), spare chunks are given back first if the limit needs
    /// their room). The tail left behind is not reused before the next reset. The chunk
    /// counts against [`max_retained`](ArenaBuilder::max_retained) at the next reset.
    ///
    /// A [`SyncArena`](crate::SyncArena) reserves spare regular chunks for its threads
    /// instead; requests too large for a regular chunk still take a dedicated one there.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated or the limit would be exceeded; see
    /// [`try_reserve`](Arena::try_reserve).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.reserve(256 * 1024);
    /// let held = arena.stats().held;
    /// assert!(held >= 256 * 1024);
    /// arena.alloc_uninit_slice::<u8>(200 * 1024);
    /// arena.alloc_uninit_slice::<u64>(1000);
    /// assert_eq!(arena.stats().held, held); // nothing more from the source
    /// ```
    #[track_caller]
    pub fn reserve(&self, bytes: usize) {
        unwrap_or_panic(self.try_reserve(bytes))
    }

    /// Like [`reserve`](Arena::reserve), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(100_000).build();
    /// assert!(arena.try_reserve(1 << 20).is_err());
    /// ```
    pub fn try_reserve(&self, bytes: usize) -> Result<(), AllocError> {
        self.raw.reserve(bytes)
    }

    /// Memory use, computed from the chunks now (allocation keeps no counters).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.alloc([0u8; 100]);
    /// let stats = arena.stats();
    /// assert_eq!(stats.used, 104); // rounded up to 8 bytes
    /// assert_eq!(stats.regular_chunks, 1);
    /// assert_eq!(stats.held, arena.chunk_size());
    /// ```
    pub fn stats(&self) -> Stats {
        self.raw.stats()
    }

    /// Whether `ptr` points into one of the chunks this arena uses now (the first seed's
    /// `IsManagedPointer`). O(number of chunks).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let x = arena.alloc(5u32);
    /// assert!(arena.contains(x));
    /// assert!(!arena.contains(&6u32));
    /// ```
    #[doc(alias = "IsManagedPointer")]
    pub fn contains<T: ?Sized>(&self, ptr: *const T) -> bool {
        self.raw.contains(ptr.cast::<u8>().addr())
    }

    /// Size of a regular chunk in bytes, header included.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::Arena::new().chunk_size(), 64 * 1024);
    /// ```
    pub fn chunk_size(&self) -> usize {
        self.raw.policy().chunk_size()
    }

    /// The most bytes this arena may hold from its source, if limited.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::Arena::new().limit(), None);
    /// assert_eq!(arenakit::Arena::builder().limit(1 << 20).build().limit(), Some(1 << 20));
    /// ```
    pub fn limit(&self) -> Option<usize> {
        self.raw.policy().limit()
    }

    /// The most bytes of chunks kept for reuse at reset.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::Arena::new().max_retained(), usize::MAX);
    /// ```
    pub fn max_retained(&self) -> usize {
        self.raw.policy().max_retained()
    }

    /// The memory source this arena takes its chunks from.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(*arena.source(), arenakit::source::Heap);
    /// ```
    pub fn source(&self) -> &S {
        self.raw.source()
    }
}

/// Resets a raw arena when dropped: `reset_impl` holds one while the destructors run, so the
/// round still ends (and is zeroed if asked) when a destructor panics.
struct ResetGuard<'r, S: MemorySource, M: Mode> {
    raw: &'r mut M::Raw<S>,
    zero: bool,
}

impl<S: MemorySource, M: Mode> Drop for ResetGuard<'_, S, M> {
    #[inline]
    fn drop(&mut self) {
        self.raw.reset(self.zero);
    }
}

impl<S: MemorySource, M: Mode> Drop for Arena<S, M> {
    fn drop(&mut self) {
        // SAFETY: dropping proves no reference into the arena is in use; the nodes lie in
        // chunks still held (they are released after this, when `raw` drops).
        unsafe { self.drops.run() };
    }
}

impl<S: MemorySource, M: Mode> fmt::Debug for Arena<S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Arena")
            .field("chunk_size", &self.chunk_size())
            .field("limit", &self.limit())
            .field("max_retained", &self.max_retained())
            .field("zero_on_reset", &self.raw.policy().zero_on_reset())
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}
