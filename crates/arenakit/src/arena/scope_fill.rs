//! The fallible initialisers and fill helpers of [`Scope`], as the arena has them: the
//! bodies of `fill.rs` expanded for the scope (`fill_methods!`), bumping through the scope's
//! own chunks, and `alloc_iter`, whose items are gathered in the arena first.

use super::Scope;
use super::alloc::{Blocks, assert_no_drop};
use super::fill::{fill_methods, try_fill, try_init};
use crate::error::{AllocError, AllocOrInitError, unwrap_or_panic};
use crate::source::MemorySource;

fill_methods!(impl<S: MemorySource> Scope<'_, S>);

// As for the arena's methods: each call hands out a fresh block that nothing else aliases.
#[allow(clippy::mut_from_ref)]
impl<S: MemorySource> Scope<'_, S> {
    /// [`Arena::alloc_iter`](super::Arena::alloc_iter) in the scope: the items are gathered
    /// in the arena, then moved into the scope.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_iter((1..=3).rev()), [3, 2, 1]));
    /// ```
    #[cfg(feature = "allocator-api2")]
    #[track_caller]
    pub fn alloc_iter<I: IntoIterator>(&self, iter: I) -> &mut [I::Item] {
        assert_no_drop!(I::Item);
        unwrap_or_panic(self.try_alloc_iter(iter))
    }

    /// [`Arena::try_alloc_iter`](super::Arena::try_alloc_iter) in the scope.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// arena.scope(|s| assert_eq!(s.try_alloc_iter("ab".chars()).unwrap(), ['a', 'b']));
    /// ```
    #[cfg(feature = "allocator-api2")]
    pub fn try_alloc_iter<I: IntoIterator>(&self, iter: I) -> Result<&mut [I::Item], AllocError> {
        assert_no_drop!(I::Item);
        super::iter::collect_into(self, self.arena(), iter)
    }
}
