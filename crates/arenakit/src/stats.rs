//! Snapshots of an arena's memory use.

/// Memory use of an arena, computed from its chunks when asked (allocation itself keeps no
/// counters, so it costs nothing on the hot path).
///
/// All sizes are in bytes. Returned by [`Arena::stats`](crate::arena::Arena::stats).
///
/// # Examples
///
/// ```
/// use arenakit::Arena;
///
/// let arena = Arena::new();
/// arena.alloc_slice_copy(&[0u64; 100]);
/// let stats = arena.stats();
/// assert_eq!(stats.used, 800);
/// assert_eq!(stats.regular_chunks, 1);
/// assert!(stats.held >= stats.used);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Stats {
    /// Bytes held from the memory source: every chunk, in use or retained, headers included
    /// (bumpalo's `allocated_bytes_including_metadata`).
    pub held: usize,
    /// The part of `held` that chunks can hand out: `held` without the chunk headers (and the
    /// padding before over-aligned dedicated blocks); bumpalo's `allocated_bytes`.
    pub held_data: usize,
    /// Bytes handed out since the last reset, alignment padding included.
    pub used: usize,
    /// Bytes left unused at the end of regular chunks the arena has moved past.
    pub wasted: usize,
    /// Regular chunks in use.
    pub regular_chunks: usize,
    /// Dedicated chunks (one large allocation each) in use.
    pub dedicated_chunks: usize,
    /// Bytes in chunks kept for reuse (retained at reset, or reserved by `with_capacity`).
    pub retained: usize,
    /// The largest `used` seen since the arena was created.
    pub high_water: usize,
}

/// Counters of an [`ArenaPool`](crate::ArenaPool), summed over its shards when asked
/// ([`ArenaPool::metrics`](crate::ArenaPool::metrics)).
///
/// # Examples
///
/// ```
/// let pool = arenakit::ArenaPool::new();
/// drop(pool.get());
/// let m = pool.metrics();
/// assert_eq!((m.gets, m.created, m.active, m.idle), (1, 1, 0, 1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PoolMetrics {
    /// Bytes held from their sources by the idle arenas (the second seed's total capacity;
    /// arenas in use are counted again when they come back).
    pub capacity_bytes: usize,
    /// Arenas handed out and not yet returned.
    pub active: usize,
    /// Arenas waiting in the pool.
    pub idle: usize,
    /// Calls of `get` and `get_owned`.
    pub gets: u64,
    /// Bytes the returned arenas had used, summed over every return (the second seed's total
    /// used bytes).
    pub used_bytes: u64,
    /// Arenas created.
    pub created: u64,
    /// Arenas dropped because `max_idle` were already idle.
    pub dropped: u64,
    /// The most arenas alive at once. A new arena is only created when a `get` finds no idle
    /// one (shards whose lock is busy at that moment are skipped), so this is an upper bound on,
    /// and usually equal to, the peak number of arenas in use at once.
    pub high_water_active: usize,
    /// Bytes given back to the sources: trimmed to `max_retained` at return, or held by dropped
    /// arenas.
    pub trimmed_bytes: u64,
}
