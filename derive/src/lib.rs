//! `#[derive(Decode)]` for the request types of `minzheng` (used only inside that crate).
//!
//! The WASM bundle is dominated by request decoding when every type goes through serde's derived
//! visitor: each struct gets its own field-identifier visitor, its own `visit_map` loop with one
//! `Option` slot, duplicate check and drop path per field, and one copy of the deserializer's
//! value reader per field type. This derive reads the same `#[serde(...)]` attributes and emits a
//! small `Decode` impl instead: the object walk, key lookup, unknown-field error and paths are one
//! non-generic function in `core/src/decode.rs`; the impl only says which slot a key fills and
//! what a missing field becomes. The behaviour is serde's, error for error (same order: entries
//! in key order, then missing fields in declaration order; same codes, paths and messages), which
//! the golden vectors and the malformed-input corpus check in every runtime.
//!
//! Enums (every wire enum is a set of strings) and structs that are not plain named-field
//! structs keep serde's derived `Deserialize`: their impl forwards to it.
//!
//! Attributes understood: container `deny_unknown_fields`, `rename_all = "snake_case"` (on
//! enums, through serde); field `default`, `default = "path"`, `rename = "…"`,
//! `deserialize_with = "crate::decode::null_is_default" | "crate::decode::null_is_true"`, and
//! the serialising-only `skip_serializing_if`. Anything else is a compile error, so a new serde
//! attribute cannot silently decode differently from serde.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, LitStr, Type, parse_macro_input};

/// Derives `crate::decode::Decode` (see the crate documentation).
#[proc_macro_derive(Decode, attributes(serde))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What a field that is absent from the object becomes.
enum Missing {
    /// `Default::default()`.
    Default,
    /// A call of the named function.
    Function(syn::Path),
    /// `None` (an `Option` without a default, as serde does).
    None,
    /// The `missing_field` error.
    Error,
}

