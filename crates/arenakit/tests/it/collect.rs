//! `collect_in`, `try_collect_in` and `FromIteratorIn`, used as a user of
//! bumpalo's `CollectIn` or bump-scope's `from_iter_in` would: every target type from `Arena`
//! and `SyncArena`, against std's `collect`; `Option` and `Result` stop at the first `None` /
//! `Err` without pulling another item; the `try_` form returns the arena's error under a byte
//! limit and under a failing source (never panics, drops every item once), the panicking form
//! panics (does not abort); lying size hints and panicking iterators.
//!
//! Also the drop-counting fixture shared with `vec_ext` and `string_ext`: [`Counters`].

use crate::common::CountingSource;
use arenakit::arena::{Arena as AnyArena, Mode, Shared};
use arenakit::collections::{FromIteratorIn, HashMap, HashSet, String, Vec};
use arenakit::prelude::*;
use arenakit::source::Heap;
use arenakit::{AllocErrorKind, Arena, SyncArena};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One drop counter per element id, on the stack: elements that count their drops without
/// holding heap memory, so a test may leak some (`mem::forget`) without the leak checkers of
/// the sanitizer jobs reporting anything.
pub struct Counters(std::vec::Vec<Cell<u32>>);

impl Counters {
    /// Counters for the ids `0..n`.
    pub fn new(n: usize) -> Self {
        Counters((0..n).map(|_| Cell::new(0)).collect())
    }

    /// A value with id `id` that bumps its counter when dropped.
    pub fn item(&self, id: usize) -> Counted<'_> {
        Counted { id, drops: self }
    }

    /// How many times each id was dropped, by id.
    pub fn drops(&self) -> std::vec::Vec<u32> {
        self.0.iter().map(Cell::get).collect()
    }

    /// Panics unless every id was dropped exactly once.
    #[track_caller]
    pub fn assert_each_dropped_once(&self, case: &str) {
        let drops = self.drops();
        assert!(
            drops.iter().all(|&d| d == 1),
            "{case}: drops by id {drops:?}"
        );
    }
}

/// A value that counts its drops in a [`Counters`].
pub struct Counted<'c> {
    pub id: usize,
    drops: &'c Counters,
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        let cell = &self.drops.0[self.id];
        cell.set(cell.get() + 1);
    }
}

/// The message of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> std::string::String {
    payload
        .downcast_ref::<&str>()
        .map(|m| (*m).to_owned())
        .or_else(|| payload.downcast_ref::<std::string::String>().cloned())
        .unwrap_or_default()
}

/// Runs `f`, which must panic (not abort), and returns the panic's message.
#[track_caller]
pub fn expect_panic<R>(f: impl FnOnce() -> R) -> std::string::String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_message(&*payload),
    }
}

