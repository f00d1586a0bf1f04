//! Reset: the O(1) steady-state reset of a reused arena and the general one, which keeps
//! chunks for reuse within the retention limit and gives the rest back.

use super::Chunks;
use crate::raw::chunk::{Chunk, ChunkList};
use crate::raw::poison;
use crate::source::MemorySource;

impl Chunks {
    /// The steady state of a reused arena, reset in O(1): when the only chunks in use are
    /// the lanes' current ones (`plain` and `freeable`, each given with its cursor and written
    /// end) and the large region's and other dedicated chunks, nothing is zeroed and
    /// everything held fits the retention limit, the current chunks stay leased (emptied),
    /// the dedicated chunk of the large region `big` (given with its cursor; its bytes past
    /// the recorded used end are not counted yet) stays in use (emptied), and the other
    /// dedicated chunks go to their spare list. Returns `false`, changing nothing, in any
    /// other state.
    pub(crate) fn reset_keeping(
        &mut self,
        plain: Option<(Chunk, usize, usize)>,
        freeable: Option<(Chunk, usize, usize)>,
        big: Option<(Chunk, usize, usize)>,
    ) -> bool {
        if self.plain_count.get() != usize::from(plain.is_some())
            || self.regular_count.get() != usize::from(freeable.is_some())
            || self.held.get() > self.policy().max_retained()
        {
            return false;
        }
        let mut used = self.retired_used.get();
        let mut kept = 0;
        // The chunks the lanes keep: record what was written (for a later zeroing reset),
        // count what was used, and empty them.
        for (active, cursor, written) in [plain, freeable, big].into_iter().flatten() {
            active.set_ends(
                active.offset_of(cursor),
                active.offset_of(written.max(cursor)),
            );
            used += active.used(Some(cursor));
            // SAFETY: a reset ends every allocation (the caller holds the arena exclusively).
            unsafe { active.release_data(active.used(None)) };
            kept += active.size();
            active.clear();
        }
        if poison::ACTIVE {
            for chunk in self.dedicated.iter() {
                // SAFETY: as above.
                unsafe { chunk.release_data(chunk.used(None)) };
            }
        }
        // Every dedicated chunk in use but the large region's goes to the spare list. In the
        // steady state of a large-block loop the region's is the only one and nothing moves.
        match big {
            Some(_) if self.dedicated_count.get() == 1 => {}
            Some((big, ..)) => {
                self.dedicated.unlink(big);
                self.spare_dedicated.prepend(&self.dedicated);
                self.dedicated.push_back(big);
                self.dedicated_count.set(1);
                self.note_change();
            }
            None => {
                self.spare_dedicated.prepend(&self.dedicated);
                self.dedicated_count.set(0);
                self.note_change();
            }
        }
        self.last_plain_dedicated.set(big.map(|(chunk, ..)| chunk));
        self.high_water.set(self.high_water.get().max(used));
        self.spare_bytes.set(self.held.get() - kept);
        self.retired_used.set(0);
        self.retired_wasted.set(0);
        true
    }

    /// Whether the arena is in the steady state of `RawArena::reset_steady`: `plain` plain,
    /// `regular` regular and `dedicated` dedicated chunks in use (the two lanes' and the large
    /// region's), no retired chunk, and everything held within the retention limit.
    #[inline]
    pub(crate) fn is_steady(&self, plain: usize, regular: usize, dedicated: usize) -> bool {
        self.plain_count.get() == plain
            && self.regular_count.get() == regular
            && self.dedicated_count.get() == dedicated
            && self.held.get() <= self.policy().max_retained()
    }

    /// Makes the large region's chunk `big` (a plain dedicated chunk in use, emptied by a
    /// reset that kept it) the plain lane's chunk in place of `plain` (the lane's current
    /// chunk, emptied too, if any, with the end of what was written in it), which goes on top of the spare plain list. From then on
    /// small and large requests alike bump through one chunk on the fast path, as bumpalo's
    /// keeps its largest chunk at reset; the region starts empty.
    pub(crate) fn promote_big(&self, big: Chunk, plain: Option<(Chunk, usize)>) {
        debug_assert!(big.is_dedicated() && !big.has_live_blocks());
        self.dedicated.unlink(big);
        self.dedicated_count.set(self.dedicated_count.get() - 1);
        if self.last_plain_dedicated.get() == Some(big) {
            self.last_plain_dedicated.set(None);
        }
        big.make_plain();
        self.plain.push_back(big);
        self.plain_count.set(self.plain_count.get() + 1);
        if let Some((plain, written)) = plain {
            self.return_plain(plain, written);
        }
        self.note_change();
    }

