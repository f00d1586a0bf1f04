//! `--live-objects`: a large, busy global heap in the background, as in the seed's measurement.
//!
//! Before serving, the server builds N nodes, each an id, a 16-byte name `String` and a link to
//! another node (by index), each node and each name its own heap allocation: what an
//! in-process cache holds. While serving, a background task replaces 1,000 random nodes every
//! 10 ms (freeing the old node and name, allocating new ones), so the global allocator works
//! on a large, fragmented heap while the requests use it too.

use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Nodes replaced per tick.
pub const REPLACED_PER_TICK: usize = 1_000;

/// Time between ticks.
pub const TICK: Duration = Duration::from_millis(10);

/// One cached object.
#[derive(Debug)]
pub struct Node {
    /// Its id.
    pub id: u64,
    /// Its name, 16 bytes.
    pub name: String,
    /// Index of another node.
    pub next: usize,
}

/// The live nodes and the generator that picks which to replace.
#[derive(Debug)]
pub struct LiveObjects {
    #[expect(
        clippy::vec_box,
        reason = "each node is its own heap allocation, as in a real cache (and the seed)"
    )]
    nodes: Vec<Box<Node>>,
    rng: SmallRng,
    next_id: u64,
    replaced: Arc<AtomicU64>,
    /// Nanoseconds spent replacing nodes in [`churn`](LiveObjects::churn).
    churn_ns: Arc<AtomicU64>,
}

impl LiveObjects {
    /// Builds `count` nodes; `seed` makes the run reproducible.
    ///
    /// # Examples
    ///
    /// ```
    /// let live = logserver::live::LiveObjects::new(10, 1);
    /// assert_eq!(live.len(), 10);
    /// assert!(live.nodes().iter().all(|n| n.name.len() == 16 && n.next < 10));
    /// ```
    pub fn new(count: usize, seed: u64) -> Self {
        let mut live = LiveObjects {
            nodes: Vec::with_capacity(count),
            rng: SmallRng::seed_from_u64(seed),
            next_id: 0,
            replaced: Arc::new(AtomicU64::new(0)),
            churn_ns: Arc::new(AtomicU64::new(0)),
        };
        for _ in 0..count {
            let node = live.node();
            live.nodes.push(node);
        }
        live
    }

    /// A new node linked to a random one.
    fn node(&mut self) -> Box<Node> {
        let id = self.next_id;
        self.next_id += 1;
        let bound = self.nodes.capacity().max(1);
        Box::new(Node {
            id,
            name: format!("node-{:011}", id % 100_000_000_000),
            next: self.rng.random_range(0..bound),
        })
    }

    /// Replaces `count` random nodes by new ones (no-op when there are none).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut live = logserver::live::LiveObjects::new(100, 1);
    /// live.replace(10);
    /// assert_eq!(live.replaced(), 10);
    /// assert!(live.nodes().iter().any(|n| n.id >= 100));
    /// ```
    pub fn replace(&mut self, count: usize) {
        if self.nodes.is_empty() {
            return;
        }
        for _ in 0..count {
            let at = self.rng.random_range(0..self.nodes.len());
            self.nodes[at] = self.node();
        }
        self.replaced.fetch_add(count as u64, Ordering::Relaxed);
    }

    /// Number of live nodes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(logserver::live::LiveObjects::new(0, 1).is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no nodes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!logserver::live::LiveObjects::new(1, 1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The nodes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(logserver::live::LiveObjects::new(3, 1).nodes()[2].id, 2);
    /// ```
    pub fn nodes(&self) -> &[Box<Node>] {
        &self.nodes
    }

    /// Nodes replaced so far.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(logserver::live::LiveObjects::new(3, 1).replaced(), 0);
    /// ```
    pub fn replaced(&self) -> u64 {
        self.replaced.load(Ordering::Relaxed)
    }

    /// A shared handle on the replacement counter (for metrics).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut live = logserver::live::LiveObjects::new(3, 1);
    /// let counter = live.replaced_counter();
    /// live.replace(2);
    /// assert_eq!(counter.load(std::sync::atomic::Ordering::Relaxed), 2);
    /// ```
    pub fn replaced_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.replaced)
    }

    /// A shared handle on the time [`churn`](LiveObjects::churn) has spent replacing nodes,
    /// in nanoseconds (for metrics: the churn's share of the server's CPU time).
    ///
    /// # Examples
    ///
    /// ```
    /// let live = logserver::live::LiveObjects::new(3, 1);
    /// assert_eq!(live.churn_time_counter().load(std::sync::atomic::Ordering::Relaxed), 0);
    /// ```
    pub fn churn_time_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.churn_ns)
    }

    /// Replaces [`REPLACED_PER_TICK`] random nodes every [`TICK`], forever (the server aborts
    /// the task when it stops; the nodes are freed then), adding the time each round took to
    /// the [`churn_time_counter`](LiveObjects::churn_time_counter).
    pub async fn churn(mut self) {
        let mut ticks = tokio::time::interval(TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let started = Instant::now();
            self.replace(REPLACED_PER_TICK);
            let took = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.churn_ns.fetch_add(took, Ordering::Relaxed);
        }
    }
}
