//! The model the renderers work on: derived types as sum types, and the fields kept by base types
//! that operations still name directly.
//!
//! A field whose declared type is a complex type with derived types (`xsi:type` polymorphism)
//! holds a sum type ([`Discriminator::XsiType`]): one alternative per concrete type of the
//! hierarchy, decoded by `xsi:type`, plus an unknown case that keeps the raw XML. The sum types
//! are appended after the description's types (their indices follow), one per base type, named
//! after it (`AnimalKind` for `Animal`, `ItemKind` for `ItemType`); each lists every concrete
//! descendant once, so a hierarchy of N types adds at most N alternatives per base.

use crate::model::{
    Builtin, ChoiceType, ComplexType, Discriminator, Field, FieldKind, Limits, Model, Occurs, Origin, Protocol, QName,
    TypeDef, TypeId, TypeKind, TypeRef,
};

/// The XML Schema instance namespace: an attribute field in it is the `xsi:type` kept by a base
/// type with derived types (see [`with_derived_content`]); schemas cannot declare such attributes.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// True for the `xsi:type` field [`with_derived_content`] adds.
pub fn is_xsi_type_field(f: &Field) -> bool {
    f.kind == FieldKind::Attribute && f.ns.as_deref() == Some(XSI_NS)
}

/// The model the emitter works on, for XML services: fields declaring a base type hold its sum type
/// ([`with_sum_types`]); a base type that an operation's element declares directly (a message
/// part, header or fault detail, where no sum type stands) gets two more fields, so that a value
/// sent there as a derived type (`xsi:type`) loses nothing:
/// * `xsi_type: Option<String>` — the `xsi:type` it was decoded with, in Clark notation
///   (`{namespace}local`), written back as `xsi:type` on encode;
/// * `derived: Vec<RawXml>` — the child elements the base does not declare (the derived type's
///   own fields), kept as raw XML and written back after the base fields. Not added when the
///   type already has an `xs:any` wildcard (which then keeps them) or simple content.
pub fn with_derived_content(model: &Model) -> std::borrow::Cow<'_, Model> {
    let rest = model.services.iter().any(|s| s.endpoints.iter().any(|e| e.protocol == Protocol::Rest));
    let has_derived = |t: &TypeDef| matches!(&t.kind, TypeKind::Complex(c) if !c.derived.is_empty());
    let has_members = model.elements.iter().any(|e| e.substitution_group.is_some());
    if rest || !(has_members || model.types.iter().any(has_derived)) {
        return std::borrow::Cow::Borrowed(model);
    }
    let held = element_held(model);
    let needs = |i: usize, c: &ComplexType| {
        held.contains(&i) && !c.derived.is_empty() && !c.fields.iter().any(is_xsi_type_field)
    };
    let mut model = model.clone();
    with_substitution_groups(&mut model);
    with_sum_types(&mut model);
    for (i, t) in model.types.iter_mut().enumerate() {
        let TypeKind::Complex(c) = &mut t.kind else { continue };
        if !needs(i, c) {
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

/// The types that operations' elements declare directly: request, reply, header and fault detail
/// elements.
fn element_held(model: &Model) -> std::collections::BTreeSet<usize> {
    let ops = model.services.iter().flat_map(|s| &s.operations);
    let elements = ops.flat_map(|op| {
        let headers = op.soap.iter().flat_map(|b| b.input_headers.iter().chain(&b.output_headers)).map(|h| h.element);
        op.input.into_iter().chain(op.output).chain(op.faults.iter().filter_map(|f| f.detail)).chain(headers)
    });
    elements
        .filter_map(|e| match model.elements.get(e.0).map(|e| &e.ty) {
            Some(TypeRef::Named(id)) => Some(id.0),
            _ => None,
        })
        .collect()
}

/// Appends one sum type per complex type with derived types that an element field (or choice
/// alternative) declares, and makes those fields hold the sum type instead. The bases of a fault
/// detail's type get one too (no field holds it), so that `fault.detail_as::<ApiFaultKind>()`
/// reads a fault as its most derived type. Anonymous derived types have no name an `xsi:type`
/// could give: they are not alternatives.
pub fn with_sum_types(model: &mut Model) {
    let declared = model.types.len();
    let mut declares = vec![false; declared];
    for t in &model.types {
        let members = match &t.kind {
            TypeKind::Complex(c) => &c.fields,
            TypeKind::Choice(c) if !c.by_xsi_type() => &c.variants,
            _ => continue,
        };
        for f in members.iter().filter(|f| f.kind == FieldKind::Element) {
            if let TypeRef::Named(id) = f.ty
                && let Some(d) = declares.get_mut(id.0)
            {
                *d = true;
            }
        }
    }
    let faults = model.services.iter().flat_map(|s| &s.operations).flat_map(|op| &op.faults);
    let detail_types: Vec<TypeRef> =
        faults.filter_map(|f| f.detail).filter_map(|e| model.elements.get(e.0)).map(|e| e.ty.clone()).collect();
    for ty in detail_types {
        let TypeRef::Named(mut id) = ty else { continue };
        // The bases up the chain, bounded by the number of types (a cycle is refused earlier).
        for _ in 0..declared {
            let Some(TypeKind::Complex(ComplexType { base: Some(base), .. })) = model.types.get(id.0).map(|t| &t.kind)
            else {
                break;
            };
            if let Some(d) = declares.get_mut(base.0) {
                *d = true;
            }
            id = *base;
        }
    }
    let mut sums = vec![None; declared];
    for base in 0..declared {
        let TypeKind::Complex(c) = &model.types[base].kind else { continue };
        if c.derived.is_empty() || !declares[base] {
            continue;
        }
        let base_variant = !c.is_abstract;
        let mut variants = Vec::new();
        for id in std::iter::once(TypeId(base)).chain(descendants(model, TypeId(base))) {
            let t = &model.types[id.0];
            match &t.kind {
                TypeKind::Complex(c) if !c.is_abstract && !t.anonymous => variants.push(Field::plain(
                    t.name.local.clone(),
                    t.name.ns.clone(),
                    FieldKind::Element,
                    TypeRef::Named(id),
                    Occurs::ONE,
                    t.origin.clone(),
                )),
                _ => {}
            }
        }
        let t = &model.types[base];
        let stem = t.name.local.strip_suffix("Type").filter(|s| !s.is_empty()).unwrap_or(&t.name.local);
        let wire = match &t.name.ns {
            Some(ns) => format!("`{}` (namespace `{ns}`)", t.name.local),
            None => format!("`{}`", t.name.local),
        };
        let own = if base_variant { "" } else { " (abstract: every value is of a derived type)" };
        let doc = format!(
            "A value of schema type {wire}{own} or of a type derived from it, wherever a field declares that type: \
             the element's `xsi:type` chooses the variant when decoding and is written when encoding. \
             A type this module does not know is kept in `Unknown`, so a server's newer subtype never \
             fails a call."
        );
        sums[base] = Some(TypeId(model.types.len()));
        model.types.push(TypeDef {
            name: QName { ns: t.name.ns.clone(), local: format!("{stem}Kind") },
            anonymous: false,
            doc: Some(doc),
            origin: t.origin.clone(),
            kind: TypeKind::Choice(ChoiceType {
                variants,
                optional: false,
                discriminator: Discriminator::XsiType { base: TypeId(base), base_variant },
            }),
        });
    }
    let retarget = |f: &mut Field| {
        if f.kind == FieldKind::Element
            && let TypeRef::Named(id) = f.ty
            && let Some(Some(sum)) = sums.get(id.0)
        {
            f.ty = TypeRef::Named(*sum);
        }
    };
    for t in &mut model.types[..declared] {
        match &mut t.kind {
            TypeKind::Complex(c) => c.fields.iter_mut().for_each(retarget),
            TypeKind::Choice(c) if !c.by_xsi_type() => c.variants.iter_mut().for_each(retarget),
            _ => {}
        }
    }
}

/// Per head of a substitution group with members (by element index): the head, then every member,
/// direct or not, in declaration order of each level.
pub fn substitution_groups(model: &Model) -> std::collections::BTreeMap<usize, Vec<usize>> {
    // The direct members of each head, in one pass.
    let mut direct: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, e) in model.elements.iter().enumerate() {
        if let Some(head) = e.substitution_group {
            direct.entry(head.0).or_default().push(i);
        }
    }
    direct
        .keys()
        .map(|&head| {
            let mut members = vec![head];
            let mut next = 0;
            while let Some(&m) = members.get(next) {
                next += 1;
                for &i in direct.get(&m).into_iter().flatten() {
                    if !members.contains(&i) {
                        members.push(i);
                    }
                }
            }
            (head, members)
        })
        .collect()
}

/// Makes every element field that refers to the head of a substitution group with members a choice
/// of the head (unless abstract) and every member, directly or not, told apart by element name:
/// one choice type per head, named after it (`SearchExpressionChoice` for the head
/// `t:SearchExpression`, as other choices are), appended after the description's types. A field is taken for a
/// reference to the head when it has the head's name, namespace and type.
pub fn with_substitution_groups(model: &mut Model) {
    let mut choices: std::collections::BTreeMap<usize, TypeId> = std::collections::BTreeMap::new();
    for (head, members) in substitution_groups(model) {
        let variants: Vec<Field> = members
            .iter()
            .map(|&m| &model.elements[m])
            .filter(|e| !e.is_abstract)
            .map(|e| Field {
                nillable: e.nillable,
                doc: e.doc.clone(),
                ..Field::plain(
                    e.name.local.clone(),
                    e.name.ns.clone(),
                    FieldKind::Element,
                    e.ty.clone(),
                    Occurs::ONE,
                    e.origin.clone(),
                )
            })
            .collect();
        if variants.is_empty() {
            continue;
        }
        let e = &model.elements[head];
        let doc = format!(
            "The element `{}` or an element of its substitution group, told apart by element name{}.",
            e.name.local,
            if e.is_abstract { " (the head is abstract: always a member)" } else { "" }
        );
        choices.insert(head, TypeId(model.types.len()));
        model.types.push(TypeDef {
            name: QName { ns: e.name.ns.clone(), local: format!("{}Choice", e.name.local) },
            // No schema type of that name: it is named after the head element.
            anonymous: true,
            doc: Some(doc),
            origin: e.origin.clone(),
            kind: TypeKind::Choice(ChoiceType { variants, optional: false, discriminator: Discriminator::Element }),
        });
    }
    if choices.is_empty() {
        return;
    }
    let heads: Vec<(QName, TypeRef, TypeId)> =
        choices.iter().map(|(&h, &c)| (model.elements[h].name.clone(), model.elements[h].ty.clone(), c)).collect();
    let declared = model.types.len() - choices.len();
    let head_of = |f: &Field| {
        heads.iter().find(|(name, ty, _)| {
            f.kind == FieldKind::Element
                && f.array_item.is_none()
                && f.name == name.local
                && f.ns == name.ns
                && f.ty == *ty
        })
    };
    let mut expanded: Vec<Option<Vec<Field>>> = vec![None; declared];
    for (i, t) in model.types[..declared].iter().enumerate() {
        // An alternative of a choice that refers to a head: the head's alternatives in its place.
        if let TypeKind::Choice(c) = &t.kind
            && !c.by_xsi_type()
            && c.variants.iter().any(|v| head_of(v).is_some())
        {
            let mut variants = Vec::new();
            for v in &c.variants {
                match head_of(v).and_then(|(_, _, choice)| match &model.types[choice.0].kind {
                    TypeKind::Choice(members) => Some(members),
                    _ => None,
                }) {
                    Some(members) if v.occurs == Occurs::ONE => variants.extend(members.variants.iter().cloned()),
                    _ => variants.push(v.clone()),
                }
            }
            expanded[i] = Some(variants);
        }
    }
    for (t, variants) in model.types[..declared].iter_mut().zip(expanded) {
        match &mut t.kind {
            TypeKind::Choice(c) => {
                if let Some(variants) = variants {
                    c.variants = variants;
                }
            }
            TypeKind::Complex(c) => {
                for f in &mut c.fields {
                    if let Some((_, _, choice)) = head_of(f) {
                        f.kind = FieldKind::Choice;
                        f.ty = TypeRef::Named(*choice);
                        f.nillable = false;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every type derived from `base`, directly or not, each once, in the order of `derived` lists.
fn descendants(model: &Model, base: TypeId) -> Vec<TypeId> {
    let mut out: Vec<TypeId> = Vec::new();
    let mut next = 0;
    let mut queue = vec![base];
    while let Some(id) = queue.get(next).copied() {
        next += 1;
        if let Some(TypeKind::Complex(c)) = model.types.get(id.0).map(|t| &t.kind) {
            for d in &c.derived {
                if *d != base && !out.contains(d) {
                    out.push(*d);
                    queue.push(*d);
                }
            }
        }
    }
    out
}

/// How a model's alternatives come out in Rust: the enums of each kind in the renderers' model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SumCounts {
    /// Enums over a base type and its derived types, by `xsi:type` (`lower::derived::with_sum_types`).
    pub derived: usize,
    /// Their alternatives (concrete types), unknown cases not counted.
    pub derived_variants: usize,
    /// Enums over a substitution group's head and members, by element name
    /// (`lower::derived::with_substitution_groups`).
    pub substitution_groups: usize,
    /// Enums over an `xs:choice`'s alternatives.
    pub choices: usize,
    /// Their alternatives that are sequences or groups of elements ([`FieldKind::Group`]).
    pub sequence_alternatives: usize,
    /// Base types with derived types that only operations' elements declare (a message part,
    /// header or fault detail, where no sum type stands): a derived value's own fields reach
    /// them as raw XML (`xsi_type` and `derived`, `lower::with_derived_content`).
    pub raw_bases: usize,
}

/// The [`SumCounts`] of `model`, from `lowered`, the model the renderers work on
/// ([`with_derived_content`] of it).
pub fn sum_counts(model: &Model, lowered: &Model) -> SumCounts {
    let declared = model.types.len();
    let mut counts = SumCounts::default();
    for (i, t) in lowered.types.iter().enumerate() {
        let c = match &t.kind {
            TypeKind::Choice(c) => c,
            TypeKind::Complex(c) => {
                counts.raw_bases += usize::from(c.fields.iter().any(is_xsi_type_field));
                continue;
            }
            _ => continue,
        };
        counts.sequence_alternatives += c.variants.iter().filter(|v| v.kind == FieldKind::Group).count();
        if c.by_xsi_type() {
            counts.derived += 1;
            counts.derived_variants += c.variants.len();
        } else if i >= declared {
            counts.substitution_groups += 1;
        } else {
            counts.choices += 1;
        }
    }
    counts
}
