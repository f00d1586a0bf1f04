//! Property test of scopes against a model: random trees of nested scopes, with allocations
//! made through any open level (the arena itself or any open scope), owned values, and resets
//! between top-level scopes. After every step every live block must be aligned, inside the
//! arena, disjoint from every other live block and intact; when a scope ends, exactly its own
//! blocks go (`contains` no longer sees them) and exactly its owned values are dropped; when its
//! memory is handed out again it reads as zero in a zeroing arena, and as `POISON_BYTE` in a
//! build that poisons.

use crate::common::{DropCounter, pattern};
use arenakit::{Arena, POISON_BYTE, Scope};
use core::alloc::Layout;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::ops::Range;

/// Whether this build fills released memory (mirrors the library's rule).
const FILLS: bool = cfg!(any(debug_assertions, feature = "poison"));

#[derive(Clone, Debug)]
enum Op {
    /// `alloc_layout` through the level `up` steps out from the innermost one (clamped: the
    /// arena itself is the outermost level).
    Alloc {
        size: usize,
        align_log: u32,
        up: u8,
    },
    /// `alloc_owned` of a value counted when dropped, through the innermost level.
    Owned,
    /// A scope opened through the level `up` steps out from the innermost one (clamped).
    Open {
        up: u8,
    },
    Close,
    /// A reset of the arena (at the top level; inside a scope it closes the scope).
    Reset,
}

fn op() -> impl Strategy<Value = Op> {
    let size = prop_oneof![0..=64usize, 0..=3000usize];
    prop_oneof![
        8 => (size, 0..=8u32, prop_oneof![3 => Just(0u8), 1 => 0..=4u8])
            .prop_map(|(size, align_log, up)| Op::Alloc { size, align_log, up }),
        1 => Just(Op::Owned),
        3 => prop_oneof![3 => Just(0u8), 1 => 0..=3u8].prop_map(|up| Op::Open { up }),
        3 => Just(Op::Close),
        1 => Just(Op::Reset),
    ]
}

/// What a nested scope's closure runs.
type Body<'f> = dyn FnMut(&Scope<'_>) -> Result<(usize, bool), TestCaseError> + 'f;

/// Where allocations go, and scopes open: the arena or a scope.
trait Level {
    fn layout(&self, layout: Layout) -> NonNull<u8>;
    fn owned(&self, counter: &DropCounter);
    fn open(&self, body: &mut Body<'_>) -> Result<(usize, bool), TestCaseError>;
}

impl Level for Arena {
    fn layout(&self, layout: Layout) -> NonNull<u8> {
        self.alloc_layout(layout)
    }
    fn owned(&self, counter: &DropCounter) {
        self.alloc_owned(counter.token());
    }
    fn open(&self, body: &mut Body<'_>) -> Result<(usize, bool), TestCaseError> {
        self.scope(|s| body(s))
    }
}

impl Level for Scope<'_> {
    fn layout(&self, layout: Layout) -> NonNull<u8> {
        self.alloc_layout(layout)
    }
    fn owned(&self, counter: &DropCounter) {
        self.alloc_owned(counter.token());
    }
    fn open(&self, body: &mut Body<'_>) -> Result<(usize, bool), TestCaseError> {
        self.scope(|s| body(s))
    }
}

/// A live block: where (the pointer the arena returned, which keeps its provenance, and the
/// address range it covers), its pattern seed and the level it was made at (0: the arena).
struct Block {
    ptr: NonNull<u8>,
    range: Range<usize>,
    seed: usize,
    level: usize,
}

struct Model {
    live: Vec<Block>,
    /// Memory given back (by a scope's end or a reset) and not handed out since, with the
    /// byte it must read when handed out again (`None`: anything).
    released: Vec<(Range<usize>, Option<u8>)>,
    /// Owned values registered per level (index 0: the arena), not yet dropped.
    owned: Vec<usize>,
    /// Owned values that must have been dropped so far.
    dropped: usize,
    next_seed: usize,
    zeroing: bool,
}

