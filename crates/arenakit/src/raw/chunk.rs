//! Chunk headers and intrusive chunk lists.
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
//! The header lives in the chunk itself, so chunk bookkeeping allocates nothing on the side,
//! and every chunk is on exactly one intrusive doubly linked [`ChunkList`].

use super::growth::{ChunkShape, HEADER_SIZE};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// The header at the base of every chunk.
///
/// The fields below `dedicated` describe the chunk's use since it was last entered (made
/// current, or handed a dedicated block); they are meaningless while the chunk is spare.
struct ChunkHeader {
    /// Neighbours on the list this chunk is on.
    next: Option<NonNull<ChunkHeader>>,
    prev: Option<NonNull<ChunkHeader>>,
    /// Shape the chunk was requested with: needed to give it back to the source (the
    /// alignment as its base-2 logarithm, to keep the header within one cache line).
    size: usize,
    align_log2: u8,
    data_offset: usize,
    /// Whether the chunk holds one dedicated block rather than bump allocations.
    dedicated: bool,
    /// Offset from the base of the end of the used part, kept up to date whenever the chunk is
    /// not the current one (the current chunk's used end is the arena's cursor). Invariant:
    /// `data_offset <= used_end <= size`.
    used_end: usize,
    /// Offset from the base of the end of every byte written since the chunk was last zeroed
    /// (or taken from the source): at least `used_end`, more when the newest blocks were rolled
    /// back or the chunk was reused after its blocks were freed. Zeroing covers this much, and
    /// unlike the other use fields it survives `clear`. Invariant: `used_end <= written_end
    /// <= size` while the chunk is in use.
    written_end: usize,
    /// Freeable blocks (collection buffers, boxes) handed out from this chunk and not freed
    /// (a chunk holds at most `2^30 / 8` blocks, so 32 bits suffice).
    live: u32,
    /// Bytes of the used part taken by freeable blocks, padding included. When `live` is zero
    /// and this equals the used bytes, every block in the chunk was freed and the chunk can be
    /// reused; a plain allocation makes the used bytes exceed it, pinning the chunk until reset.
    freeable: usize,
}

const _: () = assert!(size_of::<ChunkHeader>() <= HEADER_SIZE);

/// A pointer to the header of a live chunk.
///
/// Invariant: the pointee is a `ChunkHeader` written by [`Chunk::init`] at the base of a block
/// from the memory source that has not been given back, and only the `raw` module reads or
/// writes it, never while a reference to it exists (it only ever makes short-lived copies or
/// field writes through the raw pointer). All methods rely on this.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk(NonNull<ChunkHeader>);

impl Chunk {
    /// Writes a fresh header at `base` for a chunk of `shape`.
    ///
    /// # Safety
    ///
    /// `base` is a block from the memory source of `shape.size` bytes aligned to `shape.align`,
    /// owned by the caller and not otherwise in use, with `HEADER_SIZE <= shape.data_offset <
    /// shape.size` (as every shape from `Policy` has).
    pub(crate) unsafe fn init(base: NonNull<u8>, shape: ChunkShape, dedicated: bool) -> Chunk {
        let header = ChunkHeader {
            next: None,
            prev: None,
            size: shape.size,
            align_log2: shape.align.trailing_zeros() as u8,
            data_offset: shape.data_offset,
            dedicated,
            used_end: shape.data_offset,
            written_end: shape.data_offset,
            live: 0,
            freeable: 0,
        };
        // SAFETY: the caller guarantees `shape.size >= HEADER_SIZE` writable bytes at `base`,
        // aligned to `shape.align`, which is at least the header's alignment.
        unsafe { base.cast::<ChunkHeader>().write(header) };
        Chunk(base.cast())
    }

    /// The chunk whose header is at `base`.
    ///
    /// # Safety
    ///
    /// `base` is the base of a live chunk of this arena (see the type invariant).
    pub(crate) unsafe fn from_base(base: NonNull<u8>) -> Chunk {
        Chunk(base.cast())
    }

    fn header(self) -> ChunkHeader {
        // SAFETY: by the type invariant the header is initialised and no reference to it exists.
        unsafe { self.0.read() }
    }