/// How a present value is read.
enum Read {
    /// `Decode::decode`.
    Plain,
    /// `null` gives the default (`crate::decode::null_is_default`).
    NullIsDefault,
    /// `null` gives `true` (`crate::decode::null_is_true`).
    NullIsTrue,
    /// Another `deserialize_with` function, called with the node as its deserializer.
    With(syn::Path),
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "Decode: generic types are not supported",
        ));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named,
            _ => return Ok(forward(name)),
        },
        _ => return Ok(forward(name)),
    };

    let mut deny_unknown = false;
    for attr in &input.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deny_unknown_fields") {
                deny_unknown = true;
                Ok(())
            } else {
                Err(meta.error("Decode: unsupported serde container attribute on a struct"))
            }
        })?;
    }

    let mut keys = Vec::new();
    let mut declares = Vec::new();
    let mut slots = Vec::new();
    let mut inits = Vec::new();
    let mut requireds = Vec::new();
    let mut required_values = Vec::new();
    let mut required_names = Vec::new();
    for (index, field) in fields.named.iter().enumerate() {
        let Some(ident) = &field.ident else {
            return Err(syn::Error::new_spanned(
                field,
                "Decode: a field without a name",
            ));
        };
        let mut key = ident.to_string();
        let mut missing = if is_option(&field.ty) {
            Missing::None
        } else {
            Missing::Error
        };
        let mut read = Read::Plain;
        for attr in &field.attrs {
            if !attr.path().is_ident("serde") {
                continue;
            }
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") {
                    if meta.input.peek(syn::Token![=]) {
                        let lit: LitStr = meta.value()?.parse()?;
                        missing = Missing::Function(lit.parse()?);
                    } else {
                        missing = Missing::Default;
                    }
                    Ok(())
                } else if meta.path.is_ident("rename") {
                    let lit: LitStr = meta.value()?.parse()?;
                    key = lit.value();
                    Ok(())
                } else if meta.path.is_ident("deserialize_with") {
                    let lit: LitStr = meta.value()?.parse()?;
                    read = match lit.value().as_str() {
                        "crate::decode::null_is_default" => Read::NullIsDefault,
                        "crate::decode::null_is_true" => Read::NullIsTrue,
                        _ => Read::With(lit.parse()?),
                    };
                    Ok(())
                } else if meta.path.is_ident("skip_serializing_if") {
                    let _: LitStr = meta.value()?.parse()?;
                    Ok(())
                } else {
                    Err(meta.error("Decode: unsupported serde field attribute"))
                }
            })?;
        }
        // serde lets a field be absent as `None` only when it reads it itself: a field with
        // `deserialize_with` and no default is required, whatever its type.
        if matches!(read, Read::With(_)) && matches!(missing, Missing::None) {
            missing = Missing::Error;
        }
        let slot = format_ident!("field_{}", index);
        let ty = &field.ty;
        // The slot a present value is read into, and the value it holds when one was.
        let (declare, value) = match read {
            Read::Plain => (
                quote! { let mut #slot: Option<#ty> = None; },
                quote! { #slot },
            ),
            Read::NullIsDefault => (
                quote! { let mut #slot = crate::decode::NullIsDefault::<#ty>(None); },
                quote! { #slot.0 },
            ),
            Read::NullIsTrue => (
                quote! { let mut #slot = crate::decode::NullIsTrue(None); },
                quote! { #slot.0 },
            ),
            Read::With(function) => {
                let with = format_ident!("With{}", index);
                (
                    quote! {
                        struct #with(Option<#ty>);
                        impl crate::decode::Slot for #with {
                            fn fill(
                                &mut self,
                                node: crate::decode::Node<'_>,
                            ) -> Result<(), crate::decode::DeError> {
                                self.0 = Some(#function(node)?);
                                Ok(())
                            }
                            fn filled(&self) -> bool {
                                self.0.is_some()
                            }
                        }
                        let mut #slot = #with(None);
                    },
                    quote! { #slot.0 },
                )
            }
        };
        // A required field is checked by `Node::fields` (declaration order, after the walk, as
        // serde does); its value is then taken in one `let … else` for all of them, so the
        // struct is built without an error path per field.
        let required = matches!(missing, Missing::Error);
        let taken = format_ident!("value_{}", index);
        let init = match missing {
            Missing::Default => quote! { #value.unwrap_or_default() },
            Missing::Function(path) => quote! { #value.unwrap_or_else(#path) },
            Missing::None => quote! { #value },
            Missing::Error => {
                required_values.push(value);
                required_names.push(taken.clone());
                quote! { #taken }
            }
        };
        requireds.push(required);
        inits.push(quote! { #ident: #init, });
        keys.push(key);
        declares.push(declare);
        slots.push(slot);
    }

    Ok(quote! {
        impl crate::decode::Decode for #name {
            fn decode(node: crate::decode::Node<'_>) -> Result<Self, crate::decode::DeError> {
                const FIELDS: &[&str] = &[#(#keys),*];
                const REQUIRED: &[bool] = &[#(#requireds),*];
                #(#declares)*
                #[allow(unused_variables)]
                let path = node.fields(FIELDS, REQUIRED, #deny_unknown, &mut [
                    #(&mut #slots as &mut dyn crate::decode::Slot),*
                ])?;
                let (#(Some(#required_names),)*) = (#(#required_values,)*) else {
                    // Not reached: `fields` has checked every required field.
                    return Err(crate::decode::missing_field(&path, "a required field"));
                };
                Ok(#name { #(#inits)* })
            }
        }
    })
}

/// The impl of a type decoded by its serde `Deserialize`.
fn forward(name: &syn::Ident) -> Tokens {
    quote! {
        impl crate::decode::Decode for #name {
            fn decode(node: crate::decode::Node<'_>) -> Result<Self, crate::decode::DeError> {
                <#name as ::serde::Deserialize>::deserialize(node)
            }
        }
    }
}

/// Whether a type is written `Option<…>` (serde's rule for a field that may be absent).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}
