//! The HTTP side: hyper 1.x (HTTP/1.1) on the tokio runtime the caller runs, routing,
//! body limit, error replies, counters and `GET /metrics`.
//!
//! Both front ends share the accept loop, the connection setup, the counters and the replies
//! (everything below but the routing): the bare hyper handler (heap and arena modes) and the
//! axum router of `--mode arena-axum` (`src/web.rs`).

use crate::live::LiveObjects;
use crate::{Config, Mode, arena, heap, web};
use arenakit::ArenaPool;
use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::cell::RefCell;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// Bytes of an oversized body the server still reads (and discards) before it answers 413, so
/// the client, still sending, gets the answer instead of a connection reset. A body declared
/// larger than the limit plus this is answered at once.
pub const DRAIN_LIMIT: u64 = 16 << 20;

/// The replies' body type.
pub type ReplyBody = Full<Bytes>;

/// A bound server, ready to [`serve`](Server::serve).
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    live: Option<LiveObjects>,
}

impl Server {
    /// Builds the live objects (if any), then binds `config.addr`.
    ///
    /// # Errors
    ///
    /// The address cannot be bound.
    pub async fn bind(config: Config) -> io::Result<Server> {
        let started = Instant::now();
        let live = (config.live_objects > 0).then(|| LiveObjects::new(config.live_objects, 0x5eed));
        let live_built_in = started.elapsed();
        let listener = TcpListener::bind(config.addr).await?;
        let pool = config.mode.uses_arenas().then(|| Arc::new(pool(&config)));
        let state = Arc::new(State {
            pool,
            live_replaced: live.as_ref().map(LiveObjects::replaced_counter),
            live_churn_ns: live.as_ref().map(LiveObjects::churn_time_counter),
            live_built_in,
            counters: Counters::default(),
            errors: ErrorLog::default(),
            started: Instant::now(),
            config,
        });
        Ok(Server {
            listener,
            state,
            live,
        })
    }

    /// The address the server listens on (the port chosen when `config.addr` had port 0).
    ///
    /// # Errors
    ///
    /// The socket's address cannot be read.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// How long building the live objects took.
    pub fn live_built_in(&self) -> Duration {
        self.state.live_built_in
    }

    /// Serves connections until `shutdown` completes, then stops accepting (connections
    /// already open finish on the runtime) and stops the live objects' churn.
    ///
    /// # Errors
    ///
    /// None so far: accept errors (such as running out of file descriptors) are logged and
    /// retried.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let Server {
            listener,
            state,
            live,
        } = self;
        let churn = live.map(|live| tokio::spawn(live.churn()));
        let router = match (&state.pool, state.config.mode) {
            (Some(pool), Mode::ArenaAxum) => {
                Some(web::router(Arc::clone(pool), Arc::clone(&state)))
            }
            _ => None,
        };
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        bump(&state.counters.connections);
                        // Replies are small and written at once: do not wait for more.
                        let _ = stream.set_nodelay(true);
                        let (io, state) = (TokioIo::new(stream), Arc::clone(&state));
                        match &router {
                            Some(router) => tokio::spawn(axum_connection(io, state, router.clone())),
                            None => tokio::spawn(hyper_connection(io, state)),
                        };
                    }
                    Err(err) => {
                        state.errors.log(format_args!("accept: {err}"));
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                },
            }
        }
        if let Some(churn) = churn {
            churn.abort();
            // The task owns the nodes: wait until they are freed.
            let _ = churn.await;
        }
        Ok(())
    }
}

/// The arena pool of the arena modes. Requests run on the tokio worker threads and never
/// await while they hold an arena, so each worker needs one arena at a time, which the pool's
/// per-thread slot serves without a lock: the pool creates about one arena per worker
/// (`/metrics`: `pool.created`).
///
/// Every arena keeps up to 1 MiB of chunks across requests (`max_retained`), so a larger batch
/// grows it once and later ones reuse the memory instead of taking chunks from the global
/// allocator and giving them back at every request (`pool.trimmed_bytes` counts the bytes
/// given back). The limit (16 body limits, at least 1 MiB) bounds one request's arena.
fn pool(config: &Config) -> ArenaPool {
    ArenaPool::builder()
        .limit(pool_limit(config))
        .max_retained(POOL_MAX_RETAINED)
        .build()
}

