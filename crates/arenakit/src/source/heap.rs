//! The global allocator as a memory source.

use super::MemorySource;
use core::alloc::Layout;
use core::ptr::NonNull;

/// Chunks from the global allocator (`#[global_allocator]`, usually the system `malloc`).
///
/// The default source of [`Arena`](crate::Arena): `Arena::new()` is
/// `Arena::builder().source(Heap).build()`.
///
/// # Examples
///
/// ```
/// use arenakit::{source::Heap, Arena};
///
/// let arena = Arena::builder().source(Heap).chunk_size(16 * 1024).build();
/// assert_eq!(*arena.alloc(7u8), 7);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heap;

// SAFETY: the global allocator returns blocks valid for `layout` (or null, mapped to `None`)
// that nothing else uses until they are deallocated; they live outside `Heap`, which is a
// zero-sized value, so moving it moves no memory.
unsafe impl MemorySource for Heap {
    #[inline]
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 {
            return None;
        }
        // SAFETY: the layout has a non-zero size, checked above.
        NonNull::new(unsafe { alloc::alloc::alloc(layout) })
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` came from `allocate(layout)`, i.e. from the
        // global allocator with this layout, and is not used afterwards.
        unsafe { alloc::alloc::dealloc(ptr.as_ptr(), layout) }
    }
}
