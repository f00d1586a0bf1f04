#![doc = include_str!("../../../README.md")]
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// `ArenaBox: CoerceUnsized` on a nightly compiler, with `RUSTFLAGS="--cfg arenakit_nightly"`.
#![cfg_attr(
    arenakit_nightly,
    feature(coerce_unsized, unsize, pin_coerce_unsized_trait)
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod arena;
#[cfg(feature = "collections")]
pub mod collections;
pub mod copy_in;
#[cfg(feature = "json")]
pub mod de;
pub mod error;
#[cfg(feature = "json")]
pub mod json;
#[cfg(feature = "owned")]
pub mod owned;
#[cfg(feature = "collections")]
pub mod soundness;
pub mod source;
pub mod stats;
#[cfg(any(feature = "bytemuck", feature = "zerocopy"))]
pub mod zeroed;

#[cfg(any(feature = "std", feature = "owned"))]
mod aliasable;
#[cfg(feature = "allocator-api2")]
mod alloc_api;
mod boxed;
mod drop_list;
#[cfg(feature = "std")]
mod pool;
mod raw;
#[cfg(feature = "std")]
mod sync;
#[cfg(feature = "std")]
pub use sync::SyncArena;

pub use arena::{ArenaBuilder, Checkpoint, Scope, ScopeGuard, StaleCheckpoint};

/// A region of memory that hands out allocations by bumping a pointer and frees them all at
/// once.
///
/// `Arena` is `Send` but not `Sync`: allocation takes `&self`, so any number of allocations
/// coexist, and [`reset`](arena::Arena::reset) takes `&mut self`, so none survives it. For sharing
/// across threads see [`SyncArena`], and for per-request arenas
/// [`ArenaPool`].
///
/// # Examples
///
/// ```
/// use arenakit::Arena;
/// use std::cell::Cell;
///
/// // The classic arena use: a graph whose nodes borrow each other and the arena.
/// struct Node<'a> {
///     name: &'a str,
///     next: Cell<Option<&'a Node<'a>>>,
/// }
///
/// let mut arena = Arena::new();
/// for round in 0..3 {
///     let a = arena.alloc(Node { name: arena.alloc_str("a"), next: Cell::new(None) });
///     let b = arena.alloc(Node { name: arena.alloc_str("b"), next: Cell::new(Some(a)) });
///     a.next.set(Some(b)); // a cycle, freed with everything else at reset
///     assert_eq!(b.next.get().unwrap().name, "a");
///     arena.reset(); // O(1) per chunk; the chunks are reused next round
/// }
/// ```
///
/// # The seeds' safety contract, enforced by the compiler
///
/// A reference cannot be used after [`reset`](arena::Arena::reset):
///
/// ```compile_fail,E0502
/// let mut arena = arenakit::Arena::new();
/// let n = arena.alloc(1u32);
/// arena.reset();
/// *n += 1; // error: `arena` is still borrowed by `n`
/// ```
///
/// A reference cannot outlive its arena:
///
/// ```compile_fail,E0597
/// let n: &u32;
/// {
///     let arena = arenakit::Arena::new();
///     n = arena.alloc(1u32); // error: `arena` does not live long enough
/// }
/// println!("{n}");
/// ```
///
/// An `Arena` cannot be shared between threads (it is not `Sync`):
///
/// ```compile_fail,E0277
/// let arena = arenakit::Arena::new();
/// std::thread::scope(|s| {
///     s.spawn(|| arena.alloc(1u8)); // error: `Arena` cannot be shared between threads safely
/// });
/// ```
///
/// It can be moved to another thread, with everything it holds:
///
/// ```
/// let arena = arenakit::Arena::new();
/// arena.alloc_owned(String::from("travels"));
/// std::thread::spawn(move || drop(arena)).join().unwrap();
/// ```
pub type Arena<S = source::Heap> = arena::Arena<S, arena::Local>;
pub use boxed::ArenaBox;
#[cfg(feature = "collections")]
pub use boxed::{BoxDrain, BoxExtractIf, StrBoxDrain};
pub use copy_in::CopyIn;
// The derive macro shares the trait's name (macros live in their own namespace), so
// `use arenakit::CopyIn;` brings both.
#[cfg(feature = "derive")]
pub use arenakit_derive::CopyIn;
pub use error::{AllocError, AllocErrorKind, AllocOrInitError};
#[cfg(feature = "std")]
pub use pool::{ArenaPool, OwnedPooledArena, PoolBuilder, PooledArena};
pub use raw::POISON_BYTE;
pub use stats::{PoolMetrics, Stats};

/// The extension traits that add the seeds' extra methods to arena collections, and
/// `collect_in`: `use arenakit::prelude::*;`.
///
/// The macros [`vec!`](crate::vec) and [`format!`](crate::format) are not in it (they would
/// shadow std's): call them as `arenakit::vec!` or import them by name.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let mut v = arena.vec();
/// v.push(1);
/// assert!(!v.add_if_absent(1));
/// let doubled: arenakit::collections::Vec<i32> = v.iter().map(|x| x * 2).collect_in(&arena);
/// assert_eq!(doubled, [2]);
/// ```
pub mod prelude {
    #[cfg(feature = "collections")]
    pub use crate::collections::{
        ArenaVecConvert, ArenaVecExt, CollectIn, FromIteratorIn, HashMapExt, IntoBumpSlice, VecExt,
    };
}

/// What the exported macros expand to; not public API.
#[doc(hidden)]
pub mod __private {
    pub use alloc::{format, vec};
}