/// Every target type, collected from the arena `arena` of either mode, matches std's
/// `collect` and lives in the arena.
fn every_target<M: Mode>(arena: &AnyArena<Heap, M>) {
    let words = ["delta", "alpha", "charlie", "alpha", "bravo"];

    // Vec: an iterator that knows its length gets exactly that capacity; one that does not
    // grows in place (nothing abandoned: the arena holds exactly the final buffer).
    let v: Vec<'_, usize, Heap, M> = words.iter().map(|w| w.len()).collect_in(arena);
    assert!(v.iter().copied().eq(words.iter().map(|w| w.len())));
    assert_eq!(v.capacity(), words.len());
    assert!(arena.contains(v.as_ptr()));
    drop(v);
    assert_eq!(arena.stats().used, 0);
    let odd: Vec<'_, u64, Heap, M> = (0..1000u64).filter(|x| x % 2 == 1).collect_in(arena);
    assert_eq!(odd.len(), 500);
    assert!(odd.iter().copied().eq((0..1000).filter(|x| x % 2 == 1)));
    assert_eq!(arena.stats().used, odd.capacity() * 8);
    drop(odd);

    // String from chars and from strs.
    let s: String<'_, Heap, M> = words.iter().flat_map(|w| w.chars().rev()).collect_in(arena);
    let expected: std::string::String = words.iter().flat_map(|w| w.chars().rev()).collect();
    assert_eq!(s, expected);
    assert!(arena.contains(s.as_ptr()));
    let joined: String<'_, Heap, M> = words.iter().copied().collect_in(arena);
    assert_eq!(joined, words.concat());
    let unicode: String<'_, Heap, M> = "añ€🦀".chars().cycle().take(9).collect_in(arena);
    assert_eq!(unicode, "añ€🦀añ€🦀a");

    // HashMap: a repeated key keeps the last value, as std's does; HashSet drops repeats.
    let m: HashMap<'_, &str, usize, Heap, M> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, i))
        .collect_in(arena);
    let std_m: std::collections::HashMap<&str, usize> =
        words.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    assert_eq!(m.len(), std_m.len());
    assert!(std_m.iter().all(|(k, v)| m.get(k) == Some(v)));
    assert!(arena.contains(m.get("alpha").unwrap()));
    let set: HashSet<'_, &str, Heap, M> = words.iter().copied().collect_in(arena);
    assert_eq!(set.len(), 4);
    assert!(words.iter().all(|w| set.contains(w)));

    // Frozen slices and strs, with the spare capacity given back.
    let used = arena.stats().used;
    let slice: &mut [u64] = (0..100u64).filter(|x| x % 10 == 0).collect_in(arena);
    assert_eq!(slice, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    assert_eq!(
        arena.stats().used - used,
        80,
        "the spare capacity was not given back"
    );
    slice[0] = 5;
    let shared: &[u8] = b"bytes".iter().copied().collect_in(arena);
    assert_eq!(shared, b"bytes");
    let text: &str = ["fro", "zen"].into_iter().collect_in(arena);
    assert_eq!(text, "frozen");
    let text_mut: &mut str = "abc"
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .collect_in(arena);
    text_mut.make_ascii_lowercase();
    assert_eq!(text_mut, "abc");
    assert!(arena.contains(text.as_ptr()) && arena.contains(text_mut.as_ptr()));
    assert_eq!((slice[0], shared), (5, &b"bytes"[..]));

    // Through the trait, without `collect_in`.
    let v = Vec::from_iter_in([3, 2, 1], arena);
    assert_eq!(v, [3, 2, 1]);
    let s = String::try_from_iter_in(["x", "y"], arena).unwrap();
    assert_eq!(s, "xy");
}

/// `collect_in` builds every target type in an `Arena` and in a `SyncArena`.
#[test]
fn collect_in_every_target_in_both_modes() {
    every_target(&Arena::new());
    every_target(&SyncArena::new());
}

/// `Option<C>` and `Result<C, E>` stop at the first `None` / `Err` like std's: the rest of the
/// iterator is not pulled, and the error is the first one.
#[test]
fn option_and_result_short_circuit() {
    let arena = Arena::new();
    let pulled = Cell::new(0);
    let items =
        |xs: &'static [Option<u32>]| xs.iter().inspect(|_| pulled.set(pulled.get() + 1)).copied();

    let all: Option<Vec<u32>> = items(&[Some(1), Some(2)]).collect_in(&arena);
    assert_eq!(all.unwrap(), [1, 2]);
    pulled.set(0);
    let none: Option<Vec<u32>> = items(&[Some(1), None, Some(3), None]).collect_in(&arena);
    assert!(none.is_none());
    assert_eq!(pulled.get(), 2, "items after the first None were pulled");
    let empty: Option<Vec<u32>> = items(&[]).collect_in(&arena);
    assert!(empty.unwrap().is_empty());

    let parse = |xs: &[&'static str]| {
        pulled.set(0);
        xs.iter()
            .inspect(|_| pulled.set(pulled.get() + 1))
            .map(|s| s.parse::<i32>())
            .collect_in::<Result<Vec<i32>, _>>(&arena)
    };
    assert_eq!(parse(&["1", "-2", "3"]).unwrap(), [1, -2, 3]);
    let err = parse(&["1", "x", "3", ""]).unwrap_err();
    assert_eq!(err, "x".parse::<i32>().unwrap_err(), "not the first error");
    assert_eq!(pulled.get(), 2, "items after the first Err were pulled");

    // Other targets inside, and nesting.
    let s: Result<String, char> = "ab?c"
        .chars()
        .map(|c| if c == '?' { Err(c) } else { Ok(c) })
        .collect_in(&arena);
    assert_eq!(s.unwrap_err(), '?');
    let m: Option<HashMap<u8, u8>> = [Some((1, 2)), Some((3, 4))].into_iter().collect_in(&arena);
    assert_eq!(m.unwrap()[&3], 4);
    let nested: Result<Option<Vec<u8>>, ()> = [Ok(Some(1)), Ok(None), Err(())]
        .into_iter()
        .collect_in(&arena);
    assert_eq!(nested, Ok(None));
    let slice: Option<&[u8]> = [Some(1), Some(2)].into_iter().collect_in(&arena);
    assert_eq!(slice.unwrap(), [1, 2]);

    // UTF-16 through `Result<String, _>` (the type has no `from_utf16_in`), against std.
    let units: std::vec::Vec<u16> = "hé🦀".encode_utf16().collect();
    let decoded: Result<String, _> = char::decode_utf16(units.iter().copied()).collect_in(&arena);
    assert_eq!(decoded.unwrap(), "hé🦀");
    let bad = [0xD800u16, 0x61];
    let decoded: Result<String, _> = char::decode_utf16(bad).collect_in(&arena);
    assert_eq!(decoded.unwrap_err().unpaired_surrogate(), 0xD800);
    assert!(std::string::String::from_utf16(&bad).is_err());
}

/// `try_collect_in` under a byte limit: every target type returns `LimitExceeded`, never
/// panics, and the arena is still usable; `collect_in` panics with the error's message (an
/// abort would kill the test binary).
#[test]
fn try_collect_in_reports_the_limit() {
    let arena = Arena::builder().limit(64 * 1024).build();
    let many = || 0..100_000u32;
    let lying = || many().filter(|_| true); // no lower bound: fails part way, not up front
    let kinds = [
        many().try_collect_in::<Vec<u32>>(&arena).map(drop),
        lying().try_collect_in::<Vec<u32>>(&arena).map(drop),
        lying()
            .map(|_| 'é')
            .try_collect_in::<String>(&arena)
            .map(drop),
        lying()
            .map(|_| "str")
            .try_collect_in::<String>(&arena)
            .map(drop),
        lying()
            .map(|x| (x, x))
            .try_collect_in::<HashMap<u32, u32>>(&arena)
            .map(drop),
        many().try_collect_in::<HashSet<u32>>(&arena).map(drop),
        lying().try_collect_in::<&[u32]>(&arena).map(drop),
        lying()
            .map(|_| 'x')
            .try_collect_in::<&str>(&arena)
            .map(drop),
        lying()
            .map(Some)
            .try_collect_in::<Option<Vec<u32>>>(&arena)
            .map(drop),
        lying()
            .map(Ok::<_, ()>)
            .try_collect_in::<Result<Vec<u32>, ()>>(&arena)
            .map(drop),
    ];
    for (i, result) in kinds.into_iter().enumerate() {
        assert_eq!(
            result.unwrap_err().kind(),
            AllocErrorKind::LimitExceeded,
            "target {i}"
        );
    }
    assert!(arena.stats().held <= 64 * 1024);
    // Small collections still fit.
    let small: Vec<u32> = (0..100).try_collect_in(&arena).unwrap();
    assert_eq!(small.len(), 100);

    let message = expect_panic(|| lying().collect_in::<Vec<u32>>(&arena));
    assert!(message.contains("memory limit"), "{message}");
    let message = expect_panic(|| lying().map(|_| 'x').collect_in::<String>(&arena));
    assert!(message.contains("memory limit"), "{message}");
}

/// `try_collect_in` under a source that refuses chunks after the first `n`, for every `n`:
/// `SourceExhausted` or a complete collection, and every item the iterator made is dropped
/// exactly once either way.
#[test]
fn try_collect_in_under_a_failing_source() {
    const N: usize = 3_000;
    let (mut failed, mut succeeded) = (0, 0);
    for n in 0..8 {
        let arena = Arena::builder()
            .source(CountingSource::failing_after(n))
            .chunk_size(4096)
            .build();
        let counters = Counters::new(N);
        let made = Cell::new(0);
        let items = (0..N).filter(|_| true).map(|i| {
            made.set(made.get() + 1);
            counters.item(i)
        });
        match items.try_collect_in::<Vec<'_, Counted, CountingSource>>(&arena) {
            Ok(v) => {
                succeeded += 1;
                assert!(v.iter().map(|c| c.id).eq(0..N), "budget {n}");
                drop(v);
            }
            Err(e) => {
                failed += 1;
                assert_eq!(e.kind(), AllocErrorKind::SourceExhausted, "budget {n}");
            }
        }
        let drops = counters.drops();
        assert!(
            drops[..made.get()].iter().all(|&d| d == 1),
            "budget {n}: {drops:?}"
        );
        assert!(drops[made.get()..].iter().all(|&d| d == 0), "budget {n}");
    }
    assert!(
        failed > 0 && succeeded > 0,
        "{failed} budgets failed, {succeeded} succeeded"
    );
}

