//! The names of the peers that the workloads, the report and the charts all refer to.

/// Name of the system-allocator peer: `"glibc"` on GNU targets, else `"system"`.
pub const SYSTEM: &str = if cfg!(target_env = "gnu") {
    "glibc"
} else {
    "system"
};
/// Name of the bumpalo peer, the main baseline.
pub const BUMPALO: &str = "bumpalo";
/// Name of the bump-scope peer (warm, minimum alignment 8).
pub const BUMP_SCOPE: &str = "bump-scope";
/// Name of the arenakit peer.
pub const ARENAKIT: &str = "arenakit";
/// Name of the no-allocator reference peer (the payload written into a reused buffer), in the
/// workloads whose cost is mostly writing memory.
pub const FLOOR: &str = "floor";

/// Name of the typed-arena peer (always cold: typed-arena has no reset).
pub const TYPED_ARENA: &str = "typed-arena";
