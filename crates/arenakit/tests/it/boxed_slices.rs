//! `ArenaBox<str>` and `ArenaBox<[T]>`: contents, every element dropped exactly once, the
//! block freed with its real size (the newest rolls back, so the next box takes its
//! address); panic safety of `clone`, fill closures and iterators; iterators that yield fewer
//! or more items than announced; zero-sized and over-aligned elements; allocation failure.

use crate::common::{CountingSource, LocalDrops, LocalToken, addr};
use arenakit::{AllocErrorKind, Arena, ArenaBox};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Drops of `Counted` values on this test's thread.
    static DROPS: Cell<usize> = const { Cell::new(0) };
    /// Clones of `Counted` values left before one panics.
    static CLONES_LEFT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Resets the counters of this thread; returns nothing to keep call sites short.
fn start(clones_allowed: usize) {
    DROPS.set(0);
    CLONES_LEFT.set(clones_allowed);
}

fn drops() -> usize {
    DROPS.get()
}

/// An element that counts its drops and panics on a clone once the budget is spent; `T` is
/// `u64` (8 bytes) or `()` (zero-sized).
#[derive(Debug, Default, PartialEq)]
struct Counted<T>(T);

impl<T: Clone> Clone for Counted<T> {
    fn clone(&self) -> Self {
        let left = CLONES_LEFT.get();
        assert!(left > 0, "Counted: clone budget spent");
        CLONES_LEFT.set(left - 1);
        Counted(self.0.clone())
    }
}

impl<T> Drop for Counted<T> {
    fn drop(&mut self) {
        DROPS.set(DROPS.get() + 1);
    }
}

/// An iterator that claims `claims` items, whatever its inner iterator yields.
struct Lying<I> {
    inner: I,
    claims: usize,
    taken: usize,
}

impl<I: Iterator> Iterator for Lying<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        let item = self.inner.next()?;
        self.taken += 1;
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.claims, Some(self.claims))
    }
}

impl<I: Iterator> ExactSizeIterator for Lying<I> {}

fn lying<I: IntoIterator>(items: I, claims: usize) -> Lying<I::IntoIter> {
    Lying {
        inner: items.into_iter(),
        claims,
        taken: 0,
    }
}

/// A string box: its bytes, mutable in place, the block rolled back on drop; an empty one
/// takes no memory.
#[test]
fn str_boxes_own_their_bytes() {
    let arena = Arena::new();
    let mut s = arena.alloc_box_str("héllo wörld");
    s.make_ascii_uppercase();
    assert_eq!(&*s, "HéLLO WöRLD");
    assert_eq!(s.len(), "héllo wörld".len());
    let used = arena.stats().used;
    let at = addr(ArenaBox::as_ptr(&s));
    let t = arena.alloc_box_str("after");
    drop(t);
    assert_eq!(arena.stats().used, used);
    drop(s);
    assert_eq!(arena.stats().used, 0);
    let again = arena.alloc_box_str("x");
    assert_eq!(
        addr(ArenaBox::as_ptr(&again)),
        at,
        "the block was not rolled back"
    );
    drop(again);
    let empty = arena.alloc_box_str("");
    assert_eq!((&*empty, arena.stats().used), ("", 0));
    let bytes: ArenaBox<'_, [u8]> = arena.alloc_box_str("ab").into();
    assert_eq!(&*bytes, b"ab");
    let text = ArenaBox::from_utf8(bytes).unwrap();
    assert_eq!(&*text, "ab");
    let bad = ArenaBox::from_utf8(arena.alloc_box_slice_copy(&[b'a', 0xc3])).unwrap_err();
    assert_eq!(&*bad, &[b'a', 0xc3]);
    drop((empty, text, bad));
    assert_eq!(arena.stats().used, 0);
}

