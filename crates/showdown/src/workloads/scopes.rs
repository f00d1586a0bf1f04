//! Workload `scopes`: scratch memory released by scopes on a long-lived arena.
//!
//! One round: a scope opened on the arena, [`ALLOCS`] small slices of 2 to 6 `u64` (16 to 48
//! bytes, cycling, filled with the values of [`rounds`](super::rounds): same sizes, same
//! checksum), and on every [`NEST_EVERY`]-th round, after the first half of them, one nested
//! scope with [`NESTED`] more slices of its own; then the scope ends. One batch: [`ROUNDS`]
//! rounds on the same arena, which is never reset: each scope's memory is released when it
//! ends and reused by the next one. Times are per round.
//!
//! Peers:
//!
//! - `arenakit scope`: `arena.scope(|s| ...)` per round, `s.scope(...)` for the nested one,
//!   `s.alloc_slice_fill_with`;
//! - `bump-scope scoped`: `bump.scoped(|bump| ...)` per round and for the nested one, on
//!   bump-scope's `Bump` with minimum alignment 8 (the crate's `peers::BumpScope8`).
//!   bump-scope 2.4.1 has two ways in: `scoped`, the closure, and `scope_guard`, a guard whose
//!   drop resets to the checkpoint taken when it was made; `scoped` is literally
//!   `let mut guard = self.scope_guard(); f(guard.scope())`, both `#[inline(always)]`, so the
//!   two compile to the same code, and the closure has the shape of arenakit's;
//! - for reference, `arenakit reset` and `bumpalo reset`: the same slices (the nested ones
//!   included) allocated flat, then a reset, as in `rounds`: what a loop that resets its own
//!   arena every round costs;
//! - the system allocator (`glibc`): every slice a `Box<[u64]>` collected from an iterator
//!   into a `Vec` of its length, held in a list, all dropped when their scope ends (the nested
//!   scope's list first).
//!
//! Checksum: the sum of the last element of every slice, read back from the slice. Each
//! scope's memory is made observable with [`crate::escape`] before it ends.

use super::rounds::{value, words};
use super::{HeapBatch, SYSTEM, bar_of};
use crate::harness::{Peer, Workload};
use crate::peers::{BumpPeer, BumpScope8};
use crate::sysalloc::Glibc;
use allocator_api2::alloc::Allocator;
use allocator_api2::boxed::Box;
use bump_scope::{BumpBox, BumpScope};
use std::hint::black_box;

/// The workload's name.
pub const NAME: &str = "scopes";
/// Slices per round in the round's scope.
pub const ALLOCS: usize = 100;
/// Slices in the nested scope of a nesting round.
pub const NESTED: usize = 8;
/// Every `NEST_EVERY`-th round (round 0, `NEST_EVERY`, ...) opens a nested scope.
pub const NEST_EVERY: usize = 4;
/// Rounds per batch.
pub const ROUNDS: usize = 100_000;

/// Name of the arenakit peer: one `arena.scope` per round.
pub const ARENAKIT_SCOPE: &str = "arenakit scope";
/// Name of the bump-scope peer: one `bump.scoped` per round.
pub const BUMP_SCOPE_SCOPED: &str = "bump-scope scoped";
/// Name of arenakit's reference row: allocations, then a reset, every round.
pub const ARENAKIT_RESET: &str = "arenakit reset";
/// Name of bumpalo's reference row: allocations, then a reset, every round.
pub const BUMPALO_RESET: &str = "bumpalo reset";
/// The peers, in the order [`sized`] adds them.
pub const PEERS: [&str; 5] = [
    ARENAKIT_SCOPE,
    BUMP_SCOPE_SCOPED,
    ARENAKIT_RESET,
    BUMPALO_RESET,
    SYSTEM,
];

/// Whether round `round` opens a nested scope.
#[inline(always)]
pub fn nests(round: usize) -> bool {
    round.is_multiple_of(NEST_EVERY)
}

/// Parameters of the scopes batch.
#[derive(Clone, Copy, Debug)]
pub struct Scopes {
    /// Rounds per batch.
    pub rounds: usize,
    /// Slices per round in the round's scope (indices `0..allocs`).
    pub allocs: usize,
    /// Slices in the nested scope of a nesting round (indices `allocs..allocs + nested`).
    pub nested: usize,
}

/// `rounds` times: a scope of `arena` with `allocs` filled slices, the first half, on a
/// nesting round a nested scope with `nested` more, then the second half; the scope ends. The
/// arena is never reset. Returns the checksum.
#[inline(never)]
pub fn arenakit_scope(arena: &arenakit::Arena, rounds: usize, allocs: usize, nested: usize) -> u64 {
    let (allocs, nested) = (black_box(allocs), black_box(nested));
    let half = allocs / 2;
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        let part = arena.scope(|s| {
            let mut sum = 0u64;
            for j in 0..half {
                let slice = s.alloc_slice_fill_with(words(j), |w| value(round, j, w));
                sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            }
            if nests(round) {
                let inner = s.scope(|inner| {
                    let mut sum = 0u64;
                    for j in allocs..allocs + nested {
                        let slice = inner.alloc_slice_fill_with(words(j), |w| value(round, j, w));
                        sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
                    }
                    crate::escape(inner);
                    sum
                });
                sum = sum.wrapping_add(inner);
            }
            for j in half..allocs {
                let slice = s.alloc_slice_fill_with(words(j), |w| value(round, j, w));
                sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            }
            crate::escape(s);
            sum
        });
        sum = sum.wrapping_add(part);
    }
    sum
}

