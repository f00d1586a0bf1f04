//! Panic safety: a constructor closure, an iterator, a `Clone` impl or a
//! destructor that panics in the middle of an arena operation leaves no double drop and no
//! leak, and the arena (and a pool) stays usable.
//!
//! What the library documents, and these tests pin down:
//!
//! - The slice constructors (`alloc_slice_fill_with`, `alloc_slice_fill_iter`,
//!   `alloc_slice_clone`) and `alloc_with` take only element types without drop glue (a type
//!   that needs `Drop` is a compile error), so the elements made before a panic need no
//!   destructor: they are left in their block, which stays allocated (it is not rolled back,
//!   and nothing allocated later overlaps it) until the next reset reclaims it. What does need
//!   dropping is the closure's or iterator's own state: the unwinding drops it exactly once.
//! - Collections (allocator-api2's `Vec`, hashbrown's maps, the arena `String`) keep what was
//!   added before the panic, or drop it once; every element is dropped exactly once in all,
//!   and every buffer goes back to the arena.
//! - `reset` and the arena's drop run every destructor registered by `alloc_owned` exactly
//!   once even when one of them panics (the others run while the panic unwinds, then it
//!   reaches the caller); the arena is usable afterwards, a second reset drops nothing again,
//!   and dropping the arena gives every chunk back to its source. The same holds for
//!   `SyncArena`, and for a pooled arena whose destructor panics when its guard goes back to
//!   the pool (the pool drops that arena and goes on serving).
//!
//! Only one destructor panics per reset: a second panic while unwinding aborts the process,
//! as for the elements of a `Vec`.

use crate::common::{CountingSource, DropCounter, DropLog, LocalDrops, LocalToken, SourceLog};
use arenakit::arena::{Arena as AnyArena, Mode};
use arenakit::collections::String as ArenaString;
use arenakit::source::MemorySource;
use arenakit::{AllocError, Arena, ArenaPool, CopyIn, SyncArena};
use std::cell::Cell;
use std::collections::HashSet as StdHashSet;
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Once};

/// The message of every panic these tests cause on purpose; the panic hook stays quiet about
/// it (other panics are reported as usual).
const BOOM: &str = "arenakit test: deliberate panic";

/// Installs (once) a panic hook that stays quiet about the panics these tests cause on purpose
/// (`BOOM`, and the destructor panics of `Tracked`) and reports every other one as usual.
fn quiet() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            let deliberate = message.is_some_and(|m| {
                m.starts_with(BOOM)
                    || (m.starts_with("Tracked ") && m.ends_with(" panics in its destructor"))
            });
            if !deliberate {
                default(info);
            }
        }));
    });
}

/// Runs `f`, which must panic, and returns the panic's message.
fn expect_panic<R>(f: impl FnOnce() -> R) -> String {
    quiet();
    let payload = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("the operation was expected to panic, and returned"),
        Err(payload) => payload,
    };
    if let Some(m) = payload.downcast_ref::<&str>() {
        (*m).to_owned()
    } else if let Some(m) = payload.downcast_ref::<String>() {
        m.clone()
    } else {
        String::from("<non-string payload>")
    }
}

/// An arena over a [`CountingSource`] with small chunks (so the tests cross chunk borders),
/// and the source's log.
fn counted<M: Mode>(
    builder: arenakit::ArenaBuilder<arenakit::source::Heap, M>,
) -> (AnyArena<CountingSource, M>, Arc<SourceLog>) {
    let source = CountingSource::new();
    let log = source.log();
    (builder.source(source).chunk_size(1024).build(), log)
}

/// Checks that an arena whose operation just panicked still works: a plain value, a slice, a
/// string, an owned value and a collection can be allocated and read back, and a reset ends
/// them (dropping the owned value once, leaving no memory in use). Panics with a message
/// naming `case` on a failure.
fn assert_usable<S: MemorySource, M: Mode>(arena: &mut AnyArena<S, M>, case: &str) {
    let counter = DropCounter::default();
    {
        let x = arena.alloc(0x5eed_u64);
        let xs = arena.alloc_slice_fill_with(100, |i| i as u32 * 3);
        let s = arena.alloc_str("after the panic");
        arena.alloc_owned(counter.token());
        let mut v = arena.vec();
        v.extend(0..50u16);
        assert_eq!(*x, 0x5eed, "{case}");
        assert!(
            xs.iter().enumerate().all(|(i, &x)| x == i as u32 * 3),
            "{case}"
        );
        assert_eq!(s, "after the panic", "{case}");
        assert_eq!(v.iter().map(|&x| u32::from(x)).sum::<u32>(), 1225, "{case}");
    }
    arena.reset();
    assert_eq!(
        counter.get(),
        1,
        "{case}: the owned value was not dropped once"
    );
    assert_eq!(arena.stats().used, 0, "{case}: reset left memory in use");
}

