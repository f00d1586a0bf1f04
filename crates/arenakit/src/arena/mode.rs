//! Threading modes: [`Local`] makes an [`Arena`](super::Arena) for one thread at a time,
//! [`Shared`] a [`SyncArena`](crate::SyncArena) that any number of threads allocate from at
//! once. One generic implementation of the allocation API serves both; the mode only picks the
//! raw arena (a `Cell` cursor, or one atomic cursor per thread) and the destructor registry (a
//! `Cell` head, or a lock-free atomic head).

use crate::drop_list::{DropHeader, ListHead};
use crate::raw::{RawArena, RawOps};
use core::cell::Cell;
use core::ptr::NonNull;

mod sealed {
    pub trait Sealed {}
}

/// The threading mode of an arena: [`Local`] or [`Shared`]. Sealed: implemented only here.
pub trait Mode: sealed::Sealed + Sized + 'static {
    /// The raw arena of this mode.
    #[doc(hidden)]
    type Raw<S: crate::source::MemorySource>: RawOps<S>;
    /// The head of the destructor registry of this mode.
    #[doc(hidden)]
    type DropHead: ListHead;
}

/// The single-thread mode of [`Arena`](super::Arena) (the default): `Send`, not `Sync`.
///
/// # Examples
///
/// ```
/// let arena: arenakit::arena::Arena<arenakit::source::Heap, arenakit::arena::Local> =
///     arenakit::Arena::new();
/// arena.alloc(1u8);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Local {}

impl sealed::Sealed for Local {}

impl Mode for Local {
    type Raw<S: crate::source::MemorySource> = RawArena<S>;
    type DropHead = Cell<Option<NonNull<DropHeader>>>;
}

/// The thread-safe mode of [`SyncArena`](crate::SyncArena): `Send` and `Sync`, allocation from
/// any number of threads at once without a lock.
///
/// # Examples
///
/// ```
/// let arena = arenakit::SyncArena::new();
/// std::thread::scope(|s| {
///     s.spawn(|| arena.alloc(1u8));
///     s.spawn(|| arena.alloc(2u8));
/// });
/// ```
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {}

#[cfg(feature = "std")]
impl sealed::Sealed for Shared {}

#[cfg(feature = "std")]
impl Mode for Shared {
    type Raw<S: crate::source::MemorySource> = crate::raw::SharedRaw<S>;
    type DropHead = core::sync::atomic::AtomicPtr<DropHeader>;
}
