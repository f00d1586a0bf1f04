//! Port of bumpalo `tests/all/quickchecks.rs`: bumpalo's quickcheck properties (mutatis checks
//! on its main branch after 3.21) as proptest properties.
//!
//! `extend_from_slice_copy` and `extend_from_slices_copy` come from `ArenaVecExt` (in
//! `arenakit::prelude`).
//!
//! Deliberate differences: every block is rounded up to 8 bytes, so bumpalo's "a chunk holds
//! exactly the bytes allocated" becomes "exactly the bytes allocated, each rounded up to 8";
//! and a chunk's bytes between blocks are uninitialised, so chunk contents are checked block
//! by block instead of as one byte string.

use super::allocation_limit::fill_up_to;
use super::{chunk_regions, contains, push_disjoint, range_of};
use crate::common::{addr, proptest_config};
use allocator_api2::alloc::Allocator;
use arenakit::prelude::ArenaVecExt;
use arenakit::{Arena, Checkpoint};
use core::alloc::Layout;
use core::ptr::NonNull;
use proptest::prelude::*;

/// bumpalo's `BigValue`: 256 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BigValue {
    data: [u64; 32],
}

fn big_values() -> impl Strategy<Value = Vec<BigValue>> {
    prop::collection::vec(any::<u64>().prop_map(|x| BigValue { data: [x; 32] }), 0..64)
}

/// bumpalo's `Elems<u8, u64>`: one, two or four of either type.
#[derive(Clone, Copy, Debug)]
enum Elems<T, U> {
    OneT(T),
    TwoT(T, T),
    FourT(T, T, T, T),
    OneU(U),
    TwoU(U, U),
    FourU(U, U, U, U),
}

fn elems() -> impl Strategy<Value = Elems<u8, u64>> {
    prop_oneof![
        any::<u8>().prop_map(Elems::OneT),
        any::<(u8, u8)>().prop_map(|(a, b)| Elems::TwoT(a, b)),
        any::<(u8, u8, u8, u8)>().prop_map(|(a, b, c, d)| Elems::FourT(a, b, c, d)),
        any::<u64>().prop_map(Elems::OneU),
        any::<(u64, u64)>().prop_map(|(a, b)| Elems::TwoU(a, b)),
        any::<(u64, u64, u64, u64)>().prop_map(|(a, b, c, d)| Elems::FourU(a, b, c, d)),
    ]
}

/// bumpalo's `Vec<Vec<usize>>` inputs of the `extend_from_slices_copy` properties (kept
/// small: up to 16 slices of up to 32 elements).
fn slices_of_usize() -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(prop::collection::vec(any::<usize>(), 0..32), 0..16)
}

/// bumpalo's split of those inputs: the first slice (empty if there is none) and the rest.
fn split_first_slice(data: &[Vec<usize>]) -> (&[usize], Vec<&[usize]>) {
    match data {
        [head, tail @ ..] => (head, tail.iter().map(Vec::as_slice).collect()),
        [] => (&[], Vec::new()),
    }
}

/// Allocates `value`, checks it reads back, and returns its byte range.
fn alloc_range<T: Copy + PartialEq + core::fmt::Debug>(arena: &Arena, value: T) -> (usize, usize) {
    let r = arena.alloc(value);
    assert_eq!(*r, value);
    range_of(r)
}

/// Bytes a plain block of `size` bytes takes: `size` rounded up to 8.
fn rounded(size: usize) -> usize {
    size.next_multiple_of(8)
}

/// Total used bytes over `arena`'s chunks (raw and safe views checked to agree).
fn used_in_chunks(arena: &mut Arena) -> usize {
    chunk_regions(arena).iter().map(|&(_, len)| len).sum()
}

/// Asserts every non-empty range lies inside one of the used chunk regions (a chunk in use
/// may have no used bytes yet, after a reset for example).
fn assert_in_chunks(regions: &[(usize, usize)], ranges: &[(usize, usize)]) {
    for &r in ranges.iter().filter(|r| r.0 < r.1) {
        assert!(
            regions
                .iter()
                .any(|&(start, len)| len > 0 && contains((start, start + len), r)),
            "{r:x?} lies in no chunk"
        );
    }
}

