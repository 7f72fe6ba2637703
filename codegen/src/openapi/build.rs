//! Builds the service model from a parsed OpenAPI document: types from schemas, one REST operation
//! per path and method, client-level parameters, pagination, then drops types nothing uses.
//!
//! Every problem becomes a positioned diagnostic (see [`Source::diag`]); the builder carries on
//! after one, so a run reports all of them.

use std::collections::{BTreeSet, HashMap, HashSet};

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, MediaType as OaMediaType, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

mod sums;

use sums::SumOf;

use super::options::LoadOptions;
use super::source::{Source, escape, unescape};
use super::xml_media;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    ArrayItem, ArrayStyle, Body, BodyExample, Builtin, ComplexType, Container, ContainerKind, Endpoint, EnumType,
    EnumValue, Field, FieldKind, HttpMethod, Limits, MediaType, Model, Occurs, Operation, Origin, Pagination, Param,
    ParamLocation, PatternSyntax, Protocol, QName, ReplyStatus, Response, RestBinding, Service, SimpleType,
    StatusMatch, TypeDef, TypeId, TypeKind, TypeRef,
};

/// Deepest `$ref`/`allOf` chain followed before assuming a cycle.
const MAX_DEPTH: usize = 32;

/// Builds the model of `doc` (read from `src`).
pub fn build(src: &Source, doc: &OpenAPI, options: &LoadOptions) -> Result<Model, Diagnostics> {
    let file = match &options.source_root {
        Some(root) => crate::paths::relative(&src.file, root),
        None => src.file.clone(),
    };
    // Schemas and parameters reached by a `$ref` to a JSON pointer other than a component's name.
    let refs = src.pointer_refs();
    let by_pointer: HashMap<String, Schema> =
        refs.iter().filter_map(|r| Some((r.clone(), src.read_at(&unescape_pointer(&r[1..]))?))).collect();
    let params_by_pointer: HashMap<String, Parameter> = refs
        .iter()
        .filter(|r| !r.starts_with("#/components/"))
        .filter_map(|r| Some((r.clone(), src.read_at(&unescape_pointer(&r[1..]))?)))
        .collect();
    let mut b = Builder {
        src,
        doc,
        by_pointer: &by_pointer,
        params_by_pointer: &params_by_pointer,
        file: file.display().to_string().replace('\\', "/"),
        types: Vec::new(),
        named: HashMap::new(),
        diags: Vec::new(),
        warnings: Vec::new(),
        strict: options.strict,
        unsupported_media: None,
        depth: 0,
        expanding: HashSet::new(),
        inlining: HashSet::new(),
    };
    b.declare_named();
    let ops = b.operations();
    let service = b.service_with_security(src, ops);
    if !b.diags.is_empty() {
        return Err(Diagnostics::new(b.diags));
    }
    let mut model = Model {
        warnings: Diagnostics::new(b.warnings).into_vec(),
        module: options.module.clone(),
        sources: vec![b.file.clone()],
        read_files: Vec::new(),
        doc: doc.info.description.clone(),
        types: b.types,
        elements: Vec::new(),
        services: vec![service],
    };
    xml_media::settle(&mut model);
    prune(&mut model);
    // The name rule (`ClientToken`, `ApiKey`, `...Token`, ...) and the manifest's extra names;
    // `x-wsbind-secret` marks were set above.
    crate::passes::secrets::mark(&mut model, &options.secrets);
    Ok(model)
}

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
enum S<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

fn boxed(r: &ReferenceOr<Box<Schema>>) -> S<'_> {
    match r {
        ReferenceOr::Reference { reference } => S::Ref(reference),
        ReferenceOr::Item(s) => S::Inline(s),
    }
}

fn plain(r: &ReferenceOr<Schema>) -> S<'_> {
    match r {
        ReferenceOr::Reference { reference } => S::Ref(reference),
        ReferenceOr::Item(s) => S::Inline(s),
    }
}

/// A schema normalised over `openapiv3`'s `SchemaKind` variants.
#[derive(Default)]
struct View<'a> {
    typ: Option<String>,
    format: Option<String>,
    properties: Vec<(&'a str, S<'a>)>,
    required: Vec<&'a str>,
    items: Option<S<'a>>,
    enumeration: Vec<Value>,
    all_of: Vec<S<'a>>,
    /// `oneOf` / `anyOf`: the keyword and its alternatives.
    sum: Option<(&'static str, Vec<S<'a>>)>,
    unsupported: Option<&'static str>,
    /// `additionalProperties`: `None` when absent or `false`.
    additional: Option<Additional<'a>>,
    limits: Limits,
    /// `properties` were given beside a `type` that is not `object`, and are ignored.
    ignored_properties: bool,
}

/// What `additionalProperties` allows.
#[derive(Clone, Copy)]
enum Additional<'a> {
    /// `true` or `{}`: values of any type.
    Any,
    /// Values of one schema.
    Typed(S<'a>),
}

fn additional(a: &Option<AdditionalProperties>) -> Option<Additional<'_>> {
    match a {
        None | Some(AdditionalProperties::Any(false)) => None,
        Some(AdditionalProperties::Any(true)) => Some(Additional::Any),
        Some(AdditionalProperties::Schema(s)) => match &**s {
            ReferenceOr::Item(schema) if is_empty_schema(schema) => Some(Additional::Any),
            r => Some(Additional::Typed(plain(r))),
        },
    }
}

/// True for `{}` (possibly with a description): a schema that allows any value.
fn is_empty_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default())
}

/// The one part of `v`'s `allOf` that gives the value its type when every other part only adds
/// a description, `nullable` or limits (AWS writes `allOf: [{$ref: String}, {description: ..}]`),
/// and `v` declares no properties of its own: its index and schema.
fn lone_part<'a>(v: &View<'a>) -> Option<(usize, S<'a>)> {
    if v.all_of.len() < 2 || !v.properties.is_empty() || v.additional.is_some() {
        return None;
    }
    if !matches!(v.typ.as_deref(), None | Some("object")) {
        return None;
    }
    let mut found = None;
    for (i, part) in v.all_of.iter().enumerate() {
        let substantive = match part {
            S::Ref(_) => true,
            S::Inline(schema) => {
                let pv = view(schema);
                if !pv.required.is_empty() {
                    // A part that makes properties required changes the record: not a lone part.
                    return None;
                }
                pv.typ.is_some()
                    || !pv.properties.is_empty()
                    || !pv.all_of.is_empty()
                    || pv.items.is_some()
                    || pv.sum.is_some()
                    || pv.unsupported.is_some()
                    || pv.additional.is_some()
                    || !pv.enumeration.is_empty()
            }
        };
        if substantive {
            if found.is_some() {
                return None;
            }
            found = Some((i, *part));
        }
    }
    found
}

impl View<'_> {
    fn is_object(&self) -> bool {
        self.typ.as_deref() == Some("object")
            || !self.properties.is_empty()
            || !self.all_of.is_empty()
            || self.additional.is_some()
    }
    /// An object without declared properties: a map (`additionalProperties`) or any JSON object.
    fn is_free_form(&self) -> bool {
        self.is_object() && self.properties.is_empty() && self.all_of.is_empty()
    }
    fn is_array(&self) -> bool {
        self.typ.as_deref() == Some("array") || self.items.is_some()
    }
}

