//! The raw arena shared across threads, without a lock on the allocation path.
//!
//! # Design
//!
//! The arena has a few *shards* (a power of two near twice the number of CPUs), each on its
//! own cache line with a bump cursor over a chunk of its own. A thread *claims* a free shard
//! once (one compare-and-swap of the shard's `owner` from 0 to the thread's number) and from
//! then on is the only thread that moves that shard's cursor, so its allocations are a plain
//! bump: load the owner and compare it with the thread's number, load the cursor and end, store
//! the new cursor; no read-modify-write, no lock. The cursor is an atomic accessed with
//! `Relaxed` ordering only so that statistics may read it from another thread without a data
//! race; on x86-64 these are ordinary loads and stores.
//!
//! A mutex guards the chunk lists. It is taken to give a shard a new chunk (once per chunk), for
//! dedicated chunks, by statistics, and, when every shard is claimed (more threads than shards
//! have allocated since the last reset), for each allocation of the threads left without a
//! shard, which then bump an overflow cursor under the lock. `reset` takes `&mut self`: no
//! allocation runs during it, so it returns every shard to the free state.
//!
//! Blocks are never freed individually here, except that a thread may roll back or resize the
//! newest block of its own shard: shared chunks hold blocks of whatever thread, so their
//! memory comes back at reset.

use super::chunk::Chunk;
use super::chunks::Chunks;
use super::cursor::{self, CursorCell};
use super::growth::Policy;
use crate::error::AllocError;
use crate::source::MemorySource;
use crate::stats::Stats;
use crate::sync::{CachePadded, shard_count, thread_number, with_thread, with_thread_unassigned};
use core::alloc::Layout;
use core::ptr::{self, NonNull};
use std::boxed::Box;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// One thread's bump cursor.
struct Shard {
    /// Number of the thread that owns the shard (see [`thread_number`]), or 0 while it is free.
    /// Only the owner moves `cursor`, `end`, `written` and `chunk`, except `reset`, which has
    /// the arena exclusively.
    owner: AtomicUsize,
    /// Invariants of `RawArena::cursor`, for `chunk`.
    cursor: AtomicPtr<u8>,
    end: AtomicUsize,
    /// The highest address the cursor reached before a rollback (see `RawArena::written`).
    written: AtomicUsize,
    /// The shard's chunk (its base), null if none. Changed only under the chunk lock.
    chunk: AtomicPtr<u8>,
}

impl Shard {
    fn new() -> Self {
        Shard {
            owner: AtomicUsize::new(0),
            cursor: AtomicPtr::new(ptr::without_provenance_mut(super::bump::MIN_ALIGN)),
            end: AtomicUsize::new(super::bump::MIN_ALIGN),
            written: AtomicUsize::new(0),
            chunk: AtomicPtr::new(ptr::null_mut()),
        }
    }

    fn chunk(&self) -> Option<Chunk> {
        // SAFETY: a non-null `chunk` is the base of a chunk leased to this shard and still in
        // use (reset clears it before the chunk lists are reset).
        NonNull::new(self.chunk.load(Ordering::Relaxed))
            .map(|base| unsafe { Chunk::from_base(base) })
    }

    fn cursor_addr(&self) -> usize {
        CursorCell::load(&self.cursor).addr()
    }

    /// Retires the shard's chunk, if any, into `chunks`, and leaves the shard without one.
    fn retire(&self, chunks: &Chunks) {
        if let Some(chunk) = self.chunk() {
            let written = self.written.load(Ordering::Relaxed);
            chunks.retire(chunk, self.cursor_addr(), written);
        }
        self.chunk.store(ptr::null_mut(), Ordering::Relaxed);
        CursorCell::store(
            &self.cursor,
            ptr::without_provenance_mut(super::bump::MIN_ALIGN),
        );
        self.end.store(super::bump::MIN_ALIGN, Ordering::Relaxed);
        self.written.store(0, Ordering::Relaxed);
    }

    /// Makes `chunk` the shard's chunk.
    fn enter(&self, chunk: Chunk) {
        self.chunk.store(chunk.base().as_ptr(), Ordering::Relaxed);
        CursorCell::store(&self.cursor, chunk.data_start().as_ptr());
        self.end.store(chunk.end_addr(), Ordering::Relaxed);
        self.written.store(0, Ordering::Relaxed);
    }
}

/// What the chunk lock guards.
struct Locked {
    chunks: Chunks,
    /// The cursor of threads that found every shard claimed; moved only under the lock.
    overflow: Shard,
}

/// A bump arena whose allocation path takes no lock; see the module docs.
pub struct SharedRaw<S: MemorySource> {
    /// A power of two of them (see [`shard_count`]).
    shards: Box<[CachePadded<Shard>]>,
    /// `shards.len() - 1`: a thread's hint masked with it is an index into `shards`.
    mask: usize,
    locked: Mutex<Locked>,
    /// The policy at construction, for the settings that never change (the limit lives with
    /// the chunks, under the lock).
    policy: Policy,
    source: S,
}

