//! Sets `cfg(arenakit_asan)` when the crate is built with `-Zsanitizer=address`, so the raw
//! arena poisons the memory no one may use through ASan's manual poisoning interface (see
//! `src/raw/poison.rs`). `cfg(sanitize = "address")` itself is unstable; the build script sees
//! the target's cfg values (including `sanitize`) on any toolchain.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(arenakit_asan)");
    println!("cargo::rerun-if-changed=build.rs");
    let sanitizers = std::env::var("CARGO_CFG_SANITIZE").unwrap_or_default();
    if sanitizers.split(',').any(|s| s == "address") {
        println!("cargo::rustc-cfg=arenakit_asan");
    }
}
