//! Expansion of `#[derive(DeserializeIn)]`: an `impl DeserializeIn<'a>` whose visitors follow
//! serde's derive (externally tagged enums, `#[serde(...)]` names and defaults), with every
//! field deserialized through `::arenakit::de::InArena` so that it lands in the arena.
//!
//! Field and variant names are matched by a visitor over the borrowed or transient key
//! (`visit_str`, `visit_bytes`, `visit_u64`) that returns an index enum: keys are never copied
//! into the arena.

use crate::de_attr::{self, ContainerAttrs, FieldDefault, RenameRule};
use crate::expand::collect_lifetimes;
use proc_macro2::{Group, Ident, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericParam, Lifetime, LifetimeParam, Member};

/// Expands the derive for `input`.
pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let lt_param = check_generics(input)?;
    let attrs = de_attr::container(&input.attrs)?;
    let cx = Cx::new(input, lt_param, &attrs);
    let body = match &input.data {
        Data::Struct(data) => {
            let shape = Shape::new(&cx, &data.fields, attrs.rename_all)?;
            let ident = &input.ident;
            expand_struct(&cx, &shape, &quote!(#ident))
        }
        Data::Enum(data) => expand_enum(&cx, data, &attrs)?,
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`#[derive(DeserializeIn)]` does not support unions; implement `DeserializeIn` \
                 by hand",
            ));
        }
    };
    Ok(cx.wrap(body))
}

/// Accepts zero or one lifetime parameter (the arena's); rejects more, and type and const
/// parameters. Returns the lifetime parameter, if any.
fn check_generics(input: &DeriveInput) -> syn::Result<Option<&LifetimeParam>> {
    let mut error: Option<syn::Error> = None;
    let mut lifetime = None;
    for param in &input.generics.params {
        let new = match param {
            GenericParam::Lifetime(param) if lifetime.is_none() => {
                lifetime = Some(param);
                continue;
            }
            GenericParam::Lifetime(param) => syn::Error::new(
                param.lifetime.span(),
                "`#[derive(DeserializeIn)]` supports at most one lifetime parameter, the \
                 arena's (`struct Msg<'a>`); implement `DeserializeIn` by hand",
            ),
            GenericParam::Type(param) => syn::Error::new(
                param.ident.span(),
                "`#[derive(DeserializeIn)]` does not support type parameters (only one \
                 lifetime parameter, the arena's); implement `DeserializeIn` by hand",
            ),
            GenericParam::Const(param) => syn::Error::new(
                param.ident.span(),
                "`#[derive(DeserializeIn)]` does not support const parameters (only one \
                 lifetime parameter, the arena's); implement `DeserializeIn` by hand",
            ),
        };
        match &mut error {
            Some(error) => error.combine(new),
            None => error = Some(new),
        }
    }
    error.map_or(Ok(lifetime), Err)
}

/// What the expansion of one input needs everywhere.
struct Cx<'i> {
    input: &'i DeriveInput,
    /// The arena lifetime parameter (with its bounds): the input's own, or a fresh `'a`.
    lt_param: TokenStream,
    /// The arena lifetime.
    lt: Lifetime,
    /// Whether the input has its lifetime parameter (else `lt_param` is fresh).
    has_lifetime: bool,
    /// The deserializer's lifetime, fresh.
    de_lt: Lifetime,
    /// The input type as written in the impls: `Msg::<'a>` or `Msg`.
    self_ty: TokenStream,
    /// The name given to the deserializer (`rename` on the type, else the type's).
    serde_name: String,
    deny_unknown_fields: bool,
    /// The arena local (mixed-site: invisible to the user's code).
    arena: Ident,
    /// Whether some named field is required (the missing-field deserializer is needed).
    needs_missing: std::cell::Cell<bool>,
}

