//! Port of bumpalo `tests/all/allocator_api.rs`: `&Arena` as an allocator-api2 `Allocator`
//! (bumpalo's test uses the nightly `allocator_api`; the calls are the same).
//!
//! Deliberate difference: bumpalo refuses to shrink a block to a stricter alignment;
//! arenakit moves it to a block with that alignment (the `Allocator` contract allows both).

use crate::common::{pattern, proptest_config};
use allocator_api2::alloc::{AllocError, Allocator};
use allocator_api2::vec::Vec;
use arenakit::Arena;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use proptest::prelude::*;

/// An arena that counts the `Allocator` calls made on it (bumpalo's `AllocatorDebug`).
#[derive(Debug, Default)]
struct AllocatorDebug {
    arena: Arena,
    grows: Cell<usize>,
    shrinks: Cell<usize>,
    allocs: Cell<usize>,
    deallocs: Cell<usize>,
}

/// Adds one to `counter`.
fn bump(counter: &Cell<usize>) {
    counter.set(counter.get() + 1);
}

// SAFETY: every call is forwarded unchanged to `&Arena`, which implements the contract; the
// counters do not touch the memory.
unsafe impl Allocator for AllocatorDebug {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        bump(&self.allocs);
        (&self.arena).allocate(layout)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        bump(&self.deallocs);
        // SAFETY: forwarded from our caller, who upholds `deallocate`'s contract.
        unsafe { (&self.arena).deallocate(ptr, layout) }
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        bump(&self.grows);
        // SAFETY: forwarded from our caller, who upholds `grow`'s contract.
        unsafe { (&self.arena).grow(ptr, old_layout, new_layout) }
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        bump(&self.shrinks);
        // SAFETY: forwarded from our caller, who upholds `shrink`'s contract.
        unsafe { (&self.arena).shrink(ptr, old_layout, new_layout) }
    }
}

/// bumpalo tests/all/allocator_api.rs: allocator_api_push_a_bunch_of_items
#[test]
fn allocator_api_push_a_bunch_of_items() {
    let b = AllocatorDebug::default();
    let mut v = Vec::with_capacity_in(1024, &b);
    assert_eq!(b.allocs.get(), 1);

    v.extend(0..1024);
    assert_eq!(b.grows.get(), 0);
    v.extend(1024..2048);
    assert_ne!(b.grows.get(), 0, "pushing past the capacity did not grow");

    v.truncate(1024);
    v.shrink_to_fit();
    assert_eq!(b.shrinks.get(), 1);
    assert!(v.iter().copied().eq(0..1024));

    assert_eq!(b.deallocs.get(), 0);
    drop(v);
    assert_eq!(b.deallocs.get(), 1);
    assert_eq!(
        b.arena.stats().used,
        0,
        "the freed buffer was not given back"
    );
}

/// bumpalo tests/all/allocator_api.rs: allocator_grow_zeroed
#[test]
fn allocator_grow_zeroed() {
    let arena = &Arena::new();
    let first_layout = Layout::from_size_align(4, 4).unwrap();
    let mut p = arena.allocate_zeroed(first_layout).unwrap();
    // SAFETY: `p` is a fresh block of 4 bytes.
    let first = unsafe { p.as_mut() };
    assert_eq!(first, [0; 4]);
    first.fill(42);
    let allocated = arena.allocated_bytes();

    // Growing the newest block takes a few more bytes of the same chunk.
    let second_layout = Layout::from_size_align(8, 4).unwrap();
    // SAFETY: `p` is a live block of `first_layout`, and is not used after this.
    let p = unsafe { arena.grow_zeroed(p.cast(), first_layout, second_layout) }.unwrap();
    assert_eq!(arena.allocated_bytes(), allocated);
    // SAFETY: `p` is a live block of 8 initialised bytes.
    assert_eq!(unsafe { p.as_ref() }, [42, 42, 42, 42, 0, 0, 0, 0]);
}

/// bumpalo's layout clamping: alignment 1 to 64 (a power of two), size 1 to 1024 and at least
/// the alignment.
fn clamped_layout((size, align): (usize, usize)) -> Layout {
    let align = align.clamp(1, 64).next_power_of_two();
    let size = size.clamp(1, 1024).max(align);
    Layout::from_size_align(size, align).unwrap()
}

/// Fills the `len` bytes at `ptr` with a pattern derived from `seed`.
///
/// # Safety
///
/// `ptr` is valid for writes of `len` bytes.
unsafe fn fill(ptr: NonNull<u8>, len: usize, seed: usize) {
    for i in 0..len {
        // SAFETY: `i < len`, inside the block (caller).
        let byte = unsafe { ptr.add(i) };
        // SAFETY: as above, valid for writes.
        unsafe { byte.write(pattern(seed, i)) };
    }
}