/// A scope of bump-scope's `Bump` with minimum alignment 8, as `scoped` hands it out.
type Scope8<'a> = BumpScope<'a, bump_scope::alloc::Global, bump_scope::settings::BumpSettings<8>>;

/// `len` values from `bump`, the `i`-th being `f(i)`: bump-scope's `alloc_slice_fill_with`,
/// whose filler takes no index, counting the calls (as `peers` does for its `Bump`).
#[inline(always)]
fn fill<'a>(bump: &Scope8<'a>, len: usize, mut f: impl FnMut(usize) -> u64) -> &'a mut [u64] {
    let mut index = 0;
    BumpBox::leak(bump.alloc_slice_fill_with(len, || {
        let value = f(index);
        index += 1;
        value
    }))
}

/// [`arenakit_scope`] on bump-scope: `bump.scoped` per round and for the nested scope. The
/// bump is never reset. Returns the checksum.
#[inline(never)]
pub fn bump_scope_scoped(
    bump: &mut BumpScope8,
    rounds: usize,
    allocs: usize,
    nested: usize,
) -> u64 {
    let (allocs, nested) = (black_box(allocs), black_box(nested));
    let half = allocs / 2;
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        let part = bump.scoped(|bump| {
            let mut sum = 0u64;
            for j in 0..half {
                let slice = fill(bump, words(j), |w| value(round, j, w));
                sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            }
            if nests(round) {
                let inner = bump.scoped(|inner| {
                    let mut sum = 0u64;
                    for j in allocs..allocs + nested {
                        let slice = fill(inner, words(j), |w| value(round, j, w));
                        sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
                    }
                    crate::escape(inner);
                    sum
                });
                sum = sum.wrapping_add(inner);
            }
            for j in half..allocs {
                let slice = fill(bump, words(j), |w| value(round, j, w));
                sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            }
            crate::escape(bump);
            sum
        });
        sum = sum.wrapping_add(part);
    }
    sum
}

/// The reference rows: `rounds` times, the round's slices (the first half, the nested ones
/// on a nesting round, the second half) allocated flat from `arena`, then a reset. Returns the
/// checksum.
#[inline(never)]
pub fn reset<A: BumpPeer>(arena: &mut A, rounds: usize, allocs: usize, nested: usize) -> u64 {
    let (allocs, nested) = (black_box(allocs), black_box(nested));
    let half = allocs / 2;
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        let nested_range = if nests(round) {
            allocs..allocs + nested
        } else {
            0..0
        };
        for j in (0..half).chain(nested_range).chain(half..allocs) {
            let slice = arena.alloc_slice_fill_with(words(j), |w| value(round, j, w));
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
        }
        crate::escape(arena);
        arena.reset();
    }
    sum
}

impl HeapBatch for Scopes {
    fn heap_peer<A>(&self, name: &'static str, alloc: A) -> Peer<'static>
    where
        A: Allocator + Copy + Send + Sync + 'static,
    {
        let Scopes {
            rounds,
            allocs,
            nested,
        } = *self;
        let mut outer = Vec::with_capacity(allocs);
        let mut inner = Vec::with_capacity(nested);
        Peer::new(
            name,
            "Box<[u64]> from Vec::with_capacity_in + extend, dropped at scope end",
            move || heap(&mut outer, &mut inner, rounds, allocs, nested, alloc),
        )
    }
}

/// One filled `Box<[u64]>` from `alloc`, as [`rounds::heap`](super::rounds::heap) makes them.
#[inline(always)]
fn boxed<A: Allocator + Copy>(alloc: A, round: usize, j: usize) -> Box<[u64], A> {
    let len = words(j);
    let mut vec = allocator_api2::vec::Vec::with_capacity_in(len, alloc);
    vec.extend((0..len).map(|w| value(round, j, w)));
    vec.into_boxed_slice()
}

/// [`arenakit_scope`] on the heap: every slice a `Box<[u64]>` from `alloc`, held in `outer`
/// (the round's scope) or `inner` (the nested scope), reused lists that keep their capacity,
/// and dropped when its scope ends. Returns the checksum.
#[inline(never)]
pub fn heap<A: Allocator + Copy>(
    outer: &mut Vec<Box<[u64], A>>,
    inner: &mut Vec<Box<[u64], A>>,
    rounds: usize,
    allocs: usize,
    nested: usize,
    alloc: A,
) -> u64 {
    let (allocs, nested) = (black_box(allocs), black_box(nested));
    let half = allocs / 2;
    let mut sum = 0u64;
    for round in 0..black_box(rounds) {
        for j in 0..half {
            let slice = boxed(alloc, round, j);
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            outer.push(slice);
        }
        if nests(round) {
            for j in allocs..allocs + nested {
                let slice = boxed(alloc, round, j);
                sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
                inner.push(slice);
            }
            crate::escape(inner);
            inner.clear();
        }
        for j in half..allocs {
            let slice = boxed(alloc, round, j);
            sum = sum.wrapping_add(slice.last().copied().unwrap_or(0));
            outer.push(slice);
        }
        crate::escape(outer);
        outer.clear();
    }
    sum
}

/// The checksum of a batch.
pub fn expected(rounds: usize, allocs: usize, nested: usize) -> u64 {
    let mut sum = 0u64;
    for round in 0..rounds {
        let count = allocs + if nests(round) { nested } else { 0 };
        for j in 0..count {
            sum = sum.wrapping_add(value(round, j, words(j) - 1));
        }
    }
    sum
}

/// The workload as the binary runs it.
pub fn workload() -> Workload<'static> {
    sized(ROUNDS, ALLOCS, NESTED)
}

