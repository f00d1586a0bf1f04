//! The `reset_zeroed` promise: what must read zero when it is handed out again.

use super::model::{Range, carve};
use arenakit::{Arena, POISON_BYTE};
use core::alloc::Layout;

/// State carried across rounds (resets).
pub(super) struct Zeroes {
    /// Whether the zeroing promise is checked at all.
    pub(super) enabled: bool,
    /// Whether the arena fills memory it takes back with `POISON_BYTE` (see [`fills_released`]).
    pub(super) fill: bool,
    /// Bytes written by this target and zeroed by a reset since, not handed out again yet.
    pub(super) must_be_zero: Vec<Range>,
    /// Bytes written by this target through a scope of a zeroing arena that has ended since
    /// (which zeroes them), not handed out again yet.
    pub(super) scope_zeroed: Vec<Range>,
    /// Bytes of the two lists above that the arena may have filled with `POISON_BYTE` since they
    /// were zeroed (see [`Zeroes::released`]): they read as zero or `POISON_BYTE`.
    pub(super) zero_or_poison: Vec<Range>,
}

impl Zeroes {
    /// Checks the block of `len` bytes just handed out at `ptr`: every byte of it that must be
    /// zero (see the lists above) is.
    pub(super) fn check_handed_out(&self, ptr: *const u8, len: usize, what: &str) {
        let block = Range::new(ptr.addr(), len);
        if !self.enabled || block.start >= block.end {
            return;
        }
        let lists = [
            (
                &self.must_be_zero,
                "in a round that ended with a zeroing reset",
                false,
            ),
            (
                &self.scope_zeroed,
                "in an ended scope of a zeroing arena",
                false,
            ),
            (
                &self.zero_or_poison,
                "before a zeroing, then poisoned",
                true,
            ),
        ];
        for (list, when, poisoned) in lists {
            for r in list {
                let start = r.start.max(block.start);
                let end = r.end.min(block.end);
                for addr in start..end {
                    // SAFETY: `addr` lies in the block of `len` bytes at `ptr`, just handed out
                    // to us, and the byte was written earlier (so it is initialised).
                    let b = unsafe { ptr.wrapping_add(addr - block.start).read_volatile() };
                    if b != 0 && !(poisoned && b == POISON_BYTE) {
                        panic!(
                            "{what} at {:#x}..{:#x}: byte at {addr:#x} (written {when}) is \
                             {b:#04x}, not zero: data written before the zeroing survived it",
                            block.start, block.end
                        );
                    }
                }
            }
        }
    }

    /// Called for every block before this target writes to it: forgets its bytes, as the block
    /// may be written from now on.
    pub(super) fn claim(&mut self, block: Range) {
        if !self.enabled || block.start >= block.end {
            return;
        }
        carve(&mut self.must_be_zero, block);
        carve(&mut self.scope_zeroed, block);
        carve(&mut self.zero_or_poison, block);
    }

    /// Called just before the arena takes memory back without zeroing it: a reset of an arena
    /// that does not zero, or the end of a scope of one. With filling on, the arena overwrites
    /// the used part of every chunk it takes back with `POISON_BYTE` (padding between blocks
    /// included), and that may hold bytes zeroed earlier and never handed out since; those may
    /// read `POISON_BYTE` from now on. (A legitimate overwrite: it happens after the zeroing,
    /// and is not data. A fill *before* a zeroing, such as that of a freed block, must still
    /// be wiped by the zeroing, and stays checked strictly.)
    ///
    /// `in_use(addr)` tells whether `addr` lies in the used part of a chunk in use; it may
    /// over-approximate the memory taken back (`Arena::contains` while a scope ends also
    /// covers the arena's chunks), which only lets a few more bytes read `POISON_BYTE`.
    pub(super) fn released(&mut self, in_use: impl Fn(usize) -> bool) {
        if !self.enabled || !self.fill {
            return;
        }
        let mut poisoned = Vec::new();
        for r in self.must_be_zero.iter().chain(&self.scope_zeroed) {
            // Each range lies in one chunk's data (it was part of one block), and the used part
            // of a chunk is a prefix of its data, so the range's used part is a prefix of it.
            if r.start >= r.end || !in_use(r.start) {
                continue;
            }
            // The first address not in use, by bisection: `in_use(lo - 1)` and `!in_use(hi)`.
            let (mut lo, mut hi) = (r.start + 1, r.end);
            if !in_use(r.end - 1) {
                hi = r.end - 1;
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if in_use(mid) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
            }
            poisoned.push(Range {
                start: r.start,
                end: hi,
            });
        }
        for &p in &poisoned {
            carve(&mut self.must_be_zero, p);
            carve(&mut self.scope_zeroed, p);
        }
        self.zero_or_poison.extend(poisoned);
    }
}

/// Whether the arena fills memory it takes back (freed blocks, reset memory, ended scopes) with
/// `POISON_BYTE`: in debug builds (`cargo fuzz` builds with debug assertions by default) or with
/// arenakit's `poison` feature. Found out once, by reading back a block after a reset.
pub(super) fn fills_released() -> bool {
    static FILLS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FILLS.get_or_init(|| {
        let mut arena = Arena::new();
        let layout = Layout::new::<u64>();
        let first = arena.alloc_layout(layout);
        // SAFETY: the block holds 8 bytes.
        unsafe { first.as_ptr().write_bytes(0, 8) };
        arena.reset();
        let again = arena.alloc_layout(layout);
        // SAFETY: `again` is handed out for 8 bytes; if it is `first`, the bytes were written.
        again == first && unsafe { again.as_ptr().read_volatile() } == POISON_BYTE
    })
}
