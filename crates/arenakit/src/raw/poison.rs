//! Poisoning of arena memory that no one may use (the Rust counterpart of the first seed's
//! `AuditPointers`).
//!
//! In safe Rust, using a block after its arena was reset, its box was freed or its scope
//! ended is a compile error. Only `unsafe` code can do it, and this module makes such bugs
//! loud:
//!
//! - **Pattern fill.** With `debug_assertions` or the `poison` feature, memory is overwritten
//!   with [`POISON_BYTE`] when it goes back to the arena: freed blocks, the tail given up by a
//!   block shrunk in place, the blocks of an ended scope, and everything used before a reset.
//!   A stale read then sees `0xa5a5...` instead of plausible old data.
//! - **AddressSanitizer.** Built with `-Zsanitizer=address` (the build script sets
//!   `cfg(arenakit_asan)`), every byte of chunk memory that is not handed out is poisoned with
//!   ASan's manual poisoning interface: a fresh chunk's data, the padding between blocks, and
//!   all of the above. A block is unpoisoned exactly when it is handed out, so ASan reports any
//!   read or write of memory the arena has not handed out (a `use-after-poison` report) at the
//!   faulting instruction. Chunk memory is unpoisoned before it goes back to its source.
//!
//! Both are free when off: every function here is empty unless its cfg is set.
//!
//! One consequence to know under ASan: an arena leaked with `mem::forget` never gives its
//! chunks back, so they stay poisoned. For a [`Fixed`](crate::source::Fixed) source that is
//! the caller's own buffer, whose later reads ASan then reports.
//!
//! The functions take raw addresses and lengths that the callers (the raw arena and the chunk
//! manager) derive from chunks they own; every range lies inside one chunk's data.

use core::ptr::NonNull;

/// The byte that fills released arena memory when poisoning is on (`debug_assertions` or the
/// `poison` feature).
pub const POISON_BYTE: u8 = 0xa5;

/// Whether released memory is filled with [`POISON_BYTE`].
const FILL: bool = cfg!(any(debug_assertions, feature = "poison"));

/// Whether poisoning does anything: callers skip the loops that only poison when it does not.
pub(crate) const ACTIVE: bool = FILL || cfg!(arenakit_asan);

#[cfg(arenakit_asan)]
unsafe extern "C" {
    // The manual poisoning interface of the ASan runtime (compiler-rt,
    // `sanitizer/asan_interface.h`), linked in by `-Zsanitizer=address`.
    fn __asan_poison_memory_region(addr: *const u8, size: usize);
    fn __asan_unpoison_memory_region(addr: *const u8, size: usize);
}

/// Marks `[ptr, ptr + len)` as memory no one may use: fills it with [`POISON_BYTE`] (if
/// filling is on) and poisons it for ASan.
///
/// # Safety
///
/// The range lies in the data of a chunk the caller owns, and nothing uses it: it was never
/// handed out, or was given back.
#[inline]
pub(crate) unsafe fn release(ptr: NonNull<u8>, len: usize) {
    if len == 0 {
        return;
    }
    if FILL {
        asan_unpoison(ptr, len);
        // SAFETY: the caller guarantees the range is chunk memory that nothing uses.
        unsafe { ptr.write_bytes(POISON_BYTE, len) };
    }
    asan_poison(ptr, len);
}

/// Poisons `[ptr, ptr + len)` for ASan without writing it: fresh chunk memory.
#[inline]
pub(crate) fn fresh(ptr: NonNull<u8>, len: usize) {
    asan_poison(ptr, len);
}

/// Makes `[ptr, ptr + len)` usable: a block handed out, or chunk memory about to be written by
/// the arena itself (zeroing) or to go back to its source.
#[inline(always)]
pub(crate) fn hand_out(ptr: NonNull<u8>, len: usize) {
    asan_unpoison(ptr, len);
}

/// [`hand_out`] for the result of an allocation of `len` bytes.
#[inline(always)]
pub(crate) fn handed_out<E>(block: Result<NonNull<u8>, E>, len: usize) -> Result<NonNull<u8>, E> {
    if let Ok(ptr) = &block {
        hand_out(*ptr, len);
    }
    block
}

#[inline(always)]
fn asan_poison(ptr: NonNull<u8>, len: usize) {
    #[cfg(arenakit_asan)]
    // SAFETY: poisoning only changes ASan's shadow memory for the range, which lies in memory
    // the arena owns (every caller passes a range of a chunk's data).
    unsafe {
        __asan_poison_memory_region(ptr.as_ptr(), len)
    };
    #[cfg(not(arenakit_asan))]
    let _ = (ptr, len);
}

#[inline(always)]
fn asan_unpoison(ptr: NonNull<u8>, len: usize) {
    #[cfg(arenakit_asan)]
    // SAFETY: as for `asan_poison`.
    unsafe {
        __asan_unpoison_memory_region(ptr.as_ptr(), len)
    };
    #[cfg(not(arenakit_asan))]
    let _ = (ptr, len);
}
