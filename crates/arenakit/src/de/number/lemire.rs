//! The Eisel-Lemire conversion: a correctly rounded `f64` from a decimal significand of at most
//! 19 digits and a power of ten, with one or two 64x64-bit multiplications by a 128-bit
//! significand of the power of five ([`super::pow5`]), as in Lemire's "Number Parsing at a
//! Gigabyte per Second" (2021) and the standard library's parser. When the truncated product
//! cannot decide the rounding (rare), it says so, and the caller falls back to an exact parser.

use super::pow5::{LARGEST, POWERS, SMALLEST};

/// Explicit significand bits of an `f64`.
const SIGNIFICAND_BITS: i32 = 52;
/// The biased exponent of infinity.
const INFINITE_EXPONENT: i32 = 0x7ff;
/// The exponent bias of an `f64`, negated.
const MINIMUM_EXPONENT: i32 = -1023;
/// Powers of ten between which a halfway case can arise (outside them `w * 10^q` is never
/// exactly halfway between two doubles, for `w < 2^64`).
const ROUND_TO_EVEN: core::ops::RangeInclusive<i64> = -4..=23;

/// `floor(q * log2(10)) + 63`: the binary exponent of the 128-bit product's top bit, less the
/// mantissa's normalization (exact for `|q| <= 1,700` or so; used for `SMALLEST..=LARGEST`).
fn binary_exponent(q: i64) -> i32 {
    (((152_170 + 65_536) * q) >> 16) as i32 + 63
}

/// The top 128 bits of `w * 5^q` (`w` normalized: top bit set), approximately: the second
/// multiplication (by the low half of the power) only when the first leaves the bits that
/// decide the rounding all ones.
fn product(q: i64, w: u64) -> (u64, u64) {
    // Bits below the 52 + 3 that the rounding looks at: significand, hidden bit, the bit that
    // decides rounding and one for a leading zero in the product.
    const MASK: u64 = u64::MAX >> (SIGNIFICAND_BITS + 3);
    let power = POWERS[(q - SMALLEST) as usize];
    let (high5, low5) = ((power >> 64) as u64, power as u64);
    let first = u128::from(w) * u128::from(high5);
    let (mut low, mut high) = (first as u64, (first >> 64) as u64);
    if high & MASK == MASK {
        let second_high = ((u128::from(w) * u128::from(low5)) >> 64) as u64;
        let (sum, carry) = low.overflowing_add(second_high);
        low = sum;
        high += u64::from(carry);
    }
    (low, high)
}

/// `w * 10^q` correctly rounded to the nearest `f64` (ties to even), as its bits (no sign),
/// for any `w` and `q`; `None` when the approximation cannot decide the rounding, which the
/// caller settles with an exact parser. For `w` of at most 19 decimal digits (exact): with
/// more, `w` is not the number's significand.
pub(super) fn to_bits(w: u64, q: i64) -> Option<u64> {
    if w == 0 || q < SMALLEST {
        return Some(0);
    }
    if q > LARGEST {
        return Some((INFINITE_EXPONENT as u64) << SIGNIFICAND_BITS);
    }
    let zeros = w.leading_zeros();
    let w = w << zeros;
    let (low, high) = product(q, w);
    // The product is truncated: when its low bits are all ones, adding the lost part could
    // carry across the rounding point. Within -27..=55 the power is exact or the product
    // cannot fall halfway, so the truncated value still decides; elsewhere fall back.
    if low == u64::MAX && !(-27..=55).contains(&q) {
        return None;
    }
    let upper = (high >> 63) as i32;
    let shift = upper + 64 - SIGNIFICAND_BITS - 3;
    let mut mantissa = high >> shift;
    let mut exponent = binary_exponent(q) + upper - zeros as i32 - MINIMUM_EXPONENT;
    if exponent <= 0 {
        // Subnormal (or zero).
        if -exponent + 1 >= 64 {
            return Some(0);
        }
        mantissa >>= -exponent + 1;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        // Rounding up may reach the smallest normal, whose biased exponent is 1 (the
        // mantissa's bit 52 then lands on it).
        return Some(mantissa);
    }
    // Exactly halfway (possible only when the power is small and the product exact): round
    // to even, i.e. down when the bit kept is even.
    if low <= 1 && ROUND_TO_EVEN.contains(&q) && mantissa & 3 == 1 && (mantissa << shift) == high {
        mantissa &= !1;
    }
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if mantissa >= 2 << SIGNIFICAND_BITS {
        mantissa = 1 << SIGNIFICAND_BITS;
        exponent += 1;
    }
    mantissa &= !(1 << SIGNIFICAND_BITS);
    if exponent >= INFINITE_EXPONENT {
        return Some((INFINITE_EXPONENT as u64) << SIGNIFICAND_BITS);
    }
    Some(mantissa | (exponent as u64) << SIGNIFICAND_BITS)
}

// Safe integer and float arithmetic only (no `unsafe` here): Miri has nothing to check, and
// the exhaustive and property tests take many minutes under it (CI's Miri step runs the
// library's unit tests).
#[cfg(all(test, not(miri)))]
mod tests {
    use super::super::{Number, scan};
    use super::*;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;

    /// The standard library's value of `w * 10^q`, as bits.
    fn exact(w: u64, q: i64) -> u64 {
        format!("{w}e{q}").parse::<f64>().unwrap().to_bits()
    }