/// Bytes each pooled arena keeps across requests.
const POOL_MAX_RETAINED: usize = 1 << 20;

/// The memory limit of each pooled arena.
fn pool_limit(config: &Config) -> usize {
    config.body_limit.saturating_mul(16).max(1 << 20)
}

/// Serves one connection with the bare hyper handler.
async fn hyper_connection(io: TokioIo<tokio::net::TcpStream>, state: Arc<State>) {
    let shared = Arc::clone(&state);
    let service = service_fn(move |req| {
        let state = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(state.counted(state.route(req)).await) }
    });
    serve_connection(io, &state, service).await;
}

/// Serves one connection with the axum router (`--mode arena-axum`).
async fn axum_connection(
    io: TokioIo<tokio::net::TcpStream>,
    state: Arc<State>,
    router: axum::Router,
) {
    let shared = Arc::clone(&state);
    let router = TowerToHyperService::new(router);
    let service = service_fn(move |req| {
        let state = Arc::clone(&shared);
        let response = hyper::service::Service::call(&router, req);
        async move {
            let response = async { response.await.unwrap_or_else(|never| match never {}) };
            Ok::<_, Infallible>(state.counted(response).await)
        }
    });
    serve_connection(io, &state, service).await;
}

/// Serves HTTP/1.1 on `io` with `service`, counting a connection that ends with an error.
async fn serve_connection<S, B>(io: TokioIo<tokio::net::TcpStream>, state: &State, service: S)
where
    S: hyper::service::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>,
    B: Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    // Errors here are the peer's (reset, close in the middle of a request, malformed request
    // line); hyper has already answered what could be answered (a 400 for a request it cannot
    // parse, which never reaches the handler). They are counted, not logged.
    if http1::Builder::new()
        .serve_connection(io, service)
        .await
        .is_err()
    {
        bump(&state.counters.connection_errors);
    }
}

/// What every connection shares.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: Config,
    /// The arenas (arena modes).
    pub(crate) pool: Option<Arc<ArenaPool>>,
    live_replaced: Option<Arc<AtomicU64>>,
    live_churn_ns: Option<Arc<AtomicU64>>,
    live_built_in: Duration,
    counters: Counters,
    errors: ErrorLog,
    started: Instant,
}

/// Request and connection counters.
#[derive(Debug, Default)]
struct Counters {
    /// Requests that reached the handler, counted on arrival (so minus the responses below:
    /// the requests in flight, or abandoned by their client while the body was read).
    requests: AtomicU64,
    ok: AtomicU64,
    bad_request: AtomicU64,
    too_large: AtomicU64,
    not_found: AtomicU64,
    method_not_allowed: AtomicU64,
    /// Responses the handler returned, by status class: `[1xx, 2xx, 3xx, 4xx, 5xx]` (counted
    /// once the response is built, so a `/metrics` document does not count its own).
    responses: [AtomicU64; 5],
    /// Connections accepted.
    connections: AtomicU64,
    /// Connections that ended with an error (see [`connection`]).
    connection_errors: AtomicU64,
}

impl Counters {
    fn count_response(&self, status: StatusCode) {
        // A `StatusCode` is within 100..=999; the classes above 5xx (never answered) count as 5xx.
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        bump(&self.responses[class]);
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

std::thread_local! {
    /// The summary buffer each worker thread reuses.
    static OUT: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(512));
}

/// Why a body was not read.
enum BodyError {
    /// Larger than the limit; whether the rest was drained (so the connection can stay open).
    TooLarge { drained: bool },
    /// The connection failed while reading it.
    Read(hyper::Error),
}

impl State {
    /// Counts a request that reached a handler, and its response by status class.
    async fn counted<B>(&self, response: impl Future<Output = Response<B>>) -> Response<B> {
        bump(&self.counters.requests);
        let response = response.await;
        self.counters.count_response(response.status());
        response
    }

