//! bumpalo's own integration tests (`tests/all/*.rs` of fitzgen/bumpalo, 3.20/3.21), ported
//! to arenakit the way a bumpalo user moving to arenakit would write them.
//!
//! One file per bumpalo test file; every test names the bumpalo test it ports in its first doc
//! line. Where arenakit differs from bumpalo on purpose, the port asserts arenakit's documented
//! behaviour instead and says so:
//!
//! - `alloc` and friends reject types with drop glue at compile time: ports use
//!   `alloc_no_drop` where bumpalo leaks, `alloc_owned` or `ArenaBox` where values must drop;
//! - the limit counts the 64-byte chunk headers (bumpalo's does not), so limits are adjusted
//!   and compared with `allocated_bytes_including_metadata`;
//! - arenakit bumps upward (bumpalo downward), rounds every block up to 8 bytes, and does not
//!   document the order of `iter_allocated_chunks`: address-order checks become checks of
//!   upward, gap-free placement and of each chunk being seen once;
//! - chunks are 64 KiB by default (minimum 256 B) and are kept for reuse at reset.
//!
//! bumpalo's quickcheck properties are proptest properties here, run with
//! [`proptest_config`](crate::common::proptest_config) (honours `PROPTEST_CASES`), with inputs
//! kept small so the suite stays fast under valgrind and AddressSanitizer.

mod alloc_fill;
mod alloc_try_with;
mod alloc_with;
mod allocation_limit;
mod allocator_api;
mod boxed;
mod capacity;
mod collect_in;
mod quickchecks;
#[cfg(feature = "serde")]
mod serde;
mod string;
mod tests;
mod try_alloc;
mod try_alloc_try_with;
mod try_alloc_with;
mod vec;

use arenakit::Arena;

/// The byte range `[start, end)` a value occupies.
pub fn range_of<T: ?Sized>(value: &T) -> (usize, usize) {
    let start = crate::common::addr(value);
    (start, start + size_of_val(value))
}

/// Whether two non-empty byte ranges share a byte.
pub fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    assert!(a.0 < a.1 && b.0 < b.1, "empty range {a:?} or {b:?}");
    a.0 < b.1 && b.0 < a.1
}

/// Whether `inner` lies inside `outer` (both non-empty).
pub fn contains(outer: (usize, usize), inner: (usize, usize)) -> bool {
    assert!(outer.0 < outer.1 && inner.0 < inner.1);
    outer.0 <= inner.0 && inner.1 <= outer.1
}

/// Records `range` after checking that it overlaps none of `seen`.
pub fn push_disjoint(seen: &mut Vec<(usize, usize)>, range: (usize, usize)) {
    if let Some(other) = seen.iter().find(|&&other| overlap(other, range)) {
        panic!("allocation {range:x?} overlaps {other:x?}");
    }
    seen.push(range);
}

/// The used regions of `arena`'s chunks, as `iter_allocated_chunks_raw` reports them, checked
/// to be the same regions `iter_allocated_chunks` reports.
pub fn chunk_regions(arena: &mut Arena) -> Vec<(usize, usize)> {
    // SAFETY: nothing allocates from `arena` (borrowed mutably here) while the regions are
    // read; only their addresses are kept.
    let raw: Vec<(usize, usize)> = unsafe { arena.iter_allocated_chunks_raw() }
        .map(|(ptr, len)| (ptr.addr(), len))
        .collect();
    let safe: Vec<(usize, usize)> = arena
        .iter_allocated_chunks()
        .map(|chunk| (crate::common::addr(chunk.as_ptr()), chunk.len()))
        .collect();
    assert_eq!(raw, safe, "raw and safe chunk views differ");
    raw
}

/// Values too large for a debug build's stack unless built in place, shared by the
/// `alloc_with`, `try_alloc_with`, `alloc_try_with` and `try_alloc_try_with` ports.
pub mod large {
    /// Length of bumpalo's large arrays and enum payload.
    pub const ARRAY: usize = 10_000_000;
    /// Length of each array field of [`LargeStruct`].
    pub const FIELD: usize = 20_000_000;

    /// bumpalo's `LargeStruct`: a word and three 20 MB arrays.
    pub struct LargeStruct {
        pub small: usize,
        pub big1: [u8; FIELD],
        pub big2: [u8; FIELD],
        pub big3: [u8; FIELD],
    }

    /// bumpalo's `LargeEnum`: small variant, 10 MB variant.
    #[allow(clippy::large_enum_variant)]
    pub enum LargeEnum {
        Small,
        #[allow(dead_code)] // never built: it only makes the enum large, as in bumpalo
        Large([u8; ARRAY]),
    }

    /// Builds a [`LargeStruct`] whose fields are `$small`, then arrays of `$a`, `$b`, `$c`,
    /// as a literal, so the compiler can write it in place.
    macro_rules! large_struct {
        ($small:expr, $a:expr, $b:expr, $c:expr) => {
            $crate::bumpalo_port::large::LargeStruct {
                small: $small,
                big1: [$a; $crate::bumpalo_port::large::FIELD],
                big2: [$b; $crate::bumpalo_port::large::FIELD],
                big3: [$c; $crate::bumpalo_port::large::FIELD],
            }
        };
    }
    pub(crate) use large_struct;

    /// Asserts every byte of `bytes` is `value`.
    pub fn assert_filled(bytes: &[u8], value: u8) {
        assert!(
            bytes.iter().all(|&b| b == value),
            "expected {} bytes of {value}",
            bytes.len()
        );
    }

    /// Asserts `s` holds what `large_struct!(small, a, b, c)` built.
    pub fn assert_struct(s: &LargeStruct, small: usize, a: u8, b: u8, c: u8) {
        assert_eq!(s.small, small);
        assert_filled(&s.big1, a);
        assert_filled(&s.big2, b);
        assert_filled(&s.big3, c);
    }

    /// Asserts `e` is the small variant.
    pub fn assert_small(e: &LargeEnum) {
        assert!(matches!(e, LargeEnum::Small));
    }
}

/// Runs `attempt` on a new arena; it returns whether the initialiser's error came back. Checks
/// that it did, and that the failed value's memory was given back (nothing else was allocated).
pub fn assert_init_error_rolls_back(attempt: impl FnOnce(&Arena) -> bool) {
    let arena = Arena::new();
    assert!(attempt(&arena), "expected the initialiser's error");
    assert_eq!(
        arena.stats().used,
        0,
        "the failed value's memory was not given back"
    );
}
