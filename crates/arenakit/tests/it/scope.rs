//! Scopes: what a scope allocates is released when it ends, and nothing
//! else is; destructors run at scope end exactly once, also when the closure or a destructor
//! panics; a loop of scopes reuses the same memory; statistics and `contains` see open scopes.

use crate::common::{CountingSource, DropLog};
use arenakit::Arena;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Values made before a scope, and made through the arena while the scope is open, keep their
/// contents after the scope ends and after later scopes reuse its memory.
#[test]
fn only_the_scope_allocations_are_released() {
    let arena = Arena::builder().chunk_size(1024).build();
    let before: Vec<&[u64]> = (0..20u64)
        .map(|i| &*arena.alloc_slice_fill_with(50, |k| i * 1000 + k as u64))
        .collect();
    let mut during = Vec::new();
    for round in 0..50u64 {
        let made = arena.scope(|s| {
            // Interleave scope allocations with arena ones: the scope's are released, the
            // arena's survive.
            let mut sum = 0;
            for i in 0..30u64 {
                let scoped = s.alloc_slice_fill_with(40, |k| round + i + k as u64);
                during.push((
                    &*arena.alloc_slice_fill_with(7, |k| round * 7 + k as u64),
                    round,
                ));
                sum += scoped.iter().sum::<u64>();
                // Values from before are usable inside.
                sum += before[i as usize % 20][49];
            }
            sum
        });
        assert!(made > 0);
    }
    for (i, xs) in before.iter().enumerate() {
        assert!(
            xs.iter()
                .enumerate()
                .all(|(k, &x)| x == i as u64 * 1000 + k as u64)
        );
    }
    for (xs, round) in during {
        assert!(
            xs.iter()
                .enumerate()
                .all(|(k, &x)| x == round * 7 + k as u64)
        );
    }
}

/// A loop of scopes holds no more than one iteration: the first scope's chunks are reused by
/// every later one, and the source is asked for nothing after the first iteration.
#[test]
fn a_loop_of_scopes_reuses_its_memory() {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder().source(source).chunk_size(4096).build();
    arena.alloc(0u8);
    let mut after_first = None;
    for i in 0..200usize {
        arena.scope(|s| {
            // Several chunks' worth, and a large block (a dedicated chunk).
            for k in 0..40 {
                s.alloc_slice_fill_with(100, |j| (i + j + k) as u8);
            }
            s.alloc_slice_fill_with(10_000, |j| j as u16);
        });
        if i == 0 {
            after_first = Some((log.allocations(), arena.stats().held));
        }
    }
    let (allocations, held) = after_first.unwrap();
    assert_eq!(
        log.allocations(),
        allocations,
        "later scopes asked the source"
    );
    assert_eq!(arena.stats().held, held);
    let stats = arena.stats();
    assert_eq!(
        stats.used, 8,
        "only the arena's own byte is in use: {stats:?}"
    );
    assert_eq!(stats.dedicated_chunks, 0, "{stats:?}");
}

/// Statistics count a scope's memory while it is open; `contains` sees its blocks only then.
#[test]
fn stats_and_contains_see_open_scopes() {
    let arena = Arena::builder().chunk_size(1024).build();
    arena.alloc([0u8; 16]);
    let used = arena.stats().used;
    let outer = arena.scope(|s| {
        let x = s.alloc([1u8; 100]);
        assert!(arena.contains(x));
        let inner = s.scope(|t| {
            let y = t.alloc_slice_fill_with(2000, |i| i as u8); // more than a chunk
            assert!(arena.contains(&y[1999]));
            assert!(arena.stats().used >= used + 104 + 2000);
            y.as_ptr()
        });
        assert!(!arena.contains(inner));
        assert_eq!(arena.stats().used, used + 104);
        x.as_ptr()
    });
    assert!(!arena.contains(outer));
    assert_eq!(arena.stats().used, used);
}

/// Values given to `alloc_owned` in a scope are dropped when it ends, newest first, each once;
/// the arena's own owned values stay until its reset.
#[test]
fn scope_destructors_run_at_scope_end() {
    let log = DropLog::default();
    let mut arena = Arena::new();
    arena.alloc_owned(log.tracked(1));
    arena.scope(|s| {
        s.alloc_owned(log.tracked(2));
        s.scope(|t| {
            t.alloc_owned(log.tracked(3));
            t.alloc_owned(log.tracked(4));
            arena.alloc_owned(log.tracked(5)); // the arena's: dropped at reset
        });
        assert_eq!(log.order(), [4, 3]);
        s.alloc_owned(log.tracked(6));
    });
    assert_eq!(log.order(), [4, 3, 6, 2]);
    arena.reset();
    assert_eq!(log.order(), [4, 3, 6, 2, 5, 1]);
}

