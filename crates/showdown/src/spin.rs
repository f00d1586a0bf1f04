//! A minimal spinlock: the first seed's thread-safety option, kept as a baseline to beat.
//!
//! The first seed (a Go arena) makes an arena thread-safe by wrapping every allocation in a
//! spinlock ("adds ~5-15 ns overhead per allocation"). [`SpinLock`] is the Rust counterpart:
//! one [`AtomicBool`], taken with [`compare_exchange_weak`](AtomicBool::compare_exchange_weak)
//! (`Acquire` on success) and released with a `Release` store; while the lock is held by
//! another thread the waiter spins on a plain load with [`spin_loop`] (test-and-test-and-set),
//! so waiting does not keep stealing the cache line from the holder. No fairness, no parking,
//! no poisoning: exactly what a per-allocation lock around a bump arena needs, and nothing
//! more. [`SpinLock<arenakit::Arena>`](SpinLock) is the `threads` workload's "seed" peer.
//!
//! ```
//! use showdown::spin::SpinLock;
//!
//! let lock = SpinLock::new(0u64);
//! std::thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| {
//!             for _ in 0..1000 {
//!                 *lock.lock() += 1;
//!             }
//!         });
//!     }
//! });
//! assert_eq!(lock.into_inner(), 2000);
//! ```

use std::cell::UnsafeCell;
use std::fmt;
use std::hint::spin_loop;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};

/// A value guarded by a spinlock; see the module docs.
pub struct SpinLock<T> {
    /// `true` while a [`SpinGuard`] exists. Set only by a successful `Acquire`
    /// compare-exchange from `false`, cleared only by the guard's `Release` store.
    locked: AtomicBool,
    /// Accessed only through a [`SpinGuard`] (or `&mut self`).
    value: UnsafeCell<T>,
}

// SAFETY: the lock hands out access to `value` to one thread at a time (the `Acquire`/`Release`
// pair orders each holder's accesses after the previous holder's), so sharing the lock between
// threads only ever moves the `T` between them: `T: Send` is what that needs.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// An unlocked lock around `value`.
    pub const fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Spins until the lock is free, takes it, and returns the guard that releases it on drop.
    #[inline(always)]
    pub fn lock(&self) -> SpinGuard<'_, T> {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
        }
        SpinGuard { lock: self }
    }

    /// The value, without locking: `&mut self` proves no guard exists.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    /// The value, consuming the lock.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T: Default> Default for SpinLock<T> {
    fn default() -> Self {
        SpinLock::new(T::default())
    }
}

impl<T> fmt::Debug for SpinLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpinLock")
            .field("locked", &self.locked.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Access to the value of a locked [`SpinLock`]; unlocks it when dropped.
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock, so no other reference to the value exists until
        // it is dropped; the shared reference borrows the guard.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; the unique reference borrows the guard mutably.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}

impl<T: fmt::Debug> fmt::Debug for SpinGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SpinGuard").field(&**self).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_and_releases() {
        let mut lock = SpinLock::new(vec![1]);
        {
            let mut guard = lock.lock();
            guard.push(2);
            assert!(lock.locked.load(Ordering::Relaxed));
        }
        assert!(!lock.locked.load(Ordering::Relaxed));
        lock.get_mut().push(3);
        assert_eq!(lock.into_inner(), [1, 2, 3]);
    }
}
