//! Expansion of `#[derive(CopyIn)]`: the output type and the `impl CopyIn`.
//!
//! Every output field has the type `<FieldTy as ::arenakit::CopyIn<'a>>::Output`, with the
//! input's lifetimes replaced by `'a` and `Self` by the input type, so any field type with a
//! `CopyIn` impl works (other derived types included) and the output borrows nothing but the
//! arena. The impl copies each field with that same impl and `?` on the first error.

use crate::attr::{self, TypeOptions};
use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DataEnum, DataStruct, DeriveInput, Fields, GenericParam, Lifetime, Variant};

/// Expands the derive for `input`.
pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let options = attr::type_options(&input.attrs)?;
    check_generics(input)?;
    let cx = Cx::new(input, &options);
    match &input.data {
        Data::Struct(data) => data
            .fields
            .iter()
            .try_for_each(|f| attr::reject_inner(&f.attrs))?,
        Data::Enum(data) => data.variants.iter().try_for_each(|v| {
            attr::reject_inner(&v.attrs)?;
            v.fields
                .iter()
                .try_for_each(|f| attr::reject_inner(&f.attrs))
        })?,
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`#[derive(CopyIn)]` does not support unions: which field to copy is not known; \
                 implement `CopyIn` by hand",
            ));
        }
    }
    let (output, body) = match &input.data {
        Data::Struct(data) => expand_struct(&cx, data),
        Data::Enum(data) => expand_enum(&cx, data),
        Data::Union(_) => unreachable!("rejected above"),
    };
    Ok(cx.wrap(output, body))
}

/// Rejects type and const parameters: the output type would have to name how each parameter
/// is copied. Lifetime parameters are fine.
fn check_generics(input: &DeriveInput) -> syn::Result<()> {
    let mut error: Option<syn::Error> = None;
    for param in &input.generics.params {
        let (span, what) = match param {
            GenericParam::Lifetime(_) => continue,
            GenericParam::Type(param) => (param.ident.span(), "type parameters"),
            GenericParam::Const(param) => (param.ident.span(), "const parameters"),
        };
        let message = format!(
            "`#[derive(CopyIn)]` does not support {what} (only lifetime parameters); \
             implement `CopyIn` by hand for a generic type"
        );
        let new = syn::Error::new(span, message);
        match &mut error {
            Some(error) => error.combine(new),
            None => error = Some(new),
        }
    }
    error.map_or(Ok(()), Err)
}

/// What the expansion of one input needs everywhere.
struct Cx<'i> {
    input: &'i DeriveInput,
    /// The output type's name.
    out_name: Ident,
    /// The output type's only generic parameter, and the arena borrow in the impl.
    out_lt: Lifetime,
    /// The lifetimes the input declares: each becomes `out_lt` in the output's field types.
    input_lts: Vec<Ident>,
    /// The input's other derives wanted on the output, `Debug` first.
    derives: Vec<TokenStream>,
    /// Whether the output type gets `#[default]` on variants (it derives `Default`).
    copies_default: bool,
    /// Whether the output type has any field; a fieldless one has no lifetime parameter.
    has_fields: bool,
    /// The arena parameter of `try_copy_in` (mixed-site: invisible to the user's names).
    arena: Ident,
}

impl<'i> Cx<'i> {
    fn new(input: &'i DeriveInput, options: &TypeOptions) -> Self {
        let input_lts: Vec<Ident> = input
            .generics
            .lifetimes()
            .map(|param| param.lifetime.ident.clone())
            .collect();
        let has_fields = match &input.data {
            Data::Struct(data) => !data.fields.is_empty(),
            Data::Enum(data) => data.variants.iter().any(|v| !v.fields.is_empty()),
            Data::Union(_) => false,
        };
        let mut derives = Vec::new();
        if !options
            .derives
            .iter()
            .any(|path| attr::names_derive(path, "Debug"))
        {
            derives.push(quote!(::core::fmt::Debug));
        }
        derives.extend(options.derives.iter().map(ToTokens::to_token_stream));
        let out_name = options.name.clone().unwrap_or_else(|| {
            format_ident!("{}In", input.ident.unraw(), span = input.ident.span())
        });
        let arena_name = if has_fields { "arena" } else { "_arena" };
        Cx {
            input,
            out_name,
            out_lt: fresh_lifetime(input),
            input_lts,
            derives,
            copies_default: options
                .derives
                .iter()
                .any(|p| attr::names_derive(p, "Default")),
            has_fields,
            arena: Ident::new(arena_name, Span::mixed_site()),
        }
    }

