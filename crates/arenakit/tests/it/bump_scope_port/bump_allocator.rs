//! Port of bump-scope `tests/bump_allocator.rs`. bump-scope's collections are generic over
//! its allocator traits (`&Bump`, `&mut Bump`, `Bump`, scopes); arenakit's over one generic
//! type, `Arena<S, M>` (any memory source, either threading mode), borrowed by the
//! collection: an arena, a scope's arena, a guard's scope, a pooled arena.

use arenakit::arena::{Arena, Mode};
use arenakit::collections::Vec;
use arenakit::prelude::*;
use arenakit::source::{Fixed, MemorySource};

/// The strings of `numbers`.
fn number_strings(numbers: impl IntoIterator<Item = i32>) -> impl Iterator<Item = String> {
    numbers.into_iter().map(|i| i.to_string())
}

/// bump-scope's `test`: a vector of strings collected in `arena`, then extended.
fn collect_and_extend<S: MemorySource, M: Mode>(arena: &Arena<S, M>) {
    let mut vec: Vec<'_, String, S, M> = Vec::from_iter_in(number_strings(1..=5), arena);
    vec.extend(number_strings(6..=9));
    assert!(vec.iter().cloned().eq(number_strings(1..=9)));
}

/// bump-scope tests/bump_allocator.rs: smoke_test
///
/// bump-scope's `test` and `mut_test` (over `MutBumpVec`) are one function here.
#[test]
fn smoke_test() {
    let mut arena = arenakit::Arena::new();
    collect_and_extend(&arena);
    arena.scope(|scope| collect_and_extend(scope.arena()));
    collect_and_extend(arena.scope_guard().scope());

    collect_and_extend(&arenakit::SyncArena::new());

    let mut buffer = [0u8; 64 * 1024];
    collect_and_extend(
        &arenakit::Arena::builder()
            .source(Fixed::new(&mut buffer))
            .build(),
    );

    let pool = arenakit::ArenaPool::new();
    collect_and_extend(&pool.get());
}

/// bump-scope tests/bump_allocator.rs: alloc_chunks
///
/// bump-scope's chunks start at 512 bytes; with 256-byte chunks here, both scopes need more
/// than the chunks the arena has (the second more than the first).
#[test]
fn alloc_chunks() {
    let arena = arenakit::Arena::builder().chunk_size(256).build();
    arena.scope(|s| {
        let block = s.alloc_uninit_slice::<u8>(1 << 9);
        assert_eq!(block.len(), 1 << 9);
        let vec = s.arena().vec_with_capacity::<u8>(1 << 9);
        assert!(vec.capacity() >= 1 << 9);
    });
    arena.scope(|s| {
        let block = s.alloc_uninit_slice::<u8>(1 << 10);
        assert_eq!(block.len(), 1 << 10);
        let vec = s.arena().vec_with_capacity::<u8>(1 << 10);
        assert!(vec.capacity() >= 1 << 10);
    });
    assert_eq!(arena.stats().used, 0);
}
