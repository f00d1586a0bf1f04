//! Port of bump-scope `tests/pool.rs`: `BumpPool` is `ArenaPool`. bump-scope's guard gives
//! its bump back to the pool unreset (values live as long as the pool, until
//! `BumpPool::reset`); a `PooledArena` resets its arena when dropped, so values borrow the
//! guard, and the ports keep each guard alive for as long as its values are used.

use arenakit::ArenaPool;
use std::sync::mpsc;

/// bump-scope tests/pool.rs: rayon
///
/// rayon's `map_init` (a pooled arena per worker) is a thread per chunk of the input here,
/// each with its own pooled arena; the values are read before the guards drop.
#[test]
fn rayon() {
    let pool = ArenaPool::new();
    let sums: Vec<usize> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4usize)
            .map(|worker| {
                let pool = &pool;
                s.spawn(move || {
                    let arena = pool.get();
                    let ints: Vec<&mut usize> = (worker * 250..(worker + 1) * 250)
                        .map(|i| arena.alloc(i))
                        .collect();
                    assert!((worker * 250..(worker + 1) * 250).eq(ints.iter().map(|i| **i)));
                    ints.iter().map(|i| **i).sum()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(sums.iter().sum::<usize>(), (0..1000usize).sum::<usize>());
    let metrics = pool.metrics();
    assert_eq!((metrics.gets, metrics.active), (4, 0));
}

/// bump-scope tests/pool.rs: scope
///
/// A string allocated in a pooled arena on one thread is read on another while the guard
/// lives (in bump-scope, the guard may go first).
#[test]
fn scope() {
    let pool = ArenaPool::new();
    std::thread::scope(|s| {
        s.spawn(|| {
            let arena = pool.get();
            let string: &str = arena.alloc_str("Hello");
            let (sender, receiver) = mpsc::sync_channel(10);
            std::thread::scope(|inner| {
                inner.spawn(move || {
                    for string in receiver {
                        assert_eq!(string, "Hello");
                    }
                });
                sender.send(string).unwrap();
                drop(sender);
            });
        });
    });
    assert_eq!(pool.metrics().active, 0);
}
