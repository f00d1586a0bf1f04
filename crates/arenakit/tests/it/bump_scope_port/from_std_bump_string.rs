//! Port of bump-scope `crates/tests-from-std/src/bump_string.rs`: std's `String` tests
//! (rust `library/alloc/tests/string.rs`) as bump-scope adapted them to `BumpString`, here on
//! the arena `String`, arenakit's own implementation (the arena `Vec` is allocator-api2's copy
//! of std's, so bump-scope's adaptation of std's `Vec` tests is not ported).
//!
//! bump-scope's `from_utf16_in` and `from_utf16_lossy_in` are `char::decode_utf16` collected
//! in the arena (README); `split_off(range)` is `split_off(at)`, whose capacities are std's
//! (bump-scope checks its in-place split's). Not ported: `test_into_boxed_str` (no
//! `into_boxed_str`).

use super::expect_panic;
use arenakit::Arena;
use arenakit::collections::{String, Vec};
use arenakit::prelude::*;
use core::cell::Cell;
use core::ops::{Bound, Bound::*, RangeBounds};

/// bump-scope's `BumpString::from_utf16_in`.
fn from_utf16_in<'a>(
    units: &[u16],
    arena: &'a Arena,
) -> Result<String<'a>, core::char::DecodeUtf16Error> {
    char::decode_utf16(units.iter().copied()).collect_in(arena)
}

