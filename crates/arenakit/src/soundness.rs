//! Why the bugs other arenas shipped cannot happen here: each class, and the test or
//! compile error that shows it. (No items; this page is documentation, and its examples run
//! as tests.)
//!
//! | bug class | peer | arenakit |
//! |---|---|---|
//! | size arithmetic overflow in `realloc`/`grow` | bumpalo, RUSTSEC-2020-0006 | sizes are checked with `Layout` and `checked_add`; `tests/it/peer_bugs.rs`: `grow_to_huge_sizes_fails_cleanly` |
//! | `grow` reading `new.size()` bytes past the chunk | bumpalo #335 | only `old.size()` bytes are copied; `tests/it/alloc_api.rs`: `grow_at_chunk_end_reads_only_old_size` (under ASan and valgrind in CI) |
//! | `grow_zeroed` leaving the tail unzeroed / UB | bumpalo #321 | the new tail is zeroed in place and after a move; `tests/it/alloc_api.rs`: `grow_zeroed_zeroes_only_the_tail`, `tests/it/peer_bugs.rs`: `grow_zeroed_in_place_over_old_data` |
//! | an iterator that outlives its arena | bumpalo, RUSTSEC-2022-0078 | every iterator over arena memory borrows the arena (examples below) |
//! | `Send`/`Sync` without bounds on the element type | bump-scope 2.3.3 | auto traits only, bounded by the element type and by `&Arena: Send` (examples below) |
//! | a panicking `String::retain` predicate leaving invalid UTF-8 | bumpalo #261 | arenakit's `String::retain` (see [`collections::String`](crate::collections::String)) |
//! | a pinned box whose memory is reused without its destructor | bumpalo #186 | see [`ArenaBox`](crate::ArenaBox) |
//!
//! # Iterators borrow the arena (RUSTSEC-2022-0078)
//!
//! bumpalo's `Vec::into_iter` once returned an iterator without the arena's lifetime, so it
//! could be used after the arena was dropped. An arena `Vec`'s `IntoIter` carries the
//! allocator, `&'a Arena`, so it cannot outlive the arena:
//!
//! ```compile_fail,E0597
//! let iter = {
//!     let arena = arenakit::Arena::new();
//!     let mut v = arena.vec();
//!     v.push(String::from("freed with the arena"));
//!     v.into_iter() // error: `arena` does not live long enough
//! };
//! for s in iter {
//!     println!("{s}");
//! }
//! ```
//!
//! A frozen slice (`into_bump_slice`) and its iterators borrow it the same way:
//!
//! ```compile_fail,E0597
//! use arenakit::prelude::*;
//! let iter = {
//!     let arena = arenakit::Arena::new();
//!     let mut v = arena.vec();
//!     v.extend([1u32, 2, 3]);
//!     v.into_bump_slice().iter() // error: `arena` does not live long enough
//! };
//! assert_eq!(iter.count(), 3);
//! ```
//!
//! # `Send` and `Sync` are bounded (bump-scope 2.3.3)
//!
//! bump-scope 2.3.3 declared some of its types `Send`/`Sync` for every element type. arenakit
//! declares `Send`/`Sync` by hand only for the arenas themselves (with the memory source's
//! bounds); its collections and boxes get them from their fields, so an element that is not
//! `Send` makes the collection not `Send`, even over a [`SyncArena`](crate::SyncArena):
//!
//! ```compile_fail,E0277
//! let arena = arenakit::SyncArena::new();
//! let mut v = arena.vec();
//! v.push(std::rc::Rc::new(1u8));
//! std::thread::scope(|s| {
//!     s.spawn(move || v.len()); // error: `Rc<u8>` cannot be sent between threads safely
//! });
//! ```
//!
//! A collection of an [`Arena`](crate::Arena) is not `Send` whatever its elements, because it
//! holds `&Arena` and `Arena` is not `Sync` (another thread could allocate through it):
//!
//! ```compile_fail,E0277
//! let arena = arenakit::Arena::new();
//! let mut v = arena.vec();
//! v.push(1u8);
//! std::thread::scope(|s| {
//!     s.spawn(move || v.len()); // error: `Arena` cannot be shared between threads safely
//! });
//! ```
//!
//! With `Send` elements over a `SyncArena`, it is `Send`:
//!
//! ```
//! let arena = arenakit::SyncArena::new();
//! let mut v = arena.vec();
//! v.push(String::from("travels"));
//! let len = std::thread::scope(|s| s.spawn(move || v.len()).join().unwrap());
//! assert_eq!(len, 1);
//! ```
