//! The crate-root macros `arenakit::vec!` and `arenakit::format!`, as a
//! bumpalo user writes `bumpalo::vec![in &bump; ...]` and `bumpalo::format!(in &bump, ...)`:
//! every form with and without a trailing comma, in `Arena` and `SyncArena`; `try in` returns
//! the arena's error under a limit where the plain form panics; the arena expression is
//! evaluated once; `x; n` clones `n - 1` times and moves `x`; imported by name, the macros
//! leave std's forms working.

use crate::collect::{Counters, expect_panic};
use arenakit::collections::{String, Vec};
use arenakit::{AllocErrorKind, Arena, SyncArena};
use std::cell::Cell;
use std::fmt;

/// Every `vec!` form, in both modes; the vectors live in the arena with exactly the capacity
/// they need.
#[test]
fn vec_forms() {
    fn check<M: arenakit::arena::Mode>(arena: &arenakit::arena::Arena<arenakit::source::Heap, M>) {
        let list = arenakit::vec![in arena; 1, 2, 3];
        let trailing = arenakit::vec![in arena; 1, 2, 3,];
        let one = arenakit::vec![in arena; "only"];
        let repeated = arenakit::vec![in arena; [7u8; 2]; 3];
        let mut empty = arenakit::vec![in arena];
        let empty_semi: allocator_api2::vec::Vec<u8, _> = arenakit::vec![in arena;];
        assert_eq!(
            (list.as_slice(), trailing.as_slice()),
            (&[1, 2, 3][..], &[1, 2, 3][..])
        );
        assert_eq!(one, ["only"]);
        assert_eq!(repeated, [[7, 7]; 3]);
        assert!(empty.is_empty() && empty_semi.is_empty());
        assert_eq!((empty.capacity(), empty_semi.capacity()), (0, 0));
        empty.push('x');
        assert_eq!(empty, ['x']);
        assert_eq!((list.capacity(), repeated.capacity()), (3, 3));
        assert!(arena.contains(list.as_ptr()) && arena.contains(repeated.as_ptr()));

        let ok = arenakit::vec![try in arena; 4, 5,].unwrap();
        let ok_repeat = arenakit::vec![try in arena; 'z'; 2].unwrap();
        let ok_empty: allocator_api2::vec::Vec<u8, _> = arenakit::vec![try in arena].unwrap();
        assert_eq!(
            (ok.as_slice(), ok_repeat.as_slice()),
            (&[4, 5][..], &['z', 'z'][..])
        );
        assert!(ok_empty.is_empty());
    }
    check(&Arena::new());
    check(&SyncArena::new());

    // The element type comes from the context, as with std's `vec!`.
    let arena = Arena::new();
    let typed: Vec<u64> = arenakit::vec![in &arena; 1, 2];
    assert_eq!(typed, [1, 2]);
}

/// Every `format!` form, in both modes, against std's `format!`.
#[test]
fn format_forms() {
    fn check<M: arenakit::arena::Mode>(arena: &arenakit::arena::Arena<arenakit::source::Heap, M>) {
        let (name, width, pi) = ("crab", 8, 1.23456);
        let s = arenakit::format!(in arena, "{name:>width$}|{:.2}|{:?}|{:#x}", pi, "q\"", 255);
        assert_eq!(
            s,
            format!("{name:>width$}|{:.2}|{:?}|{:#x}", pi, "q\"", 255)
        );
        assert!(arena.contains(s.as_ptr()));
        let trailing = arenakit::format!(in arena, "{}-{}", 1, 2,);
        assert_eq!(trailing, "1-2");
        let literal = arenakit::format!(in arena, "no arguments");
        assert_eq!(literal, "no arguments");
        let empty = arenakit::format!(in arena);
        assert!(empty.is_empty() && empty.capacity() == 0);
        let mut grows = arenakit::format!(in arena, "{}", 'é');
        grows.push_str(" and more");
        assert_eq!(grows, "é and more");

        assert_eq!(arenakit::format!(try in arena, "{}", 42).unwrap(), "42");
        assert_eq!(arenakit::format!(try in arena, "x{}", 1,).unwrap(), "x1");
        assert!(arenakit::format!(try in arena).unwrap().is_empty());
    }
    check(&Arena::new());
    check(&SyncArena::new());

    // Its result is an arena `String` of the arena's mode.
    let shared = SyncArena::new();
    let _: String<'_, arenakit::source::Heap, arenakit::arena::Shared> =
        arenakit::format!(in &shared, "{}", 1);
}

