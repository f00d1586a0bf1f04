//! `SyncArena` from many threads, continued: the limit under contention, more threads than
//! shards, rollback and growth in place per thread, the mixed-block stress test, statistics
//! read while threads allocate, and zeroing resets across shards.

use super::*;

/// The limit holds under contention: `held` never exceeds it (checked by the threads while
/// they allocate and by the source), every failure is `LimitExceeded` with the requested size,
/// and after a reset the arena serves requests again.
#[test]
fn limit_holds_under_contention() {
    let limit = 96 * 1024;
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = SyncArena::builder()
        .source(source)
        .chunk_size(4096)
        .limit(limit)
        .build();
    assert_eq!(arena.limit(), Some(limit));
    let threads = 8;
    for round in 0..3u64 {
        let served = AtomicUsize::new(0);
        let failures = AtomicUsize::new(0);
        let barrier = Barrier::new(threads);
        thread::scope(|s| {
            for t in 0..threads as u64 {
                let (arena, served, failures, barrier, log) =
                    (&arena, &served, &failures, &barrier, &log);
                s.spawn(move || {
                    barrier.wait();
                    let mut state = 0x9e37_79b9_7f4a_7c15 ^ ((t + 1) * 7919) ^ round;
                    let mut consecutive_failures = 0;
                    for step in 0..2000 {
                        let r = xorshift(&mut state);
                        let size = match r % 16 {
                            0 => 1000 + (r >> 8) as usize % 3000, // dedicated chunks
                            _ => 1 + (r >> 8) as usize % 300,
                        };
                        let align = 1 << ((r >> 40) % 7);
                        let layout = Layout::from_size_align(size, align).unwrap();
                        // Each arm yields the bytes it asked for.
                        let result = match r % 5 {
                            0 => arena.try_alloc_uninit_slice::<u8>(size).map(|s| s.len()),
                            // The error of `try_alloc_owned` reports the size of the node that
                            // holds the value, not `size`.
                            1 => arena
                                .try_alloc_owned(vec![0u8; size.min(16)])
                                .map(|_| size_of::<Vec<u8>>()),
                            _ => arena.try_alloc_layout(layout).map(|p| {
                                assert_eq!(p.addr().get() % align, 0);
                                size
                            }),
                        };
                        match result {
                            Ok(bytes) => {
                                served.fetch_add(bytes, Ordering::Relaxed);
                                consecutive_failures = 0;
                            }
                            Err(err) => {
                                assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                                if r % 5 != 1 {
                                    assert_eq!(err.size(), size);
                                }
                                failures.fetch_add(1, Ordering::Relaxed);
                                consecutive_failures += 1;
                                if consecutive_failures > 50 {
                                    break;
                                }
                            }
                        }
                        if step % 16 == 0 {
                            let held = arena.stats().held;
                            assert!(held <= limit, "held {held} > limit {limit}");
                            assert!(log.live_bytes() <= limit);
                        }
                    }
                });
            }
        });
        let stats = arena.stats();
        assert!(stats.held <= limit && log.live_bytes() <= limit);
        assert!(stats.used <= limit);
        assert!(
            failures.load(Ordering::Relaxed) > 0,
            "round {round}: limit never reached"
        );
        assert!(
            served.load(Ordering::Relaxed) > limit / 4,
            "round {round}: too few served"
        );
        assert!(stats.used >= served.load(Ordering::Relaxed));
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
    // The panicking method panics on the limit, from a thread too.
    let arena = SyncArena::builder().chunk_size(4096).limit(8192).build();
    let outcome = thread::scope(|s| {
        s.spawn(|| {
            arena.alloc_uninit_slice::<u8>(100_000);
        })
        .join()
    });
    assert!(outcome.is_err(), "allocation past the limit did not panic");
}

/// Many more threads than shards (the threads past the shard count allocate through the
/// overflow cursor, under the lock) all get intact, disjoint blocks; the shard-owning threads
/// each lease one chunk and all the others share one, across resets.
#[test]
fn more_threads_than_shards_use_the_overflow_cursor() {
    let shards = shard_count();
    // At least 4 times the shards; at most what the overflow cursor serves from one chunk (each
    // thread uses at most 128 bytes of it), for the exact chunk count below.
    let threads = scaled(150).max(4 * shards).min(shards + 500);
    let drops = DropCounter::default();
    let mut arena = SyncArena::new();
    for round in 0..2usize {
        let blocks: Vec<(usize, usize)> = thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (arena, drops) = (&arena, &drops);
                    s.spawn(move || {
                        let seed = round << 24 | t << 8;
                        let a = patterned(arena, Layout::from_size_align(24, 8).unwrap(), seed);
                        let b =
                            patterned(arena, Layout::from_size_align(40, 32).unwrap(), seed + 1);
                        let c = arena.alloc((t as u64, round as u64));
                        arena.alloc_owned(drops.token());
                        // A few blocks larger than a chunk, which take dedicated chunks whatever the cursor.
                        let d: &[u8] = if t % 32 == 0 {
                            patterned(arena, Layout::from_size_align(70_000, 8).unwrap(), seed + 2)
                        } else {
                            &[]
                        };
                        (a, b, c, d, seed)
                    })
                })
                .collect();
            let mut blocks = Vec::new();
            for (t, handle) in handles.into_iter().enumerate() {
                let (a, b, c, d, seed) = handle.join().unwrap();
                check_pattern(a, seed);
                check_pattern(b, seed + 1);
                check_pattern(d, seed + 2);
                assert_eq!(*c, (t as u64, round as u64));
                for (start, len) in [
                    (a.as_ptr(), 24),
                    (b.as_ptr(), 40),
                    (core::ptr::from_ref(c).cast(), 16),
                    (d.as_ptr(), d.len()),
                ] {
                    if len > 0 {
                        assert!(arena.contains(start));
                        blocks.push((start.addr(), len));
                    }
                }
            }
            blocks
        });
        assert_disjoint(blocks);
        let stats = arena.stats();
        assert_eq!(
            stats.regular_chunks,
            shards + 1,
            "round {round}: expected one chunk per shard ({shards}) and one for the overflow cursor: {stats:?}"
        );
        assert_eq!(stats.dedicated_chunks, threads.div_ceil(32));
        assert!(stats.used >= threads * (24 + 40 + 16));
        arena.reset();
        assert_eq!(drops.get(), (round + 1) * threads);
    }
}

