//! [`Tally`]: counts and sums of every decoded field, the checksum of the JSON workloads, and
//! [`InBox`], an arena box for recursive derived types.

use arenakit::Arena;
use arenakit::de::DeserializeIn;
use serde::de::Deserializer;

/// FNV-1a over the words: one checksum from several counts.
pub(super) fn fold(words: &[u64]) -> u64 {
    words.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &word| {
        (hash ^ word).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Counts and sums of every decoded field, so a checksum covers all the data a decoder
/// produced, at a cost of a few operations per field (no hashing of the bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Strings decoded.
    pub strings: u64,
    /// Bytes of those strings (UTF-8, unescaped).
    pub string_bytes: u64,
    /// The first byte of every non-empty string, summed.
    pub first_bytes: u64,
    /// Every integer, summed (wrapping).
    pub ints: u64,
    /// Booleans that were `true`.
    pub trues: u64,
    /// Booleans that were `false`.
    pub falses: u64,
    /// Every float rounded to a millionth (see `impl Digest for f64`), summed (wrapping).
    pub floats: u64,
    /// Optional fields that were absent or `null`.
    pub nones: u64,
    /// Elements of all sequences.
    pub items: u64,
}

impl Tally {
    /// All fields folded into one checksum.
    pub fn checksum(&self) -> u64 {
        fold(&[
            self.strings,
            self.string_bytes,
            self.first_bytes,
            self.ints,
            self.trues,
            self.falses,
            self.floats,
            self.nones,
            self.items,
        ])
    }

    /// The tally of `value`.
    pub fn of<T: Digest + ?Sized>(value: &T) -> Tally {
        let mut tally = Tally::default();
        value.digest(&mut tally);
        tally
    }
}

/// Adds a decoded value to a [`Tally`].
pub trait Digest {
    /// Adds `self` (and everything it holds) to `tally`.
    fn digest(&self, tally: &mut Tally);
}

impl Digest for str {
    fn digest(&self, tally: &mut Tally) {
        tally.strings += 1;
        tally.string_bytes += self.len() as u64;
        tally.first_bytes += self.bytes().next().map_or(0, u64::from);
    }
}

impl Digest for String {
    fn digest(&self, tally: &mut Tally) {
        self.as_str().digest(tally);
    }
}

impl Digest for bool {
    fn digest(&self, tally: &mut Tally) {
        if *self {
            tally.trues += 1;
        } else {
            tally.falses += 1;
        }
    }
}

impl Digest for f64 {
    /// Adds the value rounded to a millionth (`canada.json`'s coordinates have 15 decimals),
    /// so decoders whose float parsing differs in the last bit (serde_json without its
    /// `float_roundtrip` feature rounds some 17-digit numbers one ulp off) still agree.
    fn digest(&self, tally: &mut Tally) {
        tally.floats = tally
            .floats
            .wrapping_add((self * 1e6).round() as i64 as u64);
    }
}

/// Integers add their value.
macro_rules! digest_ints {
    ($($t:ty),*) => {$(
        impl Digest for $t {
            fn digest(&self, tally: &mut Tally) {
                tally.ints = tally.ints.wrapping_add(*self as u64);
            }
        }
    )*};
}

digest_ints!(u32, u64, i32, i64);

impl<T: Digest + ?Sized> Digest for &T {
    fn digest(&self, tally: &mut Tally) {
        (**self).digest(tally);
    }
}

impl<T: Digest + ?Sized> Digest for Box<T> {
    fn digest(&self, tally: &mut Tally) {
        (**self).digest(tally);
    }
}

impl<T: Digest> Digest for Option<T> {
    fn digest(&self, tally: &mut Tally) {
        match self {
            Some(value) => value.digest(tally),
            None => tally.nones += 1,
        }
    }
}

impl<T: Digest> Digest for [T] {
    fn digest(&self, tally: &mut Tally) {
        tally.items += self.len() as u64;
        for item in self {
            item.digest(tally);
        }
    }
}

impl<T: Digest> Digest for Vec<T> {
    fn digest(&self, tally: &mut Tally) {
        self.as_slice().digest(tally);
    }
}

/// Maps add their entries (keys as strings) to [`Tally::items`] and each key and value;
/// every count is a sum, so the iteration order does not matter.
impl<K: Digest, V: Digest, H> Digest for std::collections::HashMap<K, V, H> {
    fn digest(&self, tally: &mut Tally) {
        tally.items += self.len() as u64;
        for (key, value) in self {
            key.digest(tally);
            value.digest(tally);
        }
    }
}

impl<K: Digest, V: Digest> Digest for arenakit::collections::HashMap<'_, K, V> {
    fn digest(&self, tally: &mut Tally) {
        tally.items += self.len() as u64;
        for (key, value) in self.iter() {
            key.digest(tally);
            value.digest(tally);
        }
    }
}

impl<A: Digest, B: Digest> Digest for (A, B) {
    fn digest(&self, tally: &mut Tally) {
        self.0.digest(tally);
        self.1.digest(tally);
    }
}

/// `impl Digest` for structs: every listed field, in turn.
macro_rules! digest_fields {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl Digest for $ty {
            fn digest(&self, tally: &mut Tally) {
                $(self.$field.digest(tally);)*
            }
        }
    )*};
}

/// A value decoded, then moved into the arena: the arena's `Box` for recursive types (a
/// tweet's `retweeted_status` is a tweet). arenakit's `DeserializeIn` has no impl for `&'a T`,
/// so this newtype adds one.
pub struct InBox<'a, T>(pub &'a T);

impl<'a, T: DeserializeIn<'a>> DeserializeIn<'a> for InBox<'a, T> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        arena: &'a Arena,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = T::deserialize_in(arena, deserializer)?;
        Ok(InBox(arena.alloc(value)))
    }
}

impl<T> std::ops::Deref for InBox<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0
    }
}

impl<T: Digest> Digest for InBox<'_, T> {
    fn digest(&self, tally: &mut Tally) {
        self.0.digest(tally);
    }
}
