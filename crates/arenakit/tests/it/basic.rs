//! Every allocation method and its `try_` twin, zero-sized requests, dedicated chunks,
//! `contains`, the builder's settings and `Send`.

use crate::common::{DropLog, addr};
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;
use std::cell::Cell;

/// An arena that cannot take a single chunk: every non-empty request fails.
fn starved() -> Arena {
    Arena::builder().limit(0).build()
}

/// An iterator whose `len` claims `claimed` items while it yields `actual`.
struct Liar {
    claimed: usize,
    actual: usize,
    next: usize,
}

impl Iterator for Liar {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        (self.next < self.actual).then(|| {
            self.next += 1;
            self.next as u32
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.claimed, Some(self.claimed))
    }
}

impl ExactSizeIterator for Liar {}

/// `alloc` and `try_alloc` move values in and hand out distinct, writable references.
#[test]
fn alloc_and_try_alloc() {
    let arena = Arena::new();
    let a = arena.alloc(7u64);
    let b = arena.try_alloc([1u16, 2, 3]).unwrap();
    *a += 1;
    b[0] = 9;
    assert_eq!((*a, *b), (8, [9, 2, 3]));
    assert_ne!(addr(a), addr(b));
    let err = starved().try_alloc(1u32).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
}

/// `alloc_with` writes the closure's result; `try_alloc_with` does not call it on failure.
#[test]
fn alloc_with_and_try_alloc_with() {
    let arena = Arena::new();
    let table = arena.alloc_with(|| [3u32; 1000]);
    assert!(table.iter().all(|&x| x == 3));
    assert_eq!(*arena.try_alloc_with(|| 5u8).unwrap(), 5);
    let called = Cell::new(false);
    assert!(
        starved().try_alloc_with(|| called.set(true)).is_ok(),
        "() needs no memory"
    );
    called.set(false);
    let failed = starved()
        .try_alloc_with(|| {
            called.set(true);
            1u64
        })
        .is_err();
    assert!(failed);
    assert!(
        !called.get(),
        "the closure ran although no memory was available"
    );
}

/// Constructors may allocate from the same arena: nested blocks never overlap the outer one.
#[test]
fn constructors_may_allocate_from_the_same_arena() {
    let arena = Arena::new();
    let outer = arena.alloc_with(|| {
        let inner = arena.alloc_slice_fill_with(100, |i| i as u8);
        [addr(inner), 7, 7, 7]
    });
    assert!(outer[0] >= addr(outer) + 32 || outer[0] + 100 <= addr(outer));
    let rows = arena.alloc_slice_fill_with(50, |i| &*arena.alloc_slice_fill_with(i, |j| j as u16));
    for (i, row) in rows.iter().enumerate() {
        assert!(row.iter().copied().eq(0..i as u16), "row {i} corrupted");
        let start = addr(*row);
        assert!(start >= addr(rows) + 50 * 16 || start + 2 * i <= addr(rows));
    }
    assert_eq!(outer[1..], [7, 7, 7]);
}

/// `alloc_str` and `try_alloc_str` copy UTF-8 text, including the empty string.
#[test]
fn alloc_str_and_try_alloc_str() {
    let arena = Arena::new();
    let s = arena.alloc_str("grüße");
    s.make_ascii_uppercase();
    assert_eq!(s, "GRüßE");
    assert_eq!(arena.try_alloc_str("x").unwrap(), "x");
    assert_eq!(starved().try_alloc_str("").unwrap(), "");
    assert!(starved().try_alloc_str("y").is_err());
}

/// `alloc_slice_copy` and its twin copy every element and keep the source untouched.
#[test]
fn alloc_slice_copy_and_try() {
    let arena = Arena::new();
    let src: Vec<u64> = (0..500).collect();
    let copy = arena.alloc_slice_copy(&src);
    copy[0] = 99;
    assert_eq!(copy[1..], src[1..]);
    assert_eq!(src[0], 0);
    assert_eq!(arena.try_alloc_slice_copy(&[1u8, 2]).unwrap(), &[1, 2]);
    assert!(starved().try_alloc_slice_copy(&[1u8]).is_err());
}

/// `alloc_slice_clone` and its twin call `clone` once per element, in order.
#[test]
fn alloc_slice_clone_and_try() {
    #[derive(Debug, PartialEq)]
    struct Counted<'c>(u32, &'c Cell<u32>);
    impl Clone for Counted<'_> {
        fn clone(&self) -> Self {
            self.1.set(self.1.get() + 1);
            Counted(self.0 * 10, self.1)
        }
    }
    let clones = Cell::new(0);
    let src = [
        Counted(1, &clones),
        Counted(2, &clones),
        Counted(3, &clones),
    ];
    let arena = Arena::new();
    let copy = arena.alloc_slice_clone(&src);
    assert_eq!(copy.iter().map(|c| c.0).collect::<Vec<_>>(), [10, 20, 30]);
    assert_eq!(clones.get(), 3);
    assert_eq!(
        arena.try_alloc_slice_clone(&["a", "b"]).unwrap(),
        &["a", "b"]
    );
    assert!(starved().try_alloc_slice_clone(&src).is_err());
    assert_eq!(clones.get(), 3, "nothing is cloned when allocation fails");
}

