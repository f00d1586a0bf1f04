//! Port of bumpalo `tests/all/alloc_try_with.rs`: `alloc_try_with` builds large values in
//! place, and a failing initialiser gives the memory back. The by-value tests only run without
//! debug assertions, as in bumpalo (an unoptimised build overflows the stack); the two slice
//! tests hold nothing large on the stack and run everywhere.

use super::assert_init_error_rolls_back;
use super::large::{
    self, LargeEnum, LargeStruct, assert_filled, assert_small, assert_struct, large_struct,
};
use arenakit::Arena;

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_array
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_array() -> Result<(), ()> {
    let arena = Arena::new();
    let array = arena.alloc_try_with(|| Ok([4u8; large::ARRAY]))?;
    assert_filled(array, 4);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_array_err
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_array_err() {
    assert_init_error_rolls_back(|arena| {
        arena
            .alloc_try_with(|| Err::<[u8; large::ARRAY], _>(()))
            .is_err()
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_struct
#[test]
#[ignore = "overflows the stack even optimised: rustc 1.95 builds the 60 MB literal on the stack first (bumpalo 3.20.3's own alloc_with does too)"]
fn alloc_try_with_large_struct() -> Result<(), ()> {
    let arena = Arena::new();
    let s = arena.alloc_try_with(|| Ok(large_struct!(1, 2, 3, 4)))?;
    assert_struct(s, 1, 2, 3, 4);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_struct_err
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_struct_err() {
    assert_init_error_rolls_back(|arena| {
        arena.alloc_try_with(|| Err::<LargeStruct, _>(())).is_err()
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_tuple
#[test]
#[ignore = "overflows the stack even optimised: rustc 1.95 builds the 60 MB literal on the stack first (bumpalo 3.20.3's own alloc_with does too)"]
fn alloc_try_with_large_tuple() -> Result<(), ()> {
    let arena = Arena::new();
    let (n, s) = arena.alloc_try_with(|| Ok((1u32, large_struct!(2, 3, 4, 5))))?;
    assert_eq!(*n, 1);
    assert_struct(s, 2, 3, 4, 5);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_tuple_err
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_tuple_err() {
    assert_init_error_rolls_back(|arena| {
        arena
            .alloc_try_with(|| Err::<(u32, LargeStruct), _>(()))
            .is_err()
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_enum
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_enum() -> Result<(), ()> {
    let arena = Arena::new();
    let e = arena.alloc_try_with(|| Ok(LargeEnum::Small))?;
    assert_small(e);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_enum_err
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn alloc_try_with_large_enum_err() {
    assert_init_error_rolls_back(|arena| arena.alloc_try_with(|| Err::<LargeEnum, _>(())).is_err());
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_slice_try_fill_with_large_length
#[test]
fn alloc_slice_try_fill_with_large_length() {
    assert_init_error_rolls_back(|arena| {
        arena
            .alloc_slice_try_fill_with(large::ARRAY, |_| Err::<u8, _>(()))
            .is_err()
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_slice_try_fill_iter_large_length
#[test]
fn alloc_slice_try_fill_iter_large_length() {
    // bumpalo takes `repeat(..).take(n)`; arenakit wants an `ExactSizeIterator`.
    assert_init_error_rolls_back(|arena| {
        arena
            .alloc_slice_try_fill_iter(std::iter::repeat_n(Err::<u8, _>(()), large::ARRAY))
            .is_err()
    });
}
