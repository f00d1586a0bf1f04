//! Chunk headers, chunk lists, and the chunk manager that takes chunks from a memory source,
//! retains them for reuse and gives them back.
//!
//! # Layout of a chunk
//!
//! ```text
//!  base (aligned to the chunk alignment)
//!  |
//!  v
//!  +----------------+--------------------------------------+----------------+
//!  | ChunkHeader    | blocks handed out, bottom to top ... | free tail      |
//!  | (HEADER_SIZE)  |                                      |                |
//!  +----------------+--------------------------------------+----------------+
//!  ^                ^                                      ^                ^
//!  base        base + data_offset                     used end        base + size
//! ```
//!
//! The header lives in the chunk itself, so the chunk manager allocates nothing on the side.
//! Every chunk is on exactly one of four intrusive singly linked lists: regular chunks in use
//! (the head is the current chunk the cursor bumps through), dedicated chunks in use, and the
//! two spare lists of chunks retained for reuse.

use super::growth::{ChunkShape, HEADER_SIZE, Policy};
use crate::error::{AllocError, AllocErrorKind};
use crate::source::MemorySource;
use crate::stats::Stats;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// The header at the base of every chunk.
#[repr(C)]
struct ChunkHeader {
    /// Next chunk on the list this chunk is on.
    next: Option<NonNull<ChunkHeader>>,
    /// Shape the chunk was requested with: needed to give it back to the source.
    size: usize,
    align: usize,
    data_offset: usize,
    /// Offset from the base of the end of the used part, kept up to date whenever the chunk is
    /// not the current one (the current chunk's used end is the arena's cursor). Invariant:
    /// `data_offset <= used_end <= size`.
    used_end: usize,
    /// Offset from the base of the end of every byte written since the last reset: at least
    /// `used_end`, more when the newest blocks were rolled back. Zeroing covers this much.
    /// Invariant: `used_end <= written_end <= size`.
    written_end: usize,
}

const _: () = assert!(size_of::<ChunkHeader>() <= HEADER_SIZE);

/// A pointer to the header of a live chunk.
///
/// Invariant: the pointee is a `ChunkHeader` written by [`Chunks::acquire`] at the base of a
/// block from the source that has not been given back, and the chunk manager is the only code
/// that reads or writes it. All methods rely on this; only `Chunks` creates a `Chunk`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk(NonNull<ChunkHeader>);

impl Chunk {
    fn header(self) -> ChunkHeader {
        // SAFETY: by the type invariant the header is initialised and not being written.
        unsafe { self.0.read() }
    }

    fn set_next(self, next: Option<Chunk>) {
        // SAFETY: by the type invariant we may write the header; no reference to it exists.
        unsafe { (*self.0.as_ptr()).next = next.map(|c| c.0) }
    }

    /// Sets the end of the used part and of the written part (offsets from the base).
    fn set_ends(self, used_end: usize, written_end: usize) {
        let h = self.header();
        debug_assert!(h.data_offset <= used_end && used_end <= written_end);
        debug_assert!(written_end <= h.size);
        // SAFETY: as in `set_next`.
        unsafe { (*self.0.as_ptr()).used_end = used_end };
        // SAFETY: as in `set_next`.
        unsafe { (*self.0.as_ptr()).written_end = written_end };
    }

    /// Marks the chunk empty.
    fn clear(self) {
        let start = self.header().data_offset;
        self.set_ends(start, start);
    }

    fn next(self) -> Option<Chunk> {
        self.header().next.map(Chunk)
    }

    fn base(self) -> NonNull<u8> {
        self.0.cast()
    }

    fn size(self) -> usize {
        self.header().size
    }

    fn layout(self) -> Layout {
        let h = self.header();
        // SAFETY: the chunk was allocated with exactly this size and alignment, which formed a
        // valid layout then.
        unsafe { Layout::from_size_align_unchecked(h.size, h.align) }
    }

    /// First data byte.
    pub(crate) fn data_start(self) -> NonNull<u8> {
        // SAFETY: `data_offset < size`, so the result stays inside the chunk's allocation.
        unsafe { self.base().add(self.header().data_offset) }
    }

