//! `ArenaOwned`: an arena and the root built in it as one `'static` value. JSON requests
//! decoded into pooled arenas, returned, cached and sent to other threads, with the arenas
//! back in the pool when their owners drop; the root dropped before its arena; the root valid
//! across moves (including roots that hold `&Arena`, the case a `Box` cart gets wrong).
//!
//! The sanitizer and valgrind jobs run these too: a root dropped after its arena, or read after
//! the arena moved or went back to the pool, is a use-after-free they report.

use crate::common::{DropLog, Tracked};
use arenakit::arena::Shared;
use arenakit::collections::Vec as ArenaVec;
use arenakit::de::{DeserializeIn, JsonError, from_slice_in};
use arenakit::owned::{ArenaOwned, BoxedArena, Yokeable};
use arenakit::source::Heap;
use arenakit::{Arena, ArenaPool, OwnedPooledArena, SyncArena};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread;

#[derive(DeserializeIn, Yokeable)]
struct Request<'a> {
    id: u64,
    user: &'a str,
    items: &'a [Item<'a>],
    note: Option<&'a str>,
}

#[derive(DeserializeIn, Yokeable, Clone, Copy)]
struct Item<'a> {
    sku: &'a str,
    qty: u32,
}

type OwnedRequest = ArenaOwned<Request<'static>, OwnedPooledArena>;

/// The second seed's `BadFunction`, made sound: the request is returned with its arena.
fn decode(pool: &Arc<ArenaPool>, body: &[u8]) -> Result<OwnedRequest, JsonError> {
    ArenaOwned::try_new_in(pool.get_owned(), |arena| from_slice_in(arena, body))
}

fn body(id: u64) -> std::string::String {
    format!(
        r#"{{"id": {id}, "user": "user-{id}", "note": "caf\u00e9 {id}",
            "items": [{{"sku": "A-{id}", "qty": {id}}}, {{"sku": "B-\n", "qty": 1}}]}}"#
    )
}

/// What a request says, as owned data, to compare across threads.
fn summary(r: &Request<'_>) -> (u64, String, u32, Option<String>) {
    (
        r.id,
        r.user.to_owned(),
        r.items.iter().map(|i| i.qty).sum(),
        r.note.map(str::to_owned),
    )
}

// The owners are `'static`; `Send` when their roots are, and `Sync` only over a `SyncArena`.
const _: fn() = || {
    fn send_static<T: Send + 'static>() {}
    fn sync<T: Sync>() {}
    send_static::<OwnedRequest>();
    send_static::<ArenaOwned<Request<'static>>>();
    send_static::<ArenaOwned<&'static str, BoxedArena<Heap, Shared>>>();
    sync::<ArenaOwned<Shout<'static>, BoxedArena<Heap, Shared>>>();
};

/// Requests decoded into pooled arenas are returned from `decode`, cached by id, read and
/// dropped on other threads; every arena goes back to the pool when its owner drops, and a
/// request that fails to decode gives its arena back at once.
#[test]
fn pooled_requests_outlive_the_decoding_function() {
    let pool = Arc::new(ArenaPool::new());
    let before = pool.metrics();
    assert_eq!((before.gets, before.active), (0, 0));

    let mut cache: HashMap<u64, OwnedRequest> = HashMap::new();
    for id in 1..=4 {
        let request = decode(&pool, body(id).as_bytes()).unwrap();
        let r = request.get();
        assert!(request.arena().contains(r.user.as_ptr()));
        assert!(request.arena().contains(r.items[1].sku.as_ptr()));
        cache.insert(r.id, request);
    }
    assert_eq!(pool.metrics().active, 4); // each arena is out with its request

    assert!(decode(&pool, br#"{"id": 9, "user": "#).is_err());
    assert_eq!(pool.metrics().active, 4); // the failed decode's arena is back already

    // Two requests move to other threads, are read and dropped there.
    let handles: Vec<_> = [1, 2]
        .map(|id| {
            let request = cache.remove(&id).unwrap();
            thread::spawn(move || summary(request.get()))
        })
        .into_iter()
        .collect();
    let remote: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        remote,
        [1, 2].map(|id| (
            id,
            format!("user-{id}"),
            id as u32 + 1,
            Some(format!("café {id}"))
        ))
    );
    assert_eq!(pool.metrics().active, 2);

    // The cached ones are still intact, after the map moved them around.
    for id in 3..=4 {
        let r = cache[&id].get();
        assert_eq!(
            summary(r),
            (
                id,
                format!("user-{id}"),
                id as u32 + 1,
                Some(format!("café {id}"))
            )
        );
        assert_eq!(r.items[1].sku, "B-\n");
    }
    drop(cache);
    let after = pool.metrics();
    assert_eq!(after.active, 0);
    assert_eq!(after.gets, 5);
    assert!(after.idle >= 1);
    assert!(after.used_bytes > 0);
}

/// The root is dropped first, while the arena is intact; then the arena runs its registered
/// destructors (and a pooled arena is reset and returned).
#[derive(Yokeable)]
struct Probe<'a> {
    arena: &'a Arena,
    name: &'a str,
    tracked: Tracked,
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        // Reads arena memory: after the arena, a use-after-free for ASan and valgrind (and
        // poisoned bytes, failing the comparison, in debug builds).
        assert_eq!((self.name, self.tracked.id), ("probe", 1));
        assert!(self.arena.contains(self.name.as_ptr()));
        assert!(self.arena.stats().used > 0);
    }
}

fn probe<'a>(arena: &'a Arena, log: &DropLog) -> Probe<'a> {
    arena.alloc_owned(log.tracked(2)); // dropped by the arena
    Probe {
        arena,
        name: arena.alloc_str("probe"),
        tracked: log.tracked(1), // dropped with the root
    }
}