/// bump-scope's `BumpString::from_utf16_lossy_in`.
fn from_utf16_lossy_in<'a>(units: &[u16], arena: &'a Arena) -> String<'a> {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect_in(arena)
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_utf8
#[test]
fn test_from_utf8() {
    let arena = Arena::new();
    let xs = Vec::from_iter_in(*b"hello", &arena);
    assert_eq!(String::from_utf8(xs).unwrap(), "hello");

    let mut xs = arena.vec();
    xs.extend_from_slice_copy("ศไทย中华Việt Nam".as_bytes());
    assert_eq!(String::from_utf8(xs).unwrap(), "ศไทย中华Việt Nam");

    let xs = Vec::from_iter_in(*b"hello\xFF", &arena);
    let (error, bytes) = String::from_utf8(xs).unwrap_err();
    assert_eq!(bytes, b"hello\xff");
    assert_eq!(error.valid_up_to(), 5);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_utf8_lossy
#[test]
fn test_from_utf8_lossy() {
    let arena = Arena::new();
    let cases: [(&[u8], &str); 10] = [
        (b"hello", "hello"),
        ("ศไทย中华Việt Nam".as_bytes(), "ศไทย中华Việt Nam"),
        (
            b"Hello\xC2 There\xFF Goodbye",
            "Hello\u{FFFD} There\u{FFFD} Goodbye",
        ),
        (
            b"Hello\xC0\x80 There\xE6\x83 Goodbye",
            "Hello\u{FFFD}\u{FFFD} There\u{FFFD} Goodbye",
        ),
        (b"\xF5foo\xF5\x80bar", "\u{FFFD}foo\u{FFFD}\u{FFFD}bar"),
        (
            b"\xF1foo\xF1\x80bar\xF1\x80\x80baz",
            "\u{FFFD}foo\u{FFFD}bar\u{FFFD}baz",
        ),
        (
            b"\xF4foo\xF4\x80bar\xF4\xBFbaz",
            "\u{FFFD}foo\u{FFFD}bar\u{FFFD}\u{FFFD}baz",
        ),
        (
            b"\xF0\x80\x80\x80foo\xF0\x90\x80\x80bar",
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}foo\u{10000}bar",
        ),
        // surrogates
        (
            b"\xED\xA0\x80foo\xED\xBF\xBFbar",
            "\u{FFFD}\u{FFFD}\u{FFFD}foo\u{FFFD}\u{FFFD}\u{FFFD}bar",
        ),
        (b"", ""),
    ];
    for (bytes, expected) in cases {
        assert_eq!(String::from_utf8_lossy_in(bytes, &arena), expected);
    }
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_utf16
#[test]
fn test_from_utf16() {
    let arena = Arena::new();
    let pairs: [(&str, std::vec::Vec<u16>); 5] = [
        (
            "𐍅𐌿𐌻𐍆𐌹𐌻𐌰\n",
            vec![
                0xd800, 0xdf45, 0xd800, 0xdf3f, 0xd800, 0xdf3b, 0xd800, 0xdf46, 0xd800, 0xdf39,
                0xd800, 0xdf3b, 0xd800, 0xdf30, 0x000a,
            ],
        ),
        (
            "𐐒𐑉𐐮𐑀𐐲𐑋 𐐏𐐲𐑍\n",
            vec![
                0xd801, 0xdc12, 0xd801, 0xdc49, 0xd801, 0xdc2e, 0xd801, 0xdc40, 0xd801, 0xdc32,
                0xd801, 0xdc4b, 0x0020, 0xd801, 0xdc0f, 0xd801, 0xdc32, 0xd801, 0xdc4d, 0x000a,
            ],
        ),
        (
            "𐌀𐌖𐌋𐌄𐌑𐌉·𐌌𐌄𐌕𐌄𐌋𐌉𐌑\n",
            vec![
                0xd800, 0xdf00, 0xd800, 0xdf16, 0xd800, 0xdf0b, 0xd800, 0xdf04, 0xd800, 0xdf11,
                0xd800, 0xdf09, 0x00b7, 0xd800, 0xdf0c, 0xd800, 0xdf04, 0xd800, 0xdf15, 0xd800,
                0xdf04, 0xd800, 0xdf0b, 0xd800, 0xdf09, 0xd800, 0xdf11, 0x000a,
            ],
        ),
        (
            "𐒋𐒘𐒈𐒑𐒛𐒒 𐒕𐒓 𐒈𐒚𐒍 𐒏𐒜𐒒𐒖𐒆 𐒕𐒆\n",
            vec![
                0xd801, 0xdc8b, 0xd801, 0xdc98, 0xd801, 0xdc88, 0xd801, 0xdc91, 0xd801, 0xdc9b,
                0xd801, 0xdc92, 0x0020, 0xd801, 0xdc95, 0xd801, 0xdc93, 0x0020, 0xd801, 0xdc88,
                0xd801, 0xdc9a, 0xd801, 0xdc8d, 0x0020, 0xd801, 0xdc8f, 0xd801, 0xdc9c, 0xd801,
                0xdc92, 0xd801, 0xdc96, 0xd801, 0xdc86, 0x0020, 0xd801, 0xdc95, 0xd801, 0xdc86,
                0x000a,
            ],
        ),
        // Issue #12318, even-numbered non-BMP planes
        ("\u{20000}", vec![0xD840, 0xDC00]),
    ];

    for (s, u) in &pairs {
        let s = String::from_str_in(s, &arena);
        let s_as_utf16 = s.encode_utf16().collect::<std::vec::Vec<_>>();
        let u_as_string = from_utf16_in(u, &arena).unwrap();

        assert!(char::decode_utf16(u.iter().copied()).all(|r| r.is_ok()));
        assert_eq!(&s_as_utf16, u);
        assert_eq!(u_as_string, s);
        assert_eq!(from_utf16_lossy_in(u, &arena), s);
        assert_eq!(from_utf16_in(&s_as_utf16, &arena).unwrap(), s);
        assert_eq!(
            &u_as_string.encode_utf16().collect::<std::vec::Vec<u16>>(),
            u
        );
    }
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_utf16_invalid
#[test]
fn test_utf16_invalid() {
    let arena = Arena::new();
    // lead + eof
    assert!(from_utf16_in(&[0xD800], &arena).is_err());
    // lead + lead
    assert!(from_utf16_in(&[0xD800, 0xD800], &arena).is_err());
    // isolated trail
    assert!(from_utf16_in(&[0x0061, 0xDC00], &arena).is_err());
    // general
    assert!(from_utf16_in(&[0xD800, 0xd801, 0xdc8b, 0xD800], &arena).is_err());
    // What the failed attempts collected went back.
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_utf16_lossy
#[test]
fn test_from_utf16_lossy() {
    let arena = Arena::new();
    assert_eq!(from_utf16_lossy_in(&[0xD800], &arena), "\u{FFFD}");
    assert_eq!(
        from_utf16_lossy_in(&[0xD800, 0xD800], &arena),
        "\u{FFFD}\u{FFFD}"
    );
    assert_eq!(from_utf16_lossy_in(&[0x0061, 0xDC00], &arena), "a\u{FFFD}");
    assert_eq!(
        from_utf16_lossy_in(&[0xD800, 0xd801, 0xdc8b, 0xD800], &arena),
        "\u{FFFD}𐒋\u{FFFD}"
    );
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_push_bytes
#[test]
fn test_push_bytes() {
    let arena = Arena::new();
    let mut s = String::from_str_in("ABC", &arena);
    // SAFETY: the byte pushed is ASCII, so the string stays UTF-8.
    let mv = unsafe { s.as_mut_vec() };
    mv.extend_from_slice_copy(b"D");
    assert_eq!(s, "ABCD");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_push_str
#[test]
fn test_push_str() {
    let arena = Arena::new();
    let mut s = String::new_in(&arena);
    s.push_str("");
    assert_eq!(&s[0..], "");
    s.push_str("abc");
    assert_eq!(&s[0..], "abc");
    s.push_str("ประเทศไทย中华Việt Nam");
    assert_eq!(&s[0..], "abcประเทศไทย中华Việt Nam");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_add_assign
#[test]
fn test_add_assign() {
    let arena = Arena::new();
    let mut s = String::new_in(&arena);
    s += "";
    assert_eq!(s.as_str(), "");
    s += "abc";
    assert_eq!(s.as_str(), "abc");
    s += "ประเทศไทย中华Việt Nam";
    assert_eq!(s.as_str(), "abcประเทศไทย中华Việt Nam");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_push
#[test]
fn test_push() {
    let arena = Arena::new();
    let mut data = String::from_str_in("ประเทศไทย中", &arena);
    data.push('华');
    data.push('b'); // 1 byte
    data.push('¢'); // 2 byte
    data.push('€'); // 3 byte
    data.push('𤭢'); // 4 byte
    assert_eq!(data, "ประเทศไทย中华b¢€𤭢");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_pop
#[test]
fn test_pop() {
    let arena = Arena::new();
    let mut data = String::from_str_in("ประเทศไทย中华b¢€𤭢", &arena);
    assert_eq!(data.pop().unwrap(), '𤭢'); // 4 bytes
    assert_eq!(data.pop().unwrap(), '€'); // 3 bytes
    assert_eq!(data.pop().unwrap(), '¢'); // 2 bytes
    assert_eq!(data.pop().unwrap(), 'b'); // 1 bytes
    assert_eq!(data.pop().unwrap(), '华');
    assert_eq!(data, "ประเทศไทย中");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_split_off_empty
#[test]
fn test_split_off_empty() {
    let arena = Arena::new();
    let orig = "Hello, world!";
    let mut split = String::from_str_in(orig, &arena);
    let empty = split.split_off(orig.len());
    assert!(empty.is_empty());
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_split_off_past_end
#[test]
#[should_panic]
fn test_split_off_past_end() {
    let arena = Arena::new();
    let orig = "Hello, world!";
    let mut split = String::from_str_in(orig, &arena);
    let _ = split.split_off(orig.len() + 1);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_split_off_mid_char
#[test]
#[should_panic]
fn test_split_off_mid_char() {
    let arena = Arena::new();
    let mut shan = String::from_str_in("山", &arena);
    let _broken_mountain = shan.split_off(1);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_split_off_ascii
#[test]
fn test_split_off_ascii() {
    let arena = Arena::new();
    let mut ab = String::from_str_in("ABCD", &arena);
    let cd = ab.split_off(2);
    assert_eq!(ab, "AB");
    assert_eq!(cd, "CD");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_split_off_unicode
#[test]
fn test_split_off_unicode() {
    let arena = Arena::new();
    let mut nihon = String::from_str_in("日本語", &arena);
    let go = nihon.split_off("日本".len());
    assert_eq!(nihon, "日本");
    assert_eq!(go, "語");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_truncate
#[test]
fn test_str_truncate() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.truncate(5);
    assert_eq!(s, "12345");
    s.truncate(3);
    assert_eq!(s, "123");
    s.truncate(0);
    assert_eq!(s, "");

    let mut s = String::from_str_in("12345", &arena);
    let p = s.as_ptr();
    s.truncate(3);
    s.push_str("6");
    assert_eq!(s.as_ptr(), p);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_truncate_invalid_len
#[test]
fn test_str_truncate_invalid_len() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.truncate(6);
    assert_eq!(s, "12345");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_truncate_split_codepoint
#[test]
#[should_panic]
fn test_str_truncate_split_codepoint() {
    let arena = Arena::new();
    let mut s = String::from_str_in("\u{FC}", &arena); // ü
    s.truncate(1);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_clear
#[test]
fn test_str_clear() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.clear();
    assert_eq!(s.len(), 0);
    assert_eq!(s, "");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_add
#[test]
fn test_str_add() {
    let arena = Arena::new();
    let a = String::from_str_in("12345", &arena);
    let b = a + "2";
    let b = b + "2";
    assert_eq!(b.len(), 7);
    assert_eq!(b, "1234522");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: remove
#[test]
fn remove() {
    let arena = Arena::new();
    let mut s = String::from_str_in("ศไทย中华Việt Nam; foobar", &arena);
    assert_eq!(s.remove(0), 'ศ');
    assert_eq!(s.len(), 33);
    assert_eq!(s, "ไทย中华Việt Nam; foobar");
    assert_eq!(s.remove(17), 'ệ');
    assert_eq!(s, "ไทย中华Vit Nam; foobar");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: remove_bad
#[test]
#[should_panic]
fn remove_bad() {
    let arena = Arena::new();
    String::from_str_in("ศ", &arena).remove(1);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_retain
#[test]
fn test_retain() {
    let arena = Arena::new();
    let mut s = String::from_str_in("α_β_γ", &arena);

    s.retain(|_| true);
    assert_eq!(s, "α_β_γ");
    s.retain(|c| c != '_');
    assert_eq!(s, "αβγ");
    s.retain(|c| c != 'β');
    assert_eq!(s, "αγ");
    s.retain(|c| c == 'α');
    assert_eq!(s, "α");
    s.retain(|_| false);
    assert_eq!(s, "");

    let mut s = String::from_str_in("0è0", &arena);
    expect_panic(|| {
        let mut count = 0;
        s.retain(|_| {
            count += 1;
            match count {
                1 => false,
                2 => true,
                _ => panic!(),
            }
        });
    });
    assert!(core::str::from_utf8(s.as_bytes()).is_ok());
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: insert
#[test]
fn insert() {
    let arena = Arena::new();
    let mut s = String::from_str_in("foobar", &arena);
    s.insert(0, 'ệ');
    assert_eq!(s, "ệfoobar");
    s.insert(6, 'ย');
    assert_eq!(s, "ệfooยbar");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: insert_bad1
#[test]
#[should_panic]
fn insert_bad1() {
    let arena = Arena::new();
    String::from_str_in("", &arena).insert(1, 't');
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: insert_bad2
#[test]
#[should_panic]
fn insert_bad2() {
    let arena = Arena::new();
    String::from_str_in("ệ", &arena).insert(1, 't');
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_slicing
#[test]
fn test_slicing() {
    let arena = Arena::new();
    let s = String::from_str_in("foobar", &arena);
    assert_eq!("foobar", &s[..]);
    assert_eq!("foo", &s[..3]);
    assert_eq!("bar", &s[3..]);
    assert_eq!("oob", &s[1..4]);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_simple_types
#[test]
fn test_simple_types() {
    let arena = Arena::new();
    assert_eq!(arenakit::format!(in &arena, "{}", 1), "1");
    assert_eq!(arenakit::format!(in &arena, "{}", -1), "-1");
    assert_eq!(arenakit::format!(in &arena, "{}", 200), "200");
    assert_eq!(arenakit::format!(in &arena, "{}", 2), "2");
    assert_eq!(arenakit::format!(in &arena, "{}", true), "true");
    assert_eq!(arenakit::format!(in &arena, "{}", false), "false");
    let hi = String::from_str_in("hi", &arena);
    assert_eq!(arenakit::format!(in &arena, "{}", hi), "hi");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_vectors
#[test]
fn test_vectors() {
    let arena = Arena::new();
    let x: Vec<i32> = arenakit::vec![in &arena];
    assert_eq!(arenakit::format!(in &arena, "{x:?}"), "[]");
    assert_eq!(
        arenakit::format!(in &arena, "{:?}", arenakit::vec![in &arena; 1]),
        "[1]"
    );
    assert_eq!(
        arenakit::format!(in &arena, "{:?}", arenakit::vec![in &arena; 1, 2, 3]),
        "[1, 2, 3]"
    );
    let nested = arenakit::vec![in &arena;
        arenakit::vec![in &arena],
        arenakit::vec![in &arena; 1],
        arenakit::vec![in &arena; 1, 1],
    ];
    assert_eq!(
        arenakit::format!(in &arena, "{nested:?}"),
        "[[], [1], [1, 1]]"
    );
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_iterator
#[test]
fn test_from_iterator() {
    let arena = Arena::new();
    let s = String::from_str_in("ศไทย中华Việt Nam", &arena);
    let t = "ศไทย中华";
    let u = "Việt Nam";

    let a: String = s.chars().collect_in(&arena);
    assert_eq!(s, a);

    let mut b = String::from_str_in(t, &arena);
    b.extend(u.chars());
    assert_eq!(s, b);

    let c: String = [t, u].into_iter().collect_in(&arena);
    assert_eq!(s, c);

    let mut d = String::from_str_in(t, &arena);
    d.extend(vec![u]);
    assert_eq!(s, d);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_drain
#[test]
fn test_drain() {
    let arena = Arena::new();
    let mut s = String::from_str_in("αβγ", &arena);
    assert_eq!(s.drain(2..4).collect::<std::string::String>(), "β");
    assert_eq!(s, "αγ");

    let mut t = String::from_str_in("abcd", &arena);
    t.drain(..0);
    assert_eq!(t, "abcd");
    t.drain(..1);
    assert_eq!(t, "bcd");
    t.drain(3..);
    assert_eq!(t, "bcd");
    t.drain(..);
    assert_eq!(t, "");
}

/// `"abc"` drained or replaced over `range`, which must panic.
fn edit_abc(range: (Bound<usize>, Bound<usize>), replace: bool) {
    let arena = Arena::new();
    let mut s = String::from_str_in("abc", &arena);
    if replace {
        s.replace_range(range, "");
    } else {
        s.drain(range);
    }
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_drain_start_overflow
#[test]
#[should_panic]
fn test_drain_start_overflow() {
    edit_abc((Excluded(usize::MAX), Included(0)), false);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_drain_end_overflow
#[test]
#[should_panic]
fn test_drain_end_overflow() {
    edit_abc((Included(0), Included(usize::MAX)), false);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range
#[test]
fn test_replace_range() {
    let arena = Arena::new();
    let mut s = String::from_str_in("Hello, world!", &arena);
    s.replace_range(7..12, "世界");
    assert_eq!(s, "Hello, 世界!");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_char_boundary
#[test]
#[should_panic]
fn test_replace_range_char_boundary() {
    let arena = Arena::new();
    let mut s = String::from_str_in("Hello, 世界!", &arena);
    s.replace_range(..8, "");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_inclusive_range
#[test]
fn test_replace_range_inclusive_range() {
    let arena = Arena::new();
    let mut v = String::from_str_in("12345", &arena);
    v.replace_range(2..=3, "789");
    assert_eq!(v, "127895");
    v.replace_range(1..=2, "A");
    assert_eq!(v, "1A895");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_out_of_bounds
#[test]
#[should_panic]
fn test_replace_range_out_of_bounds() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.replace_range(5..6, "789");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_inclusive_out_of_bounds
#[test]
#[should_panic]
fn test_replace_range_inclusive_out_of_bounds() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.replace_range(5..=5, "789");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_start_overflow
#[test]
#[should_panic]
fn test_replace_range_start_overflow() {
    edit_abc((Excluded(usize::MAX), Included(0)), true);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_end_overflow
#[test]
#[should_panic]
fn test_replace_range_end_overflow() {
    edit_abc((Included(0), Included(usize::MAX)), true);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_empty
#[test]
fn test_replace_range_empty() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.replace_range(1..2, "");
    assert_eq!(s, "1345");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_unbounded
#[test]
fn test_replace_range_unbounded() {
    let arena = Arena::new();
    let mut s = String::from_str_in("12345", &arena);
    s.replace_range(.., "");
    assert_eq!(s, "");
}

/// A range whose bound, asked twice, answers `first` then `then`: std's evil ranges, which
/// must not let `replace_range` check one bound and use another.
struct EvilRange {
    asked: Cell<bool>,
    first: usize,
    then: usize,
    /// Whether the evil bound is the end (else the start).
    end: bool,
}

impl EvilRange {
    /// The evil bound's value now.
    fn evil(&self) -> &usize {
        if self.asked.replace(true) {
            &self.then
        } else {
            &self.first
        }
    }
}

impl RangeBounds<usize> for EvilRange {
    fn start_bound(&self) -> Bound<&usize> {
        if self.end {
            Included(&0)
        } else {
            Included(self.evil())
        }
    }

    fn end_bound(&self) -> Bound<&usize> {
        if self.end {
            Excluded(self.evil())
        } else {
            Unbounded
        }
    }
}

/// Replaces `"🦀"` (4 bytes) over an evil range with nothing: the result must be UTF-8.
fn replace_crab(range: EvilRange) {
    let arena = Arena::new();
    let mut s = String::from_str_in("🦀", &arena);
    s.replace_range(range, "");
    assert_eq!(Ok(""), core::str::from_utf8(s.as_bytes()));
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_evil_start_bound
#[test]
fn test_replace_range_evil_start_bound() {
    replace_crab(EvilRange {
        asked: Cell::new(false),
        first: 0,
        then: 1,
        end: false,
    });
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_replace_range_evil_end_bound
#[test]
fn test_replace_range_evil_end_bound() {
    replace_crab(EvilRange {
        asked: Cell::new(false),
        first: 4,
        then: 3,
        end: true,
    });
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_extend_ref
#[test]
fn test_extend_ref() {
    let arena = Arena::new();
    let mut a = String::from_str_in("foo", &arena);
    a.extend(&['b', 'a', 'r']);
    assert_eq!(&a, "foobar");
}

/// Reserves twice, around 17 pushes, with `reserve` (std's `test_reserve`) or
/// `reserve_exact`, checking the capacities.
fn reserve_around_pushes(reserve: fn(&mut String<'_>, usize)) {
    let arena = Arena::new();
    let mut s = String::new_in(&arena);
    assert_eq!(s.capacity(), 0);
    reserve(&mut s, 2);
    assert!(s.capacity() >= 2);
    for _ in 0..16 {
        s.push('0');
    }
    assert!(s.capacity() >= 16);
    reserve(&mut s, 16);
    assert!(s.capacity() >= 32);
    s.push('0');
    reserve(&mut s, 16);
    assert!(s.capacity() >= 33);
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_reserve
#[test]
fn test_reserve() {
    reserve_around_pushes(|s, n| s.reserve(n));
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_reserve_exact
#[test]
fn test_reserve_exact() {
    reserve_around_pushes(|s, n| s.reserve_exact(n));
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_try_with_capacity
#[test]
fn test_try_with_capacity() {
    let arena = Arena::new();
    let string = String::try_with_capacity_in(1000, &arena).unwrap();
    assert_eq!(0, string.len());
    assert!(string.capacity() >= 1000 && string.capacity() <= isize::MAX as usize);
    assert!(String::try_with_capacity_in(usize::MAX, &arena).is_err());
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_from_char
#[test]
fn test_from_char() {
    let arena = Arena::new();
    let mut s = String::new_in(&arena);
    s.push('a');
    assert_eq!(s, "a");
    let mut s = String::new_in(&arena);
    s.push('x');
    assert_eq!(s, "x");
}

/// bump-scope crates/tests-from-std/src/bump_string.rs: test_str_concat
#[test]
fn test_str_concat() {
    let arena = Arena::new();
    let a = String::from_str_in("hello", &arena);
    let b = String::from_str_in("world", &arena);
    let s = arenakit::format!(in &arena, "{a}{b}");
    assert_eq!(s.as_bytes()[9], b'd');
}
