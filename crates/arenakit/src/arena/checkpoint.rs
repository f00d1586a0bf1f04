//! Checkpoints and guard scopes (bump-scope's `checkpoint`/`reset_to`/`scope_guard`,
//! bumpalo's `raw_checkpoint`), safe.
//!
//! [`checkpoint`](super::Arena::checkpoint) and [`reset_to`](super::Arena::reset_to) both take
//! `&mut Arena`, so no reference into the arena is alive when memory is rewound; a checkpoint
//! the arena no longer recognises (from another arena, from before a reset, or made stale by
//! a rewind to an older checkpoint) is refused with [`StaleCheckpoint`] instead of being
//! trusted. A [`ScopeGuard`] holds the arena mutably and rewinds it when dropped: a scope that
//! is a value, not a closure, so it works across loop iterations, early returns and `?`.

use super::{Arena, Local};
use crate::drop_list::DropHeader;
use crate::raw::RawCheckpoint;
use crate::source::{Heap, MemorySource};
use core::fmt;
use core::ptr::NonNull;

/// A point in an [`Arena`](crate::Arena)'s plain allocations to rewind to with
/// [`reset_to`](Arena::reset_to); made by [`checkpoint`](Arena::checkpoint).
///
/// # Examples
///
/// ```
/// let mut arena = arenakit::Arena::new();
/// arena.alloc_str("kept");
/// let cp = arena.checkpoint();
/// for round in 0..3 {
///     arena.alloc_slice_fill_copy(1000, round);
///     arena.reset_to(&cp).unwrap(); // the 1000 bytes go back each round
/// }
/// assert_eq!(arena.stats().used, 8);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    raw: RawCheckpoint,
    /// The newest destructor registered when the checkpoint was taken.
    drops: Option<NonNull<DropHeader>>,
}

// SAFETY: a checkpoint is plain data about an arena's state; its pointers are only followed
// by `reset_to` on the arena that recognises it (which the caller holds exclusively), never
// on their own, so moving or sharing it between threads is harmless.
unsafe impl Send for Checkpoint {}
// SAFETY: as for `Send`; `&Checkpoint` gives access to nothing but the data.
unsafe impl Sync for Checkpoint {}

impl fmt::Debug for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checkpoint").finish_non_exhaustive()
    }
}

/// [`reset_to`](Arena::reset_to) was given a checkpoint the arena no longer recognises:
/// taken on another arena, before a [`reset`](Arena::reset), or after the checkpoint an
/// earlier `reset_to` went back to. Nothing was changed.
///
/// # Examples
///
/// ```
/// let mut arena = arenakit::Arena::new();
/// let cp = arena.checkpoint();
/// arena.reset();
/// assert!(arena.reset_to(&cp).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StaleCheckpoint;

impl fmt::Display for StaleCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "arenakit: reset_to was given a stale checkpoint (from another arena, from before a \
             reset, or newer than a checkpoint the arena was since reset to)",
        )
    }
}

impl core::error::Error for StaleCheckpoint {}

impl<S: MemorySource> Arena<S, Local> {
    /// Where the arena's plain allocations stand now, to come back to with
    /// [`reset_to`](Self::reset_to). O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let cp = arena.checkpoint();
    /// arena.alloc([0u8; 100]);
    /// arena.reset_to(&cp).unwrap();
    /// assert_eq!(arena.stats().used, 0);
    /// ```
    #[doc(alias = "raw_checkpoint")]
    pub fn checkpoint(&mut self) -> Checkpoint {
        Checkpoint {
            raw: self.raw.checkpoint(),
            drops: self.drops.head(),
        }
    }

    /// Gives back everything allocated since `checkpoint` was taken: plain values (their
    /// chunks go to the spare lists, and the cursor goes back), and the values registered
    /// with [`alloc_owned`](Self::alloc_owned) since, whose destructors run now, newest
    /// first. Freeable blocks (boxes, collection buffers) are not rewound: they went back
    /// when they were freed, and one leaked since stays until the next reset.
    ///
    /// The checkpoint stays valid, and so do older ones; newer ones become stale. Takes
    /// `&mut self`, so no reference into the arena is in use.
    ///
    /// # Errors
    ///
    /// [`StaleCheckpoint`] if the arena does not recognise `checkpoint` (see there); the arena
    /// is unchanged then.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let outer = arena.checkpoint();
    /// arena.alloc(1u64);
    /// let inner = arena.checkpoint();
    /// arena.alloc(2u64);
    /// arena.reset_to(&inner).unwrap();
    /// assert_eq!(arena.stats().used, 8);
    /// arena.reset_to(&outer).unwrap();
    /// assert_eq!(arena.stats().used, 0);
    /// assert!(arena.reset_to(&inner).is_err()); // newer than `outer`: stale now
    /// ```
    pub fn reset_to(&mut self, checkpoint: &Checkpoint) -> Result<(), StaleCheckpoint> {
        if !self.raw.is_valid(&checkpoint.raw) {
            return Err(StaleCheckpoint);
        }
        // SAFETY: the checkpoint is valid (checked).
        unsafe { self.rewind(checkpoint) };
        Ok(())
    }