/// Slice lengths: a small block, one near a whole (1 KiB) chunk, and one in a dedicated chunk.
const SLICE_LENS: [usize; 3] = [8, 40, 300];

// --- (a) alloc_slice_fill_with ---------------------------------------------------------------

/// `alloc_slice_fill_with` (and its `try_` twin) whose closure panics at element `k`, for every
/// `k` from the first to the last: the closure is not called again, its captures are dropped
/// exactly once, the partly filled block stays allocated until reset (`used` keeps it; values
/// allocated before and after are intact), and the arena serves and resets as before.
#[test]
fn alloc_slice_fill_with_closure_panicking_at_every_element() {
    for len in SLICE_LENS {
        for k in 0..len {
            for fallible in [false, true] {
                let case = format!("len {len}, panic at {k}, try_ {fallible}");
                let (mut arena, log) = counted(Arena::builder());
                let captures = DropCounter::default();
                let calls = Cell::new(0);
                {
                    let before = arena.alloc([0xa5u8; 24]);
                    let used = arena.stats().used;
                    let token = captures.token();
                    let calls = &calls;
                    let fill = move |i: usize| {
                        let _held = &token;
                        calls.set(calls.get() + 1);
                        if i == k {
                            panic!("{BOOM} at element {i}");
                        }
                        [i as u64; 3]
                    };
                    let message = expect_panic(|| {
                        if fallible {
                            let _ = arena.try_alloc_slice_fill_with(len, fill);
                        } else {
                            arena.alloc_slice_fill_with(len, fill);
                        }
                    });
                    assert_eq!(message, format!("{BOOM} at element {k}"), "{case}");
                    assert_eq!(calls.get(), k + 1, "{case}: called past the panic");
                    assert_eq!(captures.get(), 1, "{case}: captures not dropped once");
                    assert!(
                        arena.stats().used >= used + len * 24,
                        "{case}: the partly filled block was given back before reset"
                    );
                    // A fresh slice of the same shape lands elsewhere and is intact.
                    let after = arena.alloc_slice_fill_with(len, |i| [!(i as u64); 3]);
                    assert!(
                        after
                            .iter()
                            .enumerate()
                            .all(|(i, x)| *x == [!(i as u64); 3])
                    );
                    assert_eq!(
                        *before, [0xa5; 24],
                        "{case}: an earlier value was overwritten"
                    );
                }
                assert_usable(&mut arena, &case);
                assert_eq!(captures.get(), 1, "{case}: captures dropped again");
                drop(arena);
                assert_eq!(log.live_chunks(), 0, "{case}: chunks leaked");
            }
        }
    }
}

/// The same on a `SyncArena`, from several threads at once: a thread whose closure panics
/// leaves the other threads' slices intact and the arena usable.
#[test]
fn sync_arena_fill_with_panicking_in_one_thread() {
    quiet();
    let (mut arena, log) = counted(SyncArena::builder());
    let captures = DropCounter::default();
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for t in 0..4u64 {
            let (arena, token) = (&arena, captures.token());
            handles.push(s.spawn(move || {
                let _held = token;
                let mut sums = Vec::new();
                for round in 0..20u64 {
                    let xs = arena.alloc_slice_fill_with(50, |i| {
                        if t == 2 && round == 7 && i == 25 {
                            panic!("{BOOM} in thread {t}");
                        }
                        t * 1_000_000 + round * 1000 + i as u64
                    });
                    sums.push((xs, round));
                }
                for (xs, round) in sums {
                    let expected = (0..50).map(|i| t * 1_000_000 + round * 1000 + i);
                    assert!(xs.iter().copied().eq(expected), "thread {t} round {round}");
                }
            }));
        }
        for (t, handle) in handles.into_iter().enumerate() {
            assert_eq!(handle.join().is_err(), t == 2, "thread {t}");
        }
    });
    assert_eq!(
        captures.get(),
        4,
        "a thread's captures were not dropped once"
    );
    assert_usable(&mut arena, "SyncArena after a panicking thread");
    drop(arena);
    assert_eq!(log.live_chunks(), 0);
}

