//! The lowering stage, between the passes and the renderers: every decision about the Rust
//! module that more than one renderer (or `api::rust_api`) needs is taken here, once per model,
//! deterministically and before anything is rendered. The renderers (`emit`) and the API snapshot
//! (`api::rust_api`) read a [`Lowered`] module; this module imports neither.
//!
//! * `derived`: the model the renderers work on ([`with_derived_content`]);
//! * `shape`: how a field is held ([`Shape`]) and which fields `new` takes;
//! * `builtins`: the Rust type of each XSD built-in;
//! * `plan`: type, field and variant names, boxing and `Default` ([`Plan`]);
//! * `clients`: SOAP client names, header setters and the WS-Policy a client applies;
//! * `rest`: the REST plan ([`RestPlan`]) and client-level parameter setters;
//! * `sums`: what each JSON sum (`oneOf` / `anyOf`) tells the runtime ([`SumPlan`]);
//! * `operations`: client methods and `ops` constants, wrapped-operation unwrapping ([`Methods`]);
//! * `security`: REST security schemes, credential setters and typed error replies;
//! * `setters`: the constructors' setter names and arguments;
//! * `pattern`: `pattern` limits translated to `regex` syntax, or why they are not checked;
//! * `namespaces`: the namespace constants, decided up front (the rule is documented there);
//! * `notes`: the module documentation's notes on what is not generated.

mod builtins;
mod clients;
mod derived;
mod namespaces;
mod notes;
mod operations;
mod pattern;
mod plan;
mod rest;
mod samples;
mod security;
mod setters;
mod shape;
mod sums;

use std::borrow::Cow;

use crate::model::Model;

pub use builtins::{container_path, is_text_builtin, rust_path as builtin_rust_path};
pub use clients::{ClientNames, client_policy, default_endpoint, plan_clients};
pub use derived::{SumCounts, is_xsi_type_field, substitution_groups, sum_counts, with_derived_content};
pub use namespaces::const_name as ns_const_name;
pub use notes::code;
pub use operations::{
    HttpOperation, HttpResult, Methods, RestMethods, RestOperation, SoapMethods, SoapOperation, StatusPath, StatusStep,
    http_suffix, wrapped_field,
};
pub use pattern::pattern_checks;
pub use plan::{Plan, RESERVED_TYPES, TypePlan};
pub use rest::{
    ParamSetters, ReplyCall, RequestEncoding, RestPlan, builder_setters, checked_limits, rest_builder_name, success,
    xml_reply, xml_validated,
};
pub use samples::Samples;
pub use security::{CredentialKind, CredentialSetter, ErrorReply};
pub use setters::{field_takes_into_string, renamed_setter, setter_name, takes_into_string};
pub use shape::{Shape, UnknownCase, is_constructor_param, shape, unknown_case};
pub use sums::{SumPlan, sum_plan};

/// One model, lowered: what every renderer reads.
#[derive(Debug, Clone)]
pub struct Lowered<'m> {
    /// The model the renderers work on ([`with_derived_content`]).
    pub model: Cow<'m, Model>,
    /// Type, field and variant names, boxing, `Default`.
    pub plan: Plan,
    /// SOAP / ASMX HTTP client names per service (by index), `None` for services without SOAP/HTTP
    /// operations.
    pub clients: Vec<Option<ClientNames>>,
    /// REST plan: JSON types, synthesised request structs, REST client names.
    pub rest: RestPlan,
    /// Client methods and `ops` constants, wrapped-operation unwrapping.
    pub methods: Methods,
    /// The namespaces the module names, in constant order (`NS`, `NS_2`, ...: [`ns_const_name`]).
    pub namespaces: Vec<String>,
    /// XML types reachable from SOAP / ASMX HTTP requests ([`xml_validated`]): their records
    /// implement `Validate`, checked by the client methods before sending.
    pub xml_validated: std::collections::BTreeSet<usize>,
    /// The module documentation's notes: what the description has and the module does not
    /// generate ([`notes::module_notes`]).
    pub notes: Vec<String>,
    /// The synthetic values' hints ([`Samples`]).
    pub samples: Samples,
}

