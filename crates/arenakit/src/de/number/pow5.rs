//! The powers of five that the Eisel-Lemire conversion ([`super::lemire`]) multiplies by: for
//! each `q` in [`SMALLEST`]`..=`[`LARGEST`], `5^q` as a 128-bit significand (its most
//! significant bit set), computed here at compile time with exact big-integer arithmetic.
//!
//! The significands are those of Lemire's "Number Parsing at a Gigabyte per Second" (2021),
//! section 5: for `q >= 0`, `5^q` truncated to its top 128 bits (or shifted left to 128 bits);
//! for `q < 0`, with `z` the bit length of `5^-q`, `floor(2^b / 5^-q) + 1` for
//! `b = z + 127` when `q >= -27` (so 128 bits, no truncation), else for `b = 2z + 128`, then
//! truncated to its top 128 bits. The conversion's error analysis is for exactly these values.

/// The smallest power of ten the conversion handles (below it every 19-digit mantissa rounds
/// to zero).
pub(super) const SMALLEST: i64 = -342;
/// The largest power of ten the conversion handles (above it every nonzero mantissa
/// overflows to infinity).
pub(super) const LARGEST: i64 = 308;

/// 64-bit limbs of the big integers, least significant first: 1,792 bits, enough for
/// `2^b` with the largest `b` (`2 * 795 + 128`, 795 being the bit length of `5^342`).
const LIMBS: usize = 28;
/// The power of two the reciprocals are taken of: `floor(2^ONE / 5^n)`, computed by dividing
/// by five `n` times (exact, as `floor(floor(x / a) / b) == floor(x / (a * b))`), then
/// shifted right to `floor(2^b / 5^n)` (exact for the same reason).
const ONE: u32 = 1_760;

/// A big unsigned integer.
type Big = [u64; LIMBS];

/// `x * 5` (the caller keeps it below `2^(64 * LIMBS)`).
const fn times_five(mut x: Big) -> Big {
    let mut carry: u128 = 0;
    let mut i = 0;
    while i < LIMBS {
        let v = x[i] as u128 * 5 + carry;
        x[i] = v as u64;
        carry = v >> 64;
        i += 1;
    }
    x
}

/// `floor(x / 5)`.
const fn over_five(mut x: Big) -> Big {
    let mut rem: u128 = 0;
    let mut i = LIMBS;
    while i > 0 {
        i -= 1;
        let v = (rem << 64) | x[i] as u128;
        x[i] = (v / 5) as u64;
        rem = v % 5;
    }
    x
}

/// `x + 1` (the caller keeps it below `2^(64 * LIMBS)`).
const fn plus_one(mut x: Big) -> Big {
    let mut i = 0;
    while i < LIMBS {
        x[i] = x[i].wrapping_add(1);
        if x[i] != 0 {
            break;
        }
        i += 1;
    }
    x
}

/// The number of bits of `x` (0 for zero).
const fn bit_len(x: &Big) -> u32 {
    let mut i = LIMBS;
    while i > 0 {
        i -= 1;
        if x[i] != 0 {
            return i as u32 * 64 + 64 - x[i].leading_zeros();
        }
    }
    0
}

/// Bits `shift..shift + 64` of `x`.
const fn word_at(x: &Big, shift: u32) -> u64 {
    let limb = (shift / 64) as usize;
    let offset = shift % 64;
    let low = if limb < LIMBS { x[limb] >> offset } else { 0 };
    let high = if offset > 0 && limb + 1 < LIMBS {
        x[limb + 1] << (64 - offset)
    } else {
        0
    };
    low | high
}

/// `floor(x / 2^shift)` as a `u128` (the caller knows it fits).
const fn shifted(x: &Big, shift: u32) -> u128 {
    ((word_at(x, shift + 64) as u128) << 64) | word_at(x, shift) as u128
}

/// `floor(x / 2^shift)`.
const fn shift_right(x: &Big, shift: u32) -> Big {
    let mut out = [0; LIMBS];
    let mut i = 0;
    while i < LIMBS {
        out[i] = word_at(x, shift + 64 * i as u32);
        i += 1;
    }
    out
}

/// `x` truncated to its top 128 bits, or shifted left to 128 bits if shorter (`x` nonzero).
const fn top_128(x: &Big) -> u128 {
    let len = bit_len(x);
    if len >= 128 {
        shifted(x, len - 128)
    } else {
        shifted(x, 0) << (128 - len)
    }
}

/// The table, index `q - SMALLEST`.
const fn table() -> [u128; (LARGEST - SMALLEST + 1) as usize] {
    let mut out = [0; (LARGEST - SMALLEST + 1) as usize];
    // q >= 0: the top 128 bits of 5^q.
    let mut power = [0; LIMBS];
    power[0] = 1;
    let mut q = 0;
    while q <= LARGEST {
        out[(q - SMALLEST) as usize] = top_128(&power);
        power = times_five(power);
        q += 1;
    }
    // q < 0: from the reciprocal 2^ONE / 5^n, n = -q.
    let mut power = [0; LIMBS];
    power[0] = 1;
    let mut reciprocal = [0; LIMBS];
    reciprocal[(ONE / 64) as usize] = 1 << (ONE % 64);
    let mut n = 1;
    while n <= -SMALLEST {
        power = times_five(power);
        reciprocal = over_five(reciprocal);
        let z = bit_len(&power);
        let b = if n <= 27 { z + 127 } else { 2 * z + 128 };
        let c = plus_one(shift_right(&reciprocal, ONE - b));
        out[(-n - SMALLEST) as usize] = top_128(&c);
        n += 1;
    }
    out
}

/// `5^q` as a 128-bit significand, for `q` in `SMALLEST..=LARGEST` (index `q - SMALLEST`).
pub(super) static POWERS: [u128; (LARGEST - SMALLEST + 1) as usize] = table();