/// Each constructor fills the slice in order, and dropping the box drops every element once
/// and gives the whole block back.
#[test]
fn slice_boxes_drop_every_element_once() {
    start(usize::MAX);
    let arena = Arena::new();
    let copied = arena.alloc_box_slice_copy(&[1u32, 2, 3]);
    assert_eq!(&*copied, &[1, 2, 3]);
    let originals = [Counted(1u64), Counted(2), Counted(3)];
    let cloned = arena.alloc_box_slice_clone(&originals);
    assert_eq!(&*cloned, &originals);
    let filled = arena.alloc_box_slice_fill_with(4, |i| Counted(i as u64 * 10));
    assert_eq!(
        filled.iter().map(|c| c.0).collect::<Vec<_>>(),
        [0, 10, 20, 30]
    );
    let from_iter = arena.alloc_box_slice_fill_iter((5..10u32).map(|i| Counted(u64::from(i))));
    assert_eq!(from_iter.len(), 5);
    assert_eq!(from_iter[4].0, 9);
    assert_eq!(drops(), 0);
    let used = arena.stats().used;
    drop(from_iter);
    assert_eq!(drops(), 5);
    assert!(arena.stats().used < used);
    drop(filled);
    drop(cloned);
    assert_eq!(drops(), 5 + 4 + 3);
    drop(copied);
    assert_eq!(arena.stats().used, 0, "a slice block was not freed");
    drop(originals);
    assert_eq!(drops(), 15);
    drop(arena);
    assert_eq!(drops(), 15, "the arena dropped a boxed element again");
}

/// A slice box frees exactly its block: boxes freed out of order still empty the chunk, and
/// the newest one rolls back so the next allocation takes its place.
#[test]
fn slice_blocks_are_freed_with_their_size() {
    let arena = Arena::builder().chunk_size(4096).build();
    for len in [1usize, 3, 7, 8, 9, 100] {
        let a = arena.alloc_box_slice_fill_with(len, |i| i as u16);
        let b = arena.alloc_box_slice_copy(&vec![7u8; len]);
        let at = addr(ArenaBox::as_ptr(&b));
        drop(b);
        let c = arena.alloc_box_slice_fill_with(len, |i| i as u8);
        assert_eq!(addr(ArenaBox::as_ptr(&c)), at, "len {len}");
        drop(a); // not the newest
        drop(c);
        assert_eq!(arena.stats().used, 0, "len {len}");
    }
}

/// `Counted<u64>` and `Counted<()>`, for the tests that run on both.
fn on_both(test: fn(fn(u64) -> Counted<u64>), zst: fn(fn(u64) -> Counted<()>)) {
    test(Counted);
    zst(|_| Counted(()));
}

/// A `clone` that panics mid-way: the clones made so far are dropped once, the block is
/// freed (the next box takes its address), the originals are untouched; the arena works on.
#[test]
fn panicking_clone_drops_the_clones_and_frees_the_block() {
    fn check<T: Clone + std::panic::RefUnwindSafe>(make: fn(u64) -> Counted<T>) {
        let originals: Vec<_> = (0..5).map(make).collect();
        let arena = Arena::new();
        let keep = arena.alloc_box(1u64);
        let used = arena.stats().used;
        start(3);
        let result = catch_unwind(AssertUnwindSafe(|| arena.alloc_box_slice_clone(&originals)));
        assert!(result.is_err());
        assert_eq!(drops(), 3, "the three clones made are dropped once");
        assert_eq!(arena.stats().used, used, "the block was not freed");
        start(3);
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.try_alloc_box_slice_clone(&originals)
        }));
        assert!(result.is_err());
        assert_eq!((drops(), arena.stats().used), (3, used));
        start(usize::MAX);
        let ok = arena.alloc_box_slice_clone(&originals);
        assert_eq!(ok.len(), 5);
        drop((ok, keep));
        assert_eq!(drops(), 5);
        drop(originals);
        assert_eq!(drops(), 10);
    }
    on_both(check, check);
}

