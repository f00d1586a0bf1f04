//! Workloads `collections-map` and `collections-vec`: the arena collections against the same
//! collections on the heap and in bumpalo.
//!
//! # `collections-map`
//!
//! One batch: [`MAP_KEYS`] distinct `u64` keys inserted into an empty map (no reserved
//! capacity, so every peer grows its table the same way) with `u64` values, then every key
//! looked up, then the map torn down (dropped; the arenas are also reset).
//!
//! Every map is hashbrown's SwissTable with the same hasher, hashbrown's
//! [`DefaultHashBuilder`] (foldhash), so the allocator, not the hash function or the table,
//! decides the result: std's `HashMap` (hashbrown inside) is built `with_hasher`, and the
//! other peers are `hashbrown::HashMap`s in an allocator.
//!
//! | peer | map |
//! |---|---|
//! | arenakit | `arena.map()` ([`arenakit::collections::HashMap`]), then `reset` |
//! | bumpalo | `hashbrown::HashMap::with_hasher_in(.., &bump)`, then `reset` |
//! | glibc | `std::collections::HashMap::with_hasher(..)` |
//! | mimalloc, jemalloc | `hashbrown::HashMap::with_hasher_in(.., Mi / Je)` |
//!
//! bump-scope and blink-alloc are not peers of the map: hashbrown needs an
//! `allocator_api2` 0.2 `Allocator`, which bump-scope implements only with its
//! `allocator-api2-02` feature (not enabled here) and blink-alloc 0.4 only for
//! `allocator_api2` 0.4.
//!
//! Checksum: the sum of the looked-up values plus the map's length.
//!
//! # `collections-vec`
//!
//! One batch: [`VEC_LEN`] `u64` pushed one by one onto an empty vector (no `with_capacity`,
//! so it grows as it goes), then summed, then dropped (the arenas are also reset).
//!
//! | peer | vector |
//! |---|---|
//! | arenakit | `arena.vec()` ([`arenakit::collections::Vec`]: `allocator_api2`'s `Vec` in the arena) |
//! | bumpalo | `allocator_api2::vec::Vec::new_in(&bump)` (bumpalo's own `collections::Vec` needs a feature not enabled here) |
//! | bump-scope | `BumpVec::new_in(&bump)` (minimum alignment 8) |
//! | glibc | `std::vec::Vec::new()` |
//! | mimalloc, jemalloc | `allocator_api2::vec::Vec::new_in(Mi / Je)` |
//!
//! Checksum: the sum of the elements read back plus the length.

use super::{ARENAKIT, BUMP_SCOPE, BUMPALO, SYSTEM, bar};
use crate::harness::{Peer, Workload};
use crate::peers::BumpScope8;
use crate::sysalloc::{JEMALLOC, Je, MIMALLOC, Mi};
use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use hashbrown::DefaultHashBuilder;
use std::hash::BuildHasher;
use std::hint::black_box;

