//! A JSON deserializer that allocates nothing on the heap on success.
//!
//! serde_json unescapes strings that contain escapes into a scratch `Vec` on the heap, so
//! decoding a request with escaped strings always calls the global allocator. This
//! deserializer reads a `&[u8]` and unescapes into a scratch buffer that lives in the arena
//! (reused for every escaped string of one call), so once the arena is warm, decoding makes no
//! call to the global allocator at all. Only an error message formats into a heap `String`.
//!
//! It accepts exactly RFC 8259 JSON: no comments, no trailing commas, no lone surrogates, no
//! control characters in strings; nesting deeper than [`MAX_DEPTH`] is an error.

use super::{number, scan};
use crate::arena::{Arena, Mode};
use crate::collections::{ArenaVecExt, Vec};
use crate::source::MemorySource;
use alloc::boxed::Box;
use alloc::string::{String as HeapString, ToString};
use core::fmt;
use serde::de::{self, DeserializeSeed, Visitor};

/// Deepest nesting of arrays and objects accepted: 127 levels, as serde_json (whose default
/// recursion limit of 128 admits 127 nested arrays or objects).
///
/// The limit also holds inside values that are skipped (an unknown field, `IgnoredAny`),
/// where serde_json skips any depth: a document nesting an ignored value deeper is an error
/// here and accepted by serde_json.
///
/// ```
/// use arenakit::{Arena, de::MAX_DEPTH};
/// let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
/// let arena = Arena::new();
/// assert!(arenakit::de::from_str_in::<serde::de::IgnoredAny, _, _>(&arena, &deep).is_err());
/// ```
pub const MAX_DEPTH: usize = 127;

/// Why decoding failed, with the byte offset where it was noticed.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let err = arenakit::de::from_str_in::<&[u32], _, _>(&arena, "[1, x]").unwrap_err();
/// assert_eq!(err.offset(), 4);
/// assert!(err.to_string().contains("expected a value"));
/// ```
#[derive(Debug)]
pub struct Error(Box<Located>);

/// An error's message and offset, boxed so that a `Result` of the decoder is small (most fit
/// in two registers), which every visitor call passes back.
#[derive(Debug)]
struct Located {
    message: Message,
    offset: usize,
}

#[derive(Debug)]
enum Message {
    Static(&'static str),
    Custom(HeapString),
}

impl Error {
    #[cold]
    #[inline(never)]
    fn at(message: &'static str, offset: usize) -> Self {
        Error(Box::new(Located {
            message: Message::Static(message),
            offset,
        }))
    }

    /// Byte offset in the input where the error was noticed (0 for errors raised by a
    /// visitor, such as a wrong type or a missing field).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let err = arenakit::de::from_str_in::<bool, _, _>(&arena, "  tru").unwrap_err();
    /// assert_eq!(err.offset(), 2);
    /// ```
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The error, placed at `offset` if it did not know where it happened (an error raised by
    /// a visitor, such as a wrong type or a failed arena allocation).
    pub(crate) fn locate(mut self, offset: usize) -> Self {
        if self.0.offset == usize::MAX {
            self.0.offset = offset;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match &self.0.message {
            Message::Static(m) => m,
            Message::Custom(m) => m.as_str(),
        };
        write!(f, "{message} at byte {}", self.0.offset)
    }
}

impl core::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(Box::new(Located {
            message: Message::Custom(msg.to_string()),
            // Not known here: `locate` fills in where the decoder stopped.
            offset: usize::MAX,
        }))
    }
}

/// The JSON deserializer over `input`, unescaping into `arena`.
pub(crate) struct Deserializer<'j, 'a, S: MemorySource, M: Mode> {
    input: &'j [u8],
    pos: usize,
    depth: usize,
    /// Unescaped bytes of the current string; reused for every escaped string.
    scratch: Vec<'a, u8, S, M>,
}

impl<'j, 'a, S: MemorySource, M: Mode> Deserializer<'j, 'a, S, M> {
    pub(crate) fn new(arena: &'a Arena<S, M>, input: &'j [u8]) -> Self {
        Deserializer {
            input,
            pos: 0,
            depth: 0,
            scratch: Vec::new_in(arena),
        }
    }