    /// Applies `f` to the header in place.
    fn update(self, f: impl FnOnce(&mut ChunkHeader)) {
        // SAFETY: by the type invariant we may write the header, and no other reference to it
        // exists while `f` runs (`f` gets no access to other chunks' headers through this).
        f(unsafe { &mut *self.0.as_ptr() })
    }

    fn next(self) -> Option<Chunk> {
        self.header().next.map(Chunk)
    }

    fn prev(self) -> Option<Chunk> {
        self.header().prev.map(Chunk)
    }

    fn set_links(self, prev: Option<Chunk>, next: Option<Chunk>) {
        self.update(|h| {
            h.prev = prev.map(|c| c.0);
            h.next = next.map(|c| c.0);
        });
    }

    pub(crate) fn base(self) -> NonNull<u8> {
        self.0.cast()
    }

    pub(crate) fn size(self) -> usize {
        self.header().size
    }

    pub(crate) fn is_dedicated(self) -> bool {
        self.header().dedicated
    }

    /// Makes a dedicated chunk, emptied, a plain one (see `Chunks::promote_big`).
    pub(crate) fn make_plain(self) {
        self.update(|h| h.dedicated = false);
    }

    /// The layout the chunk was requested from the source with.
    pub(crate) fn layout(self) -> Layout {
        let h = self.header();
        // SAFETY: the chunk was allocated with exactly this size and alignment, which formed a
        // valid layout then.
        unsafe { Layout::from_size_align_unchecked(h.size, 1 << h.align_log2) }
    }

    /// Offset of the first data byte from the base.
    pub(crate) fn data_offset(self) -> usize {
        self.header().data_offset
    }

    /// First data byte.
    pub(crate) fn data_start(self) -> NonNull<u8> {
        // SAFETY: `data_offset < size`, so the result stays inside the chunk's allocation.
        unsafe { self.base().add(self.data_offset()) }
    }

    /// One past the last byte of the chunk.
    pub(crate) fn end_addr(self) -> usize {
        self.base().addr().get() + self.size()
    }

    /// Offset of `addr`, an address inside this chunk, from its base.
    pub(crate) fn offset_of(self, addr: usize) -> usize {
        debug_assert!(addr >= self.base().addr().get() && addr <= self.end_addr());
        addr - self.base().addr().get()
    }

    /// Used bytes, given the cursor if this is the current chunk.
    pub(crate) fn used(self, cursor: Option<usize>) -> usize {
        let h = self.header();
        let end = cursor.map_or(h.used_end, |c| self.offset_of(c));
        end - h.data_offset
    }

    /// Bytes left unused at the end, given the cursor if this is the current chunk.
    pub(crate) fn tail(self, cursor: Option<usize>) -> usize {
        self.size() - self.data_offset() - self.used(cursor)
    }

    /// Sets the end of the used part, and extends the written part to at least `written_end`
    /// (offsets from the base).
    pub(crate) fn set_ends(self, used_end: usize, written_end: usize) {
        self.update(|h| {
            debug_assert!(h.data_offset <= used_end && used_end <= written_end);
            debug_assert!(written_end <= h.size);
            h.used_end = used_end;
            h.written_end = h.written_end.max(written_end);
        });
    }

    /// Marks the chunk empty: nothing used or live. What was written stays recorded, so a
    /// zeroing reset still wipes it.
    pub(crate) fn clear(self) {
        self.update(|h| {
            h.used_end = h.data_offset;
            h.live = 0;
            h.freeable = 0;
        });
    }

    /// Whether bytes were written since the chunk was last zeroed.
    pub(crate) fn is_dirty(self) -> bool {
        let h = self.header();
        h.written_end > h.data_offset
    }

    /// Records a freeable block of `bytes` (padding included) handed out from this chunk.
    pub(crate) fn add_freeable(self, bytes: usize) {
        self.update(|h| {
            h.live += 1;
            h.freeable += bytes;
        });
    }

    // Only the `Allocator` impl resizes blocks.
    #[cfg_attr(not(feature = "allocator-api2"), allow(dead_code))]
    /// Adjusts the bytes of a freeable block resized in place (the newest block).
    pub(crate) fn resize_freeable(self, old: usize, new: usize) {
        self.update(|h| h.freeable = h.freeable - old + new);
    }

