//! The streaming pull decoder: [`Reader`] walks a document held in memory with the runtime's
//! own tokenizer ([`scan`](super::scan)), resolving names to namespace URIs and checking what
//! the tokens mean (the name rule, declared prefixes, attribute values, references, nesting);
//! the element path that error messages print is built from the tokenizer's stack only when an
//! error is raised. [`Start`] is one start tag; [`Slot`] is where a decoded child goes.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::entities;
use super::error::{DecodeError, DecodeErrorKind};
use super::name::{Name, XSI_NS};
use super::other_attributes::{OtherAttribute, OtherAttributes};
use super::raw::RawXml;
use super::scan::{self, Open, RawAttr, ScanError, Scanner, Tag, Token};
use super::text::Text;
use crate::mtom::{Attachments, XOP_NS};
use crate::secret_names::is_secret_name;

/// How deep [`Reader::next_child`] descends: generated decoders recurse once per element level,
/// so a reply nested without bound (a few bytes per level) would otherwise overflow the stack.
/// Real SOAP and REST documents stay far below it; serde_json's own limit is 128.
pub const MAX_NESTING: usize = 256;

/// A namespace URI as the reader hands it out: borrowed from the document (a declaration
/// without references, nearly always) or resolved from one that has them.
type Uri<'a> = Cow<'a, str>;

/// One attribute of a [`Start`] (namespace declarations excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attr<'a> {
    ns: Option<Uri<'a>>,
    local: &'a str,
    value: Cow<'a, str>,
}

/// A start tag read by [`Reader::next_child`] / [`Reader::root`]: resolved name, attributes,
/// `xsi:nil` and `xsi:type`.
///
/// It borrows its names from the document (`'a`, the [`Reader`]'s input): reading a tag copies
/// and counts nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start<'a> {
    ns: Option<Uri<'a>>,
    local: &'a str,
    /// Attributes and `xsi:type`: boxed, as most tags have none and a `Start` is moved on every
    /// element (a small one moves in registers and cache lines, not across them).
    extra: Option<Box<StartExtra<'a>>>,
    /// Byte offset of `<`.
    pos: u64,
    /// Length of the start tag in bytes (its content starts at `pos + tag_len`).
    tag_len: u32,
    nil: bool,
    /// Whether the tag declares namespaces (the reader pops their scope with the element).
    declares: bool,
}

/// What a [`Start`] has when its tag has attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct StartExtra<'a> {
    attrs: Vec<Attr<'a>>,
    xsi_type: Option<(Option<Uri<'a>>, String)>,
}

impl<'a> Start<'a> {
    /// `(namespace URI, local name)`.
    pub fn name(&self) -> (Option<&str>, &'a str) {
        (self.ns.as_deref(), self.local)
    }

    /// The local name.
    pub fn local(&self) -> &'a str {
        self.local
    }

    /// Whether the name is `name`.
    pub fn is(&self, name: Name<'_>) -> bool {
        same(self.local, name.local) && same_ns(self.ns.as_deref(), name.ns)
    }

    /// The (unescaped) value of attribute `{ns}local`.
    pub fn attr(&self, ns: Option<&str>, local: &str) -> Option<&str> {
        self.attrs().iter().find(|a| a.ns.as_deref() == ns && a.local == local).map(|a| a.value.as_ref())
    }

    /// Whether the element has `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// The resolved `xsi:type`, as `(namespace URI, local name)`.
    pub fn xsi_type(&self) -> Option<(Option<&str>, &str)> {
        self.extra.as_ref()?.xsi_type.as_ref().map(|(ns, local)| (ns.as_deref(), local.as_str()))
    }

    /// The attributes (declarations left out).
    fn attrs(&self) -> &[Attr<'a>] {
        self.extra.as_ref().map_or(&[], |extra| &extra.attrs)
    }

    /// Byte offset just after the start tag.
    fn content_pos(&self) -> u64 {
        self.pos + u64::from(self.tag_len)
    }

    /// The resolved `xsi:type` in Clark notation (`{namespace}local`, or `local` when it has
    /// no namespace); [`Name::from_clark`] reads it back.
    pub fn xsi_type_name(&self) -> Option<String> {
        self.extra.as_ref()?.xsi_type.as_ref().map(|(ns, local)| match ns {
            Some(ns) => format!("{{{ns}}}{local}"),
            None => local.to_owned(),
        })
    }

    /// The attributes other than `known` (the declared ones), `xsi:type` and `xsi:nil`, in
    /// document order: what an `xs:anyAttribute` wildcard keeps.
    pub fn other_attributes(&self, known: &[Name<'_>]) -> OtherAttributes {
        let others = self
            .attrs()
            .iter()
            .filter(|a| {
                let xsi = a.ns.as_deref() == Some(XSI_NS) && matches!(a.local, "type" | "nil");
                !xsi && !known.iter().any(|k| k.ns == a.ns.as_deref() && k.local == a.local)
            })
            .map(|a| OtherAttribute {
                ns: a.ns.as_deref().map(str::to_owned),
                local: a.local.to_owned(),
                value: a.value.to_string(),
            })
            .collect();
        OtherAttributes(others)
    }
}

/// A record field's local slot as [`Reader::record`] sees it: every [`Slot`] (`Option<T>`,
/// `Vec<T>`) is one, and so is a choice field's, wrapped in [`Alternatives`](super::Alternatives). The reading rules
/// (duplicates, `xsi:nil`, arrays) are the reader's, in non-generic code: a slot only decodes and
/// stores a value.
pub trait FieldSlot {
    /// Whether another value would be a duplicate (never for a choice: it checks for itself).
    fn is_full(&self) -> bool;

