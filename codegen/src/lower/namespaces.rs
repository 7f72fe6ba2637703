//! Namespace constants: the namespaces the module's code names, numbered `NS`, `NS_2`, ... in the
//! order the items that name them are rendered. The rule, item by item:
//!
//! 1. each type in model order that gets XML impls (every type, except the records of a
//!    REST-only model that never travel as XML): a complex type's attributes (but `xsi:type`)
//!    and elements in field order (an element, then its array items), then the type's own
//!    name (`SCHEMA_TYPE`, named types), then the alternatives of its choice fields; an enumeration's or
//!    named simple list type's own name; a choice's alternatives (each, then its array items);
//! 2. each SOAP client: its header elements, then per operation the request and reply
//!    elements, the unwrapped request child and the header elements it sends, and per ASMX HTTP
//!    binding its reply element;
//! 3. each REST client's generated operations: the root element of a reply that may be XML;
//! 4. each SOAP client's WS-Policy ([`super::client_policy`]): the headers it signs.
//!
//! Only namespaces named somewhere are listed (a constant nobody uses would be dead code); the
//! empty namespace is no namespace.

use super::operations::{Methods, wrapped_field};
use super::rest::{RestPlan, success, xml_reply};
use crate::model::{Field, FieldKind, Model, TypeKind, TypeRef};

/// The namespaces named by the module's code, in constant order.
pub fn namespaces(model: &Model, rest: &RestPlan, methods: &Methods) -> Vec<String> {
    let mut list = List(Vec::new());
    for (i, t) in model.types.iter().enumerate() {
        let record = matches!(t.kind, TypeKind::Complex(_) | TypeKind::Choice(_));
        if record && rest.xml.as_ref().is_some_and(|xml| !xml.contains(&i)) {
            continue;
        }
        match &t.kind {
            TypeKind::Complex(c) => {
                for f in &c.fields {
                    match f.kind {
                        FieldKind::Attribute if !super::is_xsi_type_field(f) => list.add(f.ns.as_deref()),
                        FieldKind::Element => list.element(f),
                        _ => {}
                    }
                }
                if !t.anonymous {
                    list.add(t.name.ns.as_deref());
                }
                for f in c.fields.iter().filter(|f| f.kind == FieldKind::Choice) {
                    if let TypeRef::Named(id) = f.ty
                        && let Some(TypeKind::Choice(choice)) = model.types.get(id.0).map(|t| &t.kind)
                    {
                        choice.variants.iter().for_each(|v| list.element(v));
                    }
                }
            }
            TypeKind::Enum(_) if !t.anonymous => list.add(t.name.ns.as_deref()),
            TypeKind::Simple(s) if s.list && !t.anonymous => list.add(t.name.ns.as_deref()),
            TypeKind::Choice(c) => c.variants.iter().for_each(|v| list.element(v)),
            _ => {}
        }
    }
    let element = |id: crate::model::ElementId| model.elements.get(id.0).and_then(|e| e.name.ns.as_deref());
    for (&si, client) in &methods.soap {
        let service = &model.services[si];
        for h in &client.headers {
            list.add(element(h.element));
        }
        for (oi, op) in service.operations.iter().enumerate() {
            if let Some(soap) = client.operations.get(&oi) {
                list.add(op.input.and_then(element));
                list.add(op.output.and_then(element));
                if let Some(id) = soap.request {
                    list.add(wrapped_field(model, id).ns.as_deref());
                }
                for h in op.soap.iter().flat_map(|b| &b.input_headers) {
                    list.add(element(h.element));
                }
            }
            for (hi, http) in op.http.iter().enumerate() {
                if client.http.contains_key(&(oi, hi)) {
                    list.add(http.output.or(op.output).and_then(element));
                }
            }
        }
    }
    for (&si, client) in &methods.rest {
        let service = &model.services[si];
        for &oi in client.operations.keys() {
            let Some(rest) = &service.operations[oi].rest else { continue };
            if let Some(body) = success(rest).and_then(|r| r.body.as_ref())
                && let (Some(root), true) = (&body.xml_root, xml_reply(body))
            {
                list.add(root.ns.as_deref());
            }
        }
    }
    for &si in methods.soap.keys() {
        for header in super::client_policy(&model.services[si]).iter().flat_map(|p| &p.signed_headers) {
            list.add(header.ns.as_deref());
        }
    }
    list.0
}

/// Namespaces in first-mention order, each once.
struct List(Vec<String>);

impl List {
    fn add(&mut self, ns: Option<&str>) {
        if let Some(ns) = ns.filter(|n| !n.is_empty())
            && !self.0.iter().any(|n| n == ns)
        {
            self.0.push(ns.to_owned());
        }
    }

    /// An element field or choice alternative: its name, then its array items' name.
    fn element(&mut self, f: &Field) {
        self.add(f.ns.as_deref());
        self.add(f.array_item.as_ref().and_then(|a| a.ns.as_deref()));
    }
}

/// The constant of the namespace at `index` in the list: `NS`, `NS_2`, ...
pub fn const_name(index: usize) -> String {
    if index == 0 { "NS".to_owned() } else { format!("NS_{}", index + 1) }
}
