//! Panic safety, continued: destructors registered with `alloc_owned` that panic at reset and
//! at drop, and pooled arenas whose destructors panic (sections (c) and (d) of the parent
//! module's list), and what was found while writing these tests.

use super::*;

// --- (c) destructors that panic at reset and at drop ------------------------------------------

/// Registers `n` owned values of assorted shapes with ids `first..first + n`; the one with id
/// `panicking` (if any) panics when dropped. Shapes: a bare value, a boxed one, one inside a
/// tuple with padding, one inside a `Vec` with two more tracked neighbours (ids offset by
/// 10_000 and 20_000, which a panicking element does not stop from dropping), and a large one
/// (a dedicated chunk).
fn register<S: MemorySource, M: Mode>(
    arena: &AnyArena<S, M>,
    log: &DropLog,
    first: u32,
    n: u32,
    panicking: Option<u32>,
) -> Vec<u32> {
    let mut expected = Vec::new();
    for id in first..first + n {
        let value = || {
            if Some(id) == panicking {
                log.panicking(id)
            } else {
                log.tracked(id)
            }
        };
        match id % 5 {
            0 => assert_eq!(arena.alloc_owned(value()).id, id),
            1 => assert_eq!(arena.alloc_owned(Box::new(value())).id, id),
            2 => assert_eq!(arena.alloc_owned((1u8, value(), [0u64; 9])).1.id, id),
            3 => {
                let v = vec![log.tracked(id + 10_000), value(), log.tracked(id + 20_000)];
                assert_eq!(arena.alloc_owned(v)[1].id, id);
            }
            _ => assert_eq!(arena.alloc_owned((value(), [7u8; 4000])).0.id, id),
        }
        // Newest first; inside a Vec, elements in order.
        let mut dropped = if id % 5 == 3 {
            vec![id + 10_000, id, id + 20_000]
        } else {
            vec![id]
        };
        dropped.extend(expected);
        expected = dropped;
    }
    expected
}

/// Asserts the log holds exactly `expected`, each id once, in that order.
fn assert_log(log: &DropLog, expected: &[u32], case: &str) {
    let order = log.order();
    let unique: StdHashSet<u32> = order.iter().copied().collect();
    assert_eq!(
        unique.len(),
        order.len(),
        "{case}: a value was dropped twice"
    );
    assert_eq!(order, expected, "{case}");
}

/// `reset` and `reset_zeroed` of an `Arena` and of a `SyncArena` whose `n`-th owned value
/// panics when dropped, for every position: the panic reaches the caller, every other value
/// (values inside the same `Vec` included) is dropped exactly once, newest first; the arena is
/// usable afterwards and a second reset drops nothing again; dropping it gives every chunk
/// back.
#[test]
fn reset_with_a_panicking_destructor_at_every_position() {
    fn run<M: Mode>(builder: fn() -> arenakit::ArenaBuilder<arenakit::source::Heap, M>) {
        const N: u32 = 15;
        for p in 0..N {
            for zeroed in [false, true] {
                let case = format!(
                    "{}, panicking value {p} of {N}, zeroed {zeroed}",
                    std::any::type_name::<M>()
                );
                let (mut arena, chunks) = counted(builder());
                let log = DropLog::default();
                let expected = register(&arena, &log, 0, N, Some(p));
                assert!(chunks.live_chunks() > 2, "{case}: the values span chunks");
                let message = expect_panic(|| {
                    if zeroed {
                        arena.reset_zeroed();
                    } else {
                        arena.reset();
                    }
                });
                assert_eq!(message, format!("Tracked {p} panics in its destructor"));
                assert_log(&log, &expected, &case);
                arena.reset();
                assert_log(&log, &expected, &format!("{case}, second reset"));
                assert_eq!(arena.stats().used, 0, "{case}");
                assert_usable(&mut arena, &case);
                // The next round's values are dropped once, at drop.
                let next = register(&arena, &log, 100, 5, None);
                drop(arena);
                let all: Vec<u32> = expected.iter().chain(&next).copied().collect();
                assert_log(&log, &all, &format!("{case}, arena drop"));
                assert_eq!(chunks.live_chunks(), 0, "{case}: chunks leaked");
            }
        }
    }
    run(Arena::builder);
    run(SyncArena::builder);
}

/// Dropping an `Arena` or a `SyncArena` whose `n`-th owned value panics when dropped, for
/// every position: the panic reaches the dropper, every other value is dropped once, and every
/// chunk goes back to the source (with `zero_on_reset` too).
#[test]
fn arena_drop_with_a_panicking_destructor_at_every_position() {
    fn run<M: Mode>(builder: fn() -> arenakit::ArenaBuilder<arenakit::source::Heap, M>) {
        const N: u32 = 15;
        for p in 0..N {
            for zero in [false, true] {
                let case = format!(
                    "{}, panicking value {p}, zero_on_reset {zero}",
                    std::any::type_name::<M>()
                );
                let (arena, chunks) = counted(builder().zero_on_reset(zero));
                let log = DropLog::default();
                let expected = register(&arena, &log, 0, N, Some(p));
                expect_panic(move || drop(arena));
                assert_log(&log, &expected, &case);
                assert_eq!(chunks.live_chunks(), 0, "{case}: chunks leaked");
            }
        }
    }
    run(Arena::builder);
    run(SyncArena::builder);
}

