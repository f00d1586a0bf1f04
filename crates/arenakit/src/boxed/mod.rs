//! [`ArenaBox`]: an owned, individually freed value in an arena (the first seed's `Free`).
//!
//! - this module: the type, its invariant, ownership (`free`, `into_inner`, `leak`, raw
//!   pointers), `Drop`, the thread-safety impls and the [`unsize_box!`](crate::unsize_box)
//!   macro;
//! - [`alloc`]: the constructors on the arena (`alloc_box`, `alloc_box_str`, the slice ones);
//! - [`slice`](mod@slice): filling a block of elements panic-safely, and the `[T]`/`str` conversions;
//! - [`pin`]: pinning, and why it is offered only where it is sound;
//! - [`traits`]: the standard traits (`Deref`, comparisons, `Clone`, `Iterator`, `Future`,
//!   `Any` downcasts, ...);
//! - [`convert`]: `into_box` (allocator-api2's `Box`), `into_boxed_slice`, `IntoIterator`,
//!   `Extend`, the `std::io` traits;
//! - with feature `collections`: [`vec_view`] (a slice box as an arena `Vec` and back, and
//!   how a box shrinks in place), [`edit`] and [`edit_str`] (`pop`, `truncate`, `retain`, ...),
//!   [`drain`] ([`BoxDrain`], [`BoxExtractIf`]), [`drain_str`] ([`StrBoxDrain`]), [`split`] (`split_off`, `merge`, `partition`, `map_in_place`).
//!
//! # The invariant
//!
//! A box holds a pointer to a live, initialised `T` that it alone owns, in a block handed out
//! by `alloc_freeable` of its arena for `Layout::for_value` of that `T` (a dangling, aligned
//! pointer when the size is zero), plus the arena reference it frees the block through. `T`
//! may be unsized (`str`, `[T]`, `dyn Trait`): the block size is `size_of_val` of the value,
//! read while the value is alive, so a box unsized from `[T; N]` or from a concrete type
//! frees the same block it was made with (unsizing keeps size and alignment). A box of a
//! slice or `str` that was shortened in place (`pop`, `truncate`, ...) may sit at the start
//! of a larger block; it frees it with its own, smaller size, as the arena's `Allocator` does
//! after a `shrink` that kept a block in place (see [`vec_view`]).
//!
//! # Unsizing on stable Rust
//!
//! `CoerceUnsized` is unstable, so on stable the coercion `ArenaBox<T>` to
//! `ArenaBox<dyn Trait>` is made on the raw pointer: [`unsize_box!`](crate::unsize_box) takes
//! the box apart with [`ArenaBox::into_raw_with_arena`] and rebuilds it with
//! [`ArenaBox::from_raw_in`], and the only thing between the two is the implicit coercion of
//! `*mut T` at the call. A raw pointer coerces to another pointee type only by an unsizing
//! coercion (array to slice, type to `dyn Trait`, trait upcasting), which keeps the address
//! and describes a value of the same layout, so the rebuilt box meets the invariant. A closure
//! `|p| p as *mut dyn Trait` would not do: a closure may return any pointer (another address,
//! a slice pointer with a made-up length), and the box would free the wrong block. With
//! `--cfg arenakit_nightly` on a nightly compiler, `ArenaBox` implements `CoerceUnsized` (and
//! `PinCoerceUnsized`, for `Pin<ArenaBox<T>>`) instead, so the coercion is implicit, as for
//! `Box`. That is a `rustc` cfg rather than a cargo feature because CI builds
//! `--all-features` on stable.
//!
//! # Pinning (`Pin`'s drop guarantee)
//!
//! Pinning promises that a pinned value's memory is not invalidated or reused before its
//! destructor runs. A box's memory is given back in three ways: by the box's own drop (which
//! runs the destructor first), by [`reset`](crate::arena::Arena::reset), and by dropping
//! the arena. The last two need the arena exclusively (`&mut` or by value), which the box's
//! borrow excludes while the box lives; but `mem::forget` (or an `Rc` cycle) ends the box
//! without running its destructor and ends the borrow with it, after which a reset reuses the
//! memory of a value that was never dropped. That is bumpalo's issue #186 (`Box::pin_in`),
//! and it is why bump-scope offers no pinned `BumpBox` at all. Hence arenakit pins:
//!
//! - a box only when it borrows its arena for `'static` ([`alloc_box_pin`], [`into_pin`],
//!   `From<ArenaBox<'static, ..>> for Pin<..>`): a shared borrow that lasts for the rest of
//!   the program means the arena is never reset, moved or dropped (it is leaked, or lives in a
//!   `static`), so a forgotten pinned box's block is simply never reused, which leaking allows;
//!   a dropped one runs its destructor before its block is freed. Any `T` works;
//! - an owned value in any arena ([`alloc_owned_pin`]): it is registered like
//!   [`alloc_owned`](crate::arena::Arena::alloc_owned) (so `T: Send + 'static`), its
//!   destructor runs at the next reset or at the arena's drop, before its memory is reused,
//!   and there is no box to forget.
//!
//! Registering the destructor of every pinned *box* as well (so that a reset runs it when the
//! box was forgotten) was considered and rejected: the box would have to tell at drop whether
//! its block is registered (a flag in every box, or a tag bit in its arena pointer and a branch
//! in every drop), its block could not be freed before the reset (the registry lives until
//! then), and it would still need `T: Send + 'static`, the bounds that `alloc_owned_pin`
//! already serves without any of that.
//!
//! # Threads
//!
//! A box is a `Box<T>` plus a `&'a Arena<S, M>`, and gets the auto traits of that pair,
//! written out because its pointer field is a raw pointer:
//!
//! - `Send` when `T: Send` and the arena is `Sync` (so `&Arena` is `Send`): dropping the
//!   box on another thread frees its block through the arena, concurrently with whatever the
//!   arena's thread does. A [`SyncArena`](crate::SyncArena) is built for that (its `free` only
//!   rolls back the calling thread's own cursor); an [`Arena`](crate::Arena) is not (`Cell`
//!   cursors), so its boxes stay on its thread.
//! - `Sync` when `T: Sync` and the arena is `Sync`: through `&ArenaBox` a thread reaches `&T`
//!   and the arena (`Clone` allocates a copy in it), so both must allow shared use.
//!
//! These are the bounds of std's `Box<T, A>` (with `A = &Arena`), and they carry the bounds
//! of every part: the arena's `Sync` includes its memory source's (`S: Send + Sync`). Leaving
//! one out is the bug bump-scope fixed in 2.3.3 (its `Bump` was `Send` even when its base
//! allocator was not); leaving out `T: Send` would let an `Rc` cross threads inside a box.
//!
//! [`alloc_box_pin`]: crate::arena::Arena::alloc_box_pin
//! [`alloc_owned_pin`]: crate::arena::Arena::alloc_owned_pin
//! [`into_pin`]: ArenaBox::into_pin

