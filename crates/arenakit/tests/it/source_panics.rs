//! A memory source that panics in `deallocate` must leave the arena memory-safe
//! (`MemorySource`'s contract). In particular no path that user code can still observe may
//! call the source between giving a block away and returning: a `Vec` whose `grow` or
//! `shrink` panicked still owns its old buffer, so that buffer must still be live memory
//! with its contents (before the fix, a chunk emptied by the free inside
//! `grow`/`shrink` went back to the source there, and a panicking source left the `Vec`
//! pointing into freed memory).
//!
//! Each test checks, without a sanitizer, that the block a caller still owns lies in a chunk
//! the source still has out, and reads it back; under AddressSanitizer and valgrind (CI) a
//! use-after-free would also be reported.

use crate::common::{CountingSource, FreeFault, SourceLog};
use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use arenakit::{Arena, ArenaBox};
use core::alloc::Layout;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// Both ways a `deallocate` can fail.
const FAULTS: [FreeFault; 2] = [FreeFault::FreeThenPanic, FreeFault::PanicWithoutFree];

/// An arena of 1 KiB chunks (requests above 240 bytes get a dedicated chunk) that keeps no
/// spare chunk, over a fresh `CountingSource`.
fn arena() -> (Arena<CountingSource>, Arc<SourceLog>) {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder()
        .source(source)
        .chunk_size(1024)
        .max_retained(0)
        .build();
    (arena, log)
}

/// Asserts that the `len` bytes at `ptr` lie in a chunk the source has out.
fn assert_live(log: &SourceLog, ptr: *const u8, len: usize, case: &str) {
    assert!(
        log.owns(ptr.addr(), len),
        "{case}: a block the caller still owns is not in live memory"
    );
}

/// A `Vec` whose buffer is alone in a dedicated chunk grows (the buffer moves, the old chunk
/// empties) while the source's `deallocate` fails: afterwards the `Vec` holds its elements
/// in live memory, and dropping it frees its buffer once.
#[test]
fn grow_survives_a_panicking_source() {
    for fault in FAULTS {
        let (arena, log) = arena();
        let mut v: Vec<u64, &Arena<CountingSource>> = Vec::with_capacity_in(64, &arena);
        v.extend(0..64);
        log.panic_on_next_free(Some(fault));
        let _ = catch_unwind(AssertUnwindSafe(|| v.reserve(100)));
        log.panic_on_next_free(None);
        assert_live(&log, v.as_ptr().cast(), v.capacity() * 8, "grow");
        assert_eq!(v.iter().sum::<u64>(), (0..64).sum::<u64>());
        v.push(64);
        assert_eq!(v.len(), 65);
        drop(v);
    }
}

/// `Vec::clear` + `shrink_to_fit` (a shrink to size zero frees the block) with a failing
/// `deallocate`.
#[test]
fn shrink_to_zero_survives_a_panicking_source() {
    for fault in FAULTS {
        let (arena, log) = arena();
        let mut v: Vec<u64, &Arena<CountingSource>> = Vec::with_capacity_in(64, &arena);
        v.extend(0..64);
        v.clear();
        log.panic_on_next_free(Some(fault));
        let _ = catch_unwind(AssertUnwindSafe(|| v.shrink_to_fit()));
        log.panic_on_next_free(None);
        if v.capacity() > 0 {
            assert_live(&log, v.as_ptr().cast(), v.capacity() * 8, "shrink");
        }
        v.extend(0..8);
        assert_eq!(v.iter().sum::<u64>(), 28);
    }
}

/// A `Vec<u8>` pushed past 512 KiB in an arena with the default chunk size that keeps at
/// most 256 KiB of spare chunks: its buffer moves from dedicated chunk to dedicated chunk,
/// and a failing `deallocate` at any of those moves leaves the bytes pushed so far intact.
#[test]
fn a_growing_vec_survives_a_panicking_source_at_every_move() {
    for fault in FAULTS {
        for nth_move in 0..6 {
            let source = CountingSource::new();
            let log = source.log();
            let arena = Arena::builder()
                .source(source)
                .max_retained(256 * 1024)
                .build();
            let mut v: Vec<u8, &Arena<CountingSource>> = Vec::new_in(&arena);
            let mut moves = 0;
            let mut pushed = 0usize;
            while v.len() < 600 * 1024 {
                if v.len() == v.capacity() {
                    if moves == nth_move {
                        log.panic_on_next_free(Some(fault));
                    }
                    moves += 1;
                }
                match catch_unwind(AssertUnwindSafe(|| v.push(pushed as u8))) {
                    Ok(()) => pushed += 1,
                    Err(_) => log.panic_on_next_free(None),
                }
                assert_eq!(v.len(), pushed);
            }
            log.panic_on_next_free(None);
            assert_live(&log, v.as_ptr(), v.capacity(), "push");
            assert!(v.iter().enumerate().all(|(i, &b)| b == i as u8));
        }
    }
}

