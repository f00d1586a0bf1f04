//! Deserializing straight into an arena (the first seed's `UnmarshalJSON`, the second seed's
//! log parsing).
//!
//! [`DeserializeIn`] is `serde::Deserialize` with an arena: strings are copied (and
//! unescaped) into the arena as `&'a str`, sequences become `&'a [T]` or arena
//! `Vec`s, maps arena `HashMap`s (see [`crate::collections`]).
//! The arena is passed explicitly, through [`InArena`], a [`DeserializeSeed`]; nothing is
//! stored in a thread-local or a global, so any serde format works and nothing can outlive
//! the arena. [`from_slice_in`] and [`from_str_in`] decode JSON with this module's own
//! decoder, which unescapes strings into the arena: once the arena is warm, decoding makes no
//! call to the global allocator (serde_json would, for every input with an escaped string).
//! Feature `json`.
//!
//! # Examples
//!
//! ```
//! use arenakit::Arena;
//!
//! let arena = Arena::new();
//! let tags: &[&str] = arenakit::de::from_str_in(&arena, r#"["db", "caf\u00e9"]"#).unwrap();
//! assert_eq!(tags, ["db", "café"]);
//! assert!(arena.contains(tags[1].as_ptr()));
//! ```

use crate::arena::{Arena, Local, Mode};
use crate::collections::{DefaultHashBuilder, HashMap, HashSet, String, Vec};
use crate::source::{Heap, MemorySource};
use core::fmt;
use core::hash::Hash;
use core::marker::PhantomData;
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

#[cfg(feature = "derive")]
pub use arenakit_derive::DeserializeIn;
#[doc(hidden)]
pub use serde as __serde;

mod json;
mod number;
mod scan;

pub use json::{Error as JsonError, MAX_DEPTH};

/// The message of a decoding error caused by the arena refusing memory.
const ARENA_FULL: &str =
    "arena allocation failed: the arena's memory limit or its memory source refused more memory";

/// A type that can be deserialized into an arena of source `S` and mode `M`.
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, de::InArena};
/// use serde::de::DeserializeSeed;
///
/// let arena = Arena::new();
/// let mut json = serde_json::Deserializer::from_str(r#"{"a": [1, 2], "b": []}"#);
/// let map: arenakit::collections::HashMap<&str, &[u32]> =
///     InArena::new(&arena).deserialize(&mut json).unwrap();
/// assert_eq!(map["a"], [1, 2]);
/// ```
pub trait DeserializeIn<'a, S: MemorySource + 'a = Heap, M: Mode = Local>: Sized {
    /// Deserializes a value from `deserializer`, allocating in `arena`.
    ///
    /// # Errors
    ///
    /// The deserializer's errors, and a custom error when the arena cannot allocate.
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// The [`DeserializeSeed`] that carries an arena: `InArena::<T>::new(&arena)` deserializes a
/// `T: DeserializeIn` with any serde deserializer.
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, de::InArena};
/// use serde::de::DeserializeSeed;
///
/// let arena = Arena::new();
/// let mut json = serde_json::Deserializer::from_str(r#""a\nb""#);
/// let s: &str = InArena::new(&arena).deserialize(&mut json).unwrap();
/// assert_eq!(s, "a\nb");
/// ```
pub struct InArena<'a, T, S: MemorySource = Heap, M: Mode = Local> {
    arena: &'a Arena<S, M>,
    target: PhantomData<fn() -> T>,
}

impl<'a, T, S: MemorySource, M: Mode> InArena<'a, T, S, M> {
    /// A seed deserializing a `T` into `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let _seed = arenakit::de::InArena::<&str>::new(&arena);
    /// ```
    pub fn new(arena: &'a Arena<S, M>) -> Self {
        InArena {
            arena,
            target: PhantomData,
        }
    }
}

impl<T, S: MemorySource, M: Mode> Clone for InArena<'_, T, S, M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, S: MemorySource, M: Mode> Copy for InArena<'_, T, S, M> {}

impl<'a, 'de, T, S, M> DeserializeSeed<'de> for InArena<'a, T, S, M>
where
    T: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_in(self.arena, deserializer)
    }
}

/// The error reported when the arena cannot allocate during deserialization (out of line:
/// the formatting would weigh on every string's copy).
#[cold]
#[inline(never)]
fn out_of_memory<E: Error>(err: crate::AllocError) -> E {
    E::custom(err)
}

/// Types that own no memory deserialize as they are.
macro_rules! deserialize_in_plain {
    ($($t:ty),* $(,)?) => {$(
        impl<'a, S: MemorySource + 'a, M: Mode> DeserializeIn<'a, S, M> for $t {
            fn deserialize_in<'de, D: Deserializer<'de>>(
                _: &'a Arena<S, M>,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                serde::Deserialize::deserialize(deserializer)
            }
        }
    )*};
}