// SAFETY: `Chunks` holds pointers to chunk headers it owns exclusively; the lock serialises
// every access to it, and shard cursors are atomics moved by one thread at a time (module
// docs). The source is shared by all threads, hence the bounds.
unsafe impl<S: MemorySource + Send + Sync> Sync for SharedRaw<S> {}
// SAFETY: moving the arena moves the ownership of all its chunks along with it.
unsafe impl<S: MemorySource + Send> Send for SharedRaw<S> {}

impl<S: MemorySource> SharedRaw<S> {
    pub(crate) fn new(source: S, policy: Policy) -> Self {
        let count = shard_count();
        assert!(count.is_power_of_two(), "shard_count is a power of two");
        SharedRaw {
            shards: (0..count).map(|_| CachePadded::new(Shard::new())).collect(),
            mask: count - 1,
            locked: Mutex::new(Locked {
                chunks: Chunks::new(policy),
                overflow: Shard::new(),
            }),
            policy,
            source,
        }
    }

    pub(crate) fn source(&self) -> &S {
        &self.source
    }

    pub(crate) fn policy(&self) -> Policy {
        self.lock().chunks.policy()
    }

    pub(crate) fn set_limit(&self, limit: Option<usize>) {
        self.lock().chunks.set_limit(limit);
    }

    /// Bytes left in this thread's shard's chunk (0 if it has none).
    pub(crate) fn chunk_capacity(&self) -> usize {
        self.own_shard_or_find()
            .map_or(0, |s| s.end.load(Ordering::Relaxed) - s.cursor_addr())
    }

