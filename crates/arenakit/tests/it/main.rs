//! Integration tests of arenakit's public API, used as a user would use it.
//!
//! One binary (one link, shared fixtures in `common`). `PROPTEST_CASES` lowers the number of
//! cases of the property tests in `model` (the sanitizer and valgrind jobs set it).

#[cfg(feature = "allocator-api2")]
mod alloc_api;
mod basic;
mod boxed;
#[cfg(feature = "collections")]
mod collections;
#[cfg(feature = "collections")]
mod collections_model;
mod common;
mod copy_in;
#[cfg(feature = "json")]
mod de;
#[cfg(all(feature = "json", feature = "derive"))]
mod de_derive;
mod drops;
#[cfg(feature = "std")]
mod faults;
#[cfg(all(feature = "json", feature = "derive"))]
mod fuzz_replay;
mod limits;
mod model;
#[cfg(all(feature = "std", feature = "collections"))]
mod panics;
#[cfg(all(feature = "std", feature = "collections"))]
mod poison;
#[cfg(feature = "std")]
mod pool;
#[cfg(feature = "collections")]
mod reclaim;
mod reset;
#[cfg(all(feature = "std", feature = "json", feature = "derive"))]
mod robustness;
#[cfg(feature = "std")]
mod scope;
#[cfg(feature = "std")]
mod scope_model;
mod sources;
#[cfg(feature = "std")]
mod sync_arena;
