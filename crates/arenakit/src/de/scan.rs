//! The byte scans of the JSON decoder ([`super::json`]): where a string's plain run ends,
//! where a run of whitespace ends, and whether a string is valid UTF-8, with vector
//! instructions where the target has them.
//!
//! - x86_64: SSE2 (part of the x86_64 baseline), 16 bytes at a time; past a string's first 16
//!   bytes, AVX2, 32 bytes at a time, when the CPU has it (detected once at run time with the
//!   `std` feature and cached; without `std` only when the build enables `avx2`).
//! - aarch64: NEON (part of the aarch64 baseline), 16 bytes at a time.
//! - Elsewhere: SWAR, 8 bytes at a time in a `u64` (tested on every target).
//!
//! Miri runs the SSE2 code (it emulates those intrinsics) but not the AVX2 loop: under Miri
//! the CPU is taken to have no AVX2.
//!
//! This is the only module of the decoder with `unsafe`: the vector loads (through a pointer
//! to a chunk whose bounds are checked), the call of the function compiled for AVX2 (after the
//! CPU was found to have it) and the `&str` made of bytes found to be UTF-8. Everything it
//! exports is safe to call with any input.

#[cfg(target_arch = "aarch64")]
use core::arch::aarch64 as arch;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64 as arch;

/// A vector of bytes, scanned a chunk at a time: a comparison gives a mask with
/// `1 << SHIFT` bits for each byte (all set where the byte matches), byte 0 lowest.
trait Lanes: Copy {
    /// Bytes per chunk.
    const WIDTH: usize;
    /// log2 of the mask bits per byte.
    const SHIFT: u32;
    /// The first `WIDTH` bytes of `chunk` (which has at least that many).
    fn load(chunk: &[u8]) -> Self;
    /// Bits set for the bytes that end a string's plain run: `"`, `\` and the control bytes
    /// below 0x20 (exact for the lowest byte, but a byte above a match may be set too).
    fn stops(self) -> u64;
    /// Bits set exactly for the bytes that are not JSON whitespace (space, `\n`, `\r`, `\t`).
    fn non_space(self) -> u64;
    /// Bits set for the bytes of 0x80 and above (exact for the lowest byte).
    fn non_ascii(self) -> u64;
}

/// Whether `b` ends a string's plain run.
fn is_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Whether `b` is not JSON whitespace.
fn is_non_space(b: u8) -> bool {
    !matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// Whether `b` is not ASCII.
fn is_high(b: u8) -> bool {
    b >= 0x80
}

/// The bits of a mask below its lowest set bit (`bits` is not 0).
fn below_lowest(bits: u64) -> u64 {
    (bits & bits.wrapping_neg()) - 1
}

/// The index of the first byte at or after `at` whose bits `mask` sets (or for which `byte`
/// holds, when the input is shorter than one chunk), or `input.len()`; and with `HIGH`,
/// whether a byte of 0x80 or above comes before it (always `false` without).
#[inline(always)]
fn find<V: Lanes, const HIGH: bool>(
    input: &[u8],
    mut at: usize,
    mask: fn(V) -> u64,
    byte: fn(u8) -> bool,
) -> (usize, bool) {
    let mut high = 0;
    while let Some(chunk) = input.get(at..at + V::WIDTH) {
        let lanes = V::load(chunk);
        let bits = mask(lanes);
        if bits != 0 {
            if HIGH {
                high |= lanes.non_ascii() & below_lowest(bits);
            }
            return (at + (bits.trailing_zeros() >> V::SHIFT) as usize, high != 0);
        }
        if HIGH {
            high |= lanes.non_ascii();
        }
        at += V::WIDTH;
    }
    let len = input.len();
    if at >= len {
        return (len, high != 0);
    }
    let end = match len.checked_sub(V::WIDTH) {
        // The last chunk of the input, overlapping bytes already scanned: their bits go.
        Some(base) => {
            let lanes = V::load(&input[base..]);
            let skip = (at - base) << V::SHIFT;
            let bits = mask(lanes) >> skip;
            if HIGH {
                let seen = lanes.non_ascii() >> skip;
                high |= if bits == 0 {
                    seen
                } else {
                    seen & below_lowest(bits)
                };
            }
            if bits == 0 {
                len
            } else {
                at + (bits.trailing_zeros() >> V::SHIFT) as usize
            }
        }
        None => {
            let end = input[at..]
                .iter()
                .position(|&b| byte(b))
                .map_or(len, |i| at + i);
            if HIGH {
                high |= u64::from(input[at..end].iter().any(|&b| is_high(b)));
            }
            end
        }
    };
    (end, high != 0)
}

/// Eight bytes in a `u64`, byte 0 lowest: the portable scan (tested everywhere, used where
/// no vector lanes are).
#[derive(Clone, Copy)]
#[cfg_attr(any(target_arch = "x86_64", target_arch = "aarch64"), allow(dead_code))]
struct Swar(u64);

#[cfg_attr(any(target_arch = "x86_64", target_arch = "aarch64"), allow(dead_code))]
impl Swar {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

    /// The high bit of each byte of `v` that is zero; a byte above a zero one may be set too
    /// (the borrow of the classic "has a zero byte" trick).
    fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(Self::ONES) & !v & Self::HIGHS
    }

    /// The high bit of each byte of `v` that is zero, and of no other (no carry between
    /// bytes: the low seven bits are added apart from the high one).
    fn exact_zero_bytes(v: u64) -> u64 {
        let lows = !Self::HIGHS;
        !(((v & lows).wrapping_add(lows)) | v) & Self::HIGHS
    }

    fn splat(b: u8) -> u64 {
        Self::ONES * u64::from(b)
    }
}

