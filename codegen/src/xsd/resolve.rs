//! Building model types and elements from the indexed schemas: the [`Builder`] arena, type
//! references (built-ins, named types, dangling ones), complex types with simple/complex content
//! derivation (base fields flattened first), SOAP-encoding arrays, and anonymous type naming.
//! Particles live in [`super::particles`], attributes in [`super::attributes`], simple types in
//! [`super::simple`].
//!
//! Named types are reserved in the arena first (document order), so references are plain ids
//! and recursive schemas need no special care; a type is filled on first need (a derived type
//! needs its base's fields, which are copied first). Anonymous types are named after their
//! context (`GetFoo` for a global element, `Order.Items` for a local one, `OrderChoice` for a
//! choice); a taken name gets the next free numeric suffix (`Order.Items2`).

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::Node;

use super::builtins::{self, SOAP_ENC_NS};
use super::facets;
use super::read::documentation;
use super::schemas::{Decl, SchemaCtx, Schemas, is_xs, xs_children};
use crate::diag::Diagnostic;
use crate::model::{
    Builtin, ComplexType, ElementDecl, ElementId, Field, FieldKind, Limits, Occurs, Origin, QName, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use crate::namespaces::WSDL_NS;

/// Nesting limit for group / attribute-group / base-chain expansion (cycles in broken schemas).
pub(crate) const MAX_DEPTH: usize = 64;

/// Turns [`Schemas`] into model types and elements, collecting diagnostics.
pub struct Builder<'a> {
    pub s: &'a Schemas<'a>,
    pub types: Vec<TypeDef>,
    type_ids: BTreeMap<QName, TypeId>,
    /// Per type: its definition while not yet filled.
    pending: Vec<Option<Decl<'a>>>,
    /// Per type: being filled right now (a base chain that comes back to it is a cycle).
    pub(crate) busy: Vec<bool>,
    pub elements: Vec<ElementDecl>,
    pub(crate) element_ids: BTreeMap<QName, ElementId>,
    element_pending: Vec<Option<Decl<'a>>>,
    used_names: BTreeSet<QName>,
    /// rpc wrapper elements made so far, by name and message (file index, byte offset).
    pub rpc_wrappers: BTreeMap<(QName, usize, usize), ElementId>,
    pub diags: Vec<Diagnostic>,
    /// What is modelled loosely rather than refused (`Model::warnings`): an `xs:choice` whose
    /// alternatives are sequences or groups, kept as optional fields.
    pub warnings: Vec<Diagnostic>,
    pub(crate) depth: usize,
    /// Groups and attribute groups being expanded right now (see [`node_key`]): a `ref` back to
    /// one of them is a cycle.
    pub(crate) expanding: BTreeSet<(usize, usize)>,
}

/// Identifies a schema node across the documents of a set: its document's address and its
/// byte offset.
pub(crate) fn node_key(node: Node<'_, '_>) -> (usize, usize) {
    (std::ptr::from_ref(node.document()).addr(), node.range().start)
}

/// The fields of a complex-content restriction: its own particles, then the base's attributes
/// (and wildcard) in their order, each replaced by a same-named one the restriction declares
/// and dropped when the restriction declares it `use="prohibited"`, then its other attributes.
fn restricted_fields(deriv: Node<'_, '_>, base_attributes: Vec<Field>, own: Vec<Field>) -> Vec<Field> {
    let is_attribute = |f: &Field| matches!(f.kind, FieldKind::Attribute | FieldKind::AnyAttribute);
    let prohibited: Vec<&str> = xs_children(deriv)
        .filter(|c| c.tag_name().name() == "attribute" && c.attribute("use") == Some("prohibited"))
        .filter_map(|c| c.attribute("name").or_else(|| c.attribute("ref")))
        .map(|n| n.rsplit(':').next().unwrap_or(n))
        .collect();
    let (own_attributes, mut out): (Vec<Field>, Vec<Field>) = own.into_iter().partition(is_attribute);
    let mut own_attributes: Vec<Option<Field>> = own_attributes.into_iter().map(Some).collect();
    for inherited in base_attributes {
        let same = |f: &Option<Field>| {
            f.as_ref().is_some_and(|f| f.kind == inherited.kind && f.name == inherited.name && f.ns == inherited.ns)
        };
        if let Some(replacement) = own_attributes.iter_mut().find(|f| same(f)).and_then(Option::take) {
            out.push(replacement);
        } else if !(inherited.kind == FieldKind::Attribute && prohibited.contains(&inherited.name.as_str())) {
            out.push(inherited);
        }
    }
    out.extend(own_attributes.into_iter().flatten());
    out
}

