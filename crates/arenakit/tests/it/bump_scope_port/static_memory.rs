//! Port of bump-scope `tests/static_memory.rs` (bump-scope's example of a base allocator
//! handing out one fixed buffer): arenakit's `source::Fixed`, over a buffer on the stack and
//! over a `static` one. (The stored copies of this file use bump-scope 1.x's API.)

use arenakit::Arena;
use arenakit::source::Fixed;
use core::alloc::Layout;
use std::sync::{Mutex, PoisonError};

/// A 1 KiB buffer aligned to 1 KiB: exactly one chunk of 1 KiB (bump-scope's is 16-aligned,
/// its chunks need no more).
#[repr(C, align(1024))]
struct Buffer([u8; 1024]);

/// Allocates a string in an arena over `buffer`, then a block larger than the buffer, which
/// must fail (the arena has nowhere else to go).
fn it_works(buffer: &mut Buffer) {
    let arena = Arena::builder()
        .source(Fixed::new(&mut buffer.0))
        .chunk_size(1024)
        .build();
    assert_eq!(arena.alloc_str("It works!"), "It works!");
    assert_eq!(arena.stats().held, 1024);
    arena
        .try_alloc_layout(Layout::new::<[u8; 2048]>())
        .unwrap_err();
}

/// bump-scope tests/static_memory.rs: main
///
/// bump-scope's `on_stack` and `on_static`.
#[test]
fn main() {
    let mut on_stack = Buffer([0; 1024]);
    it_works(&mut on_stack);

    static ON_STATIC: Mutex<Buffer> = Mutex::new(Buffer([0; 1024]));
    it_works(&mut ON_STATIC.lock().unwrap_or_else(PoisonError::into_inner));
}