// --- (b) the other constructor APIs ------------------------------------------------------------

/// `alloc_with` and `try_alloc_with` whose closure panics: the captures drop once, the block
/// stays allocated until reset, and the arena serves as before. A `try_alloc_with` that fails
/// does not call the closure and drops it once.
#[test]
fn alloc_with_closure_panicking() {
    for fallible in [false, true] {
        let (mut arena, log) = counted(Arena::builder());
        let captures = DropCounter::default();
        {
            let before = arena.alloc(7u32);
            let used = arena.stats().used;
            let token = captures.token();
            let make = move || -> [u64; 16] {
                let _held = token;
                panic!("{BOOM} in alloc_with");
            };
            expect_panic(|| {
                if fallible {
                    let _ = arena.try_alloc_with(make);
                } else {
                    arena.alloc_with(make);
                }
            });
            assert_eq!(captures.get(), 1);
            assert!(arena.stats().used >= used + 128, "the block was given back");
            assert_eq!(*before, 7);
        }
        assert_usable(&mut arena, "alloc_with");
        drop(arena);
        assert_eq!(log.live_chunks(), 0);
    }

    let starved = Arena::builder().limit(0).build();
    let captures = DropCounter::default();
    let token = captures.token();
    let calls = Cell::new(0);
    let calls_ref = &calls;
    let result = starved.try_alloc_with(move || {
        let _held = token;
        calls_ref.set(calls_ref.get() + 1);
        1u64
    });
    assert!(result.is_err());
    assert_eq!((calls.get(), captures.get()), (0, 1));
}

/// An exact-size iterator that can panic in `next` at a given item, in `size_hint` (which
/// `len` asks), or in its own destructor; it owns a drop-counted token.
struct Fuse<'c> {
    next: usize,
    len: usize,
    panic_at: Option<usize>,
    panic_in_len: bool,
    panic_in_drop: bool,
    made: &'c Cell<usize>,
    _token: LocalToken<'c>,
}

impl Iterator for Fuse<'_> {
    type Item = [u32; 5];

    fn next(&mut self) -> Option<[u32; 5]> {
        if self.next == self.len {
            return None;
        }
        if self.panic_at == Some(self.next) {
            panic!("{BOOM} in next at {}", self.next);
        }
        self.made.set(self.made.get() + 1);
        self.next += 1;
        Some([self.next as u32; 5])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.panic_in_len {
            panic!("{BOOM} in size_hint");
        }
        (self.len - self.next, Some(self.len - self.next))
    }
}

impl ExactSizeIterator for Fuse<'_> {}

impl Drop for Fuse<'_> {
    fn drop(&mut self) {
        if self.panic_in_drop {
            panic!("{BOOM} in the iterator's drop");
        }
    }
}

/// `alloc_slice_fill_iter` (and its `try_` twin) with an iterator that panics in `next` (at
/// items spread from the first to the last), in `len` (before anything is allocated), or in its
/// destructor (after every item was written): no item is made past the panic, the iterator is
/// dropped exactly once (its token), and the arena serves and resets as before.
#[test]
fn alloc_slice_fill_iter_with_a_panicking_iterator() {
    #[derive(Clone, Copy, Debug)]
    enum Where {
        Next(usize),
        Len,
        Drop,
    }
    for len in SLICE_LENS {
        let cases = (0..len)
            .step_by(len / 8)
            .chain([len - 1])
            .map(Where::Next)
            .chain([Where::Len, Where::Drop]);
        for place in cases {
            for fallible in [false, true] {
                let case = format!("len {len}, panic in {place:?}, try_ {fallible}");
                let (mut arena, log) = counted(Arena::builder());
                let drops = LocalDrops::default();
                let made = Cell::new(0);
                {
                    let used = arena.stats().used;
                    let iter = Fuse {
                        next: 0,
                        len,
                        panic_at: match place {
                            Where::Next(k) => Some(k),
                            _ => None,
                        },
                        panic_in_len: matches!(place, Where::Len),
                        panic_in_drop: matches!(place, Where::Drop),
                        made: &made,
                        _token: drops.token(),
                    };
                    expect_panic(|| {
                        if fallible {
                            let _ = arena.try_alloc_slice_fill_iter(iter);
                        } else {
                            arena.alloc_slice_fill_iter(iter);
                        }
                    });
                    assert_eq!(drops.get(), 1, "{case}: iterator not dropped once");
                    let expected_made = match place {
                        Where::Next(k) => k,
                        Where::Len => 0,
                        Where::Drop => len,
                    };
                    assert_eq!(made.get(), expected_made, "{case}");
                    if matches!(place, Where::Len) {
                        assert_eq!(arena.stats().used, used, "{case}: allocated before len");
                    } else {
                        assert!(arena.stats().used >= used + len * 20, "{case}");
                    }
                }
                assert_usable(&mut arena, &case);
                drop(arena);
                assert_eq!(drops.get(), 1, "{case}");
                assert_eq!(log.live_chunks(), 0, "{case}: chunks leaked");
            }
        }
    }
}

