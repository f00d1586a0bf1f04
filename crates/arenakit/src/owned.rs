//! [`ArenaOwned`]: an arena and the value built in it, as one owned value with no lifetime
//! (feature `owned`).
//!
//! Everything allocated in an arena borrows it, so the arena's lifetime shows up in every type
//! that holds arena data, and in every type and function that holds those (bumpalo issues #96
//! and #287). A decoded request cannot be returned from the function that took its pooled
//! arena, kept in a cache, or sent to another thread: the second seed's anti-pattern,
//! "returning arena data after `pool.Put`", is a borrow error in arenakit, but so is every sound
//! variant of it.
//!
//! An [`ArenaOwned<R, C>`](ArenaOwned) owns both: the arena `C` (an [`Arena`] or
//! [`SyncArena`](crate::SyncArena), boxed as a [`BoxedArena`], or an
//! [`OwnedPooledArena`](crate::OwnedPooledArena)) and the root `R` built in it, which borrows
//! it. It has no lifetime parameter: it is `'static`, can be returned, stored in a map, and
//! moved to another thread whenever the root is `Send`. [`get`](ArenaOwned::get) hands the root
//! back with the lifetime of a borrow of the owner; dropping the owner drops the root, then the
//! arena (a pooled arena goes back to its pool).
//!
//! The root type is written with its lifetime as `'static` (`Request<'static>`): the lifetime is
//! a placeholder, never handed out as such. Name it with a turbofish
//! (`ArenaOwned::<Request<'static>, _>::new_in(..)`) or through a return type, so that the
//! build closure's result is checked against it. The type must implement yoke's
//! [`Yokeable`]: `&'static T` for a `T` without borrows (`&'static str`, `&'static [u64]`; not
//! `&'static [&'static str]`, whose inner lifetime stays `'static`), `Option`, pairs and arrays
//! of such, and with feature `derive`, `#[derive(Yokeable)]` for your own structs and enums,
//! which checks that the type is covariant in its lifetime. The derived impl names the `yoke`
//! crate: depend on it (feature `derive`), or bring arenakit's re-export into scope with
//! `use arenakit::owned::yoke;`.
//!
//! # Examples
//!
//! A request decoded into a pooled arena, returned from the function that decoded it, cached,
//! and read on another thread; its arena goes back to the pool when the last owner is dropped
//! (features `owned`, `json`, `derive`):
//!
//! ```
//! # #[cfg(all(feature = "json", feature = "derive", feature = "std"))] {
//! use arenakit::de::{DeserializeIn, JsonError, from_slice_in};
//! use arenakit::owned::{ArenaOwned, Yokeable, yoke};
//! use arenakit::{ArenaPool, OwnedPooledArena};
//! use std::collections::HashMap;
//! use std::sync::Arc;
//!
//! #[derive(DeserializeIn, Yokeable)]
//! struct Request<'a> {
//!     user: &'a str,
//!     items: &'a [Item<'a>],
//! }
//!
//! #[derive(DeserializeIn, Yokeable)]
//! struct Item<'a> {
//!     sku: &'a str,
//!     qty: u32,
//! }
//!
//! type OwnedRequest = ArenaOwned<Request<'static>, OwnedPooledArena>;
//!
//! // The seed's `BadFunction`, made sound: the arena travels with the data.
//! fn decode(pool: &Arc<ArenaPool>, body: &[u8]) -> Result<OwnedRequest, JsonError> {
//!     ArenaOwned::try_new_in(pool.get_owned(), |arena| from_slice_in(arena, body))
//! }
//!
//! let pool = Arc::new(ArenaPool::new());
//! let body = br#"{"user": "ada", "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}]}"#;
//! let request = decode(&pool, body).unwrap();
//! assert_eq!(pool.metrics().active, 1); // the arena is out, with the request
//!
//! let mut cache: HashMap<u64, OwnedRequest> = HashMap::new();
//! cache.insert(7, request);
//! let request = cache.remove(&7).unwrap();
//! let total = std::thread::spawn(move || {
//!     let r = request.get();
//!     assert_eq!(r.user, "ada");
//!     r.items.iter().map(|item| item.qty).sum::<u32>()
//! })
//! .join()
//! .unwrap();
//! assert_eq!(total, 3);
//! assert_eq!(pool.metrics().active, 0); // dropped on the other thread: back in the pool
//! # }
//! ```
//!
//! Data cannot leave its owner, nor the arena be reset under it: see the `compile_fail`
//! examples on [`ArenaOwned`].
//!
//! # Soundness
//!
//! [`ArenaOwned`] is a thin layer over yoke's [`Yoke`], which erases the root's lifetime and
//! restores it on every access. What the combination needs, and where it comes from:
//!
//! - **A stable arena.** The root points into the arena's chunks and, for the arena
//!   collections, at the arena itself, so the arena must not move when the owner does. It lives
//!   in its own heap allocation ([`BoxedArena`], or the pool's box in an
//!   [`OwnedPooledArena`](crate::OwnedPooledArena)), held through a raw pointer rather than a
//!   `Box`: moving a `Box` asserts unique access to its contents, which would invalidate the
//!   root's `&Arena` (yoke's issue #2095; Miri reports a `Yoke` over a `Box<Arena>` whose root
//!   holds an arena `Vec` under both Stacked and Tree Borrows). Both implement `StableDeref`.
//! - **The root borrows only the arena.** The build closure is generic over the arena's
//!   lifetime (`for<'a> FnOnce(&'a Arena) -> R<'a>`), so its result can borrow nothing else,
//!   and nothing it allocates can escape it except through the result.
//! - **The arena is neither reset nor moved out while the root lives.** Only `&Arena` is ever
//!   handed out ([`arena`](ArenaOwned::arena)); `reset`, `reset_zeroed` and assigning a new
//!   arena need `&mut`. Allocating more through `&Arena` is fine: allocation never invalidates
//!   earlier allocations. [`into_arena`](ArenaOwned::into_arena) drops the root before it returns
//!   the arena, and dropping the owner drops the root first (field order in `Yoke`).
//! - **The root is only seen at a borrow of the owner.** [`get`](ArenaOwned::get) shortens the
//!   erased lifetime to the borrow of `self`, which `Yokeable`'s covariance makes sound.
//! - **`Send` and `Sync` are inferred**, never asserted: the owner is `Send` when the root
//!   (`R`) and the arena handle are, and `Sync` when both are `Sync`. An [`Arena`] is `Send`
//!   but not `Sync`, so a root holding arena collections (which hold `&Arena`) makes the owner
//!   `!Send`; freeze them into slices first (`into_bump_slice`), or use a
//!   [`SyncArena`](crate::SyncArena).

