//! [`Number`]: a JSON number kept as the `u64`, `i64` or `f64` it was read as.

use core::fmt;

/// A JSON number, kept apart as serde_json's `Number` keeps it: a non-negative integer that
/// fits in a `u64`, a negative one that fits in an `i64`, or else an `f64` (a number with a
/// fraction or an exponent, an integer out of 64-bit range, and `-0`, which is `-0.0`).
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::json::from_str_in(&arena, "[7, -7, 7.5, -0]").unwrap();
/// assert_eq!(v[0].as_u64(), Some(7));
/// assert_eq!(v[1].as_i64(), Some(-7));
/// assert_eq!(v[2].as_f64(), Some(7.5));
/// assert!(v[3].as_number().unwrap().is_f64());
/// ```
#[derive(Clone, Copy, PartialEq)]
pub struct Number(N);

#[derive(Clone, Copy, PartialEq)]
enum N {
    /// Always non-negative.
    PosInt(u64),
    /// Always negative.
    NegInt(i64),
    /// Always finite.
    Float(f64),
}

impl Number {
    /// Whether it is an integer that fits in a `u64`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Number::from(3u64).is_u64());
    /// assert!(!arenakit::json::Number::from(-3i64).is_u64());
    /// ```
    pub fn is_u64(&self) -> bool {
        matches!(self.0, N::PosInt(_))
    }

    /// Whether it is an integer that fits in an `i64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::json::Number;
    /// assert!(Number::from(-3i64).is_i64());
    /// assert!(!Number::from(u64::MAX).is_i64());
    /// ```
    pub fn is_i64(&self) -> bool {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).is_ok(),
            N::NegInt(_) => true,
            N::Float(_) => false,
        }
    }

    /// Whether it is held as an `f64` (it had a fraction or an exponent, or did not fit in
    /// 64 bits, or was `-0`).
    ///
    /// # Examples
    ///
    /// ```
    /// let n = arenakit::json::Number::from_f64(1.0).unwrap();
    /// assert!(n.is_f64() && !n.is_u64());
    /// ```
    pub fn is_f64(&self) -> bool {
        matches!(self.0, N::Float(_))
    }

    /// The number as a `u64`, if it is an integer that fits.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Number::from(3u64).as_u64(), Some(3));
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(u) => Some(u),
            _ => None,
        }
    }

    /// The number as an `i64`, if it is an integer that fits.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Number::from(-3i64).as_i64(), Some(-3));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }

    /// The number as an `f64` (always `Some`, possibly rounded, as in serde_json).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(arenakit::json::Number::from(3u64).as_f64(), Some(3.0));
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        })
    }

    /// A number from a finite `f64` (`None` for NaN and infinities, which JSON cannot
    /// write).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(arenakit::json::Number::from_f64(f64::NAN).is_none());
    /// ```
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }

    /// Hands the number to `serializer` as the type it is held as.
    pub(crate) fn serialize_with<S: serde::Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            N::PosInt(u) => s.serialize_u64(u),
            N::NegInt(i) => s.serialize_i64(i),
            N::Float(f) => s.serialize_f64(f),
        }
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Self {
        Number(N::PosInt(u))
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        match u64::try_from(i) {
            Ok(u) => Number(N::PosInt(u)),
            Err(_) => Number(N::NegInt(i)),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

/// Compact JSON text, as serde_json writes the number: integers as they are, floats in their
/// shortest round-tripping form with `.0` or an exponent (`1.0`, `0.001`, `1e+16`, `1.5e-7`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            N::PosInt(u) => write!(f, "{u}"),
            N::NegInt(i) => write!(f, "{i}"),
            N::Float(x) => write_float(f, x),
        }
    }
}

/// Writes a finite `f64` as serde_json does (with the same crate, zmij): the shortest digits
/// that round-trip, in fixed notation for decimal exponents -5 to 15 (`12340000000.0`,
/// `12.34`, `0.001234`), else in scientific notation (`1e+16`, `1.234e-7`).
fn write_float(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    f.write_str(zmij::Buffer::new().format_finite(x))
}

#[cfg(feature = "serde_json")]
impl PartialEq<serde_json::Number> for Number {
    fn eq(&self, other: &serde_json::Number) -> bool {
        match self.0 {
            N::PosInt(u) => other.as_u64() == Some(u),
            N::NegInt(i) => !other.is_u64() && other.as_i64() == Some(i),
            N::Float(f) => other.is_f64() && other.as_f64() == Some(f),
        }
    }
}