/// Lowers `model`. The SOAP client names come first ([`plan_clients`]), then the type plan (which
/// leaves those names to the clients), then the REST plan (REST client and synthesised request
/// names, which avoid both), then the client methods, then the namespaces the module names.
pub fn lower(model: &Model) -> Lowered<'_> {
    let model = with_derived_content(model);
    let clients = plan_clients(&model);
    let reserved: Vec<String> = clients.iter().flatten().flat_map(|c| [c.client.clone(), c.builder.clone()]).collect();
    let plan = Plan::new(&model, &reserved);
    let rest = RestPlan::new(&model, &plan, &clients);
    let methods = Methods::new(&model, &plan, &clients, &rest);
    let namespaces = namespaces::namespaces(&model, &rest, &methods);
    let xml_validated = xml_validated(&model, &methods);
    let notes = notes::module_notes(&model, &clients, &rest, &methods);
    let samples = Samples::new(&model);
    Lowered { model, plan, clients, rest, methods, namespaces, xml_validated, notes, samples }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proc_macro2::TokenStream;

    use super::*;

    /// The `pub fn`s of each arm of the runtime macro `name` in `src/client.rs`, by the arm's
    /// matcher (`""`, `"soap"`, `"rest"`); `None` when the runtime's source is not beside this
    /// crate's (a packaged crate).
    fn runtime_macro_methods(name: &str) -> Option<BTreeMap<String, BTreeSet<String>>> {
        use proc_macro2::TokenTree;
        fn flatten(tokens: TokenStream, out: &mut Vec<TokenTree>) {
            for t in tokens {
                match t {
                    TokenTree::Group(g) => flatten(g.stream(), out),
                    other => out.push(other),
                }
            }
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/client.rs");
        let text = std::fs::read_to_string(path).ok()?;
        let file = syn::parse_file(&text).expect("src/client.rs parses");
        let mac = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Macro(m) if m.ident.as_ref().is_some_and(|i| i == name) => Some(m),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `macro_rules! {name}` in src/client.rs"));
        let mut arms = BTreeMap::new();
        let mut matcher = None;
        for t in mac.mac.tokens.clone() {
            let TokenTree::Group(g) = t else { continue };
            match matcher.take() {
                None => matcher = Some(g.stream().to_string()),
                Some(m) => {
                    let mut body = Vec::new();
                    flatten(g.stream(), &mut body);
                    let methods: BTreeSet<String> = body
                        .windows(3)
                        .filter_map(|w| match w {
                            [TokenTree::Ident(a), TokenTree::Ident(b), TokenTree::Ident(c)]
                                if a == "pub" && b == "fn" =>
                            {
                                Some(c.to_string())
                            }
                            _ => None,
                        })
                        .collect();
                    arms.insert(m, methods);
                }
            }
        }
        assert!(arms.contains_key(""), "`{name}!` has no `()` arm: {arms:?}");
        Some(arms)
    }

    /// The reserved-name lists hold every method the runtime macros put in the same `impl`
    /// blocks, so that no header or client-level parameter setter is defined twice.
    #[test]
    fn reserved_names_cover_the_runtime_macros() {
        let (Some(client), Some(builder)) =
            (runtime_macro_methods("client_methods"), runtime_macro_methods("client_builder_methods"))
        else {
            return;
        };
        let missing = |reserved: &[&str], arms: &[&str], of: &BTreeMap<String, BTreeSet<String>>| -> Vec<String> {
            let methods =
                arms.iter().flat_map(|arm| of.get(*arm).unwrap_or_else(|| panic!("no arm ({arm}) in {of:?}")));
            methods.filter(|m| !reserved.contains(&m.as_str())).cloned().collect()
        };
        assert_eq!(missing(clients::SOAP_CLIENT_RESERVED, &[""], &client), Vec::<String>::new(), "SOAP client");
        assert_eq!(missing(rest::REST_CLIENT_RESERVED, &[""], &client), Vec::<String>::new(), "REST client");
        assert_eq!(
            missing(clients::SOAP_BUILDER_RESERVED, &["", "soap"], &builder),
            Vec::<String>::new(),
            "SOAP builder"
        );
        assert_eq!(missing(rest::REST_BUILDER_RESERVED, &["", "rest"], &builder), Vec::<String>::new(), "REST builder");
    }

    #[test]
    fn prefixed_rest_clients_skip_builder_names_schema_types_take() {
        // Two REST services (prefixed client names) and a schema type named like the first
        // client's builder: that client takes the next number, with its builder.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_names/names.yaml");
        let options = crate::openapi::LoadOptions { module: "names".to_owned(), ..Default::default() };
        let mut model = crate::openapi::load(&path, &options).unwrap_or_else(|e| panic!("{e:?}"));
        let mut second = model.services[0].clone();
        second.name = "Other".to_owned();
        model.services.push(second);
        let base = crate::names::unraw(&crate::names::type_name(&model.services[0].name)).to_owned();
        let taken = model.types.iter().position(|t| t.name.local == "CountResult").expect("CountResult");
        model.types[taken].name.local = format!("{base}ClientBuilder");
        let Lowered { plan, rest, .. } = lower(&model);
        assert_eq!(plan.types[taken].name, format!("{base}ClientBuilder"));
        let clients: Vec<&str> = rest.clients.values().map(|(client, _, _)| client.as_str()).collect();
        assert_eq!(clients, [format!("{base}Client2").as_str(), "OtherClient"]);
    }
}
