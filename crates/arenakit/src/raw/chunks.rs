//! The chunk manager: takes chunks from a memory source, keeps them on lists, retains them for
//! reuse within the retention limit and gives them back.
//!
//! Six lists hold every chunk: regular chunks in use, in the order they were leased (the
//! chunks cursors bump through, *active*, and those they have left, *retired*); plain chunks
//! in use, likewise; dedicated chunks in use (one large block each); and the three spare lists
//! of chunks kept for reuse. Besides these, each open scope keeps the plain and dedicated
//! chunks it leased on lists of its own (see `raw::scope`); they count as in use. Regular chunks all have the configured size and are aligned to
//! it (freeable blocks are mapped back to them); plain chunks grow (see
//! [`Policy::next_plain_size`]).
//! The manager does not own the memory source: its owner passes it to every call that takes
//! or gives back memory, so a thread-safe arena can keep the source outside its lock. Counters kept on the cold paths
//! (refill, dedicated allocation, free, reset) make [`Chunks::stats`] and the common
//! [`Chunks::reset`] O(1): when everything held fits the retention limit, reset splices the
//! lists in use onto the spare lists without visiting a chunk.

mod limit;
mod reset;
mod rewind;

use super::chunk::{Chunk, ChunkList, ChunkStack};
use super::growth::{ChunkShape, Policy};
use super::poison;
use crate::error::{AllocError, AllocErrorKind};
use crate::source::MemorySource;
use crate::stats::Stats;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// Owner of all of an arena's chunks. Its owner must call
/// [`release_all`](Chunks::release_all) before dropping it.
pub(crate) struct Chunks {
    /// The arena's settings; only the limit changes after construction (`set_limit`).
    policy: Cell<Policy>,
    /// Regular chunks in use, in the order they were leased.
    regular: ChunkList,
    /// Plain chunks in use, in the order they were leased.
    plain: ChunkList,
    /// Dedicated chunks in use.
    dedicated: ChunkList,
    /// Regular chunks kept for reuse; the top is used next.
    spare: ChunkStack,
    /// Plain chunks kept for reuse; the top is used next. A reset puts the chunks of the round
    /// on top in the order they were leased, so a round like the last one reuses them exactly.
    spare_plain: ChunkStack,
    /// The plain (not freeable) dedicated chunk put on `dedicated` last since the last reset,
    /// if any: plain dedicated chunks are never taken off that list before a reset, so the
    /// ones after it were made later (see `rewind`).
    last_plain_dedicated: Cell<Option<Chunk>>,
    /// Dedicated chunks kept for reuse by later large requests.
    spare_dedicated: ChunkList,
    /// Bytes held from the source. Invariant: the sum of the sizes of the chunks on all lists.
    held: Cell<usize>,
    /// Invariant: the sum of the capacities (size less header and padding) of the chunks on
    /// all lists.
    held_data: Cell<usize>,
    /// Invariant: the sum of the sizes of the chunks on the two spare lists.
    spare_bytes: Cell<usize>,
    /// Invariant: the used bytes of every retired chunk and dedicated chunk in use.
    retired_used: Cell<usize>,
    /// Invariant: the unused tails of the retired regular chunks.
    retired_wasted: Cell<usize>,
    /// Invariant: the lengths of `regular`, `plain` and `dedicated`, plus (for `plain` and
    /// `dedicated`) the chunks on the lists of open scopes. With the arena borrowed mutably
    /// (`reset`, `is_steady`), no scope is open.
    regular_count: Cell<usize>,
    plain_count: Cell<usize>,
    dedicated_count: Cell<usize>,
    /// The largest used total recorded at a reset.
    high_water: Cell<usize>,
    /// Changes of the counts above or of `held` so far (see [`note_change`](Chunks::note_change)).
    events: Cell<u64>,
    /// The value of `events` when a reset last left the arena in its steady state
    /// (`u64::MAX`: never): while they are equal, nothing moved since, and the next reset
    /// may take the O(1) path without checking (see [`unchanged`](Chunks::unchanged)).
    steady_events: Cell<u64>,
    /// Size of the next plain chunk to take from the source.
    next_plain: Cell<usize>,
}

