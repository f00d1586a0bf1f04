//! Pinning: boxes of `'static` arenas (`alloc_box_pin`, `into_pin`, `From`) and owned values
//! in any arena (`alloc_owned_pin`). A pinned value never moves, runs its destructor exactly
//! once, and its memory is never reused before that destructor ran, also when the box is
//! forgotten (bumpalo's issue #186; the reset variant of it does not compile, see the
//! `compile_fail` examples on `ArenaBox`).

use crate::common::{DropLog, LocalDrops, LocalToken, addr};
use arenakit::{Arena, ArenaBox, SyncArena, unsize_box};
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomPinned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// Leaks `arena` for `'static` (what pinned boxes need) and keeps its address in a static,
/// so leak checkers (LeakSanitizer, valgrind) see it as reachable, not lost.
fn leak<A: 'static>(arena: A) -> &'static A {
    static KEEP: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let arena: &'static A = Box::leak(Box::new(arena));
    KEEP.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(addr(arena));
    arena
}

/// Polls `f` once with a waker that does nothing.
fn poll_once<F: Future + ?Sized>(f: Pin<&mut F>) -> Poll<F::Output> {
    f.poll(&mut Context::from_waker(Waker::noop()))
}

/// A future that is pending once, then ready.
#[derive(Default)]
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// A value that must not move once pinned: it records its address when pinned and checks
/// it at drop (a moved value would fail the check).
struct Anchored<'c> {
    at: Cell<usize>,
    payload: u64,
    _drops: LocalToken<'c>,
    _pinned: PhantomPinned,
}

impl<'c> Anchored<'c> {
    fn new(payload: u64, drops: &'c LocalDrops) -> Self {
        Anchored {
            at: Cell::new(0),
            payload,
            _drops: drops.token(),
            _pinned: PhantomPinned,
        }
    }

    fn anchor(self: Pin<&Self>) {
        self.at.set(addr(&*self));
    }
}

impl Drop for Anchored<'_> {
    fn drop(&mut self) {
        let here = addr(self);
        assert!(
            self.at.get() == 0 || self.at.get() == here,
            "a pinned value moved"
        );
    }
}

/// A pinned box of a `'static` arena: polled to completion in place, its destructor runs
/// once when the box drops, then its block is freed.
#[test]
fn pinned_boxes_run_in_place_and_drop_once() {
    let drops = DropLog::default();
    let arena = leak(Arena::new());
    let token = drops.tracked(1);
    let mut task = arena.alloc_box_pin(async move {
        let _token = token;
        YieldOnce::default().await;
        6 * 7
    });
    let at = addr(&*task);
    assert_eq!(poll_once(task.as_mut()), Poll::Pending);
    let mut moved = vec![task]; // moving the box does not move the future
    assert_eq!(addr(&*moved[0]), at);
    assert_eq!(poll_once(moved[0].as_mut()), Poll::Ready(42));
    assert_eq!(drops.len(), 1, "the finished future dropped its capture");
    let token = drops.tracked(2);
    let unfinished = arena.alloc_box_pin(async move {
        let _token = token;
        YieldOnce::default().await;
    });
    drop(unfinished); // never polled: its capture is dropped with it, once
    drop(moved);
    assert_eq!(drops.order(), [1, 2]);
    assert_eq!(
        arena.stats().used,
        0,
        "the pinned box's block was not freed"
    );

    // A pinned box of a `SyncArena` can move to another thread.
    let sync = leak(SyncArena::new());
    let task = sync.alloc_box_pin(async { 1u8 });
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut task = task;
            assert_eq!(poll_once(task.as_mut()), Poll::Ready(1));
        });
    });
}

/// A self-referential value stays where it was pinned through moves of its box, and is
/// dropped once, in place.
#[test]
fn pinned_values_do_not_move() {
    let drops = LocalDrops::default();
    let arena = leak(Arena::new());
    let pinned = arena.alloc_box_pin(Anchored::new(7, &drops));
    pinned.as_ref().anchor();
    let boxes = vec![pinned];
    let again: Vec<_> = boxes.into_iter().collect();
    assert_eq!(again[0].at.get(), addr(&*again[0]));
    assert_eq!(again[0].payload, 7);
    drop(again);
    assert_eq!(drops.get(), 1);
}

