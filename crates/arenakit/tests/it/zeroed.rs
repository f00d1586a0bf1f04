//! Zeroed allocation (features `bytemuck` and `zerocopy`), as bump-scope users call it:
//! `alloc_zeroed`, `alloc_zeroed_slice`, `init_zeroed` and the arena `Vec`'s `extend_zeroed`
//! and `resize_zeroed`, on `Arena`, `SyncArena` and `Scope`. Each test first dirties the
//! memory it will get back (reset, scope end, truncation), so the zeroes it sees were written
//! by the arena, not left by the memory source. The same tests run for both crates' traits.

/// The tests, for the traits of `arenakit::zeroed::$module`.
macro_rules! zeroed_tests {
    ($module:ident) => {
        mod $module {
            use arenakit::zeroed::$module::{AllocZeroed, InitZeroed, VecZeroed};
            use arenakit::{AllocErrorKind, Arena, SyncArena};
            use std::num::NonZeroU32;

            /// Fills `len` bytes of `arena` with `0xaa` and returns their address.
            fn dirty(arena: &Arena, len: usize) -> usize {
                arena.alloc_slice_fill_copy(len, 0xaau8).as_ptr() as usize
            }

            #[test]
            fn reused_memory_is_zeroed() {
                let mut arena = Arena::new();
                let at = dirty(&arena, 4096);
                arena.reset();
                let zeroes = arena.alloc_zeroed_slice::<u64>(512);
                assert_eq!(zeroes.as_ptr() as usize, at, "the dirty memory was not reused");
                assert!(zeroes.iter().all(|&x| x == 0));
                arena.reset();
                dirty(&arena, 64);
                arena.reset();
                assert_eq!(*arena.alloc_zeroed::<[u32; 16]>(), [0; 16]);
                arena.reset();
                dirty(&arena, 64);
                arena.reset();
                let slot = arena.alloc_uninit::<(u64, u8)>();
                assert_eq!(*slot.init_zeroed(), (0, 0));
                let slots = arena.alloc_uninit_slice::<i16>(32);
                assert_eq!(slots.init_zeroed(), [0; 32]);
            }

            #[test]
            fn zero_means_none_for_niche_types() {
                let arena = Arena::new();
                let ids = arena.alloc_zeroed_slice::<Option<NonZeroU32>>(8);
                assert!(ids.iter().all(Option::is_none));
                ids[3] = NonZeroU32::new(7);
                assert_eq!(ids.iter().flatten().count(), 1);
            }

            #[test]
            fn scopes_get_zeroed_memory_and_release_it() {
                let arena = Arena::new();
                let used = arena.stats().used;
                arena.scope(|s| {
                    s.alloc_slice_fill_copy(1024, 0xaau8);
                });
                arena.scope(|s| {
                    let zeroes = s.alloc_zeroed_slice::<u8>(1024);
                    assert!(zeroes.iter().all(|&b| b == 0));
                    assert_eq!(*s.alloc_zeroed::<f64>(), 0.0);
                    assert_eq!(s.try_alloc_zeroed_slice::<u16>(3).unwrap(), [0; 3]);
                });
                assert_eq!(arena.stats().used, used);
            }

            #[test]
            fn sync_arena_from_threads() {
                let mut arena = SyncArena::new();
                for _ in 0..2 {
                    std::thread::scope(|t| {
                        for _ in 0..4 {
                            let arena = &arena;
                            t.spawn(move || {
                                for len in 0..64 {
                                    let zeroes = arena.alloc_zeroed_slice::<u32>(len);
                                    assert!(zeroes.iter().all(|&x| x == 0));
                                    zeroes.fill(u32::MAX); // dirty for the next round
                                }
                            });
                        }
                    });
                    arena.reset();
                }
            }

            #[test]
            fn errors_and_zero_sizes() {
                let arena = Arena::builder().limit(64 * 1024).build();
                let err = arena.try_alloc_zeroed_slice::<u8>(1 << 20).unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                let err = arena.try_alloc_zeroed::<[[u8; 1024]; 1024]>().unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                let err = arena.try_alloc_zeroed_slice::<u64>(usize::MAX).unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
                assert_eq!(arena.alloc_zeroed_slice::<()>(usize::MAX).len(), usize::MAX);
                assert!(arena.alloc_zeroed_slice::<u64>(0).is_empty());
                assert_eq!(arena.stats().used, 0);
                let message = crate::collect::expect_panic(|| {
                    arena.alloc_zeroed_slice::<u8>(1 << 20);
                });
                assert!(message.contains("memory limit"), "{message}");
            }

            /// The spare capacity holds the old elements after a truncation: the appended
            /// ones are zeroed over them.
            #[test]
            fn vec_extend_and_resize_zeroed() {
                let arena = Arena::new();
                let mut v = arena.vec_with_capacity::<u32>(16);
                v.extend(1..=16);
                v.truncate(4);
                v.extend_zeroed(12);
                assert_eq!(v[..4], [1, 2, 3, 4]);
                assert!(v[4..].iter().all(|&x| x == 0));
                assert_eq!(v.len(), 16);
                v.extend_zeroed(100); // grows
                assert_eq!(v.len(), 116);
                assert!(v[4..].iter().all(|&x| x == 0));
                v.resize_zeroed(2);
                assert_eq!(v, [1, 2]);
                v.resize_zeroed(5);
                assert_eq!(v, [1, 2, 0, 0, 0]);
                v.try_resize_zeroed(5).unwrap();
                assert_eq!(v.len(), 5);
            }

            #[test]
            fn vec_try_forms_leave_the_vector_unchanged() {
                let arena = Arena::builder().limit(64 * 1024).build();
                let mut v = arenakit::vec![in &arena; 7u64, 8];
                let err = v.try_extend_zeroed(1 << 20).unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                let err = v.try_resize_zeroed(1 << 20).unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
                let err = v.try_extend_zeroed(usize::MAX).unwrap_err();
                assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
                assert_eq!(v, [7, 8]);
                let message = crate::collect::expect_panic(|| v.extend_zeroed(1 << 20));
                assert!(message.contains("memory limit"), "{message}");

                let shared = SyncArena::new();
                let mut w = arenakit::vec![in &shared; Some(NonZeroU32::MIN)];
                w.resize_zeroed(3);
                assert_eq!(w, [NonZeroU32::new(1), None, None]);
            }
        }
    };
}

#[cfg(feature = "bytemuck")]
zeroed_tests!(bytemuck);
#[cfg(feature = "zerocopy")]
zeroed_tests!(zerocopy);

/// A type of one's own, made `Zeroable` by an `unsafe impl`.
#[cfg(feature = "bytemuck")]
#[test]
fn bytemuck_types_of_ones_own() {
    use arenakit::zeroed::bytemuck::AllocZeroed;

    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(C)]
    struct Particle {
        position: [f32; 3],
        mass: f64,
        alive: bool,
    }
    // SAFETY: every field is valid as zero bytes (`false`, `0.0`), and so is the padding.
    unsafe impl ::bytemuck::Zeroable for Particle {}

    let mut arena = arenakit::Arena::new();
    arena.alloc_slice_fill_copy(4096, u8::MAX);
    arena.reset();
    let particles = arena.alloc_zeroed_slice::<Particle>(64);
    let zero = Particle {
        position: [0.0; 3],
        mass: 0.0,
        alive: false,
    };
    assert!(particles.iter().all(|p| *p == zero));
}
