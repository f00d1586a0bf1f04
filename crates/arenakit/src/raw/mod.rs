//! The raw arena: the only code that moves the bump cursor or touches chunk memory.
//!
//! - [`bump`]: alignment and fit arithmetic (`#![forbid(unsafe_code)]`).
//! - [`growth`]: chunk geometry, retention and limits (`#![forbid(unsafe_code)]`).
//! - [`chunk`]: chunk headers and intrusive chunk lists.
//! - [`chunks`]: the chunk manager over a memory source: refill, retention, reclamation.
//! - [`ops`]: [`RawOps`], the operations the safe API needs, forwarded to each raw arena.
//! - this module: [`RawArena`], the cursor and the allocation fast path.
//!
//! The safe API in [`crate::arena`] turns the raw blocks handed out here into typed
//! references; it never computes an address itself.

pub(crate) mod bump;
mod checkpoint;
mod chunk;
mod chunks;
mod cursor;
pub(crate) mod growth;
mod ops;
mod poison;
mod scope;
#[cfg(feature = "std")]
mod shared;

pub(crate) use checkpoint::RawCheckpoint;
pub use ops::RawOps;
pub use poison::POISON_BYTE;
pub(crate) use scope::ScopeLane;

#[cfg(feature = "std")]
pub use shared::SharedRaw;

use crate::error::AllocError;
use crate::source::MemorySource;
use crate::stats::Stats;
use bump::MIN_ALIGN;
use chunk::Chunk;
use chunks::Chunks;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::{self, NonNull};
use growth::Policy;

/// A bump cursor over one chunk at a time: the current chunk, its free tail `[cursor, end)`
/// and how far it was written.
///
/// Invariants: `cursor` is aligned to [`MIN_ALIGN`]; `cursor.addr() <= end`; every byte in
/// `[cursor, end)` belongs to `current` (a chunk leased from the arena's chunk manager) and is
/// handed out to no one. With no current chunk, `cursor` is a dangling pointer with address
/// `MIN_ALIGN` and `end == MIN_ALIGN`, so every request of non-zero size takes the slow path.
/// The current chunk's used end is the cursor; it is recorded in the chunk only when the
/// lane leaves it (`Chunks::retire`) or at reset.
struct Lane {
    /// The next free byte of the current chunk.
    cursor: Cell<*mut u8>,
    /// The current chunk's first data byte (with its provenance), where a reset puts the
    /// cursor back; the same dangling pointer as `cursor` with no current chunk.
    start: Cell<*mut u8>,
    /// One past the last usable byte of the current chunk.
    end: Cell<usize>,
    /// The highest address the cursor reached in the current chunk before it moved back (a
    /// block rolled back or shrunk in place, or a reset that kept the chunk; 0 if never):
    /// bytes up to here may hold data, which zeroing must wipe. Only the rare backward moves
    /// update it, never the fast path.
    written: Cell<usize>,
    /// The chunk the cursor bumps through, if any.
    current: Cell<Option<Chunk>>,
}

impl Lane {
    const fn new() -> Self {
        Lane {
            cursor: Cell::new(ptr::without_provenance_mut(MIN_ALIGN)),
            start: Cell::new(ptr::without_provenance_mut(MIN_ALIGN)),
            end: Cell::new(MIN_ALIGN),
            written: Cell::new(0),
            current: Cell::new(None),
        }
    }

    /// Makes `chunk` the one the cursor bumps through, from its start.
    fn enter(&self, chunk: Chunk) {
        self.current.set(Some(chunk));
        self.cursor.set(chunk.data_start().as_ptr());
        self.start.set(chunk.data_start().as_ptr());
        self.end.set(chunk.end_addr() & !(MIN_ALIGN - 1));
        self.written.set(0);
    }

    /// Forgets the current chunk without recording anything.
    fn leave(&self) {
        self.current.set(None);
        self.cursor.set(ptr::without_provenance_mut(MIN_ALIGN));
        self.start.set(ptr::without_provenance_mut(MIN_ALIGN));
        self.end.set(MIN_ALIGN);
        self.written.set(0);
    }