impl Chunks {
    pub(crate) const fn new(policy: Policy) -> Self {
        Chunks {
            policy: Cell::new(policy),
            regular: ChunkList::new(),
            plain: ChunkList::new(),
            dedicated: ChunkList::new(),
            spare: ChunkStack::new(),
            spare_plain: ChunkStack::new(),
            spare_dedicated: ChunkList::new(),
            last_plain_dedicated: Cell::new(None),
            held: Cell::new(0),
            held_data: Cell::new(0),
            spare_bytes: Cell::new(0),
            retired_used: Cell::new(0),
            retired_wasted: Cell::new(0),
            regular_count: Cell::new(0),
            plain_count: Cell::new(0),
            dedicated_count: Cell::new(0),
            high_water: Cell::new(0),
            events: Cell::new(0),
            steady_events: Cell::new(u64::MAX),
            next_plain: Cell::new(policy.chunk_size()),
        }
    }

    /// Records that a count of chunks in use or `held` changed: every change of them goes
    /// through here, so the steady state is known to hold while no change happened since it
    /// was [marked](Chunks::mark_steady).
    #[inline]
    fn note_change(&self) {
        self.events.set(self.events.get() + 1);
    }

    /// Marks the current state, which the caller checked to be steady (see
    /// [`is_steady`](Chunks::is_steady)).
    pub(crate) fn mark_steady(&self) {
        self.steady_events.set(self.events.get());
    }

    /// Forgets the steady mark: the next reset takes the out-of-line path, which checks the
    /// state itself. The allocation paths of the freeable lane and the large region call it,
    /// so the inlined reset only rewinds the plain lane (one store on those paths).
    #[inline(always)]
    pub(crate) fn unmark_steady(&self) {
        self.steady_events.set(u64::MAX);
    }

    /// Whether no count of chunks in use nor `held` changed since the state was marked
    /// steady: then it still is (the lanes change chunks only along with the counts).
    #[inline(always)]
    pub(crate) fn unchanged(&self) -> bool {
        self.events.get() == self.steady_events.get()
    }

    pub(crate) fn policy(&self) -> Policy {
        self.policy.get()
    }

    /// Takes a new chunk of `shape` from the source, within the limit.
    fn acquire<S: MemorySource>(
        &self,
        source: &S,
        shape: ChunkShape,
        dedicated: bool,
        request: usize,
    ) -> Result<Chunk, AllocError> {
        if self.spare_bytes.get() > self.policy().max_retained() {
            self.trim_reclaimed(source);
        }
        if !self.policy().admits(self.held.get(), shape.size) && !self.make_room(source, shape.size)
        {
            return Err(AllocError::new(AllocErrorKind::LimitExceeded, request));
        }
        let layout = Layout::from_size_align(shape.size, shape.align)
            .map_err(|_| AllocError::new(AllocErrorKind::CapacityOverflow, request))?;
        let base = source
            .allocate(layout)
            .ok_or(AllocError::new(AllocErrorKind::SourceExhausted, request))?;
        debug_assert_eq!(base.addr().get() % shape.align, 0, "source broke alignment");
        self.held.set(self.held.get() + shape.size);
        self.note_change();
        self.held_data
            .set(self.held_data.get() + shape.size - shape.data_offset);
        // SAFETY: `base` is a fresh block from the source for exactly this shape's layout.
        let chunk = unsafe { Chunk::init(base, shape, dedicated) };
        poison::fresh(chunk.data_start(), chunk.capacity());
        Ok(chunk)
    }

    /// Gives a chunk, already unlinked from every list, back to the source; zeroes what was
    /// written in it first if the arena zeroes its memory.
    fn release<S: MemorySource>(&self, source: &S, chunk: Chunk) {
        self.held.set(self.held.get() - chunk.size());
        self.note_change();
        self.held_data.set(self.held_data.get() - chunk.capacity());
        Self::free(source, chunk, self.policy().zero_on_reset());
    }

    /// Gives `chunk`, unlinked from every list and no longer counted, back to the source,
    /// zeroing what was written in it first if `zero`.
    fn free<S: MemorySource>(source: &S, chunk: Chunk, zero: bool) {
        if zero && chunk.is_dirty() {
            chunk.zero_written();
        }
        let layout = chunk.layout();
        poison::hand_out(chunk.data_start(), chunk.capacity());
        // SAFETY: the chunk came from `source.allocate(layout)` in `acquire` (the owner passes
        // the same source to every call) and is on no list any more, so nothing uses it.
        unsafe { source.deallocate(chunk.base(), layout) };
    }

