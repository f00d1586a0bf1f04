//! Trait-object boxes and raw pointers: `unsize_box!` (and `CoerceUnsized` with
//! `--cfg arenakit_nightly`) keeps the value in place, drops it once through the vtable and
//! frees its block with the concrete size; `downcast`; boxed closures, iterators and errors;
//! `into_raw`/`from_raw_in` round trips; variance.

use crate::common::{LocalDrops, LocalToken, addr};
use arenakit::{Arena, ArenaBox, unsize_box};
use std::any::Any;
use std::fmt::{Debug, Display};

trait Shape {
    fn area(&self) -> u64;
}

/// A shape that counts its drops.
struct Square<'c> {
    side: u64,
    _drop: LocalToken<'c>,
}

impl Shape for Square<'_> {
    fn area(&self) -> u64 {
        self.side * self.side
    }
}

/// A big shape (its size differs from `Square`'s), aligned to 4 KiB.
#[repr(align(4096))]
struct Plot<'c> {
    cells: [u8; 5000],
    _drop: LocalToken<'c>,
}

impl Shape for Plot<'_> {
    fn area(&self) -> u64 {
        self.cells.iter().map(|&c| u64::from(c)).sum()
    }
}

/// A zero-sized shape.
struct Point;

impl Shape for Point {
    fn area(&self) -> u64 {
        0
    }
}

/// Boxes of different concrete types behind one `dyn Trait`: the value stays at its
/// address, each is dropped once, and each block is freed with its own size, so the arena
/// ends empty (chunks restart only when every block in them was freed).
#[test]
fn unsized_to_dyn_trait_drops_and_frees_the_concrete_value() {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let square = arena.alloc_box(Square {
        side: 3,
        _drop: drops.token(),
    });
    let at = addr(ArenaBox::as_ptr(&square));
    let mut shapes: Vec<ArenaBox<'_, dyn Shape + '_>> = vec![unsize_box!(square)];
    assert_eq!(addr(ArenaBox::as_ptr(&shapes[0])), at);
    shapes.push(unsize_box!(arena.alloc_box(Point)));
    shapes.push(unsize_box!(arena.alloc_box(Square {
        side: 2,
        _drop: drops.token(),
    })));
    shapes.push(unsize_box!(arena.alloc_box(Plot {
        cells: [1; 5000],
        _drop: drops.token(),
    })));
    assert_eq!(addr(ArenaBox::as_ptr(&shapes[3])) % 4096, 0);
    let areas: Vec<u64> = shapes.iter().map(|s| s.area()).collect();
    assert_eq!(areas, [9, 0, 4, 5000]);
    // The newest, a `Plot` in the current chunk, rolls back by its own size.
    let used = arena.stats().used;
    drop(shapes.pop());
    assert_eq!(drops.get(), 1);
    assert_eq!(
        arena.stats().used,
        used - size_of::<Plot<'_>>(),
        "the newest block was not rolled back by its concrete size"
    );
    shapes.remove(0); // the oldest: freed, not rolled back
    assert_eq!(drops.get(), 2);
    drop(shapes);
    assert_eq!(drops.get(), 3);
    assert_eq!(
        arena.stats().used,
        0,
        "a block was freed with the wrong size"
    );
}

/// Arrays unsize to slices, and `Debug`/`Display` objects format through the box.
#[test]
fn unsize_to_slices_and_formatting_traits() {
    let arena = Arena::new();
    let array = arena.alloc_box([String::from("a"), String::from("b")]);
    let mut slice: ArenaBox<'_, [String]> = unsize_box!(array);
    slice[1].push('!');
    assert_eq!(slice.concat(), "ab!");
    let shown: Vec<ArenaBox<'_, dyn Display>> = vec![
        unsize_box!(arena.alloc_box(1u8)),
        unsize_box!(arena.alloc_box("two")),
        unsize_box!(arena.alloc_box(3.5f32)),
    ];
    let text: Vec<String> = shown.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["1", "two", "3.5"]);
    let debug: ArenaBox<'_, dyn Debug> = unsize_box!(arena.alloc_box(['a', 'b']));
    assert_eq!(format!("{debug:?}"), "['a', 'b']");
    drop((debug, shown, slice));
    assert_eq!(arena.stats().used, 0);
}

/// Boxed closures are callable; boxed iterators iterate, from both ends.
#[test]
fn closures_and_iterators() {
    let arena = Arena::new();
    let mut total = 0u32;
    {
        let mut add: ArenaBox<'_, dyn FnMut(u32) + '_> =
            unsize_box!(arena.alloc_box(|x: u32| total += x));
        add(2);
        add(3);
    }
    assert_eq!(total, 5);
    let square: ArenaBox<'_, dyn Fn(u64) -> u64> = unsize_box!(arena.alloc_box(|x: u64| x * x));
    assert_eq!((square(3), square(4)), (9, 16));
    let mut digits: ArenaBox<'_, dyn DoubleEndedIterator<Item = u8>> =
        unsize_box!(arena.alloc_box(0..10u8));
    assert_eq!((digits.next(), digits.next_back()), (Some(0), Some(9)));
    assert_eq!(digits.size_hint(), (8, Some(8)));
    assert_eq!(digits.nth(2), Some(3));
    assert_eq!(digits.rev().collect::<Vec<_>>(), [8, 7, 6, 5, 4]);
    let exact = arena.alloc_box([1, 2, 3].into_iter());
    assert_eq!(exact.len(), 3);
    assert_eq!(exact.sum::<i32>(), 6);
}