    /// Retires the current chunk, if any, as the cursor leaves it (recording its used and
    /// written ends, and its peak use for the statistics), and forgets it.
    fn retire(&self, chunks: &Chunks) {
        if let Some(current) = self.current.get() {
            chunks.retire(current, self.cursor.get().addr(), self.written.get());
        }
        chunks.note_peak(self.peak());
        self.leave();
    }

    /// The most bytes the lane had handed out in its current chunk at once, as far as its
    /// cursor tells: where it is and the highest it reached before moving back (`written`).
    /// The inlined steady reset keeps the round's peak only here, so whoever makes the lane
    /// forget `written` (entering or leaving a chunk) passes this to
    /// [`Chunks::note_peak`] first. Bytes counted here were all in use at one moment, so the
    /// high-water mark stays exact: the largest `used` of any moment it saw.
    fn peak(&self) -> usize {
        self.written.get().max(self.cursor.get().addr()) - self.start.get().addr()
    }

    /// Moves the cursor to `to` (inside the current chunk, carrying its provenance), first
    /// recording how far it had reached.
    fn move_cursor(&self, to: *mut u8) {
        let from = self.cursor.get().addr();
        if to.addr() < from {
            self.written.set(self.written.get().max(from));
        }
        self.cursor.set(to);
    }

    /// Whether the block at `ptr` of `size` bytes is the newest one in the current chunk.
    #[inline]
    fn is_last(&self, ptr: NonNull<u8>, size: usize) -> bool {
        bump::is_last(ptr.addr().get(), size, self.cursor.get().addr())
    }

    /// Moves the cursor back over the block at `ptr` of `size` bytes if it is the newest one
    /// of the current chunk; returns whether it did.
    ///
    /// # Safety
    ///
    /// If the block is the newest one of this lane, nothing uses it afterwards.
    unsafe fn roll_back(&self, ptr: NonNull<u8>, size: usize) -> bool {
        if size == 0 || self.current.get().is_none() || !self.is_last(ptr, size) {
            return false;
        }
        // SAFETY: the block is this lane's newest (checked), in its current chunk, and the
        // caller guarantees nothing uses it.
        unsafe { poison::release(ptr, size) };
        // `ptr` is in the current chunk (the block ends at the cursor), aligned to MIN_ALIGN
        // like every block start, and carries the chunk's provenance.
        self.move_cursor(ptr.as_ptr());
        true
    }

    /// Bytes used in the current chunk.
    fn used(&self) -> usize {
        self.current
            .get()
            .map_or(0, |c| c.used(Some(self.cursor.get().addr())))
    }

    /// The current chunk with its cursor and written end, for the chunk manager.
    fn state(&self) -> Option<(Chunk, usize, usize)> {
        self.current
            .get()
            .map(|c| (c, self.cursor.get().addr(), self.written.get()))
    }

    /// Rewinds the cursor to the start of its chunk at a reset that keeps the chunk leased;
    /// returns the bytes that were used. No branch on whether there is a chunk: without one,
    /// `cursor == start` and nothing changes. `FREEABLE`: the lane of freeable blocks, whose
    /// chunk header counts them (forgotten here, when any were handed out); a plain chunk's
    /// header holds nothing to reset while the chunk is current (its used end is the cursor).
    #[inline(always)]
    fn rewind<const FREEABLE: bool>(&self) -> usize {
        let cursor = self.cursor.get();
        let start = self.start.get();
        let used = cursor.addr() - start.addr();
        // `written` keeps the highest address reached since the chunk was entered, for a
        // later zeroing reset (recorded in the chunk when it is retired). A branch, not a
        // `max`: in a loop of like rounds it is never taken, so no store makes each reset
        // wait for the last one's.
        if cursor.addr() > self.written.get() {
            self.written.set(cursor.addr());
        }
        if used != 0 {
            if FREEABLE {
                if let Some(current) = self.current.get() {
                    current.clear();
                }
            }
            if poison::ACTIVE {
                if let Some(start) = NonNull::new(start) {
                    // SAFETY: a reset ends every allocation (the caller holds the arena
                    // exclusively), and `[start, cursor)` is the part of the chunk the lane
                    // handed out.
                    unsafe { poison::release(start, used) };
                }
            }
        }
        self.cursor.set(start);
        used
    }
}

