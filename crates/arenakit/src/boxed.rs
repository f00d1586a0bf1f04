//! [`ArenaBox`]: an owned, individually freed value in an arena (the first seed's `Free`).

use crate::arena::{Arena, Local, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawOps;
use crate::source::{Heap, MemorySource};
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

/// A value in an arena that is owned like a `Box`: dropping the box (or
/// [`ArenaBox::free`]) runs the value's destructor and frees its memory.
///
/// Freed memory is reused: the newest block is rolled back at once, and a chunk whose blocks
/// were all freed goes back to the arena's chunk free list. Any `T` works, including values
/// that borrow the arena or are not `Send`, because the destructor runs when the box is
/// dropped, within the borrow of the arena.
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, ArenaBox};
///
/// let arena = Arena::new();
/// let mut b = arena.alloc_box(vec![1, 2, 3]);
/// b.push(4);
/// assert_eq!(b.len(), 4);
/// let before = arena.stats().used;
/// ArenaBox::free(b); // drops the Vec, gives the block back
/// assert!(arena.stats().used < before);
/// ```
pub struct ArenaBox<'a, T, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: points to a live, initialised `T` in a block from `arena.alloc_freeable`
    /// for `Layout::new::<T>()`, owned by this box alone.
    ptr: NonNull<T>,
    arena: &'a Arena<S, M>,
    /// The box owns a `T` (for the drop check).
    _owns: PhantomData<T>,
}

impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Moves `value` into the arena and returns an owning box: dropping it runs `T`'s
    /// destructor and frees the block for reuse.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic); see
    /// [`try_alloc_box`](Self::try_alloc_box).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let name = arena.alloc_box(String::from("boxed"));
    /// assert_eq!(*name, "boxed");
    /// ```
    #[doc(alias = "Free")]
    #[track_caller]
    pub fn alloc_box<T>(&self, value: T) -> ArenaBox<'_, T, S, M> {
        unwrap_or_panic(self.try_alloc_box(value))
    }

    /// Like [`alloc_box`](Self::alloc_box), returning an error instead of panicking; on
    /// error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box(String::from("x")).is_err());
    /// ```
    pub fn try_alloc_box<T>(&self, value: T) -> Result<ArenaBox<'_, T, S, M>, AllocError> {
        let ptr = if size_of::<T>() == 0 {
            NonNull::dangling()
        } else {
            self.raw()
                .alloc_freeable(core::alloc::Layout::new::<T>())?
                .cast::<T>()
        };
        // SAFETY: `ptr` is valid and aligned for a `T` (a fresh block for its layout, or
        // dangling for a zero-sized `T`) and nothing else uses it.
        unsafe { ptr.write(value) };
        Ok(ArenaBox {
            ptr,
            arena: self,
            _owns: PhantomData,
        })
    }
}

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, T, S, M> {
    /// Drops the value and frees its memory now: the same as `drop(b)`, spelled like the
    /// first seed's `Free`.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box([0u64; 4]);
    /// ArenaBox::free(b);
    /// assert_eq!(arena.stats().used, 0); // the newest block is rolled back
    /// ```
    pub fn free(b: Self) {
        drop(b);
    }

    /// Moves the value out and frees the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box(String::from("out"));
    /// let s: String = ArenaBox::into_inner(b);
    /// assert_eq!(s, "out");
    /// ```
    pub fn into_inner(b: Self) -> T {
        let b = ManuallyDrop::new(b);
        // SAFETY: the box owns an initialised `T` (type invariant); `ManuallyDrop` keeps the
        // box's destructor from dropping it again.
        let value = unsafe { b.ptr.read() };
        // SAFETY: the block came from `alloc_freeable` for `T`'s layout and is freed once, here;
        // the value was moved out above.
        unsafe { b.free_block() };
        value
    }

    /// Gives up ownership: the value lives as long as the arena borrow and its destructor
    /// never runs (its memory is reclaimed at reset).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let n: &mut u32 = ArenaBox::leak(arena.alloc_box(7));
    /// *n += 1;
    /// assert_eq!(*n, 8);
    /// ```
    pub fn leak(b: Self) -> &'a mut T {
        let mut b = ManuallyDrop::new(b);
        // SAFETY: the value is live and owned by the box, which is forgotten, so this is the
        // only reference; the block stays allocated until the arena is reset, which needs
        // `&mut Arena` and so cannot happen during `'a`.
        unsafe { b.ptr.as_mut() }
    }

    /// A raw pointer to the value.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box(1u8);
    /// assert!(arena.contains(arenakit::ArenaBox::as_ptr(&b)));
    /// ```
    pub fn as_ptr(b: &Self) -> *const T {
        b.ptr.as_ptr()
    }

    /// Frees the block.
    ///
    /// # Safety
    ///
    /// Called once, after the value was dropped or moved out.
    unsafe fn free_block(&self) {
        // SAFETY: the block came from `alloc_freeable` for `Layout::new::<T>()` (type
        // invariant) and the caller frees it once.
        unsafe { self.arena.raw().free(self.ptr.cast(), size_of::<T>()) }
    }
}

impl<T, S: MemorySource, M: Mode> Drop for ArenaBox<'_, T, S, M> {
    fn drop(&mut self) {
        /// Frees the block even if the value's destructor panics.
        struct FreeOnExit<'b, 'a, T, S: MemorySource, M: Mode>(&'b ArenaBox<'a, T, S, M>);
        impl<T, S: MemorySource, M: Mode> Drop for FreeOnExit<'_, '_, T, S, M> {
            fn drop(&mut self) {
                // SAFETY: runs once, after the value's destructor ran (or unwound).
                unsafe { self.0.free_block() }
            }
        }
        let _free = FreeOnExit(self);
        // SAFETY: the box owns an initialised `T` (type invariant) that is dropped only here.
        unsafe { core::ptr::drop_in_place(self.ptr.as_ptr()) };
    }
}

impl<T, S: MemorySource, M: Mode> Deref for ArenaBox<'_, T, S, M> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the box owns a live `T` (type invariant); the borrow of `self` bounds the
        // reference.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T, S: MemorySource, M: Mode> DerefMut for ArenaBox<'_, T, S, M> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes the reference unique.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T, S: MemorySource, M: Mode> AsRef<T> for ArenaBox<'_, T, S, M> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T, S: MemorySource, M: Mode> AsMut<T> for ArenaBox<'_, T, S, M> {
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T, S: MemorySource, M: Mode> Borrow<T> for ArenaBox<'_, T, S, M> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T, S: MemorySource, M: Mode> BorrowMut<T> for ArenaBox<'_, T, S, M> {
    fn borrow_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: fmt::Debug, S: MemorySource, M: Mode> fmt::Debug for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display, S: MemorySource, M: Mode> fmt::Display for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T, S: MemorySource, M: Mode> fmt::Pointer for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&self.ptr, f)
    }
}

impl<T: PartialEq, S: MemorySource, M: Mode> PartialEq for ArenaBox<'_, T, S, M> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq, S: MemorySource, M: Mode> Eq for ArenaBox<'_, T, S, M> {}

impl<T: PartialOrd, S: MemorySource, M: Mode> PartialOrd for ArenaBox<'_, T, S, M> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: Ord, S: MemorySource, M: Mode> Ord for ArenaBox<'_, T, S, M> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: Hash, S: MemorySource, M: Mode> Hash for ArenaBox<'_, T, S, M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

#[cfg(feature = "serde")]
impl<T: serde::Serialize, S: MemorySource, M: Mode> serde::Serialize for ArenaBox<'_, T, S, M> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        (**self).serialize(serializer)
    }
}
