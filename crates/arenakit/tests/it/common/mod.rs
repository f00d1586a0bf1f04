//! Fixtures shared by the tests: a counting, fault-injecting memory source that also checks
//! the arena keeps the `MemorySource` contract, drop trackers, and small address helpers.

use arenakit::source::{Heap, MemorySource};
use core::alloc::Layout;
use core::cell::Cell;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, ignoring poisoning (a test may panic on purpose while holding nothing).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a [`CountingSource`] handed out and took back; shared with the test after the arena
/// (which owns the source) is gone.
#[derive(Debug)]
pub struct SourceLog {
    /// Serve `allocate` calls while fewer than this many chunks were handed out in total, then
    /// refuse (`usize::MAX`: never refuse). Shared, so a test can let a source recover.
    budget: AtomicUsize,
    /// Chunks handed out so far (successful `allocate` calls).
    allocations: AtomicUsize,
    /// Chunks taken back so far.
    deallocations: AtomicUsize,
    /// `allocate` calls refused on purpose.
    refusals: AtomicUsize,
    /// Blocks out now, as `(address, layout)`.
    live: Mutex<Vec<(usize, Layout)>>,
    /// What the next `deallocate` call does wrong, then forgets (see
    /// [`SourceLog::panic_on_next_free`]).
    next_free: Mutex<Option<FreeFault>>,
    /// Blocks a [`FreeFault::PanicWithoutFree`] kept: the source still owns them, and gives
    /// them back to the heap when the log is dropped (so the test leaks nothing).
    kept: Mutex<Vec<KeptBlock>>,
}

/// A block the source kept (see [`SourceLog::kept`]).
#[derive(Debug)]
struct KeptBlock(NonNull<u8>, Layout);

// SAFETY: the block is plain heap memory the source owns alone; it is only freed, once, when
// the log drops.
unsafe impl Send for KeptBlock {}

impl Drop for SourceLog {
    fn drop(&mut self) {
        for KeptBlock(ptr, layout) in lock(&self.kept).drain(..) {
            // SAFETY: the block came from `Heap.allocate(layout)` and the arena gave it up
            // (the failing `deallocate` kept it instead of freeing it); it is freed once.
            unsafe { Heap.deallocate(ptr, layout) }
        }
    }
}

/// A failing `deallocate`: it panics, after taking the block back or without doing so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeFault {
    /// Takes the block back (it is freed), then panics.
    FreeThenPanic,
    /// Panics without taking the block back (it stays out, leaked).
    PanicWithoutFree,
}

impl Default for SourceLog {
    fn default() -> Self {
        SourceLog {
            budget: AtomicUsize::new(usize::MAX),
            allocations: AtomicUsize::default(),
            deallocations: AtomicUsize::default(),
            refusals: AtomicUsize::default(),
            live: Mutex::default(),
            next_free: Mutex::default(),
            kept: Mutex::default(),
        }
    }
}

impl SourceLog {
    /// From now on, serve `allocate` calls until `total` chunks were handed out in all (counting
    /// those handed out already), or always with `None`: a failing source recovers, or a
    /// healthy one starts failing.
    pub fn set_budget(&self, total: Option<usize>) {
        self.budget
            .store(total.unwrap_or(usize::MAX), Ordering::SeqCst);
    }

    /// The sizes of the blocks out now, in the order they were handed out.
    pub fn live_sizes(&self) -> Vec<usize> {
        lock(&self.live).iter().map(|&(_, l)| l.size()).collect()
    }

    /// Makes the next `deallocate` call fail as `fault` says (`None`: it will not).
    pub fn panic_on_next_free(&self, fault: Option<FreeFault>) {
        *lock(&self.next_free) = fault;
    }

    /// Successful `allocate` calls so far.
    pub fn allocations(&self) -> usize {
        self.allocations.load(Ordering::SeqCst)
    }

    /// `deallocate` calls so far.
    pub fn deallocations(&self) -> usize {
        self.deallocations.load(Ordering::SeqCst)
    }

    /// `allocate` calls refused so far.
    pub fn refusals(&self) -> usize {
        self.refusals.load(Ordering::SeqCst)
    }

    /// Chunks handed out and not yet taken back.
    pub fn live_chunks(&self) -> usize {
        lock(&self.live).len()
    }

    /// Bytes handed out and not yet taken back.
    pub fn live_bytes(&self) -> usize {
        lock(&self.live).iter().map(|(_, l)| l.size()).sum()
    }

    /// Whether `[addr, addr + len)` lies inside one chunk that is out now.
    pub fn owns(&self, addr: usize, len: usize) -> bool {
        lock(&self.live)
            .iter()
            .any(|&(base, l)| addr >= base && addr + len <= base + l.size())
    }
}

/// A memory source over [`Heap`] that records every chunk, checks the arena's side of the
/// `MemorySource` contract (non-zero sizes, alignment of at least 16, every block given back
/// once with its own layout) and can refuse every request after the first `n` (until
/// [`SourceLog::set_budget`] says otherwise).
#[derive(Clone, Debug, Default)]
pub struct CountingSource {
    log: Arc<SourceLog>,
    hint: Option<usize>,
}

impl CountingSource {
    /// A source that never refuses.
    pub fn new() -> Self {
        Self::default()
    }

    /// A source that serves `n` chunks, then refuses every request.
    pub fn failing_after(n: usize) -> Self {
        let source = Self::default();
        source.log.set_budget(Some(n));
        source
    }

    /// The same source, suggesting `bytes` as the arena's chunk size.
    pub fn with_hint(mut self, bytes: usize) -> Self {
        self.hint = Some(bytes);
        self
    }

