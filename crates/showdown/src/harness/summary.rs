//! Summaries of the samples: medians, ranges and ratios between peers.

use super::Bar;

/// A thread-scaling comparison: the same work done by `one` on one thread and by `many` on
/// `threads` threads at once, both timed per operation *per thread* (wall time of the batch
/// divided by the operations each thread did). The throughput ratio is
/// `threads x one / many`: `threads` means perfect scaling, 1 none.
#[derive(Clone, Debug, PartialEq)]
pub struct Scaling {
    /// What is scaled, for the report.
    pub label: &'static str,
    /// The one-thread peer.
    pub one: &'static str,
    /// The many-thread peer.
    pub many: &'static str,
    /// Threads of `many`.
    pub threads: u32,
}

/// The headline comparison of a workload: which peer stands for arenakit, and which arena
/// peers it is measured against (see [`Workload::headline`](super::Workload::headline)).
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// The peer that stands for arenakit.
    pub peer: &'static str,
    /// The arena peers it is compared with; the fastest of them is the "best arena peer".
    pub rivals: Vec<&'static str>,
}

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
    /// CPU nanoseconds the whole process used per operation, one sample per measured round
    /// (empty where the CPU clock is unavailable): with several threads, the sum of their CPU
    /// time, so it excludes time spent waiting for a core.
    pub cpu_samples: Vec<f64>,
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
    /// The peers the report's ratio columns divide by (empty: the default ones).
    pub columns: Vec<&'static str>,
    /// The workload's thread-scaling comparisons.
    pub scaling: Vec<Scaling>,
    /// Explanations printed under the table.
    pub notes: Vec<String>,
    /// Threads every peer ran on, if the report should show CPU time per operation.
    pub cpu_threads: Option<u32>,
    /// The headline comparison the workload declared, if any (`None`: the default one).
    pub headline: Option<Headline>,
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

    /// The throughput ratio of `scaling`: `threads x one / many` from the medians, and the
    /// same from the per-round ratios (median and range). `None` if a peer is missing.
    pub fn throughput(&self, scaling: &Scaling) -> Option<(f64, Summary)> {
        let threads = f64::from(scaling.threads);
        let ratio = threads * self.ratio(scaling.one, scaling.many)?;
        let paired = self.paired_ratio(scaling.one, scaling.many)?;
        let scaled = Summary {
            median: threads * paired.median,
            min: threads * paired.min,
            max: threads * paired.max,
        };
        Some((ratio, scaled))
    }

    /// The throughput ratio of `scaling` the threads would reach with a core each: computed
    /// from CPU time instead of wall time, so time spent waiting for a core (other jobs on the
    /// machine) does not count, while the cost of sharing (contended locks, cache lines moving
    /// between cores) does. Per round, the one-thread batch's CPU time per operation over the
    /// many-thread batch's CPU time per operation per thread, times `threads`; summarised over
    /// the rounds. Time a thread spends asleep on a lock is not CPU time, so for a peer whose
    /// threads block on each other this overestimates.
    pub fn cpu_throughput(&self, scaling: &Scaling) -> Option<Summary> {
        let (one, many) = (self.peer(scaling.one)?, self.peer(scaling.many)?);
        let threads = f64::from(scaling.threads);
        // `cpu_samples` are per operation per thread summed over the threads, so the
        // many-thread CPU per operation per thread is the sample divided by `threads`.
        let ratios: Vec<f64> = one
            .cpu_samples
            .iter()
            .zip(&many.cpu_samples)
            .map(|(one, many)| threads * one / (many / threads))
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
