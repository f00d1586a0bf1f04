//! `allocator_api2::alloc::Allocator` for `&Arena`: collections grow in place at the end of
//! the arena, the newest block rolls back, other blocks are copied exactly (regressions for
//! bumpalo's out-of-bounds read in `grow` and its `grow_zeroed` UB).

use crate::common::{addr, pattern};
use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use arenakit::Arena;
use core::alloc::Layout;
use core::mem::MaybeUninit;
use core::ptr::NonNull;

/// Fills the `len` bytes at `ptr` with the pattern of `seed`.
fn write_pattern(ptr: NonNull<u8>, len: usize, seed: usize) {
    // SAFETY: callers pass a live block of at least `len` bytes that nothing else uses;
    // `MaybeUninit` makes no claim about its contents.
    let slots =
        unsafe { core::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u8>>().as_ptr(), len) };
    for (i, slot) in slots.iter_mut().enumerate() {
        slot.write(pattern(seed, i));
    }
}

/// Whether the `len` bytes at `ptr` hold the pattern of `seed`.
fn holds_pattern(ptr: NonNull<u8>, len: usize, seed: usize) -> bool {
    // SAFETY: callers pass a live block of at least `len` bytes, all written.
    let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), len) };
    bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b == pattern(seed, i))
}

/// Whether the `len` bytes at `ptr` are all zero.
fn is_zero(ptr: NonNull<u8>, len: usize) -> bool {
    // SAFETY: callers pass a live block of at least `len` bytes, all written or zeroed.
    let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), len) };
    bytes.iter().all(|&b| b == 0)
}

/// A `Vec` that is the newest allocation grows in place: its buffer never moves and the
/// arena's `used` is exactly its capacity in bytes.
#[test]
fn vec_grows_in_place() {
    let arena = Arena::new();
    let mut v = Vec::new_in(&arena);
    v.push(0u32);
    let start = v.as_ptr();
    for i in 1..1000 {
        v.push(i);
        assert_eq!(v.as_ptr(), start, "moved at push {i}");
    }
    assert_eq!(v.iter().sum::<u32>(), 499_500);
    assert_eq!(arena.stats().used, v.capacity() * 4);
    drop(v);

    let arena = Arena::new();
    let mut triples = Vec::new_in(&arena);
    triples.push([0u32; 3]);
    let start = triples.as_ptr();
    triples.extend((1..1000).map(|i| [i; 3]));
    assert_eq!(triples.as_ptr(), start);
    assert_eq!(
        arena.stats().used,
        (triples.capacity() * 12).next_multiple_of(8)
    );
    assert_eq!(triples[999], [999; 3]);
}

/// Deallocating the newest block rolls the arena back: the next allocation gets its
/// address; deallocating an older block changes nothing.
#[test]
fn deallocate_newest_rolls_back() {
    let arena = Arena::new();
    let alloc = &arena;
    let keep = arena.alloc(1u64);
    let used = arena.stats().used;
    let layout = Layout::from_size_align(100, 8).unwrap();
    let block = alloc.allocate(layout).unwrap().cast::<u8>();
    // SAFETY: `block` is the live block just allocated with `layout`.
    unsafe { alloc.deallocate(block, layout) };
    assert_eq!(arena.stats().used, used);
    let again = alloc.allocate(layout).unwrap().cast::<u8>();
    assert_eq!(again, block);
    let newer = alloc.allocate(layout).unwrap().cast::<u8>();
    write_pattern(newer, 100, 1);
    // SAFETY: `again` is live for `layout` and not used afterwards.
    unsafe { alloc.deallocate(again, layout) };
    let third = alloc.allocate(layout).unwrap().cast::<u8>();
    assert!(
        third.addr() > newer.addr(),
        "an older block's memory was handed out again"
    );
    assert!(holds_pattern(newer, 100, 1));
    assert_eq!(*keep, 1);

    let before = arena.stats().used;
    let temp: Vec<u64, _> = Vec::with_capacity_in(1000, &arena);
    drop(temp);
    assert_eq!(
        arena.stats().used,
        before,
        "a dropped newest Vec left its buffer allocated"
    );
}

/// Growing a `Vec` that is not the newest allocation moves it and keeps every element.
#[test]
fn grow_when_not_newest_copies() {
    let arena = Arena::new();
    let mut a = Vec::new_in(&arena);
    let mut b = Vec::new_in(&arena);
    for i in 0..5000u64 {
        a.push(i);
        b.push(!i);
    }
    assert!((0..5000).all(|i| a[i as usize] == i && b[i as usize] == !i));
    let wall = arena.alloc(7u8);
    let start = a.as_ptr();
    a.reserve_exact(a.capacity() * 2);
    assert_ne!(a.as_ptr(), start);
    assert!((0..5000).all(|i| a[i as usize] == i));
    assert!((0..5000).all(|i| b[i as usize] == !i));
    assert_eq!(*wall, 7);
}