    /// A scope as a guard value: it holds the arena mutably, hands it out for allocations
    /// through [`ScopeGuard::scope`], and gives back everything allocated through it when it
    /// is dropped (or at [`ScopeGuard::reset`]). References made through it cannot outlive
    /// it; references made before it cannot be used while it lives (it borrows the arena
    /// mutably), as with bump-scope's `scope_guard`. For a scope that leaves earlier
    /// references usable, see the closure form [`scope`](Self::scope).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let mut guard = arena.scope_guard();
    /// for line in ["a b", "c d e"] {
    ///     let scope = guard.scope();
    ///     let words = scope.alloc_iter(line.split(' ').map(|w| scope.alloc_str(w) as &str));
    ///     assert!(words.len() >= 2);
    ///     guard.reset(); // this line's words go back
    /// }
    /// drop(guard);
    /// assert_eq!(arena.stats().used, 0);
    /// ```
    pub fn scope_guard(&mut self) -> ScopeGuard<'_, S> {
        ScopeGuard {
            checkpoint: self.checkpoint(),
            arena: self,
        }
    }

    /// Rewinds to `checkpoint`, running the destructors registered since.
    ///
    /// # Safety
    ///
    /// `checkpoint` is valid for this arena (`raw.is_valid`).
    unsafe fn rewind(&mut self, checkpoint: &Checkpoint) {
        /// Rewinds the chunks even if a destructor panics.
        struct Rewind<'r, S: MemorySource> {
            raw: &'r mut crate::raw::RawArena<S>,
            to: &'r RawCheckpoint,
        }
        impl<S: MemorySource> Drop for Rewind<'_, S> {
            fn drop(&mut self) {
                // SAFETY: the checkpoint is valid (caller of `rewind`), the arena is held
                // exclusively, and the values registered since were dropped before this runs.
                unsafe { self.raw.rewind(self.to) }
            }
        }
        let guard = Rewind {
            raw: &mut self.raw,
            to: &checkpoint.raw,
        };
        // SAFETY: `checkpoint.drops` was the list's head when the valid checkpoint was
        // taken, and no reset or older rewind happened since, so it is still on the list;
        // `&mut self` proves no reference to a value is in use, and the nodes lie in chunks
        // still held (the guard rewinds them after this, also if a destructor panics).
        unsafe { self.drops.run_newer_than(checkpoint.drops) };
        drop(guard);
    }
}

/// A scope that is a value: see [`Arena::scope_guard`](Arena::scope_guard).
///
/// References made through [`scope`](ScopeGuard::scope) borrow the guard, so they cannot
/// outlive it:
///
/// ```compile_fail,E0597
/// let mut arena = arenakit::Arena::new();
/// let escaped: &str;
/// {
///     let guard = arena.scope_guard();
///     escaped = guard.scope().alloc_str("gone when the guard drops");
/// }
/// println!("{escaped}");
/// ```
///
/// nor be used after [`reset`](ScopeGuard::reset):
///
/// ```compile_fail,E0502
/// let mut arena = arenakit::Arena::new();
/// let mut guard = arena.scope_guard();
/// let n = guard.scope().alloc(1u32);
/// guard.reset();
/// *n += 1;
/// ```
///
/// and a reference made before the guard cannot be used while it lives (the guard holds the
/// arena mutably):
///
/// ```compile_fail,E0502
/// let mut arena = arenakit::Arena::new();
/// let before = arena.alloc(1u32);
/// let guard = arena.scope_guard();
/// *before += 1;
/// drop(guard);
/// ```
pub struct ScopeGuard<'a, S: MemorySource = Heap> {
    arena: &'a mut Arena<S, Local>,
    /// Valid for `arena` as long as the guard lives: the guard holds the arena exclusively,
    /// and nested guards (the only other way to rewind it) end first.
    checkpoint: Checkpoint,
}

impl<'a, S: MemorySource> ScopeGuard<'a, S> {
    /// The arena, to allocate in the scope; what is allocated goes back when the guard is
    /// dropped or reset.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let guard = arena.scope_guard();
    /// assert_eq!(guard.scope().alloc_str("scoped"), "scoped");
    /// ```
    pub fn scope(&self) -> &Arena<S, Local> {
        self.arena
    }

    /// Gives back everything allocated in the scope so far; the guard stays open.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let mut guard = arena.scope_guard();
    /// guard.scope().alloc([0u8; 64]);
    /// guard.reset();
    /// assert_eq!(guard.scope().stats().used, 0);
    /// ```
    pub fn reset(&mut self) {
        // SAFETY: the checkpoint is valid for as long as the guard lives (field docs).
        unsafe { self.arena.rewind(&self.checkpoint) };
    }

    /// A nested guard: it rewinds to where this scope stands now when it is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = arenakit::Arena::new();
    /// let mut outer = arena.scope_guard();
    /// outer.scope().alloc(1u64);
    /// {
    ///     let inner = outer.scope_guard();
    ///     inner.scope().alloc(2u64);
    /// }
    /// assert_eq!(outer.scope().stats().used, 8);
    /// ```
    pub fn scope_guard(&mut self) -> ScopeGuard<'_, S> {
        self.arena.scope_guard()
    }
}

impl<S: MemorySource> Drop for ScopeGuard<'_, S> {
    fn drop(&mut self) {
        self.reset();
    }
}

impl<S: MemorySource> fmt::Debug for ScopeGuard<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeGuard")
            .field("arena", &self.arena)
            .finish_non_exhaustive()
    }
}