/// A closure that panics: the scope's destructors still run once, its memory goes back, and
/// the arena (and an enclosing scope) stay usable.
#[test]
fn a_panicking_closure_ends_its_scope() {
    let log = DropLog::default();
    let arena = Arena::builder().chunk_size(1024).build();
    let kept = arena.alloc(7u32);
    let held = arena.stats().held;
    arena.scope(|outer| {
        let before = outer.alloc_str("outer");
        let used = arena.stats().used;
        let result = catch_unwind(AssertUnwindSafe(|| {
            outer.scope(|s| {
                s.alloc_owned(log.tracked(1));
                s.alloc_slice_fill_with(3000, |i| i as u8);
                s.alloc_owned(log.tracked(2));
                panic!("in the scope");
            })
        }));
        assert!(result.is_err());
        assert_eq!(log.order(), [2, 1]);
        assert_eq!(arena.stats().used, used);
        assert_eq!(before, "outer");
        assert_eq!(outer.alloc_str("again"), "again");
    });
    assert_eq!(*kept, 7);
    assert_eq!(log.len(), 2);
    // The memory of the panicked scope went to the spare chunks: held only grew by them.
    assert!(arena.stats().held >= held);
    assert_eq!(arena.stats().used, 8);
}

/// A destructor that panics at scope end: every other value is still dropped exactly once,
/// the memory goes back, and the panic reaches the caller.
#[test]
fn a_panicking_destructor_at_scope_end() {
    let log = DropLog::default();
    let arena = Arena::new();
    let used = arena.stats().used;
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            s.alloc_owned(log.tracked(1));
            s.alloc_owned(log.panicking(2));
            s.alloc_owned(log.tracked(3));
        })
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [3, 2, 1]);
    assert_eq!(arena.stats().used, used);
    arena.scope(|s| assert_eq!(*s.alloc(5u8), 5));
    assert_eq!(log.len(), 3);
}

/// Scopes give their chunks back to the source beyond the retention limit.
#[test]
fn scopes_respect_the_retention_limit() {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder()
        .source(source)
        .chunk_size(1024)
        .max_retained(0)
        .build();
    for _ in 0..10 {
        arena.scope(|s| {
            s.alloc_slice_fill_with(5000, |i| i as u8);
        });
        assert_eq!(log.live_chunks(), 0, "a scope's chunk was kept");
    }
}

/// An arena that zeroes its memory zeroes a scope's before the next scope reuses it.
#[test]
fn a_zeroing_arena_zeroes_scope_memory() {
    let arena = Arena::builder().zero_on_reset(true).build();
    let first = arena.scope(|s| s.alloc_str("secret data").as_ptr() as usize);
    arena.scope(|s| {
        let again = s.alloc_uninit_slice::<u8>(11);
        assert_eq!(again.as_ptr() as usize, first, "the same memory is reused");
        // SAFETY: the arena zeroed the bytes (what this test checks); reading `MaybeUninit`
        // bytes as `u8` after that is what `reset_zeroed`'s own example does.
        assert!(again.iter().all(|b| unsafe { b.assume_init() } == 0));
    });
}

/// After scopes, the arena resets as before (back to its O(1) steady state), and limits
/// apply to scope allocations.
#[test]
fn scopes_and_reset_and_limits() {
    let mut arena = Arena::builder().chunk_size(1024).limit(64 * 1024).build();
    for _ in 0..3 {
        arena.alloc_slice_fill_with(100, |i| i as u8);
        arena.scope(|s| {
            assert!(s.try_alloc_slice_fill_with(100_000, |i| i as u8).is_err());
            assert!(s.try_alloc_slice_fill_with(1000, |i| i as u8).is_ok());
        });
        arena.reset();
        assert_eq!(arena.stats().used, 0);
    }
    assert!(arena.stats().held <= 64 * 1024);
}

/// The fallible initialisers and fill helpers of a scope bump through the scope (released
/// at its end), roll back on an initialiser's error, and `alloc_iter` works with an iterator
/// that allocates through the scope itself.
#[cfg(feature = "allocator-api2")]
#[test]
fn scope_fill_helpers() {
    let arena = Arena::new();
    arena.alloc(1u64);
    let outside = arena.stats().used;
    arena.scope(|s| {
        let used = arena.stats().used;
        assert_eq!(s.alloc_try_with(|| Err::<[u64; 8], _>("no")), Err("no"));
        assert_eq!(
            s.alloc_slice_try_fill_with(4, |i| if i < 3 { Ok(i) } else { Err(i) }),
            Err(3)
        );
        assert_eq!(
            arena.stats().used,
            used,
            "a failed initialiser was not rolled back"
        );
        assert_eq!(s.alloc_slice_fill_copy(3, 7u8), [7, 7, 7]);
        assert_eq!(s.alloc_slice_fill_clone(2, &"x"), ["x", "x"]);
        assert_eq!(s.alloc_slice_fill_default::<u32>(2), [0, 0]);
        let words = s.alloc_iter("a bb".split(' ').map(|w| &*s.alloc_str(w)));
        assert_eq!(words, ["a", "bb"]);
        let parsed = s.alloc_slice_try_fill_iter(["1", "2"].map(str::parse::<u8>));
        assert_eq!(parsed.unwrap(), [1, 2]);
        assert!(matches!(
            s.try_alloc_try_with(|| "x".parse::<u8>()),
            Err(arenakit::AllocOrInitError::Init(_))
        ));
        assert!(arena.stats().used > used);
    });
    assert_eq!(
        arena.stats().used,
        outside,
        "the scope's allocations outlived it"
    );
}