/// The raw `Allocator` calls that move a block (`grow`, `grow_zeroed`, and a `shrink` to a
/// larger alignment the block does not have) with a failing `deallocate`: if the call
/// panics, the caller still owns the old block, which must be intact; if it returns, the new
/// block holds the old contents.
#[test]
fn relocating_allocator_calls_survive_a_panicking_source() {
    let old = Layout::from_size_align(512, 8).unwrap();
    let larger = Layout::from_size_align(4096, 8).unwrap();
    let realigned = Layout::from_size_align(256, 4096).unwrap();
    let cases = [
        ("grow", larger),
        ("grow_zeroed", larger),
        ("realigning shrink", realigned),
    ];
    for fault in FAULTS {
        for (name, new) in cases {
            let (arena, log) = arena();
            let alloc = &arena;
            let block = alloc.allocate(old).unwrap().cast::<u8>();
            // SAFETY: the block holds `old.size()` bytes.
            unsafe { block.write_bytes(0x5c, old.size()) };
            log.panic_on_next_free(Some(fault));
            let result = catch_unwind(AssertUnwindSafe(|| match name {
                // SAFETY: `block` is a live block of `alloc` for `old`; `new` is larger.
                "grow" => unsafe { alloc.grow(block, old, new) },
                // SAFETY: as for `grow`.
                "grow_zeroed" => unsafe { alloc.grow_zeroed(block, old, new) },
                // SAFETY: `block` is a live block of `alloc` for `old`; `new` is smaller.
                _ => unsafe { alloc.shrink(block, old, new) },
            }));
            log.panic_on_next_free(None);
            let (ptr, layout) = match result {
                Ok(Ok(moved)) => (moved.cast::<u8>(), new),
                Ok(Err(_)) | Err(_) => (block, old),
            };
            let kept = old.size().min(layout.size());
            assert_live(&log, ptr.as_ptr(), layout.size(), name);
            // SAFETY: `ptr` is the block the caller owns now, of `layout.size() >= kept` bytes.
            let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), kept) };
            assert!(bytes.iter().all(|&b| b == 0x5c), "{name}: contents lost");
            // SAFETY: the caller owns `ptr` for `layout` and gives it up.
            unsafe { alloc.deallocate(ptr, layout) };
        }
    }
}

/// Freeing never calls the source, so a panicking source cannot make `ArenaBox::free` or a
/// `Vec`'s drop unwind; a chunk emptied past `max_retained` goes back at the next chunk taken
/// from the source (or the next reset).
#[test]
fn emptied_chunks_past_max_retained_go_back_at_the_next_acquire() {
    let (arena, log) = arena();
    let big = arena.alloc_box([7u64; 64]); // 512 bytes: a dedicated chunk
    assert_eq!(log.live_chunks(), 1);
    log.panic_on_next_free(Some(FreeFault::FreeThenPanic));
    ArenaBox::free(big);
    assert_eq!(log.deallocations(), 0, "free called the source");
    assert_eq!(arena.stats().retained, arena.stats().held);
    log.panic_on_next_free(None);
    let next = arena.alloc_box([8u64; 64]); // reuses the spare chunk: no source call
    assert_eq!((log.allocations(), log.deallocations()), (1, 0));
    ArenaBox::free(next);
    let other = arena.alloc_box([9u64; 128]); // too large for the spare: it is trimmed first
    assert_eq!((log.allocations(), log.deallocations()), (2, 1));
    assert_eq!(log.live_chunks(), 1);
    drop(other);

    let (mut arena, log) = self::arena();
    ArenaBox::free(arena.alloc_box([7u64; 64]));
    assert_eq!(log.live_chunks(), 1);
    arena.reset();
    assert_eq!(log.live_chunks(), 0, "reset trims past max_retained");
}

/// A source panicking while `reset` gives chunks back leaves the arena usable: the cursor no
/// longer points into the chunk that was freed (AddressSanitizer and valgrind would catch a
/// write into it).
#[test]
fn reset_survives_a_panicking_source() {
    for fault in FAULTS {
        let (mut arena, log) = arena();
        arena.alloc([1u64; 8]);
        log.panic_on_next_free(Some(fault));
        let reset = catch_unwind(AssertUnwindSafe(|| arena.reset()));
        assert!(reset.is_err());
        let after = arena.alloc([7u64; 4]);
        assert_eq!(*after, [7; 4]);
        assert!(arena.contains(after));
        assert_live(&log, core::ptr::from_ref(after).cast(), 32, "reset");
    }
}