/// The workload with `rounds` rounds of `allocs` slices per scope and `nested` in the nested
/// scope of every [`NEST_EVERY`]-th round.
pub fn sized(rounds: usize, allocs: usize, nested: usize) -> Workload<'static> {
    let title = format!(
        "Scopes on a long-lived arena: {rounds} x (a scope with {allocs} slices of 16-48 bytes \
         filled, every {NEST_EVERY}th round a nested scope with {nested} more, then the scope \
         ends; never reset) (reference: the same slices, then reset; heap: Box<[u64]> \
         collected, dropped at scope end)"
    );
    let batch = Scopes {
        rounds,
        allocs,
        nested,
    };
    let workload = Workload::new(
        NAME,
        title,
        "round",
        rounds as u64,
        expected(rounds, allocs, nested),
    )
    .columns(&[BUMP_SCOPE_SCOPED, BUMPALO_RESET, SYSTEM])
    // The scopes are the subject; the reset rows are references, not rivals.
    .headline(ARENAKIT_SCOPE, &[BUMP_SCOPE_SCOPED])
    .bar(bar_of(
        ARENAKIT_SCOPE,
        BUMP_SCOPE_SCOPED,
        1.05,
        "arenakit scope within 5% of bump-scope scoped",
    ))
    .note(format!(
        "The scope rows never reset their arena: each round's scope (and nested scope) gives \
         its memory back when it ends and the next one reuses it. The `reset` rows allocate \
         the same slices flat and reset after each round, as in `rounds`: the reference for \
         what entering and leaving the scopes costs. Per round: {allocs} slices, plus {nested} \
         in a nested scope on one round in {NEST_EVERY}."
    ));

    let arena = arenakit::Arena::new();
    let mut bump = BumpScope8::new();
    let mut reset_arena = arenakit::Arena::new();
    let mut reset_bump = bumpalo::Bump::new();
    workload
        .peer(Peer::new(
            ARENAKIT_SCOPE,
            "arena.scope per round, s.scope nested, s.alloc_slice_fill_with; no reset",
            move || arenakit_scope(&arena, rounds, allocs, nested),
        ))
        .peer(Peer::new(
            BUMP_SCOPE_SCOPED,
            "bump.scoped per round and nested (MIN_ALIGN 8), alloc_slice_fill_with; no reset",
            move || bump_scope_scoped(&mut bump, rounds, allocs, nested),
        ))
        .peer(Peer::new(
            ARENAKIT_RESET,
            "alloc_slice_fill_with, reset per round (reference)",
            move || reset(&mut reset_arena, rounds, allocs, nested),
        ))
        .peer(Peer::new(
            BUMPALO_RESET,
            "alloc_slice_fill_with, reset per round (reference)",
            move || reset(&mut reset_bump, rounds, allocs, nested),
        ))
        .peer(batch.heap_peer(SYSTEM, Glibc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match() {
        super::super::tests::check(sized(20, ALLOCS, NESTED), &[&PEERS]);
    }

    #[test]
    fn scopes_reuse_their_memory() {
        let arena = arenakit::Arena::new();
        let first = arenakit_scope(&arena, 8, ALLOCS, NESTED);
        let held = arena.stats().held;
        assert!(held > 0);
        assert_eq!(arenakit_scope(&arena, 8, ALLOCS, NESTED), first);
        assert_eq!(
            arena.stats().held,
            held,
            "a second batch takes no new chunk"
        );
        let mut bump = BumpScope8::new();
        assert_eq!(bump_scope_scoped(&mut bump, 8, ALLOCS, NESTED), first);
        assert_eq!(bump.stats().allocated(), 0, "every scope ended");
        assert_eq!(first, expected(8, ALLOCS, NESTED));
    }
}
