//! Fuzzes the pure alignment and fit arithmetic of the bump cursor
//! (`crates/arenakit/src/raw/bump.rs`) against a reference model in `u128`, where nothing can
//! overflow.
//!
//! The module is private to the library, so it is compiled into this target directly from its
//! source file. It is `#![forbid(unsafe_code)]` and imports only `core`.

use arbitrary::Arbitrary;

// Relative to this file's directory (`fuzz/src`), wherever this module is compiled from.
#[path = "../../crates/arenakit/src/raw/bump.rs"]
#[allow(dead_code)]
mod raw_bump;

use raw_bump::{MIN_ALIGN, align_up, bump_up, is_last, resize_last, round_size};

/// One fuzz input: a cursor, an end, a request and probes.
#[derive(Arbitrary, Debug)]
pub struct Input {
    /// Rounded down to `MIN_ALIGN` (precondition of `bump_up`).
    cursor: usize,
    /// `end = cursor + end_delta`, saturating, so `cursor <= end` always holds; `end` itself
    /// need not be aligned.
    end_delta: usize,
    size: usize,
    /// `align = 1 << (align_shift % usize::BITS)`: always a power of two.
    align_shift: u8,
    /// For `resize_last` and `is_last` probes.
    new_size: usize,
    /// An arbitrary (start, cursor) pair for `is_last`, independent of `bump_up`.
    probe_start: usize,
    probe_cursor: usize,
}

/// `x` rounded up to a multiple of `m` (a power of two), exactly.
fn ref_align_up(x: u128, m: u128) -> u128 {
    x.div_ceil(m) * m
}

fn ref_round_size(size: usize) -> u128 {
    ref_align_up(size as u128, MIN_ALIGN as u128)
}

/// Checks one input: the body of the `bump` fuzz target.
pub fn check(input: &Input) {
    let cursor = input.cursor & !(MIN_ALIGN - 1);
    let end = cursor.saturating_add(input.end_delta);
    let size = input.size;
    let align = 1usize << (u32::from(input.align_shift) % usize::BITS);
    assert!(cursor <= end && cursor.is_multiple_of(MIN_ALIGN) && align.is_power_of_two());

    // round_size / align_up: exact rounding, `None` exactly when the result exceeds usize.
    let rs = ref_round_size(size);
    assert_eq!(
        round_size(size).map(|s| s as u128),
        (rs <= usize::MAX as u128).then_some(rs)
    );
    let au = ref_align_up(cursor as u128, align as u128);
    assert_eq!(
        align_up(cursor, align).map(|a| a as u128),
        (au <= usize::MAX as u128).then_some(au)
    );

    // bump_up: the block lands at the lowest address >= cursor aligned to `align` and takes
    // `round_size(size)` bytes; `None` exactly when that does not fit below `end`.
    let want_start = ref_align_up(cursor as u128, align.max(MIN_ALIGN) as u128);
    let want_next = want_start + rs;
    let got = bump_up(cursor, end, size, align);
    if want_next <= end as u128 {
        let (start, next) = got.unwrap_or_else(|| {
            panic!("bump_up({cursor:#x}, {end:#x}, {size:#x}, {align:#x}) = None, but the block fits at {want_start:#x}..{want_next:#x}")
        });
        // The documented postconditions, one by one.
        assert_eq!(start % align, 0, "start not aligned");
        assert!(start >= cursor, "start below cursor");
        assert_eq!(
            Some(next),
            round_size(size).and_then(|s| start.checked_add(s)),
            "next != start + round_size(size)"
        );
        assert!(next <= end, "next beyond end");
        assert_eq!(next % MIN_ALIGN, 0, "new cursor not aligned to MIN_ALIGN");
        assert!(next - start >= size, "block shorter than requested");
        if align <= MIN_ALIGN {
            assert_eq!(
                start, cursor,
                "a request aligned to at most MIN_ALIGN must start at the cursor"
            );
        }
        // And the reference model exactly (no wasted padding).
        assert_eq!((start as u128, next as u128), (want_start, want_next));

        // The block just handed out is the newest one.
        assert!(
            is_last(start, size, next),
            "is_last false for the block bump_up just returned"
        );
        if size > 0 {
            assert!(!is_last(start, size, next.wrapping_add(MIN_ALIGN)));
        }
        // Resizing the newest block to its own size leaves the cursor where it is; resizing it
        // to any size agrees with bumping from its start.
        assert_eq!(resize_last(start, size, end), Some(next));
        let resized = resize_last(start, input.new_size, end);
        assert_eq!(
            resized,
            bump_up(start, end, input.new_size, 1).map(|(s, n)| {
                assert_eq!(s, start);
                n
            })
        );
        if let Some(new_cursor) = resized {
            assert!(new_cursor <= end && new_cursor >= start);
            assert_eq!(new_cursor % MIN_ALIGN, 0);
            assert!(is_last(start, input.new_size, new_cursor));
        }
    } else {
        assert_eq!(
            got, None,
            "bump_up({cursor:#x}, {end:#x}, {size:#x}, {align:#x}) fits nowhere but returned a block"
        );
    }

    // is_last: the block [start, start + round_size(size)) ends exactly at the cursor.
    let (s, c) = (input.probe_start, input.probe_cursor);
    assert_eq!(
        is_last(s, input.new_size, c),
        s as u128 + ref_round_size(input.new_size) == c as u128
    );
    assert_eq!(is_last(s, size, c), s as u128 + rs == c as u128);

    // resize_last: the new cursor is start + round_size(new_size) if that is <= end.
    let want = cursor as u128 + ref_round_size(input.new_size);
    assert_eq!(
        resize_last(cursor, input.new_size, end).map(|n| n as u128),
        (want <= end as u128).then_some(want)
    );
    let want = s as u128 + ref_round_size(input.new_size);
    assert_eq!(
        resize_last(s, input.new_size, c).map(|n| n as u128),
        (want <= c as u128).then_some(want)
    );
}
