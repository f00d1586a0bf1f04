//! Port of bump-scope `tests/other.rs`, its assorted tests. `MutBumpVec` and `BumpVec` are
//! the arena `Vec`; `BumpBox`es of types with drop glue are `ArenaBox`es.
//!
//! Not ported: `mut_bump_vec_drop` (bump-scope's chunk header size and chunk growth
//! sequence), `aligned`, `as_aligned`, `as_aligned_scope` and `realign` (minimum alignment
//! settings), `doc_layout_claim` (the size of bump-scope's `Bump`), and the compile-only
//! `api_that_accepts_bump_or_bump_scope` and `bump_vec_rev_macro` (`MutBumpVec` taking
//! `&mut`, `mut_bump_vec_rev!`). `chunk_size_0` and `chunk_size_512` are ported in
//! `chunk_size.rs`.

use super::{Counted, chunk_count, expect_panic, force_new_chunk, round8};
use crate::common::CountingSource;
use arenakit::collections::{String, Vec};
use arenakit::prelude::*;
use arenakit::source::{Heap, MemorySource};
use arenakit::{AllocError, Arena, ArenaBox};
use core::alloc::Layout;
use core::fmt::Debug;
use core::ptr::NonNull;
use std::io::{IoSlice, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// bump-scope tests/other.rs: assert_send
#[test]
fn assert_send() {
    fn must_be_send<T: Send>(_: &T) {}
    must_be_send(&Arena::default());
}

/// An arena of 256-byte chunks over a counting source.
fn small_counted_arena() -> (Arena<CountingSource>, Arc<crate::common::SourceLog>) {
    let source = CountingSource::new();
    let log = source.log();
    (Arena::builder().source(source).chunk_size(256).build(), log)
}

/// bump-scope tests/other.rs: reset_single_chunk
///
/// bump-scope checks the chunk is still there after `reset`; here also that allocating again
/// takes nothing from the source.
#[test]
fn reset_single_chunk() {
    let (mut arena, log) = small_counted_arena();
    arena.reserve(1);
    assert_eq!((chunk_count(arena.stats()), arena.stats().held), (1, 256));
    arena.reset();
    assert_eq!((chunk_count(arena.stats()), arena.stats().held), (1, 256));
    arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
    assert_eq!(log.allocations(), 1);
}

/// bump-scope tests/other.rs: mut_bump_vec
///
/// bump-scope counts chunks for a first chunk too small (`with_size(0)`) and large enough
/// (`with_size(512)`); both get the five `i32`s here, 20 bytes, rounded up to 24.
#[test]
fn mut_bump_vec() {
    const TIMES: usize = 5;
    for chunk_size in [256, 512] {
        let mut arena = Arena::builder().chunk_size(chunk_size).build();
        let mut vec = arena.vec();
        vec.extend(core::iter::repeat_n(3, TIMES));
        let boxed = vec.into_boxed_slice();
        assert_eq!(&*boxed, [3; TIMES]);
        assert_eq!(arena.stats().used, round8(TIMES * size_of::<i32>()));
        drop(boxed);
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
}

/// bump-scope tests/other.rs: mut_bump_vec_push_pop
#[test]
fn mut_bump_vec_push_pop() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2];
    vec.push(3);
    assert_eq!(vec, [1, 2, 3]);
    assert_eq!(vec.pop(), Some(3));
    assert_eq!(vec.pop(), Some(2));
    assert_eq!(vec.pop(), Some(1));
    assert_eq!(vec.pop(), None);
    vec.push(4);
    assert_eq!(vec, [4]);
}

/// bump-scope tests/other.rs: mut_bump_vec_insert
#[test]
fn mut_bump_vec_insert() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    vec.insert(1, 4);
    assert_eq!(vec, [1, 4, 2, 3]);
    vec.insert(4, 5);
    assert_eq!(vec, [1, 4, 2, 3, 5]);
    vec.insert(0, 6);
    assert_eq!(vec, [6, 1, 4, 2, 3, 5]);
}

/// bump-scope tests/other.rs: mut_bump_vec_remove
#[test]
fn mut_bump_vec_remove() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3, 4, 5];
    assert_eq!(vec.remove(1), 2);
    assert_eq!(vec, [1, 3, 4, 5]);
    assert_eq!(vec.remove(3), 5);
    assert_eq!(vec, [1, 3, 4]);
    assert_eq!(vec.remove(0), 1);
    assert_eq!(vec, [3, 4]);
}