crate::copy_in::for_each_primitive!(deserialize_in_plain);
// Skips any value (what serde's `IgnoredAny` is for), in the arena's decoder too.
deserialize_in_plain!(serde::de::IgnoredAny);

/// Copies (unescaped) strings into the arena.
struct StrVisitor<'a, S: MemorySource, M: Mode>(&'a Arena<S, M>);

impl<'a, S: MemorySource, M: Mode> Visitor<'_> for StrVisitor<'a, S, M> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: Error>(self, v: &str) -> Result<&'a str, E> {
        Ok(&*self.0.try_alloc_str(v).map_err(out_of_memory)?)
    }
}

impl<'a, S: MemorySource + 'a, M: Mode> DeserializeIn<'a, S, M> for &'a str {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor(arena))
    }
}

impl<'a, S: MemorySource + 'a, M: Mode> DeserializeIn<'a, S, M> for String<'a, S, M> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let s = <&str>::deserialize_in(arena, deserializer)?;
        let mut string = String::new_in(arena);
        string.push_str(s);
        Ok(string)
    }
}

impl<'a, S: MemorySource + 'a, M: Mode, T: DeserializeIn<'a, S, M>> DeserializeIn<'a, S, M>
    for Option<T>
{
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        /// Visits `null` or a value.
        struct OptionVisitor<'a, T, S: MemorySource, M: Mode>(InArena<'a, T, S, M>);

        impl<'a, 'de, T, S, M> Visitor<'de> for OptionVisitor<'a, T, S, M>
        where
            T: DeserializeIn<'a, S, M>,
            S: MemorySource + 'a,
            M: Mode,
        {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an optional value")
            }

            fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }

            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Option<T>, D2::Error> {
                self.0.deserialize(d).map(Some)
            }
        }

        deserializer.deserialize_option(OptionVisitor(InArena::new(arena)))
    }
}

/// Collects a sequence into an arena `Vec`.
struct VecVisitor<'a, T, S: MemorySource, M: Mode>(InArena<'a, T, S, M>);

impl<'a, 'de, T, S, M> Visitor<'de> for VecVisitor<'a, T, S, M>
where
    T: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    type Value = Vec<'a, T, S, M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut vec = Vec::new_in(self.0.arena);
        if let Some(n) = seq.size_hint() {
            vec.try_reserve(n)
                .map_err(|_| A::Error::custom(ARENA_FULL))?;
        }
        while let Some(item) = seq.next_element_seed(self.0)? {
            vec.try_reserve(1)
                .map_err(|_| A::Error::custom(ARENA_FULL))?;
            vec.push(item);
        }
        Ok(vec)
    }
}

impl<'a, S: MemorySource + 'a, M: Mode, T: DeserializeIn<'a, S, M>> DeserializeIn<'a, S, M>
    for Vec<'a, T, S, M>
{
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(InArena::new(arena)))
    }
}

impl<'a, S: MemorySource + 'a, M: Mode, T: DeserializeIn<'a, S, M>> DeserializeIn<'a, S, M>
    for &'a [T]
{
    /// A sequence frozen into a plain arena slice; like `alloc`, for element types without
    /// drop glue.
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let vec = Vec::<'a, T, S, M>::deserialize_in(arena, deserializer)?;
        Ok(&*crate::prelude::IntoBumpSlice::into_bump_slice(vec))
    }
}

/// Tuples deserialize element by element from a sequence of exactly their length.
macro_rules! deserialize_in_tuple {
    ($len:literal => $($name:ident)+) => {
        impl<'a, S: MemorySource + 'a, M: Mode, $($name: DeserializeIn<'a, S, M>),+>
            DeserializeIn<'a, S, M> for ($($name,)+)
        {
            fn deserialize_in<'de, De: Deserializer<'de>>(
                arena: &'a Arena<S, M>,
                deserializer: De,
            ) -> Result<Self, De::Error> {
                /// Visits a sequence of the tuple's length.
                struct TupleVisitor<'a, S: MemorySource, M: Mode, $($name),+>(
                    &'a Arena<S, M>,
                    PhantomData<fn() -> ($($name,)+)>,
                );

                impl<'a, 'de, S: MemorySource + 'a, M: Mode, $($name: DeserializeIn<'a, S, M>),+>
                    Visitor<'de> for TupleVisitor<'a, S, M, $($name),+>
                {
                    type Value = ($($name,)+);

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a sequence of {} elements", $len)
                    }

                    #[allow(non_snake_case)]
                    fn visit_seq<Seq: SeqAccess<'de>>(
                        self,
                        mut seq: Seq,
                    ) -> Result<Self::Value, Seq::Error> {
                        let mut index = 0;
                        $(
                            let $name = seq
                                .next_element_seed(InArena::<$name, S, M>::new(self.0))?
                                .ok_or_else(|| Seq::Error::invalid_length(index, &self))?;
                            index += 1;
                        )+
                        let _ = index;
                        Ok(($($name,)+))
                    }
                }

                deserializer.deserialize_tuple($len, TupleVisitor(arena, PhantomData))
            }
        }
    };
}