use crate::aliasable::AliasableBox;
use crate::arena::{Arena, Local, Mode};
use crate::source::{Heap, MemorySource};
use alloc::boxed::Box;
use core::fmt;
use core::ops::{Deref, DerefMut};
use stable_deref_trait::StableDeref;
use yoke::Yoke;

pub use yoke;
pub use yoke::Yokeable;

/// An arena on the heap, at an address that moving the `BoxedArena` does not change: what an
/// [`ArenaOwned`] keeps a plain [`Arena`] or [`SyncArena`](crate::SyncArena) in.
///
/// Dereferences to the arena. Unlike a `Box`, it makes no claim of unique access when moved,
/// so references into the arena stay valid across moves (see the module docs).
///
/// # Examples
///
/// ```
/// use arenakit::Arena;
/// use arenakit::owned::BoxedArena;
///
/// let mut arena = BoxedArena::from(Arena::new());
/// arena.alloc_str("hello");
/// arena.reset();
/// let arena: Arena = arena.into_inner();
/// assert_eq!(arena.stats().used, 0);
/// ```
pub struct BoxedArena<S: MemorySource = Heap, M: Mode = Local> {
    arena: AliasableBox<Arena<S, M>>,
}

impl<S: MemorySource, M: Mode> BoxedArena<S, M> {
    /// Moves `arena` to the heap.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::owned::BoxedArena::new(arenakit::SyncArena::new());
    /// assert_eq!(*arena.alloc(3u8), 3);
    /// ```
    pub fn new(arena: Arena<S, M>) -> Self {
        Self::from(Box::new(arena))
    }