/// `alloc_slice_fill_with` and its twin call the closure with every index in order.
#[test]
fn alloc_slice_fill_with_and_try() {
    let arena = Arena::new();
    let seen = Cell::new(0);
    let squares = arena.alloc_slice_fill_with(100, |i| {
        assert_eq!(i, seen.get());
        seen.set(i + 1);
        (i * i) as u32
    });
    assert_eq!(squares[99], 9801);
    assert_eq!(seen.get(), 100);
    assert_eq!(
        arena.try_alloc_slice_fill_with(3, |i| i as u8).unwrap(),
        &[0, 1, 2]
    );
    assert!(starved().try_alloc_slice_fill_with(1, |i| i).is_err());
}

/// `alloc_slice_fill_iter` takes exactly as many items as the slice holds, even from an
/// iterator that lies about its length.
#[test]
fn alloc_slice_fill_iter_and_liars() {
    let arena = Arena::new();
    assert_eq!(arena.alloc_slice_fill_iter([5u16, 6, 7]), &[5, 6, 7]);
    assert_eq!(
        arena.try_alloc_slice_fill_iter(0..4u8).unwrap(),
        &[0, 1, 2, 3]
    );
    let short = Liar {
        claimed: 10,
        actual: 4,
        next: 0,
    };
    assert_eq!(arena.alloc_slice_fill_iter(short), &[1, 2, 3, 4]);
    let mut long = Liar {
        claimed: 3,
        actual: 100,
        next: 0,
    };
    assert_eq!(arena.alloc_slice_fill_iter(&mut long), &[1, 2, 3]);
    assert_eq!(
        long.next, 3,
        "items past the announced length were consumed"
    );
    let absurd = Liar {
        claimed: usize::MAX,
        actual: 1,
        next: 0,
    };
    let err = arena.try_alloc_slice_fill_iter(absurd).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    assert!(starved().try_alloc_slice_fill_iter([1u8]).is_err());
}

/// `alloc_uninit` and `alloc_uninit_slice` (and twins) hand out aligned, writable slots.
#[test]
fn alloc_uninit_and_uninit_slice() {
    #[repr(align(64))]
    struct Line([u8; 64]);
    let arena = Arena::new();
    let line = arena.alloc_uninit::<Line>();
    assert_eq!(addr(line) % 64, 0);
    assert_eq!(line.write(Line([1; 64])).0[63], 1);
    let n = arena.try_alloc_uninit::<u64>().unwrap().write(4);
    assert_eq!(*n, 4);
    let slots = arena.alloc_uninit_slice::<u32>(1000);
    assert_eq!(slots.len(), 1000);
    slots[999].write(1);
    assert_eq!(arena.try_alloc_uninit_slice::<u16>(3).unwrap().len(), 3);
    assert!(starved().try_alloc_uninit::<u8>().is_err());
    assert!(starved().try_alloc_uninit_slice::<u8>(1).is_err());
}

/// `alloc_layout` honours every power-of-two alignment from 1 to 1 MiB, small and large.
#[test]
fn alloc_layout_every_alignment() {
    let arena = Arena::new();
    let mut blocks = Vec::new();
    for shift in 0..=20 {
        let align = 1usize << shift;
        for size in [1, 24, 3000, 70_000] {
            let layout = Layout::from_size_align(size, align).unwrap();
            let ptr = if size % 2 == 0 {
                arena.alloc_layout(layout)
            } else {
                arena.try_alloc_layout(layout).unwrap()
            };
            assert_eq!(ptr.addr().get() % align, 0, "size {size} align {align}");
            assert!(arena.contains(ptr.as_ptr()));
            // SAFETY: the block holds `size` bytes.
            unsafe { ptr.write_bytes(shift as u8, size) };
            blocks.push((ptr, size, shift as u8));
        }
    }
    for (ptr, size, byte) in blocks {
        // SAFETY: the block holds `size` bytes, all written above; the arena is still alive.
        let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), size) };
        assert!(bytes.iter().all(|&b| b == byte), "a block was overwritten");
    }
    let big = Layout::from_size_align(8, 1 << 20).unwrap();
    assert!(starved().try_alloc_layout(big).is_err());
}

