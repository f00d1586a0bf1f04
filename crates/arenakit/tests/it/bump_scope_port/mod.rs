//! bump-scope's own integration tests (`tests/*.rs` of bluurryy/bump-scope, the 2.x suite;
//! bump-scope 2.4.1's package ships none but `src/tests.rs`'s `buf_reserve`, a test of an
//! internal method), ported to arenakit the way a bump-scope user moving to arenakit would
//! write them. The map from bump-scope's API to arenakit's is the README's "Coming from
//! bump-scope" table. The copies read come from several commits of bump-scope's history (its
//! tree at 2.4.1 was not available); where copies of a file differ, the union of their tests
//! is ported. bump-scope 1.x kept these tests in `src/tests/`; 2.x moved them to `tests/`.
//!
//! One file per bump-scope test file with at least one test ported; every test names the
//! bump-scope test it ports in its first doc line (`/// bump-scope tests/<file>.rs: <test>`).
//! bump-scope runs most tests twice, bumping upward and downward (`either_way!`); arenakit
//! bumps upward only, so each runs once. Where bump-scope has several types for one arenakit
//! type (`BumpVec`, `MutBumpVec` and the arena `Vec`; `BumpString`, `MutBumpString` and the
//! arena `String`), their tests are ported once and the doc comment lists the merged ones.
//!
//! Where arenakit differs from bump-scope on purpose, the port asserts arenakit's documented
//! behaviour and says so:
//!
//! - every block is rounded up to 8 bytes, so bump-scope's `stats().allocated()` of `n` bytes
//!   is `stats().used == round8(n)` here ([`round8`]);
//! - `alloc` rejects types with drop glue at compile time: bump-scope's `BumpBox` of such a
//!   type is an [`ArenaBox`](arenakit::ArenaBox) (`alloc_box*`), and a slice of them an arena
//!   `Vec` (`collect_in`);
//! - plain values and freeable blocks (boxes, collection buffers) are bumped through separate
//!   chunks, so a plain allocation never stops a `Vec` from growing or shrinking in place
//!   (in bump-scope any later allocation does); a freeable block does, in both;
//! - `arena.scope` takes `&self` (references made before stay usable inside, and no `claim`
//!   is needed), `scope_guard` holds `&mut Arena`, checkpoints are safe and on `&mut Arena`;
//! - chunks are 64 KiB by default (256 bytes at least, sizes rounded up to 64), headers are
//!   64 bytes and count against limits, and `reset` keeps every chunk for reuse;
//! - bump-scope's `count()` of chunks is `regular_chunks + dedicated_chunks` ([`chunk_count`]).
//!
//! Each file's module docs list the tests of its bump-scope file left out, and why. Files
//! left out whole: `alloc_cstr`
//! (no C-string API), `fixed_bump_vec` (no fixed-capacity vector), `fn_traits` and
//! `may_dangle` (nightly traits arenakit does not implement), `mut_bump_vec_doc` (merged into
//! `bump_vec_doc`), `mut_bump_vec_rev_doc` and `test_mut_bump_vec_rev` (no downward vector),
//! `test_mut_bump_vec` (merged into `bump_vec`), `with_settings` (no settings or `claim`),
//! `compile_fail`, `trybuild` and `trybuild_unavailable_panicking_macros` (trybuild harnesses;
//! arenakit's compile-fail cases are doctests).
//!
//! bump-scope also adapts std's `Vec` and `String` tests (`crates/tests-from-std`). Those of
//! `String` are ported (`from_std_bump_string`): the arena `String` is arenakit's own code.
//! Those of `Vec` (`bump_vec`, `mut_bump_vec`, `mut_bump_vec_rev`, `rc_bump_vec`) and
//! `rc_bump` are not: the arena `Vec` is allocator-api2's copy of std's `Vec`, tested
//! upstream, and bump-scope's reference-counted bump allocator has no counterpart.

mod alloc_clone;
mod alloc_fmt;
mod alloc_iter;
mod alloc_slice;
mod alloc_try_with;
mod allocator_api;
mod append;
mod bump_allocator;
mod bump_string;
mod bump_vec;
mod bump_vec_doc;
mod chunk_size;
mod claim;
mod coerce_unsized;
mod from_std_bump_string;
mod grow_vec;
mod into_flattened;
mod io_write;
mod limit_memory_usage;
mod minimum_chunk_size;
mod misalignment_due_to_dealloc;
mod mut_collections_do_not_waste_space;
mod other;
mod owned_slice;
mod panic_safety;
mod pool;
mod reserve;
#[cfg(feature = "serde")]
mod serde;
mod split_off;
mod static_memory;
mod stats;
mod thread_local;
mod unaligned_collection;
mod unallocated;
mod vec;

use arenakit::arena::{Arena, Mode};
use arenakit::source::MemorySource;
use arenakit::{Stats, source::Heap};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use std::any::Any;

/// The bytes a block of `size` bytes takes in arenakit: `size` rounded up to 8.
pub fn round8(size: usize) -> usize {
    size.next_multiple_of(8)
}

/// bump-scope's `stats().count()`: the chunks in use.
pub fn chunk_count(stats: Stats) -> usize {
    stats.regular_chunks + stats.dedicated_chunks
}

/// The message of a caught panic (`&str` or `String` payloads), or `"panicked"`.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        return (*message).to_string();
    }
    payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_else(|| "panicked".to_string())
}

