//! The mocks of a module's services (printed inside `::wsbind::__mock! { ... }`, so they exist only
//! with the runtime's `mock` feature): per client a `pub mod mock` (named by the lowering) with a
//! `Service` trait, one async method per operation the client has (by default an error saying the
//! operation is not implemented), the table of its `ops` constants, and `serve`, which starts a
//! `wsbind::mock::MockServer` that routes, decodes and answers with them. SOAP
//! ([`soap_mock`]): the decoded request element in, the reply element or a `wsbind::mock::Fault`
//! out. REST ([`rest_mock`]): the request as the client method takes it in (with a decoder per
//! operation generated here), the reply or a `wsbind::mock::HttpError` out. The method names
//! are the client's.

use quote::quote;

use super::docs::{self, Doc};
use super::{Ctx, Item};
use crate::lower::{ClientNames, HttpResult, SoapMethods};
use crate::model::Service;
use crate::names;

/// The mocks of the module's clients: SOAP ones first, then REST ones, each after its client
/// (`client::emit`, `rest::emit`).
pub fn emit(ctx: &Ctx) -> Vec<Item> {
    let mut items = Vec::new();
    for (index, service) in ctx.model.services.iter().enumerate() {
        if let (Some(Some(names)), Some(lowered)) = (ctx.clients.get(index), ctx.methods.soap.get(&index)) {
            items.extend(soap_mock(ctx, service, names, lowered));
        }
    }
    for (&si, names) in &ctx.rest.clients {
        items.extend(rest_mock(ctx, si, &ctx.model.services[si], &names.1));
    }
    items
}

/// The documentation of an operation method's default: a canned reply.
const CANNED_DOC: &str = "By default a canned reply: the reply type's sample value (`wsbind::samples::Sample`: every \
                          field filled, enumerations at their first value), so that a fake implements only the \
                          operations its test cares about.";

/// Whether a reply of type `ty` has a sample value to answer with by default.
fn canned(ctx: &Ctx, ty: &crate::model::TypeRef) -> bool {
    match ty {
        crate::model::TypeRef::Named(id) => ctx.samples.finite(*id),
        crate::model::TypeRef::Builtin(_) => true,
    }
}

/// The `Service` method that sees every request as received, before its operation's method.
fn authorize_method(name: &str) -> proc_macro2::TokenStream {
    let method = names::ident(name);
    quote! {
        /// Every request as received (headers, target, body), before it is decoded for its
        /// operation: an error refuses it (bad credentials, a missing API key), as the real
        /// service would; the operation's method then does not run. By default every request
        /// is accepted.
        fn #method(&self, request: &::wsbind::mock::Recorded)
            -> ::std::result::Result<(), ::wsbind::mock::HttpError> {
            let _ = request;
            ::std::result::Result::Ok(())
        }
    }
}

