//! [`ExtractIf`]: the iterator of [`VecExt::extract_if`](super::VecExt::extract_if).

use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use core::fmt;
use core::ops::{Bound, Range, RangeBounds};

/// The iterator of [`VecExt::extract_if`](super::VecExt::extract_if): removes and yields the
/// elements of a range of a vector for which a predicate holds, keeping the others in order.
///
/// The vector stays consistent whatever happens to the iterator:
///
/// - dropped before the end: the elements it has not examined stay in the vector, after the
///   kept ones;
/// - the predicate panics: the same, the element it panicked on included (it stays);
/// - leaked (`mem::forget`): the vector holds the elements before the range and those the
///   predicate kept so far; the elements not examined yet and those after the range are
///   leaked (never dropped), as with std's `Drain`.
///
/// No element is ever dropped twice or both yielded and kept.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let mut v = arena.vec();
/// v.extend(1..=10);
/// let mut evens = v.extract_if(.., |x| *x % 2 == 0);
/// assert_eq!(evens.next(), Some(2));
/// assert_eq!(evens.next(), Some(4));
/// drop(evens); // 6, 8 and 10 are not examined: they stay
/// assert_eq!(v, [1, 3, 5, 6, 7, 8, 9, 10]);
/// ```
#[must_use = "the elements are removed only as the iterator yields them"]
pub struct ExtractIf<'v, T, A: Allocator, F: FnMut(&mut T) -> bool> {
    vec: &'v mut Vec<T, A>,
    state: Extraction,
    pred: F,
}

impl<'v, T, A: Allocator, F: FnMut(&mut T) -> bool> ExtractIf<'v, T, A, F> {
    /// The iterator over `range` of `vec`.
    ///
    /// # Panics
    ///
    /// If the range starts after it ends or ends after the vector's length.
    #[track_caller]
    pub(super) fn new(vec: &'v mut Vec<T, A>, range: impl RangeBounds<usize>, pred: F) -> Self {
        let state = Extraction::start(vec, range);
        ExtractIf { vec, state, pred }
    }
}

/// The state of an extraction from a range of a vector, apart from the vector, so that
/// [`ExtractIf`] (which borrows its vector) and the extraction of a box
/// ([`ArenaBox::extract_if`](crate::ArenaBox::extract_if), which holds the box's elements in
/// a vector of its own) share it.
///
/// From [`start`](Extraction::start) until [`finish`](Extraction::finish), the vector's
/// length is `write`: the elements past it are owned by the extraction, which every method
/// is given the same vector to work on; `finish` must run once (from a `Drop`), else the
/// elements not examined are leaked (never dropped twice).
pub(crate) struct Extraction {
    /// The next element to examine.
    read: usize,
    /// Where the next kept element goes: `[0, write)` are the vector's elements before the
    /// range and the kept ones, `[write, read)` are moved out (holes).
    write: usize,
    /// The end of the range to examine.
    end: usize,
    /// The vector's length before the extraction.
    old_len: usize,
}

impl Extraction {
    /// Starts extracting from `range` of `vec`.
    ///
    /// # Panics
    ///
    /// If the range starts after it ends or ends after the vector's length.
    #[track_caller]
    pub(crate) fn start<T, A: Allocator>(
        vec: &mut Vec<T, A>,
        range: impl RangeBounds<usize>,
    ) -> Self {
        let old_len = vec.len();
        let Range { start, end } = checked_range(range, old_len);
        // SAFETY: `start <= old_len`, and the elements `[start, old_len)` are initialised: the
        // extraction owns them from now on and gives every one back, drops it or yields it.
        unsafe { vec.set_len(start) };
        Extraction {
            read: start,
            write: start,
            end,
            old_len,
        }
    }

    /// The next element of the range for which `pred` holds, removed; `None` at the end.
    pub(crate) fn next<T, A: Allocator>(
        &mut self,
        vec: &mut Vec<T, A>,
        pred: &mut impl FnMut(&mut T) -> bool,
    ) -> Option<T> {
        while self.read < self.end {
            // The vector's length is `write`: its spare capacity starts with the holes, then
            // the elements the extraction owns, from `read` on.
            let offset = self.read - self.write;
            let spare = vec.spare_capacity_mut();
            // SAFETY: `read < end <= old_len`, so the slot holds an element not moved out yet
            // (initialised), owned by the extraction.
            let current = unsafe { spare[offset].assume_init_mut() };
            // A panic here leaves `read` unchanged: the element stays the extraction's, and
            // `finish` (which runs while unwinding) gives it back to the vector.
            let extract = pred(current);
            self.read += 1;
            if extract {
                // SAFETY: the slot is initialised and owned by the extraction; `read` moved
                // past it, so it is never read again: ownership goes to the caller.
                return Some(unsafe { spare[offset].assume_init_read() });
            }
            // Kept: move it into the first hole (the slot at the vector's length), the hole to
            // where it was.
            spare.swap(0, offset);
            self.write += 1;
            // SAFETY: `[0, write)` are initialised: the elements before the range and the kept
            // ones, contiguous; a leaked extraction leaves them in the vector.
            unsafe { vec.set_len(self.write) };
        }
        None
    }

    /// The most elements still to examine.
    pub(crate) fn left(&self) -> usize {
        self.end - self.read
    }

    /// The vector's length so far (the elements before the range and the kept ones).
    pub(crate) fn kept(&self) -> usize {
        self.write
    }

    /// Gives the elements not examined (those after the range included) back to the vector,
    /// after the kept ones. Runs once, when the extraction ends.
    pub(crate) fn finish<T, A: Allocator>(&mut self, vec: &mut Vec<T, A>) {
        let (holes, tail) = (self.read - self.write, self.old_len - self.read);
        // Move the elements not examined down over the holes.
        vec.spare_capacity_mut()[..holes + tail].rotate_left(holes);
        // SAFETY: `[0, write + tail)` are now initialised and contiguous: the elements before
        // the range, the kept ones, and the ones the extraction did not examine, once each.
        unsafe { vec.set_len(self.write + tail) };
    }
}

/// The index range that `range` selects of a sequence of `len` elements.
///
/// # Panics
///
/// If it starts after it ends or ends after `len`, like slice indexing.
#[track_caller]
pub(crate) fn checked_range(range: impl RangeBounds<usize>, len: usize) -> Range<usize> {
    let start = match range.start_bound() {
        Bound::Included(&start) => start,
        Bound::Excluded(&start) => start.checked_add(1).expect("range start overflows usize"),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&end) => end.checked_add(1).expect("range end overflows usize"),
        Bound::Excluded(&end) => end,
        Bound::Unbounded => len,
    };
    assert!(start <= end, "range starts at {start} but ends at {end}");
    assert!(
        end <= len,
        "range end {end} is out of range for length {len}"
    );
    start..end
}

impl<T, A: Allocator, F: FnMut(&mut T) -> bool> Iterator for ExtractIf<'_, T, A, F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.state.next(self.vec, &mut self.pred)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.state.left()))
    }
}

impl<T, A: Allocator, F: FnMut(&mut T) -> bool> Drop for ExtractIf<'_, T, A, F> {
    fn drop(&mut self) {
        self.state.finish(self.vec);
    }
}

impl<T, A: Allocator, F: FnMut(&mut T) -> bool> fmt::Debug for ExtractIf<'_, T, A, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("len", &self.state.kept())
            .field("unexamined", &self.state.left())
            .finish_non_exhaustive()
    }
}