/// `alloc_owned` (and twin) keep the value usable until reset; `alloc_no_drop` never drops.
#[test]
fn alloc_owned_and_no_drop() {
    let log = DropLog::default();
    let mut arena = Arena::new();
    let names = arena.alloc_owned(vec![String::from("a")]);
    names.push(String::from("b"));
    assert_eq!(names.len(), 2);
    assert_eq!(arena.try_alloc_owned(log.tracked(1)).unwrap().id, 1);
    assert_eq!(
        *arena.alloc_owned(3u8),
        3,
        "a type without drop glue is simply allocated"
    );
    let drops = Cell::new(0);
    struct Noisy<'c>(&'c Cell<u32>);
    impl Drop for Noisy<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    arena.alloc_no_drop(Noisy(&drops));
    arena.try_alloc_no_drop(Noisy(&drops)).unwrap();
    arena.reset();
    assert_eq!(log.order(), [1]);
    drop(arena);
    assert_eq!(drops.get(), 0);
}

/// Zero-sized values and empty slices work on a fresh arena and take no memory at all.
#[test]
fn zero_sized_requests_allocate_nothing() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Unit;
    let arena = Arena::new();
    assert_eq!(*arena.alloc(Unit), Unit);
    arena.try_alloc(()).unwrap();
    assert_eq!(arena.alloc([0u64; 0]).len(), 0);
    assert_eq!(*arena.alloc_with(|| Unit), Unit);
    assert_eq!(arena.alloc_str(""), "");
    assert!(arena.alloc_slice_copy::<u8>(&[]).is_empty());
    assert_eq!(arena.alloc_slice_copy(&[Unit; 1000]).len(), 1000);
    assert!(arena.alloc_slice_clone::<u32>(&[]).is_empty());
    assert!(arena.alloc_slice_fill_with(0, |_| 1u8).is_empty());
    assert!(
        arena
            .alloc_slice_fill_iter(core::iter::empty::<u16>())
            .is_empty()
    );
    arena.alloc_uninit::<()>();
    assert_eq!(arena.alloc_uninit_slice::<u64>(0).len(), 0);
    assert_eq!(arena.alloc_uninit_slice::<()>(usize::MAX).len(), usize::MAX);
    arena.alloc_owned(());
    arena.alloc_no_drop(Unit);
    for shift in 0..=20 {
        let ptr = arena.alloc_layout(Layout::from_size_align(0, 1 << shift).unwrap());
        assert_eq!(ptr.addr().get() % (1 << shift), 0);
    }
    assert_eq!(arena.stats().held, 0);
    assert_eq!(arena.stats().used, 0);
}

/// A zero-sized `alloc_layout` on a warm arena takes no memory, whatever its alignment.
#[test]
fn zero_sized_layout_on_warm_arena_takes_nothing() {
    let arena = Arena::new();
    let first = arena.alloc(1u64);
    let used = arena.stats().used;
    for shift in 0..=12 {
        let ptr = arena.alloc_layout(Layout::from_size_align(0, 1 << shift).unwrap());
        assert_eq!(ptr.addr().get() % (1 << shift), 0);
    }
    assert_eq!(arena.stats().used, used);
    assert_eq!(addr(arena.alloc(2u64)), addr(first) + 8);
}

/// A request above a quarter of a chunk that does not fit in the current chunk gets a
/// dedicated chunk and leaves the current chunk's free space in use: the next small value
/// lands right after the previous one.
#[test]
fn large_requests_get_dedicated_chunks() {
    let arena = Arena::new();
    let a = arena.alloc(1u64);
    for _ in 0..3 {
        arena.alloc_uninit_slice::<u8>(16_000);
    }
    assert_eq!(
        arena.stats().dedicated_chunks,
        0,
        "16 000 bytes is below a quarter chunk"
    );
    let b = arena.alloc(2u64);
    assert_eq!(addr(b), addr(a) + 8 + 48_000);
    // 65 536 - 64 header - 48 016 used leaves 17 456 bytes: too few for 20 000.
    let big = arena.alloc_uninit_slice::<u8>(20_000);
    assert!(arena.contains(big.as_ptr()));
    let c = arena.alloc(3u64);
    let huge = arena.alloc_slice_fill_with(1 << 20, |i| i as u8);
    let d = arena.alloc(4u64);
    assert_eq!(addr(c), addr(b) + 8);
    assert_eq!(addr(d), addr(c) + 8);
    assert_eq!(huge[(1 << 20) - 1], 255);
    let stats = arena.stats();
    assert_eq!((stats.dedicated_chunks, stats.regular_chunks), (2, 1));
    assert_eq!(stats.wasted, 0);
}