impl<'i> Cx<'i> {
    fn new(input: &'i DeriveInput, param: Option<&LifetimeParam>, attrs: &ContainerAttrs) -> Self {
        let has_lifetime = param.is_some();
        let (lt_param, lt) = match param {
            Some(param) => (param.to_token_stream(), param.lifetime.clone()),
            None => {
                let lt = fresh_lifetime(input, "a");
                (lt.to_token_stream(), lt)
            }
        };
        let ident = &input.ident;
        let self_ty = if has_lifetime {
            quote!(#ident::<#lt>)
        } else {
            quote!(#ident)
        };
        Cx {
            input,
            has_lifetime,
            de_lt: fresh_lifetime(input, "de"),
            self_ty,
            serde_name: attrs
                .rename
                .clone()
                .unwrap_or_else(|| ident.unraw().to_string()),
            deny_unknown_fields: attrs.deny_unknown_fields,
            arena: Ident::new("__arena", Span::mixed_site()),
            needs_missing: std::cell::Cell::new(false),
            lt_param,
            lt,
        }
    }

    /// Rewrites a field type for use inside the generated visitors, where `Self` is the
    /// visitor: `Self` becomes the input type.
    fn relocate(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Ident(name) if name == "Self" => {
                    let mut ty = TokenStream::new();
                    for mut token in self.self_ty.clone() {
                        token.set_span(name.span());
                        ty.extend([token]);
                    }
                    TokenTree::Group(Group::new(proc_macro2::Delimiter::None, ty))
                }
                TokenTree::Group(group) => {
                    let mut new = Group::new(group.delimiter(), self.relocate(group.stream()));
                    new.set_span(group.span());
                    TokenTree::Group(new)
                }
                other => other,
            })
            .collect()
    }

    /// `impl<'a, 'de> serde::de::Visitor<'de> for #visitor<'a>` with the input's where clause.
    fn visitor_impl(&self, visitor: &Ident, items: TokenStream) -> TokenStream {
        let (lt_param, lt, de_lt) = (&self.lt_param, &self.lt, &self.de_lt);
        let where_clause = &self.input.generics.where_clause;
        let self_ty = &self.self_ty;
        quote! {
            struct #visitor<#lt>(&#lt ::arenakit::Arena);

            impl<#lt_param, #de_lt> ::arenakit::de::__serde::de::Visitor<#de_lt> for #visitor<#lt>
            #where_clause
            {
                type Value = #self_ty;
                #items
            }
        }
    }

    /// The impl around `body`, which deserializes `Self` from `__deserializer`.
    fn wrap(&self, body: TokenStream) -> TokenStream {
        let (lt_param, lt) = (&self.lt_param, &self.lt);
        let (de_lt, arena) = (&self.de_lt, &self.arena);
        let name = &self.input.ident;
        let where_clause = &self.input.generics.where_clause;
        let ty_generics = if self.has_lifetime {
            quote!(<#lt>)
        } else {
            TokenStream::new()
        };
        let missing = if self.needs_missing.get() {
            missing_field_deserializer()
        } else {
            TokenStream::new()
        };
        quote! {
            #[automatically_derived]
            impl<#lt_param> ::arenakit::de::DeserializeIn<#lt> for #name #ty_generics
            #where_clause
            {
                fn deserialize_in<#de_lt, __D: ::arenakit::de::__serde::Deserializer<#de_lt>>(
                    #arena: &#lt ::arenakit::Arena,
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #missing
                    #body
                }
            }
        }
    }
}

/// A lifetime name the input does not use anywhere (`'base` unless taken).
fn fresh_lifetime(input: &DeriveInput, base: &str) -> Lifetime {
    let mut used = Vec::new();
    collect_lifetimes(input.to_token_stream(), &mut used);
    let name = core::iter::once(base.to_owned())
        .chain((0..).map(|n| format!("{base}{n}")))
        .find(|name| !used.iter().any(|used| used == name))
        .expect("an unused name exists");
    Lifetime::new(&format!("'{name}"), Span::call_site())
}

