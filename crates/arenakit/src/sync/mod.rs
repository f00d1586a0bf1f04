//! Thread plumbing shared by the thread-safe types: cache-line padding and the mapping of
//! threads to shards.

use core::cell::Cell;
use core::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A value alone on its cache line (128 bytes: two 64-byte lines, since x86 prefetches lines in
/// pairs), so that shards written by different threads never share a line.
#[repr(align(128))]
pub(crate) struct CachePadded<T>(T);

impl<T> CachePadded<T> {
    pub(crate) const fn new(value: T) -> Self {
        CachePadded(value)
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

std::thread_local! {
    /// This thread's number: assigned on first use, unique for the life of the process.
    static THREAD_NUMBER: Cell<usize> = const { Cell::new(0) };
}

/// The next thread number to assign (0 means "not assigned yet").
static NEXT_THREAD_NUMBER: AtomicUsize = AtomicUsize::new(1);

/// This thread's number: unique among the threads of the process, never 0, small and dense
/// (threads are numbered in the order they first ask), so consecutive threads fall in
/// different shards.
#[inline]
pub(crate) fn thread_number() -> usize {
    THREAD_NUMBER.with(|n| match n.get() {
        0 => {
            let assigned = NEXT_THREAD_NUMBER.fetch_add(1, Ordering::Relaxed);
            n.set(assigned);
            assigned
        }
        assigned => assigned,
    })
}

/// Number of shards for a thread-safe structure: a power of two near twice the number of CPUs
/// (at least 2, at most 64).
pub(crate) fn shard_count() -> usize {
    let cpus = std::thread::available_parallelism().map_or(4, |n| n.get());
    (cpus * 2).next_power_of_two().clamp(2, 64)
}

/// The shard of the calling thread among `len` (a power of two).
#[inline]
pub(crate) fn shard_index(len: usize) -> usize {
    debug_assert!(len.is_power_of_two());
    thread_number() & (len - 1)
}
