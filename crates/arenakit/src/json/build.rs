//! Building a [`Value`] from any serde deserializer, into the arena.
//!
//! Containers are built on two scratch stacks (one of values for arrays, one of members for
//! objects) shared by the whole tree: a container pushes its children, and when it closes
//! they are copied into one slice of exactly their length, and the stack drops back. So the
//! tree's slices are exact and contiguous in the arena, and the only waste is the stacks' own
//! growth (bounded by twice their deepest height), instead of one growing `Vec` per container
//! whose abandoned buffers interleave with the tree.

use super::{Number, Object, Value};
use crate::arena::{Arena, Mode};
use crate::collections::Vec;
use crate::de::DeserializeIn;
use crate::source::MemorySource;
use core::fmt;
use core::marker::PhantomData;
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

/// The scratch stacks of one build.
pub(super) struct Stacks<'a, S: MemorySource, M: Mode> {
    arena: &'a Arena<S, M>,
    values: Vec<'a, Value<'a>, S, M>,
    members: Vec<'a, (&'a str, Value<'a>), S, M>,
}

impl<'a, S: MemorySource, M: Mode> Stacks<'a, S, M> {
    pub(super) fn new(arena: &'a Arena<S, M>) -> Self {
        Stacks {
            arena,
            values: Vec::new_in(arena),
            members: Vec::new_in(arena),
        }
    }
}

/// How a string the deserializer lends for `'de` becomes a `&'a str`.
pub(super) trait Strings<'de, 'a> {
    /// `s`, kept for `'a`.
    fn keep<S: MemorySource, M: Mode>(arena: &'a Arena<S, M>, s: &'de str) -> Result<&'a str, ()>;
}

/// Copies every string into the arena (the `DeserializeIn` way: the input may not outlive
/// the arena).
pub(super) enum Copied {}

impl<'a> Strings<'_, 'a> for Copied {
    fn keep<S: MemorySource, M: Mode>(arena: &'a Arena<S, M>, s: &str) -> Result<&'a str, ()> {
        copy_str(arena, s)
    }
}

/// Borrows the strings the input holds as they are (no escapes), when the input outlives the
/// arena borrow.
pub(super) enum Borrowed {}

impl<'de: 'a, 'a> Strings<'de, 'a> for Borrowed {
    #[inline]
    fn keep<S: MemorySource, M: Mode>(_: &'a Arena<S, M>, s: &'de str) -> Result<&'a str, ()> {
        Ok(s)
    }
}

#[inline]
fn copy_str<'a, S: MemorySource, M: Mode>(arena: &'a Arena<S, M>, s: &str) -> Result<&'a str, ()> {
    match arena.try_alloc_str(s) {
        Ok(s) => Ok(s),
        Err(_) => Err(()),
    }
}

/// The error for an arena that refuses memory.
fn full<E: Error>(_: ()) -> E {
    E::custom(ARENA_FULL)
}

/// The message of a build error caused by the arena refusing memory.
const ARENA_FULL: &str =
    "arena allocation failed: the arena's memory limit or its memory source refused more memory";

/// Builds one value (a `DeserializeSeed` and its `Visitor`), pushing containers' children on
/// the shared stacks.
pub(super) struct Build<'s, 'a, K, S: MemorySource, M: Mode> {
    stacks: &'s mut Stacks<'a, S, M>,
    strings: PhantomData<K>,
}

impl<'s, 'a, K, S: MemorySource, M: Mode> Build<'s, 'a, K, S, M> {
    pub(super) fn new(stacks: &'s mut Stacks<'a, S, M>) -> Self {
        Build {
            stacks,
            strings: PhantomData,
        }
    }
}

impl<'de, 'a, K: Strings<'de, 'a>, S: MemorySource, M: Mode> DeserializeSeed<'de>
    for Build<'_, 'a, K, S, M>
{
    type Value = Value<'a>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value<'a>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'a, K: Strings<'de, 'a>, S: MemorySource, M: Mode> Visitor<'de>
    for Build<'_, 'a, K, S, M>
{
    type Value = Value<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: Error>(self) -> Result<Value<'a>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: Error>(self) -> Result<Value<'a>, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'a>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: Error>(self, b: bool) -> Result<Value<'a>, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E: Error>(self, u: u64) -> Result<Value<'a>, E> {
        Ok(Value::Number(Number::from(u)))
    }

    fn visit_i64<E: Error>(self, i: i64) -> Result<Value<'a>, E> {
        Ok(Value::Number(Number::from(i)))
    }

    /// A NaN or an infinity (from a format that has them) becomes `null`, as in serde_json.
    fn visit_f64<E: Error>(self, f: f64) -> Result<Value<'a>, E> {
        Ok(Value::from(f))
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<Value<'a>, E> {
        Ok(Value::String(copy_str(self.stacks.arena, s).map_err(full)?))
    }

    #[inline]
    fn visit_borrowed_str<E: Error>(self, s: &'de str) -> Result<Value<'a>, E> {
        Ok(Value::String(K::keep(self.stacks.arena, s).map_err(full)?))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'a>, A::Error> {
        let stacks = self.stacks;
        let base = stacks.values.len();
        while let Some(v) = seq.next_element_seed(Build::<K, S, M>::new(stacks))? {
            stacks.values.try_reserve(1).map_err(|_| full(()))?;
            stacks.values.push(v);
        }
        let items = stacks
            .arena
            .try_alloc_slice_copy(&stacks.values[base..])
            .map_err(|_| full(()))?;
        stacks.values.truncate(base);
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'a>, A::Error> {
        let stacks = self.stacks;
        let base = stacks.members.len();
        while let Some(key) = map.next_key_seed(Key::<K, S, M>(stacks.arena, PhantomData))? {
            let v = map.next_value_seed(Build::<K, S, M>::new(stacks))?;
            stacks.members.try_reserve(1).map_err(|_| full(()))?;
            stacks.members.push((key, v));
        }
        let members = stacks
            .arena
            .try_alloc_slice_copy(&stacks.members[base..])
            .map_err(|_| full(()))?;
        stacks.members.truncate(base);
        Ok(Value::Object(Object::new(members)))
    }
}

/// An object's key, kept as the build's strings are.
struct Key<'a, K, S: MemorySource, M: Mode>(&'a Arena<S, M>, PhantomData<K>);

impl<'de, 'a, K: Strings<'de, 'a>, S: MemorySource, M: Mode> DeserializeSeed<'de>
    for Key<'a, K, S, M>
{
    type Value = &'a str;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'a str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'a, K: Strings<'de, 'a>, S: MemorySource, M: Mode> Visitor<'de> for Key<'a, K, S, M> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<&'a str, E> {
        copy_str(self.0, s).map_err(full)
    }

    #[inline]
    fn visit_borrowed_str<E: Error>(self, s: &'de str) -> Result<&'a str, E> {
        K::keep(self.0, s).map_err(full)
    }
}

/// Builds the value into `arena` from any serde format; strings are copied into the arena.
impl<'a, S: MemorySource + 'a, M: Mode> DeserializeIn<'a, S, M> for Value<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena<S, M>,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let mut stacks = Stacks::new(arena);
        Build::<Copied, S, M>::new(&mut stacks).deserialize(deserializer)
    }
}
