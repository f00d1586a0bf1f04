//! Chunk geometry and the policy that decides how much memory the arena takes from its source.
//!
//! Pure arithmetic, no `unsafe`: the numbers every other `raw` module relies on.
//!
//! # Chunk geometry
//!
//! A *regular* chunk is `chunk_size` bytes, requested from the source aligned to
//! `chunk_align = chunk_size.next_power_of_two()`, with its header in the first
//! [`HEADER_SIZE`] bytes. Every block handed out from it starts inside the first `chunk_align`
//! bytes of the chunk, so the header of the chunk owning any block is found by masking the
//! block's address with `!(chunk_align - 1)`; no per-allocation header is needed.
//!
//! A request that does not fit in the current chunk's free space is served by a refill only if
//! it is at most a quarter of a chunk's usable bytes (padding included), which bounds the tail
//! a refill leaves unused; a larger one gets a *dedicated* chunk holding that one block. Its header also sits at the
//! chunk's base and the block starts at `align_up(HEADER_SIZE, align)`. When the block's
//! alignment is below `chunk_align` that offset lies in the first `chunk_align` bytes and the
//! mask finds the header as usual; when it is at least `chunk_align` the block starts exactly
//! `align` bytes after the header, on a `chunk_align` boundary where no other block ever
//! starts, and the chunk manager stores the chunk's base in the word just below the block.
//! Large requests therefore never abandon the free space of the current regular chunk.
#![forbid(unsafe_code)]

use super::bump::{align_up, round_size};

/// Bytes reserved at the start of every chunk for its header.
pub const HEADER_SIZE: usize = 64;

/// Default size of a regular chunk, header included.
///
/// 64 KiB: large enough that refills are rare (one per thousand 64-byte objects) and the
/// at most 25% tail left behind when a mid-size request does not fit is small in absolute
/// terms; small enough that a short-lived arena touches few pages. Measured with
/// `cargo bench -p showdown --bench chunk_size` (see the README).
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;

/// The largest plain chunk the doubling reaches (unless the configured chunk size is larger):
/// 64 MiB, so a build of hundreds of megabytes holds a few dozen chunks, and a chunk is still
/// a small part of the memory of the machines arenas run on.
pub const MAX_PLAIN_CHUNK: usize = 64 << 20;

/// Alignment of a plain chunk, and of the dedicated chunk of a plain block (unless the block
/// asks for more): the smallest any chunk is requested with. Plain blocks are never mapped
/// back to their chunk, so their chunks need no alignment to the chunk size; 16 is what
/// `malloc` gives without `posix_memalign`, the costlier call glibc makes for any larger
/// alignment (a new arena's first chunk is one call of either).
pub const PLAIN_CHUNK_ALIGN: usize = 16;

/// Smallest regular chunk size accepted; smaller requests are rounded up to it.
pub const MIN_CHUNK_SIZE: usize = 256;

/// Largest regular chunk size accepted; larger requests are rounded down to it.
pub const MAX_CHUNK_SIZE: usize = 1 << 30;

/// The sizes and limits an arena was built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    chunk_size: usize,
    chunk_align: usize,
    max_retained: usize,
    limit: usize,
    zero_on_reset: bool,
}

/// Size, alignment and data offset of a chunk to request from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkShape {
    /// Bytes to request, header included.
    pub size: usize,
    /// Alignment to request.
    pub align: usize,
    /// Offset of the first data byte from the chunk's base.
    pub data_offset: usize,
}

impl Policy {
    /// A policy with regular chunks of `chunk_size` bytes (clamped to
    /// [`MIN_CHUNK_SIZE`]..=[`MAX_CHUNK_SIZE`] and rounded up to a multiple of 64), keeping at
    /// most `max_retained` bytes after a reset and never holding more than `limit` bytes.
    pub const fn new(chunk_size: usize, max_retained: usize, limit: Option<usize>) -> Self {
        let chunk_size = if chunk_size < MIN_CHUNK_SIZE {
            MIN_CHUNK_SIZE
        } else if chunk_size > MAX_CHUNK_SIZE {
            MAX_CHUNK_SIZE
        } else {
            chunk_size
        };
        // `MAX_CHUNK_SIZE` is a multiple of the header size, so this never overflows.
        let chunk_size = match align_up(chunk_size, HEADER_SIZE) {
            Some(size) => size,
            None => MAX_CHUNK_SIZE,
        };
        Policy {
            chunk_size,
            chunk_align: chunk_size.next_power_of_two(),
            max_retained,
            limit: match limit {
                Some(limit) => limit,
                None => usize::MAX,
            },
            zero_on_reset: false,
        }
    }

    /// The same policy, zeroing used memory at every reset and before giving a chunk back to
    /// the source if `on`.
    pub fn with_zeroing(mut self, on: bool) -> Self {
        self.zero_on_reset = on;
        self
    }