/// `try in` returns `LimitExceeded` where the plain form panics with the error's message
/// (never an abort); nothing is left allocated after the failure.
#[test]
fn try_forms_report_the_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let big = "x".repeat(100_000);
    let err = arenakit::vec![try in &arena; 0u64; 100_000].unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = arenakit::vec![try in &arena; [0u8; 40_000], [1u8; 40_000]].unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    let err = arenakit::format!(try in &arena, "{big}").unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    // A failure part way through formatting: the first pieces fit, the last does not.
    let err = arenakit::format!(try in &arena, "{}{}{}", "a", &big[..1000], big).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(arena.stats().used, 0, "a failed macro left memory in use");

    let message = expect_panic(|| arenakit::vec![in &arena; 0u64; 100_000]);
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| arenakit::format!(in &arena, "{big}"));
    assert!(message.contains("memory limit"), "{message}");

    // A source with no memory at all.
    let none = Arena::builder().limit(0).build();
    assert!(arenakit::vec![try in &none; 1u8].is_err());
    assert!(
        arenakit::vec![try in &none]
            .map(|v: Vec<u8>| v.is_empty())
            .unwrap()
    );
    assert!(arenakit::format!(try in &none, "{}", 1).is_err());
    assert!(arenakit::format!(try in &none, "").is_ok());
}

/// The arena expression and every element expression are evaluated exactly once.
#[test]
fn expressions_are_evaluated_once() {
    let arena = Arena::new();
    let evaluated = Cell::new(0);
    let arena_ref = || {
        evaluated.set(evaluated.get() + 1);
        &arena
    };
    let v = arenakit::vec![in arena_ref(); 1, 2, 3];
    let r = arenakit::vec![in arena_ref(); { evaluated.set(evaluated.get() + 10); 0 }; 5];
    let s = arenakit::format!(in arena_ref(), "{}", { evaluated.set(evaluated.get() + 100); 1 });
    let t = arenakit::format!(try in arena_ref(), "{}", 2).unwrap();
    let w = arenakit::vec![try in arena_ref(); 4].unwrap();
    assert_eq!(evaluated.get(), 5 + 10 + 100);
    assert_eq!(
        (v.len(), r.len(), s.as_str(), t.as_str(), w.len()),
        (3, 5, "1", "2", 1)
    );
}

/// `vec![in &arena; x; n]` clones `x` `n - 1` times and moves it in last, so `n == 0` drops it;
/// the list form moves its elements. Every element is dropped exactly once.
#[test]
fn repeat_form_clones_and_drops_like_std() {
    struct Cloned<'c> {
        item: crate::collect::Counted<'c>,
        clones: &'c Cell<usize>,
        counters: &'c Counters,
    }
    impl Clone for Cloned<'_> {
        fn clone(&self) -> Self {
            self.clones.set(self.clones.get() + 1);
            Cloned {
                item: self.counters.item(self.clones.get()),
                clones: self.clones,
                counters: self.counters,
            }
        }
    }
    let arena = Arena::new();
    for n in [0, 1, 2, 5] {
        let counters = Counters::new(n.max(1));
        let clones = Cell::new(0);
        let x = Cloned {
            item: counters.item(0),
            clones: &clones,
            counters: &counters,
        };
        let v = arenakit::vec![in &arena; x; n];
        assert_eq!(clones.get(), n.saturating_sub(1), "n = {n}");
        assert_eq!(v.len(), n);
        if n > 0 {
            assert_eq!(v[n - 1].item.id, 0, "the original is not the last element");
        }
        drop(v);
        counters.assert_each_dropped_once(&format!("n = {n}"));
    }

    let counters = Counters::new(3);
    let v = arenakit::vec![in &arena; counters.item(0), counters.item(1), counters.item(2)];
    assert_eq!(counters.drops(), [0, 0, 0]);
    assert!(v.iter().map(|c| c.id).eq(0..3));
    drop(v);
    counters.assert_each_dropped_once("list");
}

/// A `Display` impl that returns an error of its own (a bug: only the writer may fail).
pub struct Broken;

impl fmt::Display for Broken {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

/// A `Display` impl that returns an error of its own makes both `format!` forms panic, as
/// std's does (it is not an allocation failure).
#[test]
fn a_failing_display_impl_panics() {
    let arena = Arena::new();
    let message = expect_panic(|| arenakit::format!(in &arena, "{}", Broken));
    assert!(message.contains("formatting trait"), "{message}");
    let message = expect_panic(|| arenakit::format!(try in &arena, "ok {}", Broken));
    assert!(message.contains("formatting trait"), "{message}");
}

/// Imported by name, the macros shadow std's, whose forms keep working (forwarded to
/// `alloc`'s macros).
mod imported {
    use arenakit::{format, vec};

    #[test]
    fn std_forms_still_work() {
        let heap: std::vec::Vec<i32> = vec![1, 2, 3];
        let filled = vec![0u8; 4];
        let empty: std::vec::Vec<u8> = vec![];
        let text: std::string::String = format!("{}-{}", 1, 2);
        assert_eq!(
            (heap.len(), filled.len(), empty.len(), text.as_str()),
            (3, 4, 0, "1-2")
        );

        let arena = arenakit::Arena::new();
        let v = vec![in &arena; 1, 2];
        let s = format!(in &arena, "{}", v.len());
        assert_eq!((v.as_slice(), s.as_str()), (&[1, 2][..], "2"));
        assert!(arena.contains(v.as_ptr()) && arena.contains(s.as_ptr()));
    }
}