/// The mock module of `service`, or `None` when it has no SOAP operation with a reply.
fn soap_mock(ctx: &Ctx, service: &Service, client: &ClientNames, lowered: &SoapMethods) -> Option<Item> {
    let ops_mod = names::ident(&client.ops);
    let mut methods = Vec::new();
    let mut table = Vec::new();
    let mut arms = Vec::new();
    let mut http_table = Vec::new();
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
            .line(if canned(ctx, &reply.ty) {
                CANNED_DOC
            } else {
                "By default a `soap:Server` fault saying the mock does not implement it (the reply has no \
                 finite sample value)."
            })
            .outer();
        let answer = if canned(ctx, &reply.ty) {
            quote! { ::std::result::Result::Ok(<#reply_ty as ::wsbind::samples::Sample>::sample(0)) }
        } else {
            quote! { ::std::result::Result::Err(::wsbind::mock::Fault::not_implemented(#wire)) }
        };
        methods.push(quote! {
            #doc
            fn #method(&self, request: #request_ty)
                -> impl ::std::future::Future<Output = ::std::result::Result<#reply_ty, ::wsbind::mock::Fault>>
                + ::std::marker::Send {
                let _ = request;
                async { #answer }
            }
        });
        let index = proc_macro2::Literal::usize_unsuffixed(table.len());
        table.push(quote! { super::#ops_mod::#constant });
        // So are the SOAP headers the service requires (as the client requires them), and the
        // header values the fake refuses.
        let mut call = quote! { call };
        let mut required = Vec::new();
        let mut seen = Vec::new();
        for h in op.soap.iter().flat_map(|b| &b.input_headers) {
            if h.required && !required.contains(&h.element) {
                required.push(h.element);
            }
            if !seen.contains(&h.element) {
                seen.push(h.element);
            }
        }
        let names: Vec<_> = required.iter().filter_map(|h| super::client::element_name(ctx, *h, true)).collect();
        if !names.is_empty() {
            call = quote! { #call.requiring(&[#(#names),*]) };
        }
        for element in seen {
            let (Some(setters), Some(name)) = (
                lowered.headers.iter().find(|s| s.element == element),
                super::client::element_name(ctx, element, true),
            ) else {
                continue;
            };
            let check = names::ident(&setters.check);
            call = quote! { #call.checking_header(#name, |header| service.#check(header)) };
        }
        // The ASMX HTTP GET / POST bindings the mock serves answer with (a part of) the reply.
        let mut result = None;
        for ((_, _), http) in lowered.http.range((oi, 0)..(oi + 1, 0)) {
            let Some(picked) = &http.mock_result else { continue };
            if result.get_or_insert(picked) != &picked {
                continue;
            }
            let constant = names::ident(&http.constant);
            http_table.push(quote! { (#index, super::#ops_mod::#constant) });
        }
        // A request type with documented limits is checked before the handler runs.
        let checked = super::client::validates(ctx, &request.ty);
        let reply = match (result.is_some(), checked) {
            (false, false) => quote! { reply },
            (false, true) => quote! { reply_checked },
            (true, false) => quote! { reply_http },
            (true, true) => quote! { reply_http_checked },
        };
        let projection = result.map(|r| match r {
            HttpResult::Whole => quote! { , ::std::option::Option::Some },
            HttpResult::Child { field, optional: true } => {
                let field = names::ident(field);
                quote! { , |reply| reply.#field }
            }
            HttpResult::Child { field, optional: false } => {
                let field = names::ident(field);
                quote! { , |reply| ::std::option::Option::Some(reply.#field) }
            }
        });
        arms.push(quote! { #index => #call.#reply(|request| service.#method(request) #projection).await, });
    }
    for setters in &lowered.headers {
        let Some(header) = ctx.model.elements.get(setters.element.0) else { continue };
        let header_ty = ctx.rust_type(&header.ty);
        let check = names::ident(&setters.check);
        let doc = Doc::new()
            .line(format!(
                "The {} SOAP header of each request that carries it, before the operation's method runs: \
                 a fault refuses the request (bad credentials, an expired session), as the real service would.",
                docs::code(&header.name.local)
            ))
            .line("By default every value is accepted.")
            .outer();
        methods.push(quote! {
            #doc
            fn #check(&self, header: #header_ty) -> ::std::result::Result<(), ::wsbind::mock::Fault> {
                let _ = header;
                ::std::result::Result::Ok(())
            }
        });
    }
    if methods.is_empty() {
        return None;
    }
    methods.push(authorize_method(&lowered.mock_authorize));
    let authorize = names::ident(&lowered.mock_authorize);
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
            "Requests are routed by their SOAP action (else the first `Body` child; ASMX HTTP GET and POST \
             requests by method and location) and decoded with the generated decoders; one that lacks a \
             required SOAP header, carries a header value the fake's `check_` method refuses, or does not \
             decode is answered with a `soap:Client` fault (over HTTP GET and POST, a plain-text 500), as \
             the real service answers, before the handler runs.",
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

                /// The ASMX HTTP GET / POST bindings the mock answers, each with its operation's
                /// index in `OPS`.
                const HTTP_OPS: &[(usize, ::wsbind::soap::HttpOp)] = &[#(#http_table),*];

                #serve_doc
                pub async fn serve<S: Service>(service: S)
                    -> ::std::result::Result<::wsbind::mock::MockServer, ::wsbind::Error> {
                    let service = ::std::sync::Arc::new(service);
                    ::wsbind::mock::MockServer::start_soap(OPS, HTTP_OPS, move |call| {
                        let service = ::std::sync::Arc::clone(&service);
                        async move {
                            let call = call.authorize(|request| service.#authorize(request));
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

/// The mock of a REST service (see the module documentation): the `Service` trait takes each
/// operation's request as its client method does (the synthesised request struct, the body, or
/// nothing) and returns its reply or a `wsbind::mock::HttpError`; `serve` routes by method and
/// path template and reads each request with a decoder generated here (parameters by location
/// and wire name, the body, then the request's limits), refusing what does not read with 400.
fn rest_mock(ctx: &Ctx, si: usize, service: &Service, ops: &str) -> Option<Item> {
    use crate::lower::ReplyCall;
    use crate::model::{ParamLocation, TypeKind, TypeRef};

    let lowered = ctx.methods.rest.get(&si)?;
    let module = names::ident(ctx.rest.mocks.get(&si)?);
    let ops_mod = names::ident(ops);
    let (mut methods, mut table, mut arms, mut decoders) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (&oi, names_) in &lowered.operations {
        let op = &service.operations[oi];
        let Some(rest) = &op.rest else { continue };
        let method = names::ident(&names_.method);
        let constant = names::ident(&names_.constant);
        let wire = op.name.as_str();
        let reply = crate::lower::success(rest).and_then(|r| r.body.as_ref());
        let reply_ty = reply.map_or_else(|| quote! { () }, |b| ctx.rust_type(&b.ty));
        let synth = ctx.rest.requests.get(&(si, oi));
        let request_ty = match (synth, &rest.request_body) {
            (Some(name), _) => {
                let ident = names::ident(name);
                Some(quote! { super::#ident })
            }
            (None, Some(body)) => Some(ctx.rust_type(&body.ty)),
            (None, None) => None,
        };
        let (arg, call_arg, decoder) = match &request_ty {
            Some(ty) => (quote! { , request: #ty }, quote! { request }, Some(ty.clone())),
            None => (quote! {}, quote! {}, None),
        };
        let doc = Doc::new()
            .line(format!(
                "Operation {}: the request as its client method takes it in, the reply out.",
                docs::code(wire)
            ))
            .line(if reply.is_none_or(|b| canned(ctx, &b.ty)) {
                CANNED_DOC
            } else {
                "By default a 501 error saying the mock does not implement it (the reply has no finite \
                 sample value)."
            })
            .outer();
        let answer = if reply.is_none() {
            quote! { ::std::result::Result::Ok(()) }
        } else if reply.is_some_and(|b| canned(ctx, &b.ty)) {
            quote! { ::std::result::Result::Ok(<#reply_ty as ::wsbind::samples::Sample>::sample(0)) }
        } else {
            quote! { ::std::result::Result::Err(::wsbind::mock::HttpError::not_implemented(#wire)) }
        };
        let ignore = if request_ty.is_some() {
            quote! { let _ = request; }
        } else {
            quote! {}
        };
        methods.push(quote! {
            #doc
            fn #method(&self #arg)
                -> impl ::std::future::Future<Output = ::std::result::Result<#reply_ty, ::wsbind::mock::HttpError>>
                + ::std::marker::Send {
                #ignore
                async { #answer }
            }
        });
        let index = proc_macro2::Literal::usize_unsuffixed(table.len());
        table.push(quote! { super::#ops_mod::#constant });
        // The request's decoder: the synthesised struct from its parameters and body, or the body.
        let decode = names::ident(&format!("decode_{}", names::unraw(&names_.method)));
        let body_validates = |ty: &TypeRef| {
            matches!(ty, TypeRef::Named(id) if ctx.rest.json.contains(&id.0)
                && matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_) | TypeKind::Choice(_))))
        };
        // A binary body is handed over as received (with its media type); others are decoded.
        let read_body = if matches!(names_.encoding, crate::lower::RequestEncoding::Binary(_)) {
            quote! { call.binary_body() }
        } else {
            quote! { call.body()? }
        };
        match (synth, &rest.request_body, decoder) {
            (Some(_), body, Some(ty)) => {
                let mut fields = Vec::new();
                for ((p, field), json) in rest.params.iter().zip(&names_.request_fields).zip(&names_.json_params) {
                    let field = names::ident(field);
                    let at = match p.location {
                        ParamLocation::Query => quote! { ::wsbind::mock::ParamAt::Query },
                        ParamLocation::Header => quote! { ::wsbind::mock::ParamAt::Header },
                        ParamLocation::Path => quote! { ::wsbind::mock::ParamAt::Path },
                        ParamLocation::Cookie => quote! { ::wsbind::mock::ParamAt::Cookie },
                        ParamLocation::Body => continue,
                    };
                    let name = p.name.as_str();
                    let required = (p.required || p.location == ParamLocation::Path) && p.array.is_none();
                    let value = match (p.array, *json, required) {
                        (Some(style), json, _) => {
                            let sep = match style.separator() {
                                Some(s) => quote! { ::std::option::Option::Some(#s) },
                                None => quote! { ::std::option::Option::None },
                            };
                            let list = if json {
                                quote! { json_list }
                            } else {
                                quote! { list }
                            };
                            if p.required {
                                // A required array sent empty is no parameter at all on the wire.
                                quote! { call.non_empty(#name, call.#list(#at, #name, #sep)?)? }
                            } else {
                                quote! { call.#list(#at, #name, #sep)? }
                            }
                        }
                        (None, true, true) => quote! { call.required_json(#at, #name)? },
                        (None, true, false) => quote! { call.json(#at, #name)? },
                        (None, false, true) => quote! { call.required(#at, #name)? },
                        (None, false, false) => quote! { call.optional(#at, #name)? },
                    };
                    fields.push(quote! { #field: #value, });
                }
                if body.is_some() {
                    let field = names::ident(&names_.request_fields[rest.params.len()]);
                    fields.push(quote! { #field: #read_body, });
                }
                decoders.push(quote! {
                    fn #decode(call: &::wsbind::mock::RestCall) -> ::std::result::Result<#ty, ::wsbind::Error> {
                        let request = #ty { #(#fields)* };
                        ::wsbind::rest::Validate::validate(&request)?;
                        ::std::result::Result::Ok(request)
                    }
                });
            }
            (None, Some(body), Some(ty)) => {
                let validate = if body_validates(&body.ty) {
                    quote! { ::wsbind::rest::Validate::validate(&request)?; }
                } else {
                    quote! {}
                };
                decoders.push(quote! {
                    fn #decode(call: &::wsbind::mock::RestCall) -> ::std::result::Result<#ty, ::wsbind::Error> {
                        let request: #ty = #read_body;
                        #validate
                        ::std::result::Result::Ok(request)
                    }
                });
            }
            _ => {
                decoders.push(quote! {
                    fn #decode(_: &::wsbind::mock::RestCall) -> ::std::result::Result<(), ::wsbind::Error> {
                        ::std::result::Result::Ok(())
                    }
                });
            }
        }
        let handler = if request_ty.is_some() {
            quote! { |request| service.#method(#call_arg) }
        } else {
            quote! { |()| service.#method() }
        };
        // The reply as the operation declares it; a service answering in JSON or XML
        // (ServiceStack) answers in the format asked for.
        let reply = match names_.reply.0 {
            ReplyCall::Json => quote! { reply_json },
            ReplyCall::Either => quote! { reply_either },
            ReplyCall::Xml => quote! { reply_xml },
            ReplyCall::Text => quote! { reply_text },
            ReplyCall::Binary => quote! { reply_binary },
        };
        arms.push(quote! { #index => call.#reply(#decode, #handler).await, });
    }
    if methods.is_empty() {
        return None;
    }
    methods.push(authorize_method(&lowered.mock_authorize));
    let authorize = names::ident(&lowered.mock_authorize);
    let wire = service.name.as_str();
    let module_doc = Doc::new()
        .line(format!(
            "An in-process mock of the {} service for tests (the runtime's `mock` feature): implement \
             `Service` for a fake, start it with `serve`, and build the client with the server's address.",
            docs::code(wire)
        ))
        .line(
            "Requests are routed by method and path, their parameters and body read as the client sends \
             them and checked against the documented limits; one that does not read is answered with 400 \
             and a JSON `message`, before the handler runs. Replies are written as the operation declares \
             them: JSON, XML (for a JSON-or-XML operation, when the request asks for it), text or bytes.",
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
                const OPS: &[::wsbind::rest::RestOp] = &[#(#table),*];

                #(#decoders)*

                #serve_doc
                pub async fn serve<S: Service>(service: S)
                    -> ::std::result::Result<::wsbind::mock::MockServer, ::wsbind::Error> {
                    let service = ::std::sync::Arc::new(service);
                    ::wsbind::mock::MockServer::start_rest(OPS, move |call| {
                        let service = ::std::sync::Arc::clone(&service);
                        async move {
                            let call = call.authorize(|request| service.#authorize(request));
                            match call.operation() {
                                #(#arms)*
                                _ => call.unsupported(),
                            }
                        }
                    })
                    .await
                }
            }
        },
    ))
}
