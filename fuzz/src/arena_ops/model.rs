//! The model: patterns, address ranges, and the blocks, vectors, boxes and owned values the
//! target tracks.

use allocator_api2::alloc::{AllocError, Allocator};
use allocator_api2::vec::Vec as ArenaVec;
use arenakit::source::MemorySource;
use arenakit::{Arena, ArenaBox};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::mem::{align_of, size_of};
use core::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The byte at `i` of a block filled with `seed`.
pub(super) fn pattern(seed: u8, i: usize) -> u8 {
    seed.wrapping_add(i as u8) ^ ((i >> 8) as u8).wrapping_mul(0x3b) ^ 0x5a
}

/// A half-open address range.
#[derive(Clone, Copy, Debug)]
pub(super) struct Range {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Range {
    pub(super) fn new(start: usize, len: usize) -> Self {
        Range {
            start,
            end: start + len,
        }
    }
}

/// Removes `cut` from every range in `set`.
pub(super) fn carve(set: &mut Vec<Range>, cut: Range) {
    if cut.start >= cut.end {
        return;
    }
    let mut out = Vec::with_capacity(set.len() + 1);
    for r in set.drain(..) {
        if r.end <= cut.start || cut.end <= r.start {
            out.push(r);
            continue;
        }
        if r.start < cut.start {
            out.push(Range {
                start: r.start,
                end: cut.start,
            });
        }
        if cut.end < r.end {
            out.push(Range {
                start: cut.end,
                end: r.end,
            });
        }
    }
    *set = out;
}

pub(super) enum Expect {
    Pattern(u8),
    Bytes(Vec<u8>),
}

/// A block handed out by the arena and filled by this target.
pub(super) struct Block {
    pub(super) ptr: *mut u8,
    pub(super) len: usize,
    pub(super) expect: Expect,
    pub(super) what: &'static str,
    /// The depth of the scope that handed it out (1 for the outermost), 0 for the arena.
    pub(super) scope: usize,
}

impl Block {
    pub(super) fn check(&self, index: usize) {
        // SAFETY: the block is live (handed out since the last reset) and was fully written.
        let bytes = unsafe { core::slice::from_raw_parts(self.ptr, self.len) };
        let bad = match &self.expect {
            Expect::Pattern(seed) => bytes
                .iter()
                .enumerate()
                .position(|(i, &b)| b != pattern(*seed, i)),
            Expect::Bytes(want) => bytes.iter().zip(want).position(|(a, b)| a != b),
        };
        if let Some(i) = bad {
            panic!(
                "block #{index} ({}, {:p}, {} bytes) was overwritten at offset {i}",
                self.what, self.ptr, self.len
            );
        }
    }
}

pub(super) trait Elem: Copy + PartialEq + core::fmt::Debug {
    fn make(seed: u8, i: usize) -> Self;
}

impl Elem for u8 {
    fn make(seed: u8, i: usize) -> Self {
        pattern(seed, i)
    }
}

impl Elem for u64 {
    fn make(seed: u8, i: usize) -> Self {
        u64::from_le_bytes(core::array::from_fn(|k| pattern(seed, i * 8 + k)))
    }
}

#[repr(align(64))]
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct Align64([u8; 64]);

impl Elem for Align64 {
    fn make(seed: u8, i: usize) -> Self {
        Align64(core::array::from_fn(|k| pattern(seed, i * 64 + k)))
    }
}

/// A vector in the arena, type-erased so vectors of different element types share a list.
pub(super) trait TrackedVec {
    fn push(&mut self, count: usize);
    fn shrink(&mut self);
    fn truncate(&mut self, len: usize);
    fn reserve(&mut self, extra: usize) -> bool;
    fn check(&self, index: usize);
    /// The whole buffer (capacity), if it holds any memory.
    fn buffer(&self) -> Option<Range>;
    /// The written part (length).
    fn written(&self) -> Range;
    fn bytes_capacity(&self) -> usize;
    fn elem_size(&self) -> usize;
    fn align(&self) -> usize;
}

/// `&Arena` as an allocator, recording every block it hands out (including the intermediate
/// buffers of a vector that grows several times within one operation), so that the zeroing
/// check forgets those bytes: they may be written from then on. Every call goes to the arena's
/// own `Allocator` implementation, so its in-place grow, shrink and roll-back are exercised.
pub(super) struct Recording<'a, S: MemorySource> {
    pub(super) arena: &'a Arena<S>,
    pub(super) log: &'a RefCell<Vec<Range>>,
}

impl<S: MemorySource> Clone for Recording<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: MemorySource> Copy for Recording<'_, S> {}

impl<S: MemorySource> Recording<'_, S> {
    fn record(
        &self,
        block: Result<NonNull<[u8]>, AllocError>,
    ) -> Result<NonNull<[u8]>, AllocError> {
        if let Ok(b) = block {
            self.log
                .borrow_mut()
                .push(Range::new(b.cast::<u8>().addr().get(), b.len()));
        }
        block
    }
}

// SAFETY: forwards every call to `&Arena`'s implementation with the caller's arguments.
unsafe impl<S: MemorySource> Allocator for Recording<'_, S> {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        self.record(Allocator::allocate(&self.arena, layout))
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees.
        unsafe { Allocator::deallocate(&self.arena, ptr, layout) }
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: the caller's guarantees.
        self.record(unsafe { Allocator::grow(&self.arena, ptr, old, new) })
    }

    unsafe fn grow_zeroed(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: the caller's guarantees.
        self.record(unsafe { Allocator::grow_zeroed(&self.arena, ptr, old, new) })
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: the caller's guarantees.
        self.record(unsafe { Allocator::shrink(&self.arena, ptr, old, new) })
    }
}