    /// One past the last byte of the chunk.
    pub(crate) fn end_addr(self) -> usize {
        self.base().addr().get() + self.size()
    }

    /// Used bytes, given the cursor when this is the current chunk.
    fn used(self, cursor: Option<usize>) -> usize {
        let h = self.header();
        let end = cursor.map_or(h.used_end, |c| c - self.base().addr().get());
        end - h.data_offset
    }

    /// Whether `addr` lies in the part of this chunk handed out since the last reset.
    fn holds(self, addr: usize, cursor: Option<usize>) -> bool {
        let start = self.data_start().addr().get();
        addr >= start && addr < start + self.used(cursor)
    }

    /// Overwrites every byte written since the last reset with zeros (the chunk is retired).
    fn zero_written(self) {
        let h = self.header();
        let written = h.written_end - h.data_offset;
        // SAFETY: `[data_start, data_start + written)` lies inside the chunk, which we own;
        // after a reset no reference into it survives (`reset` takes `&mut` of the arena).
        unsafe { self.data_start().write_bytes(0, written) };
        // The zeroed chunk may be given back to its source right after; without this the
        // compiler could drop the stores as dead ones before a `dealloc`.
        core::hint::black_box(self.data_start());
    }
}

/// An intrusive singly linked list of chunks.
#[derive(Default)]
struct ChunkList {
    head: Cell<Option<Chunk>>,
}

impl ChunkList {
    fn push(&self, chunk: Chunk) {
        chunk.set_next(self.head.get());
        self.head.set(Some(chunk));
    }

    fn pop(&self) -> Option<Chunk> {
        let chunk = self.head.get()?;
        self.head.set(chunk.next());
        Some(chunk)
    }

    /// Removes and returns the first chunk for which `pick` returns the smallest key.
    fn take_min_by_key(&self, mut key: impl FnMut(Chunk) -> Option<usize>) -> Option<Chunk> {
        let mut best: Option<(usize, Option<Chunk>, Chunk)> = None;
        let mut prev = None;
        for chunk in self.iter() {
            if let Some(k) = key(chunk) {
                if best.is_none_or(|(b, _, _)| k < b) {
                    best = Some((k, prev, chunk));
                }
            }
            prev = Some(chunk);
        }
        let (_, prev, chunk) = best?;
        match prev {
            Some(p) => p.set_next(chunk.next()),
            None => self.head.set(chunk.next()),
        }
        Some(chunk)
    }

    fn iter(&self) -> impl Iterator<Item = Chunk> {
        core::iter::successors(self.head.get(), |c| c.next())
    }

    /// Empties the list, returning its chunks in order.
    fn take(&self) -> impl Iterator<Item = Chunk> {
        // `next` is read before the caller can relink the chunk.
        let mut cursor = self.head.take();
        core::iter::from_fn(move || {
            let chunk = cursor?;
            cursor = chunk.next();
            Some(chunk)
        })
    }
}

/// Owner of all of an arena's chunks and of its memory source.
pub(crate) struct Chunks<S: MemorySource> {
    source: S,
    policy: Policy,
    /// Regular chunks in use, newest first; the head is the current chunk.
    regular: ChunkList,
    /// Dedicated chunks in use.
    dedicated: ChunkList,
    /// Regular chunks kept for reuse.
    spare: ChunkList,
    /// Dedicated chunks kept for reuse by later large requests.
    spare_dedicated: ChunkList,
    /// Bytes held from the source. Invariant: the sum of the sizes of all chunks on all lists.
    held: Cell<usize>,
    /// The largest `used` recorded at a reset.
    high_water: Cell<usize>,
}

impl<S: MemorySource> Chunks<S> {
    pub(crate) fn new(source: S, policy: Policy) -> Self {
        Chunks {
            source,
            policy,
            regular: ChunkList::default(),
            dedicated: ChunkList::default(),
            spare: ChunkList::default(),
            spare_dedicated: ChunkList::default(),
            held: Cell::new(0),
            high_water: Cell::new(0),
        }
    }

    pub(crate) fn source(&self) -> &S {
        &self.source
    }

    pub(crate) fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The current chunk, if any.
    pub(crate) fn current(&self) -> Option<Chunk> {
        self.regular.head.get()
    }

