//! Anonymous memory mappings as a memory source.

use super::MemorySource;
use crate::raw::bump::align_up;
use core::alloc::Layout;
use core::ffi::c_void;
use core::ptr::{self, NonNull};
use rustix::mm::{self, Advice, MapFlags, ProtFlags};

/// Size of a transparent huge page on x86-64 and aarch64 Linux.
const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// Chunks mapped straight from the operating system with `mmap`, bypassing `malloc`.
///
/// Each chunk is its own anonymous private mapping, unmapped when the arena gives it back.
/// Options:
///
/// - [`huge_pages`](Mmap::huge_pages): aligns chunks to 2 MiB and advises the kernel to back
///   them with transparent huge pages (`MADV_HUGEPAGE`): one page fault per 2 MiB instead of
///   per 4 KiB, and fewer TLB misses. The default chunk size becomes 2 MiB.
/// - [`populate`](Mmap::populate): pre-faults every page when the chunk is mapped
///   (`MADV_POPULATE_WRITE`, falling back to touching each page), so the first write to arena
///   memory never stalls on a page fault.
///
/// # Examples
///
/// ```
/// use arenakit::{source::Mmap, Arena};
///
/// let arena = Arena::builder().source(Mmap::new().huge_pages(true)).build();
/// let big = arena.alloc_slice_fill_with(100_000, |i| i as u32);
/// assert_eq!(big[99_999], 99_999);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mmap {
    huge_pages: bool,
    populate: bool,
}

impl Mmap {
    /// Plain anonymous mappings, faulted in on first touch.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().source(arenakit::source::Mmap::new()).build();
    /// assert_eq!(*arena.alloc(1u64), 1);
    /// ```
    pub const fn new() -> Self {
        Mmap {
            huge_pages: false,
            populate: false,
        }
    }

    /// Whether to align chunks to 2 MiB and advise transparent huge pages.
    ///
    /// # Examples
    ///
    /// ```
    /// let source = arenakit::source::Mmap::new().huge_pages(true);
    /// let arena = arenakit::Arena::builder().source(source).build();
    /// assert_eq!(arena.chunk_size(), 2 * 1024 * 1024);
    /// ```
    pub const fn huge_pages(mut self, on: bool) -> Self {
        self.huge_pages = on;
        self
    }

    /// Whether to pre-fault every page of a chunk when it is mapped.
    ///
    /// # Examples
    ///
    /// ```
    /// let source = arenakit::source::Mmap::new().populate(true);
    /// let arena = arenakit::Arena::builder().source(source).build();
    /// assert_eq!(arena.alloc_str("warm"), "warm");
    /// ```
    pub const fn populate(mut self, on: bool) -> Self {
        self.populate = on;
        self
    }

    fn page_size() -> usize {
        rustix::param::page_size()
    }

    /// Length of the mapping that backs a block of `size` bytes.
    fn mapped_len(size: usize) -> Option<usize> {
        align_up(size, Self::page_size())
    }

    /// Touches one byte per page of `[ptr, ptr + len)` so every page is faulted in now.
    fn touch_pages(ptr: NonNull<u8>, len: usize) {
        let page = Self::page_size();
        for offset in (0..len).step_by(page) {
            // SAFETY: `offset < len`, inside the mapping.
            let page_ptr = unsafe { ptr.add(offset) };
            // SAFETY: the whole range is a fresh private mapping of ours, readable and
            // writable, that nothing else uses yet.
            unsafe { page_ptr.write_volatile(0) };
        }
    }
}

// SAFETY: (1) each block is a fresh read-write anonymous mapping of at least `layout.size()`
// bytes, trimmed so it starts at an `align` boundary; (2) the kernel never maps one range twice;
// (3) mappings live outside the `Mmap` value, so moving it moves no memory, and a block is only
// unmapped by `deallocate`.
unsafe impl MemorySource for Mmap {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        let page = Self::page_size();
        let len = Self::mapped_len(layout.size())?;
        let huge = self.huge_pages && len >= HUGE_PAGE;
        let align = if huge {
            layout.align().max(HUGE_PAGE)
        } else {
            layout.align().max(page)
        };
        // Map `align - page` spare bytes so an aligned start exists, then unmap the spare.
        let map_len = len.checked_add(align - page)?;
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing (null
        // hint) aliases no existing memory.
        let raw = unsafe {
            mm::mmap_anonymous(
                ptr::null_mut(),
                map_len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .ok()?;
        let raw = NonNull::new(raw.cast::<u8>())?;
        let start = align_up(raw.addr().get(), align)?;
        let head = start - raw.addr().get();
        let tail = map_len - head - len;
        // SAFETY: `head <= align - page < map_len`, so the offset stays inside the mapping.
        let block = unsafe { raw.add(head) };
        if head > 0 {
            // SAFETY: `[raw, raw + head)` is the unused front of our fresh mapping.
            unsafe { mm::munmap(raw.as_ptr().cast::<c_void>(), head) }.ok()?;
        }
        if tail > 0 {
            // SAFETY: `head + len + tail == map_len`, so `block + len` is inside the mapping.
            let back = unsafe { block.add(len) };
            // SAFETY: `[block + len, block + len + tail)` is the unused back of our mapping.
            unsafe { mm::munmap(back.as_ptr().cast::<c_void>(), tail) }.ok()?;
        }
        if huge {
            // Advice only: if the kernel has transparent huge pages disabled the chunk still
            // works with small pages, so an error here is ignored.
            // SAFETY: `[block, block + len)` is our mapping; advice does not change its contents.
            let _ = unsafe { mm::madvise(block.as_ptr().cast(), len, Advice::LinuxHugepage) };
        }
        if self.populate {
            // SAFETY: as above; MADV_POPULATE_WRITE faults in the pages, preserving contents.
            let advised =
                unsafe { mm::madvise(block.as_ptr().cast(), len, Advice::LinuxPopulateWrite) };
            if advised.is_err() {
                // Kernels before 5.14 lack MADV_POPULATE_WRITE.
                Self::touch_pages(block, len);
            }
        }
        Some(block)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        let Some(len) = Self::mapped_len(layout.size()) else {
            return;
        };
        // SAFETY: the caller gives back a block of ours, mapped with this length by `allocate`
        // and unused from now on. A failure (impossible for a valid range) would only leak.
        let _ = unsafe { mm::munmap(ptr.as_ptr().cast::<c_void>(), len) };
    }

    fn chunk_size_hint(&self) -> Option<usize> {
        self.huge_pages.then_some(HUGE_PAGE)
    }
}
