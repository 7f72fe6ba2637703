//! The model's services from the WSDL definitions: one per `wsdl:service`, its endpoints from
//! its ports and its operations from their bindings (each binding applied once); without any
//! `wsdl:service`, one per SOAP/HTTP binding. Each endpoint carries the WS-Policy of its binding
//! ([`super::policy`]).

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::Node;

use super::bindings::{self, BindingKind};
use super::policy::{self, Policies};
use super::read::{Definitions, ext_child, wsdl_children};
use crate::model::{Endpoint, HttpMethod, Operation, Protocol, Service, SoapVersion, WsPolicy};
use crate::namespaces::{HTTP_NS, SOAP11_NS, SOAP12_NS};
use crate::xsd::Builder;
use crate::xsd::read::documentation;

/// The model's services.
pub fn build<'a>(defs: &Definitions<'a>, b: &mut Builder<'a>) -> Vec<Service> {
    let policies = Policies::index(defs);
    // Per binding (file, position): read once, however many ports use it.
    let mut binding_policies: BTreeMap<(usize, usize), Option<WsPolicy>> = BTreeMap::new();
    let mut policy_of = |binding: Node<'a, 'a>, b: &mut Builder<'a>| {
        binding_policies
            .entry((defs.set.file_of(binding), binding.range().start))
            .or_insert_with(|| policy::binding_policy(defs, &policies, binding, &mut b.diags))
            .clone()
    };
    let mut out = Vec::new();
    for svc in &defs.services {
        let mut service = Service {
            name: svc.attribute("name").unwrap_or("Service").to_owned(),
            doc: documentation(*svc),
            origin: defs.set.origin(*svc),
            ..Service::default()
        };
        let mut ops: Vec<Operation> = Vec::new();
        let mut applied = BTreeSet::new();
        for port in wsdl_children(*svc, "port") {
            let mut diags = Vec::new();
            let binding = defs.lookup(port, "binding", "binding", &mut diags);
            b.diags.extend(diags);
            let Some(binding) = binding else { continue };
            let Some(kind) = bindings::kind(binding) else { continue };
            let address = [SOAP11_NS, SOAP12_NS, HTTP_NS]
                .iter()
                .find_map(|ns| ext_child(port, ns, "address"))
                .and_then(|a| a.attribute("location"))
                .unwrap_or("")
                .to_owned();
            let protocol = protocol(kind);
            service.endpoints.push(Endpoint {
                name: port.attribute("name").unwrap_or("").to_owned(),
                address,
                protocol,
                policy: policy_of(binding, b),
            });
            if applied.insert((defs.set.file_of(binding), binding.range().start)) {
                bindings::apply(defs, b, binding, kind, &mut ops);
            }
        }
        service.operations = ops;
        out.push(service);
    }
    if defs.services.is_empty() {
        out.extend(unbound_services(defs, &policies, b));
    }
    out
}

/// A document set without `wsdl:service` (ONVIF publishes bindings only): one service per
/// SOAP/HTTP binding, named after it, with an endpoint whose address is empty (the caller
/// must give one).
fn unbound_services<'a>(defs: &Definitions<'a>, policies: &Policies<'a>, b: &mut Builder<'a>) -> Vec<Service> {
    let mut ordered: Vec<Node<'a, 'a>> = defs.bindings.values().copied().collect();
    ordered.sort_by_key(|n| (defs.set.file_of(*n), n.range().start));
    let mut out = Vec::new();
    for binding in ordered {
        let Some(kind) = bindings::kind(binding) else { continue };
        let name = binding.attribute("name").unwrap_or("Service").to_owned();
        let mut ops = Vec::new();
        bindings::apply(defs, b, binding, kind, &mut ops);
        let policy = policy::binding_policy(defs, policies, binding, &mut b.diags);
        out.push(Service {
            name: name.clone(),
            doc: documentation(binding),
            endpoints: vec![Endpoint { name, address: String::new(), protocol: protocol(kind), policy }],
            operations: ops,
            origin: defs.set.origin(binding),
            ..Service::default()
        });
    }
    out
}

fn protocol(kind: BindingKind) -> Protocol {
    match kind {
        BindingKind::Soap(SoapVersion::V11) => Protocol::Soap11,
        BindingKind::Soap(SoapVersion::V12) => Protocol::Soap12,
        BindingKind::Http(HttpMethod::Get) => Protocol::HttpGet,
        BindingKind::Http(_) => Protocol::HttpPost,
    }
}
