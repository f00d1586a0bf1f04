//! [`ArenaBuilder`]: the settings of an arena.

use super::{Arena, Local, Mode};
use crate::raw::growth::{DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE, Policy};
use crate::source::{Heap, MemorySource};
use core::marker::PhantomData;

/// Settings for a new [`Arena`](crate::Arena) or [`SyncArena`](crate::SyncArena); made by
/// [`Arena::builder`](Arena::builder) or `SyncArena::builder`.
///
/// Every setting has a sensible default and every value is accepted: out-of-range chunk sizes
/// are clamped (see [`chunk_size`](ArenaBuilder::chunk_size)), so building cannot fail.
///
/// # Examples
///
/// ```
/// use arenakit::{source::Fixed, Arena};
///
/// let mut buffer = vec![0u8; 1 << 20];
/// let arena = Arena::builder()
///     .source(Fixed::new(&mut buffer))
///     .chunk_size(64 * 1024)
///     .zero_on_reset(true)
///     .build();
/// assert_eq!(arena.alloc_str("no malloc here"), "no malloc here");
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ArenaBuilder<S = Heap, M = Local> {
    source: S,
    chunk_size: Option<usize>,
    max_retained: usize,
    limit: Option<usize>,
    zero_on_reset: bool,
    mode: PhantomData<fn() -> M>,
}

impl ArenaBuilder<Heap> {
    /// The default settings: [`Heap`] source, 64 KiB chunks, everything retained at reset, no
    /// limit, no zeroing.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::ArenaBuilder::new().build();
    /// assert_eq!(arena.chunk_size(), 64 * 1024);
    /// ```
    pub fn new() -> Self {
        ArenaBuilder::in_mode()
    }
}

impl<M: Mode> ArenaBuilder<Heap, M> {
    /// The default settings for an arena of mode `M`.
    pub(crate) fn in_mode() -> Self {
        ArenaBuilder {
            source: Heap,
            chunk_size: None,
            max_retained: usize::MAX,
            limit: None,
            zero_on_reset: false,
            mode: PhantomData,
        }
    }
}

impl Default for ArenaBuilder<Heap> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S, M> ArenaBuilder<S, M> {
    /// Size of a regular chunk in bytes, header (64 bytes) included, and of the first plain
    /// chunk (later plain chunks double, up to 64 MiB or this size if larger; see the
    /// [module docs](crate::arena)). Default: the source's
    /// [`chunk_size_hint`](MemorySource::chunk_size_hint), else 64 KiB.
    ///
    /// Clamped to 256 bytes ..= 1 GiB and rounded up to a multiple of 64. A power of two wastes
    /// no address space: regular chunks are aligned to their size rounded up to a power of
    /// two.
    /// A request that does not fit in the current chunk and is larger than a quarter of a
    /// chunk gets a dedicated chunk of its own.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().chunk_size(1000).build();
    /// assert_eq!(arena.chunk_size(), 1024);
    /// let arena = arenakit::Arena::builder().chunk_size(1).build();
    /// assert_eq!(arena.chunk_size(), 256);
    /// ```
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = Some(bytes.clamp(MIN_CHUNK_SIZE, MAX_CHUNK_SIZE));
        self
    }

    /// Bytes of chunks kept for reuse at [`reset`](Arena::reset); the rest go back to the
    /// source. Default: `usize::MAX` (keep all, so a warm arena needs nothing from its source).
    ///
    /// A chunk emptied by frees during a round (boxes dropped, collections grown or dropped)
    /// past this limit goes back to the source at the next chunk the arena takes from it, or
    /// at the next reset, whichever comes first, never inside the free itself: a free runs
    /// inside `Vec::push` and friends, where a panicking source must not unwind.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::builder().max_retained(0).build();
    /// arena.alloc(1u8);
    /// arena.reset();
    /// assert_eq!(arena.stats().held, 0);
    /// ```
    pub fn max_retained(mut self, bytes: usize) -> Self {
        self.max_retained = bytes;
        self
    }

    /// The most bytes the arena may hold from its source, chunk headers included (64 bytes
    /// per chunk). Past it the `try_` methods return [`AllocError`](crate::AllocError) and the
    /// others panic. Default: no limit. Near the limit (or with a limit below the chunk size)
    /// the arena takes a smaller chunk fitted to the room left, so every request that fits
    /// still succeeds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(128 * 1024).build();
    /// assert!(arena.try_alloc_uninit_slice::<u8>(100_000).is_ok());
    /// assert!(arena.try_alloc_uninit_slice::<u8>(100_000).is_err());
    /// ```
    pub fn limit(mut self, bytes: usize) -> Self {
        self.limit = Some(bytes);
        self
    }

    /// Whether [`reset`](Arena::reset) zeroes all used memory, like
    /// [`reset_zeroed`](Arena::reset_zeroed). Default: `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::builder().zero_on_reset(true).build();
    /// let p = arena.alloc(0xdead_beef_u32) as *mut u32;
    /// arena.reset();
    /// assert_eq!(arena.alloc_uninit::<u32>() as *mut _ as *mut u32, p);
    /// ```
    pub fn zero_on_reset(mut self, on: bool) -> Self {
        self.zero_on_reset = on;
        self
    }

    /// Where the arena takes its chunks from. Default: [`Heap`].
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{source::Fixed, Arena};
    ///
    /// let mut buffer = [0u8; 8192];
    /// let arena = Arena::builder().source(Fixed::new(&mut buffer)).build();
    /// assert_eq!(*arena.alloc(3i16), 3);
    /// ```
    pub fn source<T>(self, source: T) -> ArenaBuilder<T, M> {
        ArenaBuilder {
            source,
            chunk_size: self.chunk_size,
            max_retained: self.max_retained,
            limit: self.limit,
            zero_on_reset: self.zero_on_reset,
            mode: PhantomData,
        }
    }

    /// The arena. Allocates nothing until its first allocation.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().build();
    /// assert_eq!(arena.stats().held, 0);
    /// ```
    pub fn build(self) -> Arena<S, M>
    where
        S: MemorySource,
        M: Mode,
    {
        let chunk_size = self
            .chunk_size
            .or_else(|| self.source.chunk_size_hint())
            .unwrap_or(DEFAULT_CHUNK_SIZE);
        let policy =
            Policy::new(chunk_size, self.max_retained, self.limit).with_zeroing(self.zero_on_reset);
        Arena::from_parts(self.source, policy)
    }
}
