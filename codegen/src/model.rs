//! The service model: the one contract between the front ends (WSDL/XSD, OpenAPI) and the emitter.
//!
//! It describes *what* a service offers — types, global elements, operations and the bindings that
//! carry them (SOAP 1.1/1.2, ASMX-style HTTP GET/POST, REST) — with wire names only. It never
//! mentions XML nodes or YAML; Rust names are chosen later by the emitter's naming stage.
//!
//! Types live in an ordered arena ([`Model::types`]) and refer to each other by [`TypeId`], so
//! recursive and mutually recursive schemas are plain data. Every collection is kept in a
//! deterministic order (document order, then sorted where the front end merges files), which is
//! what makes regeneration byte-identical.

use std::fmt;
use std::path::PathBuf;

/// Where a definition came from, for documentation and diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Path of the source file, relative to the service's schema folder where possible.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A wire name: namespace URI (XML) or `None` (JSON, unqualified XML), plus local name.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: Option<String>,
    pub local: String,
}

impl QName {
    pub fn new(ns: Option<&str>, local: &str) -> Self {
        QName { ns: ns.filter(|n| !n.is_empty()).map(str::to_owned), local: local.to_owned() }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Index of a global element in [`Model::elements`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ElementId(pub usize);

/// Everything one generated module is made from.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Rust module name of the service set (`tc2`, `sos`, ...), already a valid identifier.
    pub module: String,
    /// Input files, relative to the repository (or to the invocation), for the `@generated` header.
    pub sources: Vec<String>,
    /// Every file read to build the model (top-level inputs, imports, includes), as opened: what a
    /// build script watches with `cargo::rerun-if-changed`.
    pub read_files: Vec<PathBuf>,
    /// Module documentation (WSDL `documentation`, OpenAPI `info.description`).
    pub doc: Option<String>,
    /// All named and anonymous types, in a stable order.
    pub types: Vec<TypeDef>,
    /// Global elements (XSD top-level `element`s, plus wrappers synthesised for rpc style).
    pub elements: Vec<ElementDecl>,
    /// Services (WSDL `service`s, or the one service of an OpenAPI document).
    pub services: Vec<Service>,
    /// Positioned warnings of the front end: constructs it does not model yet and kept as raw
    /// values instead of refusing the description (an error in strict mode).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

impl Model {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
    pub fn element(&self, id: ElementId) -> &ElementDecl {
        &self.elements[id.0]
    }

    /// The built-in `ty` resolves to through simple (non-list) aliases; `None` for records,
    /// enumerations, lists, unknown types and chains of more than 32 aliases (cycles).
    pub fn resolve_builtin(&self, ty: &TypeRef) -> Option<Builtin> {
        let mut ty = ty;
        for _ in 0..=32 {
            match ty {
                TypeRef::Builtin(b) => return Some(*b),
                TypeRef::Named(id) => match self.types.get(id.0).map(|t| &t.kind) {
                    Some(TypeKind::Simple(s)) if !s.list => ty = &s.base,
                    _ => return None,
                },
            }
        }
        None
    }

    /// The types (by index) reachable from `seeds` through fields, choice alternatives, simple
    /// bases and container items, the seeds' own included.
    pub fn reachable(&self, mut seeds: Vec<TypeRef>) -> std::collections::BTreeSet<usize> {
        let mut out = std::collections::BTreeSet::new();
        while let Some(ty) = seeds.pop() {
            let TypeRef::Named(id) = ty else { continue };
            let Some(t) = self.types.get(id.0) else { continue };
            if !out.insert(id.0) {
                continue;
            }
            match &t.kind {
                TypeKind::Complex(c) => seeds.extend(c.fields.iter().map(|f| f.ty.clone())),
                TypeKind::Choice(c) => seeds.extend(c.variants.iter().map(|f| f.ty.clone())),
                TypeKind::Simple(s) => seeds.push(s.base.clone()),
                TypeKind::Container(c) => seeds.push(c.item.clone()),
                TypeKind::Enum(_) => {}
            }
        }
        out
    }

    /// True when values of `ty` have a lexical form (a text value): built-ins but `anyType`,
    /// enumerations, and simple types (lists included) over those; false for records, unknown
    /// types and chains of more than 32 simple types (cycles).
    pub fn is_text(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..=32 {
            match ty {
                TypeRef::Builtin(b) => return *b != Builtin::AnyType,
                TypeRef::Named(id) => match self.types.get(id.0).map(|t| &t.kind) {
                    Some(TypeKind::Enum(_)) => return true,
                    Some(TypeKind::Simple(s)) => ty = &s.base,
                    _ => return false,
                },
            }
        }
        false
    }
}

/// One type definition.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Wire name. For anonymous types this is a derived name (see `anonymous`).
    pub name: QName,
    /// True when the schema gave no name and `name` was derived from the context
    /// (e.g. the element `GetFoo` or the property path `Order.Items`).
    pub anonymous: bool,
    pub doc: Option<String>,
    pub origin: Origin,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A record: XSD complex type, OpenAPI object.
    Complex(ComplexType),
    /// A restriction with enumerated values. Generated enums always keep unknown values.
    Enum(EnumType),
    /// A typedef: named simple restriction without enumeration (facets kept), `list`, `union`.
    Simple(SimpleType),
    /// A sum type: an XSD `choice`, a base type and its derived types, an OpenAPI `oneOf` / `anyOf`.
    Choice(ChoiceType),
    /// An OpenAPI array or map where a type is expected (a top-level array or map body, an array
    /// of arrays, an `additionalProperties` map): an alias of `Vec<T>` or `BTreeMap<String, T>`.
    Container(Container),
}

/// A JSON array or object of values of one type.
#[derive(Debug, Clone)]
pub struct Container {
    pub kind: ContainerKind,
    pub item: TypeRef,
    /// The items may be `null` (`Option<T>` items).
    pub nullable_items: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// A JSON array: `Vec<T>`.
    List,
    /// A JSON object with arbitrary keys (`additionalProperties`): `BTreeMap<String, T>`.
    Map,
}

#[derive(Debug, Clone, Default)]
pub struct ComplexType {
    /// The type this one extends or restricts (`complexContent`), if any. Its fields are already
    /// copied, first, into `fields` (flattened), so the emitter does not need to walk bases;
    /// `base` is kept for documentation and `xsi:type` dispatch.
    pub base: Option<TypeId>,
    /// Types that derive from this one (filled by the front end), for `xsi:type` decoding.
    pub derived: Vec<TypeId>,
    pub is_abstract: bool,
    /// Element content, attributes, simple-content value and wildcards, in wire order.
    pub fields: Vec<Field>,
    /// `mixed="true"`: text between child elements is allowed (kept only inside raw XML).
    pub mixed: bool,
}

/// One member of a complex type.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name: element/attribute local name or JSON property name. For `FieldKind::Text`
    /// and `FieldKind::Any` a descriptive name (`value`, `any`).
    pub name: String,
    /// Element or attribute namespace when qualified; `None` when unqualified or JSON.
    pub ns: Option<String>,
    pub kind: FieldKind,
    pub ty: TypeRef,
    pub occurs: Occurs,
    /// `nillable="true"` (XML) / `nullable: true` (JSON).
    pub nillable: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
    /// Credentials and tokens: never printed by `Debug` nor put into error messages.
    pub secret: bool,
    /// Facets and documented limits, checked before sending where the emitter can.
    pub limits: Limits,
    /// Set by the `ArrayOfX` pass (or OpenAPI `xml.wrapped`): the element named `name` wraps
    /// repeated `item` elements, and the field is a `Vec` of the item type.
    pub array_item: Option<ArrayItem>,
    pub origin: Origin,
}

impl Field {
    /// A field with no facets, doc, default or marks: the common starting point.
    pub fn plain(
        name: impl Into<String>,
        ns: Option<String>,
        kind: FieldKind,
        ty: TypeRef,
        occurs: Occurs,
        origin: Origin,
    ) -> Field {
        Field {
            name: name.into(),
            ns,
            kind,
            ty,
            occurs,
            nillable: false,
            default: None,
            fixed: None,
            doc: None,
            secret: false,
            limits: Limits::default(),
            array_item: None,
            origin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A child element (XML) or a property (JSON).
    Element,
    /// An XML attribute.
    Attribute,
    /// The character content of a `simpleContent` type.
    Text,
    /// An `xs:any` wildcard: unmatched child elements kept as raw XML.
    Any,
    /// An `xs:anyAttribute` wildcard: unmatched attributes kept as (name, value) pairs.
    AnyAttribute,
    /// A `choice` (type is a [`TypeKind::Choice`]) whose alternatives are elements of this parent.
    Choice,
    /// A choice's alternative that is a sequence (or group) of elements, not one element: the
    /// fields of the record `ty` stand in the choice's place, without an element of their own.
    /// Only among [`ChoiceType::variants`]; its `name` names the alternative (a group's name, or
    /// the sequence's first element's).
    Group,
}

/// `minOccurs` / `maxOccurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurs {
    pub min: u32,
    /// `None` for `unbounded`.
    pub max: Option<u32>,
}

impl Occurs {
    pub const ONE: Occurs = Occurs { min: 1, max: Some(1) };
    pub const OPTIONAL: Occurs = Occurs { min: 0, max: Some(1) };
    pub const MANY: Occurs = Occurs { min: 0, max: None };
    /// More than one occurrence allowed: the field is a `Vec`.
    pub fn is_repeated(self) -> bool {
        self.max.is_none_or(|m| m > 1)
    }
    /// May be absent: the field is an `Option` (unless repeated).
    pub fn is_optional(self) -> bool {
        self.min == 0
    }
}

/// The repeated item of an array wrapper (`ArrayOfX` in XSD, `xml.wrapped` in OpenAPI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayItem {
    pub name: String,
    pub ns: Option<String>,
    pub nillable: bool,
}

/// Facets (XSD) and validation keywords (OpenAPI) the generated code can check before sending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Patterns a value must match, every one of them: one per XSD derivation step (a restriction's
    /// own first, then its bases'; the patterns of one step are already one alternation), or the
    /// OpenAPI `pattern`.
    pub patterns: Vec<String>,
    /// The syntax `patterns` are written in (XSD regular expression or ECMA-262).
    pub pattern_syntax: PatternSyntax,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// Free-text limits the schema documents but no keyword expresses
    /// (e.g. Mews' "max length 3 months" on an interval); kept for the docs.
    pub note: Option<String>,
    /// Longest allowed interval, in calendar months, of a field whose type is an interval object
    /// (its first two date-time fields are the start and the end; OpenAPI
    /// `x-wsbind-max-interval-months`). Checked before sending.
    pub max_months: Option<u32>,
}