/// A fill closure that panics at the `k`-th element: the `k` made are dropped once and the
/// block is freed, for every `k`.
#[test]
fn panicking_fill_closure_drops_what_was_made() {
    fn check<T>(make: fn(u64) -> Counted<T>) {
        let arena = Arena::new();
        for k in 0..6u64 {
            start(0);
            let result = catch_unwind(AssertUnwindSafe(|| {
                arena.alloc_box_slice_fill_with(6, |i| {
                    assert!(i as u64 != k, "fill closure panics at {k}");
                    make(i as u64)
                })
            }));
            assert!(result.is_err());
            assert_eq!(drops(), k as usize, "k = {k}");
            assert_eq!(arena.stats().used, 0, "k = {k}: the block was not freed");
        }
    }
    on_both(check, check);
}

/// An iterator that panics mid-way: the items taken are dropped once, the block is freed.
#[test]
fn panicking_iterator_drops_what_was_taken() {
    fn check<T>(make: fn(u64) -> Counted<T>) {
        let arena = Arena::new();
        start(0);
        let items = (0..8u32).map(|i| {
            assert!(i != 5, "iterator panics at 5");
            make(u64::from(i))
        });
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.try_alloc_box_slice_fill_iter(items)
        }));
        assert!(result.is_err());
        assert_eq!((drops(), arena.stats().used), (5, 0));
    }
    on_both(check, check);
}