    /// `<'a>` on a type with fields, nothing on a fieldless one.
    fn out_generics(&self) -> TokenStream {
        let lt = &self.out_lt;
        if self.has_fields {
            quote!(<#lt>)
        } else {
            TokenStream::new()
        }
    }

    /// The output type of a field of type `ty`.
    fn field_output(&self, ty: &syn::Type) -> TokenStream {
        let lt = &self.out_lt;
        let ty_in_output = self.relocate(ty.to_token_stream());
        let span = generated_span(ty.span());
        quote_spanned!(span=> <#ty_in_output as ::arenakit::CopyIn<#lt>>::Output)
    }

    /// Copies the field `binding: &ty` into the arena, returning early on error.
    fn field_copy(&self, ty: &syn::Type, binding: &Ident) -> TokenStream {
        let (lt, arena) = (&self.out_lt, &self.arena);
        quote_spanned!(ty.span()=> <#ty as ::arenakit::CopyIn<#lt>>::try_copy_in(#binding, #arena)?)
    }

    /// Rewrites a field type of the input for use in the output type: each input lifetime
    /// becomes `out_lt`, `Self` becomes the input type (with `out_lt` for its lifetimes), and
    /// every token is marked as generated (see [`generated_span`]).
    fn relocate(&self, tokens: TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Punct(quote) if quote.as_char() == '\'' => match tokens.peek() {
                    Some(TokenTree::Ident(name)) if self.input_lts.contains(name) => {
                        tokens.next();
                        self.out_lt.to_tokens(&mut out);
                    }
                    _ => out.extend([generated(TokenTree::Punct(quote))]),
                },
                TokenTree::Ident(name) if name == "Self" => {
                    out.extend(self.input_type(generated_span(name.span())));
                }
                TokenTree::Group(group) => {
                    let mut new = Group::new(group.delimiter(), self.relocate(group.stream()));
                    new.set_span(generated_span(group.span()));
                    out.extend([TokenTree::Group(new)]);
                }
                other => out.extend([generated(other)]),
            }
        }
        out
    }

    /// The input type with `out_lt` for every lifetime: `Msg` or `Msg::<'a, 'a>` (turbofish,
    /// so that a following `::Assoc` also parses).
    fn input_type(&self, span: Span) -> TokenStream {
        let mut ident = self.input.ident.clone();
        ident.set_span(span);
        if self.input_lts.is_empty() {
            return ident.into_token_stream();
        }
        let lts = self.input_lts.iter().map(|_| &self.out_lt);
        quote!(#ident::<#(#lts),*>)
    }

    /// The output type's doc comment and derives.
    fn type_attrs(&self) -> TokenStream {
        let doc = format!(
            "Arena copy of [`{}`], made by `CopyIn`: each field is the `CopyIn::Output` of the \
             original field's type.",
            self.input.ident.unraw()
        );
        let derives = &self.derives;
        // The user cannot put attributes on the generated type, so a field they never read
        // must not warn (the impl constructs the type, so only fields can be "dead").
        quote! {
            #[doc = #doc]
            #[derive(#(#derives),*)]
            #[allow(dead_code)]
        }
    }

    /// Puts the output type next to the impl whose `try_copy_in` runs `body`.
    fn wrap(&self, output: TokenStream, body: TokenStream) -> TokenStream {
        let (lt, arena, out_name) = (&self.out_lt, &self.arena, &self.out_name);
        let name = &self.input.ident;
        let lifetime_params = self.input.generics.lifetimes();
        let (_, ty_generics, where_clause) = self.input.generics.split_for_impl();
        let out_generics = self.out_generics();
        quote! {
            #output

            #[automatically_derived]
            impl<#lt, #(#lifetime_params),*> ::arenakit::CopyIn<#lt> for #name #ty_generics
            #where_clause
            {
                type Output = #out_name #out_generics;

                fn try_copy_in(
                    &self,
                    #arena: &#lt ::arenakit::Arena,
                ) -> ::core::result::Result<Self::Output, ::arenakit::AllocError> {
                    #body
                }
            }
        }
    }
}

/// `span`'s source location with the derive's (mixed-site) hygiene. Errors still point at the
/// user's code, but lints that skip macro output (clippy's type lints such as
/// `box_collection`) do not fire a second time on the output type's copy of a field type.
/// Names in a field type are types, which mixed-site hygiene resolves at the call site as
/// before; the lifetimes that need the impl's scope are replaced by `out_lt` first.
fn generated_span(span: Span) -> Span {
    span.resolved_at(Span::mixed_site())
}

/// `token` with a [`generated_span`].
fn generated(mut token: TokenTree) -> TokenTree {
    token.set_span(generated_span(token.span()));
    token
}

/// A lifetime name the input does not use anywhere (`'a` unless taken), so the impl can
/// declare it next to the input's own.
fn fresh_lifetime(input: &DeriveInput) -> Lifetime {
    let mut used = Vec::new();
    collect_lifetimes(input.to_token_stream(), &mut used);
    let name = core::iter::once("a".to_owned())
        .chain((0..).map(|n| format!("a{n}")))
        .find(|name| !used.iter().any(|used| used == name))
        .expect("an unused name exists");
    Lifetime::new(&format!("'{name}"), Span::call_site())
}

/// Adds the name of every lifetime in `tokens` to `used`.
pub(crate) fn collect_lifetimes(tokens: TokenStream, used: &mut Vec<String>) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(quote) if quote.as_char() == '\'' => {
                if let Some(TokenTree::Ident(name)) = tokens.peek() {
                    used.push(name.to_string());
                }
            }
            TokenTree::Group(group) => collect_lifetimes(group.stream(), used),
            _ => {}
        }
    }
}

