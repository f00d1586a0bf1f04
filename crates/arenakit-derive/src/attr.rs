//! The `#[copy_in(...)]` helper attribute: options on the type, nothing on fields or variants.

use syn::{Attribute, Ident, LitStr, Path};

/// The name of the helper attribute.
const ATTR: &str = "copy_in";

/// What `#[copy_in(...)]` on the input type asks for.
#[derive(Default)]
pub(crate) struct TypeOptions {
    /// `name = "MsgView"`: the output type's name instead of `<Name>In`.
    pub(crate) name: Option<Ident>,
    /// `derive(Clone, Copy, ...)`: derives added to the output type next to `Debug`.
    pub(crate) derives: Vec<Path>,
}

/// Reads every `#[copy_in(...)]` on the input type; several attributes add up.
pub(crate) fn type_options(attrs: &[Attribute]) -> syn::Result<TypeOptions> {
    let mut options = TypeOptions::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(ATTR)) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                if options.name.is_some() {
                    return Err(meta.error("`name` is given twice"));
                }
                let lit: LitStr = meta.value()?.parse()?;
                let name = lit.parse::<Ident>().map_err(|_| {
                    syn::Error::new(
                        lit.span(),
                        "`name` must be a type name, like `#[copy_in(name = \"MsgView\")]`",
                    )
                })?;
                options.name = Some(name);
                Ok(())
            } else if meta.path.is_ident("derive") {
                meta.parse_nested_meta(|derive| {
                    options.derives.push(derive.path);
                    Ok(())
                })
            } else {
                Err(meta
                    .error("unknown `copy_in` option; expected `name = \"...\"` or `derive(...)`"))
            }
        })?;
    }
    Ok(options)
}

/// Fails on a `#[copy_in]` attribute on a field or variant: it has no options there, and
/// ignoring it silently would hide a mistake (such as an expected `skip`).
pub(crate) fn reject_inner(attrs: &[Attribute]) -> syn::Result<()> {
    match attrs.iter().find(|attr| attr.path().is_ident(ATTR)) {
        Some(attr) => Err(syn::Error::new_spanned(
            attr,
            "`#[copy_in(...)]` goes on the type; fields and variants take no options \
             (every field is copied with its own `CopyIn` impl)",
        )),
        None => Ok(()),
    }
}

/// Whether `path` names the derive `name` (`Default`, `core::default::Default`, ...).
pub(crate) fn names_derive(path: &Path, name: &str) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == name)
}
