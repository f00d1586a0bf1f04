//! The bump cursor's arithmetic against a reference model: see `fuzz/src/bump.rs`.

#![no_main]

use arenakit_fuzz::bump::{Input, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| check(&input));