    /// Puts an unlinked chunk on its spare list, whatever the retention limit: this runs while
    /// a block is being freed (possibly inside `grow` or `shrink`, whose caller still owns the
    /// old block if they unwind), where calling the source could panic at the worst moment. A
    /// spare past [`max_retained`](Policy::max_retained) is trimmed by the next
    /// [`acquire`](Chunks::acquire) or reset.
    fn retain(&self, chunk: Chunk) {
        self.spare_bytes.set(self.spare_bytes.get() + chunk.size());
        if chunk.is_dedicated() {
            self.spare_dedicated.push_front(chunk);
        } else {
            debug_assert!(
                self.is_regular_shape(chunk),
                "plain chunks are never reclaimed"
            );
            self.spare.push(chunk);
        }
    }

    /// Gives back the spare chunks that frees kept past the retention limit (see
    /// [`retain`](Chunks::retain)): dedicated ones, then regular ones, until the spares fit
    /// the limit or none of those kinds is left. Spare plain chunks (a reset's or a
    /// reservation's) are not touched: a reservation must stay until it is used.
    #[cold]
    #[inline(never)]
    fn trim_reclaimed<S: MemorySource>(&self, source: &S) {
        while self.spare_bytes.get() > self.policy().max_retained()
            && self.release_one_spare(source, false)
        {}
    }

    /// Gives one spare chunk back to the source: a dedicated one first, then a plain one (if
    /// `plain`), then a regular one. Returns `false`, giving nothing back, if none of those
    /// kinds is spare.
    fn release_one_spare<S: MemorySource>(&self, source: &S, plain: bool) -> bool {
        let chunk = match self.spare_dedicated.front() {
            Some(chunk) => {
                self.spare_dedicated.unlink(chunk);
                chunk
            }
            None => {
                let plain = if plain { self.spare_plain.pop() } else { None };
                match plain.or_else(|| self.spare.pop()) {
                    Some(chunk) => chunk,
                    None => return false,
                }
            }
        };
        self.spare_bytes.set(self.spare_bytes.get() - chunk.size());
        self.release(source, chunk);
        true
    }

    /// Takes the front spare regular chunk, if any, and starts fetching the next one's header.
    fn take_spare(&self) -> Option<Chunk> {
        let chunk = self.spare.pop()?;
        self.spare_bytes.set(self.spare_bytes.get() - chunk.size());
        if let Some(next) = self.spare.top() {
            next.prefetch();
        }
        Some(chunk)
    }

    /// Leases a spare or new regular chunk to a cursor: it is in use (active) from now on. The
    /// cursor starts at its `data_start`.
    pub(crate) fn lease<S: MemorySource>(
        &self,
        source: &S,
        request: usize,
    ) -> Result<Chunk, AllocError> {
        let chunk = match self.take_spare() {
            Some(chunk) => chunk,
            None => self.acquire(source, self.policy().regular_shape(), false, request)?,
        };
        self.activate(chunk);
        Ok(chunk)
    }

    /// Leases a plain chunk to the plain cursor for a block of `request` that did not fit in
    /// the current one (see [`take_plain`](Chunks::take_plain)).
    pub(crate) fn lease_plain<S: MemorySource>(
        &self,
        source: &S,
        request: Layout,
    ) -> Result<Chunk, AllocError> {
        let chunk = self.take_plain(source, request)?;
        self.activate_plain(chunk);
        Ok(chunk)
    }

    /// Like [`lease_plain`](Chunks::lease_plain), for the lane of a scope: the chunk goes on
    /// the scope's own list `to` instead of the manager's, and stays counted in use until
    /// [`give_back`](Chunks::give_back). A new chunk has the size `size` (the scope's own
    /// growth: nested scopes each start small instead of doubling the arena's next size).
    pub(crate) fn lease_plain_to<S: MemorySource>(
        &self,
        source: &S,
        request: Layout,
        size: usize,
        to: &ChunkList,
    ) -> Result<Chunk, AllocError> {
        let chunk = self.take_plain_sized(source, request, size)?;
        chunk.clear();
        to.push_back(chunk);
        self.plain_count.set(self.plain_count.get() + 1);
        self.note_change();
        Ok(chunk)
    }

