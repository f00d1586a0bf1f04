//! Interprets the input as a sequence of operations on an `arenakit::Arena` and checks, after
//! every operation, that every live block still holds the bytes written into it, that no two
//! live blocks overlap, and that blocks are aligned and inside the arena.
//!
//! The operations cover every kind of allocation (raw layouts, slice and string copies, values
//! with destructors through `alloc_owned`, boxes freed out of order, `allocator_api2` vectors
//! growing and shrinking), nested scopes (`Arena::scope` and `Scope::scope`), and resets. The
//! model of live blocks follows the lifetimes the API promises: a freed box, a dropped vector
//! or the blocks of an ended scope leave the model (their memory may be reused), everything
//! else stays until the next reset. Values given to `alloc_owned` count their drops, which
//! must happen exactly once: at the end of their scope, or at the arena's reset or drop.
//!
//! It also checks the promise of `reset_zeroed` (and of `zero_on_reset(true)`): "zeroes all used
//! memory before it is reused ..., so no data of this round survives in memory". Every byte
//! this target wrote in a round that ended with a zeroing reset, or in a scope of a zeroing
//! arena that has ended, must read as zero when the arena hands it out again through
//! `alloc_layout` (checked only while the arena retains all of its chunks, so the memory never
//! went back to the source in between). Set `ARENAKIT_FUZZ_ZEROING_CHECK=0` to turn that one
//! check off (for instance to look for other bugs while a zeroing bug is open).
//!
//! Where the arena fills the memory it takes back with `POISON_BYTE` (debug builds, which
//! `cargo fuzz` makes by default), a zeroed byte that lies in the used part of a chunk taken
//! back later without zeroing (padding between the blocks of a later round, say) may read
//! `POISON_BYTE` instead: see [`Zeroes::released`]. Everything else must read zero.

#![no_main]

use allocator_api2::alloc::{AllocError, Allocator};
use allocator_api2::vec::Vec as ArenaVec;
use arbitrary::Arbitrary;
use arenakit::source::{Fixed, MemorySource};
use arenakit::{Arena, ArenaBox, ArenaBuilder, POISON_BYTE, Scope};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::mem::{align_of, size_of};
use core::ptr::NonNull;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Operations run per input; the rest is ignored.
const MAX_OPS: usize = 256;
/// Live bytes tracked at once (blocks, boxes and vector buffers); allocations past it are skipped
/// so that checking everything after every operation stays fast.
const LIVE_BUDGET: usize = 1 << 20;
/// Scopes open at once, at most; a `ScopeOpen` deeper than this is skipped.
const MAX_SCOPE_DEPTH: usize = 4;
/// Boxes alive at once, at most; an `AllocBox` past it is skipped.
const MAX_BOXES: usize = 64;

