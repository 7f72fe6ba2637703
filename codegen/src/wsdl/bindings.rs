//! WSDL bindings as model data: SOAP 1.1 / 1.2 (action, style, use, body parts, headers,
//! faults; rpc wrappers synthesised) and ASMX-style HTTP GET/POST (location, parameters, the
//! `mime:mimeXml` reply element).
//!
//! rpc style: the body element is a wrapper named after the operation (`{op}` for the request,
//! `{op}Response` for the reply) in the `soap:body/@namespace` (or the definitions'
//! `targetNamespace`), holding one unqualified child per message part. A part typed with
//! `type=` in document style becomes an unqualified element named after the part.

use roxmltree::Node;

use super::read::{Definitions, ext_child, wsdl_children};
use crate::model::{
    Builtin, ComplexType, ElementId, Fault, Field, FieldKind, HttpBinding, HttpMethod, Limits, Occurs, Operation,
    Param, ParamLocation, QName, SoapBinding, SoapHeader, SoapVersion, TypeKind, TypeRef,
};
use crate::namespaces::{HTTP_NS, MIME_NS, SOAP11_NS, SOAP12_NS, WSDL_NS};
use crate::xsd::Builder;
use crate::xsd::read::documentation;

/// What a binding carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    Soap(SoapVersion),
    Http(HttpMethod),
}

/// The kind of a binding from its extension element; None for bindings wsbind does not call
/// (no SOAP or HTTP extension).
pub fn kind(binding: Node<'_, '_>) -> Option<BindingKind> {
    for child in binding.children().filter(Node::is_element) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(SOAP11_NS), "binding") => return Some(BindingKind::Soap(SoapVersion::V11)),
            (Some(SOAP12_NS), "binding") => return Some(BindingKind::Soap(SoapVersion::V12)),
            (Some(HTTP_NS), "binding") => {
                return Some(BindingKind::Http(match child.attribute("verb").unwrap_or("GET") {
                    "POST" => HttpMethod::Post,
                    "PUT" => HttpMethod::Put,
                    "DELETE" => HttpMethod::Delete,
                    _ => HttpMethod::Get,
                }));
            }
            _ => {}
        }
    }
    None
}

fn soap_ns(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V11 => SOAP11_NS,
        SoapVersion::V12 => SOAP12_NS,
    }
}

/// Adds the operations of `binding` to `ops` (merged by operation name).
pub fn apply<'a>(
    defs: &Definitions<'a>,
    b: &mut Builder<'a>,
    binding: Node<'a, 'a>,
    kind: BindingKind,
    ops: &mut Vec<Operation>,
) {
    let mut diags = Vec::new();
    let port_type = defs.lookup(binding, "type", "portType", &mut diags);
    b.diags.extend(diags);
    let Some(port_type) = port_type else { return };
    for bop in wsdl_children(binding, "operation") {
        let name = bop.attribute("name").unwrap_or("");
        let Some(pt_op) = wsdl_children(port_type, "operation").find(|o| o.attribute("name") == Some(name)) else {
            b.diags.push(defs.set.diag(
                bop,
                format!("operation `{name}` is not in portType `{}`", port_type.attribute("name").unwrap_or("")),
            ));
            continue;
        };
        let index = match ops.iter().position(|o| o.name == name) {
            Some(i) => i,
            None => {
                ops.push(Operation {
                    name: name.to_owned(),
                    doc: documentation(pt_op).or_else(|| documentation(bop)),
                    origin: defs.set.origin(pt_op),
                    ..Operation::default()
                });
                ops.len() - 1
            }
        };
        match kind {
            BindingKind::Soap(version) => soap_operation(defs, b, binding, bop, pt_op, version, &mut ops[index]),
            BindingKind::Http(method) => http_operation(defs, b, bop, pt_op, method, &mut ops[index]),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn soap_operation<'a>(
    defs: &Definitions<'a>,
    b: &mut Builder<'a>,
    binding: Node<'a, 'a>,
    bop: Node<'a, 'a>,
    pt_op: Node<'a, 'a>,
    version: SoapVersion,
    op: &mut Operation,
) {
    let ns = soap_ns(version);
    let default_style = ext_child(binding, ns, "binding").and_then(|n| n.attribute("style")).unwrap_or("document");
    let soap_op = ext_child(bop, ns, "operation");
    let action = soap_op.and_then(|n| n.attribute("soapAction")).unwrap_or("").to_owned();
    let rpc = soap_op.and_then(|n| n.attribute("style")).unwrap_or(default_style) == "rpc";
    let tns = binding.document().root_element().attribute("targetNamespace");
    let mut binding_model =
        SoapBinding { version, action, rpc, encoded: false, input_headers: Vec::new(), output_headers: Vec::new() };
    for (direction, is_output) in [("input", false), ("output", true)] {
        let Some(pt_io) = wsdl_children(pt_op, direction).next() else { continue };
        let b_io = wsdl_children(bop, direction).next();
        let body = b_io.and_then(|n| ext_child(n, ns, "body"));
        if body.and_then(|n| n.attribute("use")) == Some("encoded") {
            binding_model.encoded = true;
        }
        let mut diags = Vec::new();
        let message = defs.lookup(pt_io, "message", "message", &mut diags);
        b.diags.extend(diags);
        let Some(message) = message else { continue };
        let element = if rpc {
            let wrapper_ns = body.and_then(|n| n.attribute("namespace")).filter(|n| !n.is_empty()).or(tns);
            let local = if is_output { format!("{}Response", op.name) } else { op.name.clone() };
            Some(rpc_wrapper(defs, b, message, body, QName::new(wrapper_ns, &local)))
        } else {
            document_element(defs, b, message, body)
        };
        let slot = if is_output { &mut op.output } else { &mut op.input };
        if slot.is_none() {
            *slot = element;
        }
        let headers: Vec<SoapHeader> = b_io
            .into_iter()
            .flat_map(|n| n.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(ns)))
            .filter(|c| c.tag_name().name() == "header")
            .filter_map(|h| header(defs, b, h))
            .collect();
        if is_output {
            binding_model.output_headers = headers;
        } else {
            binding_model.input_headers = headers;
        }
    }
    if op.faults.is_empty() {
        op.faults = faults(defs, b, pt_op);
    }
    op.soap.push(binding_model);
}

/// The parts of `message` that go into the body (`soap:body/@parts` restricts them).
fn body_parts<'a>(message: Node<'a, 'a>, body: Option<Node<'a, 'a>>) -> Vec<Node<'a, 'a>> {
    let selected: Option<Vec<&str>> = body.and_then(|n| n.attribute("parts")).map(|p| p.split_whitespace().collect());
    wsdl_children(message, "part")
        .filter(|p| selected.as_ref().is_none_or(|s| s.contains(&p.attribute("name").unwrap_or(""))))
        .collect()
}