    /// Decodes `start` and stores the value (a choice: reads the alternative `start`).
    fn decode_into(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError>;

    /// Reads `start` into the slot as [`Reader::read`] does (a choice: reads the alternative):
    /// the common case in one dynamic call.
    fn read_value(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError>;

    /// Whether `(ns, local)` is one of the alternatives of a choice slot (`false` otherwise).
    fn accepts(&self, _ns: Option<&str>, _local: &str) -> bool {
        false
    }

    /// Reads `start`, an element no entry of the record takes, into a choice slot's unknown
    /// case, when the choice keeps unknown elements and can hold one more (`true`); `false`
    /// otherwise, and for every other slot.
    fn take_unknown(&mut self, _r: &mut Reader<'_>, _start: &Start) -> Result<bool, DecodeError> {
        Ok(false)
    }
}

impl<S: Slot> FieldSlot for S {
    fn is_full(&self) -> bool {
        Slot::is_full(self)
    }

    fn decode_into(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        let value = S::Item::decode(r, start)?;
        self.put(value);
        Ok(())
    }

    fn read_value(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        r.read(start, self)
    }
}

/// Where a decoded child element goes: `Option<T>` (a second occurrence is a `Duplicate`
/// error, `xsi:nil` leaves `None`) or `Vec<T>` (pushed, nil items skipped).
pub trait Slot {
    /// The decoded type.
    type Item: Decode;
    /// Whether another value would be a duplicate.
    fn is_full(&self) -> bool;
    /// Stores a decoded value.
    fn put(&mut self, item: Self::Item);
}

impl<T: Decode> Slot for Option<T> {
    type Item = T;

    fn is_full(&self) -> bool {
        self.is_some()
    }

    fn put(&mut self, item: T) {
        *self = Some(item);
    }
}

impl<T: Decode> Slot for Vec<T> {
    type Item = T;

    fn is_full(&self) -> bool {
        false
    }

    fn put(&mut self, item: T) {
        self.push(item);
    }
}

/// Streaming decoder over an XML document held in memory.
pub struct Reader<'a> {
    scan: Scanner<'a>,
    input: &'a [u8],
    /// The element the last end tag closed: still the current element (errors raised after a
    /// child loop name it) until the next read, which pops its namespace scope.
    pending: Option<Open>,
    /// The innermost open element was [put back](Reader::put_back): the path names its parent.
    hidden: bool,
    /// The namespace bindings of the open elements.
    scopes: Scopes<'a>,
    /// SOAP section-5 encoded input: array items may have any name.
    encoded: bool,
    /// Accept a child element of the expected local name in another namespace (replies that do
    /// not follow their own `elementFormDefault`); see [`Reader::set_namespace_tolerant`].
    tolerant: bool,
    /// The last children skipped (the offset of the parent's start tag, namespace, local name),
    /// at most [`SKIPPED_KEPT`]: a `Missing` error says when an element of that local name was
    /// there in another namespace.
    skipped: Vec<(usize, Option<Uri<'a>>, &'a str)>,
    /// A child [`Reader::put_back`] returned (`Some(None)`: the parent's end tag), handed out
    /// again by the next [`Reader::next_child`].
    peeked: Option<Option<Start<'a>>>,
    /// The last namespace found equal to an expected one, as the addresses and lengths of both:
    /// see [`Reader::accepts`].
    ns_matched: Cell<(usize, usize, usize, usize)>,
    /// The parts of a `multipart/related` reply that `xop:Include` and `swaRef` values refer to
    /// (see [`Reader::set_attachments`]).
    attachments: Option<Box<Attachments>>,
}

/// How many skipped children a reader remembers for its `Missing` errors.
const SKIPPED_KEPT: usize = 32;

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").field("path", &self.path()).finish_non_exhaustive()
    }
}

impl<'a> Reader<'a> {
    /// A reader over `input` (UTF-8; a leading byte order mark is skipped). A document in
    /// another encoding (UTF-16, or one its declaration names) is refused by the first read with
    /// an error saying so: pass it through [`to_utf8`] first. The whole document is checked to
    /// be UTF-8 here, once (SIMD-accelerated by simdutf8), so that every token after it is
    /// borrowed text; bytes that are not UTF-8 are refused, by the first read, where they occur.
    pub fn new(input: &'a [u8]) -> Self {
        let input_with_bom = input;
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let refused = |pos: usize, message: String| Scanner::refusing(ScanError { pos, message });
        let scan = match foreign_encoding(input_with_bom) {
            Some(encoding) => {
                refused(0, format!("the document is encoded in {encoding}: decode it with `xml::to_utf8` first"))
            }
            None if input.starts_with(b"\xEF\xBB\xBF") => {
                refused(0, "text before the root element (a second byte order mark, U+FEFF)".to_owned())
            }
            None => match simdutf8::basic::from_utf8(input) {
                Ok(text) => Scanner::new(text),
                Err(_) => {
                    let valid = simdutf8::compat::from_utf8(input).err().map_or(0, |e| e.valid_up_to());
                    let byte = input.get(valid).copied().unwrap_or(0);
                    refused(valid, format!("invalid UTF-8: byte 0x{byte:02X} at offset {valid}"))
                }
            },
        };
        Reader {
            scan,
            input,
            pending: None,
            hidden: false,
            scopes: Scopes::default(),
            encoded: false,
            tolerant: false,
            skipped: Vec::new(),
            peeked: None,
            ns_matched: Cell::new((0, 0, 0, 0)),
            attachments: None,
        }
    }

    /// Gives the reader the attachments of the `multipart/related` (MTOM/XOP or SOAP with
    /// Attachments) message whose root part it reads: an `xs:base64Binary` value written as
    /// `<xop:Include href="cid:..."/>` then takes the bytes of the part it names
    /// ([`Text::from_attachment`]), and a [`crate::types::SwaRef`] those of the part its text
    /// names. Without attachments, an `xop:Include` is a decode error saying the message is no
    /// MTOM message. Each attachment is read into one value; those no value refers to are ignored.
    pub fn set_attachments(&mut self, attachments: Attachments) {
        self.attachments = Some(Box::new(attachments));
    }

    /// The attachments not read yet (see [`Reader::set_attachments`]), taken from the reader.
    pub fn take_attachments(&mut self) -> Option<Attachments> {
        self.attachments.take().map(|a| *a)
    }

    /// Accepts child elements of a declared local name in any namespace, where the schema's
    /// namespace is expected (off by default). Generated decoders take a child whose namespace
    /// [`Reader::accepts`]; a local name that several fields declare is matched on the declared
    /// namespace first, then, when this is on, on the local name alone.
    pub fn set_namespace_tolerant(&mut self, tolerant: bool) {
        self.tolerant = tolerant;
    }

    /// Whether [`Reader::set_namespace_tolerant`] is on.
    pub fn namespace_tolerant(&self) -> bool {
        self.tolerant
    }