/// Name of the hash-map workload.
pub const MAP_NAME: &str = "collections-map";
/// Name of the vector workload.
pub const VEC_NAME: &str = "collections-vec";
/// Keys per map batch.
pub const MAP_KEYS: usize = 100_000;
/// Elements per vector batch.
pub const VEC_LEN: usize = 1_000_000;
/// Key number `i`: distinct for distinct `i` (multiplying by an odd number is a bijection on
/// `u64`) and spread over the whole range.
#[inline(always)]
pub fn key(i: u64) -> u64 {
    i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The value stored under key number `i`.
#[inline(always)]
pub fn value(i: u64) -> u64 {
    i ^ 0x5555
}

/// The operations the map batch needs, for std's and hashbrown's `HashMap`.
pub trait U64Map {
    /// Inserts `value` under `key`.
    fn put(&mut self, key: u64, value: u64);
    /// The value under `key`, if any.
    fn find(&self, key: u64) -> Option<u64>;
    /// Number of entries.
    fn entries(&self) -> usize;
}

/// `U64Map` for a map type whose `insert`, `get` and `len` have the std signatures.
macro_rules! u64_map {
    (impl<$($g:ident: $bound:path),*> for $ty:ty) => {
        impl<$($g: $bound),*> U64Map for $ty {
            #[inline(always)]
            fn put(&mut self, key: u64, value: u64) {
                self.insert(key, value);
            }

            #[inline(always)]
            fn find(&self, key: u64) -> Option<u64> {
                self.get(&key).copied()
            }

            #[inline(always)]
            fn entries(&self) -> usize {
                self.len()
            }
        }
    };
}

u64_map!(impl<S: BuildHasher> for std::collections::HashMap<u64, u64, S>);
u64_map!(impl<S: BuildHasher, A: Allocator> for hashbrown::HashMap<u64, u64, S, A>);

/// Inserts `keys` keys into `map`, looks every one up, and returns the checksum. The map is
/// made observable before returning.
#[inline(never)]
pub fn fill_and_probe<M: U64Map>(map: &mut M, keys: usize) -> u64 {
    let keys = black_box(keys) as u64;
    for i in 0..keys {
        map.put(key(i), value(i));
    }
    let mut sum = 0u64;
    for i in 0..keys {
        sum = sum.wrapping_add(map.find(key(i)).expect("every key was inserted"));
    }
    crate::escape(map);
    sum.wrapping_add(map.entries() as u64)
}

/// The checksum of a map batch of `keys` keys.
pub fn map_expected(keys: usize) -> u64 {
    (0..keys as u64).fold(keys as u64, |sum, i| sum.wrapping_add(value(i)))
}

/// A map peer on the heap of `alloc`.
fn hashbrown_peer<A: Allocator + Copy + 'static>(
    name: &'static str,
    alloc: A,
    keys: usize,
) -> Peer<'static> {
    Peer::new(name, "hashbrown::HashMap in the allocator", move || {
        let mut map = hashbrown::HashMap::with_hasher_in(DefaultHashBuilder::default(), alloc);
        fill_and_probe(&mut map, keys)
    })
}

/// The map workload as the binary runs it.
pub fn map_workload() -> Workload<'static> {
    map_sized(MAP_KEYS)
}

/// The map workload with `keys` keys per batch.
pub fn map_sized(keys: usize) -> Workload<'static> {
    let title = format!(
        "Hash map: {keys} u64 -> u64 inserts into an empty map, {keys} lookups, teardown; \
         every map is hashbrown's table with hashbrown's default hasher (foldhash; std's \
         HashMap built with_hasher), so only the allocator differs"
    );
    let mut arena = Arena::new();
    let mut bump = bumpalo::Bump::new();
    Workload::new(MAP_NAME, title, "key", keys as u64, map_expected(keys))
        .bar(bar(BUMPALO, 1.00, "arenakit at or ahead of bumpalo"))
        .note("One operation = one insert and one lookup.")
        .peer(Peer::new(ARENAKIT, "arena.map(), drop, reset", move || {
            let sum = fill_and_probe(&mut arena.map(), keys);
            arena.reset();
            sum
        }))
        .peer(Peer::new(
            BUMPALO,
            "hashbrown::HashMap::with_hasher_in(.., &bump), drop, reset",
            move || {
                let sum = {
                    let mut map =
                        hashbrown::HashMap::with_hasher_in(DefaultHashBuilder::default(), &bump);
                    fill_and_probe(&mut map, keys)
                };
                bump.reset();
                sum
            },
        ))
        .peer(Peer::new(
            SYSTEM,
            "std::collections::HashMap::with_hasher(..), drop",
            move || {
                let mut map = std::collections::HashMap::with_hasher(DefaultHashBuilder::default());
                fill_and_probe(&mut map, keys)
            },
        ))
        .peer(hashbrown_peer(MIMALLOC, Mi, keys))
        .peer(hashbrown_peer(JEMALLOC, Je, keys))
}

/// The pushes the vector batch needs, for every vector type.
pub trait PushVec: std::ops::Deref<Target = [u64]> {
    /// Appends `value`.
    fn put(&mut self, value: u64);
}

impl PushVec for Vec<u64> {
    #[inline(always)]
    fn put(&mut self, value: u64) {
        self.push(value);
    }
}

impl<A: Allocator> PushVec for allocator_api2::vec::Vec<u64, A> {
    #[inline(always)]
    fn put(&mut self, value: u64) {
        self.push(value);
    }
}