mod alloc;
mod convert;
#[cfg(feature = "collections")]
mod drain;
#[cfg(feature = "collections")]
mod drain_str;
#[cfg(feature = "collections")]
mod edit;
#[cfg(feature = "collections")]
mod edit_str;
mod pin;
mod slice;
#[cfg(feature = "collections")]
mod split;
mod traits;
#[cfg(feature = "collections")]
mod vec_view;

#[cfg(feature = "collections")]
pub use drain::{BoxDrain, BoxExtractIf};
#[cfg(feature = "collections")]
pub use drain_str::StrBoxDrain;

use crate::arena::{Arena, Local, Mode};
use crate::raw::RawOps;
use crate::source::{Heap, MemorySource};
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::ptr::NonNull;

/// A value in an arena that is owned like a `Box`: dropping the box (or
/// [`ArenaBox::free`]) runs the value's destructor and frees its memory.
///
/// Freed memory is reused: the newest block is rolled back at once, and a chunk whose blocks
/// were all freed goes back to the arena's chunk free list. Any `T` works, including values
/// that borrow the arena or are not `Send`, because the destructor runs when the box is
/// dropped, within the borrow of the arena. `T` may be unsized: strings and slices
/// ([`alloc_box_str`](Arena::alloc_box_str), [`alloc_box_slice_copy`](Arena::alloc_box_slice_copy)
/// and friends) and trait objects ([`unsize_box!`](crate::unsize_box)).
///
/// The box remembers its arena, so it implements `Clone` (when the value does): a clone is a
/// new box in the same arena, and like `Box::clone` it panics if the memory cannot be
/// allocated (use [`try_alloc_box`](Arena::try_alloc_box) with a clone of the value to get
/// an error instead).
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
///
/// let words: ArenaBox<'_, [String]> = arena.alloc_box_slice_fill_with(3, |i| i.to_string());
/// assert_eq!(words.concat(), "012");
/// let shown: ArenaBox<'_, dyn std::fmt::Debug> = arenakit::unsize_box!(arena.alloc_box([1, 2]));
/// assert_eq!(format!("{shown:?}"), "[1, 2]");
/// ```
///
/// # Pinning
///
/// A pinned value's memory must not be reused before its destructor runs, and a forgotten box
/// does not run it. So [`alloc_box_pin`](Arena::alloc_box_pin) and
/// [`into_pin`](ArenaBox::into_pin) need a box that borrows its arena for `'static` (a leaked
/// arena, or one in a `static`), which is never reset or dropped; in an arena that is reset,
/// pin an owned value with [`alloc_owned_pin`](Arena::alloc_owned_pin), whose destructor
/// the reset runs. A forgotten pinned box followed by a reset (bumpalo's issue #186) does not
/// compile:
///
/// ```compile_fail,E0597
/// let mut arena = arenakit::Arena::new();
/// let pinned = arena.alloc_box_pin(core::marker::PhantomPinned); // error: borrowed for 'static
/// core::mem::forget(pinned);
/// arena.reset(); // error[E0502]: would reuse the pinned value's memory without dropping it
/// ```
///
/// # Threads
///
/// A box is `Send` when its value is `Send` and its arena is `Sync` (a
/// [`SyncArena`](crate::SyncArena)), since dropping it frees memory through the arena; it is
/// `Sync` when its value is `Sync` and its arena is `Sync`. A box of a `SyncArena` moves to
/// another thread:
///
/// ```
/// let arena = arenakit::SyncArena::new();
/// let b = arena.alloc_box(String::from("moves"));
/// std::thread::scope(|s| {
///     s.spawn(move || assert_eq!(*b, "moves")); // dropped there
/// });
/// ```
///
/// A value that is not `Send` does not, even in a `SyncArena`:
///
/// ```compile_fail,E0277
/// let arena = arenakit::SyncArena::new();
/// let b = arena.alloc_box(std::rc::Rc::new(1));
/// std::thread::scope(|s| {
///     s.spawn(move || drop(b)); // error: `Rc<i32>` cannot be sent between threads safely
/// });
/// ```
///
/// Nor does a box of an [`Arena`](crate::Arena), whatever its value: dropping it on another
/// thread would free memory through the arena's unsynchronised cursors.
///
/// ```compile_fail,E0277
/// let arena = arenakit::Arena::new();
/// let b = arena.alloc_box(1u32);
/// std::thread::scope(|s| {
///     s.spawn(move || drop(b)); // error: `Arena<Heap, Local>` cannot be shared between threads
/// });
/// ```
///
/// A box of an `Arena` is not `Sync` either:
///
/// ```compile_fail,E0277
/// let arena = arenakit::Arena::new();
/// let b = arena.alloc_box(1u32);
/// std::thread::scope(|s| {
///     s.spawn(|| *b + 1); // error: `Arena<Heap, Local>` cannot be shared between threads
/// });
/// ```
///
/// And a box of a `SyncArena` is `Sync` only if its value is:
///
/// ```compile_fail,E0277
/// let arena = arenakit::SyncArena::new();
/// let b = arena.alloc_box(std::cell::Cell::new(1u32));
/// std::thread::scope(|s| {
///     s.spawn(|| b.set(2)); // error: `Cell<u32>` cannot be shared between threads safely
/// });
/// ```
pub struct ArenaBox<'a, T: ?Sized, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: points to a live, initialised `T` owned by this box alone, at the start of a
    /// block of `size_of_val` bytes from `arena.raw().alloc_freeable` (dangling and aligned
    /// when that is zero; for a slice or `str` shortened in place, at least that many bytes)
    /// that is freed only by this box.
    ptr: NonNull<T>,
    arena: &'a Arena<S, M>,
    /// The box owns a `T` (for the drop check).
    _owns: PhantomData<T>,
}