impl Model {
    /// The byte released memory must read.
    fn released_byte(&self) -> Option<u8> {
        if self.zeroing {
            Some(0)
        } else if FILLS {
            Some(POISON_BYTE)
        } else {
            None
        }
    }

    /// Checks a block just handed out, writes its pattern and records it.
    fn admit(
        &mut self,
        arena: &Arena,
        ptr: NonNull<u8>,
        layout: Layout,
        level: usize,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(ptr.addr().get() % layout.align(), 0, "misaligned block");
        let (start, len) = (ptr.addr().get(), layout.size());
        if len == 0 {
            return Ok(());
        }
        let range = start..start + len;
        prop_assert!(arena.contains(ptr.as_ptr()), "{:?} not contained", range);
        prop_assert!(arena.contains(ptr.as_ptr().wrapping_add(len - 1)));
        for other in &self.live {
            prop_assert!(
                range.end <= other.range.start || other.range.end <= range.start,
                "{:?} (level {}) overlaps live {:?} (level {})",
                range,
                level,
                other.range,
                other.level
            );
        }
        // Released memory handed out again reads as promised; then it is this block's.
        for (gone, byte) in &self.released {
            let Some(byte) = *byte else { continue };
            for at in gone.start.max(start)..gone.end.min(range.end) {
                // SAFETY: `at` lies in the fresh block, in memory the arena wrote (data, then
                // the fill or zeroing), so the byte is initialised.
                let b = unsafe { ptr.as_ptr().wrapping_add(at - start).read() };
                prop_assert_eq!(b, byte, "byte at {:#x} of released memory", at);
            }
        }
        self.released = std::mem::take(&mut self.released)
            .into_iter()
            .flat_map(|(r, b)| {
                [
                    (r.start..r.end.min(start), b),
                    (r.start.max(range.end)..r.end, b),
                ]
            })
            .filter(|(r, _)| r.start < r.end)
            .collect();
        let seed = self.next_seed;
        self.next_seed += 1;
        // SAFETY: the fresh block holds `len` bytes that nothing else uses.
        let slots =
            unsafe { core::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u8>>().as_ptr(), len) };
        for (i, slot) in slots.iter_mut().enumerate() {
            slot.write(pattern(seed, i));
        }
        self.live.push(Block {
            ptr,
            range,
            seed,
            level,
        });
        Ok(())
    }

    fn check_live(&self) -> Result<(), TestCaseError> {
        for block in &self.live {
            let len = block.range.len();
            // SAFETY: `block.ptr` is the pointer the arena returned for this live block, valid
            // for its `len` bytes, which `admit` wrote.
            let bytes = unsafe { core::slice::from_raw_parts(block.ptr.as_ptr(), len) };
            for (i, &b) in bytes.iter().enumerate() {
                prop_assert_eq!(
                    b,
                    pattern(block.seed, i),
                    "{:?} (level {}) overwritten",
                    block.range,
                    block.level
                );
            }
        }
        Ok(())
    }

    /// Everything made at `level` or deeper goes (a scope ended, or a reset at level 0).
    fn release_from(&mut self, level: usize) {
        let byte = self.released_byte();
        let (gone, kept) = std::mem::take(&mut self.live)
            .into_iter()
            .partition(|b| b.level >= level);
        self.live = kept;
        let gone: Vec<Block> = gone;
        self.released
            .extend(gone.into_iter().map(|b| (b.range, byte)));
        self.dropped += self.owned.drain(level..).sum::<usize>();
    }
}

struct Run<'m> {
    model: &'m mut Model,
    counter: DropCounter,
}