    /// The same policy with the limit `limit` (`None`: no limit).
    pub fn with_limit(mut self, limit: Option<usize>) -> Self {
        self.limit = limit.unwrap_or(usize::MAX);
        self
    }

    /// Whether used memory is zeroed at every reset and before a chunk goes back to the source.
    pub fn zero_on_reset(&self) -> bool {
        self.zero_on_reset
    }

    /// Bytes of a regular chunk, header included.
    pub const fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    /// Alignment of every chunk: the mask that finds a block's chunk.
    pub fn chunk_align(&self) -> usize {
        self.chunk_align
    }

    /// Bytes a regular chunk can hand out.
    pub fn usable(&self) -> usize {
        self.chunk_size - HEADER_SIZE
    }

    /// Bytes kept for reuse after a reset.
    pub fn max_retained(&self) -> usize {
        self.max_retained
    }

    /// The hard cap on bytes held from the source, if any.
    pub fn limit(&self) -> Option<usize> {
        (self.limit != usize::MAX).then_some(self.limit)
    }

    /// Shape of a regular chunk.
    pub fn regular_shape(&self) -> ChunkShape {
        ChunkShape {
            size: self.chunk_size,
            align: self.chunk_align,
            data_offset: HEADER_SIZE,
        }
    }

    /// Shape of a plain chunk of `size` bytes, header included (a multiple of 64, at least
    /// the regular chunk size).
    pub fn plain_shape(&self, size: usize) -> ChunkShape {
        ChunkShape {
            size: size.max(self.chunk_size),
            align: PLAIN_CHUNK_ALIGN,
            data_offset: HEADER_SIZE,
        }
    }

    /// The size of the plain chunk to take after one of `size` bytes: twice as large, up to
    /// [`MAX_PLAIN_CHUNK`] (or the regular chunk size, if that is larger).
    pub fn next_plain_size(&self, size: usize) -> usize {
        size.saturating_mul(2)
            .min(MAX_PLAIN_CHUNK.max(self.chunk_size))
            .max(self.chunk_size)
    }

    /// Whether a request goes to a dedicated chunk instead of the current regular one.
    #[inline(always)]
    pub fn wants_dedicated(&self, size: usize, align: usize) -> bool {
        // Worst-case padding of an aligned start is `align - 1`; a quarter of a chunk bounds
        // the tail a refill may leave unused.
        size.saturating_add(align) > self.usable() / 4
    }

    /// Shape of a dedicated chunk for one block of `size` bytes aligned to `align`, or `None`
    /// if it cannot be expressed as a valid `Layout`. A `freeable` block's chunk is aligned to
    /// the chunk alignment, so a free finds the chunk from the block's address; a plain block
    /// is never mapped back to its chunk, which needs only [`PLAIN_CHUNK_ALIGN`].
    pub fn dedicated_shape(&self, size: usize, align: usize, freeable: bool) -> Option<ChunkShape> {
        let data_offset = align_up(HEADER_SIZE, align)?;
        let total = data_offset.checked_add(round_size(size)?)?;
        let base_align = if freeable {
            self.chunk_align
        } else {
            PLAIN_CHUNK_ALIGN
        };
        let chunk_align = base_align.max(align);
        // Mirrors `Layout::from_size_align`: the size rounded up to the alignment must not
        // exceed `isize::MAX`.
        if align_up(total, chunk_align)? > isize::MAX as usize {
            return None;
        }
        Some(ChunkShape {
            size: total,
            align: chunk_align,
            data_offset,
        })
    }

    /// Address of the header of the chunk owning a block that starts at `addr`, for every
    /// block not on a `chunk_align` boundary (see the module docs).
    pub fn chunk_base(&self, addr: usize) -> usize {
        addr & !(self.chunk_align - 1)
    }

    /// Whether taking `extra` more bytes from the source keeps `held` within the limit.
    pub fn admits(&self, held: usize, extra: usize) -> bool {
        held.checked_add(extra)
            .is_some_and(|total| total <= self.limit)
    }

    /// Shape of a plain chunk smaller than usual, fitted to the `room` a limit has left: half
    /// of it (so boxes and collection buffers still find room too), rounded down to a multiple
    /// of 64 bytes, or more if `need` bytes of data need more; `None` if `room` cannot hold
    /// them at all.
    pub fn fitted_plain_shape(&self, need: usize, room: usize) -> Option<ChunkShape> {
        let least = align_up(need.checked_add(HEADER_SIZE)?, HEADER_SIZE)?;
        let size = ((room / 2) & !(HEADER_SIZE - 1)).max(least);
        (size <= room).then_some(ChunkShape {
            size,
            align: PLAIN_CHUNK_ALIGN,
            data_offset: HEADER_SIZE,
        })
    }