impl PushVec for bump_scope::BumpVec<u64, &BumpScope8> {
    #[inline(always)]
    fn put(&mut self, value: u64) {
        self.push(value);
    }
}

/// Pushes `len` values onto `vec` (empty), reads them back and returns the checksum. The
/// vector is made observable before returning.
#[inline(never)]
pub fn push_and_sum<V: PushVec>(vec: &mut V, len: usize) -> u64 {
    let len = black_box(len) as u64;
    for i in 0..len {
        vec.put(i);
    }
    crate::escape(vec);
    vec.iter()
        .fold(vec.len() as u64, |sum, &v| sum.wrapping_add(v))
}

/// The checksum of a vector batch of `len` elements.
pub fn vec_expected(len: usize) -> u64 {
    let n = len as u64;
    n.wrapping_add(n.wrapping_mul(n.wrapping_sub(1)) / 2)
}

/// A vector peer on the heap of `alloc`.
fn vec_in_peer<A: Allocator + Copy + 'static>(
    name: &'static str,
    alloc: A,
    len: usize,
) -> Peer<'static> {
    Peer::new(name, "allocator_api2 Vec::new_in(alloc), drop", move || {
        push_and_sum(&mut allocator_api2::vec::Vec::new_in(alloc), len)
    })
}

/// The vector workload as the binary runs it.
pub fn vec_workload() -> Workload<'static> {
    vec_sized(VEC_LEN)
}

/// The vector workload with `len` pushes per batch.
pub fn vec_sized(len: usize) -> Workload<'static> {
    let title = format!(
        "Vec: {len} u64 pushed one by one onto an empty vector (it grows as it goes), summed, \
         dropped"
    );
    let mut arena = Arena::new();
    let mut bump = bumpalo::Bump::new();
    let mut scope = BumpScope8::new();
    Workload::new(VEC_NAME, title, "push", len as u64, vec_expected(len))
        .bar(bar(BUMPALO, 1.00, "arenakit at or ahead of bumpalo"))
        .bar(bar(BUMP_SCOPE, 1.00, "arenakit at or ahead of bump-scope"))
        .peer(Peer::new(ARENAKIT, "arena.vec(), drop, reset", move || {
            let sum = push_and_sum(&mut arena.vec(), len);
            arena.reset();
            sum
        }))
        .peer(Peer::new(
            BUMPALO,
            "allocator_api2 Vec::new_in(&bump), drop, reset",
            move || {
                let sum = push_and_sum(&mut allocator_api2::vec::Vec::new_in(&bump), len);
                bump.reset();
                sum
            },
        ))
        .peer(Peer::new(
            BUMP_SCOPE,
            "BumpVec::new_in(&bump) (MIN_ALIGN 8), drop, reset",
            move || {
                let sum = push_and_sum(&mut bump_scope::BumpVec::new_in(&scope), len);
                scope.reset();
                sum
            },
        ))
        .peer(Peer::new(SYSTEM, "std Vec::new(), drop", move || {
            push_and_sum(&mut Vec::new(), len)
        }))
        .peer(vec_in_peer(MIMALLOC, Mi, len))
        .peer(vec_in_peer(JEMALLOC, Je, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Settings, run};

    fn check(workload: Workload<'static>, peers: &[&str]) {
        let names: Vec<_> = workload.peers.iter().map(|p| p.name).collect();
        assert_eq!(names, peers);
        let settings = Settings {
            rounds: 2,
            warmup: 1,
            rotate: true,
        };
        run(workload, &settings, &mut |_| {}).unwrap();
    }

    #[test]
    fn map_checksums_match() {
        check(
            map_sized(5_000),
            &[ARENAKIT, BUMPALO, SYSTEM, MIMALLOC, JEMALLOC],
        );
    }

    #[test]
    fn vec_checksums_match() {
        check(
            vec_sized(50_000),
            &[ARENAKIT, BUMPALO, BUMP_SCOPE, SYSTEM, MIMALLOC, JEMALLOC],
        );
    }

    #[test]
    fn keys_are_distinct() {
        let keys: std::collections::HashSet<_> = (0..10_000).map(key).collect();
        assert_eq!(keys.len(), 10_000);
        assert_eq!(vec_expected(4), 4 + 6);
        assert_eq!(map_expected(2), 2 + value(0) + value(1));
    }
}
