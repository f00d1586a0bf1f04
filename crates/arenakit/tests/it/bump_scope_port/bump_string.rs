//! Port of bump-scope `tests/bump_string.rs`: `BumpString` is the arena `String`. Sizes are
//! rounded up to 8, so bump-scope's strings are lengthened where its byte counts would
//! otherwise round to the same value. Not ported: `into_str_without_shrink`
//! (`into_fixed_string`: no fixed-capacity string).

use super::round8;
use arenakit::Arena;
use arenakit::collections::String;

/// bump-scope tests/bump_string.rs: shrinks
///
/// bump-scope's `"1234"` popped to `"123"` rounds to 8 bytes either way here, so the string
/// is 12 bytes long: 16, then 8 bytes.
#[test]
fn shrinks() {
    let arena = Arena::new();
    let mut string = String::from_str_in("123456789abc", &arena);
    assert_eq!(arena.stats().used, round8(12));
    string.truncate(4);
    string.pop();
    string.shrink_to_fit();
    assert_eq!(string.capacity(), 3);
    assert_eq!(arena.stats().used, round8(3));
    string.clear();
    string.shrink_to_fit();
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/bump_string.rs: deallocates
#[test]
fn deallocates() {
    let arena = Arena::new();
    let string = String::from_str_in("123", &arena);
    assert_eq!(arena.stats().used, round8(3));
    drop(string);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/bump_string.rs: into_str
///
/// `into_str` gives back the unused capacity, as bump-scope's does: a 12-byte string
/// truncated to 3 keeps 8 bytes.
#[test]
fn into_str() {
    let arena = Arena::new();
    let mut string = String::from_str_in("123456789abc", &arena);
    assert_eq!(arena.stats().used, round8(12));
    string.truncate(3);
    let slice = string.into_str();
    assert_eq!(slice, "123");
    assert_eq!(arena.stats().used, round8(3));
}
