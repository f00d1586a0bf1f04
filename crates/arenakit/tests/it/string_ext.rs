//! The arena `String`'s std methods, as a user of bumpalo's
//! `collections::String` reaches for them: random edit sequences against std's `String`
//! (property test), `retain` that stays valid UTF-8 when its predicate panics (the regression
//! of bumpalo #261 and rust-lang/rust #78498), `drain` dropped early or leaked,
//! `shrink_to_fit` giving memory back, every `try_` twin under a limit (string unchanged,
//! `LimitExceeded`) while the plain method panics, lossy UTF-8 decoding against std, and the
//! conversions and operators.

use crate::collect::expect_panic;
use crate::common::proptest_config;
use arenakit::collections::String;
use arenakit::{AllocErrorKind, Arena};
use proptest::prelude::*;
use std::borrow::Cow;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

// --- against std, operation by operation --------------------------------------------------

/// The texts the operations insert: empty, ASCII, 2-, 3- and 4-byte chars.
const PIECES: [&str; 6] = ["", "a", "xyz", "é", "€ß", "🦀q"];

#[derive(Clone, Debug)]
enum Op {
    Push(char),
    PushStr(usize),
    Insert(usize, char),
    InsertStr(usize, usize),
    Remove(usize),
    Pop,
    Truncate(usize),
    Retain(u32),
    Drain(usize, usize, usize),
    SplitOff(usize),
    ExtendFromWithin(usize, usize),
    ReplaceRange(usize, usize, usize),
    ShrinkToFit,
    Clear,
}

fn op() -> impl Strategy<Value = Op> {
    let ch = prop::sample::select(vec!['a', 'Z', 'é', '€', '🦀', '_']);
    let piece = 0..PIECES.len();
    prop_oneof![
        ch.clone().prop_map(Op::Push),
        piece.clone().prop_map(Op::PushStr),
        (any::<usize>(), ch).prop_map(|(i, c)| Op::Insert(i, c)),
        (any::<usize>(), piece.clone()).prop_map(|(i, p)| Op::InsertStr(i, p)),
        any::<usize>().prop_map(Op::Remove),
        Just(Op::Pop),
        any::<usize>().prop_map(Op::Truncate),
        (1..5u32).prop_map(Op::Retain),
        (any::<usize>(), any::<usize>(), 0..3usize).prop_map(|(a, b, t)| Op::Drain(a, b, t)),
        any::<usize>().prop_map(Op::SplitOff),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::ExtendFromWithin(a, b)),
        (any::<usize>(), any::<usize>(), piece).prop_map(|(a, b, p)| Op::ReplaceRange(a, b, p)),
        Just(Op::ShrinkToFit),
        Just(Op::Clear),
    ]
}

/// The `pick`-th char boundary of `s` (modulo their number), end included.
fn boundary(s: &str, pick: usize) -> usize {
    let count = s.chars().count() + 1;
    s.char_indices()
        .map(|(i, _)| i)
        .chain([s.len()])
        .nth(pick % count)
        .unwrap()
}

/// Two char boundaries of `s`, in order.
fn range(s: &str, a: usize, b: usize) -> std::ops::Range<usize> {
    let (a, b) = (boundary(s, a), boundary(s, b));
    a.min(b)..a.max(b)
}

