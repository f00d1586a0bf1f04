//! Arena mode's parse-and-summarise function makes no global-allocator call once warm; heap
//! mode's makes many (printed, for the record).
//!
//! A separate test binary, because it installs a counting `#[global_allocator]`; it counts only
//! the calls made by the measuring thread while measuring.

use arenakit::ArenaPool;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

std::thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting this thread's allocation calls while `COUNTING` is set.
struct Counting;

impl Counting {
    fn note() {
        // `try_with`: the thread-locals may be gone while a thread exits.
        let _ = COUNTING.try_with(|on| {
            if on.get() {
                let _ = CALLS.try_with(|c| c.set(c.get() + 1));
            }
        });
    }
}

// SAFETY: forwards every call to `System`, which upholds the `GlobalAlloc` contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::note();
        // SAFETY: the caller's guarantees are those of `System::alloc`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::note();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::note();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Self::note();
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Global-allocator calls made by `f` on this thread.
fn calls_during(f: impl FnOnce()) -> usize {
    CALLS.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    CALLS.with(Cell::get)
}

/// The summary of the reference request.
const EXPECTED: &[u8] = br#"{"service":"checkout-api","host":"web-07.prod.internal","entries":20,"levels":{"debug":4,"info":10,"warn":4,"error":2,"other":0},"msg_bytes":915,"tags":42,"attrs":60}"#;

/// The counter sees allocations (so a zero below means something).
#[test]
fn counter_counts() {
    assert!(calls_during(|| drop(std::hint::black_box(vec![1u8; 10]))) >= 2);
}

/// Once the pool's arena and the output buffer are warm, parsing and summarising the reference
/// request (which has escaped strings) in arena mode calls the global allocator zero times,
/// request after request.
#[test]
fn arena_mode_summarises_without_the_global_allocator() {
    let pool = ArenaPool::new();
    let mut out = Vec::new();
    for _ in 0..3 {
        logserver::arena::summarise(&pool, logserver::BATCH_JSON, &mut out).unwrap();
    }
    for round in 0..1_000 {
        let mut result = Ok(());
        let calls = calls_during(|| {
            result = logserver::arena::summarise(&pool, logserver::BATCH_JSON, &mut out);
        });
        result.unwrap();
        assert_eq!(out, EXPECTED);
        assert_eq!(calls, 0, "global allocator calls in request {round}");
    }
    let m = pool.metrics();
    assert_eq!((m.gets, m.created, m.active), (1_003, 1, 0));
}

/// Heap mode allocates for every string, tag list and map of the request; the count is printed
/// (`cargo test -p logserver --test zero_alloc -- --nocapture`).
#[test]
fn heap_mode_allocates_per_request() {
    let mut out = Vec::new();
    logserver::heap::summarise(logserver::BATCH_JSON, &mut out).unwrap();
    let calls = calls_during(|| {
        logserver::heap::summarise(logserver::BATCH_JSON, &mut out).unwrap();
    });
    assert_eq!(out, EXPECTED);
    // At least one allocation and one free per entry's message.
    assert!(calls >= 40, "{calls} calls");
    println!("heap mode: {calls} global allocator calls per request");
}
