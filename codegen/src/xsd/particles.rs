//! Particles: `sequence`, `all`, `choice`, `group` references, `any` wildcards and element
//! declarations (local, `ref`, anonymous types) as fields, with `minOccurs`/`maxOccurs`
//! multiplied through nested compositors.

use roxmltree::Node;

use super::read::documentation;
use super::resolve::{Builder, MAX_DEPTH, combine, node_key, placeholder};
use super::schemas::{Decl, SchemaCtx, xs_children};
use crate::model::{
    Builtin, ChoiceType, ComplexType, ElementId, Field, FieldKind, Limits, Occurs, QName, TypeKind, TypeRef,
};

impl<'a> Builder<'a> {
    /// `minOccurs` / `maxOccurs` of a particle.
    pub(crate) fn occurs(&mut self, node: Node<'a, 'a>) -> Occurs {
        let mut occurs = Occurs::ONE;
        if let Some(min) = node.attribute("minOccurs") {
            match min.trim().parse() {
                Ok(v) => occurs.min = v,
                Err(_) => self.diags.push(self.s.set.diag(node, format!("invalid minOccurs `{min}`"))),
            }
        }
        if let Some(max) = node.attribute("maxOccurs") {
            match max.trim() {
                "unbounded" => occurs.max = None,
                v => match v.parse() {
                    Ok(v) => occurs.max = Some(v),
                    Err(_) => self.diags.push(self.s.set.diag(node, format!("invalid maxOccurs `{max}`"))),
                },
            }
        }
        occurs
    }

    pub(crate) fn particle(
        &mut self,
        node: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        owner: &QName,
        outer: Occurs,
        out: &mut Vec<Field>,
    ) {
        let own = self.occurs(node);
        let total = combine(outer, own);
        if total.max == Some(0) {
            // `maxOccurs="0"`: the particle is prohibited, it has no field.
            return;
        }
        match node.tag_name().name() {
            "element" => {
                let field = self.element_field(node, ctx, owner, total);
                out.extend(field);
            }
            "sequence" | "all" => {
                for child in xs_children(node) {
                    if child.tag_name().name() != "annotation" {
                        self.particle(child, ctx, owner, total, out);
                    }
                }
            }
            "choice" => self.choice(node, ctx, owner, total, out),
            "group" => {
                let Some(decl) = self.reference(node, "group") else { return };
                let key = node_key(decl.node);
                if !self.expanding.insert(key) {
                    return self.diags.push(self.s.set.diag(node, "group references itself"));
                }
                for child in xs_children(decl.node) {
                    if matches!(child.tag_name().name(), "sequence" | "all" | "choice") {
                        self.particle(child, decl.ctx, owner, total, out);
                    }
                }
                self.expanding.remove(&key);
            }
            "any" => out.push(Field {
                doc: documentation(node),
                ..Field::plain(
                    "any",
                    None,
                    FieldKind::Any,
                    TypeRef::Builtin(Builtin::AnyType),
                    total,
                    self.s.set.origin(node),
                )
            }),
            "annotation" => {}
            other => self.unsupported(node, other),
        }
    }

