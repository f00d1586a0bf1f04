//! [`String`]: a growable UTF-8 string in an arena.
//!
//! This file: the type, its constructors, conversions and capacity. `edit.rs`: the methods
//! that change the text; `drain.rs`: [`StringDrain`]; `impls.rs`: the trait impls; `raw.rs`:
//! raw parts and the conversion to [`FixedString`](crate::collections::FixedString).

mod drain;
mod edit;
mod impls;
mod raw;

pub use drain::StringDrain;

use super::{Vec, reserve, vec_reserve_error};
use crate::arena::until_nul;
use crate::arena::{Arena, Local, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::{Heap, MemorySource};
use allocator_api2::collections::TryReserveError;
use core::ffi::CStr;
use core::fmt;

/// A growable UTF-8 string whose bytes live in an arena.
///
/// The arena counterpart of `std::string::String` (allocator-api2 has none): `push_str`,
/// `push`, `insert`, `remove`, `retain`, `drain`, `split_off`, `replace_range`, ...,
/// [`fmt::Write`], and `Deref<Target = str>` for everything `&str` offers (`len`, `is_empty`,
/// `chars`, slicing, ...). Every method that allocates has a `try_` twin returning an
/// [`AllocError`] instead of panicking when the arena cannot provide the memory. It borrows
/// as `str`, so an arena map keyed by `String` can be queried with a `&str`.
/// [`into_str`](String::into_str) freezes it into a plain `&'a mut str`.
///
/// Made from an iterator of `char`s or `&str`s with
/// [`collect_in`](crate::collections::CollectIn::collect_in), and from a format string with
/// [`arenakit::format!`](crate::format).
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, collections::String};
///
/// let arena = Arena::new();
/// let mut s = String::from_str_in("hello", &arena);
/// s.push_str(", world");
/// s.push('!');
/// assert_eq!(s, "hello, world!");
/// assert!(s.starts_with("hello"));
/// let frozen: &str = s.into_str();
/// assert_eq!(frozen.len(), 13);
/// ```
///
/// UTF-16 decodes through `collect_in` (this type has no `from_utf16_in`):
///
/// ```
/// use arenakit::prelude::*;
/// use arenakit::collections::String;
///
/// let arena = arenakit::Arena::new();
/// let units = [0xD834, 0xDD1E, 0x006d, 0x0075];
/// let s: Result<String, _> = char::decode_utf16(units).collect_in(&arena);
/// assert_eq!(s.unwrap(), "𝄞mu");
/// let bad = [0xD834, 0x006d];
/// let lossy: String = char::decode_utf16(bad)
///     .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
///     .collect_in(&arena);
/// assert_eq!(lossy, "\u{FFFD}m");
/// ```
pub struct String<'a, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: valid UTF-8.
    vec: Vec<'a, u8, S, M>,
}

impl<'a, S: MemorySource, M: Mode> String<'a, S, M> {
    /// An empty string in `arena`; allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::new_in(&arena);
    /// assert!(s.is_empty());
    /// ```
    pub fn new_in(arena: &'a Arena<S, M>) -> Self {
        String {
            vec: Vec::new_in(arena),
        }
    }