    async fn route(&self, req: Request<Incoming>) -> Response<ReplyBody> {
        // A client waiting for `100 Continue` has not sent the body yet: an oversized or
        // unwanted one is refused without asking for it.
        let waits = req
            .headers()
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        let (parts, body) = req.into_parts();
        let response = match (parts.uri.path(), &parts.method) {
            ("/ingest", &Method::POST) => return self.ingest(body, !waits).await,
            ("/metrics", &Method::GET | &Method::HEAD) => self.metrics_reply(),
            ("/ingest", _) => allow(self.method_not_allowed(), "POST"),
            ("/metrics", _) => allow(self.method_not_allowed(), "GET, HEAD"),
            _ => self.not_found(),
        };
        self.discard_body(body, !waits, response).await
    }

    /// Finishes an answer that did not need the request's body: reads and discards the body
    /// first (at most the body limit plus [`DRAIN_LIMIT`] bytes) so the connection stays
    /// usable, or, when it is not read (larger than that, or its client waits for
    /// `100 Continue`), says that the connection closes.
    ///
    /// Left unread, the body makes hyper (1.12) close the connection after the answer, with
    /// `connection: close` in it when the body was already there, without it when the body
    /// came a little after the head: that close goes unannounced, and a keep-alive client's
    /// next request on the connection fails. `scripts/soak.sh` found it with a client that
    /// writes the head and the body separately (Python's `http.client`).
    async fn discard_body(
        &self,
        mut body: Incoming,
        may_read: bool,
        mut response: Response<ReplyBody>,
    ) -> Response<ReplyBody> {
        if body.is_end_stream() {
            return response;
        }
        let budget = (self.config.body_limit as u64).saturating_add(DRAIN_LIMIT);
        let drained =
            may_read && body.size_hint().lower() <= budget && drain(&mut body, budget).await;
        if !drained {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }

    /// The 200 answer to `GET /metrics`.
    pub(crate) fn metrics_reply(&self) -> Response<ReplyBody> {
        let metrics = Bytes::from(self.metrics().to_string());
        bump(&self.counters.ok);
        reply(StatusCode::OK, metrics)
    }

    /// The 404 answer.
    pub(crate) fn not_found(&self) -> Response<ReplyBody> {
        bump(&self.counters.not_found);
        error_reply(StatusCode::NOT_FOUND, "no such route")
    }

    /// The 405 answer (without its `allow` header: the router knows the methods).
    pub(crate) fn method_not_allowed(&self) -> Response<ReplyBody> {
        bump(&self.counters.method_not_allowed);
        error_reply(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
    }

    /// `POST /ingest`; `drain`: whether an oversized body is read and discarded (so the
    /// connection stays usable) rather than refused at once.
    async fn ingest(&self, mut body: Incoming, drain: bool) -> Response<ReplyBody> {
        let limit = self.config.body_limit;
        let bytes = match read_body(&mut body, limit, drain).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge { drained }) => return self.too_large(drained),
            Err(BodyError::Read(err)) => return self.unreadable(err),
        };
        // Parse and summarise synchronously: arena data never lives across an await.
        self.summary_reply(|out| match &self.pool {
            Some(pool) => arena::summarise(pool, &bytes, out).map_err(|e| e.to_string()),
            None => heap::summarise(&bytes, out).map_err(|e| e.to_string()),
        })
    }

