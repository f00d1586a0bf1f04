//! Integration tests of arenakit's public API, used as a user would use it.
//!
//! One binary (one link, shared fixtures in `common`). `PROPTEST_CASES` lowers the number of
//! cases of the property tests in `model` (the sanitizer and valgrind jobs set it).

#[cfg(feature = "allocator-api2")]
mod alloc_api;
mod basic;
mod boxed;
#[cfg(all(feature = "std", feature = "collections"))]
mod boxed_collect;
mod boxed_dyn;
#[cfg(all(feature = "std", feature = "collections"))]
mod boxed_edit;
#[cfg(feature = "std")]
mod boxed_pin;
mod boxed_slices;
#[cfg(feature = "std")]
mod boxed_threads;
#[cfg(all(feature = "std", feature = "collections"))]
mod bump_scope_port;
#[cfg(all(feature = "std", feature = "collections"))]
mod bumpalo_port;
#[cfg(feature = "std")]
mod checkpoint;
#[cfg(all(feature = "std", feature = "collections"))]
mod collect;
#[cfg(feature = "collections")]
mod collections;
#[cfg(feature = "collections")]
mod collections_model;
mod common;
mod copy_in;
#[cfg(all(feature = "std", feature = "collections"))]
mod cstr;
#[cfg(feature = "json")]
mod de;
#[cfg(all(feature = "json", feature = "derive"))]
mod de_derive;
mod drops;
#[cfg(feature = "std")]
mod faults;
#[cfg(all(feature = "std", feature = "allocator-api2"))]
mod fill;
#[cfg(all(feature = "std", feature = "collections"))]
mod fixed;
#[cfg(all(feature = "json", feature = "derive"))]
mod fuzz_replay;
#[cfg(feature = "std")]
mod inspect;
#[cfg(all(feature = "json", feature = "derive"))]
mod json_value;
mod limits;
#[cfg(all(feature = "std", feature = "collections"))]
mod macros;
mod model;
#[cfg(all(
    feature = "owned",
    feature = "std",
    feature = "json",
    feature = "derive"
))]
mod owned;
#[cfg(all(feature = "std", feature = "collections"))]
mod panics;
#[cfg(feature = "allocator-api2")]
mod peer_bugs;
#[cfg(all(feature = "std", feature = "collections"))]
mod poison;
#[cfg(feature = "std")]
mod pool;
#[cfg(feature = "collections")]
mod reclaim;
mod reserve;
mod reset;
#[cfg(all(feature = "std", feature = "collections"))]
mod review;
#[cfg(all(feature = "std", feature = "json", feature = "derive"))]
mod robustness;
#[cfg(feature = "std")]
mod scope;
#[cfg(feature = "std")]
mod scope_model;
#[cfg(all(feature = "std", feature = "allocator-api2"))]
mod source_panics;
mod sources;
#[cfg(all(feature = "std", feature = "collections"))]
mod string_ext;
#[cfg(feature = "std")]
mod sync_arena;
#[cfg(all(feature = "std", feature = "collections"))]
mod vec_ext;
#[cfg(all(feature = "std", feature = "collections"))]
mod vec_try;
#[cfg(all(
    feature = "std",
    feature = "collections",
    any(feature = "bytemuck", feature = "zerocopy")
))]
mod zeroed;