impl Lanes for Swar {
    const WIDTH: usize = 8;
    const SHIFT: u32 = 3;

    fn load(chunk: &[u8]) -> Self {
        let word: [u8; 8] = chunk[..8].try_into().expect("eight bytes");
        Swar(u64::from_le_bytes(word))
    }

    fn stops(self) -> u64 {
        let w = self.0;
        let below_space = w.wrapping_sub(Self::splat(0x20)) & !w & Self::HIGHS;
        Self::zero_bytes(w ^ Self::splat(b'"'))
            | Self::zero_bytes(w ^ Self::splat(b'\\'))
            | below_space
    }

    fn non_space(self) -> u64 {
        let w = self.0;
        let space = Self::exact_zero_bytes(w ^ Self::splat(b' '))
            | Self::exact_zero_bytes(w ^ Self::splat(b'\n'))
            | Self::exact_zero_bytes(w ^ Self::splat(b'\r'))
            | Self::exact_zero_bytes(w ^ Self::splat(b'\t'));
        !space & Self::HIGHS
    }

    fn non_ascii(self) -> u64 {
        self.0 & Self::HIGHS
    }
}

/// 16 bytes in a vector register of the target's baseline (`$module`: its vector type, a load
/// and the masks, functions of a target feature every CPU of the target has), with
/// `1 << $shift` mask bits a byte.
macro_rules! baseline_lanes {
    ($(#[$attr:meta])* $name:ident, $module:ident, $shift:literal) => {
        $(#[$attr])*
        #[derive(Clone, Copy)]
        struct $name($module::Vector);

        impl Lanes for $name {
            const WIDTH: usize = 16;
            const SHIFT: u32 = $shift;

            #[inline(always)]
            fn load(chunk: &[u8]) -> Self {
                $name($module::load(chunk[..16].try_into().expect("sixteen bytes")))
            }

            #[inline(always)]
            fn stops(self) -> u64 {
                // SAFETY: the function's target feature is part of the target's baseline:
                // every CPU of the target has it.
                unsafe { $module::stops(self.0) }
            }

            #[inline(always)]
            fn non_space(self) -> u64 {
                // SAFETY: as in `stops`.
                unsafe { $module::non_space(self.0) }
            }

            #[inline(always)]
            fn non_ascii(self) -> u64 {
                // SAFETY: as in `stops`.
                unsafe { $module::non_ascii(self.0) }
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
baseline_lanes!(
    /// 16 bytes in an SSE2 register.
    Sse2, sse2, 0
);

/// The SSE2 load and masks of [`Sse2`]'s [`Lanes`] (functions of the `sse2` feature, which
/// every x86_64 CPU has).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::arch::*;

    /// The register.
    pub(super) type Vector = __m128i;

    /// The 16 bytes of `chunk`.
    #[inline(always)]
    pub(super) fn load(chunk: &[u8; 16]) -> __m128i {
        // SAFETY: `chunk` is 16 readable bytes, `loadu` needs no alignment, and SSE2 is part
        // of the x86_64 baseline.
        unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn stops(v: __m128i) -> u64 {
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // `max(v, 0x1f) == 0x1f` exactly when `v <= 0x1f` (unsigned).
        let low = _mm_set1_epi8(0x1f);
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, low), low);
        let any = _mm_or_si128(_mm_or_si128(quote, backslash), control);
        u64::from(_mm_movemask_epi8(any) as u16)
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn non_space(v: __m128i) -> u64 {
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let space = _mm_or_si128(
            _mm_or_si128(eq(b' '), eq(b'\n')),
            _mm_or_si128(eq(b'\r'), eq(b'\t')),
        );
        u64::from(!(_mm_movemask_epi8(space) as u16))
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn non_ascii(v: __m128i) -> u64 {
        u64::from(_mm_movemask_epi8(v) as u16)
    }
}

#[cfg(target_arch = "aarch64")]
baseline_lanes!(
    /// 16 bytes in a NEON register; masks have four bits a byte (the "shift right and
    /// narrow" move mask).
    Neon, neon, 2
);

/// The NEON load and masks of [`Neon`]'s [`Lanes`] (functions of the `neon` feature, which
/// every aarch64 CPU has).
#[cfg(target_arch = "aarch64")]
mod neon {
    use super::arch::*;

    /// The register.
    pub(super) type Vector = uint8x16_t;

    /// The 16 bytes of `chunk`.
    #[inline(always)]
    pub(super) fn load(chunk: &[u8; 16]) -> uint8x16_t {
        // SAFETY: `chunk` is 16 readable bytes, `vld1q_u8` needs no alignment, and NEON is
        // part of the aarch64 baseline.
        unsafe { vld1q_u8(chunk.as_ptr()) }
    }

    /// Four bits for each byte of `m` (all 0x00 or 0xff): shift right and narrow.
    #[target_feature(enable = "neon")]
    fn nibbles(m: uint8x16_t) -> u64 {
        let narrowed = vshrn_n_u16::<4>(vreinterpretq_u16_u8(m));
        vget_lane_u64::<0>(vreinterpret_u64_u8(narrowed))
    }

    #[target_feature(enable = "neon")]
    pub(super) fn stops(v: uint8x16_t) -> u64 {
        let quote = vceqq_u8(v, vdupq_n_u8(b'"'));
        let backslash = vceqq_u8(v, vdupq_n_u8(b'\\'));
        let control = vcltq_u8(v, vdupq_n_u8(0x20));
        nibbles(vorrq_u8(vorrq_u8(quote, backslash), control))
    }

    #[target_feature(enable = "neon")]
    pub(super) fn non_space(v: uint8x16_t) -> u64 {
        let eq = |b: u8| vceqq_u8(v, vdupq_n_u8(b));
        let space = vorrq_u8(
            vorrq_u8(eq(b' '), eq(b'\n')),
            vorrq_u8(eq(b'\r'), eq(b'\t')),
        );
        nibbles(vmvnq_u8(space))
    }

    #[target_feature(enable = "neon")]
    pub(super) fn non_ascii(v: uint8x16_t) -> u64 {
        nibbles(vcgeq_u8(v, vdupq_n_u8(0x80)))
    }
}

/// The widest lanes every CPU of the target has.
#[cfg(target_arch = "x86_64")]
type Base = Sse2;
#[cfg(target_arch = "aarch64")]
type Base = Neon;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
type Base = Swar;

/// Whether the CPU has AVX2: asked once, then cached.
#[cfg(all(target_arch = "x86_64", not(miri), feature = "std"))]
#[inline]
fn has_avx2() -> bool {
    use core::sync::atomic::{AtomicU8, Ordering};
    /// 0: not asked yet; 1: no; 2: yes.
    static AVX2: AtomicU8 = AtomicU8::new(0);
    match AVX2.load(Ordering::Relaxed) {
        0 => {
            let yes = std::is_x86_feature_detected!("avx2");
            AVX2.store(1 + u8::from(yes), Ordering::Relaxed);
            yes
        }
        state => state == 2,
    }
}

/// Without `std` there is no run-time detection: AVX2 only when the build enables it.
#[cfg(all(target_arch = "x86_64", any(miri, not(feature = "std"))))]
#[inline]
fn has_avx2() -> bool {
    cfg!(target_feature = "avx2") && !cfg!(miri)
}

/// [`string_run`] past its first two chunks, 32 bytes at a time, then the last under 32 with
/// SSE2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn string_end_avx2<const HIGH: bool>(input: &[u8], mut at: usize) -> (usize, bool) {
    use arch::*;
    let mut high = 0;
    while let Some(chunk) = input.get(at..at + 32) {
        let chunk: &[u8; 32] = chunk.try_into().expect("32 bytes");
        // SAFETY: `chunk` is 32 readable bytes, and `loadu` needs no alignment.
        let v = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) };
        let quote = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'"' as i8));
        let backslash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\\' as i8));
        let low = _mm256_set1_epi8(0x1f);
        let control = _mm256_cmpeq_epi8(_mm256_max_epu8(v, low), low);
        let any = _mm256_or_si256(_mm256_or_si256(quote, backslash), control);
        let bits = u64::from(_mm256_movemask_epi8(any) as u32);
        let non_ascii = if HIGH {
            u64::from(_mm256_movemask_epi8(v) as u32)
        } else {
            0
        };
        if bits != 0 {
            high |= non_ascii & below_lowest(bits);
            return (at + bits.trailing_zeros() as usize, high != 0);
        }
        high |= non_ascii;
        at += 32;
    }
    let (end, seen) = find::<Sse2, HIGH>(input, at, Sse2::stops, is_stop);
    (end, seen || high != 0)
}

/// A string's plain run: from after its opening quote (or an escape) to the first `"`, `\`
/// or control byte below 0x20.
pub(crate) struct Run<'j> {
    /// Where the run ends: the index of that byte, or the input's length.
    pub(crate) end: usize,
    /// The run as text, when all of it is ASCII (else check it with [`utf8`]).
    pub(crate) ascii: Option<&'j str>,
}

