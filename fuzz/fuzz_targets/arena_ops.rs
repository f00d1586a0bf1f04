//! Interprets the input as a sequence of operations on an `arenakit::Arena` and checks, after
//! every operation, that every live block still holds the bytes written into it, that no two
//! live blocks overlap, and that blocks are aligned and inside the arena.
//!
//! It also checks the promise of `reset_zeroed` (and of `zero_on_reset(true)`): "zeroes all used
//! memory before it is reused ..., so no data of this round survives in memory". Every byte
//! this target wrote in a round that ended with a zeroing reset must read as zero when the
//! arena hands it out again through `alloc_layout` (checked only while the arena retains all
//! of its chunks, so the memory never went back to the source in between). Set
//! `ARENAKIT_FUZZ_ZEROING_CHECK=0` to turn that one check off (for instance to look for other
//! bugs while a zeroing bug is open).

#![no_main]

use allocator_api2::alloc::{AllocError, Allocator};
use allocator_api2::vec::Vec as ArenaVec;
use arbitrary::Arbitrary;
use arenakit::source::{Fixed, MemorySource};
use arenakit::{Arena, ArenaBuilder};
use core::alloc::Layout;
use core::cell::RefCell;
use core::mem::{align_of, size_of};
use core::ptr::NonNull;
use libfuzzer_sys::fuzz_target;

/// Operations run per input; the rest is ignored.
const MAX_OPS: usize = 256;
/// Live bytes tracked at once (blocks plus vector buffers); allocations past it are skipped
/// so that checking everything after every operation stays fast.
const LIVE_BUDGET: usize = 1 << 20;

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

#[derive(Arbitrary, Debug)]
enum Op {
    /// `try_alloc_layout(size, 1 << (align_shift % 16))`, then fill with a pattern.
    Layout {
        size: u16,
        align_shift: u8,
    },
    /// `try_alloc_layout` with a small size, the common case.
    SmallLayout {
        size: u8,
        align_shift: u8,
    },
    /// `try_alloc_slice_copy` of `len` pattern bytes.
    SliceCopy {
        len: u16,
        seed: u8,
    },
    /// `try_alloc_slice_copy` of `len` `u32`s.
    SliceCopyU32 {
        len: u8,
        seed: u8,
    },
    /// `try_alloc_str`.
    Str(String),
    Reset,
    ResetZeroed,
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

/// State carried across rounds (resets).
struct Zeroes {
    /// Whether the zeroing promise is checked at all.
    enabled: bool,
    /// Bytes written by this target and zeroed by a reset since, not handed out again yet.
    must_be_zero: Vec<Range>,
}

impl Zeroes {
    /// Called for every block before this target writes to it: checks the bytes of `block` that
    /// must be zero (if `check`), then forgets them, as the block may be written from now on.
    fn claim(&mut self, block: Range, check: bool, what: &str) {
        if !self.enabled || block.start >= block.end {
            return;
        }
        if check {
            for r in &self.must_be_zero {
                let start = r.start.max(block.start);
                let end = r.end.min(block.end);
                for addr in start..end {
                    // SAFETY: `addr` lies in a block just handed out to us, and the byte was
                    // written in an earlier round (so it is initialised).
                    let b =
                        unsafe { core::ptr::with_exposed_provenance::<u8>(addr).read_volatile() };
                    if b != 0 {
                        panic!(
                            "{what} at {:#x}..{:#x}: byte at {addr:#x} (written in a round that \
                             ended with a zeroing reset) is {b:#04x}, not zero: data of that round \
                             survived the reset",
                            block.start, block.end
                        );
                    }
                }
            }
        }
        carve(&mut self.must_be_zero, block);
    }
}

struct Round<'a, S: MemorySource> {
    arena: &'a Arena<S>,
    /// Blocks handed out to the vectors, not yet claimed.
    log: &'a RefCell<Vec<Range>>,
    limit: Option<usize>,
    blocks: Vec<Block>,
    vecs: Vec<Box<dyn TrackedVec + 'a>>,
    /// Every range this target wrote in this round.
    dirty: Vec<Range>,
}