impl<'a, T: ?Sized, S: MemorySource, M: Mode> ArenaBox<'a, T, S, M> {
    /// A box owning the value at `ptr`.
    ///
    /// # Safety
    ///
    /// - `ptr` points to a live, initialised `T` that nothing else owns or uses afterwards;
    /// - it starts a block from `arena.raw().alloc_freeable` of `size_of_val` bytes of that
    ///   value (dangling and aligned when that is zero), not yet freed.
    unsafe fn from_parts(ptr: NonNull<T>, arena: &'a Arena<S, M>) -> Self {
        ArenaBox {
            ptr,
            arena,
            _owns: PhantomData,
        }
    }

    /// Takes the box apart without dropping or freeing anything: the caller owns the value
    /// and its block.
    fn into_parts(b: Self) -> (NonNull<T>, &'a Arena<S, M>) {
        let b = ManuallyDrop::new(b);
        (b.ptr, b.arena)
    }

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
    /// let s: &mut str = ArenaBox::leak(arena.alloc_box_str("leaked"));
    /// assert_eq!(s, "leaked");
    /// ```
    pub fn leak(b: Self) -> &'a mut T {
        let (mut ptr, _) = Self::into_parts(b);
        // SAFETY: the value is live and was owned by the box, which is gone, so this is the
        // only reference; the block stays allocated until the arena is reset, which needs
        // `&mut` access to the arena and so cannot happen during `'a`.
        unsafe { ptr.as_mut() }
    }

    /// A raw pointer to the value (for a slice or `str`, a pointer with its length).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box(1u8);
    /// assert!(arena.contains(arenakit::ArenaBox::as_ptr(&b)));
    /// let s = arena.alloc_box_slice_copy(&[1u16, 2, 3]);
    /// assert_eq!(arenakit::ArenaBox::as_ptr(&s).len(), 3);
    /// ```
    pub fn as_ptr(b: &Self) -> *const T {
        b.ptr.as_ptr()
    }

    /// A raw mutable pointer to the value, valid for writes while the box is not otherwise
    /// used.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box(1u32);
    /// let p = arenakit::ArenaBox::as_mut_ptr(&mut b);
    /// unsafe { p.write(5) };
    /// assert_eq!(*b, 5);
    /// ```
    pub fn as_mut_ptr(b: &mut Self) -> *mut T {
        b.ptr.as_ptr()
    }

    /// A non-null pointer to the value (for a slice or `str`, with its length), valid for
    /// writes while the box is not otherwise used (bump-scope's `as_non_null`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1u8, 2, 3]);
    /// let p = ArenaBox::as_non_null(&mut b);
    /// assert_eq!(p.len(), 3);
    /// // SAFETY: `p` points to the box's live elements, and nothing else uses them now.
    /// unsafe { p.cast::<u8>().write(9) };
    /// assert_eq!(*b, [9, 2, 3]);
    /// ```
    pub fn as_non_null(b: &mut Self) -> NonNull<T> {
        b.ptr
    }

    /// The arena the box lives in (and gives its memory back to).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box(1u8);
    /// assert!(core::ptr::eq(arenakit::ArenaBox::arena(&b), &arena));
    /// ```
    pub fn arena(b: &Self) -> &'a Arena<S, M> {
        b.arena
    }

    /// Consumes the box and returns a raw pointer to the value, which stays allocated and is
    /// neither dropped nor freed: rebuild the box with [`from_raw_in`](Self::from_raw_in) to
    /// do both, or leave it to the next reset (then the destructor never runs).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let raw: *mut String = ArenaBox::into_raw(arena.alloc_box(String::from("raw")));
    /// // SAFETY: `raw` came from `into_raw` of a box of `arena`, which was not reset since, and
    /// // is rebuilt once.
    /// let b = unsafe { ArenaBox::from_raw_in(raw, &arena) };
    /// assert_eq!(*b, "raw");
    /// ```
    pub fn into_raw(b: Self) -> *mut T {
        Self::into_raw_with_arena(b).0
    }

    /// Like [`into_raw`](Self::into_raw), also returning the arena reference the box held.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let (raw, home) = ArenaBox::into_raw_with_arena(arena.alloc_box([1u8; 3]));
    /// // SAFETY: both come from one `into_raw_with_arena` call; the arena was not reset since.
    /// let b = unsafe { ArenaBox::from_raw_in(raw, home) };
    /// assert_eq!(*b, [1, 1, 1]);
    /// ```
    pub fn into_raw_with_arena(b: Self) -> (*mut T, &'a Arena<S, M>) {
        let (ptr, arena) = Self::into_parts(b);
        (ptr.as_ptr(), arena)
    }

    /// Rebuilds a box from a pointer returned by [`into_raw`](Self::into_raw) (or
    /// [`into_raw_with_arena`](Self::into_raw_with_arena), or [`leak`](Self::leak)): the box
    /// owns the value again, and dropping it drops the value and frees its block.
    ///
    /// # Safety
    ///
    /// - `ptr` was returned by `into_raw`, `into_raw_with_arena` or `leak` of an `ArenaBox`
    ///   allocated in `arena` (this very arena, not another one with the same type);
    /// - the arena was not reset since (a reset frees the block);
    /// - `T` is the type of that box, or `ptr` was converted from that box's pointer by an
    ///   unsizing coercion (such as `*mut [u8; 4]` to `*mut [u8]`, or to `*mut dyn Trait`), so
    ///   `size_of_val` of the value is the block's size;
    /// - the pointer is rebuilt into a box only once, and not used through any other pointer or
    ///   reference afterwards.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let raw = ArenaBox::into_raw(arena.alloc_box([1u32, 2, 3]));
    /// let raw: *mut [u32] = raw; // an unsizing coercion keeps the block's layout
    /// // SAFETY: `raw` came from `into_raw` of a box of `arena` by an unsizing coercion, the
    /// // arena was not reset since, and `raw` is rebuilt once.
    /// let b = unsafe { ArenaBox::from_raw_in(raw, &arena) };
    /// assert_eq!(b.len(), 3);
    /// ```
    pub unsafe fn from_raw_in(ptr: *mut T, arena: &'a Arena<S, M>) -> Self {
        // SAFETY: `ptr` came from a box, whose pointer is never null (caller's contract).
        let ptr = unsafe { NonNull::new_unchecked(ptr) };
        // SAFETY: the caller guarantees `ptr` is the pointer of a box of `arena` given up by
        // `into_raw` (so it points to a live, owned value at the start of its block), with the
        // same layout, that no one else owns or uses.
        unsafe { Self::from_parts(ptr, arena) }
    }
}

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, T, S, M> {
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
        let (ptr, arena) = Self::into_parts(b);
        // SAFETY: the box owned an initialised `T` (type invariant), moved out here once; the
        // box is gone, so nothing drops it again.
        let value = unsafe { ptr.read() };
        // SAFETY: the block came from `alloc_freeable` for `Layout::new::<T>()` (type
        // invariant), is freed once, here, and its value was moved out above.
        unsafe { arena.raw().free(ptr.cast(), size_of::<T>()) };
        value
    }
}

