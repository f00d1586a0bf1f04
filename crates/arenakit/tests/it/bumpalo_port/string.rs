//! Port of bumpalo `tests/all/string.rs`: arenakit's collections `String`, and bumpalo's
//! `format!(in &bump, ..)` as `arenakit::format!(in &arena, ..)`.

use crate::common::proptest_config;
use arenakit::Arena;
use arenakit::collections::String;
use core::fmt::Write;
use proptest::prelude::*;

/// bumpalo tests/all/string.rs: format_a_bunch_of_strings
#[test]
fn format_a_bunch_of_strings() {
    let arena = Arena::new();
    let mut s = String::from_str_in("hello", &arena);
    let mut expected = std::string::String::from("hello");
    for i in 0..1000 {
        write!(&mut s, " {i}").unwrap();
        write!(&mut expected, " {i}").unwrap();
    }
    assert_eq!(s, *expected);
}

/// bumpalo tests/all/string.rs: trailing_comma_in_format_macro
#[test]
fn trailing_comma_in_format_macro() {
    let arena = Arena::new();
    let v = arenakit::format!(in &arena, "{}{}", 1, 2, );
    assert_eq!(v, "12");
}

/// bumpalo tests/all/string.rs: push_str
#[test]
fn push_str() {
    let arena = Arena::new();
    let mut s = String::new_in(&arena);
    s.push_str("abc");
    assert_eq!(s, "abc");
    s.push_str("def");
    assert_eq!(s, "abcdef");
    s.push_str("");
    assert_eq!(s, "abcdef");
    s.push_str(&"x".repeat(4000));
    assert_eq!(s.len(), 4006);
    s.push_str("ghi");
    assert_eq!(s.len(), 4009);
    assert_eq!(&s[s.len() - 5..], "xxghi");
}

/// One step of bumpalo's `StringOp` programs.
#[derive(Clone, Debug)]
enum StringOp {
    PushChar(char),
    PushStr(std::string::String),
    WriteStr(std::string::String),
    Pop,
    /// Truncate to this many chars, modulo the length plus one.
    Truncate(usize),
    ShrinkToFit,
}

/// bumpalo's bounds: segments of up to 8 chars.
fn string_op() -> impl Strategy<Value = StringOp> {
    let text = || prop::collection::vec(any::<char>(), 0..=8).prop_map(|c| c.into_iter().collect());
    prop_oneof![
        any::<char>().prop_map(StringOp::PushChar),
        text().prop_map(StringOp::PushStr),
        text().prop_map(StringOp::WriteStr),
        Just(StringOp::Pop),
        any::<usize>().prop_map(StringOp::Truncate),
        Just(StringOp::ShrinkToFit),
    ]
}

/// Applies `op` to the arena string and to a std model, and compares them.
fn apply_string_op(actual: &mut String<'_>, expected: &mut std::string::String, op: &StringOp) {
    match op {
        StringOp::PushChar(c) => {
            actual.push(*c);
            expected.push(*c);
        }
        StringOp::PushStr(text) => {
            actual.push_str(text);
            expected.push_str(text);
        }
        StringOp::WriteStr(text) => {
            write!(actual, "{text}").unwrap();
            write!(expected, "{text}").unwrap();
        }
        StringOp::Pop => assert_eq!(actual.pop(), expected.pop()),
        StringOp::Truncate(n) => {
            let chars = n % (expected.chars().count() + 1);
            let len = expected
                .char_indices()
                .nth(chars)
                .map_or(expected.len(), |(i, _)| i);
            actual.truncate(len);
            expected.truncate(len);
        }
        StringOp::ShrinkToFit => {
            actual.shrink_to_fit();
            expected.shrink_to_fit();
            assert_eq!(actual.capacity(), actual.len());
        }
    }
    assert_eq!(actual.as_str(), expected.as_str());
    assert_eq!(actual.as_bytes(), expected.as_bytes());
    assert!(actual.capacity() >= actual.len());
}

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/string.rs: string_operation_sequences_match_std
    ///
    /// (A test of bumpalo's main branch after 3.21; up to 64 operations, as there.)
    #[test]
    fn string_operation_sequences_match_std(program in prop::collection::vec(string_op(), 0..64)) {
        let arena = Arena::new();
        let mut actual = String::new_in(&arena);
        let mut expected = std::string::String::new();
        for op in &program {
            apply_string_op(&mut actual, &mut expected, op);
        }
        prop_assert_eq!(actual.as_str(), expected.as_str());
    }
}
