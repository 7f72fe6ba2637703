//! Simple types: restrictions (enumerations become [`TypeKind::Enum`], other facets
//! [`Limits`], read by [`super::facets`]), `list` and `union` (kept as text with a note), inline
//! anonymous simple types.

use roxmltree::Node;

use super::facets;
use super::read::documentation;
use super::resolve::Builder;
use super::schemas::{SchemaCtx, xs_children};
use crate::model::{Builtin, EnumType, EnumValue, Limits, QName, SimpleType, TypeKind, TypeRef};

impl<'a> Builder<'a> {
    /// The kind of a `simpleType` (named or anonymous).
    pub(crate) fn simple_type(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, name: &QName) -> TypeKind {
        let Some(body) = xs_children(node).find(|c| c.tag_name().name() != "annotation") else {
            self.diags.push(self.s.set.diag(node, "simpleType without restriction, list or union"));
            return text_kind(Limits::default());
        };
        match body.tag_name().name() {
            "restriction" => {
                let base = self.restriction_base(body, ctx, name);
                let values: Vec<EnumValue> = xs_children(body)
                    .filter(|c| c.tag_name().name() == "enumeration")
                    .map(|c| EnumValue { value: c.attribute("value").unwrap_or("").to_owned(), doc: documentation(c) })
                    .collect();
                if values.is_empty() {
                    let limits = facets::limits(body);
                    TypeKind::Simple(SimpleType { base, list: false, limits })
                } else {
                    let base = self.builtin_of(&base);
                    TypeKind::Enum(EnumType { base, values })
                }
            }
            "list" => {
                let item_name = QName { ns: name.ns.clone(), local: format!("{}.Item", name.local) };
                let base = match body.attribute("itemType") {
                    Some(t) => self.type_ref(body, t),
                    None => match xs_children(body).find(|c| c.tag_name().name() == "simpleType") {
                        Some(st) => self.inline_simple(st, ctx, item_name).0,
                        None => TypeRef::Builtin(Builtin::String),
                    },
                };
                TypeKind::Simple(SimpleType { base, list: true, limits: Limits::default() })
            }
            "union" => {
                let members = body.attribute("memberTypes").unwrap_or("").split_whitespace().collect::<Vec<_>>();
                let note = if members.is_empty() {
                    "union of anonymous simple types; kept as text".to_owned()
                } else {
                    format!("union of {}; kept as text", members.join(", "))
                };
                text_kind(Limits { note: Some(note), ..Limits::default() })
            }
            other => {
                self.diags.push(self.s.set.diag(body, format!("unsupported XSD construct `{other}` in simpleType")));
                text_kind(Limits::default())
            }
        }
    }

    /// The base of a restriction: `base=` or an inline simple type.
    fn restriction_base(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, name: &QName) -> TypeRef {
        match node.attribute("base") {
            Some(b) => self.type_ref(node, b),
            None => match xs_children(node).find(|c| c.tag_name().name() == "simpleType") {
                Some(st) => {
                    let base_name = QName { ns: name.ns.clone(), local: format!("{}.Base", name.local) };
                    self.inline_simple(st, ctx, base_name).0
                }
                None => TypeRef::Builtin(Builtin::String),
            },
        }
    }

    /// An anonymous simple type: a restriction of a built-in without enumeration becomes the
    /// built-in plus facets; anything else becomes an anonymous type named `anon`.
    pub(crate) fn inline_simple(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, anon: QName) -> (TypeRef, Limits) {
        let body = xs_children(node).find(|c| c.tag_name().name() != "annotation");
        if let Some(r) = body.filter(|b| b.tag_name().name() == "restriction")
            && !xs_children(r).any(|c| c.tag_name().name() == "enumeration")
            && let Some(base) = r.attribute("base")
        {
            let base = self.type_ref(r, base);
            let mut limits = facets::limits(r);
            // The base is filled first: its facets are merged wherever it is defined.
            if let TypeRef::Named(id) = base
                && self.ensure_type(id)
                && let TypeKind::Simple(s) = &self.types[id.0].kind
                && !s.list
            {
                limits.inherit(&s.limits);
            }
            return (base, limits);
        }
        let id = self.synth_type(anon, text_kind(Limits::default()), self.s.set.origin(node), documentation(node));
        let name = self.types[id.0].name.clone();
        let kind = self.simple_type(node, ctx, &name);
        self.types[id.0].kind = kind;
        (TypeRef::Named(id), Limits::default())
    }

    /// The built-in a simple type is ultimately spelled in.
    pub(crate) fn builtin_of(&mut self, ty: &TypeRef) -> Builtin {
        let mut current = ty.clone();
        for _ in 0..64 {
            match current {
                TypeRef::Builtin(b) => return b,
                TypeRef::Named(id) => {
                    if !self.ensure_type(id) {
                        return Builtin::String;
                    }
                    current = match &self.types[id.0].kind {
                        TypeKind::Enum(e) => return e.base,
                        TypeKind::Simple(s) if !s.list => s.base.clone(),
                        _ => return Builtin::String,
                    };
                }
            }
        }
        Builtin::String
    }
}

fn text_kind(limits: Limits) -> TypeKind {
    TypeKind::Simple(SimpleType { base: TypeRef::Builtin(Builtin::String), list: false, limits })
}
