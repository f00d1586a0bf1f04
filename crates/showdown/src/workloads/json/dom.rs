//! DOM decoders: the whole file into each library's own value type, with one [`Tally`] of a
//! document that every DOM must reproduce.
//!
//! The tally of a document: every string (object keys included) into [`Tally::strings`] and
//! its byte counts, every integer into [`Tally::ints`] (as `u64`, wrapping), every other
//! number into [`Tally::floats`] (rounded, as [`Digest`] for `f64`), `true`, `false` and
//! `null` counted, and the length of every array and object into [`Tally::items`].
//!
//! arenakit's DOM is `arenakit::json::Value<'a>`, decoded with
//! `arenakit::json::from_slice_in(&arena, bytes)` into a warm arena that is reset after each
//! parse (dropping the value is free).

use super::corpus::{Decoder, Shape};
use super::{Digest, Tally};
use simd_json::BorrowedValue;
use simd_json::prelude::{TypedScalarValue, ValueAsScalar};
use sonic_rs::{JsonContainerTrait, JsonValueTrait};

/// Name of the serde_json DOM peer.
pub const SERDE_VALUE: &str = "serde_json Value";
/// Name of the simd-json DOM peer.
pub const SIMD_VALUE: &str = "simd-json BorrowedValue";
/// Name of the sonic-rs DOM peer.
pub const SONIC_VALUE: &str = "sonic-rs Value";
/// Name of arenakit's DOM row.
pub const ARENAKIT_VALUE: &str = "arenakit Value";

/// The checksum of a document, from a walker that adds it to a [`Tally`].
pub fn dom_checksum(walk: impl FnOnce(&mut Tally)) -> u64 {
    let mut tally = Tally::default();
    walk(&mut tally);
    tally.checksum()
}

/// A walker adding a value of a DOM shaped like serde_json's (`Null`, `Bool`, `Number` with
/// `as_u64`/`as_i64`/`as_f64`, `String`, `Array`, `Object` iterating `(key, value)`) to a
/// [`Tally`]: one body for serde_json's `Value` and arenakit's.
macro_rules! serde_shaped_walker {
    ($(#[$doc:meta])* $name:ident, $value:ty, $Value:ident) => {
        $(#[$doc])*
        pub fn $name(value: &$value, tally: &mut Tally) {
            match value {
                $Value::Null => tally.nones += 1,
                $Value::Bool(b) => b.digest(tally),
                $Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => u.digest(tally),
                    (None, Some(i)) => i.digest(tally),
                    (None, None) => n.as_f64().unwrap_or(f64::NAN).digest(tally),
                },
                $Value::String(s) => s.digest(tally),
                $Value::Array(items) => {
                    tally.items += items.len() as u64;
                    items.iter().for_each(|v| $name(v, tally));
                }
                $Value::Object(map) => {
                    tally.items += map.len() as u64;
                    for (key, v) in map.iter() {
                        key.digest(tally);
                        $name(v, tally);
                    }
                }
            }
        }
    };
}

use arenakit::json::Value as ArenaValue;
use serde_json::Value as SerdeValue;

serde_shaped_walker!(
    /// Adds a `serde_json::Value` to `tally`.
    tally_serde,
    serde_json::Value,
    SerdeValue
);
serde_shaped_walker!(
    /// Adds an `arenakit::json::Value` to `tally`.
    tally_arenakit,
    arenakit::json::Value<'_>,
    ArenaValue
);

/// Adds a simd-json `BorrowedValue` to `tally`.
pub fn tally_simd(value: &BorrowedValue<'_>, tally: &mut Tally) {
    match value {
        BorrowedValue::Static(node) => {
            if node.is_null() {
                tally.nones += 1;
            } else if let Some(b) = node.as_bool() {
                b.digest(tally);
            } else if let Some(u) = node.as_u64() {
                u.digest(tally);
            } else if let Some(i) = node.as_i64() {
                i.digest(tally);
            } else if let Some(f) = node.as_f64() {
                f.digest(tally);
            }
        }
        BorrowedValue::String(s) => s.digest(tally),
        BorrowedValue::Array(items) => {
            tally.items += items.len() as u64;
            items.iter().for_each(|v| tally_simd(v, tally));
        }
        BorrowedValue::Object(map) => {
            tally.items += map.len() as u64;
            for (key, v) in map.iter() {
                key.digest(tally);
                tally_simd(v, tally);
            }
        }
    }
}

/// Adds a sonic-rs `Value` to `tally`.
pub fn tally_sonic(value: &sonic_rs::Value, tally: &mut Tally) {
    if value.is_null() {
        tally.nones += 1;
    } else if let Some(b) = value.as_bool() {
        b.digest(tally);
    } else if let Some(u) = value.as_u64() {
        u.digest(tally);
    } else if let Some(i) = value.as_i64() {
        i.digest(tally);
    } else if let Some(f) = value.as_f64() {
        f.digest(tally);
    } else if let Some(s) = value.as_str() {
        s.digest(tally);
    } else if let Some(items) = value.as_array() {
        tally.items += items.len() as u64;
        items.iter().for_each(|v| tally_sonic(v, tally));
    } else if let Some(map) = value.as_object() {
        tally.items += map.len() as u64;
        for (key, v) in map.iter() {
            key.digest(tally);
            tally_sonic(v, tally);
        }
    }
}

/// The serde_json DOM: the reference of [`Shape::Dom`].
pub fn serde_value(json: &[u8]) -> u64 {
    let value: serde_json::Value = serde_json::from_slice(json).expect("the file decodes");
    dom_checksum(|t| tally_serde(&value, t))
}

/// The DOM decoders, in table order.
pub fn decoders() -> Vec<Decoder> {
    vec![
        Decoder::new(
            ARENAKIT_VALUE,
            "arenakit::json::from_slice_in into arenakit::json::Value, reset",
            Shape::Dom,
            || {
                let mut arena = arenakit::Arena::new();
                Box::new(move |json| {
                    let value =
                        arenakit::json::from_slice_in(&arena, json).expect("the file decodes");
                    let sum = dom_checksum(|t| tally_arenakit(&value, t));
                    arena.reset();
                    sum
                })
            },
        ),
        Decoder::new(
            SERDE_VALUE,
            "serde_json::from_slice into serde_json::Value, drop",
            Shape::Dom,
            || Box::new(serde_value),
        ),
        Decoder::new(
            SIMD_VALUE,
            "simd_json::to_borrowed_value_with_buffers on a copy of the input (a reused Vec; \
             simd-json parses in place), Buffers reused, drop",
            Shape::Dom,
            || {
                let mut input = Vec::new();
                let mut buffers = simd_json::Buffers::default();
                Box::new(move |json| {
                    input.clear();
                    input.extend_from_slice(json);
                    let value = simd_json::to_borrowed_value_with_buffers(&mut input, &mut buffers)
                        .expect("the file decodes");
                    dom_checksum(|t| tally_simd(&value, t))
                })
            },
        ),
        Decoder::new(
            SONIC_VALUE,
            "sonic_rs::from_slice into sonic_rs::Value, drop",
            Shape::Dom,
            || {
                Box::new(|json| {
                    let value: sonic_rs::Value =
                        sonic_rs::from_slice(json).expect("the file decodes");
                    dom_checksum(|t| tally_sonic(&value, t))
                })
            },
        ),
    ]
}
