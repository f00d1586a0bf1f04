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
//!
//! [`macro@DeserializeIn`] (features `derive` and `json`, re-exported as
//! `arenakit::de::DeserializeIn`) decodes your own structs and enums straight into an arena,
//! reading serde's `#[serde(...)]` attributes.

mod attr;
mod de_attr;
mod de_expand;
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

/// Derives `arenakit::de::DeserializeIn` for a struct or enum, so that it deserializes
/// straight into an arena with any serde format, reading the same `#[serde(...)]` attributes
/// as serde's `Deserialize` derive.
///
/// Use it through arenakit's `derive` and `json` features: `arenakit::de::DeserializeIn` is
/// both the trait and this derive. The generated code names serde through arenakit, so your
/// crate does not need to depend on serde.
///
/// ```
/// use arenakit::Arena;
/// use arenakit::collections::HashMap;
/// use arenakit::de::{DeserializeIn, from_str_in};
///
/// #[derive(DeserializeIn)]
/// #[serde(rename_all = "camelCase")]
/// struct Entry<'a> {
///     ts: u64,
///     level: Level,
///     msg: &'a str,
///     #[serde(default)]
///     tags: &'a [&'a str],
///     attrs: HashMap<'a, &'a str, &'a str>,
///     request_id: Option<&'a str>,
/// }
///
/// #[derive(DeserializeIn, Debug, PartialEq)]
/// #[serde(rename_all = "lowercase")]
/// enum Level {
///     Debug,
///     Info,
/// }
///
/// let arena = Arena::new();
/// let json = r#"{"ts": 1, "level": "info", "msg": "caf\u00e9", "attrs": {"user": "u-42"},
///                "requestId": "r-1", "extra": [1, 2]}"#;
/// let entry: Entry<'_> = from_str_in(&arena, json).unwrap();
/// assert_eq!((entry.ts, entry.level, entry.msg), (1, Level::Info, "café"));
/// assert!(entry.tags.is_empty()); // `default`
/// assert_eq!((entry.attrs["user"], entry.request_id), ("u-42", Some("r-1")));
/// assert!(arena.contains(entry.msg.as_ptr()));
/// ```
///
/// # What it generates
///
/// For `struct Entry<'a>` the derive emits `impl<'a> DeserializeIn<'a> for Entry<'a>` (the
/// type's one lifetime parameter is the arena's; a type without lifetime parameters gets
/// `impl<'a> DeserializeIn<'a> for Name`). Like serde's derive, its `deserialize_in` declares,
/// local to the function:
///
/// - `__Field`, an enum with one variant per field (and `__ignore` for unknown keys), and the
///   visitor that maps a key to it. The key is compared as the borrowed or transient `&str`
///   (or bytes, or index) the format hands over: keys are never copied, into the arena or
///   elsewhere.
/// - `__Visitor<'a>(&'a Arena)`, a `serde::de::Visitor` with `visit_map` (and `visit_seq`, for
///   formats that write structs as sequences). `visit_map` keeps an `Option` per field, reads
///   each value with `MapAccess::next_value_seed(InArena::<FieldTy>::new(arena))`, reports
///   `duplicate_field`, skips unknown values as `IgnoredAny` and, at the end, fills defaults
///   and reports `missing_field` (an `Option` field that is missing is `None`, as with serde).
///
/// and calls `deserializer.deserialize_struct("Entry", FIELDS, __Visitor(arena))`.
///
/// # Shapes
///
/// - structs with named fields: a map (or a sequence of the fields in order);
/// - tuple structs: a sequence; a one-field tuple struct is a newtype, transparent in JSON
///   (`struct Meters(f64)` is `1.5`), as with serde;
/// - unit structs: `null` in JSON;
/// - enums, externally tagged (serde's default): a unit variant is its name (`"Info"`), a
///   newtype, tuple or struct variant a single-key map from its name to its content
///   (`{"Circle": 1.0}`, `{"Pair": [1, 2]}`, `{"Rect": {"w": 1, "h": 2}}`).
///
/// Every field type must implement `DeserializeIn<'a>`: numbers, `bool`, `char`, `&'a str`,
/// arena `String`, `Option`, tuples, `&'a [T]`, arena `Vec`/`HashMap`/`HashSet` and other
/// derived types.
///
/// # Attributes
///
/// Read from `#[serde(...)]`, with serde's meaning:
///
/// - on the type: `rename = "..."` (the name given to the format), `rename_all = "..."`
///   (`"lowercase"`, `"UPPERCASE"`, `"PascalCase"`, `"camelCase"`, `"snake_case"`,
///   `"SCREAMING_SNAKE_CASE"`, `"kebab-case"`, `"SCREAMING-KEBAB-CASE"`; fields of a struct,
///   variants of an enum), `deny_unknown_fields` (unknown keys are an error instead of being
///   skipped; on an enum, for its struct variants);
/// - on a field: `rename = "..."`, `alias = "..."`, `default` (`Default::default()`;
///   `&'a str` and `&'a [T]` are empty by default), `default = "path"` (`path()`), `skip` and
///   `skip_deserializing` (never read; the default);
/// - on a variant: `rename = "..."`, `alias = "..."`, `rename_all = "..."` (its fields),
///   `skip` and `skip_deserializing`.
///
/// `rename(deserialize = "...")` and `rename_all(deserialize = "...")` work too; the
/// serialize-only options (`skip_serializing`, `skip_serializing_if`, `serialize_with`) and
/// `borrow` (arena decoding copies into the arena instead of borrowing from the input) are
/// accepted and have no effect, so one type can derive both `Deserialize` and
/// `DeserializeIn`. Any other option is a compile error, so a type does not
/// silently decode differently from serde's derive:
///
/// ```compile_fail
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// struct Msg<'a> {
///     #[serde(flatten)] // error: `#[derive(DeserializeIn)]` does not support `#[serde(flatten)]`
///     inner: &'a str,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// #[serde(tag = "type")] // error: internally tagged enums are not supported
/// enum Event {
///     Start,
/// }
/// ```
///
/// # Generics
///
/// At most one lifetime parameter, the arena's, and no type or const parameters:
///
/// ```compile_fail
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// struct Two<'a, 'b> { // error: at most one lifetime parameter
///     a: &'a str,
///     b: &'b str,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// struct Wrapper<T> { // error: `#[derive(DeserializeIn)]` does not support type parameters
///     value: T,
/// }
/// ```
///
/// ```compile_fail
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// struct Fixed<const N: usize> { // error: does not support const parameters
///     bytes: [u8; N],
/// }
/// ```
///
/// A field type without a `DeserializeIn` impl is an error at that field:
///
/// ```compile_fail,E0277
/// use arenakit::de::DeserializeIn;
///
/// #[derive(DeserializeIn)]
/// struct Shared {
///     name: std::rc::Rc<str>, // error: `DeserializeIn<'_>` is not implemented for `Rc<str>`
/// }
/// ```
///
/// # Limits
///
/// - The impl is for `arenakit::Arena` (heap source, single-thread mode): the trait's default
///   parameters. Implement `DeserializeIn` by hand for another source or a `SyncArena`.
/// - Only serde's default enum representation (externally tagged); no `flatten`,
///   `deserialize_with`, `borrow`, container `default`, `transparent`, `from`/`try_from`.
/// - The generated code names the crate `::arenakit`; renaming the dependency breaks it.
#[proc_macro_derive(DeserializeIn, attributes(serde))]
pub fn derive_deserialize_in(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    de_expand::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
