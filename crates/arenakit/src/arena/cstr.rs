//! C strings in the arena (bump-scope's `alloc_cstr` family): `alloc_cstr`,
//! `alloc_cstr_from_str` and `alloc_cstr_fmt`, with their `try_` twins, for the arena and
//! its [scopes](super::Scope).
//!
//! A C string ends at its first nul, so text with a nul inside is cut there (as bump-scope
//! does): `"abc\0def"` becomes `c"abc"`. The result is a plain block, released by a reset, a
//! checkpoint or the end of a scope like every plain value. `alloc_cstr_fmt` formats into a
//! temporary arena [`String`](crate::collections::String) first, which goes back to the arena
//! right after (rolled back while it is the newest freeable block).

use super::alloc::{Blocks, assume_init_slice};
use super::{Arena, Mode, Scope};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ffi::CStr;
#[cfg(feature = "collections")]
use core::fmt;

/// The bytes of `bytes` before its first nul (all of them when it has none).
pub(crate) fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

/// A copy of `text`, which holds no nul, and a nul after it, in a fresh block of `blocks`.
fn nul_terminated<'b, B: Blocks>(blocks: &'b B, text: &[u8]) -> Result<&'b CStr, AllocError> {
    debug_assert!(!text.contains(&0));
    // A slice holds at most `isize::MAX` bytes, so the `+ 1` does not overflow.
    let slots = blocks.uninit_slice::<u8>(text.len() + 1)?;
    let (nul, body) = slots.split_last_mut().expect("a C string has its nul");
    nul.write(0);
    // SAFETY: `body` is the first `text.len()` bytes of a fresh block, so it does not overlap
    // `text`; `MaybeUninit<u8>` has the layout of `u8`.
    unsafe {
        text.as_ptr()
            .copy_to_nonoverlapping(body.as_mut_ptr().cast::<u8>(), text.len());
    }
    // SAFETY: every byte was written above: the text, then the nul.
    let bytes = unsafe { assume_init_slice(slots) };
    // SAFETY: `bytes` ends with a nul and holds no other one (`text` has none).
    Ok(unsafe { CStr::from_bytes_with_nul_unchecked(bytes) })
}

/// The C string of `args`, cut at its first nul, in a fresh block of `blocks`; the text is
/// formatted in a temporary string in `arena` (unless it is a plain literal), given back after.
#[cfg(feature = "collections")]
fn formatted<'b, B: Blocks, S: MemorySource, M: Mode>(
    blocks: &'b B,
    arena: &Arena<S, M>,
    args: fmt::Arguments<'_>,
) -> Result<&'b CStr, AllocError> {
    match args.as_str() {
        Some(literal) => nul_terminated(blocks, until_nul(literal.as_bytes())),
        None => {
            let text = crate::collections::String::try_from_fmt_in(args, arena)?;
            nul_terminated(blocks, until_nul(text.as_bytes()))
        }
    }
}

/// The methods of this module, for a type implementing [`Blocks`] whose arena the path
/// `$arena` returns (it formats there): expanded for the arena and for [`Scope`], so both share
/// one body of each. The examples show the arena; a scope's methods bump through the scope.
macro_rules! cstr_methods {
    ($arena:path; $($header:tt)*) => {
        $($header)* {
    /// Copies a C string into the arena.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_cstr`](Self::try_alloc_cstr).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let name = arena.alloc_cstr(c"libc.so.6");
    /// assert_eq!(name, c"libc.so.6");
    /// assert!(arena.contains(name.as_ptr()));
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_cstr(&self, src: &CStr) -> &CStr {
        unwrap_or_panic(self.try_alloc_cstr(src))
    }

    /// Like [`alloc_cstr`](Self::alloc_cstr), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_cstr(c"x").is_err());
    /// ```
    #[inline]
    pub fn try_alloc_cstr(&self, src: &CStr) -> Result<&CStr, AllocError> {
        nul_terminated(self, src.to_bytes())
    }

    /// Copies a string into the arena as a C string: its bytes and a nul. A string with a nul
    /// inside is cut at the first one (bump-scope's `alloc_cstr_from_str`).
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see
    /// [`try_alloc_cstr_from_str`](Self::try_alloc_cstr_from_str).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.alloc_cstr_from_str("Hello, world!"), c"Hello, world!");
    /// assert_eq!(arena.alloc_cstr_from_str("abc\0def"), c"abc");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_cstr_from_str(&self, src: &str) -> &CStr {
        unwrap_or_panic(self.try_alloc_cstr_from_str(src))
    }

    /// Like [`alloc_cstr_from_str`](Self::alloc_cstr_from_str), returning an error instead
    /// of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_cstr_from_str("x").is_err());
    /// ```
    #[inline]
    pub fn try_alloc_cstr_from_str(&self, src: &str) -> Result<&CStr, AllocError> {
        nul_terminated(self, until_nul(src.as_bytes()))
    }

    /// Formats `args` into the arena as a C string (`format_args!` syntax), cut at the first
    /// nul if the text has one (bump-scope's `alloc_cstr_fmt`; its `alloc_cstr_fmt_mut` needs
    /// no counterpart, as nothing here needs `&mut` to allocate). The text is formatted in a
    /// temporary arena string that goes back to the arena before this returns.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (see
    /// [`try_alloc_cstr_fmt`](Self::try_alloc_cstr_fmt)), or if a formatting trait
    /// implementation returns an error (as std's `format!` does).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (one, two) = (1, 2);
    /// let sum = arena.alloc_cstr_fmt(format_args!("{one} + {two} = {}", one + two));
    /// assert_eq!(sum, c"1 + 2 = 3");
    /// assert_eq!(arena.alloc_cstr_fmt(format_args!("{one}\0{two}")), c"1");
    /// ```
    #[cfg(feature = "collections")]
    #[inline]
    #[track_caller]
    pub fn alloc_cstr_fmt(&self, args: fmt::Arguments<'_>) -> &CStr {
        unwrap_or_panic(self.try_alloc_cstr_fmt(args))
    }

    /// Like [`alloc_cstr_fmt`](Self::alloc_cstr_fmt), returning an error instead of panicking
    /// when the memory cannot be allocated.
    ///
    /// # Panics
    ///
    /// If a formatting trait implementation returns an error of its own (a bug in that
    /// implementation, which std's `format!` reports by panicking too).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let id = arena.try_alloc_cstr_fmt(format_args!("id-{}", 7)).unwrap();
    /// assert_eq!(id, c"id-7");
    /// let big = "x".repeat(1 << 20);
    /// assert!(arena.try_alloc_cstr_fmt(format_args!("<{big}>")).is_err());
    /// ```
    #[cfg(feature = "collections")]
    #[inline]
    pub fn try_alloc_cstr_fmt(&self, args: fmt::Arguments<'_>) -> Result<&CStr, AllocError> {
        formatted(self, $arena(self), args)
    }
        }
    };
}

cstr_methods!(core::convert::identity; impl<S: MemorySource, M: Mode> Arena<S, M>);
cstr_methods!(Scope::arena; impl<S: MemorySource> Scope<'_, S>);
