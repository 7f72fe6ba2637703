//! The redaction pass: marks fields and parameters whose wire name says they carry a credential
//! (`secret = true`), so generated `Debug` output and error messages never show them.
//!
//! The rule is the runtime's (`wsbind::redact::is_secret_name`, with the same tables, which the
//! tests below compare): names are compared case-insensitively with `_` and `-` removed; a name is
//! secret when it is one of [`SECRET_NAMES`], ends with one of [`SECRET_SUFFIXES`] and not with one
//! of [`NOT_SECRET_SUFFIXES`] (pagination tokens such as `PageToken` or `ContinuationToken`, which
//! a server hands out to be sent back and which are no credential), or is one of the extra names a
//! service's manifest adds (normalised the same way).

use crate::model::{Field, FieldKind, Model, Param, TypeKind, TypeRef};

/// Normalised name endings that mark a secret (`AccessToken`, `UserPassword`, `ClientSecret`, ...).
pub const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "token",
    "tokens",
    "secret",
    "secrets",
    "sessionid",
    "sessionkey",
    "apikey",
    "privatekey",
    "accesskey",
    "authorization",
    "credential",
    "credentials",
    "cookie",
];

/// Normalised whole names that are secret although no suffix says so.
pub const SECRET_NAMES: &[&str] = &["pwd"];

/// Normalised name endings that are not secret although a suffix matches: pagination tokens.
pub const NOT_SECRET_SUFFIXES: &[&str] =
    &["pagetoken", "pagingtoken", "paginationtoken", "continuationtoken", "nexttoken", "resumptiontoken"];

/// Lowercase with `_` and `-` removed.
pub fn normalize(name: &str) -> String {
    name.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// True when `name` is secret under the rule, extended by `extra` (whole names).
pub fn is_secret(name: &str, extra: &[String]) -> bool {
    let n = normalize(name);
    if extra.iter().any(|e| normalize(e) == n) {
        return true;
    }
    if NOT_SECRET_SUFFIXES.iter().any(|s| n.ends_with(s)) {
        return false;
    }
    SECRET_NAMES.contains(&n.as_str()) || SECRET_SUFFIXES.iter().any(|s| n.ends_with(s))
}

/// Marks every field, choice variant and parameter of the model whose name is secret.
///
/// Only values with a lexical form are secret: a field of a structured type (TC2's
/// `AccessToken` element, a record of `access_token`, `token_type`, `expiry`, ...) is not
/// redacted as a whole, because its own secret members are marked and redacted where they are.
/// Redacting the record would hide harmless data such as `token_type` and `expiry`.
pub fn mark(model: &mut Model, extra: &[String]) {
    // A `simpleContent` type (a value with attributes, e.g. WS-Security's `Password`) is a value.
    let structured: Vec<bool> = model
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Complex(c) => !c.fields.iter().any(|f| f.kind == FieldKind::Text),
            TypeKind::Choice(_) => true,
            TypeKind::Enum(_) | TypeKind::Simple(_) => false,
        })
        .collect();
    let field = |f: &mut Field| {
        let is_record = matches!(f.ty, TypeRef::Named(id) if structured.get(id.0).copied().unwrap_or(false));
        if !is_record && is_secret(&f.name, extra) {
            f.secret = true;
        }
    };
    let param = |p: &mut Param| {
        if is_secret(&p.name, extra) {
            p.secret = true;
        }
    };
    for ty in &mut model.types {
        match &mut ty.kind {
            TypeKind::Complex(c) => c.fields.iter_mut().for_each(field),
            TypeKind::Choice(c) => c.variants.iter_mut().for_each(field),
            TypeKind::Enum(_) | TypeKind::Simple(_) => {}
        }
    }
    for service in &mut model.services {
        service.client_params.iter_mut().for_each(param);
        for op in &mut service.operations {
            for http in &mut op.http {
                http.params.iter_mut().for_each(param);
            }
            if let Some(rest) = &mut op.rest {
                rest.params.iter_mut().for_each(param);
                for response in &mut rest.responses {
                    response.headers.iter_mut().for_each(param);
                }
            }
        }
    }
}

/// The runtime's rule, compiled here from its source so that the tests can compare the two.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../../src/secret_names.rs"]
mod runtime;

#[cfg(test)]
mod tests {
    use super::*;

    use super::runtime;

    #[test]
    fn the_rule_matches_credentials_only() {
        let none: &[String] = &[];
        for secret in [
            "sessionID",
            "Password",
            "pwd",
            "access_token",
            "AccessToken",
            "refresh_token",
            "RefreshToken",
            "SessionToken",
            "ClientToken",
            "ApiKey",
            "X-Api-Key",
            "Authorization",
            "UserPassword",
        ] {
            assert!(is_secret(secret, none), "{secret}");
        }
        for plain in [
            "token_type",
            "UserName",
            "expires_in",
            "PartnerId",
            "SessionTimeout",
            "PageToken",
            "pageToken",
            "NextPageToken",
            "next_page_token",
            "ContinuationToken",
            "NextToken",
            "cursor",
            "NextCursor",
        ] {
            assert!(!is_secret(plain, none), "{plain}");
        }
        assert!(is_secret("Pin_Code", &["pincode".to_owned()]));
        assert!(is_secret("PageToken", &["PageToken".to_owned()]));
    }

    /// The generator marks a field secret exactly when the runtime redacts its name.
    #[test]
    fn the_rule_is_the_runtime_rule() {
        assert_eq!(SECRET_SUFFIXES, runtime::SECRET_SUFFIXES);
        assert_eq!(SECRET_NAMES, runtime::SECRET_NAMES);
        assert_eq!(NOT_SECRET_SUFFIXES, runtime::NOT_SECRET_SUFFIXES);
        let none: &[String] = &[];
        for name in [
            "PageToken",
            "NextPageToken",
            "ContinuationToken",
            "AccessToken",
            "RefreshToken",
            "SessionToken",
            "Tokens",
            "Cookie",
            "pwd",
            "Passwd",
            "AccessKey",
            "cursor",
            "token_type",
            "Password",
            "UserName",
        ] {
            assert_eq!(is_secret(name, none), runtime::is_secret_name(name), "{name}");
        }
    }
}
