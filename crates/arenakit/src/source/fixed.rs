//! A caller-owned buffer as a memory source: no growth, no system calls.

use super::MemorySource;
use crate::raw::bump::align_up;
use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;

/// Chunks carved out of one caller-owned buffer.
///
/// Every allocation of an arena built on `Fixed` lies inside the buffer; the arena never calls
/// the global allocator or the operating system. When the buffer is full, allocations fail with
/// [`AllocError`](crate::AllocError) (the `try_` methods) or panic (the others). The buffer can
/// be a local array, a `Vec`'s storage, or a `static` one (see
/// [`from_uninit`](Fixed::from_uninit)).
///
/// Chunks are carved from the front of the buffer, each aligned to its size, so a buffer holds
/// `len / chunk_size` chunks minus at most one lost to alignment. With no chunk size set, the
/// arena uses [`chunk_size_hint`](MemorySource::chunk_size_hint): a power of two near an eighth
/// of the buffer. A chunk given back is reused for the next request of the same size; the
/// arena's default retention (keep everything at reset) means a reset arena reuses all of them.
///
/// # Examples
///
/// ```
/// use arenakit::{source::Fixed, Arena};
///
/// let mut buffer = [0u8; 16 * 1024];
/// let arena = Arena::builder().source(Fixed::new(&mut buffer)).build();
/// let n = arena.alloc(5u32);
/// assert_eq!(*n, 5);
/// // Far more than the buffer holds: an error, not a new chunk from somewhere else.
/// assert!(arena.try_alloc_uninit_slice::<u8>(32 * 1024).is_err());
/// ```
pub struct Fixed<'a> {
    /// Start of the buffer; provenance over all `len` bytes.
    base: NonNull<u8>,
    len: usize,
    /// Offset of the first byte never handed out. Invariant: `top <= len`.
    top: Cell<usize>,
    /// Blocks given back that were not at the top: a singly linked list threaded through the
    /// blocks themselves (an arena's chunks are large and aligned enough for a node; a block
    /// that is not stays unused, see `deallocate`).
    free: Cell<Option<NonNull<FreeBlock>>>,
    _buffer: PhantomData<&'a mut [u8]>,
}

/// The node written into a block given back to a [`Fixed`] source.
struct FreeBlock {
    next: Option<NonNull<FreeBlock>>,
    size: usize,
}

impl<'a> Fixed<'a> {
    /// A source over `buffer`. Its contents are overwritten by arena data.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{source::Fixed, Arena};
    ///
    /// let mut storage = vec![0u8; 64 * 1024];
    /// let arena = Arena::builder().source(Fixed::new(&mut storage)).build();
    /// assert_eq!(arena.alloc_str("in the buffer"), "in the buffer");
    /// ```
    pub fn new(buffer: &'a mut [u8]) -> Self {
        let len = buffer.len();
        Fixed::from_raw_parts(NonNull::from(buffer).cast(), len)
    }

    /// A source over an uninitialised buffer, such as a `static` one, without zeroing it first.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{source::Fixed, Arena};
    /// use core::mem::MaybeUninit;
    ///
    /// let buffer: &'static mut [MaybeUninit<u8>] =
    ///     Box::leak(Box::new([MaybeUninit::uninit(); 8192]));
    /// let arena = Arena::builder().source(Fixed::from_uninit(buffer)).build();
    /// assert_eq!(arena.alloc_slice_copy(&[1, 2, 3]), &[1, 2, 3]);
    /// ```
    pub fn from_uninit(buffer: &'a mut [MaybeUninit<u8>]) -> Self {
        let len = buffer.len();
        Fixed::from_raw_parts(NonNull::from(buffer).cast(), len)
    }

    fn from_raw_parts(base: NonNull<u8>, len: usize) -> Self {
        Fixed {
            base,
            len,
            top: Cell::new(0),
            free: Cell::new(None),
            _buffer: PhantomData,
        }
    }

    /// Size of the buffer in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buffer = [0u8; 1000];
    /// assert_eq!(arenakit::source::Fixed::new(&mut buffer).capacity(), 1000);
    /// ```
    pub fn capacity(&self) -> usize {
        self.len
    }

