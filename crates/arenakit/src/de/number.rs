//! JSON numbers for the decoder ([`super::json`]): the grammar of RFC 8259, integers read
//! eight digits at a time, and floats correctly rounded (the exact fast path when the digits
//! and the power of ten are exact in an `f64`, else the Eisel-Lemire conversion ([`lemire`])
//! from the scanned digits, else, for more than 19 digits or the rare product it cannot round,
//! the standard library's parser), so every value is the one serde_json gives.

mod lemire;
mod pow5;

/// A number's grammar, scanned: where it ends and what its digits say.
pub(crate) struct Scanned {
    /// The index just past the number.
    pub(crate) end: usize,
    negative: bool,
    /// The digits (integer and fraction) as one integer, modulo 2^64.
    mantissa: u64,
    /// How many digits `mantissa` read (the value is exact when at most 19).
    digits: usize,
    /// The power of ten to scale `mantissa` by (the exponent less the fraction's digits).
    exponent: i64,
    /// No fraction and no exponent.
    integer: bool,
}

/// A number's value, as serde_json reads it.
pub(crate) enum Number {
    /// A non-negative integer that fits in a `u64`.
    Unsigned(u64),
    /// A negative integer that fits in an `i64`.
    Signed(i64),
    /// Anything else (`-0` too, as in serde_json).
    Float(f64),
}

/// `10^i` for the exponents whose powers an `f64` holds exactly.
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of `b` as a digit.
fn digit(b: Option<&u8>) -> Option<u8> {
    b.map(|b| b.wrapping_sub(b'0')).filter(|&d| d <= 9)
}

/// Eight ASCII digits (the bytes of `word`, first digit lowest) as a number, if they are all
/// digits (the SWAR conversion: pairs, then quads, then the eight).
fn eight_digits(word: u64) -> Option<u64> {
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    const HIGH_NIBBLES: u64 = u64::from_ne_bytes([0xf0; 8]);
    const SIXES: u64 = u64::from_ne_bytes([0x06; 8]);
    if word & HIGH_NIBBLES != ZEROS || (word.wrapping_add(SIXES) & HIGH_NIBBLES) != ZEROS {
        return None;
    }
    let v = word - ZEROS;
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let mask = 0x0000_00ff_0000_00ff;
    let mul1 = 100 + (1_000_000 << 32);
    let mul2 = 1 + (10_000 << 32);
    Some(((v & mask).wrapping_mul(mul1)).wrapping_add(((v >> 16) & mask).wrapping_mul(mul2)) >> 32)
}

/// At most `most` digits from `*pos` on, added to `mantissa` one by one; returns how many.
#[inline(always)]
fn one_by_one(input: &[u8], pos: &mut usize, mantissa: &mut u64, most: usize) -> usize {
    let from = *pos;
    while let Some(d) = digit(input.get(*pos)).filter(|_| *pos - from < most) {
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        *pos += 1;
    }
    *pos - from
}

/// Digits from `pos` on, added to `mantissa` (modulo 2^64); returns where they end. The first
/// four one by one (most numbers are short), then eight at a time.
#[inline]
fn digits(input: &[u8], mut pos: usize, mantissa: &mut u64) -> usize {
    if one_by_one(input, &mut pos, mantissa, 4) < 4 {
        return pos;
    }
    while let Some(word) = input.get(pos..pos + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        match eight_digits(word) {
            Some(eight) => {
                *mantissa = mantissa.wrapping_mul(100_000_000).wrapping_add(eight);
                pos += 8;
            }
            None => break,
        }
    }
    one_by_one(input, &mut pos, mantissa, usize::MAX);
    pos
}

