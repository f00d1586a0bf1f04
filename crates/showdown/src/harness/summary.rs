//! Summaries of the samples: medians, ranges and ratios between peers.

use super::Bar;

/// Median and range of a set of samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// The median (the mean of the two middle samples for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

impl Summary {
    /// Summarises `samples`; `None` if there are none (or one is NaN).
    ///
    /// ```
    /// let s = showdown::harness::Summary::of(&[3.0, 1.0, 2.0, 10.0]).unwrap();
    /// assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 10.0));
    /// ```
    pub fn of(samples: &[f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[mid]
        } else {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        };
        Some(Summary {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        })
    }
}

/// The measurements of one peer.
#[derive(Clone, Debug)]
pub struct PeerResult {
    /// The peer's name.
    pub name: &'static str,
    /// How the peer did the work.
    pub how: String,
    /// Nanoseconds per operation, one sample per measured round, in round order.
    pub samples: Vec<f64>,
    /// Median and range of `samples`.
    pub summary: Summary,
}

/// The measurements of every peer of one workload.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The workload's name.
    pub name: &'static str,
    /// The workload's description.
    pub title: String,
    /// What one operation is.
    pub op: &'static str,
    /// Operations per batch.
    pub ops_per_batch: u64,
    /// Measured rounds.
    pub rounds: usize,
    /// One entry per peer, in run order.
    pub peers: Vec<PeerResult>,
    /// The workload's speed targets.
    pub bars: Vec<Bar>,
}

impl Outcome {
    /// The results of the peer called `name`.
    pub fn peer(&self, name: &str) -> Option<&PeerResult> {
        self.peers.iter().find(|p| p.name == name)
    }

    /// `peer`'s median divided by `baseline`'s median (below 1: `peer` is faster).
    pub fn ratio(&self, peer: &str, baseline: &str) -> Option<f64> {
        Some(self.peer(peer)?.summary.median / self.peer(baseline)?.summary.median)
    }

    /// The per-round ratios `peer / baseline` (both ran in the same round, so they saw the
    /// same machine conditions), summarised. Steadier than the ratio of medians when the
    /// machine is noisy.
    pub fn paired_ratio(&self, peer: &str, baseline: &str) -> Option<Summary> {
        let (p, b) = (self.peer(peer)?, self.peer(baseline)?);
        let ratios: Vec<f64> = p
            .samples
            .iter()
            .zip(&b.samples)
            .map(|(p, b)| p / b)
            .collect();
        Summary::of(&ratios)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(Summary::of(&[5.0, 1.0, 3.0]).unwrap().median, 3.0);
        assert_eq!(Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap().median, 2.5);
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[1.0, f64::NAN]), None);
    }
}
