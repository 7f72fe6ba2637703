//! Example fixtures of a REST-only module (emitter option `samples`, for `cargo xtask corpus`): a
//! `#[cfg(test)] mod samples` whose one test decodes every JSON example the description gives for
//! a reply of a generated operation (success and declared error replies) into its generated type,
//! encodes it again and decodes that, and prints the results (`wsbind::samples::Examples`).
//!
//! Examples of replies whose type is not decoded from JSON (an XML-only reply, an error body
//! kept whole) are left out: no generated code reads them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Ctx, Error};
use crate::model::TypeRef;

/// The example fixtures, or nothing when the description gives no example a generated type reads.
pub fn emit(ctx: &Ctx) -> Result<TokenStream, Error> {
    let mut checks = Vec::new();
    for (si, service) in ctx.model.services.iter().enumerate() {
        let Some(methods) = ctx.methods.rest.get(&si) else { continue };
        for &oi in methods.operations.keys() {
            let op = &service.operations[oi];
            let Some(rest) = &op.rest else { continue };
            for response in &rest.responses {
                let Some(body) = &response.body else { continue };
                let decoded = match &body.ty {
                    TypeRef::Builtin(_) => true,
                    TypeRef::Named(id) => ctx.rest.json.contains(&id.0),
                };
                if !decoded {
                    continue;
                }
                let ty = ctx.rust_type(&body.ty);
                for example in &body.examples {
                    let o = &example.origin;
                    let label = format!(
                        "{} {} {} ({}:{}:{})",
                        op.name,
                        status_text(response.status),
                        example.name,
                        o.file,
                        o.line,
                        o.column
                    );
                    let json = Literal::string(&example.json);
                    checks.push(quote! { report.check::<#ty>(#label, #json); });
                }
            }
        }
    }
    if checks.is_empty() {
        return Ok(TokenStream::new());
    }
    let module = ctx.model.module.as_str();
    let doc = format!(
        " Decodes each of the {} reply examples of `{module}`'s description into its type and back.",
        checks.len()
    );
    Ok(quote! {
        /// Example fixtures: the description's reply examples (`wsbind::samples::Examples`).
        #[cfg(test)]
        mod samples {
            #[allow(unused_imports)]
            use super::*;

            #[doc = #doc]
            #[test]
            fn examples() {
                let mut report = ::wsbind::samples::Examples::default();
                #(#checks)*
                report.print(#module);
            }
        }
    })
}

fn status_text(status: crate::model::StatusMatch) -> String {
    match status {
        crate::model::StatusMatch::Code(n) => n.to_string(),
        crate::model::StatusMatch::Range(d) => format!("{d}XX"),
        crate::model::StatusMatch::Default => "default".to_owned(),
    }
}