    /// Moves the arena out of its box.
    ///
    /// # Examples
    ///
    /// ```
    /// let boxed = arenakit::owned::BoxedArena::new(arenakit::Arena::new());
    /// let arena: arenakit::Arena = boxed.into_inner();
    /// ```
    pub fn into_inner(self) -> Arena<S, M> {
        *self.into_box()
    }

    /// The arena's box, without moving the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// let boxed = arenakit::owned::BoxedArena::new(arenakit::Arena::new());
    /// let address = &*boxed as *const arenakit::Arena;
    /// let arena: Box<arenakit::Arena> = boxed.into_box();
    /// assert_eq!(&*arena as *const arenakit::Arena, address);
    /// ```
    pub fn into_box(self) -> Box<Arena<S, M>> {
        self.arena.into_box()
    }
}

impl<S: MemorySource, M: Mode> From<Arena<S, M>> for BoxedArena<S, M> {
    fn from(arena: Arena<S, M>) -> Self {
        Self::new(arena)
    }
}

impl<S: MemorySource, M: Mode> From<Box<Arena<S, M>>> for BoxedArena<S, M> {
    fn from(arena: Box<Arena<S, M>>) -> Self {
        BoxedArena {
            arena: AliasableBox::from_box(arena),
        }
    }
}

impl<S: MemorySource, M: Mode> Deref for BoxedArena<S, M> {
    type Target = Arena<S, M>;

    fn deref(&self) -> &Arena<S, M> {
        &self.arena
    }
}

impl<S: MemorySource, M: Mode> DerefMut for BoxedArena<S, M> {
    fn deref_mut(&mut self) -> &mut Arena<S, M> {
        &mut self.arena
    }
}

// SAFETY: `deref` and `deref_mut` return the arena in the heap allocation owned by `arena`,
// which is the same allocation for the value's whole life (the field is private and never
// reassigned) and does not move when the `BoxedArena` does (an `AliasableBox` is a pointer that
// makes no uniqueness claim when moved). No `&self` method touches the allocation; a `&mut`
// from `deref_mut` can reset or overwrite the arena in place, never move its allocation.
unsafe impl<S: MemorySource, M: Mode> StableDeref for BoxedArena<S, M> {}

impl<S: MemorySource, M: Mode> fmt::Debug for BoxedArena<S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BoxedArena").field(&**self).finish()
    }
}

mod sealed {
    pub trait Sealed {}
}

/// An arena an [`ArenaOwned`] can own: an [`Arena`] or [`SyncArena`](crate::SyncArena) (moved
/// to the heap), a `Box` of one, a [`BoxedArena`], or an
/// [`OwnedPooledArena`](crate::OwnedPooledArena). Sealed: every handle it makes keeps the
/// arena at a stable address (see the module docs).
///
/// # Examples
///
/// ```
/// use arenakit::owned::{BoxedArena, IntoArenaHandle};
///
/// let handle: BoxedArena = Box::new(arenakit::Arena::new()).into_handle();
/// assert_eq!(handle.stats().used, 0);
/// ```
pub trait IntoArenaHandle: sealed::Sealed {
    /// The handle an [`ArenaOwned`] keeps: a [`BoxedArena`], or an
    /// [`OwnedPooledArena`](crate::OwnedPooledArena) as it is.
    type Handle: StableDeref;

    /// Converts into the handle, without moving an arena that is already on the heap.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::IntoArenaHandle;
    ///
    /// let handle = arenakit::Arena::new().into_handle();
    /// assert_eq!(*handle.alloc(1u8), 1);
    /// ```
    fn into_handle(self) -> Self::Handle;
}

