//! JSON numbers for the decoder ([`super::json`]): the grammar of RFC 8259, digits read
//! up to eight at a time, and floats correctly rounded (the exact fast path when the digits
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

/// `10^n` for the `n` digits read at once.
const TENS: [u64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// How many of the bytes of `word` (first byte lowest) are ASCII digits before the first that
/// is not, and those digits as a number (SWAR: each byte's digit value, a per-byte test that
/// cannot carry between bytes, then pairs, quads and the eight by three multiplications).
#[inline(always)]
fn leading_digits(word: u64) -> (usize, u64) {
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; 8]);
    const TO_TEN: u64 = u64::from_ne_bytes([0x76; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // A digit byte becomes its value (0..=9); any other byte something above 9.
    let values = word ^ ZEROS;
    // Bit 7 of each byte set where the byte is above 9: either its bit 7 was set, or its low
    // seven bits plus 0x76 reach 0x80 (at most 0xf5: no carry into the next byte).
    let above_nine = ((values & LOW_SEVEN).wrapping_add(TO_TEN) | values) & HIGH;
    let n = (above_nine.trailing_zeros() / 8) as usize;
    // The n digits in the top bytes, zeros (leading zero digits) below them.
    let v = (u128::from(values) << (64 - 8 * n)) as u64;
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let mask = 0x0000_00ff_0000_00ff;
    let mul1 = 100 + (1_000_000 << 32);
    let mul2 = 1 + (10_000 << 32);
    let value =
        ((v & mask).wrapping_mul(mul1)).wrapping_add(((v >> 16) & mask).wrapping_mul(mul2)) >> 32;
    (n, value)
}

/// Digits from `*pos` on, added to `mantissa` one by one (near the end of the input).
fn one_by_one(input: &[u8], pos: &mut usize, mantissa: &mut u64) {
    while let Some(d) = digit(input.get(*pos)) {
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        *pos += 1;
    }
}

/// Digits from `pos` on, added to `mantissa` (modulo 2^64); returns where they end. Up to
/// eight at a time, from an eight-byte word, however many of its bytes are digits.
#[inline]
fn digits(input: &[u8], mut pos: usize, mantissa: &mut u64) -> usize {
    while let Some(word) = input.get(pos..pos + 8) {
        let (n, value) = leading_digits(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        *mantissa = mantissa.wrapping_mul(TENS[n]).wrapping_add(value);
        pos += n;
        if n < 8 {
            return pos;
        }
    }
    one_by_one(input, &mut pos, mantissa);
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

#[cfg(test)]
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

    proptest::proptest! {
        /// Any eight bytes, mostly digits: the leading digits' count and value as read one by
        /// one (every byte value, digits next to `/` and `:`, and the bytes whose low seven
        /// bits look like digits).
        #[test]
        fn leading_digits_as_one_by_one(
            bytes in proptest::array::uniform8(proptest::prop_oneof![
                4 => b'0'..=b'9',
                1 => proptest::prelude::any::<u8>(),
                1 => proptest::sample::select(std::vec![b'/', b':', 0xb0, 0xb9, 0x00, 0xff]),
            ]),
        ) {
            let n = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let value = bytes[..n].iter().fold(0, |v, &b| v * 10 + u64::from(b - b'0'));
            proptest::prop_assert_eq!(leading_digits(u64::from_le_bytes(bytes)), (n, value));
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