pub(crate) fn placeholder() -> TypeKind {
    TypeKind::Complex(ComplexType::default())
}

impl<'a> Builder<'a> {
    /// Reserves every named type and global element.
    pub fn new(s: &'a Schemas<'a>) -> Self {
        let mut b = Builder {
            s,
            types: Vec::new(),
            type_ids: BTreeMap::new(),
            pending: Vec::new(),
            busy: Vec::new(),
            elements: Vec::new(),
            element_ids: BTreeMap::new(),
            element_pending: Vec::new(),
            used_names: BTreeSet::new(),
            rpc_wrappers: BTreeMap::new(),
            diags: Vec::new(),
            warnings: Vec::new(),
            depth: 0,
            expanding: BTreeSet::new(),
        };
        for &node in &s.redefines {
            b.diags.push(
                s.set
                    .diag(node, "xs:redefine with redefinitions is not supported")
                    .with_help("merge the redefined definitions into the schema and use xs:include instead"),
            );
        }
        let globals =
            s.types.iter().map(|(n, d)| ("type", n, d)).chain(s.elements.iter().map(|(n, d)| ("element", n, d)));
        for (what, name, decl) in globals.chain(s.attributes.iter().map(|(n, d)| ("attribute", n, d))) {
            b.check_name(decl.node, what, &name.local);
        }
        for (name, decl) in &s.types {
            let id = TypeId(b.types.len());
            b.types.push(TypeDef {
                name: name.clone(),
                anonymous: false,
                doc: documentation(decl.node),
                origin: s.set.origin(decl.node),
                kind: placeholder(),
            });
            b.pending.push(Some(*decl));
            b.busy.push(false);
            b.type_ids.insert(name.clone(), id);
            b.used_names.insert(name.clone());
        }
        for (name, decl) in &s.elements {
            let id = ElementId(b.elements.len());
            b.elements.push(ElementDecl {
                name: name.clone(),
                ty: TypeRef::Builtin(Builtin::AnyType),
                nillable: decl.node.attribute("nillable") == Some("true"),
                is_abstract: decl.node.attribute("abstract") == Some("true"),
                substitution_group: None,
                doc: documentation(decl.node),
                origin: s.set.origin(decl.node),
            });
            b.element_pending.push(Some(*decl));
            b.element_ids.insert(name.clone(), id);
        }
        b
    }

    /// Fills every reserved type and element, links substitution groups and derived types.
    pub fn build_all(&mut self) {
        for i in 0..self.types.len() {
            self.ensure_type(TypeId(i));
        }
        for i in 0..self.elements.len() {
            self.ensure_element(ElementId(i));
        }
        for (name, decl) in &self.s.elements {
            let Some(head) = self.s.qname_attr(decl.node, "substitutionGroup") else { continue };
            let Some(&id) = self.element_ids.get(name) else { continue };
            match head {
                Ok(head) => match self.element_ids.get(&head) {
                    Some(&h) => self.elements[id.0].substitution_group = Some(h),
                    None => self.diags.push(self.s.set.diag(
                        decl.node,
                        format!(
                            "substitution group head element `{}` is not defined",
                            attr(decl.node, "substitutionGroup")
                        ),
                    )),
                },
                Err(d) => self.diags.push(d),
            }
        }
        for i in 0..self.types.len() {
            if let TypeKind::Complex(ComplexType { base: Some(base), .. }) = &self.types[i].kind {
                let base = *base;
                if let Some(TypeKind::Complex(b)) = self.types.get_mut(base.0).map(|t| &mut t.kind) {
                    b.derived.push(TypeId(i));
                }
            }
        }
    }

    /// The element named `name`, if declared (or synthesised) already.
    pub fn element_id(&self, name: &QName) -> Option<ElementId> {
        self.element_ids.get(name).copied()
    }

    /// A named type by wire name.
    pub fn type_id(&self, name: &QName) -> Option<TypeId> {
        self.type_ids.get(name).copied()
    }