/// A deserializer standing for a missing field, as in serde's derive: an `Option` reads it
/// as `None`, everything else reports `missing_field`.
fn missing_field_deserializer() -> TokenStream {
    quote! {
        struct __MissingField<__E>(&'static str, ::core::marker::PhantomData<__E>);

        impl<'__de, __E: ::arenakit::de::__serde::de::Error>
            ::arenakit::de::__serde::Deserializer<'__de> for __MissingField<__E>
        {
            type Error = __E;

            fn deserialize_any<__V: ::arenakit::de::__serde::de::Visitor<'__de>>(
                self,
                _: __V,
            ) -> ::core::result::Result<__V::Value, __E> {
                ::core::result::Result::Err(__E::missing_field(self.0))
            }

            fn deserialize_option<__V: ::arenakit::de::__serde::de::Visitor<'__de>>(
                self,
                visitor: __V,
            ) -> ::core::result::Result<__V::Value, __E> {
                visitor.visit_none()
            }

            ::arenakit::de::__serde::forward_to_deserialize_any! {
                <__W: Visitor<'__de>>
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
                identifier ignored_any
            }
        }
    }
}

/// One field of a struct or variant.
struct Field {
    member: Member,
    /// The type, with `Self` replaced by the input type.
    ty: TokenStream,
    span: Span,
    /// The key (after `rename`/`rename_all`) and its aliases.
    names: Vec<String>,
    default: FieldDefault,
    skip: bool,
    /// The local holding the value (mixed-site).
    binding: Ident,
}

/// The fields of a struct or variant, and how they are laid out in the input.
struct Shape {
    fields: Vec<Field>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Named,
    /// One unskipped unnamed field: serde's newtype (transparent in JSON).
    Newtype,
    Tuple,
    Unit,
}

impl Shape {
    fn new(cx: &Cx, fields: &Fields, rule: Option<RenameRule>) -> syn::Result<Self> {
        let mut out = Vec::new();
        for (i, field) in fields.iter().enumerate() {
            let attrs = de_attr::field(&field.attrs)?;
            let member = match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(i.into()),
            };
            let key = attrs.rename.unwrap_or_else(|| {
                let name = field
                    .ident
                    .as_ref()
                    .map_or_else(|| i.to_string(), |ident| ident.unraw().to_string());
                rule.map_or_else(|| name.clone(), |rule| rule.apply_to_field(&name))
            });
            let mut names = vec![key];
            names.extend(attrs.aliases);
            out.push(Field {
                member,
                ty: cx.relocate(field.ty.to_token_stream()),
                span: field.ty.span(),
                names,
                default: attrs.default,
                skip: attrs.skip,
                binding: format_ident!("__field{}", i, span = Span::mixed_site()),
            });
        }
        let kind = match fields {
            Fields::Named(_) => Kind::Named,
            Fields::Unnamed(_) if out.len() == 1 && !out[0].skip => Kind::Newtype,
            Fields::Unnamed(_) => Kind::Tuple,
            Fields::Unit => Kind::Unit,
        };
        if kind == Kind::Named
            && out
                .iter()
                .any(|f| !f.skip && matches!(f.default, FieldDefault::Required))
        {
            cx.needs_missing.set(true);
        }
        Ok(Shape { fields: out, kind })
    }

    /// `path { member: binding, .. }` (also valid for tuple and unit shapes).
    fn construct(&self, path: &TokenStream) -> TokenStream {
        let fields = self.fields.iter().map(|f| {
            let (member, binding) = (&f.member, &f.binding);
            quote!(#member: #binding)
        });
        quote!(#path { #(#fields),* })
    }

    /// The unskipped fields.
    fn read(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.skip)
    }
}