impl<'a, S: MemorySource> Round<'a, S> {
    fn live_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.len).sum::<usize>()
            + self.vecs.iter().map(|v| v.bytes_capacity()).sum::<usize>()
    }

    fn fits_budget(&self, bytes: usize) -> bool {
        self.live_bytes() + bytes <= LIVE_BUDGET
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
                    format!("block #{i} ({})", b.what),
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
    }

    fn alloc_layout(&mut self, zeroes: &mut Zeroes, size: usize, align_shift: u8) {
        let align = 1usize << (align_shift % 16);
        let Ok(layout) = Layout::from_size_align(size, align) else {
            return;
        };
        if !self.fits_budget(size) {
            return;
        }
        let Ok(ptr) = self.arena.try_alloc_layout(layout) else {
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
        self.dirty.push(Range::new(ptr.addr(), size));
        self.blocks.push(Block {
            ptr,
            len: size,
            expect: Expect::Pattern(seed),
            what: "alloc_layout",
        });
    }

    fn tracked_copy(
        &mut self,
        zeroes: &mut Zeroes,
        ptr: *mut u8,
        len: usize,
        align: usize,
        expect: Expect,
        what: &'static str,
    ) {
        self.block_handed_out(ptr, len, align, what);
        zeroes.claim(Range::new(ptr.addr(), len), false, what);
        self.dirty.push(Range::new(ptr.addr(), len));
        let block = Block {
            ptr,
            len,
            expect,
            what,
        };
        block.check(self.blocks.len());
        self.blocks.push(block);
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
        self.dirty.push(v.written());
    }

    fn apply(&mut self, zeroes: &mut Zeroes, op: &Op) {
        match *op {
            Op::Layout { size, align_shift } => {
                self.alloc_layout(zeroes, usize::from(size), align_shift)
            }
            Op::SmallLayout { size, align_shift } => {
                self.alloc_layout(zeroes, usize::from(size), align_shift % 8)
            }
            Op::SliceCopy { len, seed } => {
                let len = usize::from(len);
                if !self.fits_budget(len) {
                    return;
                }
                let src: Vec<u8> = (0..len).map(|i| pattern(seed, i)).collect();
                if let Ok(s) = self.arena.try_alloc_slice_copy(&src) {
                    assert_eq!(s.len(), len);
                    let ptr = s.as_mut_ptr();
                    self.tracked_copy(
                        zeroes,
                        ptr,
                        len,
                        1,
                        Expect::Pattern(seed),
                        "alloc_slice_copy",
                    );
                }
            }
            Op::SliceCopyU32 { len, seed } => {
                let src: Vec<u32> = (0..usize::from(len))
                    .map(|i| u32::from_le_bytes(core::array::from_fn(|k| pattern(seed, 4 * i + k))))
                    .collect();
                if !self.fits_budget(src.len() * 4) {
                    return;
                }
                if let Ok(s) = self.arena.try_alloc_slice_copy(&src) {
                    assert_eq!(s, &src[..]);
                    let ptr = s.as_mut_ptr().cast::<u8>();
                    self.tracked_copy(
                        zeroes,
                        ptr,
                        src.len() * 4,
                        4,
                        Expect::Pattern(seed),
                        "alloc_slice_copy::<u32>",
                    );
                }
            }
            Op::Str(ref s) => {
                if !self.fits_budget(s.len()) {
                    return;
                }
                if let Ok(a) = self.arena.try_alloc_str(s) {
                    assert_eq!(&*a, s.as_str());
                    let ptr = a.as_mut_ptr();
                    self.tracked_copy(
                        zeroes,
                        ptr,
                        s.len(),
                        1,
                        Expect::Bytes(s.as_bytes().to_vec()),
                        "alloc_str",
                    );
                }
            }
            Op::Reset | Op::ResetZeroed => unreachable!("handled by the caller"),
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
}

/// Runs operations until a reset or the end. Returns the number of operations consumed, the
/// reset that ended the round (`Some(zeroed)`) if any, and the ranges written in the round.
fn round<S: MemorySource>(
    arena: &Arena<S>,
    limit: Option<usize>,
    ops: &[Op],
    zeroes: &mut Zeroes,
) -> (usize, Option<bool>, Vec<Range>) {
    let log = RefCell::new(Vec::new());
    let mut round = Round {
        arena,
        log: &log,
        limit,
        blocks: Vec::new(),
        vecs: Vec::new(),
        dirty: Vec::new(),
    };
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Reset => return (n + 1, Some(false), round.dirty),
            Op::ResetZeroed => return (n + 1, Some(true), round.dirty),
            op => round.apply(zeroes, op),
        }
        round.check_all();
    }
    (ops.len(), None, round.dirty)
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
    let limit = config.limit.map(|l| l as usize);
    if let Some(l) = limit {
        builder = builder.limit(l);
    }
    let mut arena = builder.build();
    let mut zeroes = Zeroes {
        enabled: config.max_retained.is_none() && zeroing_check_enabled(),
        must_be_zero: Vec::new(),
    };
    let mut ops = ops;
    loop {
        let (consumed, reset, dirty) = round(&arena, limit, ops, &mut zeroes);
        ops = &ops[consumed..];
        let Some(zeroed) = reset else { break };
        if zeroed {
            arena.reset_zeroed();
        } else {
            arena.reset();
        }
        if zeroed || config.zero_on_reset {
            zeroes.must_be_zero.extend(dirty);
        }
        let stats = arena.stats();
        assert_eq!(stats.used, 0, "used after reset: {stats:?}");
    }
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