/// A `Copy`-free value without drop glue whose `Clone` panics on the `n`-th clone.
struct Bomb<'c> {
    id: usize,
    clones: &'c Cell<usize>,
    explode_at: usize,
}

impl Clone for Bomb<'_> {
    fn clone(&self) -> Self {
        let n = self.clones.get();
        if n == self.explode_at {
            panic!("{BOOM}: clone {n}");
        }
        self.clones.set(n + 1);
        Bomb { ..*self }
    }
}

/// `alloc_slice_clone` whose `Clone` panics at element `k`: no clone after it, and the arena
/// serves and resets as before.
#[test]
fn alloc_slice_clone_panicking_at_every_element() {
    const LEN: usize = 30;
    for k in 0..LEN {
        let clones = Cell::new(0);
        let src: Vec<Bomb<'_>> = (0..LEN)
            .map(|id| Bomb {
                id,
                clones: &clones,
                explode_at: k,
            })
            .collect();
        let (mut arena, log) = counted(Arena::builder());
        expect_panic(|| arena.alloc_slice_clone(&src).len());
        assert_eq!(clones.get(), k, "panic at {k}");
        clones.set(0);
        let copy = arena.alloc_slice_clone(&src[..k]);
        assert!(copy.iter().enumerate().all(|(i, b)| b.id == i));
        assert_usable(&mut arena, &format!("alloc_slice_clone, panic at {k}"));
        drop(arena);
        assert_eq!(log.live_chunks(), 0);
    }
}

/// A value whose deep copy panics after a given number of copies (a user `CopyIn` impl).
struct Fragile<'c> {
    copies: &'c Cell<usize>,
    explode_at: usize,
}

impl<'a, S: MemorySource, M: Mode> CopyIn<'a, S, M> for Fragile<'_> {
    type Output = u64;

    fn try_copy_in(&self, _: &'a AnyArena<S, M>) -> Result<u64, AllocError> {
        let n = self.copies.get();
        if n == self.explode_at {
            panic!("{BOOM}: copy {n}");
        }
        self.copies.set(n + 1);
        Ok(n as u64)
    }
}

/// `copy_in` of a `Vec` and of a `HashMap` whose element copy panics part-way: the partly
/// built arena map is dropped (its table given back), and the arena serves as before.
#[test]
fn copy_in_panicking_part_way() {
    for k in [0, 1, 5, 19] {
        let copies = Cell::new(0);
        let items: Vec<Fragile<'_>> = (0..20)
            .map(|_| Fragile {
                copies: &copies,
                explode_at: k,
            })
            .collect();
        let (mut arena, log) = counted(Arena::builder());
        expect_panic(|| items.copy_in(&arena).len());
        assert_eq!(copies.get(), k);
        copies.set(0);
        let map: std::collections::HashMap<u32, Fragile<'_>> = (0..20u32)
            .map(|key| {
                let value = Fragile {
                    copies: &copies,
                    explode_at: k,
                };
                (key, value)
            })
            .collect();
        let used = arena.stats().used;
        expect_panic(|| map.copy_in(&arena).len());
        assert_eq!(copies.get(), k);
        assert!(
            arena.stats().used <= used,
            "copy_in {k}: the partly built map kept its table"
        );
        assert_usable(&mut arena, &format!("copy_in, panic at {k}"));
        drop(arena);
        assert_eq!(log.live_chunks(), 0);
    }
}

/// An item made by the iterators below: drop-counted, so every item is accounted for.
type Item<'c> = (usize, LocalToken<'c>);