    /// An empty string in `arena` with room for `capacity` bytes.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::with_capacity_in(64, &arena);
    /// assert!(s.capacity() >= 64);
    /// ```
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, arena: &'a Arena<S, M>) -> Self {
        unwrap_or_panic(Self::try_with_capacity_in(capacity, arena))
    }

    /// Like [`with_capacity_in`](String::with_capacity_in), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert_eq!(String::try_with_capacity_in(10, &arena).unwrap().capacity(), 10);
    /// assert!(String::try_with_capacity_in(1 << 20, &arena).is_err());
    /// ```
    pub fn try_with_capacity_in(
        capacity: usize,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        Ok(String {
            vec: arena.try_vec_with_capacity(capacity)?,
        })
    }

    /// A copy of `s` in `arena`.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("copy", &arena);
    /// assert_eq!(s.as_str(), "copy");
    /// ```
    #[track_caller]
    pub fn from_str_in(s: &str, arena: &'a Arena<S, M>) -> Self {
        unwrap_or_panic(Self::try_from_str_in(s, arena))
    }

    /// Like [`from_str_in`](String::from_str_in), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert_eq!(String::try_from_str_in("", &arena).unwrap(), "");
    /// assert!(String::try_from_str_in("x", &arena).is_err());
    /// ```
    pub fn try_from_str_in(s: &str, arena: &'a Arena<S, M>) -> Result<Self, AllocError> {
        let mut string = Self::try_with_capacity_in(s.len(), arena)?;
        string.try_push_str(s)?;
        Ok(string)
    }

    /// Like [`clone`](Clone::clone) (a copy in the same arena, with capacity for its length),
    /// returning an error instead of panicking when the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("twin", &arena);
    /// let copy = s.try_clone().unwrap();
    /// assert_eq!(copy, s);
    /// assert_ne!(copy.as_ptr(), s.as_ptr());
    /// ```
    pub fn try_clone(&self) -> Result<Self, AllocError> {
        Self::try_from_str_in(self, self.arena())
    }

    /// The UTF-8 bytes in `vec` as a string, or the error of [`core::str::from_utf8`] with the
    /// vector back.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut bytes = arena.vec();
    /// bytes.extend_from_slice(b"ok");
    /// assert_eq!(String::from_utf8(bytes).unwrap(), "ok");
    /// let mut bad = arena.vec();
    /// bad.push(0xff);
    /// assert!(String::from_utf8(bad).is_err());
    /// ```
    pub fn from_utf8(
        vec: Vec<'a, u8, S, M>,
    ) -> Result<Self, (core::str::Utf8Error, Vec<'a, u8, S, M>)> {
        match core::str::from_utf8(&vec) {
            Ok(_) => Ok(String { vec }),
            Err(e) => Err((e, vec)),
        }
    }

    /// The bytes in `vec` as a string, without checking that they are UTF-8.
    ///
    /// # Safety
    ///
    /// The bytes are valid UTF-8 (every method of the string relies on it).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut bytes = arena.vec();
    /// bytes.extend_from_slice("ü".as_bytes());
    /// // SAFETY: the bytes came from a `&str`.
    /// let s = unsafe { String::from_utf8_unchecked(bytes) };
    /// assert_eq!(s, "ü");
    /// ```
    pub unsafe fn from_utf8_unchecked(vec: Vec<'a, u8, S, M>) -> Self {
        String { vec }
    }

    /// `bytes` as a string in `arena`, each invalid UTF-8 sequence replaced with
    /// U+FFFD REPLACEMENT CHARACTER (std's `String::from_utf8_lossy`, always copying).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let s = String::from_utf8_lossy_in(b"Hello \xF0\x90\x80World", &arena);
    /// assert_eq!(s, "Hello \u{FFFD}World");
    /// ```
    #[track_caller]
    pub fn from_utf8_lossy_in(bytes: &[u8], arena: &'a Arena<S, M>) -> Self {
        unwrap_or_panic(Self::try_from_utf8_lossy_in(bytes, arena))
    }

    /// Like [`from_utf8_lossy_in`](String::from_utf8_lossy_in), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let s = String::try_from_utf8_lossy_in(b"\xFFok", &arena).unwrap();
    /// assert_eq!(s, "\u{FFFD}ok");
    /// ```
    pub fn try_from_utf8_lossy_in(
        bytes: &[u8],
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut string = Self::try_with_capacity_in(bytes.len(), arena)?;
        for chunk in bytes.utf8_chunks() {
            string.try_push_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                string.try_push(char::REPLACEMENT_CHARACTER)?;
            }
        }
        Ok(string)
    }

    /// Formats `args` into a new string in `arena`: what
    /// [`arenakit::format!(in &arena, ...)`](crate::format) expands to.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory, or if a formatting trait implementation returns
    /// an error (as std's `format!` does).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let s = String::from_fmt_in(format_args!("{}-{:02}", 7, 3), &arena);
    /// assert_eq!(s, "7-03");
    /// ```
    #[track_caller]
    pub fn from_fmt_in(args: fmt::Arguments<'_>, arena: &'a Arena<S, M>) -> Self {
        unwrap_or_panic(Self::try_from_fmt_in(args, arena))
    }

    /// Like [`from_fmt_in`](String::from_fmt_in), returning an error instead of panicking when
    /// the arena cannot provide the memory: what [`arenakit::format!(try in &arena,
    /// ...)`](crate::format) expands to.
    ///
    /// # Panics
    ///
    /// If a formatting trait implementation returns an error of its own (a bug in that
    /// implementation, which std's `format!` reports by panicking too).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let s = String::try_from_fmt_in(format_args!("{:>5}", 1), &arena).unwrap();
    /// assert_eq!(s, "    1");
    /// let big = "x".repeat(1 << 20);
    /// assert!(String::try_from_fmt_in(format_args!("<{big}>"), &arena).is_err());
    /// ```
    pub fn try_from_fmt_in(
        args: fmt::Arguments<'_>,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        /// Writes into the string, keeping the arena's error when a write fails.
        struct Fallible<'s, 'a, S: MemorySource, M: Mode> {
            string: &'s mut String<'a, S, M>,
            error: Option<AllocError>,
        }

        impl<S: MemorySource, M: Mode> fmt::Write for Fallible<'_, '_, S, M> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.string.try_push_str(s).map_err(|e| {
                    self.error = Some(e);
                    fmt::Error
                })
            }
        }

        let mut string = String::new_in(arena);
        let mut writer = Fallible {
            string: &mut string,
            error: None,
        };
        match (fmt::write(&mut writer, args), writer.error) {
            (Ok(()), _) => Ok(string),
            (Err(_), Some(error)) => Err(error),
            (Err(_), None) => {
                panic!(
                    "a formatting trait implementation returned an error when the string did not"
                )
            }
        }
    }

    /// The arena the string's bytes live in (bumpalo's `bump`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arena.string();
    /// assert!(core::ptr::eq(s.arena(), &arena));
    /// ```
    #[doc(alias = "bump")]
    pub fn arena(&self) -> &'a Arena<S, M> {
        self.vec.allocator()
    }

    /// The string as a `&str`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.string().as_str(), "");
    /// ```
    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes are valid UTF-8 (type invariant).
        unsafe { core::str::from_utf8_unchecked(&self.vec) }
    }

    /// The string as a `&mut str`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("abc", &arena);
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "ABC");
    /// ```
    pub fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: the bytes are valid UTF-8 (type invariant); `str`'s safe API keeps them so.
        unsafe { core::str::from_utf8_unchecked_mut(&mut self.vec) }
    }

    /// The underlying bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("é", &arena);
    /// assert_eq!(s.as_bytes(), [0xc3, 0xa9]);
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.vec
    }

    /// The underlying byte vector.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("ab", &arena);
    /// assert_eq!(s.into_bytes(), [b'a', b'b']);
    /// ```
    pub fn into_bytes(self) -> Vec<'a, u8, S, M> {
        self.vec
    }

    /// The underlying byte vector, mutably.
    ///
    /// # Safety
    ///
    /// The bytes are valid UTF-8 again when the borrow ends (and before any method of the
    /// string runs, a panic unwinding through the caller included).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("hello", &arena);
    /// // SAFETY: reversing ASCII bytes keeps them UTF-8.
    /// unsafe { s.as_mut_vec().reverse() };
    /// assert_eq!(s, "olleh");
    /// ```
    pub unsafe fn as_mut_vec(&mut self) -> &mut Vec<'a, u8, S, M> {
        &mut self.vec
    }

    /// Bytes the string can hold without reallocating.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.string().capacity(), 0);
    /// ```
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Makes room for at least `additional` more bytes (more if it has to grow, so that
    /// repeated pushes take amortized constant time).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.reserve(10);
    /// assert!(s.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        unwrap_or_panic(self.grow(additional));
    }

    /// Like [`reserve`](String::reserve), returning an error instead of panicking when the
    /// arena cannot provide the memory (its limit, or its source); the string is unchanged
    /// then.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut s = arena.string();
    /// assert!(s.try_reserve(1 << 20).is_err());
    /// assert!(s.try_reserve(100).is_ok());
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.vec.try_reserve(additional)
    }

    /// Makes room for exactly `additional` more bytes (unless there is room already).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push('x');
    /// s.reserve_exact(9);
    /// assert_eq!(s.capacity(), 10);
    /// ```
    #[track_caller]
    pub fn reserve_exact(&mut self, additional: usize) {
        unwrap_or_panic(
            self.try_reserve_exact(additional)
                .map_err(|e| vec_reserve_error(self.arena(), e)),
        );
    }

    /// Like [`reserve_exact`](String::reserve_exact), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.try_reserve_exact(10).unwrap();
    /// assert_eq!(s.capacity(), 10);
    /// ```
    pub fn try_reserve_exact(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.vec.try_reserve_exact(additional)
    }

    /// Makes the capacity match the length, giving the rest back to the arena: in place
    /// (rolling the arena back) when the string is the arena's newest allocation, and all of
    /// it when the string is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::with_capacity_in(1000, &arena);
    /// s.push_str("abc");
    /// assert!(arena.stats().used >= 1000);
    /// s.shrink_to_fit();
    /// assert_eq!(s.capacity(), 3);
    /// assert!(arena.stats().used < 100); // rolled back in place
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit();
    }

    /// Lowers the capacity to `max(len, min_capacity)` if it is larger, as
    /// [`shrink_to_fit`](String::shrink_to_fit) does.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::with_capacity_in(100, &arena);
    /// s.push_str("abc");
    /// s.shrink_to(10);
    /// assert_eq!(s.capacity(), 10);
    /// s.shrink_to(0);
    /// assert_eq!(s.capacity(), 3);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        self.vec.shrink_to(min_capacity);
    }

    /// Freezes the string into a plain `&'a mut str` that lives as long as the arena borrow
    /// (std's `leak`, bumpalo's `into_bump_str`). Its unused capacity is given back first when
    /// possible; its bytes stay allocated until the arena is reset.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push_str("frozen");
    /// let frozen: &mut str = s.into_str();
    /// assert_eq!(frozen, "frozen");
    /// ```
    #[doc(alias("into_bump_str", "leak"))]
    pub fn into_str(self) -> &'a mut str {
        let bytes = crate::collections::ext::leak_vec(self.vec);
        // SAFETY: the bytes are valid UTF-8 (type invariant).
        unsafe { core::str::from_utf8_unchecked_mut(bytes) }
    }

    /// Turns the string into an owning [`ArenaBox<str>`](crate::ArenaBox), in the same
    /// buffer (bump-scope's `into_boxed_str`): its unused capacity is given back first (in
    /// place when it is the newest block), and dropping the box frees the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push_str("boxed");
    /// let b: ArenaBox<'_, str> = s.into_boxed_str();
    /// assert_eq!(&*b, "boxed");
    /// drop(b);
    /// assert_eq!(arena.stats().used, 0); // freed
    /// ```
    pub fn into_boxed_str(self) -> crate::ArenaBox<'a, str, S, M> {
        let bytes = crate::ArenaBox::from_vec(self.vec);
        // SAFETY: the bytes are valid UTF-8 (type invariant).
        unsafe { crate::ArenaBox::from_utf8_unchecked(bytes) }
    }

    /// Freezes the string into a C string that lives as long as the arena borrow
    /// (bump-scope's `into_cstr`): cut at its first nul if it has one, else with a nul
    /// appended (which may grow the buffer). Its unused capacity is given back first when
    /// possible; its bytes stay allocated until the arena is reset.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the byte for the nul; see
    /// [`try_into_cstr`](String::try_into_cstr).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let hello = String::from_str_in("Hello, world!", &arena);
    /// assert_eq!(hello.into_cstr(), c"Hello, world!");
    /// let cut = String::from_str_in("abc\0def", &arena);
    /// assert_eq!(cut.into_cstr(), c"abc");
    /// ```
    #[track_caller]
    pub fn into_cstr(self) -> &'a CStr {
        unwrap_or_panic(self.try_into_cstr())
    }

    /// Like [`into_cstr`](String::into_cstr), returning an error instead of panicking when the
    /// nul cannot be appended (the string is dropped then, giving its memory back).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let path = arenakit::format!(in &arena, "/tmp/{}", 42);
    /// assert_eq!(path.try_into_cstr().unwrap(), c"/tmp/42");
    /// ```
    pub fn try_into_cstr(mut self) -> Result<&'a CStr, AllocError> {
        let text = until_nul(self.as_bytes()).len();
        if text < self.len() {
            self.vec.truncate(text + 1);
        } else {
            self.try_push('\0')?;
        }
        let bytes = crate::collections::ext::leak_vec(self.vec);
        // SAFETY: the bytes end with a nul, the first one: the text before it had none.
        Ok(unsafe { CStr::from_bytes_with_nul_unchecked(bytes) })
    }

    /// Makes room for `additional` more bytes (amortized growth), with the arena's error: the
    /// one fallible growth path of every method that appends.
    fn grow(&mut self, additional: usize) -> Result<(), AllocError> {
        reserve(&mut self.vec, additional)
    }
}
