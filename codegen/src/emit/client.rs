//! Service clients: `DEFAULT_ADDRESS`, the `SECURITY_POLICY` of a WSDL binding carrying a
//! WS-Policy, the client struct (constructors, SOAP version, header setters, one `async fn` per
//! operation and per ASMX HTTP GET/POST binding) and `mod ops` with the static `SoapOp` / `HttpOp`
//! descriptions. A client with a policy installs it when it is made
//! (`wsbind::wssec::SecurityPolicy::install`) and its builder applies it to the WS-Security
//! settings it was given (`ClientConfig::apply_security_policy`).
//!
//! The names (client, builder, `ops`, `DEFAULT_ADDRESS`, `SECURITY_POLICY`, header setters) and
//! the policy a client applies are decided in
//! [`crate::lower`] (`lower::clients`); REST-only services get their client from `rest`. REST
//! operations of a service that also has SOAP/HTTP operations, and operations the client cannot
//! express, are listed in the module documentation instead.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::types;
use super::{Ctx, Error, Item};
use crate::lower::{self, ClientNames, HttpOperation, SoapMethods, SoapOperation};
use crate::model::{
    ElementId, HttpBinding, HttpMethod, KeyRef, Operation, PasswordKind, Service, SoapVersion, TypeId, TypeKind,
    TypeRef, WsPolicy,
};
use crate::names;

/// True when `ty` is a record with a `Validate` impl (reached from a SOAP / HTTP request): the client
/// method checks its limits before sending.
pub(super) fn validates(ctx: &Ctx, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if ctx.xml_validated.contains(&id.0)
        && matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_))))
}

const LIMITS_DOC: &str =
    " Documented limits are checked first: a request breaking one gives `Error::Invalid` and is not sent.";

/// The Rust type of a global element's content.
fn element_type(ctx: &Ctx, id: ElementId) -> Option<TokenStream> {
    ctx.model.elements.get(id.0).map(|e| ctx.rust_type(&e.ty))
}

pub(super) fn element_name(ctx: &Ctx, id: ElementId, in_ops: bool) -> Option<TokenStream> {
    ctx.model.elements.get(id.0).map(|e| ctx.name_expr(e.name.ns.as_deref(), &e.name.local, in_ops))
}

/// All client items of the module: per service, the client and its `ops`, and the constructor
/// that needs the default transport.
pub fn emit(ctx: &Ctx) -> Result<Vec<Item>, Error> {
    let mut items = Vec::new();
    for (index, service) in ctx.model.services.iter().enumerate() {
        let Some(Some(names)) = ctx.clients.get(index) else {
            continue;
        };
        let lowered = &ctx.methods.soap[&index];
        let (client, constructor) = service_client(ctx, service, names, lowered)?;
        items.push(Item::new(&service.name, client));
        items.push(Item::reqwest_only(&service.name, constructor));
    }
    Ok(items)
}