/// Items `0..n` that panic when asked for item `k`.
fn items_panicking_at<'c>(
    drops: &'c LocalDrops,
    n: usize,
    k: usize,
) -> impl Iterator<Item = Item<'c>> + 'c {
    (0..n).map(move |i| {
        if i == k {
            panic!("{BOOM}: item {i}");
        }
        (i, drops.token())
    })
}

/// Arena `Vec`: `extend` with an iterator that panics at item `k` keeps the items before it
/// (or drops them once), `resize_with`, `extend_from_slice` (a panicking `Clone`) and
/// `retain` (a panicking predicate) likewise; every item is dropped exactly once in all and
/// every buffer goes back to the arena.
#[test]
fn vec_operations_with_a_panicking_constructor() {
    /// Cloning element `explode_at` panics; every clone holds a token of `drops`.
    struct CloneBomb<'c> {
        id: usize,
        _token: LocalToken<'c>,
        drops: &'c LocalDrops,
        explode_at: usize,
    }
    impl Clone for CloneBomb<'_> {
        fn clone(&self) -> Self {
            if self.id == self.explode_at {
                panic!("{BOOM}: clone of {}", self.id);
            }
            CloneBomb {
                _token: self.drops.token(),
                ..*self
            }
        }
    }

    for k in [0, 1, 7, 8, 9, 63, 64, 99] {
        let (arena, log) = counted(Arena::builder());
        let drops = LocalDrops::default();

        // extend
        let mut v = arena.vec();
        v.push((1000, drops.token()));
        expect_panic(|| v.extend(items_panicking_at(&drops, 100, k)));
        assert!(v.len() <= k + 1, "extend {k}: items past the panic");
        assert!(
            v.iter().skip(1).enumerate().all(|(i, (id, _))| *id == i),
            "extend {k}: items out of order"
        );
        v.extend((200..210).map(|i| (i, drops.token())));
        drop(v);
        assert_eq!(
            drops.get(),
            k + 11,
            "extend {k}: not every item dropped once"
        );

        // resize_with
        let drops = LocalDrops::default();
        let mut v = arena.vec();
        v.push((1000, drops.token()));
        let mut next = 0;
        expect_panic(|| {
            v.resize_with(101, || {
                if next == k {
                    panic!("{BOOM}: resize_with {next}");
                }
                next += 1;
                (next - 1, drops.token())
            })
        });
        assert!(v.len() <= k + 1);
        drop(v);
        assert_eq!(drops.get(), k + 1, "resize_with {k}");

        // extend_from_slice with a panicking Clone
        let src_drops = LocalDrops::default();
        let drops = LocalDrops::default();
        let src: Vec<CloneBomb<'_>> = (0..100)
            .map(|id| CloneBomb {
                id,
                _token: src_drops.token(),
                drops: &drops,
                explode_at: k,
            })
            .collect();
        let mut v = arena.vec();
        expect_panic(|| v.extend_from_slice(&src));
        assert!(v.len() <= k);
        drop(v);
        assert_eq!(
            drops.get(),
            k,
            "extend_from_slice {k}: clones not dropped once"
        );
        drop(src);
        assert_eq!(src_drops.get(), 100);

        // retain with a panicking predicate
        let drops = LocalDrops::default();
        let mut v = arena.vec();
        v.extend((0..100).map(|i| (i, drops.token())));
        let mut seen = 0;
        expect_panic(|| {
            v.retain(|(i, _)| {
                if seen == k {
                    panic!("{BOOM}: retain {seen}");
                }
                seen += 1;
                i % 2 == 0
            })
        });
        let removed = drops.get();
        assert!(removed <= k, "retain {k}: removed past the panic");
        assert_eq!(
            v.len() + removed,
            100,
            "retain {k}: items lost or duplicated"
        );
        let ids: StdHashSet<usize> = v.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids.len(), v.len(), "retain {k}: an item twice");
        drop(v);
        assert_eq!(drops.get(), 100, "retain {k}");

        assert_eq!(arena.stats().used, 0, "{k}: a buffer was not given back");
        drop(arena);
        assert_eq!(log.live_chunks(), 0);
    }
}

/// A key whose `Hash` panics once a shared fuse burns out; equality and hash by id.
struct TouchyKey<'c> {
    id: u32,
    fuse: &'c Cell<usize>,
    _token: LocalToken<'c>,
}

impl PartialEq for TouchyKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for TouchyKey<'_> {}