/// One step of bumpalo's `AllocatorOp` / `LayoutAllocatorOp` programs: an allocation (of a
/// byte slice, or of a layout), a reset, or a new limit (bumpalo's `u16 % 4096`).
#[derive(Clone, Debug)]
enum ArenaOp {
    Alloc { value: u8, len: usize },
    AllocLayout(Layout),
    Reset,
    SetLimit(Option<usize>),
}

/// bumpalo's `arbitrary_small_layout`: alignment 1 to 64, size a positive multiple of it up
/// to 256.
fn small_layout() -> impl Strategy<Value = Layout> {
    (0u32..7, 0usize..256).prop_map(|(log2, units)| {
        let align = 1usize << log2;
        let units = units % (256 / align).max(1) + 1;
        Layout::from_size_align(units * align, align).unwrap()
    })
}

fn set_limit_op() -> impl Strategy<Value = ArenaOp> {
    prop::option::of(0usize..4096).prop_map(ArenaOp::SetLimit)
}

/// A live allocation of the programs: start, length, and the byte it holds (`None`: a layout
/// block, never written).
type Live = (usize, usize, Option<u8>);

/// Runs a program of [`ArenaOp`]s (at most bumpalo's 64), checking after every step that the
/// two chunk views agree, that every live block lies in a chunk and overlaps no other, that
/// byte slices still hold their value, that the limit survives resets, and (for programs of
/// byte slices only) that the chunks hold exactly the live blocks, rounded up to 8.
fn run_program(program: &[ArenaOp]) {
    let mut arena = Arena::new();
    let mut live: Vec<Live> = vec![];
    let mut limit = None;
    for op in program.iter().take(64) {
        match *op {
            ArenaOp::Alloc { value, len } => {
                if let Ok(slice) = arena.try_alloc_slice_fill_copy(len % 96, value) {
                    assert!(slice.iter().all(|&b| b == value));
                    live.push((addr(slice.as_ptr()), slice.len(), Some(value)));
                }
            }
            ArenaOp::AllocLayout(layout) => {
                if let Ok(ptr) = arena.try_alloc_layout(layout) {
                    assert_eq!(ptr.addr().get() % layout.align(), 0);
                    live.push((ptr.addr().get(), layout.size(), None));
                }
            }
            ArenaOp::Reset => {
                arena.reset();
                live.clear();
                assert_eq!(arena.limit(), limit);
            }
            ArenaOp::SetLimit(new) => {
                arena.set_limit(new);
                limit = new;
                assert_eq!(arena.limit(), limit);
            }
        }

        let regions = chunk_regions(&mut arena);
        let ranges: Vec<(usize, usize)> = live.iter().map(|&(a, len, _)| (a, a + len)).collect();
        assert_in_chunks(&regions, &ranges);
        let mut seen = vec![];
        for &r in ranges.iter().filter(|r| r.0 < r.1) {
            push_disjoint(&mut seen, r);
        }
        for &(start, len, value) in &live {
            let Some(value) = value else { continue };
            // SAFETY: `[start, start + len)` is a slice allocated since the last reset, so
            // still live; it is only read.
            let bytes = unsafe { core::slice::from_raw_parts(start as *const u8, len) };
            assert!(bytes.iter().all(|&b| b == value), "a live slice changed");
        }
        if live.iter().all(|l| l.2.is_some()) {
            let expected: usize = live.iter().map(|l| rounded(l.1)).sum();
            assert_eq!(regions.iter().map(|r| r.1).sum::<usize>(), expected);
        }
    }
}