    /// Whether a child in namespace `found` is taken for a field declared in `expected`: the same
    /// namespace, or any one with [`Reader::set_namespace_tolerant`]. Generated decoders guard
    /// the match arm of an element name that no other field declares with it; `expected` is the
    /// namespace or `None` (unqualified): `r.accepts(ns, NS)`.
    #[inline]
    pub fn accepts<'e>(&self, found: Option<&str>, expected: impl Into<Option<&'e str>>) -> bool {
        self.tolerant || same_ns(found, expected.into())
    }

    /// [`Reader::accepts`] for a namespace of a decoder's table (`'static`), compared once per
    /// scope, not per element: every element in the scope of a declaration carries the same
    /// URI, borrowed from the declaration in the document, so the URI's address identifies the
    /// scope's namespace, and a match with a constant (whose address never changes meaning) is
    /// remembered by the two addresses.
    #[inline]
    pub(crate) fn accepts_declared(&self, found: Option<&str>, expected: Option<&'static str>) -> bool {
        if self.tolerant {
            return true;
        }
        match (found, expected) {
            (Some(found), Some(expected)) => {
                let key = (found.as_ptr() as usize, found.len(), expected.as_ptr() as usize, expected.len());
                if self.ns_matched.get() == key {
                    return true;
                }
                let equal = same(found, expected);
                // Only an address inside the document identifies a namespace: a URI resolved
                // from references is owned, and its memory may be reused for another.
                if equal && self.scan.text().as_bytes().as_ptr_range().contains(&found.as_ptr()) {
                    self.ns_matched.set(key);
                }
                equal
            }
            (None, None) => true,
            _ => false,
        }
    }

    /// Reads SOAP section-5 encoded content (rpc/encoded replies): the items of an array
    /// ([`Reader::read_array`]) may have any element name (`item`, the type's name, ...).
    /// `xsi:type` is not needed: every field's type is known statically.
    pub fn set_encoded(&mut self, encoded: bool) {
        self.encoded = encoded;
    }

    /// The element path of the current position, e.g. `/Envelope/Body/FooResponse` (local
    /// names; built from the tokenizer's stack when asked, as errors do).
    pub fn path(&self) -> String {
        self.path_of(self.hidden)
    }

    /// The path of the open elements (less the innermost when `skip_top`) and of the element
    /// closed last, still current.
    fn path_of(&self, skip_top: bool) -> String {
        let open = self.scan.open();
        let open = if skip_top { &open[..open.len().saturating_sub(1)] } else { open };
        let mut path = String::new();
        for o in open.iter().chain(self.pending.as_ref()) {
            if path.len() > MAX_PATH_LEN {
                break;
            }
            let name = self.scan.name_of(*o);
            path.push('/');
            path.push_str(split_qname(name).map_or(name, |(_, local)| local));
        }
        if path.is_empty() { "/".to_owned() } else { path }
    }

    /// The element errors name as the current one: the one closed last, the innermost open
    /// one, or its parent while it is put back.
    fn current(&self) -> Option<Open> {
        let open = self.scan.open();
        self.pending.or_else(|| if self.hidden { open.iter().rev().nth(1).copied() } else { open.last().copied() })
    }

    fn line_col(&self, pos: u64) -> (u32, u32) {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.input.len());
        let before = &self.input[..pos];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = pos - line_start + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// Every error of the reader goes through here: texts taken from the input (values, names,
    /// entity references, messages quoting them) are capped, so that a hostile reply cannot make
    /// an error message as large as itself.
    fn error_at(&self, path: String, pos: u64, kind: DecodeErrorKind) -> DecodeError {
        let (line, column) = self.line_col(pos);
        let kind = match kind {
            DecodeErrorKind::Missing { element } => DecodeErrorKind::Missing { element: cap(element) },
            DecodeErrorKind::MissingInOtherNamespace { element, found_namespace } => {
                DecodeErrorKind::MissingInOtherNamespace {
                    element: cap(element),
                    found_namespace: found_namespace.map(cap),
                }
            }
            DecodeErrorKind::Invalid { xsd_type, reason, value } => {
                DecodeErrorKind::Invalid { xsd_type, reason: cap(reason), value: value.map(cap) }
            }
            DecodeErrorKind::Unexpected { element } => DecodeErrorKind::Unexpected { element: cap(element) },
            DecodeErrorKind::Duplicate { element } => DecodeErrorKind::Duplicate { element: cap(element) },
            DecodeErrorKind::Malformed(message) => DecodeErrorKind::Malformed(cap(message)),
            DecodeErrorKind::Multipart(message) => DecodeErrorKind::Multipart(cap(message)),
            other => other,
        };
        let path = if path.len() > MAX_PATH_LEN { cap_at(path, MAX_PATH_LEN) } else { path };
        DecodeError { path, kind, line, column }
    }

    /// An error at `pos` naming the current path.
    fn error(&self, pos: u64, kind: DecodeErrorKind) -> DecodeError {
        self.error_at(self.path(), pos, kind)
    }

    /// A `Malformed` error at offset `pos`.
    fn malformed_at(&self, pos: usize, message: impl Into<String>) -> DecodeError {
        self.error(offset(pos), DecodeErrorKind::Malformed(message.into()))
    }

    /// A `Malformed` error at the current position.
    fn malformed(&self, message: impl Into<String>) -> DecodeError {
        self.malformed_at(self.scan.pos(), message)
    }

    /// Checks the references of text the reader passes over (see [`scan::check_references`]).
    fn check_ignored(&self, pos: usize, raw: &str, plain: bool) -> Result<(), DecodeError> {
        if plain { Ok(()) } else { scan::check_references(raw, pos).map_err(|e| self.scan_error(e)) }
    }

    /// A tokenizer error as a decode error.
    fn scan_error(&self, e: ScanError) -> DecodeError {
        self.malformed_at(e.pos, e.message)
    }

    /// Ends the element closed last as the current one: its namespace scope is popped.
    #[inline]
    fn settle(&mut self) {
        if let Some(closed) = self.pending.take()
            && closed.declares
        {
            self.scopes.pop();
        }
    }

    /// The next token, after the element closed last has stopped being current.
    #[inline]
    fn token(&mut self) -> Result<Token<'a>, DecodeError> {
        self.settle();
        self.scan.next_token().map_err(|e| self.scan_error(e))
    }

    /// The [`Start`] of `tag`, just read (the innermost open element), with its namespace
    /// declarations brought into scope. Errors name the parent's path, as the element is not
    /// open yet for its decoder.
    fn make_start(&mut self, tag: Tag<'a>) -> Result<Start<'a>, DecodeError> {
        // Only the byte after the tag's name is checked by the tokenizer: the rest of the name
        // must be a QName, or a value decoded from it would be written back as a document that
        // does not read.
        if !tag.plain_name
            && let Some(problem) = wsbind_rules::qname_problem(tag.name)
        {
            let message = format!("the element name `{}` {problem}", tag.name.escape_debug());
            return Err(self.error_at(
                self.path_of(true),
                offset(tag.pos + 1),
                DecodeErrorKind::Malformed(cap(message)),
            ));
        }
        // Most tags have no attributes: nothing is collected for them.
        let mut attrs: Vec<RawAttr<'a>> = Vec::new();
        if !tag.attrs.bytes().all(scan::is_space) {
            for attr in scan::attributes(tag.attrs, tag.attrs_pos) {
                attrs.push(attr.map_err(|e| self.scan_error(e))?);
            }
        }
        // Declarations first: they apply to the element's own name and attributes.
        let mut declares = false;
        for attr in &attrs {
            let prefix = match attr.key {
                "xmlns" => None,
                key => match key.strip_prefix("xmlns:") {
                    Some(prefix) => Some(prefix),
                    None => continue,
                },
            };
            let value = self.attribute_value(attr)?;
            if !declares {
                self.scopes.open();
                self.scan.set_declares();
                declares = true;
            }
            match prefix {
                Some(prefix) if value.is_empty() => {
                    let message = format!("empty namespace name for prefix `{}`", cap(prefix.to_owned()));
                    return Err(self.malformed_at(attr.value_pos, message));
                }
                prefix => self.scopes.declare(prefix, value),
            }
        }
        self.resolve_start(tag, &attrs, declares)
    }

    /// The value of `attr`, references resolved and white space normalized.
    fn attribute_value(&self, attr: &RawAttr<'a>) -> Result<Cow<'a, str>, DecodeError> {
        entities::attribute(attr.value).map_err(|e| self.malformed_at(attr.value_pos + e.at, e.message))
    }

    /// The rest of [`Reader::make_start`], once the tag's declarations are in scope.
    fn resolve_start(&self, tag: Tag<'a>, raw_attrs: &[RawAttr<'a>], declares: bool) -> Result<Start<'a>, DecodeError> {
        let name = tag.name;
        let (ns, local) = match if tag.plain_name { None } else { split_qname(name) } {
            None => (self.scopes.default.clone(), name),
            Some((prefix, local)) => match self.scopes.prefix(prefix) {
                Some(ns) => (Some(ns), local),
                None => {
                    let message = format!("undeclared namespace prefix `{prefix}` on element `{local}`");
                    return Err(self.malformed_at(tag.pos + 1, message));
                }
            },
        };
        let mut attrs = Vec::new();
        // The same attribute under two prefixes bound to one namespace is a duplicate too.
        let mut seen = scan::Seen::default();
        let mut nil = false;
        let mut xsi_type_raw = None;
        for attr in raw_attrs {
            let key = attr.key;
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let value = self.attribute_value(attr)?;
            let (attr_ns, attr_local) = match split_qname(key) {
                // Unprefixed attributes are in no namespace (the default one is for elements).
                None => (None, key),
                Some((prefix, local)) => match self.scopes.prefix(prefix) {
                    Some(ns) => (Some(ns), local),
                    None => {
                        let message = format!("undeclared namespace prefix `{prefix}` on attribute `{local}`");
                        return Err(self.malformed_at(attr.key_pos, message));
                    }
                },
            };
            if !seen.insert((attr_ns.clone(), attr_local)) {
                let message = format!("attribute `{{{}}}{attr_local}` given twice", attr_ns.as_deref().unwrap_or(""));
                return Err(self.malformed_at(attr.key_pos, message));
            }
            if attr_ns.as_deref() == Some(XSI_NS) {
                match attr_local {
                    "nil" => nil = matches!(value.trim(), "true" | "1"),
                    "type" => xsi_type_raw = Some((value.trim().to_owned(), attr.value_pos)),
                    _ => {}
                }
            }
            attrs.push(Attr { ns: attr_ns, local: attr_local, value });
        }
        let xsi_type: Option<(Option<Uri<'a>>, String)> = match xsi_type_raw {
            // A QName value resolves like an element name (an unprefixed one takes the default
            // namespace).
            Some((qname, at)) => match split_qname(&qname) {
                None => Some((self.scopes.default.clone(), qname)),
                Some((prefix, local)) => match self.scopes.prefix(prefix) {
                    Some(ns) => Some((Some(ns), local.to_owned())),
                    None => {
                        let message = format!("undeclared namespace prefix `{prefix}` in xsi:type");
                        return Err(self.malformed_at(at, message));
                    }
                },
            },
            None => None,
        };
        let extra = (!attrs.is_empty() || xsi_type.is_some()).then(|| Box::new(StartExtra { attrs, xsi_type }));
        let tag_len = u32::try_from(tag.end - tag.pos)
            .map_err(|_| self.malformed_at(tag.pos, "a start tag longer than 4 GiB"))?;
        Ok(Start { ns, local, extra, pos: offset(tag.pos), tag_len, nil, declares })
    }

    /// Reads up to the document's root element.
    pub fn root(&mut self) -> Result<Start<'a>, DecodeError> {
        loop {
            match self.token()? {
                Token::Start(tag) => return self.make_start(tag),
                Token::Eof => return Err(self.malformed("no root element")),
                Token::Text { pos, raw, .. } if !raw.bytes().all(scan::is_space) => {
                    return Err(self.malformed_at(pos, "text before the root element"));
                }
                Token::Text { pos, raw, plain } => self.check_ignored(pos, raw, plain)?,
                _ => {}
            }
        }
    }

    /// Checks that nothing but comments, processing instructions and white space follows the
    /// root element.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        loop {
            match self.token()? {
                Token::Eof => return Ok(()),
                Token::Start(tag) => return Err(self.malformed_at(tag.pos, "more than one root element")),
                Token::Text { pos, raw, .. } if !raw.bytes().all(scan::is_space) => {
                    return Err(self.malformed_at(pos, "text after the root element"));
                }
                Token::Text { pos, raw, plain } => self.check_ignored(pos, raw, plain)?,
                _ => {}
            }
        }
    }

    /// The next child element of the element being decoded, or `None` after its end tag.
    /// Text between child elements is ignored. Decoding recurses once per level, so a child
    /// deeper than [`MAX_NESTING`] levels is a `Malformed` error, not a stack overflow.
    pub fn next_child(&mut self) -> Result<Option<Start<'a>>, DecodeError> {
        if let Some(peeked) = self.peeked.take() {
            if peeked.is_some() {
                self.hidden = false;
            }
            return Ok(peeked);
        }
        self.settle();
        loop {
            match self.scan.next_tag().map_err(|e| self.scan_error(e))? {
                Token::Start(tag) if self.scan.open().len() > MAX_NESTING => {
                    let kind = DecodeErrorKind::Malformed(format!("elements nested deeper than {MAX_NESTING}"));
                    return Err(self.error_at(self.path_of(true), offset(tag.pos), kind));
                }
                Token::Start(tag) => return self.make_start(tag).map(Some),
                Token::End { open, .. } => {
                    self.pending = Some(open);
                    return Ok(None);
                }
                Token::Eof => return Err(self.malformed("unexpected end of document")),
                _ => {}
            }
        }
    }

    /// Hands `child`, the last [`Reader::next_child`] result, out again on the next call: a
    /// reader of content without an element of its own (a sequence alternative of a choice,
    /// [`Reader::group`]) stops at the first child that is not its own. Until then the current
    /// path is the parent's, so that errors raised meanwhile name it.
    pub fn put_back(&mut self, child: Option<Start<'a>>) {
        self.hidden = child.is_some();
        self.peeked = Some(child);
    }

    /// Decodes `start` into `slot` (see [`Slot`]).
    pub fn read<S: FieldSlot + ?Sized>(&mut self, start: &Start, slot: &mut S) -> Result<(), DecodeError> {
        if slot.is_full() {
            return Err(self.duplicate(start));
        }
        if start.nil {
            return self.skip(start);
        }
        slot.decode_into(self, start)
    }

    /// [`Reader::read`] for secret fields: an error never contains the value.
    pub fn read_secret<S: FieldSlot + ?Sized>(&mut self, start: &Start, slot: &mut S) -> Result<(), DecodeError> {
        self.read(start, slot).map_err(DecodeError::redacted)
    }

    /// [`Reader::read`] for a recursive `Option<Box<T>>` field.
    pub fn read_boxed<T: Decode>(&mut self, start: &Start, slot: &mut Option<Box<T>>) -> Result<(), DecodeError> {
        let mut inner: Option<T> = None;
        if slot.is_some() {
            let kind = DecodeErrorKind::Duplicate { element: start.local.to_string() };
            return Err(self.error(start.pos, kind));
        }
        self.read(start, &mut inner)?;
        *slot = inner.map(Box::new);
        Ok(())
    }

    /// Keeps `start` as raw XML (for `xs:any`): same as [`Reader::read`] with a `RawXml` slot.
    pub fn read_raw<S: Slot<Item = RawXml>>(&mut self, start: &Start, slot: &mut S) -> Result<(), DecodeError> {
        self.read_whole(start, slot)
    }

    /// Decodes `start` into `slot` as it is, `xsi:nil` or not (a wildcard's raw XML).
    pub(crate) fn read_whole<S: FieldSlot + ?Sized>(&mut self, start: &Start, slot: &mut S) -> Result<(), DecodeError> {
        if slot.is_full() {
            return Err(self.duplicate(start));
        }
        slot.decode_into(self, start)
    }

    /// Reads an `ArrayOfX` wrapper `start`: every child named `item` goes into `slot`
    /// (`xsi:nil` items skipped for `Vec<T>`), other children are skipped. SOAP-encoded input
    /// ([`Reader::set_encoded`]): every child is an item, whatever its name.
    pub fn read_array<S: FieldSlot + ?Sized>(
        &mut self,
        start: &Start,
        item: Name<'_>,
        slot: &mut S,
    ) -> Result<(), DecodeError> {
        if start.nil {
            return self.skip(start);
        }
        while let Some(child) = self.next_child()? {
            if self.encoded || child.is(item) {
                self.read(&child, slot)?;
            } else {
                self.skip(&child)?;
            }
        }
        Ok(())
    }

    /// A `Duplicate` error at `start`: an element (or a single choice's alternative) that may occur
    /// once occurred again.
    pub fn duplicate(&self, start: &Start) -> DecodeError {
        let kind = DecodeErrorKind::Duplicate { element: start.local.to_string() };
        self.error(start.pos, kind)
    }

    /// `value`, or a `Missing` error naming `element` under the current element.
    pub fn required<T>(&self, value: Option<T>, element: &str) -> Result<T, DecodeError> {
        value.ok_or_else(|| self.missing(element))
    }

    /// A `Missing` error naming `element` under the current element; `MissingInOtherNamespace`
    /// when a child of that local name was there in another namespace and skipped.
    pub fn missing(&self, element: &str) -> DecodeError {
        let path = format!("{}/{element}", self.path());
        let parent = self.current().map(|o| o.start);
        let skipped = self.skipped.iter().rev().find(|(p, _, local)| Some(*p) == parent && *local == element);
        let kind = match skipped {
            Some((_, ns, _)) => DecodeErrorKind::MissingInOtherNamespace {
                element: element.to_owned(),
                found_namespace: ns.as_deref().map(str::to_owned),
            },
            None => DecodeErrorKind::Missing { element: element.to_owned() },
        };
        self.error_at(path, offset(self.scan.pos()), kind)
    }

    /// Skips `start`'s content and end tag.
    pub fn skip(&mut self, start: &Start) -> Result<(), DecodeError> {
        // `start` is the innermost open element (its parent is the one below it), its name and
        // namespace still resolvable in the scope it opened: what is kept borrows from the
        // document, as `start` may not.
        let open = self.scan.open();
        if let Some(&top) = open.last() {
            let parent = open.len().checked_sub(2).and_then(|i| open.get(i)).map_or(usize::MAX, |o| o.start);
            let name = self.scan.name_of(top);
            let (ns, local) = match split_qname(name) {
                None => (self.scopes.default.clone(), name),
                Some((prefix, local)) => (self.scopes.prefix(prefix), local),
            };
            if local == start.local && ns.as_deref() == start.ns.as_deref() {
                if self.skipped.len() == SKIPPED_KEPT {
                    self.skipped.remove(0);
                }
                self.skipped.push((parent, ns, local));
            }
        }
        self.skip_to_end().map(|_| ())
    }

    /// Skips to the end tag of the current element; returns the offset where the end tag
    /// starts.
    fn skip_to_end(&mut self) -> Result<u64, DecodeError> {
        let mut depth = 0usize;
        loop {
            match self.token()? {
                Token::Start(_) => depth += 1,
                Token::End { pos, open } => {
                    if depth == 0 {
                        self.pending = Some(open);
                        return Ok(offset(pos));
                    }
                    depth -= 1;
                }
                Token::Eof => return Err(self.malformed("unexpected end of document")),
                Token::Text { pos, raw, plain } => self.check_ignored(pos, raw, plain)?,
                _ => {}
            }
        }
    }

    /// Parses attribute `{ns}local` of `start` as `T`.
    pub fn parse_attr<T: Text>(&self, start: &Start, ns: Option<&str>, local: &str) -> Result<Option<T>, DecodeError> {
        match start.attr(ns, local) {
            None => Ok(None),
            Some(text) => T::from_text(text).map(Some).map_err(|reason| {
                let value = (!is_secret_name(local)).then(|| text.to_owned());
                let kind = DecodeErrorKind::Invalid { xsd_type: T::XSD_TYPE.to_owned(), reason, value };
                self.error_at(format!("{}/@{local}", self.path()), start.pos, kind)
            }),
        }
    }

    /// Reads the text content of `start` (simple type or `simpleContent`) up to its end tag and
    /// parses it; a child element is an `Unexpected` error.
    pub fn text<T: Text>(&mut self, start: &Start) -> Result<T, DecodeError> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        self.settle();
        // Nearly always: the text, then the element's own end tag.
        let text_pos = self.scan.pos();
        if let Some((raw, plain, open)) = self.scan.simple_content() {
            self.pending = Some(open);
            let content = if plain {
                Cow::Borrowed(raw)
            } else {
                entities::text(raw).map_err(|e| self.malformed_at(text_pos + e.at, e.message))?
            };
            return self.parse_text(start, content);
        }
        loop {
            match self.token()? {
                Token::Text { raw, plain: true, .. } if text.is_empty() => text = Cow::Borrowed(raw),
                Token::Text { pos, raw, .. } => {
                    let content = entities::text(raw).map_err(|e| self.malformed_at(pos + e.at, e.message))?;
                    if text.is_empty() {
                        text = content;
                    } else {
                        text.to_mut().push_str(&content);
                    }
                }
                Token::CData { raw, .. } => {
                    let content = entities::cdata(raw);
                    if text.is_empty() {
                        text = content;
                    } else {
                        text.to_mut().push_str(&content);
                    }
                }
                Token::Start(tag) => {
                    let pos = tag.pos;
                    let child = self.make_start(tag)?;
                    if child.is(Name::qualified(XOP_NS, "Include")) {
                        return self.xop_include(start, &child, &text);
                    }
                    // The child is open: the path names it.
                    let kind = DecodeErrorKind::Unexpected { element: child.local.to_string() };
                    return Err(self.error_at(self.path(), offset(pos), kind));
                }
                Token::End { open, .. } => {
                    self.pending = Some(open);
                    break;
                }
                Token::Eof => return Err(self.malformed("unexpected end of document")),
                Token::Markup { .. } => {}
            }
        }
        self.parse_text(start, text)
    }

    /// Reads up to the end tag of the innermost open element (left pending), allowing white space
    /// and comments only; anything else is a multipart error saying `refusal`.
    fn blank_until_end(&mut self, refusal: &str) -> Result<(), DecodeError> {
        loop {
            match self.token()? {
                Token::End { open, .. } => {
                    self.pending = Some(open);
                    return Ok(());
                }
                Token::Text { raw, .. } | Token::CData { raw, .. } if raw.bytes().all(scan::is_space) => {}
                Token::Markup { .. } => {}
                Token::Eof => return Err(self.malformed("unexpected end of document")),
                Token::Start(Tag { pos, .. }) | Token::Text { pos, .. } | Token::CData { pos, .. } => {
                    return Err(self.error(offset(pos), DecodeErrorKind::Multipart(refusal.to_owned())));
                }
            }
        }
    }

    /// The value of `start`, whose content is `include`, an `xop:Include` just read (open), after
    /// `text`: the attachment its `href` names, through [`Text::from_attachment`]. The Include
    /// must be empty and the element's only content (white space and comments aside).
    fn xop_include<T: Text>(&mut self, start: &Start, include: &Start, text: &str) -> Result<T, DecodeError> {
        let multipart = |message: String| DecodeErrorKind::Multipart(message);
        if !text.bytes().all(scan::is_space) {
            let message = "an xop:Include after text: it must be the element's only content".to_owned();
            return Err(self.error(include.pos, multipart(message)));
        }
        let Some(href) = include.attr(None, "href").map(str::to_owned) else {
            return Err(self.error(include.pos, multipart("an xop:Include without `href`".to_owned())));
        };
        if self.attachments.is_none() {
            let message = format!(
                "an xop:Include (href `{}`) in a message that has no attachments (it is not multipart/related)",
                href.escape_debug()
            );
            return Err(self.error(include.pos, multipart(message)));
        }
        // The Include's own content, then the rest of `start`: white space and comments only.
        self.blank_until_end("an xop:Include with content: it must be empty")?;
        self.blank_until_end("content after an xop:Include: it must be the element's only content")?;
        let taken = match self.attachments.as_mut() {
            Some(attachments) => attachments.take(&href),
            None => Err("the message has no attachments".to_owned()),
        };
        let bytes = taken.map_err(|reason| self.error(include.pos, multipart(format!("xop:Include: {reason}"))))?;
        T::from_attachment(bytes).map_err(|reason| {
            let kind = DecodeErrorKind::Invalid { xsd_type: T::XSD_TYPE.to_owned(), reason, value: Some(href) };
            self.error(start.pos, kind)
        })
    }

    /// `text`, the content of `start`, parsed as `T`.
    fn parse_text<T: Text>(&mut self, start: &Start, text: Cow<'_, str>) -> Result<T, DecodeError> {
        if T::SWA_REF {
            return self.swa_ref(start, &text);
        }
        T::from_text(&text).map_err(|reason| {
            let value = (!is_secret_name(start.local)).then(|| text.into_owned());
            let kind = DecodeErrorKind::Invalid { xsd_type: T::XSD_TYPE.to_owned(), reason, value };
            // The end tag is pending: the path still ends with `start`.
            self.error(start.pos, kind)
        })
    }

    /// A `swaRef` value (`T::SWA_REF`): its `cid:` URL and, when the reader has attachments, the
    /// bytes of the part it names.
    fn swa_ref<T: Text>(&mut self, start: &Start, text: &str) -> Result<T, DecodeError> {
        let bytes = match self.attachments.as_mut() {
            Some(attachments) => Some(attachments.take(text).map_err(|reason| {
                let kind = DecodeErrorKind::Multipart(format!("swaRef: {reason}"));
                self.error(start.pos, kind)
            })?),
            None => None,
        };
        T::from_swa_ref(text, bytes).map_err(|reason| {
            let kind =
                DecodeErrorKind::Invalid { xsd_type: T::XSD_TYPE.to_owned(), reason, value: Some(text.to_owned()) };
            self.error(start.pos, kind)
        })
    }

    /// A QName value (`env:Server`) of the element just read (by [`Reader::text`]), resolved
    /// against the declarations in scope there, its own included: `(namespace URI, local name)`,
    /// an unprefixed name taking the default namespace. `None` when it is empty, not a QName, or
    /// its prefix is not declared.
    pub(crate) fn resolve_qname(&self, value: &str) -> Option<(Option<String>, String)> {
        let value = value.trim();
        if value.is_empty() || wsbind_rules::qname_problem(value).is_some() {
            return None;
        }
        match split_qname(value) {
            None => Some((self.scopes.default.as_deref().map(str::to_owned), value.to_owned())),
            Some((prefix, local)) => self.scopes.prefix(prefix).map(|ns| (Some(ns.to_string()), local.to_owned())),
        }
    }

    /// Keeps `start` (just read) and its subtree as [`RawXml`] that stands alone: the namespace
    /// declarations in scope that the subtree *uses* (a prefix it names and does not declare
    /// itself) are added to its root tag, and so is the default namespace when the subtree has
    /// unprefixed element names (`xmlns=""` when none is in scope), so that it keeps its meaning
    /// wherever it is written back. Declarations it does not use are left out: copying every
    /// declaration in scope into every fragment made a reply under 120 declarations grow ~100x.
    pub(crate) fn capture_raw(&mut self, start: &Start) -> Result<RawXml, DecodeError> {
        let begin = usize::try_from(start.pos).unwrap_or(usize::MAX);
        let tag_end = usize::try_from(start.content_pos()).unwrap_or(usize::MAX);
        // The document root stands alone as it is; anything deeper gets its context.
        let nested = self.scan.open().len() > 1;
        let inner_end = usize::try_from(self.skip_to_end()?).unwrap_or(usize::MAX);
        let end = self.scan.pos();
        let raw = self
            .input
            .get(begin..end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| self.malformed("cannot keep element as raw XML"))?;
        // The scope of `start` is popped with its mark, on the next read: still in force here.
        let decls = if nested { self.used_declarations(raw, tag_end.saturating_sub(begin)) } else { String::new() };
        // (`raw` starts with `<`; searched by characters all the same, a wrong offset must not panic.)
        let name_end = raw
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_whitespace() || *c == '/' || *c == '>')
            .map_or(raw.len(), |(i, _)| i);
        let mut xml = String::with_capacity(raw.len() + decls.len());
        xml.push_str(&raw[..name_end]);
        xml.push_str(&decls);
        xml.push_str(&raw[name_end..]);
        let shift = decls.len();
        let inner_start = tag_end.saturating_sub(begin) + shift;
        let inner_end = inner_end.saturating_sub(begin).max(tag_end.saturating_sub(begin)) + shift;
        Ok(RawXml::from_parts(xml, inner_start..inner_end))
    }

    /// Declarations (`xmlns:p="..."` and, when needed, `xmlns="..."`) for the prefixes `raw`
    /// names and does not declare on its root tag (`raw[..tag_len]`), resolved in the scope of
    /// that root tag.
    fn used_declarations(&self, raw: &str, tag_len: usize) -> String {
        let tag = raw.get(..tag_len).unwrap_or(raw);
        let own = own_declarations(tag);
        let mut out = String::new();
        let mut seen: Vec<&str> = Vec::new();
        for prefix in name_prefixes(raw) {
            if seen.contains(&prefix) || own.contains(&Some(prefix)) || matches!(prefix, "xml" | "xmlns") {
                continue;
            }
            seen.push(prefix);
            if let Some(ns) = self.scopes.prefix(prefix) {
                let _ = write!(out, " xmlns:{prefix}=\"{}\"", quick_xml::escape::escape(&*ns));
            }
        }
        if !own.contains(&None) && has_unprefixed_element(raw) {
            let default = self.scopes.default.as_deref().map(quick_xml::escape::escape).unwrap_or_default();
            let _ = write!(out, " xmlns=\"{default}\"");
        }
        out
    }
}