    /// The shared log, readable after the arena is dropped.
    pub fn log(&self) -> Arc<SourceLog> {
        Arc::clone(&self.log)
    }
}

// SAFETY: every block comes from `Heap`, which upholds the contract, and goes back to it with
// the layout it was allocated with (checked against the record of live blocks).
unsafe impl MemorySource for CountingSource {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        assert!(layout.size() > 0, "arena asked for a zero-sized chunk");
        assert!(
            layout.align() >= 16,
            "arena asked for a chunk aligned below 16: {layout:?}"
        );
        if self.log.allocations() >= self.log.budget.load(Ordering::SeqCst) {
            self.log.refusals.fetch_add(1, Ordering::SeqCst);
            return None;
        }
        let block = Heap.allocate(layout)?;
        assert_eq!(block.addr().get() % layout.align(), 0);
        self.log.allocations.fetch_add(1, Ordering::SeqCst);
        lock(&self.log.live).push((block.addr().get(), layout));
        Some(block)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        let fault = lock(&self.log.next_free).take();
        if fault == Some(FreeFault::PanicWithoutFree) {
            lock(&self.log.kept).push(KeptBlock(ptr, layout));
            panic!("the source failed to take the chunk back (and kept it)");
        }
        let mut live = lock(&self.log.live);
        let index = live
            .iter()
            .position(|&entry| entry == (ptr.addr().get(), layout))
            .expect("arena gave back a block it does not hold, or with another layout");
        live.swap_remove(index);
        drop(live);
        self.log.deallocations.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the block was found among the live ones: it came from `Heap.allocate` with
        // this layout and is given back once (it was just removed from the record).
        unsafe { Heap.deallocate(ptr, layout) };
        if fault == Some(FreeFault::FreeThenPanic) {
            panic!("the source took the chunk back, then failed");
        }
    }

    fn chunk_size_hint(&self) -> Option<usize> {
        self.hint
    }
}

/// A record of destructor runs, in order, by id. `Send + 'static`, as `alloc_owned` needs.
#[derive(Clone, Debug, Default)]
pub struct DropLog(Arc<Mutex<Vec<u32>>>);

impl DropLog {
    /// A value that records `id` here when dropped.
    pub fn tracked(&self, id: u32) -> Tracked {
        Tracked {
            id,
            log: self.clone(),
            panics: false,
        }
    }

    /// A value that records `id` here when dropped, then panics.
    pub fn panicking(&self, id: u32) -> Tracked {
        Tracked {
            id,
            log: self.clone(),
            panics: true,
        }
    }

    /// Ids in the order their values were dropped.
    pub fn order(&self) -> Vec<u32> {
        lock(&self.0).clone()
    }

    /// Number of destructor runs recorded.
    pub fn len(&self) -> usize {
        lock(&self.0).len()
    }
}

/// A value whose destructor records its id in a [`DropLog`] (and optionally panics).
#[derive(Debug)]
pub struct Tracked {
    pub id: u32,
    log: DropLog,
    panics: bool,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        lock(&self.log.0).push(self.id);
        if self.panics {
            panic!("Tracked {} panics in its destructor", self.id);
        }
    }
}

/// A shared drop counter for values that must be `Send + 'static`.
#[derive(Clone, Debug, Default)]
pub struct DropCounter(Arc<AtomicUsize>);

impl DropCounter {
    /// A value that bumps this counter when dropped.
    pub fn token(&self) -> Token {
        Token(Arc::clone(&self.0))
    }

    /// Destructor runs so far.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Bumps its [`DropCounter`] when dropped.
#[derive(Debug)]
pub struct Token(Arc<AtomicUsize>);

impl Drop for Token {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A drop counter for values that need not be `Send` or `'static` (they may live in an
/// `ArenaBox` or an arena collection, or be leaked without leaking heap memory).
#[derive(Debug, Default)]
pub struct LocalDrops(Cell<usize>);

impl LocalDrops {
    /// A value that bumps this counter when dropped.
    pub fn token(&self) -> LocalToken<'_> {
        LocalToken(&self.0)
    }

    /// Destructor runs so far.
    pub fn get(&self) -> usize {
        self.0.get()
    }
}

/// Bumps its [`LocalDrops`] when dropped.
#[derive(Debug)]
pub struct LocalToken<'c>(&'c Cell<usize>);

impl Drop for LocalToken<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// The configuration of the collection property tests, as in `model`: `PROPTEST_CASES` cases
/// (default 256), so slow CI jobs can lower it, and a fixed seed unless `PROPTEST_RNG_SEED`
/// asks for another.
#[cfg(feature = "collections")]
pub fn proptest_config() -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let rng_seed = match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => Config::default().rng_seed,
        None => RngSeed::Fixed(0xc011_ec75),
    };
    Config {
        rng_seed,
        ..Config::with_cases(cases)
    }
}

/// Address of the first byte of `value`.
pub fn addr<T: ?Sized>(value: *const T) -> usize {
    value.cast::<u8>().addr()
}

/// Views bytes as initialised.
///
/// # Safety
///
/// Every byte of `slots` is initialised (for example: memory the arena zeroed at reset).
pub unsafe fn assume_init_bytes(slots: &[MaybeUninit<u8>]) -> &[u8] {
    // SAFETY: `MaybeUninit<u8>` has the layout of `u8`, and the caller guarantees every byte is
    // initialised.
    unsafe { &*(slots as *const [MaybeUninit<u8>] as *const [u8]) }
}

/// A byte pattern that differs per block and per offset, never zero.
pub fn pattern(seed: usize, i: usize) -> u8 {
    ((seed.wrapping_mul(31) ^ i.wrapping_mul(7)) % 255 + 1) as u8
}