/// `InArena::<T>::new(__arena)`, spanned at the field type (trait errors point there).
fn seed(cx: &Cx, field: &Field) -> TokenStream {
    let (ty, arena) = (&field.ty, &cx.arena);
    quote_spanned!(field.span=> ::arenakit::de::InArena::<#ty>::new(#arena))
}

/// The default value of a field, or `None` for a required one.
fn default_value(field: &Field) -> Option<TokenStream> {
    match &field.default {
        FieldDefault::Required if !field.skip => None,
        FieldDefault::Required | FieldDefault::Default => {
            Some(quote_spanned!(field.span=> ::core::default::Default::default()))
        }
        FieldDefault::Path(path) => Some(quote_spanned!(path.span()=> #path())),
    }
}

/// `visit_seq`: the unskipped fields in order, defaults for the skipped ones and, as serde
/// does, for a defaulted field the sequence ends before.
fn visit_seq(cx: &Cx, shape: &Shape, path: &TokenStream) -> TokenStream {
    let de_lt = &cx.de_lt;
    let mut index = 0usize;
    let lets = shape.fields.iter().map(|field| {
        let (binding, ty) = (&field.binding, &field.ty);
        if field.skip {
            let value = default_value(field);
            return quote!(let #binding: #ty = #value;);
        }
        let seed = seed(cx, field);
        let missing = default_value(field).unwrap_or_else(|| {
            let i = Literal::usize_unsuffixed(index);
            quote! {
                return ::core::result::Result::Err(
                    <__A::Error as ::arenakit::de::__serde::de::Error>::invalid_length(#i, &self),
                )
            }
        });
        index += 1;
        quote! {
            let #binding: #ty = match ::arenakit::de::__serde::de::SeqAccess::next_element_seed(
                &mut __seq, #seed,
            )? {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #missing,
            };
        }
    });
    let lets: Vec<TokenStream> = lets.collect();
    let construct = shape.construct(path);
    let arena = &cx.arena;
    quote! {
        fn visit_seq<__A: ::arenakit::de::__serde::de::SeqAccess<#de_lt>>(
            self,
            mut __seq: __A,
        ) -> ::core::result::Result<Self::Value, __A::Error> {
            let #arena = self.0;
            #(#lets)*
            ::core::result::Result::Ok(#construct)
        }
    }
}

/// An identifier enum (`__Field` or `__Variant`) deserialized by matching the key against
/// `names` (one list per index) without copying it; `unknown` is what other keys give:
/// `Some(ignore)` to accept them as `__ignore`, `None` for an error built by `error`.
fn identifier(
    cx: &Cx,
    enum_name: &Ident,
    names: &[&[String]],
    ignore: bool,
    error: &dyn Fn(TokenStream) -> TokenStream,
    expecting: &str,
) -> TokenStream {
    let de_lt = &cx.de_lt;
    let variants: Vec<Ident> = (0..names.len())
        .map(|i| format_ident!("__id{}", i))
        .collect();
    let ignore_variant = ignore.then(|| quote!(__ignore));
    let str_arms = names.iter().zip(&variants).map(
        |(names, variant)| quote!(#(#names)|* => ::core::result::Result::Ok(#enum_name::#variant)),
    );
    let byte_arms = names.iter().zip(&variants).map(|(names, variant)| {
        let bytes = names.iter().map(|n| Literal::byte_string(n.as_bytes()));
        quote!(#(#bytes)|* => ::core::result::Result::Ok(#enum_name::#variant))
    });
    let index_arms = variants.iter().enumerate().map(|(i, variant)| {
        let i = Literal::u64_unsuffixed(i as u64);
        quote!(#i => ::core::result::Result::Ok(#enum_name::#variant))
    });
    let (other_str, other_bytes, other_index) = if ignore {
        let ok = quote!(::core::result::Result::Ok(#enum_name::__ignore));
        (ok.clone(), ok.clone(), ok)
    } else {
        let str_error = error(quote!(__value));
        let len = names.len();
        let index_expecting = format!("{expecting} index 0 <= i < {len}");
        (
            quote!(::core::result::Result::Err(#str_error)),
            quote! {
                match ::core::str::from_utf8(__value) {
                    ::core::result::Result::Ok(__value) => ::core::result::Result::Err(#str_error),
                    ::core::result::Result::Err(_) => ::core::result::Result::Err(
                        __E::invalid_value(
                            ::arenakit::de::__serde::de::Unexpected::Bytes(__value),
                            &self,
                        ),
                    ),
                }
            },
            quote! {
                ::core::result::Result::Err(__E::invalid_value(
                    ::arenakit::de::__serde::de::Unexpected::Unsigned(__value),
                    &#index_expecting,
                ))
            },
        )
    };
    let visitor = format_ident!("{}Visitor", enum_name);
    let expecting = format!("{expecting} identifier");
    quote! {
        #[allow(non_camel_case_types)]
        enum #enum_name { #(#variants,)* #ignore_variant }

        struct #visitor;

        impl<#de_lt> ::arenakit::de::__serde::de::Visitor<#de_lt> for #visitor {
            type Value = #enum_name;

            fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(#expecting)
            }

            fn visit_u64<__E: ::arenakit::de::__serde::de::Error>(
                self,
                __value: u64,
            ) -> ::core::result::Result<#enum_name, __E> {
                match __value {
                    #(#index_arms,)*
                    _ => #other_index,
                }
            }

            #[inline]
            fn visit_str<__E: ::arenakit::de::__serde::de::Error>(
                self,
                __value: &str,
            ) -> ::core::result::Result<#enum_name, __E> {
                match __value {
                    #(#str_arms,)*
                    _ => #other_str,
                }
            }

            fn visit_bytes<__E: ::arenakit::de::__serde::de::Error>(
                self,
                __value: &[u8],
            ) -> ::core::result::Result<#enum_name, __E> {
                match __value {
                    #(#byte_arms,)*
                    _ => #other_bytes,
                }
            }
        }

        impl<#de_lt> ::arenakit::de::__serde::Deserialize<#de_lt> for #enum_name {
            fn deserialize<__D: ::arenakit::de::__serde::Deserializer<#de_lt>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                ::arenakit::de::__serde::Deserializer::deserialize_identifier(
                    __deserializer,
                    #visitor,
                )
            }
        }
    }
}

/// The items of a named-field visitor besides the visitor impl (the `__Field` identifier and
/// `__FIELDS`), and its `visit_map`.
fn named_fields(
    cx: &Cx,
    shape: &Shape,
    path: &TokenStream,
    deny: bool,
) -> (TokenStream, TokenStream) {
    let de_lt = &cx.de_lt;
    let read: Vec<&Field> = shape.read().collect();
    let keys = read.iter().map(|f| &f.names[0]);
    let field_enum = Ident::new("__Field", Span::call_site());
    let names: Vec<&[String]> = read.iter().map(|f| &f.names[..]).collect();
    let error = |value: TokenStream| quote!(__E::unknown_field(#value, __FIELDS));
    let ident = identifier(cx, &field_enum, &names, !deny, &error, "field");
    let items = quote! {
        const __FIELDS: &[&str] = &[#(#keys),*];
        #ident
    };
    let slots = read.iter().map(|f| {
        let (binding, ty) = (&f.binding, &f.ty);
        quote!(let mut #binding: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = read.iter().enumerate().map(|(i, f)| {
        let variant = format_ident!("__id{}", i);
        let (binding, key, seed) = (&f.binding, &f.names[0], seed(cx, f));
        quote! {
            __Field::#variant => {
                if ::core::option::Option::is_some(&#binding) {
                    return ::core::result::Result::Err(
                        <__A::Error as ::arenakit::de::__serde::de::Error>::duplicate_field(#key),
                    );
                }
                #binding = ::core::option::Option::Some(
                    ::arenakit::de::__serde::de::MapAccess::next_value_seed(&mut __map, #seed)?,
                );
            }
        }
    });
    let ignore_arm = (!deny).then(|| {
        quote! {
            __Field::__ignore => {
                let _ = ::arenakit::de::__serde::de::MapAccess::next_value::<
                    ::arenakit::de::__serde::de::IgnoredAny,
                >(&mut __map)?;
            }
        }
    });
    let finish = shape.fields.iter().map(|f| {
        let (binding, ty) = (&f.binding, &f.ty);
        if f.skip {
            let value = default_value(f);
            return quote!(let #binding: #ty = #value;);
        }
        let missing = default_value(f).unwrap_or_else(|| {
            let (seed, key) = (seed(cx, f), &f.names[0]);
            quote! {
                ::arenakit::de::__serde::de::DeserializeSeed::deserialize(
                    #seed,
                    __MissingField::<__A::Error>(#key, ::core::marker::PhantomData),
                )?
            }
        });
        quote! {
            let #binding: #ty = match #binding {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #missing,
            };
        }
    });
    let finish: Vec<TokenStream> = finish.collect();
    let construct = shape.construct(path);
    let arena = &cx.arena;
    let visit_map = quote! {
        fn visit_map<__A: ::arenakit::de::__serde::de::MapAccess<#de_lt>>(
            self,
            mut __map: __A,
        ) -> ::core::result::Result<Self::Value, __A::Error> {
            let #arena = self.0;
            #(#slots)*
            while let ::core::option::Option::Some(__key) =
                ::arenakit::de::__serde::de::MapAccess::next_key::<__Field>(&mut __map)?
            {
                match __key {
                    #(#arms)*
                    #ignore_arm
                }
            }
            #(#finish)*
            ::core::result::Result::Ok(#construct)
        }
    };
    (items, visit_map)
}

/// The visitor of a struct or variant body: its items and `__Visitor`'s methods.
fn body_visitor(
    cx: &Cx,
    shape: &Shape,
    path: &TokenStream,
    expecting: &str,
    deny: bool,
) -> TokenStream {
    let visitor = Ident::new("__Visitor", Span::call_site());
    let expecting_fn = quote! {
        fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            __f.write_str(#expecting)
        }
    };
    let (items, methods) = match shape.kind {
        Kind::Named => {
            let (items, visit_map) = named_fields(cx, shape, path, deny);
            let visit_seq = visit_seq(cx, shape, path);
            (items, quote!(#visit_seq #visit_map))
        }
        Kind::Newtype => unreachable!("a newtype struct needs no visitor"),
        Kind::Tuple => (TokenStream::new(), visit_seq(cx, shape, path)),
        Kind::Unit => {
            let construct = shape.construct(path);
            let visit_unit = quote! {
                fn visit_unit<__E: ::arenakit::de::__serde::de::Error>(
                    self,
                ) -> ::core::result::Result<Self::Value, __E> {
                    let _ = self.0;
                    ::core::result::Result::Ok(#construct)
                }
            };
            (TokenStream::new(), visit_unit)
        }
    };
    let visitor_impl = cx.visitor_impl(&visitor, quote!(#expecting_fn #methods));
    quote!(#items #visitor_impl)
}

/// The body of `deserialize_in` for a struct.
fn expand_struct(cx: &Cx, shape: &Shape, path: &TokenStream) -> TokenStream {
    let name = &cx.serde_name;
    let arena = &cx.arena;
    let expecting = match shape.kind {
        Kind::Named => format!("struct {name}"),
        Kind::Newtype | Kind::Tuple => format!("tuple struct {name}"),
        Kind::Unit => format!("unit struct {name}"),
    };
    if shape.kind == Kind::Newtype {
        // Transparent whatever the format (serde_json and arenakit's decoder agree on this;
        // the latter has no `visit_newtype_struct` step): the field's own impl decodes it.
        let field = shape.read().next().expect("a newtype has one field");
        let (seed, binding) = (seed(cx, field), &field.binding);
        let construct = shape.construct(path);
        return quote! {
            let #binding = ::arenakit::de::__serde::de::DeserializeSeed::deserialize(
                #seed,
                __deserializer,
            )?;
            ::core::result::Result::Ok(#construct)
        };
    }
    let items = body_visitor(cx, shape, path, &expecting, cx.deny_unknown_fields);
    let de = quote!(::arenakit::de::__serde::Deserializer);
    let call = match shape.kind {
        Kind::Named => {
            quote!(#de::deserialize_struct(__deserializer, #name, __FIELDS, __Visitor(#arena)))
        }
        Kind::Newtype => unreachable!("handled above"),
        Kind::Tuple => {
            let len = shape.read().count();
            quote!(#de::deserialize_tuple_struct(__deserializer, #name, #len, __Visitor(#arena)))
        }
        Kind::Unit => {
            quote!(#de::deserialize_unit_struct(__deserializer, #name, __Visitor(#arena)))
        }
    };
    quote!(#items #call)
}

/// The body of `deserialize_in` for an enum, externally tagged: a unit variant is its name,
/// any other variant a single-key map from its name to its content.
fn expand_enum(cx: &Cx, data: &syn::DataEnum, attrs: &ContainerAttrs) -> syn::Result<TokenStream> {
    let enum_ident = &cx.input.ident;
    let arena = &cx.arena;
    let de_lt = &cx.de_lt;
    let mut names: Vec<Vec<String>> = Vec::new();
    let mut arms = Vec::new();
    for variant in &data.variants {
        let vattrs = de_attr::variant(&variant.attrs)?;
        if vattrs.skip {
            for field in &variant.fields {
                de_attr::field(&field.attrs)?;
            }
            continue;
        }
        let shape = Shape::new(cx, &variant.fields, vattrs.rename_all)?;
        let ident = &variant.ident;
        let key = vattrs.rename.unwrap_or_else(|| {
            let name = ident.unraw().to_string();
            attrs
                .rename_all
                .map_or_else(|| name.clone(), |rule| rule.apply_to_variant(&name))
        });
        let id = format_ident!("__id{}", names.len());
        let mut variant_names = vec![key];
        variant_names.extend(vattrs.aliases);
        names.push(variant_names);
        let path = quote!(#enum_ident::#ident);
        let access = quote!(::arenakit::de::__serde::de::VariantAccess);
        let owner = format!("{}::{}", cx.serde_name, ident.unraw());
        let body = match shape.kind {
            Kind::Unit => {
                let construct = shape.construct(&path);
                quote! {{
                    #access::unit_variant(__access)?;
                    ::core::result::Result::Ok(#construct)
                }}
            }
            Kind::Newtype => {
                let field = shape.read().next().expect("a newtype has one field");
                let (seed, binding) = (seed(cx, field), &field.binding);
                let construct = shape.construct(&path);
                quote! {{
                    let #binding = #access::newtype_variant_seed(__access, #seed)?;
                    ::core::result::Result::Ok(#construct)
                }}
            }
            Kind::Tuple => {
                let items =
                    body_visitor(cx, &shape, &path, &format!("tuple variant {owner}"), false);
                let len = shape.read().count();
                quote! {{
                    #items
                    #access::tuple_variant(__access, #len, __Visitor(#arena))
                }}
            }
            Kind::Named => {
                let items = body_visitor(
                    cx,
                    &shape,
                    &path,
                    &format!("struct variant {owner}"),
                    attrs.deny_unknown_fields,
                );
                quote! {{
                    #items
                    #access::struct_variant(__access, __FIELDS, __Visitor(#arena))
                }}
            }
        };
        arms.push(quote!(__Variant::#id => #body));
    }
    let variant_enum = Ident::new("__Variant", Span::call_site());
    let name_refs: Vec<&[String]> = names.iter().map(|n| &n[..]).collect();
    let error = |value: TokenStream| quote!(__E::unknown_variant(#value, __VARIANTS));
    let ident = identifier(cx, &variant_enum, &name_refs, false, &error, "variant");
    let keys = names.iter().map(|n| &n[0]);
    let expecting = format!("enum {}", cx.serde_name);
    let visitor = Ident::new("__Visitor", Span::call_site());
    let visitor_impl = cx.visitor_impl(
        &visitor,
        quote! {
            fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(#expecting)
            }

            fn visit_enum<__A: ::arenakit::de::__serde::de::EnumAccess<#de_lt>>(
                self,
                __data: __A,
            ) -> ::core::result::Result<Self::Value, __A::Error> {
                let #arena = self.0;
                let (__variant, __access) =
                    ::arenakit::de::__serde::de::EnumAccess::variant::<__Variant>(__data)?;
                match __variant {
                    #(#arms)*
                }
            }
        },
    );
    let name = &cx.serde_name;
    Ok(quote! {
        const __VARIANTS: &[&str] = &[#(#keys),*];
        #ident
        #visitor_impl
        ::arenakit::de::__serde::Deserializer::deserialize_enum(
            __deserializer,
            #name,
            __VARIANTS,
            __Visitor(#arena),
        )
    })
}
