//! [`Scope`]: allocations released when a closure returns, without resetting the arena.
//!
//! [`Arena::scope`](Arena::scope) runs a closure with a [`Scope`] handle. What the closure
//! allocates through the handle is released when it returns (and the destructors of values
//! given to [`Scope::alloc_owned`] run then); everything else in the arena stays: values made
//! before the scope, and values the closure makes through the arena itself or through an
//! enclosing scope.
//!
//! # How it works, and why it is sound
//!
//! A scope bumps through chunks of its own, leased from the arena's spare chunks (a new one
//! only when none is spare) and given back to them when the scope ends, so the next scope
//! reuses them without asking the memory source. The arena's own cursors, and those of other
//! open scopes, never touch a scope's chunks. That is what lets [`Arena::scope`](Arena::scope)
//! take `&self`: a closure may keep allocating through the arena (or an enclosing scope)
//! while a scope is open, and those allocations outlive the scope, because they never were in
//! its chunks.
//!
//! The compiler keeps references from outliving their scope: the closure is generic over the
//! lifetime of the handle, `for<'s> FnOnce(&'s Scope<'a, S>) -> R`, every allocation borrows the
//! handle, and `R` cannot name `'s`. The handle is neither `Clone` nor `Send`.
//!
//! The price: an open scope holds at least one plain chunk ([`chunk_size`](Arena::chunk_size)
//! or larger) once it allocates, so nesting `n` scopes deep holds `n` chunks.
//! Freeable blocks ([`alloc_box`](Arena::alloc_box), collections) are not scoped: make them
//! through [`Scope::arena`]; they give their memory back when dropped anyway.

use super::alloc::{Blocks, assert_no_drop};
use super::{Arena, Local};
use crate::drop_list::{DropList, DropNode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::ScopeLane;
use crate::source::{Heap, MemorySource};
use core::alloc::Layout;
use core::fmt;
use core::marker::PhantomData;
use core::mem::{MaybeUninit, needs_drop};
use core::ptr::NonNull;

/// A handle to a scope of an [`Arena`]: allocations made through it are released
/// when the closure given to [`Arena::scope`](Arena::scope) (or [`Scope::scope`]) returns.
///
/// The lifetime `'a` is that of the arena borrow (or of the enclosing scope's handle), so
/// references made before the scope coerce to the scope's shorter lifetime and stay usable
/// inside it.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let config = arena.alloc_str("verbose"); // made before the scope: stays valid
/// for request in ["a", "bb", "ccc"] {
///     let len = arena.scope(|s| {
///         let copy = s.alloc_str(request);
///         let both = s.alloc((config.len(), copy.len())); // borrows from both
///         both.0 + both.1
///     }); // `copy` and `both` are released here; their chunk is reused next time
///     assert_eq!(len, 7 + request.len());
/// }
/// assert_eq!(config, "verbose");
/// ```
///
/// A reference made in a scope cannot escape it:
///
/// ```compile_fail
/// let arena = arenakit::Arena::new();
/// let escaped = arena.scope(|s| s.alloc(5u32)); // error: lifetime may not live long enough
/// ```
///
/// Nor can it be stored in something that outlives the scope:
///
/// ```compile_fail,E0521
/// use std::cell::Cell;
/// let arena = arenakit::Arena::new();
/// let slot: &Cell<Option<&u32>> = arena.alloc(Cell::new(None));
/// arena.scope(|s| slot.set(Some(s.alloc(5u32)))); // error: borrowed data escapes
/// ```
///
/// The handle cannot be sent to another thread:
///
/// ```compile_fail,E0277
/// let arena = arenakit::Arena::new();
/// arena.scope(|s| std::thread::scope(|t| {
///     t.spawn(|| s.alloc(1u8)); // error: `Cell<..>` cannot be shared between threads
/// }));
/// ```
pub struct Scope<'a, S: MemorySource = Heap> {
    arena: &'a Arena<S, Local>,
    lane: ScopeLane,
    /// Values registered by `alloc_owned`; their nodes lie in the scope's chunks.
    drops: DropList,
    /// Not `Send` or `Sync`: the lane is the arena's, which is single-thread.
    _local: PhantomData<*mut ()>,
}

