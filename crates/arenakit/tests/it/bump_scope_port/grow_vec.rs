//! Port of bump-scope `tests/grow_vec.rs`: push until the buffer has to move, then check the
//! elements moved with it. `grow_mut_vec` is merged into `grow_vec` (`MutBumpVec` is the same
//! arena `Vec`); `grow_mut_vec_rev` is not ported (no downward vector).

use arenakit::Arena;
use arenakit::collections::Vec;

/// `"0"`, `"1"`, ...
fn number_strings() -> impl Iterator<Item = String> {
    (0..).map(|i| i.to_string())
}

/// bump-scope tests/grow_vec.rs: grow_vec
///
/// Also ports `grow_mut_vec`. The buffer grows in place while it is the newest block, so it
/// moves only when its chunk is full (small chunks keep that quick).
#[test]
fn grow_vec() {
    let arena = Arena::builder().chunk_size(1024).build();
    let mut vec = Vec::new_in(&arena);
    let mut numbers = number_strings();
    vec.push(numbers.next().unwrap());
    let ptr = vec.as_ptr();
    while vec.as_ptr() == ptr {
        vec.push(numbers.next().unwrap());
    }
    assert!(vec.len() > 1);
    assert!(vec.iter().cloned().eq(number_strings().take(vec.len())));
}
