//! Number formats shared by the report, the charts and the workloads' notes.

/// Nanoseconds with about three significant digits.
pub fn format_ns(ns: f64) -> String {
    match ns {
        n if n < 10.0 => format!("{n:.2}"),
        n if n < 100.0 => format!("{n:.1}"),
        n => format!("{n:.0}"),
    }
}

/// A duration in nanoseconds with a unit chosen to keep about three significant digits:
/// `8.40 ns`, `29.7 ns`, `425 us`, `1.50 s`.
pub fn format_duration(ns: f64) -> String {
    match ns {
        n if n < 1e3 => format!("{} ns", format_ns(n)),
        n if n < 1e6 => format!("{} us", format_ns(n / 1e3)),
        n if n < 1e9 => format!("{} ms", format_ns(n / 1e6)),
        n => format!("{} s", format_ns(n / 1e9)),
    }
}

/// A ratio as `0.97x`.
pub fn format_ratio(ratio: f64) -> String {
    if ratio < 0.1 {
        format!("{ratio:.3}x")
    } else {
        format!("{ratio:.2}x")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_ns(0.5678), "0.57");
        assert_eq!(format_ns(16.84), "16.8");
        assert_eq!(format_ns(1234.4), "1234");
        assert_eq!(format_ratio(1.0449), "1.04x");
        assert_eq!(format_ratio(0.0371), "0.037x");
        assert_eq!(format_duration(8.4), "8.40 ns");
        assert_eq!(format_duration(425_000.0), "425 us");
        assert_eq!(format_duration(29.7e6), "29.7 ms");
        assert_eq!(format_duration(1.5e9), "1.50 s");
    }
}
