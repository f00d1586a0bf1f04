//! [`CopyIn`]: deep copy of heap data into an arena (the first seed's `DeepCopy`).
//!
//! `value.copy_in(&arena)` turns a value that owns heap memory into an arena-resident
//! counterpart that borrows the arena: `String` and `&str` become `&'a str`, `Vec<T>` and
//! `&[T]` become `&'a [T::Output]`, `Box<T>` becomes `&'a T::Output`, a `HashMap` becomes an
//! arena [`HashMap`](crate::collections::HashMap); `Option`, tuples, arrays and references copy
//! element by element, and primitives copy as they are. The copy owns nothing on the heap, so
//! dropping the original and resetting the arena are both free of surprises; the borrow checker
//! keeps the copy from outliving the arena.
//!
//! `#[derive(CopyIn)]` (feature `derive`) does the same for your own structs and enums.
//!
//! # Examples
//!
//! ```
//! use arenakit::{Arena, CopyIn};
//!
//! let arena = Arena::new();
//! let tags = vec![String::from("db"), String::from("api")];
//! let copied: &[&str] = tags.copy_in(&arena);
//! drop(tags);
//! assert_eq!(copied, ["db", "api"]);
//! ```

use crate::arena::{Arena, Local, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::{Heap, MemorySource};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::mem::{MaybeUninit, needs_drop};

/// A value that can be deep-copied into an arena of source `S` and mode `M`.
///
/// `Output` is the arena-resident counterpart; it borrows the arena for `'a` and owns no heap
/// memory. Implemented for primitives, `str`/`String`, slices/`Vec`, `Box`, `Option`, tuples,
/// arrays, references and (with `collections` and `std`) `HashMap`/`HashSet`; derive it for
/// your own types with `#[derive(CopyIn)]` (feature `derive`).
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, CopyIn};
///
/// let arena = Arena::new();
/// let original: (u32, Option<String>, [Box<str>; 2]) =
///     (7, Some("seven".into()), ["a".into(), "b".into()]);
/// let (n, name, letters) = original.copy_in(&arena);
/// assert_eq!((n, name, letters), (7, Some("seven"), ["a", "b"]));
/// assert!(arena.contains(name.unwrap().as_ptr()));
/// ```
#[doc(alias = "DeepCopy")]
pub trait CopyIn<'a, S: MemorySource = Heap, M: Mode = Local> {
    /// The arena-resident counterpart of `Self`.
    type Output: 'a;

    /// Copies `self` into `arena`, returning an error if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{Arena, CopyIn};
    ///
    /// let arena = Arena::builder().limit(0).build();
    /// assert!(String::from("too big").try_copy_in(&arena).is_err());
    /// ```
    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<Self::Output, AllocError>;

    /// Copies `self` into `arena`.
    ///
    /// # Panics
    ///
    /// If the arena cannot allocate; see [`try_copy_in`](CopyIn::try_copy_in).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::{Arena, CopyIn};
    ///
    /// let arena = Arena::new();
    /// let s: &str = String::from("copied").copy_in(&arena);
    /// assert_eq!(s, "copied");
    /// ```
    #[track_caller]
    fn copy_in(&self, arena: &'a Arena<S, M>) -> Self::Output {
        unwrap_or_panic(self.try_copy_in(arena))
    }
}

/// Primitives copy as they are.
macro_rules! copy_in_by_value {
    ($($t:ty),* $(,)?) => {$(
        impl<'a, S: MemorySource, M: Mode> CopyIn<'a, S, M> for $t {
            type Output = $t;

            #[inline]
            fn try_copy_in(&self, _: &'a Arena<S, M>) -> Result<$t, AllocError> {
                Ok(*self)
            }
        }
    )*};
}

/// Calls `$m!` with every primitive type: the types that own no memory and copy as they
/// are, shared by `CopyIn` and `DeserializeIn`.
macro_rules! for_each_primitive {
    ($m:ident) => {
        $m!(
            (),
            bool,
            char,
            u8,
            u16,
            u32,
            u64,
            u128,
            usize,
            i8,
            i16,
            i32,
            i64,
            i128,
            isize,
            f32,
            f64,
        );
    };
}
#[cfg(feature = "json")]
pub(crate) use for_each_primitive;

for_each_primitive!(copy_in_by_value);

impl<'a, S: MemorySource, M: Mode> CopyIn<'a, S, M> for str {
    type Output = &'a str;

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a str, AllocError> {
        Ok(arena.try_alloc_str(self)?)
    }
}