    /// Adds an element that no schema declares (rpc wrappers, parts typed with `type=`).
    /// An existing element of that name and type is reused; one of the same name but another
    /// type (two messages with a part `fault` of different types) gets its own entry, and
    /// lookups by name keep finding the first.
    pub fn synth_element(&mut self, name: QName, ty: TypeRef, origin: Origin, doc: Option<String>) -> ElementId {
        if let Some(id) = self.element_ids.get(&name).copied() {
            if self.ensure_element(id) == ty {
                return id;
            }
            if let Some(same) = self.elements.iter().position(|e| e.name == name && e.ty == ty) {
                return ElementId(same);
            }
        }
        let id = ElementId(self.elements.len());
        self.elements.push(ElementDecl {
            name: name.clone(),
            ty,
            nillable: false,
            is_abstract: false,
            substitution_group: None,
            doc,
            origin,
        });
        self.element_pending.push(None);
        self.element_ids.entry(name).or_insert(id);
        id
    }

    /// Adds an anonymous type named after `base` (made unique).
    pub fn synth_type(&mut self, base: QName, kind: TypeKind, origin: Origin, doc: Option<String>) -> TypeId {
        let name = self.unique(base);
        let id = TypeId(self.types.len());
        self.types.push(TypeDef { name, anonymous: true, doc, origin, kind });
        self.pending.push(None);
        self.busy.push(false);
        id
    }

    /// Reports `name`, declared by `node` as a `what` (element, attribute, type), when it is not an
    /// XML name: no document could carry it, and the reader would refuse every reply using it.
    pub(crate) fn check_name(&mut self, node: Node<'_, '_>, what: &str, name: &str) {
        if let Some(problem) = wsbind_rules::ncname_problem(name) {
            self.diags.push(self.s.set.diag(node, format!("{what} name `{name}` is not an XML name: it {problem}")));
        }
    }

    fn unique(&mut self, base: QName) -> QName {
        let mut name = base.clone();
        let mut n = 2;
        while self.used_names.contains(&name) {
            name = QName { ns: base.ns.clone(), local: format!("{}{n}", base.local) };
            n += 1;
        }
        self.used_names.insert(name.clone());
        name
    }

    /// Fills a reserved type if needed. False when it is being filled (a derivation cycle).
    pub(crate) fn ensure_type(&mut self, id: TypeId) -> bool {
        let Some(decl) = self.pending.get_mut(id.0).and_then(Option::take) else {
            return !self.busy.get(id.0).copied().unwrap_or(false);
        };
        self.busy[id.0] = true;
        let name = self.types[id.0].name.clone();
        let kind = if decl.node.tag_name().name() == "simpleType" {
            self.simple_type(decl.node, decl.ctx, &name)
        } else {
            TypeKind::Complex(self.complex_type(decl.node, decl.ctx, &name))
        };
        self.types[id.0].kind = kind;
        self.busy[id.0] = false;
        true
    }

    /// The type of a global element, filled if needed.
    pub fn ensure_element(&mut self, id: ElementId) -> TypeRef {
        if let Some(decl) = self.element_pending.get_mut(id.0).and_then(Option::take) {
            let name = self.elements[id.0].name.clone();
            let (ty, _) = self.element_type(decl.node, decl.ctx, name, Some(id));
            self.elements[id.0].ty = ty;
        }
        self.elements[id.0].ty.clone()
    }

    /// Resolves a type reference written as `prefix:local` in an attribute of `node`.
    pub fn type_ref(&mut self, node: Node<'a, 'a>, value: &str) -> TypeRef {
        match self.s.qname(node, value) {
            Ok(qn) => self.lookup_type(node, &qn, value),
            Err(d) => {
                self.diags.push(d);
                TypeRef::Builtin(Builtin::AnyType)
            }
        }
    }

    fn lookup_type(&mut self, node: Node<'a, 'a>, qn: &QName, written: &str) -> TypeRef {
        let ns = qn.ns.as_deref().unwrap_or("");
        if is_xs(qn.ns.as_deref()) {
            if let Some(b) = builtins::xsd_builtin(&qn.local) {
                return TypeRef::Builtin(b);
            }
            self.diags.push(self.s.set.diag(node, format!("`{written}` is not an XML Schema built-in type")));
            return TypeRef::Builtin(Builtin::AnyType);
        }
        if let Some(b) = builtins::preferred(ns, &qn.local) {
            return TypeRef::Builtin(b);
        }
        if let Some(id) = self.type_ids.get(qn) {
            return TypeRef::Named(*id);
        }
        if let Some(b) = builtins::fallback(ns, &qn.local) {
            return TypeRef::Builtin(b);
        }
        self.diags.push(
            self.s
                .set
                .diag(node, format!("type `{written}` is not defined"))
                .with_help(format!("expected a complexType or simpleType `{qn}`; is an import missing?")),
        );
        TypeRef::Builtin(Builtin::AnyType)
    }

