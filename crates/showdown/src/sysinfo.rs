//! Facts about the machine and the build, for the report's header.
//!
//! Everything is read when the report is made: the CPU model and core count from
//! `/proc/cpuinfo`, the date from the system clock, the peers' versions from the workspace's
//! `Cargo.lock` (embedded at compile time, so they are the versions this binary was built
//! with), the compiler version and profile from the build script.

use std::time::{SystemTime, UNIX_EPOCH};

/// The workspace lock file this binary was built against.
const CARGO_LOCK: &str = include_str!("../../../Cargo.lock");

/// The crates whose versions the report lists.
pub const REPORTED_CRATES: [&str; 7] = [
    "arenakit",
    "bumpalo",
    "bump-scope",
    "blink-alloc",
    "typed-arena",
    "mimalloc",
    "tikv-jemallocator",
];

/// What the report's header says about the machine and the build.
#[derive(Clone, Debug)]
pub struct SystemInfo {
    /// CPU model name, if known.
    pub cpu: Option<String>,
    /// Logical CPUs listed in `/proc/cpuinfo`, if readable.
    pub cpus_listed: Option<usize>,
    /// CPUs this process may use.
    pub cpus_available: Option<usize>,
    /// Kernel release, if known.
    pub kernel: Option<String>,
    /// glibc version, on GNU targets.
    pub libc: Option<String>,
    /// Output of `rustc --version` at build time.
    pub rustc: &'static str,
    /// Build profile and optimisation level.
    pub profile: &'static str,
    /// Current UTC date and time, `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
    /// `(crate, version)` for [`REPORTED_CRATES`] as locked in `Cargo.lock`.
    pub versions: Vec<(&'static str, String)>,
}

impl SystemInfo {
    /// Collects the facts now.
    pub fn collect() -> SystemInfo {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok();
        let field = |name: &str| {
            cpuinfo.as_deref().and_then(|text| {
                text.lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(key, _)| key.trim() == name)
                    .map(|(_, value)| value.trim().to_owned())
            })
        };
        let cpus_listed = cpuinfo.as_deref().map(|text| {
            text.lines()
                .filter(|line| {
                    line.split(':')
                        .next()
                        .is_some_and(|k| k.trim() == "processor")
                })
                .count()
        });
        SystemInfo {
            cpu: field("model name").or_else(|| field("Model")),
            cpus_listed,
            cpus_available: std::thread::available_parallelism().ok().map(|n| n.get()),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .ok()
                .map(|s| s.trim().to_owned()),
            libc: libc_version(),
            rustc: env!("SHOWDOWN_RUSTC_VERSION"),
            profile: env!("SHOWDOWN_PROFILE"),
            date: utc_now(),
            versions: REPORTED_CRATES
                .iter()
                .map(|&name| {
                    let version = locked_version(CARGO_LOCK, name).unwrap_or("unknown");
                    (name, version.to_owned())
                })
                .collect(),
        }
    }
}

/// The version of package `name` in a `Cargo.lock` text (the first one, if several).
pub fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let quoted = |line: &'a str, key: &str| {
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        rest.strip_prefix('"')?.strip_suffix('"')
    };
    lock.split("[[package]]").find_map(|package| {
        let mut lines = package.lines().map(str::trim);
        lines
            .clone()
            .find_map(|l| quoted(l, "name"))
            .filter(|n| *n == name)?;
        lines.find_map(|l| quoted(l, "version"))
    })
}

/// The glibc version, from `gnu_get_libc_version`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn libc_version() -> Option<String> {
    unsafe extern "C" {
        // Returns a pointer to a static, NUL-terminated string; takes no arguments.
        safe fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    let version = gnu_get_libc_version();
    if version.is_null() {
        return None;
    }
    // SAFETY: glibc documents the result as a static NUL-terminated string that lives for the
    // whole process and is never written.
    let version = unsafe { std::ffi::CStr::from_ptr(version) };
    Some(format!("glibc {}", version.to_string_lossy()))
}

/// The C library version, unknown off glibc.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn libc_version() -> Option<String> {
    None
}

/// The current UTC date and time as `YYYY-MM-DD HH:MM UTC`.
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let minutes = secs % 86_400 / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes / 60,
        minutes % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    #[test]
    fn lock_parsing() {
        let lock = concat!(
            "[[package]]\nname = \"a\"\nversion = \"1.2.3\"\n\n",
            "[[package]]\nname = \"b\"\nversion = \"0.4.0\"\ndependencies = [\n \"a\",\n]\n",
        );
        assert_eq!(locked_version(lock, "a"), Some("1.2.3"));
        assert_eq!(locked_version(lock, "b"), Some("0.4.0"));
        assert_eq!(locked_version(lock, "c"), None);
        for name in REPORTED_CRATES {
            assert!(locked_version(CARGO_LOCK, name).is_some(), "{name}");
        }
    }
}
