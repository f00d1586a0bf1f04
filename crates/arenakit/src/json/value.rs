//! [`Value`] and [`Object`]: the JSON tree, its accessors and its lookups.

use super::Number;
use core::fmt;

/// A JSON value whose strings, arrays and objects live in an arena (or, from
/// [`from_slice_borrowed`](super::from_slice_borrowed), partly in the input).
///
/// `Value` is `Copy` (24 bytes) and owns nothing: it needs no drop, and its memory goes back
/// at the arena's reset. The API follows serde_json's `Value`: `as_*`/`is_*`, [`get`](Self::get)
/// by key or index, `v["key"][3]` indexing that gives [`Value::Null`] for anything missing,
/// and [`pointer`](Self::pointer).
///
/// # Examples
///
/// ```
/// use arenakit::json::Value;
///
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_in(&arena, r#"{"id": 7, "tags": ["a", "b"]}"#).unwrap();
/// assert_eq!(v["id"].as_u64(), Some(7));
/// assert_eq!(v["tags"][1], Value::String("b"));
/// assert!(v["missing"][0].is_null());
/// assert_eq!(v.to_string(), r#"{"id":7,"tags":["a","b"]}"#);
/// ```
#[derive(Clone, Copy, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, unescaped.
    String(&'a str),
    /// An array.
    Array(&'a [Value<'a>]),
    /// An object: its members in document order.
    Object(Object<'a>),
}

/// The `null` that indexing returns for a missing key or index.
static NULL: Value<'static> = Value::Null;

/// A JSON object: its members in document order, duplicates included, with lookup by key.
///
/// Lookup ([`get`](Self::get), `object["key"]`) gives the *last* member with the key, as
/// serde_json's `Value` keeps the last of duplicate keys; [`iter`](Self::iter) and
/// [`len`](Self::len) see every member as written. Lookup is a linear scan (from the end),
/// which for the small objects of typical documents beats hashing; for an object with many
/// members looked up often, build an index of your own (an arena `HashMap` of
/// [`iter`](Self::iter)).
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
/// let obj = v.as_object().unwrap();
/// assert_eq!(obj.len(), 3);
/// assert_eq!(obj["a"].as_u64(), Some(3));
/// assert_eq!(obj.keys().collect::<Vec<_>>(), ["a", "b", "a"]);
/// ```
#[derive(Clone, Copy, Default)]
pub struct Object<'a> {
    members: &'a [(&'a str, Value<'a>)],
}

impl<'a> Object<'a> {
    /// An object of these members (in this order; the last of duplicate keys wins lookups).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::json::{Object, Value};
    /// let members = [("ok", Value::Bool(true))];
    /// assert_eq!(Object::new(&members)["ok"], Value::Bool(true));
    /// ```
    pub const fn new(members: &'a [(&'a str, Value<'a>)]) -> Self {
        Object { members }
    }

    /// The value of the last member named `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": true}"#).unwrap();
    /// assert_eq!(v.as_object().unwrap().get("a").and_then(|a| a.as_bool()), Some(true));
    /// ```
    pub fn get(&self, key: &str) -> Option<&'a Value<'a>> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    /// Whether a member is named `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": null}"#).unwrap();
    /// assert!(v.as_object().unwrap().contains_key("a"));
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of members as written (duplicate keys counted each time).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1, "b": 2}"#).unwrap();
    /// assert_eq!(v.as_object().unwrap().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object has no members.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arenakit::json::from_str_in(&arena, "{}").unwrap().as_object().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1}"#).unwrap();
    /// assert_eq!(v.as_object().unwrap().as_slice()[0].0, "a");
    /// ```
    pub fn as_slice(&self) -> &'a [(&'a str, Value<'a>)] {
        self.members
    }

    /// The members as `(key, value)` pairs, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1, "b": 2}"#).unwrap();
    /// let sum: u64 = v.as_object().unwrap().iter().map(|(_, v)| v.as_u64().unwrap()).sum();
    /// assert_eq!(sum, 3);
    /// ```
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&'a str, &'a Value<'a>)> + 'a {
        self.members.iter().map(|(k, v)| (*k, v))
    }

    /// The keys, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1, "b": 2}"#).unwrap();
    /// assert!(v.as_object().unwrap().keys().eq(["a", "b"]));
    /// ```
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &'a str> + 'a {
        self.members.iter().map(|(k, _)| *k)
    }

    /// The values, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": 1, "b": 2}"#).unwrap();
    /// assert_eq!(v.as_object().unwrap().values().count(), 2);
    /// ```
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &'a Value<'a>> + 'a {
        self.members.iter().map(|(_, v)| v)
    }

    /// Whether the member at `i` is the one lookups find (no later member has its key).
    fn is_effective(&self, i: usize) -> bool {
        let key = self.members[i].0;
        !self.members[i + 1..].iter().any(|(k, _)| *k == key)
    }

    /// The members lookups find: each key once, its last value.
    fn effective(&self) -> impl Iterator<Item = (&'a str, &'a Value<'a>)> + '_ {
        (0..self.members.len())
            .filter(|&i| self.is_effective(i))
            .map(|i| (self.members[i].0, &self.members[i].1))
    }
}