impl<S: MemorySource> Arena<S, Local> {
    /// Runs `f` with a [`Scope`] of this arena and returns its result. What `f` allocates
    /// through the scope is released when `f` returns (or panics), and the values it gave to
    /// [`Scope::alloc_owned`] are dropped then, newest first. Everything else in the arena
    /// stays, including what `f` allocates through the arena itself.
    ///
    /// A scope's memory is reused by the next scope, so a loop of scopes needs no reset and
    /// holds no more than its largest iteration. Takes `&self`: references made earlier stay
    /// usable inside. See [`Scope`] for what the compiler rules out.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let kept = arena.alloc(1u64);
    /// let mut held = 0;
    /// for i in 0..1000u64 {
    ///     arena.scope(|s| {
    ///         let scratch = s.alloc_slice_fill_with(1000, |j| i + j as u64);
    ///         assert_eq!(scratch[999], i + 999);
    ///     });
    ///     if i == 0 {
    ///         held = arena.stats().held;
    ///     }
    /// }
    /// assert_eq!(*kept, 1);
    /// // Every scope reused the chunk of the first one.
    /// assert_eq!(arena.stats().held, held);
    /// ```
    pub fn scope<'a, R>(&'a self, f: impl for<'s> FnOnce(&'s Scope<'a, S>) -> R) -> R {
        Scope::run(self, f)
    }
}

// As for the arena's methods: each call hands out a fresh block that nothing else aliases.
#[allow(clippy::mut_from_ref)]
impl<'a, S: MemorySource> Scope<'a, S> {
    fn run<R>(arena: &'a Arena<S, Local>, f: impl for<'s> FnOnce(&'s Self) -> R) -> R {
        let scope = Scope {
            arena,
            lane: ScopeLane::new(),
            drops: DropList::default(),
            _local: PhantomData,
        };
        // SAFETY: `scope` is new, stays in this frame and is borrowed by `_exit` until the guard
        // drops (which exits the scope), so it does not move while registered.
        unsafe { arena.raw().enter_scope(&scope.lane) };
        let _exit = Exit(&scope);
        f(&scope)
    }

    /// Opens a scope nested in this one: see [`Arena::scope`](Arena::scope). References
    /// made through this scope stay usable in the nested one.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|outer| {
    ///     let name = outer.alloc_str("outer");
    ///     let total = outer.scope(|inner| inner.alloc_str(name).len() + 1);
    ///     assert_eq!(total, 6);
    ///     assert_eq!(name, "outer");
    /// });
    /// ```
    pub fn scope<'s, R>(&'s self, f: impl for<'t> FnOnce(&'t Scope<'s, S>) -> R) -> R {
        Scope::run(self.arena, f)
    }

