//! The second seed's stress test in Rust: an HTTP log-ingest server, heap vs arena, under
//! load.
//!
//! `POST /ingest` takes a JSON log batch (`data/batch.json` is the reference request: a
//! service, a host and 20 entries, each with `ts`, `level`, `msg`, `tags` and an `attrs` map)
//! and answers a small JSON summary computed from the parsed data, so the parse cannot be
//! skipped (see [`summary`]):
//!
//! ```json
//! {"service":"checkout-api","host":"web-07.prod.internal","entries":20,"levels":{"debug":4,"info":10,"warn":4,"error":2,"other":0},"msg_bytes":915,"tags":42,"attrs":60}
//! ```
//!
//! `GET /metrics` answers the process id, the mode, the global allocator, tokio's worker
//! threads, request and error counters, responses by status class, connections (accepted,
//! ended with an error), the arena pool's metrics and settings (arena modes: arenas created
//! and dropped, bytes used and bytes given back to the global allocator by trimming, idle
//! arenas, shards, `max_idle`, `max_retained`, limit), the live objects' churn (nodes replaced,
//! time spent) and the process's RSS. A malformed body gets a 400, a body over
//! the limit (`--body-limit`, 1 MiB by default) a 413, an unknown route a 404 and a wrong
//! method a 405, each with a JSON `{"error": ...}`; errors are logged to stderr, at most one
//! line a second, and counted. A body the answer does not need is read and discarded first, so
//! the connection stays usable (or the answer says `connection: close`).
//!
//! # Modes
//!
//! - `--mode heap` ([`heap`]): serde_json into owned `String`, `Vec` and `HashMap`, as a
//!   typical Rust service would write it: every string, tag list and attribute map is a
//!   global-allocator allocation (`tests/zero_alloc.rs` prints how many a request makes).
//! - `--mode arena` ([`arena`]): each request takes a warm arena from one
//!   [`arenakit::ArenaPool`], decodes the batch into it with [`arenakit::de::from_slice_in`]
//!   and `#[derive(DeserializeIn)]` types, writes the summary to a reused buffer and gives the
//!   arena back, synchronously (no `.await` while arena data is borrowed). Parsing and
//!   summarising make no global-allocator call once warm (`tests/zero_alloc.rs`).
//! - `--mode arena-axum`: the same, as a Rust user would write it with axum 0.8: a `Router`
//!   with `POST /ingest`, whose handler extracts the pool (`State<Arc<ArenaPool>>`) and the
//!   body (`Bytes`, under `DefaultBodyLimit`), calls `pool.get()` and decodes into the arena
//!   with [`arena::summarise_in`]. Same answers, same counters, same accept loop and
//!   connection settings (`src/web.rs`); a body over the limit is not drained, so its 413
//!   closes the connection.
//! - The binary built with `--features mimalloc` runs on mimalloc as its global allocator
//!   (the alternative a Rust user would reach for first); `heap` mode on it is the third
//!   contender. The allocator is printed at startup and reported by `/metrics`.
//!
//! `--live-objects N` builds N live heap nodes before serving and replaces 1,000 random ones
//! every 10 ms while serving (see [`live`]), so the global heap is large, fragmented and busy,
//! as in the seed's measurement. `--threads` sets tokio's worker threads (default: the CPUs the
//! process may run on, so one under `taskset -c 1`).
//!
//! # Running it
//!
//! ```sh
//! cargo run --release -p logserver -- --mode arena --port 8080 --live-objects 500000
//! curl -s --data-binary @crates/logserver/data/batch.json http://127.0.0.1:8080/ingest
//! curl -s http://127.0.0.1:8080/metrics
//! ```
//!
//! # The stress test
//!
//! `scripts/stress.sh` installs `hey` and `wrk` (Debian's packages) if missing, builds the
//! server in release with and without `mimalloc`, and for heap, heap+mimalloc, arena and
//! arena-axum in turn (for several repeats, the order rotating) starts it pinned to one CPU
//! with the live objects and one worker thread, warms it up, then puts it under two loads from
//! the other CPU: the seed's `hey -n N -c 100` and `wrk -c 100` for a fixed time (`wrk`, in C,
//! saturates the server; `hey` cannot). It checks that every answer was a 200 and that sample
//! summaries are the expected one, reads the server's CPU time, page faults and context
//! switches from `/proc` and `/metrics` around each load, and prints one Markdown table per
//! load (medians and min-max of RPS, p50, p99, max latency and server CPU per request) and one
//! of per-run diagnostics (pool arenas created, bytes trimmed, page faults per request, churn
//! time, CPU taken by other processes on the server's CPU), written to
//! `target/stress/report.md`:
//!
//! ```sh
//! scripts/stress.sh --quick   # 100,000 requests, 500,000 live objects, 3 repeats (default)
//! scripts/stress.sh --seed    # 1,000,000 requests, 5,000,000 live objects, as the seed
//! scripts/stress.sh --smoke   # 2,000 requests, 10,000 live objects, 1 repeat: checks the script
//! ```
//!
//! # The soak test
//!
//! `scripts/soak.sh <minutes>` runs the server in arena mode with 500,000 live objects under
//! continuous `hey` load plus a stream of malformed requests, checks every answer, samples RSS
//! every second and checks the clients' totals against `/metrics` at the end; it passes when
//! RSS stays flat (at most 5% above its level at the end of the warm-up), no request is lost or
//! wrong and the server never restarts (`docs/soak.md`).