/// Two bump cursors over chunks from a memory source.
///
/// Plain blocks (never freed individually) and freeable blocks (boxes, collection buffers)
/// are bumped from different chunks:
///
/// - the *plain* lane bumps through plain chunks, which grow (each new one twice the size of
///   the last, from the configured chunk size up to [`growth::MAX_PLAIN_CHUNK`]), so a large
///   arena bumps through a few large chunks, as bumpalo does;
/// - the *freeable* lane bumps through regular chunks of the configured size, aligned to it,
///   whose headers count their live blocks: a freed block finds its chunk from its address
///   alone, and a chunk whose blocks are all freed is reused. Keeping plain blocks out of them
///   also means no plain block pins a chunk of freeable ones.
///
/// Hands out raw blocks; knows nothing of types or destructors.
pub struct RawArena<S: MemorySource> {
    /// The lane of plain blocks, over plain chunks.
    plain: Lane,
    /// The lane of freeable blocks, over regular chunks.
    freeable: Lane,
    /// The *large region*: a lane over the dedicated chunk made last for a plain
    /// (non-freeable) large request. Later plain large requests bump here before asking for a
    /// new dedicated chunk, and a reset that keeps everything keeps this chunk leased, so a
    /// loop of "one large block, reset" costs a bump, not a chunk round trip. As for the other
    /// lanes, its chunk records nothing of what the lane bumped until the lane leaves it or a
    /// reset records it (the chunk's used end stays at its start while it is the region's).
    /// Freeable blocks are never served from it.
    big: Lane,
    chunks: Chunks,
    source: S,
    /// The newest open scope, if any (see [`scope`]).
    scopes: Cell<Option<NonNull<ScopeLane>>>,
    /// Which checkpoints are still valid (see [`checkpoint`]).
    checkpoints: checkpoint::Checkpoints,
}

impl<S: MemorySource> RawArena<S> {
    pub(crate) const fn new(source: S, policy: Policy) -> Self {
        RawArena {
            plain: Lane::new(),
            freeable: Lane::new(),
            big: Lane::new(),
            chunks: Chunks::new(policy),
            source,
            scopes: Cell::new(None),
            checkpoints: checkpoint::Checkpoints::new(),
        }
    }

    pub(crate) fn source(&self) -> &S {
        &self.source
    }

    pub(crate) fn policy(&self) -> Policy {
        self.chunks.policy()
    }

    pub(crate) fn set_limit(&self, limit: Option<usize>) {
        self.chunks.set_limit(limit);
    }

    /// Bytes left in the plain lane's current chunk: what plain allocations can take before
    /// the next chunk.
    pub(crate) fn chunk_capacity(&self) -> usize {
        self.plain.end.get() - self.plain.cursor.get().addr()
    }