    /// The group or attribute group a `ref` names, or a diagnostic.
    pub(crate) fn reference(&mut self, node: Node<'a, 'a>, kind: &str) -> Option<Decl<'a>> {
        let written = node.attribute("ref")?;
        let qn = match self.s.qname(node, written) {
            Ok(q) => q,
            Err(d) => {
                self.diags.push(d);
                return None;
            }
        };
        let map = if kind == "group" { &self.s.groups } else { &self.s.attribute_groups };
        match map.get(&qn) {
            Some(d) => Some(*d),
            None => {
                self.diags.push(
                    self.s
                        .set
                        .diag(node, format!("{kind} `{written}` is not defined"))
                        .with_help(format!("expected an xs:{kind} named `{qn}`")),
                );
                None
            }
        }
    }

    /// A `choice` as a model choice: one variant per alternative. An element is a variant of its
    /// own; a sequence, `all`, group reference, wildcard or repeated nested choice is a
    /// [`FieldKind::Group`] variant holding a record of its fields ([`Builder::group_alternative`]);
    /// a nested choice that occurs once puts its alternatives in its place. A choice of one
    /// alternative that is not an element is that particle. When an alternative may be empty, so
    /// may the choice: its field is optional.
    pub(crate) fn choice(
        &mut self,
        node: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        owner: &QName,
        total: Occurs,
        out: &mut Vec<Field>,
    ) {
        let alternatives: Vec<Node<'a, 'a>> =
            xs_children(node).filter(|c| c.tag_name().name() != "annotation").collect();
        // A choice of one wildcard (or group) is that particle. A choice of one element stays a
        // choice: a vendor adding an alternative then adds a variant, not a new Rust type.
        if let [only] = alternatives.as_slice()
            && only.tag_name().name() != "element"
        {
            return self.particle(*only, ctx, owner, total, out);
        }
        if alternatives.is_empty() {
            return;
        }
        let mut variants = Vec::new();
        let emptiable = self.alternatives(&alternatives, ctx, owner, &mut variants);
        if variants.is_empty() {
            return;
        }
        let optional = total.min == 0 || emptiable;
        let kind = TypeKind::Choice(ChoiceType { variants, optional, ..ChoiceType::default() });
        let base = QName { ns: owner.ns.clone(), local: format!("{}Choice", owner.local) };
        let id = self.synth_type(base, kind, self.s.set.origin(node), documentation(node));
        let occurs = Occurs { min: if optional { 0 } else { total.min }, max: total.max };
        out.push(Field {
            doc: documentation(node),
            ..Field::plain("choice", None, FieldKind::Choice, TypeRef::Named(id), occurs, self.s.set.origin(node))
        });
    }

    /// The variants of `alternatives`, pushed to `variants`; whether one of them may be empty.
    fn alternatives(
        &mut self,
        alternatives: &[Node<'a, 'a>],
        ctx: SchemaCtx<'a>,
        owner: &QName,
        variants: &mut Vec<Field>,
    ) -> bool {
        let mut emptiable = false;
        for &alt in alternatives {
            let occurs = self.occurs(alt);
            if occurs.max == Some(0) {
                continue;
            }
            match alt.tag_name().name() {
                "element" => variants.extend(self.element_field(alt, ctx, owner, occurs)),
                "choice" if occurs == Occurs::ONE => {
                    let nested: Vec<Node<'a, 'a>> =
                        xs_children(alt).filter(|c| c.tag_name().name() != "annotation").collect();
                    emptiable |= self.alternatives(&nested, ctx, owner, variants);
                }
                "annotation" => {}
                _ => match self.group_alternative(alt, ctx, owner, occurs) {
                    Some((field, empty)) => {
                        emptiable |= empty || occurs.min == 0;
                        variants.push(field);
                    }
                    None => emptiable = true,
                },
            }
        }
        emptiable
    }

    /// A choice's alternative that is not one element (a sequence, `all`, group reference,
    /// wildcard or repeated choice) as a [`FieldKind::Group`] variant: a record of the fields its
    /// content declares (each with its own occurrence; the alternative's repetition is the
    /// variant's), named after the group, or after the sequence's first one or two elements
    /// (`IdAndRevision`, `NameSequence`). `None` when it declares nothing; the flag says whether
    /// every field is optional (the alternative may be empty).
    fn group_alternative(
        &mut self,
        alt: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        owner: &QName,
        occurs: Occurs,
    ) -> Option<(Field, bool)> {
        let mut fields = Vec::new();
        let mut named = None;
        match alt.tag_name().name() {
            "sequence" | "all" => {
                for child in xs_children(alt).filter(|c| c.tag_name().name() != "annotation") {
                    self.particle(child, ctx, owner, Occurs::ONE, &mut fields);
                }
            }
            "group" => {
                let decl = self.reference(alt, "group")?;
                named = alt.attribute("ref").map(|r| r.rsplit(':').next().unwrap_or(r).to_owned());
                let key = node_key(decl.node);
                if !self.expanding.insert(key) {
                    self.diags.push(self.s.set.diag(alt, "group references itself"));
                    return None;
                }
                for child in xs_children(decl.node) {
                    if matches!(child.tag_name().name(), "sequence" | "all" | "choice") {
                        self.particle(child, decl.ctx, owner, Occurs::ONE, &mut fields);
                    }
                }
                self.expanding.remove(&key);
            }
            "choice" => {
                self.choice(alt, ctx, owner, Occurs::ONE, &mut fields);
                named = Some("Choice".to_owned());
            }
            "any" => {
                self.particle(alt, ctx, owner, Occurs::ONE, &mut fields);
                named = Some("Any".to_owned());
            }
            other => {
                self.unsupported(alt, other);
                return None;
            }
        }
        if fields.is_empty() {
            return None;
        }
        let name = named.unwrap_or_else(|| match fields.as_slice() {
            [a, b] => format!("{}And{}", a.name, upper_first(&b.name)),
            [first, ..] => format!("{}Sequence", first.name),
            [] => String::new(),
        });
        let empty = fields.iter().all(|f| f.occurs.min == 0);
        let origin = self.s.set.origin(alt);
        let doc = documentation(alt);
        let record = TypeKind::Complex(ComplexType { fields, ..ComplexType::default() });
        let base = QName { ns: owner.ns.clone(), local: format!("{}{}", owner.local, upper_first(&name)) };
        let id = self.synth_type(base, record, origin.clone(), doc.clone());
        let field = Field { doc, ..Field::plain(name, None, FieldKind::Group, TypeRef::Named(id), occurs, origin) };
        Some((field, empty))
    }

    /// A local element or element reference as a field (None after a diagnostic).
    pub(crate) fn element_field(
        &mut self,
        node: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        owner: &QName,
        occurs: Occurs,
    ) -> Option<Field> {
        let origin = self.s.set.origin(node);
        let mut field = Field {
            name: String::new(),
            ns: None,
            kind: FieldKind::Element,
            ty: TypeRef::Builtin(Builtin::AnyType),
            occurs,
            nillable: node.attribute("nillable") == Some("true"),
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            doc: documentation(node),
            secret: false,
            limits: Limits::default(),
            array_item: None,
            origin,
        };
        if let Some(written) = node.attribute("ref") {
            let qn = match self.s.qname(node, written) {
                Ok(q) => q,
                Err(d) => {
                    self.diags.push(d);
                    return None;
                }
            };
            let Some(id) = self.element_ids.get(&qn).copied() else {
                self.diags.push(
                    self.s
                        .set
                        .diag(node, format!("element `{written}` is not defined"))
                        .with_help(format!("expected a global xs:element `{qn}`")),
                );
                return None;
            };
            field.ty = self.ensure_element(id);
            let decl = &self.elements[id.0];
            field.name = qn.local;
            field.ns = qn.ns;
            field.nillable |= decl.nillable;
            if field.doc.is_none() {
                field.doc = decl.doc.clone();
            }
            // The value constraint of the global declaration holds where it is referenced.
            if let Some((_, global)) = self.s.elements.get(id.0) {
                if field.default.is_none() {
                    field.default = global.node.attribute("default").map(str::to_owned);
                }
                if field.fixed.is_none() {
                    field.fixed = global.node.attribute("fixed").map(str::to_owned);
                }
            }
            return Some(field);
        }
        let Some(name) = node.attribute("name") else {
            self.diags.push(self.s.set.diag(node, "element without `name` or `ref`"));
            return None;
        };
        self.check_name(node, "element", name);
        field.name = name.to_owned();
        field.ns = ctx.local_ns(node, ctx.element_qualified);
        let anon = QName { ns: owner.ns.clone(), local: format!("{}.{name}", owner.local) };
        let (ty, limits) = self.element_type(node, ctx, anon, None);
        field.ty = ty;
        field.limits = limits;
        Some(field)
    }

    /// The type of an element declaration: `type=`, an anonymous type, the head of its
    /// substitution group, or `anyType`. `global` is set for top-level elements, whose type is
    /// recorded before an anonymous type is filled (so self-references resolve).
    pub(crate) fn element_type(
        &mut self,
        node: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        anon: QName,
        global: Option<ElementId>,
    ) -> (TypeRef, Limits) {
        if let Some(t) = node.attribute("type") {
            return (self.type_ref(node, t), Limits::default());
        }
        if let Some(ct) = xs_children(node).find(|c| c.tag_name().name() == "complexType") {
            let id = self.synth_type(anon, placeholder(), self.s.set.origin(ct), documentation(ct));
            if let Some(e) = global {
                self.elements[e.0].ty = TypeRef::Named(id);
            }
            let name = self.types[id.0].name.clone();
            self.busy[id.0] = true;
            let kind = TypeKind::Complex(self.complex_type(ct, ctx, &name));
            self.types[id.0].kind = kind;
            self.busy[id.0] = false;
            return (TypeRef::Named(id), Limits::default());
        }
        if let Some(st) = xs_children(node).find(|c| c.tag_name().name() == "simpleType") {
            return self.inline_simple(st, ctx, anon);
        }
        if let Some(Ok(head)) = self.s.qname_attr(node, "substitutionGroup")
            && let Some(h) = self.element_ids.get(&head).copied()
            && self.depth < MAX_DEPTH
        {
            self.depth += 1;
            let ty = self.ensure_element(h);
            self.depth -= 1;
            return (ty, Limits::default());
        }
        (TypeRef::Builtin(Builtin::AnyType), Limits::default())
    }
}

/// `name` with its first letter upper case (element names joined into a Rust-ish type name).
fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
