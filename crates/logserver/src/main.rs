//! The log-ingest server; see the library docs (`cargo doc -p logserver --open`).

use clap::Parser;
use logserver::{Config, Mode, Server};
use std::net::{IpAddr, SocketAddr};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The global allocator this binary runs on.
const ALLOCATOR: &str = if cfg!(feature = "mimalloc") {
    "mimalloc"
} else {
    "system"
};

/// An HTTP log-ingest server: `POST /ingest` parses a JSON log batch on the heap or in a
/// pooled arena and answers a summary; `GET /metrics` reports counters, pool metrics and RSS.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// How requests are parsed.
    #[arg(long, value_enum, default_value_t = Mode::Heap)]
    mode: Mode,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    addr: IpAddr,
    /// Port to listen on (0: any free port, printed at startup).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Tokio worker threads (default: one per CPU the process may run on, so one under
    /// `taskset -c 1`).
    #[arg(long)]
    threads: Option<usize>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = logserver::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Live heap nodes to build before serving, 1,000 of them replaced every 10 ms.
    #[arg(long, default_value_t = 0)]
    live_objects: usize,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = args.threads {
        runtime.worker_threads(threads.max(1));
    }
    let runtime = runtime.enable_all().build()?;
    let threads = runtime.metrics().num_workers();
    let config = Config {
        mode: args.mode,
        addr: SocketAddr::new(args.addr, args.port),
        body_limit: args.body_limit,
        live_objects: args.live_objects,
        allocator: ALLOCATOR,
    };
    runtime.block_on(async move {
        let server = Server::bind(config.clone()).await?;
        eprintln!(
            "logserver: listening on http://{} (mode {}, allocator {}, worker threads: {threads}, \
             body limit: {} bytes, live objects: {} built in {:.0} ms)",
            server.local_addr()?,
            config.mode,
            config.allocator,
            config.body_limit,
            config.live_objects,
            server.live_built_in().as_secs_f64() * 1e3,
        );
        server.serve(shutdown_signal()).await?;
        eprintln!("logserver: stopped");
        Ok(())
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
