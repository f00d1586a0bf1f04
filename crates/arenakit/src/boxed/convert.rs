//! Conversions of boxes into other owners (allocator-api2's `Box`, a slice box, iterators)
//! and the `std::io` traits forwarded to the value, as `Box` has them.

use super::ArenaBox;
use crate::arena::Mode;
use crate::source::MemorySource;

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, T, S, M> {
    /// The value as a box of a one-element slice, in the same block (bump-scope's
    /// `into_boxed_slice`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let one = arena.alloc_box(5u8).into_boxed_slice();
    /// assert_eq!(*one, [5]);
    /// ```
    pub fn into_boxed_slice(self) -> ArenaBox<'a, [T], S, M> {
        let (ptr, arena) = Self::into_parts(self);
        let slice = core::ptr::NonNull::slice_from_raw_parts(ptr, 1);
        // SAFETY: a `T` is a `[T]` of length 1 at the same address with the same size; the
        // box owned it and was given up above.
        unsafe { ArenaBox::from_parts(slice, arena) }
    }
}

#[cfg(feature = "allocator-api2")]
impl<'a, T: ?Sized, S: MemorySource, M: Mode> ArenaBox<'a, T, S, M> {
    /// The box as allocator-api2's `Box<T, &Arena>` over the same block (bump-scope's
    /// `into_box`): it drops the value and frees the block through the arena's `Allocator`,
    /// which is what the box does.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b: allocator_api2::boxed::Box<str, &arenakit::Arena> = arena.alloc_box_str("api2").into_box();
    /// assert_eq!(&*b, "api2");
    /// ```
    pub fn into_box(self) -> allocator_api2::boxed::Box<T, &'a crate::arena::Arena<S, M>> {
        let (ptr, arena) = Self::into_parts(self);
        // SAFETY: the box owned a live `T` at the start of a block from `alloc_freeable` (which
        // the arena's `Allocator` hands out too) of at least `size_of_val` bytes, aligned for
        // it (dangling when the size is zero, which `Box` does not free); the `Allocator` frees
        // it by address and size, as the box would; the box was given up above.
        unsafe { allocator_api2::boxed::Box::from_raw_in(ptr.as_ptr(), arena) }
    }
}

/// Iterates over references to the elements. (A box of a slice cannot also be
/// `IntoIterator` by value or through `&mut`: those impls would overlap with `Iterator` for
/// boxed iterators; iterate `ArenaBox::into_vec(b)` or `b.iter_mut()`.)
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let b = arena.alloc_box_slice_copy(&[1, 2]);
/// let mut sum = 0;
/// for x in &b {
///     sum += x;
/// }
/// assert_eq!(sum, 3);
/// ```
impl<'b, T, S: MemorySource, M: Mode> IntoIterator for &'b ArenaBox<'_, [T], S, M> {
    type Item = &'b T;
    type IntoIter = core::slice::Iter<'b, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Appends the text of string boxes to a std `String` (the boxes are freed).
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let mut s = String::from("a");
/// s.extend([arena.alloc_box_str("b"), arena.alloc_box_str("c")]);
/// assert_eq!(s, "abc");
/// ```
impl<'a, S: MemorySource, M: Mode> Extend<ArenaBox<'a, str, S, M>> for alloc::string::String {
    fn extend<I: IntoIterator<Item = ArenaBox<'a, str, S, M>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

#[cfg(feature = "std")]
mod io {
    use super::ArenaBox;
    use crate::arena::Mode;
    use crate::source::MemorySource;
    use std::io;
    use std::string::String;
    use std::vec::Vec;

    /// Reads through the boxed reader.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read;
    /// let arena = arenakit::Arena::new();
    /// let mut r = arena.alloc_box(&b"data"[..]);
    /// let mut out = String::new();
    /// r.read_to_string(&mut out).unwrap();
    /// assert_eq!(out, "data");
    /// ```
    impl<R: io::Read + ?Sized, S: MemorySource, M: Mode> io::Read for ArenaBox<'_, R, S, M> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            (**self).read(buf)
        }
        fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
            (**self).read_to_end(buf)
        }
        fn read_to_string(&mut self, buf: &mut String) -> io::Result<usize> {
            (**self).read_to_string(buf)
        }
        fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
            (**self).read_exact(buf)
        }
    }

    /// Writes through the boxed writer.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// let arena = arenakit::Arena::new();
    /// let mut w = arena.alloc_box(Vec::new());
    /// w.write_all(b"out").unwrap();
    /// assert_eq!(*w, b"out");
    /// ```
    impl<W: io::Write + ?Sized, S: MemorySource, M: Mode> io::Write for ArenaBox<'_, W, S, M> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            (**self).write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            (**self).flush()
        }
        fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
            (**self).write_all(buf)
        }
        fn write_fmt(&mut self, args: core::fmt::Arguments<'_>) -> io::Result<()> {
            (**self).write_fmt(args)
        }
    }

    /// Seeks through the boxed value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::{Cursor, Seek, SeekFrom};
    /// let arena = arenakit::Arena::new();
    /// let mut c = arena.alloc_box(Cursor::new([1u8, 2, 3]));
    /// assert_eq!(c.seek(SeekFrom::End(-1)).unwrap(), 2);
    /// ```
    impl<T: io::Seek + ?Sized, S: MemorySource, M: Mode> io::Seek for ArenaBox<'_, T, S, M> {
        fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
            (**self).seek(pos)
        }
        fn stream_position(&mut self) -> io::Result<u64> {
            (**self).stream_position()
        }
    }

    /// Buffered reads through the boxed reader.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::BufRead;
    /// let arena = arenakit::Arena::new();
    /// let mut r = arena.alloc_box(&b"one\ntwo\n"[..]);
    /// let mut line = String::new();
    /// r.read_line(&mut line).unwrap();
    /// assert_eq!(line, "one\n");
    /// ```
    impl<B: io::BufRead + ?Sized, S: MemorySource, M: Mode> io::BufRead for ArenaBox<'_, B, S, M> {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            (**self).fill_buf()
        }
        fn consume(&mut self, amt: usize) {
            (**self).consume(amt);
        }
        fn read_until(&mut self, byte: u8, buf: &mut Vec<u8>) -> io::Result<usize> {
            (**self).read_until(byte, buf)
        }
        fn read_line(&mut self, buf: &mut String) -> io::Result<usize> {
            (**self).read_line(buf)
        }
    }
}
