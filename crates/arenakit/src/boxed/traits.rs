//! The standard traits of [`ArenaBox`], as `Box` has them: access (`Deref`, `AsRef`,
//! `Borrow`), formatting, comparison and hashing through the value, `Hasher` for a boxed hasher, `Clone` into the same
//! arena, `Iterator`, `Future` and `Error` forwarded to the value, and `Any` downcasts.

use super::ArenaBox;
use crate::arena::Mode;
use crate::source::MemorySource;
use core::any::Any;
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::future::Future;
use core::hash::{Hash, Hasher};
use core::iter::FusedIterator;
use core::ops::{Deref, DerefMut};
use core::pin::Pin;
use core::task::{Context, Poll};

impl<T: ?Sized, S: MemorySource, M: Mode> Deref for ArenaBox<'_, T, S, M> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the box owns a live `T` (type invariant); the borrow of `self` bounds the
        // reference.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> DerefMut for ArenaBox<'_, T, S, M> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes the reference unique.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> AsRef<T> for ArenaBox<'_, T, S, M> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> AsMut<T> for ArenaBox<'_, T, S, M> {
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> Borrow<T> for ArenaBox<'_, T, S, M> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> BorrowMut<T> for ArenaBox<'_, T, S, M> {
    fn borrow_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: ?Sized + fmt::Debug, S: MemorySource, M: Mode> fmt::Debug for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display, S: MemorySource, M: Mode> fmt::Display for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> fmt::Pointer for ArenaBox<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&self.ptr, f)
    }
}

impl<T: ?Sized + PartialEq, S: MemorySource, M: Mode> PartialEq for ArenaBox<'_, T, S, M> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: ?Sized + Eq, S: MemorySource, M: Mode> Eq for ArenaBox<'_, T, S, M> {}

impl<T: ?Sized + PartialOrd, S: MemorySource, M: Mode> PartialOrd for ArenaBox<'_, T, S, M> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: ?Sized + Ord, S: MemorySource, M: Mode> Ord for ArenaBox<'_, T, S, M> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: ?Sized + Hash, S: MemorySource, M: Mode> Hash for ArenaBox<'_, T, S, M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

/// Forwards the `write_*` methods of `Hasher` to the boxed hasher.
macro_rules! forward_writes {
    ($($method:ident($t:ty)),* $(,)?) => {
        $(
            fn $method(&mut self, i: $t) {
                (**self).$method(i);
            }
        )*
    };
}

/// A boxed hasher hashes as the hasher does (std's `Box` has the same impl).
///
/// # Examples
///
/// ```
/// use core::hash::{BuildHasher, Hash, Hasher};
/// use std::collections::hash_map::RandomState;
///
/// let arena = arenakit::Arena::new();
/// let state = RandomState::new();
/// let mut boxed = arena.alloc_box(state.build_hasher());
/// let mut plain = state.build_hasher();
/// "key".hash(&mut boxed);
/// "key".hash(&mut plain);
/// assert_eq!(boxed.finish(), plain.finish());
/// ```
impl<H: ?Sized + Hasher, S: MemorySource, M: Mode> Hasher for ArenaBox<'_, H, S, M> {
    fn finish(&self) -> u64 {
        (**self).finish()
    }

    fn write(&mut self, bytes: &[u8]) {
        (**self).write(bytes);
    }

    forward_writes!(
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_usize(usize),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_isize(isize),
    );
}

#[cfg(feature = "serde")]
impl<T: ?Sized + serde::Serialize, S: MemorySource, M: Mode> serde::Serialize
    for ArenaBox<'_, T, S, M>
{
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        (**self).serialize(serializer)
    }
}

/// A clone is a new box in the same arena. Panics if the memory cannot be allocated, as
/// `Box::clone` aborts.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let a = arena.alloc_box(vec![1, 2]);
/// let mut b = a.clone();
/// b.push(3);
/// assert_eq!((a.len(), b.len()), (2, 3));
/// ```
impl<T: Clone, S: MemorySource, M: Mode> Clone for ArenaBox<'_, T, S, M> {
    fn clone(&self) -> Self {
        self.arena.alloc_box((**self).clone())
    }
}

/// A clone is a new box in the same arena, each element cloned. Panics if the memory cannot
/// be allocated.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let a = arena.alloc_box_slice_clone(&[String::from("x")]);
/// assert_eq!(a.clone(), a);
/// ```
impl<T: Clone, S: MemorySource, M: Mode> Clone for ArenaBox<'_, [T], S, M> {
    fn clone(&self) -> Self {
        self.arena.alloc_box_slice_clone(self)
    }
}

/// A clone is a new box in the same arena. Panics if the memory cannot be allocated.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let a = arena.alloc_box_str("twice");
/// assert_eq!(&*a.clone(), "twice");
/// ```
impl<S: MemorySource, M: Mode> Clone for ArenaBox<'_, str, S, M> {
    fn clone(&self) -> Self {
        self.arena.alloc_box_str(self)
    }
}