/// Runs `f`, which must panic, and returns the panic's message.
pub fn expect_panic<R>(f: impl FnOnce() -> R) -> String {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_message(&*payload),
    }
}

/// Fills the rest of `arena`'s current plain chunk, then allocates `bytes` more, so the arena
/// moves on to another chunk (bump-scope's `force_alloc_new_chunk` and
/// `allocate_another_chunk`). `bytes` must stay under a quarter of the chunk size, or the
/// block would get a dedicated chunk instead.
pub fn force_new_chunk<S: MemorySource, M: Mode>(arena: &Arena<S, M>, bytes: usize) {
    let before = chunk_count(arena.stats());
    let room = arena.chunk_capacity();
    if room > 0 {
        arena.alloc_layout(Layout::from_size_align(room, 1).unwrap());
    }
    arena.alloc_layout(Layout::from_size_align(bytes, 1).unwrap());
    let after = chunk_count(arena.stats());
    assert!(
        after > before || room == 0,
        "no new chunk: {after} <= {before}"
    );
}

thread_local! {
    /// Destructor runs of [`Counted`] values on this thread.
    static DROPS: Cell<usize> = const { Cell::new(0) };
    /// `clone` calls of [`Counted`] values on this thread.
    static CLONES: Cell<usize> = const { Cell::new(0) };
    /// `default` calls of [`Counted`] values on this thread.
    static DEFAULTS: Cell<usize> = const { Cell::new(0) };
}

/// bump-scope's `TestWrap` (and the `DropEmit` of its `alloc_zst` test): a `T` whose drops,
/// clones and defaults are counted per thread, so `Counted<()>` is still zero-sized.
#[derive(Debug, PartialEq)]
pub struct Counted<T>(pub T);

impl<T: Default> Default for Counted<T> {
    fn default() -> Self {
        DEFAULTS.set(DEFAULTS.get() + 1);
        Counted(T::default())
    }
}

impl<T: Clone> Clone for Counted<T> {
    fn clone(&self) -> Self {
        CLONES.set(CLONES.get() + 1);
        Counted(self.0.clone())
    }
}

impl<T> Drop for Counted<T> {
    fn drop(&mut self) {
        DROPS.set(DROPS.get() + 1);
    }
}

/// What a block of code must do to [`Counted`] values: bump-scope's `TestWrap::expect()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// Destructor runs.
    pub drops: usize,
    /// `clone` calls.
    pub clones: usize,
    /// `default` calls.
    pub defaults: usize,
}

impl Expect {
    /// Expects `n` drops.
    pub fn drops(self, n: usize) -> Self {
        Expect { drops: n, ..self }
    }

    /// Expects `n` clones.
    pub fn clones(self, n: usize) -> Self {
        Expect { clones: n, ..self }
    }

    /// Expects `n` calls of `default`.
    pub fn defaults(self, n: usize) -> Self {
        Expect {
            defaults: n,
            ..self
        }
    }

    /// Resets this thread's counters, runs `f` and checks the counts.
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        Counted::<()>::reset_counts();
        let result = f();
        assert_eq!(Counted::<()>::counts(), self, "(drops, clones, defaults)");
        result
    }
}

impl Counted<()> {
    /// bump-scope's `TestWrap::expect()`: nothing expected yet.
    pub fn expect() -> Expect {
        Expect::default()
    }

    /// Sets this thread's counters back to zero.
    pub fn reset_counts() {
        DROPS.set(0);
        CLONES.set(0);
        DEFAULTS.set(0);
    }

    /// This thread's counts so far.
    pub fn counts() -> Expect {
        Expect {
            drops: DROPS.get(),
            clones: CLONES.get(),
            defaults: DEFAULTS.get(),
        }
    }

    /// Destructor runs so far on this thread.
    pub fn drops() -> usize {
        DROPS.get()
    }
}

/// A memory source over [`Heap`] of any size and alignment (the `[u8; N]` payload), for
/// bump-scope's tests of base allocators of unusual layouts.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Padded<P> {
    /// Only there to give the source its size and alignment.
    pub payload: P,
}

// SAFETY: every block comes from `Heap` and goes back to it with the same layout.
unsafe impl<P> MemorySource for Padded<P> {
    fn allocate(&self, layout: Layout) -> Option<NonNull<u8>> {
        Heap.allocate(layout)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded: the caller gives back a block `Heap` handed out for `layout`.
        unsafe { Heap.deallocate(ptr, layout) }
    }
}

/// Checks that the source's own size does not change the arena's accounting: after one byte,
/// the arena holds one chunk of its chunk size, 64 bytes of it header, 8 bytes of it used.
pub fn assert_source_layout_is_irrelevant<P>(payload: P) {
    let arena = arenakit::Arena::builder()
        .source(Padded { payload })
        .chunk_size(512)
        .build();
    assert_eq!(arena.stats().used, 0);
    arena.alloc(1u8);
    let stats = arena.stats();
    assert_eq!(chunk_count(stats), 1);
    assert_eq!(stats.held, 512);
    assert_eq!(stats.held_data, 512 - 64);
    assert_eq!(stats.used, 8);
    assert_eq!(arena.alloc_str("hey"), "hey");
    assert_eq!(arena.stats().used, 16);
}