impl<S: MemorySource, M: Mode> sealed::Sealed for Arena<S, M> {}
impl<S: MemorySource, M: Mode> IntoArenaHandle for Arena<S, M> {
    type Handle = BoxedArena<S, M>;

    fn into_handle(self) -> BoxedArena<S, M> {
        BoxedArena::new(self)
    }
}

impl<S: MemorySource, M: Mode> sealed::Sealed for Box<Arena<S, M>> {}
impl<S: MemorySource, M: Mode> IntoArenaHandle for Box<Arena<S, M>> {
    type Handle = BoxedArena<S, M>;

    fn into_handle(self) -> BoxedArena<S, M> {
        BoxedArena::from(self)
    }
}

impl<S: MemorySource, M: Mode> sealed::Sealed for BoxedArena<S, M> {}
impl<S: MemorySource, M: Mode> IntoArenaHandle for BoxedArena<S, M> {
    type Handle = Self;

    fn into_handle(self) -> Self {
        self
    }
}

#[cfg(feature = "std")]
impl<S: MemorySource + Clone> sealed::Sealed for crate::OwnedPooledArena<S> {}
#[cfg(feature = "std")]
impl<S: MemorySource + Clone> IntoArenaHandle for crate::OwnedPooledArena<S> {
    type Handle = Self;

    fn into_handle(self) -> Self {
        self
    }
}

/// An arena and a root value built in it, which borrows it, owned together: no lifetime
/// parameter, `'static`, `Send` when the root is.
///
/// `R` is the root type with its lifetime written `'static` (see the [module docs](self)); `C`
/// is the arena handle: [`BoxedArena`] (the default, for an [`Arena`] handed to
/// [`new_in`](ArenaOwned::new_in)) or [`OwnedPooledArena`](crate::OwnedPooledArena).
///
/// # Examples
///
/// ```
/// use arenakit::Arena;
/// use arenakit::owned::ArenaOwned;
///
/// fn greeting(name: &str) -> ArenaOwned<&'static str> {
///     // `&*`: the root is a `&str`, `alloc_str` gives a `&mut str`.
///     ArenaOwned::new_in(Arena::new(), |arena| &*arena.alloc_str(&format!("hello, {name}")))
/// }
///
/// let owned = greeting("ada");
/// let moved = std::thread::spawn(move || owned).join().unwrap();
/// assert_eq!(*moved.get(), "hello, ada");
/// ```
///
/// # What does not compile
///
/// Data from the root cannot outlive its owner:
///
/// ```compile_fail,E0597
/// use arenakit::owned::ArenaOwned;
///
/// let name: &str;
/// {
///     let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |a| a.alloc_str("x"));
///     name = owned.get(); // error: `owned` does not live long enough
/// }
/// println!("{name}");
/// ```
///
/// nor be returned without it (the seed's `BadFunction`):
///
/// ```compile_fail,E0515
/// use arenakit::owned::ArenaOwned;
///
/// fn bad(owned: ArenaOwned<&'static str>) -> &'static str {
///     owned.get() // error: cannot return value referencing function parameter `owned`
/// }
/// ```
///
/// nor be kept once the arena is taken back:
///
/// ```compile_fail,E0505
/// use arenakit::owned::ArenaOwned;
///
/// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |a| a.alloc_str("x"));
/// let name = owned.get();
/// let mut arena = owned.into_arena(); // error: cannot move out of `owned` because it is borrowed
/// arena.reset();
/// println!("{name}");
/// ```
///
/// The arena cannot be reset (or mutated otherwise) while the owner holds it:
///
/// ```compile_fail,E0596
/// use arenakit::owned::ArenaOwned;
///
/// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |a| a.alloc_str("x"));
/// owned.arena().reset(); // error: cannot borrow data in a `&` reference as mutable
/// ```
///
/// The build closure can return nothing borrowed from elsewhere:
///
/// ```compile_fail,E0597
/// use arenakit::owned::ArenaOwned;
///
/// let local = String::from("not in the arena");
/// // error: `local` does not live long enough (the root must borrow only from the arena)
/// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |_| &local);
/// ```
///
/// nor let anything it allocates escape but through the root:
///
/// ```compile_fail,E0521
/// use arenakit::owned::ArenaOwned;
///
/// let mut leaked: Option<&str> = None;
/// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |a| {
///     let s: &str = a.alloc_str("x");
///     leaked = Some(s); // error: borrowed data escapes outside of closure
///     s
/// });
/// drop(owned);
/// println!("{leaked:?}");
/// ```
///
/// The owner is `Send` only when its root is; a root pointing at a `Cell` stays on its thread:
///
/// ```compile_fail,E0277
/// use arenakit::owned::ArenaOwned;
/// use std::cell::Cell;
///
/// let owned = ArenaOwned::<&'static Cell<u32>>::new_in(arenakit::Arena::new(), |a| {
///     &*a.alloc(Cell::new(1))
/// });
/// std::thread::spawn(move || owned.get().get()); // error: `Cell<u32>` cannot be shared
/// ```
///
/// An owner over an [`Arena`] is not `Sync` (the arena is not):
///
/// ```compile_fail,E0277
/// let owned = arenakit::owned::ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |a| {
///     a.alloc_str("x")
/// });
/// std::thread::scope(|s| {
///     s.spawn(|| owned.get().len()); // error: `Arena<Heap, Local>` cannot be shared
/// });
/// ```
pub struct ArenaOwned<R: for<'a> Yokeable<'a>, C = BoxedArena> {
    /// The root and the arena; the root is dropped first (yoke's field order).
    yoke: Yoke<R, C>,
}

