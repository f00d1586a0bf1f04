//! Running the operations of a round (up to a reset), in nested scopes.

use super::model::{
    Align64, Block, BoxOf, DropCount, Elem, Expect, OWNED_NODE_HEADER, Owned, Range, Recording,
    Tracked, TrackedBox, TrackedVec, pattern,
};
use super::zeroes::Zeroes;
use super::{Config, ElemKind, LIVE_BUDGET, MAX_BOXES, MAX_SCOPE_DEPTH, Op};
use allocator_api2::vec::Vec as ArenaVec;
use arenakit::source::MemorySource;
use arenakit::{Arena, ArenaBox, Scope};
use core::alloc::Layout;
use core::cell::RefCell;
use core::mem::{align_of, size_of};
use core::ptr::NonNull;
use std::sync::Arc;

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
        zeroes.check_handed_out(ptr, size, "alloc_layout");
        zeroes.claim(Range::new(ptr.addr(), size));
        let seed = (self.blocks.len() as u8).wrapping_mul(17) ^ align_shift;
        for i in 0..size {
            // SAFETY: the block holds `size` bytes.
            unsafe { ptr.wrapping_add(i).write(pattern(seed, i)) };
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
        zeroes.claim(Range::new(ptr.addr(), len));
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
        zeroes.claim(node);
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
        zeroes.claim(region);
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
            zeroes.claim(block);
        }
        let v = &self.vecs[i];
        if let Some(buffer) = v.buffer() {
            zeroes.claim(buffer);
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
pub(super) fn round<S: MemorySource>(
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
