//! The raw side of scopes: a lane whose chunks go back to the arena when the scope ends.
//!
//! A scope bumps plain blocks through its own [`ScopeLane`], over plain chunks leased from
//! the arena's chunk manager but kept on the scope's own lists. The arena's lanes (and those
//! of other scopes) never touch them, so allocations made through the arena or an enclosing
//! scope while the scope is open are unaffected when it ends: ending a scope gives back
//! exactly its own chunks (to the spare lists, so the next scope reuses them without asking
//! the source). Large blocks get dedicated chunks on the scope's list, likewise.
//!
//! Open scopes form a linked list, newest first: the arena keeps the newest and each scope
//! the one opened before it, so statistics and `contains` see the memory of every open scope.
//! Scopes are closures, so they usually end newest first, but not always: stackful coroutines
//! on one thread (the `generator` crate, for instance) can suspend a scope's closure and end
//! an older scope first. A scope that ends is therefore unlinked wherever it is in the list.

use super::chunk::ChunkList;
use super::{Lane, RawArena, cursor, dangling, poison};
use crate::error::AllocError;
use crate::source::MemorySource;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// The allocation state of one open scope.
pub(crate) struct ScopeLane {
    /// The cursor over the scope's current plain chunk.
    lane: Lane,
    /// The plain chunks the scope leased, in lease order (the lane's current one last).
    plain: ChunkList,
    /// The dedicated chunks of the scope's large blocks.
    dedicated: ChunkList,
    /// The size of the next plain chunk this scope takes from the source (0: the regular
    /// size): a scope's chunks double from the regular size as it fills them, independently
    /// of the arena's and of other scopes'.
    next_size: Cell<usize>,
    /// The next older open scope (the newest when this one opened, unless it ended since).
    parent: Cell<Option<NonNull<ScopeLane>>>,
}

impl ScopeLane {
    pub(crate) fn new() -> Self {
        ScopeLane {
            lane: Lane::new(),
            plain: ChunkList::default(),
            dedicated: ChunkList::default(),
            next_size: Cell::new(0),
            parent: Cell::new(None),
        }
    }

    /// Bytes handed out from the lane's current chunk (the other chunks have theirs recorded).
    pub(crate) fn used(&self) -> usize {
        self.lane.used()
    }

    /// Whether `addr` lies in a block this scope handed out.
    pub(super) fn holds(&self, addr: usize) -> bool {
        let current = self.lane.current.get();
        let cursor = self.lane.cursor.get().addr();
        self.plain
            .iter()
            .chain(self.dedicated.iter())
            .any(|c| c.holds(addr, (Some(c) == current).then_some(cursor)))
    }
}

impl<S: MemorySource> RawArena<S> {
    /// Registers `scope` as the newest open scope.
    ///
    /// # Safety
    ///
    /// `scope` is new (from [`ScopeLane::new`]) and stays at its address until
    /// [`exit_scope`](RawArena::exit_scope) is called for it.
    pub(crate) unsafe fn enter_scope(&self, scope: &ScopeLane) {
        scope.parent.set(self.scopes.get());
        self.scopes.set(Some(NonNull::from(scope)));
    }

