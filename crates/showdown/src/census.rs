//! A census of the global heap: a counting wrapper around the system allocator.
//!
//! The `showdown` binary installs [`Counting`] as its `#[global_allocator]`. It always
//! forwards to [`System`] (glibc malloc); while a census is [`start`]ed it also counts
//! allocation calls, bytes requested, and live blocks (current and peak). Outside a census the
//! only extra cost per call is one relaxed load of a flag, which the timed workloads pay
//! equally for every heap peer.
//!
//! Only the global allocator is counted: arenakit, bumpalo and the other arenas are counted
//! through the chunks they take from it, mimalloc and jemalloc ([`crate::sysalloc`]) not at
//! all (a census uses the glibc peer for the heap).
//!
//! ```
//! // In a test binary the counting allocator is not installed, so the census sees nothing.
//! let census = showdown::census::measure(|| vec![1u8; 10]);
//! assert!(census.0.len() == 10);
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};

static ON: AtomicBool = AtomicBool::new(false);
static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

/// The counting global allocator (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct Counting;

#[inline]
fn on_alloc(size: usize) {
    if ON.load(Relaxed) {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(size as u64, Relaxed);
        let live = LIVE.fetch_add(1, Relaxed) + 1;
        PEAK.fetch_max(live, Relaxed);
    }
}

#[inline]
fn on_free() {
    if ON.load(Relaxed) {
        LIVE.fetch_sub(1, Relaxed);
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counters are plain atomics and never touch the blocks.
unsafe impl GlobalAlloc for Counting {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        on_alloc(layout.size());
        // SAFETY: forwarded contract (non-zero size).
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        on_alloc(layout.size());
        // SAFETY: forwarded contract (non-zero size).
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        on_free();
        // SAFETY: forwarded contract: `ptr` came from this allocator (so from `System`).
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ON.load(Relaxed) {
            CALLS.fetch_add(1, Relaxed);
            BYTES.fetch_add(new_size as u64, Relaxed);
        }
        // SAFETY: forwarded contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What a census counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Census {
    /// Allocation calls (`alloc`, `alloc_zeroed`, `realloc`).
    pub calls: u64,
    /// Bytes requested by those calls.
    pub bytes: u64,
    /// The most blocks live at once, counted from the start of the census (blocks allocated
    /// before it and freed during it lower the count, so it starts at 0, not at the heap's
    /// size).
    pub peak_live: i64,
    /// Blocks still live at the end, counted the same way.
    pub live_at_end: i64,
}

/// Starts counting from zero.
pub fn start() {
    CALLS.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
}

/// Stops counting and returns the counts since [`start`].
pub fn stop() -> Census {
    ON.store(false, Relaxed);
    Census {
        calls: CALLS.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        peak_live: PEAK.load(Relaxed),
        live_at_end: LIVE.load(Relaxed),
    }
}

/// Runs `f` under a census and returns its result and the counts.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Census) {
    start();
    let result = f();
    (result, stop())
}

/// Whether [`Counting`] is this process's global allocator (it counts only if installed).
pub fn installed() -> bool {
    let (_, census) = measure(|| std::hint::black_box(Box::new(0u64)));
    census.calls > 0
}

/// Peak resident set size of this process so far (`VmHWM`), in bytes, if known.
pub fn peak_rss() -> Option<u64> {
    proc_status_kib("VmHWM:").map(|k| k * 1024)
}

/// Current resident set size (`VmRSS`), in bytes, if known.
pub fn rss() -> Option<u64> {
    proc_status_kib("VmRSS:").map(|k| k * 1024)
}

/// Resets the peak RSS (`VmHWM`) to the current RSS by writing 5 to `/proc/self/clear_refs`;
/// returns whether that worked.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_is_readable() {
        assert!(rss().unwrap() > 0);
        assert!(peak_rss().unwrap() >= rss().unwrap() / 2);
    }
}
