//! The logic of the fuzz targets in `fuzz_targets/`, one module per target.
//!
//! Each target is a thin `fuzz_target!` wrapper around its module's entry point. The modules
//! are also compiled into arenakit's integration tests (`crates/arenakit/tests/it/fuzz_replay.rs`
//! includes them with `#[path]`), which feed every input in `regressions/<target>/` through them
//! on every `cargo test`, so they use only what those tests have too: `arenakit` (all features),
//! `allocator_api2`, `arbitrary`, `serde` and `serde_json`.

pub mod arena_ops;
pub mod bump;
pub mod json;