#[derive(Arbitrary, Debug)]
enum SourceKind {
    Heap,
    /// A `Fixed` source over a zeroed buffer of `(kib + 1) * 4` KiB.
    Fixed {
        kib: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Config {
    /// Passed to `ArenaBuilder::chunk_size` (clamped there to 256 ..= 1 GiB).
    chunk_size: u16,
    max_retained: Option<u32>,
    limit: Option<u32>,
    zero_on_reset: bool,
    source: SourceKind,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum ElemKind {
    U8,
    U64,
    Align64,
}

/// The operations. Those marked "plain" go through the innermost open scope if there is one
/// (else the arena), or through the arena itself when `via_arena` is set; the others always
/// go through the arena (boxes and vectors are not scoped).
#[derive(Arbitrary, Debug)]
enum Op {
    /// Plain: `try_alloc_layout(size, 1 << (align_shift % 16))`, then fill with a pattern.
    Layout {
        size: u16,
        align_shift: u8,
        via_arena: bool,
    },
    /// Plain: `try_alloc_layout` with a small size, the common case.
    SmallLayout {
        size: u8,
        align_shift: u8,
        via_arena: bool,
    },
    /// Plain: `try_alloc_slice_copy` of `len` pattern bytes.
    SliceCopy {
        len: u16,
        seed: u8,
        via_arena: bool,
    },
    /// Plain: `try_alloc_slice_copy` of `len` `u32`s.
    SliceCopyU32 {
        len: u8,
        seed: u8,
        via_arena: bool,
    },
    /// Plain: `try_alloc_str`.
    Str {
        s: String,
        via_arena: bool,
    },
    /// Plain: `try_alloc_owned` of an [`Owned`] value, whose destructor counts its drops.
    Owned {
        seed: u8,
        via_arena: bool,
    },
    /// Ends every open scope (innermost first), then `reset`.
    Reset,
    /// Ends every open scope (innermost first), then `reset_zeroed`.
    ResetZeroed,
    /// Opens a scope in the innermost open one (or in the arena), unless `MAX_SCOPE_DEPTH`
    /// scopes are open already.
    ScopeOpen,
    /// Ends the innermost open scope, if any.
    ScopeClose,
    /// `try_alloc_box` of a pattern value: `[u8; 24]`, `[u64; 16]`, `[Align64; 1]`,
    /// `[u8; 3000]` (a dedicated chunk when chunks are small) or `[u8; 0]`, by
    /// `size_class % 5`.
    AllocBox {
        size_class: u8,
        seed: u8,
    },
    /// Drops a box (any one, so boxes are freed out of order).
    BoxDrop {
        index: u8,
    },
    /// A new `allocator_api2::vec::Vec` in the arena.
    VecNew {
        kind: ElemKind,
        seed: u8,
    },
    /// Push `count` elements (grow in place when newest, else relocate).
    VecPush {
        vec: u8,
        count: u8,
    },
    /// `shrink_to_fit` (shrink in place when newest).
    VecShrink {
        vec: u8,
    },
    VecTruncate {
        vec: u8,
        len: u8,
    },
    /// `reserve_exact` of `extra` elements.
    VecReserve {
        vec: u8,
        extra: u16,
    },
    /// Drop the vector (its block is rolled back if it is the newest).
    VecDrop {
        vec: u8,
    },
    /// Drop a tracked block from the checks (the arena keeps it until reset).
    Forget {
        block: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    config: Config,
    ops: Vec<Op>,
}

/// The byte at `i` of a block filled with `seed`.
fn pattern(seed: u8, i: usize) -> u8 {
    seed.wrapping_add(i as u8) ^ ((i >> 8) as u8).wrapping_mul(0x3b) ^ 0x5a
}

/// A half-open address range.
#[derive(Clone, Copy, Debug)]
struct Range {
    start: usize,
    end: usize,
}

impl Range {
    fn new(start: usize, len: usize) -> Self {
        Range {
            start,
            end: start + len,
        }
    }
}

/// Removes `cut` from every range in `set`.
fn carve(set: &mut Vec<Range>, cut: Range) {
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

enum Expect {
    Pattern(u8),
    Bytes(Vec<u8>),
}

/// A block handed out by the arena and filled by this target.
struct Block {
    ptr: *mut u8,
    len: usize,
    expect: Expect,
    what: &'static str,
    /// The depth of the scope that handed it out (1 for the outermost), 0 for the arena.
    scope: usize,
}

impl Block {
    fn check(&self, index: usize) {
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

trait Elem: Copy + PartialEq + core::fmt::Debug {
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
struct Align64([u8; 64]);

impl Elem for Align64 {
    fn make(seed: u8, i: usize) -> Self {
        Align64(core::array::from_fn(|k| pattern(seed, i * 64 + k)))
    }
}

/// A vector in the arena, type-erased so vectors of different element types share a list.
trait TrackedVec {
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
struct Recording<'a, S: MemorySource> {
    arena: &'a Arena<S>,
    log: &'a RefCell<Vec<Range>>,
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

struct Tracked<'a, T: Elem, S: MemorySource> {
    v: ArenaVec<T, Recording<'a, S>>,
    seed: u8,
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
trait TrackedBox {
    /// The bytes of the value.
    fn region(&self) -> Range;
    fn check(&self, index: usize);
}

/// An `ArenaBox` of `[E; N]`, element `i` being `E::make(seed, i)` (so byte `j` of the value
/// is `pattern(seed, j)`).
struct BoxOf<'a, E: Elem, const N: usize, S: MemorySource> {
    b: ArenaBox<'a, [E; N], S>,
    seed: u8,
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
struct Owned {
    drops: Arc<AtomicUsize>,
    seed: u64,
    /// `pattern(seed, i)` at `i`.
    payload: [u8; 48],
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
const OWNED_NODE_HEADER: usize = 2 * size_of::<usize>();

/// The drops of [`Owned`] values, and how many there must have been.
struct DropCount {
    /// Incremented by every `Owned` destructor.
    dropped: Arc<AtomicUsize>,
    /// The values whose destructor must have run: those the arena refused (dropped at once),
    /// those of ended scopes, and those of the arena before its last reset.
    expected: Cell<usize>,
    /// The values registered with the arena itself since the last reset.
    pending: Cell<usize>,
}

impl DropCount {
    fn check(&self, when: &str) {
        let dropped = self.dropped.load(Ordering::Relaxed);
        let expected = self.expected.get();
        assert_eq!(
            dropped, expected,
            "{when}: {dropped} owned values were dropped, {expected} should have been"
        );
    }

    /// Records the drops of `count` values, which must have happened by now.
    fn add_expected(&self, count: usize) {
        self.expected.set(self.expected.get() + count);
    }
}

/// Where the plain allocations of an operation go: the arena itself, or an open scope and its
/// depth (1 for the outermost).
enum Place<'p, S: MemorySource> {
    Arena(&'p Arena<S>),
    Scope(&'p Scope<'p, S>, usize),
}

impl<S: MemorySource> Clone for Place<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: MemorySource> Copy for Place<'_, S> {}

impl<'p, S: MemorySource> Place<'p, S> {
    fn depth(self) -> usize {
        match self {
            Place::Arena(_) => 0,
            Place::Scope(_, depth) => depth,
        }
    }

    fn alloc_layout(self, layout: Layout) -> Option<NonNull<u8>> {
        match self {
            Place::Arena(a) => a.try_alloc_layout(layout).ok(),
            Place::Scope(s, _) => s.try_alloc_layout(layout).ok(),
        }
    }

    fn alloc_slice_copy<T: Copy>(self, src: &[T]) -> Option<&'p mut [T]> {
        match self {
            Place::Arena(a) => a.try_alloc_slice_copy(src).ok(),
            Place::Scope(s, _) => s.try_alloc_slice_copy(src).ok(),
        }
    }

    fn alloc_str(self, src: &str) -> Option<&'p mut str> {
        match self {
            Place::Arena(a) => a.try_alloc_str(src).ok(),
            Place::Scope(s, _) => s.try_alloc_str(src).ok(),
        }
    }

    fn alloc_owned(self, value: Owned) -> Option<&'p mut Owned> {
        match self {
            Place::Arena(a) => a.try_alloc_owned(value).ok(),
            Place::Scope(s, _) => s.try_alloc_owned(value).ok(),
        }
    }

    /// Runs `f` in a new scope, nested in this one if this is a scope.
    fn scope<R>(self, f: impl for<'x> FnOnce(Place<'x, S>) -> R) -> R {
        match self {
            Place::Arena(a) => a.scope(|s| f(Place::Scope(s, 1))),
            Place::Scope(s, depth) => s.scope(|inner| f(Place::Scope(inner, depth + 1))),
        }
    }
}

/// What the target knows about an open scope.
struct ScopeState {
    /// Every range written through the scope (including blocks forgotten since).
    dirty: Vec<Range>,
    /// `Owned` values registered with the scope.
    owned: usize,
    /// `stats().used` when the scope opened.
    used_before: usize,
    /// `Round::arena_calls` when the scope opened.
    arena_calls_before: usize,
}

/// How an operation sequence (or a scope's part of it) ended.
enum Stop {
    /// The operations ran out.
    End,
    /// A `Reset` (`false`) or `ResetZeroed` (`true`) op: every open scope ends, then the arena
    /// is reset.
    Reset(bool),
    /// A `ScopeClose` op: the innermost scope ends.
    Close,
}

/// State carried across rounds (resets).
struct Zeroes {
    /// Whether the zeroing promise is checked at all.
    enabled: bool,
    /// Whether the arena fills memory it takes back with `POISON_BYTE` (see [`fills_released`]).
    fill: bool,
    /// Bytes written by this target and zeroed by a reset since, not handed out again yet.
    must_be_zero: Vec<Range>,
    /// Bytes written by this target through a scope of a zeroing arena that has ended since
    /// (which zeroes them), not handed out again yet.
    scope_zeroed: Vec<Range>,
    /// Bytes of the two lists above that the arena may have filled with `POISON_BYTE` since they
    /// were zeroed (see [`Zeroes::released`]): they read as zero or `POISON_BYTE`.
    zero_or_poison: Vec<Range>,
}

impl Zeroes {
    /// Called for every block before this target writes to it: checks the bytes of `block` that
    /// must be zero (if `check`), then forgets them, as the block may be written from now on.
    fn claim(&mut self, block: Range, check: bool, what: &str) {
        if !self.enabled || block.start >= block.end {
            return;
        }
        if check {
            let lists = [
                (
                    &self.must_be_zero,
                    "in a round that ended with a zeroing reset",
                    false,
                ),
                (
                    &self.scope_zeroed,
                    "in an ended scope of a zeroing arena",
                    false,
                ),
                (
                    &self.zero_or_poison,
                    "before a zeroing, then poisoned",
                    true,
                ),
            ];
            for (list, when, poisoned) in lists {
                for r in list {
                    let start = r.start.max(block.start);
                    let end = r.end.min(block.end);
                    for addr in start..end {
                        // SAFETY: `addr` lies in a block just handed out to us, and the byte was
                        // written earlier (so it is initialised).
                        let b = unsafe {
                            core::ptr::with_exposed_provenance::<u8>(addr).read_volatile()
                        };
                        if b != 0 && !(poisoned && b == POISON_BYTE) {
                            panic!(
                                "{what} at {:#x}..{:#x}: byte at {addr:#x} (written {when}) is \
                                 {b:#04x}, not zero: data written before the zeroing survived it",
                                block.start, block.end
                            );
                        }
                    }
                }
            }
        }
        carve(&mut self.must_be_zero, block);
        carve(&mut self.scope_zeroed, block);
        carve(&mut self.zero_or_poison, block);
    }

    /// Called just before the arena takes memory back without zeroing it: a reset of an arena
    /// that does not zero, or the end of a scope of one. With filling on, the arena overwrites
    /// the used part of every chunk it takes back with `POISON_BYTE` (padding between blocks
    /// included), and that may hold bytes zeroed earlier and never handed out since; those may
    /// read `POISON_BYTE` from now on. (A legitimate overwrite: it happens after the zeroing,
    /// and is not data. A fill *before* a zeroing, such as that of a freed block, must still
    /// be wiped by the zeroing, and stays checked strictly.)
    ///
    /// `in_use(addr)` tells whether `addr` lies in the used part of a chunk in use; it may
    /// over-approximate the memory taken back (`Arena::contains` while a scope ends also
    /// covers the arena's chunks), which only lets a few more bytes read `POISON_BYTE`.
    fn released(&mut self, in_use: impl Fn(usize) -> bool) {
        if !self.enabled || !self.fill {
            return;
        }
        let mut poisoned = Vec::new();
        for r in self.must_be_zero.iter().chain(&self.scope_zeroed) {
            // Each range lies in one chunk's data (it was part of one block), and the used part
            // of a chunk is a prefix of its data, so the range's used part is a prefix of it.
            if r.start >= r.end || !in_use(r.start) {
                continue;
            }
            // The first address not in use, by bisection: `in_use(lo - 1)` and `!in_use(hi)`.
            let (mut lo, mut hi) = (r.start + 1, r.end);
            if !in_use(r.end - 1) {
                hi = r.end - 1;
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if in_use(mid) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
            }
            poisoned.push(Range {
                start: r.start,
                end: hi,
            });
        }
        for &p in &poisoned {
            carve(&mut self.must_be_zero, p);
            carve(&mut self.scope_zeroed, p);
        }
        self.zero_or_poison.extend(poisoned);
    }
}

/// Whether the arena fills memory it takes back (freed blocks, reset memory, ended scopes) with
/// `POISON_BYTE`: in debug builds (`cargo fuzz` builds with debug assertions by default) or with
/// arenakit's `poison` feature. Found out once, by reading back a block after a reset.
fn fills_released() -> bool {
    static FILLS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FILLS.get_or_init(|| {
        let mut arena = Arena::new();
        let layout = Layout::new::<u64>();
        let first = arena.alloc_layout(layout);
        // SAFETY: the block holds 8 bytes.
        unsafe { first.as_ptr().write_bytes(0, 8) };
        arena.reset();
        let again = arena.alloc_layout(layout);
        // SAFETY: `again` is handed out for 8 bytes; if it is `first`, the bytes were written.
        again == first && unsafe { again.as_ptr().read_volatile() } == POISON_BYTE
    })
}

/// The place of a plain operation run in `place`: the arena itself if `via_arena`. (A function
/// rather than a method of `Round` so that the result may live as long as the shorter of the
/// two borrows.)
fn plain_place<'p, S: MemorySource>(
    arena: &'p Arena<S>,
    place: Place<'p, S>,
    via_arena: bool,
) -> Place<'p, S> {
    if via_arena {
        Place::Arena(arena)
    } else {
        place
    }
}

struct Round<'a, S: MemorySource> {
    arena: &'a Arena<S>,
    /// Blocks handed out to the vectors, not yet claimed.
    log: &'a RefCell<Vec<Range>>,
    drops: &'a DropCount,
    limit: Option<usize>,
    /// Whether the arena zeroes memory at reset and at the end of a scope.
    zero_on_reset: bool,
    blocks: Vec<Block>,
    vecs: Vec<Box<dyn TrackedVec + 'a>>,
    boxes: Vec<Box<dyn TrackedBox + 'a>>,
    /// The open scopes, outermost first.
    scopes: Vec<ScopeState>,
    /// Operations that went to the arena itself (not to a scope), done or attempted: while
    /// none did during a scope, ending the scope must bring `stats().used` back to where it was.
    arena_calls: usize,
    /// Every range this target wrote in this round (through scopes too).
    dirty: Vec<Range>,
}

impl<'a, S: MemorySource> Round<'a, S> {
    fn live_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.len).sum::<usize>()
            + self.vecs.iter().map(|v| v.bytes_capacity()).sum::<usize>()
            + self
                .boxes
                .iter()
                .map(|b| b.region().end - b.region().start)
                .sum::<usize>()
    }

    fn fits_budget(&self, bytes: usize) -> bool {
        self.live_bytes() + bytes <= LIVE_BUDGET
    }

    /// Records `range` as written by this target through the scope at `depth` (0: the arena).
    fn wrote(&mut self, depth: usize, range: Range) {
        self.dirty.push(range);
        if depth > 0 {
            self.scopes[depth - 1].dirty.push(range);
        }
    }

    fn block_handed_out(&mut self, ptr: *mut u8, len: usize, align: usize, what: &'static str) {
        assert_eq!(
            ptr.addr() % align,
            0,
            "{what}: {ptr:p} not aligned to {align}"
        );
        assert!(!ptr.is_null());
        if len > 0 {
            assert!(self.arena.contains(ptr), "{what}: {ptr:p} not in the arena");
            assert!(
                self.arena.contains(ptr.wrapping_add(len - 1)),
                "{what}: end of {ptr:p}+{len} not in the arena"
            );
        }
    }

    fn check_all(&self) {
        for (i, b) in self.blocks.iter().enumerate() {
            b.check(i);
        }
        let mut regions: Vec<(Range, String)> = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if b.len > 0 {
                regions.push((
                    Range::new(b.ptr.addr(), b.len),
                    format!("block #{i} ({}, scope depth {})", b.what, b.scope),
                ));
            }
        }
        for (i, v) in self.vecs.iter().enumerate() {
            v.check(i);
            if let Some(r) = v.buffer() {
                assert_eq!(r.start % v.align(), 0, "vec #{i} buffer not aligned");
                assert!(
                    self.arena
                        .contains(core::ptr::without_provenance::<u8>(r.start)),
                    "vec #{i} buffer not in the arena"
                );
                regions.push((r, format!("vec #{i} buffer")));
            }
        }
        for (i, b) in self.boxes.iter().enumerate() {
            b.check(i);
            let r = b.region();
            if r.start < r.end {
                assert!(
                    self.arena
                        .contains(core::ptr::without_provenance::<u8>(r.start)),
                    "box #{i} not in the arena"
                );
                regions.push((r, format!("box #{i}")));
            }
        }
        regions.sort_by_key(|(r, _)| r.start);
        for pair in regions.windows(2) {
            let ((a, an), (b, bn)) = (&pair[0], &pair[1]);
            assert!(
                a.end <= b.start,
                "{an} {:#x}..{:#x} overlaps {bn} {:#x}..{:#x}",
                a.start,
                a.end,
                b.start,
                b.end
            );
        }
        let stats = self.arena.stats();
        assert!(stats.used <= stats.held, "{stats:?}");
        assert!(stats.high_water >= stats.used, "{stats:?}");
        if let Some(limit) = self.limit {
            assert!(
                stats.held <= limit,
                "held beyond the limit {limit}: {stats:?}"
            );
        }
        self.drops.check("after an operation");
    }

