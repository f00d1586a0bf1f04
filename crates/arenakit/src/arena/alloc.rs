//! The allocation methods of [`Arena`].
//!
//! Every method has a `try_` twin. The `try_` method holds the one implementation; the
//! panicking method is a shell that unwraps its result (`unwrap_or_panic`), so both behave
//! identically up to the error.

use super::{Arena, Mode};
use crate::drop_list::DropNode;
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawOps;
use crate::source::MemorySource;
use core::alloc::Layout;
use core::mem::{MaybeUninit, needs_drop};
use core::ptr::NonNull;

/// Rejects, at compile time, a `T` whose destructor `alloc` and friends would never run.
///
/// The check is one associated constant per type ([`NoDropGlue::CHECK`]), evaluated once
/// however many methods name it, so a misuse reports one error; each public method names it
/// itself, so the error's "instantiating" note points at the caller's line.
macro_rules! assert_no_drop {
    ($t:ty) => {
        let () = $crate::arena::alloc::NoDropGlue::<$t>::CHECK;
    };
}

/// The compile-time check behind `assert_no_drop!`.
pub(crate) struct NoDropGlue<T>(core::marker::PhantomData<T>);

impl<T> NoDropGlue<T> {
    /// Fails to evaluate (a compile error naming `T` in its note) when `T` has drop glue.
    pub(crate) const CHECK: () = assert!(
        !core::mem::needs_drop::<T>(),
        "arenakit: this method takes only types without drop glue, because the arena would \
         never run their destructor. For a type that needs `Drop`, use `alloc_owned` (T: Send \
         + 'static, dropped at reset), `alloc_box` (dropped with the box) or `alloc_no_drop` \
         (its destructor never runs)."
    );
}

pub(crate) use assert_no_drop;

/// Views initialised slots as values.
///
/// # Safety
///
/// Every element of `slots` is initialised.
pub(super) unsafe fn assume_init_slice<T>(slots: &mut [MaybeUninit<T>]) -> &mut [T] {
    // SAFETY: `MaybeUninit<T>` has the layout of `T`, and the caller guarantees every element
    // is initialised.
    unsafe { &mut *(slots as *mut [MaybeUninit<T>] as *mut [T]) }
}

/// Writes `values` into the front of `slots`, stopping when either runs out; returns the
/// initialised prefix.
fn fill_from<T>(slots: &mut [MaybeUninit<T>], values: impl Iterator<Item = T>) -> &mut [T] {
    let mut filled = 0;
    for (slot, value) in slots.iter_mut().zip(values) {
        slot.write(value);
        filled += 1;
    }
    // SAFETY: the loop initialised exactly the first `filled` slots.
    unsafe { assume_init_slice(&mut slots[..filled]) }
}

/// The typed allocation logic above "a block for this layout", shared by the arena and its
/// [scopes](super::Scope), written once.
///
/// # Safety
///
/// [`block`](Blocks::block) returns, for a non-zero-sized `layout`, a block of
/// `layout.size()` bytes aligned to `layout.align()` that is handed out to no one else and
/// stays valid as long as `self` is borrowed.
pub(super) unsafe trait Blocks {
    /// A block for `layout`, whose size is not zero.
    fn block(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;

    /// Gives back a block from [`block`](Blocks::block) if it is still the newest one (else
    /// nothing changes).
    ///
    /// # Safety
    ///
    /// `ptr` was handed out by `block` for `size` bytes and is not used afterwards.
    unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize);

    /// `len` uninitialised elements.
    // `&mut` from `&self`: each call hands out a fresh block (see below).
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    fn uninit_slice<T>(&self, len: usize) -> Result<&mut [MaybeUninit<T>], AllocError> {
        let layout = Layout::array::<T>(len).map_err(|_| AllocError::overflow())?;
        let ptr = if layout.size() == 0 {
            NonNull::dangling()
        } else {
            self.block(layout)?.cast()
        };
        // SAFETY: `ptr` is valid and aligned for `len` elements (a fresh block for
        // `Layout::array::<T>(len)`, or dangling when that is zero-sized), handed out to no
        // one else, and stays valid while `self` is borrowed (the trait's contract), which
        // bounds the reference.
        Ok(unsafe { NonNull::slice_from_raw_parts(ptr, len).as_mut() })
    }

