//! Port of bump-scope `tests/io_write.rs`: `std::io::Write` for an arena `Vec<u8>`
//! (allocator-api2's impl). `io_write_mut_vec` is merged into `io_write_vec`;
//! `io_write_fixed_vec` is not ported (no fixed-capacity vector).
//!
//! bump-scope's base allocator is limited to 512 bytes; the port limits the arena to 512
//! bytes. The second half of bump-scope's test, writes the limit refuses returning
//! `ErrorKind::OutOfMemory`, has no counterpart: allocator-api2's `Write` for `Vec` calls
//! `handle_alloc_error` (which aborts the process) when the arena refuses memory.

use arenakit::Arena;
use std::io::{IoSlice, Write};

/// bump-scope tests/io_write.rs: io_write_vec
///
/// Also ports `io_write_mut_vec`. The room for the nine bytes is reserved first with
/// `try_reserve`, so a refusal fails the test instead of aborting the test binary.
#[test]
fn io_write_vec() {
    let arena = Arena::builder().limit(512).build();
    let mut vec = arena.vec();
    vec.try_reserve(9)
        .expect("9 bytes fit in an arena limited to 512 bytes");
    assert_eq!(vec.write(&[1, 2, 3]).unwrap(), 3);
    assert_eq!(
        vec.write_vectored(&[IoSlice::new(&[4, 5]), IoSlice::new(&[6, 7, 8])])
            .unwrap(),
        5
    );
    vec.write_all(&[9]).unwrap();
    assert_eq!(vec, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}