    /// The used part (start, length) of every chunk in use by the arena's own lanes and
    /// lists, newest lists first (open scopes' chunks are not included).
    pub(crate) fn used_regions(&self) -> impl Iterator<Item = (NonNull<u8>, usize)> + '_ {
        let cursors = [
            (self.plain.current.get(), self.plain.cursor.get().addr()),
            (
                self.freeable.current.get(),
                self.freeable.cursor.get().addr(),
            ),
            (self.big.current.get(), self.big.cursor.get().addr()),
        ];
        self.chunks.in_use().map(move |c| {
            let cursor = cursors
                .iter()
                .find(|(chunk, _)| *chunk == Some(c))
                .map(|&(_, at)| at);
            (c.data_start(), c.used(cursor))
        })
    }

    /// A block for `layout`: `layout.size()` bytes aligned to `layout.align()`, handed out to no
    /// one else until the next reset. A zero-sized request gets a dangling, aligned pointer and
    /// takes no memory. The block is never freed individually: it pins its chunk until reset.
    #[inline(always)]
    pub(crate) fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.alloc_in::<false>(layout)
    }

    /// Like [`alloc`](RawArena::alloc), for a block that will be given back with
    /// [`free`](RawArena::free): its chunk counts it, so the chunk can be reused once all
    /// its blocks are freed.
    #[inline(always)]
    pub(crate) fn alloc_freeable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.alloc_in::<true>(layout)
    }

    /// Like [`alloc_freeable`](RawArena::alloc_freeable), for a block that will likely grow
    /// again (a buffer moved by a growth that did not fit in place): one large enough for a
    /// dedicated chunk gets a chunk with room to double, so its next growth is in place.
    pub(crate) fn alloc_growable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0
            || !self
                .chunks
                .policy()
                .wants_dedicated(layout.size(), layout.align())
        {
            return self.alloc_freeable(layout);
        }
        let capacity = layout.size().saturating_mul(2);
        self.chunks
            .alloc_dedicated_with(&self.source, layout, true, capacity)
            // Near the limit, or too large to double: no headroom.
            .or_else(|_| self.chunks.alloc_dedicated(&self.source, layout, true))
    }

    #[inline(always)]
    fn alloc_in<const FREEABLE: bool>(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            // Constant-folded for typed requests; one predictable branch for raw layouts.
            return Ok(dangling(layout.align()));
        }
        let lane = if FREEABLE {
            &self.freeable
        } else {
            &self.plain
        };
        match cursor::try_bump(&lane.cursor, lane.end.get(), layout) {
            Some((block, consumed)) => {
                if FREEABLE {
                    self.chunks.unmark_steady();
                    if let Some(chunk) = lane.current.get() {
                        chunk.add_freeable(consumed);
                    }
                }
                Ok(block)
            }
            None if FREEABLE => self.alloc_slow(layout, true),
            None => self.alloc_large(layout),
        }
    }

    /// A plain request that did not fit in the plain lane: a large one bumps through the
    /// large region when it has room (a loop of "one large block, reset" stays here), in a
    /// function small enough to need no saved registers; everything else goes on to
    /// [`alloc_slow`](RawArena::alloc_slow).
    #[inline(never)]
    fn alloc_large(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if self
            .chunks
            .policy()
            .wants_dedicated(layout.size(), layout.align())
        {
            if let Some((block, _)) = cursor::try_bump(&self.big.cursor, self.big.end.get(), layout)
            {
                self.chunks.unmark_steady();
                return Ok(block);
            }
        }
        self.alloc_slow(layout, false)
    }

    /// Everything the fast path does not handle: requests that do not fit in their lane's
    /// current chunk, served by a dedicated chunk (or the large region) when large, else by a
    /// refill of the lane.
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, layout: Layout, freeable: bool) -> Result<NonNull<u8>, AllocError> {
        self.chunks.unmark_steady();
        if self
            .chunks
            .policy()
            .wants_dedicated(layout.size(), layout.align())
        {
            if freeable {
                return self.chunks.alloc_dedicated(&self.source, layout, true);
            }
            // The large region had no room (`alloc_large` tried it).
            let (block, chunk) = self.chunks.alloc_dedicated_plain(&self.source, layout)?;
            self.retire_big();
            self.adopt_big(block, chunk, layout.size());
            return Ok(block);
        }
        let (lane, chunk) = if freeable {
            match self.chunks.lease(&self.source, layout.size()) {
                Ok(chunk) => (&self.freeable, chunk),
                // Near the limit a whole regular chunk may not fit where the block does: a
                // dedicated chunk of the block's size (freed with it) is as small as a chunk
                // for it can be.
                Err(error) if error.kind() == crate::AllocErrorKind::LimitExceeded => {
                    return self.chunks.alloc_dedicated(&self.source, layout, true);
                }
                Err(error) => return Err(error),
            }
        } else {
            (&self.plain, self.chunks.lease_plain(&self.source, layout)?)
        };
        lane.retire(&self.chunks);
        lane.enter(chunk);
        let (block, consumed) = cursor::try_bump(&lane.cursor, lane.end.get(), layout)
            .expect("a request below the dedicated threshold fits in an empty chunk");
        if freeable {
            chunk.add_freeable(consumed);
        }
        Ok(block)
    }

    /// Records the large region's use in its chunk and forgets the region (its chunk stays in
    /// use, as a dedicated chunk).
    fn retire_big(&self) {
        if let Some(chunk) = self.big.current.get() {
            let (cursor, written) = (self.big.cursor.get().addr(), self.big.written.get());
            self.chunks.retire_dedicated(chunk, cursor, written);
        }
        self.big.leave();
    }

    /// Makes `chunk`, the dedicated chunk of `block` (a plain block of `size` bytes, just
    /// handed out by `alloc_dedicated_plain`, which recorded it), the large region, the block
    /// its first one.
    fn adopt_big(&self, block: NonNull<u8>, chunk: Chunk, size: usize) {
        let end = chunk.end_addr() & !(MIN_ALIGN - 1);
        if chunk.data_start() != block {
            return;
        }
        if let Some(next) =
            bump::align_up(block.addr().get() + size, MIN_ALIGN).filter(|&c| c <= end)
        {
            // From now on the lane's cursor tells the chunk's use.
            self.chunks.unrecord_dedicated(chunk, size);
            self.big.enter(chunk);
            // `next` lies in `[block, chunk end]`, so deriving it from `block` keeps the
            // chunk's provenance.
            self.big
                .cursor
                .set(block.as_ptr().wrapping_add(next - block.addr().get()));
        }
    }

    /// Gives back a block from [`alloc_freeable`](RawArena::alloc_freeable). The newest block is
    /// rolled back (its bytes are reused by the next allocation); a chunk whose blocks are all
    /// freed is reused: the current one from its start, any other one from the spare list.
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by `alloc_freeable` (or resized by `resize_in_place`) of this arena
    /// for `size` bytes since the last reset, is freed only once, and is not used afterwards.
    #[inline]
    pub(crate) unsafe fn free(&self, ptr: NonNull<u8>, size: usize) {
        if size == 0 {
            return;
        }
        // SAFETY: the caller guarantees the block is ours, `size` bytes long, and not used
        // afterwards.
        unsafe { poison::release(ptr, size) };
        let lane = &self.freeable;
        // SAFETY: the caller guarantees the block is ours and live, so its chunk is in use.
        let chunk = unsafe { self.chunks.owner(ptr) };
        let current = lane.current.get() == Some(chunk);
        let rolled_back = if current && lane.is_last(ptr, size) {
            let block_end = lane.cursor.get().addr();
            // `ptr` is in the current chunk (the block ends at the cursor), aligned to
            // MIN_ALIGN like every block start, and carries the chunk's provenance.
            lane.move_cursor(ptr.as_ptr());
            block_end - ptr.addr().get()
        } else {
            0
        };
        let cursor = current.then(|| lane.cursor.get().addr());
        if chunk.free_block(rolled_back, chunk.used(cursor)) {
            if current {
                // Every block of the current chunk is freed: start it over.
                chunk.clear();
                lane.move_cursor(chunk.data_start().as_ptr());
            } else {
                self.chunks.reclaim(chunk);
            }
        }
    }

    /// Gives back a block from [`alloc`](RawArena::alloc) if it is still the newest one of its
    /// lane (the plain lane or the large region): the next allocation reuses its bytes.
    /// Otherwise nothing changes, and its memory comes back at reset.
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by `alloc` of this arena for `size` bytes since the last reset, and
    /// is not used afterwards.
    pub(crate) unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize) {
        // SAFETY: the caller gives the block up.
        if !unsafe { self.plain.roll_back(ptr, size) } {
            // SAFETY: as above.
            unsafe { self.big.roll_back(ptr, size) };
        }
    }

    // Only the `Allocator` impl resizes blocks.
    #[cfg_attr(not(feature = "allocator-api2"), allow(dead_code))]
    /// Resizes a block from `alloc_freeable` in place to `new_size` bytes if it is the newest
    /// one, `ptr` is aligned to `new_align` and the chunk has room. Returns whether it did.
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by `alloc_freeable` of this arena for `old_size` bytes since the
    /// last reset and is live; on success the block has `new_size` bytes.
    #[inline]
    pub(crate) unsafe fn resize_in_place(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        new_align: usize,
    ) -> bool {
        let lane = &self.freeable;
        let Some(from) = cursor::try_resize_newest(
            &lane.cursor,
            lane.end.get(),
            ptr,
            old_size,
            new_size,
            new_align,
        ) else {
            // SAFETY: the caller's guarantees.
            return unsafe { self.resize_dedicated(ptr, old_size, new_size, new_align) };
        };
        let to = lane.cursor.get().addr();
        if to < from {
            lane.written.set(lane.written.get().max(from));
        }
        if let Some(chunk) = lane.current.get() {
            chunk.resize_freeable(from - ptr.addr().get(), to - ptr.addr().get());
        }
        true
    }

    /// Resizes a freeable block alone in its dedicated chunk within that chunk, if it has
    /// room and `ptr` is aligned to `new_align`. Returns whether it did.
    ///
    /// # Safety
    ///
    /// As for [`resize_in_place`](RawArena::resize_in_place).
    #[cold]
    unsafe fn resize_dedicated(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        new_align: usize,
    ) -> bool {
        if old_size == 0 || new_size == 0 || !ptr.addr().get().is_multiple_of(new_align) {
            return false;
        }
        // SAFETY: the caller guarantees the block is ours and live, so its chunk is in use.
        let chunk = unsafe { self.chunks.owner(ptr) };
        if !chunk.is_dedicated() || chunk.data_start() != ptr {
            return false;
        }
        let start = chunk.data_offset();
        let Some(end) = start.checked_add(new_size).filter(|&e| e <= chunk.size()) else {
            return false;
        };
        chunk.set_ends(end, end);
        chunk.resize_freeable(old_size, new_size);
        self.chunks.note_dedicated_resize(old_size, new_size);
        true
    }

    /// The error a failed request for `layout` got (see [`Chunks::refusal`]).
    pub(crate) fn refusal(&self, layout: Layout) -> AllocError {
        self.chunks.refusal(layout)
    }

    /// Makes sure `bytes` of plain allocations (each counted rounded up to [`MIN_ALIGN`], plus
    /// its alignment padding) fit in the plain lane's current chunk, so they need nothing from
    /// the source: if the lane's free tail is smaller, the lane moves to a chunk with room for
    /// them (an unused current chunk goes back to the spare list first).
    pub(crate) fn reserve(&self, bytes: usize) -> Result<(), AllocError> {
        let lane = &self.plain;
        if lane.end.get() - lane.cursor.get().addr() >= bytes {
            return Ok(());
        }
        if let Some(current) = lane.current.get().filter(|_| lane.used() == 0) {
            let written = lane.written.get().max(current.data_start().addr().get());
            self.chunks.note_peak(lane.peak());
            lane.leave();
            self.chunks.return_plain(current, written);
        }
        let chunk = self.chunks.reserve(&self.source, bytes)?;
        lane.retire(&self.chunks);
        lane.enter(chunk);
        Ok(())
    }

    /// Ends every allocation: zeroes used memory if `zero` (or if the policy zeroes at every
    /// reset), keeps chunks up to the retention limit and gives the rest back.
    #[inline]
    pub(crate) fn reset(&mut self, zero: bool) {
        if zero || !self.try_reset_steady() {
            self.reset_slow(zero);
        }
    }

    /// The O(1) reset of a reused arena's steady state, inlined: no chunk in use but the
    /// lanes' current ones and the large region's, everything held within the retention
    /// limit, as a reset found it, and nothing changed since: the freeable lane and the large
    /// region unused, no checkpoint taken and no destructor registered (one comparison: those
    /// paths [unmark](Chunks::unmark_steady) the state). The plain cursor goes back to the
    /// start of its chunk, which stays leased; nothing else is written. Returns `false`,
    /// changing nothing, in any other state (then [`reset_slow`](RawArena::reset_slow)).
    #[inline]
    pub(crate) fn try_reset_steady(&mut self) -> bool {
        // A zeroing policy never marks the state steady (`mark_if_steady`).
        if !self.chunks.unchanged() {
            return false;
        }
        debug_assert!(
            self.is_steady(),
            "a change of the chunks in use was not noted"
        );
        // The round's peak stays in the lane's `written` (see `Lane::peak`).
        self.plain.rewind::<false>();
        true
    }

    /// Forgets the steady state: the next reset takes the out-of-line path (see
    /// [`try_reset_steady`](RawArena::try_reset_steady)).
    #[inline]
    pub(crate) fn unmark_steady(&self) {
        self.chunks.unmark_steady();
    }

    /// Every reset the inlined steady path does not handle.
    #[cold]
    #[inline(never)]
    fn reset_slow(&mut self, zero: bool) {
        self.checkpoints.forget_all();
        let zero = zero || self.chunks.policy().zero_on_reset();
        if !zero && self.is_steady() {
            // The steady state, in a round that used the freeable lane or the large region
            // too, or not marked yet: every lane goes back to the start of its chunk.
            self.chunks.debug_assert_nothing_retired();
            let used = self.plain.rewind::<false>()
                + self.freeable.rewind::<true>()
                + self.big.rewind::<false>();
            self.chunks.note_peak(used);
            if self.promote_big_if_larger() {
                self.plain
                    .enter(self.plain.current.get().expect("just promoted"));
            }
            self.mark_if_steady();
            return;
        }
        // The lanes' peaks are lost when they re-enter or leave their chunks below.
        for lane in [&self.plain, &self.freeable, &self.big] {
            self.chunks.note_peak(lane.peak());
        }
        if !zero
            && self.chunks.reset_keeping(
                self.plain.state(),
                self.freeable.state(),
                self.big.state(),
            )
        {
            let _ = self.promote_big_if_larger();
            for lane in [&self.plain, &self.freeable, &self.big] {
                if let Some(current) = lane.current.get() {
                    lane.enter(current);
                }
            }
            self.mark_if_steady();
            return;
        }
        // Record and leave the chunks before the manager may give them back: if the source
        // panics while chunks are returned, no cursor may point into freed memory.
        self.retire_big();
        self.plain.retire(&self.chunks);
        self.freeable.retire(&self.chunks);
        self.chunks.reset(&self.source, zero);
        if let Some(chunk) = self.chunks.lease_spare_plain() {
            self.plain.enter(chunk);
        }
        self.mark_if_steady();
    }

    /// At a reset that kept the lanes' chunks: if the large region's chunk is larger than the
    /// plain lane's, the plain lane takes it over (see [`Chunks::promote_big`]), so a round
    /// like the last, large requests included, bumps through it on the fast path.
    /// Returns whether it did: the plain lane's current chunk is then the promoted one, and
    /// the caller [enters](Lane::enter) it.
    #[must_use]
    fn promote_big_if_larger(&self) -> bool {
        let Some(big) = self.big.current.get() else {
            return false;
        };
        let plain = self.plain.current.get();
        if plain.is_some_and(|p| p.capacity() >= big.capacity()) {
            return false;
        }
        self.chunks.note_peak(self.plain.peak());
        let written = self.plain.written.get().max(self.plain.cursor.get().addr());
        // SAFETY (zeroing): the region's `written` is the only record of the large blocks
        // bumped after the chunk's first one (the steady reset records nothing in the chunk),
        // and `leave` forgets it, as `enter` does for the plain lane: record it in the chunk
        // first, so a later zeroing reset wipes them. The region was rewound (its cursor is
        // at the start), so the used end is the start.
        let big_written = self.big.written.get().max(self.big.cursor.get().addr());
        big.set_ends(big.data_offset(), big.offset_of(big_written));
        self.chunks.promote_big(big, plain.map(|p| (p, written)));
        self.big.leave();
        self.plain.current.set(Some(big));
        true
    }

    /// Marks the state steady for the next reset's O(1) path if it is (see
    /// [`Chunks::is_steady`]).
    fn mark_if_steady(&self) {
        // Every reset of a zeroing arena zeroes, which the O(1) path does not.
        if !self.chunks.policy().zero_on_reset() && self.is_steady() {
            self.chunks.mark_steady();
        }
    }

    /// Whether the chunks in use are exactly the lanes' current ones (see
    /// [`Chunks::is_steady`]).
    fn is_steady(&self) -> bool {
        self.chunks.is_steady(
            usize::from(self.plain.current.get().is_some()),
            usize::from(self.freeable.current.get().is_some()),
            usize::from(self.big.current.get().is_some()),
        )
    }

    /// The bytes used by the blocks of the lanes' current chunks and of open scopes.
    fn active_used(&self) -> usize {
        let active = self.plain.used() + self.freeable.used() + self.big.used();
        self.fold_scopes(active, |sum, scope| sum + scope.used())
    }

    /// `stats().used` and `stats().held` without the rest (a pool asks at every return).
    pub(crate) fn used_and_held(&self) -> (usize, usize) {
        self.chunks.used_and_held(self.active_used())
    }

    pub(crate) fn stats(&self) -> Stats {
        let mut stats = self.chunks.stats(self.active_used());
        // The peak of the rounds the inlined steady reset ended (see `Lane::peak`).
        stats.high_water = stats.high_water.max(self.plain.peak());
        // An empty large region is memory kept for reuse, as a spare dedicated chunk would be.
        let empty = |b: &Chunk| b.data_start().as_ptr() == self.big.cursor.get();
        if let Some(big) = self.big.current.get().filter(empty) {
            stats.dedicated_chunks -= 1;
            stats.retained += big.size();
        }
        stats
    }

    pub(crate) fn contains(&self, addr: usize) -> bool {
        let cursors = [
            (self.plain.current.get(), self.plain.cursor.get().addr()),
            (
                self.freeable.current.get(),
                self.freeable.cursor.get().addr(),
            ),
            (self.big.current.get(), self.big.cursor.get().addr()),
        ];
        self.chunks.contains(addr, |c| {
            cursors
                .iter()
                .find(|(chunk, _)| *chunk == Some(c))
                .map(|&(_, cursor)| cursor)
        }) || self.fold_scopes(false, |found, scope| found || scope.holds(addr))
    }
}

impl<S: MemorySource> Drop for RawArena<S> {
    fn drop(&mut self) {
        // Record what the lanes' chunks and the large region hold, so a zeroing arena wipes
        // it before release (nothing else reads it any more).
        if self.chunks.policy().zero_on_reset() {
            self.plain.retire(&self.chunks);
            self.freeable.retire(&self.chunks);
            self.retire_big();
        }
        self.chunks.release_all(&self.source);
    }
}

/// A dangling pointer aligned to `align`: the block of every zero-sized request.
#[inline(always)]
pub(crate) fn dangling(align: usize) -> NonNull<u8> {
    // SAFETY: an alignment is a non-zero power of two, so the address is non-zero.
    unsafe { NonNull::new_unchecked(ptr::without_provenance_mut(align)) }
}
