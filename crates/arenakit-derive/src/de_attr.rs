//! The `#[serde(...)]` attributes `#[derive(DeserializeIn)]` reads, so that types written for
//! serde's own derive decode the same way. Unsupported options are compile errors, never
//! silently ignored, except the serialize-only ones, which do not change decoding.

use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, ExprPath, LitStr, Token};

/// The name of the helper attribute (shared with serde's derives).
const ATTR: &str = "serde";

/// A `rename_all` rule, as in serde.
#[derive(Clone, Copy)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    /// The rule named `name`, as spelled in serde.
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "lowercase" => Self::Lower,
            "UPPERCASE" => Self::Upper,
            "PascalCase" => Self::Pascal,
            "camelCase" => Self::Camel,
            "snake_case" => Self::Snake,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnake,
            "kebab-case" => Self::Kebab,
            "SCREAMING-KEBAB-CASE" => Self::ScreamingKebab,
            _ => return None,
        })
    }

    /// Applies the rule to a variant name, written in `PascalCase`.
    pub(crate) fn apply_to_variant(self, variant: &str) -> String {
        match self {
            Self::Pascal => variant.to_owned(),
            Self::Lower => variant.to_ascii_lowercase(),
            Self::Upper => variant.to_ascii_uppercase(),
            Self::Camel => {
                let mut chars = variant.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Self::Snake => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            Self::ScreamingSnake => Self::Snake.apply_to_variant(variant).to_ascii_uppercase(),
            Self::Kebab => Self::Snake.apply_to_variant(variant).replace('_', "-"),
            Self::ScreamingKebab => Self::ScreamingSnake
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }

    /// Applies the rule to a field name, written in `snake_case`.
    pub(crate) fn apply_to_field(self, field: &str) -> String {
        match self {
            Self::Lower | Self::Snake => field.to_owned(),
            Self::Upper | Self::ScreamingSnake => field.to_ascii_uppercase(),
            Self::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Self::Camel => {
                let pascal = Self::Pascal.apply_to_field(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Self::Kebab => field.replace('_', "-"),
            Self::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// `#[serde(...)]` on the type.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    /// `rename = "..."`: the name passed to the deserializer.
    pub(crate) rename: Option<String>,
    /// `rename_all = "..."`: the rule for field (struct) or variant (enum) names.
    pub(crate) rename_all: Option<RenameRule>,
    /// `deny_unknown_fields`.
    pub(crate) deny_unknown_fields: bool,
}

/// How a field gets its value when the input lacks it.
#[derive(Default)]
pub(crate) enum FieldDefault {
    /// Required: a missing field is an error (an `Option` becomes `None`, as with serde).
    #[default]
    Required,
    /// `default`: `Default::default()`.
    Default,
    /// `default = "path"`: `path()`.
    Path(ExprPath),
}

/// `#[serde(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) default: FieldDefault,
    /// `skip` or `skip_deserializing`: never read; the value is the default.
    pub(crate) skip: bool,
}

/// `#[serde(...)]` on a variant.
#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) aliases: Vec<String>,
    /// `rename_all = "..."`: the rule for the fields of a struct variant.
    pub(crate) rename_all: Option<RenameRule>,
    /// `skip` or `skip_deserializing`: the variant is never decoded.
    pub(crate) skip: bool,
}

/// The options this derive understands, for the error message about the others.
const SUPPORTED: &str = "supported: `rename`, `rename_all`, `deny_unknown_fields` on the type; \
                         `rename`, `alias`, `default`, `skip`, `skip_deserializing` on fields; \
                         `rename`, `alias`, `rename_all`, `skip`, `skip_deserializing` on variants";

/// The error for an option this derive does not implement.
fn unsupported(meta: &ParseNestedMeta, place: &str) -> syn::Error {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    meta.error(format!(
        "`#[derive(DeserializeIn)]` does not support `#[serde({name})]` on {place} ({SUPPORTED})"
    ))
}

/// Runs `f` on every option of every `#[serde(...)]` in `attrs`.
fn each_option(
    attrs: &[Attribute],
    mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(ATTR)) {
        attr.parse_nested_meta(|meta| f(&meta))?;
    }
    Ok(())
}

/// The deserialization name of `rename = "x"` or `rename(deserialize = "x", serialize = "y")`
/// (`None` when only the serialization name is given).
fn de_name(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Ok(Some(meta.value()?.parse()?));
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        let lit: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("deserialize") {
            name = Some(lit);
        } else if !inner.path.is_ident("serialize") {
            return Err(inner.error("expected `serialize = \"...\"` or `deserialize = \"...\"`"));
        }
        Ok(())
    })?;
    Ok(name)
}

