//! The redaction pass: marks fields and parameters whose wire name says they carry a credential
//! (`secret = true`), so generated `Debug` output and error messages never show them.
//!
//! The rule is the runtime's, from the crate both share (`wsbind-rules`: names compared
//! case-insensitively with `_` and `-` removed; `Password`, `access_token`, `sessionID`, ... are
//! secret, pagination tokens such as `PageToken` are not), plus the extra names a service's
//! manifest adds (whole names, normalised the same way).

use crate::model::{Field, FieldKind, Model, Param, TypeKind, TypeRef};

/// Lowercase with `_` and `-` removed.
pub fn normalize(name: &str) -> String {
    name.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// True when `name` is secret under the shared rule, or is one of the `extra` names.
pub fn is_secret(name: &str, extra: &[String]) -> bool {
    let n = normalize(name);
    extra.iter().any(|e| normalize(e) == n) || wsbind_rules::is_secret_name(name)
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
            TypeKind::Choice(_) | TypeKind::Container(_) => true,
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
            TypeKind::Enum(_) | TypeKind::Simple(_) | TypeKind::Container(_) => {}
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
