//! Port of bumpalo `tests/all/capacity.rs`.

use arenakit::{AllocErrorKind, Arena};

/// bumpalo tests/all/capacity.rs: try_with_capacity_too_large
///
/// bumpalo only checks that it does not panic; arenakit also says why it failed.
#[test]
fn try_with_capacity_too_large() {
    let err = Arena::try_with_capacity(isize::MAX as usize + 1).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
}
