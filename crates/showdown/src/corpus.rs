//! Source strings for the string-copy workload, prepared once outside the timed region.
//!
//! The strings are ASCII letters, 24 to 40 bytes long, with lengths and contents from a fixed
//! pseudo-random sequence, so every run and every peer copies exactly the same bytes. They are
//! slices of one buffer that lives for the whole process (leaked once), so the corpus makes no
//! per-string heap allocation that could shape the system allocator's free lists.

use std::sync::OnceLock;

/// Strings in the standard corpus (the workloads' one million).
pub const STANDARD_LEN: usize = 1_000_000;
/// Shortest string, in bytes.
pub const MIN_BYTES: usize = 24;
/// Longest string, in bytes.
pub const MAX_BYTES: usize = 40;

/// A list of strings to copy.
#[derive(Debug)]
pub struct Corpus {
    strings: Vec<&'static str>,
    bytes: usize,
}

impl Corpus {
    /// `count` strings of [`MIN_BYTES`]..=[`MAX_BYTES`] ASCII letters. The first `k` strings
    /// are the same whatever `count` is.
    pub fn generate(count: usize) -> Corpus {
        let mut rng = SplitMix64(0x5eed_0fa7_e4a5);
        let mut text = Vec::with_capacity(count * (MIN_BYTES + MAX_BYTES) / 2);
        let mut ends = Vec::with_capacity(count);
        for _ in 0..count {
            let len = MIN_BYTES + (rng.next() % (MAX_BYTES - MIN_BYTES + 1) as u64) as usize;
            text.extend((0..len).map(|_| b'a' + (rng.next() % 26) as u8));
            ends.push(text.len());
        }
        let bytes = text.len();
        let text: &'static str = String::from_utf8(text).expect("ASCII").leak();
        let mut strings = Vec::with_capacity(count);
        let mut start = 0;
        for end in ends {
            strings.push(&text[start..end]);
            start = end;
        }
        Corpus { strings, bytes }
    }

    /// The process-wide corpus of [`STANDARD_LEN`] strings, generated on first use.
    pub fn standard() -> &'static Corpus {
        static CORPUS: OnceLock<Corpus> = OnceLock::new();
        CORPUS.get_or_init(|| Corpus::generate(STANDARD_LEN))
    }

    /// The strings.
    pub fn strings(&self) -> &[&'static str] {
        &self.strings
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether there are no strings.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Total bytes of all strings.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// SplitMix64: a tiny, good-enough pseudo-random sequence with a fixed seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_prefix_stability() {
        let small = Corpus::generate(1000);
        assert_eq!(small.len(), 1000);
        assert!(
            small
                .strings()
                .iter()
                .all(|s| (MIN_BYTES..=MAX_BYTES).contains(&s.len()))
        );
        assert_eq!(
            small.bytes(),
            small.strings().iter().map(|s| s.len()).sum::<usize>()
        );
        let lens: std::collections::HashSet<usize> =
            small.strings().iter().map(|s| s.len()).collect();
        assert_eq!(lens.len(), MAX_BYTES - MIN_BYTES + 1, "every length occurs");
        assert_eq!(Corpus::generate(10).strings(), &small.strings()[..10]);
    }
}
