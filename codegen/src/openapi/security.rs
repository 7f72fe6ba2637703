//! Security: `components.securitySchemes` -> [`SecurityScheme`]s of the service, and the
//! document's and each operation's `security` -> [`SecurityRequirement`]s (alternatives, each a set
//! of schemes sent together).
//!
//! Read from the raw document (not through `openapiv3`, whose structures refuse a `mutualTLS`
//! scheme or an OAuth 2 flow without its URLs, which would refuse the whole description), so that
//! each problem is a positioned note: a scheme the client cannot send (`mutualTLS`, an HTTP scheme
//! other than `basic` and `bearer`, an entry missing `type`, `in` or `name`) is kept as
//! [`SecurityKind::Unsupported`] with a warning, and a requirement naming it or an undeclared
//! scheme is left out with a warning, as are schemes no `security` asks for (a description that
//! forgot its top-level `security`: nothing would be sent). Nothing here refuses the description (strict mode makes the
//! warnings errors, as for every construct not modelled).
//!
//! Mapping: `apiKey` in `header` / `query` / `cookie` -> [`SecurityKind::ApiKey`]; `http` with
//! scheme `basic` -> [`SecurityKind::Basic`]; `http` `bearer`, `oauth2` (any flow) and
//! `openIdConnect` -> [`SecurityKind::Bearer`] (the client sends a token it is given or gets from
//! a token provider; it runs no OAuth flow itself).

use std::collections::HashMap;

use serde_json::Value;

use super::source::{Source, escape};
use crate::model::{ApiKeyLocation, Origin, SecurityKind, SecurityRequirement, SecurityScheme};

/// What reading security found, with its positioned warnings (pointer, message).
#[derive(Debug, Default)]
pub(super) struct Security {
    pub schemes: Vec<SecurityScheme>,
    by_name: HashMap<String, usize>,
    /// The document's `security`, which operations without their own inherit.
    pub default: Vec<SecurityRequirement>,
    pub warnings: Vec<(String, String)>,
    /// Some `security` (the document's or an operation's) was read.
    asked: bool,
}

const SCHEMES: &str = "/components/securitySchemes";

impl Security {
    /// Reads `components.securitySchemes` and the document's `security`.
    pub fn read(src: &Source, origin: impl Fn(&str) -> Origin) -> Security {
        let mut out = Security::default();
        if let Some(map) = src.at(SCHEMES) {
            match map.as_object() {
                Some(map) => {
                    for (name, node) in map {
                        let pointer = format!("{SCHEMES}/{}", escape(name));
                        let (kind, doc) = out.scheme(node, &pointer);
                        out.by_name.insert(name.clone(), out.schemes.len());
                        out.schemes.push(SecurityScheme { name: name.clone(), kind, doc, origin: origin(&pointer) });
                    }
                }
                None => out.warn(SCHEMES, "`securitySchemes` is not a map: no credentials are sent"),
            }
        }
        if src.at("/security").is_some() {
            out.asked = true;
            out.default = out.requirements_at(src, "/security");
        }
        out
    }

    /// After every operation: schemes declared while no `security` asks for any are a warning
    /// (the description forgot its `security`; the client then sends no credentials at all).
    pub fn finish(&mut self) {
        if !self.asked && !self.schemes.is_empty() {
            self.warn(
                SCHEMES,
                "security schemes are declared but no `security` asks for them: operations are sent without \
                 credentials (a top-level `security` would make the client send them)",
            );
        }
    }