/// Applies `op` to both strings, checking the values the methods return agree.
fn apply(arena_s: &mut String<'_>, std_s: &mut std::string::String, op: &Op) {
    match *op {
        Op::Push(c) => (arena_s.push(c), std_s.push(c)).0,
        Op::PushStr(p) => (arena_s.push_str(PIECES[p]), std_s.push_str(PIECES[p])).0,
        Op::Insert(i, c) => {
            let i = boundary(std_s, i);
            arena_s.insert(i, c);
            std_s.insert(i, c);
        }
        Op::InsertStr(i, p) => {
            let i = boundary(std_s, i);
            arena_s.insert_str(i, PIECES[p]);
            std_s.insert_str(i, PIECES[p]);
        }
        Op::Remove(i) if !std_s.is_empty() => {
            let i = std_s
                .char_indices()
                .nth(i % std_s.chars().count())
                .unwrap()
                .0;
            assert_eq!(arena_s.remove(i), std_s.remove(i));
        }
        Op::Remove(_) => {}
        Op::Pop => assert_eq!(arena_s.pop(), std_s.pop()),
        Op::Truncate(i) => {
            let i = boundary(std_s, i);
            arena_s.truncate(i);
            std_s.truncate(i);
        }
        Op::Retain(m) => {
            let (mut seen_a, mut seen_s) = (vec![], vec![]);
            arena_s.retain(|c| {
                seen_a.push(c);
                !(c as u32).is_multiple_of(m)
            });
            std_s.retain(|c| {
                seen_s.push(c);
                !(c as u32).is_multiple_of(m)
            });
            assert_eq!(seen_a, seen_s, "retain visited other chars");
        }
        Op::Drain(a, b, take) => {
            let r = range(std_s, a, b);
            let mut arena_drain = arena_s.drain(r.clone());
            let mut std_drain = std_s.drain(r);
            assert_eq!(arena_drain.as_str(), std_drain.as_str());
            for _ in 0..take {
                assert_eq!(arena_drain.next(), std_drain.next());
                assert_eq!(arena_drain.next_back(), std_drain.next_back());
            }
            assert_eq!(arena_drain.as_str(), std_drain.as_str());
            assert_eq!(arena_drain.size_hint().1, std_drain.size_hint().1);
        }
        Op::SplitOff(i) => {
            let i = boundary(std_s, i);
            assert_eq!(arena_s.split_off(i), std_s.split_off(i));
        }
        Op::ExtendFromWithin(a, b) => {
            let r = range(std_s, a, b);
            arena_s.extend_from_within(r.clone());
            let piece = std_s[r].to_owned(); // std's `extend_from_within` is newer than the MSRV
            std_s.push_str(&piece);
        }
        Op::ReplaceRange(a, b, p) => {
            let r = range(std_s, a, b);
            arena_s.replace_range(r.clone(), PIECES[p]);
            std_s.replace_range(r, PIECES[p]);
        }
        Op::ShrinkToFit => {
            arena_s.shrink_to_fit();
            assert_eq!(arena_s.capacity(), arena_s.len());
        }
        Op::Clear => (arena_s.clear(), std_s.clear()).0,
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Random edit sequences give the same text as std's `String`, which stays valid UTF-8
    /// in the arena; everything goes back to the arena at the end.
    #[test]
    fn string_edits_match_std(ops in prop::collection::vec(op(), 0..40)) {
        let arena = Arena::builder().chunk_size(256).build();
        let mut arena_s = String::new_in(&arena);
        let mut std_s = std::string::String::new();
        for op in &ops {
            apply(&mut arena_s, &mut std_s, op);
            prop_assert_eq!(arena_s.as_str(), std_s.as_str(), "after {:?}", op);
            prop_assert!(std::str::from_utf8(arena_s.as_bytes()).is_ok());
            prop_assert!(arena_s.capacity() >= arena_s.len());
        }
        drop(arena_s);
        prop_assert_eq!(arena.stats().used, 0);
    }
}

// --- retain and a panicking predicate (bumpalo #261) -------------------------------------------

/// rust-lang/rust #78498, the report behind bumpalo #261: drop the first char, keep the
/// second (which moves it), panic on the third. The string must stay valid UTF-8, holding
/// the kept char and every char not decided on (the one the predicate panicked on included).
#[test]
fn retain_with_a_panicking_predicate_stays_utf8() {
    let arena = Arena::new();
    let mut s = String::from_str_in("0è0", &arena);
    let calls = Cell::new(0);
    let result = catch_unwind(AssertUnwindSafe(|| {
        s.retain(|_| {
            calls.set(calls.get() + 1);
            match calls.get() {
                1 => false,
                2 => true,
                _ => panic!("arenakit test: deliberate panic in retain"),
            }
        })
    }));
    assert!(result.is_err());
    assert!(
        std::str::from_utf8(s.as_bytes()).is_ok(),
        "invalid UTF-8: {:?}",
        s.as_bytes()
    );
    assert_eq!(s, "è0");
    // The string is fully usable afterwards.
    s.push('!');
    s.retain(|c| c != '0');
    assert_eq!(s, "è!");
}

/// Exhaustively for a text of 1- to 4-byte chars: every keep/drop pattern, and a panic at
/// every call. The result is the kept chars of the decided prefix followed by the undecided
/// rest, in order: no char lost or duplicated, always valid UTF-8.
#[test]
fn retain_panicking_at_every_char_keeps_a_consistent_prefix() {
    let text = "aé€🦀b";
    let chars: std::vec::Vec<char> = text.chars().collect();
    let arena = Arena::new();
    for pattern in 0u32..1 << chars.len() {
        let keep = |i: usize| pattern & (1 << i) != 0;
        for panic_at in 0..=chars.len() {
            let mut s = String::from_str_in(text, &arena);
            let calls = Cell::new(0);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                s.retain(|_| {
                    let i = calls.get();
                    calls.set(i + 1);
                    assert!(i != panic_at, "arenakit test: deliberate panic in retain");
                    keep(i)
                })
            }));
            let decided = panic_at.min(chars.len());
            let expected: std::string::String = (0..decided)
                .filter(|&i| keep(i))
                .map(|i| chars[i])
                .chain(chars[decided..].iter().copied())
                .collect();
            assert_eq!(outcome.is_err(), panic_at < chars.len());
            assert!(std::str::from_utf8(s.as_bytes()).is_ok());
            assert_eq!(s, *expected, "pattern {pattern:b}, panic at {panic_at}");
        }
    }
}