    /// Our value of `text` through the decoder's path (scan, then `value`): its bits, or
    /// `None` for an out-of-range error. Integers are left to the other tests.
    fn ours(text: &str) -> Option<u64> {
        let scanned = scan(text.as_bytes(), 0).unwrap();
        assert_eq!(scanned.end, text.len(), "{text}");
        match scanned.value(text.as_bytes()) {
            Ok(Number::Float(f)) => Some(f.to_bits()),
            Ok(_) => panic!("{text} read as an integer"),
            Err(_) => None,
        }
    }

    /// `text` reads as the standard library reads it, and out of range is an error.
    fn check(text: &str) {
        let theirs: f64 = text.parse().unwrap();
        if theirs.is_finite() {
            assert_eq!(ours(text), Some(theirs.to_bits()), "{text}");
        } else {
            assert_eq!(ours(text), None, "{text}");
        }
    }

    /// The edges: halfway cases, the ends of the normals and subnormals, the ends of the
    /// table and beyond, 17 to 20+ digits. Each with at most 19 digits goes through the
    /// conversion (`to_bits` decides it), so these test it, not the fallback.
    #[test]
    fn edges_read_as_the_standard_library_reads_them() {
        let edges = [
            "9007199254740993.0",
            "9007199254740992.5e0",
            "9007199254740994.5e0",
            "18014398509481987e0",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "9999999999999999999e289",
            "9999999999999999999e290",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "2.2250738585072009e-308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-323",
            "1e-342",
            "1e-343",
            "9999999999999999999e-343",
            "9999999999999999999e-342",
            "1e-400",
            "-65.613616999999977",
            "-0.5",
            "0.1",
            "0.3",
            "1e23",
            "8.98846567431158e307",
            "123456789012345678e-5",
            "1844674407370955161.5",
            "0e999",
            "-0e-999",
        ];
        for text in edges {
            check(text);
            let scanned = scan(text.as_bytes(), 0).unwrap();
            if scanned.digits <= 19 && scanned.mantissa != 0 {
                let bits = to_bits(scanned.mantissa, scanned.exponent);
                assert!(bits.is_some(), "{text}: the conversion decides it");
            }
        }
        // More than 19 digits: the fallback, which must agree too.
        for text in [
            "12345678901234567890123e-5",
            "2.22507385850720113605740979670913197593481954635164564e-308",
            "9007199254740992.50000000000000000001",
            "0.000000000000000000000000001234",
        ] {
            check(text);
        }
    }

    /// The conversion decides canada.json's numbers (17 significant digits, small powers):
    /// the common case takes the new path, not the fallback.
    #[test]
    fn decides_the_common_case() {
        for (w, q) in [
            (65_613_616_999_999_977, -15),
            (45_405_414_000_000_001, -15),
            (1, -1),
        ] {
            assert_eq!(to_bits(w, q), Some(exact(w, q)), "{w}e{q}");
        }
    }

    /// Halfway between two doubles: the 54-bit odd multiples of a power of two (ties to
    /// even), and their neighbours, as integers and as `w * 10^-k`.
    fn halfway() -> impl Strategy<Value = (u64, i64)> {
        (1u64 << 53..1 << 54, 0u32..=9, 0u32..=3).prop_map(|(m, shift, k)| {
            let odd = m | 1;
            if k == 0 {
                (odd << shift, 0)
            } else {
                (odd * 5u64.pow(k), -i64::from(k))
            }
        })
    }

    proptest! {
        // 4096 cases natively; `PROPTEST_CASES` when set (the sanitizer, valgrind and Miri
        // steps of CI lower it).
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4096)
        ))]

        /// Any mantissa of at most 19 digits and any power of ten, around and beyond the
        /// table: the conversion agrees with the standard library whenever it decides.
        #[test]
        fn any_mantissa_and_power(w in 0u64..10_000_000_000_000_000_000, q in -360i64..=330) {
            if let Some(bits) = to_bits(w, q) {
                prop_assert_eq!(bits, exact(w, q), "{}e{}", w, q);
            }
        }

        /// 17 to 19 digits, the hard cases for a product truncated to 128 bits.
        #[test]
        fn long_mantissas(w in 10_000_000_000_000_000u64..10_000_000_000_000_000_000, q in -345i64..=310) {
            if let Some(bits) = to_bits(w, q) {
                prop_assert_eq!(bits, exact(w, q), "{}e{}", w, q);
            }
        }

        /// Exactly halfway and one off it, every one decided.
        #[test]
        fn halfway_cases((w, q) in halfway(), delta in -1i64..=1) {
            let w = w.checked_add_signed(delta).unwrap();
            prop_assert_eq!(to_bits(w, q), Some(exact(w, q)), "{}e{}", w, q);
        }

        /// Every double, written shortest (at most 17 digits) and with 15 to 19 digits, reads
        /// back as the standard library reads it, subnormals and the largest included.
        #[test]
        fn every_double_written_and_read(bits in 0u64..0x7ff0_0000_0000_0000, precision in 14usize..=18) {
            let x = f64::from_bits(bits);
            check(&format!("{x:e}"));
            check(&format!("-{x:.precision$e}"));
        }

        /// Any text in the grammar with a fraction or an exponent, up to 25 digits in each part.
        #[test]
        fn any_text(
            int in "-?(0|[1-9][0-9]{0,24})",
            frac in "(\\.[0-9]{1,25})?",
            exp in "([eE][+-]?[0-9]{1,3})?",
        ) {
            let text: String = format!("{int}{frac}{exp}");
            if !frac.is_empty() || !exp.is_empty() {
                check(&text);
            }
        }
    }
}