    /// Takes a new chunk of `shape` from the source, within the limit.
    fn acquire(&self, shape: ChunkShape, request: usize) -> Result<Chunk, AllocError> {
        if !self.policy.admits(self.held.get(), shape.size) {
            return Err(AllocError::new(AllocErrorKind::LimitExceeded, request));
        }
        let layout = Layout::from_size_align(shape.size, shape.align)
            .map_err(|_| AllocError::new(AllocErrorKind::CapacityOverflow, request))?;
        let base = self
            .source
            .allocate(layout)
            .ok_or(AllocError::new(AllocErrorKind::SourceExhausted, request))?;
        debug_assert_eq!(base.addr().get() % shape.align, 0, "source broke alignment");
        let header = ChunkHeader {
            next: None,
            size: shape.size,
            align: shape.align,
            data_offset: shape.data_offset,
            used_end: shape.data_offset,
            written_end: shape.data_offset,
        };
        // SAFETY: the source contract gives us `shape.size >= HEADER_SIZE` writable bytes
        // aligned to `shape.align`, which is at least the header's alignment.
        unsafe { base.cast::<ChunkHeader>().write(header) };
        self.held.set(self.held.get() + shape.size);
        Ok(Chunk(base.cast()))
    }

    /// Gives a chunk back to the source.
    fn release(&self, chunk: Chunk) {
        let layout = chunk.layout();
        self.held.set(self.held.get() - layout.size());
        // SAFETY: the chunk came from `self.source.allocate(layout)` in `acquire` and has just
        // been unlinked from every list, so nothing uses it any more.
        unsafe { self.source.deallocate(chunk.base(), layout) };
    }

    /// Retires the current chunk (see [`retire_current`](Chunks::retire_current)) and makes a
    /// spare or new regular chunk current. Returns it; the cursor starts at its `data_start`.
    pub(crate) fn refill(
        &self,
        cursor: usize,
        written: usize,
        request: usize,
    ) -> Result<Chunk, AllocError> {
        let chunk = match self.spare.pop() {
            Some(chunk) => chunk,
            None => self.acquire(self.policy.regular_shape(), request)?,
        };
        self.retire_current(cursor, written);
        self.regular.push(chunk);
        debug_assert_eq!(
            self.policy.chunk_base(chunk.end_addr() - 1, 1),
            chunk.base().addr().get(),
            "every byte of a regular chunk masks to its header"
        );
        Ok(chunk)
    }

    /// Records the used end (`cursor`) and written end (`written`; the larger of the two
    /// counts) of the current chunk before the cursor leaves it.
    pub(crate) fn retire_current(&self, cursor: usize, written: usize) {
        if let Some(current) = self.current() {
            let base = current.base().addr().get();
            current.set_ends(cursor - base, written.max(cursor) - base);
        }
    }

    /// A dedicated chunk holding one block for `layout`; returns the block.
    pub(crate) fn alloc_dedicated(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let shape = self
            .policy
            .dedicated_shape(layout.size(), layout.align())
            .ok_or(AllocError::overflow())?;
        // Best fit among the spares: the smallest one that is large enough and aligned enough.
        let reused = self.spare_dedicated.take_min_by_key(|c| {
            let h = c.header();
            let fits = h.align >= shape.align
                && h.data_offset == shape.data_offset
                && h.size >= shape.size;
            fits.then_some(h.size)
        });
        let chunk = match reused {
            Some(chunk) => chunk,
            None => self.acquire(shape, layout.size())?,
        };
        let end = shape.data_offset + layout.size();
        chunk.set_ends(end, end);
        self.dedicated.push(chunk);
        let block = chunk.data_start();
        debug_assert_eq!(
            self.policy.chunk_base(block.addr().get(), layout.align()),
            chunk.base().addr().get(),
            "the owning chunk of a dedicated block is found from its address"
        );
        Ok(block)
    }