    /// The requirements of the operation at `op_pointer`: its own `security`, else the document's.
    pub fn of_operation(&mut self, op_pointer: &str, src: &Source) -> Vec<SecurityRequirement> {
        match src.at(&format!("{op_pointer}/security")) {
            Some(_) => {
                self.asked = true;
                self.requirements_at(src, &format!("{op_pointer}/security"))
            }
            None => self.default.clone(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push((pointer.to_owned(), message.into()));
    }

    fn scheme(&mut self, node: &Value, pointer: &str) -> (SecurityKind, Option<String>) {
        let text = |key: &str| node.get(key).and_then(Value::as_str);
        let doc = text("description").map(str::to_owned);
        let unsupported = |what: String| SecurityKind::Unsupported { what };
        let kind = match text("type") {
            Some("apiKey") => {
                let location = match text("in") {
                    Some("header") => Some(ApiKeyLocation::Header),
                    Some("query") => Some(ApiKeyLocation::Query),
                    Some("cookie") => Some(ApiKeyLocation::Cookie),
                    _ => None,
                };
                match (location, text("name").filter(|n| !n.is_empty())) {
                    (Some(location), Some(param)) => SecurityKind::ApiKey { location, param: param.to_owned() },
                    _ => {
                        let what = "an `apiKey` scheme needs `in` (header, query or cookie) and `name`".to_owned();
                        self.warn(pointer, format!("{what}: operations requiring it get no credentials"));
                        unsupported(what)
                    }
                }
            }
            Some("http") => {
                match text("scheme").map(str::to_ascii_lowercase).as_deref() {
                    Some("basic") => SecurityKind::Basic,
                    Some("bearer") => {
                        SecurityKind::Bearer { format: text("bearerFormat").map(str::to_owned), flows: Vec::new() }
                    }
                    other => {
                        let what = format!("HTTP authentication scheme `{}`", other.unwrap_or(""));
                        self.warn(
                        &format!("{pointer}/scheme"),
                        format!("{what} is not supported (basic and bearer are): operations requiring it get no credentials"),
                    );
                        unsupported(what)
                    }
                }
            }
            Some("oauth2") => {
                let flows = node
                    .get("flows")
                    .and_then(Value::as_object)
                    .map(|f| f.keys().filter(|k| !k.starts_with("x-")).cloned().collect())
                    .unwrap_or_default();
                SecurityKind::Bearer { format: None, flows }
            }
            Some("openIdConnect") => SecurityKind::Bearer { format: None, flows: vec!["openIdConnect".to_owned()] },
            other => {
                let what = match other {
                    Some(t) => format!("security scheme type `{t}`"),
                    None => "a security scheme without `type`".to_owned(),
                };
                let at = if other.is_some() { format!("{pointer}/type") } else { pointer.to_owned() };
                self.warn(&at, format!("{what} is not supported: operations requiring it get no credentials"));
                unsupported(what)
            }
        };
        (kind, doc)
    }

    /// The requirements of the `security` array at `pointer` (present): requirements naming an
    /// undeclared or unsupported scheme are left out with a warning.
    fn requirements_at(&mut self, src: &Source, pointer: &str) -> Vec<SecurityRequirement> {
        let Some(items) = src.at(pointer).and_then(Value::as_array) else {
            self.warn(pointer, "`security` is not a list of requirements: no credentials are sent");
            return Vec::new();
        };
        let mut out = Vec::new();
        'requirements: for (i, item) in items.iter().enumerate() {
            let at = format!("{pointer}/{i}");
            let Some(map) = item.as_object() else {
                self.warn(&at, "a security requirement is a map of scheme names to scopes: left out");
                continue;
            };
            let mut requirement = SecurityRequirement::default();
            for (name, scopes) in map {
                let scheme_at = format!("{at}/{}", escape(name));
                let Some(&index) = self.by_name.get(name) else {
                    self.warn(
                        &scheme_at,
                        format!(
                            "`{name}` is not declared in `components.securitySchemes`: this requirement is left out"
                        ),
                    );
                    continue 'requirements;
                };
                if let SecurityKind::Unsupported { what } = &self.schemes[index].kind {
                    let what = what.clone();
                    self.warn(&scheme_at, format!("`{name}` ({what}) cannot be sent: this requirement is left out"));
                    continue 'requirements;
                }
                let scopes = scopes.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned);
                requirement.schemes.push((index, scopes.collect()));
            }
            if !out.contains(&requirement) {
                out.push(requirement);
            }
        }
        out
    }
}