    /// The 413 answer to a body over the limit; `drained`: whether the rest of the body was
    /// read (else the connection closes).
    pub(crate) fn too_large(&self, drained: bool) -> Response<ReplyBody> {
        let limit = self.config.body_limit;
        bump(&self.counters.too_large);
        self.errors
            .log(format_args!("413: body larger than {limit} bytes"));
        let message = format!("body larger than {limit} bytes");
        let mut response = error_reply(StatusCode::PAYLOAD_TOO_LARGE, &message);
        if !drained {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }

    /// The 400 answer to a body that could not be read.
    pub(crate) fn unreadable(&self, err: impl fmt::Display) -> Response<ReplyBody> {
        bump(&self.counters.bad_request);
        self.errors
            .log(format_args!("400: reading the body: {err}"));
        error_reply(StatusCode::BAD_REQUEST, &format!("reading the body: {err}"))
    }

    /// The answer to `POST /ingest` once the body is read: `summarise` writes the summary to
    /// this worker thread's reused buffer (200), or says why the body is not a batch (400).
    pub(crate) fn summary_reply(
        &self,
        summarise: impl FnOnce(&mut Vec<u8>) -> Result<(), String>,
    ) -> Response<ReplyBody> {
        let summary =
            OUT.with_borrow_mut(|out| summarise(out).map(|()| Bytes::copy_from_slice(out)));
        match summary {
            Ok(summary) => {
                bump(&self.counters.ok);
                reply(StatusCode::OK, summary)
            }
            Err(message) => {
                bump(&self.counters.bad_request);
                self.errors.log(format_args!("400: {message}"));
                error_reply(StatusCode::BAD_REQUEST, &message)
            }
        }
    }

    /// The `/metrics` document.
    fn metrics(&self) -> serde_json::Value {
        let c = &self.counters;
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let pool = self.pool.as_ref().map(|pool| {
            let m = pool.metrics();
            serde_json::json!({
                "gets": m.gets,
                "created": m.created,
                "dropped": m.dropped,
                "active": m.active,
                "idle": m.idle,
                "high_water_active": m.high_water_active,
                "capacity_bytes": m.capacity_bytes,
                "used_bytes": m.used_bytes,
                "trimmed_bytes": m.trimmed_bytes,
                "max_idle": pool.max_idle(),
                "shards": pool.shards(),
                "max_retained": POOL_MAX_RETAINED,
                "limit": pool_limit(&self.config),
            })
        });
        let status = ProcStatus::read();
        let [r1, r2, r3, r4, r5] = &c.responses;
        serde_json::json!({
            "pid": std::process::id(),
            "mode": self.config.mode.as_str(),
            "allocator": self.config.allocator,
            "uptime_s": self.started.elapsed().as_secs_f64(),
            "worker_threads": tokio::runtime::Handle::try_current()
                .map_or(0, |runtime| runtime.metrics().num_workers()),
            "body_limit": self.config.body_limit,
            "requests": load(&c.requests),
            "responses": {
                "1xx": load(r1),
                "2xx": load(r2),
                "3xx": load(r3),
                "4xx": load(r4),
                "5xx": load(r5),
            },
            "connections": {
                "accepted": load(&c.connections),
                "errors": load(&c.connection_errors),
            },
            "ok": load(&c.ok),
            "errors": {
                "bad_request": load(&c.bad_request),
                "too_large": load(&c.too_large),
                "not_found": load(&c.not_found),
                "method_not_allowed": load(&c.method_not_allowed),
                "logged": self.errors.logged.load(Ordering::Relaxed),
                "suppressed": self.errors.suppressed.load(Ordering::Relaxed),
            },
            "rss_bytes": status.rss_bytes,
            "rss_peak_bytes": status.rss_peak_bytes,
            "live_objects": self.config.live_objects,
            "live_built_ms": self.live_built_in.as_secs_f64() * 1e3,
            "live_replaced": self.live_replaced.as_ref().map(|c| c.load(Ordering::Relaxed)),
            "live_churn_ms": self
                .live_churn_ns
                .as_ref()
                .map(|c| c.load(Ordering::Relaxed) as f64 / 1e6),
            "pool": pool,
        })
    }
}

/// Reads the whole body, at most `limit` bytes; a single-frame body (the usual case) is not
/// copied. An oversized body is drained up to [`DRAIN_LIMIT`] more bytes if `may_drain`.
async fn read_body(body: &mut Incoming, limit: usize, may_drain: bool) -> Result<Bytes, BodyError> {
    let limit = limit as u64;
    let declared = body.size_hint().lower();
    if declared > limit {
        let drained = may_drain
            && declared <= limit.saturating_add(DRAIN_LIMIT)
            && drain(body, declared).await;
        return Err(BodyError::TooLarge { drained });
    }
    let mut first = Bytes::new();
    let mut joined: Option<BytesMut> = None;
    let mut total = 0u64;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(BodyError::Read)?.into_data() else {
            continue; // trailers
        };
        total += data.len() as u64;
        if total > limit {
            let budget = limit.saturating_add(DRAIN_LIMIT).saturating_sub(total);
            let drained = may_drain && drain(body, budget).await;
            return Err(BodyError::TooLarge { drained });
        }
        match &mut joined {
            Some(joined) => joined.extend_from_slice(&data),
            None if first.is_empty() => first = data,
            None => {
                let mut buf = BytesMut::with_capacity(declared.max(total) as usize);
                buf.extend_from_slice(&first);
                buf.extend_from_slice(&data);
                joined = Some(buf);
            }
        }
    }
    Ok(joined.map_or(first, BytesMut::freeze))
}

/// Reads and discards the rest of `body`, at most `budget` bytes; whether it ended.
async fn drain(body: &mut Incoming, mut budget: u64) -> bool {
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return false };
        if let Some(data) = frame.data_ref() {
            let Some(left) = budget.checked_sub(data.len() as u64) else {
                return false;
            };
            budget = left;
        }
    }
    true
}

