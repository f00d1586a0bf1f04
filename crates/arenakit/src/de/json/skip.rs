//! Skipping a value nobody reads (serde's `IgnoredAny`: a field the target type does not
//! have), without recursion and without serde's plumbing: one loop over the value's tokens
//! that keeps the kind of each open container in the bits of a `u128` (nesting is at most
//! [`MAX_DEPTH`](super::MAX_DEPTH), 127 levels). It checks the same grammar as a decoded
//! value, except that, as in serde_json, the strings of a skipped value are not checked for
//! UTF-8 and a `\u` escape only for its four hex digits, and a number only for its grammar
//! (nothing is decoded from them); errors carry the same messages and offsets as the
//! decoding path's.

use super::{Deserializer, Error};
use crate::arena::Mode;
use crate::source::MemorySource;

/// The index past the ASCII digits from `pos` on.
#[inline(always)]
fn digits_end(input: &[u8], mut pos: usize) -> usize {
    while input.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    pos
}

impl<S: MemorySource, M: Mode> Deserializer<'_, '_, S, M> {
    /// Parses and discards one value (see the [module](self)).
    pub(super) fn skip_value(&mut self) -> Result<(), Error> {
        let base = self.depth;
        // The open containers' kinds, a stack of bits (set for an object), the innermost
        // lowest: at most `MAX_DEPTH` of them, which `enter` checks before each push.
        let mut objects: u128 = 0;
        let mut byte = self.next_token()?;
        loop {
            // A value starts under the cursor, with `byte`.
            match byte {
                b'[' | b'{' => {
                    self.enter()?;
                    let object = byte == b'{';
                    let next = self.next_token()?;
                    if next != if object { b'}' } else { b']' } {
                        objects = (objects << 1) | u128::from(object);
                        byte = if object { self.skip_key()? } else { next };
                        continue;
                    }
                    self.pos += 1;
                    self.depth -= 1;
                }
                b'"' => self.skip_string()?,
                b'-' | b'0'..=b'9' => self.skip_number()?,
                b'n' => self.literal(b"null")?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                _ => return Err(self.error("expected a value")),
            }
            // Past a value: close the containers it ends, or move on to the next item.
            loop {
                if self.depth == base {
                    return Ok(());
                }
                let object = objects & 1 != 0;
                let token = self.next_token()?;
                if token == b',' {
                    self.pos += 1;
                    byte = if object {
                        self.skip_key()?
                    } else {
                        self.next_token()?
                    };
                    break;
                }
                if token != if object { b'}' } else { b']' } {
                    return Err(self.error("expected `,`"));
                }
                self.pos += 1;
                self.depth -= 1;
                objects >>= 1;
            }
        }
    }

    /// Skips an object's key and its `:`; returns the first byte of the value that follows
    /// (the cursor is on it).
    #[inline(always)]
    fn skip_key(&mut self) -> Result<u8, Error> {
        if self.next_token()? != b'"' {
            return Err(self.error("expected a string key"));
        }
        self.skip_string()?;
        self.expect(b':', "expected `:`")?;
        self.next_token()
    }

    /// Skips a string (the cursor is on its opening quote); see the [module](self).
    #[inline(always)]
    fn skip_string(&mut self) -> Result<(), Error> {
        self.pos += 1;
        loop {
            self.pos = super::scan::string_end(self.input, self.pos);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        Some(_) => return Err(self.error("invalid escape")),
                        None => return Err(self.error("unterminated string")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Skips a number (the cursor is on its first byte), checking only its grammar
    /// (RFC 8259): an error at its first byte, as the decoding path's, if it breaks it.
    #[inline]
    fn skip_number(&mut self) -> Result<(), Error> {
        let input = self.input;
        let start = self.pos;
        let int_start = start + usize::from(input[start] == b'-');
        let mut pos = digits_end(input, int_start);
        let mut valid = pos > int_start && (pos == int_start + 1 || input[int_start] != b'0');
        if input.get(pos) == Some(&b'.') {
            let from = pos + 1;
            pos = digits_end(input, from);
            valid &= pos > from;
        }
        if matches!(input.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            if matches!(input.get(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            let from = pos;
            pos = digits_end(input, from);
            valid &= pos > from;
        }
        if !valid {
            return Err(Error::at("invalid number", start));
        }
        self.pos = pos;
        Ok(())
    }
}