/// An iterator whose size hint lies (too high, too low, an exact length it does not keep)
/// still yields a collection of exactly its items.
#[test]
fn lying_size_hints() {
    struct Liar {
        left: u32,
        hint: (usize, Option<usize>),
    }
    impl Iterator for Liar {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            self.left = self.left.checked_sub(1)?;
            Some(self.left)
        }
        fn size_hint(&self) -> (usize, Option<usize>) {
            self.hint
        }
    }
    let arena = Arena::new();
    for (left, hint) in [
        (3, (10, Some(10))),
        (10, (3, Some(3))),
        (10, (0, Some(0))),
        (0, (5, None)),
        (50, (1, Some(2))),
    ] {
        let liar = || Liar { left, hint };
        let expected: std::vec::Vec<u32> = (0..left).rev().collect();
        let v: Vec<u32> = liar().collect_in(&arena);
        assert_eq!(v.as_slice(), expected, "{left} items, hint {hint:?}");
        let set: HashSet<u32> = liar().collect_in(&arena);
        assert_eq!(set.len(), left as usize);
        let m: HashMap<u32, ()> = liar().map(|x| (x, ())).collect_in(&arena);
        assert_eq!(m.len(), left as usize);
        let s: String = liar()
            .map(|x| char::from(b'a' + (x % 26) as u8))
            .collect_in(&arena);
        assert_eq!(s.len(), left as usize);
    }
}

