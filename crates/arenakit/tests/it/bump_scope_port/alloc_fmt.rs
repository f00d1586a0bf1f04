//! Port of bump-scope `tests/alloc_fmt.rs`: `alloc_fmt` and `alloc_fmt_mut` are
//! `arenakit::format!(in &arena, ..)` then `into_str()` (one arena `String` serves both; the
//! `_mut` tests are merged into their twins). Sizes are rounded up to 8.

use super::round8;
use arenakit::Arena;
use core::fmt::{self, Display};

/// Formats as nothing.
struct Nothing;

impl Display for Nothing {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

/// Formatting fails on its own (a bug in the `Display` impl).
struct ErrorsOnFmt;

impl Display for ErrorsOnFmt {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

/// bump-scope tests/alloc_fmt.rs: nothing
///
/// Also ports `nothing`'s `alloc_fmt_mut` half: the same call here.
#[test]
fn nothing() {
    let arena = Arena::new();
    let string = arenakit::format!(in &arena, "{Nothing}");
    assert_eq!(string, "");
    assert_eq!(string.into_str(), "");
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_fmt.rs: nothing_extra
///
/// Also ports `nothing_extra_mut`.
#[test]
fn nothing_extra() {
    let arena = Arena::new();
    let string = arenakit::format!(in &arena, "ext{Nothing}ra").into_str();
    assert_eq!(string, "extra");
    assert_eq!(arena.stats().used, round8(5));
}

/// bump-scope tests/alloc_fmt.rs: three
///
/// Also ports `three_mut`.
#[test]
fn three() {
    let arena = Arena::new();
    let string = arenakit::format!(in &arena, "{}", 3.1).into_str();
    assert_eq!(string, "3.1");
    assert_eq!(arena.stats().used, round8(3));
}

/// bump-scope tests/alloc_fmt.rs: trait_panic
///
/// Also ports `trait_panic_mut`: `alloc_fmt(format_args!(..))` is `String::from_fmt_in`.
#[test]
#[should_panic = "formatting trait implementation returned an error"]
fn trait_panic() {
    let arena = Arena::new();
    let _ = arenakit::collections::String::from_fmt_in(format_args!("{ErrorsOnFmt}"), &arena);
}

/// bump-scope tests/alloc_fmt.rs: format_trait_panic
///
/// Also ports `format_trait_panic_mut` (`mut_bump_format!` is the same `format!`).
#[test]
#[should_panic = "formatting trait implementation returned an error"]
fn format_trait_panic() {
    let arena = Arena::new();
    let _ = arenakit::format!(in &arena, "{ErrorsOnFmt}");
}