/// The parts of one field list (of a struct or a variant).
struct FieldsCode {
    /// The output's field list: `{ name: T, .. }`, `(T, ..)` or nothing.
    decl: TokenStream,
    /// The pattern binding the input's fields, after a path: `{ name: b0, .. }`, `(b0, ..)`.
    pat: TokenStream,
    /// The output's constructor, after a path: `{ name: copy(b0)?, .. }`, `(copy(b0)?, ..)`.
    ctor: TokenStream,
}

/// Builds the output fields, the pattern and the constructor for `fields`, whose docs name
/// `owner` (`Msg` or `Shape::Named`).
fn fields_code(cx: &Cx, fields: &Fields, owner: &str) -> FieldsCode {
    let bindings: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__copy_in_{}", i, span = Span::mixed_site()))
        .collect();
    let mut decl = Vec::new();
    let mut pat = Vec::new();
    let mut ctor = Vec::new();
    for (i, (field, binding)) in fields.iter().zip(&bindings).enumerate() {
        let (vis, ty) = (&field.vis, &field.ty);
        let output = cx.field_output(ty);
        let copy = cx.field_copy(ty, binding);
        match &field.ident {
            Some(name) => {
                let doc = format!("Arena copy of `{owner}::{}`.", name.unraw());
                decl.push(quote!(#[doc = #doc] #vis #name: #output));
                pat.push(quote!(#name: #binding));
                ctor.push(quote!(#name: #copy));
            }
            None => {
                let doc = format!("Arena copy of field {i} of `{owner}`.");
                decl.push(quote!(#[doc = #doc] #vis #output));
                pat.push(binding.to_token_stream());
                ctor.push(copy);
            }
        }
    }
    let list = |items: Vec<TokenStream>| match fields {
        Fields::Named(_) => quote!({ #(#items),* }),
        Fields::Unnamed(_) => quote!(( #(#items),* )),
        Fields::Unit => TokenStream::new(),
    };
    FieldsCode {
        decl: list(decl),
        pat: list(pat),
        ctor: list(ctor),
    }
}

/// The output struct and the body of `try_copy_in` for a struct.
fn expand_struct(cx: &Cx, data: &DataStruct) -> (TokenStream, TokenStream) {
    let owner = cx.input.ident.unraw().to_string();
    let FieldsCode { decl, pat, ctor } = fields_code(cx, &data.fields, &owner);
    let (vis, out_name, generics) = (&cx.input.vis, &cx.out_name, cx.out_generics());
    let attrs = cx.type_attrs();
    let semi = match data.fields {
        Fields::Named(_) => None,
        Fields::Unnamed(_) | Fields::Unit => Some(quote!(;)),
    };
    let output = quote!(#attrs #vis struct #out_name #generics #decl #semi);
    let body = if data.fields.is_empty() {
        quote!(::core::result::Result::Ok(#out_name #ctor))
    } else {
        quote! {
            let Self #pat = self;
            ::core::result::Result::Ok(#out_name #ctor)
        }
    };
    (output, body)
}

/// The output enum and the body of `try_copy_in` for an enum.
///
/// The enum's `#[repr(...)]` and explicit discriminants carry over (both are valid on an enum
/// of the same shape), and so does `#[default]` when the output derives `Default`.
fn expand_enum(cx: &Cx, data: &DataEnum) -> (TokenStream, TokenStream) {
    let out_name = &cx.out_name;
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for variant in &data.variants {
        let (decl, arm) = expand_variant(cx, variant);
        variants.push(decl);
        arms.push(arm);
    }
    let reprs = cx
        .input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"));
    let (vis, generics, attrs) = (&cx.input.vis, cx.out_generics(), cx.type_attrs());
    let output = quote! {
        #attrs
        #(#reprs)*
        #vis enum #out_name #generics { #(#variants),* }
    };
    let body = if arms.is_empty() {
        quote!(match *self {})
    } else {
        quote!(::core::result::Result::Ok(match self { #(#arms),* }))
    };
    (output, body)
}

/// One variant of the output enum and the match arm that copies it.
fn expand_variant(cx: &Cx, variant: &Variant) -> (TokenStream, TokenStream) {
    let name = &variant.ident;
    let owner = format!("{}::{}", cx.input.ident.unraw(), name.unraw());
    let FieldsCode { decl, pat, ctor } = fields_code(cx, &variant.fields, &owner);
    let doc = format!("Arena copy of [`{owner}`].");
    let default = variant
        .attrs
        .iter()
        .filter(|attr| cx.copies_default && attr.path().is_ident("default"));
    let discriminant = variant
        .discriminant
        .as_ref()
        .map(|(eq, expr)| quote!(#eq #expr));
    let out_name = &cx.out_name;
    let decl = quote!(#[doc = #doc] #(#default)* #name #decl #discriminant);
    let arm = quote!(Self::#name #pat => #out_name::#name #ctor);
    (decl, arm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(source: &str) -> String {
        let input: DeriveInput = syn::parse_str(source).expect("valid input");
        derive(&input).expect("expands").to_string()
    }

    #[test]
    fn msg_output_and_impl() {
        let code = expand("pub struct Msg { name: String, tags: Vec<String> }");
        assert!(code.contains("pub struct MsgIn < 'a >"), "{code}");
        assert!(code.contains("name : < String as :: arenakit :: CopyIn < 'a >> :: Output"));
        assert!(
            code.contains("impl < 'a , > :: arenakit :: CopyIn < 'a > for Msg"),
            "{code}"
        );
        assert!(code.contains("type Output = MsgIn < 'a >"), "{code}");
    }

    #[test]
    fn lifetimes_are_relocated_and_fresh() {
        let code = expand("struct B<'a, 'b: 'a> { s: &'a str, t: &'b Self, u: &'static str }");
        assert!(code.contains("struct BIn < 'a0 >"), "{code}");
        assert!(code.contains("< & 'a0 str as"), "{code}");
        assert!(code.contains("< & 'a0 B :: < 'a0 , 'a0 > as"), "{code}");
        assert!(code.contains("< & 'static str as"), "{code}");
        assert!(code.contains("impl < 'a0 , 'a , 'b : 'a >"), "{code}");
    }

    #[test]
    fn fieldless_output_has_no_lifetime() {
        let code = expand("enum Color { Red = 1, Green }");
        assert!(code.contains("enum ColorIn { "), "{code}");
        assert!(code.contains("Red = 1"), "{code}");
        assert!(code.contains("type Output = ColorIn ;"), "{code}");
    }
}
