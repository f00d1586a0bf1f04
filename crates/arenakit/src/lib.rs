#![doc = include_str!("../../../README.md")]
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

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
#[cfg(feature = "owned")]
pub mod owned;
#[cfg(feature = "collections")]
pub mod soundness;
pub mod source;
pub mod stats;

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

pub use arena::{Arena, ArenaBuilder, Scope};
pub use boxed::ArenaBox;
pub use copy_in::CopyIn;
// The derive macro shares the trait's name (macros live in their own namespace), so
// `use arenakit::CopyIn;` brings both.
#[cfg(feature = "derive")]
pub use arenakit_derive::CopyIn;
pub use error::{AllocError, AllocErrorKind};
#[cfg(feature = "std")]
pub use pool::{ArenaPool, OwnedPooledArena, PoolBuilder, PooledArena};
pub use raw::POISON_BYTE;
pub use stats::{PoolMetrics, Stats};

/// The extension traits that add the seeds' extra methods to arena collections:
/// `use arenakit::prelude::*;`.
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
/// ```
pub mod prelude {
    #[cfg(feature = "collections")]
    pub use crate::collections::{HashMapExt, IntoBumpSlice, VecExt};
}