/// Scans the number at `start` (a `-` or a digit). `Err` if it breaks the grammar.
#[inline]
pub(crate) fn scan(input: &[u8], start: usize) -> Result<Scanned, ()> {
    let negative = input.get(start) == Some(&b'-');
    let int_start = start + usize::from(negative);
    let mut mantissa = 0;
    let mut pos = digits(input, int_start, &mut mantissa);
    let int_len = pos - int_start;
    if int_len == 0 || (int_len > 1 && input[int_start] == b'0') {
        return Err(());
    }
    let mut scanned = Scanned {
        end: pos,
        negative,
        mantissa,
        digits: int_len,
        exponent: 0,
        integer: true,
    };
    if input.get(pos) == Some(&b'.') {
        let from = pos + 1;
        pos = digits(input, from, &mut scanned.mantissa);
        if pos == from {
            return Err(());
        }
        scanned.digits += pos - from;
        scanned.exponent = -((pos - from) as i64);
        scanned.integer = false;
    }
    if matches!(input.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        let negative_exponent = input.get(pos) == Some(&b'-');
        if matches!(input.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        let from = pos;
        let mut exponent: i64 = 0;
        while let Some(d) = digit(input.get(pos)) {
            // Saturates far beyond any exponent that matters (the slow path reads the text).
            exponent = (exponent * 10 + i64::from(d)).min(1 << 40);
            pos += 1;
        }
        if pos == from {
            return Err(());
        }
        scanned.exponent += if negative_exponent {
            -exponent
        } else {
            exponent
        };
        scanned.integer = false;
    }
    scanned.end = pos;
    Ok(scanned)
}

impl Scanned {
    /// The number's value (`text` is the number's bytes); `Err` with a message if it is a
    /// float beyond the range of `f64`.
    pub(crate) fn value(&self, text: &[u8]) -> Result<Number, &'static str> {
        if self.integer {
            if let Some(magnitude) = self.integer_magnitude(text) {
                if !self.negative {
                    return Ok(Number::Unsigned(magnitude));
                }
                // `-0` is the float `-0.0`, as in serde_json (an integer would lose the sign).
                if let Some(i) = 0i64.checked_sub_unsigned(magnitude).filter(|&i| i != 0) {
                    return Ok(Number::Signed(i));
                }
            }
        }
        if self.digits <= 19 && self.mantissa <= 1 << 53 && self.exponent.abs() <= 22 {
            // Both the digits and the power of ten are exact in an `f64`, so one operation
            // rounds correctly (Clinger's fast path, as in the standard library's parser).
            let power = POWERS[self.exponent.unsigned_abs() as usize];
            let magnitude = self.mantissa as f64;
            let value = if self.exponent < 0 {
                magnitude / power
            } else {
                magnitude * power
            };
            return Ok(Number::Float(if self.negative { -value } else { value }));
        }
        if let Some(value) = self.eisel_lemire() {
            if !value.is_finite() {
                return Err("number out of range");
            }
            return Ok(Number::Float(value));
        }
        // More than 19 digits, or a product too close to a halfway point to decide: the
        // standard library's exact parser. ASCII digits, signs, '.' and exponent markers
        // only: valid UTF-8.
        let value: f64 = core::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or("invalid number")?;
        if !value.is_finite() {
            return Err("number out of range");
        }
        Ok(Number::Float(value))
    }

    /// The value by the Eisel-Lemire conversion ([`lemire`]), correctly rounded, if the
    /// digits are exact (at most 19) and the conversion decides the rounding.
    #[inline]
    fn eisel_lemire(&self) -> Option<f64> {
        if self.digits > 19 {
            return None;
        }
        let magnitude = f64::from_bits(lemire::to_bits(self.mantissa, self.exponent)?);
        Some(if self.negative { -magnitude } else { magnitude })
    }

    /// The integer's magnitude, if it fits in a `u64`.
    fn integer_magnitude(&self, text: &[u8]) -> Option<u64> {
        match self.digits {
            ..=19 => Some(self.mantissa),
            20 => text[usize::from(self.negative)..]
                .iter()
                .try_fold(0u64, |v, &d| {
                    v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
                }),
            _ => None,
        }
    }
}

// Safe integer and float arithmetic only (no `unsafe` here): Miri has nothing to check, and
// the exhaustive and property tests take many minutes under it (CI's Miri step runs the
// library's unit tests).
#[cfg(all(test, not(miri)))]
mod tests {
    use super::*;
    use std::format;

    fn value(text: &str) -> Number {
        let scanned = scan(text.as_bytes(), 0).unwrap();
        assert_eq!(scanned.end, text.len(), "{text}");
        scanned.value(text.as_bytes()).unwrap()
    }

    /// Every length of digit run, integers at and around the limits of `u64` and `i64`, and
    /// floats on both paths: integers as serde_json reads them, floats correctly rounded (as
    /// the standard library's parser, and serde_json with its `float_roundtrip` feature; its
    /// default parser is off by one ulp on some inputs, such as `9007199254740993.0`).
    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let mut texts: std::vec::Vec<std::string::String> = [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-0.0",
            "9007199254740993",
            "9007199254740993.0",
            "1e22",
            "1e23",
            "123456789e-22",
            "0.1",
            "2.2250738585072014e-308",
            "4.9e-324",
            "1.7976931348623157e308",
            "1e-400",
            "12345678901234567890123",
            "0.000000000000000000000000001234",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
        for len in 1..=24 {
            let digits: std::string::String = (0..len).map(|i| char::from(b'1' + i % 9)).collect();
            texts.push(digits.clone());
            texts.push(format!("-{digits}"));
            texts.push(format!("{digits}.{digits}"));
            texts.push(format!("0.{digits}e-5"));
            texts.push(format!("{digits}e{len}"));
        }
        for text in &texts {
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            match value(text) {
                Number::Unsigned(u) => assert_eq!(theirs.as_u64(), Some(u), "{text}"),
                Number::Signed(i) => assert_eq!(theirs.as_i64(), Some(i), "{text}"),
                Number::Float(f) => {
                    assert!(theirs.is_f64(), "{text}");
                    let exact: f64 = text.parse().unwrap();
                    assert_eq!(f.to_bits(), exact.to_bits(), "{text}");
                }
            }
        }
    }

    #[test]
    fn out_of_range_and_bad_grammar() {
        assert!(scan(b"1e400", 0).unwrap().value(b"1e400").is_err());
        for bad in ["-", "01", "1.", "1e", "1e+", ".5", "-a"] {
            assert!(scan(bad.as_bytes(), 0).is_err(), "{bad}");
        }
    }
}