/// A boxed iterator is an iterator, also as `ArenaBox<dyn Iterator>`.
///
/// # Examples
///
/// ```
/// use arenakit::{ArenaBox, unsize_box};
/// let arena = arenakit::Arena::new();
/// let evens: ArenaBox<'_, dyn Iterator<Item = u32>> =
///     unsize_box!(arena.alloc_box((0..10).filter(|n| n % 2 == 0)));
/// assert_eq!(evens.sum::<u32>(), 20);
/// ```
impl<I: Iterator + ?Sized, S: MemorySource, M: Mode> Iterator for ArenaBox<'_, I, S, M> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        (**self).next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (**self).size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<I::Item> {
        (**self).nth(n)
    }
}

impl<I: DoubleEndedIterator + ?Sized, S: MemorySource, M: Mode> DoubleEndedIterator
    for ArenaBox<'_, I, S, M>
{
    fn next_back(&mut self) -> Option<I::Item> {
        (**self).next_back()
    }

    fn nth_back(&mut self, n: usize) -> Option<I::Item> {
        (**self).nth_back(n)
    }
}

impl<I: ExactSizeIterator + ?Sized, S: MemorySource, M: Mode> ExactSizeIterator
    for ArenaBox<'_, I, S, M>
{
    fn len(&self) -> usize {
        (**self).len()
    }
}

impl<I: FusedIterator + ?Sized, S: MemorySource, M: Mode> FusedIterator for ArenaBox<'_, I, S, M> {}

/// A boxed `Unpin` future is a future; for any other, pin the box (see
/// [`ArenaBox::into_pin`]).
///
/// # Examples
///
/// ```
/// use std::future::Future;
/// use std::task::{Context, Poll, Waker};
///
/// let arena = arenakit::Arena::new();
/// let mut ready = arena.alloc_box(std::future::ready(7));
/// let mut cx = Context::from_waker(Waker::noop());
/// assert_eq!(std::pin::Pin::new(&mut ready).poll(&mut cx), Poll::Ready(7));
/// ```
impl<F: ?Sized + Future + Unpin, S: MemorySource, M: Mode> Future for ArenaBox<'_, F, S, M> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        Pin::new(&mut **self).poll(cx)
    }
}

/// A boxed error is an error, with the value's source.
///
/// # Examples
///
/// ```
/// use arenakit::{ArenaBox, unsize_box};
/// use std::error::Error;
///
/// let arena = arenakit::Arena::new();
/// let err = arena.alloc_box("x".parse::<u8>().unwrap_err());
/// let err: ArenaBox<'_, dyn Error> = unsize_box!(err);
/// assert_eq!(err.to_string(), "invalid digit found in string");
/// ```
impl<T: ?Sized + core::error::Error, S: MemorySource, M: Mode> core::error::Error
    for ArenaBox<'_, T, S, M>
{
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        (**self).source()
    }
}

/// `downcast` for boxes of each `dyn Any` flavour, as `Box` has it.
macro_rules! downcast {
    ($($any:ty),+) => {$(
        impl<'a, S: MemorySource, M: Mode> ArenaBox<'a, $any, S, M> {
            #[doc = concat!("The box of the concrete value, if it is a `T`; else the `ArenaBox<", stringify!($any), ">` back.")]
            ///
            /// # Examples
            ///
            /// ```
            /// use arenakit::{ArenaBox, unsize_box};
            /// use std::any::Any;
            ///
            /// let arena = arenakit::Arena::new();
            #[doc = concat!("let b: ArenaBox<'_, ", stringify!($any), "> = unsize_box!(arena.alloc_box(7u32));")]
            /// let b = b.downcast::<String>().unwrap_err(); // not a String
            /// let n: ArenaBox<'_, u32> = b.downcast().unwrap();
            /// assert_eq!(*n, 7);
            /// ```
            pub fn downcast<T: Any>(self) -> Result<ArenaBox<'a, T, S, M>, Self> {
                if !(*self).is::<T>() {
                    return Err(self);
                }
                let (ptr, arena) = ArenaBox::into_parts(self);
                // SAFETY: the value is a `T` (just checked), so the thin pointer to it owns a
                // `T` at the start of its block of `size_of::<T>()` bytes.
                Ok(unsafe { ArenaBox::from_parts(ptr.cast(), arena) })
            }

            /// The box of the concrete value, without checking its type.
            ///
            /// # Safety
            ///
            /// The value is a `T`.
            ///
            /// # Examples
            ///
            /// ```
            /// use arenakit::{ArenaBox, unsize_box};
            /// use std::any::Any;
            ///
            /// let arena = arenakit::Arena::new();
            #[doc = concat!("let b: ArenaBox<'_, ", stringify!($any), "> = unsize_box!(arena.alloc_box(7u32));")]
            /// // SAFETY: the value is a `u32`.
            /// let n: ArenaBox<'_, u32> = unsafe { b.downcast_unchecked() };
            /// assert_eq!(*n, 7);
            /// ```
            pub unsafe fn downcast_unchecked<T: Any>(self) -> ArenaBox<'a, T, S, M> {
                debug_assert!((*self).is::<T>());
                let (ptr, arena) = ArenaBox::into_parts(self);
                // SAFETY: the value is a `T` (caller), so the thin pointer to it owns a `T` at
                // the start of its block of `size_of::<T>()` bytes.
                unsafe { ArenaBox::from_parts(ptr.cast(), arena) }
            }
        }
    )+};
}

downcast!(dyn Any, dyn Any + Send, dyn Any + Send + Sync);
