//! Port of bump-scope `tests/minimum_chunk_size.rs`: bump-scope's `MINIMUM_CHUNK_SIZE`
//! setting is `ArenaBuilder::chunk_size` (README). arenakit's chunk size is exact, headers
//! included, where bump-scope's is a minimum less its assumed `malloc` overhead.

use arenakit::Arena;

/// bump-scope tests/minimum_chunk_size.rs: test_minimum_chunk_size_4096
#[test]
fn test_minimum_chunk_size_4096() {
    let arena = || Arena::builder().chunk_size(4096).build();

    assert_eq!(arena().stats().held, 0);
    for bytes in [0, 1, 4096 - 64] {
        let arena = arena();
        arena.reserve(bytes.max(1));
        assert_eq!(arena.stats().held, 4096, "reserve({bytes})");
    }
    let mut scoped = arena();
    let guard = scoped.scope_guard();
    guard.scope().alloc(1u8);
    assert_eq!(guard.scope().stats().held, 4096);
}
