//! Writing a [`Value`] back out: `Serialize` (any serde format) and `Display` (JSON text as
//! serde_json writes it, compact or with `{:#}` pretty).

use super::{Object, Value};
use core::fmt::{self, Write};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Serializes as serde_json's `Value` does; objects write their members in document order,
/// duplicates included.
impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(b),
            Value::Number(n) => n.serialize_with(s),
            Value::String(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(o) => o.serialize(s),
        }
    }
}

/// Serializes as a map, members in document order.
impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// JSON text, as serde_json's `Value` displays: compact with `{}`, indented by two spaces
/// with `{:#}`.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_in(&arena, r#"{"a": [1, 2.5, "x\n"]}"#).unwrap();
/// assert_eq!(format!("{v}"), r#"{"a":[1,2.5,"x\n"]}"#);
/// assert_eq!(format!("{v:#}"), "{\n  \"a\": [\n    1,\n    2.5,\n    \"x\\n\"\n  ]\n}");
/// ```
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        write_value(f, self, pretty.then_some(0))
    }
}

/// Writes `v`; `indent` is the current depth when pretty-printing.
fn write_value(f: &mut fmt::Formatter<'_>, v: &Value<'_>, indent: Option<usize>) -> fmt::Result {
    match *v {
        Value::Null => f.write_str("null"),
        Value::Bool(b) => f.write_str(if b { "true" } else { "false" }),
        Value::Number(n) => fmt::Display::fmt(&n, f),
        Value::String(s) => write_str(f, s),
        Value::Array(items) => write_container(f, indent, ['[', ']'], items, |f, item, inner| {
            write_value(f, item, inner)
        }),
        Value::Object(o) => {
            write_container(f, indent, ['{', '}'], o.as_slice(), |f, (k, v), inner| {
                write_str(f, k)?;
                f.write_str(if inner.is_some() { ": " } else { ":" })?;
                write_value(f, v, inner)
            })
        }
    }
}

/// Writes a bracketed, comma-separated list of `items`, one per line when pretty.
fn write_container<T>(
    f: &mut fmt::Formatter<'_>,
    indent: Option<usize>,
    [open, close]: [char; 2],
    items: &[T],
    mut each: impl FnMut(&mut fmt::Formatter<'_>, &T, Option<usize>) -> fmt::Result,
) -> fmt::Result {
    f.write_char(open)?;
    if items.is_empty() {
        return f.write_char(close);
    }
    let inner = indent.map(|i| i + 1);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_char(',')?;
        }
        newline(f, inner)?;
        each(f, item, inner)?;
    }
    newline(f, indent)?;
    f.write_char(close)
}

/// A line break and `depth` levels of two-space indentation, when pretty.
fn newline(f: &mut fmt::Formatter<'_>, depth: Option<usize>) -> fmt::Result {
    if let Some(depth) = depth {
        f.write_char('\n')?;
        for _ in 0..depth {
            f.write_str("  ")?;
        }
    }
    Ok(())
}

/// Writes `s` quoted, escaped as serde_json escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, and `\u00xx` (lowercase hex) for the other control characters.
fn write_str(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        f.write_str(&s[run..i])?;
        if escape.is_empty() {
            write!(f, "\\u{b:04x}")?;
        } else {
            f.write_str(escape)?;
        }
        run = i + 1;
    }
    f.write_str(&s[run..])?;
    f.write_char('"')
}