    pub(crate) fn unsupported(&mut self, node: Node<'a, 'a>, what: &str) {
        self.diags.push(self.s.set.diag(node, format!("unsupported XSD construct `{what}`")));
    }

    /// A complex type's content.
    pub(crate) fn complex_type(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName) -> ComplexType {
        let mut ct = ComplexType {
            is_abstract: node.attribute("abstract") == Some("true"),
            mixed: node.attribute("mixed") == Some("true"),
            ..ComplexType::default()
        };
        for child in xs_children(node) {
            match child.tag_name().name() {
                "simpleContent" => self.simple_content(child, ctx, owner, &mut ct),
                "complexContent" => self.complex_content(child, ctx, owner, &mut ct),
                _ => self.content_item(child, ctx, owner, &mut ct.fields),
            }
        }
        ct
    }

    /// A particle or attribute declaration inside a complex type or derivation.
    fn content_item(&mut self, child: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName, fields: &mut Vec<Field>) {
        match child.tag_name().name() {
            "sequence" | "all" | "choice" | "group" => self.particle(child, ctx, owner, Occurs::ONE, fields),
            "attribute" | "attributeGroup" | "anyAttribute" => self.attribute_like(child, ctx, owner, fields),
            "annotation" => {}
            other => self.unsupported(child, other),
        }
    }

    fn derivation(&mut self, node: Node<'a, 'a>) -> Option<Node<'a, 'a>> {
        let found = xs_children(node).find(|c| matches!(c.tag_name().name(), "extension" | "restriction"));
        if found.is_none() {
            self.diags.push(self.s.set.diag(node, "expected an `extension` or `restriction` here"));
        }
        found
    }

    /// The fields of a complex base type (filled first), or None for other kinds.
    fn base_fields(&mut self, node: Node<'a, 'a>, base: &TypeRef) -> Option<(TypeId, Option<Vec<Field>>)> {
        let TypeRef::Named(id) = base else { return None };
        if self.depth > MAX_DEPTH || !self.ensure_type(*id) {
            let name = self.types[id.0].name.local.clone();
            self.diags.push(self.s.set.diag(node, format!("circular type derivation through `{name}`")));
            return None;
        }
        match &self.types[id.0].kind {
            TypeKind::Complex(b) => Some((*id, Some(b.fields.clone()))),
            _ => Some((*id, None)),
        }
    }

