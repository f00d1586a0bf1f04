//! Errors of fallible allocation.

use core::fmt;

/// Why an arena allocation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AllocErrorKind {
    /// Serving the request would make the arena hold more than its
    /// [`limit`](crate::ArenaBuilder::limit) from its source.
    LimitExceeded,
    /// The memory source had no chunk to give (a full [`Fixed`](crate::source::Fixed) buffer,
    /// a failing `mmap`, an exhausted global allocator).
    SourceExhausted,
    /// The requested size does not fit in the address space (for example
    /// `alloc_uninit_slice::<u64>(usize::MAX)`).
    CapacityOverflow,
}

/// A failed arena allocation: returned by every `try_*` method.
///
/// The panicking twin of each method panics with this error's message instead.
///
/// # Examples
///
/// ```
/// use arenakit::{AllocErrorKind, Arena};
///
/// let arena = Arena::new();
/// let err = arena.try_alloc_uninit_slice::<u64>(usize::MAX).unwrap_err();
/// assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
///
/// let small = Arena::builder().limit(64 * 1024).build();
/// let err = small.try_alloc_uninit_slice::<u8>(1 << 20).unwrap_err();
/// assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
/// assert_eq!(err.size(), 1 << 20);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AllocError {
    kind: AllocErrorKind,
    size: usize,
}

impl AllocError {
    pub(crate) const fn new(kind: AllocErrorKind, size: usize) -> Self {
        AllocError { kind, size }
    }

    pub(crate) const fn overflow() -> Self {
        AllocError::new(AllocErrorKind::CapacityOverflow, usize::MAX)
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// # use arenakit::{AllocErrorKind, Arena};
    /// let err = Arena::new().try_alloc_uninit_slice::<u32>(usize::MAX / 2).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    /// ```
    pub const fn kind(&self) -> AllocErrorKind {
        self.kind
    }

    /// Bytes requested by the failed allocation (`usize::MAX` when the size itself overflowed).
    ///
    /// # Examples
    ///
    /// ```
    /// # use arenakit::Arena;
    /// let arena = Arena::builder().limit(0).build();
    /// assert_eq!(arena.try_alloc([0u8; 24]).unwrap_err().size(), 24);
    /// ```
    pub const fn size(&self) -> usize {
        self.size
    }

    /// Panics with this error's message; the shared failure path of every panicking method.
    #[cold]
    #[inline(never)]
    #[track_caller]
    pub(crate) fn panic(self) -> ! {
        panic!("{self}")
    }
}

/// Unwraps the result of a `try_` method, panicking with the error's message.
#[inline(always)]
#[track_caller]
pub(crate) fn unwrap_or_panic<T>(result: Result<T, AllocError>) -> T {
    match result {
        Ok(value) => value,
        Err(err) => err.panic(),
    }
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            AllocErrorKind::LimitExceeded => write!(
                f,
                "arena allocation of {} bytes failed: the arena's memory limit would be exceeded",
                self.size
            ),
            AllocErrorKind::SourceExhausted => write!(
                f,
                "arena allocation of {} bytes failed: the memory source has no more memory",
                self.size
            ),
            AllocErrorKind::CapacityOverflow => {
                f.write_str("arena allocation failed: the requested size overflows")
            }
        }
    }
}

impl core::error::Error for AllocError {}

#[cfg(feature = "allocator-api2")]
impl From<AllocError> for allocator_api2::alloc::AllocError {
    fn from(_: AllocError) -> Self {
        allocator_api2::alloc::AllocError
    }
}

/// The error of the `try_alloc_try_*` methods, whose initialiser can fail too: either the
/// arena could not provide the memory, or the initialiser returned an error (bumpalo's
/// `AllocOrInitError`).
///
/// # Examples
///
/// ```
/// use arenakit::{AllocOrInitError, Arena};
///
/// let arena = Arena::new();
/// let parsed = arena.try_alloc_try_with(|| "42".parse::<u32>());
/// assert_eq!(*parsed.unwrap(), 42);
/// let bad = arena.try_alloc_try_with(|| "x".parse::<u32>());
/// assert!(matches!(bad, Err(AllocOrInitError::Init(_))));
/// let full = Arena::builder().limit(0).build();
/// let refused = full.try_alloc_try_with(|| "42".parse::<u32>());
/// assert!(matches!(refused, Err(AllocOrInitError::Alloc(_))));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AllocOrInitError<E> {
    /// The arena could not provide the memory; the initialiser was not called.
    Alloc(AllocError),
    /// The initialiser failed; the memory was given back if nothing was allocated after it.
    Init(E),
}

impl<E> AllocOrInitError<E> {
    /// Flattens the two levels of a fallible initialisation into one error.
    pub(crate) fn flatten<T>(result: Result<Result<T, E>, AllocError>) -> Result<T, Self> {
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(init)) => Err(AllocOrInitError::Init(init)),
            Err(alloc) => Err(AllocOrInitError::Alloc(alloc)),
        }
    }
}

impl<E> From<AllocError> for AllocOrInitError<E> {
    fn from(error: AllocError) -> Self {
        AllocOrInitError::Alloc(error)
    }
}

impl<E: fmt::Display> fmt::Display for AllocOrInitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocOrInitError::Alloc(error) => error.fmt(f),
            AllocOrInitError::Init(error) => {
                write!(f, "initialising an arena value failed: {error}")
            }
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for AllocOrInitError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            AllocOrInitError::Alloc(error) => Some(error),
            AllocOrInitError::Init(error) => Some(error),
        }
    }
}