/// Checks the first `len` bytes at `ptr` still hold `fill`'s pattern for `seed`, and that
/// `ptr` is aligned to `align`.
///
/// # Safety
///
/// `ptr` is valid for reads of `len` initialised bytes.
unsafe fn check(ptr: NonNull<u8>, len: usize, seed: usize, align: usize) {
    assert_eq!(ptr.addr().get() % align, 0, "misaligned to {align}");
    // SAFETY: valid for reads of `len` initialised bytes (caller).
    let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), len) };
    for (i, &b) in bytes.iter().enumerate() {
        assert_eq!(b, pattern(seed, i), "byte {i} changed");
    }
}

/// `Allocator::grow` or `Allocator::shrink` on `&Arena`.
type Resize = unsafe fn(&Arena, NonNull<u8>, Layout, Layout) -> Result<NonNull<[u8]>, AllocError>;

/// Allocates the first layout, then resizes the block through the others with `resize`
/// (`grow` or `shrink`), checking alignment and that the kept bytes survive each step.
fn resize_through(layouts: &[Layout], resize: Resize) {
    let Some((&first, rest)) = layouts.split_first() else {
        return;
    };
    let arena = Arena::new();
    let mut ptr = (&arena).allocate(first).unwrap().cast::<u8>();
    // SAFETY: `ptr` is a fresh block of `first.size()` bytes.
    unsafe { fill(ptr, first.size(), 0) };
    let mut old = first;
    for (step, &new) in rest.iter().enumerate() {
        // SAFETY: `ptr` is the live block for `old`; it is replaced by the result.
        ptr = unsafe { resize(&arena, ptr, old, new) }.unwrap().cast();
        let kept = old.size().min(new.size());
        // SAFETY: the block holds `new.size()` bytes, the first `kept` of them initialised
        // by the previous fill.
        unsafe { check(ptr, kept, step, new.align()) };
        // SAFETY: the block holds `new.size()` bytes.
        unsafe { fill(ptr, new.size(), step + 1) };
        old = new;
    }
}

/// `Allocator::grow` on `&Arena`, as a plain function.
unsafe fn grow(
    arena: &Arena,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    // SAFETY: forwarded from our caller, who upholds `grow`'s contract.
    unsafe { arena.grow(ptr, old, new) }
}

/// `Allocator::shrink` on `&Arena`, as a plain function.
unsafe fn shrink(
    arena: &Arena,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    // SAFETY: forwarded from our caller, who upholds `shrink`'s contract.
    unsafe { arena.shrink(ptr, old, new) }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/allocator_api.rs: allocator_grow_align_increase
    ///
    /// The port also checks the block's bytes survive every grow.
    #[test]
    fn allocator_grow_align_increase(
        raw in prop::collection::vec((0usize..2048, 0usize..128), 0..24),
    ) {
        let mut layouts: std::vec::Vec<Layout> = raw.into_iter().map(clamped_layout).collect();
        layouts.sort_unstable_by_key(|l| (l.size(), l.align()));
        resize_through(&layouts, grow);
    }

    /// bumpalo tests/all/allocator_api.rs: allocator_shrink_align_change
    ///
    /// bumpalo expects a shrink to a stricter alignment to fail and skips that layout;
    /// arenakit moves the block, so every step must succeed, aligned, keeping its bytes.
    #[test]
    fn allocator_shrink_align_change(
        raw in prop::collection::vec((0usize..2048, 0usize..128), 0..24),
    ) {
        let mut layouts: std::vec::Vec<Layout> = raw.into_iter().map(clamped_layout).collect();
        layouts.sort_unstable_by_key(|l| l.size());
        layouts.reverse();
        resize_through(&layouts, shrink);
    }
}

/// bumpalo tests/all/allocator_api.rs: allocator_shrink_layout_change
///
/// bumpalo returns `AllocError`; arenakit moves the block to a 16-aligned one.
#[test]
fn allocator_shrink_layout_change() {
    let b = AllocatorDebug {
        arena: Arena::with_capacity(1024),
        ..AllocatorDebug::default()
    };
    let layout_align4 = Layout::from_size_align(1024, 4).unwrap();
    let layout_align16 = Layout::from_size_align(256, 16).unwrap();

    // Misalign the block on purpose: a 4-aligned block 4 bytes past a 16-aligned address.
    (&b.arena)
        .allocate(Layout::from_size_align(4, 4).unwrap())
        .unwrap();
    let p4 = b.allocate(layout_align4).unwrap().cast::<u8>();
    // SAFETY: `p4` is a fresh block of 1024 bytes.
    unsafe { fill(p4, 1024, 7) };
    // SAFETY: `p4` is the live block for `layout_align4`, not used after this.
    let p16 = unsafe { b.shrink(p4, layout_align4, layout_align16) }.unwrap();
    assert_eq!(p16.len(), 256);
    // SAFETY: the block holds 256 bytes, initialised by `fill` before the move.
    unsafe { check(p16.cast(), 256, 7, 16) };
    assert_eq!(b.shrinks.get(), 1);
}