/// Whether two names are equal (compared in place: names are short, and a `memcmp` call per
/// comparison was a visible share of a decode).
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    scan::same_bytes(a.as_bytes(), b.as_bytes())
}

/// Whether two namespaces (`None`: no namespace) are equal.
#[inline]
pub(crate) fn same_ns(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// `prefix:local` split at its colon (a byte loop: names are short, and a `str` pattern search
/// cost more than the rest of the name resolution).
fn split_qname(name: &str) -> Option<(&str, &str)> {
    let colon = name.bytes().position(|b| b == b':')?;
    Some((&name[..colon], &name[colon + 1..]))
}

/// The prefixes a start tag declares (`None` for the default namespace).
fn own_declarations(tag: &str) -> Vec<Option<&str>> {
    let body = tag.trim_start_matches('<');
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("xmlns") {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + 5..];
        if before.is_none_or(char::is_whitespace) {
            let after_trim = after.trim_start();
            if after_trim.starts_with('=') {
                out.push(None);
            } else if let Some(named) = after.strip_prefix(':') {
                let end = named.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(named.len());
                out.push(Some(&named[..end]));
            }
        }
        rest = after;
    }
    out
}

/// Every `prefix` of a `prefix:name` token in `raw` (element and attribute names, but also QNames
/// in values and text such as `xsi:type="p:T"`): an over-approximation of the prefixes the
/// subtree needs, each bound one only declared.
fn name_prefixes(raw: &str) -> impl Iterator<Item = &str> {
    let bytes = raw.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') || b >= 0x80;
    bytes.iter().enumerate().filter(|(_, b)| **b == b':').filter_map(move |(i, _)| {
        let mut j = i;
        while j > 0 && is_name(bytes[j - 1]) {
            j -= 1;
        }
        let prefix = raw.get(j..i)?;
        let first = prefix.as_bytes().first()?;
        (first.is_ascii_alphabetic() || *first == b'_' || *first >= 0x80).then_some(prefix)
    })
}

