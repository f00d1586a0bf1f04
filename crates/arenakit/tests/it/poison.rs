//! Poisoning: memory given back to the arena is filled with `POISON_BYTE`
//! in debug builds (or with the `poison` feature), and under AddressSanitizer any access to
//! it from `unsafe` code is reported.
//!
//! The fill tests read the poisoned bytes the legitimate way: they get the same memory handed
//! out again as `MaybeUninit` and look at it, as `reset_zeroed`'s own example does.

use arenakit::{Arena, POISON_BYTE};

/// Whether this build fills released memory (mirrors the library's rule).
const FILLS: bool = cfg!(any(debug_assertions, feature = "poison"));

fn all_poison(bytes: &[core::mem::MaybeUninit<u8>]) -> bool {
    // SAFETY: the arena wrote every byte of its chunks' used parts before (the data, then the
    // fill), so these bytes are initialised.
    bytes
        .iter()
        .all(|b| unsafe { b.assume_init() } == POISON_BYTE)
}

/// After a reset, the memory of the round reads as the poison pattern (the steady-state reset
/// and the slow one).
#[test]
fn reset_memory_is_poisoned() {
    if !FILLS {
        return;
    }
    let mut arena = Arena::new();
    for round in 0..3 {
        let first = arena.alloc_str("secret data").as_ptr();
        // A large block (the large region) and a second chunk (the slow reset) in round 1.
        if round == 1 {
            arena.alloc_slice_fill_with(100_000, |i| i as u8);
        }
        arena.reset();
        let again = arena.alloc_uninit_slice::<u8>(11);
        // After round 1 the plain lane takes over the large region's chunk (larger than its
        // own), whose start held the large block.
        if round != 1 {
            assert_eq!(again.as_ptr().cast::<u8>(), first, "the memory is reused");
        }
        assert!(all_poison(again), "round {round}");
        arena.reset();
    }
}

/// A freed block (the newest, rolled back) and the tail of a block shrunk in place read as the
/// poison pattern when handed out again.
#[cfg(feature = "allocator-api2")]
#[test]
fn freed_and_shrunk_memory_is_poisoned() {
    use allocator_api2::vec::Vec;
    if !FILLS {
        return;
    }
    let arena = Arena::new();
    let boxed = arena.alloc_box([0x11u8; 64]);
    let at = boxed.as_ptr();
    drop(boxed);
    let mut v: Vec<u8, &Arena> = Vec::with_capacity_in(64, &arena);
    assert_eq!(v.as_ptr(), at, "the freed block is handed out again");
    assert!(all_poison(&v.spare_capacity_mut()[..64]));

    v.extend_from_slice(&[0x22; 64]);
    v.truncate(16);
    v.shrink_to_fit(); // in place: it is the newest block
    assert_eq!(v.as_ptr(), at);
    v.reserve_exact(48); // grows in place again
    assert_eq!(v.as_ptr(), at);
    assert!(all_poison(&v.spare_capacity_mut()[..48]));
}

/// The memory of an ended scope reads as the poison pattern in the next scope.
#[test]
fn scope_memory_is_poisoned() {
    if !FILLS {
        return;
    }
    let arena = Arena::new();
    let first = arena.scope(|s| s.alloc_str("scoped secret").as_ptr() as usize);
    arena.scope(|s| {
        let again = s.alloc_uninit_slice::<u8>(13);
        assert_eq!(again.as_ptr() as usize, first);
        assert!(all_poison(again));
    });
}

/// A zeroing arena zeroes; poisoning does not get in its way.
#[test]
fn zeroing_wins_over_poisoning() {
    let mut arena = Arena::builder().zero_on_reset(true).build();
    let first = arena.alloc_str("secret").as_ptr();
    arena.reset();
    let again = arena.alloc_uninit_slice::<u8>(6);
    assert_eq!(again.as_ptr().cast::<u8>(), first);
    // SAFETY: zeroed by the reset.
    assert!(again.iter().all(|b| unsafe { b.assume_init() } == 0));
}

/// Under AddressSanitizer: deliberate misuse from `unsafe` code is reported. Each case runs in
/// a child process (this test binary, running only `poison::asan_child` with
/// `ARENAKIT_ASAN_CHILD` naming the case), which ASan must abort with a `use-after-poison`
/// report; the same program without the misuse must pass.
#[cfg(arenakit_asan)]
#[test]
fn asan_reports_misuse() {
    let child = |case: &str| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "poison::asan_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ARENAKIT_ASAN_CHILD", case)
            .output()
            .unwrap()
    };
    for case in [
        "use-after-reset",
        "use-after-free",
        "use-after-scope",
        "padding",
    ] {
        let output = child(case);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "{case}: the misuse was not caught"
        );
        assert!(
            stderr.contains("use-after-poison"),
            "{case}: no ASan report in:\n{stderr}"
        );
    }
    let output = child("correct-use");
    assert!(
        output.status.success(),
        "correct use reported:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The child of [`asan_reports_misuse`]; does nothing unless `ARENAKIT_ASAN_CHILD` is set.
#[cfg(arenakit_asan)]
#[test]
fn asan_child() {
    let Ok(case) = std::env::var("ARENAKIT_ASAN_CHILD") else {
        return;
    };
    let mut arena = Arena::new();
    let read: *const u64 = match case.as_str() {
        "use-after-reset" => {
            let p: *const u64 = arena.alloc(7u64);
            arena.reset();
            p
        }
        "use-after-free" => {
            let older = arena.alloc_box(7u64);
            let _newer = arena.alloc_box(8u64);
            let p: *const u64 = &*older;
            drop(older); // not the newest: its memory stays in the chunk, poisoned
            p
        }
        "use-after-scope" => arena.scope(|s| {
            let p: *const u64 = s.alloc(7u64);
            p
        }),
        "padding" => {
            // The padding between two blocks was never handed out.
            #[repr(align(64))]
            struct Aligned([u8; 64]);
            let a = arena.alloc(1u8) as *const u8;
            let aligned = arena.alloc(Aligned([2; 64]));
            std::hint::black_box(aligned.0[0]);
            a.wrapping_add(16).cast::<u64>()
        }
        _ => {
            let p: *const u64 = arena.alloc(7u64);
            arena.alloc(8u64);
            p
        }
    };
    // SAFETY: none for the misuse cases: this is the bug ASan must report.
    let value = unsafe { read.read_unaligned() };
    std::hint::black_box(value);
}
