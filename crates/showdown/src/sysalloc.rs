//! The general-purpose allocators as peers in one binary: glibc malloc, mimalloc and jemalloc.
//!
//! The binary's global allocator is the system one (wrapped by [`crate::census`]), so `Box`,
//! `Vec` and `String` from `std` measure glibc. mimalloc and jemalloc are reached through
//! their [`GlobalAlloc`] impls, adapted here to [`allocator_api2::alloc::Allocator`] so the
//! same `allocator_api2::{boxed::Box, vec::Vec}` and `hashbrown::HashMap` code runs on any of
//! the three: [`Glibc`](type@Glibc), [`Mi`](type@Mi) and [`Je`](type@Je).
//!
//! ```
//! use showdown::sysalloc::{Mi, Je, Glibc};
//! let b = allocator_api2::boxed::Box::new_in([1u64; 8], Mi);
//! let mut v = allocator_api2::vec::Vec::new_in(Je);
//! v.push(*b);
//! let s = allocator_api2::vec::Vec::<u8, _>::with_capacity_in(32, Glibc);
//! assert_eq!((v.len(), s.capacity() >= 32), (1, true));
//! ```

use allocator_api2::alloc::{AllocError, Allocator};
use std::alloc::{GlobalAlloc, Layout};
use std::ptr::NonNull;

/// The global allocators that can back a [`Global`] adapter.
pub trait Backend: Copy + 'static {
    /// The allocator.
    const ALLOC: &'static Self::Alloc;
    /// Its type.
    type Alloc: GlobalAlloc + 'static;
}

/// An [`Allocator`] that forwards to the [`GlobalAlloc`] of `B`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Global<B: Backend>(pub B);

/// Dangling, well-aligned pointer for a zero-size block.
fn dangling(layout: Layout) -> NonNull<[u8]> {
    // `align` is a non-zero power of two, so it is a valid non-null address for the layout.
    let ptr = NonNull::new(layout.align() as *mut u8).expect("alignment is never zero");
    NonNull::slice_from_raw_parts(ptr, 0)
}

// SAFETY: every block comes from `B::ALLOC`'s `alloc`/`alloc_zeroed`/`realloc` with the
// layout the caller passes back, and a `GlobalAlloc` keeps it valid until it is deallocated
// with that layout; zero-size blocks are dangling and never passed to it. The adapter is
// `Copy` and stateless (one static allocator per backend), so every copy frees what any other
// copy allocated.
unsafe impl<B: Backend> Allocator for Global<B> {
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        // SAFETY: the layout has a non-zero size, as `GlobalAlloc::alloc` requires.
        let ptr = unsafe { B::ALLOC.alloc(layout) };
        NonNull::new(ptr)
            .map(|p| NonNull::slice_from_raw_parts(p, layout.size()))
            .ok_or(AllocError)
    }

    #[inline]
    fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { B::ALLOC.alloc_zeroed(layout) };
        NonNull::new(ptr)
            .map(|p| NonNull::slice_from_raw_parts(p, layout.size()))
            .ok_or(AllocError)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: the caller passes a block this allocator returned with this layout; a
            // block of non-zero size came from `B::ALLOC`.
            unsafe { B::ALLOC.dealloc(ptr.as_ptr(), layout) }
        }
    }

    #[inline]
    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: forwarded contract: `ptr` is a live block of layout `old`, `new` is at
        // least as large.
        unsafe { self.resize(ptr, old, new) }
    }

    #[inline]
    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: forwarded contract: `ptr` is a live block of layout `old`, `new` is at
        // most as large.
        unsafe { self.resize(ptr, old, new) }
    }
}

impl<B: Backend> Global<B> {
    /// `realloc` when the alignment stays and both sizes are non-zero, else allocate, copy and
    /// free.
    ///
    /// # Safety
    ///
    /// `ptr` is a live block of this allocator with layout `old`.
    unsafe fn resize(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        if old.align() == new.align() && old.size() != 0 && new.size() != 0 {
            // SAFETY: `ptr` came from `B::ALLOC` with layout `old` (caller); the new size is
            // non-zero and, being a valid `Layout` size with the same alignment, in range.
            let p = unsafe { B::ALLOC.realloc(ptr.as_ptr(), old, new.size()) };
            return NonNull::new(p)
                .map(|p| NonNull::slice_from_raw_parts(p, new.size()))
                .ok_or(AllocError);
        }
        let fresh = self.allocate(new)?;
        let keep = old.size().min(new.size());
        // SAFETY: both blocks are live, distinct, and at least `keep` bytes long.
        unsafe { std::ptr::copy_nonoverlapping(ptr.as_ptr(), fresh.cast::<u8>().as_ptr(), keep) };
        // SAFETY: `ptr` is a live block of layout `old` (caller), not used after this.
        unsafe { self.deallocate(ptr, old) };
        Ok(fresh)
    }
}

macro_rules! backend {
    ($(#[$doc:meta])* $marker:ident, $alias:ident, $ty:ty, $value:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $marker;

        impl Backend for $marker {
            type Alloc = $ty;
            const ALLOC: &'static $ty = &$value;
        }

        $(#[$doc])*
        pub type $alias = Global<$marker>;
    };
}

backend!(
    /// glibc malloc (the system allocator).
    SystemBackend, Glibc, std::alloc::System, std::alloc::System
);
backend!(
    /// mimalloc.
    MiBackend, Mi, mimalloc::MiMalloc, mimalloc::MiMalloc
);
backend!(
    /// jemalloc (tikv-jemallocator).
    JeBackend, Je, tikv_jemallocator::Jemalloc, tikv_jemallocator::Jemalloc
);

/// The system allocator as an [`Allocator`] value.
#[allow(non_upper_case_globals)]
pub const Glibc: Glibc = Global(SystemBackend);
/// mimalloc as an [`Allocator`] value.
#[allow(non_upper_case_globals)]
pub const Mi: Mi = Global(MiBackend);
/// jemalloc as an [`Allocator`] value.
#[allow(non_upper_case_globals)]
pub const Je: Je = Global(JeBackend);

/// Name of the mimalloc peer.
pub const MIMALLOC: &str = "mimalloc";
/// Name of the jemalloc peer.
pub const JEMALLOC: &str = "jemalloc";

#[cfg(test)]
mod tests {
    use super::*;
    use allocator_api2::vec::Vec;

    fn exercise<A: Allocator + Copy>(a: A) {
        let mut v: Vec<u64, A> = Vec::new_in(a);
        for i in 0..10_000 {
            v.push(i);
        }
        v.shrink_to(100);
        assert_eq!(v.iter().sum::<u64>(), (0..10_000u64).sum::<u64>());
        let zst: Vec<(), A> = Vec::with_capacity_in(5, a);
        assert!(zst.capacity() >= 5);
        let big = Layout::from_size_align(64, 256).unwrap();
        let p = a.allocate(big).unwrap();
        assert_eq!(p.cast::<u8>().as_ptr() as usize % 256, 0);
        // SAFETY: `p` came from `a` with `big`; the new layout is larger, same alignment.
        let q = unsafe { a.grow(p.cast(), big, Layout::from_size_align(4096, 256).unwrap()) };
        let q = q.unwrap();
        // SAFETY: `q` is live with that layout.
        unsafe { a.deallocate(q.cast(), Layout::from_size_align(4096, 256).unwrap()) };
    }

    #[test]
    fn all_three_work() {
        exercise(Glibc);
        exercise(Mi);
        exercise(Je);
    }
}