impl<'a, S: MemorySource, M: Mode> CopyIn<'a, S, M> for String {
    type Output = &'a str;

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a str, AllocError> {
        self.as_str().try_copy_in(arena)
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>> CopyIn<'a, S, M> for [T] {
    type Output = &'a [T::Output];

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a [T::Output], AllocError> {
        const {
            assert!(
                !needs_drop::<T::Output>(),
                "arenakit: a copied slice's elements must not need Drop (a slice never drops them)"
            )
        };
        let slots = arena.try_alloc_uninit_slice::<T::Output>(self.len())?;
        for (slot, item) in slots.iter_mut().zip(self) {
            slot.write(item.try_copy_in(arena)?);
        }
        // SAFETY: the loop initialised every slot (an early error returns before this).
        Ok(unsafe { assume_init(slots) })
    }
}

/// Views initialised slots as values.
///
/// # Safety
///
/// Every element of `slots` is initialised.
unsafe fn assume_init<T>(slots: &mut [MaybeUninit<T>]) -> &[T] {
    // SAFETY: `MaybeUninit<T>` has the layout of `T` and the caller guarantees every element is
    // initialised.
    unsafe { &*(slots as *const [MaybeUninit<T>] as *const [T]) }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>> CopyIn<'a, S, M> for Vec<T> {
    type Output = &'a [T::Output];

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a [T::Output], AllocError> {
        self.as_slice().try_copy_in(arena)
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>, const N: usize> CopyIn<'a, S, M>
    for [T; N]
{
    type Output = [T::Output; N];

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<[T::Output; N], AllocError> {
        let mut out: [Option<T::Output>; N] = [const { None }; N];
        for (slot, item) in out.iter_mut().zip(self) {
            *slot = Some(item.try_copy_in(arena)?);
        }
        Ok(out.map(|item| item.expect("every element was copied")))
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>> CopyIn<'a, S, M> for Box<T> {
    type Output = &'a T::Output;

    /// The copy of the boxed value is moved into the arena; like
    /// [`Arena::alloc`](crate::Arena::alloc) this takes only outputs without drop glue.
    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a T::Output, AllocError> {
        let copy = (**self).try_copy_in(arena)?;
        Ok(&*arena.try_alloc(copy)?)
    }
}

impl<'a, S: MemorySource, M: Mode> CopyIn<'a, S, M> for Box<str> {
    type Output = &'a str;

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a str, AllocError> {
        (**self).try_copy_in(arena)
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>> CopyIn<'a, S, M> for Box<[T]> {
    type Output = &'a [T::Output];

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<&'a [T::Output], AllocError> {
        (**self).try_copy_in(arena)
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M> + ?Sized> CopyIn<'a, S, M> for &T {
    type Output = T::Output;

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<T::Output, AllocError> {
        (**self).try_copy_in(arena)
    }
}

impl<'a, S: MemorySource, M: Mode, T: CopyIn<'a, S, M>> CopyIn<'a, S, M> for Option<T> {
    type Output = Option<T::Output>;

    fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<Option<T::Output>, AllocError> {
        self.as_ref().map(|v| v.try_copy_in(arena)).transpose()
    }
}

/// Tuples copy element by element.
macro_rules! copy_in_tuple {
    ($($name:ident)+) => {
        impl<'a, S: MemorySource, M: Mode, $($name: CopyIn<'a, S, M>),+> CopyIn<'a, S, M>
            for ($($name,)+)
        {
            type Output = ($($name::Output,)+);

            #[allow(non_snake_case)]
            fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<Self::Output, AllocError> {
                let ($($name,)+) = self;
                Ok(($($name.try_copy_in(arena)?,)+))
            }
        }
    };
}

copy_in_tuple!(A);
copy_in_tuple!(A B);
copy_in_tuple!(A B C);
copy_in_tuple!(A B C D);
copy_in_tuple!(A B C D E);
copy_in_tuple!(A B C D E F);
copy_in_tuple!(A B C D E F G);
copy_in_tuple!(A B C D E F G H);

#[cfg(all(feature = "collections", feature = "std"))]
mod maps {
    use super::CopyIn;
    use crate::arena::{Arena, Mode};
    use crate::collections::map_reserve_error as reserve_error;
    use crate::collections::{DefaultHashBuilder, HashMap, HashSet};
    use crate::error::AllocError;
    use crate::source::MemorySource;
    use core::hash::{BuildHasher, Hash};

    impl<'a, S, M, K, V, H> CopyIn<'a, S, M> for std::collections::HashMap<K, V, H>
    where
        S: MemorySource + 'a,
        M: Mode,
        K: CopyIn<'a, S, M>,
        K::Output: Eq + Hash,
        V: CopyIn<'a, S, M>,
        H: BuildHasher,
    {
        type Output = HashMap<'a, K::Output, V::Output, S, M>;

        fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<Self::Output, AllocError> {
            let mut map = HashMap::with_hasher_in(DefaultHashBuilder::default(), arena);
            map.try_reserve(self.len())
                .map_err(|e| reserve_error(arena, e))?;
            for (k, v) in self {
                map.insert(k.try_copy_in(arena)?, v.try_copy_in(arena)?);
            }
            Ok(map)
        }
    }

    impl<'a, S, M, T, H> CopyIn<'a, S, M> for std::collections::HashSet<T, H>
    where
        S: MemorySource + 'a,
        M: Mode,
        T: CopyIn<'a, S, M>,
        T::Output: Eq + Hash,
        H: BuildHasher,
    {
        type Output = HashSet<'a, T::Output, S, M>;

        fn try_copy_in(&self, arena: &'a Arena<S, M>) -> Result<Self::Output, AllocError> {
            let mut set = HashSet::with_hasher_in(DefaultHashBuilder::default(), arena);
            set.try_reserve(self.len())
                .map_err(|e| reserve_error(arena, e))?;
            for item in self {
                set.insert(item.try_copy_in(arena)?);
            }
            Ok(set)
        }
    }
}