/// Freeing (through `Allocator::deallocate`) the newest block of a thread's shard rolls it
/// back: the next request of the same layout gets the same address; a `Vec` pushed at the end
/// of a thread's shard grows in place; while other threads do the same.
#[test]
fn rollback_and_growth_in_place_per_thread() {
    use allocator_api2::alloc::Allocator;

    // One shard per thread, so no thread goes through the overflow cursor (which does not
    // roll back).
    let threads = shard_count().min(4);
    let arena = SyncArena::new();
    let barrier = Barrier::new(threads);
    thread::scope(|s| {
        for t in 0..threads {
            let (arena, barrier) = (&arena, &barrier);
            s.spawn(move || {
                barrier.wait();
                let alloc = &arena;
                let keep = arena.alloc(t as u64); // claims the shard and its first chunk
                for size in [1, 8, 24, 100, 1000, 4000] {
                    for align in [1, 8, 64, 512] {
                        let layout = Layout::from_size_align(size, align).unwrap();
                        let first = alloc.allocate(layout).unwrap().cast::<u8>();
                        // SAFETY: `first` is a live block of this allocator for `layout`,
                        // not used afterwards.
                        unsafe { alloc.deallocate(first, layout) };
                        let again = alloc.allocate(layout).unwrap().cast::<u8>();
                        assert_eq!(first, again, "thread {t}: {layout:?} not rolled back");
                        // `again` stays allocated: the next one goes after it.
                    }
                }
                let mut v = allocator_api2::vec::Vec::new_in(alloc);
                v.push(0u32);
                let start = v.as_ptr();
                for i in 1..1000 {
                    v.push(i);
                }
                assert_eq!(v.as_ptr(), start, "thread {t}: the newest Vec was moved");
                assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32));
                assert_eq!(*keep, t as u64);
            });
        }
    });
}