    fn complex_content(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName, ct: &mut ComplexType) {
        if node.attribute("mixed") == Some("true") {
            ct.mixed = true;
        }
        let Some(deriv) = self.derivation(node) else { return };
        let Some(base_attr) = deriv.attribute("base") else {
            self.diags.push(self.s.set.diag(deriv, "derivation without a `base` attribute"));
            return;
        };
        let base_qn = match self.s.qname(deriv, base_attr) {
            Ok(q) => q,
            Err(d) => return self.diags.push(d),
        };
        let extension = deriv.tag_name().name() == "extension";
        if base_qn.ns.as_deref() == Some(SOAP_ENC_NS) && base_qn.local == "Array" && self.type_id(&base_qn).is_none() {
            return self.soap_array(deriv, ctx, owner, &mut ct.fields);
        }
        let base = self.lookup_type(deriv, &base_qn, base_attr);
        self.depth += 1;
        let mut base_attributes = Vec::new();
        if let Some((id, fields)) = self.base_fields(deriv, &base) {
            ct.base = Some(id);
            if extension {
                ct.fields.extend(fields.unwrap_or_default());
            } else if base_qn.ns.as_deref() == Some(SOAP_ENC_NS) && base_qn.local == "Array" {
                self.depth -= 1;
                return self.soap_array(deriv, ctx, owner, &mut ct.fields);
            } else {
                base_attributes = fields
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|f| matches!(f.kind, FieldKind::Attribute | FieldKind::AnyAttribute))
                    .collect();
            }
        }
        self.depth -= 1;
        if extension {
            for child in xs_children(deriv) {
                self.content_item(child, ctx, owner, &mut ct.fields);
            }
            return;
        }
        let mut own = Vec::new();
        for child in xs_children(deriv) {
            self.content_item(child, ctx, owner, &mut own);
        }
        ct.fields.extend(restricted_fields(deriv, base_attributes, own));
    }

    fn simple_content(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName, ct: &mut ComplexType) {
        let Some(deriv) = self.derivation(node) else { return };
        let base = match deriv.attribute("base") {
            Some(b) => self.type_ref(deriv, b),
            None => TypeRef::Builtin(Builtin::String),
        };
        self.depth += 1;
        let inherited = self.base_fields(deriv, &base);
        self.depth -= 1;
        match inherited {
            Some((id, Some(fields))) => {
                ct.base = Some(id);
                ct.fields.extend(fields);
            }
            _ => ct.fields.push(Field::plain(
                "value",
                None,
                FieldKind::Text,
                base,
                Occurs::ONE,
                self.s.set.origin(deriv),
            )),
        }
        if deriv.tag_name().name() == "restriction" {
            let mut limits = facets::limits(deriv);
            if let Some(text) = ct.fields.iter_mut().find(|f| f.kind == FieldKind::Text) {
                limits.inherit(&text.limits);
                text.limits = limits;
            }
        }
        for child in xs_children(deriv) {
            match child.tag_name().name() {
                "attribute" | "attributeGroup" | "anyAttribute" => {
                    self.attribute_like(child, ctx, owner, &mut ct.fields)
                }
                "simpleType" | "annotation" => {}
                name if facets::is_facet(name) => {}
                other => self.unsupported(child, other),
            }
        }
    }

    /// A SOAP-encoding array (`restriction base="soapenc:Array"`): one repeated `item` element
    /// typed from `wsdl:arrayType` (or from the restriction's own sequence).
    fn soap_array(&mut self, deriv: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName, fields: &mut Vec<Field>) {
        let array_type = deriv.descendants().find_map(|n| n.attribute((WSDL_NS, "arrayType")).map(|v| (n, v)));
        let origin = self.s.set.origin(deriv);
        let mut note = None;
        let ty = match array_type {
            Some((n, value)) => {
                let item = value.trim().split('[').next().unwrap_or("").to_owned();
                if value.matches('[').count() > 1 {
                    // Arrays of arrays: the inner arrays are kept as raw XML.
                    note = Some(format!("SOAP array `{value}`: inner arrays kept as raw XML"));
                    TypeRef::Builtin(Builtin::AnyType)
                } else {
                    self.type_ref(n, &item)
                }
            }
            None => {
                let mut inner = Vec::new();
                for child in xs_children(deriv) {
                    if matches!(child.tag_name().name(), "sequence" | "all" | "choice" | "group") {
                        self.particle(child, ctx, owner, Occurs::ONE, &mut inner);
                    }
                }
                match inner.into_iter().find(|f| f.kind == FieldKind::Element) {
                    Some(f) => f.ty,
                    None => TypeRef::Builtin(Builtin::AnyType),
                }
            }
        };
        fields.push(Field {
            nillable: true,
            limits: Limits { note, ..Limits::default() },
            ..Field::plain("item", None, FieldKind::Element, ty, Occurs::MANY, origin)
        });
    }

    /// Finishes building: types, elements and the diagnostics collected.
    /// The types, the elements, the errors and the warnings ([`Builder::warnings`]).
    pub fn finish(self) -> (Vec<TypeDef>, Vec<ElementDecl>, Vec<Diagnostic>, Vec<Diagnostic>) {
        (self.types, self.elements, self.diags, self.warnings)
    }
}

/// The raw value of an attribute, for messages.
fn attr<'n>(node: Node<'n, '_>, name: &str) -> &'n str {
    node.attribute(name).unwrap_or("")
}

/// Occurrence of a particle nested in another: counts multiply.
pub fn combine(outer: Occurs, inner: Occurs) -> Occurs {
    Occurs {
        min: outer.min.saturating_mul(inner.min),
        max: match (outer.max, inner.max) {
            (Some(a), Some(b)) => Some(a.saturating_mul(b)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurs_multiply() {
        let opt_many = combine(Occurs::OPTIONAL, Occurs { min: 1, max: None });
        assert_eq!(opt_many, Occurs { min: 0, max: None });
        assert_eq!(combine(Occurs::ONE, Occurs::ONE), Occurs::ONE);
    }
}
