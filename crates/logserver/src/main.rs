//! The log-ingest server (work in progress).

fn main() {}