/// An iterator that panics part way: every item it made is dropped once, the arena serves
/// and gives back as before.
#[test]
fn panicking_iterator_drops_every_item_once() {
    let mut arena = Arena::new();
    for k in [0, 1, 7, 100] {
        let counters = Counters::new(k);
        let items = (0..=k).map(|i| {
            assert!(i < k, "arenakit test: deliberate panic at item {k}");
            counters.item(i)
        });
        expect_panic(|| items.collect_in::<Vec<Counted>>(&arena));
        counters.assert_each_dropped_once(&format!("vec, panic at {k}"));

        let counters = Counters::new(k);
        let items = (0..=k).filter(|_| true).map(|i| {
            assert!(i < k, "arenakit test: deliberate panic at item {k}");
            (i, counters.item(i))
        });
        expect_panic(|| items.collect_in::<HashMap<usize, Counted>>(&arena));
        counters.assert_each_dropped_once(&format!("map, panic at {k}"));
    }
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    let v: Vec<u8> = (0..3).collect_in(&arena);
    assert_eq!(v, [0, 1, 2]);
}

/// Any `BuildHasher + Default` hasher, and allocator-api2's own `Vec` type, are targets too.
#[test]
fn other_hashers_and_the_plain_api2_vec() {
    type Fnv = std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
    let arena = Arena::new();
    let m: hashbrown::HashMap<u8, char, Fnv, &Arena> = "abc"
        .char_indices()
        .map(|(i, c)| (i as u8, c))
        .collect_in(&arena);
    assert_eq!(m[&2], 'c');
    let s: hashbrown::HashSet<char, Fnv, &Arena> = "abca".chars().collect_in(&arena);
    assert_eq!(s.len(), 3);
    let v: allocator_api2::vec::Vec<u8, &Arena> = (1..=3).collect_in(&arena);
    assert_eq!(v, [1, 2, 3]);
}

/// Threads collecting into one `SyncArena` at once each get their own, intact collections.
#[test]
fn sync_arena_collect_in_from_many_threads() {
    let arena = SyncArena::new();
    std::thread::scope(|scope| {
        let handles: std::vec::Vec<_> = (0..4u64)
            .map(|t| {
                let arena = &arena;
                scope.spawn(move || {
                    for round in 0..50u64 {
                        let v: Vec<'_, u64, Heap, Shared> = (0..round * 10)
                            .map(|x| x * t)
                            .filter(|_| true)
                            .collect_in(arena);
                        assert!(v.iter().copied().eq((0..round * 10).map(|x| x * t)));
                        let s: String<'_, Heap, Shared> = (0..round)
                            .map(|x| char::from(b'a' + (x % 26) as u8))
                            .collect_in(arena);
                        assert_eq!(s.len() as u64, round);
                        let m: HashMap<'_, u64, u64, Heap, Shared> =
                            (0..round).map(|x| (x, x + t)).collect_in(arena);
                        assert!((0..round).all(|x| m[&x] == x + t));
                        let frozen: &[u64] = (0..round).collect_in(arena);
                        assert_eq!(frozen.len() as u64, round);
                    }
                })
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
    });
}