impl<'a> IntoIterator for Object<'a> {
    type Item = &'a (&'a str, Value<'a>);
    type IntoIter = core::slice::Iter<'a, (&'a str, Value<'a>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}

/// Objects compare as serde_json's maps do: the same keys, each with the same (last) value,
/// whatever the order of the members.
impl PartialEq for Object<'_> {
    fn eq(&self, other: &Self) -> bool {
        let mine = self.effective().count();
        mine == other.effective().count() && self.effective().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As serde_json's `Value` debugs: `Null`, `Bool(true)`, `Number(1.5)`, `String("x")`,
/// `Array [..]`, `Object {..}`.
impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("Null"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Number(n) => fmt::Debug::fmt(n, f),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Array(items) => {
                f.write_str("Array ")?;
                fmt::Debug::fmt(items, f)
            }
            Value::Object(o) => {
                f.write_str("Object ")?;
                fmt::Debug::fmt(o, f)
            }
        }
    }
}

impl<'a> Value<'a> {
    /// The value at `index`: a key of an object (`&str`) or a position in an array
    /// (`usize`); `None` if it is missing or `self` is not of that kind.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a": [10, 20]}"#).unwrap();
    /// assert_eq!(v.get("a").and_then(|a| a.get(1)).and_then(|x| x.as_u64()), Some(20));
    /// assert!(v.get(0).is_none());
    /// ```
    pub fn get<I: Index>(&self, index: I) -> Option<&'a Value<'a>> {
        index.index_into(self)
    }

    /// The value a JSON pointer (RFC 6901, such as `/a/0/b`, with `~1` for `/` and `~0` for
    /// `~`) names; `""` names the whole value.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"a/b": [{"c": 1}]}"#).unwrap();
    /// assert_eq!(v.pointer("/a~1b/0/c").and_then(|c| c.as_u64()), Some(1));
    /// assert!(v.pointer("/a~1b/1").is_none());
    /// ```
    pub fn pointer(&self, pointer: &str) -> Option<&Value<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut tokens = pointer.strip_prefix('/')?.split('/');
        let first = step(self, tokens.next()?)?;
        tokens.try_fold(first, |v, token| step(v, token))
    }

    /// Whether it is `null`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::Null.is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// `Some(())` for `null`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::Null.as_null(), Some(()));
    /// ```
    pub fn as_null(&self) -> Option<()> {
        self.is_null().then_some(())
    }

    /// Whether it is `true` or `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::Bool(false).is_boolean());
    /// ```
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// The boolean, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::Bool(true).as_bool(), Some(true));
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Whether it is a number.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::from(1u64).is_number());
    /// ```
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// The number, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::from(1u64).as_number().unwrap().is_u64());
    /// ```
    pub fn as_number(&self) -> Option<Number> {
        match *self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether it is an integer that fits in a `u64`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::from(1u64).is_u64());
    /// ```
    pub fn is_u64(&self) -> bool {
        self.as_number().is_some_and(|n| n.is_u64())
    }

    /// Whether it is an integer that fits in an `i64`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::from(-1i64).is_i64());
    /// ```
    pub fn is_i64(&self) -> bool {
        self.as_number().is_some_and(|n| n.is_i64())
    }

    /// Whether it is a number held as an `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arenakit::json::from_str_in(&arena, "1.0").unwrap().is_f64());
    /// ```
    pub fn is_f64(&self) -> bool {
        self.as_number().is_some_and(|n| n.is_f64())
    }

    /// The number as a `u64`, if it is an integer that fits.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::from(1u64).as_u64(), Some(1));
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    /// The number as an `i64`, if it is an integer that fits.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::from(-1i64).as_i64(), Some(-1));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    /// The number as an `f64`, if it is a number.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::from(1u64).as_f64(), Some(1.0));
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number()?.as_f64()
    }

    /// Whether it is a string.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::String("x").is_string());
    /// ```
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// The string, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Value::String("x").as_str(), Some("x"));
    /// ```
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether it is an array.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Value::Array(&[]).is_array());
    /// ```
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// The elements, if it is an array.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, "[1, 2, 3]").unwrap();
    /// let sum: u64 = v.as_array().unwrap().iter().filter_map(|x| x.as_u64()).sum();
    /// assert_eq!(sum, 6);
    /// ```
    pub fn as_array(&self) -> Option<&'a [Value<'a>]> {
        match *self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Whether it is an object.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arenakit::json::from_str_in(&arena, "{}").unwrap().is_object());
    /// ```
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The object, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::json::from_str_in(&arena, r#"{"k": "v"}"#).unwrap();
    /// assert_eq!(v.as_object().unwrap()["k"].as_str(), Some("v"));
    /// ```
    pub fn as_object(&self) -> Option<Object<'a>> {
        match *self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

/// One step of a JSON pointer: `token` (escaped) as a key, or as an index into an array
/// (digits without a leading `+` or `0`, as serde_json reads them).
fn step<'v, 'a>(v: &'v Value<'a>, token: &str) -> Option<&'v Value<'a>> {
    match *v {
        Value::Object(o) => o
            .members
            .iter()
            .rev()
            .find(|(k, _)| token_is(token, k))
            .map(|(_, v)| v),
        Value::Array(a) => {
            if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
                return None;
            }
            a.get(token.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

/// Whether the pointer token `token` (with `~0` for `~` and `~1` for `/`) names `key`.
fn token_is(token: &str, key: &str) -> bool {
    if !token.contains('~') {
        return token == key;
    }
    let mut key = key.bytes();
    let mut token = token.bytes();
    while let Some(b) = token.next() {
        let b = match (b, b == b'~') {
            (_, false) => b,
            (_, true) => match token.next() {
                Some(b'0') => b'~',
                Some(b'1') => b'/',
                _ => return false,
            },
        };
        if key.next() != Some(b) {
            return false;
        }
    }
    key.next().is_none()
}

/// What [`Value::get`] and indexing take: a key (`str`, `String`) or an array position
/// (`usize`), as serde_json's `Index`. Sealed.
///
/// # Examples
///
/// ```
/// fn field<'a>(v: &arenakit::json::Value<'a>, i: impl arenakit::json::Index) -> bool {
///     v.get(i).is_some()
/// }
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_in(&arena, r#"{"a": [0]}"#).unwrap();
/// assert!(field(&v, "a") && !field(&v, 0));
/// ```
pub trait Index: private::Sealed {
    /// The value `self` names in `v`, if any.
    fn index_into<'a>(&self, v: &Value<'a>) -> Option<&'a Value<'a>>;
}

mod private {
    /// Keeps [`Index`](super::Index) implemented only here.
    pub trait Sealed {}
    impl Sealed for usize {}
    impl Sealed for str {}
    impl Sealed for alloc::string::String {}
    impl<T: Sealed + ?Sized> Sealed for &T {}
}

impl Index for usize {
    fn index_into<'a>(&self, v: &Value<'a>) -> Option<&'a Value<'a>> {
        v.as_array()?.get(*self)
    }
}

impl Index for str {
    fn index_into<'a>(&self, v: &Value<'a>) -> Option<&'a Value<'a>> {
        v.as_object()?.get(self)
    }
}

impl Index for alloc::string::String {
    fn index_into<'a>(&self, v: &Value<'a>) -> Option<&'a Value<'a>> {
        self.as_str().index_into(v)
    }
}

impl<T: Index + ?Sized> Index for &T {
    fn index_into<'a>(&self, v: &Value<'a>) -> Option<&'a Value<'a>> {
        (**self).index_into(v)
    }
}