impl Limits {
    /// Adds the limits of `base` (of the type this value's type restricts) where this has none;
    /// patterns add up, as a value of a restriction must match the patterns of every derivation
    /// step (XML Schema Part 2, 4.3.4.3), while a restriction's own lengths and bounds are the
    /// narrower ones.
    pub fn inherit(&mut self, base: &Limits) {
        self.min_length = self.min_length.or(base.min_length);
        self.max_length = self.max_length.or(base.max_length);
        self.min_items = self.min_items.or(base.min_items);
        self.max_items = self.max_items.or(base.max_items);
        if self.patterns.is_empty() {
            // One front end writes both, so they share a syntax; an empty `self` has the default.
            self.pattern_syntax = base.pattern_syntax;
        }
        for p in &base.patterns {
            if !self.patterns.contains(p) {
                self.patterns.push(p.clone());
            }
        }
        self.minimum = self.minimum.or(base.minimum);
        self.maximum = self.maximum.or(base.maximum);
        self.max_months = self.max_months.or(base.max_months);
        self.note = match (self.note.take(), &base.note) {
            (Some(a), Some(b)) if &a != b => Some(format!("{a}; {b}")),
            (a, b) => a.or_else(|| b.clone()),
        };
    }
}

/// The regular-expression language of a `pattern` limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PatternSyntax {
    /// XSD (Part 2, appendix F): anchored to the whole value, `\i`/`\c` name classes, class subtraction.
    #[default]
    Xsd,
    /// ECMA-262 (OpenAPI `pattern`): unanchored, a match anywhere in the value.
    Ecma,
}

