//! `form_params` for the requests of ASMX HTTP GET/POST bindings: the fields as (wire name, text)
//! pairs. The XML codecs themselves are `#[derive(wsbind::Xml)]` over the attributes of
//! `xml_attrs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::lower::{Shape, is_xsi_type_field, shape};
use crate::model::{ComplexType, FieldKind, TypeId, TypeKind};
use crate::names;

/// The impls of one type besides its derives: `form_params` for a request of an HTTP GET/POST
/// binding.
pub fn impls(ctx: &Ctx, id: TypeId) -> TokenStream {
    match &ctx.model.ty(id).kind {
        TypeKind::Complex(c) if ctx.methods.sends_as_form(id) => form_params(ctx, id, c),
        _ => TokenStream::new(),
    }
}

/// `form_params()`: the fields as (wire name, text) pairs for ASMX HTTP GET/POST bindings.
fn form_params(ctx: &Ctx, id: TypeId, c: &ComplexType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let mut leading = Vec::new();
    let mut rest = Vec::new();
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        if f.kind == FieldKind::AnyAttribute || is_xsi_type_field(f) {
            continue;
        }
        let fident = names::ident(&plan.fields[n]);
        let wire = f.name.as_str();
        match shape {
            Shape::One => {
                let pair = quote! { (#wire, ::wsbind::xml::Text::to_text(&self.#fident).into_owned()) };
                if rest.is_empty() {
                    leading.push(pair);
                } else {
                    rest.push(quote! { params.push(#pair); });
                }
            }
            Shape::Optional => rest.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#fident {
                    params.push((#wire, ::wsbind::xml::Text::to_text(value).into_owned()));
                }
            }),
            Shape::Many | Shape::Array => rest.push(quote! {
                for value in &self.#fident {
                    params.push((#wire, ::wsbind::xml::Text::to_text(value).into_owned()));
                }
            }),
        }
    }
    let body = match (leading.is_empty(), rest.is_empty()) {
        (true, true) => quote! { ::std::vec::Vec::new() },
        (false, true) => quote! { ::std::vec![#(#leading),*] },
        (true, false) => quote! {
            let mut params = ::std::vec::Vec::new();
            #(#rest)*
            params
        },
        (false, false) => quote! {
            let mut params = ::std::vec![#(#leading),*];
            #(#rest)*
            params
        },
    };
    quote! {
        impl #ident {
            /// The fields as HTTP GET query / HTTP POST form parameters (wire name, text);
            /// absent optional fields are left out, repeated ones repeated. `Debug` hides secret
            /// values.
            pub fn form_params(&self) -> ::wsbind::soap::FormParams {
                ::wsbind::soap::FormParams::from({ #body })
            }
        }
    }
}