/// Whether `raw` has an element name without a prefix (`<name` with no `:` before the end of
/// the name), outside comments, CDATA and processing instructions.
fn has_unprefixed_element(raw: &str) -> bool {
    let mut scanner = Scanner::new(raw);
    loop {
        match scanner.next_token() {
            Ok(Token::Start(tag)) if !tag.name.contains(':') => return true,
            Ok(Token::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// `pos` as the `u64` offsets of [`Start`] and errors.
fn offset(pos: usize) -> u64 {
    u64::try_from(pos).unwrap_or(u64::MAX)
}

/// The longest text from the input an error quotes (values, names, messages), in bytes.
const MAX_QUOTED: usize = 200;
/// The longest element path an error names, in bytes.
const MAX_PATH_LEN: usize = 1_000;

/// `text`, cut to [`MAX_QUOTED`] bytes (at a character boundary) with a note of its length.
fn cap(text: String) -> String {
    if text.len() <= MAX_QUOTED { text } else { cap_at(text, MAX_QUOTED) }
}

fn cap_at(text: String, max: usize) -> String {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

/// The namespace bindings in scope: the default namespace and, per prefix, a stack of URIs (one
/// look-up per name, whatever the number of declarations in scope), plus what each declaring
/// element changed, undone when it ends. URIs and prefixes borrow from the document.
#[derive(Default)]
struct Scopes<'a> {
    default: Option<Uri<'a>>,
    prefixes: HashMap<&'a str, Vec<Uri<'a>>>,
    undo: Vec<Undo<'a>>,
}

/// What one element's declarations changed.
#[derive(Default)]
struct Undo<'a> {
    /// The default namespace before, when the element declared one.
    default: Option<Option<Uri<'a>>>,
    prefixes: Vec<&'a str>,
}

/// The namespace the `xml` prefix is bound to, always.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

impl<'a> Scopes<'a> {
    /// Starts the declarations of an element.
    fn open(&mut self) {
        self.undo.push(Undo::default());
    }

    /// Declares `prefix` (`None`: the default namespace; an empty `ns` undeclares it).
    fn declare(&mut self, prefix: Option<&'a str>, ns: Uri<'a>) {
        let ns = (!ns.is_empty()).then_some(ns);
        let Some(undo) = self.undo.last_mut() else { return };
        match prefix {
            None => {
                let previous = std::mem::replace(&mut self.default, ns);
                undo.default.get_or_insert(previous);
            }
            Some(prefix) => {
                if let Some(ns) = ns {
                    self.prefixes.entry(prefix).or_default().push(ns);
                    undo.prefixes.push(prefix);
                }
            }
        }
    }

    /// Ends the declarations of the innermost declaring element.
    fn pop(&mut self) {
        let Some(undo) = self.undo.pop() else { return };
        if let Some(previous) = undo.default {
            self.default = previous;
        }
        for prefix in undo.prefixes {
            if let Some(stack) = self.prefixes.get_mut(prefix) {
                stack.pop();
                if stack.is_empty() {
                    self.prefixes.remove(prefix);
                }
            }
        }
    }

    /// The namespace bound to `prefix`.
    fn prefix(&self, prefix: &str) -> Option<Uri<'a>> {
        if prefix == "xml" {
            return Some(Cow::Borrowed(XML_NS));
        }
        self.prefixes.get(prefix).and_then(|stack| stack.last()).cloned()
    }
}

/// `input` as UTF-8, for [`Reader::new`]: borrowed when it already is (a UTF-8 byte order mark
/// removed), transcoded with encoding_rs when it starts with a UTF-16 byte order mark, looks like
/// UTF-16 (`<?` as 16-bit units), or its XML declaration names another encoding
/// (`encoding="ISO-8859-1"`, `"Shift_JIS"`, ...). Line numbers of later errors are those of the
/// input; columns count bytes of the UTF-8 text. An unknown encoding name, or bytes that are not
/// valid in the encoding, is a `Malformed` error at its position.
pub fn to_utf8(input: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    let positioned = |message: String, pos: usize, text: &[u8]| {
        let before = &text[..pos.min(text.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        DecodeError {
            path: "/".to_owned(),
            kind: DecodeErrorKind::Malformed(cap(message)),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(pos - line_start + 1).unwrap_or(u32::MAX),
        }
    };
    let (encoding, body) = match encoding_rs::Encoding::for_bom(input) {
        Some((enc, _)) if enc == encoding_rs::UTF_8 => return Ok(Cow::Borrowed(&input[3..])),
        Some((enc, bom)) => (enc, &input[bom..]),
        None if input.starts_with(b"<\0?\0") => (encoding_rs::UTF_16LE, input),
        None if input.starts_with(b"\0<\0?") => (encoding_rs::UTF_16BE, input),
        None => match declared_encoding(input) {
            None => return Ok(Cow::Borrowed(input)),
            Some((label, at)) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
                // A declaration saying UTF-16 on 8-bit text (a server that re-encoded the body
                // and kept the declaration) is read as what the bytes are.
                Some(enc)
                    if enc == encoding_rs::UTF_8 || enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE =>
                {
                    return Ok(Cow::Borrowed(input));
                }
                Some(enc) => (enc, input),
                None => {
                    return Err(positioned(
                        format!("unsupported encoding `{label}` in the XML declaration"),
                        at,
                        input,
                    ));
                }
            },
        },
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(body.len() + body.len() / 2 + 16);
    let mut read_total = 0usize;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&body[read_total..], &mut out, true);
        read_total += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(Cow::Owned(out.into_bytes())),
            encoding_rs::DecoderResult::OutputFull => out.reserve(body.len() - read_total + 16),
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                let at = read_total.saturating_sub(usize::from(bad));
                let (line, column) = {
                    let e = positioned(String::new(), out.len(), out.as_bytes());
                    (e.line, e.column)
                };
                let message = format!("byte sequence at input offset {at} is not valid {}", encoding.name());
                let mut e = positioned(message, 0, b"");
                (e.line, e.column) = (line, column);
                return Err(e);
            }
        }
    }
}