    /// A plain block for `layout` from the scope's lane, handed out to no one else until the
    /// scope ends (see [`RawArena::alloc`] for the rest of the contract).
    #[inline(always)]
    pub(crate) fn alloc_scoped(
        &self,
        scope: &ScopeLane,
        layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout.align()));
        }
        let lane = &scope.lane;
        let block = match cursor::try_bump(&lane.cursor, lane.end.get(), layout) {
            Some((block, _)) => Ok(block),
            None => self.alloc_scoped_slow(scope, layout),
        };
        poison::handed_out(block, layout.size())
    }

    /// Gives back a block from [`alloc_scoped`](RawArena::alloc_scoped) if it is still the
    /// newest one of the scope's lane; otherwise nothing changes.
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by `alloc_scoped` for `scope` for `size` bytes and is not used
    /// afterwards.
    pub(crate) unsafe fn rollback_scoped(&self, scope: &ScopeLane, ptr: NonNull<u8>, size: usize) {
        // SAFETY: the caller gives the block up.
        unsafe { scope.lane.roll_back(ptr, size) };
    }

    /// A request that does not fit in the scope's current chunk: a dedicated chunk when
    /// large, else a refill of the scope's lane.
    #[cold]
    #[inline(never)]
    fn alloc_scoped_slow(
        &self,
        scope: &ScopeLane,
        layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        if self
            .chunks
            .policy()
            .wants_dedicated(layout.size(), layout.align())
        {
            return self
                .chunks
                .alloc_dedicated_to(&self.source, layout, &scope.dedicated);
        }
        let policy = self.chunks.policy();
        let size = scope.next_size.get().max(policy.chunk_size());
        let chunk = self
            .chunks
            .lease_plain_to(&self.source, layout, size, &scope.plain)?;
        scope.next_size.set(policy.next_plain_size(chunk.size()));
        let lane = &scope.lane;
        lane.retire(&self.chunks);
        lane.enter(chunk);
        let (block, _) = cursor::try_bump(&lane.cursor, lane.end.get(), layout)
            .expect("a request below the dedicated threshold fits in an empty chunk");
        Ok(block)
    }

    /// Ends `scope`: every block it handed out goes back to the arena, its chunks to the spare
    /// lists (within the retention limit).
    ///
    /// # Safety
    ///
    /// `scope` was registered with [`enter_scope`](RawArena::enter_scope) on this arena and has
    /// not exited, and no block handed out by [`alloc_scoped`](RawArena::alloc_scoped) for it
    /// is used afterwards.
    pub(crate) unsafe fn exit_scope(&self, scope: &ScopeLane) {
        let me = NonNull::from(scope);
        if self.scopes.get() == Some(me) {
            self.scopes.set(scope.parent.get());
        } else {
            // Not the newest (see the module docs): unlink it from the newer one opened after it.
            let mut next = self.scopes.get();
            while let Some(newer) = next {
                // SAFETY: every scope on the list is registered and has not exited, so it is at
                // its address (`enter_scope`'s contract); scopes are only accessed through
                // shared references.
                let newer = unsafe { newer.as_ref() };
                if newer.parent.get() == Some(me) {
                    newer.parent.set(scope.parent.get());
                    break;
                }
                next = newer.parent.get();
            }
        }
        scope.lane.retire(&self.chunks);
        // SAFETY: the lane retired its current chunk just now (the others when it left them,
        // and dedicated chunks are recorded when made), and the caller guarantees nothing
        // uses the scope's blocks.
        unsafe {
            self.chunks
                .give_back(&self.source, &scope.plain, &scope.dedicated)
        };
    }

    /// Folds `f` over the open scopes, newest first. (A visitor rather than an iterator:
    /// a scope may end once the call returns, so no reference to one may escape it.)
    pub(super) fn fold_scopes<B>(&self, init: B, mut f: impl FnMut(B, &ScopeLane) -> B) -> B {
        let mut acc = init;
        let mut next = self.scopes.get();
        while let Some(scope) = next {
            // SAFETY: a registered scope stays at its address until it exits, which removes it
            // from the stack first (`enter_scope`'s contract), so every pointer on the stack is
            // valid for this call; scopes are only accessed through shared references.
            let scope = unsafe { scope.as_ref() };
            acc = f(acc, scope);
            next = scope.parent.get();
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::growth::Policy;
    use crate::source::Heap;
    use alloc::boxed::Box;

    fn open(arena: &RawArena<Heap>) -> usize {
        arena.fold_scopes(0, |n, _| n + 1)
    }

    /// Scopes that end out of order (stackful coroutines can do that) leave the list of open
    /// scopes consistent: the one that ended is unlinked wherever it was, and no pointer to it
    /// stays behind once its memory is gone.
    #[test]
    fn scopes_ending_out_of_order_are_unlinked() {
        let arena = RawArena::new(Heap, Policy::new(4096, usize::MAX, None));
        let older = Box::new(ScopeLane::new());
        let newer = Box::new(ScopeLane::new());
        // SAFETY: new, and boxed (at its address) until it exits below.
        unsafe { arena.enter_scope(&older) };
        // SAFETY: as above.
        unsafe { arena.enter_scope(&newer) };
        let layout = Layout::new::<[u64; 4]>();
        let a = arena.alloc_scoped(&older, layout).unwrap();
        let b = arena.alloc_scoped(&newer, layout).unwrap();
        assert_eq!(open(&arena), 2);
        // SAFETY: registered and not exited; its block `a` is not used afterwards.
        unsafe { arena.exit_scope(&older) };
        drop(older);
        assert_eq!(open(&arena), 1);
        assert!(!arena.contains(a.addr().get()));
        assert!(arena.contains(b.addr().get()));
        // SAFETY: as above, for `newer` and `b`.
        unsafe { arena.exit_scope(&newer) };
        assert_eq!(open(&arena), 0);
        assert!(arena.scopes.get().is_none());
        assert_eq!(arena.stats().used, 0);
    }
}