fn format_name<T>(f: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(t) => Some(name(t).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn count(n: Option<usize>) -> Option<u64> {
    n.map(|n| n as u64)
}

fn view(schema: &Schema) -> View<'_> {
    let mut v = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            v.typ = Some("string".into());
            v.format = format_name(&t.format, |f| match f {
                StringFormat::Date => "date",
                StringFormat::DateTime => "date-time",
                StringFormat::Password => "password",
                StringFormat::Byte => "byte",
                StringFormat::Binary => "binary",
            });
            v.enumeration = t.enumeration.iter().flatten().map(|s| Value::String(s.clone())).collect();
            v.limits.min_length = count(t.min_length);
            v.limits.max_length = count(t.max_length);
            v.limits.patterns = t.pattern.iter().cloned().collect();
            v.limits.pattern_syntax = PatternSyntax::Ecma;
        }
        SchemaKind::Type(Type::Number(t)) => {
            v.typ = Some("number".into());
            v.format = format_name(&t.format, |f| match f {
                NumberFormat::Float => "float",
                NumberFormat::Double => "double",
            });
            v.enumeration = t
                .enumeration
                .iter()
                .flatten()
                .filter_map(|f| serde_json::Number::from_f64(*f))
                .map(Value::Number)
                .collect();
            v.limits.minimum = t.minimum;
            v.limits.maximum = t.maximum;
        }
        SchemaKind::Type(Type::Integer(t)) => {
            v.typ = Some("integer".into());
            v.format = format_name(&t.format, |f| match f {
                IntegerFormat::Int32 => "int32",
                IntegerFormat::Int64 => "int64",
            });
            v.enumeration = t.enumeration.iter().flatten().map(|i| Value::Number((*i).into())).collect();
            v.limits.minimum = t.minimum.map(|n| n as f64);
            v.limits.maximum = t.maximum.map(|n| n as f64);
        }
        SchemaKind::Type(Type::Object(t)) => {
            v.typ = Some("object".into());
            v.properties = t.properties.iter().map(|(k, s)| (k.as_str(), boxed(s))).collect();
            v.required = t.required.iter().map(String::as_str).collect();
            v.additional = additional(&t.additional_properties);
        }
        SchemaKind::Type(Type::Array(t)) => {
            v.typ = Some("array".into());
            v.items = t.items.as_ref().map(boxed);
            v.limits.min_items = count(t.min_items);
            v.limits.max_items = count(t.max_items);
        }
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean".into()),
        SchemaKind::OneOf { one_of } => v.sum = Some(("oneOf", one_of.iter().map(plain).collect())),
        SchemaKind::AnyOf { any_of } => v.sum = Some(("anyOf", any_of.iter().map(plain).collect())),
        SchemaKind::Not { .. } => v.unsupported = Some("not"),
        SchemaKind::AllOf { all_of } => v.all_of = all_of.iter().map(plain).collect(),
        SchemaKind::Any(a) => {
            v.typ = a.typ.clone();
            v.format = a.format.clone();
            v.properties = a.properties.iter().map(|(k, s)| (k.as_str(), boxed(s))).collect();
            v.required = a.required.iter().map(String::as_str).collect();
            v.items = a.items.as_ref().map(boxed);
            v.enumeration = a.enumeration.clone();
            v.all_of = a.all_of.iter().map(plain).collect();
            v.additional = additional(&a.additional_properties);
            v.sum = if !a.one_of.is_empty() {
                Some(("oneOf", a.one_of.iter().map(plain).collect()))
            } else if !a.any_of.is_empty() {
                Some(("anyOf", a.any_of.iter().map(plain).collect()))
            } else {
                None
            };
            v.unsupported = a.not.is_some().then_some("not");
            // `properties` beside an explicit scalar or array `type` (a common slip): the type wins.
            if a.typ.as_deref().is_some_and(|t| t != "object")
                && !v.properties.is_empty()
                && v.all_of.is_empty()
                && v.additional.is_none()
            {
                v.properties.clear();
                v.required.clear();
                v.ignored_properties = true;
            }
            v.limits = Limits {
                min_items: count(a.min_items),
                max_items: count(a.max_items),
                min_length: count(a.min_length),
                max_length: count(a.max_length),
                patterns: a.pattern.iter().cloned().collect(),
                pattern_syntax: PatternSyntax::Ecma,
                minimum: a.minimum,
                maximum: a.maximum,
                note: None,
                max_months: None,
            };
        }
    }
    v
}

fn builtin(typ: Option<&str>, format: Option<&str>) -> Option<Builtin> {
    Some(match (typ?, format) {
        ("string", Some("date-time")) => Builtin::DateTime,
        ("string", Some("date")) => Builtin::Date,
        ("string", Some("time")) => Builtin::Time,
        ("string", Some("duration")) => Builtin::Duration,
        ("string", Some("uuid")) => Builtin::Guid,
        ("string", Some("byte")) => Builtin::Base64Binary,
        ("string", Some("binary")) => Builtin::Binary,
        ("string", Some("uri" | "url")) => Builtin::AnyUri,
        ("string", _) => Builtin::String,
        ("integer", Some("int8")) => Builtin::I8,
        ("integer", Some("int16")) => Builtin::I16,
        ("integer", Some("int32")) => Builtin::I32,
        ("integer", Some("uint8")) => Builtin::U8,
        ("integer", Some("uint16")) => Builtin::U16,
        ("integer", Some("uint32")) => Builtin::U32,
        ("integer", Some("uint64")) => Builtin::U64,
        ("integer", _) => Builtin::I64,
        ("number", Some("float")) => Builtin::Float,
        ("number", Some("decimal")) => Builtin::Decimal,
        ("number", _) => Builtin::Double,
        ("boolean", _) => Builtin::Boolean,
        _ => return None,
    })
}

/// The `xml` object of a schema.
#[derive(Default)]
struct Xml {
    name: Option<String>,
    namespace: Option<String>,
    attribute: bool,
    wrapped: bool,
}

/// What a property, parameter or body schema resolves to.
struct Shape {
    ty: TypeRef,
    repeated: bool,
    nillable: bool,
    default: Option<String>,
    doc: Option<String>,
    secret: bool,
    limits: Limits,
    array_item: Option<ArrayItem>,
    /// For an array: its items may be `null`.
    item_nillable: bool,
}

impl Shape {
    fn of(ty: TypeRef) -> Shape {
        Shape {
            ty,
            repeated: false,
            nillable: false,
            default: None,
            doc: None,
            secret: false,
            limits: Limits::default(),
            array_item: None,
            item_nillable: false,
        }
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn flag(extensions: &IndexMap<String, Value>, key: &str) -> Option<bool> {
    extensions.get(key).and_then(Value::as_bool)
}

/// What a media type is read as: JSON (`application/json`, `text/json`, any `+json`, and the
/// wildcards, for which the client asks for and sends JSON), XML, a form, a multipart form, text
/// (`text/*` and a few textual `application/` types), else bytes.
fn media_kind(media: &str) -> MediaType {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "text/json" | "*/*" | "application/*" => MediaType::Json,
        "application/xml" | "text/xml" => MediaType::Xml,
        "application/x-www-form-urlencoded" => MediaType::Form,
        "multipart/form-data" => MediaType::Multipart,
        "application/jwt"
        | "application/yaml"
        | "application/x-yaml"
        | "application/javascript"
        | "application/graphql" => MediaType::Text,
        e if e.ends_with("+json") => MediaType::Json,
        e if e.ends_with("+xml") => MediaType::Xml,
        e if e.starts_with("text/") => MediaType::Text,
        _ => MediaType::Binary,
    }
}

/// A `$ref`'s fragment as a pointer of [`Source::at`]: percent-escapes of the URI fragment
/// (`%7B` in `#/paths/~1items~1%7Bid%7D`) decoded.
fn unescape_pointer(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_success(s: StatusMatch) -> bool {
    match s {
        StatusMatch::Code(n) => (200..300).contains(&n),
        StatusMatch::Range(d) => d == 2,
        StatusMatch::Default => false,
    }
}

fn status_order(s: &StatusMatch) -> (u32, u32) {
    match *s {
        StatusMatch::Code(n) => (u32::from(n), 0),
        StatusMatch::Range(d) => (u32::from(d) * 100 + 99, 1),
        StatusMatch::Default => (u32::MAX, 2),
    }
}

/// One operation while it is being built, with what the service-level steps need.
struct OpDraft {
    op: Operation,
    pointer: String,
    /// Client-level override per (name, location) from `x-wsbind-client-param`.
    overrides: HashMap<(String, ParamLocation), bool>,
    /// Names of the schemas the request body includes through `allOf` `$ref`s; `None` without body.
    body_bases: Option<Vec<String>>,
}

struct Builder<'a> {
    src: &'a Source,
    doc: &'a OpenAPI,
    /// Schemas by `$ref` (`#/paths/...`, `#/components/schemas/X/properties/y`), read from the
    /// document: used in place, like named array schemas.
    by_pointer: &'a HashMap<String, Schema>,
    /// Parameters by `$ref` to a path-local parameter (`#/paths/~1a/get/parameters/0`).
    params_by_pointer: &'a HashMap<String, Parameter>,
    file: String,
    types: Vec<TypeDef>,
    named: HashMap<String, TypeId>,
    diags: Vec<Diagnostic>,
    /// Constructs not modelled yet, kept as raw JSON values (or operations left out), where they
    /// are: [`Model::warnings`]. Errors instead in strict mode.
    warnings: Vec<Diagnostic>,
    strict: bool,
    /// The media types of the last body read when none is supported (see [`Builder::body`]).
    unsupported_media: Option<String>,
    depth: usize,
    /// Pointers of the schemas whose `allOf` parts are being collected right now: an `allOf`
    /// `$ref` back to one of them is a cycle.
    expanding: HashSet<String>,
    /// Pointers of the named array schemas being used in place right now (they get no type of
    /// their own): a `$ref` back to one of them from inside its items is a cycle.
    inlining: HashSet<String>,
}

impl<'a> Builder<'a> {
    fn origin(&self, pointer: &str) -> Origin {
        let ((line, column), _) = self.src.position(pointer);
        Origin { file: self.file.clone(), line, column }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.src.diag(pointer, message);
        self.diags.push(d);
    }

    /// A construct the generator does not model yet, worked around as `message` says: a warning,
    /// or an error in strict mode.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.src.diag(pointer, message);
        if self.strict {
            self.diags.push(d.with_help("strict mode: nothing is kept as raw JSON nor left out"));
        } else {
            self.warnings.push(d);
        }
    }

    /// True when the `allOf` part `part` is an object schema (a `$ref` read at its target); a
    /// reference that cannot be read so counts as one (the merge then follows or reports it).
    fn is_object_part(&self, part: S<'a>) -> bool {
        match part {
            S::Inline(schema) => view(schema).is_object(),
            S::Ref(r) => {
                let src: &'a Source = self.src;
                let target = r.strip_prefix('#').map(unescape_pointer);
                let Some(node) = target.as_deref().and_then(|t| src.at(t)) else { return true };
                match serde_json::from_value::<ReferenceOr<Schema>>(node.clone()) {
                    Ok(ReferenceOr::Item(schema)) => view(&schema).is_object(),
                    Ok(ReferenceOr::Reference { .. }) | Err(_) => true,
                }
            }
        }
    }