/// Shrinking the newest block frees its tail in place; shrinking an older one keeps it
/// where it is; a stricter alignment moves it to an aligned place; contents survive.
#[test]
fn shrink_in_place_and_elsewhere() {
    let arena = Arena::new();
    let mut v: Vec<u64, _> = Vec::with_capacity_in(1000, &arena);
    v.extend(0..10);
    let start = v.as_ptr();
    let used = arena.stats().used;
    v.shrink_to_fit();
    assert_eq!(v.as_ptr(), start);
    assert_eq!(arena.stats().used, used - 990 * 8);
    let alloc = &arena;
    let next = alloc.allocate(Layout::new::<u64>()).unwrap();
    assert_eq!(
        next.cast::<u8>().addr().get(),
        addr(start) + 80,
        "the tail was not given back"
    );

    let old = Layout::from_size_align(256, 8).unwrap();
    let block = alloc.allocate(old).unwrap().cast::<u8>();
    write_pattern(block, 256, 2);
    // A newer block, so `block` is no longer the newest of its chunk.
    alloc.allocate(Layout::new::<u8>()).unwrap();
    let small = Layout::from_size_align(100, 8).unwrap();
    // SAFETY: `block` is live for `old`, and `small` is no larger.
    let shrunk = unsafe { alloc.shrink(block, old, small) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(shrunk, block);
    assert!(holds_pattern(shrunk, 100, 2));
    let aligned = Layout::from_size_align(64, 4096).unwrap();
    // SAFETY: `shrunk` is live for `small`, and `aligned` is no larger.
    let moved = unsafe { alloc.shrink(shrunk, small, aligned) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(moved.addr().get() % 4096, 0);
    assert!(holds_pattern(moved, 64, 2));
}

/// `grow_zeroed` keeps the old bytes and zeroes only the new tail, in place and when it
/// moves, and touches no neighbouring block.
#[test]
fn grow_zeroed_zeroes_only_the_tail() {
    let arena = Arena::new();
    let alloc = &arena;
    let old = Layout::from_size_align(40, 8).unwrap();
    let new = Layout::from_size_align(1000, 8).unwrap();
    let before = arena.alloc_slice_copy(&[0xAAu8; 16]);

    let newest = alloc.allocate(old).unwrap().cast::<u8>();
    write_pattern(newest, 40, 3);
    // SAFETY: `newest` is live for `old`, and `new` is no smaller.
    let grown = unsafe { alloc.grow_zeroed(newest, old, new) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(grown, newest, "the newest block did not grow in place");
    assert!(holds_pattern(grown, 40, 3));
    // SAFETY: the block now holds `new.size()` bytes.
    assert!(is_zero(unsafe { grown.add(40) }, 960));

    let older = alloc.allocate(old).unwrap().cast::<u8>();
    write_pattern(older, 40, 4);
    // A newer freeable block (freeable blocks share chunks; plain ones have their own).
    let after = alloc
        .allocate(Layout::new::<[u8; 16]>())
        .unwrap()
        .cast::<u8>();
    write_pattern(after, 16, 7);
    // SAFETY: `older` is live for `old`, and `new` is no smaller.
    let moved = unsafe { alloc.grow_zeroed(older, old, new) }
        .unwrap()
        .cast::<u8>();
    assert_ne!(moved, older);
    assert!(holds_pattern(moved, 40, 4));
    // SAFETY: the block now holds `new.size()` bytes.
    assert!(is_zero(unsafe { moved.add(40) }, 960));
    assert!(before.iter().all(|&b| b == 0xAA) && holds_pattern(after, 16, 7));
    assert!(holds_pattern(grown, 40, 3));
}

/// Allocates a 32-byte freeable block that ends exactly at the end of a 1024-byte chunk.
fn block_at_chunk_end(arena: &Arena) -> NonNull<u8> {
    let filler = Layout::from_size_align(232, 8).unwrap();
    for _ in 0..4 {
        arena.allocate(filler).unwrap();
    }
    let layout = Layout::from_size_align(32, 8).unwrap();
    let block = arena.allocate(layout).unwrap().cast::<u8>();
    assert_eq!(
        (block.addr().get() + 32) % 1024,
        0,
        "block is not at the chunk's end"
    );
    assert_eq!(arena.stats().regular_chunks, 1);
    write_pattern(block, 32, 5);
    block
}

/// `grow` and `grow_zeroed` of a block at the very end of a chunk copy only its old size
/// (bumpalo read `new.size()` bytes past the chunk; AddressSanitizer would catch that).
#[test]
fn grow_at_chunk_end_reads_only_old_size() {
    let old = Layout::from_size_align(32, 8).unwrap();
    for new_size in [64, 200, 5000] {
        let new = Layout::from_size_align(new_size, 8).unwrap();
        for newest in [true, false] {
            for zeroed in [false, true] {
                let arena = Arena::builder().chunk_size(1024).build();
                let alloc = &arena;
                let block = block_at_chunk_end(&arena);
                if !newest {
                    alloc.allocate(Layout::new::<u64>()).unwrap();
                }
                let moved = if zeroed {
                    // SAFETY: `block` is live for `old`, and `new` is no smaller.
                    unsafe { alloc.grow_zeroed(block, old, new) }
                } else {
                    // SAFETY: as above.
                    unsafe { alloc.grow(block, old, new) }
                };
                let moved = moved.unwrap().cast::<u8>();
                assert_ne!(moved, block);
                assert!(holds_pattern(moved, 32, 5));
                if zeroed {
                    // SAFETY: the block now holds `new_size` bytes.
                    assert!(is_zero(unsafe { moved.add(32) }, new_size - 32));
                } else {
                    write_pattern(moved, new_size, 6);
                }
            }
        }
    }
}

/// A `Vec` far larger than a chunk keeps every element across its moves into dedicated
/// chunks, and `contains` covers its buffer.
#[test]
// 100 000 pushes: minutes under Miri. `vec_grows_in_place` and `grow_when_not_newest_copies`
// have it check the same growth paths on smaller vectors.
#[cfg_attr(miri, ignore)]
fn vec_outgrows_chunks() {
    let arena = Arena::builder().chunk_size(4096).build();
    let mut v = Vec::new_in(&arena);
    let mut w = Vec::new_in(&arena);
    for i in 0..100_000u64 {
        v.push(i * 3);
        if i % 10 == 0 {
            w.push(i as u8);
        }
    }
    assert!((0..100_000).all(|i| v[i] == i as u64 * 3));
    assert!(w.iter().enumerate().all(|(i, &b)| b == (i * 10) as u8));
    assert!(arena.contains(v.as_ptr()) && arena.contains(&v[99_999]));
    assert!(arena.stats().dedicated_chunks > 0);
}

/// With `zero_on_reset(true)`, bytes of a block rolled back before the reset are zeroed too
/// ("no data of this round survives in memory").
#[test]
fn zero_on_reset_clears_rolled_back_bytes() {
    let mut arena = Arena::builder().zero_on_reset(true).build();
    let at = {
        let mut secret = Vec::new_in(&arena);
        secret.extend_from_slice(b"hunter2 hunter2!");
        secret.as_ptr().addr()
    };
    arena.reset();
    let reused = (&arena)
        .allocate(Layout::new::<[u8; 16]>())
        .unwrap()
        .cast::<[u8; 16]>();
    assert_eq!(reused.addr().get(), at);
    // SAFETY: the block is 16 bytes, written by the Vec before the reset (so initialised).
    let bytes = unsafe { reused.read() };
    assert_eq!(bytes, [0; 16], "the secret survived a zeroing reset");
}

/// A buffer that outgrows the regular chunks moves into a dedicated chunk with room to
/// double, so at most every other doubling moves it; its contents survive, and dropping it
/// leaves the memory held for reuse.
#[test]
// 200 000 pushes: minutes under Miri. `vec_grows_in_place` has it check growing in place.
#[cfg_attr(miri, ignore)]
fn large_buffers_grow_in_place_every_other_time() {
    let arena = Arena::builder().chunk_size(4096).build();
    let mut v: Vec<u64, _> = Vec::new_in(&arena);
    let (mut moves, mut doublings) = (0, 0);
    let (mut at, mut cap) = (v.as_ptr(), v.capacity());
    for i in 0..200_000u64 {
        v.push(i);
        if v.capacity() != cap {
            doublings += 1;
            cap = v.capacity();
            if v.as_ptr() != at {
                moves += 1;
                at = v.as_ptr();
            }
        }
    }
    assert!((0..200_000).all(|i| v[i as usize] == i));
    assert!(
        moves <= doublings / 2 + 1,
        "{moves} moves in {doublings} doublings"
    );
    let held = arena.stats().held;
    v.shrink_to(1000);
    assert!((0..1000).all(|i| v[i as usize] == i), "shrunk in place");
    drop(v);
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, held, "memory kept for reuse");
}