/// The stress test: 2, 4 and 8 threads allocate blocks of mixed sizes (1..=300 bytes, some
/// over-aligned up to 4096, some over 16 KiB in dedicated chunks) and fill each with a pattern
/// of their thread and index; after the join every block still holds its pattern, lies in the
/// arena, and overlaps no other; `used` covers every block. Repeated across resets.
#[test]
fn stress_mixed_blocks_keep_their_contents() {
    let per_thread = scaled(250);
    for threads in [2usize, 4, 8] {
        let mut arena = SyncArena::new();
        for round in 0..3usize {
            let barrier = Barrier::new(threads);
            let all: Vec<(&[u8], usize, usize)> = thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let (arena, barrier) = (&arena, &barrier);
                        s.spawn(move || {
                            let mut state =
                                ((round * 64 + t + 1) as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
                            let mut blocks = Vec::with_capacity(per_thread);
                            barrier.wait();
                            for i in 0..per_thread {
                                let r = xorshift(&mut state);
                                let small = 1 + (r >> 8) as usize % 300;
                                let (size, align) = match r % 16 {
                                    // Over 16 KiB: a dedicated chunk.
                                    _ if i % 100 == 7 => {
                                        (16 * 1024 + 1 + (r >> 8) as usize % 8192, 8)
                                    }
                                    // Over-aligned: 16 to 4096.
                                    0 => (small, 16 << ((r >> 20) % 9)),
                                    _ => (small, 1 << ((r >> 20) % 4)),
                                };
                                let seed = (t << 32) | (round << 24) | i;
                                let layout = Layout::from_size_align(size, align).unwrap();
                                blocks.push((patterned(arena, layout, seed), seed, align));
                            }
                            blocks
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap())
                    .collect()
            });
            let mut total = 0;
            for &(bytes, seed, align) in &all {
                check_pattern(bytes, seed);
                assert_eq!(addr(bytes) % align, 0);
                assert!(
                    arena.contains(bytes.as_ptr()),
                    "block {seed:#x} not in the arena"
                );
                assert!(arena.contains(&bytes[bytes.len() - 1]));
                total += bytes.len();
            }
            let stats = arena.stats();
            assert!(
                stats.used >= total,
                "used {} < {total} allocated",
                stats.used
            );
            assert!(stats.held >= stats.used);
            // Large blocks take a dedicated chunk unless they fit in their shard's chunk.
            assert!(stats.dedicated_chunks <= threads * per_thread.saturating_sub(7).div_ceil(100));
            assert_disjoint(all.iter().map(|(b, _, _)| (addr(*b), b.len())).collect());
            // Pointers, not references, survive the reset (which needs `&mut arena`).
            let starts: Vec<*const u8> = all.iter().map(|(b, _, _)| b.as_ptr()).collect();
            arena.reset();
            assert_eq!(arena.stats().used, 0);
            assert!(starts.iter().all(|&b| !arena.contains(b)));
        }
    }
}

/// `stats` and `contains`, called from a reader thread while writers allocate, see a
/// consistent snapshot: `used` never decreases and stays within `held`, and a block is
/// contained once its writer published it.
#[test]
fn stats_and_contains_while_threads_allocate() {
    let arena = SyncArena::builder().chunk_size(8192).build();
    let writers = 4;
    let done = AtomicBool::new(false);
    let published = AtomicPtr::<u8>::new(core::ptr::null_mut());
    let per_writer = scaled(3000);
    thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut last_used = 0;
            let mut reads = 0;
            while !done.load(Ordering::Acquire) || reads < 10 {
                let stats = arena.stats();
                assert!(
                    stats.used >= last_used,
                    "used went back: {} < {last_used}",
                    stats.used
                );
                assert!(stats.used <= stats.held);
                last_used = stats.used;
                let block = published.load(Ordering::Acquire);
                if !block.is_null() {
                    assert!(arena.contains(block));
                }
                reads += 1;
                // Let the writers run (valgrind runs one thread at a time).
                thread::yield_now();
            }
            reads
        });
        let handles: Vec<_> = (0..writers)
            .map(|t| {
                let (arena, published) = (&arena, &published);
                s.spawn(move || {
                    let mut sum = 0;
                    for i in 0..per_writer {
                        let size = 1 + (i * 7 + t) % 200;
                        let block = arena.alloc_slice_fill_with(size, |j| (t + j) as u8);
                        published.store(block.as_mut_ptr(), Ordering::Release);
                        sum += size;
                    }
                    sum
                })
            })
            .collect();
        let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        done.store(true, Ordering::Release);
        assert!(reader.join().unwrap() >= 10);
        assert!(arena.stats().used >= total);
    });
}

/// `reset_zeroed` zeroes what every thread wrote, also past a rolled-back cursor, so the next
/// round of threads finds zeroes in the reused chunks.
#[test]
fn zeroing_reset_covers_every_shard() {
    use allocator_api2::alloc::Allocator;

    let threads = shard_count().min(4);
    // Chunks come zeroed, so memory no thread wrote reads as zero too: only what the threads
    // wrote can be dirty, and the reset must have cleaned it.
    let mut arena = SyncArena::builder()
        .source(ZeroedHeap)
        .chunk_size(16 * 1024)
        .build();
    let work = |arena: &SyncArena<ZeroedHeap>, check_zero: bool| {
        thread::scope(|s| {
            for t in 0..threads {
                s.spawn(move || {
                    for i in 0..20 {
                        let slots = arena.alloc_uninit_slice::<u8>(1000 + i);
                        if check_zero {
                            // SAFETY: chunks come zeroed from the source, and `reset_zeroed`
                            // zeroed everything the threads wrote since.
                            let bytes = unsafe { assume_init_bytes(slots) };
                            assert!(bytes.iter().all(|&b| b == 0), "thread {t}: dirty memory");
                        }
                        for slot in slots.iter_mut() {
                            slot.write(0xA5);
                        }
                    }
                    // A written block rolled back: the memory past the cursor is dirty too.
                    let layout = Layout::from_size_align(3000, 8).unwrap();
                    let block = (&arena).allocate(layout).unwrap().cast::<u8>();
                    // SAFETY: `block` is 3000 bytes this thread owns.
                    unsafe { block.write_bytes(0x5A, 3000) };
                    // SAFETY: `block` is a live block of this allocator for `layout`.
                    unsafe { (&arena).deallocate(block, layout) };
                });
            }
        });
    };
    work(&arena, false);
    let held = arena.stats().held;
    for _ in 0..3 {
        arena.reset_zeroed();
        work(&arena, true);
        assert_eq!(arena.stats().held, held, "new chunks were taken");
    }
}

