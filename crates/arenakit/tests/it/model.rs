//! Property test against a simple model: random sequences of allocations (any size up to
//! 5000 bytes, any alignment up to 4096) and resets, on arenas with tiny and odd chunk sizes.
//! Every block must be aligned, inside the arena, disjoint from every other live block, and
//! keep its bytes until the next reset; memory zeroed at reset must read as zero when reused.
//!
//! `PROPTEST_CASES` sets the number of cases (default 256), so slow CI jobs can lower it;
//! the seed is fixed unless `PROPTEST_RNG_SEED` sets another.

use crate::common::pattern;
use arenakit::Arena;
use core::alloc::Layout;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::ops::Range;

/// Cases per property: `PROPTEST_CASES` if set, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// Chunk sizes to test: the minimum, odd ones (not powers of two) and the default.
const CHUNK_SIZES: [usize; 6] = [256, 300, 1000, 4096, 10_000, 65_536];

#[derive(Clone, Debug)]
enum Op {
    /// `alloc_layout` of `size` bytes aligned to `1 << align_log`.
    Layout {
        size: usize,
        align_log: u32,
    },
    /// `alloc_slice_copy` of `len` bytes.
    Copy {
        len: usize,
    },
    Reset,
    ResetZeroed,
}

fn op() -> impl Strategy<Value = Op> {
    // Up to 40 000 bytes: large blocks of several sizes reuse each other's spare dedicated
    // chunks, bump from the large region and get promoted to the plain lane at reset.
    let size = prop_oneof![4 => 0..=64usize, 4 => 0..=5000usize, 1 => 1000..=40_000usize];
    prop_oneof![
        8 => (size, 0..=12u32).prop_map(|(size, align_log)| Op::Layout { size, align_log }),
        4 => (0..=700usize).prop_map(|len| Op::Copy { len }),
        1 => Just(Op::Reset),
        1 => Just(Op::ResetZeroed),
    ]
}

/// A block handed out since the last reset, and the pattern written into it.
struct Block {
    ptr: NonNull<u8>,
    len: usize,
    seed: usize,
}

impl Block {
    fn range(&self) -> Range<usize> {
        self.ptr.addr().get()..self.ptr.addr().get() + self.len
    }