    /// Says that the `properties` of the schema at `pointer` are ignored because its `type` is not
    /// `object` (see `View::ignored_properties`).
    fn warn_ignored_properties(&mut self, v: &View<'_>, pointer: &str) {
        if v.ignored_properties {
            let typ = v.typ.as_deref().unwrap_or_default();
            self.warn(
                &format!("{pointer}/properties"),
                format!("`properties` beside `type: {typ}` are ignored: the value is read as a {typ}"),
            );
        }
    }

    /// The construct `what` at `pointer`, kept as a raw JSON value (see [`Builder::warn`]).
    fn raw_json(&mut self, pointer: &str, what: &str) -> Shape {
        self.warn(
            pointer,
            format!("{what} is not supported yet: kept as a raw JSON value (`wsbind::rest::JsonValue`)"),
        );
        Shape::of(TypeRef::Builtin(Builtin::Json))
    }

    /// A new anonymous [`Container`] type named `name`, of `item`s (an array item becomes a list
    /// of its own: arrays of arrays).
    fn container(&mut self, kind: ContainerKind, item: Shape, name: &str, pointer: &str) -> TypeRef {
        let nullable_items = item.nillable;
        let item = self.single(item, &format!("{name}.Item"), pointer);
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: QName::new(None, name),
            anonymous: true,
            doc: None,
            origin: self.origin(pointer),
            kind: TypeKind::Container(Container { kind, item, nullable_items }),
        });
        TypeRef::Named(id)
    }

    /// The type of one value of `shape`: an array becomes a list [`Container`] named `name`.
    fn single(&mut self, shape: Shape, name: &str, pointer: &str) -> TypeRef {
        if !shape.repeated {
            return shape.ty;
        }
        let item = Shape { nillable: shape.item_nillable, ..Shape::of(shape.ty) };
        self.container(ContainerKind::List, item, name, pointer)
    }

    /// A problem with a `$ref`: positioned, and naming the pointer of the `$ref` node as well.
    fn ref_error(&mut self, pointer: &str, message: impl Into<String>) {
        let mut d = self.src.diag(pointer, message);
        d.pointer = Some(pointer.to_owned());
        self.diags.push(d);
    }

    fn xml(&self, pointer: &str) -> Xml {
        let Some(Value::Object(x)) = self.src.at(&format!("{pointer}/xml")) else {
            return Xml::default();
        };
        Xml {
            name: x.get("name").and_then(Value::as_str).map(str::to_owned),
            namespace: x.get("namespace").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_owned),
            attribute: x.get("attribute").and_then(Value::as_bool).unwrap_or(false),
            wrapped: x.get("wrapped").and_then(Value::as_bool).unwrap_or(false),
        }
    }

    /// Resolves a local schema reference: (schema name, schema, its pointer).
    fn schema_ref(&mut self, reference: &str, at: &str) -> Option<(&'a str, &'a Schema, String)> {
        let mut reference = reference;
        let mut at = format!("{at}/$ref");
        for _ in 0..MAX_DEPTH {
            let Some(name) = reference.strip_prefix("#/components/schemas/").filter(|n| !n.contains('/')) else {
                let src: &'a Source = self.src;
                let target = reference.strip_prefix('#').map(unescape_pointer);
                if let Some(target) = target
                    && let Some(next) = src.at(&format!("{target}/$ref")).and_then(Value::as_str)
                {
                    // A `$ref` to a node that is itself a `$ref`: followed.
                    at = format!("{target}/$ref");
                    reference = next;
                    continue;
                }
                if let Some((key, schema)) = self.by_pointer.get_key_value(reference) {
                    return Some((key.as_str(), schema, unescape_pointer(&key[1..])));
                }
                let message = if reference.starts_with("#/") {
                    format!("dangling `$ref`: `{reference}` is not a schema of this document")
                } else {
                    format!("`$ref` `{reference}` is not supported: only local references (`#/...`) are")
                };
                self.ref_error(&at, message);
                return None;
            };
            let name = unescape(name);
            let found = self.doc.components.as_ref().and_then(|c| c.schemas.get_key_value(&name));
            match found {
                Some((key, ReferenceOr::Item(schema))) => {
                    return Some((key.as_str(), schema, format!("/components/schemas/{}", escape(key))));
                }
                Some((key, ReferenceOr::Reference { reference: next })) => {
                    at = format!("/components/schemas/{}/$ref", escape(key));
                    reference = next;
                }
                None => {
                    self.ref_error(&at, format!("dangling `$ref`: `{reference}` does not exist"));
                    return None;
                }
            }
        }
        self.ref_error(&at, format!("`$ref` `{reference}` is part of a reference cycle"));
        None
    }

    /// First pass: one arena entry per named non-array schema, so references (also recursive
    /// ones) resolve to ids before any type is filled in.
    fn declare_named(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let mut pending = Vec::new();
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let v = view(schema);
            if v.is_array() {
                continue;
            }
            let pointer = format!("/components/schemas/{}", escape(name));
            let xml = self.xml(&pointer);
            let id = TypeId(self.types.len());
            self.types.push(TypeDef {
                name: QName::new(xml.namespace.as_deref(), name),
                anonymous: false,
                doc: schema.schema_data.description.clone(),
                origin: self.origin(&pointer),
                kind: TypeKind::Complex(ComplexType::default()),
            });
            self.named.insert(name.clone(), id);
            pending.push((id, name.as_str(), schema, pointer, xml.namespace));
        }
        for (id, name, schema, pointer, ns) in pending {
            let kind = self.kind_of(schema, &pointer, name, ns.as_deref());
            self.types[id.0].kind = kind;
        }
    }

    fn kind_of(&mut self, schema: &'a Schema, pointer: &str, owner: &str, ns: Option<&str>) -> TypeKind {
        let v = view(schema);
        self.warn_ignored_properties(&v, pointer);
        let json = || {
            TypeKind::Simple(SimpleType {
                base: TypeRef::Builtin(Builtin::Json),
                list: false,
                limits: Limits::default(),
            })
        };
        if let Some(what) = v.unsupported {
            self.raw_json(pointer, &format!("`{what}`"));
            return json();
        }
        if let Some((keyword, alternatives)) = &v.sum {
            return match self.sum_of(keyword, alternatives, &v, schema, pointer, owner, ns).0 {
                SumOf::Enum(e) => TypeKind::Enum(e),
                SumOf::Choice(c) => TypeKind::Choice(c),
                SumOf::One(shape) => {
                    let base = self.single(*shape, &format!("{owner}.Item"), pointer);
                    TypeKind::Simple(SimpleType { base, list: false, limits: Limits::default() })
                }
            };
        }
        if let Some((i, part)) = lone_part(&v)
            && !self.is_object_part(part)
        {
            // A scalar or array with constraints beside it: that type (objects are merged below).
            let Some(shape) = self.shape(part, &format!("{pointer}/allOf/{i}"), &format!("{owner}.Item"), ns) else {
                return json();
            };
            let base = self.single(shape, &format!("{owner}.Item"), pointer);
            return TypeKind::Simple(SimpleType { base, list: false, limits: Limits::default() });
        }
        if !v.enumeration.is_empty() {
            let base = builtin(v.typ.as_deref(), v.format.as_deref()).unwrap_or(Builtin::String);
            let docs = self.src.at(&format!("{pointer}/x-enum-descriptions"));
            let values = v
                .enumeration
                .iter()
                .filter_map(text_of)
                .map(|value| EnumValue {
                    doc: docs.and_then(|d| d.get(&value)).and_then(Value::as_str).map(str::to_owned),
                    value,
                })
                .collect();
            return TypeKind::Enum(EnumType { base, values });
        }
        // A named `type: object` that declares nothing stays a record (an empty struct, any
        // property ignored): Mews' `EmptyResult`. Elsewhere such an object is a raw JSON value.
        let declares_nothing = v.typ.as_deref() == Some("object") && v.additional.is_none();
        if v.is_free_form() && !declares_nothing {
            return match self.map_of(&v, pointer, owner, ns) {
                Some(TypeRef::Named(id)) => {
                    let kind = self.types[id.0].kind.clone();
                    // The map is this named type itself, not an alias of an anonymous one.
                    self.types.pop();
                    kind
                }
                _ => json(),
            };
        }
        if v.is_object() {
            let mut fields = IndexMap::new();
            let mut required = BTreeSet::new();
            self.collect(&v, pointer, owner, ns, &mut fields, &mut required);
            let mut fields: Vec<Field> = fields.into_values().collect();
            for f in &mut fields {
                if required.contains(f.name.as_str()) {
                    f.occurs.min = 1;
                }
            }
            if v.additional.is_some()
                && let Some(TypeRef::Named(map)) = self.map_of(&v, pointer, owner, ns)
            {
                // The properties the schema does not declare, flattened into the object.
                fields.push(Field::plain(
                    "additionalProperties",
                    None,
                    FieldKind::Any,
                    TypeRef::Named(map),
                    Occurs::OPTIONAL,
                    self.origin(&format!("{pointer}/additionalProperties")),
                ));
            }
            return TypeKind::Complex(ComplexType { fields, ..ComplexType::default() });
        }
        match builtin(v.typ.as_deref(), v.format.as_deref()) {
            Some(b) => TypeKind::Simple(SimpleType { base: TypeRef::Builtin(b), list: false, limits: v.limits }),
            None => json(),
        }
    }

    /// The map type of an object's `additionalProperties` (a new anonymous [`Container`] named
    /// `{owner}.Map`): of the given schema, or of raw JSON values for `true`/`{}`; a raw JSON
    /// value for an object that declares neither properties nor `additionalProperties`; `None`
    /// when the value schema cannot be read (reported).
    fn map_of(&mut self, v: &View<'a>, pointer: &str, owner: &str, ns: Option<&str>) -> Option<TypeRef> {
        let name = format!("{owner}.Map");
        let item = match v.additional {
            Some(Additional::Typed(s)) => {
                self.shape(s, &format!("{pointer}/additionalProperties"), &format!("{owner}.Value"), ns)?
            }
            Some(Additional::Any) => Shape::of(TypeRef::Builtin(Builtin::Json)),
            None => return Some(TypeRef::Builtin(Builtin::Json)),
        };
        Some(self.container(ContainerKind::Map, item, &name, pointer))
    }

    /// The fields of an object schema: those of its `allOf` parts first, in order, then its own.
    /// `fields` is keyed by name: a later property of the same name replaces the earlier one in
    /// its place.
    fn collect(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        owner: &str,
        ns: Option<&str>,
        fields: &mut IndexMap<String, Field>,
        required: &mut BTreeSet<&'a str>,
    ) {
        if self.depth > MAX_DEPTH {
            self.error(pointer, "`allOf` nesting is too deep (is there a cycle?)");
            return;
        }
        self.depth += 1;
        let entered = self.expanding.insert(pointer.to_owned());
        for (i, part) in v.all_of.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            match *part {
                S::Ref(r) => {
                    if let Some((_, schema, target)) = self.schema_ref(r, &part_pointer) {
                        if self.expanding.contains(&target) {
                            self.ref_error(
                                &format!("{part_pointer}/$ref"),
                                format!("reference cycle: `{r}` includes itself through `allOf`"),
                            );
                            break;
                        }
                        let pv = view(schema);
                        let part_ns = self.xml(&target).namespace.or(ns.map(str::to_owned));
                        self.part(&pv, &target, owner, part_ns.as_deref(), fields, required);
                    }
                }
                S::Inline(schema) => {
                    let pv = view(schema);
                    self.part(&pv, &part_pointer, owner, ns, fields, required);
                }
            }
        }
        required.extend(v.required.iter().copied());
        for (name, prop) in &v.properties {
            let prop_pointer = format!("{pointer}/properties/{}", escape(name));
            if let Some(field) = self.field(name, *prop, &prop_pointer, owner, ns) {
                fields.insert(field.name.clone(), field);
            }
        }
        if entered {
            self.expanding.remove(pointer);
        }
        self.depth -= 1;
    }

    fn part(
        &mut self,
        pv: &View<'a>,
        pointer: &str,
        owner: &str,
        ns: Option<&str>,
        fields: &mut IndexMap<String, Field>,
        required: &mut BTreeSet<&'a str>,
    ) {
        if let Some(what) = pv.unsupported.or(pv.sum.as_ref().map(|(k, _)| *k)) {
            self.warn(
                pointer,
                format!("`{what}` in an `allOf` part is not supported yet: its properties are left out"),
            );
        } else if !pv.is_object() && pv.typ.is_none() {
            // A part that only adds constraints (`required`, a description) to the others.
            required.extend(pv.required.iter().copied());
        } else if !pv.is_object() {
            self.warn(pointer, "an `allOf` part that is not an object schema is not supported yet: it is left out");
        } else {
            self.collect(pv, pointer, owner, ns, fields, required);
        }
    }

    fn field(&mut self, name: &str, s: S<'a>, pointer: &str, owner: &str, ns: Option<&str>) -> Option<Field> {
        let mut shape = self.shape(s, pointer, &format!("{owner}.{name}"), ns)?;
        if shape.repeated && shape.item_nillable && shape.array_item.is_none() {
            // `null` items: a list of optional values.
            let (doc, secret) = (shape.doc.clone(), shape.secret);
            let ty = self.single(shape, &format!("{owner}.{name}"), pointer);
            shape = Shape { nillable: true, doc, secret, ..Shape::of(ty) };
        }
        let xml = match s {
            S::Inline(_) => self.xml(pointer),
            S::Ref(_) => Xml::default(),
        };
        Some(Field {
            name: name.to_owned(),
            ns: xml.namespace.or(ns.map(str::to_owned)),
            kind: if xml.attribute { FieldKind::Attribute } else { FieldKind::Element },
            ty: shape.ty,
            occurs: Occurs { min: 0, max: if shape.repeated { None } else { Some(1) } },
            nillable: shape.nillable,
            default: shape.default,
            fixed: None,
            doc: shape.doc,
            secret: shape.secret,
            limits: shape.limits,
            array_item: shape.array_item,
            origin: self.origin(pointer),
        })
    }

    /// What the schema at `pointer` stands for where it is used; inline objects and enums become
    /// anonymous types named `anon`.
    fn shape(&mut self, s: S<'a>, pointer: &str, anon: &str, ns: Option<&str>) -> Option<Shape> {
        if self.depth > MAX_DEPTH {
            self.error(pointer, "schema nesting is too deep (is there a cycle?)");
            return None;
        }
        self.depth += 1;
        let out = match s {
            S::Ref(r) => match self.schema_ref(r, pointer) {
                Some((name, schema, target)) => match self.named.get(name) {
                    Some(&id) => Some(Shape::of(TypeRef::Named(id))),
                    // A named array schema: used in place, so it cannot contain itself.
                    None if !self.inlining.insert(target.clone()) => {
                        self.ref_error(
                            &format!("{pointer}/$ref"),
                            format!(
                                "reference cycle: the array schema `{r}` contains itself (give its items a schema \
                                 of their own under components/schemas)"
                            ),
                        );
                        None
                    }
                    None => {
                        let shape = self.inline_shape(schema, &target, anon, ns);
                        self.inlining.remove(&target);
                        shape
                    }
                },
                None => None,
            },
            S::Inline(schema) => self.inline_shape(schema, pointer, anon, ns),
        };
        self.depth -= 1;
        out
    }

    fn inline_shape(&mut self, schema: &'a Schema, pointer: &str, anon: &str, ns: Option<&str>) -> Option<Shape> {
        let v = view(schema);
        self.warn_ignored_properties(&v, pointer);
        let data = &schema.schema_data;
        let mut shape = if let Some(what) = v.unsupported {
            self.raw_json(pointer, &format!("`{what}`"))
        } else if let Some((keyword, alternatives)) = &v.sum {
            let (sum, nullable) = self.sum_of(keyword, alternatives, &v, schema, pointer, anon, ns);
            let mut shape = match sum {
                SumOf::One(shape) => *shape,
                SumOf::Enum(e) => self.anonymous(TypeKind::Enum(e), anon, ns, pointer),
                SumOf::Choice(c) => self.anonymous(TypeKind::Choice(c), anon, ns, pointer),
            };
            shape.nillable |= nullable;
            shape
        } else if v.all_of.len() == 1 && v.properties.is_empty() && matches!(v.typ.as_deref(), None | Some("object")) {
            // `allOf: [$ref]` beside `description`/`nullable`: the referenced type itself.
            self.shape(v.all_of[0], &format!("{pointer}/allOf/0"), anon, ns)?
        } else if let Some((i, part)) = lone_part(&v).filter(|(_, part)| !self.is_object_part(*part)) {
            // A scalar or array with constraint-only parts beside it (AWS): that type.
            self.shape(part, &format!("{pointer}/allOf/{i}"), anon, ns)?
        } else if v.is_array() {
            let Some(items) = v.items else {
                let item = self.raw_json(pointer, "an array schema without `items`");
                return Some(Shape { repeated: true, ..item });
            };
            let items_pointer = format!("{pointer}/items");
            let mut item = self.shape(items, &items_pointer, anon, ns)?;
            if item.repeated {
                // An array of arrays: the inner arrays are lists of their own.
                item =
                    Shape { nillable: item.nillable, ..Shape::of(self.single(item, &format!("{anon}.Item"), pointer)) };
            }
            let array_item = if self.xml(pointer).wrapped {
                let (ix, default_name) = match items {
                    S::Inline(_) => (self.xml(&items_pointer), None),
                    S::Ref(r) => match self.schema_ref(r, &items_pointer) {
                        Some((name, _, target)) => (self.xml(&target), Some(name.to_owned())),
                        None => (Xml::default(), None),
                    },
                };
                let name = ix.name.or(default_name).unwrap_or_else(|| "item".to_owned());
                Some(ArrayItem { name, ns: ix.namespace.or(ns.map(str::to_owned)), nillable: item.nillable })
            } else {
                None
            };
            let limits = Limits { min_items: v.limits.min_items, max_items: v.limits.max_items, ..item.limits };
            Shape {
                ty: item.ty,
                repeated: true,
                limits,
                array_item,
                item_nillable: item.nillable,
                ..Shape::of(TypeRef::Builtin(Builtin::String))
            }
        } else if v.is_free_form() && v.enumeration.is_empty() {
            Shape::of(self.map_of(&v, pointer, anon, ns).unwrap_or(TypeRef::Builtin(Builtin::Json)))
        } else if !v.enumeration.is_empty() || v.is_object() {
            let id = TypeId(self.types.len());
            let xml = self.xml(pointer);
            let own_ns = xml.namespace.or(ns.map(str::to_owned));
            self.types.push(TypeDef {
                name: QName::new(own_ns.as_deref(), anon),
                anonymous: true,
                doc: None,
                origin: self.origin(pointer),
                kind: TypeKind::Complex(ComplexType::default()),
            });
            let kind = self.kind_of(schema, pointer, anon, own_ns.as_deref());
            self.types[id.0].kind = kind;
            Shape::of(TypeRef::Named(id))
        } else {
            let b = builtin(v.typ.as_deref(), v.format.as_deref()).unwrap_or(Builtin::Json);
            Shape { limits: v.limits, ..Shape::of(TypeRef::Builtin(b)) }
        };
        if data.nullable {
            shape.nillable = true;
        }
        if let Some(d) = &data.description {
            shape.doc = Some(d.clone());
        }
        if let Some(d) = data.default.as_ref().and_then(text_of) {
            shape.default = Some(d);
        }
        if flag(&data.extensions, "x-wsbind-secret") == Some(true) {
            shape.secret = true;
        }
        if let Some(note) = data.extensions.get("x-wsbind-limit-note").and_then(Value::as_str) {
            shape.limits.note = Some(note.to_owned());
        }
        if let Some(months) = data.extensions.get("x-wsbind-max-interval-months") {
            match months.as_u64().and_then(|m| u32::try_from(m).ok()).filter(|m| *m > 0) {
                Some(m) => shape.limits.max_months = Some(m),
                None => self.error(
                    &format!("{pointer}/x-wsbind-max-interval-months"),
                    "`x-wsbind-max-interval-months` must be a positive integer",
                ),
            }
        }
        Some(shape)
    }

    /// A new anonymous type of `kind` named `name`, defined at `pointer`.
    fn anonymous(&mut self, kind: TypeKind, name: &str, ns: Option<&str>, pointer: &str) -> Shape {
        let id = TypeId(self.types.len());
        let origin = self.origin(pointer);
        self.types.push(TypeDef { name: QName::new(ns, name), anonymous: true, doc: None, origin, kind });
        Shape::of(TypeRef::Named(id))
    }

    fn operations(&mut self) -> Vec<OpDraft> {
        let mut out = Vec::new();
        let doc = self.doc;
        for (path, item) in &doc.paths.paths {
            let mut path_pointer = format!("/paths/{}", escape(path));
            let item = match item {
                ReferenceOr::Item(item) => item,
                // A path item `$ref` to another path of the document: its operations again, at
                // this path (positions are the target's).
                ReferenceOr::Reference { reference } => {
                    let target = reference.strip_prefix("#/paths/").map(|p| unescape(&unescape_pointer(p)));
                    match target.and_then(|t| doc.paths.paths.get_key_value(&t)) {
                        Some((key, ReferenceOr::Item(item))) => {
                            path_pointer = format!("/paths/{}", escape(key));
                            item
                        }
                        _ => {
                            self.ref_error(
                                &format!("{path_pointer}/$ref"),
                                format!(
                                    "`$ref` `{reference}` is not supported: a path item `$ref` must name another path"
                                ),
                            );
                            continue;
                        }
                    }
                }
            };
            let methods = [
                (HttpMethod::Get, &item.get, "get"),
                (HttpMethod::Put, &item.put, "put"),
                (HttpMethod::Post, &item.post, "post"),
                (HttpMethod::Patch, &item.patch, "patch"),
                (HttpMethod::Delete, &item.delete, "delete"),
                (HttpMethod::Head, &item.head, "head"),
                (HttpMethod::Options, &item.options, "options"),
                (HttpMethod::Trace, &item.trace, "trace"),
            ];
            for (method, op, key) in methods {
                if let Some(op) = op {
                    let pointer = format!("{path_pointer}/{key}");
                    out.extend(self.operation(path, method, key, item, op, &pointer, &path_pointer));
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        key: &str,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
        pointer: &str,
        path_pointer: &str,
    ) -> Option<OpDraft> {
        let name = op.operation_id.clone().unwrap_or_else(|| {
            let words: String = path.split(|c: char| !c.is_ascii_alphanumeric()).collect::<Vec<_>>().join(" ");
            format!("{key}{}", words.to_upper_camel_case())
        });
        let upper = name.to_upper_camel_case();
        let doc = match (&op.summary, &op.description) {
            (Some(s), Some(d)) if s != d => Some(format!("{s}\n\n{d}")),
            (Some(s), _) => Some(s.clone()),
            (None, d) => d.clone(),
        };
        // Keyed by (name, location): an operation's parameter replaces the path's in its place.
        let mut params: IndexMap<(String, ParamLocation), Param> = IndexMap::new();
        let mut overrides = HashMap::new();
        let all = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
            .chain(op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))));
        for (p, p_pointer) in all {
            if let Some((param, client)) = self.param(p, &p_pointer, &upper) {
                if let Some(c) = client {
                    overrides.insert((param.name.clone(), param.location), c);
                }
                params.insert((param.name.clone(), param.location), param);
            }
        }
        let mut body_bases = None;
        let request_body = match &op.request_body {
            None => None,
            Some(rb) => {
                let at = format!("{pointer}/requestBody");
                match self.request_body(rb, &at) {
                    Some((body, content_pointer)) => {
                        let found =
                            self.body(&body.content, &content_pointer, &format!("{upper}Request"), body.required, true);
                        if let Some(media) = self.unsupported_media.take() {
                            self.warn(
                                &content_pointer,
                                format!(
                                    "operation `{name}` is left out: the media type of its request body ({media}) \
                                     is not supported yet"
                                ),
                            );
                            return None;
                        }
                        if let Some((_, Some((s, s_pointer)))) = &found {
                            body_bases = Some(self.all_of_refs(*s, s_pointer));
                        }
                        found.map(|(b, _)| b)
                    }
                    None => None,
                }
            }
        };
        let mut responses = Vec::new();
        // Replies whose media types are all unsupported: (status, pointer, media types).
        let mut unreadable = Vec::new();
        for (code, r) in &op.responses.responses {
            let (status, label) = match code {
                StatusCode::Code(n) => (StatusMatch::Code(*n), n.to_string()),
                StatusCode::Range(n) => (StatusMatch::Range(*n), format!("{n}XX")),
            };
            let at = format!("{pointer}/responses/{}", code);
            if let Some(resp) = self.response(status, r, &at, &format!("{upper}Response{label}")) {
                responses.push(resp);
            }
            if let Some(media) = self.unsupported_media.take() {
                unreadable.push((status, at, media));
            }
        }
        if let Some(r) = &op.responses.default {
            let at = format!("{pointer}/responses/default");
            if let Some(resp) = self.response(StatusMatch::Default, r, &at, &format!("{upper}ResponseDefault")) {
                responses.push(resp);
            }
            self.unsupported_media = None;
        }
        responses.sort_by_key(|r| status_order(&r.status));
        // A success reply the client cannot read leaves the operation out; an error reply's body
        // is then only not typed.
        let first_success = responses.iter().map(|r| r.status).find(|s| is_success(*s));
        if let Some((_, at, media)) = unreadable.iter().find(|(s, _, _)| Some(*s) == first_success) {
            self.warn(
                at,
                format!(
                    "operation `{name}` is left out: the media type of its success reply ({media}) is not supported yet"
                ),
            );
            return None;
        }
        let rest = RestBinding {
            method,
            path: path.to_owned(),
            params: params.into_values().collect(),
            request_body,
            responses,
            pagination: None,
            reply_status: None,
            security: Vec::new(),
        };
        Some(OpDraft {
            op: Operation { name, doc, rest: Some(rest), origin: self.origin(pointer), ..Operation::default() },
            pointer: pointer.to_owned(),
            overrides,
            body_bases,
        })
    }

    /// Names of the schemas that the (possibly referenced) schema includes through `allOf` `$ref`s.
    fn all_of_refs(&mut self, s: S<'a>, pointer: &str) -> Vec<String> {
        let schema = match s {
            S::Inline(schema) => schema,
            S::Ref(r) => match self.schema_ref(r, pointer) {
                Some((_, schema, _)) => schema,
                None => return Vec::new(),
            },
        };
        view(schema)
            .all_of
            .iter()
            .filter_map(|p| match p {
                S::Ref(r) => r.strip_prefix("#/components/schemas/").map(unescape),
                S::Inline(_) => None,
            })
            // Dangling ones were reported where they are written.
            .filter(|name| self.doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(name)))
            .collect()
    }

    fn request_body(
        &mut self,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
    ) -> Option<(&'a openapiv3::RequestBody, String)> {
        match rb {
            ReferenceOr::Item(b) => Some((b, format!("{at}/content"))),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/").map(unescape);
                let found = name
                    .as_ref()
                    .and_then(|n| self.doc.components.as_ref().and_then(|c| c.request_bodies.get_key_value(n)));
                match found {
                    Some((key, ReferenceOr::Item(b))) => {
                        Some((b, format!("/components/requestBodies/{}/content", escape(key))))
                    }
                    _ => {
                        self.ref_error(&format!("{at}/$ref"), format!("dangling or unsupported `$ref`: `{reference}`"));
                        None
                    }
                }
            }
        }
    }

    /// A body from a `content` map: the media type read is the first JSON one, else the first
    /// the client supports (`request`: a request body, which may also be a form or a multipart
    /// form; a reply may not); `media` is that kind, or JSON and XML in document order when it
    /// is one of them. A text body is a `String` and a binary one `Binary` whatever their
    /// schemas; a JSON, form or multipart body without a schema any JSON value. When `content`
    /// has media types but none is supported, they are left in [`Builder::unsupported_media`]
    /// for the caller to report. The schema read, with its pointer, is returned beside the body.
    fn body(
        &mut self,
        content: &'a IndexMap<String, OaMediaType>,
        pointer: &str,
        anon: &str,
        required: bool,
        request: bool,
    ) -> Option<(Body, Option<(S<'a>, String)>)> {
        let supported = |kind: MediaType| request || !matches!(kind, MediaType::Form | MediaType::Multipart);
        let offered: Vec<(MediaType, &String, &'a OaMediaType)> =
            content.iter().map(|(mt, m)| (media_kind(mt), mt, m)).filter(|(k, _, _)| supported(*k)).collect();
        let Some(&(kind, _, _)) = offered.iter().find(|(k, _, _)| *k == MediaType::Json).or(offered.first()) else {
            if !content.is_empty() {
                let names: Vec<String> = content.keys().map(|k| format!("`{k}`")).collect();
                self.unsupported_media = Some(names.join(", "));
            }
            return None;
        };
        let mut media = vec![kind];
        if matches!(kind, MediaType::Json | MediaType::Xml) {
            // JSON and XML in document order (`xml_media` reads which comes first).
            media.clear();
            for (k, _, _) in &offered {
                if matches!(k, MediaType::Json | MediaType::Xml) && !media.contains(k) {
                    media.push(*k);
                }
            }
        }
        let of_kind = || offered.iter().filter(|(k, _, _)| *k == kind);
        let media_names = of_kind().map(|(_, name, _)| name.trim().to_owned()).collect();
        let (_, name, m) = *of_kind().next()?;
        let schema = m.schema.as_ref().map(|s| (plain(s), format!("{pointer}/{}/schema", escape(name))));
        let ty = match (kind, &schema) {
            (MediaType::Text, _) => TypeRef::Builtin(Builtin::String),
            (MediaType::Binary, _) => TypeRef::Builtin(Builtin::Binary),
            (_, None) => TypeRef::Builtin(Builtin::Json),
            (_, Some((s, s_pointer))) => {
                let mut shape = self.shape(*s, s_pointer, anon, None)?;
                if shape.repeated {
                    // A top-level array: a list type of its own.
                    shape = Shape::of(self.single(shape, anon, s_pointer));
                }
                shape.ty
            }
        };
        let xml_root = match &schema {
            Some((s, s_pointer)) if media.contains(&MediaType::Xml) => {
                let (x, default_name) = match s {
                    S::Inline(_) => (self.xml(s_pointer), None),
                    S::Ref(r) => match self.schema_ref(r, s_pointer) {
                        Some((name, _, target)) => (self.xml(&target), Some(name.to_owned())),
                        None => (Xml::default(), None),
                    },
                };
                let type_name = match &ty {
                    TypeRef::Named(id) => self.types[id.0].name.local.clone(),
                    TypeRef::Builtin(_) => anon.to_owned(),
                };
                let name = x.name.or(default_name).unwrap_or(type_name);
                Some(QName::new(x.namespace.as_deref(), &name))
            }
            _ => None,
        };
        let examples = if kind == MediaType::Json {
            let string_body = ty == TypeRef::Builtin(Builtin::String);
            self.examples(m, &format!("{pointer}/{}", escape(name)), string_body)
        } else {
            Vec::new()
        };
        Some((Body { ty, media, media_names, xml_root, required, examples }, schema))
    }

    /// The `example` and `examples` (values given inline or by a `$ref` to
    /// `components.examples`; external ones are not read) of media type `m` at `pointer`. A
    /// string holding a JSON object or array is read as that JSON (descriptions often quote
    /// their examples) unless the body itself is a string (`string_body`).
    fn examples(&self, m: &'a OaMediaType, pointer: &str, string_body: bool) -> Vec<BodyExample> {
        let json_text = |value: &Value| match value {
            Value::String(text) if !string_body && text.trim_start().starts_with(['{', '[']) => {
                serde_json::from_str::<Value>(text).map_or_else(|_| value.to_string(), |v| v.to_string())
            }
            _ => value.to_string(),
        };
        let mut out = Vec::new();
        if let Some(value) = &m.example {
            let origin = self.origin(&format!("{pointer}/example"));
            out.push(BodyExample { name: "example".to_owned(), json: json_text(value), origin });
        }
        for (key, example) in &m.examples {
            let (example, at) = match example {
                ReferenceOr::Item(e) => (e, format!("{pointer}/examples/{}", escape(key))),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/examples/").map(unescape);
                    let found = name
                        .as_ref()
                        .and_then(|n| self.doc.components.as_ref().and_then(|c| c.examples.get_key_value(n)));
                    match found {
                        Some((n, ReferenceOr::Item(e))) => (e, format!("/components/examples/{}", escape(n))),
                        _ => continue,
                    }
                }
            };
            if let Some(value) = &example.value {
                let origin = self.origin(&format!("{at}/value"));
                out.push(BodyExample { name: key.clone(), json: json_text(value), origin });
            }
        }
        out
    }

    fn response(
        &mut self,
        status: StatusMatch,
        r: &'a ReferenceOr<openapiv3::Response>,
        at: &str,
        anon: &str,
    ) -> Option<Response> {
        let (resp, base) = match r {
            ReferenceOr::Item(resp) => (resp, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").map(unescape);
                let found =
                    name.as_ref().and_then(|n| self.doc.components.as_ref().and_then(|c| c.responses.get_key_value(n)));
                match found {
                    Some((key, ReferenceOr::Item(resp))) => (resp, format!("/components/responses/{}", escape(key))),
                    _ => {
                        self.ref_error(&format!("{at}/$ref"), format!("dangling or unsupported `$ref`: `{reference}`"));
                        return None;
                    }
                }
            }
        };
        let body = self.body(&resp.content, &format!("{base}/content"), anon, true, false).map(|(b, _)| b);
        let mut headers = Vec::new();
        for (name, h) in &resp.headers {
            let h_pointer = format!("{base}/headers/{}", escape(name));
            let header = match h {
                ReferenceOr::Item(h) => h,
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/headers/").map(unescape);
                    match key.as_ref().and_then(|k| self.doc.components.as_ref().and_then(|c| c.headers.get(k))) {
                        Some(ReferenceOr::Item(h)) => h,
                        _ => {
                            self.ref_error(
                                &format!("{h_pointer}/$ref"),
                                format!("dangling or unsupported `$ref`: `{reference}`"),
                            );
                            continue;
                        }
                    }
                }
            };
            let shape = match &header.format {
                ParameterSchemaOrContent::Schema(s) => {
                    self.shape(plain(s), &format!("{h_pointer}/schema"), &format!("{anon}.{name}"), None)
                }
                ParameterSchemaOrContent::Content(content) => {
                    match content.iter().find_map(|(mt, m)| Some((mt, m.schema.as_ref()?))) {
                        Some((mt, schema)) => self.shape(
                            plain(schema),
                            &format!("{h_pointer}/content/{}/schema", escape(mt)),
                            &format!("{anon}.{name}"),
                            None,
                        ),
                        None => {
                            self.warn(&h_pointer, format!("reply header `{name}` gives no schema: it is left out"));
                            None
                        }
                    }
                }
            };
            let Some(shape) = shape else { continue };
            headers.push(Param {
                name: name.clone(),
                location: ParamLocation::Header,
                ty: shape.ty,
                array: shape.repeated.then_some(ArrayStyle::Comma),
                required: header.required,
                doc: header.description.clone().or(shape.doc),
                secret: shape.secret,
                limits: shape.limits,
            });
        }
        Some(Response { status, doc: Some(resp.description.clone()).filter(|d| !d.is_empty()), body, headers })
    }

    /// A parameter and its `x-wsbind-client-param` override.
    fn param(&mut self, p: &'a ReferenceOr<Parameter>, at: &str, op: &str) -> Option<(Param, Option<bool>)> {
        let (p, pointer) = match p {
            ReferenceOr::Item(p) => (p, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/").map(unescape);
                let found = name
                    .as_ref()
                    .and_then(|n| self.doc.components.as_ref().and_then(|c| c.parameters.get_key_value(n)));
                let local = self.params_by_pointer.get_key_value(reference);
                match (found, local) {
                    (Some((key, ReferenceOr::Item(p))), _) => (p, format!("/components/parameters/{}", escape(key))),
                    (_, Some((key, p))) => (p, unescape_pointer(&key[1..])),
                    _ => {
                        self.ref_error(&format!("{at}/$ref"), format!("dangling or unsupported `$ref`: `{reference}`"));
                        return None;
                    }
                }
            }
        };
        let (location, data) = match p {
            Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
            Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (ParamLocation::Cookie, parameter_data),
        };
        let (s, s_pointer) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (plain(s), format!("{pointer}/schema")),
            // A value in a media type (JSON in practice): its schema; the lowering sends values
            // that are not text as their JSON text.
            ParameterSchemaOrContent::Content(content) => {
                match content.iter().find_map(|(mt, m)| Some((mt, m.schema.as_ref()?))) {
                    Some((mt, schema)) => (plain(schema), format!("{pointer}/content/{}/schema", escape(mt))),
                    None => {
                        self.error(&format!("{pointer}/content"), "a parameter's `content` gives no schema");
                        return None;
                    }
                }
            }
        };
        let shape = self.shape(s, &s_pointer, &format!("{op}.{}", data.name), None)?;
        let array = if shape.repeated { Some(self.array_style(&pointer, location)) } else { None };
        let param = Param {
            name: data.name.clone(),
            location,
            ty: shape.ty,
            array,
            required: data.required || location == ParamLocation::Path,
            doc: data.description.clone().or(shape.doc),
            secret: shape.secret || flag(&data.extensions, "x-wsbind-secret") == Some(true),
            limits: shape.limits,
        };
        Some((param, flag(&data.extensions, "x-wsbind-client-param")))
    }

    /// How the array parameter at `pointer` is written: its `style` and `explode`, or the
    /// defaults of its location (`form` exploded in the query, `simple` in the path and headers).
    fn array_style(&mut self, pointer: &str, location: ParamLocation) -> ArrayStyle {
        let style = self.src.at(&format!("{pointer}/style")).and_then(Value::as_str);
        let form = matches!(location, ParamLocation::Query | ParamLocation::Cookie);
        let explode = self.src.at(&format!("{pointer}/explode")).and_then(Value::as_bool).unwrap_or(match style {
            Some(s) => s == "form",
            None => form,
        });
        match (style, location) {
            (None | Some("form"), ParamLocation::Query | ParamLocation::Cookie) if explode => ArrayStyle::Repeated,
            (None | Some("form"), ParamLocation::Query | ParamLocation::Cookie) => ArrayStyle::Comma,
            (None | Some("simple"), ParamLocation::Path | ParamLocation::Header) => ArrayStyle::Comma,
            (Some("spaceDelimited"), ParamLocation::Query) => ArrayStyle::Space,
            (Some("pipeDelimited"), ParamLocation::Query) => ArrayStyle::Pipe,
            (Some(other), _) => {
                self.warn(
                    &format!("{pointer}/style"),
                    format!("array parameter style `{other}` is not supported yet: its values are joined by `,`"),
                );
                ArrayStyle::Comma
            }
            (None, _) => ArrayStyle::Comma,
        }
    }

    fn service(&mut self, mut drafts: Vec<OpDraft>) -> Service {
        let client_params = self.client_params(&mut drafts);
        for d in &mut drafts {
            let pagination = self.pagination(&d.op, &d.pointer);
            let reply_status = self.reply_status(&d.op, &d.pointer);
            if let Some(rest) = &mut d.op.rest {
                rest.pagination = pagination;
                rest.reply_status = reply_status;
            }
        }
        let info = &self.doc.info;
        let endpoints = self
            .doc
            .servers
            .iter()
            .map(|s| {
                let mut address = s.url.clone();
                for (var, value) in s.variables.iter().flatten() {
                    address = address.replace(&format!("{{{var}}}"), &value.default);
                }
                Endpoint {
                    name: s.description.clone().unwrap_or_else(|| s.url.clone()),
                    address,
                    protocol: Protocol::Rest,
                    policy: None,
                }
            })
            .collect();
        let words: Vec<&str> = info.title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let name = words.join(" ").to_upper_camel_case();
        Service {
            name: if name.is_empty() { "Service".to_owned() } else { name },
            doc: info.description.clone(),
            endpoints,
            client_params,
            security_schemes: Vec::new(),
            operations: drafts.into_iter().map(|d| d.op).collect(),
            origin: self.origin("/info"),
        }
    }

    /// [`Builder::service`] with its security: the schemes of `components.securitySchemes` and
    /// each operation's requirements (`security::Security`), their warnings positioned.
    fn service_with_security(&mut self, src: &Source, mut drafts: Vec<OpDraft>) -> Service {
        let mut security = super::security::Security::read(src, |p| self.origin(p));
        for d in &mut drafts {
            if let Some(rest) = &mut d.op.rest {
                rest.security = security.of_operation(&d.pointer, src);
            }
        }
        security.finish();
        for (pointer, message) in std::mem::take(&mut security.warnings) {
            self.warn(&pointer, message);
        }
        let mut service = self.service(drafts);
        service.security_schemes = security.schemes;
        service
    }

    /// Header parameters every operation has, and the properties of the schemas every request
    /// body includes through `allOf`, become client-level parameters (see the module docs).
    fn client_params(&mut self, drafts: &mut [OpDraft]) -> Vec<Param> {
        let mut client: Vec<Param> = Vec::new();
        let in_all = |name: &str, loc: ParamLocation, drafts: &[OpDraft]| {
            drafts.iter().all(|d| {
                d.op.rest.as_ref().is_some_and(|r| r.params.iter().any(|p| p.name == name && p.location == loc))
            })
        };
        for i in 0..drafts.len() {
            let params = drafts[i].op.rest.as_ref().map(|r| r.params.clone()).unwrap_or_default();
            for p in params {
                let key = (p.name.clone(), p.location);
                let chosen = match drafts[i].overrides.get(&key) {
                    Some(&c) => c,
                    None => p.location == ParamLocation::Header && in_all(&p.name, p.location, drafts),
                } && p.array.is_none();
                if chosen && !client.iter().any(|c| c.name == p.name && c.location == p.location) {
                    client.push(p);
                }
            }
        }
        // Shared `allOf` bases of every request body.
        let mut shared: Option<Vec<String>> = None;
        for d in drafts.iter() {
            let Some(bases) = &d.body_bases else {
                shared = Some(Vec::new());
                break;
            };
            shared = Some(match shared {
                None => bases.clone(),
                Some(s) => s.into_iter().filter(|b| bases.contains(b)).collect(),
            });
        }
        let mut body_names = Vec::new();
        for base in shared.unwrap_or_default() {
            let Some((_, schema, pointer)) = self.schema_ref(&format!("#/components/schemas/{}", escape(&base)), "")
            else {
                continue;
            };
            let v = view(schema);
            for (name, prop) in &v.properties {
                let prop_pointer = format!("{pointer}/properties/{}", escape(name));
                let Some(shape) = self.shape(*prop, &prop_pointer, &format!("{base}.{name}"), None) else {
                    continue;
                };
                if client.iter().any(|c| c.name == *name && c.location == ParamLocation::Body) {
                    continue;
                }
                body_names.push((*name).to_owned());
                client.push(Param {
                    name: (*name).to_owned(),
                    location: ParamLocation::Body,
                    ty: shape.ty,
                    array: None,
                    required: v.required.contains(name),
                    doc: shape.doc,
                    secret: shape.secret,
                    limits: shape.limits,
                });
            }
        }
        for d in drafts.iter_mut() {
            let Some(rest) = &mut d.op.rest else { continue };
            rest.params.retain(|p| !client.iter().any(|c| c.name == p.name && c.location == p.location));
            if let Some(Body { ty: TypeRef::Named(id), .. }) = &rest.request_body
                && let TypeKind::Complex(c) = &mut self.types[id.0].kind
            {
                c.fields.retain(|f| !body_names.contains(&f.name));
            }
        }
        client
    }

    fn complex(&self, ty: &TypeRef) -> Option<&ComplexType> {
        match ty {
            TypeRef::Named(id) => match &self.types.get(id.0)?.kind {
                TypeKind::Complex(c) => Some(c),
                _ => None,
            },
            TypeRef::Builtin(_) => None,
        }
    }

    fn field_at(&self, ty: &TypeRef, path: &[String]) -> Option<&Field> {
        let (first, rest) = path.split_first()?;
        let f = self.complex(ty)?.fields.iter().find(|f| &f.name == first)?;
        if rest.is_empty() { Some(f) } else { self.field_at(&f.ty, rest) }
    }

    fn pagination(&mut self, op: &Operation, pointer: &str) -> Option<Pagination> {
        let rest = op.rest.as_ref()?;
        let request = rest.request_body.as_ref().map(|b| b.ty.clone());
        let response = rest
            .responses
            .iter()
            .find(|r| match r.status {
                StatusMatch::Code(n) => (200..300).contains(&n),
                StatusMatch::Range(d) => d == 2,
                StatusMatch::Default => false,
            })
            .and_then(|r| r.body.as_ref())
            .map(|b| b.ty.clone());
        let ext_pointer = format!("{pointer}/x-wsbind-pagination");
        if let Some(ext) = self.src.at(&ext_pointer) {
            return self.declared_pagination(ext, &ext_pointer, request.as_ref(), response.as_ref());
        }
        let (request, response) = (request?, response?);
        let path = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let (cursor, count) = [path(&["Limitation", "Cursor"]), path(&["Cursor"])]
            .into_iter()
            .map(|c| {
                let mut n = c.clone();
                if let Some(last) = n.last_mut() {
                    *last = "Count".to_owned();
                }
                (c, n)
            })
            .find(|(c, n)| self.field_at(&request, c).is_some() && self.field_at(&request, n).is_some())?;
        let response_cursor = path(&["Cursor"]);
        self.field_at(&response, &response_cursor).filter(|f| !f.occurs.is_repeated())?;
        let arrays: Vec<&Field> = self.complex(&response)?.fields.iter().filter(|f| f.occurs.is_repeated()).collect();
        let [items] = arrays.as_slice() else {
            return None;
        };
        let max_count = self.field_at(&request, &count).and_then(|f| f.limits.maximum).map(|m| m as u64);
        Some(Pagination {
            request_cursor: cursor,
            request_count: count,
            response_cursor,
            response_items: vec![items.name.clone()],
            max_count,
        })
    }

    fn declared_pagination(
        &mut self,
        ext: &Value,
        pointer: &str,
        request: Option<&TypeRef>,
        response: Option<&TypeRef>,
    ) -> Option<Pagination> {
        let mut paths = Vec::new();
        for (key, ty, what) in [
            ("request-cursor", request, "request body"),
            ("request-count", request, "request body"),
            ("response-cursor", response, "success response"),
            ("response-items", response, "success response"),
        ] {
            let Some(text) = ext.get(key).and_then(Value::as_str) else {
                self.error(pointer, format!("`x-wsbind-pagination` needs `{key}` (a dotted property path)"));
                return None;
            };
            let path: Vec<String> = text.split('.').map(str::to_owned).collect();
            let found = ty.and_then(|t| self.field_at(t, &path)).is_some();
            if !found {
                self.error(
                    &format!("{pointer}/{key}"),
                    format!("`x-wsbind-pagination` `{key}`: `{text}` is not a property of the {what}"),
                );
                return None;
            }
            paths.push(path);
        }
        let max_count = ext.get("max-count").and_then(Value::as_u64).or_else(|| {
            request.and_then(|t| self.field_at(t, &paths[1])).and_then(|f| f.limits.maximum).map(|m| m as u64)
        });
        let mut it = paths.into_iter();
        Some(Pagination {
            request_cursor: it.next()?,
            request_count: it.next()?,
            response_cursor: it.next()?,
            response_items: it.next()?,
            max_count,
        })
    }
}

