//! Port of bump-scope `tests/limit_memory_usage.rs` (bump-scope's example of a base allocator
//! with a byte budget). arenakit has the budget built in: `ArenaBuilder::limit`, which counts
//! the chunks' headers, as the budget of bump-scope's `Limited` allocator does.

use super::chunk_count;
use arenakit::{AllocErrorKind, Arena};

/// bump-scope tests/limit_memory_usage.rs: main
///
/// A 1 KiB budget and a 1 KiB chunk: the chunk takes the whole budget, so reserving 1 KiB
/// more (which a 1 KiB chunk cannot hold after its header) is refused.
#[test]
fn main() {
    let arena = Arena::builder().chunk_size(1024).limit(1024).build();
    arena.reserve(1);
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().held, 1024);
    let err = arena.try_reserve(1024).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(arena.stats().held, 1024);
}