#[derive(Debug, Clone)]
pub struct EnumType {
    /// The primitive the values are spelled in (almost always `String`).
    pub base: Builtin,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value exactly as on the wire.
    pub value: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SimpleType {
    pub base: TypeRef,
    /// `xs:list`: whitespace-separated items of `base`.
    pub list: bool,
    pub limits: Limits,
}

/// A sum type: exactly one of several alternatives, told apart on the wire by `discriminator`.
///
/// The one sum-type concept of the model, for both front ends: an XSD `choice` and a base type
/// with its derived types (XML), an OpenAPI `oneOf` / `anyOf` (JSON).
#[derive(Debug, Clone, Default)]
pub struct ChoiceType {
    /// The alternatives. Each is an element (occurs tells whether it may repeat); for
    /// [`Discriminator::XsiType`] each is one type, its `name`/`ns` the type's QName. For a JSON
    /// sum ([`Discriminator::Property`], [`Discriminator::Untagged`]) each is one alternative
    /// schema: `name` is a label (the schema name of a `$ref`, else the inline schema's `title`,
    /// else its JSON type), `ty` its type (a repeated one is an array of `ty`).
    pub variants: Vec<Field>,
    /// The choice itself is optional (`minOccurs=0`).
    pub optional: bool,
    pub discriminator: Discriminator,
}

/// What tells the alternatives of a [`ChoiceType`] apart on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Discriminator {
    /// The alternative's element name (an XSD `choice`).
    #[default]
    Element,
    /// The `xsi:type` of the element: a complex type `base` and the types derived from it, where a
    /// field declares `base`. With `base_variant`, the first alternative is `base` itself (decoded
    /// when `xsi:type` is absent; an abstract base has none). A type the schema does not declare
    /// is an unknown case that keeps the raw XML.
    XsiType { base: TypeId, base_variant: bool },
    /// A JSON `oneOf` / `anyOf` with a `discriminator`: the value of the object property `name`
    /// chooses the alternative. `mapping` lists each tag value with the index of its alternative
    /// (the OpenAPI `mapping` entries in document order, then each alternative no entry names
    /// under its schema name); an alternative may have several. Every alternative is an object
    /// declaring the property. A value with another tag is an unknown case that keeps the raw JSON.
    Property { name: String, mapping: Vec<(String, usize)> },
    /// A JSON `oneOf` / `anyOf` without a discriminator: the alternatives are tried in order (see
    /// the runtime's `wsbind::rest::sum`); a value none of them accepts is an unknown case that
    /// keeps the raw JSON.
    Untagged,
}