/// The element a document-style message puts in the body.
fn document_element<'a>(
    defs: &Definitions<'a>,
    b: &mut Builder<'a>,
    message: Node<'a, 'a>,
    body: Option<Node<'a, 'a>>,
) -> Option<ElementId> {
    let parts = body_parts(message, body);
    match parts.as_slice() {
        [] => None,
        [part] => part_element(defs, b, *part),
        [_, second, ..] => {
            b.diags.push(
                defs.set
                    .diag(
                        *second,
                        format!(
                            "unsupported document-style message `{}` with {} body parts",
                            message.attribute("name").unwrap_or(""),
                            parts.len()
                        ),
                    )
                    .with_help(
                        "wsbind supports one body part per document-style message (select it with soap:body/@parts)",
                    ),
            );
            None
        }
    }
}

/// The element a part stands for: its `element`, or an unqualified element named after the
/// part for `type=` parts.
fn part_element<'a>(defs: &Definitions<'a>, b: &mut Builder<'a>, part: Node<'a, 'a>) -> Option<ElementId> {
    let origin = defs.set.origin(part);
    if let Some(written) = part.attribute("element") {
        let qname = match defs.set.qname(part, written) {
            Ok(qname) => qname,
            Err(d) => {
                b.diags.push(d);
                return None;
            }
        };
        return match b.element_id(&qname) {
            Some(id) => Some(id),
            None => {
                b.diags.push(
                    defs.set
                        .diag(part, format!("element `{written}` is not defined"))
                        .with_help(format!("expected a global xs:element `{qname}`")),
                );
                None
            }
        };
    }
    let name = part.attribute("name").unwrap_or("part");
    let ty = match part.attribute("type") {
        Some(t) => b.type_ref(part, t),
        None => {
            b.diags.push(defs.set.diag(part, format!("part `{name}` has neither `element` nor `type`")));
            return None;
        }
    };
    Some(b.synth_element(QName::new(None, name), ty, origin, documentation(part)))
}

/// The rpc wrapper element `name`, with one child per body part.
fn rpc_wrapper<'a>(
    defs: &Definitions<'a>,
    b: &mut Builder<'a>,
    message: Node<'a, 'a>,
    body: Option<Node<'a, 'a>>,
    name: QName,
) -> ElementId {
    let key = (name.clone(), defs.set.file_of(message), message.range().start);
    if let Some(id) = b.rpc_wrappers.get(&key) {
        return *id;
    }
    let mut fields = Vec::new();
    for part in body_parts(message, body) {
        let origin = defs.set.origin(part);
        let part_name = part.attribute("name").unwrap_or("part").to_owned();
        let (field_name, ns, ty) = if part.attribute("element").is_some() {
            match part_element(defs, b, part) {
                Some(id) => {
                    let ty = b.ensure_element(id);
                    let e = &b.elements[id.0];
                    (e.name.local.clone(), e.name.ns.clone(), ty)
                }
                None => continue,
            }
        } else {
            let ty = match part.attribute("type") {
                Some(t) => b.type_ref(part, t),
                None => TypeRef::Builtin(Builtin::AnyType),
            };
            (part_name, None, ty)
        };
        fields.push(Field {
            doc: documentation(part),
            ..Field::plain(field_name, ns, FieldKind::Element, ty, Occurs::ONE, origin)
        });
    }
    let origin = defs.set.origin(message);
    let kind = TypeKind::Complex(ComplexType { fields, ..ComplexType::default() });
    let ty = b.synth_type(name.clone(), kind, origin.clone(), None);
    let id = b.synth_element(name, TypeRef::Named(ty), origin, None);
    b.rpc_wrappers.insert(key, id);
    id
}