    /// Locks the chunk lists. The only code run under the lock that can panic is the memory
    /// source, called before any list or counter changes, so a poisoned lock guards a
    /// consistent state and is used as is.
    fn lock(&self) -> MutexGuard<'_, Locked> {
        self.locked.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The shard this thread owns, if its hint (the shard it last claimed in any shared
    /// arena) names one of ours; a stale hint only sends the caller to the slow path.
    #[inline(always)]
    fn own_shard(&self) -> Option<&Shard> {
        // A thread without a number yet owns no shard: its number matches no owner, and the
        // slow path assigns one.
        with_thread_unassigned(|me, slot| {
            let index = slot.hint.get() & self.mask;
            debug_assert!(index < self.shards.len());
            // SAFETY: `shards.len()` is a power of two and `mask` is one less, so `index` is
            // in bounds.
            let shard = unsafe { self.shards.get_unchecked(index) };
            (shard.owner.load(Ordering::Relaxed) == me).then_some(&**shard)
        })
    }

    /// A block for `layout`, from this thread's shard when it has room.
    #[inline(always)]
    pub(crate) fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(super::dangling(layout.align()));
        }
        if let Some(shard) = self.own_shard() {
            if let Some((block, _)) =
                cursor::try_bump(&shard.cursor, shard.end.load(Ordering::Relaxed), layout)
            {
                return Ok(block);
            }
        }
        self.alloc_slow(layout)
    }

    /// Claims a shard for this thread if it owns none, refills it, or serves the request under
    /// the lock (dedicated chunk, or every shard claimed).
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let shard = self.claim(thread_number());
        if let Some(shard) = shard {
            if let Some((block, _)) =
                cursor::try_bump(&shard.cursor, shard.end.load(Ordering::Relaxed), layout)
            {
                return Ok(block);
            }
        }
        let locked = self.lock();
        if self.policy.wants_dedicated(layout.size(), layout.align()) {
            return locked.chunks.alloc_dedicated(&self.source, layout, false);
        }
        let shard = shard.unwrap_or(&locked.overflow);
        if let Some((block, _)) =
            cursor::try_bump(&shard.cursor, shard.end.load(Ordering::Relaxed), layout)
        {
            return Ok(block);
        }
        let chunk = locked.chunks.lease(&self.source, layout.size())?;
        shard.retire(&locked.chunks);
        shard.enter(chunk);
        let (block, _) = cursor::try_bump(&shard.cursor, shard.end.load(Ordering::Relaxed), layout)
            .expect("a request below the dedicated threshold fits in an empty chunk");
        Ok(block)
    }

    /// The shard owned by thread `me`, claiming a free one if it owns none; `None` when every
    /// shard is owned by other threads.
    fn claim(&self, me: usize) -> Option<&Shard> {
        if let Some(own) = self.find_own(me) {
            return Some(own);
        }
        let mask = self.mask;
        let found = (0..self.shards.len()).map(|k| (me + k) & mask).find(|&i| {
            // Acquire: see the shard as `reset` (or its creation) left it.
            self.shards[i]
                .owner
                .compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
        })?;
        with_thread(|_, slot| slot.hint.set(found));
        Some(&self.shards[found])
    }

    /// The shard owned by thread `me`, wherever the hint points (a thread that used another
    /// shared arena since has a hint for that one); updates the hint.
    #[cold]
    fn find_own(&self, me: usize) -> Option<&Shard> {
        let mask = self.mask;
        let found = (0..self.shards.len())
            .map(|k| (me + k) & mask)
            .find(|&i| self.shards[i].owner.load(Ordering::Relaxed) == me)?;
        with_thread(|_, slot| slot.hint.set(found));
        Some(&self.shards[found])
    }

    /// This thread's shard, through the hint or, failing that, a search (no claim).
    #[inline]
    fn own_shard_or_find(&self) -> Option<&Shard> {
        self.own_shard().or_else(|| self.find_own(thread_number()))
    }

    /// Rolls back the block at `ptr` of `size` bytes if it is the newest of this thread's shard;
    /// otherwise its memory comes back at reset.
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by this arena for `size` bytes since the last reset, and is not
    /// used afterwards.
    pub(crate) unsafe fn free(&self, ptr: NonNull<u8>, size: usize) {
        if size != 0 {
            // SAFETY: the caller guarantees the block is ours, `size` bytes long, and not used
            // afterwards.
            unsafe { super::poison::release(ptr, size) };
        }
        let Some(shard) = self.own_shard_or_find() else {
            return;
        };
        let at = shard.cursor_addr();
        if size != 0 && super::bump::is_last(ptr.addr().get(), size, at) {
            shard.written.fetch_max(at, Ordering::Relaxed);
            // `ptr` is in the shard's chunk (the block ends at its cursor) and carries the
            // chunk's provenance.
            CursorCell::store(&shard.cursor, ptr.as_ptr());
        }
    }

    /// Resizes the newest block of this thread's shard in place; see
    /// `RawArena::resize_in_place`.
    ///
    /// # Safety
    ///
    /// As for `RawArena::resize_in_place`.
    pub(crate) unsafe fn resize_in_place(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        new_align: usize,
    ) -> bool {
        let Some(shard) = self.own_shard_or_find() else {
            return false;
        };
        let end = shard.end.load(Ordering::Relaxed);
        let Some(from) =
            cursor::try_resize_newest(&shard.cursor, end, ptr, old_size, new_size, new_align)
        else {
            return false;
        };
        if shard.cursor_addr() < from {
            shard.written.fetch_max(from, Ordering::Relaxed);
        }
        true
    }

    pub(crate) fn reserve(&self, bytes: usize) -> Result<(), AllocError> {
        self.lock().chunks.reserve_regular(&self.source, bytes)
    }

    pub(crate) fn refusal(&self, layout: Layout) -> AllocError {
        self.lock().chunks.refusal(layout)
    }

    /// The shared arena has no O(1) steady reset: always `false`.
    #[inline]
    pub(crate) fn try_reset_steady(&mut self) -> bool {
        false
    }

    /// Nothing to unmark (see [`try_reset_steady`](SharedRaw::try_reset_steady)).
    #[inline]
    pub(crate) fn unmark_steady(&self) {}

    /// Ends every allocation; `&mut self` guarantees no thread is allocating.
    pub(crate) fn reset(&mut self, zero: bool) {
        let locked = self.locked.get_mut().unwrap_or_else(|e| e.into_inner());
        for shard in self.shards.iter().map(|s| &**s).chain([&locked.overflow]) {
            shard.retire(&locked.chunks);
            shard.owner.store(0, Ordering::Relaxed);
        }
        let zero = zero || locked.chunks.policy().zero_on_reset();
        locked.chunks.reset(&self.source, zero);
    }

    /// Every shard, the overflow cursor included, with the lock held.
    fn all_shards<'l>(&'l self, locked: &'l Locked) -> impl Iterator<Item = &'l Shard> {
        self.shards.iter().map(|s| &**s).chain([&locked.overflow])
    }

    /// `stats().used` and `stats().held`.
    pub(crate) fn used_and_held(&self) -> (usize, usize) {
        let stats = self.stats();
        (stats.used, stats.held)
    }

    /// Statistics; the used bytes of active chunks are read from cursors other threads may be
    /// moving, so they are a snapshot.
    pub(crate) fn stats(&self) -> Stats {
        let locked = self.lock();
        let active: usize = self
            .all_shards(&locked)
            .filter_map(|s| Some(s.chunk()?.used(Some(s.cursor_addr()))))
            .sum();
        locked.chunks.stats(active)
    }

    pub(crate) fn contains(&self, addr: usize) -> bool {
        let locked = self.lock();
        let cursor_of = |c: Chunk| {
            self.all_shards(&locked)
                .find(|s| s.chunk() == Some(c))
                .map(Shard::cursor_addr)
        };
        locked.chunks.contains(addr, cursor_of)
    }
}

impl<S: MemorySource> Drop for SharedRaw<S> {
    fn drop(&mut self) {
        let locked = self.locked.get_mut().unwrap_or_else(|e| e.into_inner());
        // Record what the shards' chunks hold, so a zeroing arena wipes them before release.
        for shard in self.shards.iter().map(|s| &**s).chain([&locked.overflow]) {
            shard.retire(&locked.chunks);
        }
        locked.chunks.release_all(&self.source);
    }
}
