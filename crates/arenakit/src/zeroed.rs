//! Zeroed allocation (bump-scope's `alloc_zeroed` family), for the types that are valid when
//! all their bytes are zero: those implementing bytemuck's `Zeroable` (feature `bytemuck`,
//! module [`zeroed::bytemuck`](self::bytemuck)) or zerocopy 0.8's `FromZeros` (feature
//! `zerocopy`, module [`zeroed::zerocopy`](self::zerocopy)).
//!
//! Each module has the same three extension traits, bounded by its crate's trait:
//!
//! | trait | for | methods |
//! |---|---|---|
//! | `AllocZeroed` | [`Arena`], [`SyncArena`](crate::SyncArena), [`Scope`] | `alloc_zeroed`, `alloc_zeroed_slice` and their `try_` twins |
//! | `InitZeroed` | `&mut MaybeUninit<T>`, `&mut [MaybeUninit<T>]` (from `alloc_uninit`) | `init_zeroed` |
//! | `VecZeroed` | arena [`Vec`](crate::collections::Vec)s (feature `collections`) | `extend_zeroed`, `resize_zeroed` and their `try_` twins |
//!
//! The arena zeroes the memory itself, always (one `write_bytes`): memory from a memory
//! source, a reused chunk or a rolled-back block is not zero (debug builds fill freed memory
//! with [`POISON_BYTE`](crate::POISON_BYTE)). Like [`alloc`](crate::arena::Arena::alloc),
//! `alloc_zeroed` and `alloc_zeroed_slice` take only types without drop glue. Both modules
//! share one implementation; with both features on, import the traits of one of them.
//!
//! # Examples
//!
//! ```
//! # #[cfg(feature = "bytemuck")] {
//! use arenakit::zeroed::bytemuck::{AllocZeroed, InitZeroed};
//!
//! let arena = arenakit::Arena::new();
//! let table: &mut [u64] = arena.alloc_zeroed_slice(1024);
//! assert!(table.iter().all(|&x| x == 0));
//! let counts = arena.alloc_uninit::<[u32; 8]>().init_zeroed();
//! assert_eq!(*counts, [0; 8]);
//! # }
//! ```

use crate::arena::{Arena, Mode, Scope};
use crate::error::AllocError;
use crate::source::MemorySource;
use core::mem::MaybeUninit;

/// Zeroes `slots` (one `write_bytes`) and views them as values.
///
/// # Safety
///
/// A `T` whose bytes are all zero is a valid `T`.
unsafe fn zero_slots<T>(slots: &mut [MaybeUninit<T>]) -> &mut [T] {
    let len = slots.len();
    let start = slots.as_mut_ptr().cast::<T>();
    // SAFETY: `start` is valid for writes of `len` values of `T` (the slots).
    unsafe { start.write_bytes(0, len) };
    // SAFETY: every slot now holds zero bytes, a valid `T` (caller), and `MaybeUninit<T>` has
    // the layout of `T`.
    unsafe { &mut *(slots as *mut [MaybeUninit<T>] as *mut [T]) }
}

/// Resizes `vec` to `new_len`: truncated if longer, else extended with zeroed elements
/// written in place; on error it is unchanged.
///
/// # Safety
///
/// A `T` whose bytes are all zero is a valid `T`.
#[cfg(feature = "collections")]
unsafe fn resize_zeroed<T, S: MemorySource, M: Mode>(
    vec: &mut crate::collections::Vec<'_, T, S, M>,
    new_len: usize,
) -> Result<(), AllocError> {
    let Some(additional) = new_len.checked_sub(vec.len()) else {
        vec.truncate(new_len);
        return Ok(());
    };
    crate::collections::reserve(vec, additional)?;
    // SAFETY: the caller's guarantee.
    unsafe { zero_slots(&mut vec.spare_capacity_mut()[..additional]) };
    // SAFETY: the `additional` slots past the length, within the capacity (reserved above),
    // were just initialised.
    unsafe { vec.set_len(new_len) };
    Ok(())
}

mod sealed {
    use super::*;

    /// What hands out uninitialised blocks: the arena and its scopes.
    // `&mut` from `&self`: each call hands out a fresh block (see `Arena::alloc`).
    #[allow(clippy::mut_from_ref)]
    pub trait Blocks {
        /// `len` uninitialised slots, a fresh block of the arena (or scope).
        fn uninit_slots<T>(&self, len: usize) -> Result<&mut [MaybeUninit<T>], AllocError>;
    }

    impl<S: MemorySource, M: Mode> Blocks for Arena<S, M> {
        fn uninit_slots<T>(&self, len: usize) -> Result<&mut [MaybeUninit<T>], AllocError> {
            self.try_alloc_uninit_slice(len)
        }
    }

    impl<S: MemorySource> Blocks for Scope<'_, S> {
        fn uninit_slots<T>(&self, len: usize) -> Result<&mut [MaybeUninit<T>], AllocError> {
            self.try_alloc_uninit_slice(len)
        }
    }

    /// The uninitialised places `init_zeroed` takes.
    pub trait Uninit {}

    impl<T> Uninit for &mut MaybeUninit<T> {}
    impl<T> Uninit for &mut [MaybeUninit<T>] {}
}

