//! Rewinding to a checkpoint: the plain chunks and plain dedicated chunks taken since go back
//! to the spare lists, and a retired chunk becomes current again.
//!
//! Both lists only grow between resets, except that an unused current plain chunk may be
//! returned by `reserve` (`return_plain`) and freeable dedicated chunks leave when freed, so
//! a checkpoint can name its position in them: the number of plain chunks in use, and the
//! plain dedicated chunk made last.

use super::Chunks;
use crate::raw::chunk::{Chunk, ChunkList};

impl Chunks {
    /// Plain chunks in use (with no scope open, the length of the plain list).
    pub(crate) fn plain_in_use(&self) -> usize {
        self.plain_count.get()
    }

    /// The plain dedicated chunk made last since the last reset (see the field).
    pub(crate) fn last_plain_dedicated(&self) -> Option<Chunk> {
        self.last_plain_dedicated.get()
    }

    /// Moves every retired plain chunk after the first `keep` ones to the spare plain list
    /// (first leased on top). `current` is the chunk that was current at the checkpoint (the
    /// `keep`-th, unless `reserve` returned it unused since): returns whether it is still in
    /// use, in which case it stays retired for the caller to re-enter.
    ///
    /// # Safety
    ///
    /// Every plain chunk in use is retired (no lane is in one), no scope is open, and nothing
    /// uses the blocks of the chunks after the first `keep`.
    pub(crate) unsafe fn rewind_plain(&self, keep: usize, current: Option<Chunk>) -> bool {
        let at_keep = keep.checked_sub(1).and_then(|i| self.plain.iter().nth(i));
        let still_used = current.is_some() && at_keep == current;
        // The current chunk was the `keep`-th; if it left the list (returned unused), one
        // fewer of the first `keep` remain.
        let keep = if current.is_some() && !still_used {
            keep - 1
        } else {
            keep
        };
        let later = self.plain.split_off(keep);
        for chunk in later.iter() {
            self.unretire(chunk);
            self.plain_count.set(self.plain_count.get() - 1);
            self.note_change();
            // SAFETY: the caller guarantees nothing uses the chunk's blocks; it was retired,
            // so its used end is recorded.
            unsafe { chunk.release_data(chunk.used(None)) };
            chunk.clear();
            self.spare_bytes.set(self.spare_bytes.get() + chunk.size());
        }
        self.spare_plain.push_list(&later);
        still_used
    }

    /// Moves every plain dedicated chunk made after `mark` (all of them if `None`) to the
    /// spare dedicated list; freeable ones stay (their blocks give them back when freed).
    ///
    /// # Safety
    ///
    /// Those chunks are retired (no lane is in one) and nothing uses their blocks.
    pub(crate) unsafe fn rewind_dedicated(&self, mark: Option<Chunk>) {
        let later = ChunkList::new();
        for chunk in self.dedicated.split_after(mark).take() {
            if chunk.has_live_blocks() {
                self.dedicated.push_back(chunk);
                continue;
            }
            self.retired_used
                .set(self.retired_used.get() - chunk.used(None));
            self.dedicated_count.set(self.dedicated_count.get() - 1);
            self.note_change();
            // SAFETY: the caller guarantees nothing uses the block, whose end is recorded.
            unsafe { chunk.release_data(chunk.used(None)) };
            chunk.clear();
            self.spare_bytes.set(self.spare_bytes.get() + chunk.size());
            later.push_back(chunk);
        }
        self.spare_dedicated.prepend(&later);
        self.last_plain_dedicated.set(mark);
    }

    /// Takes a retired plain chunk's recorded use off the counters, as it becomes current
    /// again or spare.
    pub(crate) fn unretire(&self, chunk: Chunk) {
        self.retired_used
            .set(self.retired_used.get() - chunk.used(None));
        self.retired_wasted
            .set(self.retired_wasted.get() - chunk.tail(None));
    }
}