/// One step of bumpalo's `RawCheckpointOp` programs, plus plain allocations (see
/// [`stress_raw_checkpoints`]). Sizes are taken modulo bumpalo's `MAX_SIZE` of 100.
#[derive(Clone, Copy, Debug)]
enum CheckpointOp {
    TakeCheckpoint,
    ResetToCheckpoint,
    DropCheckpoint,
    /// A plain allocation (`alloc_slice_fill_copy`): rewound by `reset_to`.
    AllocPlain(u8, usize),
    /// An `Allocator::allocate` block: freeable, so not rewound by `reset_to`.
    Alloc(u8, usize),
    /// Grow or shrink the newest `Allocator` block, then fill it with the byte.
    Realloc(u8, usize),
    /// Deallocate the newest `Allocator` block.
    Dealloc,
}

fn checkpoint_op() -> impl Strategy<Value = CheckpointOp> {
    prop_oneof![
        Just(CheckpointOp::TakeCheckpoint),
        Just(CheckpointOp::ResetToCheckpoint),
        Just(CheckpointOp::DropCheckpoint),
        (any::<u8>(), any::<usize>()).prop_map(|(b, n)| CheckpointOp::AllocPlain(b, n)),
        (any::<u8>(), any::<usize>()).prop_map(|(b, n)| CheckpointOp::Alloc(b, n)),
        (any::<u8>(), any::<usize>()).prop_map(|(b, n)| CheckpointOp::Realloc(b, n)),
        Just(CheckpointOp::Dealloc),
    ]
}

/// Asserts the `len` bytes at `ptr` all hold `byte`.
///
/// # Safety
///
/// `ptr` is valid for reads of `len` initialised bytes.
unsafe fn assert_holds(ptr: *const u8, len: usize, byte: u8) {
    // SAFETY: as the caller guarantees.
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    if let Some(i) = bytes.iter().position(|&b| b != byte) {
        panic!(
            "byte {i} of a live block of {len} bytes is {:#x}, not {byte:#x}",
            bytes[i]
        );
    }
}

