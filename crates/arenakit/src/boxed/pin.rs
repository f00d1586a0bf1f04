//! Pinning, where `Pin`'s drop guarantee holds: boxes that borrow their arena for `'static`,
//! and owned values whose destructor the arena runs. See the [parent module](super) for why
//! a pinned box of an arena that is reset would be unsound (bumpalo's issue #186).

use super::ArenaBox;
use crate::arena::{Arena, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::pin::Pin;

// `Pin<&mut T>` from `&self`: each call pins a fresh value that nothing else aliases (as for
// `alloc`), so `clippy::mut_from_ref`'s concern does not apply.
#[allow(clippy::mut_from_ref)]
impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Moves `value` into a pinned box. The arena must be borrowed for `'static` (leaked, or
    /// in a `static`): such an arena is never reset or dropped, so even a forgotten pinned
    /// box's memory is never reused before its destructor runs, as `Pin` requires. Dropping
    /// the box runs the destructor, then frees the block, as for any box.
    ///
    /// For pinned values in an arena that is reset, see
    /// [`alloc_owned_pin`](Self::alloc_owned_pin).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic); see
    /// [`try_alloc_box_pin`](Self::try_alloc_box_pin).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::Future;
    /// use std::pin::Pin;
    /// use std::sync::LazyLock;
    /// use std::task::{Context, Poll, Waker};
    /// use arenakit::{ArenaBox, SyncArena};
    ///
    /// static TASKS: LazyLock<SyncArena> = LazyLock::new(SyncArena::new);
    ///
    /// let mut task: Pin<ArenaBox<'static, _, _, _>> = TASKS.alloc_box_pin(async { 6 * 7 });
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert_eq!(task.as_mut().poll(&mut cx), Poll::Ready(42));
    /// ```
    ///
    /// A local arena would be reset later, so it cannot pin a box:
    ///
    /// ```compile_fail,E0597
    /// let arena = arenakit::Arena::new();
    /// let pinned = arena.alloc_box_pin(core::marker::PhantomPinned); // error: not 'static
    /// ```
    #[track_caller]
    pub fn alloc_box_pin<T>(&'static self, value: T) -> Pin<ArenaBox<'static, T, S, M>> {
        unwrap_or_panic(self.try_alloc_box_pin(value))
    }

    /// Like [`alloc_box_pin`](Self::alloc_box_pin), returning an error instead of panicking;
    /// on error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena: &'static arenakit::Arena = Box::leak(Box::new(arenakit::Arena::new()));
    /// let pinned = arena.try_alloc_box_pin((7u64, core::marker::PhantomPinned)).unwrap();
    /// assert!(arena.contains(&*pinned));
    /// assert_eq!(pinned.0, 7);
    /// ```
    pub fn try_alloc_box_pin<T>(
        &'static self,
        value: T,
    ) -> Result<Pin<ArenaBox<'static, T, S, M>>, AllocError> {
        self.try_alloc_box(value).map(ArenaBox::into_pin)
    }

    /// Moves `value` into the arena, registered like [`alloc_owned`](Self::alloc_owned), and
    /// returns it pinned. Its destructor runs at the next [`reset`](Self::reset) or when the
    /// arena drops, before its memory is reused, so `Pin`'s drop guarantee holds in any arena,
    /// and there is no box that could be forgotten. `T: Send + 'static` for the reasons of
    /// `alloc_owned`.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic); see
    /// [`try_alloc_owned_pin`](Self::try_alloc_owned_pin).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::Future;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let mut arena = arenakit::Arena::new();
    /// for round in 0..3 {
    ///     let task = arena.alloc_owned_pin(async move { round * 2 });
    ///     let mut cx = Context::from_waker(Waker::noop());
    ///     assert_eq!(task.poll(&mut cx), Poll::Ready(round * 2));
    ///     arena.reset(); // drops the future, then reuses its memory
    /// }
    /// ```
    #[track_caller]
    pub fn alloc_owned_pin<T: Send + 'static>(&self, value: T) -> Pin<&mut T> {
        unwrap_or_panic(self.try_alloc_owned_pin(value))
    }

    /// Like [`alloc_owned_pin`](Self::alloc_owned_pin), returning an error instead of
    /// panicking; on error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_owned_pin(String::from("x")).is_err());
    /// ```
    pub fn try_alloc_owned_pin<T: Send + 'static>(
        &self,
        value: T,
    ) -> Result<Pin<&mut T>, AllocError> {
        let value = self.try_alloc_owned(value)?;
        // SAFETY: the value is owned by the arena, which drops it at the next reset or its own
        // drop, before its memory is reused or given back (`DropList::run` runs first in both),
        // and never moves it; the caller gets only this `Pin`, never the value itself.
        Ok(unsafe { Pin::new_unchecked(value) })
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> ArenaBox<'static, T, S, M> {
    /// Pins a box that borrows its arena for `'static`: such an arena is never reset or
    /// dropped, so the value's memory is reused only after the box drops it (a forgotten box
    /// leaks it), as `Pin` requires. The value does not move.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{ArenaBox, unsize_box};
    /// use std::future::Future;
    /// use std::pin::Pin;
    ///
    /// let arena: &'static arenakit::Arena = Box::leak(Box::new(arenakit::Arena::new()));
    /// let task: ArenaBox<'static, dyn Future<Output = u8>> = unsize_box!(arena.alloc_box(async { 1 }));
    /// let task: Pin<ArenaBox<'static, dyn Future<Output = u8>>> = ArenaBox::into_pin(task);
    /// # drop(task);
    /// ```
    ///
    /// A box of an arena that is reset later cannot be pinned:
    ///
    /// ```compile_fail,E0597
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let pinned = ArenaBox::into_pin(arena.alloc_box(core::marker::PhantomPinned)); // error
    /// ```
    pub fn into_pin(b: Self) -> Pin<Self> {
        // SAFETY: the value is not moved while pinned: the box never moves it, and `Pin`
        // hands out `&mut T` only for `T: Unpin`. Its memory is not reused before its
        // destructor runs: the box's own drop runs it first, and `'static` keeps the arena
        // from being reset or dropped for the rest of the program (either needs it
        // exclusively), so a forgotten box's block stays allocated.
        unsafe { Pin::new_unchecked(b) }
    }
}

/// Pins a box that borrows its arena for `'static`; see [`ArenaBox::into_pin`].
///
/// # Examples
///
/// ```
/// use arenakit::ArenaBox;
/// use std::pin::Pin;
///
/// let arena: &'static arenakit::Arena = Box::leak(Box::new(arenakit::Arena::new()));
/// let pinned: Pin<ArenaBox<'static, _>> = arena.alloc_box(core::marker::PhantomPinned).into();
/// # drop(pinned);
/// ```
impl<T: ?Sized, S: MemorySource, M: Mode> From<ArenaBox<'static, T, S, M>>
    for Pin<ArenaBox<'static, T, S, M>>
{
    fn from(b: ArenaBox<'static, T, S, M>) -> Self {
        ArenaBox::into_pin(b)
    }
}
