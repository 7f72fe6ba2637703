//! The schemas of a document set: the XSD namespaces and elements, and the global definitions
//! of every schema (document roots and those inside `wsdl:types`) indexed by qualified name, each
//! with the schema-level settings it is read under ([`SchemaCtx`]).

use std::collections::BTreeMap;

use roxmltree::Node;

use super::read::DocSet;
use crate::diag::Diagnostic;
use crate::model::QName;

/// The 2001 namespace, plus the 1999/2000 drafts some old services still use.
pub fn is_xs(ns: Option<&str>) -> bool {
    matches!(
        ns,
        Some(
            "http://www.w3.org/2001/XMLSchema"
                | "http://www.w3.org/1999/XMLSchema"
                | "http://www.w3.org/2000/10/XMLSchema"
        )
    )
}

/// True when `node` is the XSD element `local`.
pub fn is_xs_el(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && is_xs(node.tag_name().namespace())
}

/// XSD element children of `node`.
pub(crate) fn xs_children<'a>(node: Node<'a, 'a>) -> impl Iterator<Item = Node<'a, 'a>> {
    node.children().filter(|c| c.is_element() && is_xs(c.tag_name().namespace()))
}

/// The schema-level settings a definition is read under.
#[derive(Debug, Clone, Copy)]
pub struct SchemaCtx<'a> {
    pub tns: Option<&'a str>,
    pub element_qualified: bool,
    pub attribute_qualified: bool,
}

impl SchemaCtx<'_> {
    /// The namespace of a local `element` or `attribute` declaration: its `form` attribute, or
    /// else the schema's default for its kind (`default_qualified`), decides.
    pub fn local_ns(&self, node: Node<'_, '_>, default_qualified: bool) -> Option<String> {
        let qualified = match node.attribute("form") {
            Some(form) => form == "qualified",
            None => default_qualified,
        };
        if qualified { self.tns.map(str::to_owned) } else { None }
    }
}

/// A global definition: its node and the settings of the schema it sits in.
#[derive(Debug, Clone, Copy)]
pub struct Decl<'a> {
    pub node: Node<'a, 'a>,
    pub ctx: SchemaCtx<'a>,
}

/// The global definitions of every schema of a document set, by qualified name.
pub struct Schemas<'a> {
    pub set: &'a DocSet<'a>,
    /// Named `complexType`s and `simpleType`s, in document order.
    pub types: Vec<(QName, Decl<'a>)>,
    /// Global `element`s, in document order.
    pub elements: Vec<(QName, Decl<'a>)>,
    pub groups: BTreeMap<QName, Decl<'a>>,
    pub attribute_groups: BTreeMap<QName, Decl<'a>>,
    pub attributes: BTreeMap<QName, Decl<'a>>,
    /// `xs:redefine` elements that redefine something (not supported: reported when building).
    pub redefines: Vec<Node<'a, 'a>>,
}

impl<'a> Schemas<'a> {
    /// Indexes every `schema` (document roots and those inside `wsdl:types`). A name defined
    /// twice keeps its first definition (the same schema reached through two paths).
    pub fn index(set: &'a DocSet<'a>) -> Self {
        let mut s = Schemas {
            set,
            types: Vec::new(),
            elements: Vec::new(),
            groups: BTreeMap::new(),
            attribute_groups: BTreeMap::new(),
            attributes: BTreeMap::new(),
            redefines: Vec::new(),
        };
        let mut seen_types = std::collections::BTreeSet::new();
        let mut seen_elements = std::collections::BTreeSet::new();
        for (i, doc) in set.docs.iter().enumerate() {
            let chameleon = set.files.get(i).and_then(|f| f.chameleon_ns.as_deref());
            let root = doc.root_element();
            let schemas: Vec<Node<'a, 'a>> = if is_xs_el(root, "schema") {
                vec![root]
            } else {
                root.children()
                    .filter(|c| c.is_element() && c.tag_name().name() == "types")
                    .flat_map(|t| t.children().filter(|s| is_xs_el(*s, "schema")))
                    .collect()
            };
            for schema in schemas {
                let ctx = SchemaCtx {
                    tns: schema.attribute("targetNamespace").filter(|t| !t.is_empty()).or(chameleon),
                    element_qualified: schema.attribute("elementFormDefault") == Some("qualified"),
                    attribute_qualified: schema.attribute("attributeFormDefault") == Some("qualified"),
                };
                for def in schema.children().filter(|c| c.is_element() && is_xs(c.tag_name().namespace())) {
                    if def.tag_name().name() == "redefine"
                        && def.children().any(|c| c.is_element() && c.tag_name().name() != "annotation")
                    {
                        s.redefines.push(def);
                    }
                    let Some(name) = def.attribute("name") else { continue };
                    let qname = QName::new(ctx.tns, name);
                    let decl = Decl { node: def, ctx };
                    match def.tag_name().name() {
                        "complexType" | "simpleType" if seen_types.insert(qname.clone()) => {
                            s.types.push((qname, decl));
                        }
                        "element" if seen_elements.insert(qname.clone()) => s.elements.push((qname, decl)),
                        "group" => {
                            s.groups.entry(qname).or_insert(decl);
                        }
                        "attributeGroup" => {
                            s.attribute_groups.entry(qname).or_insert(decl);
                        }
                        "attribute" => {
                            s.attributes.entry(qname).or_insert(decl);
                        }
                        _ => {}
                    }
                }
            }
        }
        s
    }

    /// Resolves the QName in attribute `attr` of `node`, or a diagnostic for an undeclared prefix.
    pub fn qname_attr(&self, node: Node<'_, '_>, attr: &str) -> Option<Result<QName, Diagnostic>> {
        let value = node.attribute(attr)?;
        Some(self.qname(node, value))
    }

    /// Resolves `value` (`prefix:local`) in the scope of `node`.
    ///
    /// A name without a namespace inside a chameleon schema (included without its own
    /// `targetNamespace`) takes the includer's namespace, as its definitions do.
    pub fn qname(&self, node: Node<'_, '_>, value: &str) -> Result<QName, Diagnostic> {
        let mut qname = self.set.qname(node, value)?;
        if qname.ns.is_none()
            && let Some(chameleon) = self.set.files.get(self.set.file_of(node)).and_then(|f| f.chameleon_ns.as_deref())
            && !node
                .ancestors()
                .any(|a| is_xs_el(a, "schema") && a.attribute("targetNamespace").is_some_and(|t| !t.is_empty()))
        {
            qname.ns = Some(chameleon.to_owned());
        }
        Ok(qname)
    }
}
