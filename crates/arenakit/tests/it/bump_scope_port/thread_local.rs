//! Port of bump-scope `tests/thread_local.rs`: an arena in a `thread_local!`, made in a
//! `const` context (bump-scope's `Bump::unallocated`, arenakit's `Arena::unallocated`).

use arenakit::Arena;

thread_local! {
    static ARENA: Arena = const { Arena::unallocated() };
}

/// bump-scope tests/thread_local.rs: main
#[test]
fn main() {
    ARENA.with(|arena| {
        let hello = arena.alloc_str("hello");
        assert_eq!(hello, "hello");
    });
}
