//! `#[derive(CopyIn)]` for [arenakit](https://example.invalid/arenakit): deep copies of your own
//! structs and enums into an arena.
//!
//! Use it through arenakit's `derive` feature, which re-exports the macro next to the trait of
//! the same name, so `use arenakit::CopyIn;` brings both:
//!
//! ```toml
//! [dependencies]
//! arenakit = { version = "0.1", features = ["derive"] }
//! ```
//!
//! See [`macro@CopyIn`] for what the derive generates.

mod attr;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `arenakit::CopyIn` for a struct or enum, together with its arena-resident
/// counterpart: a new type `<Name>In<'a>` whose fields are the arena copies of the original's.
///
/// ```
/// use arenakit::{Arena, CopyIn};
///
/// #[derive(CopyIn)]
/// pub struct Msg {
///     name: String,
///     tags: Vec<String>,
/// }
///
/// let arena = Arena::new();
/// let msg = Msg { name: "hello".into(), tags: vec!["db".into(), "api".into()] };
/// let copy: MsgIn<'_> = msg.copy_in(&arena);
/// drop(msg); // the copy owns no heap memory and borrows only the arena
/// assert_eq!(copy.name, "hello");
/// assert_eq!(copy.tags, ["db", "api"]);
/// assert!(arena.contains(copy.name.as_ptr()));
///
/// // The fields have the plain arena types:
/// let _: (&str, &[&str]) = (copy.name, copy.tags);
/// ```
///
/// # What it generates
///
/// For the `Msg` above, the derive emits (in the same module, with `Msg`'s visibility; the
/// comments after `//` are not part of it):
///
/// ```text
/// /// Arena copy of [`Msg`], made by `CopyIn`: each field is the `CopyIn::Output` of ...
/// #[derive(::core::fmt::Debug)]
/// #[allow(dead_code)]
/// pub struct MsgIn<'a> {
///     /// Arena copy of `Msg::name`.
///     name: <String as ::arenakit::CopyIn<'a>>::Output,      // = &'a str
///     /// Arena copy of `Msg::tags`.
///     tags: <Vec<String> as ::arenakit::CopyIn<'a>>::Output, // = &'a [&'a str]
/// }
///
/// #[automatically_derived]
/// impl<'a> ::arenakit::CopyIn<'a> for Msg {
///     type Output = MsgIn<'a>;
///
///     fn try_copy_in(
///         &self,
///         arena: &'a ::arenakit::Arena,
///     ) -> ::core::result::Result<Self::Output, ::arenakit::AllocError> {
///         let Self { name: __copy_in_0, tags: __copy_in_1 } = self;
///         ::core::result::Result::Ok(MsgIn {
///             name: <String as ::arenakit::CopyIn<'a>>::try_copy_in(__copy_in_0, arena)?,
///             tags: <Vec<String> as ::arenakit::CopyIn<'a>>::try_copy_in(__copy_in_1, arena)?,
///         })
///     }
/// }
/// ```
///
/// Each output field has the type `<FieldTy as CopyIn<'a>>::Output`, so every field type with
/// a `CopyIn` impl works: primitives, `String`, `Vec`, `Box`, `Option`, tuples, arrays,
/// references, std `HashMap`/`HashSet` (which become arenakit's), and other derived types,
/// recursive ones included (`Option<Box<Self>>` becomes `Option<&'a NodeIn<'a>>`). Fields keep
/// their names, order and visibility. The output type allows `dead_code`: you cannot annotate
/// it yourself, and reading only some of its fields is normal.
///
/// # Shapes
///
/// Structs with named fields, tuple structs, unit structs and enums (unit, tuple and struct
/// variants) are supported; the output has the same shape. An enum's `#[repr(..)]` and
/// explicit discriminants carry over. A type whose output has no field at all (a unit
/// struct, an enum of unit variants) gets an output type without a lifetime parameter:
///
/// ```
/// use arenakit::{Arena, CopyIn};
///
/// #[derive(CopyIn)]
/// enum Shape {
///     Empty,
///     Circle(f64),
///     Rect { w: f64, h: f64 },
/// }
///
/// #[derive(CopyIn)]
/// enum Color {
///     Red,
///     Green,
/// }
///
/// let arena = Arena::new();
/// assert!(matches!(Shape::Rect { w: 1.0, h: 2.0 }.copy_in(&arena), ShapeIn::Rect { w: 1.0, h: 2.0 }));
/// let _: ColorIn = Color::Green.copy_in(&arena);
/// ```
///
/// # Attributes
///
/// `#[copy_in(...)]` on the type, options separated by commas or in several attributes:
///
/// - `name = "MsgView"`: the output type's name (default: the input's name followed by `In`);
/// - `derive(Clone, Copy, PartialEq, ...)`: derives for the output type besides `Debug`,
///   which it always derives (so every field's output must implement `Debug`; all of
///   arenakit's do). With `derive(Default)`, an enum's `#[default]` variant carries over.
///
/// ```
/// use arenakit::{Arena, CopyIn};
///
/// #[derive(CopyIn)]
/// #[copy_in(name = "PointView", derive(Clone, Copy, PartialEq))]
/// struct Point {
///     x: i32,
///     label: String,
/// }
///
/// let arena = Arena::new();
/// let a: PointView<'_> = Point { x: 1, label: "a".into() }.copy_in(&arena);
/// let b = a; // Copy
/// assert_eq!(a, b);
/// ```
///
/// Fields and variants take no options; `#[copy_in]` on them is an error.
///
/// # Generics
///
/// Lifetime parameters are supported: the output has only the arena lifetime, which replaces
/// every lifetime of the input in the field types (`&'x str` copies to `&'a str`), so the
/// copy does not borrow the original.
///
/// ```
/// use arenakit::{Arena, CopyIn};
///
/// #[derive(CopyIn)]
/// struct Borrowed<'x> {
///     text: &'x str,
/// }
///
/// let arena = Arena::new();
/// let text = String::from("short-lived");
/// let copy: BorrowedIn<'_> = Borrowed { text: &text }.copy_in(&arena);
/// drop(text);
/// assert_eq!(copy.text, "short-lived");
/// ```
///
/// Type and const parameters are not: the output type would depend on how each parameter is
/// copied. Implement `CopyIn` by hand for those.
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// struct Wrapper<T> { // error: `#[derive(CopyIn)]` does not support type parameters
///     value: T,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// struct Fixed<const N: usize> { // error: `#[derive(CopyIn)]` does not support const parameters
///     bytes: [u8; N],
/// }
/// ```
///
/// # Errors at compile time
///
/// Unions are rejected, as are unknown options and a `name` that is not an identifier:
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// union Bits { // error: `#[derive(CopyIn)]` does not support unions
///     int: u32,
///     float: f32,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// #[copy_in(rename = "View")] // error: unknown `copy_in` option
/// struct Msg {
///     name: String,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// #[copy_in(name = "Msg View")] // error: `name` must be a type name
/// struct Msg {
///     name: String,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// struct Msg {
///     #[copy_in(skip)] // error: fields take no options
///     name: String,
/// }
/// ```
///
/// A field whose type does not implement `CopyIn` is an error at that field:
///
/// ```compile_fail,E0277
/// use arenakit::CopyIn;
///
/// #[derive(CopyIn)]
/// struct Shared {
///     name: std::rc::Rc<str>, // error: the trait `CopyIn<'_>` is not implemented for `Rc<str>`
/// }
/// ```
///
/// # Limits
///
/// - The impl is for `arenakit::Arena` (`Arena<Heap>`, the single-thread arena over the global
///   allocator): `impl<'a> CopyIn<'a> for Msg`, with the trait's default source and mode. Copy
///   into a `SyncArena` or an arena over another memory source by hand.
/// - The output's field types are `CopyIn::Output` projections, which makes the output type
///   invariant in `'a`: a `MsgIn<'long>` does not coerce to a `MsgIn<'short>`.
/// - A field type without a `CopyIn` impl is reported several times (for the output type and
///   for the impl), each time at that field.
/// - A lifetime-generic field type whose own `CopyIn::Output` depends on its lifetime (a
///   hand-written impl; never a derived one) does not fit the "every input lifetime becomes
///   `'a`" rule and fails to compile.
/// - The generated code names the crate `::arenakit`; renaming the dependency breaks it.
#[proc_macro_derive(CopyIn, attributes(copy_in))]
pub fn derive_copy_in(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