impl<R, C> ArenaOwned<R, C>
where
    R: for<'a> Yokeable<'a>,
    C: StableDeref,
    C::Target: 'static,
{
    /// Takes `arena` (an [`Arena`], a `Box` of one, a [`BoxedArena`] or an
    /// [`OwnedPooledArena`](crate::OwnedPooledArena); see [`IntoArenaHandle`]) and builds the
    /// root in it with `build`.
    ///
    /// `build` may allocate as much as it likes; its result may borrow only from the arena it
    /// is given. If it panics, the arena is dropped (a pooled arena goes back to its pool).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let squares = ArenaOwned::<&'static [u64]>::new_in(arenakit::Arena::new(), |arena| {
    ///     arena.alloc_slice_fill_with(4, |i| (i * i) as u64)
    /// });
    /// assert_eq!(*squares.get(), [0, 1, 4, 9]);
    /// ```
    pub fn new_in<A, F>(arena: A, build: F) -> Self
    where
        A: IntoArenaHandle<Handle = C>,
        F: for<'a> FnOnce(&'a C::Target) -> <R as Yokeable<'a>>::Output,
    {
        ArenaOwned {
            yoke: Yoke::attach_to_cart(arena.into_handle(), build),
        }
    }

    /// Like [`new_in`](ArenaOwned::new_in), for a `build` that can fail: its error is
    /// returned and the arena dropped (a pooled arena goes back to its pool). The error cannot
    /// borrow from the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let parse = |text: &str| {
    ///     ArenaOwned::<&'static [u32]>::try_new_in(arenakit::Arena::new(), |arena| {
    ///         let numbers: Result<Vec<u32>, _> = text.split(',').map(str::parse).collect();
    ///         numbers.map(|n| &*arena.alloc_slice_copy(&n))
    ///     })
    /// };
    /// assert_eq!(*parse("1,2,3").unwrap().get(), [1, 2, 3]);
    /// assert!(parse("1,x").is_err());
    /// ```
    pub fn try_new_in<A, E, F>(arena: A, build: F) -> Result<Self, E>
    where
        A: IntoArenaHandle<Handle = C>,
        F: for<'a> FnOnce(&'a C::Target) -> Result<<R as Yokeable<'a>>::Output, E>,
    {
        let yoke = Yoke::try_attach_to_cart(arena.into_handle(), build)?;
        Ok(ArenaOwned { yoke })
    }

    /// Turns the root into another one, which may borrow from the old root and from the arena,
    /// and may allocate more in it (allocation never invalidates what the old root borrows).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let words = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |arena| {
    ///     arena.alloc_str("to be or not to be")
    /// });
    /// let both = words.map_with_arena::<(&'static str, &'static str), _>(|text, arena| {
    ///     (text, &*arena.alloc_str(&text.to_uppercase()))
    /// });
    /// assert_eq!(*both.get(), ("to be or not to be", "TO BE OR NOT TO BE"));
    /// ```
    pub fn map_with_arena<P, F>(self, f: F) -> ArenaOwned<P, C>
    where
        P: for<'a> Yokeable<'a>,
        F: for<'a> FnOnce(
            <R as Yokeable<'a>>::Output,
            &'a C::Target,
        ) -> <P as Yokeable<'a>>::Output,
    {
        ArenaOwned {
            yoke: self.yoke.map_with_cart(f),
        }
    }

    /// Like [`map_with_arena`](ArenaOwned::map_with_arena), for an `f` that can fail: its error
    /// is returned and the owner dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let line = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |arena| {
    ///     arena.alloc_str("key=value")
    /// });
    /// let pair = line.try_map_with_arena::<(&'static str, &'static str), _, _>(|line, _| {
    ///     line.split_once('=').ok_or("no `=`")
    /// });
    /// assert_eq!(*pair.unwrap().get(), ("key", "value"));
    /// ```
    pub fn try_map_with_arena<P, E, F>(self, f: F) -> Result<ArenaOwned<P, C>, E>
    where
        P: for<'a> Yokeable<'a>,
        F: for<'a> FnOnce(
            <R as Yokeable<'a>>::Output,
            &'a C::Target,
        ) -> Result<<P as Yokeable<'a>>::Output, E>,
    {
        let yoke = self.yoke.try_map_with_cart(f)?;
        Ok(ArenaOwned { yoke })
    }

    /// The arena, shared: allocating from it is fine (what is allocated borrows `self` and
    /// cannot go into the root), resetting it is not.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |arena| {
    ///     arena.alloc_str("kept")
    /// });
    /// assert!(owned.arena().contains(owned.get().as_ptr()));
    /// assert_eq!(owned.arena().stats().used, 8);
    /// ```
    pub fn arena(&self) -> &C::Target {
        self.yoke.backing_cart()
    }
}

