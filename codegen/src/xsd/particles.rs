//! Particles: `sequence`, `all`, `choice`, `group` references, `any` wildcards and element
//! declarations (local, `ref`, anonymous types) as fields, with `minOccurs`/`maxOccurs`
//! multiplied through nested compositors.

use roxmltree::Node;

use super::read::documentation;
use super::resolve::{Builder, MAX_DEPTH, combine, node_key, placeholder};
use super::schemas::{Decl, SchemaCtx, xs_children};
use crate::model::{Builtin, ChoiceType, ElementId, Field, FieldKind, Limits, Occurs, QName, TypeKind, TypeRef};

/// The end of the warning for an `xs:choice` kept as optional fields (counted by
/// `lower::sum_counts`).
pub const LOOSE_CHOICE: &str = "whose alternatives are sequences or groups is kept as optional fields: a value may hold several alternatives or none";

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

    /// A `choice`: a model choice when every alternative is an element; otherwise (sequences or
    /// groups as alternatives) every alternative's fields become optional fields of the owner.
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
        if alternatives.is_empty() {
            return;
        }
        if alternatives.iter().all(|a| a.tag_name().name() == "element") {
            let mut variants = Vec::new();
            for alt in alternatives {
                let occurs = self.occurs(alt);
                variants.extend(self.element_field(alt, ctx, owner, occurs));
            }
            let kind = TypeKind::Choice(ChoiceType { variants, optional: total.min == 0, ..ChoiceType::default() });
            let base = QName { ns: owner.ns.clone(), local: format!("{}Choice", owner.local) };
            let id = self.synth_type(base, kind, self.s.set.origin(node), documentation(node));
            out.push(Field {
                doc: documentation(node),
                ..Field::plain("choice", None, FieldKind::Choice, TypeRef::Named(id), total, self.s.set.origin(node))
            });
        } else {
            self.warnings.push(self.s.set.diag(node, format!("an `xs:choice` in `{}` {LOOSE_CHOICE}", owner.local)));
            let relaxed = Occurs { min: 0, max: total.max };
            for alt in alternatives {
                self.particle(alt, ctx, owner, relaxed, out);
            }
        }
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