#[test]
fn root_drops_before_its_arena() {
    let log = DropLog::default();
    let owned = ArenaOwned::<Probe<'static>>::new_in(Arena::new(), |arena| probe(arena, &log));
    assert_eq!(owned.get().name, "probe");
    drop(owned);
    assert_eq!(log.order(), [1, 2]);
}

#[test]
fn root_drops_before_its_pooled_arena_goes_back() {
    let pool = Arc::new(ArenaPool::new());
    let log = DropLog::default();
    let owned: ArenaOwned<Probe<'static>, OwnedPooledArena> =
        ArenaOwned::new_in(pool.get_owned(), |arena| probe(arena, &log));
    // (Not `Send`: the root holds `&Arena`, and an `Arena` is not `Sync`.)
    let moved = vec![owned].pop().unwrap();
    assert!(log.order().is_empty());
    drop(moved);
    assert_eq!(log.order(), [1, 2]); // root, then the arena's reset
    let m = pool.metrics();
    assert_eq!((m.active, m.idle, m.capacity_bytes > 0), (0, 1, true));
}

/// `into_arena` drops the root and hands back the arena with its data; resetting it then runs
/// the arena's destructors, and it can own a new root.
#[test]
fn into_arena_drops_the_root_and_keeps_the_arena() {
    let log = DropLog::default();
    let owned =
        ArenaOwned::<Probe<'static>>::new_in(Box::new(Arena::new()), |arena| probe(arena, &log));
    let mut arena = owned.into_arena();
    assert_eq!(log.order(), [1]);
    assert!(arena.stats().used > 0);
    arena.reset();
    assert_eq!(log.order(), [1, 2]);
    let again = ArenaOwned::<&'static str>::new_in(arena, |arena| &*arena.alloc_str("again"));
    assert_eq!(*again.get(), "again");
    let arena: Arena = again.into_arena().into_inner();
    assert_eq!(arena.stats().used, 8);
}

/// A panicking build closure drops the arena: a pooled one goes back, and its destructors run.
#[test]
fn build_panic_gives_the_arena_back() {
    let pool = Arc::new(ArenaPool::new());
    let log = DropLog::default();
    let result = catch_unwind(AssertUnwindSafe(|| {
        ArenaOwned::<&'static str, OwnedPooledArena>::new_in(pool.get_owned(), |arena| {
            arena.alloc_owned(log.tracked(1));
            let s: &str = arena.alloc_str("never returned");
            if !s.is_empty() {
                panic!("build fails");
            }
            s
        })
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [1]);
    let m = pool.metrics();
    assert_eq!((m.gets, m.active), (1, 0));
}

/// A root built from another by `map_with_arena`, allocating more: what the old root borrowed
/// stays valid, and the arena only grows.
#[derive(Yokeable)]
struct Shout<'a> {
    user: &'a str,
    loud: &'a str,
    names: ArenaVec<'a, &'a str, Heap, Shared>,
}

#[test]
fn map_with_arena_builds_on_the_old_root() {
    let pool = Arc::new(ArenaPool::new());
    let request = decode(&pool, body(5).as_bytes()).unwrap();
    let used = request.arena().stats().used;
    let skus = request.map_with_arena::<&'static str, _>(|r, arena| {
        let mut joined = std::string::String::new();
        for item in r.items {
            joined.push_str(item.sku.trim());
            joined.push(',');
        }
        &*arena.alloc_str(&joined)
    });
    assert_eq!(*skus.get(), "A-5,B-,");
    assert!(skus.arena().stats().used > used);
    let failed = skus.try_map_with_arena::<u32, _, _>(|s, _| s.parse::<u32>());
    assert!(failed.is_err());
    assert_eq!(pool.metrics().active, 0);
}

/// Roots that hold `&Arena` (every arena collection does) stay valid while the owner moves:
/// into a `Vec` that reallocates, a `Box`, another thread; then the collection grows through
/// its `&Arena`. A `Box<Arena>` cart would assert unique access to the arena at each move.
#[test]
fn roots_holding_the_arena_survive_moves() {
    let build = |i: usize| {
        ArenaOwned::<Shout<'static>, _>::new_in(SyncArena::new(), move |arena| {
            let user: &str = arena.alloc_str(&format!("user-{i}"));
            let mut names = arena.vec();
            names.push(user);
            Shout {
                user,
                loud: arena.alloc_str(&user.to_uppercase()),
                names,
            }
        })
    };
    let mut owners = Vec::new();
    for i in 0..64 {
        owners.push(build(i)); // the Vec reallocates, moving the owners
    }
    let owners: Box<[_]> = owners.into_boxed_slice();
    let owners = thread::spawn(move || owners).join().unwrap();

    // Shared by two threads at once: the owner is `Sync` over a `SyncArena`.
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for (i, owned) in owners.iter().enumerate() {
                    let r = owned.get();
                    assert_eq!(r.user, format!("user-{i}"));
                    assert_eq!(r.loud, format!("USER-{i}"));
                    assert_eq!(r.names[..], [r.user]);
                }
            });
        }
    });

    for (i, owned) in owners.into_vec().into_iter().enumerate() {
        let grown = owned.map_with_arena::<Shout<'static>, _>(|mut r, arena| {
            for n in 0..100 {
                r.names.push(arena.alloc_str(&format!("extra-{n}")));
            }
            r
        });
        let r = grown.get();
        assert_eq!(r.names.len(), 101);
        assert_eq!(r.names[0], format!("user-{i}"));
        assert_eq!(r.names[100], "extra-99");
        assert!(grown.arena().contains(r.names.as_ptr()));
    }
}
