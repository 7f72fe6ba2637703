//! The module documentation's notes: what the description has that the module does not generate,
//! each said once, decided from the lowered module (no renderer collects them).

use super::clients::ClientNames;
use super::operations::{Methods, rest_skipped};
use super::rest::RestPlan;
use crate::model::Model;

/// `text` as inline code in Markdown (double backticks when it holds one), as the docs show wire
/// names (`emit::docs` renders with it too).
pub fn code(text: &str) -> String {
    if text.contains('`') { format!("``{text}``") } else { format!("`{text}`") }
}

/// The notes, in the order the module's items come: per service, REST operations a service
/// without a REST client has and SOAP / ASMX HTTP operations without a method; then, for a module
/// with several clients, how their names differ; then per REST client its client-level
/// parameters without a setter and its operations without a method, without a status check or
/// without a stream.
pub fn module_notes(model: &Model, clients: &[Option<ClientNames>], rest: &RestPlan, methods: &Methods) -> Vec<String> {
    let mut notes = Vec::new();
    for (si, service) in model.services.iter().enumerate() {
        let rest_ops: Vec<String> =
            service.operations.iter().filter(|op| op.rest.is_some()).map(|op| code(&op.name)).collect();
        if !rest_ops.is_empty() && !rest.clients.contains_key(&si) {
            notes.push(format!(
                "REST operations of service {} are not generated yet: {}.",
                code(&service.name),
                rest_ops.join(", ")
            ));
        }
        let (Some(Some(_)), Some(soap)) = (clients.get(si), methods.soap.get(&si)) else { continue };
        for (oi, op) in service.operations.iter().enumerate().filter(|(_, op)| op.rest.is_none()) {
            if !op.soap.is_empty() && !soap.operations.contains_key(&oi) {
                notes.push(format!(
                    "Operation {} has no input or output body element and is not generated (one-way and \
                     notification operations are not supported yet).",
                    code(&op.name)
                ));
            }
            for (hi, http) in op.http.iter().enumerate() {
                if !soap.http.contains_key(&(oi, hi)) {
                    notes.push(format!(
                        "The HTTP binding {} of operation {} is not generated: its request is not a flat set of \
                         simple values, or it has no reply element.",
                        code(&http.location),
                        code(&op.name)
                    ));
                }
            }
        }
    }
    if clients.iter().flatten().count() > 1 {
        notes.push(
            "This module has several services: each has its own `<Service>Client`, `<service>_ops` module and \
             `<SERVICE>_DEFAULT_ADDRESS`."
                .to_owned(),
        );
    }
    for &si in rest.clients.keys() {
        let (service, Some(lowered)) = (&model.services[si], methods.rest.get(&si)) else { continue };
        for (p, setters) in service.client_params.iter().zip(&lowered.params) {
            if setters.is_none() {
                notes.push(format!(
                    "Client-level parameter {} is not settable: only header and JSON body parameters of simple \
                     types are.",
                    code(&p.name)
                ));
            }
        }
        for (oi, op) in service.operations.iter().enumerate() {
            let Some(binding) = &op.rest else { continue };
            let Some(names) = lowered.operations.get(&oi) else {
                let why = rest_skipped(binding, rest.requests.contains_key(&(si, oi))).unwrap_or_default();
                notes.push(format!("Operation {} is not generated: {why}.", code(&op.name)));
                continue;
            };
            if binding.reply_status.is_some() && names.status.is_none() {
                notes.push(format!(
                    "The reply status block of operation {} is not checked: its fields are not plain strings.",
                    code(&op.name)
                ));
            }
            if binding.pagination.is_some() && names.stream.is_none() {
                notes.push(format!(
                    "Operation {} pages through results, but no stream is generated (its items are not a JSON \
                     array, or it has query or header parameters).",
                    code(&op.name)
                ));
            }
        }
    }
    notes
}