/// Bumpalo's issue #186, for boxes: a forgotten pinned box of a `'static` arena is never
/// dropped and its memory is never reused: the arena keeps serving other blocks around it
/// and the value stays intact.
#[test]
fn forgotten_pinned_box_memory_is_never_reused() {
    let drops = LocalDrops::default();
    let arena = leak(Arena::builder().chunk_size(4096).build());
    let pinned = arena.alloc_box_pin(Anchored::new(0xfeed, &drops));
    pinned.as_ref().anchor();
    let value: *const Anchored<'_> = &*pinned;
    std::mem::forget(pinned);
    let size = size_of::<Anchored<'_>>();
    let (start, end) = (addr(value), addr(value) + size);
    for round in 0..2000u64 {
        let b = arena.alloc_box(Anchored::new(round, &drops));
        let at = addr(&*b);
        assert!(
            at + size <= start || at >= end,
            "round {round}: memory reused"
        );
        drop(b);
    }
    assert_eq!(drops.get(), 2000, "the forgotten value was dropped");
    // SAFETY: the forgotten value's block was never freed (checked above), so it is still
    // initialised; nothing else refers to it.
    let anchored = unsafe { &*value };
    assert_eq!((anchored.payload, anchored.at.get()), (0xfeed, start));
}

/// Bumpalo's issue #186, for an arena that is reset: a pinned owned value is dropped by the
/// reset before its memory is handed out again (the next round gets the same address), and
/// by the arena's drop; forgetting the `Pin<&mut T>` changes nothing.
#[test]
fn owned_pins_are_dropped_before_their_memory_is_reused() {
    struct Witness {
        log: DropLog,
        _pinned: PhantomPinned,
    }
    impl Drop for Witness {
        fn drop(&mut self) {
            drop(self.log.tracked(0));
        }
    }
    let log = DropLog::default();
    let mut arena = Arena::new();
    let mut first = 0;
    for round in 0..5 {
        let pinned = arena.alloc_owned_pin(Witness {
            log: log.clone(),
            _pinned: PhantomPinned,
        });
        let at = addr(&*pinned);
        if round == 0 {
            first = at;
        }
        assert_eq!(at, first, "the arena did not reuse the memory");
        assert_eq!(log.len(), round, "memory reused before the destructor ran");
        // There is no box to forget: the arena owns the value, and the reset drops it.
        let _ = pinned;
        arena.reset();
        assert_eq!(log.len(), round + 1);
    }
    arena.alloc_owned_pin(Witness {
        log: log.clone(),
        _pinned: PhantomPinned,
    });
    drop(arena);
    assert_eq!(log.len(), 6);

    let sync = SyncArena::new();
    let task = sync.alloc_owned_pin(async { 3 });
    assert_eq!(poll_once(task), Poll::Ready(3));
}

/// `into_pin` and `From` pin an existing box (also unsized to `dyn Future`) without moving
/// it; polling and dropping work through the pin.
#[test]
fn into_pin_and_from() {
    let drops = LocalDrops::default();
    let arena = leak(Arena::new());
    let sized = arena.alloc_box(Anchored::new(1, &drops));
    let at = addr(&*sized);
    let pinned = ArenaBox::into_pin(sized);
    assert_eq!(addr(&*pinned), at);
    let from: Pin<ArenaBox<'static, Anchored<'_>>> =
        arena.alloc_box(Anchored::new(2, &drops)).into();
    drop((pinned, from));
    assert_eq!(drops.get(), 2);

    let task: ArenaBox<'static, dyn Future<Output = u32>> = unsize_box!(arena.alloc_box(async {
        YieldOnce::default().await;
        9
    }));
    let mut task = ArenaBox::into_pin(task);
    assert_eq!(poll_once(task.as_mut()), Poll::Pending);
    assert_eq!(poll_once(task.as_mut()), Poll::Ready(9));
    drop(task);
    assert_eq!(arena.stats().used, 0);
}

/// Allocation failure: the `try_` twins return the error and drop the value once; the
/// others panic.
#[test]
fn pin_allocation_failure() {
    let log = DropLog::default();
    let full = leak(Arena::builder().limit(0).build());
    assert!(full.try_alloc_box_pin(log.tracked(1)).is_err());
    assert_eq!(log.order(), [1]);
    assert!(full.try_alloc_owned_pin(log.tracked(2)).is_err());
    assert_eq!(log.order(), [1, 2]);
    let result = catch_unwind(AssertUnwindSafe(|| {
        drop(full.alloc_box_pin(log.tracked(3)))
    }));
    assert!(result.is_err());
    let result = catch_unwind(AssertUnwindSafe(|| {
        full.alloc_owned_pin(log.tracked(4));
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [1, 2, 3, 4]);
}