impl<T: ?Sized, S: MemorySource, M: Mode> Drop for ArenaBox<'_, T, S, M> {
    fn drop(&mut self) {
        let size = size_of_val::<T>(&**self);
        // SAFETY: the box owns a live value at the start of its block of `size` bytes (type
        // invariant); both are dropped and freed only here.
        unsafe { drop_and_free(self.arena, self.ptr, size) };
    }
}

/// Drops the value at `ptr` and frees its block, also if the destructor panics.
///
/// # Safety
///
/// - `ptr` points to a live value (for a slice: initialised elements) that nothing uses
///   afterwards;
/// - it starts a block of `size` bytes from `arena.raw().alloc_freeable`, not yet freed, which
///   nothing else frees.
unsafe fn drop_and_free<T: ?Sized, S: MemorySource, M: Mode>(
    arena: &Arena<S, M>,
    ptr: NonNull<T>,
    size: usize,
) {
    /// Frees the block when dropped, after the value's destructor returned or unwound.
    struct FreeOnExit<'b, S: MemorySource, M: Mode> {
        arena: &'b Arena<S, M>,
        block: NonNull<u8>,
        size: usize,
    }
    impl<S: MemorySource, M: Mode> Drop for FreeOnExit<'_, S, M> {
        fn drop(&mut self) {
            // SAFETY: the enclosing function's contract: the block is ours, `size` bytes, and
            // freed once, here, after its value was dropped.
            unsafe { self.arena.raw().free(self.block, self.size) }
        }
    }
    let _free = FreeOnExit {
        arena,
        block: ptr.cast(),
        size,
    };
    // SAFETY: the value is live and unused afterwards (caller), and dropped only here.
    unsafe { core::ptr::drop_in_place(ptr.as_ptr()) };
}