deserialize_in_tuple!(1 => TA);
deserialize_in_tuple!(2 => TA TB);
deserialize_in_tuple!(3 => TA TB TC);
deserialize_in_tuple!(4 => TA TB TC TD);
deserialize_in_tuple!(5 => TA TB TC TD TE);
deserialize_in_tuple!(6 => TA TB TC TD TE TF);
deserialize_in_tuple!(7 => TA TB TC TD TE TF TG);
deserialize_in_tuple!(8 => TA TB TC TD TE TF TG TH);

/// Collects a map into an arena `HashMap`.
struct MapVisitor<'a, K, V, S: MemorySource, M: Mode>(&'a Arena<S, M>, PhantomData<fn() -> (K, V)>);

impl<'a, 'de, K, V, S, M> Visitor<'de> for MapVisitor<'a, K, V, S, M>
where
    K: DeserializeIn<'a, S, M> + Eq + Hash,
    V: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    type Value = HashMap<'a, K, V, S, M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = HashMap::with_hasher_in(DefaultHashBuilder::default(), self.0);
        while let Some(key) = access.next_key_seed(InArena::<K, S, M>::new(self.0))? {
            let value = access.next_value_seed(InArena::<V, S, M>::new(self.0))?;
            map.try_reserve(1)
                .map_err(|_| A::Error::custom(ARENA_FULL))?;
            map.insert(key, value);
        }
        Ok(map)
    }
}

impl<'a, S, M, K, V> DeserializeIn<'a, S, M> for HashMap<'a, K, V, S, M>
where
    K: DeserializeIn<'a, S, M> + Eq + Hash,
    V: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(arena, PhantomData))
    }
}

impl<'a, S, M, T> DeserializeIn<'a, S, M> for HashSet<'a, T, S, M>
where
    T: DeserializeIn<'a, S, M> + Eq + Hash,
    S: MemorySource + 'a,
    M: Mode,
{
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let items = Vec::<'a, T, S, M>::deserialize_in(arena, deserializer)?;
        let mut set = HashSet::with_hasher_in(DefaultHashBuilder::default(), arena);
        set.try_reserve(items.len())
            .map_err(|_| D::Error::custom(ARENA_FULL))?;
        set.extend(items);
        Ok(set)
    }
}

/// Decodes the JSON text `json` into a `T` allocated in `arena`, rejecting trailing
/// characters.
///
/// Strings are unescaped into a scratch buffer in the arena, so once the arena is warm,
/// decoding calls the global allocator only to format an error message.
///
/// # Errors
///
/// Malformed, truncated or wrongly typed JSON, invalid UTF-8, nesting deeper than
/// [`MAX_DEPTH`], or the arena failing to allocate.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let nums: &[i64] = arenakit::de::from_slice_in(&arena, b"[1, -2, 3]").unwrap();
/// assert_eq!(nums, [1, -2, 3]);
/// assert!(arenakit::de::from_slice_in::<&[i64], _, _>(&arena, b"[1, ").is_err());
/// ```
pub fn from_slice_in<'a, T, S, M>(arena: &'a Arena<S, M>, json: &[u8]) -> Result<T, JsonError>
where
    T: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    from_slice_seed(arena, json, InArena::<T, S, M>::new(arena))
}

/// Decodes the JSON text `json` with `seed`, unescaping into `arena`, rejecting trailing
/// characters: what [`from_slice_in`] and `json::from_slice_borrowed` share.
pub(crate) fn from_slice_seed<'j, T, S, M>(
    arena: &Arena<S, M>,
    json: &'j [u8],
    seed: impl DeserializeSeed<'j, Value = T>,
) -> Result<T, JsonError>
where
    S: MemorySource,
    M: Mode,
{
    let mut deserializer = json::Deserializer::new(arena, json);
    let value = seed
        .deserialize(&mut deserializer)
        .map_err(|e| e.locate(deserializer.position()))?;
    deserializer.end()?;
    Ok(value)
}

/// Like [`from_slice_in`], for a `&str`.
///
/// # Errors
///
/// As for [`from_slice_in`].
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let name: Option<&str> = arenakit::de::from_str_in(&arena, r#""ada""#).unwrap();
/// assert_eq!(name, Some("ada"));
/// ```
pub fn from_str_in<'a, T, S, M>(arena: &'a Arena<S, M>, json: &str) -> Result<T, JsonError>
where
    T: DeserializeIn<'a, S, M>,
    S: MemorySource + 'a,
    M: Mode,
{
    from_slice_in(arena, json.as_bytes())
}