/// A large request that still fits in the current chunk's free space is bumped there (nothing
/// wasted, no dedicated chunk); one that does not fit gets a dedicated chunk.
#[test]
fn large_request_that_fits_is_bumped_in_place() {
    let arena = Arena::new();
    let a = arena.alloc(1u64);
    let big = arena.alloc_uninit_slice::<u8>(20_000);
    assert_eq!(addr(&big[0]), addr(a) + 8);
    assert_eq!(arena.stats().dedicated_chunks, 0);
    arena.alloc_uninit_slice::<u8>(50_000); // 20,008 + 50,000 > 65,472 usable bytes
    let b = arena.alloc(2u64);
    assert_eq!(arena.stats().dedicated_chunks, 1);
    assert_eq!(addr(b), addr(&big[0]) + 20_000);
}

/// `contains` is true for every byte of arena allocations and false for other memory.
#[test]
fn contains_arena_pointers_only() {
    let arena = Arena::new();
    let other = Arena::new();
    let small = arena.alloc_slice_copy(&[1u8; 40]);
    let big = arena.alloc_uninit_slice::<u8>(100_000);
    for ptr in [&small[0], &small[39]] {
        assert!(arena.contains(ptr));
    }
    assert!(arena.contains(&big[0]) && arena.contains(&big[99_999]));
    let elsewhere = other.alloc(1u8);
    let boxed = Box::new(1u64);
    let local = 5u32;
    assert!(!arena.contains(elsewhere));
    assert!(!arena.contains(&*boxed));
    assert!(!arena.contains(&local));
    assert!(!arena.contains(core::ptr::null::<u8>()));
    assert!(
        !Arena::new().contains(&local),
        "an empty arena contains nothing"
    );
}

/// An `Arena` (with owned values in it) moves to another thread and drops there.
#[test]
fn arena_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Arena>();
    assert_send::<Arena<arenakit::source::Fixed<'static>>>();
    #[cfg(unix)]
    assert_send::<Arena<arenakit::source::Mmap>>();
    let log = DropLog::default();
    let arena = Arena::new();
    arena.alloc_owned(log.tracked(1));
    // Only the address travels (raw pointers are not `Send`): `contains` compares addresses
    // and never reads through the pointer, so one without provenance is all it needs.
    let text = arena.alloc_str("travels").as_ptr().addr();
    let handle = std::thread::spawn(move || {
        assert!(arena.contains(core::ptr::without_provenance::<u8>(text)));
        assert_eq!(*arena.alloc(2u32), 2);
        drop(arena);
    });
    handle.join().unwrap();
    assert_eq!(log.order(), [1]);
}

/// The builder's getters report the settings, with out-of-range chunk sizes clamped.
#[test]
fn builder_settings() {
    let arena = Arena::builder()
        .chunk_size(5000)
        .max_retained(123)
        .limit(1 << 30)
        .build();
    assert_eq!(arena.chunk_size(), 5056);
    assert_eq!((arena.max_retained(), arena.limit()), (123, Some(1 << 30)));
    assert_eq!(Arena::builder().chunk_size(0).build().chunk_size(), 256);
    assert_eq!(
        Arena::builder().chunk_size(usize::MAX).build().chunk_size(),
        1 << 30
    );
    let default = Arena::default();
    assert_eq!((default.chunk_size(), default.limit()), (64 * 1024, None));
    assert!(format!("{default:?}").contains("Arena"));
}

/// The `const` constructor makes the same arena as `new`, usable in a `static` (behind a
/// `Mutex`) and in a `thread_local!` with a `const` initialiser (bump-scope #7).
#[cfg(feature = "std")]
#[test]
fn unallocated_is_a_const_new() {
    use std::sync::Mutex;
    static SHARED: Mutex<Arena> = Mutex::new(Arena::unallocated());
    std::thread_local! {
        static LOCAL: Arena = const { Arena::unallocated() };
    }
    const fn made_at_compile_time() -> Arena {
        Arena::unallocated()
    }
    let empty = const { made_at_compile_time() };
    assert_eq!(format!("{empty:?}"), format!("{:?}", Arena::new()));
    assert_eq!(empty.stats(), Arena::new().stats());
    let total: u64 = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4u64)
            .map(|t| {
                s.spawn(move || {
                    let mut arena = SHARED.lock().unwrap();
                    let xs = arena.alloc_slice_fill_with(100, |i| t * 100 + i as u64);
                    let sum = xs.iter().sum::<u64>();
                    arena.reset();
                    let local = LOCAL.with(|a| *a.alloc(t));
                    sum + local
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(total, (0..400u64).sum::<u64>() + 6);
    assert_eq!(SHARED.lock().unwrap().chunk_size(), 64 * 1024);
}