    /// The arena this scope allocates from. Allocations through it are not scoped: they stay
    /// until the arena is reset, like any other.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let kept = arena.scope(|s| s.arena().alloc(7u8));
    /// assert_eq!(*kept, 7);
    /// ```
    pub fn arena(&self) -> &'a Arena<S, Local> {
        self.arena
    }

    /// Like [`Arena::alloc_layout`](Arena::alloc_layout), released when the scope ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_layout`](Scope::try_alloc_layout).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::alloc::Layout;
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| {
    ///     let block = s.alloc_layout(Layout::from_size_align(64, 64).unwrap());
    ///     assert_eq!(block.as_ptr() as usize % 64, 0);
    /// });
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        unwrap_or_panic(self.try_alloc_layout(layout))
    }

    /// Like [`alloc_layout`](Scope::alloc_layout), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::alloc::Layout;
    /// let arena = arenakit::Arena::builder().limit(1 << 20).build();
    /// arena.scope(|s| assert!(s.try_alloc_layout(Layout::new::<[u8; 1 << 21]>()).is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.block(layout)
    }

    /// Like [`Arena::alloc_uninit_slice`](Arena::alloc_uninit_slice): `len` uninitialised
    /// elements (not zeroed), released when the scope ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_uninit_slice`](Scope::try_alloc_uninit_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| {
    ///     let buf = s.alloc_uninit_slice::<u32>(4);
    ///     assert_eq!(buf.len(), 4);
    /// });
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        unwrap_or_panic(self.try_alloc_uninit_slice(len))
    }

    /// Like [`alloc_uninit_slice`](Scope::alloc_uninit_slice), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert!(s.try_alloc_uninit_slice::<u64>(usize::MAX).is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc_uninit_slice<T>(
        &self,
        len: usize,
    ) -> Result<&mut [MaybeUninit<T>], AllocError> {
        self.uninit_slice(len)
    }

    /// Like [`Arena::alloc`](Arena::alloc), released when the scope ends. `T` needs no
    /// `Drop` (a compile error otherwise); see [`alloc_owned`](Scope::alloc_owned).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc`](Scope::try_alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let sum = arena.scope(|s| {
    ///     let a = s.alloc(2u32);
    ///     let b = s.alloc(3u32);
    ///     *a + *b
    /// });
    /// assert_eq!(sum, 5);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc(value))
    }

    /// Like [`alloc`](Scope::alloc), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// arena.scope(|s| assert!(s.try_alloc(1u8).is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, AllocError> {
        assert_no_drop!(T);
        self.try_alloc_unchecked(value)
    }

    /// Stores `value` without the drop-glue check.
    #[inline(always)]
    fn try_alloc_unchecked<T>(&self, value: T) -> Result<&mut T, AllocError> {
        Ok(self.uninit_slice::<T>(1)?[0].write(value))
    }

    /// Like [`Arena::alloc_with`](Arena::alloc_with): allocates first, then writes the
    /// value `f` returns in place.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_with(|| [7u8; 64])[63], 7));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T, F: FnOnce() -> T>(&self, f: F) -> &mut T {
        assert_no_drop!(T);
        let slot = self.alloc_uninit_slice::<T>(1);
        slot[0].write(f())
    }

    /// Like [`Arena::alloc_owned`](Arena::alloc_owned), for a value whose destructor runs
    /// when the scope ends (newest first), not at the arena's reset. `T: 'static` (its
    /// destructor runs after the closure's borrows have ended) but need not be `Send` (it runs
    /// on this thread).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_owned`](Scope::try_alloc_owned).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::rc::Rc;
    /// let counter = Rc::new(());
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| {
    ///     s.alloc_owned(Rc::clone(&counter));
    ///     assert_eq!(Rc::strong_count(&counter), 2);
    /// });
    /// assert_eq!(Rc::strong_count(&counter), 1); // dropped at scope end
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_owned<T: 'static>(&self, value: T) -> &mut T {
        unwrap_or_panic(self.try_alloc_owned(value))
    }

    /// Like [`alloc_owned`](Scope::alloc_owned), returning an error instead of panicking (the
    /// value is then dropped at once).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// arena.scope(|s| assert!(s.try_alloc_owned(String::from("x")).is_err()));
    /// ```
    #[inline]
    pub fn try_alloc_owned<T: 'static>(&self, value: T) -> Result<&mut T, AllocError> {
        if !needs_drop::<T>() {
            return self.try_alloc_unchecked(value);
        }
        let node = NonNull::from(self.try_alloc_unchecked(DropNode::new(value))?);
        // SAFETY: the node is initialised in the scope's memory, which stays valid until the
        // scope ends; `Exit` runs the list before it gives the memory back, on this thread (the
        // handle is not `Send`), after every borrow of the handle has ended, and `T: 'static`
        // holds no borrow that could have ended first. It is registered once.
        Ok(unsafe { self.drops.register(node) })
    }

    /// Like [`Arena::alloc_str`](Arena::alloc_str), released when the scope ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_str`](Scope::try_alloc_str).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_str("hello"), "hello"));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        unwrap_or_panic(self.try_alloc_str(s))
    }

    /// Like [`alloc_str`](Scope::alloc_str), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// arena.scope(|s| assert!(s.try_alloc_str("x").is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc_str(&self, s: &str) -> Result<&mut str, AllocError> {
        self.copy_str(s)
    }

    /// Like [`Arena::alloc_slice_copy`](Arena::alloc_slice_copy), released when the scope
    /// ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_copy`](Scope::try_alloc_slice_copy).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_slice_copy(&[1, 2, 3]), &[1, 2, 3]));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        unwrap_or_panic(self.try_alloc_slice_copy(src))
    }

    /// Like [`alloc_slice_copy`](Scope::alloc_slice_copy), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// arena.scope(|s| assert!(s.try_alloc_slice_copy(&[1u8]).is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        self.copy_slice(src)
    }

    /// Like [`Arena::alloc_slice_clone`](Arena::alloc_slice_clone), released when the
    /// scope ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_slice_clone(&["a", "b"]), &["a", "b"]));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.fill(src.len(), src.iter().cloned()))
    }

    /// Like [`Arena::alloc_slice_fill_with`](Arena::alloc_slice_fill_with): element `i` is
    /// `f(i)`. If `f` panics, the elements made so far are not dropped (`T` has no drop glue).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_fill_with`](Scope::try_alloc_slice_fill_with).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_slice_fill_with(4, |i| i * i), &[0, 1, 4, 9]));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_with<T, F: FnMut(usize) -> T>(&self, len: usize, f: F) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_slice_fill_with(len, f))
    }

    /// Like [`alloc_slice_fill_with`](Scope::alloc_slice_fill_with), returning an error instead
    /// of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// arena.scope(|s| assert!(s.try_alloc_slice_fill_with(4, |i| i).is_err()));
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_fill_with<T, F: FnMut(usize) -> T>(
        &self,
        len: usize,
        f: F,
    ) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        self.fill(len, (0..len).map(f))
    }

    /// Like [`Arena::alloc_slice_fill_iter`](Arena::alloc_slice_fill_iter), released when
    /// the scope ends.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_slice_fill_iter([3, 2, 1]), &[3, 2, 1]));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &mut [I::Item]
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(I::Item);
        let iter = iter.into_iter();
        unwrap_or_panic(self.fill(iter.len(), iter))
    }
}