/// `downcast` gives the concrete box back (same block, dropped once), or the `dyn Any` box
/// untouched.
#[test]
fn downcast_any() {
    let arena = Arena::new();
    let value: ArenaBox<'_, dyn Any> = unsize_box!(arena.alloc_box(String::from("it")));
    let at = addr(ArenaBox::as_ptr(&value));
    let value = value.downcast::<u32>().unwrap_err();
    assert_eq!(addr(ArenaBox::as_ptr(&value)), at);
    assert!(value.is::<String>());
    let s: ArenaBox<'_, String> = value.downcast().unwrap();
    assert_eq!((s.as_str(), addr(ArenaBox::as_ptr(&s))), ("it", at));
    assert_eq!(ArenaBox::into_inner(s), "it");
    assert_eq!(arena.stats().used, 0);

    let sendable: ArenaBox<'_, dyn Any + Send> = unsize_box!(arena.alloc_box(5i64));
    assert_eq!(*sendable.downcast::<i64>().unwrap(), 5);
    let shared: ArenaBox<'_, dyn Any + Send + Sync> = unsize_box!(arena.alloc_box(()));
    assert!(shared.downcast::<()>().is_ok());
}

/// A boxed error is an error: `Display`, `source`, and `?` into `ArenaBox<dyn Error>`.
#[test]
fn errors() {
    use std::error::Error;
    #[derive(Debug)]
    struct Outer(std::num::ParseIntError);
    impl Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("outer")
        }
    }
    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
    let arena = Arena::new();
    // The macro needs the target type where it is used: here, the closure's return type.
    let wrap = |e| -> ArenaBox<'_, dyn Error> { unsize_box!(arena.alloc_box(Outer(e))) };
    let parse = |s: &str| s.parse::<u8>().map_err(wrap);
    assert_eq!(parse("7").unwrap(), 7);
    let err = parse("x").unwrap_err();
    assert_eq!(err.to_string(), "outer");
    assert_eq!(
        err.source().unwrap().to_string(),
        "invalid digit found in string"
    );
}

/// `into_raw` gives up the value without dropping or freeing it; `from_raw_in` takes it back
/// (also after an unsizing coercion of the pointer), and the rebuilt box drops and frees it.
#[test]
fn into_raw_and_from_raw_in() {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let raw = ArenaBox::into_raw(arena.alloc_box(Square {
        side: 5,
        _drop: drops.token(),
    }));
    // The pointer is ours now: use it, even mutably.
    // SAFETY: the value is live and nothing else refers to it.
    unsafe { (*raw).side += 1 };
    assert_eq!(drops.get(), 0);
    assert_eq!(arena.stats().used, 16);
    let raw: *mut (dyn Shape + '_) = raw;
    // SAFETY: `raw` came from `into_raw` of a box of `arena` by an unsizing coercion; the
    // arena was not reset; it is rebuilt once.
    let back = unsafe { ArenaBox::from_raw_in(raw, &arena) };
    assert_eq!(back.area(), 36);
    drop(back);
    assert_eq!((drops.get(), arena.stats().used), (1, 0));

    let (raw, home) = ArenaBox::into_raw_with_arena(arena.alloc_box(7u64));
    assert!(std::ptr::eq(home, &arena));
    // SAFETY: as above, with the arena reference that came with the pointer.
    let back = unsafe { ArenaBox::from_raw_in(raw, home) };
    assert_eq!(
        (*back, ArenaBox::arena(&back) as *const Arena),
        (7, home as *const Arena)
    );
}

/// `as_mut_ptr` writes through the box; `arena` names the box's arena.
#[test]
fn raw_access() {
    let arena = Arena::new();
    let other = Arena::new();
    let mut b = arena.alloc_box([0u8; 4]);
    let p = ArenaBox::as_mut_ptr(&mut b);
    // SAFETY: the box owns the array and is not used while `p` writes.
    unsafe { (*p)[2] = 9 };
    assert_eq!(*b, [0, 0, 9, 0]);
    assert!(std::ptr::eq(ArenaBox::arena(&b), &arena));
    assert!(!std::ptr::eq(ArenaBox::arena(&b), &other));
}

/// `ArenaBox` is covariant in its value type and its arena lifetime, like `Box`.
#[test]
fn variance() {
    fn shorten<'short, 'long: 'short>(
        b: ArenaBox<'long, &'long str>,
    ) -> ArenaBox<'short, &'short str> {
        b
    }
    let arena = Arena::new();
    let text = String::from("covariant");
    let b = shorten(arena.alloc_box(text.as_str()));
    assert_eq!(*b, "covariant");
}

/// With `--cfg arenakit_nightly` on a nightly compiler, boxes coerce implicitly.
#[cfg(arenakit_nightly)]
#[test]
fn coerce_unsized_on_nightly() {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let slice: ArenaBox<'_, [u32]> = arena.alloc_box([1, 2, 3]);
    assert_eq!(slice.len(), 3);
    let shape: ArenaBox<'_, dyn Shape + '_> = arena.alloc_box(Square {
        side: 4,
        _drop: drops.token(),
    });
    assert_eq!(shape.area(), 16);
    let pinned: std::pin::Pin<ArenaBox<'static, dyn std::future::Future<Output = u8>>> =
        Box::leak(Box::new(Arena::new())).alloc_box_pin(async { 1 });
    drop((slice, shape, pinned));
    assert_eq!((drops.get(), arena.stats().used), (1, 0));
}
