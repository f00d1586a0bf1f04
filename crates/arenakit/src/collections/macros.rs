//! The crate-root macros [`vec!`](crate::vec) and [`format!`](crate::format).
//!
//! Without `in`, each forwards to `alloc`'s macro of the same name, so importing them
//! (`use arenakit::{format, vec};`) does not break std's uses in the importing module.

/// An arena [`Vec`](crate::collections::Vec) from a list of elements, or from one element
/// repeated: std's `vec!` with `in &arena;` in front (bumpalo's `vec!`).
///
/// | form | result |
/// |---|---|
/// | `vec![in &arena]` | an empty vector (allocates nothing) |
/// | `vec![in &arena; a, b, c]` | the elements, in order (trailing comma allowed) |
/// | `vec![in &arena; x; n]` | `n` clones of `x` (`x` itself is the last; dropped if `n == 0`) |
/// | `vec![try in &arena ...]` | the same forms, as `Result<Vec, AllocError>` instead of panicking when the arena cannot provide the memory |
/// | `vec![...]` (no `in`) | std's `vec!` (`alloc::vec!`) |
///
/// The vector gets exactly the capacity it needs. It works with any arena (`Arena`,
/// `SyncArena`, any memory source).
///
/// # Panics
///
/// Without `try`, if the arena cannot provide the memory.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let v = arenakit::vec![in &arena; 1, 2, 3];
/// assert_eq!(v, [1, 2, 3]);
/// let zeros = arenakit::vec![in &arena; 0u8; 4];
/// assert_eq!(zeros, [0, 0, 0, 0]);
/// let mut empty = arenakit::vec![in &arena];
/// empty.push("pushed later");
/// assert_eq!(empty.len(), 1);
///
/// let shared = arenakit::SyncArena::new();
/// let v = arenakit::vec![in &shared; "a", "b",];
/// assert_eq!(v, ["a", "b"]);
/// ```
///
/// With `try`:
///
/// ```
/// use arenakit::AllocErrorKind;
///
/// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
/// let v = arenakit::vec![try in &arena; 1u64, 2].unwrap();
/// assert_eq!(v, [1, 2]);
/// let err = arenakit::vec![try in &arena; 0u64; 1 << 20].unwrap_err();
/// assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
/// ```
#[macro_export]
macro_rules! vec {
    (in $arena:expr $(;)?) => {
        $crate::collections::Vec::new_in($arena)
    };
    (in $arena:expr; $elem:expr; $n:expr) => {
        <$crate::collections::Vec<'_, _, _, _> as $crate::collections::FromIteratorIn<'_, _, _, _>>::from_iter_in(
            ::core::iter::repeat_n($elem, $n),
            $arena,
        )
    };
    (in $arena:expr; $($elem:expr),* $(,)?) => {
        <$crate::collections::Vec<'_, _, _, _> as $crate::collections::FromIteratorIn<'_, _, _, _>>::from_iter_in(
            [$($elem),*],
            $arena,
        )
    };
    (try in $arena:expr $(;)?) => {
        ::core::result::Result::<_, $crate::AllocError>::Ok($crate::collections::Vec::new_in($arena))
    };
    (try in $arena:expr; $elem:expr; $n:expr) => {
        <$crate::collections::Vec<'_, _, _, _> as $crate::collections::FromIteratorIn<'_, _, _, _>>::try_from_iter_in(
            ::core::iter::repeat_n($elem, $n),
            $arena,
        )
    };
    (try in $arena:expr; $($elem:expr),* $(,)?) => {
        <$crate::collections::Vec<'_, _, _, _> as $crate::collections::FromIteratorIn<'_, _, _, _>>::try_from_iter_in(
            [$($elem),*],
            $arena,
        )
    };
    ($($std:tt)*) => {
        $crate::__private::vec![$($std)*]
    };
}

/// An arena [`String`](crate::collections::String) from a format string: std's `format!`
/// with `in &arena,` in front (bumpalo's `format!`).
///
/// | form | result |
/// |---|---|
/// | `format!(in &arena, "{x}-{}", y)` | the formatted string (trailing comma allowed) |
/// | `format!(in &arena)` | an empty string |
/// | `format!(try in &arena, ...)` | `Result<String, AllocError>` instead of panicking when the arena cannot provide the memory |
/// | `format!(...)` (no `in`) | std's `format!` (`alloc::format!`) |
///
/// It expands to [`String::from_fmt_in`](crate::collections::String::from_fmt_in) or
/// [`String::try_from_fmt_in`](crate::collections::String::try_from_fmt_in).
///
/// # Panics
///
/// Without `try`, if the arena cannot provide the memory. With or without it, if a
/// formatting trait implementation returns an error of its own, as std's `format!` does.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let name = "world";
/// let mut s = arenakit::format!(in &arena, "hello, {name}! {}+{}={}", 1, 2, 1 + 2,);
/// s.push_str(" ok");
/// assert_eq!(s, "hello, world! 1+2=3 ok");
/// assert!(arena.contains(s.as_ptr()));
///
/// let shared = arenakit::SyncArena::new();
/// assert_eq!(arenakit::format!(in &shared, "{:04}", 42), "0042");
/// ```
///
/// With `try`:
///
/// ```
/// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
/// assert_eq!(arenakit::format!(try in &arena, "{}", 5).unwrap(), "5");
/// let big = "x".repeat(1 << 20);
/// assert!(arenakit::format!(try in &arena, "<{big}>").is_err());
/// ```
#[macro_export]
macro_rules! format {
    (in $arena:expr $(,)?) => {
        $crate::collections::String::new_in($arena)
    };
    (in $arena:expr, $($arg:tt)+) => {
        $crate::collections::String::from_fmt_in(::core::format_args!($($arg)+), $arena)
    };
    (try in $arena:expr $(,)?) => {
        ::core::result::Result::<_, $crate::AllocError>::Ok($crate::collections::String::new_in($arena))
    };
    (try in $arena:expr, $($arg:tt)+) => {
        $crate::collections::String::try_from_fmt_in(::core::format_args!($($arg)+), $arena)
    };
    ($($std:tt)*) => {
        $crate::__private::format!($($std)*)
    };
}
