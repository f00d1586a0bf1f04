//! bumpalo's `tests/all/try_alloc_try_with.rs` is not available (no copy of it could be
//! read), so this file is reconstructed from bumpalo `tests/all/alloc_try_with.rs`: each of its
//! cases run through `try_alloc_try_with` (and `try_alloc_slice_try_fill_*`), whose error is
//! `AllocOrInitError`, under the `alloc_try_with` test's name with a `try_` prefix. The
//! by-value tests only run without debug assertions, as in bumpalo; the slice tests run
//! everywhere.

use super::assert_init_error_rolls_back;
use super::large::{
    self, LargeEnum, LargeStruct, assert_filled, assert_small, assert_struct, large_struct,
};
use arenakit::{AllocOrInitError, Arena};

/// Whether `result` is the initialiser's `()` error.
fn is_init_error<T>(result: Result<T, AllocOrInitError<()>>) -> bool {
    matches!(result, Err(AllocOrInitError::Init(())))
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_array
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_array() -> Result<(), AllocOrInitError<()>> {
    let arena = Arena::new();
    let array = arena.try_alloc_try_with(|| Ok([4u8; large::ARRAY]))?;
    assert_filled(array, 4);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_array_err
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_array_err() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(arena.try_alloc_try_with(|| Err::<[u8; large::ARRAY], _>(())))
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_struct
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[ignore = "overflows the stack even optimised: rustc 1.95 builds the 60 MB literal on the stack first (bumpalo 3.20.3's own alloc_with does too)"]
fn try_alloc_try_with_large_struct() -> Result<(), AllocOrInitError<()>> {
    let arena = Arena::new();
    let s = arena.try_alloc_try_with(|| Ok(large_struct!(1, 2, 3, 4)))?;
    assert_struct(s, 1, 2, 3, 4);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_struct_err
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_struct_err() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(arena.try_alloc_try_with(|| Err::<LargeStruct, _>(())))
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_tuple
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[ignore = "overflows the stack even optimised: rustc 1.95 builds the 60 MB literal on the stack first (bumpalo 3.20.3's own alloc_with does too)"]
fn try_alloc_try_with_large_tuple() -> Result<(), AllocOrInitError<()>> {
    let arena = Arena::new();
    let (n, s) = arena.try_alloc_try_with(|| Ok((1u32, large_struct!(2, 3, 4, 5))))?;
    assert_eq!(*n, 1);
    assert_struct(s, 2, 3, 4, 5);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_tuple_err
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_tuple_err() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(arena.try_alloc_try_with(|| Err::<(u32, LargeStruct), _>(())))
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_enum
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_enum() -> Result<(), AllocOrInitError<()>> {
    let arena = Arena::new();
    let e = arena.try_alloc_try_with(|| Ok(LargeEnum::Small))?;
    assert_small(e);
    Ok(())
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_try_with_large_enum_err
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds the value on the stack without optimisations"
)]
fn try_alloc_try_with_large_enum_err() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(arena.try_alloc_try_with(|| Err::<LargeEnum, _>(())))
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_slice_try_fill_with_large_length
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
fn try_alloc_slice_try_fill_with_large_length() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(arena.try_alloc_slice_try_fill_with(large::ARRAY, |_| Err::<u8, _>(())))
    });
}

/// bumpalo tests/all/alloc_try_with.rs: alloc_slice_try_fill_iter_large_length
///
/// Reconstructed: its `try_alloc_try_with` twin (see the module docs).
#[test]
fn try_alloc_slice_try_fill_iter_large_length() {
    assert_init_error_rolls_back(|arena| {
        is_init_error(
            arena
                .try_alloc_slice_try_fill_iter(std::iter::repeat_n(Err::<u8, _>(()), large::ARRAY)),
        )
    });
}