// SAFETY: sending the box sends its `T` (hence `T: Send`) and the `&Arena` through which
// its drop frees the block while other threads may use the arena; a shared reference to the
// arena may be sent when the arena is `Sync`, whose `free` is safe from any thread.
unsafe impl<T: ?Sized + Send, S: MemorySource, M: Mode> Send for ArenaBox<'_, T, S, M> where
    Arena<S, M>: Sync
{
}

// SAFETY: through `&ArenaBox` a thread reaches `&T` (hence `T: Sync`) and `&Arena` (`Clone`
// allocates in it), which may be shared when the arena is `Sync`. Nothing is mutated through
// `&ArenaBox`.
unsafe impl<T: ?Sized + Sync, S: MemorySource, M: Mode> Sync for ArenaBox<'_, T, S, M> where
    Arena<S, M>: Sync
{
}

/// Like `Box`, the box is a pointer: moving it never moves the value, so it is `Unpin`
/// whatever `T` is (pinning is about the value, see [`ArenaBox::into_pin`]).
impl<T: ?Sized, S: MemorySource, M: Mode> Unpin for ArenaBox<'_, T, S, M> {}

/// With `--cfg arenakit_nightly` (nightly compilers): `ArenaBox<T>` coerces to `ArenaBox<U>`
/// wherever `Box<T>` coerces to `Box<U>`, so no [`unsize_box!`](crate::unsize_box) is needed.
#[cfg(arenakit_nightly)]
impl<'a, T, U, S, M> core::ops::CoerceUnsized<ArenaBox<'a, U, S, M>> for ArenaBox<'a, T, S, M>
where
    T: ?Sized + core::marker::Unsize<U>,
    U: ?Sized,
    S: MemorySource,
    M: Mode,
{
}

