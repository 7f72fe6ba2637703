//! The OpenAPI front end: one hand-written OpenAPI 3.0 document (YAML or JSON) -> the service model.
//!
//! ```text
//! file ──saphyr──► JSON value + pointer→line:col index   (source)
//!      ──serde──► openapiv3::OpenAPI                     (source)
//!      ──────────► model::Model, one Service             (build)
//! ```
//!
//! What it reads:
//! - `components.schemas`: objects (`properties`, `required`, `nullable`, `description`), `$ref`,
//!   arrays (`items`, `minItems`/`maxItems`; `xml.wrapped` gives an [`ArrayItem`](crate::model::ArrayItem)),
//!   string/integer enums (-> `TypeKind::Enum`), named primitives (-> `TypeKind::Simple`), `allOf`
//!   (flattened: the fields of every part, in order), formats `date-time`, `date`, `time`, `duration`,
//!   `uuid`, `byte`, `uri`, `int32`, `int64`, `float`, `double`, limits `minLength`/`maxLength`,
//!   `pattern`, `minimum`/`maximum`, the `xml` object (`name`, `namespace`, `attribute`, `wrapped`).
//!   Inline objects and enums become anonymous types named after their property path (`Owner.Prop`).
//! - `paths`: GET/PUT/POST/PATCH/DELETE operations, parameters in query/header/path/cookie (path-item and
//!   `components.parameters` too), request bodies and responses (`components.requestBodies`,
//!   `components.responses`, response `headers`), `servers` (variables replaced by their
//!   defaults). Media types: JSON and XML; request bodies also `application/x-www-form-urlencoded`
//!   and `multipart/form-data` (the schema's properties as fields or parts, `format: binary` as
//!   `wsbind::rest::Binary` file parts); text (`text/*`, a few textual `application/` types) as a
//!   string and any other media type as bytes (`Binary`), both ways ([`MediaType`](crate::model::MediaType),
//!   read by `build::media_kind`). A body whose content has no schema is any JSON value.
//!
//! Conventions (documented for schema authors in the service YAMLs):
//! - **Client-level parameters** ([`Service::client_params`](crate::model::Service)): header
//!   parameters that every operation has, and the properties of a schema that every request body
//!   includes through `allOf` (Mews' `ClientCredentials`). They are removed from the operations and
//!   their request types. `x-wsbind-client-param: true|false` on a parameter forces the choice.
//! - **Pagination**: declared with `x-wsbind-pagination` on the operation
//!   (`{request-cursor: Limitation.Cursor, request-count: Limitation.Count, response-cursor: Cursor,
//!   response-items: ResourceAccessTokens, max-count: 1000}`), or detected: a request object
//!   `Limitation` (or the body itself) with `Cursor` and `Count`, and a success response with a
//!   top-level `Cursor` and exactly one array property. `max-count` defaults to `Count`'s `maximum`.
//! - **Secrets**: `x-wsbind-secret: true` on a property or parameter, and the names of
//!   [`LoadOptions::secrets`]; the name rule itself is applied by the secrets pass.
//! - `x-wsbind-limit-note` keeps a documented limit no keyword expresses ([`Limits::note`](crate::model::Limits)).
//! - `x-enum-descriptions: {Value: text}` documents enumeration values.
//!
//! - **Security** (`security`): `components.securitySchemes` become the service's
//!   [`SecurityScheme`](crate::model::SecurityScheme)s (API keys in a header, query parameter or
//!   cookie; HTTP basic; HTTP bearer, OAuth 2 and OpenID Connect as bearer tokens), and the
//!   document's `security` (or an operation's own; `security: []` is none) each operation's
//!   [`RestBinding::security`](crate::model::RestBinding::security): alternatives, each a set of
//!   schemes sent together. Read from the raw document; a scheme the client cannot send
//!   (`mutualTLS`, an HTTP scheme other than basic and bearer, a malformed entry) and a
//!   requirement naming it or an undeclared scheme are positioned warnings, the requirement left
//!   out; so are schemes no `security` asks for.
//! - **Error replies**: every response is kept in [`RestBinding::responses`](crate::model::RestBinding),
//!   error statuses (`422`, `4XX`, `default`) with their bodies; the lowering decides which decode
//!   into their type (`err.api_error::<T>()`).
//!
//! Also read: `additionalProperties` (a map, or beside properties a flattened map of the rest),
//! free-form objects and `{}` (raw JSON values), top-level array / map / scalar bodies, arrays of
//! arrays, nullable arrays and array items, array parameters with `style`/`explode`, `+json`
//! and wildcard media types (JSON preferred when a body offers several; see `xml_media` for
//! bodies also offered as XML), `head`/`options`/`trace` operations, `$ref`s to any JSON
//! pointer of the document (path-local and property schemas, parameters, path items), and the
//! 3.1 spellings `type: [T, "null"]`, numeric `exclusiveMinimum`/`exclusiveMaximum` and
//! `patternProperties` (`source::Source::openapi` rewrites them), documents without `paths`.
//!
//! `oneOf` / `anyOf` (`build::sums`): several alternatives are a sum type of the model
//! ([`TypeKind::Choice`](crate::model::TypeKind::Choice), the concept XSD choices and derived types
//! use) told apart by a `discriminator` ([`Discriminator::Property`](crate::model::Discriminator):
//! the `mapping`, then the schema names) or by trying each in turn
//! ([`Discriminator::Untagged`](crate::model::Discriminator)); one alternative besides
//! `type: 'null'` is that alternative, nullable; string enumerations and `const`s are one
//! enumeration. A discriminator that cannot be followed (an inline alternative, one not declaring
//! the property) and `mapping` entries naming no alternative are positioned warnings.
//!
//! Never a refusal for one construct: `not`, `oneOf`/`anyOf` beside `properties` or `allOf`, and
//! arrays without `items` become raw JSON values, replies only in a form or multipart media type
//! leave their operation out, each with a positioned warning ([`Model::warnings`](crate::model::Model::warnings)); strict
//! mode ([`LoadOptions::strict`]) makes those errors. Still refused with a positioned error:
//! external `$ref`s, YAML aliases, Swagger 2.0. Parameters declared with `content` are read
//! with their media type's schema (the lowering sends values that are not text as JSON text).

mod build;
mod options;
mod security;
pub mod source;
mod xml_media;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::model::Model;

pub use options::LoadOptions;

/// Reads `file` (OpenAPI 3.0 in YAML or JSON) into the service model: one service, its operations
/// as REST bindings and the types of `components.schemas`.
pub fn load(file: &Path, options: &LoadOptions) -> Result<Model, Diagnostics> {
    let src = source::Source::read(file)?;
    let doc = src.openapi()?;
    let mut model = build::build(&src, &doc, options)?;
    model.read_files = vec![file.to_path_buf()];
    Ok(model)
}