/// The name of the encoding of `input` when it is not UTF-8 (see [`to_utf8`]).
fn foreign_encoding(input: &[u8]) -> Option<&'static str> {
    match encoding_rs::Encoding::for_bom(input) {
        Some((enc, _)) if enc == encoding_rs::UTF_8 => None,
        Some((enc, _)) => Some(enc.name()),
        None if input.starts_with(b"<\0") => Some("UTF-16LE"),
        None if input.starts_with(b"\0<") => Some("UTF-16BE"),
        None => {
            let (label, _) = declared_encoding(input)?;
            match encoding_rs::Encoding::for_label(label.as_bytes()) {
                Some(enc)
                    if enc == encoding_rs::UTF_8 || enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE =>
                {
                    None
                }
                // Windows-1252 and friends agree with UTF-8 on ASCII, and a document
                // `to_utf8` transcoded keeps its declaration: only bytes that are not UTF-8 need
                // transcoding.
                Some(_) if std::str::from_utf8(input).is_ok() => None,
                Some(enc) => Some(enc.name()),
                None => Some("an unknown encoding"),
            }
        }
    }
}

/// The `encoding` of an XML declaration at the start of an ASCII-compatible document, and its
/// offset.
fn declared_encoding(input: &[u8]) -> Option<(&str, usize)> {
    if !input.starts_with(b"<?xml") {
        return None;
    }
    let end = input.iter().take(512).position(|b| *b == b'>')?;
    let decl = std::str::from_utf8(&input[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    let offset = decl.len() - rest.len() + 1;
    Some((value, offset))
}

/// Decodes a whole document whose root must be `root` (in any encoding [`to_utf8`] reads); with
/// `tolerant` (see [`Reader::set_namespace_tolerant`]) the root and the elements below it may be
/// in another namespace than declared.
pub(crate) fn decode_document<T: Decode>(input: &[u8], root: Name<'_>, tolerant: bool) -> Result<T, DecodeError> {
    let input = to_utf8(input)?;
    let mut r = Reader::new(&input);
    r.set_namespace_tolerant(tolerant);
    let start = r.root()?;
    if !(start.is(root) || (tolerant && start.local() == root.local)) {
        let kind = DecodeErrorKind::Unexpected { element: display_name(&start) };
        return Err(r.error(start.pos, kind));
    }
    let value = T::decode(&mut r, &start)?;
    r.finish()?;
    Ok(value)
}

/// `{ns}local` or `local`.
pub(crate) fn display_name(start: &Start) -> String {
    match &start.ns {
        Some(ns) => format!("{{{ns}}}{}", start.local),
        None => start.local.to_string(),
    }
}

impl Reader<'_> {
    /// An `Unexpected` error for `start` (e.g. a reply element other than the expected one).
    pub fn unexpected(&self, start: &Start) -> DecodeError {
        let kind = DecodeErrorKind::Unexpected { element: display_name(start) };
        self.error(start.pos, kind)
    }
}

/// Decodes the element `start` (already read) including its end tag.
pub trait Decode: Sized {
    /// Reads the content and end tag of `start`.
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError>;
}

impl<T: Text> Decode for T {
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError> {
        r.text(start)
    }
}

impl RawXml {
    /// Checks that `xml` is one well-formed element and keeps it.
    pub fn parse(xml: impl Into<String>) -> Result<RawXml, DecodeError> {
        let xml = xml.into();
        let mut r = Reader::new(xml.as_bytes());
        let start = r.root()?;
        let raw = r.capture_raw(&start)?;
        r.finish()?;
        Ok(raw)
    }
}

impl Decode for RawXml {
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError> {
        r.capture_raw(start)
    }
}
