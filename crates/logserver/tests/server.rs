//! The server in-process on an ephemeral port, in both modes, driven by hyper's client:
//! summaries, error codes, metrics, live objects.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, SizeHint};
use hyper::{Method, Request, StatusCode, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use logserver::{BATCH_JSON, Config, Mode, Server};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::oneshot;

/// The summary of the reference request.
const EXPECTED: &str = r#"{"service":"checkout-api","host":"web-07.prod.internal","entries":20,"levels":{"debug":4,"info":10,"warn":4,"error":2,"other":0},"msg_bytes":915,"tags":42,"attrs":60}"#;

/// A request body sent in several frames, without a declared length (chunked).
struct Chunks(VecDeque<Bytes>);

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// A body in `n` frames of about equal size.
fn chunked(bytes: &[u8], n: usize) -> Chunks {
    let size = bytes.len().div_ceil(n);
    Chunks(bytes.chunks(size).map(Bytes::copy_from_slice).collect())
}

/// A running server and a client for it.
struct Running {
    addr: SocketAddr,
    client: Client<HttpConnector, Full<Bytes>>,
    stop: Option<oneshot::Sender<()>>,
    served: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn start(config: Config) -> Self {
        let server = Server::bind(config).await.unwrap();
        let addr = server.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(server.serve(async move {
            let _ = stopped.await;
        }));
        let client = Client::builder(TokioExecutor::new()).build_http();
        Running {
            addr,
            client,
            stop: Some(stop),
            served,
        }
    }

    async fn send_body<B>(&self, method: Method, path: &str, body: B) -> (StatusCode, Bytes)
    where
        B: Body<Data = Bytes> + Send + Unpin + 'static,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let client: Client<HttpConnector, B> = Client::builder(TokioExecutor::new()).build_http();
        let request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.addr))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .unwrap();
        let response = client.request(request).await.unwrap();
        let status = response.status();
        (
            status,
            response.into_body().collect().await.unwrap().to_bytes(),
        )
    }

    async fn send(&self, method: Method, path: &str, body: &[u8]) -> (StatusCode, Bytes) {
        let request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.addr))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::copy_from_slice(body)))
            .unwrap();
        let response = self.client.request(request).await.unwrap();
        let status = response.status();
        (
            status,
            response.into_body().collect().await.unwrap().to_bytes(),
        )
    }

    async fn ingest(&self, body: &[u8]) -> (StatusCode, Bytes) {
        self.send(Method::POST, "/ingest", body).await
    }

    async fn metrics(&self) -> serde_json::Value {
        let (status, body) = self.send(Method::GET, "/metrics", b"").await;
        assert_eq!(status, StatusCode::OK);
        serde_json::from_slice(&body).unwrap()
    }

    async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        self.served.await.unwrap().unwrap();
    }
}

/// The `error` message of a JSON error reply.
fn error_message(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    value["error"].as_str().unwrap().to_owned()
}