/// The heap, handing out zeroed chunks.
#[derive(Clone, Copy, Debug, Default)]
struct ZeroedHeap;

// SAFETY: every block comes from the global allocator for exactly the requested layout and
// goes back to it with that layout; the arena never asks for a zero-sized layout.
unsafe impl MemorySource for ZeroedHeap {
    fn allocate(&self, layout: Layout) -> Option<core::ptr::NonNull<u8>> {
        assert!(layout.size() > 0);
        // SAFETY: the layout has a non-zero size (checked above).
        core::ptr::NonNull::new(unsafe { std::alloc::alloc_zeroed(layout) })
    }

    unsafe fn deallocate(&self, ptr: core::ptr::NonNull<u8>, layout: Layout) {
        // SAFETY: the arena gives back a block from `allocate` with its layout, which came
        // from `alloc_zeroed` with that layout.
        unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) }
    }
}

/// Rollback in one arena still works after the thread allocated in another `SyncArena` where
/// it owns a shard of another index (the docs: a freed block is rolled back when it is the
/// newest of the freeing thread's shard). A regression test: the thread-local shard hint is
/// shared by all shared arenas, and `free` once trusted it alone.
///
/// The setup gives the thread different shard indices in the two arenas when thread numbers
/// are handed out in order; if other tests take thread numbers at the same time, the indices
/// may coincide and the test checks less, but it cannot fail spuriously.
#[test]
fn rollback_after_using_another_arena() {
    use allocator_api2::alloc::Allocator;
    use std::sync::mpsc::channel;

    let shards = shard_count();
    let a = SyncArena::new();
    let b = SyncArena::new();
    let dummy = SyncArena::new();
    let (numbered_tx, numbered_rx) = channel();
    let (go_tx, go_rx) = channel::<()>();
    thread::scope(|s| {
        let (a, b) = (&a, &b);
        let worker = s.spawn(move || {
            // First allocation of this thread anywhere: it gets thread number `m`, and shard
            // `m % shards` of `b` (its home shard).
            b.alloc(0u8);
            numbered_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            // Its home shard of `a` is taken: it claims the next one.
            let layout = Layout::new::<[u64; 4]>();
            let alloc = &a;
            let first = alloc.allocate(layout).unwrap().cast::<u8>();
            // SAFETY: `first` is a live block of `a` for `layout`, not used afterwards.
            unsafe { alloc.deallocate(first, layout) };
            let again = alloc.allocate(layout).unwrap().cast::<u8>();
            // Positive control: while only `a` is in use, the rollback works.
            let control = first == again;
            b.alloc(1u8); // the thread-local hint now names the home shard index
            // SAFETY: `again` is a live block of `a` for `layout`, not used afterwards.
            unsafe { alloc.deallocate(again, layout) };
            let third = alloc.allocate(layout).unwrap().cast::<u8>();
            (control, again == third)
        });
        numbered_rx.recv().unwrap();
        // Threads numbered m+1 ..= m+shards, one after the other; the last one's home shard
        // is the worker's, which it claims in `a`.
        for k in 1..=shards {
            let (a, dummy) = (&a, &dummy);
            thread::scope(|inner| {
                inner.spawn(move || {
                    dummy.alloc(0u8);
                    if k == shards {
                        a.alloc(0u8);
                    }
                });
            });
        }
        go_tx.send(()).unwrap();
        let (control, rolled_back) = worker.join().unwrap();
        assert!(
            control,
            "setup: the first rollback failed (thread numbers interleaved?)"
        );
        assert!(
            rolled_back,
            "the newest block of the thread's shard in `a` was not rolled back after the thread \
             allocated in `b`"
        );
    });
}
