//! A JSON document as a tree that lives in the arena: [`Value`] (feature `json`).
//!
//! [`from_slice_in`] decodes any JSON text into a [`Value`] whose strings, arrays and objects
//! are arena memory: the tree is `Copy`, has no destructor, and goes at the arena's reset.
//! Arrays and objects are exact-size slices (built on one scratch stack, not one growing
//! `Vec` each), so once the arena is warm, decoding makes no call to the global allocator.
//! [`from_slice_borrowed`] also keeps the strings without escapes in the input instead of
//! copying them, when the input outlives the arena borrow.
//!
//! `Value` is also a [`DeserializeIn`](crate::de::DeserializeIn) type: a field of a
//! `#[derive(DeserializeIn)]` struct can hold any JSON, with any serde format.
//!
//! The API follows serde_json's `Value`: `as_*`/`is_*`, [`Value::get`], indexing that gives
//! `null` for anything missing, [`Value::pointer`], `Serialize`, and `Display` (compact, or
//! pretty with `{:#}`) writing the text serde_json writes. With feature `serde_json`, a
//! `Value` compares equal to the `serde_json::Value` of the same document.
//!
//! Duplicate keys are all kept in document order; lookups find the last one, as serde_json's
//! `Value` (which keeps only the last).
//!
//! # Examples
//!
//! ```
//! use arenakit::json::Value;
//!
//! let mut arena = arenakit::Arena::new();
//! for _ in 0..3 {
//!     let v = arenakit::json::from_slice_in(&arena, br#"{"user": {"name": "ada", "ids": [1, 2]}}"#)
//!         .unwrap();
//!     assert_eq!(v["user"]["name"].as_str(), Some("ada"));
//!     assert_eq!(v.pointer("/user/ids/1"), Some(&Value::from(2u64)));
//!     arena.reset(); // the whole tree goes at once
//! }
//! ```

use crate::arena::{Arena, Mode};
use crate::de::JsonError;
use crate::source::MemorySource;

mod build;
mod number;
mod value;
mod write;

#[cfg(test)]
mod tests;

pub use number::Number;
pub use value::{Index, Object, Value};

/// Decodes the JSON text `json` into a [`Value`] in `arena`, copying its strings into the
/// arena (the input may be dropped or reused right after).
///
/// The same as `arenakit::de::from_slice_in::<Value>`.
///
/// # Errors
///
/// Malformed or truncated JSON, invalid UTF-8, nesting deeper than
/// [`MAX_DEPTH`](crate::de::MAX_DEPTH), or the arena failing to allocate.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_slice_in(&arena, br#"[1, "two", null]"#).unwrap();
/// assert_eq!(v[1].as_str(), Some("two"));
/// assert!(arenakit::json::from_slice_in(&arena, b"[1,").is_err());
/// ```
pub fn from_slice_in<'a, S, M>(arena: &'a Arena<S, M>, json: &[u8]) -> Result<Value<'a>, JsonError>
where
    S: MemorySource + 'a,
    M: Mode,
{
    crate::de::from_slice_in(arena, json)
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
/// let v = arenakit::json::from_str_in(&arena, r#"{"ok": true}"#).unwrap();
/// assert_eq!(v["ok"].as_bool(), Some(true));
/// ```
pub fn from_str_in<'a, S, M>(arena: &'a Arena<S, M>, json: &str) -> Result<Value<'a>, JsonError>
where
    S: MemorySource + 'a,
    M: Mode,
{
    from_slice_in(arena, json.as_bytes())
}

/// Like [`from_slice_in`], but strings without escapes stay in `json` (borrowed, not
/// copied), which the value then borrows too: faster, when the input outlives the value.
/// Strings with escapes are unescaped into the arena.
///
/// For an input that does not outlive the value, copying it into the arena first
/// (`from_slice_borrowed(&arena, arena.alloc_slice_copy(bytes))`) is still a little faster
/// than [`from_slice_in`]'s string-by-string copies (one `memcpy`, about 5% on
/// twitter.json), at the cost of keeping the whole input in the arena (there, 1.35 MB
/// instead of 0.98 MB).
///
/// # Errors
///
/// As for [`from_slice_in`].
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let json = br#"{"plain": "in the input", "escaped": "in\tthe arena"}"#;
/// let v = arenakit::json::from_slice_borrowed(&arena, json).unwrap();
/// assert!(json.as_ptr_range().contains(&v["plain"].as_str().unwrap().as_ptr()));
/// assert!(arena.contains(v["escaped"].as_str().unwrap().as_ptr()));
///
/// let copy = arena.alloc_slice_copy(br#"{"id": 1}"#);
/// assert_eq!(arenakit::json::from_slice_borrowed(&arena, copy).unwrap()["id"].as_u64(), Some(1));
/// ```
pub fn from_slice_borrowed<'a, S, M>(
    arena: &'a Arena<S, M>,
    json: &'a [u8],
) -> Result<Value<'a>, JsonError>
where
    S: MemorySource + 'a,
    M: Mode,
{
    let mut stacks = build::Stacks::new(arena);
    let seed = build::Build::<build::Borrowed, S, M>::new(&mut stacks);
    crate::de::from_slice_seed(arena, json, seed)
}

/// Like [`from_slice_borrowed`], for a `&str`.
///
/// # Errors
///
/// As for [`from_slice_in`].
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_borrowed(&arena, r#"["a"]"#).unwrap();
/// assert_eq!(v[0].as_str(), Some("a"));
/// ```
pub fn from_str_borrowed<'a, S, M>(
    arena: &'a Arena<S, M>,
    json: &'a str,
) -> Result<Value<'a>, JsonError>
where
    S: MemorySource + 'a,
    M: Mode,
{
    from_slice_borrowed(arena, json.as_bytes())
}