impl Hash for TouchyKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let left = self.fuse.get();
        if left == 0 {
            panic!("{BOOM}: hash of {}", self.id);
        }
        self.fuse.set(left - 1);
        self.id.hash(state);
    }
}

/// Arena `HashMap` and `HashSet`: `extend` with an iterator that panics at item `k` keeps the
/// entries before it; a key whose `Hash` panics while the table grows (hashbrown rehashes
/// every key into a new table) leaves every entry dropped exactly once; every table goes back
/// to the arena.
#[test]
fn map_and_set_with_a_panicking_iterator_or_hash() {
    for k in [0, 1, 3, 4, 7, 8, 15, 28, 29, 56, 99] {
        let (arena, log) = counted(Arena::builder());

        let drops = LocalDrops::default();
        let mut map = arena.map();
        expect_panic(|| map.extend(items_panicking_at(&drops, 100, k)));
        assert_eq!(map.len() + drops.get(), k, "map extend {k}");
        assert!(map.iter().all(|(i, _)| *i < k), "map extend {k}");
        map.insert(1000, drops.token());
        drop(map);
        assert_eq!(
            drops.get(),
            k + 1,
            "map extend {k}: not every value dropped once"
        );

        let mut set = arena.set();
        expect_panic(|| {
            set.extend((0..100).inspect(|&i| {
                if i == k {
                    panic!("{BOOM}: set item {i}");
                }
            }))
        });
        assert_eq!(set.len(), k, "set extend {k}");
        assert!((0..k).all(|i| set.contains(&i)));
        drop(set);

        // A panicking Hash while growing: k hash calls succeed.
        let drops = LocalDrops::default();
        let fuse = Cell::new(usize::MAX);
        let mut set = arena.set();
        let mut made = 0;
        for id in 0..28u32 {
            set.insert(TouchyKey {
                id,
                fuse: &fuse,
                _token: drops.token(),
            });
            made += 1;
        }
        let before = drops.get();
        assert_eq!(before, 0);
        fuse.set(k);
        expect_panic(|| {
            for id in 100..200u32 {
                set.insert(TouchyKey {
                    id,
                    fuse: &fuse,
                    _token: drops.token(),
                });
                made += 1;
            }
        });
        fuse.set(usize::MAX);
        // The key being inserted when the hash panicked was dropped; the table holds the rest
        // (or dropped some of them once: hashbrown drops what it cannot rehash in place).
        let made_total = made + 1;
        let dropped = drops.get() - before;
        assert_eq!(
            set.len() + dropped,
            made_total,
            "hash {k}: entries lost or dropped twice"
        );
        for key in &set {
            assert!(set.contains(key), "hash {k}: entry {} unreachable", key.id);
        }
        set.insert(TouchyKey {
            id: 5000,
            fuse: &fuse,
            _token: drops.token(),
        });
        drop(set);
        assert_eq!(drops.get() - before, made_total + 1, "hash {k}");

        assert_eq!(arena.stats().used, 0, "{k}: a table was not given back");
        drop(arena);
        assert_eq!(log.live_chunks(), 0);
    }
}

/// Arena `String`: `extend` with a `char` or `&str` iterator that panics part-way keeps the
/// text before it, valid UTF-8, and goes on growing.
#[test]
fn string_extend_with_a_panicking_iterator() {
    for k in [0, 1, 10, 63, 64, 65, 200] {
        let arena = Arena::builder().chunk_size(1024).build();
        let mut s = ArenaString::from_str_in("start:", &arena);
        let text: String = "héllo wörld ✓ ".repeat(20);
        expect_panic(|| {
            s.extend(text.chars().enumerate().map(|(i, c)| {
                if i == k {
                    panic!("{BOOM}: char {i}");
                }
                c
            }))
        });
        let expected: String = text.chars().take(k).collect();
        assert_eq!(s.as_str(), format!("start:{expected}"), "chars {k}");
        expect_panic(|| {
            s.extend(["ab", "é", "cd"].iter().cycle().enumerate().map(|(i, p)| {
                if i == k {
                    panic!("{BOOM}: str {i}");
                }
                *p
            }))
        });
        assert!(std::str::from_utf8(s.as_bytes()).is_ok());
        s.push_str("!end");
        assert!(s.ends_with("!end"));
        drop(s);
        assert_eq!(arena.stats().used, 0);
    }
}

mod destructors;
