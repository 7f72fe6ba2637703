//! REST security and typed error replies, decided once per client and operation:
//!
//! * the `ops` constant of each security scheme an operation uses ([`scheme_constants`]), each
//!   operation's requirements by scheme index (the front end already left out those it cannot
//!   send), and the builder's credential setters ([`credential_setters`]): `api_key` (every API
//!   key scheme; `scheme_api_key` too when there are several), `basic`, `bearer` and
//!   `token_provider`, only for the kinds some operation asks for;
//! * the error replies each operation declares with a JSON body its type can decode
//!   ([`error_replies`]): the status table of its `RestOp` (such replies are `Error::Api` keeping
//!   the body) and the type its documentation names for `err.api_error::<T>()`.

use std::collections::BTreeSet;

use super::rest::{RestPlan, json_reply};
use crate::model::{Builtin, RestBinding, SecurityKind, Service, StatusMatch, TypeRef};
use crate::names::{self, Scope};

/// A credential setter of a REST client builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    /// `api_key(key)`: the key of every API key scheme.
    ApiKey,
    /// `scheme_api_key(scheme, key)`: the key of one API key scheme (services with several).
    SchemeApiKey,
    /// `basic(user, password)`.
    Basic,
    /// `bearer(token)`: a fixed token.
    Bearer,
    /// `token_provider(provider)`: tokens from a provider, refreshed after a 401.
    TokenProvider,
}

impl CredentialKind {
    /// The setter's name: fixed, reserved in the builder's scope before the client-level
    /// parameters are named ([`super::builder_setters`]).
    pub fn setter(self) -> &'static str {
        match self {
            CredentialKind::ApiKey => "api_key",
            CredentialKind::SchemeApiKey => "scheme_api_key",
            CredentialKind::Basic => "basic",
            CredentialKind::Bearer => "bearer",
            CredentialKind::TokenProvider => "token_provider",
        }
    }
}

/// One credential setter and the schemes (by index) whose values it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSetter {
    pub kind: CredentialKind,
    pub schemes: Vec<usize>,
}

/// A declared error reply with a JSON body the generated code can decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReply {
    pub status: StatusMatch,
    pub ty: TypeRef,
}

/// The schemes (by index) the generated operations' requirements use.
pub fn used_schemes<'r>(requirements: impl IntoIterator<Item = &'r RestBinding>) -> BTreeSet<usize> {
    requirements.into_iter().flat_map(|r| &r.security).flat_map(|req| req.schemes.iter().map(|(i, _)| *i)).collect()
}

/// The `ops` constant of each used scheme (by scheme index; `None` for a scheme no generated
/// operation uses or that cannot be sent), named in `consts` (the `ops` module's scope) after
/// the operations' constants: `SECURITY_<NAME>`.
pub fn scheme_constants(service: &Service, used: &BTreeSet<usize>, consts: &mut Scope) -> Vec<Option<String>> {
    service
        .security_schemes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sendable = !matches!(s.kind, SecurityKind::Unsupported { .. });
            (sendable && used.contains(&i))
                .then(|| consts.unique(&format!("SECURITY_{}", names::const_name(&s.name))).0)
        })
        .collect()
}

/// The credential setters of a builder whose operations use `used` schemes, in a fixed order.
pub fn credential_setters(service: &Service, used: &BTreeSet<usize>) -> Vec<CredentialSetter> {
    let mut keys = Vec::new();
    let mut basic = Vec::new();
    let mut bearer = Vec::new();
    for &i in used {
        match service.security_schemes.get(i).map(|s| &s.kind) {
            Some(SecurityKind::ApiKey { .. }) => keys.push(i),
            Some(SecurityKind::Basic) => basic.push(i),
            Some(SecurityKind::Bearer { .. }) => bearer.push(i),
            Some(SecurityKind::Unsupported { .. }) | None => {}
        }
    }
    let mut out = Vec::new();
    if !keys.is_empty() {
        out.push(CredentialSetter { kind: CredentialKind::ApiKey, schemes: keys.clone() });
    }
    if keys.len() > 1 {
        out.push(CredentialSetter { kind: CredentialKind::SchemeApiKey, schemes: keys });
    }
    if !basic.is_empty() {
        out.push(CredentialSetter { kind: CredentialKind::Basic, schemes: basic });
    }
    if !bearer.is_empty() {
        out.push(CredentialSetter { kind: CredentialKind::Bearer, schemes: bearer.clone() });
        out.push(CredentialSetter { kind: CredentialKind::TokenProvider, schemes: bearer });
    }
    out
}

/// True for a non-2xx status match (`default` included).
pub fn is_error_status(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(n) => !(200..300).contains(&n),
        StatusMatch::Range(d) => d != 2,
        StatusMatch::Default => true,
    }
}

/// The declared error replies of `rest` (non-2xx and `default`, in status order) whose body is
/// JSON of a type with a JSON codec (a type of the REST plan's JSON types, or a built-in other
/// than `anyType`): such a reply is decoded by `err.api_error::<T>()`.
pub fn error_replies(plan: &RestPlan, rest: &RestBinding) -> Vec<ErrorReply> {
    rest.responses
        .iter()
        .filter(|r| is_error_status(r.status))
        .filter_map(|r| {
            let body = r.body.as_ref().filter(|b| json_reply(b))?;
            let decodable = match &body.ty {
                TypeRef::Named(id) => plan.json.contains(&id.0),
                TypeRef::Builtin(b) => *b != Builtin::AnyType,
            };
            decodable.then(|| ErrorReply { status: r.status, ty: body.ty.clone() })
        })
        .collect()
}
