//! [`AliasableBox`]: a heap value owned through a raw pointer, so that references into it stay
//! valid while its owner moves.
//!
//! An [`OwnedPooledArena`](crate::OwnedPooledArena) or an
//! [`ArenaOwned`](crate::owned::ArenaOwned) is moved with the arena's references alive: the
//! root built in the arena may hold `&'a Arena` (every arena collection does). A `Box<T>`
//! claims unique access to its pointee whenever it is moved or passed by value (rustc marks
//! `Box` arguments `noalias`, and Stacked Borrows retags a moved box as unique), which would
//! invalidate those references; this is yoke's open issue #2095 ("Yoke vs noalias"), the reason
//! its own tests use `Rc` carts rather than `Box`. A raw pointer claims nothing: moving an
//! `AliasableBox` copies the address and leaves every reference derived from it valid. It is
//! the smallest thing that fixes this (the `aliasable` crate has the same type, unmaintained
//! since 2021, and would be a dependency of the pool, which has none today).

use alloc::boxed::Box;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

/// A `Box<T>` that makes no uniqueness claim when moved.
pub(crate) struct AliasableBox<T> {
    /// Invariant: from `Box::leak` of a `Box<T>` that this value owns; given back exactly
    /// once, by `into_box` or `drop`. It stays the same for the value's life, so `deref`
    /// always returns the same address.
    ptr: NonNull<T>,
    /// Owns a `T`: drop check and auto traits as for `Box<T>` (see the impls below).
    owns: PhantomData<T>,
}

// SAFETY: an `AliasableBox<T>` owns its `T` as a `Box<T>` does; sending it sends the `T`.
unsafe impl<T: Send> Send for AliasableBox<T> {}

// SAFETY: `&AliasableBox<T>` gives only `&T`, so sharing it shares the `T`.
unsafe impl<T: Sync> Sync for AliasableBox<T> {}

impl<T> AliasableBox<T> {
    /// Takes ownership of `boxed`'s allocation, without moving the `T`.
    pub(crate) fn from_box(boxed: Box<T>) -> Self {
        AliasableBox {
            ptr: NonNull::from(Box::leak(boxed)),
            owns: PhantomData,
        }
    }

    /// Gives the allocation back as a `Box`, without moving the `T`.
    pub(crate) fn into_box(self) -> Box<T> {
        let this = core::mem::ManuallyDrop::new(self);
        // SAFETY: `ptr` came from `Box::leak` and is still owned (invariant); `this` is never
        // dropped, so the allocation is given back exactly once, here.
        unsafe { Box::from_raw(this.ptr.as_ptr()) }
    }
}

impl<T> Deref for AliasableBox<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: `ptr` is valid and owned until drop (invariant); the only `&mut T` handed
        // out borrows `self` mutably, so none is live while this `&T` is.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T> DerefMut for AliasableBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: `ptr` is valid and owned until drop (invariant). No reference obtained
        // through `deref` is in use: safe code holds one only while it borrows `self`, and the
        // carts of `crate::owned` (which keep theirs past such borrows) give no `&mut` access
        // to the box while they do.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T> Drop for AliasableBox<T> {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Box::leak` and is still owned (invariant); dropping ends
        // ownership, so the allocation is given back exactly once.
        drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
    }
}
