//! C strings in the arena, as bump-scope users call them: `alloc_cstr`, `alloc_cstr_from_str`
//! and `alloc_cstr_fmt` (cut at the first nul, as bump-scope's are) on `Arena`, `SyncArena`
//! and `Scope`, their `try_` twins under a limit, and the arena `String`'s `into_cstr`.

use crate::collect::expect_panic;
use crate::macros::Broken;
use arenakit::collections::String;
use arenakit::{AllocErrorKind, Arena, SyncArena};
use std::ffi::{CStr, CString};

/// The texts the tests turn into C strings, with what bump-scope makes of each.
const CASES: [(&str, &CStr); 6] = [
    ("", c""),
    ("a", c"a"),
    ("Hello, world!", c"Hello, world!"),
    ("abc\0def", c"abc"),
    ("\0", c""),
    ("é€🦀\0\0x", c"é€🦀"),
];

#[test]
fn alloc_cstr_copies_into_the_arena() {
    let arena = Arena::new();
    let source = CString::new("copied").unwrap();
    let copy = arena.alloc_cstr(&source);
    drop(source);
    assert_eq!(copy, c"copied");
    assert_eq!(copy.to_bytes_with_nul(), b"copied\0");
    assert!(arena.contains(copy.as_ptr()));
    assert_eq!(arena.alloc_cstr(c""), c"");
}

#[test]
fn alloc_cstr_from_str_cuts_at_the_first_nul() {
    let arena = Arena::new();
    for (text, expected) in CASES {
        let c = arena.alloc_cstr_from_str(text);
        assert_eq!(c, expected, "{text:?}");
        assert!(arena.contains(c.as_ptr()));
        assert_eq!(arena.try_alloc_cstr_from_str(text).unwrap(), expected);
    }
}

/// The block holds the text and one nul, no more: the text cut at the nul is not copied.
#[test]
fn a_cut_string_takes_only_its_prefix() {
    let arena = Arena::new();
    let before = arena.stats().used;
    let long = format!("ab\0{}", "x".repeat(10_000));
    assert_eq!(arena.alloc_cstr_from_str(&long), c"ab");
    assert!(arena.stats().used - before <= 8, "{}", arena.stats().used);
}

#[test]
fn alloc_cstr_fmt_formats_and_cuts() {
    let arena = Arena::new();
    let (one, two) = (1, 2);
    assert_eq!(
        arena.alloc_cstr_fmt(format_args!("{one} + {two} = {}", one + two)),
        c"1 + 2 = 3"
    );
    assert_eq!(arena.alloc_cstr_fmt(format_args!("{one}\0{two}")), c"1");
    assert_eq!(arena.alloc_cstr_fmt(format_args!("literal")), c"literal");
    assert_eq!(arena.alloc_cstr_fmt(format_args!("lit\0eral")), c"lit");
    assert_eq!(arena.alloc_cstr_fmt(format_args!("{}", "")), c"");
    let long = "y".repeat(100_000);
    let c = arena.try_alloc_cstr_fmt(format_args!("<{long}>")).unwrap();
    assert_eq!(c.to_bytes().len(), 100_002);
    assert!(arena.contains(c.as_ptr()));
}

/// The temporary string goes back to the arena: formatting a C string leaves the arena
/// holding its bytes and nul, not the buffer it was formatted in.
#[test]
fn alloc_cstr_fmt_gives_its_buffer_back() {
    let arena = Arena::new();
    let words = ["alpha", "beta", "gamma"];
    arena.alloc_cstr_fmt(format_args!("{words:?}"));
    let used = arena.stats().used;
    for _ in 0..100 {
        let c = arena.alloc_cstr_fmt(format_args!("{words:?}"));
        assert_eq!(c.to_str().unwrap(), format!("{words:?}"));
    }
    let per_call = format!("{words:?}").len() + 1;
    assert!(
        arena.stats().used - used <= 100 * per_call.next_multiple_of(8),
        "{} bytes for 100 strings of {per_call}",
        arena.stats().used - used
    );
}

#[test]
fn try_twins_report_the_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let big = "z".repeat(1 << 20);
    let big_c = CString::new(big.clone()).unwrap();
    let err = arena.try_alloc_cstr(&big_c).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = arena.try_alloc_cstr_from_str(&big).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = arena.try_alloc_cstr_fmt(format_args!("{big}")).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    // A small one still fits, and the failed attempts left the arena usable.
    assert_eq!(arena.try_alloc_cstr_from_str("ok").unwrap(), c"ok");

    let message = expect_panic(|| {
        arena.alloc_cstr_from_str(&big);
    });
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| {
        arena.alloc_cstr_fmt(format_args!("{big}"));
    });
    assert!(message.contains("memory limit"), "{message}");
}

/// A `Display` impl that fails on its own is a bug std's `format!` panics on; so do these.
#[test]
fn a_failing_display_panics() {
    let arena = Arena::new();
    let message = expect_panic(|| {
        let _ = arena.try_alloc_cstr_fmt(format_args!("{Broken}"));
    });
    assert!(message.contains("formatting trait"), "{message}");
}

#[test]
fn scope_c_strings_are_released_with_the_scope() {
    let arena = Arena::new();
    let kept = arena.alloc_cstr(c"kept");
    let used = arena.stats().used;
    arena.scope(|s| {
        let a = s.alloc_cstr(c"scoped");
        let b = s.alloc_cstr_from_str("from\0str");
        let c = s.alloc_cstr_fmt(format_args!("{}-{}", kept.to_str().unwrap(), 9));
        assert_eq!((a, b, c), (c"scoped", c"from", c"kept-9"));
        assert_eq!(s.try_alloc_cstr_fmt(format_args!("{}", 1)).unwrap(), c"1");
    });
    assert_eq!(
        arena.stats().used,
        used,
        "the scope's strings were not released"
    );
    assert_eq!(kept, c"kept");
}

#[test]
fn sync_arena_c_strings_from_threads() {
    let arena = SyncArena::new();
    std::thread::scope(|t| {
        for i in 0..4 {
            let arena = &arena;
            t.spawn(move || {
                for j in 0..100 {
                    let c = arena.alloc_cstr_fmt(format_args!("{i}:{j}"));
                    assert_eq!(c.to_str().unwrap(), format!("{i}:{j}"));
                    assert_eq!(arena.alloc_cstr_from_str("x\0y"), c"x");
                }
            });
        }
    });
}

#[test]
fn string_into_cstr() {
    let arena = Arena::new();
    for (text, expected) in CASES {
        assert_eq!(String::from_str_in(text, &arena).into_cstr(), expected);
        let s = String::from_str_in(text, &arena);
        assert_eq!(s.try_into_cstr().unwrap(), expected);
    }
    // A string at capacity grows by the nul.
    let mut full = String::with_capacity_in(3, &arena);
    full.push_str("abc");
    assert_eq!(full.capacity(), 3);
    let c = full.into_cstr();
    assert_eq!(c, c"abc");
    assert!(arena.contains(c.as_ptr()));
}

#[test]
fn string_try_into_cstr_reports_the_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let mut s = String::new_in(&arena);
    // Grow the buffer up to the limit, by ever smaller steps: the nul then has no room.
    for step in (0..=16).rev().map(|bit| 1usize << bit) {
        while s.try_reserve_exact(step).is_ok() {
            s.push_str(&"q".repeat(step));
        }
    }
    let len = s.len();
    let err = s.try_into_cstr().unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(len > 1000);
}
