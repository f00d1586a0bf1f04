//! [`ArenaVecConvert`]: mapping an arena [`Vec`] into a vector of another element type in its
//! own buffer when the layouts allow (bump-scope's `map`, `try_map`, `map_in_place`), the
//! conversion to a [`FixedVec`], and `as_non_null`.
//!
//! # Mapping in place
//!
//! The buffer of `T`s is reused for the `U`s when a `U` is no larger and no more aligned than
//! a `T`: the `U` made from element `i` goes to slot `i` of a `[U]` at the same address, which
//! ends at or before the start of element `i + 1`, so the elements not mapped yet are never
//! overwritten. While `f` runs, a guard owns the buffer: if `f` panics, it drops the `U`s made
//! so far and the `T`s not read yet (each once; the `T` being mapped was moved into `f`) and
//! frees the buffer. The capacity becomes the number of `U`s the buffer's bytes hold; the
//! arena's `Allocator` frees and resizes a block by its address and size, whatever the
//! alignment, so the `Vec<U>` gives the same block back.

use super::{FixedVec, Vec};
use crate::arena::{Arena, Mode};
use crate::collections::CollectIn;
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ptr::NonNull;

/// Conversions of arena vectors: mapping the elements into the same buffer when the layouts
/// allow, a fixed-capacity view, and the buffer pointer (in the [prelude](crate::prelude)).
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let v: arenakit::collections::Vec<u32> = (1..=3).collect_in(&arena);
/// let at = v.as_ptr() as usize;
/// let bytes = v.map(|x| x as u8); // a u8 fits in a u32's slot: same buffer
/// assert_eq!(bytes, [1, 2, 3]);
/// assert_eq!(bytes.as_ptr() as usize, at);
/// ```
pub trait ArenaVecConvert<'a, T, S: MemorySource, M: Mode>: Sized {
    /// A vector of `f` applied to each element in order. The buffer is reused when a `U` is
    /// no larger and no more aligned than a `T` (its capacity then counts `U`s), else the
    /// `U`s go to a new buffer and the old one is freed.
    ///
    /// # Panics
    ///
    /// If a new buffer is needed and the arena cannot provide it; see
    /// [`try_map`](ArenaVecConvert::try_map).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let words = arenakit::vec![in &arena; 1u8, 2];
    /// let wide = words.map(|b| u64::from(b) << 40); // larger: a new buffer
    /// assert_eq!(wide, [1 << 40, 2 << 40]);
    /// ```
    #[track_caller]
    fn map<U>(self, f: impl FnMut(T) -> U) -> Vec<'a, U, S, M> {
        unwrap_or_panic(self.try_map(f))
    }

    /// Like [`map`](ArenaVecConvert::map), returning an error instead of panicking (then the
    /// vector and its elements are dropped, and `f` was not called).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let v = arenakit::vec![in &arena; 1u8; 40_000];
    /// assert!(v.try_map(u32::from).is_err()); // a new buffer would exceed the limit
    /// ```
    fn try_map<U>(self, f: impl FnMut(T) -> U) -> Result<Vec<'a, U, S, M>, AllocError>;

    /// A vector of `f` applied to each element in order, in the same buffer. Compiles only
    /// if a `U` is no larger and no more aligned than a `T`, or is zero-sized.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// use core::num::NonZero;
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::vec![in &arena; 0u32, 1, 2];
    /// let at = v.as_ptr() as usize;
    /// let nz = v.map_in_place(NonZero::new);
    /// assert_eq!(format!("{nz:?}"), "[None, Some(1), Some(2)]");
    /// assert_eq!(nz.as_ptr() as usize, at);
    /// ```
    ///
    /// A larger `U` does not compile:
    ///
    /// ```compile_fail
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::vec![in &arena; 1u8];
    /// let w = v.map_in_place(u64::from); // error: a u64 does not fit a u8's slot
    /// ```
    fn map_in_place<U>(self, f: impl FnMut(T) -> U) -> Vec<'a, U, S, M>;

    /// The vector as a [`FixedVec`]: the same elements and buffer, which never grows again
    /// (bump-scope's `into_fixed_vec`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec_with_capacity(2);
    /// v.push(1);
    /// let mut fixed = v.into_fixed_vec();
    /// fixed.push(2);
    /// assert!(fixed.is_full());
    /// assert_eq!(fixed.try_push(3), Err(3));
    /// ```
    fn into_fixed_vec(self) -> FixedVec<'a, T, S, M>;

    /// A non-null pointer to the buffer (dangling when nothing is allocated), valid for
    /// reads and writes of the whole capacity while the vector is not otherwise used (std's
    /// unstable `Vec::as_non_null`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::vec![in &arena; 1u8, 2];
    /// let p = v.as_non_null();
    /// // SAFETY: `p` points to the vector's 2 initialised elements, unused otherwise now.
    /// unsafe { p.add(1).write(7) };
    /// assert_eq!(v, [1, 7]);
    /// ```
    fn as_non_null(&mut self) -> NonNull<T>;
}