/// An iterator that yields fewer items than its `len`: the box holds those, and its block
/// is shrunk in place when it is the newest one (the next box follows right after it).
#[test]
fn short_iterator_shrinks_the_newest_block() {
    start(0);
    let arena = Arena::new();
    let mut iter = lying((0..3u64).map(Counted), 100);
    let b = arena.alloc_box_slice_fill_iter(&mut iter);
    assert_eq!(iter.taken, 3);
    assert_eq!(b.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(
        arena.stats().used,
        24,
        "the block was not shrunk to 3 elements"
    );
    let next = arena.alloc_box(0u64);
    assert_eq!(
        addr(ArenaBox::as_ptr(&next)),
        addr(ArenaBox::as_ptr(&b)) + 24
    );
    drop(next);
    drop(b);
    assert_eq!((drops(), arena.stats().used), (3, 0));

    let none = arena.alloc_box_slice_fill_iter(lying(std::iter::empty::<Counted<u64>>(), 50));
    assert_eq!((none.len(), arena.stats().used), (0, 0));
}

/// A short iterator whose block is not the newest any more (the iterator itself allocated in
/// the arena): the items move to a block of their size, the first block is freed, and every
/// block comes back when the boxes drop.
#[test]
fn short_iterator_moves_to_a_smaller_block() {
    start(0);
    let drops_outer = LocalDrops::default();
    let arena = Arena::new();
    let side = Cell::new(None::<ArenaBox<'_, LocalToken<'_>>>);
    let items = (0..4u64).map(|i| {
        if i == 1 {
            side.set(Some(arena.alloc_box(drops_outer.token())));
        }
        Counted(i)
    });
    let b = arena.alloc_box_slice_fill_iter(lying(items, 64));
    assert_eq!(b.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert!(arena.contains(ArenaBox::as_ptr(&b)));
    let side = side.take().unwrap();
    assert!(
        addr(ArenaBox::as_ptr(&b)) > addr(ArenaBox::as_ptr(&side)),
        "not moved"
    );
    drop(side);
    assert_eq!(drops_outer.get(), 1);
    // The chunk restarts only if every block in it was freed: the first block of 64
    // elements included, with its size.
    drop(b);
    assert_eq!((drops(), arena.stats().used), (4, 0));
}

/// A short iterator whose items cannot move to a smaller block (the arena is at its limit):
/// the items are dropped once and the refusal is returned (or panics).
#[test]
fn short_iterator_that_cannot_move_reports_the_refusal() {
    start(0);
    let arena = Arena::builder().chunk_size(4096).limit(4096).build();
    let mut filler = Vec::new();
    let items = (0..40u64).map(|i| {
        if i == 0 {
            // Fill the chunk behind the slice's block, so it cannot shrink in place and no
            // room is left for a smaller one.
            while let Ok(b) = arena.try_alloc_box([0u8; 8]) {
                filler.push(b);
            }
        }
        Counted(i)
    });
    let err = arena
        .try_alloc_box_slice_fill_iter(lying(items, 100))
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(drops(), 40);
    drop(filler);
    assert_eq!(arena.stats().used, 0, "the slice's block was not freed");
}

/// An iterator that yields more items than its `len`: only `len` are taken, the rest stay in
/// the iterator.
#[test]
fn long_iterator_gives_the_announced_length() {
    start(0);
    let arena = Arena::new();
    let mut iter = lying((0..10u64).map(Counted), 4);
    let b = arena.alloc_box_slice_fill_iter(&mut iter);
    assert_eq!((b.len(), iter.taken), (4, 4));
    assert_eq!(arena.stats().used, 32);
    assert_eq!(
        iter.inner.size_hint(),
        (6, Some(6)),
        "items beyond len were taken"
    );
    drop(b);
    assert_eq!(drops(), 4);
}

/// Zero-sized elements take no memory and are still dropped once each.
#[test]
fn zero_sized_elements() {
    start(usize::MAX);
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder().source(source).build();
    let many = arena.alloc_box_slice_fill_with(100_000, |_| Counted(()));
    assert_eq!(many.len(), 100_000);
    let cloned = arena.alloc_box_slice_clone(&many[..10]);
    let short = arena.alloc_box_slice_fill_iter(lying((0..3).map(|_| Counted(())), 9));
    assert_eq!((cloned.len(), short.len()), (10, 3));
    let units = arena.alloc_box_slice_copy(&[(); 7]);
    assert_eq!(units.len(), 7);
    drop((many, cloned, short, units));
    assert_eq!(drops(), 100_013);
    assert_eq!((arena.stats().held, log.allocations()), (0, 0));
}

/// An element aligned to 64 bytes, and one aligned to a page.
#[derive(Clone, Debug, PartialEq)]
#[repr(align(64))]
struct Line(u8);

#[derive(Clone, Debug, PartialEq)]
#[repr(align(4096))]
struct Page(u64);

/// Over-aligned elements are aligned, in regular and dedicated chunks, and their blocks are
/// freed: the arena gives every chunk back to its source.
#[test]
fn over_aligned_elements() {
    for chunk in [4096usize, 65_536] {
        let source = CountingSource::new();
        let log = source.log();
        let arena = Arena::builder()
            .source(source)
            .chunk_size(chunk)
            .max_retained(0)
            .build();
        let _pad = arena.alloc_box(1u8);
        let lines = arena.alloc_box_slice_fill_with(5, |i| Line(i as u8));
        assert_eq!(addr(ArenaBox::as_ptr(&lines)) % 64, 0);
        assert_eq!(lines[4], Line(4));
        let pages = arena.alloc_box_slice_clone(&[Page(1), Page(2), Page(3)]);
        assert_eq!(addr(ArenaBox::as_ptr(&pages)) % 4096, 0);
        let short = arena.alloc_box_slice_fill_iter(lying([Page(7)], 4));
        assert_eq!(addr(ArenaBox::as_ptr(&short)) % 4096, 0);
        assert_eq!(&*short, &[Page(7)]);
        assert_eq!(pages[2], Page(3));
        drop((lines, pages, short, _pad));
        assert_eq!(arena.stats().used, 0, "chunk {chunk}");
        drop(arena);
        assert_eq!(log.live_chunks(), 0, "chunk {chunk}");
    }
}

/// Allocation failure: the `try_` twins return the error (and never call the closure or
/// clone), the others panic with it; overflowing sizes are `CapacityOverflow`.
#[test]
fn allocation_failure() {
    start(0); // any clone panics
    let arena = Arena::builder().limit(0).build();
    let err = arena.try_alloc_box_str("x").unwrap_err();
    assert_eq!((err.kind(), err.size()), (AllocErrorKind::LimitExceeded, 1));
    let originals = [Counted(1u64)];
    assert!(arena.try_alloc_box_slice_clone(&originals).is_err());
    assert!(arena.try_alloc_box_slice_copy(&[1u8]).is_err());
    assert!(
        arena
            .try_alloc_box_slice_fill_with(2, |_| -> Counted<u64> { unreachable!() })
            .is_err()
    );
    let err = arena
        .try_alloc_box_slice_fill_iter((0..3u32).map(|i| Counted(u64::from(i))))
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(
        drops(),
        0,
        "a value was made although the allocation failed"
    );
    let failing = Arena::builder()
        .source(CountingSource::failing_after(0))
        .build();
    let err = failing.try_alloc_box_slice_copy(&[1u64; 4]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SourceExhausted);
    let err = Arena::new()
        .try_alloc_box_slice_fill_with(usize::MAX, |i| i)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    for panicking in [
        Box::new(|| drop(arena.alloc_box_str("x"))) as Box<dyn Fn()>,
        Box::new(|| drop(arena.alloc_box_slice_copy(&[1u8]))),
        Box::new(|| drop(arena.alloc_box_slice_fill_with(1, |i| i))),
        Box::new(|| drop(arena.alloc_box_slice_fill_iter([1u8]))),
    ] {
        let message = catch_unwind(AssertUnwindSafe(panicking)).unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(message.contains("memory limit"), "{message}");
    }
    // Empty slices need no memory, even here.
    assert_eq!(arena.alloc_box_slice_fill_with(0, |i| i).len(), 0);
    assert_eq!(&*arena.alloc_box_str(""), "");
}

/// Clones are new boxes in the same arena; conversions between arrays, slices, bytes and
/// strings keep the block (and free it once).
#[test]
fn clones_and_conversions() {
    start(usize::MAX);
    let arena = Arena::new();
    let s = arena.alloc_box_str("twin");
    let t = s.clone();
    assert_eq!(s, t);
    assert_ne!(addr(ArenaBox::as_ptr(&s)), addr(ArenaBox::as_ptr(&t)));
    let xs = arena.alloc_box_slice_fill_with(3, |i| Counted(i as u64));
    let ys = xs.clone();
    assert_eq!(xs, ys);
    drop((xs, ys));
    assert_eq!(drops(), 6);
    let array = arena.alloc_box([Counted(1u64), Counted(2)]);
    let at = addr(ArenaBox::as_ptr(&array));
    let slice: ArenaBox<'_, [Counted<u64>]> = array.into();
    assert_eq!((slice.len(), addr(ArenaBox::as_ptr(&slice))), (2, at));
    let slice = ArenaBox::<[_; 3]>::try_from(slice).unwrap_err();
    let array: ArenaBox<'_, [Counted<u64>; 2]> = slice.try_into().unwrap();
    assert_eq!(addr(ArenaBox::as_ptr(&array)), at);
    drop(array);
    assert_eq!(drops(), 8);
    drop((s, t));
    assert_eq!(arena.stats().used, 0);
}

/// `leak`, `into_raw`/`from_raw_in` and `into_inner`-like moves work on slices.
#[test]
fn raw_slices() {
    start(0);
    let arena = Arena::new();
    let raw = ArenaBox::into_raw(arena.alloc_box_slice_fill_with(3, |i| Counted(i as u64)));
    // SAFETY: `raw` came from `into_raw` of a box of `arena`, which was not reset, and is
    // rebuilt once.
    let back = unsafe { ArenaBox::from_raw_in(raw, &arena) };
    assert_eq!(back.len(), 3);
    drop(back);
    assert_eq!((drops(), arena.stats().used), (3, 0));
    let leaked: &mut [Counted<u64>] =
        ArenaBox::leak(arena.alloc_box_slice_fill_with(2, |i| Counted(i as u64)));
    leaked[1].0 = 9;
    let raw: *mut [Counted<u64>] = leaked;
    // SAFETY: `leak` gave up the box's pointer; the arena was not reset; rebuilt once.
    drop(unsafe { ArenaBox::from_raw_in(raw, &arena) });
    assert_eq!((drops(), arena.stats().used), (5, 0));
}