/// The plain run of a string starting at `from`.
#[inline]
pub(crate) fn string_run(input: &[u8], from: usize) -> Run<'_> {
    let from = from.min(input.len());
    let (end, high) = stop::<true>(input, from);
    let ascii = if high {
        None
    } else {
        let run = &input[from..end];
        // SAFETY: no byte of `run` is 0x80 or above (`stop` found none before `end`): ASCII
        // is valid UTF-8.
        Some(unsafe { core::str::from_utf8_unchecked(run) })
    };
    Run { end, ascii }
}

/// The text of the string starting at `from` (after its opening quote) when its closing
/// quote comes within one chunk of [`Base`] lanes and nothing before it needs a second look
/// (no escape, no control byte, no byte of 0x80 or above): keys and short values, the most
/// common strings, found with one vector comparison. `None` otherwise, for [`string_run`].
#[inline(always)]
pub(crate) fn short_ascii(input: &[u8], from: usize) -> Option<&str> {
    let lanes = Base::load(input.get(from..from + Base::WIDTH)?);
    let bits = lanes.stops();
    if bits == 0 || lanes.non_ascii() & below_lowest(bits) != 0 {
        return None;
    }
    let end = from + (bits.trailing_zeros() >> Base::SHIFT) as usize;
    if input[end] != b'"' {
        return None;
    }
    // SAFETY: no byte of `input[from..end]` is 0x80 or above (the lowest bit of
    // `non_ascii` is exact, and none is below the first stop): ASCII is valid UTF-8.
    Some(unsafe { core::str::from_utf8_unchecked(&input[from..end]) })
}