/// A panicking destructor registered from one thread of a `SyncArena` while others register
/// theirs: the reset drops every other value once.
#[test]
fn sync_arena_reset_with_values_from_many_threads() {
    let (mut arena, chunks) = counted(SyncArena::builder());
    let log = DropLog::default();
    std::thread::scope(|s| {
        for t in 0..4u32 {
            let (arena, log) = (&arena, &log);
            s.spawn(move || {
                let panicking = (t == 1).then_some(t * 1000 + 17);
                register(arena, log, t * 1000, 30, panicking)
            });
        }
    });
    expect_panic(|| arena.reset());
    let order = log.order();
    let unique: StdHashSet<u32> = order.iter().copied().collect();
    assert_eq!(unique.len(), order.len(), "a value was dropped twice");
    assert_eq!(order.len(), 4 * (30 + 2 * 6), "a value was not dropped");
    arena.reset();
    assert_eq!(log.len(), order.len());
    assert_usable(&mut arena, "SyncArena, many threads");
    drop(arena);
    assert_eq!(chunks.live_chunks(), 0);
}

// --- (d) ArenaPool ------------------------------------------------------------------------------

/// A pooled arena whose `n`-th owned value panics when the guard goes back to the pool, for
/// every position, with `get` and `get_owned`: the panic reaches the code dropping the guard,
/// every other value is dropped once, the arena is dropped (its chunks go back to the source),
/// the pool's counters stay consistent, and the pool goes on serving with arenas that drop
/// nothing again.
#[test]
fn pooled_arena_with_a_panicking_destructor() {
    const N: u32 = 12;
    let source = CountingSource::new();
    let chunks = source.log();
    let pool = Arc::new(
        ArenaPool::builder()
            .source(source)
            .chunk_size(1024)
            .max_idle(4)
            .build(),
    );
    let log = DropLog::default();
    let mut all = Vec::new();
    for p in 0..N {
        for owned in [false, true] {
            let case = format!("panicking value {p}, get_owned {owned}");
            // Ids unique to the case.
            let first = 100 * (2 * p + u32::from(owned));
            let before = log.len();
            let expected = if owned {
                let arena = pool.get_owned();
                let expected = register(&*arena, &log, first, N, Some(first + p));
                expect_panic(move || drop(arena));
                expected
            } else {
                let arena = pool.get();
                let expected = register(&*arena, &log, first, N, Some(first + p));
                expect_panic(move || drop(arena));
                expected
            };
            assert_eq!(log.order()[before..], expected, "{case}");
            all.extend(expected);
            let m = pool.metrics();
            assert_eq!((m.active, m.idle), (0, 0), "{case}: the arena was kept");
            // The next request gets a fresh arena that works and drops nothing again.
            {
                let mut arena = pool.get();
                assert_eq!(arena.stats().used, 0, "{case}");
                assert_usable(&mut *arena, &case);
                register(&*arena, &log, first + 50, 3, None);
            }
            all.extend([first + 52, first + 51, first + 50]);
            assert_log(&log, &all, &case);
            let m = pool.metrics();
            assert_eq!((m.active, m.idle), (0, 1), "{case}");
            // Only the idle arena's chunks are still out.
            let idle_bytes = m.capacity_bytes;
            assert_eq!(
                chunks.live_bytes(),
                idle_bytes,
                "{case}: a lost arena's chunks"
            );
        }
    }
    // Per case: the idle arena (a new one the first time) is taken and lost, a new one serves
    // the next request and goes back idle.
    let m = pool.metrics();
    let cases = 2 * u64::from(N);
    assert_eq!(
        (m.gets, m.created, m.dropped, m.active, m.idle),
        (2 * cases, cases + 1, cases, 0, 1)
    );
    drop(pool);
    assert_eq!(chunks.live_chunks(), 0, "the pool leaked chunks");
    assert_log(&log, &all, "end");
}

/// A guard reset in the middle of a request whose destructor panics: the guard stays usable
/// and goes back to the pool normally (the arena is not lost), and the pooled arena serves the
/// next request, warm.
#[test]
fn pooled_arena_reset_mid_request_with_a_panicking_destructor() {
    let pool = ArenaPool::builder().max_idle(2).build();
    let log = DropLog::default();
    {
        let mut arena = pool.get();
        let expected = register(&*arena, &log, 0, 10, Some(6));
        expect_panic(|| arena.reset());
        assert_log(&log, &expected, "mid-request reset");
        assert_usable(&mut *arena, "pooled guard after a panicking reset");
        register(&*arena, &log, 50, 2, None);
    }
    assert_eq!(log.len(), 14 + 2);
    let m = pool.metrics();
    assert_eq!((m.created, m.active, m.idle, m.dropped), (1, 0, 1, 0));
    let arena = pool.get();
    assert_eq!(arena.stats().used, 0);
    drop(arena);
    assert_eq!(pool.metrics().created, 1, "the arena was lost");
    assert_eq!(log.len(), 16, "something was dropped again");
}

// --- found while writing these tests ---------------------------------------------------------

/// A destructor that panics during `reset` or `reset_zeroed` does not skip the rest of the
/// reset: the chunks are still reset (and zeroed), so the round's memory is neither in use nor
/// left with its data afterwards (`Arena::reset_impl` resets them from a drop guard).
#[test]
fn reset_with_a_panicking_destructor_still_ends_the_round() {
    for zeroed in [false, true] {
        let log = DropLog::default();
        let mut arena = Arena::new();
        arena.alloc_str("hunter2");
        arena.alloc_owned(log.panicking(1));
        expect_panic(|| {
            if zeroed {
                arena.reset_zeroed()
            } else {
                arena.reset()
            }
        });
        assert_eq!(log.order(), [1]);
        assert_eq!(
            arena.stats().used,
            0,
            "zeroed {zeroed}: the round's memory is still in use (and not wiped) after the reset"
        );
    }
}