/// `v["key"]`, `v[3]`: the value, or `null` if it is missing (never a panic), as in
/// serde_json.
impl<'a, I: Index> core::ops::Index<I> for Value<'a> {
    type Output = Value<'a>;

    fn index(&self, index: I) -> &Value<'a> {
        index.index_into(self).unwrap_or(&NULL)
    }
}

/// `object["key"]`: the last member's value, or `null`.
impl<'a> core::ops::Index<&str> for Object<'a> {
    type Output = Value<'a>;

    fn index(&self, key: &str) -> &Value<'a> {
        self.get(key).unwrap_or(&NULL)
    }
}

impl From<u64> for Value<'_> {
    fn from(u: u64) -> Self {
        Value::Number(u.into())
    }
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Number(i.into())
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::String(s)
    }
}

/// A non-finite `f64` gives `null`, as in serde_json.
impl From<f64> for Value<'_> {
    fn from(f: f64) -> Self {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// Equality with serde_json's value: the same kind and contents, numbers held as the same
/// type, objects compared as maps (see [`Object`]). Feature `serde_json`.
#[cfg(feature = "serde_json")]
impl PartialEq<serde_json::Value> for Value<'_> {
    fn eq(&self, other: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (self, other) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::Number(a), J::Number(b)) => a == b,
            (Value::String(a), J::String(b)) => a == b,
            (Value::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
            }
            (Value::Object(a), J::Object(b)) => {
                a.effective().count() == b.len()
                    && b.iter().all(|(k, y)| a.get(k).is_some_and(|x| x == y))
            }
            _ => false,
        }
    }
}

/// The same equality, the other way round. Feature `serde_json`.
#[cfg(feature = "serde_json")]
impl PartialEq<Value<'_>> for serde_json::Value {
    fn eq(&self, other: &Value<'_>) -> bool {
        other == self
    }
}