/// The end of the plain run of a string starting at `from`, when its text is not needed (a
/// skipped string, or one with escapes).
#[inline]
pub(crate) fn string_end(input: &[u8], from: usize) -> usize {
    stop::<false>(input, from).0
}

/// The index of the first `"`, `\` or control byte at or after `from`, or `input.len()`, and
/// with `HIGH` whether a byte of 0x80 or above comes before it.
#[inline(always)]
fn stop<const HIGH: bool>(input: &[u8], from: usize) -> (usize, bool) {
    #[cfg(target_arch = "x86_64")]
    if let Some(chunk) = input.get(from..from + 16) {
        // Most strings (keys, short values) end in their first 16 bytes.
        let lanes = Sse2::load(chunk);
        let bits = lanes.stops();
        if bits != 0 {
            let high = HIGH && lanes.non_ascii() & below_lowest(bits) != 0;
            return (from + bits.trailing_zeros() as usize, high);
        }
        let mut high = HIGH && lanes.non_ascii() != 0;
        let mut at = from + 16;
        if let Some(chunk) = input.get(at..at + 16) {
            // A second chunk inline: most keys and short values end in their first 32 bytes.
            let lanes = Sse2::load(chunk);
            let bits = lanes.stops();
            if bits != 0 {
                high |= HIGH && lanes.non_ascii() & below_lowest(bits) != 0;
                return (at + bits.trailing_zeros() as usize, high);
            }
            high |= HIGH && lanes.non_ascii() != 0;
            at += 16;
        }
        let (end, seen) = if has_avx2() {
            // SAFETY: the CPU has AVX2 (`has_avx2`), the only requirement of the call.
            unsafe { string_end_avx2::<HIGH>(input, at) }
        } else {
            find::<Sse2, HIGH>(input, at, Sse2::stops, is_stop)
        };
        return (end, high || seen);
    }
    find::<Base, HIGH>(input, from, Base::stops, is_stop)
}