    /// A plain chunk on no list with room for a block of `request` (below the dedicated
    /// threshold, padding included): the top spare one if it has the room (every chunk of the
    /// regular size or more does), else a new one of the next plain size (or, if the source
    /// or the limit refuses that, of the regular size); under a limit that admits neither, a
    /// smaller chunk fitted to what the limit has left, if that holds the block.
    fn take_plain<S: MemorySource>(
        &self,
        source: &S,
        request: Layout,
    ) -> Result<Chunk, AllocError> {
        let chunk = self.take_plain_sized(source, request, self.next_plain.get())?;
        self.next_plain
            .set(self.policy().next_plain_size(chunk.size()));
        Ok(chunk)
    }

    /// [`take_plain`](Chunks::take_plain) with `size` as the size of a new chunk, leaving the
    /// arena's own growth (`next_plain`) alone.
    fn take_plain_sized<S: MemorySource>(
        &self,
        source: &S,
        request: Layout,
        size: usize,
    ) -> Result<Chunk, AllocError> {
        let need = request.size().saturating_add(request.align());
        let request = request.size();
        if self.spare_plain.top().is_some_and(|c| c.capacity() >= need) {
            if let Some(chunk) = self.pop_spare_plain() {
                return Ok(chunk);
            }
        }
        let base = self.policy().chunk_size();
        let chunk = match self.acquire(source, self.policy().plain_shape(size), false, request) {
            Ok(chunk) => chunk,
            Err(error) if error.kind() == AllocErrorKind::LimitExceeded => {
                match self.acquire(source, self.policy().plain_shape(base), false, request) {
                    Ok(chunk) => chunk,
                    Err(_) => self.acquire_fitted(source, request, need)?,
                }
            }
            Err(_) if size > base => {
                self.acquire(source, self.policy().plain_shape(base), false, request)?
            }
            Err(error) => return Err(error),
        };
        Ok(chunk)
    }

    /// Takes back the plain chunk a lane was bumping through, unused (nothing handed out
    /// from it; bytes up to `written` may hold data from before), as the top spare plain
    /// chunk.
    pub(crate) fn return_plain(&self, chunk: Chunk, written: usize) {
        let start = chunk.data_offset();
        chunk.set_ends(start, chunk.offset_of(written).max(start));
        self.plain.unlink(chunk);
        self.plain_count.set(self.plain_count.get() - 1);
        self.note_change();
        self.spare_plain.push(chunk);
        self.spare_bytes.set(self.spare_bytes.get() + chunk.size());
    }

    /// Leases the top spare plain chunk, if any, without asking the source.
    pub(crate) fn lease_spare_plain(&self) -> Option<Chunk> {
        let chunk = self.pop_spare_plain()?;
        self.activate_plain(chunk);
        Some(chunk)
    }

    fn pop_spare_plain(&self) -> Option<Chunk> {
        let chunk = self.spare_plain.pop()?;
        self.spare_bytes.set(self.spare_bytes.get() - chunk.size());
        if let Some(next) = self.spare_plain.top() {
            next.prefetch();
        }
        Some(chunk)
    }

    fn activate_plain(&self, chunk: Chunk) {
        chunk.clear();
        self.plain.push_back(chunk);
        self.plain_count.set(self.plain_count.get() + 1);
        self.note_change();
    }

    /// Whether `chunk` (not dedicated) has the shape of a regular chunk rather than a plain
    /// one: regular chunks are aligned to the chunk alignment, plain ones need not be.
    fn is_regular_shape(&self, chunk: Chunk) -> bool {
        chunk.layout().align() == self.policy().chunk_align()
    }

    fn activate(&self, chunk: Chunk) {
        chunk.clear();
        self.regular.push_back(chunk);
        self.regular_count.set(self.regular_count.get() + 1);
        self.note_change();
        debug_assert_eq!(
            self.policy().chunk_base(chunk.end_addr() - 1),
            chunk.base().addr().get(),
            "every byte of a regular chunk masks to its header"
        );
    }