/// Resizes the `Allocator` block at `ptr` from `old` to `new` bytes (alignment kept).
///
/// # Safety
///
/// `ptr` is a live block of `arena` for `old`; it must not be used once this returns `Ok`.
unsafe fn realloc(
    arena: &Arena,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Option<NonNull<u8>> {
    let result = if new.size() <= old.size() {
        // SAFETY: `ptr` is live for `old` (caller), and `new` is no larger.
        unsafe { arena.shrink(ptr, old, new) }
    } else {
        // SAFETY: `ptr` is live for `old` (caller), and `new` is no smaller.
        unsafe { arena.grow(ptr, old, new) }
    };
    result.ok().map(NonNull::cast)
}

/// bumpalo's `stress_raw_checkpoints` on arenakit's safe checkpoints: runs `ops` and checks
/// after each step that every live block still holds its byte. bumpalo rewinds every
/// allocation made since the checkpoint; arenakit's `reset_to` rewinds plain allocations
/// only, so `Allocator` blocks (freeable) stay live across it and must stay intact.
fn run_checkpoint_program(ops: &[CheckpointOp]) {
    let mut arena = Arena::new();
    // Plain slices (start, len, byte), and how many of them each checkpoint keeps.
    let mut plain: Vec<(usize, usize, u8)> = vec![];
    let mut checkpoints: Vec<(usize, Checkpoint)> = vec![];
    // `Allocator` blocks; `None` once freed or moved.
    let mut blocks: Vec<Option<(u8, NonNull<u8>, Layout)>> = vec![];

    for &op in ops.iter().take(100) {
        match op {
            CheckpointOp::TakeCheckpoint => checkpoints.push((plain.len(), arena.checkpoint())),
            CheckpointOp::ResetToCheckpoint => {
                if let Some((n, cp)) = checkpoints.pop() {
                    arena
                        .reset_to(&cp)
                        .expect("the newest checkpoint is not stale");
                    plain.truncate(n);
                }
            }
            CheckpointOp::DropCheckpoint => {
                checkpoints.pop();
            }
            CheckpointOp::AllocPlain(byte, size) => {
                let s = arena.alloc_slice_fill_copy(size % 100, byte);
                plain.push((addr(s.as_ptr()), s.len(), byte));
            }
            CheckpointOp::Alloc(byte, size) => {
                let layout = Layout::from_size_align(size % 100, 1).unwrap();
                let ptr = (&arena).allocate(layout).unwrap().cast::<u8>();
                // SAFETY: a fresh block of `layout.size()` bytes.
                unsafe { ptr.write_bytes(byte, layout.size()) };
                blocks.push(Some((byte, ptr, layout)));
            }
            CheckpointOp::Realloc(byte, size) => {
                let new_size = size % 100;
                if let (Some(&Some((_, ptr, old))), true) = (blocks.last(), new_size > 0) {
                    let new = Layout::from_size_align(new_size, old.align()).unwrap();
                    // SAFETY: `ptr` is the live block for `old`; it is forgotten on success.
                    if let Some(moved) = unsafe { realloc(&arena, ptr, old, new) } {
                        // SAFETY: `moved` is a live block of `new_size` bytes.
                        unsafe { moved.write_bytes(byte, new_size) };
                        *blocks.last_mut().unwrap() = None;
                        blocks.push(Some((byte, moved, new)));
                    }
                }
            }
            CheckpointOp::Dealloc => {
                if let Some(&Some((_, ptr, layout))) = blocks.last() {
                    *blocks.last_mut().unwrap() = None;
                    // SAFETY: `ptr` is the live block for `layout`, forgotten just above.
                    unsafe { (&arena).deallocate(ptr, layout) };
                }
            }
        }

        for &(start, len, byte) in &plain {
            // SAFETY: allocated after the checkpoints still standing, so not rewound.
            unsafe { assert_holds(start as *const u8, len, byte) };
        }
        for &(byte, ptr, layout) in blocks.iter().flatten() {
            // SAFETY: a live `Allocator` block of `layout.size()` written bytes.
            unsafe { assert_holds(ptr.as_ptr(), layout.size(), byte) };
        }
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/quickchecks.rs: stress_raw_checkpoints
    ///
    /// (A test of bumpalo's main branch after 3.21, for its `raw_checkpoint`; here the safe
    /// `checkpoint`/`reset_to`, with plain allocations mixed in so the rewind has something to
    /// give back.)
    #[test]
    fn stress_raw_checkpoints(ops in prop::collection::vec(checkpoint_op(), 0..100)) {
        run_checkpoint_program(&ops);
    }

    /// bumpalo tests/all/quickchecks.rs: can_allocate_big_values
    #[test]
    fn can_allocate_big_values(values in big_values()) {
        let arena = Arena::new();
        let alloced: Vec<&mut BigValue> = values.iter().map(|&v| arena.alloc(v)).collect();
        for (v, a) in values.iter().zip(alloced) {
            prop_assert_eq!(v, &*a);
        }
    }

    /// bumpalo tests/all/quickchecks.rs: big_allocations_never_overlap
    #[test]
    fn big_allocations_never_overlap(values in big_values()) {
        let arena = Arena::new();
        let mut alloced = vec![];
        for v in values {
            push_disjoint(&mut alloced, alloc_range(&arena, v));
        }
    }

    /// bumpalo tests/all/quickchecks.rs: can_allocate_heterogeneous_things_and_they_dont_overlap
    #[test]
    fn can_allocate_heterogeneous_things_and_they_dont_overlap(
        things in prop::collection::vec(elems(), 0..64),
    ) {
        let arena = Arena::new();
        let mut ranges = vec![];
        for t in things {
            let r = match t {
                Elems::OneT(a) => alloc_range(&arena, a),
                Elems::TwoT(a, b) => alloc_range(&arena, [a, b]),
                Elems::FourT(a, b, c, d) => alloc_range(&arena, [a, b, c, d]),
                Elems::OneU(a) => alloc_range(&arena, a),
                Elems::TwoU(a, b) => alloc_range(&arena, [a, b]),
                Elems::FourU(a, b, c, d) => alloc_range(&arena, [a, b, c, d]),
            };
            push_disjoint(&mut ranges, r);
        }
    }

    /// bumpalo tests/all/quickchecks.rs: test_alignment_chunks
    ///
    /// bumpalo (with a minimum alignment of 1) asserts the chunks hold exactly the bytes
    /// allocated; in arenakit each block is rounded up to 8 and a 16-aligned block may follow
    /// 8 bytes of padding.
    #[test]
    fn test_alignment_chunks(sizes in prop::collection::vec(any::<usize>(), 0..64)) {
        for alignment in [1, 2, 4, 8, 16] {
            let mut arena = Arena::with_capacity(513);
            let sizes: Vec<usize> = sizes.iter().map(|&s| (s % 10) * alignment).collect();
            let mut ranges = vec![];
            for &size in &sizes {
                let layout = Layout::from_size_align(size, alignment).unwrap();
                let ptr = arena.alloc_layout(layout).addr().get();
                prop_assert_eq!(ptr % alignment, 0);
                ranges.push((ptr, ptr + size));
            }
            let regions = chunk_regions(&mut arena);
            assert_in_chunks(&regions, &ranges);
            let exact: usize = sizes.iter().map(|&s| rounded(s)).sum();
            let used: usize = regions.iter().map(|r| r.1).sum();
            let padding = if alignment > 8 { (alignment - 8) * sizes.len() } else { 0 };
            prop_assert!(exact <= used && used <= exact + padding, "{} vs {}", used, exact);
        }
    }

    /// bumpalo tests/all/quickchecks.rs: alloc_slices
    #[test]
    fn alloc_slices(allocs in prop::collection::vec((any::<u8>(), any::<usize>()), 0..64)) {
        let arena = Arena::new();
        let mut allocated = vec![];
        for (val, len) in allocs {
            let len = len % 100;
            let s = arena.alloc_slice_fill_copy(len, val);
            prop_assert_eq!(s.len(), len);
            prop_assert!(s.iter().all(|v| *v == val));
            if len > 0 {
                push_disjoint(&mut allocated, range_of(&*s));
            }
        }
    }

    /// bumpalo tests/all/quickchecks.rs: alloc_strs
    #[test]
    fn alloc_strs(strings in prop::collection::vec(".{0,40}", 0..32)) {
        let arena = Arena::new();
        let allocated: Vec<&str> = strings.iter().map(|s| &*arena.alloc_str(s)).collect();
        for (expected, actual) in strings.iter().zip(allocated) {
            prop_assert_eq!(expected, actual);
        }
    }

    /// bumpalo tests/all/quickchecks.rs: all_allocations_in_a_chunk
    #[test]
    fn all_allocations_in_a_chunk(values in big_values()) {
        let mut arena = Arena::new();
        let ranges: Vec<(usize, usize)> =
            values.iter().map(|&v| alloc_range(&arena, v)).collect();
        assert_in_chunks(&chunk_regions(&mut arena), &ranges);
    }

    /// bumpalo tests/all/quickchecks.rs: chunks_and_raw_chunks_are_same
    #[test]
    fn chunks_and_raw_chunks_are_same(values in big_values()) {
        let mut arena = Arena::new();
        for v in &values {
            arena.alloc(*v);
        }
        let used = used_in_chunks(&mut arena);
        prop_assert_eq!(used, values.len() * size_of::<BigValue>());
    }

    /// bumpalo tests/all/quickchecks.rs: limit_is_never_exceeded
    ///
    /// bumpalo's later version of the property (limits under 16 KiB).
    #[test]
    fn limit_is_never_exceeded(limit in any::<usize>()) {
        fill_up_to(limit % (16 * 1024));
    }

    /// bumpalo tests/all/quickchecks.rs: allocated_bytes_including_metadata
    #[test]
    fn allocated_bytes_including_metadata(allocs in prop::collection::vec(any::<usize>(), 0..64)) {
        let arena = Arena::new();
        let mut slice_bytes = 0;
        for len in &allocs {
            let len = len % 512;
            arena.alloc_slice_fill_copy(len, 0u8);
            slice_bytes += len;
            let data = arena.allocated_bytes();
            let total = arena.allocated_bytes_including_metadata();
            if slice_bytes == 0 {
                prop_assert_eq!(data, 0);
                prop_assert_eq!(total, 0);
            } else {
                prop_assert!(data >= slice_bytes);
                prop_assert!(total > data);
                prop_assert!(total < data + allocs.len() * 100);
            }
        }
    }

    /// bumpalo tests/all/quickchecks.rs: extending_from_slice
    #[test]
    fn extending_from_slice(
        data1 in prop::collection::vec(any::<usize>(), 0..64),
        data2 in prop::collection::vec(any::<usize>(), 0..64),
    ) {
        let arena = Arena::new();
        let mut vec = arena.vec();
        vec.extend_from_slice_copy(&data1);
        prop_assert_eq!(vec.as_slice(), &data1[..]);
        vec.extend_from_slice_copy(&data2);
        prop_assert_eq!(vec.len(), data1.len() + data2.len());
        prop_assert_eq!(&vec[..data1.len()], &data1[..]);
        prop_assert_eq!(&vec[data1.len()..], &data2[..]);
    }

    /// bumpalo tests/all/quickchecks.rs: extending_from_slices
    #[test]
    fn extending_from_slices(data in slices_of_usize()) {
        let arena = Arena::new();
        let (first, rest) = split_first_slice(&data);
        let mut vec = arena.vec();
        vec.extend_from_slice_copy(first);
        prop_assert_eq!(vec.as_slice(), first);
        vec.extend_from_slices_copy(&rest);
        let total: Vec<usize> = data.iter().flatten().copied().collect();
        prop_assert_eq!(vec.len(), total.len());
        prop_assert_eq!(vec.as_slice(), total.as_slice());
    }

    /// bumpalo tests/all/quickchecks.rs: compare_extending_from_slice_and_from_slices
    #[test]
    fn compare_extending_from_slice_and_from_slices(data in slices_of_usize()) {
        let arena = Arena::new();
        let (first, rest) = split_first_slice(&data);
        let mut one_by_one = arena.vec();
        one_by_one.extend_from_slice_copy(first);
        prop_assert_eq!(one_by_one.as_slice(), first);
        for slice in &rest {
            one_by_one.extend_from_slice_copy(slice);
        }
        let mut all_at_once = arena.vec();
        all_at_once.extend_from_slice_copy(first);
        prop_assert_eq!(all_at_once.as_slice(), first);
        all_at_once.extend_from_slices_copy(&rest);
        prop_assert_eq!(one_by_one, all_at_once);
    }

    /// bumpalo tests/all/quickchecks.rs: allocator_operation_sequences_preserve_chunk_views
    ///
    /// (A test of bumpalo's main branch after 3.21.)
    #[test]
    fn allocator_operation_sequences_preserve_chunk_views(
        program in prop::collection::vec(prop_oneof![
            6 => (any::<u8>(), any::<usize>())
                .prop_map(|(value, len)| ArenaOp::Alloc { value, len }),
            1 => Just(ArenaOp::Reset),
            1 => set_limit_op(),
        ], 0..64),
    ) {
        run_program(&program);
    }

    /// bumpalo tests/all/quickchecks.rs: layout_allocation_sequences_preserve_alignment_and_containment
    ///
    /// (A test of bumpalo's main branch after 3.21.)
    #[test]
    fn layout_allocation_sequences_preserve_alignment_and_containment(
        program in prop::collection::vec(prop_oneof![
            6 => small_layout().prop_map(ArenaOp::AllocLayout),
            1 => Just(ArenaOp::Reset),
            1 => set_limit_op(),
        ], 0..64),
    ) {
        run_program(&program);
    }
}
