//! Checkpoints of the raw arena: where the plain allocations stood, and a rewind that gives
//! back every plain block made since (bumpalo's `raw_checkpoint`, bump-scope's `checkpoint`
//! and `reset_to`).
//!
//! A checkpoint names the plain lane's chunk and cursor, how many plain chunks were in use,
//! the large region's chunk and cursor, and the plain dedicated chunk made last. Rewinding
//! moves the plain and plain dedicated chunks taken since to the spare lists and puts the
//! cursors back. Freeable blocks (boxes, collection buffers) are not rewound: they give their
//! memory back when freed, and one leaked since stays until the next reset.
//!
//! Which checkpoints are still valid is tracked here too, so the safe API can refuse a stale
//! one: each gets an id from a counter; a reset starts a new epoch (invalidating all), and a
//! rewind to checkpoint `c` invalidates the ids taken after `c` (kept as a sorted list of
//! gaps, which only grows when checkpoints are abandoned by a rewind, until the next reset).

use super::chunk::Chunk;
use super::{Lane, RawArena, poison};
use crate::source::MemorySource;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};

/// Epochs handed out so far, over every arena of the process (0: none yet), so a checkpoint
/// of one arena never validates on another.
static EPOCHS: AtomicU64 = AtomicU64::new(0);

/// Where an arena's plain allocations stood (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawCheckpoint {
    epoch: u64,
    id: u64,
    plain: Option<(Chunk, usize)>,
    plain_len: usize,
    big: Option<(Chunk, usize)>,
    dedicated_mark: Option<Chunk>,
}

/// The validity record of an arena's checkpoints.
#[derive(Default)]
pub(crate) struct Checkpoints {
    /// The epoch of the checkpoints taken since the last reset; 0 if none was.
    epoch: u64,
    /// The id of the next checkpoint of this epoch.
    next_id: u64,
    /// Ranges `[start, end)` of ids invalidated by rewinds, sorted and disjoint.
    gaps: Vec<(u64, u64)>,
}

impl Checkpoints {
    pub(crate) const fn new() -> Self {
        Checkpoints {
            epoch: 0,
            next_id: 0,
            gaps: Vec::new(),
        }
    }

    /// Invalidates every checkpoint (at reset): O(1).
    #[inline]
    pub(crate) fn forget_all(&mut self) {
        self.epoch = 0;
    }

    /// The epoch and id for a new checkpoint.
    fn take(&mut self) -> (u64, u64) {
        if self.epoch == 0 {
            self.epoch = EPOCHS.fetch_add(1, Ordering::Relaxed) + 1;
            self.next_id = 0;
            self.gaps.clear();
        }
        let id = self.next_id;
        self.next_id += 1;
        (self.epoch, id)
    }

    fn is_valid(&self, epoch: u64, id: u64) -> bool {
        epoch != 0
            && epoch == self.epoch
            && id < self.next_id
            && !self
                .gaps
                .iter()
                .any(|&(start, end)| (start..end).contains(&id))
    }

    /// Records a rewind to checkpoint `id`: those taken after it are invalid from now on.
    fn rewound_to(&mut self, id: u64) {
        self.gaps.retain(|&(start, _)| start <= id);
        if id + 1 < self.next_id {
            self.gaps.push((id + 1, self.next_id));
        }
    }
}

impl<S: MemorySource> RawArena<S> {
    /// Where the plain allocations stand now. Needs the arena exclusively, so no scope is
    /// open and every plain chunk in use is on the arena's own list.
    pub(crate) fn checkpoint(&mut self) -> RawCheckpoint {
        // The next reset must forget this checkpoint: off the inlined steady path, which
        // leaves the checkpoints alone.
        self.chunks.unmark_steady();
        let (epoch, id) = self.checkpoints.take();
        let at = |lane: &Lane| lane.current.get().map(|c| (c, lane.cursor.get().addr()));
        RawCheckpoint {
            epoch,
            id,
            plain: at(&self.plain),
            plain_len: self.chunks.plain_in_use(),
            big: at(&self.big),
            dedicated_mark: self.chunks.last_plain_dedicated(),
        }
    }

    /// Whether `checkpoint` was taken on this arena and no reset, nor a rewind to an earlier
    /// checkpoint, happened since.
    pub(crate) fn is_valid(&self, checkpoint: &RawCheckpoint) -> bool {
        self.checkpoints.is_valid(checkpoint.epoch, checkpoint.id)
    }

    /// Gives back every plain block made since `checkpoint`; the checkpoint (and older valid
    /// ones) stay valid, newer ones do not.
    ///
    /// # Safety
    ///
    /// `checkpoint` is valid ([`is_valid`](RawArena::is_valid)), and nothing uses a plain
    /// block made since it (the caller holds the arena exclusively and has dropped the values
    /// registered since).
    pub(crate) unsafe fn rewind(&mut self, checkpoint: &RawCheckpoint) {
        debug_assert!(self.is_valid(checkpoint));
        // The large region may hold blocks again after the rewind.
        self.chunks.unmark_steady();
        // Every chunk the lanes are in is recorded, so the manager sees them all retired.
        self.plain.retire(&self.chunks);
        self.retire_big();
        // SAFETY: every plain chunk in use is retired (above), no scope is open (the caller
        // holds the arena exclusively), and the blocks after the checkpoint are unused.
        let kept = unsafe {
            self.chunks
                .rewind_plain(checkpoint.plain_len, checkpoint.plain.map(|(c, _)| c))
        };
        if let Some((chunk, cursor)) = checkpoint.plain.filter(|_| kept) {
            let used = chunk.used(None);
            self.chunks.unretire(chunk);
            // SAFETY: `chunk` is still in use and was retired with `used` bytes used, at
            // least up to `cursor`; the caller guarantees the blocks after it are unused.
            unsafe { reenter(&self.plain, chunk, cursor, used) };
        }
        // SAFETY: both lanes were retired above; the caller guarantees the blocks are unused.
        unsafe { self.chunks.rewind_dedicated(checkpoint.dedicated_mark) };
        if let Some((chunk, cursor)) = checkpoint.big {
            // The region's chunk was made before the checkpoint, so it is still in use:
            // from now on the lane's cursor tells its use again.
            let used = chunk.used(None);
            self.chunks.unrecord_dedicated(chunk, used);
            // SAFETY: as above.
            unsafe { reenter(&self.big, chunk, cursor, used) };
        }
        self.checkpoints.rewound_to(checkpoint.id);
    }
}

/// Makes `chunk` the lane's current chunk again with its cursor at `cursor`, releasing (for
/// poisoning) the rest of the `used` bytes it had handed out.
///
/// # Safety
///
/// `chunk` is in use, `cursor` is an address in its first `used` data bytes (or just past
/// them), and nothing uses the bytes past `cursor`.
unsafe fn reenter(lane: &Lane, chunk: Chunk, cursor: usize, used: usize) {
    let start = chunk.data_start();
    let offset = cursor - start.addr().get();
    lane.enter(chunk);
    // `cursor` lies in `[start, start + used]`, so deriving it from `start` keeps the chunk's
    // provenance.
    let at = start.as_ptr().wrapping_add(offset);
    if let Some(tail) = core::ptr::NonNull::new(at).filter(|_| used > offset) {
        // SAFETY: the bytes `[cursor, start + used)` lie in the chunk and are unused (caller).
        unsafe { poison::release(tail, used - offset) };
    }
    lane.cursor.set(at);
}