impl ChoiceType {
    /// True for a base type and its derived types ([`Discriminator::XsiType`]).
    pub fn by_xsi_type(&self) -> bool {
        matches!(self.discriminator, Discriminator::XsiType { .. })
    }

    /// True for a JSON sum (`oneOf` / `anyOf`): [`Discriminator::Property`] or
    /// [`Discriminator::Untagged`], which keep an unknown alternative as raw JSON.
    pub fn is_json(&self) -> bool {
        matches!(self.discriminator, Discriminator::Property { .. } | Discriminator::Untagged)
    }

    /// The tag values that choose alternative `n` of a [`Discriminator::Property`] sum, in order
    /// (empty for the other discriminators).
    pub fn tags(&self, n: usize) -> Vec<&str> {
        match &self.discriminator {
            Discriminator::Property { mapping, .. } => {
                mapping.iter().filter(|(_, i)| *i == n).map(|(tag, _)| tag.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// A reference to a type: a built-in primitive or an arena entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Builtin(Builtin),
    Named(TypeId),
}

/// XSD built-in types (and the JSON formats that map onto them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Builtin {
    /// string, normalizedString, token, Name, NCName, ID, IDREF, language, NMTOKEN, ...
    String,
    Boolean,
    /// byte
    I8,
    /// short
    I16,
    /// int
    I32,
    /// long
    I64,
    /// unsignedByte
    U8,
    /// unsignedShort
    U16,
    /// unsignedInt
    U32,
    /// unsignedLong
    U64,
    /// integer, nonNegativeInteger, positiveInteger, ... (unbounded: kept exact as a decimal)
    Integer,
    Decimal,
    Float,
    Double,
    /// dateTime (offset optional on the wire)
    DateTime,
    Date,
    Time,
    Duration,
    Base64Binary,
    HexBinary,
    /// WS-I Attachments Profile `ref:swaRef`: a `cid:` URL naming a MIME part of the message
    /// (SOAP with Attachments), read as that part's bytes.
    SwaRef,
    AnyUri,
    QName,
    /// Microsoft serialization `guid`, OpenAPI `format: uuid`: kept as a string.
    Guid,
    /// anyType: arbitrary content, kept as raw XML (XML) or a JSON value (JSON).
    AnyType,
    /// anySimpleType: any text.
    AnySimpleType,
    /// Any JSON value (OpenAPI free-form objects, `{}`, and constructs not modelled yet): kept
    /// as `wsbind::rest::JsonValue`.
    Json,
    /// Raw bytes (OpenAPI `format: binary`, binary bodies): `wsbind::rest::Binary`.
    Binary,
}

/// A top-level element (or a synthesised rpc wrapper).
#[derive(Debug, Clone)]
pub struct ElementDecl {
    pub name: QName,
    pub ty: TypeRef,
    pub nillable: bool,
    pub is_abstract: bool,
    /// Head of this element's substitution group, if any.
    pub substitution_group: Option<ElementId>,
    pub doc: Option<String>,
    pub origin: Origin,
}

/// A service: a named set of operations reachable at one or more endpoints.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// Wire name (WSDL `service/@name`, OpenAPI `info.title` reduced to an identifier).
    pub name: String,
    pub doc: Option<String>,
    pub endpoints: Vec<Endpoint>,
    /// Values set once on the client and sent with every operation (Mews' `ClientToken`,
    /// AIM's `ApiKey` header). SOAP headers are not listed here: they are per operation.
    pub client_params: Vec<Param>,
    /// The security schemes operations may require (OpenAPI `components.securitySchemes`), in
    /// document order; [`RestBinding::security`] refers to them by index.
    pub security_schemes: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    pub origin: Origin,
}

/// A port (WSDL) or server (OpenAPI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Port name or server description.
    pub name: String,
    /// Base address (`soap:address/@location`, `servers[].url`).
    pub address: String,
    pub protocol: Protocol,
    /// What the WS-Policy attached to the port's binding asks (WSDL only), when it asks anything.
    pub policy: Option<WsPolicy>,
}

/// What a WS-Policy attached to a WSDL binding asks of a client (WS-SecurityPolicy 1.1 / 1.2,
/// MTOM): the binding's policy, its operations' and their input and output messages' merged, each
/// `wsp:ExactlyOne` read as its first alternative, `wsp:Optional` and `wsp:Ignorable` assertions
/// left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WsPolicy {
    /// `sp:TransportBinding` with an `sp:HttpsToken`.
    pub https: bool,
    /// An `sp:UsernameToken` (in a supporting-tokens assertion or alone).
    pub username_token: Option<PasswordKind>,
    /// `sp:IncludeTimestamp`.
    pub timestamp: bool,
    /// `sp:AsymmetricBinding` with an `sp:X509Token` initiator token: requests are signed, the
    /// certificate named as the token asks.
    pub x509_signature: Option<KeyRef>,
    /// `sp:SignedParts/sp:Header` of the input messages (name and namespace), in document order.
    pub signed_headers: Vec<QName>,
    /// An `sp:X509Token` recipient token: the service signs its replies.
    pub signed_replies: bool,
    /// `wsoma:OptimizedMimeSerialization`.
    pub mtom: bool,
    /// The local name of the `sp:AlgorithmSuite`'s assertion (`Basic256Sha256`).
    pub algorithm_suite: Option<String>,
    /// Assertions a client cannot honour, as written (`sp:SymmetricBinding`, `sp:EncryptedParts`,
    /// `wsaw:UsingAddressing`), each once, in document order.
    pub unsupported: Vec<String>,
    /// Where the (first) policy attached to the binding is.
    pub origin: Origin,
}

