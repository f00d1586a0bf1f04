//! Snapshots of an arena's memory use.

/// Memory use of an arena, computed from its chunks when asked (allocation itself keeps no
/// counters, so it costs nothing on the hot path).
///
/// All sizes are in bytes. Returned by [`Arena::stats`](crate::Arena::stats).
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
    /// Bytes held from the memory source: every chunk, in use or retained, headers included.
    pub held: usize,
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