pub mod arena;
pub mod heap;
pub mod live;
pub mod server;
pub mod summary;
mod web;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};

pub use server::Server;

/// The reference request (`data/batch.json`).
pub const BATCH_JSON: &[u8] = include_bytes!("../data/batch.json");

/// Default body limit: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// How requests are parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Mode {
    /// serde_json into owned std types.
    Heap,
    /// arenakit's decoder into a pooled arena.
    Arena,
    /// arena, behind an axum router (`State<Arc<ArenaPool>>`, `Bytes`, `pool.get()`).
    ArenaAxum,
}

impl Mode {
    /// The mode's name, as given on the command line.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(logserver::Mode::Arena.as_str(), "arena");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Heap => "heap",
            Mode::Arena => "arena",
            Mode::ArenaAxum => "arena-axum",
        }
    }

    /// Whether requests are parsed into pooled arenas.
    ///
    /// # Examples
    ///
    /// ```
    /// use logserver::Mode;
    ///
    /// assert!(Mode::ArenaAxum.uses_arenas() && !Mode::Heap.uses_arenas());
    /// ```
    pub fn uses_arenas(self) -> bool {
        matches!(self, Mode::Arena | Mode::ArenaAxum)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a [`Server`] does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Heap or arena parsing.
    pub mode: Mode,
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    /// Largest body accepted, in bytes; larger ones get a 413.
    pub body_limit: usize,
    /// Live heap nodes built before serving and churned while serving.
    pub live_objects: usize,
    /// Name of the process's global allocator, as reported by `/metrics` (the binary sets
    /// it; the library cannot know which allocator its user installed).
    pub allocator: &'static str,
}

impl Config {
    /// Defaults for `mode`: 127.0.0.1 on any free port, 1 MiB body limit, no live objects,
    /// the system allocator.
    ///
    /// # Examples
    ///
    /// ```
    /// let config = logserver::Config::new(logserver::Mode::Heap);
    /// assert_eq!(config.addr.port(), 0);
    /// assert_eq!(config.body_limit, logserver::DEFAULT_BODY_LIMIT);
    /// ```
    pub fn new(mode: Mode) -> Self {
        Config {
            mode,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            body_limit: DEFAULT_BODY_LIMIT,
            live_objects: 0,
            allocator: "system",
        }
    }
}