    /// Bytes of the input consumed so far.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    #[cold]
    #[inline(never)]
    fn error(&self, message: &'static str) -> Error {
        Error::at(message, self.pos)
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Moves the cursor past whitespace; returns the byte under it, if any.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        self.pos = scan::space_end(self.input, self.pos);
        self.peek()
    }

    /// The next non-space byte, which must exist.
    #[inline(always)]
    fn next_token(&mut self) -> Result<u8, Error> {
        self.skip_ws()
            .ok_or_else(|| self.error("unexpected end of input"))
    }

    #[inline(always)]
    fn expect(&mut self, byte: u8, message: &'static str) -> Result<(), Error> {
        if self.next_token()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    /// Checks the input is fully consumed (trailing whitespace allowed).
    pub(crate) fn end(&mut self) -> Result<(), Error> {
        match self.skip_ws() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), Error> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.pos += 1;
        Ok(())
    }

    /// Scans a number's grammar (RFC 8259), leaving the cursor past it.
    #[inline]
    fn scan_number(&mut self) -> Result<number::Scanned, Error> {
        let start = self.pos;
        let scanned =
            number::scan(self.input, start).map_err(|()| Error::at("invalid number", start))?;
        self.pos = scanned.end;
        Ok(scanned)
    }

    /// Parses a number and hands it to `visitor` as `u64`, `i64` or `f64`.
    #[inline]
    fn number<'de, V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let start = self.pos;
        if let Some((value, end)) = plain_integer(self.input, start) {
            self.pos = end;
            return visitor.visit_u64(value);
        }
        let scanned = self.scan_number()?;
        match scanned.value(&self.input[start..scanned.end]) {
            Ok(number::Number::Unsigned(u)) => visitor.visit_u64(u),
            Ok(number::Number::Signed(i)) => visitor.visit_i64(i),
            Ok(number::Number::Float(f)) => visitor.visit_f64(f),
            Err(message) => Err(Error::at(message, start)),
        }
    }

    /// Parses a string (the cursor is on its opening quote). Returns it borrowed from the
    /// input when it has no escapes, else unescaped into the scratch buffer. A short ASCII
    /// string takes one vector comparison, inlined; the others go to
    /// [`long_string`](Self::long_string).
    #[inline(always)]
    fn string(&mut self) -> Result<Parsed<'j, '_>, Error> {
        self.pos += 1;
        if let Some(text) = scan::short_ascii(self.input, self.pos) {
            self.pos += text.len() + 1;
            return Ok(Parsed::Input(text));
        }
        self.long_string()
    }

    /// The rest of [`string`](Self::string) (the cursor is past the opening quote) for a
    /// string that is long, not ASCII, escaped or near the end of the input.
    #[inline(never)]
    fn long_string(&mut self) -> Result<Parsed<'j, '_>, Error> {
        let start = self.pos;
        let run = scan::string_run(self.input, start);
        self.pos = run.end;
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return match run.ascii {
                Some(s) => Ok(Parsed::Input(s)),
                None => self.non_ascii(start, run.end).map(Parsed::Input),
            };
        }
        self.escaped(start).map(Parsed::Scratch)
    }

    /// The text of a string with bytes of 0x80 and above, checked for UTF-8.
    #[inline(never)]
    fn non_ascii(&self, start: usize, end: usize) -> Result<&'j str, Error> {
        scan::utf8(&self.input[start..end])
            .map_err(|valid| Error::at("invalid UTF-8", start + valid))
    }

    /// The rest of [`string`](Self::string) when its plain run ends in something other than a
    /// quote: an escape (unescaped into the scratch buffer, with the runs between escapes), a
    /// control byte or the end of the input.
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Result<&str, Error> {
        match self.peek() {
            Some(b'\\') => {}
            Some(_) => return Err(self.error("control character in string")),
            None => return Err(self.error("unterminated string")),
        }
        self.scratch.clear();
        // The first escaped string of a call finds the scratch empty: room for most strings
        // at once, rather than doubling it from a few bytes (the arena cannot always grow a
        // block in place). Best effort: `extend_from_slice` grows it as needed.
        let _ = self.scratch.try_reserve(128);
        let mut run = start;
        loop {
            self.scratch
                .try_extend_from_slice_copy(&self.input[run..self.pos])
                .map_err(|_| Error::at(super::ARENA_FULL, run))?;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return scan::utf8(&self.scratch)
                        .map_err(|_| Error::at("invalid UTF-8", start));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape()?;
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
            run = self.pos;
            self.pos = scan::string_end(self.input, run);
        }
    }

    /// One escape sequence (the cursor is past the backslash), appended to the scratch.
    fn escape(&mut self) -> Result<(), Error> {
        let byte = self
            .peek()
            .ok_or_else(|| self.error("unterminated string"))?;
        self.pos += 1;
        let unescaped = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let c = self.unicode_escape()?;
                return self
                    .scratch
                    .try_extend_from_slice_copy(c.encode_utf8(&mut [0; 4]).as_bytes())
                    .map_err(|_| self.error(super::ARENA_FULL));
            }
            // At the byte after the backslash, as the skipping path has it.
            _ => return Err(Error::at("invalid escape", self.pos - 1)),
        };
        // Reserved first, so `push` never has to grow the buffer (and panic if it cannot).
        self.scratch
            .try_reserve(1)
            .map_err(|_| self.error(super::ARENA_FULL))?;
        self.scratch.push(unescaped);
        Ok(())
    }

    /// `XXXX` after `\u`, with a following `\uXXXX` low surrogate when it is a high one.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.input[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("lone surrogate"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid escape"))?;
        let mut value = 0;
        for &d in digits {
            let nibble = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid escape"))?;
            value = value * 16 + nibble;
        }
        self.pos += 4;
        Ok(value)
    }
}