/// How a `UsernameToken` password travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PasswordKind {
    /// As it is.
    Text,
    /// `sp:HashPassword`: the WS-Security password digest.
    Digest,
}

/// How a signature names the client's certificate (the initiator `sp:X509Token`'s assertions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyRef {
    /// The certificate travels in a `BinarySecurityToken` (no reference assertion).
    Token,
    /// `sp:RequireIssuerSerialReference`.
    IssuerSerial,
    /// `sp:RequireKeyIdentifierReference`.
    KeyIdentifier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Soap11,
    Soap12,
    HttpGet,
    HttpPost,
    Rest,
}

#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// Wire name (WSDL operation name, OpenAPI `operationId`).
    pub name: String,
    pub doc: Option<String>,
    /// The request body element (SOAP document style; rpc wrappers are synthesised elements).
    pub input: Option<ElementId>,
    /// The response body element.
    pub output: Option<ElementId>,
    pub faults: Vec<Fault>,
    pub soap: Vec<SoapBinding>,
    pub http: Vec<HttpBinding>,
    pub rest: Option<RestBinding>,
    pub origin: Origin,
}

/// A declared fault: its name and the detail element it carries.
#[derive(Debug, Clone)]
pub struct Fault {
    pub name: String,
    pub detail: Option<ElementId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SoapVersion {
    V11,
    V12,
}

/// How one operation travels over SOAP 1.1 or 1.2.
#[derive(Debug, Clone)]
pub struct SoapBinding {
    pub version: SoapVersion,
    /// `soapAction` (1.1 header / 1.2 `action` parameter). Empty string when none is given.
    pub action: String,
    /// rpc style: the body element is a wrapper synthesised from the message parts.
    pub rpc: bool,
    /// `use="encoded"`: parts carry `xsi:type`, arrays are SOAP-ENC arrays.
    pub encoded: bool,
    pub input_headers: Vec<SoapHeader>,
    pub output_headers: Vec<SoapHeader>,
}

#[derive(Debug, Clone)]
pub struct SoapHeader {
    pub element: ElementId,
    /// WSDL does not say whether a header is required; ASMX headers are optional on the wire.
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

/// An ASMX-style HTTP GET/POST binding: named parameters in the query string or a form body,
/// an XML document as the reply.
#[derive(Debug, Clone)]
pub struct HttpBinding {
    pub method: HttpMethod,
    /// Path relative to the endpoint address (`/GetPartnerCameraRefreshToken`).
    pub location: String,
    /// The message parts, in order; ASMX types them all `string`.
    pub params: Vec<Param>,
    /// The reply's document element.
    pub output: Option<ElementId>,
}

/// A REST operation: method, path template, parameters and bodies.
#[derive(Debug, Clone)]
pub struct RestBinding {
    pub method: HttpMethod,
    /// Path template relative to the endpoint address, with `{name}` placeholders.
    pub path: String,
    pub params: Vec<Param>,
    pub request_body: Option<Body>,
    /// Declared responses, in status order (`default` last).
    pub responses: Vec<Response>,
    /// Cursor pagination, when the operation pages through results.
    pub pagination: Option<Pagination>,
    /// An in-body status block of the success reply that reports failures (AIM's `Status`;
    /// OpenAPI `x-wsbind-reply-status`).
    pub reply_status: Option<ReplyStatus>,
    /// The credentials the operation accepts, one [`SecurityRequirement`] per alternative (OpenAPI
    /// `security`, the operation's or else the document's): any one of them, each of its schemes
    /// together. Empty: no credentials are sent.
    pub security: Vec<SecurityRequirement>,
}

/// Where a success reply carries an in-body failure report: the block's property path from the
/// reply root and the names of its error code and message properties (at least one is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyStatus {
    pub block: Vec<String>,
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Query,
    Header,
    Path,
    /// A property of the JSON request body (client-level parameters only).
    Body,
    /// A cookie (sent in the `Cookie` header).
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// Wire name.
    pub name: String,
    pub location: ParamLocation,
    /// The type of the value, or of each value of an array parameter (`array`).
    pub ty: TypeRef,
    /// An array parameter: how its values are written.
    pub array: Option<ArrayStyle>,
    pub required: bool,
    pub doc: Option<String>,
    pub secret: bool,
    pub limits: Limits,
}

/// How the values of an array parameter are written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArrayStyle {
    /// The parameter once per value, `a=1&a=2` (`form` with `explode: true`, the query default).
    Repeated,
    /// One parameter, values joined by `,` (`form` with `explode: false`; `simple`, the path and
    /// header default).
    Comma,
    /// Values joined by a space (`spaceDelimited`).
    Space,
    /// Values joined by `|` (`pipeDelimited`).
    Pipe,
}

