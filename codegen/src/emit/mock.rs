//! The mock of a SOAP service (printed inside `::wsbind::__mock! { ... }`, so it exists only with
//! the runtime's `mock` feature): `pub mod mock` with a `Service` trait, one async method per
//! operation the client has (the decoded request element in, the reply element or a
//! `wsbind::mock::Fault` out; by default a fault saying the operation is not implemented), the
//! table of its `ops` constants, and `serve`, which starts a `wsbind::mock::MockServer` that
//! routes, decodes and answers with them. The method names are the client's (`lower::clients`).

use quote::quote;

use super::docs::{self, Doc};
use super::{Ctx, Item};
use crate::lower::{ClientNames, SoapMethods};
use crate::model::Service;
use crate::names;

/// The mock module of `service`, or `None` when it has no SOAP operation with a reply.
pub fn soap_mock(ctx: &Ctx, service: &Service, client: &ClientNames, lowered: &SoapMethods) -> Option<Item> {
    let ops_mod = names::ident(&client.ops);
    let mut methods = Vec::new();
    let mut table = Vec::new();
    let mut arms = Vec::new();
    for (&oi, names_) in &lowered.operations {
        let op = &service.operations[oi];
        let (Some(input), Some(output)) = (op.input, op.output) else { continue };
        let (Some(request), Some(reply)) = (ctx.model.elements.get(input.0), ctx.model.elements.get(output.0)) else {
            continue;
        };
        let (request_ty, reply_ty) = (ctx.rust_type(&request.ty), ctx.rust_type(&reply.ty));
        let method = names::ident(&names_.method);
        let constant = names::ident(&names_.constant);
        let wire = op.name.as_str();
        let doc = Doc::new()
            .line(format!(
                "Operation {}: the decoded {} in, the {} to send back (or a fault) out.",
                docs::code(wire),
                docs::code(&request.name.local),
                docs::code(&reply.name.local)
            ))
            .line("By default a `soap:Server` fault saying the mock does not implement it.")
            .outer();
        methods.push(quote! {
            #doc
            fn #method(&self, request: #request_ty)
                -> impl ::std::future::Future<Output = ::std::result::Result<#reply_ty, ::wsbind::mock::Fault>>
                + ::std::marker::Send {
                let _ = request;
                async { ::std::result::Result::Err(::wsbind::mock::Fault::not_implemented(#wire)) }
            }
        });
        let index = proc_macro2::Literal::usize_unsuffixed(table.len());
        table.push(quote! { super::#ops_mod::#constant });
        // A request type with documented limits is checked before the handler runs.
        let reply = if super::client::validates(ctx, &request.ty) {
            quote! { reply_checked }
        } else {
            quote! { reply }
        };
        arms.push(quote! { #index => call.#reply(|request| service.#method(request)).await, });
    }
    if methods.is_empty() {
        return None;
    }
    let module = names::ident(&client.mock);
    let wire = service.name.as_str();
    let module_doc = Doc::new()
        .line(format!(
            "An in-process mock of the {} service for tests (the runtime's `mock` feature): implement \
             `Service` for a fake, start it with `serve`, and build the `{}` with the server's address.",
            docs::code(wire),
            client.client
        ))
        .line(
            "Requests are routed by their SOAP action (else the first `Body` child) and decoded with the \
             generated decoders; one that does not decode is answered with a `soap:Client` fault, as the \
             real service answers, before the handler runs.",
        )
        .outer();
    let serve_doc = Doc::new()
        .line(format!(
            "Starts a mock of the {} service on 127.0.0.1 (an OS-chosen port), answering with `service`; \
             it stops when the returned server is dropped.",
            docs::code(wire)
        ))
        .outer();
    Some(Item::mock_only(
        format!("{wire} mock"),
        quote! {
            #module_doc
            pub mod #module {
                #[allow(unused_imports)]
                use super::*;

                /// One method per operation (see the module documentation).
                pub trait Service: ::std::marker::Send + ::std::marker::Sync + 'static {
                    #(#methods)*
                }

                /// The operations the mock answers, in the order `serve` dispatches them.
                const OPS: &[::wsbind::soap::SoapOp] = &[#(#table),*];

                #serve_doc
                pub async fn serve<S: Service>(service: S)
                    -> ::std::result::Result<::wsbind::mock::MockServer, ::wsbind::Error> {
                    let service = ::std::sync::Arc::new(service);
                    ::wsbind::mock::MockServer::start_soap(OPS, move |call| {
                        let service = ::std::sync::Arc::clone(&service);
                        async move {
                            match call.operation() {
                                #(#arms)*
                                _ => call.unknown(),
                            }
                        }
                    })
                    .await
                }
            }
        },
    ))
}