impl Builder<'_> {
    /// `x-wsbind-reply-status` on the operation, or on the schema of its success reply (or on a
    /// schema that one includes through `allOf` `$ref`s): `{ block, code, message }`, property
    /// names of the success reply (`block` a dotted path).
    fn reply_status(&mut self, op: &Operation, pointer: &str) -> Option<ReplyStatus> {
        let rest = op.rest.as_ref()?;
        let success = rest.responses.iter().find(|r| match r.status {
            StatusMatch::Code(n) => (200..300).contains(&n),
            StatusMatch::Range(d) => d == 2,
            StatusMatch::Default => false,
        })?;
        let response = success.body.as_ref().map(|b| b.ty.clone());
        let own = format!("{pointer}/x-wsbind-reply-status");
        let found = if self.src.at(&own).is_some() {
            Some(own)
        } else {
            self.reply_status_in_response(pointer, &success.status)
        };
        let ext_pointer = found?;
        let ext = self.src.at(&ext_pointer)?;
        let text = |key: &str| ext.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(block), code, message) = (text("block"), text("code"), text("message")) else {
            self.error(&ext_pointer, "`x-wsbind-reply-status` needs `block` (a dotted property path)");
            return None;
        };
        if code.is_none() && message.is_none() {
            self.error(&ext_pointer, "`x-wsbind-reply-status` needs `code` or `message` (property names)");
            return None;
        }
        let block: Vec<String> = block.split('.').map(str::to_owned).collect();
        let Some(block_field) = response.as_ref().and_then(|t| self.field_at(t, &block)) else {
            self.error(
                &format!("{ext_pointer}/block"),
                format!(
                    "`x-wsbind-reply-status` `block`: `{}` is not a property of the success reply",
                    block.join(".")
                ),
            );
            return None;
        };
        let block_ty = block_field.ty.clone();
        for (key, name) in [("code", &code), ("message", &message)] {
            if let Some(name) = name
                && self.field_at(&block_ty, std::slice::from_ref(name)).is_none()
            {
                self.error(
                    &format!("{ext_pointer}/{key}"),
                    format!("`x-wsbind-reply-status` `{key}`: `{name}` is not a property of the status block"),
                );
                return None;
            }
        }
        Some(ReplyStatus { block, code, message })
    }

    /// The pointer of an `x-wsbind-reply-status` on the schema of the success reply `status`
    /// (following the response `$ref`, the schema `$ref` and `allOf` `$ref`s).
    fn reply_status_in_response(&self, pointer: &str, status: &StatusMatch) -> Option<String> {
        let responses = self.src.at(&format!("{pointer}/responses"))?.as_object()?;
        let (code, _) = responses.iter().find(|(k, _)| {
            let k = k.trim();
            match status {
                StatusMatch::Code(n) => k.parse::<u16>().is_ok_and(|k| k == *n),
                StatusMatch::Range(d) => k.eq_ignore_ascii_case(&format!("{d}XX")),
                StatusMatch::Default => k == "default",
            }
        })?;
        let mut at = format!("{pointer}/responses/{}", escape(code));
        if let Some(r) = self.src.at(&format!("{at}/$ref")).and_then(Value::as_str) {
            at = r.strip_prefix('#')?.to_owned();
        }
        let content = self.src.at(&format!("{at}/content"))?.as_object()?;
        let mut todo: Vec<String> = content.keys().map(|m| format!("{at}/content/{}/schema", escape(m))).collect();
        let mut seen = 0;
        while let Some(schema) = todo.pop() {
            seen += 1;
            if seen > 64 {
                return None;
            }
            let node = self.src.at(&schema)?;
            if node.get("x-wsbind-reply-status").is_some() {
                return Some(format!("{schema}/x-wsbind-reply-status"));
            }
            if let Some(r) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                todo.push(r.to_owned());
            }
            if let Some(parts) = node.get("allOf").and_then(Value::as_array) {
                for i in 0..parts.len() {
                    todo.push(format!("{schema}/allOf/{i}"));
                }
            }
        }
        None
    }
}