/// bump-scope tests/other.rs: mut_bump_vec_swap_remove
#[test]
fn mut_bump_vec_swap_remove() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3, 4, 5];
    assert_eq!(vec.swap_remove(1), 2);
    assert_eq!(vec, [1, 5, 3, 4]);
    assert_eq!(vec.swap_remove(3), 4);
    assert_eq!(vec, [1, 5, 3]);
    assert_eq!(vec.swap_remove(0), 1);
    assert_eq!(vec, [3, 5]);
}

/// bump-scope tests/other.rs: mut_bump_vec_extend
///
/// bump-scope's `append(array)` is `extend`, `extend_from_slice_clone` is
/// `extend_from_slice`.
#[test]
fn mut_bump_vec_extend() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena];
    vec.extend([1, 2, 3]);
    assert_eq!(vec, [1, 2, 3]);
    vec.clear();
    assert!(vec.is_empty());
    vec.extend([1, 2, 3]);
    assert_eq!(vec, [1, 2, 3]);
    vec.extend_from_slice_copy(&[4, 5, 6]);
    assert_eq!(vec, [1, 2, 3, 4, 5, 6]);
    vec.extend_from_slice(&[7, 8, 9]);
    assert_eq!(vec, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// bump-scope tests/other.rs: mut_bump_vec_write
#[test]
fn mut_bump_vec_write() {
    let arena = Arena::new();
    let mut vec: Vec<u8> = arenakit::vec![in &arena];
    assert_eq!(vec.write(&[0]).unwrap(), 1);
    let slices = [IoSlice::new(&[1, 2, 3]), IoSlice::new(&[4, 5, 6, 7, 8])];
    assert_eq!(vec.write_vectored(&slices).unwrap(), 8);
    assert_eq!(vec.write(&[9, 10]).unwrap(), 2);
    assert_eq!(vec, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
}

/// bump-scope tests/other.rs: bump_vec_shrink_can
///
/// As in bump-scope, shrinking a full vector changes nothing. Shrinking an emptied one gives
/// its buffer back; allocator-api2's `Vec` then holds a dangling pointer where bump-scope
/// keeps the old one.
#[test]
fn bump_vec_shrink_can() {
    let arena = Arena::builder().chunk_size(256).build();
    let mut vec = Vec::from_iter_in([1i32, 2, 3], &arena);
    let addr = vec.as_ptr().addr();
    assert_eq!(vec.capacity(), 3);
    vec.shrink_to_fit();
    assert_eq!((vec.as_ptr().addr(), vec.capacity()), (addr, 3));
    vec.clear();
    assert_eq!(vec.as_ptr().addr(), addr);
    vec.shrink_to_fit();
    assert_eq!(vec.capacity(), 0);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/other.rs: bump_vec_shrink_cant
///
/// A freeable block made after the vector keeps it from shrinking in place (its bytes stay
/// used); a plain value does not, as plain values live in other chunks.
#[test]
fn bump_vec_shrink_cant() {
    let arena = Arena::builder().chunk_size(256).build();
    let mut vec = Vec::from_iter_in([1i32, 2, 3, 4], &arena);
    let addr = vec.as_ptr().addr();
    let boxed = arena.alloc_box_str("now you can't shrink haha");
    let used = arena.stats().used;
    vec.pop();
    vec.shrink_to_fit();
    assert_eq!((vec.as_ptr().addr(), vec.capacity()), (addr, 3));
    vec.clear();
    vec.shrink_to_fit();
    assert_eq!(vec.capacity(), 0);
    assert_eq!(arena.stats().used, used);
    drop(boxed);

    let arena = Arena::builder().chunk_size(256).build();
    let mut vec = Vec::from_iter_in([1i32, 2, 3, 4], &arena);
    arena.alloc_str("a plain value does not pin the vector");
    let used = arena.stats().used;
    vec.truncate(2);
    vec.shrink_to_fit();
    assert_eq!(arena.stats().used, used - 8);
}

/// bump-scope tests/other.rs: alloc_iter
#[test]
fn alloc_iter() {
    let arena = Arena::builder().chunk_size(256).build();
    let slice_0 = arena.alloc_iter([1, 2, 3]);
    let slice_1 = arena.alloc_iter([4, 5, 6]);
    assert_eq!(slice_0, [1, 2, 3]);
    assert_eq!(slice_1, [4, 5, 6]);
}

/// bump-scope tests/other.rs: macro_syntax
///
/// Also runs what the compile-only `bump_vec_macro` and `bump_format_macro` write, with
/// `mut_bump_vec!`/`mut_bump_format!` as `arenakit::vec!`/`arenakit::format!`.
#[test]
fn macro_syntax() {
    fn check<T: Debug + PartialEq>(v: Vec<'_, T>, expected: &[T]) {
        assert_eq!(v, expected);
    }

    let arena = Arena::new();
    check::<i32>(arenakit::vec![in &arena], &[]);
    check(arenakit::vec![in &arena; 1, 2, 3], &[1, 2, 3]);
    check(arenakit::vec![in &arena; 5; 3], &[5, 5, 5]);
    check::<u32>(arenakit::vec![try in &arena].unwrap(), &[]);
    check(arenakit::vec![try in &arena; 1, 2, 3].unwrap(), &[1, 2, 3]);
    check(arenakit::vec![try in &arena; 3; 5].unwrap(), &[3; 5]);

    let (one, two) = (1, 2);
    assert_eq!(arenakit::format!(in &arena), "");
    assert_eq!(arenakit::format!(try in &arena).unwrap(), "");
    assert_eq!(arenakit::format!(in &arena, r"hey"), "hey");
    assert_eq!(arenakit::format!(try in &arena, r"hey").unwrap(), "hey");
    let fallible: Result<String, AllocError> =
        arenakit::format!(try in &arena, "{one} + {two} = {}", one + two);
    assert_eq!(fallible.unwrap(), "1 + 2 = 3");
    assert_eq!(
        arenakit::format!(in &arena, "{one} + {two} = {}", one + two),
        "1 + 2 = 3"
    );
}

/// bump-scope's `reset_*_chunk` tests: after `make_chunks` spreads allocations over several
/// chunks, `reset` keeps them all (bump-scope keeps the largest), so the same round again
/// takes nothing more from the source.
fn assert_reset_keeps_chunks(make_chunks: impl Fn(&Arena<CountingSource>)) {
    let (mut arena, log) = small_counted_arena();
    make_chunks(&arena);
    let (held, taken) = (arena.stats().held, log.allocations());
    assert!(taken >= 3, "only {taken} chunks");
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, held);
    make_chunks(&arena);
    assert_eq!(log.allocations(), taken, "the second round took new chunks");
}

/// Allocates `bytes` in a scope, in 32-byte blocks (so they fill chunks instead of getting
/// dedicated ones).
fn fill_in_scope(scope: &arenakit::Scope<'_, CountingSource>, bytes: usize) {
    for _ in 0..bytes / 32 {
        scope.alloc([0u8; 32]);
    }
}

/// bump-scope tests/other.rs: reset_first_chunk
#[test]
fn reset_first_chunk() {
    assert_reset_keeps_chunks(|arena| {
        arena.reserve(1);
        arena.scope(|scope| fill_in_scope(scope, 512));
    });
}

/// bump-scope tests/other.rs: reset_middle_chunk
#[test]
fn reset_middle_chunk() {
    assert_reset_keeps_chunks(|arena| {
        arena.reserve(1);
        force_new_chunk(arena, 8);
        arena.scope(|scope| fill_in_scope(scope, 256));
    });
}

/// bump-scope tests/other.rs: reset_last_chunk
#[test]
fn reset_last_chunk() {
    assert_reset_keeps_chunks(|arena| {
        arena.reserve(1);
        force_new_chunk(arena, 8);
        force_new_chunk(arena, 8);
    });
}

/// Asserts a string reads as the name of its variable.
macro_rules! assert_eq_ident {
    ($ident:ident) => {
        assert_eq!($ident, stringify!($ident));
    };
}

/// bump-scope tests/other.rs: scope_by_guards
///
/// A guard holds `&mut Arena`, so a nested guard cannot open while `child_0` borrows the
/// outer one: the grandchild scope is a closure scope of the guard's arena (it takes `&self`),
/// and nested guards are checked where no reference crosses them.
#[test]
fn scope_by_guards() {
    let mut arena = Arena::new();
    {
        let child_guard = arena.scope_guard();
        let child_scope = child_guard.scope();
        let child_0 = child_scope.alloc_str("child_0");
        let child_1 = child_scope.alloc_str("child_1");
        child_scope.scope(|grand_child_scope| {
            let grand_child_0 = grand_child_scope.alloc_str("grand_child_0");
            let grand_child_1 = grand_child_scope.alloc_str("grand_child_1");
            assert_eq_ident!(grand_child_0);
            assert_eq_ident!(grand_child_1);
        });
        let child_2 = child_scope.alloc_str("child_2");
        let child_3 = child_scope.alloc_str("child_3");
        assert_eq_ident!(child_0);
        assert_eq_ident!(child_1);
        assert_eq_ident!(child_2);
        assert_eq_ident!(child_3);
        assert!(!format!("{child_guard:?}").is_empty());
    }
    assert_eq!(arena.stats().used, 0);

    let mut child_guard = arena.scope_guard();
    child_guard.scope().alloc_str("child_0");
    {
        let grand_child_guard = child_guard.scope_guard();
        let grand_child_0 = grand_child_guard.scope().alloc_str("grand_child_0");
        assert_eq_ident!(grand_child_0);
    }
    assert_eq!(child_guard.scope().stats().used, 8);
    drop(child_guard);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/other.rs: scope_by_closures
#[test]
fn scope_by_closures() {
    let arena = Arena::new();
    arena.scope(|child| {
        let child_0 = child.alloc_str("child_0");
        let child_1 = child.alloc_str("child_1");
        child.scope(|grand_child| {
            let grand_child_0 = grand_child.alloc_str("grand_child_0");
            let grand_child_1 = grand_child.alloc_str("grand_child_1");
            assert_eq_ident!(grand_child_0);
            assert_eq_ident!(grand_child_1);
        });
        let child_2 = child.alloc_str("child_2");
        let child_3 = child.alloc_str("child_3");
        assert_eq_ident!(child_0);
        assert_eq_ident!(child_1);
        assert_eq_ident!(child_2);
        assert_eq_ident!(child_3);
    });
    assert_eq!(arena.stats().used, 0);
}

/// Opens `depth` more scopes inside `scope`, each allocating one byte, and returns the bytes
/// `arena` holds at the deepest one.
fn nest(arena: &Arena, scope: &arenakit::Scope<'_>, depth: usize) -> usize {
    scope.alloc(1u8);
    if depth == 0 {
        return arena.stats().held;
    }
    scope.scope(|inner| nest(arena, inner, depth - 1))
}

/// bump-scope tests/other.rs: scope_by_closures, nested nine deep
///
/// bump-scope's nested scopes share its chunks. arenakit holds one chunk per open scope
/// ("nesting `n` scopes deep holds `n` chunks"); each scope's chunks start at the regular
/// size. (This port found that they used to double the arena's next size instead: nine nested
/// scopes of one byte each held 64 MiB, where ten regular chunks are 640 KiB.)
#[test]
fn scope_by_closures_nested_deep() {
    let arena = Arena::new();
    arena.alloc(1u8);
    let held = arena.scope(|scope| nest(&arena, scope, 8));
    assert!(
        held <= 10 * arena.chunk_size(),
        "{held} bytes held by 9 nested scopes of 1 byte each"
    );
}

/// bump-scope tests/other.rs: reserve
#[test]
fn reserve() {
    let arena = Arena::default();
    arena.reserve(256);
    assert!(arena.chunk_capacity() > 256);
}

/// bump-scope tests/other.rs: alloc_zst
///
/// bump-scope's zero-sized `DropEmit` is `Counted<()>`, still zero-sized. Its values have
/// drop glue, so `alloc`, `alloc_with` and `alloc_default` are `alloc_box`, the slices are
/// `alloc_box_slice_*` and `alloc_iter` is `collect_in` (bump-scope's issue #6: each value
/// dropped exactly once). Not ported: `alloc_try_with` (types with drop glue have no fallible
/// initialiser here) and `alloc_iter_mut_rev`.
#[test]
fn alloc_zst() {
    type DropEmit = Counted<()>;

    /// Runs `make`, checks its clones and drops so far, drops what it made and checks the
    /// drops then.
    fn check<T>(
        make: impl FnOnce() -> T,
        (clones, drops_before, drops_after): (usize, usize, usize),
    ) {
        Counted::reset_counts();
        let made = make();
        let counts = Counted::counts();
        assert_eq!((counts.clones, counts.drops), (clones, drops_before));
        drop(made);
        assert_eq!(Counted::drops(), drops_after);
    }

    let arena = Arena::new();
    check(|| arena.alloc_box(Counted(())), (0, 0, 1));
    check(|| arena.alloc_box(DropEmit::default()), (0, 0, 1));
    assert_eq!(Counted::counts().defaults, 1);
    check(
        || {
            let originals = [Counted(()), Counted(()), Counted(())];
            arena.alloc_box_slice_clone(&originals)
        },
        (3, 3, 6),
    );
    check(
        || arena.alloc_box_slice_fill_iter(core::iter::repeat_n(Counted(()), 3)),
        (2, 0, 3),
    );
    check(
        || arena.alloc_box_slice_fill_iter(core::iter::repeat_n(Counted(()), 0)),
        (0, 1, 1),
    );
    check(
        || arena.alloc_box_slice_fill_with(3, |_| Counted(())),
        (0, 0, 3),
    );
    check(
        || arena.alloc_box_slice_fill_with(0, |_| Counted(())),
        (0, 0, 0),
    );
    check(
        || {
            [Counted(()), Counted(()), Counted(())]
                .into_iter()
                .collect_in::<Vec<_>>(&arena)
        },
        (0, 0, 3),
    );
    check(
        || arena.alloc_box_slice_fill_iter([Counted(()), Counted(()), Counted(())]),
        (0, 0, 3),
    );

    Counted::reset_counts();
    let message = expect_panic(|| {
        let mut i = 0;
        arena.alloc_box_slice_fill_with(5, |_| {
            if i == 3 {
                panic!("AAAAAAA");
            }
            i += 1;
            Counted(())
        })
    });
    assert_eq!(message, "AAAAAAA");
    assert_eq!(Counted::drops(), 3);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/other.rs: call_zst_creation_closures
#[test]
fn call_zst_creation_closures() {
    let arena = Arena::new();
    let mut calls = 0;
    arena.alloc_with(|| calls += 1);
    assert_eq!(calls, 1);
    let mut calls = 0;
    arena.alloc_slice_fill_with(3, |_| calls += 1);
    assert_eq!(calls, 3);
}

/// Two boxes of three `i32`s each (16 bytes each once rounded): bump-scope's slice split in
/// two with `split_at(3)`, as arenakit frees whole blocks only.
fn two_halves(arena: &Arena) -> (ArenaBox<'_, [i32]>, ArenaBox<'_, [i32]>) {
    let lhs = arena.alloc_box_slice_copy(&[1, 2, 3]);
    let rhs = arena.alloc_box_slice_copy(&[4, 5, 6]);
    assert_eq!(*lhs, [1, 2, 3]);
    assert_eq!(*rhs, [4, 5, 6]);
    assert_eq!(arena.stats().used, 2 * round8(3 * 4));
    (lhs, rhs)
}

/// bump-scope tests/other.rs: dealloc_ltr
///
/// Freeing the older half first keeps its bytes (it is not the newest block), as in
/// bump-scope; freeing the newer one then empties the chunk, which arenakit reuses whole,
/// where bump-scope bumping upward keeps the older half's bytes.
#[test]
fn dealloc_ltr() {
    let arena = Arena::new();
    let (lhs, rhs) = two_halves(&arena);
    ArenaBox::free(lhs);
    assert_eq!(arena.stats().used, 2 * round8(3 * 4));
    ArenaBox::free(rhs);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/other.rs: dealloc_rtl
#[test]
fn dealloc_rtl() {
    let arena = Arena::new();
    let (lhs, rhs) = two_halves(&arena);
    ArenaBox::free(rhs);
    assert_eq!(arena.stats().used, round8(3 * 4));
    ArenaBox::free(lhs);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/other.rs: zero_capacity
#[test]
fn zero_capacity() {
    let arena = Arena::with_capacity(0);
    assert!(format!("{arena:?}").starts_with("Arena"));
}

/// bump-scope tests/other.rs: alloc_iter2
#[test]
fn alloc_iter2() {
    let arena = Arena::new();
    let (one, two) = (1, 2);
    let string = arenakit::format!(in &arena, "{one} + {two} = {}", one + two).into_str();
    assert_eq!(string, "1 + 2 = 3");
}

/// bump-scope tests/other.rs: vec_of_strings
#[test]
fn vec_of_strings() {
    let arena = Arena::new();
    let mut vec = Vec::new_in(&arena);
    for i in 0..10 {
        let string: &str = arenakit::format!(in &arena, "hello {i}").into_str();
        vec.push(string);
    }
    let slice: &[&str] = vec.into_bump_slice();
    assert_eq!(slice.len(), 10);
    assert_eq!(slice[9], "hello 9");
}

/// A value of 1025 bytes: past allocator-api2's (and std's) 1 KiB threshold for a minimum
/// capacity of 4.
#[derive(Clone)]
struct Big(#[allow(dead_code)] [u8; 1025]);

impl Default for Big {
    fn default() -> Self {
        Big([0; 1025])
    }
}

/// bump-scope tests/other.rs: min_non_zero_cap
///
/// The `MutBumpVec` and `MutBumpVecRev` halves are the same `Vec` here, or have no
/// counterpart.
#[test]
fn min_non_zero_cap() {
    fn first_push_capacity<T: Default>() -> usize {
        let arena = Arena::new();
        let mut vec: Vec<T> = Vec::new_in(&arena);
        vec.push(T::default());
        vec.capacity()
    }

    assert_eq!(first_push_capacity::<u8>(), 8);
    assert_eq!(first_push_capacity::<[u8; 4]>(), 4);
    assert_eq!(first_push_capacity::<Big>(), 1);

    let arena = Arena::new();
    let mut string = String::new_in(&arena);
    string.push('a');
    assert_eq!(string.capacity(), 8);
}

/// bump-scope's covariance checks (`assert_covariant`, compile-only there): an `ArenaBox`
/// and an arena `Vec`'s `IntoIter` of `&'long str` coerce to shorter lifetimes, of their
/// items and of their arena borrow.
#[test]
fn assert_covariant() {
    fn arena_box<'long: 'short, 'short>(
        x: ArenaBox<'long, &'long str>,
    ) -> ArenaBox<'short, &'short str> {
        x
    }

    fn into_iter<'long: 'short, 'short>(
        x: allocator_api2::vec::IntoIter<&'long str, &'long Arena>,
    ) -> allocator_api2::vec::IntoIter<&'short str, &'short Arena> {
        x
    }

    let arena = Arena::new();
    assert_eq!(*arena_box(arena.alloc_box("boxed")), "boxed");
    let iter = into_iter(arenakit::vec![in &arena; "a", "b"].into_iter());
    assert_eq!(iter.collect::<std::vec::Vec<_>>(), ["a", "b"]);
}

/// A source that counts, in a shared counter, how many of its copies were dropped.
#[derive(Clone, Default)]
struct DropCountingSource(Arc<Mutex<u32>>);

impl DropCountingSource {
    fn drops(&self) -> u32 {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for DropCountingSource {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }
}

// SAFETY: every block comes from `Heap` and goes back to it with the same layout.
unsafe impl MemorySource for DropCountingSource {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        Heap.allocate(layout)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded: the caller gives back a block `Heap` handed out for `layout`.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

/// bump-scope tests/other.rs: test_drop_allocator
///
/// The memory source is dropped exactly once with its arena, as bump-scope's base allocator.
#[test]
fn test_drop_allocator() {
    let source = DropCountingSource::default();
    let arena = Arena::builder().source(source.clone()).build();
    drop(arena);
    assert_eq!(source.drops(), 1);

    let arena = Arena::builder().source(source.clone()).build();
    arena.reserve(1024);
    drop(arena);
    assert_eq!(source.drops(), 2);
}

/// bump-scope's `foo` of `generic_bump_scope`: bytes used through nested scopes.
fn used_through_scopes(arena: &Arena) {
    assert_eq!(arena.stats().used, 0);
    arena.alloc_str("good");
    assert_eq!(arena.stats().used, 8);
    arena.scope(|scope| {
        scope.alloc_str("day");
        assert_eq!(arena.stats().used, 16);
        scope.scope(|scope| {
            scope.alloc_str("world");
            assert_eq!(arena.stats().used, 24);
        });
        assert_eq!(arena.stats().used, 16);
    });
    assert_eq!(arena.stats().used, 8);
}

/// bump-scope tests/other.rs: generic_bump_scope
///
/// bump-scope calls `foo` with a `Bump` and with a scope; here with an arena and with a
/// guard's scope (an `&Arena` whose allocations go back with the guard).
#[test]
fn generic_bump_scope() {
    let arena = Arena::new();
    used_through_scopes(&arena);

    let mut arena = Arena::new();
    {
        let guard = arena.scope_guard();
        used_through_scopes(guard.scope());
    }
    assert_eq!(arena.stats().used, 0);
}
