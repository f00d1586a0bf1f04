//! Port of bump-scope `tests/panic_safety.rs`: a `clone` that panics part way through filling
//! a slice or a vector drops exactly the clones made (or keeps them in the vector), never
//! leaks nor drops twice. Each test runs for a sized and a zero-sized element, as in
//! bump-scope's `zst_or_not!`. bump-scope's `init_*` of uninitialised boxes are arenakit's
//! one-call `alloc_box_slice_*`.
//!
//! Merged: `mut_bump_vec_extend_from_slice` (the same arena `Vec`). Not ported:
//! `mut_bump_vec_rev_extend_from_slice` (no downward vector).

use super::expect_panic;
use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use arenakit::collections::Vec;
use arenakit::prelude::*;
use arenakit::source::{Heap, MemorySource};
use core::alloc::Layout;
use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::ptr::NonNull;

thread_local! {
    /// Clones allowed before `Wrap::clone` panics.
    static MAX_CLONES: Cell<usize> = const { Cell::new(usize::MAX) };
    /// `Wrap::clone` calls that succeeded.
    static CLONES: Cell<usize> = const { Cell::new(0) };
    /// `Wrap` destructor runs.
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

/// bump-scope's `Wrap`: counts its drops, and its clones, which panic past a budget.
#[derive(Default)]
struct Wrap<T>(T);

impl<T: Clone> Clone for Wrap<T> {
    fn clone(&self) -> Self {
        if CLONES.get() >= MAX_CLONES.get() {
            panic!("too many clones");
        }
        CLONES.set(CLONES.get() + 1);
        Wrap(self.0.clone())
    }
}

impl<T> Drop for Wrap<T> {
    fn drop(&mut self) {
        DROPS.set(DROPS.get() + 1);
    }
}

/// The element types of the tests: `Wrap<i32>` and the zero-sized `Wrap<()>`.
trait Testable: Clone + Default {
    /// `N` default values.
    fn array<const N: usize>() -> [Self; N] {
        core::array::from_fn(|_| Self::default())
    }
}

impl Testable for Wrap<i32> {}
impl Testable for Wrap<()> {}

/// Runs `f`, which must panic with `message` after at most `max_clones` clones, and checks
/// that exactly `drops` values were dropped meanwhile; then resets the counters.
fn run_expecting(drops: usize, max_clones: usize, message: &str, f: impl FnOnce()) {
    MAX_CLONES.set(max_clones);
    CLONES.set(0);
    DROPS.set(0);
    assert_eq!(expect_panic(f), message);
    assert_eq!(DROPS.get(), drops, "drops");
    MAX_CLONES.set(usize::MAX);
    CLONES.set(0);
    DROPS.set(0);
}

/// bump-scope tests/panic_safety.rs: init_clone
#[test]
fn init_clone() {
    fn case<T: Testable>() {
        run_expecting(3, 3, "too many clones", || {
            let original = ManuallyDrop::new(T::array::<5>());
            let arena = Arena::new();
            let _init = arena.alloc_box_slice_clone(&*original);
        });
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// bump-scope tests/panic_safety.rs: init_fill
///
/// bump-scope's `init_fill(value)` clones `value` into all slots but the last, which gets
/// `value`: `alloc_box_slice_fill_iter(repeat_n(value, n))`. Dropped: the three clones and
/// `value`.
#[test]
fn init_fill() {
    fn case<T: Testable>() {
        run_expecting(4, 3, "too many clones", || {
            let arena = Arena::new();
            let _init = arena.alloc_box_slice_fill_iter(core::iter::repeat_n(T::default(), 5));
        });
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// bump-scope tests/panic_safety.rs: init_fill_with
#[test]
fn init_fill_with() {
    fn case<T: Testable>() {
        run_expecting(3, 3, "too many clones", || {
            let original = ManuallyDrop::new(T::default());
            let arena = Arena::new();
            let _init = arena.alloc_box_slice_fill_with(5, |_| (*original).clone());
        });
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// bump-scope tests/panic_safety.rs: mut_bump_vec_from_elem_in
///
/// `MutBumpVec::from_elem_in(value, 5, ..)` is `vec![in &arena; value; 5]`.
#[test]
fn mut_bump_vec_from_elem_in() {
    fn case<T: Testable>() {
        run_expecting(4, 3, "too many clones", || {
            let arena = Arena::new();
            let _vec = arenakit::vec![in &arena; T::default(); 5];
        });
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// bump-scope tests/panic_safety.rs: into_iter
#[test]
fn into_iter() {
    fn case<T: Testable>() {
        run_expecting(5, usize::MAX, "whoops", || {
            let arena = Arena::new();
            let vec = arenakit::vec![in &arena; T::default(); 5];
            for (i, _) in vec.into_iter().enumerate() {
                assert!(i != 3, "whoops");
            }
        });
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// Extends a new vector with clones of five values, the fourth clone panicking: the three
/// clones made stay in the vector, nothing is dropped.
fn extend_keeps_the_clones_made<T: Testable>(extend: fn(&mut Vec<'_, T>, &[T])) {
    let arena = Arena::new();
    let mut vec = Vec::new_in(&arena);
    let slice = ManuallyDrop::new(T::array::<5>());
    run_expecting(0, 3, "too many clones", || extend(&mut vec, &*slice));
    assert_eq!(vec.len(), 3);
    let dropped = DROPS.get();
    drop(vec);
    assert_eq!(DROPS.get(), dropped + 3);
}

/// bump-scope tests/panic_safety.rs: bump_vec_extend_from_slice
///
/// Also ports `mut_bump_vec_extend_from_slice`. bump-scope's `extend_from_slice_clone` is
/// allocator-api2's `extend_from_slice`, and arenakit's `try_extend_from_slice`.
#[test]
fn bump_vec_extend_from_slice() {
    fn case<T: Testable>() {
        extend_keeps_the_clones_made::<T>(|vec, slice| vec.extend_from_slice(slice));
        extend_keeps_the_clones_made::<T>(|vec, slice| vec.try_extend_from_slice(slice).unwrap());
    }
    case::<Wrap<i32>>();
    case::<Wrap<()>>();
}

/// A heap source that serves one chunk, then panics.
#[derive(Default)]
struct OneChunkThenPanic {
    served: Cell<usize>,
}

// SAFETY: every block comes from `Heap` and goes back to it with the same layout.
unsafe impl MemorySource for OneChunkThenPanic {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        assert_eq!(self.served.get(), 0, "intentional panic when shrinking");
        self.served.set(1);
        Heap.allocate(layout)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded: the caller gives back a block `Heap` handed out for `layout`.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

/// bump-scope tests/panic_safety.rs: test_shrink_unfit_in_another_chunk
///
/// Shrinking to an alignment the block's chunk cannot give (2048 in 256-byte chunks) needs a
/// new chunk, and the source panics: the arena counts what it did before, and the block is
/// still there. (arenakit's `MemorySource` must not panic, but the arena stays sound if it
/// does.)
#[test]
fn test_shrink_unfit_in_another_chunk() {
    let arena = Arena::builder()
        .source(OneChunkThenPanic::default())
        .chunk_size(256)
        .build();
    (&arena).allocate(Layout::new::<u8>()).unwrap();
    assert_eq!(arena.stats().used, 8);

    let old_layout = Layout::from_size_align(3, 1).unwrap();
    let new_layout = Layout::from_size_align(2, 2048).unwrap();
    let old_ptr = (&arena).allocate(old_layout).unwrap().cast::<u8>();
    // SAFETY: the block holds 3 bytes.
    unsafe { old_ptr.write_bytes(9, 3) };
    assert_eq!(arena.stats().used, 16);

    let message = expect_panic(|| {
        // SAFETY: `old_ptr` is a live block of `arena` for `old_layout`; after the panic it
        // is still the caller's (a failed shrink keeps the block).
        unsafe { (&arena).shrink(old_ptr, old_layout, new_layout) }
    });
    assert!(
        message.contains("intentional panic when shrinking"),
        "{message}"
    );
    assert_eq!(arena.stats().used, 16);
    // SAFETY: the shrink failed, so the block is still live with its 3 bytes.
    let bytes = unsafe { core::slice::from_raw_parts(old_ptr.as_ptr(), 3) };
    assert_eq!(bytes, [9; 3]);
}
