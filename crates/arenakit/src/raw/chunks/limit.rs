//! Limits and reservations: the room-making that keeps a limited arena serving what fits,
//! the error a refused request gets, chunks fitted to what a limit has left, and reserving
//! chunks ahead of allocations.

use super::Chunks;
use crate::error::{AllocError, AllocErrorKind};
use crate::raw::chunk::Chunk;
use crate::source::MemorySource;
use core::alloc::Layout;

impl Chunks {
    /// Sets the limit on bytes held from now on (`None`: no limit). Nothing is given back: a
    /// limit below what is held refuses every further chunk until enough is released.
    pub(crate) fn set_limit(&self, limit: Option<usize>) {
        self.policy.set(self.policy.get().with_limit(limit));
    }

    /// Gives spare chunks back to the source until a new chunk of `size` bytes fits within the
    /// limit, so chunks kept for reuse never make the arena refuse a request it could serve.
    /// Gives nothing back, and returns `false`, if even that would not make room.
    #[cold]
    pub(super) fn make_room<S: MemorySource>(&self, source: &S, size: usize) -> bool {
        if !self
            .policy()
            .admits(self.held.get() - self.spare_bytes.get(), size)
        {
            return false;
        }
        while !self.policy().admits(self.held.get(), size) {
            let released = self.release_one_spare(source, true);
            assert!(released, "the spare chunks make room (checked above)");
        }
        true
    }

    /// The error a request for `layout` that failed got: [`LimitExceeded`] if the chunk it needs
    /// would not fit within the limit even without the spare chunks, else
    /// [`SourceExhausted`] (for callers that only learn that a request failed, such as
    /// hashbrown's `try_reserve` through the `Allocator` trait).
    ///
    /// [`LimitExceeded`]: AllocErrorKind::LimitExceeded
    /// [`SourceExhausted`]: AllocErrorKind::SourceExhausted
    pub(crate) fn refusal(&self, layout: Layout) -> AllocError {
        let size = if self.policy().wants_dedicated(layout.size(), layout.align()) {
            self.policy()
                .dedicated_shape(layout.size(), layout.align(), true)
                .map(|shape| shape.size)
        } else {
            Some(self.policy().chunk_size())
        };
        let Some(size) = size else {
            // No chunk could ever hold it.
            return AllocError::overflow();
        };
        let kind = if self
            .policy()
            .admits(self.held.get() - self.spare_bytes.get(), size)
        {
            AllocErrorKind::SourceExhausted
        } else {
            AllocErrorKind::LimitExceeded
        };
        AllocError::new(kind, layout.size())
    }

    /// A new plain chunk smaller than the regular size, as large as the limit still admits
    /// (the spare chunks count as room: `make_room` gives them back), if that holds `need`
    /// bytes: a limit below the chunk size still serves the requests it has room for.
    #[cold]
    pub(super) fn acquire_fitted<S: MemorySource>(
        &self,
        source: &S,
        request: usize,
        need: usize,
    ) -> Result<Chunk, AllocError> {
        let in_use = self.held.get() - self.spare_bytes.get();
        let room = self
            .policy()
            .limit()
            .map_or(0, |limit| limit.saturating_sub(in_use));
        let shape = self
            .policy()
            .fitted_plain_shape(need, room)
            .ok_or(AllocError::new(AllocErrorKind::LimitExceeded, request))?;
        self.acquire(source, shape, false, request)
    }

    /// Leases a plain chunk with room for `bytes` of allocations, for the plain lane to bump
    /// through from now on: the top spare plain chunk if it has the room, else a new one of
    /// that size (under a limit, the spare chunks are given back first if the limit needs
    /// their room: the new chunk alone holds `bytes`).
    ///
    /// Fails, taking nothing, when the chunk could never fit in the address space or within
    /// the limit.
    pub(crate) fn reserve<S: MemorySource>(
        &self,
        source: &S,
        bytes: usize,
    ) -> Result<Chunk, AllocError> {
        let spare = if self
            .spare_plain
            .top()
            .is_some_and(|c| c.capacity() >= bytes)
        {
            self.pop_spare_plain()
        } else {
            None
        };
        let chunk = match spare {
            Some(chunk) => chunk,
            None => {
                let size = self
                    .policy()
                    .plain_size_for(bytes)
                    .ok_or(AllocError::overflow())?;
                let chunk = self.acquire(source, self.policy().plain_shape(size), false, bytes)?;
                self.next_plain.set(
                    self.policy()
                        .next_plain_size(chunk.size())
                        .max(self.next_plain.get()),
                );
                chunk
            }
        };
        self.activate_plain(chunk);
        Ok(chunk)
    }

    // Only the thread-safe arena (feature `std`) reserves regular chunks.
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    /// Reserves spare regular chunks until `bytes` of allocations fit without the source (the
    /// thread-safe arena's shards bump through regular chunks).
    ///
    /// Fails at once, taking nothing, when the chunks could never fit in the address space or
    /// within the limit.
    pub(crate) fn reserve_regular<S: MemorySource>(
        &self,
        source: &S,
        bytes: usize,
    ) -> Result<(), AllocError> {
        let have = self.spare.iter().count();
        let want = self.policy().chunks_for(bytes);
        let extra = want
            .saturating_sub(have)
            .checked_mul(self.policy().chunk_size())
            .filter(|&total| total <= isize::MAX as usize)
            .ok_or(AllocError::overflow())?;
        if !self.policy().admits(self.held.get(), extra) {
            return Err(AllocError::new(AllocErrorKind::LimitExceeded, bytes));
        }
        for _ in have..want {
            let chunk = self.acquire(source, self.policy().regular_shape(), false, bytes)?;
            self.spare.push(chunk);
            self.spare_bytes.set(self.spare_bytes.get() + chunk.size());
        }
        Ok(())
    }
}
