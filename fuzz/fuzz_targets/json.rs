//! `arenakit::de::from_slice_in` against serde_json on arbitrary bytes: see `fuzz/src/json.rs`.

#![no_main]

use arenakit_fuzz::json::check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check(data));
