//! [`RawOps`]: the operations the safe API needs from a raw arena, and their forwarding to
//! the inherent methods of [`RawArena`] and [`SharedRaw`](super::SharedRaw).

#[cfg(feature = "std")]
use super::SharedRaw;
use super::growth::Policy;
use super::{RawArena, poison};
use crate::error::AllocError;
use crate::source::MemorySource;
use crate::stats::Stats;
use core::alloc::Layout;
use core::ptr::NonNull;

/// The operations the safe API needs from a raw arena: one implementation of the allocation
/// API ([`crate::Arena`]) serves every raw arena that provides them. `pub` only so the public
/// `Mode` trait can name it; the module is private, so it stays internal.
pub trait RawOps<S: MemorySource>: Sized {
    fn new(source: S, policy: Policy) -> Self;
    fn source(&self) -> &S;
    fn policy(&self) -> Policy;
    fn set_limit(&self, limit: Option<usize>);
    /// Bytes plain allocations can take before the next chunk (see `RawArena::chunk_capacity`).
    fn chunk_capacity(&self) -> usize;
    /// A block never freed individually (see [`RawArena::alloc`]).
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;
    /// A block that will be given back with `free` (see [`RawArena::alloc_freeable`]).
    fn alloc_freeable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;
    /// A freeable block that will likely grow again (see [`RawArena::alloc_growable`]).
    fn alloc_growable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;
    /// Gives back a block from `alloc_freeable`.
    ///
    /// # Safety
    ///
    /// As for [`RawArena::free`].
    unsafe fn free(&self, ptr: NonNull<u8>, size: usize);
    /// Gives back a block from `alloc` if it is still the newest one.
    ///
    /// # Safety
    ///
    /// As for [`RawArena::rollback`].
    unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize);
    /// Resizes the newest block in place if possible.
    ///
    /// # Safety
    ///
    /// As for [`RawArena::resize_in_place`].
    unsafe fn resize_in_place(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        new_align: usize,
    ) -> bool;
    fn reserve(&self, bytes: usize) -> Result<(), AllocError>;
    /// The error a failed request for `layout` got, for callers that lost it.
    fn refusal(&self, layout: Layout) -> AllocError;
    fn reset(&mut self, zero: bool);
    /// The inlined O(1) reset, where the raw arena has one; `false` (nothing done) otherwise.
    fn try_reset_steady(&mut self) -> bool;
    /// Sends the next reset off the steady path (a destructor was registered).
    fn unmark_steady(&self);
    fn stats(&self) -> Stats;
    /// `stats().used` and `stats().held`, at less cost where the raw arena can.
    fn used_and_held(&self) -> (usize, usize);
    fn contains(&self, addr: usize) -> bool;
}

/// Forwards the `RawOps` methods to the inherent methods of the same names.
macro_rules! forward_raw_ops {
    ($raw:ident, $alloc_freeable:ident, $alloc_growable:ident, $rollback:ident) => {
        impl<S: MemorySource> RawOps<S> for $raw<S> {
            fn new(source: S, policy: Policy) -> Self {
                $raw::new(source, policy)
            }
            fn source(&self) -> &S {
                $raw::source(self)
            }
            fn policy(&self) -> Policy {
                $raw::policy(self)
            }
            fn set_limit(&self, limit: Option<usize>) {
                $raw::set_limit(self, limit)
            }
            fn chunk_capacity(&self) -> usize {
                $raw::chunk_capacity(self)
            }
            #[inline(always)]
            fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
                poison::handed_out($raw::alloc(self, layout), layout.size())
            }
            #[inline(always)]
            fn alloc_freeable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
                poison::handed_out($raw::$alloc_freeable(self, layout), layout.size())
            }
            fn alloc_growable(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
                poison::handed_out($raw::$alloc_growable(self, layout), layout.size())
            }
            #[inline]
            unsafe fn free(&self, ptr: NonNull<u8>, size: usize) {
                // SAFETY: the caller's guarantees are those of the inherent method.
                unsafe { $raw::free(self, ptr, size) }
            }
            #[inline]
            unsafe fn rollback(&self, ptr: NonNull<u8>, size: usize) {
                // SAFETY: the caller's guarantees are those of the inherent method.
                unsafe { $raw::$rollback(self, ptr, size) }
            }
            #[inline]
            unsafe fn resize_in_place(
                &self,
                ptr: NonNull<u8>,
                old_size: usize,
                new_size: usize,
                new_align: usize,
            ) -> bool {
                let resized =
                    // SAFETY: the caller's guarantees are those of the inherent method.
                    unsafe { $raw::resize_in_place(self, ptr, old_size, new_size, new_align) };
                if resized {
                    poison::hand_out(ptr, new_size);
                    if new_size < old_size {
                        // SAFETY: the block kept its first `new_size < old_size` bytes, so the
                        // tail starts inside it.
                        let tail = unsafe { ptr.add(new_size) };
                        // SAFETY: the tail lies in the block's chunk and nothing uses it any
                        // more (the block was resized).
                        unsafe { poison::release(tail, old_size - new_size) };
                    }
                }
                resized
            }
            fn reserve(&self, bytes: usize) -> Result<(), AllocError> {
                $raw::reserve(self, bytes)
            }
            fn refusal(&self, layout: Layout) -> AllocError {
                $raw::refusal(self, layout)
            }
            #[inline]
            fn reset(&mut self, zero: bool) {
                $raw::reset(self, zero)
            }
            #[inline]
            fn try_reset_steady(&mut self) -> bool {
                $raw::try_reset_steady(self)
            }
            #[inline]
            fn unmark_steady(&self) {
                $raw::unmark_steady(self)
            }
            fn stats(&self) -> Stats {
                $raw::stats(self)
            }
            fn used_and_held(&self) -> (usize, usize) {
                $raw::used_and_held(self)
            }
            fn contains(&self, addr: usize) -> bool {
                $raw::contains(self, addr)
            }
        }
    };
}

forward_raw_ops!(RawArena, alloc_freeable, alloc_growable, rollback);
// The shared arena does not count blocks per chunk: a freeable block is a plain one, and
// freeing one rolls it back if it is the newest of the thread's shard.
#[cfg(feature = "std")]
forward_raw_ops!(SharedRaw, alloc, alloc, free);
