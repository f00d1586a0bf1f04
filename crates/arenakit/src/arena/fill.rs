//! Fallible initialisers and the remaining slice helpers of bumpalo and bump-scope:
//! `alloc_try_with`, `alloc_slice_try_fill_with`, `alloc_slice_try_fill_iter`,
//! `alloc_slice_fill_copy`, `alloc_slice_fill_clone`, `alloc_slice_fill_default` and
//! `alloc_iter` (an iterator of unknown length).
//!
//! As everywhere in the arena, the panicking method is a shell over its `try_` twin. A
//! fallible initialiser's error gives the memory back when nothing was allocated after it
//! (the block is still the newest; bumpalo #324 leaked it); otherwise it is reclaimed at
//! reset. The element types have no drop glue (as for [`alloc`](super::Arena::alloc)), so a
//! failed initialisation has nothing to drop.

use super::alloc::{Blocks, assert_no_drop, assume_init_slice};
use super::{Arena, Mode};
use crate::error::{AllocError, AllocOrInitError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ptr::NonNull;

/// Allocates room for one `T`, then builds it with `f`; on `Err` the room is given back.
// `&mut` from `&B`: each call hands out a fresh block (see `Blocks`).
#[allow(clippy::mut_from_ref)]
#[inline(always)]
pub(super) fn try_init<B: Blocks, T, E>(
    blocks: &B,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<Result<&mut T, E>, AllocError> {
    let slot = &mut blocks.uninit_slice::<T>(1)?[0];
    match f() {
        Ok(value) => Ok(Ok(slot.write(value))),
        Err(error) => {
            // SAFETY: the slot is the block `uninit_slice` took from `block` for one `T`
            // (`size_of::<T>()` bytes), and it is not used again: `slot` is dropped here.
            unsafe { blocks.rollback(NonNull::from(slot).cast(), size_of::<T>()) };
            Ok(Err(error))
        }
    }
}

/// Allocates room for `len` values and writes those `items` yields, stopping at the first
/// error, which gives the room back (or when `items` runs out: the slice holds those).
#[allow(clippy::mut_from_ref)]
#[inline(always)]
pub(super) fn try_fill<B: Blocks, T, E>(
    blocks: &B,
    len: usize,
    items: impl Iterator<Item = Result<T, E>>,
) -> Result<Result<&mut [T], E>, AllocError> {
    let slots = blocks.uninit_slice::<T>(len)?;
    let start = NonNull::from(&mut *slots).cast::<u8>();
    let mut filled = 0;
    for (slot, item) in slots.iter_mut().zip(items) {
        match item {
            Ok(value) => {
                slot.write(value);
                filled += 1;
            }
            Err(error) => {
                // SAFETY: `start` is the block `uninit_slice` took from `block` for `len`
                // values (`size_of::<T>() * len` bytes, which `Layout::array` checked), and
                // it is not used again (the values in it need no drop).
                unsafe { blocks.rollback(start, size_of::<T>() * len) };
                return Ok(Err(error));
            }
        }
    }
    // SAFETY: the loop initialised exactly the first `filled` slots.
    Ok(Ok(unsafe { assume_init_slice(&mut slots[..filled]) }))
}

/// The methods of this module, for a type implementing [`Blocks`]: expanded once for the
/// arena (below) and once for [`Scope`](super::Scope) (`scope_fill.rs`), so both share one
/// body of each. The examples show the arena; a scope's methods bump through the scope.
macro_rules! fill_methods {
    ($($header:tt)*) => {
        // Handing out `&mut T` from `&self` is the point of an arena (see `alloc.rs`).
        #[allow(clippy::mut_from_ref)]
        $($header)* {
    /// Builds a value with a fallible initialiser, in the arena: `Ok(&mut value)`, or the
    /// initialiser's error (then the memory is given back if nothing was allocated after
    /// it). The room is allocated before `f` runs, so a large value can be built in place.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `f` is not called); see
    /// [`try_alloc_try_with`](Self::try_alloc_try_with).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let port = arena.alloc_try_with(|| "8080".parse::<u16>()).unwrap();
    /// assert_eq!(*port, 8080);
    /// let used = arena.stats().used;
    /// assert!(arena.alloc_try_with(|| "http".parse::<u16>()).is_err());
    /// assert_eq!(arena.stats().used, used); // rolled back
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_try_with<T, E, F: FnOnce() -> Result<T, E>>(&self, f: F) -> Result<&mut T, E> {
        assert_no_drop!(T);
        unwrap_or_panic(try_init(self, f))
    }

    /// Like [`alloc_try_with`](Self::alloc_try_with), returning an error that tells an
    /// allocation failure ([`AllocOrInitError::Alloc`], `f` not called) from the
    /// initialiser's error ([`AllocOrInitError::Init`]) instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{AllocOrInitError, Arena};
    ///
    /// let arena = Arena::builder().limit(0).build();
    /// let result = arena.try_alloc_try_with(|| Ok::<u8, ()>(1));
    /// assert!(matches!(result, Err(AllocOrInitError::Alloc(_))));
    /// ```
    #[inline(always)]
    pub fn try_alloc_try_with<T, E, F: FnOnce() -> Result<T, E>>(
        &self,
        f: F,
    ) -> Result<&mut T, AllocOrInitError<E>> {
        assert_no_drop!(T);
        AllocOrInitError::flatten(try_init(self, f))
    }

    /// Allocates `len` values, the `i`-th being `f(i)`, stopping at the first error, which
    /// is returned (the memory is given back if nothing was allocated after it).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_try_fill_with`](Self::try_alloc_slice_try_fill_with).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let words = ["1", "2", "3"];
    /// let nums = arena.alloc_slice_try_fill_with(3, |i| words[i].parse::<u8>()).unwrap();
    /// assert_eq!(nums, [1, 2, 3]);
    /// assert!(arena.alloc_slice_try_fill_with(3, |i| ["1", "x", "3"][i].parse::<u8>()).is_err());
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_try_fill_with<T, E, F: FnMut(usize) -> Result<T, E>>(
        &self,
        len: usize,
        f: F,
    ) -> Result<&mut [T], E> {
        assert_no_drop!(T);
        unwrap_or_panic(try_fill(self, len, (0..len).map(f)))
    }

    /// Like [`alloc_slice_try_fill_with`](Self::alloc_slice_try_fill_with), returning an
    /// [`AllocOrInitError`] instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::AllocOrInitError;
    ///
    /// let arena = arenakit::Arena::new();
    /// let result = arena.try_alloc_slice_try_fill_with(4, |i| if i < 2 { Ok(i) } else { Err(i) });
    /// assert_eq!(result, Err(AllocOrInitError::Init(2)));
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_try_fill_with<T, E, F: FnMut(usize) -> Result<T, E>>(
        &self,
        len: usize,
        f: F,
    ) -> Result<&mut [T], AllocOrInitError<E>> {
        assert_no_drop!(T);
        AllocOrInitError::flatten(try_fill(self, len, (0..len).map(f)))
    }

    /// Allocates the `Ok` items of an iterator of `Result`s that knows its length, stopping
    /// at the first `Err`, which is returned (the memory is given back if nothing was
    /// allocated after it). If the iterator yields fewer items than it announced, the slice
    /// holds just those.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_try_fill_iter`](Self::try_alloc_slice_try_fill_iter).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let lines = ["10", "20"];
    /// let nums = arena.alloc_slice_try_fill_iter(lines.iter().map(|l| l.parse::<u32>()));
    /// assert_eq!(nums.unwrap(), [10, 20]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_try_fill_iter<T, E, I>(&self, iter: I) -> Result<&mut [T], E>
    where
        I: IntoIterator<Item = Result<T, E>>,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(T);
        let iter = iter.into_iter();
        unwrap_or_panic(try_fill(self, iter.len(), iter))
    }

    /// Like [`alloc_slice_try_fill_iter`](Self::alloc_slice_try_fill_iter), returning an
    /// [`AllocOrInitError`] instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::AllocOrInitError;
    ///
    /// let arena = arenakit::Arena::new();
    /// let result = arena.try_alloc_slice_try_fill_iter([Ok(1u8), Err("bad"), Ok(3)]);
    /// assert_eq!(result, Err(AllocOrInitError::Init("bad")));
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_try_fill_iter<T, E, I>(
        &self,
        iter: I,
    ) -> Result<&mut [T], AllocOrInitError<E>>
    where
        I: IntoIterator<Item = Result<T, E>>,
        I::IntoIter: ExactSizeIterator,
    {
        assert_no_drop!(T);
        let iter = iter.into_iter();
        AllocOrInitError::flatten(try_fill(self, iter.len(), iter))
    }

    /// Allocates `len` copies of `value`.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_fill_copy`](Self::try_alloc_slice_fill_copy).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.alloc_slice_fill_copy(3, 7u8), [7, 7, 7]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_copy<T: Copy>(&self, len: usize, value: T) -> &mut [T] {
        unwrap_or_panic(self.try_alloc_slice_fill_copy(len, value))
    }

    /// Like [`alloc_slice_fill_copy`](Self::alloc_slice_fill_copy), returning an error
    /// instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_fill_copy(3, 7u8).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_fill_copy<T: Copy>(
        &self,
        len: usize,
        value: T,
    ) -> Result<&mut [T], AllocError> {
        self.fill(len, core::iter::repeat_n(value, len))
    }

    /// Allocates `len` clones of `value`. Like [`alloc`](Self::alloc), takes only types
    /// without drop glue. If a `clone` panics, the clones made so far are left in memory that
    /// is reclaimed at reset.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_fill_clone`](Self::try_alloc_slice_fill_clone).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let cells = arena.alloc_slice_fill_clone(2, &std::cell::Cell::new(5));
    /// cells[0].set(6);
    /// assert_eq!((cells[0].get(), cells[1].get()), (6, 5));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_clone<T: Clone>(&self, len: usize, value: &T) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_slice_fill_clone(len, value))
    }

    /// Like [`alloc_slice_fill_clone`](Self::alloc_slice_fill_clone), returning an error
    /// instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_fill_clone(3, &1u64).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_fill_clone<T: Clone>(
        &self,
        len: usize,
        value: &T,
    ) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        self.fill(len, core::iter::repeat_with(|| value.clone()))
    }

    /// Allocates `len` default values. Like [`alloc`](Self::alloc), takes only types without
    /// drop glue.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_slice_fill_default`](Self::try_alloc_slice_fill_default).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let zeros: &mut [(u8, f32)] = arena.alloc_slice_fill_default(2);
    /// assert_eq!(zeros, [(0, 0.0), (0, 0.0)]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_slice_fill_default<T: Default>(&self, len: usize) -> &mut [T] {
        assert_no_drop!(T);
        unwrap_or_panic(self.try_alloc_slice_fill_default(len))
    }

    /// Like [`alloc_slice_fill_default`](Self::alloc_slice_fill_default), returning an error
    /// instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_slice_fill_default::<u32>(3).is_err());
    /// ```
    #[inline(always)]
    pub fn try_alloc_slice_fill_default<T: Default>(
        &self,
        len: usize,
    ) -> Result<&mut [T], AllocError> {
        assert_no_drop!(T);
        self.fill(len, core::iter::repeat_with(T::default))
    }
        }
    };
}

pub(super) use fill_methods;

fill_methods!(impl<S: MemorySource, M: Mode> Arena<S, M>);