    /// A copy of `src`.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    fn copy_slice<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        let slots = self.uninit_slice::<T>(src.len())?;
        // SAFETY: `slots` is a fresh block of `src.len()` elements, so the ranges do not
        // overlap; `T: Copy` makes the bitwise copy a valid duplicate.
        unsafe {
            core::ptr::copy_nonoverlapping(src.as_ptr(), slots.as_mut_ptr().cast::<T>(), src.len());
        }
        // SAFETY: every element was initialised by the copy.
        Ok(unsafe { assume_init_slice(slots) })
    }

    // Only `alloc_iter` (feature `allocator-api2`) moves slices.
    #[cfg_attr(not(feature = "allocator-api2"), allow(dead_code))]
    /// The elements of `src` moved (bitwise) into a fresh block.
    ///
    /// # Safety
    ///
    /// The caller treats the elements of `src` as moved out: it never uses or drops them
    /// again.
    #[allow(clippy::mut_from_ref)]
    #[inline]
    unsafe fn move_slice<T>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        let slots = self.uninit_slice::<T>(src.len())?;
        // SAFETY: `slots` is a fresh block of `src.len()` elements, so the ranges do not
        // overlap; the caller gives up the originals, so the bitwise copies are the values.
        unsafe {
            core::ptr::copy_nonoverlapping(src.as_ptr(), slots.as_mut_ptr().cast::<T>(), src.len());
        }
        // SAFETY: every element was initialised by the copy.
        Ok(unsafe { assume_init_slice(slots) })
    }

    /// A copy of `s`.
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    fn copy_str(&self, s: &str) -> Result<&mut str, AllocError> {
        let bytes = self.copy_slice(s.as_bytes())?;
        // SAFETY: the bytes are a copy of a `str`, hence valid UTF-8.
        Ok(unsafe { core::str::from_utf8_unchecked_mut(bytes) })
    }

    /// Room for `len` items, filled from `items` (the prefix it yields, if fewer).
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    fn fill<I: Iterator>(&self, len: usize, items: I) -> Result<&mut [I::Item], AllocError> {
        Ok(fill_from(self.uninit_slice::<I::Item>(len)?, items))
    }
}

// SAFETY: `RawOps::alloc` hands out such blocks, valid until the next reset, which needs
// `&mut self`.
unsafe impl<S: MemorySource, M: Mode> Blocks for Arena<S, M> {
    #[inline(always)]
    fn block(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.raw().alloc(layout)
    }

    #[inline]
    unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize) {
        // SAFETY: the caller's guarantees: `ptr` came from `block`, that is from `raw().alloc`.
        unsafe { self.raw().rollback(ptr, size) }
    }
}