/// The `deserialize_*` methods of numbers: a number is parsed as `u64`, `i64` or `f64` and
/// handed to the visitor (which converts or rejects it), anything else goes to
/// `deserialize_any`.
macro_rules! deserialize_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.next_token()? {
                b'-' | b'0'..=b'9' => self.number(visitor),
                _ => self.any_else(visitor),
            }
        }
    )*};
}

impl<'de, S: MemorySource, M: Mode> Deserializer<'de, '_, S, M> {
    /// A string (the cursor is on its opening quote), to `visitor`.
    #[inline(always)]
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.string()? {
            Parsed::Input(s) => visitor.visit_borrowed_str(s),
            Parsed::Scratch(s) => visitor.visit_str(s),
        }
    }

    /// An array (the cursor is on its `[`) or an `object` (on its `{`), to `visitor`.
    #[inline]
    fn visit_container<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        object: bool,
    ) -> Result<V::Value, Error> {
        self.enter()?;
        let items = Seq {
            de: &mut *self,
            first: true,
        };
        let value = if object {
            visitor.visit_map(items)?
        } else {
            visitor.visit_seq(items)?
        };
        if object {
            self.expect(b'}', "expected `,` or `}`")?;
        } else {
            self.expect(b']', "expected `,` or `]`")?;
        }
        self.depth -= 1;
        Ok(value)
    }

    /// A value of another type than the one asked for: `deserialize_any` hands it to the
    /// visitor, which rejects it (or takes it: a struct from an array), out of the hot path.
    #[inline(never)]
    fn any_else<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// The value and end of the number at `start` when it is a plain non-negative integer of
/// at most 19 digits (no sign, fraction or exponent, so it fits in a `u64`): most numbers,
/// read in one pass. `None` for anything else, valid or not, which
/// [`Deserializer::number`] reads in full (to the same `u64` when it is an integer that
/// fits).
#[inline(always)]
fn plain_integer(input: &[u8], start: usize) -> Option<(u64, usize)> {
    let mut pos = start;
    let mut value: u64 = 0;
    while let Some(digit) = input.get(pos).map(|b| b.wrapping_sub(b'0')) {
        if digit > 9 || pos - start == 19 {
            break;
        }
        // At most 19 digits: below 10^19, under `u64::MAX`.
        value = value * 10 + u64::from(digit);
        pos += 1;
    }
    let len = pos - start;
    let leading_zero = len > 1 && input[start] == b'0';
    let more = matches!(input.get(pos), Some(b'0'..=b'9' | b'.' | b'e' | b'E'));
    (len > 0 && !leading_zero && !more).then_some((value, pos))
}

