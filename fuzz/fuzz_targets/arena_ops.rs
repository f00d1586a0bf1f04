//! Operations on an `arenakit::Arena` against a model of its live blocks: see
//! `fuzz/src/arena_ops/mod.rs`.

#![no_main]

use arenakit_fuzz::arena_ops::{Input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| run(&input));