/// The index of the first byte at or after `from` that is not JSON whitespace, or
/// `input.len()`.
#[inline]
pub(crate) fn space_end(input: &[u8], from: usize) -> usize {
    match input.get(from) {
        // Every JSON space is at most 0x20: one comparison for most tokens.
        Some(&b) if b > b' ' || is_non_space(b) => from,
        Some(_) => match input.get(from + 1) {
            // A single space (after `:` or `,` in most documents).
            Some(&b) if is_non_space(b) => from + 1,
            _ => find::<Base, false>(input, from + 1, Base::non_space, is_non_space).0,
        },
        None => input.len(),
    }
}

/// `bytes` as a `&str` if they are valid UTF-8, else the length of their valid prefix.
#[inline]
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    let (ascii, _) = find::<Base, false>(bytes, 0, Base::non_ascii, is_high);
    if ascii < bytes.len() {
        core::str::from_utf8(&bytes[ascii..]).map_err(|e| ascii + e.valid_up_to())?;
    }
    // SAFETY: the bytes before `ascii` are ASCII, and those from it (a char boundary) on are
    // valid UTF-8 (checked above): all of them are.
    Ok(unsafe { core::str::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    /// Byte-by-byte answers, for the scans to match.
    fn naive(input: &[u8], from: usize, byte: fn(u8) -> bool) -> usize {
        (from..input.len())
            .find(|&i| byte(input[i]))
            .unwrap_or(input.len())
    }

    /// The lengths of the inputs the tests try: every one up to 130 (past the 16-, 32- and
    /// 64-byte chunks); under Miri (some 1000 times slower), those at the 16- and 32-byte
    /// edges.
    pub(crate) fn lengths() -> Vec<usize> {
        if cfg!(miri) {
            vec![0, 1, 15, 16, 17, 31, 32, 33]
        } else {
            (0..130).collect()
        }
    }

    /// The positions in `0..=len` the tests try: all; under Miri the ends and the chunk edges.
    pub(crate) fn positions(len: usize) -> Vec<usize> {
        if cfg!(miri) {
            let mut at = vec![0, 1, 15, 16, len.saturating_sub(1), len];
            at.retain(|&i| i <= len);
            at.dedup();
            at
        } else {
            (0..=len).collect()
        }
    }

    /// Inputs of each of [`lengths`] with one byte of each kind at each of [`positions`] in
    /// them, scanned from the start, one byte in, past the first chunk and from the end: so
    /// every distance from the start to the byte, and from the byte to the input's end
    /// (where the last chunk overlaps), is tried. Kept small enough for valgrind (CI runs the
    /// unit tests under it); [`every_byte_value_is_classified`] tries all 256 values.
    fn every_placement(fill: u8, specials: &[u8], check: impl Fn(&[u8], usize)) {
        let specials = if cfg!(miri) { &specials[..3] } else { specials };
        for len in lengths() {
            for at in positions(len) {
                for &special in specials {
                    let mut input = vec![fill; len];
                    if at < len {
                        input[at] = special;
                    }
                    for &from in [0, 1, 17, len].iter().filter(|&&from| from <= len) {
                        check(&input, from);
                    }
                }
            }
        }
    }

    #[test]
    fn string_run_finds_every_stop_byte() {
        let specials = [b'"', b'\\', 0x1f, 0x20, 0x80];
        for fill in [b'a', 0xe9] {
            every_placement(fill, &specials, |input, from| {
                let end = naive(input, from, is_stop);
                let high = input[from..end].iter().any(|&b| is_high(b));
                let expected = (end, high);
                let run = string_run(input, from);
                assert_eq!(string_end(input, from), end);
                assert_eq!(
                    (run.end, run.ascii.is_none()),
                    expected,
                    "{input:?} from {from}"
                );
                if let Some(text) = run.ascii {
                    assert_eq!(text.as_bytes(), &input[from..end]);
                }
                let swar = find::<Swar, true>(input, from, Swar::stops, is_stop);
                assert_eq!(swar, expected);
            });
        }
    }

    #[test]
    fn space_end_finds_every_non_space_byte() {
        let specials = [b'"', 0x0b, 0x80, b'\t'];
        for fill in [b' ', b'\n'] {
            every_placement(fill, &specials, |input, from| {
                let expected = naive(input, from, is_non_space);
                assert_eq!(space_end(input, from), expected, "{input:?} from {from}");
                let swar = find::<Swar, false>(input, from, Swar::non_space, is_non_space);
                assert_eq!(swar, (expected, false));
            });
        }
    }

    /// Each of the 256 byte values, at the chunk edges of a 70-byte input, is a stop, a
    /// space or a high byte exactly when it should be, in every scan.
    #[test]
    fn every_byte_value_is_classified() {
        let values: std::vec::Vec<u8> = if cfg!(miri) {
            vec![0x00, 0x09, 0x1f, 0x20, b'"', b'\\', 0x7f, 0x80, 0xff]
        } else {
            (0..=255).collect()
        };
        for b in values {
            for at in [0, 15, 16, 31, 32, 63, 64, 69] {
                for fill in [b'a', b' '] {
                    let mut input = vec![fill; 70];
                    input[at] = b;
                    let run = string_run(&input, 0);
                    let end = naive(&input, 0, is_stop);
                    let high = input[..end].iter().any(|&b| is_high(b));
                    assert_eq!(
                        (run.end, run.ascii.is_none()),
                        (end, high),
                        "{b:#x} at {at}"
                    );
                    let swar = find::<Swar, true>(&input, 0, Swar::stops, is_stop);
                    assert_eq!(swar, (end, high), "{b:#x} at {at}");
                    let space = naive(&input, 0, is_non_space);
                    assert_eq!(space_end(&input, 0), space, "{b:#x} at {at}");
                    let swar = find::<Swar, false>(&input, 0, Swar::non_space, is_non_space);
                    assert_eq!(swar.0, space, "{b:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn utf8_agrees_with_core() {
        let pieces: [&[u8]; 6] = [
            b"a",
            "é".as_bytes(),
            "€".as_bytes(),
            b"\xff",
            b"\xe2\x82",
            b"\x7f",
        ];
        for len in lengths().into_iter().filter(|&len| len < 70) {
            for at in positions(len) {
                for piece in pieces {
                    let mut input: Vec<u8> = vec![b'x'; len];
                    input.splice(at..at, piece.iter().copied());
                    let expected = core::str::from_utf8(&input).map_err(|e| e.valid_up_to());
                    assert_eq!(utf8(&input), expected, "{input:?}");
                }
            }
        }
    }
}