impl<'a, T, S: MemorySource, M: Mode> ArenaVecConvert<'a, T, S, M> for Vec<'a, T, S, M> {
    fn try_map<U>(self, f: impl FnMut(T) -> U) -> Result<Vec<'a, U, S, M>, AllocError> {
        if fits::<T, U>() {
            return Ok(map_buffer(self, f));
        }
        let arena = *self.allocator();
        // Reserve before `f` runs; the elements are moved one by one, and a panic in `f`
        // drops the ones left in the iterator and those collected (allocator-api2's code).
        let mut out = arena.try_vec_with_capacity(self.len())?;
        out.extend(self.into_iter().map(f));
        Ok(out)
    }

    fn map_in_place<U>(self, f: impl FnMut(T) -> U) -> Vec<'a, U, S, M> {
        const {
            assert!(
                size_of::<U>() == 0
                    || (size_of::<U>() <= size_of::<T>() && align_of::<U>() <= align_of::<T>()),
                "map_in_place: U must be no larger and no more aligned than T, or zero-sized"
            );
        }
        map_buffer(self, f)
    }

    fn into_fixed_vec(self) -> FixedVec<'a, T, S, M> {
        FixedVec::from_vec(self)
    }

    fn as_non_null(&mut self) -> NonNull<T> {
        NonNull::new(self.as_mut_ptr()).expect("a Vec's buffer pointer is never null")
    }
}

/// Whether the `U`s made from a vector of `T`s can stay in its buffer (see the module docs).
const fn fits<T, U>() -> bool {
    size_of::<U>() == 0 || (size_of::<U>() <= size_of::<T>() && align_of::<U>() <= align_of::<T>())
}

/// Maps `vec` into its own buffer (zero-sized `U`s need none).
///
/// # Panics
///
/// If `fits::<T, U>()` is false (the callers check it first).
pub(crate) fn map_buffer<'a, T, U, S: MemorySource, M: Mode>(
    vec: Vec<'a, T, S, M>,
    mut f: impl FnMut(T) -> U,
) -> Vec<'a, U, S, M> {
    assert!(fits::<T, U>());
    let arena: &'a Arena<S, M> = vec.allocator();
    if size_of::<U>() == 0 {
        // A vector of zero-sized values allocates nothing; the old buffer is freed when the
        // iterator is dropped.
        return vec.into_iter().map(f).collect_in(arena);
    }
    let (ptr, len, cap, arena) = vec.into_raw_parts_with_alloc();
    let mut guard = Mapping {
        ptr: NonNull::new(ptr).expect("a Vec's buffer pointer is never null"),
        len,
        cap,
        arena,
        read: 0,
        mapped: 0,
        _u: core::marker::PhantomData::<U>,
    };
    while guard.read < len {
        // SAFETY: `read < len <= cap`, so the offset stays in the buffer.
        let slot = unsafe { guard.ptr.add(guard.read) };
        // SAFETY: the slot holds an initialised `T` not read yet, read once.
        let item = unsafe { slot.read() };
        guard.read += 1;
        let mapped = f(item);
        // SAFETY: slot `mapped < read` of the `[U]` at the buffer's start ends at or before
        // the start of the `T` slot `read` (a `U` is no larger and no more aligned than a `T`,
        // and the buffer is aligned for `T`), so it is in the buffer, aligned, and overwrites
        // only `T`s already read.
        let slot = unsafe { guard.ptr.cast::<U>().add(guard.mapped) };
        // SAFETY: as above; the slot holds no live value.
        unsafe { slot.write(mapped) };
        guard.mapped += 1;
    }
    let guard = core::mem::ManuallyDrop::new(guard);
    let cap = guard.cap * size_of::<T>() / size_of::<U>();
    // SAFETY: the buffer holds `len` initialised `U`s from its start, is aligned for `U`, and
    // its bytes (`cap * size_of::<T>()` of them, from the arena) hold `cap` `U`s; the arena's
    // `Allocator` frees and resizes a block by address and size whatever the alignment (see
    // the module docs); the guard is forgotten, so the vector owns the buffer alone.
    unsafe { Vec::from_raw_parts_in(guard.ptr.cast::<U>().as_ptr(), len, cap, guard.arena) }
}

/// Owns the buffer of [`map_buffer`] while `f` runs: `[0, mapped)` are `U`s, `[read, len)`
/// are `T`s, the rest is moved out.
struct Mapping<'a, T, U, S: MemorySource, M: Mode> {
    ptr: NonNull<T>,
    len: usize,
    cap: usize,
    arena: &'a Arena<S, M>,
    read: usize,
    mapped: usize,
    _u: core::marker::PhantomData<U>,
}

impl<T, U, S: MemorySource, M: Mode> Drop for Mapping<'_, T, U, S, M> {
    fn drop(&mut self) {
        // Frees the buffer last, also if a destructor below panics.
        // SAFETY: the buffer came from the vector for `cap` `T`s; with a length of 0 the
        // vector drops no element and only frees it, once.
        let _buffer = unsafe { Vec::from_raw_parts_in(self.ptr.as_ptr(), 0, self.cap, self.arena) };
        let tail = NonNull::slice_from_raw_parts(
            // SAFETY: `read <= len <= cap`, so the offset stays in the buffer.
            unsafe { self.ptr.add(self.read) },
            self.len - self.read,
        );
        let mapped = NonNull::slice_from_raw_parts(self.ptr.cast::<U>(), self.mapped);
        /// Drops the `T`s not read yet, also if a `U`'s destructor panics.
        struct DropTail<T>(NonNull<[T]>);
        impl<T> Drop for DropTail<T> {
            fn drop(&mut self) {
                // SAFETY: the slots `[read, len)` hold `T`s not read yet, dropped only here.
                unsafe { self.0.drop_in_place() }
            }
        }
        let _tail = DropTail(tail);
        // SAFETY: the first `mapped` `U` slots hold the values written, dropped only here.
        unsafe { mapped.drop_in_place() }
    }
}