/// The module of one crate's zeroing trait (`$bound`, named `$name` in the docs): the three
/// extension traits, whose bodies call the one implementation above.
macro_rules! zeroed_traits {
    ($module:ident, $name:literal, $bound:path) => {
        #[doc = concat!("Zeroed allocation for `", $name, "` types; see [`zeroed`](super).")]
        pub mod $module {
            use super::sealed::{Blocks, Uninit};
            use crate::error::{AllocError, unwrap_or_panic};
            use core::mem::MaybeUninit;

            #[doc = concat!("Zeroed values in an arena or a scope, for `", $name, "` types.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::AllocZeroed;")]
            ///
            /// let arena = arenakit::Arena::new();
            /// arena.scope(|s| assert_eq!(*s.alloc_zeroed::<(u8, f64)>(), (0, 0.0)));
            /// ```
            // `&mut` from `&self`: each call hands out a fresh block (see `Arena::alloc`).
            #[allow(clippy::mut_from_ref)]
            pub trait AllocZeroed: Blocks {
                /// A `T` whose bytes are all zero, written by the arena. Like
                /// [`alloc`](crate::arena::Arena::alloc), takes only types without drop
                /// glue.
                ///
                /// # Panics
                ///
                /// If the memory cannot be allocated; see
                /// [`try_alloc_zeroed`](Self::try_alloc_zeroed).
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::AllocZeroed;")]
                ///
                /// let arena = arenakit::Arena::new();
                /// let zero = arena.alloc_zeroed::<[i32; 4]>();
                /// assert_eq!(*zero, [0; 4]);
                /// ```
                #[inline]
                #[track_caller]
                fn alloc_zeroed<T: $bound>(&self) -> &mut T {
                    unwrap_or_panic(self.try_alloc_zeroed())
                }

                /// Like [`alloc_zeroed`](Self::alloc_zeroed), returning an error instead of
                /// panicking.
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::AllocZeroed;")]
                ///
                /// let arena = arenakit::Arena::builder().limit(0).build();
                /// assert!(arena.try_alloc_zeroed::<u64>().is_err());
                /// ```
                #[inline]
                fn try_alloc_zeroed<T: $bound>(&self) -> Result<&mut T, AllocError> {
                    Ok(&mut self.try_alloc_zeroed_slice::<T>(1)?[0])
                }

                /// `len` values whose bytes are all zero, written by the arena (one
                /// `write_bytes`). Like [`alloc`](crate::arena::Arena::alloc), takes only
                /// types without drop glue.
                ///
                /// # Panics
                ///
                /// If the size overflows or the memory cannot be allocated; see
                /// [`try_alloc_zeroed_slice`](Self::try_alloc_zeroed_slice).
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::AllocZeroed;")]
                ///
                /// let arena = arenakit::Arena::new();
                /// let zeroes = arena.alloc_zeroed_slice::<f32>(3);
                /// assert_eq!(zeroes, [0.0; 3]);
                /// ```
                #[inline]
                #[track_caller]
                fn alloc_zeroed_slice<T: $bound>(&self, len: usize) -> &mut [T] {
                    unwrap_or_panic(self.try_alloc_zeroed_slice(len))
                }

                /// Like [`alloc_zeroed_slice`](Self::alloc_zeroed_slice), returning an error
                /// instead of panicking, also when the size overflows.
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::AllocZeroed;")]
                ///
                /// let arena = arenakit::Arena::new();
                /// assert!(arena.try_alloc_zeroed_slice::<u64>(usize::MAX).is_err());
                /// assert_eq!(arena.try_alloc_zeroed_slice::<u8>(2).unwrap(), [0, 0]);
                /// ```
                #[inline]
                fn try_alloc_zeroed_slice<T: $bound>(
                    &self,
                    len: usize,
                ) -> Result<&mut [T], AllocError> {
                    crate::arena::alloc::assert_no_drop!(T);
                    let slots = self.uninit_slots::<T>(len)?;
                    // SAFETY: the bound on `T` (this module's zeroing trait) promises that
                    // all-zero bytes are a valid `T`.
                    Ok(unsafe { super::zero_slots(slots) })
                }
            }

            impl<B: Blocks> AllocZeroed for B {}

            /// Initialises uninitialised memory (from
            /// [`alloc_uninit`](crate::arena::Arena::alloc_uninit) or
            /// [`alloc_uninit_slice`](crate::arena::Arena::alloc_uninit_slice)) with zero
            /// bytes.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::InitZeroed;")]
            ///
            /// let arena = arenakit::Arena::new();
            /// let one = arena.alloc_uninit::<i32>().init_zeroed();
            /// assert_eq!(*one, 0);
            /// let many = arena.alloc_uninit_slice::<i32>(10).init_zeroed();
            /// assert_eq!(many, [0; 10]);
            /// ```
            pub trait InitZeroed<'a>: Uninit {
                /// The initialised value: `T` or `[T]`.
                type Output: ?Sized;

                /// Fills the memory with zero bytes (one `write_bytes`) and returns it as
                /// initialised values.
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::InitZeroed;")]
                /// use core::mem::MaybeUninit;
                ///
                /// let mut slot = MaybeUninit::<u16>::new(7);
                /// assert_eq!(*(&mut slot).init_zeroed(), 0);
                /// ```
                fn init_zeroed(self) -> &'a mut Self::Output;
            }

            impl<'a, T: $bound> InitZeroed<'a> for &'a mut MaybeUninit<T> {
                type Output = T;

                fn init_zeroed(self) -> &'a mut T {
                    &mut core::slice::from_mut(self).init_zeroed()[0]
                }
            }

            impl<'a, T: $bound> InitZeroed<'a> for &'a mut [MaybeUninit<T>] {
                type Output = [T];

                fn init_zeroed(self) -> &'a mut [T] {
                    // SAFETY: the bound on `T` (this module's zeroing trait) promises that
                    // all-zero bytes are a valid `T`.
                    unsafe { super::zero_slots(self) }
                }
            }

            /// Zeroed elements appended to an arena vector, written in place by the arena.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::VecZeroed;")]
            ///
            /// let arena = arenakit::Arena::new();
            /// let mut v = arenakit::vec![in &arena; 1u32, 2, 3];
            /// v.extend_zeroed(2);
            /// assert_eq!(v, [1, 2, 3, 0, 0]);
            /// ```
            #[cfg(feature = "collections")]
            pub trait VecZeroed {
                /// Appends `additional` zeroed elements.
                ///
                /// # Panics
                ///
                /// If the arena cannot provide the memory; see
                /// [`try_extend_zeroed`](Self::try_extend_zeroed).
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::VecZeroed;")]
                ///
                /// let arena = arenakit::Arena::new();
                /// let mut v = arena.vec::<f64>();
                /// v.extend_zeroed(4);
                /// assert_eq!(v, [0.0; 4]);
                /// ```
                #[track_caller]
                fn extend_zeroed(&mut self, additional: usize) {
                    unwrap_or_panic(self.try_extend_zeroed(additional));
                }

                /// Like [`extend_zeroed`](Self::extend_zeroed), returning an error instead of
                /// panicking; the vector is unchanged then.
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::VecZeroed;")]
                ///
                /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
                /// let mut v = arenakit::vec![in &arena; 9u8];
                /// assert!(v.try_extend_zeroed(1 << 20).is_err());
                /// assert_eq!(v, [9]);
                /// ```
                fn try_extend_zeroed(&mut self, additional: usize) -> Result<(), AllocError>;

                /// Resizes the vector to `new_len`: zeroed elements are appended if it is
                /// longer than the vector, else the vector is truncated.
                ///
                /// # Panics
                ///
                /// If the arena cannot provide the memory; see
                /// [`try_resize_zeroed`](Self::try_resize_zeroed).
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::VecZeroed;")]
                ///
                /// let arena = arenakit::Arena::new();
                /// let mut v = arenakit::vec![in &arena; 1i16, 2];
                /// v.resize_zeroed(4);
                /// assert_eq!(v, [1, 2, 0, 0]);
                /// v.resize_zeroed(1);
                /// assert_eq!(v, [1]);
                /// ```
                #[track_caller]
                fn resize_zeroed(&mut self, new_len: usize) {
                    unwrap_or_panic(self.try_resize_zeroed(new_len));
                }

                /// Like [`resize_zeroed`](Self::resize_zeroed), returning an error instead of
                /// panicking; the vector is unchanged then.
                ///
                /// # Examples
                ///
                /// ```
                #[doc = concat!("use arenakit::zeroed::", stringify!($module), "::VecZeroed;")]
                ///
                /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
                /// let mut v = arena.vec::<u64>();
                /// assert!(v.try_resize_zeroed(1 << 20).is_err());
                /// v.try_resize_zeroed(3).unwrap();
                /// assert_eq!(v, [0; 3]);
                /// ```
                fn try_resize_zeroed(&mut self, new_len: usize) -> Result<(), AllocError>;
            }

            #[cfg(feature = "collections")]
            impl<T: $bound, S: crate::source::MemorySource, M: crate::arena::Mode> VecZeroed
                for crate::collections::Vec<'_, T, S, M>
            {
                fn try_extend_zeroed(&mut self, additional: usize) -> Result<(), AllocError> {
                    let new_len = self
                        .len()
                        .checked_add(additional)
                        .ok_or_else(AllocError::overflow)?;
                    self.try_resize_zeroed(new_len)
                }

                fn try_resize_zeroed(&mut self, new_len: usize) -> Result<(), AllocError> {
                    // SAFETY: the bound on `T` (this module's zeroing trait) promises that
                    // all-zero bytes are a valid `T`.
                    unsafe { super::resize_zeroed(self, new_len) }
                }
            }
        }
    };
}

#[cfg(feature = "bytemuck")]
zeroed_traits!(bytemuck, "bytemuck::Zeroable", ::bytemuck::Zeroable);
#[cfg(feature = "zerocopy")]
zeroed_traits!(zerocopy, "zerocopy::FromZeros", ::zerocopy::FromZeros);
