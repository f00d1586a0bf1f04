//! Port of bumpalo `tests/all/collect_in.rs`: `collect_in` into an arena `String` and `Vec`
//! (`arenakit::prelude::CollectIn`, through `FromIteratorIn`). bumpalo's mutatis checks are
//! proptest properties here.

use crate::common::proptest_config;
use arenakit::Arena;
use arenakit::collections::{String, Vec};
use arenakit::prelude::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/collect_in.rs: test_string_collect
    #[test]
    fn test_string_collect(input in ".{0,64}") {
        let arena = Arena::new();
        let arena_str = input.chars().collect_in::<String>(&arena);
        prop_assert_eq!(arena_str.as_str(), input.as_str());
    }

    /// bumpalo tests/all/collect_in.rs: test_vec_collect
    #[test]
    fn test_vec_collect(input in prop::collection::vec(any::<i32>(), 0..64)) {
        let arena = Arena::new();
        let arena_vec = input.iter().copied().collect_in::<Vec<_>>(&arena);
        prop_assert_eq!(arena_vec.as_slice(), input.as_slice());
    }
}
