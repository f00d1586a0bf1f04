//! Every input in `fuzz/regressions/<target>/` (an input that once found a bug) goes through
//! the logic of the fuzz target `<target>` on every `cargo test`, so a bug that comes back fails
//! the tests even where cargo-fuzz is not installed (CI never has it).
//!
//! The targets' logic lives in the fuzz crate's library (`fuzz/src`), compiled in here as
//! modules; `fuzz/fuzz_targets/<target>.rs` is only its `fuzz_target!` wrapper. An input is
//! decoded exactly as that wrapper decodes it (see [`structured`]), with the same version of
//! `arbitrary` (checked by [`arbitrary_matches_the_fuzz_crate`]).

#[path = "../../../../fuzz/src/arena_ops/mod.rs"]
mod arena_ops;
#[path = "../../../../fuzz/src/bump.rs"]
mod bump;
#[path = "../../../../fuzz/src/json.rs"]
mod json;

use arbitrary::{Arbitrary, Unstructured};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// How an input of one fuzz target is replayed: `Err` if the input cannot reach the target's
/// logic; a failed check of the logic panics.
type Replay = fn(&[u8]) -> Result<(), String>;

/// Every fuzz target (`fuzz/fuzz_targets/<name>.rs`) and how to replay its inputs.
const TARGETS: &[(&str, Replay)] = &[
    ("arena_ops", |data| structured(data, arena_ops::run)),
    ("bump", |data| structured(data, bump::check)),
    ("json", |data| {
        json::check(data);
        Ok(())
    }),
];

/// What `fuzz_target!(|input: T| body(&input))` of libfuzzer-sys 0.4 does with the bytes: an
/// input shorter than `T`'s size hint, or one that `arbitrary_take_rest` rejects, never reaches
/// the body (libFuzzer just moves on). Here that is an error: such a regression tests nothing.
fn structured<T: for<'a> Arbitrary<'a>>(data: &[u8], body: fn(&T)) -> Result<(), String> {
    let least = T::size_hint(0).0;
    if data.len() < least {
        return Err(format!(
            "{} bytes, fewer than the {least} the input type needs: the target skips it",
            data.len()
        ));
    }
    let input = T::arbitrary_take_rest(Unstructured::new(data))
        .map_err(|e| format!("does not decode ({e}): the target skips it"))?;
    body(&input);
    Ok(())
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The entries of `dir`, sorted by name.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The message of a panic caught by `catch_unwind`.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic without a message)")
}

/// `TARGETS` names exactly the fuzz targets: a new target must come with its replay.
#[test]
fn every_fuzz_target_has_a_replay() {
    let mut targets: Vec<String> = entries(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| name_of(p).trim_end_matches(".rs").to_owned())
        .collect();
    targets.sort();
    let mut replayed: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    replayed.sort();
    assert_eq!(
        targets, replayed,
        "the fuzz targets in fuzz/fuzz_targets/ and the replays in TARGETS \
         (crates/arenakit/tests/it/fuzz_replay.rs) differ"
    );
}

/// Every file in `fuzz/regressions/<target>/` passes `<target>`'s checks; a directory with no
/// such target fails (its inputs would never be replayed).
#[test]
fn fuzz_regressions_replay() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for dir in entries(&fuzz_dir().join("regressions")) {
        let target = name_of(&dir);
        let Some((_, replay)) = TARGETS.iter().find(|(n, _)| *n == target) else {
            failures.push(format!(
                "fuzz/regressions/{target}: no fuzz target named {target:?} replays it \
                 (TARGETS in crates/arenakit/tests/it/fuzz_replay.rs)"
            ));
            continue;
        };
        assert!(dir.is_dir(), "{} is not a directory", dir.display());
        for input in entries(&dir) {
            let data = std::fs::read(&input).unwrap();
            let at = format!("fuzz/regressions/{target}/{}", name_of(&input));
            match catch_unwind(AssertUnwindSafe(|| replay(&data))) {
                Ok(Ok(())) => replayed += 1,
                Ok(Err(why)) => failures.push(format!("{at}: {why}")),
                Err(panic) => {
                    failures.push(format!("{at}: fails again: {}", panic_message(&*panic)))
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fuzz regression(s) failed (reproduce one with \
         `cd fuzz && cargo +nightly fuzz run <target> regressions/<target>/<file>`):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(replayed > 0, "no input found in fuzz/regressions/*/");
}

/// The version of `package` in the lock file `lock`.
fn locked_version(lock: &Path, package: &str) -> String {
    let text = std::fs::read_to_string(lock).unwrap();
    let entry = format!("name = \"{package}\"\nversion = \"");
    let at = text
        .find(&entry)
        .unwrap_or_else(|| panic!("{package} is not in {}", lock.display()))
        + entry.len();
    text[at..].split('"').next().unwrap().to_owned()
}

/// The replay decodes inputs with the `arbitrary` the fuzz targets were built with: another
/// version may decode the same bytes into other operations, and replay nothing of the bug.
#[test]
fn arbitrary_matches_the_fuzz_crate() {
    let ours = locked_version(&fuzz_dir().join("../Cargo.lock"), "arbitrary");
    let fuzz = locked_version(&fuzz_dir().join("Cargo.lock"), "arbitrary");
    assert_eq!(
        ours, fuzz,
        "arbitrary {ours} in Cargo.lock, {fuzz} in fuzz/Cargo.lock: make them the same \
         (`cargo update -p arbitrary --precise <version>` in one of them)"
    );
}