/// Drops the types no operation, parameter or other used type refers to (e.g. schemas only used as
/// `allOf` parts, or whose fields all became client-level parameters), keeping the order.
fn prune(model: &mut Model) {
    let mut used = vec![false; model.types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    let push = |ty: &TypeRef, stack: &mut Vec<TypeId>| {
        if let TypeRef::Named(id) = ty {
            stack.push(*id);
        }
    };
    for service in &model.services {
        for p in &service.client_params {
            push(&p.ty, &mut stack);
        }
        for op in &service.operations {
            let Some(rest) = &op.rest else { continue };
            for p in &rest.params {
                push(&p.ty, &mut stack);
            }
            if let Some(b) = &rest.request_body {
                push(&b.ty, &mut stack);
            }
            for r in &rest.responses {
                if let Some(b) = &r.body {
                    push(&b.ty, &mut stack);
                }
                for h in &r.headers {
                    push(&h.ty, &mut stack);
                }
            }
        }
    }
    while let Some(id) = stack.pop() {
        if id.0 >= used.len() || used[id.0] {
            continue;
        }
        used[id.0] = true;
        match &model.types[id.0].kind {
            TypeKind::Complex(c) => c.fields.iter().for_each(|f| push(&f.ty, &mut stack)),
            TypeKind::Simple(s) => push(&s.base, &mut stack),
            TypeKind::Choice(c) => c.variants.iter().for_each(|f| push(&f.ty, &mut stack)),
            TypeKind::Container(c) => push(&c.item, &mut stack),
            TypeKind::Enum(_) => {}
        }
    }
    let mut map = vec![None; model.types.len()];
    let mut next = 0;
    for (i, u) in used.iter().enumerate() {
        if *u {
            map[i] = Some(TypeId(next));
            next += 1;
        }
    }
    let remap = |ty: &mut TypeRef| {
        if let TypeRef::Named(id) = ty
            && let Some(Some(new)) = map.get(id.0)
        {
            *id = *new;
        }
    };
    let old = std::mem::take(&mut model.types);
    model.types = old.into_iter().zip(used).filter(|(_, u)| *u).map(|(t, _)| t).collect();
    for t in &mut model.types {
        match &mut t.kind {
            TypeKind::Complex(c) => c.fields.iter_mut().for_each(|f| remap(&mut f.ty)),
            TypeKind::Simple(s) => remap(&mut s.base),
            TypeKind::Choice(c) => c.variants.iter_mut().for_each(|f| remap(&mut f.ty)),
            TypeKind::Container(c) => remap(&mut c.item),
            TypeKind::Enum(_) => {}
        }
    }
    for service in &mut model.services {
        for p in &mut service.client_params {
            remap(&mut p.ty);
        }
        for op in &mut service.operations {
            let Some(rest) = &mut op.rest else { continue };
            rest.params.iter_mut().for_each(|p| remap(&mut p.ty));
            if let Some(b) = &mut rest.request_body {
                remap(&mut b.ty);
            }
            for r in &mut rest.responses {
                if let Some(b) = &mut r.body {
                    remap(&mut b.ty);
                }
                r.headers.iter_mut().for_each(|h| remap(&mut h.ty));
            }
        }
    }
}