/// Valid requests, one after another and concurrently, get the reference summary; the
/// counters and the pool metrics add up.
async fn serves_summaries(mode: Mode) {
    let server = Running::start(Config::new(mode)).await;
    for _ in 0..5 {
        let (status, body) = server.ingest(BATCH_JSON).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(std::str::from_utf8(&body).unwrap(), EXPECTED);
    }
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (addr, client) = (server.addr, server.client.clone());
            tokio::spawn(async move {
                for _ in 0..10 {
                    let request = Request::post(format!("http://{addr}/ingest"))
                        .body(Full::new(Bytes::from_static(BATCH_JSON)))
                        .unwrap();
                    let response = client.request(request).await.unwrap();
                    assert_eq!(response.status(), StatusCode::OK);
                    let body = response.into_body().collect().await.unwrap().to_bytes();
                    assert_eq!(body, EXPECTED.as_bytes());
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    // The body in several frames, without a declared length.
    let (status, body) = server
        .send_body(Method::POST, "/ingest", chunked(BATCH_JSON, 5))
        .await;
    assert_eq!((status, &body[..]), (StatusCode::OK, EXPECTED.as_bytes()));

    let metrics = server.metrics().await;
    assert_eq!(metrics["mode"], mode.as_str());
    assert_eq!(metrics["allocator"], "system");
    assert_eq!(metrics["ok"], 86);
    assert_eq!(metrics["requests"], 87); // this /metrics request is counted, not yet ok
    assert!(metrics["rss_bytes"].as_u64().unwrap() > 0);
    match mode {
        Mode::Heap => assert!(metrics["pool"].is_null()),
        Mode::Arena | Mode::ArenaAxum => {
            let pool = &metrics["pool"];
            assert_eq!(pool["gets"], 86);
            assert_eq!(pool["active"], 0);
            assert!(pool["created"].as_u64().unwrap() >= 1);
            assert!(pool["used_bytes"].as_u64().unwrap() > 86 * 915);
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heap_mode_serves_summaries() {
    serves_summaries(Mode::Heap).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arena_mode_serves_summaries() {
    serves_summaries(Mode::Arena).await;
}

/// Malformed, oversized and misrouted requests get JSON errors with the right codes, and the
/// server keeps serving.
async fn rejects_bad_requests(mode: Mode) {
    let limit = 8 * 1024;
    let server = Running::start(Config {
        body_limit: limit,
        ..Config::new(mode)
    })
    .await;

    let malformed: &[&[u8]] = &[
        b"",
        b"{",
        b"[]",
        b"null",
        br#"{"service":"s","host":"h"}"#,
        br#"{"service":1,"host":"h","entries":[]}"#,
        br#"{"service":"s","host":"h","entries":[{"ts":-1,"level":"info","msg":"m","tags":[],"attrs":{}}]}"#,
        br#"{"service":"s","host":"h","entries":[{"ts":1,"level":"info","msg":"m","tags":[1],"attrs":{}}]}"#,
        br#"{"service":"s","host":"h","entries":[]} trailing"#,
        br#"{"service":"\ud800","host":"h","entries":[]}"#,
        b"{\"service\":\"\xff\",\"host\":\"h\",\"entries\":[]}",
        &[b'['; 4096],
    ];
    for body in malformed {
        let (status, reply) = server.ingest(body).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert!(!error_message(&reply).is_empty());
    }

    // Exactly at the limit is fine; one byte more is not, with or without a declared length.
    let mut padded = BATCH_JSON.to_vec();
    padded.resize(limit, b' ');
    let (status, body) = server.ingest(&padded).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, EXPECTED.as_bytes()));
    padded.push(b' ');
    let (status, body) = server.ingest(&padded).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_message(&body).contains("8192"));
    let (status, _) = server
        .send_body(Method::POST, "/ingest", chunked(&padded, 3))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let big = vec![b' '; 1 << 20];
    let (status, _) = server.ingest(&big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let (status, body) = server.send(Method::GET, "/nowhere", b"").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&body), "no such route");
    let (status, _) = server.send(Method::POST, "/", BATCH_JSON).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server.send(Method::GET, "/ingest", b"").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = server.send(Method::POST, "/metrics", b"").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    // Still serving.
    let (status, body) = server.ingest(BATCH_JSON).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, EXPECTED.as_bytes()));

    let metrics = server.metrics().await;
    let errors = &metrics["errors"];
    assert_eq!(errors["bad_request"], malformed.len());
    assert_eq!(errors["too_large"], 3);
    assert_eq!(errors["not_found"], 2);
    assert_eq!(errors["method_not_allowed"], 2);
    assert_eq!(
        errors["logged"].as_u64().unwrap() + errors["suppressed"].as_u64().unwrap(),
        malformed.len() as u64 + 3
    );
    assert_eq!(metrics["ok"], 2);
    if mode.uses_arenas() {
        assert_eq!(metrics["pool"]["active"], 0);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arena_axum_mode_serves_summaries() {
    serves_summaries(Mode::ArenaAxum).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heap_mode_rejects_bad_requests() {
    rejects_bad_requests(Mode::Heap).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arena_mode_rejects_bad_requests() {
    rejects_bad_requests(Mode::Arena).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arena_axum_mode_rejects_bad_requests() {
    rejects_bad_requests(Mode::ArenaAxum).await;
}

/// The axum route answers every request as the bare hyper route does: the same status and the
/// same body, for valid batches, malformed and oversized ones, other routes and methods.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axum_route_answers_as_the_hyper_route() {
    let config = |mode| Config {
        body_limit: 8 * 1024,
        ..Config::new(mode)
    };
    let hyper = Running::start(config(Mode::Arena)).await;
    let axum = Running::start(config(Mode::ArenaAxum)).await;
    let small = br#"{"service":"a\"b","host":"caf\u00e9","entries":[{"ts":0,"level":"INFO","msg":"","tags":["",""],"attrs":{"k":"1","k":"2"}}]}"#;
    let requests: &[(Method, &str, &[u8])] = &[
        (Method::POST, "/ingest", BATCH_JSON),
        (Method::POST, "/ingest", small),
        (Method::POST, "/ingest", b"{"),
        (Method::POST, "/ingest", br#"{"service":"s","host":"h"}"#),
        (Method::POST, "/ingest", &[b' '; 8 * 1024 + 1]),
        (Method::POST, "/ingest", BATCH_JSON),
        (Method::GET, "/ingest", b""),
        (Method::POST, "/metrics", b"x"),
        (Method::GET, "/nowhere", b""),
        (Method::POST, "/", BATCH_JSON),
    ];
    for (method, path, body) in requests {
        let want = hyper.send(method.clone(), path, body).await;
        let got = axum.send(method.clone(), path, body).await;
        assert_eq!(got, want, "{method} {path}");
    }
    // The counters agree too (`/metrics` itself is counted once it has answered).
    let (want, got) = (hyper.metrics().await, axum.metrics().await);
    assert_eq!(got["mode"], "arena-axum");
    for key in ["requests", "ok", "responses"] {
        assert_eq!(got[key], want[key], "{key}");
    }
    for key in [
        "bad_request",
        "too_large",
        "not_found",
        "method_not_allowed",
    ] {
        assert_eq!(got["errors"][key], want["errors"][key], "errors.{key}");
    }
    for key in ["gets", "active"] {
        assert_eq!(got["pool"][key], want["pool"][key], "pool.{key}");
    }
    hyper.stop().await;
    axum.stop().await;
}

/// The live objects are built before serving and churned while serving; the server stops
/// cleanly with them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_objects_churn_in_the_background() {
    let server = Running::start(Config {
        live_objects: 20_000,
        ..Config::new(Mode::Arena)
    })
    .await;
    let (status, body) = server.ingest(BATCH_JSON).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, EXPECTED.as_bytes()));
    let mut replaced = 0;
    for _ in 0..200 {
        let metrics = server.metrics().await;
        assert_eq!(metrics["live_objects"], 20_000);
        replaced = metrics["live_replaced"].as_u64().unwrap();
        if replaced >= 2_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(replaced >= 2_000, "only {replaced} nodes replaced");
    assert_eq!(replaced % 1_000, 0);
    server.stop().await;
}

/// A client that waits for `100 Continue` before sending an oversized body is refused at once
/// (the server does not ask for the body).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_body_behind_expect_continue_is_refused_unread() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = Running::start(Config {
        body_limit: 1024,
        ..Config::new(Mode::Arena)
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /ingest HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
              Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap();
    let answer = String::from_utf8(answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert!(!answer.contains("100 Continue"), "{answer}");
    assert!(
        answer.ends_with(r#"{"error":"body larger than 1024 bytes"}"#),
        "{answer}"
    );
    server.stop().await;
}

/// `/metrics` counts the handler's responses by status class and the connections, those that
/// failed included (a request hyper cannot parse is answered 400 by hyper and never reaches the
/// handler), and names the process: what `scripts/soak.sh` checks its clients' totals against.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_responses_by_class_and_connections() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = Running::start(Config {
        body_limit: 8 * 1024,
        ..Config::new(Mode::Arena)
    })
    .await;
    let before = server.metrics().await;
    assert_eq!(before["pid"], std::process::id());
    for class in ["1xx", "2xx", "3xx", "4xx", "5xx"] {
        assert_eq!(before["responses"][class], 0, "{class}");
    }
    assert_eq!(before["requests"], 1); // itself, counted on arrival, not yet answered
    assert_eq!(before["connections"]["errors"], 0);

    for _ in 0..3 {
        let (status, body) = server.ingest(BATCH_JSON).await;
        assert_eq!((status, &body[..]), (StatusCode::OK, EXPECTED.as_bytes()));
    }
    assert_eq!(server.ingest(b"{").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        server.ingest(&[b' '; 8 * 1024 + 1]).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        server.send(Method::GET, "/nowhere", b"").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        server.send(Method::PUT, "/ingest", BATCH_JSON).await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );

    // Not HTTP: hyper answers 400 and closes; the handler never sees it.
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(b"NOT HTTP AT ALL\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap();
    let answer = String::from_utf8(answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");

    // The failed connection is counted once its task has ended, just after the close.
    let mut metrics = server.metrics().await;
    for _ in 0..500 {
        if metrics["connections"]["errors"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        metrics = server.metrics().await;
    }
    let responses = &metrics["responses"];
    let metrics_requests = metrics["ok"].as_u64().unwrap() - 3; // the /metrics answered so far
    assert!(metrics_requests >= 1);
    assert_eq!(responses["2xx"].as_u64().unwrap(), 3 + metrics_requests);
    assert_eq!(responses["4xx"], 4);
    for class in ["1xx", "3xx", "5xx"] {
        assert_eq!(responses[class], 0, "{class}");
    }
    // Every request that reached the handler was answered, but this one.
    assert_eq!(
        metrics["requests"].as_u64().unwrap(),
        3 + metrics_requests + 4 + 1
    );
    assert_eq!(metrics["connections"]["errors"], 1);
    // The client's pooled connection(s) and the raw one.
    assert!(metrics["connections"]["accepted"].as_u64().unwrap() >= 2);
    assert_eq!(metrics["pid"], std::process::id());
    server.stop().await;
}

/// Reads everything the server sends until it closes the connection.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;

    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap();
    String::from_utf8(answer).unwrap()
}

/// The status lines and `connection` headers of the answers in `text`, in order (an answer's
/// body does not end with a line break: the next status line follows it on the same line).
fn heads(text: &str) -> Vec<String> {
    text.replace("HTTP/1.1 ", "\r\nHTTP/1.1 ")
        .split("\r\n")
        .filter(|line| {
            line.starts_with("HTTP/1.1 ") || line.to_ascii_lowercase().starts_with("connection:")
        })
        .map(str::to_owned)
        .collect()
}

/// A 404 or 405 answered to a request with a body keeps the connection usable: the body is
/// read and discarded, even when it comes after the head (unread, hyper closed the connection
/// without saying so, and the client's next request failed; found by `scripts/soak.sh`). A
/// client waiting for `100 Continue` is told that the connection closes instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unwanted_body_is_discarded_and_the_connection_kept() {
    use tokio::io::AsyncWriteExt;

    let server = Running::start(Config::new(Mode::Arena)).await;
    let pause = || tokio::time::sleep(Duration::from_millis(50));
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"PUT /ingest HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n")
        .await
        .unwrap();
    pause().await;
    stream
        .write_all(b"0123456789POST /nowhere HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\n")
        .await
        .unwrap();
    pause().await;
    stream
        .write_all(b"abcdGET /metrics HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert_eq!(
        heads(&answer),
        [
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.1 200 OK",
            "connection: close",
        ],
        "{answer}"
    );

    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"PUT /ingest HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\
              Expect: 100-continue\r\n\r\n",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert_eq!(
        heads(&answer),
        ["HTTP/1.1 405 Method Not Allowed", "connection: close"],
        "{answer}"
    );
    server.stop().await;
}
