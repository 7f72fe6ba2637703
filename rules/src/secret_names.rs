//! The secret-name rule of wsbind, shared by the runtime (which redacts such values in its
//! error values, body excerpts and traces) and the generator (which marks such fields secret in
//! generated code), so that the two never disagree: a wire name is secret when, lower-cased and with `_` / `-` removed, it is
//! one of [`SECRET_NAMES`] or ends with one of [`SECRET_SUFFIXES`] (`Password`, `access_token`,
//! `sessionID`, `apiKey`, ...), unless it ends with one of [`NOT_SECRET_SUFFIXES`]: a pagination
//! token (`PageToken`, `NextPageToken`, `ContinuationToken`) is a position in a listing that the
//! server hands out to be sent back, not a credential. `token_type`, `PasswordHint` or `cursor`
//! are therefore not secret.
//!
//! A prefixed name (`tns:Authorization`) is judged by its local part.

/// Normalised name endings that mark a secret.
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

/// Normalised whole names that mark a secret although no suffix does.
pub const SECRET_NAMES: &[&str] = &["pwd"];

/// Normalised name endings that are not secret although a suffix matches: pagination tokens.
pub const NOT_SECRET_SUFFIXES: &[&str] =
    &["pagetoken", "pagingtoken", "paginationtoken", "continuationtoken", "nexttoken", "resumptiontoken"];

/// Whether an element, attribute or property name denotes a secret (see the module docs).
pub fn is_secret_name(name: &str) -> bool {
    is_secret_name_with(name, &[])
}

/// [`is_secret_name`] with extra normalised suffixes (lower case, no `_` / `-`); an extra suffix
/// is secret even where [`NOT_SECRET_SUFFIXES`] says otherwise.
pub fn is_secret_name_with(name: &str, extra: &[&str]) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    let normalised: String = local.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect();
    if extra.iter().any(|s| normalised.ends_with(s)) {
        return true;
    }
    if NOT_SECRET_SUFFIXES.iter().any(|s| normalised.ends_with(s)) {
        return false;
    }
    SECRET_NAMES.contains(&normalised.as_str()) || SECRET_SUFFIXES.iter().any(|s| normalised.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_secret_pagination_tokens_are_not() {
        for secret in [
            "AccessToken",
            "access_token",
            "RefreshToken",
            "SessionToken",
            "sessionID",
            "Password",
            "pwd",
            "X-Api-Key",
            "ClientSecret",
            "tns:Authorization",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in [
            "PageToken",
            "page_token",
            "NextPageToken",
            "nextPageToken",
            "ContinuationToken",
            "continuation-token",
            "NextToken",
            "cursor",
            "next_cursor",
            "token_type",
            "PasswordHint",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
        // A service can still declare its own pagination token secret.
        assert!(is_secret_name_with("PageToken", &["pagetoken"]));
    }
}