    /// Retires an active chunk as its cursor leaves it, recording its used end (`cursor`) and
    /// written end (`written`; the larger of the two counts).
    pub(crate) fn retire(&self, chunk: Chunk, cursor: usize, written: usize) {
        chunk.set_ends(
            chunk.offset_of(cursor),
            chunk.offset_of(written.max(cursor)),
        );
        self.retired_used
            .set(self.retired_used.get() + chunk.used(None));
        self.retired_wasted
            .set(self.retired_wasted.get() + chunk.tail(None));
    }

    /// A dedicated chunk holding one block for `layout`; returns the block. A `freeable` block
    /// gives its chunk back when freed; any other pins it until reset.
    pub(crate) fn alloc_dedicated<S: MemorySource>(
        &self,
        source: &S,
        layout: Layout,
        freeable: bool,
    ) -> Result<NonNull<u8>, AllocError> {
        self.alloc_dedicated_with(source, layout, freeable, layout.size())
    }

    /// Like [`alloc_dedicated`](Chunks::alloc_dedicated), in a chunk with room for
    /// `capacity >= layout.size()` bytes, so the block can later grow in place.
    pub(crate) fn alloc_dedicated_with<S: MemorySource>(
        &self,
        source: &S,
        layout: Layout,
        freeable: bool,
        capacity: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        self.alloc_dedicated_on(source, layout, freeable, capacity, &self.dedicated)
            .map(|(block, _)| block)
    }

    /// Like [`alloc_dedicated`](Chunks::alloc_dedicated) for a plain block, also returning its
    /// chunk (a plain block's chunk is not found from the block's address).
    pub(crate) fn alloc_dedicated_plain<S: MemorySource>(
        &self,
        source: &S,
        layout: Layout,
    ) -> Result<(NonNull<u8>, Chunk), AllocError> {
        self.alloc_dedicated_on(source, layout, false, layout.size(), &self.dedicated)
    }

    /// Like [`alloc_dedicated`](Chunks::alloc_dedicated) for a plain block of a scope: the
    /// chunk goes on the scope's own list `to`, counted in use until
    /// [`give_back`](Chunks::give_back).
    pub(crate) fn alloc_dedicated_to<S: MemorySource>(
        &self,
        source: &S,
        layout: Layout,
        to: &ChunkList,
    ) -> Result<NonNull<u8>, AllocError> {
        self.alloc_dedicated_on(source, layout, false, layout.size(), to)
            .map(|(block, _)| block)
    }

    /// The one implementation of the dedicated allocations: the chunk goes on list `to`.
    /// Returns the block and its chunk.
    fn alloc_dedicated_on<S: MemorySource>(
        &self,
        source: &S,
        layout: Layout,
        freeable: bool,
        capacity: usize,
        to: &ChunkList,
    ) -> Result<(NonNull<u8>, Chunk), AllocError> {
        debug_assert!(capacity >= layout.size());
        let shape = self
            .policy()
            .dedicated_shape(capacity, layout.align(), freeable)
            .ok_or(AllocError::overflow())?;
        let fits = |c: Chunk| {
            let l = c.layout();
            l.align() >= shape.align
                && c.data_offset() == shape.data_offset
                && l.size() >= shape.size
        };
        // The front spare is the one freed last: in a steady loop it fits, and is taken in O(1).
        let reused = match self.spare_dedicated.front() {
            Some(front) if fits(front) => Some(front),
            // Else the best fit: the smallest large enough.
            _ => self
                .spare_dedicated
                .iter()
                .filter(|&c| fits(c))
                .min_by_key(|c| c.size()),
        };
        let chunk = match reused {
            Some(chunk) => {
                self.spare_dedicated.unlink(chunk);
                self.spare_bytes.set(self.spare_bytes.get() - chunk.size());
                chunk.clear();
                chunk
            }
            // A fresh chunk's header says it is empty.
            None => self.acquire(source, shape, true, layout.size())?,
        };
        let end = shape.data_offset + layout.size();
        chunk.set_ends(end, end);
        if freeable {
            chunk.add_freeable(layout.size());
        }
        to.push_back(chunk);
        if !freeable && core::ptr::eq(to, &self.dedicated) {
            self.last_plain_dedicated.set(Some(chunk));
        }
        self.dedicated_count.set(self.dedicated_count.get() + 1);
        self.note_change();
        self.retired_used
            .set(self.retired_used.get() + layout.size());
        let block = chunk.data_start();
        if shape.data_offset >= self.policy().chunk_align() {
            // An over-aligned block starts on a chunk-alignment boundary, where masking its
            // address finds no header: store the chunk's base just below the block instead.
            // SAFETY: the block starts `data_offset >= chunk_align >= 256` bytes after the
            // chunk's base, so the word below it lies in the chunk, past the header, and is
            // aligned (the block is aligned to `data_offset`, at least 256); nothing else uses
            // that padding.
            unsafe { base_slot(block).write(chunk.base()) };
        }
        Ok((block, chunk))
    }