    /// Checks, in debug builds, that no chunk in use was retired (as in the steady state).
    pub(crate) fn debug_assert_nothing_retired(&self) {
        debug_assert_eq!(self.retired_used.get(), 0, "no chunk was retired");
        debug_assert_eq!(self.retired_wasted.get(), 0, "no chunk was retired");
    }

    /// Records that `used` bytes were in use at one moment, for the high-water mark.
    #[inline]
    pub(crate) fn note_peak(&self, used: usize) {
        self.high_water.set(self.high_water.get().max(used));
    }

    /// Ends the use of every chunk: zeroes written memory if asked, keeps chunks up to the
    /// retention limit on the spare lists and gives the rest back. Every active chunk must have
    /// been [retired](Chunks::retire) first.
    ///
    /// O(1) when nothing is zeroed and everything held fits the retention limit. Chunks in use
    /// go on top of the spare lists in the order they were leased, so the next round reuses
    /// memory in the same order. Regular chunks are kept before dedicated ones, and spare
    /// chunks count against the limit too, so `max_retained` also trims reserved chunks.
    pub(crate) fn reset<S: MemorySource>(&mut self, source: &S, zero: bool) {
        let used = self.retired_used.get();
        self.high_water.set(self.high_water.get().max(used));
        if poison::ACTIVE {
            for chunk in self
                .regular
                .iter()
                .chain(self.plain.iter())
                .chain(self.dedicated.iter())
            {
                // SAFETY: a reset ends every allocation (`&mut self`; the owner holds the arena
                // exclusively), and every chunk in use was retired, so its used end is recorded.
                unsafe { chunk.release_data(chunk.used(None)) };
            }
        }
        if zero {
            // Spare chunks too: one whose blocks were all freed during the round went to a
            // spare list with its data, and earlier rounds left data in the spare ones.
            let spares = self
                .spare
                .iter()
                .chain(self.spare_plain.iter())
                .chain(self.spare_dedicated.iter());
            for chunk in self
                .regular
                .iter()
                .chain(self.plain.iter())
                .chain(self.dedicated.iter())
                .chain(spares)
            {
                if chunk.is_dirty() {
                    chunk.zero_written();
                }
            }
        }
        if self.held.get() <= self.policy().max_retained() {
            self.spare.push_list(&self.regular);
            self.spare_plain.push_list(&self.plain);
            self.spare_dedicated.prepend(&self.dedicated);
            self.spare_bytes.set(self.held.get());
        } else {
            self.trim(source);
        }
        if self.spare_plain.top().is_none() {
            // Nothing plain was kept: start small again.
            self.next_plain.set(self.policy().chunk_size());
        }
        self.retired_used.set(0);
        self.retired_wasted.set(0);
        self.regular_count.set(0);
        self.note_change();
        self.plain_count.set(0);
        self.note_change();
        self.dedicated_count.set(0);
        self.note_change();
        self.last_plain_dedicated.set(None);
    }

    /// Moves every chunk to the spare lists within the retention limit, giving back the rest:
    /// regular chunks first (in use, then spare), then plain ones (in use, then spare), then
    /// dedicated ones.
    fn trim<S: MemorySource>(&self, source: &S) {
        let mut budget = self.policy().max_retained();
        let mut kept_bytes = 0;
        let mut keep = |chunk: Chunk, kept: &ChunkList| {
            if chunk.size() <= budget {
                budget -= chunk.size();
                kept_bytes += chunk.size();
                kept.push_back(chunk);
            } else {
                self.release(source, chunk);
            }
        };
        let kept = ChunkList::default();
        for chunk in self.regular.take().chain(self.spare.take()) {
            keep(chunk, &kept);
        }
        self.spare.push_list(&kept);
        for chunk in self.plain.take().chain(self.spare_plain.take()) {
            keep(chunk, &kept);
        }
        self.spare_plain.push_list(&kept);
        for chunk in self.dedicated.take().chain(self.spare_dedicated.take()) {
            keep(chunk, &kept);
        }
        self.spare_dedicated.prepend(&kept);
        self.spare_bytes.set(kept_bytes);
    }
}