impl<R: for<'a> Yokeable<'a>, C> ArenaOwned<R, C> {
    /// The root, borrowing the owner: the lifetime `'static` of `R` becomes the borrow's.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let owned = ArenaOwned::<Option<&'static str>>::new_in(arenakit::Arena::new(), |arena| {
    ///     Some(&*arena.alloc_str("root"))
    /// });
    /// let root: &Option<&str> = owned.get();
    /// assert_eq!(*root, Some("root"));
    /// ```
    pub fn get(&self) -> &<R as Yokeable<'_>>::Output {
        self.yoke.get()
    }

    /// Drops the root and returns the arena, with everything allocated in it still there
    /// (reset it to reuse it; a pooled arena goes back to its pool when dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::owned::ArenaOwned;
    ///
    /// let owned = ArenaOwned::<&'static str>::new_in(arenakit::Arena::new(), |arena| {
    ///     arena.alloc_str("done")
    /// });
    /// let mut arena = owned.into_arena();
    /// assert_eq!(arena.stats().used, 8);
    /// arena.reset();
    /// let again = ArenaOwned::<&'static str>::new_in(arena, |arena| arena.alloc_str("again"));
    /// assert_eq!(*again.get(), "again");
    /// ```
    pub fn into_arena(self) -> C {
        self.yoke.into_backing_cart()
    }
}

impl<R, C> fmt::Debug for ArenaOwned<R, C>
where
    R: for<'a> Yokeable<'a>,
    for<'a> <R as Yokeable<'a>>::Output: fmt::Debug,
    C: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArenaOwned")
            .field("root", self.get())
            .field("arena", self.yoke.backing_cart())
            .finish()
    }
}
