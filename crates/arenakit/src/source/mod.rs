//! Where an arena's chunks come from.
//!
//! An [`Arena`](crate::Arena) never calls `malloc` per allocation: it asks its
//! [`MemorySource`] for whole chunks (64 KiB by default) and hands out pieces of them. The
//! source is the first seed's `Memory` interface: swap it to put an arena in memory-mapped
//! pages, in a caller-owned buffer, in shared memory or on a NUMA node.
//!
//! | source | memory | grows | system calls |
//! |---|---|---|---|
//! | [`Heap`] (default) | the global allocator | yes | those of the global allocator |
//! | `Mmap` (feature `std`, Unix) | anonymous mappings, optional huge pages and pre-faulting | yes | `mmap`/`munmap` per chunk |
//! | [`Fixed`] | a caller-owned `&mut [u8]` (also a `static` one) | no | none |
//!
//! Implement [`MemorySource`] for your own type to use any other memory.

use core::alloc::Layout;
use core::ptr::NonNull;

mod fixed;
mod heap;
#[cfg(all(feature = "std", unix))]
mod mmap;

pub use fixed::Fixed;
pub use heap::Heap;
#[cfg(all(feature = "std", unix))]
pub use mmap::Mmap;

/// A provider of memory chunks for an arena.
///
/// The arena calls [`allocate`](MemorySource::allocate) when it needs a new chunk (rarely: once
/// per chunk, never per allocation) and [`deallocate`](MemorySource::deallocate) when it gives
/// a chunk back (on reset beyond its retention limit, and when it is dropped). Every layout the
/// arena requests has a non-zero size and an alignment of at least 16 bytes:
/// the chunks of freeable blocks are aligned to their own size so that the chunk owning such a
/// block is found from its address alone; chunks of plain blocks grow and need only 16 (or
/// the alignment of the one block a dedicated chunk holds).
///
/// # Safety
///
/// Implementors guarantee that every block returned by `allocate(layout)`:
///
/// 1. is valid for reads and writes of `layout.size()` bytes and aligned to `layout.align()`;
/// 2. overlaps no other block this source has handed out and not yet taken back, and no memory
///    anything else uses while the block is out;
/// 3. stays valid until it is passed to `deallocate`, even when the source value itself is
///    moved (an arena owns its source and is moved with it, so a source must not hand out
///    memory stored inline in itself).
///
/// `deallocate` may assume it is only given blocks from `allocate` on the same source, with the
/// same layout, each at most once.
///
/// Neither method should panic. If one does, the arena stays memory-safe, but the chunks it was
/// giving back at that moment may leak and its statistics may be off. The arena calls the
/// source only where a panic cannot strand a caller: when it takes a new chunk (before it hands
/// out any block of it), at reset, at the end of a scope and when it is dropped, never while a
/// block is being freed or resized (a chunk emptied by a free past
/// [`max_retained`](crate::ArenaBuilder::max_retained) stays spare until the next of those).
///
/// # Examples
///
/// A source that counts the chunks it hands out, on top of the heap:
///
/// ```
/// use arenakit::source::{Heap, MemorySource};
/// use arenakit::Arena;
/// use core::alloc::Layout;
/// use core::ptr::NonNull;
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// #[derive(Default)]
/// struct Counting {
///     live: AtomicUsize,
/// }
///
/// // SAFETY: every block comes from `Heap`, which upholds the contract, and goes back to it
/// // with the layout it was allocated with.
/// unsafe impl MemorySource for Counting {
///     fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
///         let block = Heap.allocate(layout)?;
///         self.live.fetch_add(1, Ordering::Relaxed);
///         Some(block)
///     }
///
///     unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
///         self.live.fetch_sub(1, Ordering::Relaxed);
///         // SAFETY: the caller passes a block from `allocate`, which came from `Heap` with
///         // this layout.
///         unsafe { Heap.deallocate(ptr, layout) }
///     }
/// }
///
/// let arena = Arena::builder().source(Counting::default()).build();
/// arena.alloc(42u64);
/// assert_eq!(arena.source().live.load(Ordering::Relaxed), 1);
/// ```
pub unsafe trait MemorySource {
    /// Returns a block of `layout.size()` bytes aligned to `layout.align()`, or `None` when
    /// this source has no more memory to give.
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>>;

    /// Takes back a block handed out by [`allocate`](MemorySource::allocate).
    ///
    /// # Safety
    ///
    /// `ptr` was returned by `self.allocate(layout)` with this exact `layout` and has not been
    /// deallocated since; nothing uses the block after this call.
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout);

    /// The regular chunk size this source works best with, used by
    /// [`ArenaBuilder::build`](crate::ArenaBuilder::build) when no chunk size was set.
    ///
    /// `None` (the default) keeps the arena's default of 64 KiB.
    fn chunk_size_hint(&self) -> Option<usize> {
        None
    }
}

// SAFETY: forwards to `S`, which upholds the contract; a shared reference can be moved without
// moving the source it points to.
unsafe impl<S: MemorySource + ?Sized> MemorySource for &S {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        (**self).allocate(layout)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees are the ones `S::deallocate` needs.
        unsafe { (**self).deallocate(ptr, layout) }
    }

    fn chunk_size_hint(&self) -> Option<usize> {
        (**self).chunk_size_hint()
    }
}
