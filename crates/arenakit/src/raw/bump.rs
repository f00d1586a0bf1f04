//! Alignment and fit arithmetic for the bump cursor.
//!
//! Pure integer arithmetic on addresses: no pointers, no `unsafe`, only `core`, so it can be
//! unit-tested and fuzzed on its own (`fuzz/fuzz_targets/bump.rs`).
//!
//! # The cursor invariant
//!
//! The arena bumps **upward** (so the newest allocation can grow in place, which makes a `Vec`
//! push at the end of the arena cheap) and keeps its cursor aligned to [`MIN_ALIGN`] at all
//! times. For every request whose alignment is at most `MIN_ALIGN` (almost all of them), the
//! start of the block is the cursor itself, and the new cursor is `cursor + round_up(size)`.
//! The rounding of `size` depends only on the request, not on the cursor, so for a typed
//! allocation it is a compile-time constant and the cursor's dependency chain is a single add:
//! the two-cycle floor measured by the peers (`docs/peer-notes.md`, "Pure bump allocation"). Only over-aligned requests round the cursor
//! itself up at run time.
#![forbid(unsafe_code)]

/// Alignment the cursor always keeps, and the granularity of every block size.
///
/// Eight bytes: the alignment of `u64`, `usize` and pointers, so the common types never pay a
/// run-time rounding of the cursor, while a 25-byte string wastes at most 7 bytes.
pub const MIN_ALIGN: usize = 8;

/// Rounds `size` up to a multiple of [`MIN_ALIGN`].
///
/// Returns `None` only when the rounded size would not fit in a `usize`; sizes taken from a
/// [`core::alloc::Layout`] never overflow (they are at most `isize::MAX`).
#[inline(always)]
pub const fn round_size(size: usize) -> Option<usize> {
    match size.checked_add(MIN_ALIGN - 1) {
        Some(s) => Some(s & !(MIN_ALIGN - 1)),
        None => None,
    }
}

/// Rounds `addr` up to the next multiple of `align` (a power of two).
#[inline(always)]
pub const fn align_up(addr: usize, align: usize) -> Option<usize> {
    debug_assert!(align.is_power_of_two());
    match addr.checked_add(align - 1) {
        Some(a) => Some(a & !(align - 1)),
        None => None,
    }
}

/// Where a block of `size` bytes aligned to `align` lands in the free range `[cursor, end)`.
///
/// Returns `(start, new_cursor)`, with `start` aligned to `align`, `start >= cursor`,
/// `new_cursor = start + round_size(size)`, `new_cursor <= end` and `new_cursor` aligned to
/// [`MIN_ALIGN`]; or `None` when the block does not fit.
///
/// Preconditions (checked in debug builds): `cursor <= end`, `cursor` aligned to `MIN_ALIGN`,
/// `align` a power of two.
#[inline(always)]
pub fn bump_up(cursor: usize, end: usize, size: usize, align: usize) -> Option<(usize, usize)> {
    debug_assert!(cursor <= end);
    debug_assert!(cursor.is_multiple_of(MIN_ALIGN));
    debug_assert!(align.is_power_of_two());
    let size = round_size(size)?;
    if align <= MIN_ALIGN {
        // The common case: the block starts at the cursor. `cursor <= end` (precondition), so
        // the subtraction cannot underflow, and one compare decides the fit.
        return if size <= end - cursor {
            Some((cursor, cursor + size))
        } else {
            None
        };
    }
    let start = align_up(cursor, align)?;
    // `start <= end` is checked before the subtraction so it cannot underflow.
    if start <= end && size <= end - start {
        Some((start, start + size))
    } else {
        None
    }
}

/// Whether a block `[start, start + old_size)` that ends exactly at `cursor` is the newest
/// allocation, and so can be rolled back, grown or shrunk in place.
#[inline(always)]
pub fn is_last(start: usize, old_size: usize, cursor: usize) -> bool {
    match round_size(old_size) {
        Some(size) => start.checked_add(size) == Some(cursor),
        None => false,
    }
}

// Only the `Allocator` impl resizes blocks.
#[cfg_attr(not(feature = "allocator-api2"), allow(dead_code))]
/// The cursor after resizing the newest block `[start, ..)` to `new_size` bytes, if it still
/// fits below `end`.
#[inline]
pub fn resize_last(start: usize, new_size: usize, end: usize) -> Option<usize> {
    let size = round_size(new_size)?;
    let new_cursor = start.checked_add(size)?;
    (new_cursor <= end).then_some(new_cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_size_rounds_to_min_align() {
        assert_eq!(round_size(0), Some(0));
        assert_eq!(round_size(1), Some(8));
        assert_eq!(round_size(8), Some(8));
        assert_eq!(round_size(9), Some(16));
        assert_eq!(round_size(usize::MAX), None);
        assert_eq!(round_size(usize::MAX - 7), Some(usize::MAX - 7));
    }

    #[test]
    fn bump_fits_exactly_and_rejects_one_more() {
        assert_eq!(bump_up(64, 128, 64, 8), Some((64, 128)));
        assert_eq!(bump_up(64, 128, 65, 8), None);
        assert_eq!(bump_up(64, 128, 0, 8), Some((64, 64)));
    }

    #[test]
    fn bump_over_aligned_rounds_cursor() {
        assert_eq!(bump_up(72, 256, 16, 64), Some((128, 144)));
        assert_eq!(bump_up(72, 130, 16, 64), None);
        assert_eq!(
            bump_up(72, 128, 1, 64),
            None,
            "start == end but size 1 does not fit"
        );
    }

    #[test]
    fn bump_never_overflows() {
        let top = usize::MAX & !(MIN_ALIGN - 1);
        assert_eq!(bump_up(top, top, 1, 8), None);
        assert_eq!(bump_up(top - 8, top, usize::MAX, 8), None);
        assert_eq!(bump_up(top - 8, top, 8, 1 << 20), None);
    }

    #[test]
    fn last_block_detection_and_resize() {
        assert!(is_last(64, 13, 80));
        assert!(!is_last(64, 13, 88));
        assert!(!is_last(usize::MAX - 3, 8, 0));
        assert_eq!(resize_last(64, 100, 200), Some(168));
        assert_eq!(resize_last(64, 200, 200), None);
        assert_eq!(resize_last(64, usize::MAX, usize::MAX), None);
    }

    #[test]
    // Millions of cases of safe arithmetic: minutes under Miri, which has nothing to find here.
    #[cfg_attr(miri, ignore)]
    fn exhaustive_small_space() {
        // Every combination in a small address window keeps the documented postconditions.
        for cursor in (0..256).step_by(MIN_ALIGN) {
            for end in cursor..=256 {
                for size in 0..80 {
                    for shift in 0..8 {
                        let align = 1usize << shift;
                        if let Some((start, next)) = bump_up(cursor, end, size, align) {
                            assert!(start >= cursor && start % align == 0);
                            assert!(next <= end && next - start >= size);
                            assert_eq!(next % MIN_ALIGN, 0);
                        } else {
                            let start = align_up(cursor, align).unwrap();
                            assert!(start + round_size(size).unwrap() > end);
                        }
                    }
                }
            }
        }
    }
}