/// Reads a `rename_all` rule.
fn rename_rule(meta: &ParseNestedMeta) -> syn::Result<Option<RenameRule>> {
    let Some(lit) = de_name(meta)? else {
        return Ok(None);
    };
    RenameRule::from_name(&lit.value())
        .map(Some)
        .ok_or_else(|| {
            syn::Error::new(
                lit.span(),
                "unknown `rename_all` rule; expected one of \"lowercase\", \"UPPERCASE\", \
             \"PascalCase\", \"camelCase\", \"snake_case\", \"SCREAMING_SNAKE_CASE\", \
             \"kebab-case\", \"SCREAMING-KEBAB-CASE\"",
            )
        })
}

/// Skips the value of a serialize-only option (`skip_serializing_if = "..."`).
fn ignore_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: LitStr = meta.value()?.parse()?;
    }
    Ok(())
}

/// Reads `#[serde(...)]` on the type.
pub(crate) fn container(attrs: &[Attribute]) -> syn::Result<ContainerAttrs> {
    let mut out = ContainerAttrs::default();
    each_option(attrs, |meta| {
        if meta.path.is_ident("rename") {
            if let Some(name) = de_name(meta)? {
                out.rename = Some(name.value());
            }
        } else if meta.path.is_ident("rename_all") {
            if let Some(rule) = rename_rule(meta)? {
                out.rename_all = Some(rule);
            }
        } else if meta.path.is_ident("deny_unknown_fields") {
            out.deny_unknown_fields = true;
        } else {
            return Err(unsupported(meta, "a type"));
        }
        Ok(())
    })?;
    Ok(out)
}

/// Reads `#[serde(...)]` on a field.
pub(crate) fn field(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut out = FieldAttrs::default();
    each_option(attrs, |meta| {
        if meta.path.is_ident("rename") {
            if let Some(name) = de_name(meta)? {
                out.rename = Some(name.value());
            }
        } else if meta.path.is_ident("alias") {
            out.aliases.push(meta.value()?.parse::<LitStr>()?.value());
        } else if meta.path.is_ident("default") {
            out.default = if meta.input.peek(Token![=]) {
                let lit: LitStr = meta.value()?.parse()?;
                FieldDefault::Path(lit.parse().map_err(|_| {
                    syn::Error::new(
                        lit.span(),
                        "`default` must name a function, like `default = \"default_port\"`",
                    )
                })?)
            } else {
                FieldDefault::Default
            };
        } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing") {
            out.skip = true;
        } else if meta.path.is_ident("skip_serializing")
            || meta.path.is_ident("skip_serializing_if")
            || meta.path.is_ident("serialize_with")
            || meta.path.is_ident("borrow")
        {
            // Serialize-only, or (`borrow`) about serde's zero-copy borrowing from the input,
            // which arena decoding replaces by copying into the arena.
            ignore_value(meta)?;
        } else {
            return Err(unsupported(meta, "a field"));
        }
        Ok(())
    })?;
    Ok(out)
}

/// Reads `#[serde(...)]` on a variant.
pub(crate) fn variant(attrs: &[Attribute]) -> syn::Result<VariantAttrs> {
    let mut out = VariantAttrs::default();
    each_option(attrs, |meta| {
        if meta.path.is_ident("rename") {
            if let Some(name) = de_name(meta)? {
                out.rename = Some(name.value());
            }
        } else if meta.path.is_ident("alias") {
            out.aliases.push(meta.value()?.parse::<LitStr>()?.value());
        } else if meta.path.is_ident("rename_all") {
            if let Some(rule) = rename_rule(meta)? {
                out.rename_all = Some(rule);
            }
        } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing") {
            out.skip = true;
        } else if meta.path.is_ident("skip_serializing") {
            ignore_value(meta)?;
        } else {
            return Err(unsupported(meta, "a variant"));
        }
        Ok(())
    })?;
    Ok(out)
}
