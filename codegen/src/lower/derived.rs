//! The model the renderers work on: the fields added to XML base types that have derived types.

use crate::model::{
    Builtin, ComplexType, Field, FieldKind, Limits, Model, Occurs, Origin, Protocol, TypeKind, TypeRef,
};

/// The XML Schema instance namespace: an attribute field in it is the `xsi:type` kept by a base
/// type with derived types (see [`with_derived_content`]); schemas cannot declare such attributes.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// True for the `xsi:type` field [`with_derived_content`] adds.
pub fn is_xsi_type_field(f: &Field) -> bool {
    f.kind == FieldKind::Attribute && f.ns.as_deref() == Some(XSI_NS)
}

/// The model the emitter works on: for XML services, every complex type that other types derive
/// from (`ComplexType::derived`) gets two more fields, so that a value sent as a derived type
/// (`xsi:type`) where the base is declared loses nothing:
/// * `xsi_type: Option<String>` — the `xsi:type` it was decoded with, in Clark notation
///   (`{namespace}local`), written back as `xsi:type` on encode;
/// * `derived: Vec<RawXml>` — the child elements the base does not declare (the derived type's
///   own fields), kept as raw XML and written back after the base fields. Not added when the
///   type already has an `xs:any` wildcard (which then keeps them) or simple content.
pub fn with_derived_content(model: &Model) -> std::borrow::Cow<'_, Model> {
    let rest = model.services.iter().any(|s| s.endpoints.iter().any(|e| e.protocol == Protocol::Rest));
    let needs = |c: &ComplexType| !c.derived.is_empty() && !c.fields.iter().any(is_xsi_type_field);
    if rest || !model.types.iter().any(|t| matches!(&t.kind, TypeKind::Complex(c) if needs(c))) {
        return std::borrow::Cow::Borrowed(model);
    }
    let mut model = model.clone();
    for t in &mut model.types {
        let TypeKind::Complex(c) = &mut t.kind else { continue };
        if !needs(c) {
            continue;
        }
        let origin = t.origin.clone();
        let field = |name: &str, ns: Option<&str>, kind: FieldKind, ty: Builtin, occurs: Occurs, doc: &str| Field {
            name: name.to_owned(),
            ns: ns.map(str::to_owned),
            kind,
            ty: TypeRef::Builtin(ty),
            occurs,
            nillable: false,
            default: None,
            fixed: None,
            doc: Some(doc.to_owned()),
            secret: false,
            limits: Limits::default(),
            array_item: None,
            origin: Origin { ..origin.clone() },
        };
        let keeps_children = c.fields.iter().any(|f| matches!(f.kind, FieldKind::Any | FieldKind::Text));
        if !keeps_children {
            c.fields.push(field(
                "derived",
                None,
                FieldKind::Any,
                Builtin::AnyType,
                Occurs::MANY,
                "Child elements this type does not declare: the fields of the derived type named by `xsi_type`, kept as raw XML and written back after the fields above.",
            ));
        }
        c.fields.push(field(
            "xsiType",
            Some(XSI_NS),
            FieldKind::Attribute,
            Builtin::QName,
            Occurs::OPTIONAL,
            "The `xsi:type` the value was received with (a type derived from this one), in Clark notation `{namespace}local`; written back as `xsi:type`.",
        ));
    }
    std::borrow::Cow::Owned(model)
}
