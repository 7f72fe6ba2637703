//! The secret-name rule, below everything that redacts (the XML reader's error values, body
//! excerpts, traces): a wire name is secret when, lower-cased and with `_` / `-` removed, it ends
//! with one of [`SECRET_SUFFIXES`] (`Password`, `access_token`, `sessionID`, `apiKey`, ...).
//! `token_type` or `PasswordHint` are therefore not secret.

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

/// Whether an element, attribute or property name denotes a secret (see the module docs).
pub fn is_secret_name(name: &str) -> bool {
    is_secret_name_with(name, &[])
}

/// [`is_secret_name`] with extra normalised suffixes (lower case, no `_` / `-`).
pub fn is_secret_name_with(name: &str, extra: &[&str]) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    let normalised: String = local.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect();
    SECRET_SUFFIXES.iter().chain(extra).any(|s| normalised.ends_with(s))
}