/// The client of one service (struct, methods, `ops`), and apart its `new` constructor, which
/// exists only with the runtime's default transport.
fn service_client(
    ctx: &Ctx,
    service: &Service,
    names_: &ClientNames,
    lowered: &SoapMethods,
) -> Result<(TokenStream, TokenStream), Error> {
    let client = names::ident(&names_.client);
    let ops_mod = names::ident(&names_.ops);
    let default_address = names::ident(&names_.default_address);

    let mut out = TokenStream::new();
    if let Some(endpoint) = lower::default_endpoint(service) {
        let addr = endpoint.address.as_str();
        let doc = Doc::new().line(format!("Default address from the WSDL: {}.", docs::code(addr))).outer();
        out.extend(quote! { #doc pub const #default_address: &str = #addr; });
    }
    // The WS-Policy of the default port's binding: a constant, installed by the constructor and
    // applied by the builder.
    let policy = match (lower::client_policy(service), &names_.security_policy) {
        (Some(policy), Some(name)) => {
            let port = lower::default_endpoint(service).map_or("", |e| e.name.as_str());
            out.extend(security_policy(ctx, policy, name, port));
            Some(names::ident(name))
        }
        _ => None,
    };
    let policy_install = policy.as_ref().map(|name| {
        quote! { ::wsbind::wssec::SecurityPolicy::install(&#name, &mut inner, ::std::option::Option::None); }
    });
    let policy_apply = policy.as_ref().map(|name| {
        quote! { self.config.apply_security_policy(&#name, &mut client.inner); }
    });

    // SOAP headers: one setter pair per header element any operation sends, in first-use order.
    let mut header_methods = Vec::new();
    let mut builder_fields = Vec::new();
    let mut builder_inits = Vec::new();
    let mut builder_setters = Vec::new();
    let mut builder_applies = Vec::new();
    for h in &lowered.headers {
        let element = ctx.model.element(h.element);
        let with = names::ident(&h.with);
        let set = names::ident(&h.set);
        let ty = ctx.rust_type(&element.ty);
        let name = ctx.name_expr(element.name.ns.as_deref(), &element.name.local, false);
        let wire = docs::code(&element.name.local);
        let with_doc = Doc::new()
            .line(format!("This client, sending the SOAP header {wire} with every operation that declares it."))
            .outer();
        let set_doc =
            Doc::new().line(format!("Sends the SOAP header {wire} with every operation that declares it.")).outer();
        header_methods.push(quote! {
            #with_doc
            #[must_use]
            pub fn #with(mut self, header: #ty) -> Self {
                self.#set(header);
                self
            }
            #set_doc
            pub fn #set(&mut self, header: #ty) {
                self.inner.set_header(#name, &header);
            }
        });
        let field = names::ident(&h.builder);
        let field_doc =
            Doc::new().line(format!("Sends the SOAP header {wire} with every operation that declares it.")).outer();
        builder_fields.push(quote! { #field: ::std::option::Option<#ty>, });
        builder_inits.push(quote! { #field: ::std::option::Option::None, });
        builder_setters.push(quote! {
            #field_doc
            pub fn #field(mut self, header: #ty) -> Self {
                self.#field = ::std::option::Option::Some(header);
                self
            }
        });
        builder_applies.push(quote! {
            if let ::std::option::Option::Some(header) = self.#field {
                client.#set(header);
            }
        });
    }

    let mut op_methods = Vec::new();
    let mut op_consts = Vec::new();
    let mut any_v11 = false;
    let mut any_v12 = false;
    for (oi, op) in service.operations.iter().enumerate() {
        if op.rest.is_some() {
            continue;
        }
        if !op.soap.is_empty() {
            // An operation without a method is said in the module documentation (`lower::module_notes`).
            if let Some((method, constant)) =
                lowered.operations.get(&oi).and_then(|names| soap_operation(ctx, op, &ops_mod, names))
            {
                op_methods.push(method);
                op_consts.push(constant);
                any_v11 |= op.soap.iter().any(|b| b.version == SoapVersion::V11);
                any_v12 |= op.soap.iter().any(|b| b.version == SoapVersion::V12);
            }
        }
        for (hi, http) in op.http.iter().enumerate() {
            if let Some((method, constant)) =
                lowered.http.get(&(oi, hi)).and_then(|names| http_operation(ctx, op, http, &ops_mod, names))
            {
                op_methods.push(method);
                op_consts.push(constant);
            }
        }
    }

    let version_default = if !any_v11 && any_v12 {
        quote! { .soap_version(::wsbind::soap::SoapVersion::V12) }
    } else {
        quote! {}
    };
    let default_version = if !any_v11 && any_v12 { "1.2" } else { "1.1" };
    let mut client_doc = Doc::new();
    client_doc.prose(service.doc.as_deref());
    // The description's own documentation is the module's, which in a file meant for `include!`
    // is a `//` comment rustdoc never shows: the client, the item a reader looks up, repeats it.
    if !ctx.options.in_crate && ctx.model.doc.is_some() && ctx.model.doc != service.doc {
        client_doc.prose(ctx.model.doc.as_deref());
    }
    client_doc.line(format!(
        "Client of the {} service. SOAP {default_version} by default, see `soap_version`.",
        docs::code(&service.name)
    ));
    if let Some(name) = &names_.security_policy {
        client_doc.line(format!(
            "Its WSDL binding carries a WS-Policy, which the client applies and checks before each call: see \
             [`{name}`]."
        ));
    }
    let service_name = service.name.as_str();
    // Secret element names the runtime's name rule misses (manifest `secrets`, OpenAPI marks):
    // scrubbed from the errors and traces of this client's calls too.
    let roots: Vec<TypeRef> = ctx.model.types.iter().enumerate().map(|(i, _)| TypeRef::Named(TypeId(i))).collect();
    let extra_secrets = super::rest::secret_names(ctx, &roots);
    let secret_names = if extra_secrets.is_empty() {
        quote! {}
    } else {
        quote! { inner.add_secret_names(&[#(#extra_secrets),*]); }
    };
    let client_doc = client_doc.outer();
    let soap_version_doc = format!(" Selects the SOAP version (default: {default_version}).");
    let ops_doc = format!(" The static description of each operation of the `{}` service.", service.name);

    out.extend(quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct #client {
            inner: ::wsbind::soap::SoapClient,
        }

        impl #client {
            /// A client for `address` that sends its requests through `transport`.
            pub fn with_transport(
                address: impl ::std::convert::Into<::std::string::String>,
                transport: ::std::sync::Arc<dyn ::wsbind::transport::Transport>,
            ) -> Self {
                let mut inner = ::wsbind::soap::SoapClient::with_transport(address, transport);
                inner.set_service_name(#service_name);
                #secret_names
                #policy_install
                Self { inner } #version_default
            }

            #[doc = #soap_version_doc]
            pub fn soap_version(self, version: ::wsbind::soap::SoapVersion) -> Self {
                Self { inner: self.inner.soap_version(version) }
            }

            /// The address requests are sent to.
            pub fn address(&self) -> &str {
                self.inner.address()
            }

            ::wsbind::client_methods!();

            #(#header_methods)*
            #(#op_methods)*
        }

        #[doc = #ops_doc]
        pub mod #ops_mod {
            #(#op_consts)*
        }
    });
    let builder = names::ident(&names_.builder);
    let builder_doc = format!(
        " Builds a [`{}`]: transport or the default transport's timeouts, SOAP version and headers, set once.",
        names_.client
    );
    out.extend(quote! {
        impl #client {
            /// Starts building a client for `address` (see the builder's methods).
            pub fn builder(address: impl ::std::convert::Into<::std::string::String>) -> #builder {
                #builder {
                    config: ::wsbind::client::ClientConfig::new(address),
                    soap_version: ::std::option::Option::None,
                    #(#builder_inits)*
                }
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use]
        pub struct #builder {
            config: ::wsbind::client::ClientConfig,
            soap_version: ::std::option::Option<::wsbind::soap::SoapVersion>,
            #(#builder_fields)*
        }

        impl #builder {
            ::wsbind::client_builder_methods!(soap);
            #[doc = #soap_version_doc]
            pub fn soap_version(mut self, version: ::wsbind::soap::SoapVersion) -> Self {
                self.soap_version = ::std::option::Option::Some(version);
                self
            }
            #(#builder_setters)*
            /// The client, or [`::wsbind::Error::Unsupported`] when the settings contradict
            /// each other (timeouts with a transport of your own; no transport without the
            /// runtime's `reqwest` feature).
            pub fn build(self) -> ::std::result::Result<#client, ::wsbind::Error> {
                let mut client = #client::with_transport(self.config.address(), self.config.transport()?);
                self.config.apply_soap(&mut client.inner);
                #policy_apply
                if let ::std::option::Option::Some(version) = self.soap_version {
                    client = client.soap_version(version);
                }
                #(#builder_applies)*
                ::std::result::Result::Ok(client)
            }
        }
    });
    let constructor = quote! {
        impl #client {
            /// A client for `address` with the default transport (reqwest; the runtime's `reqwest`
            /// feature).
            pub fn new(address: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self::with_transport(address, ::std::sync::Arc::new(::wsbind::transport::ReqwestTransport::new()))
            }
        }
    };
    Ok((out, constructor))
}

/// `pub const NAME: wsbind::wssec::SecurityPolicy = ...;` for `policy`, documented with what the
/// WSDL asks and what the client does with it.
fn security_policy(ctx: &Ctx, policy: &WsPolicy, name: &str, port: &str) -> TokenStream {
    let mut chain = quote! { ::wsbind::wssec::SecurityPolicy::new() };
    let mut doc = Doc::new();
    let at = format!("{}:{}:{}", policy.origin.file, policy.origin.line, policy.origin.column);
    doc.line(format!(
        "The WS-Policy of the WSDL binding of port {} ({}), as the client applies it:",
        docs::code(port),
        docs::code(&at)
    ));
    let mut asks: Vec<String> = Vec::new();
    if policy.https {
        chain.extend(quote! { .https() });
        asks.push(
            "HTTPS transport (`sp:TransportBinding`, `sp:HttpsToken`): use an `https` address (not checked)."
                .to_owned(),
        );
    }
    if let Some(kind) = policy.username_token {
        let (variant, how) = match kind {
            PasswordKind::Text => (quote! { Text }, "its password as text"),
            PasswordKind::Digest => (quote! { Digest }, "a password digest (`sp:HashPassword`)"),
        };
        chain.extend(quote! { .username_token(::wsbind::wssec::PasswordType::#variant) });
        asks.push(format!(
            "A `UsernameToken` with {how}: give the builder `ws_security(WsSecurity::new().username_token(..))`."
        ));
    }
    if policy.timestamp {
        chain.extend(quote! { .timestamp() });
        asks.push("A `Timestamp` in the security header (`sp:IncludeTimestamp`): added by the client.".to_owned());
    }
    if let Some(reference) = policy.x509_signature {
        let (variant, how) = match reference {
            KeyRef::Token => (quote! { BinarySecurityToken }, "sent in a `BinarySecurityToken`"),
            KeyRef::IssuerSerial => (quote! { IssuerSerial }, "named by issuer and serial number"),
            KeyRef::KeyIdentifier => (quote! { SubjectKeyIdentifier }, "named by its subject key identifier"),
        };
        chain.extend(quote! { .x509_signature(::wsbind::wssec::PolicyKeyReference::#variant) });
        asks.push(format!(
            "Requests signed with an X.509 certificate (`sp:AsymmetricBinding`), {how}: give the builder \
             `ws_security(WsSecurity::new().sign(X509Signer))` (wsbind's `x509` feature)."
        ));
    }
    if !policy.signed_headers.is_empty() {
        let headers: Vec<TokenStream> =
            policy.signed_headers.iter().map(|h| ctx.name_expr(h.ns.as_deref(), &h.local, false)).collect();
        chain.extend(quote! { .signed_headers(&[#(#headers),*]) });
        let list: Vec<String> = policy.signed_headers.iter().map(|h| docs::code(&h.local)).collect();
        asks.push(format!("Signed besides `Body` and `Timestamp` (`sp:SignedParts`): the header {}.", list.join(", ")));
    }
    if policy.signed_replies {
        chain.extend(quote! { .signed_replies() });
        asks.push(
            "Signed replies (`sp:RecipientToken`): give the builder's `WsSecurity` a `ReplyVerifier` \
             (`verify_replies`) trusting the service's certificate."
                .to_owned(),
        );
    }
    if policy.mtom {
        chain.extend(quote! { .mtom() });
        asks.push(
            "MTOM (`wsoma:OptimizedMimeSerialization`): requests are sent as MTOM (`base64Binary` values of 1 KiB or \
             more as attachments, unless the builder's `mtom` says otherwise); MTOM replies are decoded."
                .to_owned(),
        );
    }
    if let Some(suite) = &policy.algorithm_suite {
        chain.extend(quote! { .algorithm_suite(#suite) });
        let sha1 = !suite.contains("Sha256");
        asks.push(if sha1 && policy.x509_signature.is_some() {
            format!(
                "The algorithm suite {} (SHA-1): the client signs with SHA-256 only, so its calls fail with \
                 `Error::Unsupported`.",
                docs::code(suite)
            )
        } else {
            format!("The algorithm suite {}.", docs::code(suite))
        });
    }
    if !policy.unsupported.is_empty() {
        let list: Vec<String> = policy.unsupported.iter().map(|a| docs::code(a)).collect();
        let assertions = &policy.unsupported;
        chain.extend(quote! { .unsupported(&[#(#assertions),*]) });
        asks.push(format!(
            "Not supported by wsbind, so not applied (the service may refuse messages without them): {}.",
            list.join(", ")
        ));
    }
    for ask in &asks {
        doc.line(format!("- {ask}"));
    }
    if policy.username_token.is_some() || policy.x509_signature.is_some() || policy.signed_replies {
        doc.line("Without the credentials it asks for, a call fails with `Error::Invalid` before anything is sent.");
    }
    let doc = doc.outer();
    let name = names::ident(name);
    quote! {
        #doc
        pub const #name: ::wsbind::wssec::SecurityPolicy = #chain;
    }
}

fn op_doc(op: &Operation, extra: String) -> TokenStream {
    let mut doc = Doc::new();
    doc.prose(op.doc.as_deref());
    doc.line(extra);
    doc.outer()
}

/// The tokens of an unwrapped operation ([`lower::unwrapped`]).
struct Unwrapped {
    /// The request wrapper's child: its element name (tokens) and Rust type.
    request: Option<(TokenStream, TokenStream)>,
    /// The reply wrapper's child: its field name and full Rust type (`Option<T>`, `T`, `Vec<T>`).
    reply: Option<(proc_macro2::Ident, TokenStream)>,
}

fn unwrapped(ctx: &Ctx, names: &SoapOperation) -> Unwrapped {
    let request = names.request.map(|id| {
        let f = lower::wrapped_field(ctx.model, id);
        (ctx.name_expr(f.ns.as_deref(), &f.name, false), types::item_type(ctx, f))
    });
    let reply = names.reply.map(|id| {
        let f = lower::wrapped_field(ctx.model, id);
        let field = names::ident(&ctx.plan.types[id.0].fields[0]);
        (field, types::field_type(ctx, f, lower::shape(f), false))
    });
    Unwrapped { request, reply }
}

fn soap_operation(
    ctx: &Ctx,
    op: &Operation,
    ops_mod: &proc_macro2::Ident,
    names: &SoapOperation,
) -> Option<(TokenStream, TokenStream)> {
    let input = op.input?;
    let output = op.output?;
    let request_ty = element_type(ctx, input)?;
    let response_ty = element_type(ctx, output)?;
    let request = element_name(ctx, input, true)?;
    let response = element_name(ctx, output, true)?;
    let unwrapped = unwrapped(ctx, names);
    let method = names::ident(&names.method);
    let constant = names::ident(&names.constant);
    let action = |v: SoapVersion| match op.soap.iter().find(|b| b.version == v) {
        Some(b) => {
            let a = b.action.as_str();
            quote! { ::std::option::Option::Some(#a) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let (v11, v12) = (action(SoapVersion::V11), action(SoapVersion::V12));
    let mut header_ids: Vec<ElementId> = Vec::new();
    for b in &op.soap {
        for h in &b.input_headers {
            if !header_ids.contains(&h.element) {
                header_ids.push(h.element);
            }
        }
    }
    let headers: Vec<TokenStream> = header_ids.iter().filter_map(|h| element_name(ctx, *h, true)).collect();
    let encoded = op.soap.iter().any(|b| b.encoded);
    let wire = op.name.as_str();
    let versions: Vec<&str> = op
        .soap
        .iter()
        .map(|b| match b.version {
            SoapVersion::V11 => "1.1",
            SoapVersion::V12 => "1.2",
        })
        .collect();
    let mut what = format!("SOAP operation {} (SOAP {}).", docs::code(wire), versions.join(", "));
    // Headers the service requires: checked before anything is sent.
    let mut required: Vec<ElementId> = Vec::new();
    for h in op.soap.iter().flat_map(|b| &b.input_headers).filter(|h| h.required) {
        if !required.contains(&h.element) {
            required.push(h.element);
        }
    }
    let checks: Vec<TokenStream> = required
        .iter()
        .filter_map(|h| element_name(ctx, *h, false))
        .map(|name| quote! { self.inner.require_header(#name)?; })
        .collect();
    if !required.is_empty() {
        let list: Vec<String> =
            required.iter().filter_map(|h| ctx.model.elements.get(h.0)).map(|e| docs::code(&e.name.local)).collect();
        what.push_str(&format!(
            " The service requires the SOAP header {}: without it on the client the call fails with \
             `Error::Invalid` and nothing is sent.",
            list.join(", ")
        ));
    }
    let mut checks = checks;
    let request_type = match names.request {
        Some(id) => lower::wrapped_field(ctx.model, id).ty.clone(),
        None => {
            ctx.model.elements.get(input.0).map_or(TypeRef::Builtin(crate::model::Builtin::AnyType), |e| e.ty.clone())
        }
    };
    if validates(ctx, &request_type) {
        what.push_str(LIMITS_DOC);
        checks.insert(0, quote! { ::wsbind::rest::Validate::validate(request)?; });
    }
    let (param_ty, send) = match &unwrapped.request {
        Some((child, child_ty)) => {
            what.push_str(&format!(
                " `request` is sent as the one child of the wrapper element `{}`.",
                names::unraw(&request_ty.to_string())
            ));
            (child_ty.clone(), quote! { &::wsbind::wrapped::Wrapper::new(#child, request) })
        }
        None => (request_ty.clone(), quote! { request }),
    };
    let body = match &unwrapped.reply {
        Some((field, field_ty)) => {
            what.push_str(&format!(
                " Returns the one child of the reply wrapper `{}` (its field `{}`).",
                names::unraw(&response_ty.to_string()),
                names::unraw(&field.to_string())
            ));
            quote! {
                -> ::std::result::Result<#field_ty, ::wsbind::Error> {
                    #(#checks)*
                    let reply: #response_ty = self.inner.call(&#ops_mod::#constant, #send).await?;
                    ::std::result::Result::Ok(reply.#field)
                }
            }
        }
        None => quote! {
            -> ::std::result::Result<#response_ty, ::wsbind::Error> {
                #(#checks)*
                self.inner.call(&#ops_mod::#constant, #send).await
            }
        },
    };
    let faults: Vec<String> = op
        .faults
        .iter()
        .filter_map(|f| {
            let TypeRef::Named(id) = ctx.model.elements.get(f.detail?.0)?.ty else { return None };
            let ty = names::unraw(&ctx.plan.types.get(id.0)?.name).to_owned();
            Some(format!("{} (`fault.detail_as::<{ty}>()`)", docs::code(&f.name)))
        })
        .collect();
    if !faults.is_empty() {
        what.push_str(&format!(
            " Declared faults, as `Error::Fault` whose detail decodes into their type: {}.",
            faults.join(", ")
        ));
    }
    let doc = op_doc(op, what);
    let const_doc = format!(" {wire} over SOAP.");
    let method_tokens = quote! {
        #doc
        pub async fn #method(&self, request: &#param_ty) #body
    };
    let const_tokens = quote! {
        #[doc = #const_doc]
        pub const #constant: ::wsbind::soap::SoapOp = ::wsbind::soap::SoapOp {
            name: #wire,
            action_v11: #v11,
            action_v12: #v12,
            request: #request,
            response: #response,
            headers: &[#(#headers),*],
            encoded: #encoded,
        };
    };
    Some((method_tokens, const_tokens))
}

fn http_operation(
    ctx: &Ctx,
    op: &Operation,
    http: &HttpBinding,
    ops_mod: &proc_macro2::Ident,
    names: &HttpOperation,
) -> Option<(TokenStream, TokenStream)> {
    let suffix = lower::http_suffix(http.method)?;
    let method_tokens = match http.method {
        HttpMethod::Get => quote! { ::wsbind::soap::HttpMethod::Get },
        _ => quote! { ::wsbind::soap::HttpMethod::Post },
    };
    let output = http.output.or(op.output)?;
    let response_ty = element_type(ctx, output)?;
    let response = element_name(ctx, output, true)?;
    let (response_ty, finish) = if names.optional {
        (quote! { ::std::option::Option<#response_ty> }, quote! { .map(::std::option::Option::Some) })
    } else {
        (response_ty, quote! {})
    };
    let method = names::ident(&names.method);
    let constant = names::ident(&names.constant);
    let wire = op.name.as_str();
    let location = http.location.as_str();
    let how = match http.method {
        HttpMethod::Get => "parameters in the query string",
        _ => "parameters as a form body",
    };
    let validated = names.form.is_some_and(|id| validates(ctx, &TypeRef::Named(id)));
    let doc = op_doc(
        op,
        format!(
            "HTTP {} binding of {} (ASMX): {how}.{}",
            suffix.trim_start_matches("http_").to_uppercase(),
            docs::code(wire),
            if validated { LIMITS_DOC } else { "" },
        ),
    );
    let const_doc = format!(" {wire} over HTTP {}.", suffix.trim_start_matches("http_").to_uppercase());
    let call = match names.form {
        Some(id) => {
            let request_ty = ctx.type_ident(id);
            let check = validated.then(|| quote! { ::wsbind::rest::Validate::validate(request)?; });
            quote! {
                pub async fn #method(&self, request: &#request_ty) -> ::std::result::Result<#response_ty, ::wsbind::Error> {
                    #check
                    self.inner.call_http(&#ops_mod::#constant, &request.form_params()).await #finish
                }
            }
        }
        None => quote! {
            pub async fn #method(&self) -> ::std::result::Result<#response_ty, ::wsbind::Error> {
                self.inner.call_http(&#ops_mod::#constant, &[]).await #finish
            }
        },
    };
    let const_tokens = quote! {
        #[doc = #const_doc]
        pub const #constant: ::wsbind::soap::HttpOp = ::wsbind::soap::HttpOp {
            name: #wire,
            method: #method_tokens,
            location: #location,
            response: #response,
        };
    };
    Some((quote! { #doc #call }, const_tokens))
}