impl ArrayStyle {
    /// The separator of the joined styles; `None` for [`ArrayStyle::Repeated`].
    pub fn separator(self) -> Option<&'static str> {
        match self {
            ArrayStyle::Repeated => None,
            ArrayStyle::Comma => Some(","),
            ArrayStyle::Space => Some(" "),
            ArrayStyle::Pipe => Some("|"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaType {
    Json,
    Xml,
    /// `application/x-www-form-urlencoded` (request bodies only).
    Form,
    /// `multipart/form-data` (request bodies only).
    Multipart,
    /// `text/*` and textual `application/` types: the body is a string.
    Text,
    /// Any other media type (`application/octet-stream`, images): the body is bytes.
    Binary,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    /// Accepted encodings, preferred first.
    pub media: Vec<MediaType>,
    /// The declared media types of the first kind in [`Body::media`], in document order
    /// (`image/png`, `image/jpeg`): the `Content-Type` of a text or binary request and the
    /// `Accept` of such a reply.
    pub media_names: Vec<String>,
    /// XML root element name (OpenAPI `xml` object), when XML is among the media types.
    pub xml_root: Option<QName>,
    pub required: bool,
    /// The examples the description gives for a JSON body, in document order.
    pub examples: Vec<BodyExample>,
}

/// A documented example of a JSON body (OpenAPI `example`, or one of `examples`).
#[derive(Debug, Clone)]
pub struct BodyExample {
    /// `example`, or the key in `examples`.
    pub name: String,
    /// The value, as JSON text.
    pub json: String,
    /// Where the value is written.
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` style ranges: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusMatch,
    pub doc: Option<String>,
    pub body: Option<Body>,
    /// Response headers worth surfacing (e.g. `Retry-After`).
    pub headers: Vec<Param>,
}

/// Cursor pagination: where the cursor and page size go in the request, where the next cursor
/// and the items come back in the response. Each path is a list of JSON property names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub request_cursor: Vec<String>,
    pub request_count: Vec<String>,
    pub response_cursor: Vec<String>,
    pub response_items: Vec<String>,
    pub max_count: Option<u64>,
}

/// A way a service authenticates callers (an OpenAPI `components.securitySchemes` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in `securitySchemes` (what `security` requirements name).
    pub name: String,
    pub kind: SecurityKind,
    pub doc: Option<String>,
    pub origin: Origin,
}

/// What a [`SecurityScheme`] sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header, query parameter or cookie named `param`.
    ApiKey { location: ApiKeyLocation, param: String },
    /// HTTP basic authentication: `Authorization: Basic base64(user:password)`.
    Basic,
    /// A bearer token, `Authorization: Bearer <token>`: HTTP `bearer`, and the access tokens of
    /// OAuth 2 flows and OpenID Connect (the client gets them from a token provider; `flows` names
    /// the OAuth 2 flows, or OpenID Connect, for the documentation).
    Bearer { format: Option<String>, flows: Vec<String> },
    /// A scheme the client cannot send (`mutualTLS`, an HTTP scheme other than basic and bearer):
    /// the front end warned, and requirements naming it are left out.
    Unsupported { what: String },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// One alternative of an operation's security: every scheme listed, together (indices into
/// [`Service::security_schemes`], with the OAuth 2 scopes asked for). No scheme: the operation
/// may also be called without credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityRequirement {
    pub schemes: Vec<(usize, Vec<String>)>,
}
