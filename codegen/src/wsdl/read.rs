//! WSDL 1.1 definitions: messages, port types, bindings and services indexed by qualified name
//! across the whole document set (so `wsdl:import`ed definitions resolve like local ones), and
//! the helpers that find WSDL and extension elements.

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::Node;

use crate::diag::Diagnostic;
use crate::model::QName;
use crate::namespaces::WSDL_NS;
use crate::xsd::read::{DocSet, documentation};

/// The WSDL definitions of a document set.
pub struct Definitions<'a> {
    pub set: &'a DocSet<'a>,
    pub messages: BTreeMap<QName, Node<'a, 'a>>,
    pub port_types: BTreeMap<QName, Node<'a, 'a>>,
    pub bindings: BTreeMap<QName, Node<'a, 'a>>,
    /// `service` elements in document order (a service reached twice is listed once).
    pub services: Vec<Node<'a, 'a>>,
    /// Documentation of the first `definitions` that has some.
    pub doc: Option<String>,
}

/// True when `node` is the WSDL element `local`.
pub fn is_wsdl(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(WSDL_NS)
}

/// WSDL element children named `local`.
pub fn wsdl_children<'a>(node: Node<'a, 'a>, local: &'static str) -> impl Iterator<Item = Node<'a, 'a>> {
    node.children().filter(move |c| is_wsdl(*c, local))
}

/// The first child element in namespace `ns` named `local`.
pub fn ext_child<'a>(node: Node<'a, 'a>, ns: &str, local: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == local && c.tag_name().namespace() == Some(ns))
}

impl<'a> Definitions<'a> {
    pub fn index(set: &'a DocSet<'a>) -> Self {
        let mut defs = Definitions {
            set,
            messages: BTreeMap::new(),
            port_types: BTreeMap::new(),
            bindings: BTreeMap::new(),
            services: Vec::new(),
            doc: None,
        };
        let mut seen_services = BTreeSet::new();
        for doc in &set.docs {
            let root = doc.root_element();
            if !is_wsdl(root, "definitions") {
                continue;
            }
            let tns = root.attribute("targetNamespace");
            if defs.doc.is_none() {
                defs.doc = documentation(root);
            }
            for child in root.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(WSDL_NS)) {
                let Some(name) = child.attribute("name") else { continue };
                let qname = QName::new(tns, name);
                let map = match child.tag_name().name() {
                    "message" => &mut defs.messages,
                    "portType" => &mut defs.port_types,
                    "binding" => &mut defs.bindings,
                    "service" => {
                        if seen_services.insert(qname) {
                            defs.services.push(child);
                        }
                        continue;
                    }
                    _ => continue,
                };
                map.entry(qname).or_insert(child);
            }
        }
        defs
    }

    /// Looks up the definition a QName attribute names; a missing one is a diagnostic naming
    /// the QName and the kind expected.
    pub fn lookup(
        &self,
        node: Node<'a, 'a>,
        attr: &str,
        kind: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Node<'a, 'a>> {
        let Some(written) = node.attribute(attr) else {
            diags.push(self.set.diag(node, format!("missing `{attr}` attribute (expected a wsdl:{kind} name)")));
            return None;
        };
        let qname = match self.set.qname(node, written) {
            Ok(qname) => qname,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let map = match kind {
            "message" => &self.messages,
            "portType" => &self.port_types,
            _ => &self.bindings,
        };
        let found = map.get(&qname).copied();
        if found.is_none() {
            diags.push(
                self.set
                    .diag(node, format!("{kind} `{written}` is not defined"))
                    .with_help(format!("expected a wsdl:{kind} named `{qname}`")),
            );
        }
        found
    }
}