    /// Bytes of the buffer never handed out yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{source::Fixed, Arena};
    ///
    /// let mut buffer = [0u8; 4096];
    /// let arena = Arena::builder().source(Fixed::new(&mut buffer)).chunk_size(1024).build();
    /// let before = arena.source().remaining();
    /// arena.alloc(1u8);
    /// assert!(arena.source().remaining() < before);
    /// ```
    pub fn remaining(&self) -> usize {
        self.len - self.top.get()
    }

    /// Reuses a block of exactly `layout.size()` bytes, suitably aligned, from the free list.
    fn take_free(&self, layout: Layout) -> Option<NonNull<u8>> {
        let mut prev: Option<NonNull<FreeBlock>> = None;
        let mut cursor = self.free.get();
        while let Some(block) = cursor {
            // SAFETY: every node on the free list was written by `deallocate` into a block of
            // this buffer that nothing else uses; nodes are only read or unlinked here.
            let node = unsafe { block.read() };
            if node.size == layout.size() && block.addr().get() % layout.align() == 0 {
                match prev {
                    // SAFETY: `prev` is a node on the list (see above), so it can be written.
                    Some(p) => unsafe { (*p.as_ptr()).next = node.next },
                    None => self.free.set(node.next),
                }
                return Some(block.cast());
            }
            prev = cursor;
            cursor = node.next;
        }
        None
    }
}

impl fmt::Debug for Fixed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fixed")
            .field("capacity", &self.len)
            .field("remaining", &self.remaining())
            .finish_non_exhaustive()
    }
}

// SAFETY: `Fixed` owns exclusive access to its buffer for `'a` (it was built from a
// `&'a mut`), and `&'a mut [u8]` is `Send`; the `Cell`s make it `!Sync`, so no two threads
// use one `Fixed` at once.
unsafe impl Send for Fixed<'_> {}

// SAFETY: (1) blocks are carved from `[base, base + len)`, which `Fixed` borrows exclusively
// for `'a`, so they are valid and used by nothing else; (2) no two blocks overlap: carving
// hands out `[top, ..)` and moves `top` past it, `top` only moves back to the start of a given-
// back block that ends at `top` (so no block still out or on the free list lies above it), and
// a block leaves the free list when it is handed out; (3) the buffer lives outside the `Fixed`
// value, so moving it moves no memory.
unsafe impl MemorySource for Fixed<'_> {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 {
            return None;
        }
        if let Some(block) = self.take_free(layout) {
            return Some(block);
        }
        let base = self.base.addr().get();
        let start = align_up(base.checked_add(self.top.get())?, layout.align())?;
        let end = start.checked_add(layout.size())?;
        if end > base.checked_add(self.len)? {
            return None;
        }
        self.top.set(end - base);
        // `start` lies inside the buffer (it is below `end <= base + len`), so the pointer keeps
        // the buffer's provenance; it is non-null because `base` is.
        Some(
            self.base
                .with_addr(self.base.addr().checked_add(start - base)?),
        )
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        let offset = ptr.addr().get() - self.base.addr().get();
        if offset + layout.size() == self.top.get() {
            self.top.set(offset);
            return;
        }
        if layout.size() < size_of::<FreeBlock>() || layout.align() < align_of::<FreeBlock>() {
            // Too small to hold a free-list node: never the case for an arena's chunks; such a
            // block stays unused until the buffer is dropped.
            return;
        }
        let node = FreeBlock {
            next: self.free.get(),
            size: layout.size(),
        };
        // SAFETY: the caller gives back a block of ours, unused from now on, and the check above
        // makes sure a `FreeBlock` fits in it and is aligned.
        unsafe { ptr.cast::<FreeBlock>().write(node) };
        self.free.set(Some(ptr.cast()));
    }

    fn chunk_size_hint(&self) -> Option<usize> {
        let eighth = (self.len / 8).max(1);
        Some(1usize << eighth.ilog2())
    }
}
