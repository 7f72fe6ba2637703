//! Attribute declarations: local and global attributes (`ref`, `form`, `use`, defaults,
//! inline simple types), attribute groups and `anyAttribute` wildcards, as fields of kind
//! [`FieldKind::Attribute`] / [`FieldKind::AnyAttribute`]. `xml:*` and SOAP-encoding
//! attributes are known without their schemas.

use roxmltree::Node;

use super::builtins::SOAP_ENC_NS;
use super::read::documentation;
use super::resolve::{Builder, node_key};
use super::schemas::{SchemaCtx, xs_children};
use crate::model::{Builtin, Field, FieldKind, Limits, Occurs, QName, TypeRef};
use crate::namespaces::XML_NS;

impl<'a> Builder<'a> {
    pub(crate) fn attribute_like(
        &mut self,
        node: Node<'a, 'a>,
        ctx: SchemaCtx<'a>,
        owner: &QName,
        out: &mut Vec<Field>,
    ) {
        match node.tag_name().name() {
            "attribute" => out.extend(self.attribute_field(node, ctx, owner)),
            "attributeGroup" => {
                let Some(decl) = self.reference(node, "attributeGroup") else { return };
                let key = node_key(decl.node);
                if !self.expanding.insert(key) {
                    return self.diags.push(self.s.set.diag(node, "attribute group references itself"));
                }
                for child in xs_children(decl.node) {
                    self.attribute_like(child, decl.ctx, owner, out);
                }
                self.expanding.remove(&key);
            }
            "anyAttribute" => out.push(Field::plain(
                "anyAttribute",
                None,
                FieldKind::AnyAttribute,
                TypeRef::Builtin(Builtin::String),
                Occurs::MANY,
                self.s.set.origin(node),
            )),
            "annotation" => {}
            other => self.unsupported(node, other),
        }
    }

    fn attribute_field(&mut self, node: Node<'a, 'a>, ctx: SchemaCtx<'a>, owner: &QName) -> Option<Field> {
        let usage = node.attribute("use").unwrap_or("optional");
        if usage == "prohibited" {
            return None;
        }
        let mut field = Field {
            name: String::new(),
            ns: None,
            kind: FieldKind::Attribute,
            ty: TypeRef::Builtin(Builtin::AnySimpleType),
            occurs: if usage == "required" { Occurs::ONE } else { Occurs::OPTIONAL },
            nillable: false,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            doc: documentation(node),
            secret: false,
            limits: Limits::default(),
            array_item: None,
            origin: self.s.set.origin(node),
        };
        let (decl_node, decl_ctx) = if let Some(written) = node.attribute("ref") {
            let qn = match self.s.qname(node, written) {
                Ok(q) => q,
                Err(d) => {
                    self.diags.push(d);
                    return None;
                }
            };
            field.name = qn.local.clone();
            field.ns = qn.ns.clone();
            match self.s.attributes.get(&qn) {
                Some(decl) => (decl.node, decl.ctx),
                None if qn.ns.as_deref() == Some(XML_NS) => {
                    field.ty = TypeRef::Builtin(Builtin::String);
                    return Some(field);
                }
                None if qn.ns.as_deref() == Some(SOAP_ENC_NS) => {
                    field.ty = TypeRef::Builtin(Builtin::String);
                    return Some(field);
                }
                None => {
                    self.diags.push(
                        self.s
                            .set
                            .diag(node, format!("attribute `{written}` is not defined"))
                            .with_help(format!("expected a global xs:attribute `{qn}`")),
                    );
                    return None;
                }
            }
        } else {
            let Some(name) = node.attribute("name") else {
                self.diags.push(self.s.set.diag(node, "attribute without `name` or `ref`"));
                return None;
            };
            self.check_name(node, "attribute", name);
            field.name = name.to_owned();
            field.ns = ctx.local_ns(node, ctx.attribute_qualified);
            (node, ctx)
        };
        if field.default.is_none() {
            field.default = decl_node.attribute("default").map(str::to_owned);
        }
        if field.fixed.is_none() {
            field.fixed = decl_node.attribute("fixed").map(str::to_owned);
        }
        if let Some(t) = decl_node.attribute("type") {
            field.ty = self.type_ref(decl_node, t);
        } else if let Some(st) = xs_children(decl_node).find(|c| c.tag_name().name() == "simpleType") {
            let anon = QName { ns: owner.ns.clone(), local: format!("{}.{}", owner.local, field.name) };
            let (ty, limits) = self.inline_simple(st, decl_ctx, anon);
            field.ty = ty;
            field.limits = limits;
        }
        Some(field)
    }
}