/// A `soap:header`: its message part's element.
fn header<'a>(defs: &Definitions<'a>, b: &mut Builder<'a>, node: Node<'a, 'a>) -> Option<SoapHeader> {
    let mut diags = Vec::new();
    let message = defs.lookup(node, "message", "message", &mut diags);
    b.diags.extend(diags);
    let message = message?;
    let part_name = node.attribute("part").unwrap_or("");
    let Some(part) = wsdl_children(message, "part").find(|p| p.attribute("name") == Some(part_name)) else {
        b.diags.push(
            defs.set.diag(
                node,
                format!("part `{part_name}` is not in message `{}`", message.attribute("name").unwrap_or("")),
            ),
        );
        return None;
    };
    let element = part_element(defs, b, part)?;
    let required = node.attribute((WSDL_NS, "required")) == Some("true");
    Some(SoapHeader { element, required })
}

/// The faults a port type operation declares, with their detail elements.
fn faults<'a>(defs: &Definitions<'a>, b: &mut Builder<'a>, pt_op: Node<'a, 'a>) -> Vec<Fault> {
    let mut out = Vec::new();
    for fault in wsdl_children(pt_op, "fault") {
        let mut diags = Vec::new();
        let message = defs.lookup(fault, "message", "message", &mut diags);
        b.diags.extend(diags);
        let detail = message.and_then(|m| wsdl_children(m, "part").next()).and_then(|part| part_element(defs, b, part));
        out.push(Fault { name: fault.attribute("name").unwrap_or("").to_owned(), detail });
    }
    out
}

/// An HTTP GET/POST operation: parameters from the input message parts, the reply element
/// from `mime:mimeXml` (or an XML `mime:content`).
fn http_operation<'a>(
    defs: &Definitions<'a>,
    b: &mut Builder<'a>,
    bop: Node<'a, 'a>,
    pt_op: Node<'a, 'a>,
    method: HttpMethod,
    op: &mut Operation,
) {
    let location = ext_child(bop, HTTP_NS, "operation").and_then(|n| n.attribute("location")).unwrap_or("").to_owned();
    let b_input = wsdl_children(bop, "input").next();
    let replaced = b_input.and_then(|n| ext_child(n, HTTP_NS, "urlReplacement")).is_some();
    let param_location = if replaced {
        ParamLocation::Path
    } else if method == HttpMethod::Get {
        ParamLocation::Query
    } else {
        ParamLocation::Body
    };
    let mut params = Vec::new();
    if let Some(pt_in) = wsdl_children(pt_op, "input").next() {
        let mut diags = Vec::new();
        let message = defs.lookup(pt_in, "message", "message", &mut diags);
        b.diags.extend(diags);
        for part in message.into_iter().flat_map(|m| wsdl_children(m, "part")) {
            let ty = if let Some(t) = part.attribute("type") {
                b.type_ref(part, t)
            } else {
                match part_element(defs, b, part) {
                    Some(id) => b.ensure_element(id),
                    None => continue,
                }
            };
            params.push(Param {
                name: part.attribute("name").unwrap_or("").to_owned(),
                location: param_location,
                ty,
                array: None,
                required: true,
                doc: documentation(part),
                secret: false,
                limits: Limits::default(),
            });
        }
    }
    let mut output = None;
    let b_output = wsdl_children(bop, "output").next();
    let mime = b_output.and_then(|n| {
        ext_child(n, MIME_NS, "mimeXml").or_else(|| {
            ext_child(n, MIME_NS, "content").filter(|c| c.attribute("type").is_some_and(|t| t.contains("xml")))
        })
    });
    if let (Some(mime), Some(pt_out)) = (mime, wsdl_children(pt_op, "output").next()) {
        let mut diags = Vec::new();
        let message = defs.lookup(pt_out, "message", "message", &mut diags);
        b.diags.extend(diags);
        if let Some(message) = message {
            let wanted = mime.attribute("part");
            let part = wsdl_children(message, "part").find(|p| wanted.is_none_or(|w| p.attribute("name") == Some(w)));
            output = part.and_then(|p| part_element(defs, b, p));
        }
    }
    op.http.push(HttpBinding { method, location, params, output });
}