// Handing out `&mut T` from `&self` is the point of an arena: each call returns a reference to a
// fresh block that nothing else aliases, so `clippy::mut_from_ref`'s concern does not apply.
#[allow(clippy::mut_from_ref)]
impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Allocates raw memory for `layout`: `layout.size()` bytes aligned to `layout.align()`,
    /// uninitialised, valid until the next reset (the seeds' `Malloc`). Any power-of-two
    /// alignment works; a zero size allocates nothing and returns a dangling, aligned pointer.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_layout`](Self::try_alloc_layout).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::alloc::Layout;
    ///
    /// let arena = arenakit::Arena::new();
    /// let page = arena.alloc_layout(Layout::from_size_align(4096, 4096).unwrap());
    /// assert_eq!(page.as_ptr() as usize % 4096, 0);
    /// ```
    #[doc(alias = "Malloc")]
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        unwrap_or_panic(self.try_alloc_layout(layout))
    }

    /// Like [`alloc_layout`](Self::alloc_layout), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::alloc::Layout;
    ///
    /// let arena = arenakit::Arena::builder().limit(4096).build();
    /// assert!(arena.try_alloc_layout(Layout::new::<[u8; 8192]>()).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.raw().alloc(layout)
    }

    /// Allocates uninitialised memory for one `T` (any `T`; the `MaybeUninit` is never
    /// dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let slot = arena.alloc_uninit::<[u64; 4]>();
    /// let array = slot.write([1, 2, 3, 4]);
    /// assert_eq!(array[3], 4);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_uninit<T>(&self) -> &mut MaybeUninit<T> {
        unwrap_or_panic(self.try_alloc_uninit())
    }

    /// Like [`alloc_uninit`](Self::alloc_uninit), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_uninit::<u64>().is_err());
    /// assert!(arena.try_alloc_uninit::<()>().is_ok()); // zero-sized: no memory needed
    /// ```
    #[inline(always)]
    pub fn try_alloc_uninit<T>(&self) -> Result<&mut MaybeUninit<T>, AllocError> {
        let mut ptr = if size_of::<T>() == 0 {
            NonNull::dangling()
        } else {
            self.try_alloc_layout(Layout::new::<T>())?.cast()
        };
        // SAFETY: `ptr` is valid for a `T` and aligned (a fresh block for `Layout::new::<T>()`,
        // or dangling for a zero-sized `T`), handed out to no one else, and stays valid until
        // `reset`, which needs `&mut self`, so the borrow of `self` bounds the reference.
        // `MaybeUninit` needs no initialisation.
        Ok(unsafe { ptr.as_mut() })
    }

    /// Allocates uninitialised memory for `len` values of `T` in O(1): the memory is never
    /// zeroed or touched (the second seed's `MakeSlice` without the zeroing).
    ///
    /// # Panics
    ///
    /// If `len * size_of::<T>()` overflows or the memory cannot be allocated; see
    /// [`try_alloc_uninit_slice`](Self::try_alloc_uninit_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let slots = arena.alloc_uninit_slice::<u64>(1_000_000);
    /// assert_eq!(slots.len(), 1_000_000);
    /// slots[0].write(7);
    /// ```
    #[doc(alias = "MakeSlice")]
    #[inline(always)]
    #[track_caller]
    pub fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        unwrap_or_panic(self.try_alloc_uninit_slice(len))
    }

    /// Like [`alloc_uninit_slice`](Self::alloc_uninit_slice), returning an error instead of
    /// panicking, also when the size overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arena.try_alloc_uninit_slice::<u64>(usize::MAX).is_err());
    /// assert_eq!(arena.try_alloc_uninit_slice::<u64>(0).unwrap().len(), 0);
    /// ```
    #[inline(always)]
    pub fn try_alloc_uninit_slice<T>(
        &self,
        len: usize,
    ) -> Result<&mut [MaybeUninit<T>], AllocError> {
        self.uninit_slice(len)
    }

    /// Moves `value` into the arena and returns a mutable reference to it.
    ///
    /// Takes any `T` without drop glue, whatever its lifetimes: plain data, references into the
    /// arena, `Cell`-linked graphs. A `T` that needs `Drop` (a `String`, a `Vec`, a `Box`) is
    /// rejected at compile time, because the arena would never run its destructor: use
    /// [`alloc_owned`](Self::alloc_owned), `alloc_box` or [`alloc_no_drop`](Self::alloc_no_drop).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc`](Self::try_alloc).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let point = arena.alloc((3, 4));
    /// point.0 += 1;
    /// assert_eq!(*point, (4, 4));
    /// ```
    ///
    /// A `String` would leak, so it does not compile (the first seed's type validation):
    ///
    /// ```compile_fail,E0080
    /// let arena = arenakit::Arena::new();
    /// arena.alloc(String::from("leaks")); // error: takes only types without drop glue
    /// ```
    #[doc(alias = "New")]
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc(value))
    }

    /// Like [`alloc`](Self::alloc), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc(1u8).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, AllocError> {
        assert_no_drop!(T);
        Ok(self.try_alloc_uninit()?.write(value))
    }

    /// Allocates a `T` built by `f`, writing the result straight into arena memory.
    ///
    /// Like [`alloc`](Self::alloc), takes only types without drop glue. If `f` panics, the
    /// memory stays allocated until reset and nothing else happens.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let table = arena.alloc_with(|| [7u8; 4096]);
    /// assert!(table.iter().all(|&b| b == 7));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T, F: FnOnce() -> T>(&self, f: F) -> &mut T {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_with(f))
    }

    /// Like [`alloc_with`](Self::alloc_with), returning an error instead of panicking (then `f`
    /// is not called).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_with(|| -> u32 { unreachable!() }).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_with<T, F: FnOnce() -> T>(&self, f: F) -> Result<&mut T, AllocError> {
        assert_no_drop!(T);
        Ok(self.try_alloc_uninit()?.write(f()))
    }

    /// Moves a value that needs `Drop` into the arena; its destructor runs at the next
    /// [`reset`](Self::reset) or when the arena drops, newest first, exactly once.
    ///
    /// `T` must be `Send` (the arena may be dropped on another thread) and `'static` (its
    /// destructor runs after every borrow the compiler can see has ended); see the
    /// [module docs](crate::arena#destructors). A `T` without drop glue is simply allocated.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic); see
    /// [`try_alloc_owned`](Self::try_alloc_owned).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let names = arena.alloc_owned(vec![String::from("a"), String::from("b")]);
    /// names.push(String::from("c"));
    /// assert_eq!(names.len(), 3);
    /// arena.reset(); // the Vec and its Strings are dropped here
    /// ```
    ///
    /// An `Rc` must not be dropped on another thread, so it is rejected:
    ///
    /// ```compile_fail,E0277
    /// let arena = arenakit::Arena::new();
    /// arena.alloc_owned(std::rc::Rc::new(1)); // error: `Rc<i32>` cannot be sent between threads
    /// ```
    ///
    /// A value holding a short borrow is rejected too, since its destructor could run after
    /// the borrow ended:
    ///
    /// ```compile_fail,E0597
    /// struct Printer<'b>(&'b String);
    /// impl Drop for Printer<'_> {
    ///     fn drop(&mut self) { println!("{}", self.0) }
    /// }
    /// let arena = arenakit::Arena::new();
    /// let text = String::from("short-lived");
    /// arena.alloc_owned(Printer(&text)); // error: `text` does not live long enough
    /// drop(text);
    /// drop(arena);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_owned<T: Send + 'static>(&self, value: T) -> &mut T {
        unwrap_or_panic(self.try_alloc_owned(value))
    }

    /// Like [`alloc_owned`](Self::alloc_owned), returning an error instead of panicking; on
    /// error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_owned(String::from("dropped, not leaked")).is_err());
    /// ```
    #[inline]
    pub fn try_alloc_owned<T: Send + 'static>(&self, value: T) -> Result<&mut T, AllocError> {
        if !needs_drop::<T>() {
            return self.try_alloc_no_drop(value);
        }
        let node = NonNull::from(self.try_alloc_uninit()?.write(DropNode::new(value)));
        // The next reset must run the list: off the raw arena's steady path.
        self.raw().unmark_steady();
        // SAFETY: the node is initialised in arena memory that stays valid until the next
        // reset or the arena's drop, which both run the list first; it is registered once;
        // `T: Send + 'static` makes dropping it then, on any thread, sound.
        Ok(unsafe { self.drops().register(node) })
    }

    /// Moves any value into the arena; its destructor never runs (a deliberate leak).
    ///
    /// Right for values whose destructor only frees memory that the arena reclaims anyway,
    /// such as an arena collection stored inside an arena struct. Anything the value owns
    /// outside the arena (a heap `String`, a file) is leaked.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::Cell;
    ///
    /// struct Noisy<'a>(&'a Cell<u32>);
    /// impl Drop for Noisy<'_> {
    ///     fn drop(&mut self) { self.0.set(self.0.get() + 1) }
    /// }
    ///
    /// let drops = Cell::new(0);
    /// let mut arena = arenakit::Arena::new();
    /// arena.alloc_no_drop(Noisy(&drops));
    /// arena.reset();
    /// assert_eq!(drops.get(), 0);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_no_drop<T>(&self, value: T) -> &mut T {
        unwrap_or_panic(self.try_alloc_no_drop(value))
    }

    /// Like [`alloc_no_drop`](Self::alloc_no_drop), returning an error instead of panicking;
    /// on error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arena.try_alloc_no_drop(vec![1, 2, 3]).unwrap();
    /// # let v = core::mem::take(v); // give the heap buffer back so the test leaks nothing
    /// assert_eq!(v.len(), 3);
    /// ```
    #[inline(always)]
    pub fn try_alloc_no_drop<T>(&self, value: T) -> Result<&mut T, AllocError> {
        Ok(self.try_alloc_uninit()?.write(value))
    }

    /// Copies a string into the arena (the seeds' `String`/`AllocString`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arena.alloc_str("héllo");
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "HéLLO");
    /// ```
    #[doc(alias = "AllocString")]
    #[inline(always)]
    #[track_caller]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        unwrap_or_panic(self.try_alloc_str(s))
    }

    /// Like [`alloc_str`](Self::alloc_str), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_str("x").is_err());
    /// assert_eq!(arena.try_alloc_str("").unwrap(), "");
    /// ```
    #[inline(always)]
    pub fn try_alloc_str(&self, s: &str) -> Result<&mut str, AllocError> {
        self.copy_str(s)
    }

    /// Copies a slice of `Copy` values into the arena (the first seed's `Bytes`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let xs = arena.alloc_slice_copy(&[1u16, 2, 3]);
    /// xs[0] = 10;
    /// assert_eq!(xs, &[10, 2, 3]);
    /// ```
    #[doc(alias = "Bytes")]
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        unwrap_or_panic(self.try_alloc_slice_copy(src))
    }

    /// Like [`alloc_slice_copy`](Self::alloc_slice_copy), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_copy(&[1u8]).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        self.copy_slice(src)
    }

    /// Clones a slice into the arena. Like [`alloc`](Self::alloc), takes only types without
    /// drop glue.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let words = ["a", "bb", "ccc"];
    /// let copy = arena.alloc_slice_clone(&words);
    /// assert_eq!(copy, &words);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_slice_clone(src))
    }

    /// Like [`alloc_slice_clone`](Self::alloc_slice_clone), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_clone(&[1u8]).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        self.fill(src.len(), src.iter().cloned())
    }

    /// Allocates `len` values, the `i`-th being `f(i)`. Like [`alloc`](Self::alloc), takes
    /// only types without drop glue. If `f` panics, the values made so far are simply left in
    /// memory that is reclaimed at reset.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let squares = arena.alloc_slice_fill_with(5, |i| i * i);
    /// assert_eq!(squares, &[0, 1, 4, 9, 16]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_with<T, F: FnMut(usize) -> T>(&self, len: usize, f: F) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_slice_fill_with(len, f))
    }

    /// Like [`alloc_slice_fill_with`](Self::alloc_slice_fill_with), returning an error
    /// instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arena.try_alloc_slice_fill_with(usize::MAX, |i| i).is_err());
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

    /// Allocates the items of an iterator that knows its length. Like
    /// [`alloc`](Self::alloc), takes only types without drop glue. If the iterator yields
    /// fewer items than it announced, the slice holds just those.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let evens = arena.alloc_slice_fill_iter((0..10).filter(|n| n % 2 == 0).collect::<Vec<_>>());
    /// assert_eq!(evens, &[0, 2, 4, 6, 8]);
    /// let bytes = arena.alloc_slice_fill_iter("abc".bytes());
    /// assert_eq!(bytes, b"abc");
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &mut [I::Item]
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(I::Item);
        unwrap_or_panic(self.try_alloc_slice_fill_iter(iter))
    }

    /// Like [`alloc_slice_fill_iter`](Self::alloc_slice_fill_iter), returning an error
    /// instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_fill_iter([1u8, 2]).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_fill_iter<I>(&self, iter: I) -> Result<&mut [I::Item], AllocError>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(I::Item);
        let iter = iter.into_iter();
        self.fill(iter.len(), iter)
    }
}