// --- drain ----------------------------------------------------------------------------------

/// The range goes when the drain is dropped, consumed or not; a leaked drain leaves the string
/// unchanged and valid; bad ranges panic and leave it unchanged.
#[test]
fn drain_dropped_early_or_leaked() {
    let arena = Arena::new();
    let mut s = String::from_str_in("héllo wörld", &arena);
    let mut d = s.drain(1..6);
    assert_eq!(d.next(), Some('é'));
    drop(d); // "éllo" goes, though only 'é' was taken
    assert_eq!(s, "h wörld");

    let d = s.drain(..2);
    std::mem::forget(d);
    assert_eq!(s, "h wörld");
    assert!(std::str::from_utf8(s.as_bytes()).is_ok());

    let drained: std::string::String = s.drain(3..).rev().collect();
    assert_eq!((drained.as_str(), s.as_str()), ("dlrö", "h w"));

    let mut s = String::from_str_in("aé", &arena);
    for (start, end) in [(2, 3), (0, 4), (3, 1)] {
        let message = expect_panic(|| s.drain(start..end));
        assert!(!message.is_empty());
        assert_eq!(s, "aé", "{start}..{end}");
    }
    let message = expect_panic(|| s.drain(..=usize::MAX));
    assert!(message.contains("overflow"), "{message}");
}

// --- capacity -------------------------------------------------------------------------------

/// `shrink_to_fit` on the arena's newest string rolls the arena back; an emptied string gives
/// its whole buffer back; an older string keeps its bytes where they are.
#[test]
fn shrink_to_fit_gives_memory_back() {
    let arena = Arena::new();
    let mut s = String::with_capacity_in(4096, &arena);
    s.push_str("short");
    let before = arena.stats().used;
    s.shrink_to_fit();
    assert_eq!(s.capacity(), 5);
    assert!(
        arena.stats().used <= before - 4000,
        "nothing was given back"
    );
    s.clear();
    s.shrink_to_fit();
    assert_eq!(s.capacity(), 0);
    assert_eq!(arena.stats().used, 0, "an empty string kept its buffer");

    let mut old = String::with_capacity_in(100, &arena);
    old.push_str("old");
    let newer = arena.alloc(1u64);
    let ptr = old.as_ptr();
    old.shrink_to(10);
    assert_eq!(
        (old.capacity(), old.as_ptr(), old.as_str()),
        (10, ptr, "old")
    );
    assert_eq!(*newer, 1);

    let mut exact = arena.string();
    exact.push('x');
    exact.reserve_exact(9);
    assert_eq!(exact.capacity(), 10);
}

// --- allocation failure -----------------------------------------------------------------------