    /// The block's bytes.
    ///
    /// # Safety
    ///
    /// The block is live (no reset since it was handed out) and all its bytes are written.
    unsafe fn bytes(&self) -> &[u8] {
        // SAFETY: a live block is valid for `len` bytes, initialised (caller).
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

/// The model: blocks live since the last reset, ranges written since the last zeroing reset,
/// and ranges zeroed by the last reset.
struct Model {
    live: Vec<Block>,
    /// The blocks of the rounds since the last zeroing reset (their chunks are all retained:
    /// the arenas here keep everything), which the next zeroing reset must wipe.
    dirty: Vec<Range<usize>>,
    zeroed: Vec<Range<usize>>,
    next_seed: usize,
}

impl Model {
    /// Checks a block just handed out (before anything is written into it) and records it.
    fn admit(
        &mut self,
        arena: &Arena,
        ptr: NonNull<u8>,
        len: usize,
        align: usize,
    ) -> Result<usize, TestCaseError> {
        prop_assert_eq!(ptr.addr().get() % align, 0, "misaligned block");
        let seed = self.next_seed;
        self.next_seed += 1;
        if len == 0 {
            return Ok(seed);
        }
        let block = Block { ptr, len, seed };
        let range = block.range();
        prop_assert!(
            arena.contains(ptr.as_ptr()),
            "block {:?} not contained",
            range
        );
        prop_assert!(arena.contains(ptr.as_ptr().wrapping_add(len - 1)));
        for other in &self.live {
            let o = other.range();
            prop_assert!(
                range.end <= o.start || o.end <= range.start,
                "block {:?} overlaps live block {:?}",
                range,
                o
            );
        }
        self.live.push(block);
        Ok(seed)
    }

    /// Checks that the parts of `[ptr, ptr + len)` zeroed by the last reset still read zero.
    fn check_zeroed(&self, ptr: NonNull<u8>, len: usize) -> Result<(), TestCaseError> {
        let start = ptr.addr().get();
        for zero in &self.zeroed {
            let from = zero.start.max(start);
            let to = zero.end.min(start + len);
            for at in from..to {
                // SAFETY: `at` lies in the fresh block (valid for reads), and in memory the
                // arena zeroed at reset, so the byte is initialised.
                let byte = unsafe { ptr.as_ptr().wrapping_add(at - start).read() };
                prop_assert_eq!(byte, 0, "byte at {:#x} not zeroed by reset", at);
            }
        }
        Ok(())
    }

    /// Checks that every live block still holds its pattern.
    fn check_live(&self) -> Result<(), TestCaseError> {
        for block in &self.live {
            // SAFETY: the block is live and its bytes were all written when it was admitted.
            let bytes = unsafe { block.bytes() };
            for (i, &b) in bytes.iter().enumerate() {
                prop_assert_eq!(
                    b,
                    pattern(block.seed, i),
                    "block {:?} overwritten",
                    block.range()
                );
            }
        }
        Ok(())
    }

    /// Ends a round: checks it, then forgets its blocks, remembering everything written
    /// since the last zeroing reset (earlier rounds' blocks too) as zeroed if the reset zeroes.
    fn reset(&mut self, zeroes: bool) -> Result<(), TestCaseError> {
        self.check_live()?;
        self.dirty.extend(self.live.iter().map(Block::range));
        self.zeroed = if zeroes {
            core::mem::take(&mut self.dirty)
        } else {
            Vec::new()
        };
        self.live.clear();
        Ok(())
    }
}

/// Runs `ops` on a fresh arena and checks it against the model after every step.
fn run(chunk_size: usize, zero_on_reset: bool, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut arena = Arena::builder()
        .chunk_size(chunk_size)
        .zero_on_reset(zero_on_reset)
        .build();
    let mut model = Model {
        live: Vec::new(),
        dirty: Vec::new(),
        zeroed: Vec::new(),
        next_seed: 1,
    };
    for op in ops {
        match *op {
            Op::Layout { size, align_log } => {
                let align = 1usize << align_log;
                let ptr = arena.alloc_layout(Layout::from_size_align(size, align).unwrap());
                model.check_zeroed(ptr, size)?;
                let seed = model.admit(&arena, ptr, size, align)?;
                // SAFETY: the fresh block holds `size` bytes that nothing else uses;
                // `MaybeUninit` makes no claim about their contents.
                let slots = unsafe {
                    core::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u8>>().as_ptr(), size)
                };
                for (i, slot) in slots.iter_mut().enumerate() {
                    slot.write(pattern(seed, i));
                }
            }
            Op::Copy { len } => {
                let seed = model.next_seed;
                let src: Vec<u8> = (0..len).map(|i| pattern(seed, i)).collect();
                let copy = arena.alloc_slice_copy(&src);
                prop_assert_eq!(&*copy, &src[..]);
                let ptr = NonNull::from(copy).cast::<u8>();
                prop_assert_eq!(model.admit(&arena, ptr, len, 1)?, seed);
            }
            Op::Reset => {
                model.reset(zero_on_reset)?;
                arena.reset();
            }
            Op::ResetZeroed => {
                model.reset(true)?;
                arena.reset_zeroed();
            }
        }
        let stats = arena.stats();
        let live: usize = model.live.iter().map(|b| b.len).sum();
        prop_assert!(
            stats.used >= live,
            "used {} below live bytes {}",
            stats.used,
            live
        );
        prop_assert!(stats.held >= stats.used);
        prop_assert!(stats.high_water >= stats.used);
    }
    model.check_live()
}

/// A fixed seed, so every run tests the same cases, unless `PROPTEST_RNG_SEED` asks for
/// another (proptest reads it into the default configuration).
fn seed() -> RngSeed {
    match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => ProptestConfig::default().rng_seed,
        None => RngSeed::Fixed(0x5eed_a2e4),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: seed(),
        ..ProptestConfig::with_cases(cases())
    })]

    /// Random allocation and reset sequences keep every block aligned, contained, disjoint,
    /// intact until reset, and zeroed when a zeroing reset hands its memory out again.
    #[test]
    fn arena_matches_model(
        chunk_size in proptest::sample::select(&CHUNK_SIZES[..]),
        zero_on_reset in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..80),
    ) {
        run(chunk_size, zero_on_reset, &ops)?;
    }
}