    fn alloc_layout(
        &mut self,
        zeroes: &mut Zeroes,
        place: Place<'_, S>,
        size: usize,
        align_shift: u8,
    ) {
        let align = 1usize << (align_shift % 16);
        let Ok(layout) = Layout::from_size_align(size, align) else {
            return;
        };
        if !self.fits_budget(size) {
            return;
        }
        let Some(ptr) = place.alloc_layout(layout) else {
            return;
        };
        let ptr = ptr.as_ptr();
        self.block_handed_out(ptr, size, align, "alloc_layout");
        zeroes.claim(Range::new(ptr.addr(), size), true, "alloc_layout");
        let seed = (self.blocks.len() as u8).wrapping_mul(17) ^ align_shift;
        for i in 0..size {
            // SAFETY: the block holds `size` bytes.
            unsafe { ptr.add(i).write(pattern(seed, i)) };
        }
        self.wrote(place.depth(), Range::new(ptr.addr(), size));
        self.blocks.push(Block {
            ptr,
            len: size,
            expect: Expect::Pattern(seed),
            what: "alloc_layout",
            scope: place.depth(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn tracked_copy(
        &mut self,
        zeroes: &mut Zeroes,
        depth: usize,
        ptr: *mut u8,
        len: usize,
        align: usize,
        expect: Expect,
        what: &'static str,
    ) {
        self.block_handed_out(ptr, len, align, what);
        zeroes.claim(Range::new(ptr.addr(), len), false, what);
        self.wrote(depth, Range::new(ptr.addr(), len));
        let block = Block {
            ptr,
            len,
            expect,
            what,
            scope: depth,
        };
        block.check(self.blocks.len());
        self.blocks.push(block);
    }

    /// `alloc_owned` through `place` of an [`Owned`] value, registered with the scope (or the
    /// arena) so that its drop is expected when the scope ends (or at the next reset).
    fn alloc_owned(&mut self, zeroes: &mut Zeroes, place: Place<'_, S>, seed: u8) {
        let len = size_of::<Owned>();
        if !self.fits_budget(OWNED_NODE_HEADER + len) {
            return;
        }
        let value = Owned {
            drops: Arc::clone(&self.drops.dropped),
            seed: u64::from(seed),
            payload: core::array::from_fn(|i| pattern(seed, i)),
        };
        let Some(v) = place.alloc_owned(value) else {
            // The value was dropped before `try_alloc_owned` returned.
            self.drops.add_expected(1);
            return;
        };
        let ptr = (v as *mut Owned).cast::<u8>();
        match place {
            Place::Arena(_) => self.drops.pending.set(self.drops.pending.get() + 1),
            Place::Scope(_, depth) => self.scopes[depth - 1].owned += 1,
        }
        self.block_handed_out(ptr, len, align_of::<Owned>(), "alloc_owned");
        let node = Range {
            start: ptr.addr() - OWNED_NODE_HEADER,
            end: ptr.addr() + len,
        };
        zeroes.claim(node, false, "alloc_owned");
        self.wrote(place.depth(), node);
        // SAFETY: `ptr` points to a live `Owned`, whose bytes are all initialised (no padding).
        let bytes = unsafe { core::slice::from_raw_parts(ptr, len) }.to_vec();
        self.blocks.push(Block {
            ptr,
            len,
            expect: Expect::Bytes(bytes),
            what: "alloc_owned",
            scope: place.depth(),
        });
    }

    /// `try_alloc_box` of an `[E; N]` pattern value.
    fn alloc_box<E: Elem + 'a, const N: usize>(&mut self, zeroes: &mut Zeroes, seed: u8) {
        let size = size_of::<[E; N]>();
        if self.boxes.len() >= MAX_BOXES || !self.fits_budget(size) {
            return;
        }
        let value: [E; N] = core::array::from_fn(|i| E::make(seed, i));
        let Ok(b) = self.arena.try_alloc_box(value) else {
            return;
        };
        let ptr = ArenaBox::as_ptr(&b).cast::<u8>().cast_mut();
        self.block_handed_out(ptr, size, align_of::<[E; N]>(), "alloc_box");
        let region = Range::new(ptr.addr(), size);
        zeroes.claim(region, false, "alloc_box");
        self.wrote(0, region);
        let tracked = BoxOf::<E, N, S> { b, seed };
        tracked.check(self.boxes.len());
        self.boxes.push(Box::new(tracked));
    }

    fn vec_op(
        &mut self,
        zeroes: &mut Zeroes,
        vec: u8,
        op: impl FnOnce(&mut dyn TrackedVec, usize),
    ) {
        if self.vecs.is_empty() {
            return;
        }
        let i = usize::from(vec) % self.vecs.len();
        let others = self.live_bytes() - self.vecs[i].bytes_capacity();
        let budget = LIVE_BUDGET.saturating_sub(others);
        op(&mut *self.vecs[i], budget);
        for block in self.log.borrow_mut().drain(..) {
            zeroes.claim(block, false, "vec buffer");
        }
        let v = &self.vecs[i];
        if let Some(buffer) = v.buffer() {
            zeroes.claim(buffer, false, "vec buffer");
        }
        let written = v.written();
        self.wrote(0, written);
    }

    /// Runs one operation other than a reset or a scope's opening or end; `place` is where
    /// plain operations go unless they ask for the arena.
    fn apply(&mut self, zeroes: &mut Zeroes, place: Place<'_, S>, op: &Op) {
        let place = match *op {
            Op::Layout { via_arena, .. }
            | Op::SmallLayout { via_arena, .. }
            | Op::SliceCopy { via_arena, .. }
            | Op::SliceCopyU32 { via_arena, .. }
            | Op::Str { via_arena, .. }
            | Op::Owned { via_arena, .. } => plain_place(self.arena, place, via_arena),
            _ => Place::Arena(self.arena),
        };
        if place.depth() == 0 && !matches!(op, Op::Forget { .. }) {
            self.arena_calls += 1;
        }
        let depth = place.depth();
        match *op {
            Op::Layout {
                size, align_shift, ..
            } => self.alloc_layout(zeroes, place, usize::from(size), align_shift),
            Op::SmallLayout {
                size, align_shift, ..
            } => self.alloc_layout(zeroes, place, usize::from(size), align_shift % 8),
            Op::SliceCopy { len, seed, .. } => {
                let len = usize::from(len);
                if !self.fits_budget(len) {
                    return;
                }
                let src: Vec<u8> = (0..len).map(|i| pattern(seed, i)).collect();
                if let Some(s) = place.alloc_slice_copy(&src) {
                    assert_eq!(s.len(), len);
                    let ptr = s.as_mut_ptr();
                    self.tracked_copy(
                        zeroes,
                        depth,
                        ptr,
                        len,
                        1,
                        Expect::Pattern(seed),
                        "alloc_slice_copy",
                    );
                }
            }
            Op::SliceCopyU32 { len, seed, .. } => {
                let src: Vec<u32> = (0..usize::from(len))
                    .map(|i| u32::from_le_bytes(core::array::from_fn(|k| pattern(seed, 4 * i + k))))
                    .collect();
                if !self.fits_budget(src.len() * 4) {
                    return;
                }
                if let Some(s) = place.alloc_slice_copy(&src) {
                    assert_eq!(s, &src[..]);
                    let ptr = s.as_mut_ptr().cast::<u8>();
                    self.tracked_copy(
                        zeroes,
                        depth,
                        ptr,
                        src.len() * 4,
                        4,
                        Expect::Pattern(seed),
                        "alloc_slice_copy::<u32>",
                    );
                }
            }
            Op::Str { ref s, .. } => {
                if !self.fits_budget(s.len()) {
                    return;
                }
                if let Some(a) = place.alloc_str(s) {
                    assert_eq!(&*a, s.as_str());
                    let ptr = a.as_mut_ptr();
                    self.tracked_copy(
                        zeroes,
                        depth,
                        ptr,
                        s.len(),
                        1,
                        Expect::Bytes(s.as_bytes().to_vec()),
                        "alloc_str",
                    );
                }
            }
            Op::Owned { seed, .. } => self.alloc_owned(zeroes, place, seed),
            Op::Reset | Op::ResetZeroed | Op::ScopeOpen | Op::ScopeClose => {
                unreachable!("handled by run_ops")
            }
            Op::AllocBox { size_class, seed } => match size_class % 5 {
                0 => self.alloc_box::<u8, 24>(zeroes, seed),
                1 => self.alloc_box::<u64, 16>(zeroes, seed),
                2 => self.alloc_box::<Align64, 1>(zeroes, seed),
                3 => self.alloc_box::<u8, 3000>(zeroes, seed),
                _ => self.alloc_box::<u8, 0>(zeroes, seed),
            },
            Op::BoxDrop { index } => {
                if !self.boxes.is_empty() {
                    let i = usize::from(index) % self.boxes.len();
                    drop(self.boxes.remove(i));
                }
            }
            Op::VecNew { kind, seed } => {
                if self.vecs.len() >= 16 {
                    return;
                }
                let arena = Recording {
                    arena: self.arena,
                    log: self.log,
                };
                let v: Box<dyn TrackedVec + 'a> = match kind {
                    ElemKind::U8 => Box::new(Tracked::<u8, S> {
                        v: ArenaVec::new_in(arena),
                        seed,
                    }),
                    ElemKind::U64 => Box::new(Tracked::<u64, S> {
                        v: ArenaVec::new_in(arena),
                        seed,
                    }),
                    ElemKind::Align64 => Box::new(Tracked::<Align64, S> {
                        v: ArenaVec::new_in(arena),
                        seed,
                    }),
                };
                self.vecs.push(v);
            }
            Op::VecPush { vec, count } => self.vec_op(zeroes, vec, |v, budget| {
                // Capacity may double: keep twice the new length within the budget.
                let count = usize::from(count);
                let need = (v.written().end - v.written().start + count * v.elem_size()) * 2;
                if need <= budget {
                    v.push(count);
                }
            }),
            Op::VecShrink { vec } => self.vec_op(zeroes, vec, |v, _| v.shrink()),
            Op::VecTruncate { vec, len } => {
                self.vec_op(zeroes, vec, |v, _| v.truncate(usize::from(len)))
            }
            Op::VecReserve { vec, extra } => self.vec_op(zeroes, vec, |v, budget| {
                let extra = usize::from(extra);
                let len_bytes = v.written().end - v.written().start;
                if len_bytes + extra * v.elem_size() <= budget {
                    v.reserve(extra);
                }
            }),
            Op::VecDrop { vec } => {
                if !self.vecs.is_empty() {
                    let i = usize::from(vec) % self.vecs.len();
                    drop(self.vecs.remove(i));
                }
            }
            Op::Forget { block } => {
                if !self.blocks.is_empty() {
                    let i = usize::from(block) % self.blocks.len();
                    self.blocks.remove(i);
                }
            }
        }
    }

    /// Opens a scope nested in `place` and runs the operations from `ops[*next]` in it until
    /// its `ScopeClose` (or a reset, or the end), then checks what the end of the scope must
    /// have done. Returns how the operations in the scope stopped.
    fn open_scope(
        &mut self,
        zeroes: &mut Zeroes,
        place: Place<'_, S>,
        ops: &[Op],
        next: &mut usize,
    ) -> Stop {
        let depth = place.depth() + 1;
        self.scopes.push(ScopeState {
            dirty: Vec::new(),
            owned: 0,
            used_before: self.arena.stats().used,
            arena_calls_before: self.arena_calls,
        });
        let stop = place.scope(|inner| {
            let stop = run_ops(self, zeroes, inner, ops, next);
            if !self.zero_on_reset {
                let arena = self.arena;
                zeroes.released(|addr| arena.contains(core::ptr::without_provenance::<u8>(addr)));
            }
            stop
        });
        let state = self.scopes.pop().expect("the scope's state");
        assert_eq!(self.scopes.len(), depth - 1);
        self.scope_ended(zeroes, depth, state);
        stop
    }

    /// Checks the end of the scope at `depth`, right after it ended, and drops its blocks from
    /// the model.
    fn scope_ended(&mut self, zeroes: &mut Zeroes, depth: usize, state: ScopeState) {
        // Before anything else allocates (which may hand the memory out again): the scope's
        // chunks are no longer in use.
        for r in state.dirty.iter().filter(|r| r.start < r.end) {
            for addr in [r.start, r.end - 1] {
                assert!(
                    !self
                        .arena
                        .contains(core::ptr::without_provenance::<u8>(addr)),
                    "the scope at depth {depth} ended, but the arena still contains {addr:#x} \
                     (written through the scope at {:#x}..{:#x})",
                    r.start,
                    r.end
                );
            }
        }
        self.blocks.retain(|b| b.scope != depth);
        // Its owned values were dropped when it ended, once each.
        self.drops.add_expected(state.owned);
        self.drops.check("after a scope ended");
        // Nothing else changed the arena's use: it is back where it was.
        if self.arena_calls == state.arena_calls_before {
            let stats = self.arena.stats();
            assert_eq!(
                stats.used, state.used_before,
                "the scope at depth {depth} ended, with nothing allocated through the arena \
                 meanwhile, but `used` went from {} to {}: {stats:?}",
                state.used_before, stats.used
            );
        }
        // A zeroing arena zeroes a scope's memory when the scope ends (it is reused without a
        // reset).
        if self.zero_on_reset && zeroes.enabled {
            zeroes.scope_zeroed.extend(state.dirty);
        }
    }
}

/// Runs the operations from `ops[*next]` on, plain ones through `place`, until they run out, a
/// reset, or (in a scope) a `ScopeClose`; `*next` is then past the last operation run. A reset
/// met in a scope ends the scope (and every enclosing one, as the `Stop` goes up), since the
/// arena cannot be reset while a scope is open.
fn run_ops<S: MemorySource>(
    round: &mut Round<'_, S>,
    zeroes: &mut Zeroes,
    place: Place<'_, S>,
    ops: &[Op],
    next: &mut usize,
) -> Stop {
    while let Some(op) = ops.get(*next) {
        *next += 1;
        match op {
            Op::Reset => return Stop::Reset(false),
            Op::ResetZeroed => return Stop::Reset(true),
            Op::ScopeClose if place.depth() > 0 => return Stop::Close,
            Op::ScopeOpen if place.depth() < MAX_SCOPE_DEPTH => {
                match round.open_scope(zeroes, place, ops, next) {
                    Stop::Close => {}
                    stop => {
                        round.check_all();
                        return stop;
                    }
                }
            }
            // No scope to end, or too deep to open one.
            Op::ScopeClose | Op::ScopeOpen => {}
            op => round.apply(zeroes, place, op),
        }
        round.check_all();
    }
    Stop::End
}

/// Runs operations until a reset or the end. Returns the number of operations consumed, the
/// reset that ended the round (`Some(zeroed)`) if any, and the ranges written in the round.
fn round<S: MemorySource>(
    arena: &Arena<S>,
    drops: &DropCount,
    config: &Config,
    ops: &[Op],
    zeroes: &mut Zeroes,
) -> (usize, Option<bool>, Vec<Range>) {
    let log = RefCell::new(Vec::new());
    let mut round = Round {
        arena,
        log: &log,
        drops,
        limit: config.limit.map(|l| l as usize),
        zero_on_reset: config.zero_on_reset,
        blocks: Vec::new(),
        vecs: Vec::new(),
        boxes: Vec::new(),
        scopes: Vec::new(),
        arena_calls: 0,
        dirty: Vec::new(),
    };
    let mut next = 0;
    let reset = match run_ops(&mut round, zeroes, Place::Arena(arena), ops, &mut next) {
        Stop::End => None,
        Stop::Reset(zeroed) => Some(zeroed),
        Stop::Close => unreachable!("a ScopeClose outside any scope is skipped"),
    };
    // The vectors and boxes are dropped here, before the reset.
    (next, reset, round.dirty)
}

/// Whether the `reset_zeroed` promise is checked (`ARENAKIT_FUZZ_ZEROING_CHECK`, default on).
fn zeroing_check_enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var("ARENAKIT_FUZZ_ZEROING_CHECK").map_or(true, |v| v != "0"))
}

