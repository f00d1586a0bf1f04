//! The core-arena workloads and their registry.
//!
//! Each workload module has:
//!
//! - a parameter struct (counts, sizes) implementing [`BumpBatch`]: one batch on a warm bump
//!   arena, generic over [`BumpPeer`], ending with `reset`;
//! - a heap version for the system allocator (`Box`, `String`, `Vec`; every object freed);
//! - `expected`: the checksum every batch must return, computed without allocating;
//! - `workload()`: the [`Workload`] with all peers, as the `showdown` binary runs it.
//!
//! The batch functions are `#[inline(never)]` so each peer's loop is one symbol in the binary
//! (easy to find with `objdump`) and compiles the same in the binary and in the criterion
//! benches.
//!
//! | name | one operation | batch |
//! |---|---|---|
//! | `pure` | one 64-byte, 8-aligned allocation, nothing written | 1,000,000 then reset |
//! | `struct` | one `[u64; 8]` allocated and written | 1,000,000 then reset / free |
//! | `string` | one 24-40 byte string copied | 1,000,000 then reset / free |
//! | `slice` | one 1,000,000-element uninitialised `u64` slice, then reset / free | 100,000 calls |
//! | `rounds` | one round: 1,000 allocations of 16-48 bytes (written), then reset / free | 10,000 rounds |

pub mod pure;
pub mod rounds;
pub mod slice;
pub mod strings;
pub mod structs;

use crate::harness::{Bar, Peer, Workload};
use crate::peers::{BumpPeer, BumpScope8};

/// Name of the system-allocator peer: `"glibc"` on GNU targets, else `"system"`.
pub const SYSTEM: &str = if cfg!(target_env = "gnu") {
    "glibc"
} else {
    "system"
};
/// Name of the bumpalo peer, the main baseline.
pub const BUMPALO: &str = "bumpalo";
/// Name of the arenakit peer.
pub const ARENAKIT: &str = "arenakit";
/// Name of the no-allocator reference peer (the payload written into a reused buffer), in the
/// workloads whose cost is mostly writing memory.
pub const FLOOR: &str = "floor";

/// One batch of a workload on a warm bump arena.
pub trait BumpBatch {
    /// Runs one batch on `arena` (ending with `arena.reset()`) and returns its checksum.
    fn run<A: BumpPeer>(&self, arena: &mut A) -> u64;
}

/// A peer that owns a warm arena of type `A` (made once with [`BumpPeer::fresh`], reused
/// through `reset`) and runs `batch` on it.
pub fn bump_peer<A, B>(how: &str, batch: B) -> Peer<'static>
where
    A: BumpPeer + 'static,
    B: BumpBatch + 'static,
{
    let mut arena = A::fresh();
    Peer::new(A::NAME, how, move || batch.run(&mut arena))
}

/// Adds the four bump-arena peers (arenakit, bumpalo, bump-scope with minimum alignment 8,
/// blink-alloc), each with its own warm arena, all running `batch`.
pub fn with_bump_peers<B: BumpBatch + Clone + 'static>(
    workload: Workload<'static>,
    how: &str,
    batch: B,
) -> Workload<'static> {
    workload
        .peer(bump_peer::<arenakit::Arena, _>(how, batch.clone()))
        .peer(bump_peer::<bumpalo::Bump, _>(how, batch.clone()))
        .peer(bump_peer::<BumpScope8, _>(
            &format!("{how} (MIN_ALIGN 8)"),
            batch.clone(),
        ))
        .peer(bump_peer::<blink_alloc::Blink, _>(how, batch))
}

/// "arenakit's median is at most `max_ratio` times `baseline`'s".
pub fn bar(baseline: &'static str, max_ratio: f64, text: &'static str) -> Bar {
    Bar {
        peer: ARENAKIT,
        baseline,
        max_ratio,
        text,
    }
}

/// A workload the binary can run.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The workload's name (what `--only` matches).
    pub name: &'static str,
    /// Builds the workload with its peers (allocating their inputs and warm state).
    pub build: fn() -> Workload<'static>,
}

/// Every workload, in report order.
pub fn all() -> [Spec; 5] {
    [
        Spec {
            name: pure::NAME,
            build: pure::workload,
        },
        Spec {
            name: structs::NAME,
            build: structs::workload,
        },
        Spec {
            name: strings::NAME,
            build: strings::workload,
        },
        Spec {
            name: slice::NAME,
            build: slice::workload,
        },
        Spec {
            name: rounds::NAME,
            build: rounds::workload,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs every peer of `workload` twice and checks the checksums.
    pub(super) fn check(workload: Workload<'static>) {
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        let peers = [ARENAKIT, BUMPALO, "bump-scope", "blink-alloc", SYSTEM];
        assert_eq!(names[..5], peers);
        assert!(names[5..].iter().all(|&n| n == FLOOR));
        let settings = crate::harness::Settings {
            rounds: 1,
            warmup: 1,
            rotate: true,
        };
        crate::harness::run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn names_are_unique() {
        let names: std::collections::HashSet<_> = all().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), all().len());
    }
}