    /// Reserves spare regular chunks until `bytes` of allocations fit without the source.
    ///
    /// Fails at once, taking nothing, when the chunks could never fit in the address space or
    /// within the limit.
    pub(crate) fn reserve(&self, bytes: usize) -> Result<(), AllocError> {
        let have = self.spare.iter().count();
        let want = self.policy.chunks_for(bytes);
        let extra = want
            .saturating_sub(have)
            .checked_mul(self.policy.chunk_size())
            .filter(|&total| total <= isize::MAX as usize)
            .ok_or(AllocError::overflow())?;
        if !self.policy.admits(self.held.get(), extra) {
            return Err(AllocError::new(AllocErrorKind::LimitExceeded, bytes));
        }
        for _ in have..want {
            let chunk = self.acquire(self.policy.regular_shape(), bytes)?;
            self.spare.push(chunk);
        }
        Ok(())
    }

    /// Ends the use of every chunk: zeroes written memory if asked, keeps chunks up to the
    /// retention limit on the spare lists and gives the rest back. `cursor` and `written` are
    /// the arena's cursor and written end in the current chunk. Returns the new current chunk,
    /// if a spare one exists.
    ///
    /// Regular chunks are kept before dedicated ones; spare chunks count against the limit too,
    /// so `max_retained` also trims reserved chunks. Chunks in use go on top of the spare
    /// stacks, oldest on top, so the next round reuses memory in the same order.
    pub(crate) fn reset(&mut self, cursor: usize, written: usize, zero: bool) -> Option<Chunk> {
        self.retire_current(cursor, written);
        let used = self.used(None);
        self.high_water.set(self.high_water.get().max(used));
        let mut budget = self.policy.max_retained();
        for (list, spare) in [
            (&self.spare, &self.spare),
            (&self.regular, &self.spare),
            (&self.spare_dedicated, &self.spare_dedicated),
            (&self.dedicated, &self.spare_dedicated),
        ] {
            // `take` detaches the whole list first, so pushing onto the same list is fine.
            for chunk in list.take() {
                if zero {
                    chunk.zero_written();
                }
                let size = chunk.size();
                if size <= budget {
                    budget -= size;
                    chunk.clear();
                    spare.push(chunk);
                } else {
                    self.release(chunk);
                }
            }
        }
        let chunk = self.spare.pop()?;
        self.regular.push(chunk);
        Some(chunk)
    }

    /// Bytes used in all chunks in use; `cursor` is the position in the current chunk.
    fn used(&self, cursor: Option<usize>) -> usize {
        let current = self.current();
        let regular: usize = self
            .regular
            .iter()
            .map(|c| c.used(if Some(c) == current { cursor } else { None }))
            .sum();
        regular + self.dedicated.iter().map(|c| c.used(None)).sum::<usize>()
    }

    fn retained(&self) -> usize {
        self.spare
            .iter()
            .chain(self.spare_dedicated.iter())
            .map(Chunk::size)
            .sum()
    }

    /// Statistics derived from the chunk lists.
    pub(crate) fn stats(&self, cursor: usize) -> Stats {
        let current = self.current();
        let used = self.used(Some(cursor));
        let wasted = self
            .regular
            .iter()
            .filter(|&c| Some(c) != current)
            .map(|c| c.size() - c.header().used_end)
            .sum();
        Stats {
            held: self.held.get(),
            used,
            wasted,
            regular_chunks: self.regular.iter().count(),
            dedicated_chunks: self.dedicated.iter().count(),
            retained: self.retained(),
            high_water: self.high_water.get().max(used),
        }
    }

    /// Whether `addr` lies in a part of a chunk handed out since the last reset; `cursor` is
    /// the position in the current chunk.
    pub(crate) fn contains(&self, addr: usize, cursor: usize) -> bool {
        let current = self.current();
        let in_regular = self.regular.iter().any(|c| {
            let cursor = (Some(c) == current).then_some(cursor);
            c.holds(addr, cursor)
        });
        in_regular || self.dedicated.iter().any(|c| c.holds(addr, None))
    }
}

impl<S: MemorySource> Drop for Chunks<S> {
    fn drop(&mut self) {
        for list in [
            &self.regular,
            &self.dedicated,
            &self.spare,
            &self.spare_dedicated,
        ] {
            for chunk in list.take() {
                self.release(chunk);
            }
        }
        debug_assert_eq!(self.held.get(), 0);
    }
}