fn reply(status: StatusCode, body: Bytes) -> Response<ReplyBody> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `response` with an `allow` header naming `methods`.
fn allow(mut response: Response<ReplyBody>, methods: &'static str) -> Response<ReplyBody> {
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(methods));
    response
}

fn error_reply(status: StatusCode, message: &str) -> Response<ReplyBody> {
    let body = serde_json::json!({ "error": message }).to_string();
    reply(status, Bytes::from(body))
}

/// Per-request errors go to stderr, at most one line a second; the others are counted and
/// the next line says how many were left out.
#[derive(Debug)]
struct ErrorLog {
    start: Instant,
    /// Second (since `start`) before which nothing more is logged.
    next: AtomicU64,
    logged: AtomicU64,
    suppressed: AtomicU64,
    /// Suppressed since the last line.
    pending: AtomicU64,
}

impl Default for ErrorLog {
    fn default() -> Self {
        ErrorLog {
            start: Instant::now(),
            next: AtomicU64::new(0),
            logged: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
            pending: AtomicU64::new(0),
        }
    }
}

impl ErrorLog {
    fn log(&self, message: fmt::Arguments<'_>) {
        let now = self.start.elapsed().as_secs();
        let next = self.next.load(Ordering::Relaxed);
        if now >= next
            && self
                .next
                .compare_exchange(next, now + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            bump(&self.logged);
            let pending = self.pending.swap(0, Ordering::Relaxed);
            if pending > 0 {
                eprintln!("logserver: {message} ({pending} more errors since the last line)");
            } else {
                eprintln!("logserver: {message}");
            }
        } else {
            bump(&self.suppressed);
            bump(&self.pending);
        }
    }
}

/// Memory figures of this process, from `/proc/self/status` (zero where unavailable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProcStatus {
    /// Resident set size (`VmRSS`).
    pub rss_bytes: u64,
    /// Peak resident set size (`VmHWM`).
    pub rss_peak_bytes: u64,
}

impl ProcStatus {
    /// Reads `/proc/self/status`.
    ///
    /// # Examples
    ///
    /// ```
    /// let status = logserver::server::ProcStatus::read();
    /// # #[cfg(target_os = "linux")]
    /// assert!(status.rss_bytes > 0 && status.rss_peak_bytes >= status.rss_bytes);
    /// ```
    pub fn read() -> Self {
        std::fs::read_to_string("/proc/self/status")
            .map_or_else(|_| Self::default(), |s| Self::parse(&s))
    }

    /// Parses the text of a `/proc/<pid>/status` file.
    ///
    /// # Examples
    ///
    /// ```
    /// let status = logserver::server::ProcStatus::parse("VmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n");
    /// assert_eq!((status.rss_bytes, status.rss_peak_bytes), (1 << 20, 2 << 20));
    /// ```
    pub fn parse(status: &str) -> Self {
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .map_or(0, |kib| kib * 1024)
        };
        ProcStatus {
            rss_bytes: kib("VmRSS:"),
            rss_peak_bytes: kib("VmHWM:"),
        }
    }
}