/// A parsed string: borrowed from the input, or unescaped into the scratch buffer.
enum Parsed<'j, 's> {
    Input(&'j str),
    Scratch(&'s str),
}

impl<'de, S: MemorySource, M: Mode> de::Deserializer<'de> for &mut Deserializer<'de, '_, S, M> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next_token()? {
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'"' => self.visit_string(visitor),
            b'[' => self.visit_container(visitor, false),
            b'{' => self.visit_container(visitor, true),
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(self.error("expected a value")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next_token()? {
            b't' if self.input[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                visitor.visit_bool(true)
            }
            b'f' if self.input[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                visitor.visit_bool(false)
            }
            _ => self.any_else(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next_token()? {
            b'"' => self.visit_string(visitor),
            _ => self.any_else(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next_token()? {
            b'[' => self.visit_container(visitor, false),
            _ => self.any_else(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next_token()? {
            b'{' => self.visit_container(visitor, true),
            _ => self.any_else(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    deserialize_numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.next_token()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.next_token()? {
            b'"' => visitor.visit_enum(UnitVariant { de: self }),
            b'{' => {
                self.enter()?;
                let value = visitor.visit_enum(TaggedVariant { de: &mut *self })?;
                self.expect(b'}', "expected `}` after an enum variant")?;
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(self.error("expected an enum variant")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct newtype_struct tuple_struct
    }
}

/// Elements of an array or entries of an object.
struct Seq<'d, 'j, 'a, S: MemorySource, M: Mode> {
    de: &'d mut Deserializer<'j, 'a, S, M>,
    first: bool,
}

impl<'d, 'j, 'a, S: MemorySource, M: Mode> Seq<'d, 'j, 'a, S, M> {
    /// Whether another item follows (consuming the `,` before it), given the closing byte.
    #[inline]
    fn has_next(&mut self, close: u8) -> Result<bool, Error> {
        let token = self.de.next_token()?;
        if token == close {
            return Ok(false);
        }
        if self.first {
            self.first = false;
        } else if token == b',' {
            self.de.pos += 1;
        } else {
            return Err(self.de.error("expected `,`"));
        }
        Ok(true)
    }
}

impl<'de, S: MemorySource, M: Mode> de::SeqAccess<'de> for Seq<'_, 'de, '_, S, M> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.has_next(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de, S: MemorySource, M: Mode> de::MapAccess<'de> for Seq<'_, 'de, '_, S, M> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if !self.has_next(b'}')? {
            return Ok(None);
        }
        if self.de.next_token()? != b'"' {
            return Err(self.de.error("expected a string key"));
        }
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.de.expect(b':', "expected `:`")?;
        seed.deserialize(&mut *self.de)
    }
}

/// An enum written as a string: a unit variant.
struct UnitVariant<'d, 'j, 'a, S: MemorySource, M: Mode> {
    de: &'d mut Deserializer<'j, 'a, S, M>,
}

impl<'de, S: MemorySource, M: Mode> de::EnumAccess<'de> for UnitVariant<'_, 'de, '_, S, M> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(&mut *self.de)?;
        Ok((variant, self))
    }
}

impl<'de, S: MemorySource, M: Mode> de::VariantAccess<'de> for UnitVariant<'_, 'de, '_, S, M> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Error> {
        Err(self.de.error("expected an object for a variant with data"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(self.de.error("expected an object for a variant with data"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Error> {
        Err(self.de.error("expected an object for a variant with data"))
    }
}

/// An enum written as `{"Variant": content}`.
struct TaggedVariant<'d, 'j, 'a, S: MemorySource, M: Mode> {
    de: &'d mut Deserializer<'j, 'a, S, M>,
}

impl<'de, S: MemorySource, M: Mode> de::EnumAccess<'de> for TaggedVariant<'_, 'de, '_, S, M> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        if self.de.next_token()? != b'"' {
            return Err(self.de.error("expected a variant name"));
        }
        let variant = seed.deserialize(&mut *self.de)?;
        self.de.expect(b':', "expected `:`")?;
        Ok((variant, self))
    }
}

impl<'de, S: MemorySource, M: Mode> de::VariantAccess<'de> for TaggedVariant<'_, 'de, '_, S, M> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}

mod skip;
#[cfg(test)]
mod tests;
