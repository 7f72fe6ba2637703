//! The serde attributes of JSON types: the derive and container attribute of a struct that
//! travels as JSON, and each field's wire name, defaults and list encoding. Which types travel as
//! JSON is the lowering's decision (`RestPlan::json`).

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::lower::Shape;
use crate::model::{Field, FieldKind, TypeId, TypeKind, TypeRef};

const SERDE_CRATE: &str = "::wsbind::__private::serde";

/// Serde derive and container attribute of a JSON struct (nothing for other types).
pub fn struct_attrs(ctx: &Ctx, id: TypeId) -> TokenStream {
    if !ctx.rest.json.contains(&id.0) {
        return quote! {};
    }
    quote! {
        #[derive(::wsbind::__private::serde::Serialize, ::wsbind::__private::serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE)]
    }
}

/// The simple list type a field's item type resolves to, if any (it needs `text_serde`).
fn is_list(ctx: &Ctx, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Simple(s)) if s.list))
}

/// Serde attributes of one field of a JSON struct (nothing for other types).
pub fn field_attrs(ctx: &Ctx, id: TypeId, f: &Field, shape: Shape) -> TokenStream {
    if !ctx.rest.json.contains(&id.0) {
        return quote! {};
    }
    if f.kind == FieldKind::Any {
        // `additionalProperties` beside declared ones: the rest of the object.
        return quote! { #[serde(flatten)] };
    }
    let wire = f.name.as_str();
    let optional = f.occurs.is_optional();
    let with = if is_list(ctx, &f.ty) {
        let path = match shape {
            Shape::One => "::wsbind::rest::text_serde",
            Shape::Optional => "::wsbind::rest::text_serde::option",
            Shape::Many | Shape::Array => "::wsbind::rest::text_serde::vec",
        };
        quote! { , with = #path }
    } else if f.nillable && matches!(shape, Shape::Many | Shape::Array) {
        // A nullable array: `null` reads as empty.
        quote! { , deserialize_with = "::wsbind::rest::null_as_default" }
    } else {
        quote! {}
    };
    match shape {
        Shape::One => quote! { #[serde(rename = #wire #with)] },
        Shape::Optional if optional => quote! {
            #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none" #with)]
        },
        Shape::Optional => quote! { #[serde(rename = #wire, default #with)] },
        Shape::Many | Shape::Array if optional => quote! {
            #[serde(rename = #wire, default, skip_serializing_if = "::std::vec::Vec::is_empty" #with)]
        },
        Shape::Many | Shape::Array => quote! { #[serde(rename = #wire, default #with)] },
    }
}