    /// Records that a freeable block was freed; `rolled_back` bytes of it were given back to
    /// the cursor (it was the newest block). Returns whether every block of the chunk is now
    /// freed, given the used bytes.
    pub(crate) fn free_block(self, rolled_back: usize, used: usize) -> bool {
        let mut all_free = false;
        self.update(|h| {
            debug_assert!(h.live > 0 && h.freeable >= rolled_back);
            h.live -= 1;
            h.freeable -= rolled_back;
            all_free = h.live == 0 && h.freeable == used;
        });
        all_free
    }

    /// Marks the first `used` data bytes as given back (see [`poison`](super::poison)).
    ///
    /// # Safety
    ///
    /// Nothing uses those bytes any more.
    #[inline]
    pub(crate) unsafe fn release_data(self, used: usize) {
        // SAFETY: the range lies in the chunk's data (`used` never exceeds it) and the caller
        // guarantees nothing uses it.
        unsafe { super::poison::release(self.data_start(), used) }
    }

    /// Whether freeable blocks of this chunk are still live (not freed).
    pub(crate) fn has_live_blocks(self) -> bool {
        self.header().live > 0
    }

    /// Bytes of data the chunk has room for.
    pub(crate) fn capacity(self) -> usize {
        self.size() - self.data_offset()
    }

    /// Whether `addr` lies in the part of this chunk handed out, given the cursor if current.
    pub(crate) fn holds(self, addr: usize, cursor: Option<usize>) -> bool {
        let start = self.data_start().addr().get();
        addr >= start && addr < start + self.used(cursor)
    }

    /// Overwrites every byte written since the chunk was last zeroed, and records it clean.
    /// The chunk must not be active (its ends are recorded) and nothing may use its memory.
    pub(crate) fn zero_written(self) {
        let h = self.header();
        let written = h.written_end - h.data_offset;
        // Poisoned memory (see `poison`): make it writable for the zeroing, poison it again.
        super::poison::hand_out(self.data_start(), written);
        // SAFETY: `[data_start, data_start + written)` lies inside the chunk, which we own;
        // the caller guarantees no reference into it is in use.
        unsafe { self.data_start().write_bytes(0, written) };
        // The zeroed chunk may be given back to its source right after; without this the
        // compiler could drop the stores as dead ones before a `dealloc`.
        core::hint::black_box(self.data_start());
        super::poison::fresh(self.data_start(), written);
        self.update(|h| h.written_end = h.data_offset);
    }

    /// Hints the CPU to fetch this chunk's header, which the next refill will read.
    #[inline]
    pub(crate) fn prefetch(self) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is only a hint: it never faults and has no visible effect, and
        // SSE is part of the x86-64 baseline.
        unsafe {
            core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
                self.0.as_ptr().cast::<i8>(),
            );
        }
    }
}

/// An intrusive doubly linked list of chunks, with both ends.
#[derive(Default)]
pub(crate) struct ChunkList {
    head: Cell<Option<Chunk>>,
    tail: Cell<Option<Chunk>>,
}

impl ChunkList {
    pub(crate) const fn new() -> Self {
        ChunkList {
            head: Cell::new(None),
            tail: Cell::new(None),
        }
    }

    pub(crate) fn front(&self) -> Option<Chunk> {
        self.head.get()
    }

    pub(crate) fn push_front(&self, chunk: Chunk) {
        let old = self.head.replace(Some(chunk));
        chunk.set_links(None, old);
        match old {
            Some(old) => old.update(|h| h.prev = Some(chunk.0)),
            None => self.tail.set(Some(chunk)),
        }
    }

    pub(crate) fn push_back(&self, chunk: Chunk) {
        let old = self.tail.replace(Some(chunk));
        chunk.set_links(old, None);
        match old {
            Some(old) => old.update(|h| h.next = Some(chunk.0)),
            None => self.head.set(Some(chunk)),
        }
    }

    /// Removes `chunk`, which must be on this list.
    pub(crate) fn unlink(&self, chunk: Chunk) {
        let (prev, next) = (chunk.prev(), chunk.next());
        match prev {
            Some(p) => p.update(|h| h.next = next.map(|c| c.0)),
            None => self.head.set(next),
        }
        match next {
            Some(n) => n.update(|h| h.prev = prev.map(|c| c.0)),
            None => self.tail.set(prev),
        }
        chunk.set_links(None, None);
    }