    /// How many regular chunks hold `bytes` of allocations.
    pub fn chunks_for(&self, bytes: usize) -> usize {
        bytes.div_ceil(self.usable())
    }

    /// The size of one plain chunk that holds `bytes` of allocations, header included
    /// (a multiple of 64, at least the regular chunk size), or `None` if it cannot exist.
    pub fn plain_size_for(&self, bytes: usize) -> Option<usize> {
        let total = bytes.checked_add(HEADER_SIZE)?;
        let size = align_up(total, HEADER_SIZE)?.max(self.chunk_size);
        (size <= isize::MAX as usize - PLAIN_CHUNK_ALIGN).then_some(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_clamped_and_aligned() {
        let p = Policy::new(1, usize::MAX, None);
        assert_eq!(p.chunk_size(), MIN_CHUNK_SIZE);
        assert_eq!(p.chunk_align(), MIN_CHUNK_SIZE);
        let p = Policy::new(1000, 0, None);
        assert_eq!(p.chunk_size(), 1024);
        let p = Policy::new(3000, 0, Some(10));
        assert_eq!(p.chunk_size(), 3008);
        assert_eq!(p.chunk_align(), 4096);
        assert_eq!(p.limit(), Some(10));
        let p = Policy::new(usize::MAX, 0, None);
        assert_eq!(p.chunk_size(), MAX_CHUNK_SIZE);
    }

    #[test]
    fn dedicated_blocks_map_back_to_their_header() {
        let p = Policy::new(4096, 0, None);
        for align in [1, 8, 16, 64, 128, 1024, 4096, 8192, 1 << 20] {
            let shape = p.dedicated_shape(10_000, align, true).unwrap();
            assert_eq!(shape.align % p.chunk_align(), 0);
            assert!(shape.data_offset >= HEADER_SIZE);
            assert!(shape.size >= shape.data_offset + 10_000);
            // Place the chunk at an address aligned as the source guarantees.
            let base = 7 * shape.align;
            let block = base + shape.data_offset;
            assert_eq!(block % align, 0);
            if align < p.chunk_align() {
                assert_eq!(p.chunk_base(block), base, "align {align}");
            } else {
                assert_eq!(block % p.chunk_align(), 0, "align {align}");
                assert_eq!(block - base, align);
            }
        }
    }

    #[test]
    fn regular_blocks_map_back_to_their_header() {
        let p = Policy::new(1000, 0, None);
        let base = 5 * p.chunk_align();
        for offset in HEADER_SIZE..p.chunk_size() {
            assert_eq!(p.chunk_base(base + offset), base);
        }
    }

    #[test]
    fn dedicated_shape_rejects_overflow() {
        let p = Policy::new(4096, 0, None);
        assert_eq!(p.dedicated_shape(usize::MAX, 8, true), None);
        assert_eq!(p.dedicated_shape(isize::MAX as usize, 8, true), None);
    }

    #[test]
    fn limit_arithmetic() {
        let p = Policy::new(4096, 0, Some(10_000));
        assert!(p.admits(0, 10_000));
        assert!(!p.admits(1, 10_000));
        assert!(!p.admits(usize::MAX, 1));
        assert!(Policy::new(4096, 0, None).admits(usize::MAX - 1, 1));
    }

    #[test]
    fn regular_chunks_for_a_size() {
        let p = Policy::new(4096, 0, None);
        assert_eq!(p.chunks_for(0), 0);
        assert_eq!(p.chunks_for(1), 1);
        assert_eq!(p.chunks_for(p.usable() + 1), 2);
    }

    #[test]
    fn plain_chunks_double_up_to_the_cap() {
        let p = Policy::new(4096, 0, None);
        assert_eq!(p.next_plain_size(4096), 8192);
        assert_eq!(p.next_plain_size(MAX_PLAIN_CHUNK), MAX_PLAIN_CHUNK);
        assert_eq!(p.next_plain_size(usize::MAX), MAX_PLAIN_CHUNK);
        let huge = Policy::new(MAX_CHUNK_SIZE, 0, None);
        assert_eq!(huge.next_plain_size(MAX_CHUNK_SIZE), MAX_CHUNK_SIZE);
        assert_eq!(p.plain_shape(100).size, 4096);
        assert_eq!(p.plain_size_for(0), Some(4096));
        assert_eq!(p.plain_size_for(10_000), Some(10_112));
        assert_eq!(p.plain_size_for(usize::MAX), None);
    }

    #[test]
    fn dedicated_threshold_is_a_quarter_of_usable() {
        let p = Policy::new(4096, 0, None);
        assert!(!p.wants_dedicated(100, 8));
        assert!(p.wants_dedicated(p.usable() / 4, 8));
        assert!(p.wants_dedicated(8, 4096));
        assert!(p.wants_dedicated(usize::MAX, 1));
    }
}