pub(super) struct Tracked<'a, T: Elem, S: MemorySource> {
    pub(super) v: ArenaVec<T, Recording<'a, S>>,
    pub(super) seed: u8,
}

impl<T: Elem, S: MemorySource> TrackedVec for Tracked<'_, T, S> {
    fn push(&mut self, count: usize) {
        for _ in 0..count {
            let i = self.v.len();
            if self.v.try_reserve(1).is_err() {
                return;
            }
            self.v.push(T::make(self.seed, i));
        }
    }

    fn shrink(&mut self) {
        self.v.shrink_to_fit();
    }

    fn truncate(&mut self, len: usize) {
        self.v.truncate(len);
    }

    fn reserve(&mut self, extra: usize) -> bool {
        self.v.try_reserve_exact(extra).is_ok()
    }

    fn check(&self, index: usize) {
        for (i, x) in self.v.iter().enumerate() {
            if *x != T::make(self.seed, i) {
                panic!(
                    "vec #{index} ({} x {} bytes at {:p}) element {i} was overwritten: {x:?}",
                    self.v.len(),
                    size_of::<T>(),
                    self.v.as_ptr()
                );
            }
        }
    }

    fn buffer(&self) -> Option<Range> {
        let bytes = self.bytes_capacity();
        (bytes > 0).then(|| Range::new(self.v.as_ptr().addr(), bytes))
    }

    fn written(&self) -> Range {
        Range::new(self.v.as_ptr().addr(), self.v.len() * size_of::<T>())
    }

    fn bytes_capacity(&self) -> usize {
        self.v.capacity() * size_of::<T>()
    }

    fn elem_size(&self) -> usize {
        size_of::<T>()
    }

    fn align(&self) -> usize {
        align_of::<T>()
    }
}

/// A boxed value of a fixed size, type-erased so boxes of different types share a list.
pub(super) trait TrackedBox {
    /// The bytes of the value.
    fn region(&self) -> Range;
    fn check(&self, index: usize);
}

/// An `ArenaBox` of `[E; N]`, element `i` being `E::make(seed, i)` (so byte `j` of the value
/// is `pattern(seed, j)`).
pub(super) struct BoxOf<'a, E: Elem, const N: usize, S: MemorySource> {
    pub(super) b: ArenaBox<'a, [E; N], S>,
    pub(super) seed: u8,
}

impl<E: Elem, const N: usize, S: MemorySource> TrackedBox for BoxOf<'_, E, N, S> {
    fn region(&self) -> Range {
        Range::new(ArenaBox::as_ptr(&self.b).addr(), size_of::<[E; N]>())
    }

    fn check(&self, index: usize) {
        for (i, x) in self.b.iter().enumerate() {
            if *x != E::make(self.seed, i) {
                panic!(
                    "box #{index} ([{} bytes; {N}] at {:p}) element {i} was overwritten: {x:?}",
                    size_of::<E>(),
                    ArenaBox::as_ptr(&self.b)
                );
            }
        }
    }
}

/// A value with a destructor, for `alloc_owned`: its destructor checks that the payload is
/// intact and counts the drop. `#[repr(C)]` without padding, so all of its bytes are
/// initialised and the target can compare them as a block.
#[repr(C)]
pub(super) struct Owned {
    pub(super) drops: Arc<AtomicUsize>,
    pub(super) seed: u64,
    /// `pattern(seed, i)` at `i`.
    pub(super) payload: [u8; 48],
}

impl Drop for Owned {
    fn drop(&mut self) {
        let seed = self.seed as u8;
        if let Some(i) = (0..self.payload.len()).find(|&i| self.payload[i] != pattern(seed, i)) {
            panic!(
                "owned value at {:p} was overwritten (payload byte {i}) before its destructor ran",
                self as *const Owned
            );
        }
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// The bytes in front of a value given to `alloc_owned`, which the arena writes too: the value
/// is stored in a `#[repr(C)]` node whose header (the next node and a drop function) comes
/// first. This target forgets these bytes in the zeroing check like the value's own, and counts
/// them as written (a zeroing reset or scope end must wipe them too).
pub(super) const OWNED_NODE_HEADER: usize = 2 * size_of::<usize>();

/// The drops of [`Owned`] values, and how many there must have been.
pub(super) struct DropCount {
    /// Incremented by every `Owned` destructor.
    pub(super) dropped: Arc<AtomicUsize>,
    /// The values whose destructor must have run: those the arena refused (dropped at once),
    /// those of ended scopes, and those of the arena before its last reset.
    pub(super) expected: Cell<usize>,
    /// The values registered with the arena itself since the last reset.
    pub(super) pending: Cell<usize>,
}

impl DropCount {
    pub(super) fn check(&self, when: &str) {
        let dropped = self.dropped.load(Ordering::Relaxed);
        let expected = self.expected.get();
        assert_eq!(
            dropped, expected,
            "{when}: {dropped} owned values were dropped, {expected} should have been"
        );
    }

    /// Records the drops of `count` values, which must have happened by now.
    pub(super) fn add_expected(&self, count: usize) {
        self.expected.set(self.expected.get() + count);
    }
}