// SAFETY: `deref` and `deref_mut` return the place the box's pointer names, which only the
// box's constructors set, so its concrete type never changes while the box exists (moving and
// unsizing the box keep the place). Lets `Pin<ArenaBox<T>>` coerce like `Pin<Box<T>>`.
#[cfg(arenakit_nightly)]
unsafe impl<T: ?Sized, S: MemorySource, M: Mode> core::pin::PinCoerceUnsized
    for ArenaBox<'_, T, S, M>
{
}

/// Converts an [`ArenaBox`] to a box of an unsized type on stable Rust: `ArenaBox<T>` to
/// `ArenaBox<dyn Trait>` for any `T: Trait`, `ArenaBox<[T; N]>` to `ArenaBox<[T]>`, and
/// `ArenaBox<dyn Sub>` to `ArenaBox<dyn Super>` (Rust 1.86 or later), wherever the compiler
/// would coerce `Box<T>` to `Box<U>`. The target type must be known where the macro is used
/// (a type annotation, a function argument, a closure's declared return type); the value
/// stays where it is.
///
/// The conversion is the compiler's own unsizing coercion of the box's raw pointer, so only
/// real unsizing compiles. With `--cfg arenakit_nightly` on a nightly compiler the box
/// coerces implicitly (it implements `CoerceUnsized`) and this macro is not needed.
///
/// The expansion contains an `unsafe` block, so it trips `#![forbid(unsafe_code)]` in the
/// calling crate.
///
/// # Examples
///
/// ```
/// use arenakit::{ArenaBox, unsize_box};
/// use std::fmt::Display;
///
/// let arena = arenakit::Arena::new();
/// let shapes: Vec<ArenaBox<'_, dyn Display>> = vec![
///     unsize_box!(arena.alloc_box(1.5f64)),
///     unsize_box!(arena.alloc_box("two")),
///     unsize_box!(arena.alloc_box(String::from("three"))),
/// ];
/// let text: Vec<String> = shapes.iter().map(|s| s.to_string()).collect();
/// assert_eq!(text, ["1.5", "two", "three"]);
///
/// let array = arena.alloc_box([1u8, 2, 3]);
/// let slice: ArenaBox<'_, [u8]> = unsize_box!(array);
/// assert_eq!(slice.len(), 3);
///
/// let mut add: ArenaBox<'_, dyn FnMut(u32) -> u32> = unsize_box!(arena.alloc_box(|x| x + 1));
/// assert_eq!(add(1), 2);
/// ```
///
/// A type that does not implement the trait does not coerce:
///
/// ```compile_fail,E0277
/// use arenakit::{ArenaBox, unsize_box};
/// struct Opaque;
/// let arena = arenakit::Arena::new();
/// let b: ArenaBox<'_, dyn std::fmt::Display> = unsize_box!(arena.alloc_box(Opaque)); // error
/// ```
///
/// And no conversion other than unsizing does (a `u32` is not a `[u8]`):
///
/// ```compile_fail,E0308
/// use arenakit::{ArenaBox, unsize_box};
/// let arena = arenakit::Arena::new();
/// let b: ArenaBox<'_, [u8]> = unsize_box!(arena.alloc_box(7u32)); // error: mismatched types
/// ```
///
/// The rebuilt box borrows the arena as long as the original did, no longer:
///
/// ```compile_fail,E0597
/// use arenakit::{ArenaBox, unsize_box};
/// let escaped: ArenaBox<'static, [u8]>;
/// {
///     let arena = arenakit::Arena::new();
///     escaped = unsize_box!(arena.alloc_box([1u8, 2])); // error: `arena` does not live long enough
/// }
/// ```
#[macro_export]
macro_rules! unsize_box {
    ($boxed:expr $(,)?) => {{
        let (ptr, arena) = $crate::ArenaBox::into_raw_with_arena($boxed);
        // SAFETY: `ptr` and `arena` come from one `into_raw_with_arena` call just above, and
        // the only conversion of `ptr` before it is rebuilt (once) is the implicit coercion of
        // `*mut T` at this call, which the compiler allows only for unsizing coercions.
        unsafe { $crate::ArenaBox::from_raw_in(ptr, arena) }
    }};
}
