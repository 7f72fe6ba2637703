//! SOAP / ASMX HTTP client naming: per service the client, builder, `ops` module,
//! `DEFAULT_ADDRESS` and `SECURITY_POLICY` names ([`plan_clients`]), which WS-Policy the client
//! applies ([`client_policy`]), the names a client and its builder already have
//! ([`SOAP_CLIENT_RESERVED`], [`SOAP_BUILDER_RESERVED`]) and the setters of SOAP headers
//! ([`header_setters`]).

use crate::model::{ElementId, Model, Protocol, Service, WsPolicy};
use crate::names::{self, Scope};

/// Names of one service's generated items.
#[derive(Debug, Clone)]
pub struct ClientNames {
    pub client: String,
    /// The client's builder (`ClientBuilder`).
    pub builder: String,
    pub ops: String,
    pub default_address: String,
    /// The mock submodule (`mock`; `<service>_mock` when the module has several clients).
    pub mock: String,
    /// The constant holding the WS-Policy the client applies (`SECURITY_POLICY`;
    /// `<SERVICE>_SECURITY_POLICY` when the module has several clients), when its WSDL binding
    /// carries one ([`client_policy`]).
    pub security_policy: Option<String>,
}

/// The endpoint whose address is the client's `DEFAULT_ADDRESS`: the first SOAP port, else the
/// first port.
pub fn default_endpoint(service: &Service) -> Option<&crate::model::Endpoint> {
    service
        .endpoints
        .iter()
        .find(|e| matches!(e.protocol, Protocol::Soap11 | Protocol::Soap12))
        .or_else(|| service.endpoints.first())
}

/// The WS-Policy the client of `service` applies: the policy of the binding of its default
/// endpoint ([`default_endpoint`]), the port its `DEFAULT_ADDRESS` comes from. The policies of
/// other ports' bindings are not applied (the client of a service whose ports ask different things
/// is configured for its default one).
pub fn client_policy(service: &Service) -> Option<&WsPolicy> {
    default_endpoint(service).and_then(|e| e.policy.as_ref())
}

/// Names a SOAP client's `impl` already has, which header setters and operation methods must not
/// take: `new`, `with_transport`, `builder`, `soap_version` and `address` (generated here), `clone`
/// and `fmt` (the derived `Clone` and `Debug`), the field `inner`, and the methods of the runtime
/// macro `wsbind::client_methods!` (`with_call_options`, `set_call_options`).
pub const SOAP_CLIENT_RESERVED: &[&str] = &[
    "new",
    "with_transport",
    "builder",
    "soap_version",
    "address",
    "clone",
    "fmt",
    "inner",
    "with_call_options",
    "set_call_options",
];

/// Names a SOAP client builder already has, which header setters (and the fields behind them) must
/// not take: its fields `config` and `soap_version`, `soap_version` and `build` (generated here),
/// and the methods of the runtime macro `wsbind::client_builder_methods!(soap)` (`transport`,
/// `timeout`, `connect_timeout`, `max_reply_bytes`, `retry_policy`, `redirect_policy`,
/// `namespace_tolerant`, `ws_security`, `mtom`).
pub const SOAP_BUILDER_RESERVED: &[&str] = &[
    "transport",
    "timeout",
    "connect_timeout",
    "max_reply_bytes",
    "retry_policy",
    "redirect_policy",
    "namespace_tolerant",
    "ws_security",
    "mtom",
    "soap_version",
    "build",
    "config",
];

/// The setters of one SOAP header.
#[derive(Debug, Clone)]
pub struct HeaderSetters {
    /// The header's global element.
    pub element: ElementId,
    /// The client method that consumes and returns the client (`with_auth_header`).
    pub with: String,
    /// The client method that sets the header in place (`set_auth_header`).
    pub set: String,
    /// The builder's setter, also the name of its field (`auth_header`).
    pub builder: String,
    /// The mock's `Service` method that sees the header's value before an operation runs
    /// (`check_auth_header`), named by [`super::operations`] once the operation methods are.
    pub check: String,
}

/// The SOAP headers any operation of `service` sends, in first-use order, with their setters: the
/// client's `with_`/`set_` methods taken from `methods` (the client's method scope, which starts
/// from [`SOAP_CLIENT_RESERVED`]; the operation methods are named in it afterwards), the builder's
/// setters from a scope of their own starting from [`SOAP_BUILDER_RESERVED`].
pub fn header_setters(model: &Model, service: &Service, methods: &mut Scope) -> Vec<HeaderSetters> {
    let mut headers: Vec<ElementId> = Vec::new();
    for op in service.operations.iter().filter(|op| op.rest.is_none()) {
        for b in &op.soap {
            for h in &b.input_headers {
                if !headers.contains(&h.element) && h.element.0 < model.elements.len() {
                    headers.push(h.element);
                }
            }
        }
    }
    let mut builder = reserved_scope(SOAP_BUILDER_RESERVED);
    headers
        .into_iter()
        .map(|element| {
            let base = names::unraw(&names::field_name(&model.element(element).name.local)).to_owned();
            let with = methods.unique(&format!("with_{base}")).0;
            let set = methods.unique(&format!("set_{base}")).0;
            HeaderSetters {
                element,
                with,
                set,
                builder: builder.unique(&names::keyword_safe(&base)).0,
                check: String::new(),
            }
        })
        .collect()
}

fn has_client(service: &Service) -> bool {
    service.operations.iter().any(|op| !op.soap.is_empty() || !op.http.is_empty())
}

/// Client names for each service (`None` when the service has no SOAP/HTTP operation).
pub fn plan_clients(model: &Model) -> Vec<Option<ClientNames>> {
    let count = model.services.iter().filter(|s| has_client(s)).count();
    let mut types = Scope::camel();
    let mut mods = Scope::snake();
    let mut consts = Scope::snake();
    model
        .services
        .iter()
        .map(|s| {
            if !has_client(s) {
                return None;
            }
            let policy = client_policy(s).is_some();
            if count == 1 {
                return Some(ClientNames {
                    client: "Client".to_owned(),
                    builder: "ClientBuilder".to_owned(),
                    ops: "ops".to_owned(),
                    default_address: "DEFAULT_ADDRESS".to_owned(),
                    mock: "mock".to_owned(),
                    security_policy: policy.then(|| "SECURITY_POLICY".to_owned()),
                });
            }
            let base = names::unraw(&names::type_name(&s.name)).to_owned();
            let snake = names::unraw(&names::field_name(&s.name)).to_owned();
            let shouty = names::const_name(&s.name);
            Some(ClientNames {
                client: types.unique(&format!("{base}Client")).0,
                builder: types.unique(&format!("{base}ClientBuilder")).0,
                ops: mods.unique(&format!("{snake}_ops")).0,
                default_address: consts.unique(&format!("{shouty}_DEFAULT_ADDRESS")).0,
                mock: mods.unique(&format!("{snake}_mock")).0,
                security_policy: policy.then(|| consts.unique(&format!("{shouty}_SECURITY_POLICY")).0),
            })
        })
        .collect()
}

/// A snake-case scope in which `reserved` are taken (the names a client or builder already has).
pub fn reserved_scope(reserved: &[&str]) -> Scope {
    let mut scope = Scope::snake();
    for name in reserved {
        scope.reserve(name);
    }
    scope
}