fn run<S: MemorySource>(builder: ArenaBuilder<S>, config: &Config, ops: &[Op]) {
    let mut builder = builder
        .chunk_size(usize::from(config.chunk_size))
        .zero_on_reset(config.zero_on_reset);
    if let Some(r) = config.max_retained {
        builder = builder.max_retained(r as usize);
    }
    if let Some(l) = config.limit {
        builder = builder.limit(l as usize);
    }
    let drops = DropCount {
        dropped: Arc::new(AtomicUsize::new(0)),
        expected: Cell::new(0),
        pending: Cell::new(0),
    };
    let mut arena = builder.build();
    let mut zeroes = Zeroes {
        enabled: config.max_retained.is_none() && zeroing_check_enabled(),
        fill: fills_released(),
        must_be_zero: Vec::new(),
        scope_zeroed: Vec::new(),
        zero_or_poison: Vec::new(),
    };
    let mut ops = ops;
    loop {
        let (consumed, reset, dirty) = round(&arena, &drops, config, ops, &mut zeroes);
        ops = &ops[consumed..];
        let Some(zeroed) = reset else { break };
        if !zeroed && !config.zero_on_reset {
            zeroes.released(|addr| arena.contains(core::ptr::without_provenance::<u8>(addr)));
        }
        if zeroed {
            arena.reset_zeroed();
        } else {
            arena.reset();
        }
        // The arena's owned values of the round are dropped by the reset.
        drops.add_expected(drops.pending.replace(0));
        drops.check("after a reset");
        if zeroed || config.zero_on_reset {
            zeroes.must_be_zero.extend(dirty);
        }
        let stats = arena.stats();
        assert_eq!(stats.used, 0, "used after reset: {stats:?}");
    }
    drop(arena);
    drops.add_expected(drops.pending.replace(0));
    drops.check("after the arena was dropped");
}

fuzz_target!(|input: Input| {
    let ops = &input.ops[..input.ops.len().min(MAX_OPS)];
    match input.config.source {
        SourceKind::Heap => run(Arena::builder(), &input.config, ops),
        SourceKind::Fixed { kib } => {
            let mut buffer = vec![0u8; (usize::from(kib) + 1) * 4096];
            run(
                Arena::builder().source(Fixed::new(&mut buffer)),
                &input.config,
                ops,
            );
        }
    }
});