// Safe integer and float arithmetic only (no `unsafe` here): Miri has nothing to check, and
// the exhaustive and property tests take many minutes under it (CI's Miri step runs the
// library's unit tests).
#[cfg(all(test, not(miri)))]
mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    /// A big integer for the check, as 32-bit limbs (least significant first), built by
    /// schoolbook multiplication: nothing shared with the table's construction.
    fn mul(a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = vec![0u32; a.len() + b.len()];
        for (i, &x) in a.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &y) in b.iter().enumerate() {
                let v = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
                out[i + j] = v as u32;
                carry = v >> 32;
            }
            out[i + b.len()] = carry as u32;
        }
        out
    }

    fn from_u128(v: u128) -> Vec<u32> {
        (0..4).map(|i| (v >> (32 * i)) as u32).collect()
    }

    fn pow2(e: u32) -> Vec<u32> {
        let mut out = vec![0u32; e as usize / 32 + 1];
        out[e as usize / 32] = 1 << (e % 32);
        out
    }

    fn pow5(n: u32) -> Vec<u32> {
        (0..n).fold(vec![1], |p, _| mul(&p, &[5]))
    }

    fn minus_one(mut a: Vec<u32>) -> Vec<u32> {
        for limb in &mut a {
            let (v, borrow) = limb.overflowing_sub(1);
            *limb = v;
            if !borrow {
                break;
            }
        }
        a
    }

    fn cmp(a: &[u32], b: &[u32]) -> core::cmp::Ordering {
        let len = a.len().max(b.len());
        let at = |x: &[u32], i: usize| x.get(i).copied().unwrap_or(0);
        (0..len)
            .rev()
            .map(|i| at(a, i).cmp(&at(b, i)))
            .find(|o| o.is_ne())
            .unwrap_or(core::cmp::Ordering::Equal)
    }

    fn bits(a: &[u32]) -> u32 {
        a.iter()
            .rposition(|&l| l != 0)
            .map_or(0, |i| i as u32 * 32 + 32 - a[i].leading_zeros())
    }

    /// Every entry checked against its definition by multiplication alone: for `q >= 0`,
    /// `c * 2^s <= 5^q < (c + 1) * 2^s` (or `c == 5^q * 2^-s`); for `q < 0`, `c * 2^s` is
    /// `floor(2^b / 5^n) + 1` to within the truncated bits, i.e.
    /// `(c * 2^s - 1) * 5^n <= 2^b < ((c + 1) * 2^s - 1) * 5^n`.
    #[test]
    fn table_matches_its_definition() {
        use core::cmp::Ordering::{Greater, Less};
        for q in SMALLEST..=LARGEST {
            let c = POWERS[(q - SMALLEST) as usize];
            assert!(c >> 127 == 1, "{q}: top bit");
            if q >= 0 {
                let p = pow5(q as u32);
                let len = bits(&p);
                if len <= 128 {
                    assert_eq!(
                        cmp(&from_u128(c), &mul(&p, &pow2(128 - len))),
                        core::cmp::Ordering::Equal,
                        "{q}"
                    );
                } else {
                    let s = pow2(len - 128);
                    assert!(cmp(&mul(&from_u128(c), &s), &p) != Greater, "{q}");
                    assert!(cmp(&p, &mul(&from_u128(c + 1), &s)) == Less, "{q}");
                }
            } else {
                let n = (-q) as u32;
                let p = pow5(n);
                let z = bits(&p);
                let b = if n <= 27 { z + 127 } else { 2 * z + 128 };
                // floor(2^b / 5^n) + 1 has b - z + 1 bits.
                let s = pow2(b - z + 1 - 128);
                let low = minus_one(mul(&from_u128(c), &s));
                let high = minus_one(mul(&add_one(from_u128(c)), &s));
                assert!(cmp(&mul(&low, &p), &pow2(b)) != Greater, "{q}");
                assert!(cmp(&pow2(b), &mul(&high, &p)) == Less, "{q}");
            }
        }
    }

    fn add_one(mut a: Vec<u32>) -> Vec<u32> {
        a.push(0);
        for limb in &mut a {
            let (v, carry) = limb.overflowing_add(1);
            *limb = v;
            if !carry {
                break;
            }
        }
        a
    }

    /// A few entries worked by hand: `5^0`, `5^1`, `5^-1` (`2^130 / 5` is `0xcc..cc.cc..`, so
    /// the floor plus one ends in `d`) and `5^55`, the last power of five within 128 bits; and
    /// the table's ends and the last untruncated reciprocal (`5^-27`), computed apart.
    #[test]
    fn table_spot_values() {
        assert_eq!(POWERS[(0 - SMALLEST) as usize], 1 << 127);
        assert_eq!(POWERS[(1 - SMALLEST) as usize], 5 << 125);
        assert_eq!(
            POWERS[(-1 - SMALLEST) as usize],
            0xcccc_cccc_cccc_cccc_cccc_cccc_cccc_cccd
        );
        let p55 = 5u128.pow(55);
        assert_eq!(POWERS[(55 - SMALLEST) as usize], p55 << p55.leading_zeros());
        // Computed apart with Python's integers, from the definition in the module's docs.
        assert_eq!(POWERS[0], 0xeef4_53d6_923b_d65a_113f_aa29_06a1_3b3f);
        assert_eq!(
            POWERS[(-27 - SMALLEST) as usize],
            0x9e74_d1b7_91e0_7e48_775e_a264_cf55_347e
        );
        assert_eq!(
            POWERS[(308 - SMALLEST) as usize],
            0x8e67_9c2f_5e44_ff8f_570f_09ea_a7ea_7648
        );
    }
}
