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

mod model;
mod rounds;
mod zeroes;

use arbitrary::Arbitrary;
use arenakit::source::{Fixed, MemorySource};
use arenakit::{Arena, ArenaBuilder};
use core::cell::Cell;
use model::DropCount;
use rounds::round;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use zeroes::{Zeroes, fills_released};

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

/// One fuzz input: the arena's configuration and the operations to run on it.
#[derive(Arbitrary, Debug)]
pub struct Input {
    config: Config,
    ops: Vec<Op>,
}
/// Whether the `reset_zeroed` promise is checked (`ARENAKIT_FUZZ_ZEROING_CHECK`, default on).
fn zeroing_check_enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var("ARENAKIT_FUZZ_ZEROING_CHECK").map_or(true, |v| v != "0"))
}

fn run_arena<S: MemorySource>(builder: ArenaBuilder<S>, config: &Config, ops: &[Op]) {
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

/// Runs one input: the body of the `arena_ops` fuzz target.
pub fn run(input: &Input) {
    let ops = &input.ops[..input.ops.len().min(MAX_OPS)];
    match input.config.source {
        SourceKind::Heap => run_arena(Arena::builder(), &input.config, ops),
        SourceKind::Fixed { kib } => {
            let mut buffer = vec![0u8; (usize::from(kib) + 1) * 4096];
            run_arena(
                Arena::builder().source(Fixed::new(&mut buffer)),
                &input.config,
                ops,
            );
        }
    }
}