    /// The chunk owning a block of this arena that starts at `block`.
    ///
    /// # Safety
    ///
    /// `block` was handed out by this arena since the last reset and its chunk is still in use.
    pub(crate) unsafe fn owner(&self, block: NonNull<u8>) -> Chunk {
        let base = if block
            .addr()
            .get()
            .is_multiple_of(self.policy().chunk_align())
        {
            // SAFETY: only an over-aligned dedicated block starts on a chunk-alignment boundary
            // (every other block starts past a header), and `alloc_dedicated` stored its
            // chunk's base in the word just below it.
            unsafe { base_slot(block).read() }
        } else {
            block.with_addr(
                core::num::NonZeroUsize::new(self.policy().chunk_base(block.addr().get()))
                    .expect("a chunk base is never null"),
            )
        };
        // SAFETY: `base` is the base of the chunk owning `block` (module docs of `growth`),
        // which the caller guarantees is in use.
        unsafe { Chunk::from_base(base) }
    }

    /// Reclaims a retired chunk in use whose blocks were all freed: it leaves the in-use
    /// lists and goes to the spare lists, even past the retention limit (see
    /// [`retain`](Chunks::retain)). Takes no memory source, so a free can never call one.
    pub(crate) fn reclaim(&self, chunk: Chunk) {
        self.retired_used
            .set(self.retired_used.get() - chunk.used(None));
        if chunk.is_dedicated() {
            self.dedicated.unlink(chunk);
            self.dedicated_count.set(self.dedicated_count.get() - 1);
            self.note_change();
        } else {
            self.retired_wasted
                .set(self.retired_wasted.get() - chunk.tail(None));
            self.regular.unlink(chunk);
            self.regular_count.set(self.regular_count.get() - 1);
            self.note_change();
        }
        self.retain(chunk);
    }

    /// Takes back the chunks of an ending scope: its plain chunks (`plain`, in lease order,
    /// every one retired) and its dedicated ones. They go to the spare lists within the
    /// retention limit, the first plain one on top (the next scope reuses it), and back to
    /// the source beyond it. A zeroing arena zeroes what was written in them first, since
    /// they are reused without a reset in between.
    ///
    /// # Safety
    ///
    /// Every chunk on the two lists was retired, and nothing uses the blocks in them.
    pub(crate) unsafe fn give_back<S: MemorySource>(
        &self,
        source: &S,
        plain: &ChunkList,
        dedicated: &ChunkList,
    ) {
        // Every chunk is moved to a spare list or to `doomed` (with the counters) before any
        // goes back to the source, so a source that panics in `deallocate` leaks at most the
        // doomed chunks and leaves the spare lists and their byte count consistent.
        let doomed = ChunkList::default();
        // Whether `chunk` stays as a spare (zeroed first in a zeroing arena) within the
        // retention limit; if not, it is doomed.
        let keep = |chunk: Chunk| {
            // SAFETY: the scope has ended, so nothing uses its blocks (caller), and every chunk
            // was retired, so its used end is recorded.
            unsafe { chunk.release_data(chunk.used(None)) };
            let spare = self.spare_bytes.get() + chunk.size();
            if spare > self.policy().max_retained() {
                doomed.push_back(chunk);
                return false;
            }
            if self.policy().zero_on_reset() && chunk.is_dirty() {
                chunk.zero_written();
            }
            self.spare_bytes.set(spare);
            true
        };
        let kept = ChunkList::default();
        for chunk in plain.take() {
            self.retired_used
                .set(self.retired_used.get() - chunk.used(None));
            self.retired_wasted
                .set(self.retired_wasted.get() - chunk.tail(None));
            self.plain_count.set(self.plain_count.get() - 1);
            self.note_change();
            if keep(chunk) {
                kept.push_back(chunk);
            }
        }
        self.spare_plain.push_list(&kept);
        for chunk in dedicated.take() {
            self.retired_used
                .set(self.retired_used.get() - chunk.used(None));
            self.dedicated_count.set(self.dedicated_count.get() - 1);
            self.note_change();
            if keep(chunk) {
                self.spare_dedicated.push_front(chunk);
            }
        }
        for chunk in doomed.take() {
            self.release(source, chunk);
        }
    }

