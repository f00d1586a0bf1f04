//! `--mode arena-axum`: arena mode as a Rust user would write it with axum 0.8.
//!
//! A [`Router`] with `POST /ingest` and `GET /metrics`; the application state holds the
//! [`ArenaPool`] and the server's shared state, and each handler extracts what it needs with
//! `State<Arc<...>>` ([`FromRef`]). The ingest handler takes the body as [`Bytes`] (limited by
//! [`DefaultBodyLimit`] to the server's body limit), takes an arena from the pool with
//! `pool.get()`, decodes the body into it and answers the same summary as the bare hyper
//! handler, from the same code ([`arena::summarise_in`] and the server's replies and
//! counters). Nothing awaits between `pool.get()` and the answer, so the arena and the data
//! borrowed from it stay on the worker thread, and the handler's future is `Send` though the
//! arena is not.
//!
//! The server's accept loop, connection setup (HTTP/1.1, `TCP_NODELAY`) and counters are the
//! same as in the other modes (`axum::serve` would also do HTTP/2 detection): what differs is
//! axum's routing, extractors and boxed bodies. Errors are the same JSON answers with the same
//! codes; one difference is axum's: a body over the limit is not drained, so its 413 closes
//! the connection (`connection: close`).

use crate::arena;
use crate::server::{ReplyBody, State as Server};
use arenakit::ArenaPool;
use axum::Router;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::routing::{get, post};
use bytes::Bytes;
use hyper::{Response, StatusCode};
use std::sync::Arc;

/// The router's state.
#[derive(Clone)]
struct App {
    pool: Arc<ArenaPool>,
    server: Arc<Server>,
}

impl FromRef<App> for Arc<ArenaPool> {
    fn from_ref(app: &App) -> Self {
        Arc::clone(&app.pool)
    }
}

impl FromRef<App> for Arc<Server> {
    fn from_ref(app: &App) -> Self {
        Arc::clone(&app.server)
    }
}

/// The routes, over `pool` and the server's state.
pub(crate) fn router(pool: Arc<ArenaPool>, server: Arc<Server>) -> Router {
    let limit = server.config.body_limit;
    Router::new()
        .route("/ingest", post(ingest))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(App { pool, server })
}

/// `POST /ingest`: the body decoded into a pooled arena, answered with its summary.
async fn ingest(
    State(pool): State<Arc<ArenaPool>>,
    State(server): State<Arc<Server>>,
    body: Result<Bytes, BytesRejection>,
) -> Response<ReplyBody> {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return server.too_large(false);
        }
        Err(rejection) => return server.unreadable(rejection.body_text()),
    };
    // From here on nothing awaits: the arena and the data decoded into it stay on this thread.
    let arena = pool.get();
    server.summary_reply(|out| arena::summarise_in(&arena, &body, out).map_err(|e| e.to_string()))
}

/// `GET /metrics` (and `HEAD`).
async fn metrics(State(server): State<Arc<Server>>) -> Response<ReplyBody> {
    server.metrics_reply()
}

/// 404, after reading the body so the connection stays usable.
async fn not_found(
    State(server): State<Arc<Server>>,
    body: Result<Bytes, BytesRejection>,
) -> Response<ReplyBody> {
    discarded(body, server.not_found())
}

/// 405 (axum adds the `allow` header), after reading the body.
async fn method_not_allowed(
    State(server): State<Arc<Server>>,
    body: Result<Bytes, BytesRejection>,
) -> Response<ReplyBody> {
    discarded(body, server.method_not_allowed())
}

/// `response`, saying that the connection closes when the request's body could not be read.
fn discarded(
    body: Result<Bytes, BytesRejection>,
    mut response: Response<ReplyBody>,
) -> Response<ReplyBody> {
    if body.is_err() {
        response.headers_mut().insert(
            hyper::header::CONNECTION,
            hyper::header::HeaderValue::from_static("close"),
        );
    }
    response
}