// SAFETY: `alloc_scoped` hands out such blocks, valid until the scope ends, which happens after
// every borrow of the handle has ended (`run`).
unsafe impl<S: MemorySource> Blocks for Scope<'_, S> {
    #[inline(always)]
    fn block(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.arena.raw().alloc_scoped(&self.lane, layout)
    }

    #[inline]
    unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize) {
        // SAFETY: the caller's guarantees (`Blocks::rollback`) are those of `rollback_scoped`:
        // the block came from `block`, that is from `alloc_scoped` for this scope's lane.
        unsafe { self.arena.raw().rollback_scoped(&self.lane, ptr, size) }
    }
}

impl<S: MemorySource> fmt::Debug for Scope<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("used_in_current_chunk", &self.lane.used())
            .finish_non_exhaustive()
    }
}

/// Ends a scope when dropped: runs its destructors, then gives its memory back, even if the
/// closure or a destructor panics.
struct Exit<'g, 'a, S: MemorySource>(&'g Scope<'a, S>);

impl<S: MemorySource> Drop for Exit<'_, '_, S> {
    fn drop(&mut self) {
        /// Gives the memory back when dropped, so a panicking destructor does not leak it.
        struct Release<'g, 'a, S: MemorySource>(&'g Scope<'a, S>);
        impl<S: MemorySource> Drop for Release<'_, '_, S> {
            fn drop(&mut self) {
                // SAFETY: the scope was entered in `run` and exits only here, once; `f` has
                // returned or unwound and its result cannot borrow the handle, so no block of
                // the scope is in use any more, and the destructors have run.
                unsafe { self.0.arena.raw().exit_scope(&self.0.lane) };
            }
        }
        let scope = self.0;
        let _release = Release(scope);
        // SAFETY: the nodes lie in the scope's chunks, still held (`_release` gives them back
        // after this); `f` has returned or unwound, so no reference to a registered value is
        // in use.
        unsafe { scope.drops.run() };
    }
}