    /// Records the use of a dedicated chunk in use that a lane (the large region) bumped
    /// through and is leaving: its used end is `cursor`, and bytes up to `written` may hold
    /// data.
    pub(crate) fn retire_dedicated(&self, chunk: Chunk, cursor: usize, written: usize) {
        chunk.set_ends(
            chunk.offset_of(cursor),
            chunk.offset_of(written.max(cursor)),
        );
        self.retired_used
            .set(self.retired_used.get() + chunk.used(None));
    }

    /// Forgets the record of the one block of `size` bytes of a dedicated chunk in use, which
    /// a lane (the large region) takes over: from now on the lane's cursor tells its use. What
    /// was written stays recorded.
    pub(crate) fn unrecord_dedicated(&self, chunk: Chunk, size: usize) {
        chunk.clear();
        self.retired_used.set(self.retired_used.get() - size);
    }

    /// Records that a block alone in a dedicated chunk in use was resized in place from `old`
    /// to `new` bytes.
    pub(crate) fn note_dedicated_resize(&self, old: usize, new: usize) {
        self.retired_used.set(self.retired_used.get() - old + new);
    }

    /// Statistics from the counters, in O(1); `active_used` is the bytes used in the active
    /// chunks, which only their cursors know.
    /// The used bytes (`active_used` of them in active chunks) and the bytes held, as
    /// [`stats`](Chunks::stats) counts them.
    pub(crate) fn used_and_held(&self, active_used: usize) -> (usize, usize) {
        (self.retired_used.get() + active_used, self.held.get())
    }

    pub(crate) fn stats(&self, active_used: usize) -> Stats {
        let (used, _) = self.used_and_held(active_used);
        Stats {
            held: self.held.get(),
            held_data: self.held_data.get(),
            used,
            wasted: self.retired_wasted.get(),
            regular_chunks: self.regular_count.get() + self.plain_count.get(),
            dedicated_chunks: self.dedicated_count.get(),
            retained: self.spare_bytes.get(),
            high_water: self.high_water.get().max(used),
        }
    }

    /// Whether `addr` lies in a part of a chunk handed out since the last reset;
    /// `cursor_of(chunk)` is the cursor of an active chunk or of the large region's chunk,
    /// `None` for any other.
    /// O(number of chunks in use).
    pub(crate) fn contains(&self, addr: usize, cursor_of: impl Fn(Chunk) -> Option<usize>) -> bool {
        self.in_use().any(|c| c.holds(addr, cursor_of(c)))
    }

    /// Every chunk in use (not the spare ones, nor the open scopes' ones).
    pub(crate) fn in_use(&self) -> impl Iterator<Item = Chunk> + '_ {
        self.regular
            .iter()
            .chain(self.plain.iter())
            .chain(self.dedicated.iter())
    }

    /// Gives every chunk back to `source`: the last call before the manager is dropped.
    /// The counters are left as they were: nothing reads them any more.
    pub(crate) fn release_all<S: MemorySource>(&mut self, source: &S) {
        let zero = self.policy().zero_on_reset();
        for list in [
            &self.regular,
            &self.plain,
            &self.dedicated,
            &self.spare_dedicated,
        ] {
            for chunk in list.take() {
                Self::free(source, chunk, zero);
            }
        }
        for chunk in self.spare.take().chain(self.spare_plain.take()) {
            Self::free(source, chunk, zero);
        }
    }
}

/// The word just below an over-aligned dedicated block, where its chunk's base is stored.
fn base_slot(block: NonNull<u8>) -> NonNull<NonNull<u8>> {
    // The slot lies in the chunk's padding between header and block (see `alloc_dedicated`);
    // `wrapping_sub` keeps the block's provenance, which covers the whole chunk.
    let slot = block.as_ptr().wrapping_sub(size_of::<NonNull<u8>>());
    NonNull::new(slot.cast::<NonNull<u8>>()).expect("a block starts at least 256 bytes in")
}