/// Under a byte limit every `try_` method returns `LimitExceeded` and leaves the string as it
/// was; the plain methods panic with the error's message (never abort).
#[test]
fn try_methods_report_the_limit_and_leave_the_string_unchanged() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let big = "x".repeat(100_000);
    let s = String::from_str_in("héllo", &arena);
    type Attempt<'b> = Box<dyn Fn(&mut String<'_>) -> Result<(), arenakit::AllocError> + 'b>;
    let attempts: [(&str, Attempt<'_>); 6] = [
        ("try_push_str", Box::new(|s| s.try_push_str(&big))),
        (
            "try_extend_zeroed",
            Box::new(|s| s.try_extend_zeroed(big.len())),
        ),
        ("try_insert_str", Box::new(|s| s.try_insert_str(1, &big))),
        (
            "try_replace_range",
            Box::new(|s| s.try_replace_range(1..3, &big)),
        ),
        (
            "try_extend_from_within",
            Box::new(|s| (0..20).try_for_each(|_| s.try_extend_from_within(..))),
        ),
        (
            "try_push",
            Box::new(|s| (0..100_000).try_for_each(|_| s.try_push('€'))),
        ),
    ];
    for (name, attempt) in &attempts {
        let mut copy = s.clone();
        let len = copy.len();
        let result = attempt(&mut copy);
        assert_eq!(
            result.unwrap_err().kind(),
            AllocErrorKind::LimitExceeded,
            "{name}"
        );
        match *name {
            // These fail part way, after successful steps: what was added stays, valid.
            "try_extend_from_within" | "try_push" => {
                assert!(copy.starts_with("héllo") && copy.len() > len, "{name}");
                assert!(std::str::from_utf8(copy.as_bytes()).is_ok(), "{name}");
            }
            _ => assert_eq!(copy, "héllo", "{name}"),
        }
    }
    for (name, result) in [
        (
            "try_with_capacity_in",
            String::try_with_capacity_in(100_000, &arena).map(drop),
        ),
        (
            "try_from_str_in",
            String::try_from_str_in(&big, &arena).map(drop),
        ),
        (
            "try_from_utf8_lossy_in",
            String::try_from_utf8_lossy_in(big.as_bytes(), &arena).map(drop),
        ),
        (
            "try_from_fmt_in",
            String::try_from_fmt_in(format_args!("{big}"), &arena).map(drop),
        ),
    ] {
        assert_eq!(
            result.unwrap_err().kind(),
            AllocErrorKind::LimitExceeded,
            "{name}"
        );
    }
    let mut tail = String::from_str_in(&big[..40_000], &arena);
    let err = tail.try_split_off(0).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(tail.len(), 40_000, "a failed split_off changed the string");
    let err = tail.try_clone().unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let message = expect_panic(|| tail.clone());
    assert!(message.contains("memory limit"), "{message}");
    drop(tail);

    for (name, message) in [
        ("push_str", expect_panic(|| s.clone().push_str(&big))),
        ("insert_str", expect_panic(|| s.clone().insert_str(0, &big))),
        (
            "replace_range",
            expect_panic(|| s.clone().replace_range(.., &big)),
        ),
        ("reserve", expect_panic(|| s.clone().reserve(100_000))),
        (
            "reserve_exact",
            expect_panic(|| s.clone().reserve_exact(100_000)),
        ),
        (
            "from_str_in",
            expect_panic(|| String::from_str_in(&big, &arena)),
        ),
        (
            "extend",
            expect_panic(|| s.clone().extend(std::iter::repeat_n("xyz", 40_000))),
        ),
    ] {
        assert!(message.contains("memory limit"), "{name}: {message}");
    }
    assert_eq!(s, "héllo");
}

// --- constructors, conversions and operators ------------------------------------------------

/// `from_utf8_lossy_in` replaces exactly what std's `from_utf8_lossy` replaces.
#[test]
fn from_utf8_lossy_matches_std() {
    let arena = Arena::new();
    let inputs: [&[u8]; 9] = [
        b"",
        b"plain ascii",
        "valid é € 🦀".as_bytes(),
        b"\xff",
        b"a\xc3",             // truncated 2-byte char
        b"\xf0\x9f\xa6 crab", // truncated 4-byte char
        b"\xed\xa0\x80",      // a surrogate
        b"\xc0\xaf overlong",
        b"\x80\x80\xe2\x82\xac\xe2\x82",
    ];
    for bytes in inputs {
        let ours = String::from_utf8_lossy_in(bytes, &arena);
        assert_eq!(
            ours,
            std::string::String::from_utf8_lossy(bytes),
            "{bytes:?}"
        );
    }
}

