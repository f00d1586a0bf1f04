#![doc = include_str!("../../../README.md")]
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod arena;
pub mod error;
pub mod source;
pub mod stats;

#[cfg(feature = "allocator-api2")]
mod alloc_api;
mod drop_list;
mod raw;

pub use arena::{Arena, ArenaBuilder};
pub use error::{AllocError, AllocErrorKind};
pub use stats::Stats;
