//! Port of bump-scope `tests/claim.rs`. `claim` exists so a scope can be opened while
//! collections borrow the bump allocator; arenakit's `arena.scope` takes `&self`, so it opens
//! as it is (README: `claim` has no counterpart, deliberately).
//!
//! Not ported: `api_fails_on_claimed_bump`, `alloc_mut` and `double_drop` (the claimed state
//! itself), and `scope_guard` (a guard holds `&mut Arena`, so it cannot open while `vec1` and
//! `vec2` borrow the arena; that case is `scoped`).

use arenakit::Arena;
use arenakit::collections::Vec;

/// bump-scope tests/claim.rs: scoped
///
/// Two vectors borrow the arena while a scope is open; the scope's own vector goes back when
/// it ends, theirs stay.
#[test]
fn scoped() {
    let arena = Arena::new();
    let vec1: Vec<u8> = arenakit::vec![in &arena; 1, 2, 3];
    let vec2: Vec<u8> = arenakit::vec![in &arena; 4, 5, 6];
    assert_eq!(arena.stats().used, 2 * 8);

    arena.scope(|scope| {
        let both = scope.alloc_iter(vec1.iter().chain(&vec2).copied());
        assert_eq!(both, [1, 2, 3, 4, 5, 6]);
        assert_eq!(scope.arena().stats().used, 2 * 8 + 8);
    });

    assert_eq!(arena.stats().used, 2 * 8);
    assert_eq!(vec1, [1, 2, 3]);
    assert_eq!(vec2, [4, 5, 6]);
}