/// The unsafe escape hatches, the arena accessor, `Add`/`AddAssign`, every `Extend` and
/// comparisons with std's `String` and `Cow<str>`, both ways.
#[test]
fn conversions_and_operators() {
    let arena = Arena::new();
    let other = Arena::new();
    let mut s = String::from_str_in("abc", &arena);
    assert!(std::ptr::eq(s.arena(), &arena));
    // SAFETY: ASCII uppercase keeps the bytes UTF-8.
    unsafe { s.as_mut_vec().make_ascii_uppercase() };
    assert_eq!(s, "ABC");
    let mut bytes = arena.vec();
    bytes.extend_from_slice("ñ".as_bytes());
    // SAFETY: the bytes came from a `&str`.
    let n = unsafe { String::from_utf8_unchecked(bytes) };
    assert_eq!(n, "ñ");

    s += "-";
    let mut s = s + "d";
    s.extend(['e', 'f']);
    s.extend(&['g']);
    s.extend(["h", "i"]);
    s.extend([String::from_str_in("j", &other)]);
    s.extend([std::string::String::from("k")]);
    s.extend([Cow::Borrowed("l"), Cow::Owned("m".to_owned())]);
    assert_eq!(s, "ABC-defghijklm");
    assert!(arena.contains(s.as_ptr()));

    let std_s = std::string::String::from("ABC-defghijklm");
    assert_eq!(s, std_s);
    assert_eq!(std_s, s);
    let cow: Cow<'_, str> = Cow::Borrowed("ABC-defghijklm");
    assert_eq!(s, cow);
    assert_eq!(cow, s);
    let other = std::string::String::from("x");
    assert_ne!(s, other);
    let copy = s.clone();
    assert!(arena.contains(copy.as_ptr()) && copy == s && copy.capacity() == copy.len());
    let frozen: &mut str = s.into_str();
    assert_eq!(frozen, "ABC-defghijklm");
}

/// `insert`, `remove`, `split_off` and `extend_from_within` panic off char boundaries and
/// past the end, as std's do, leaving the string unchanged.
#[test]
fn edits_panic_off_char_boundaries() {
    let arena = Arena::new();
    let mut s = String::from_str_in("aé", &arena);
    let mut std_s = std::string::String::from("aé");
    for idx in [2, 4] {
        expect_panic(|| s.insert(idx, 'x'));
        expect_panic(|| std_s.insert(idx, 'x'));
        expect_panic(|| s.split_off(idx));
        expect_panic(|| std_s.split_off(idx));
        expect_panic(|| s.extend_from_within(idx..));
        expect_panic(|| std_s.extend_from_within(idx..));
        expect_panic(|| s.replace_range(..idx, ""));
        expect_panic(|| std_s.replace_range(..idx, ""));
    }
    for idx in [2, 3] {
        expect_panic(|| s.remove(idx));
        expect_panic(|| std_s.remove(idx));
    }
    assert_eq!((s.as_str(), std_s.as_str()), ("aé", "aé"));
}

/// `extend_zeroed` appends nul bytes written by the arena, also over spare capacity that held
/// other bytes.
#[test]
fn extend_zeroed_appends_nul_bytes() {
    let arena = Arena::new();
    let mut s = String::with_capacity_in(16, &arena);
    s.push_str("0123456789abcdef");
    s.truncate(2);
    s.extend_zeroed(14);
    assert_eq!(s.as_bytes(), b"01\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    s.extend_zeroed(0);
    assert_eq!(s.len(), 16);
    s.extend_zeroed(1000); // grows
    assert_eq!(s.len(), 1016);
    assert!(s[2..].bytes().all(|b| b == 0));
    let c = s.into_cstr();
    assert_eq!(c, c"01");
}