    /// Moves every chunk of `other` in front of this list's chunks, keeping their order. O(1).
    pub(crate) fn prepend(&self, other: &ChunkList) {
        let (Some(first), Some(last)) = (other.head.take(), other.tail.take()) else {
            return;
        };
        match self.head.replace(Some(first)) {
            Some(old) => {
                last.update(|h| h.next = Some(old.0));
                old.update(|h| h.prev = Some(last.0));
            }
            None => self.tail.set(Some(last)),
        }
    }

    /// The chunks from front to back.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Chunk> {
        core::iter::successors(self.head.get(), |c| c.next())
    }

    /// Moves every chunk after the first `keep` ones to a new list, keeping their order.
    pub(crate) fn split_off(&self, keep: usize) -> ChunkList {
        self.split_from(match keep.checked_sub(1) {
            None => self.head.get(),
            Some(last_kept) => self.iter().nth(last_kept).and_then(Chunk::next),
        })
    }

    /// Moves every chunk after `mark` (every chunk if `None`), which must be on this list, to
    /// a new list, keeping their order.
    pub(crate) fn split_after(&self, mark: Option<Chunk>) -> ChunkList {
        self.split_from(match mark {
            None => self.head.get(),
            Some(mark) => mark.next(),
        })
    }

    /// Moves `first` (a chunk of this list, if any) and every chunk after it to a new list.
    fn split_from(&self, first: Option<Chunk>) -> ChunkList {
        let rest = ChunkList::new();
        let Some(first) = first else {
            return rest;
        };
        let last = self.tail.replace(first.prev());
        match first.prev() {
            Some(p) => p.update(|h| h.next = None),
            None => self.head.set(None),
        }
        first.update(|h| h.prev = None);
        rest.head.set(Some(first));
        rest.tail.set(last);
        rest
    }

    /// Empties the list, returning its chunks from front to back; each chunk's links are read
    /// before it is returned, so the caller may put it on any list.
    pub(crate) fn take(&self) -> impl Iterator<Item = Chunk> {
        let mut cursor = self.head.take();
        self.tail.set(None);
        core::iter::from_fn(move || {
            let chunk = cursor?;
            cursor = chunk.next();
            Some(chunk)
        })
    }
}

/// An intrusive singly linked stack of chunks: the spare regular chunks.
///
/// Unlike [`ChunkList`], popping a chunk reads only that chunk's header, never its
/// neighbour's, so taking the next spare chunk costs one header access (prefetched by the
/// previous refill). The `prev` links of chunks on the stack are stale and never read.
#[derive(Default)]
pub(crate) struct ChunkStack {
    top: Cell<Option<Chunk>>,
}

impl ChunkStack {
    pub(crate) const fn new() -> Self {
        ChunkStack {
            top: Cell::new(None),
        }
    }

    pub(crate) fn top(&self) -> Option<Chunk> {
        self.top.get()
    }

    pub(crate) fn push(&self, chunk: Chunk) {
        chunk.update(|h| h.next = self.top.get().map(|c| c.0));
        self.top.set(Some(chunk));
    }

    pub(crate) fn pop(&self) -> Option<Chunk> {
        let chunk = self.top.get()?;
        self.top.set(chunk.next());
        Some(chunk)
    }

    /// Moves every chunk of `list` on top of the stack, the list's front on top. O(1).
    pub(crate) fn push_list(&self, list: &ChunkList) {
        let (Some(first), Some(last)) = (list.head.take(), list.tail.take()) else {
            return;
        };
        last.update(|h| h.next = self.top.get().map(|c| c.0));
        self.top.set(Some(first));
    }

    /// The chunks from top to bottom.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Chunk> {
        core::iter::successors(self.top.get(), |c| c.next())
    }

    /// Empties the stack, returning its chunks from top to bottom (links read first).
    pub(crate) fn take(&self) -> impl Iterator<Item = Chunk> {
        let mut cursor = self.top.take();
        core::iter::from_fn(move || {
            let chunk = cursor?;
            cursor = chunk.next();
            Some(chunk)
        })
    }
}