impl Run<'_> {
    /// Runs ops at nesting depth `levels.len() - 1` (scopes opened on the level `up` steps out
    /// of the innermost) until a `Close` or `Reset` (in a scope), a `Reset` (at the top) or the
    /// end; returns the index of the next op and whether a `Reset` at the top ended the run.
    fn level(
        &mut self,
        arena: &Arena,
        levels: &[&dyn Level],
        ops: &[Op],
        mut at: usize,
    ) -> Result<(usize, bool), TestCaseError> {
        let depth = levels.len() - 1;
        while at < ops.len() {
            let op = &ops[at];
            at += 1;
            match *op {
                Op::Alloc {
                    size,
                    align_log,
                    up,
                } => {
                    let level = depth.saturating_sub(usize::from(up));
                    let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
                    let ptr = levels[level].layout(layout);
                    self.model.admit(arena, ptr, layout, level)?;
                }
                Op::Owned => {
                    levels[depth].owned(&self.counter);
                    self.model.owned[depth] += 1;
                }
                Op::Open { up } if depth < 5 => {
                    self.model.owned.push(0);
                    let opener = depth.saturating_sub(usize::from(up));
                    let (next, _) = levels[opener].open(&mut |scope| {
                        let mut inner: Vec<&dyn Level> = levels.to_vec();
                        inner.push(scope);
                        self.level(arena, &inner, ops, at)
                    })?;
                    at = next;
                    // The scope ended: its blocks are gone, everything else intact.
                    let gone: Vec<(NonNull<u8>, Range<usize>)> = self
                        .model
                        .live
                        .iter()
                        .filter(|b| b.level > depth)
                        .map(|b| (b.ptr, b.range.clone()))
                        .collect();
                    self.model.release_from(depth + 1);
                    for (ptr, r) in gone {
                        prop_assert!(
                            !arena.contains(ptr.as_ptr()),
                            "{:?} still in the arena after its scope ended",
                            r
                        );
                    }
                    prop_assert_eq!(self.counter.get(), self.model.dropped);
                }
                Op::Open { .. } => {}
                Op::Close | Op::Reset if depth > 0 => return Ok((at, false)),
                Op::Reset => return Ok((at, true)),
                Op::Close => {}
            }
            self.model.check_live()?;
            let stats = arena.stats();
            let live: usize = self.model.live.iter().map(|b| b.range.len()).sum();
            prop_assert!(stats.used >= live, "used {} < live {}", stats.used, live);
            prop_assert!(stats.held >= stats.used);
        }
        Ok((at, false))
    }
}

fn run(chunk_size: usize, zeroing: bool, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut arena = Arena::builder()
        .chunk_size(chunk_size)
        .zero_on_reset(zeroing)
        .build();
    let mut model = Model {
        live: Vec::new(),
        released: Vec::new(),
        owned: vec![0],
        dropped: 0,
        next_seed: 1,
        zeroing,
    };
    let counter = DropCounter::default();
    let mut at = 0;
    while at < ops.len() {
        let mut run = Run {
            model: &mut model,
            counter: counter.clone(),
        };
        let (next, reset) = run.level(&arena, &[&arena], ops, at)?;
        at = next;
        if reset {
            model.check_live()?;
            model.release_from(0);
            model.owned.push(0);
            arena.reset();
            prop_assert_eq!(counter.get(), model.dropped);
            prop_assert_eq!(arena.stats().used, 0);
        }
    }
    model.check_live()?;
    drop(arena);
    Ok(())
}

fn seed() -> RngSeed {
    match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => ProptestConfig::default().rng_seed,
        None => RngSeed::Fixed(0x5c0e_5eed),
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: seed(),
        ..ProptestConfig::with_cases(cases())
    })]

    /// Random trees of nested scopes keep every block intact until its scope ends (or the
    /// arena resets), release exactly the scope's own blocks and owned values, and hand their
    /// memory out again zeroed or poisoned as promised.
    #[test]
    fn scopes_match_model(
        chunk_size in proptest::sample::select(&[256usize, 1000, 4096, 65_536][..]),
        zeroing in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..120),
    ) {
        run(chunk_size, zeroing, &ops)?;
    }
}
