//! Introspection and a limit that can change on a live arena: bumpalo's `chunk_capacity`,
//! `allocated_bytes`, `allocated_bytes_including_metadata`, `set_allocation_limit` and
//! `iter_allocated_chunks`.

use super::{Arena, Local, Mode};
use crate::raw::RawOps;
use crate::source::MemorySource;
use core::mem::MaybeUninit;

impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Bytes plain allocations can still take from the current chunk before the arena moves
    /// on to the next one (for a [`SyncArena`](crate::SyncArena): from this thread's chunk).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::with_capacity(4096);
    /// let room = arena.chunk_capacity();
    /// assert!(room >= 4096);
    /// arena.alloc([0u8; 16]);
    /// assert_eq!(arena.chunk_capacity(), room - 16);
    /// ```
    pub fn chunk_capacity(&self) -> usize {
        self.raw.chunk_capacity()
    }

    /// Bytes of chunk memory the arena holds, without the chunk headers: what its chunks can
    /// hand out (bumpalo's `allocated_bytes`); [`Stats::held_data`](crate::Stats::held_data).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.alloc(1u8);
    /// assert!(arena.allocated_bytes() < arena.allocated_bytes_including_metadata());
    /// ```
    pub fn allocated_bytes(&self) -> usize {
        self.stats().held_data
    }

    /// Bytes the arena holds from its memory source, chunk headers included (bumpalo's
    /// `allocated_bytes_including_metadata`); [`Stats::held`](crate::Stats::held).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.allocated_bytes_including_metadata(), 0);
    /// arena.alloc(1u8);
    /// assert_eq!(arena.allocated_bytes_including_metadata(), 64 * 1024);
    /// ```
    pub fn allocated_bytes_including_metadata(&self) -> usize {
        self.stats().held
    }

    /// Changes the [`limit`](crate::ArenaBuilder::limit) on bytes held from the source, on a
    /// live arena (`None`: no limit). Lowering it below what the arena holds frees nothing:
    /// live memory stays valid, and every request that needs a new chunk is refused until
    /// enough is given back (by frees, or by a reset that trims spare chunks).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let kept = arena.alloc_slice_copy(&[1u64; 1000]);
    /// arena.set_limit(Some(0));
    /// assert!(arena.try_alloc_slice_copy(&[0u8; 1 << 20]).is_err());
    /// assert_eq!(kept[999], 1); // nothing was freed
    /// arena.set_limit(None);
    /// assert!(arena.try_alloc_slice_copy(&[0u8; 1 << 20]).is_ok());
    /// ```
    #[doc(alias = "set_allocation_limit")]
    pub fn set_limit(&self, limit: Option<usize>) {
        self.raw.set_limit(limit);
    }
}

impl<S: MemorySource> Arena<S, Local> {
    /// The used part of every chunk the arena allocates from, as bytes that may be
    /// uninitialised (padding, never-written memory): bumpalo's `iter_allocated_chunks`.
    /// Takes `&mut self`, so no allocation is being made or written while the bytes are read.
    /// Blocks that were freed (boxes, collection buffers) are still inside the used parts;
    /// their bytes are poisoned (see [`POISON_BYTE`](crate::POISON_BYTE)), and reading them
    /// under AddressSanitizer is reported.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// arena.alloc_slice_copy(b"hello");
    /// let used: usize = arena.iter_allocated_chunks().map(|chunk| chunk.len()).sum();
    /// assert_eq!(used, 8); // 5 bytes, rounded up to 8
    /// ```
    pub fn iter_allocated_chunks(&mut self) -> impl Iterator<Item = &[MaybeUninit<u8>]> + '_ {
        self.raw.used_regions().map(|(start, len)| {
            // SAFETY: `[start, start + len)` is the used part of a chunk in use: allocated,
            // initialised or not (hence `MaybeUninit`), and with `&mut self` borrowed for the
            // slice's lifetime nothing writes to it or gives the chunk back meanwhile.
            unsafe { core::slice::from_raw_parts(start.as_ptr().cast::<MaybeUninit<u8>>(), len) }
        })
    }

    /// Like [`iter_allocated_chunks`](Self::iter_allocated_chunks), through a shared borrow:
    /// each chunk's used part as a pointer and a length.
    ///
    /// # Safety
    ///
    /// Reading through the pointers races with allocations made meanwhile (the arena may
    /// hand out and write bytes in the chunk that is current), and the pointers dangle after
    /// the next reset or drop. Open scopes' chunks are not included.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.alloc(7u64);
    /// // SAFETY: nothing allocates while the regions are read.
    /// let total: usize = unsafe { arena.iter_allocated_chunks_raw() }.map(|(_, len)| len).sum();
    /// assert_eq!(total, 8);
    /// ```
    pub unsafe fn iter_allocated_chunks_raw(&self) -> impl Iterator<Item = (*mut u8, usize)> + '_ {
        self.raw
            .used_regions()
            .map(|(start, len)| (start.as_ptr(), len))
    }
}
