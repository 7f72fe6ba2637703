//! The XML [`Writer`] generated `Encode` impls write into, plus [`Field`] (how `T`,
//! `Option<T>`, `Vec<T>` fields are written), [`Attributes`] and [`AttrValue`].
//!
//! Elements are written unprefixed: a namespace change is declared as the default namespace
//! (`<GetX xmlns="urn:x">`, as ASMX does), an unqualified element under a default namespace gets
//! `xmlns=""`. Namespaced attributes and `xsi:type` values get prefixes declared on the element
//! itself. Escaping is quick-xml's.

use std::borrow::Cow;

use super::error::EncodeError;
use super::name::{Name, SOAP_ENC_NS, XSD_NS, XSI_NS};
use super::other_attributes::OtherAttributes;
use super::raw::RawXml;
use super::text::Text;
use crate::mtom::{Part, XOP_NS, XopParts};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Writes XML text into a `String`.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    default_ns: Option<String>,
    /// Whether an ancestor (the SOAP envelope) declares the `xsi` prefix.
    xsi_declared: bool,
    /// Whether the tag being written declared `xsi`.
    tag_xsi: bool,
    /// Prefixes declared on the tag being written.
    tag_prefixes: usize,
    /// Prefixes an ancestor (the SOAP envelope) declares: `(namespace, prefix)`.
    declared: Vec<(&'static str, &'static str)>,
    /// SOAP section-5 encoding (rpc/encoded): every element carries `xsi:type`, arrays are
    /// `soapenc:Array`s.
    encoded: bool,
    /// SOAP-encoded: the `xsi:type` of the elements [`Writer::typed`] writes.
    type_override: Option<Name<'static>>,
    error: Option<EncodeError>,
    /// MTOM ([`Writer::set_mtom`]): the threshold and the attachments written so far.
    mtom: Option<Box<XopParts>>,
}

impl Writer {
    /// An empty writer; the first element declares its namespace.
    pub fn new() -> Self {
        Writer::default()
    }

    /// A writer whose output goes inside an element declaring `xmlns:xsi` (the SOAP envelope).
    pub(crate) fn with_xsi_declared() -> Self {
        Writer { xsi_declared: true, declared: vec![(XSI_NS, "xsi"), (XSD_NS, "xsd")], ..Writer::default() }
    }

    /// A writer for SOAP section-5 encoded content (rpc/encoded): every element gets the
    /// `xsi:type` of its value ([`Encode::SCHEMA_TYPE`] unless [`Encode::xsi_type`] says
    /// otherwise), arrays get `xsi:type="soapenc:Array"` and `soapenc:arrayType`.
    /// `in_envelope`: the output goes inside an element declaring the `xsi`, `xsd` and
    /// `soapenc` prefixes.
    pub fn encoded(in_envelope: bool) -> Self {
        let mut w = if in_envelope { Writer::with_xsi_declared() } else { Writer::new() };
        if in_envelope {
            w.declared.push((SOAP_ENC_NS, "soapenc"));
        }
        w.encoded = true;
        w
    }

    /// SOAP-encoded only: the elements `write` writes directly (not their descendants), array
    /// items included, get `xsi:type` `ty` instead of their Rust type's [`Encode::SCHEMA_TYPE`].
    /// For built-ins sharing a Rust type: `xsd:integer` (a `Decimal`), `xsd:anyURI` (a `String`),
    /// ... Generated code calls it only in modules with rpc/encoded operations.
    pub fn typed<R>(&mut self, ty: Name<'static>, write: impl FnOnce(&mut Self) -> R) -> R {
        let previous = self.type_override.replace(ty);
        let result = write(self);
        self.type_override = previous;
        result
    }

    /// Whether this writer writes SOAP section-5 encoding.
    pub fn is_encoded(&self) -> bool {
        self.encoded
    }

    /// MTOM/XOP: with `Some(threshold)`, a `base64Binary` value (one whose
    /// [`Text::as_attachment`] has bytes) at least `threshold` bytes long is written as
    /// `<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:..."/>`, its bytes
    /// kept, unencoded, as an attachment ([`Writer::take_attachments`]) whose `Content-ID` is
    /// unique to this writer's message (`1.<random hex>@wsbind`, ...); shorter values, and
    /// attributes, stay inline. `None` (the default) writes every value inline. See
    /// [`crate::mtom`].
    pub fn set_mtom(&mut self, threshold: Option<usize>) {
        self.mtom = threshold.map(|t| Box::new(XopParts::new(t)));
    }

    /// The attachments of the values written as `xop:Include` so far, in document order (see
    /// [`Writer::set_mtom`]); the writer keeps none of them.
    pub fn take_attachments(&mut self) -> Vec<Part> {
        self.mtom.as_deref_mut().map(XopParts::take).unwrap_or_default()
    }

    /// The XML written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The XML written.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The default namespace in force where the next content goes (`None`: no namespace).
    pub(crate) fn default_namespace(&self) -> Option<&str> {
        self.default_ns.as_deref()
    }

    pub(crate) fn raw_str(&mut self, xml: &str) {
        self.out.push_str(xml);
    }

    /// Writes `xml` as is (an `xs:any` element).
    pub fn raw(&mut self, xml: &RawXml) {
        self.out.push_str(xml.as_str());
    }

    /// Writes `<name` (+ default namespace change); returns the default namespace to restore.
    fn open(&mut self, name: Name<'_>) -> Option<Option<String>> {
        self.tag_xsi = false;
        self.tag_prefixes = 0;
        self.out.push('<');
        self.out.push_str(name.local);
        if name.ns == self.default_ns.as_deref() {
            return None;
        }
        self.out.push_str(" xmlns=\"");
        if let Some(ns) = name.ns {
            self.out.push_str(&quick_xml::escape::escape(ns));
        }
        self.out.push('"');
        Some(std::mem::replace(&mut self.default_ns, name.ns.map(str::to_owned)))
    }

    fn close(&mut self, name: Name<'_>, restore: Option<Option<String>>) {
        self.out.push_str("</");
        self.out.push_str(name.local);
        self.out.push('>');
        if let Some(previous) = restore {
            self.default_ns = previous;
        }
    }

    /// The prefix for `ns` on the tag being written, declaring it when needed.
    fn prefix_for(&mut self, ns: &str) -> Cow<'static, str> {
        if ns == XML_NS {
            return Cow::Borrowed("xml");
        }
        if ns == XSI_NS {
            if !self.xsi_declared && !self.tag_xsi {
                self.out.push_str(" xmlns:xsi=\"");
                self.out.push_str(XSI_NS);
                self.out.push('"');
                self.tag_xsi = true;
            }
            return Cow::Borrowed("xsi");
        }
        if let Some((_, prefix)) = self.declared.iter().find(|(n, _)| *n == ns) {
            return Cow::Borrowed(prefix);
        }
        let prefix = format!("p{}", self.tag_prefixes);
        self.tag_prefixes += 1;
        self.out.push_str(&format!(" xmlns:{prefix}=\"{}\"", quick_xml::escape::escape(ns)));
        Cow::Owned(prefix)
    }

    fn attribute(&mut self, name: Name<'_>, value: &str) {
        if let Err(e) = check_chars(value, name.local) {
            self.error.get_or_insert(e);
            return;
        }
        let prefix = name.ns.map(|ns| self.prefix_for(ns));
        self.out.push(' ');
        if let Some(prefix) = prefix {
            self.out.push_str(&prefix);
            self.out.push(':');
        }
        self.out.push_str(name.local);
        push_attr_value(&mut self.out, value);
    }

    /// A QName value (`prefix:local`) for `ty`, declaring its prefix on the tag when needed.
    fn qname_value(&mut self, ty: Name<'_>) -> String {
        match ty.ns {
            Some(ns) if Some(ns) != self.default_ns.as_deref() => {
                let prefix = self.prefix_for(ns);
                format!("{prefix}:{}", ty.local)
            }
            _ => ty.local.to_owned(),
        }
    }

    fn xsi_type(&mut self, ty: Name<'_>) {
        let value = self.qname_value(ty);
        self.attribute(Name::qualified(XSI_NS, "type"), &value);
    }

    /// Writes one element `name` holding `value` (attributes, `xsi:type`, content).
    pub fn element<T: Encode + ?Sized>(&mut self, name: Name<'_>, value: &T) -> Result<(), EncodeError> {
        self.element_with_type(name, value, None)
    }

    /// [`Writer::element`] with `xsi:type` `forced` (when `Some`) in any mode.
    pub(crate) fn element_with_type<T: Encode + ?Sized>(
        &mut self,
        name: Name<'_>,
        value: &T,
        forced: Option<Name<'static>>,
    ) -> Result<(), EncodeError> {
        let restore = self.open(name);
        let over = self.type_override.take();
        let ty = match value.xsi_type() {
            Some(ty) => Some(ty),
            None if forced.is_some() => forced,
            None if self.encoded => over.or(T::SCHEMA_TYPE),
            None => None,
        };
        if let Some(ty) = ty {
            self.xsi_type(ty);
        }
        // Restored on the error path too: a caller that carries on after a failed element (it
        // is inside `typed`) still writes its remaining elements with the override.
        let result = self.finish_element(name, value, restore);
        self.type_override = over;
        result
    }

    /// Completes an element opened with [`Writer::open`] (after any attributes of the caller's
    /// own): `value`'s attributes, the first error any of them raised, `value`'s content and the
    /// end tag.
    fn finish_element<T: Encode + ?Sized>(
        &mut self,
        name: Name<'_>,
        value: &T,
        restore: Option<Option<String>>,
    ) -> Result<(), EncodeError> {
        value.attributes(&mut Attributes { w: self });
        let result = match self.error.take() {
            Some(e) => Err(e),
            None => {
                self.out.push('>');
                value.content(self)
            }
        };
        match result {
            Ok(()) => self.close(name, restore),
            // The element stays unfinished, but the namespace scope it opened ends here, so a
            // caller that carries on writes its next elements with the right declarations.
            Err(_) => {
                if let Some(previous) = restore {
                    self.default_ns = previous;
                }
            }
        }
        result
    }

    /// Writes the rpc/encoded wrapper element `name` (the SOAP body's child): like
    /// [`Writer::element`] without `xsi:type`, with `{env_prefix}:encodingStyle` naming SOAP
    /// encoding (`env_prefix` is declared by the envelope).
    pub(crate) fn encoded_wrapper<T: Encode + ?Sized>(
        &mut self,
        name: Name<'_>,
        value: &T,
        env_prefix: &str,
    ) -> Result<(), EncodeError> {
        let restore = self.open(name);
        Attributes { w: self }.raw(&format!("{env_prefix}:encodingStyle"), SOAP_ENC_NS);
        self.finish_element(name, value, restore)
    }

    /// Writes `<name xsi:nil="true"/>`.
    pub fn nil(&mut self, name: Name<'_>) {
        let restore = self.open(name);
        self.attribute(Name::qualified(XSI_NS, "nil"), "true");
        self.out.push_str("/>");
        if let Some(previous) = restore {
            self.default_ns = previous;
        }
    }

    /// Writes a field: `T` as one element, `Option<T>` only when present, `Vec<T>` as one
    /// element per item.
    pub fn field<F: Field + ?Sized>(&mut self, name: Name<'_>, value: &F) -> Result<(), EncodeError> {
        value.write_field(self, name)
    }

    /// Writes several fields in order (what [`Writer::field`] writes for each): generated encoders
    /// list a record's plain fields here rather than calling `field` once per field.
    pub fn fields(&mut self, fields: &[(Name<'_>, &dyn Field)]) -> Result<(), EncodeError> {
        fields.iter().try_for_each(|(name, value)| value.write_field(self, *name))
    }

    /// Writes a recursive `Option<Box<T>>` field.
    pub fn field_boxed<T: Encode>(&mut self, name: Name<'_>, value: &Option<Box<T>>) -> Result<(), EncodeError> {
        match value {
            Some(v) => self.element(name, &**v),
            None => Ok(()),
        }
    }

    /// [`Writer::nillable`] for a boxed (recursive) field.
    pub fn nillable_boxed<T: Encode>(&mut self, name: Name<'_>, value: &Option<Box<T>>) -> Result<(), EncodeError> {
        match value {
            Some(v) => self.element(name, &**v),
            None => {
                self.nil(name);
                Ok(())
            }
        }
    }

    /// A nillable element with `minOccurs >= 1`: `None` is written as `xsi:nil="true"`.
    pub fn nillable<T: Encode>(&mut self, name: Name<'_>, value: &Option<T>) -> Result<(), EncodeError> {
        match value {
            Some(v) => self.element(name, v),
            None => {
                self.nil(name);
                Ok(())
            }
        }
    }

    /// An `ArrayOfX` wrapper `wrapper` with one `item` element per value; nothing when empty.
    ///
    /// SOAP-encoded: the wrapper is a `soapenc:Array` (`xsi:type="soapenc:Array"
    /// soapenc:arrayType="xsd:string[2]"`), written also when empty.
    pub fn array<T: Encode>(&mut self, wrapper: Name<'_>, item: Name<'_>, items: &[T]) -> Result<(), EncodeError> {
        if items.is_empty() && !self.encoded {
            return Ok(());
        }
        let restore = self.open(wrapper);
        if self.encoded {
            self.xsi_type(Name::qualified(SOAP_ENC_NS, "Array"));
            let item_type = self.type_override.or(T::SCHEMA_TYPE).unwrap_or(Name::qualified(XSD_NS, "anyType"));
            let value = format!("{}[{}]", self.qname_value(item_type), items.len());
            self.attribute(Name::qualified(SOAP_ENC_NS, "arrayType"), &value);
            if let Some(e) = self.error.take() {
                return Err(e);
            }
        }
        self.out.push('>');
        for value in items {
            self.element(item, value)?;
        }
        self.close(wrapper, restore);
        Ok(())
    }

    /// Writes `value` as escaped text content, or, with MTOM on ([`Writer::set_mtom`]) and a
    /// `base64Binary` value of at least the threshold, as an `xop:Include` of its bytes.
    pub fn text<T: Text>(&mut self, value: &T) -> Result<(), EncodeError> {
        if let Some(mtom) = self.mtom.as_deref_mut()
            && value.as_attachment().is_some_and(|bytes| mtom.takes(bytes.len()))
            && let Some(bytes) = value.attachment_bytes()
        {
            let href = mtom.add(bytes)?;
            // `href` is a percent-encoded URL: nothing to escape.
            self.out.push_str("<xop:Include xmlns:xop=\"");
            self.out.push_str(XOP_NS);
            self.out.push_str("\" href=\"");
            self.out.push_str(&href);
            self.out.push_str("\"/>");
            return Ok(());
        }
        if value.write_plain_text(&mut self.out) {
            return Ok(());
        }
        let text = value.to_text();
        check_chars(&text, T::XSD_TYPE)?;
        self.out.push_str(&quick_xml::escape::partial_escape(text.as_ref()));
        Ok(())
    }
}

/// Rejects characters XML 1.0 cannot carry.
fn check_chars(text: &str, what: &str) -> Result<(), EncodeError> {
    // Those characters are C0 controls other than tab, LF and CR (one byte below 0x20) and
    // U+FFFE / U+FFFF (`EF BF BE` / `EF BF BF`): a byte scan finds them without decoding
    // characters (which cost 10% of encoding a request).
    if text.bytes().all(|b| (b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r')) && b != 0xEF) {
        return Ok(());
    }
    match text
        .chars()
        .find(|c| matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
    {
        Some(c) => {
            Err(EncodeError::new(format!("{what} value contains U+{:04X}, which XML 1.0 cannot carry", u32::from(c))))
        }
        None => Ok(()),
    }
}

/// The attributes of the element being written.
pub struct Attributes<'w> {
    w: &'w mut Writer,
}

impl Attributes<'_> {
    /// Adds attribute `name` (an absent `Option` is skipped).
    pub fn add<V: AttrValue + ?Sized>(&mut self, name: Name<'_>, value: &V) {
        if let Some(text) = value.attr_text() {
            self.w.attribute(name, &text);
        }
    }
}

impl Attributes<'_> {
    /// Adds the attributes an `xs:anyAttribute` wildcard kept.
    pub fn others(&mut self, others: &OtherAttributes) {
        for a in others.iter() {
            let name = Name { ns: a.ns.as_deref(), local: &a.local };
            self.w.attribute(name, &a.value);
        }
    }

    /// Adds an attribute by its qualified name as written (prefix included), for raw XML kept
    /// from a document.
    pub(crate) fn raw(&mut self, qname: &str, value: &str) {
        let out = &mut self.w.out;
        out.push(' ');
        out.push_str(qname);
        push_attr_value(out, value);
    }
}

/// Appends `="value"`, escaped with quick-xml's attribute escaping: besides markup and quotes it
/// writes tabs and line breaks as character references, which a reader's attribute-value
/// normalisation would otherwise turn into spaces.
fn push_attr_value(out: &mut String, value: &str) {
    let attribute = quick_xml::events::attributes::Attribute::from(("", value));
    out.push_str("=\"");
    out.push_str(&attribute.value);
    out.push('"');
}

/// Values an attribute can hold: `Text` types and `Option`s of them.
pub trait AttrValue {
    /// The lexical form, `None` to leave the attribute out.
    fn attr_text(&self) -> Option<Cow<'_, str>>;
}

impl<T: Text> AttrValue for T {
    fn attr_text(&self) -> Option<Cow<'_, str>> {
        Some(self.to_text())
    }
}

impl<T: Text> AttrValue for Option<T> {
    fn attr_text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().map(Text::to_text)
    }
}

/// How a field value is written by [`Writer::field`].
pub trait Field {
    /// Writes the value as element(s) named `name`.
    fn write_field(&self, w: &mut Writer, name: Name<'_>) -> Result<(), EncodeError>;
}

impl<T: Encode + ?Sized> Field for T {
    fn write_field(&self, w: &mut Writer, name: Name<'_>) -> Result<(), EncodeError> {
        w.element(name, self)
    }
}

impl<T: Encode> Field for Option<T> {
    fn write_field(&self, w: &mut Writer, name: Name<'_>) -> Result<(), EncodeError> {
        match self {
            Some(v) => w.element(name, v),
            None => Ok(()),
        }
    }
}

impl<T: Encode> Field for Vec<T> {
    fn write_field(&self, w: &mut Writer, name: Name<'_>) -> Result<(), EncodeError> {
        self.iter().try_for_each(|v| w.element(name, v))
    }
}

/// Encodes a value as the content + attributes of an element whose name the caller gives.
pub trait Encode {
    /// The value's schema type, written as `xsi:type` in SOAP-encoded (rpc/encoded) messages and
    /// used for `soapenc:arrayType`: built-ins `xsd:int`, ...; generated named types their own
    /// QName; anonymous types and raw XML `None`.
    const SCHEMA_TYPE: Option<Name<'static>> = None;
    /// Writes the attributes of the element (default: none).
    fn attributes(&self, _attrs: &mut Attributes<'_>) {}
    /// Writes the content (text or child elements) of the element.
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError>;
    /// `xsi:type` to write when this value stands where its base type is declared (a base type
    /// with derived types keeps the `xsi:type` it was decoded with and writes it back).
    fn xsi_type(&self) -> Option<Name<'_>> {
        None
    }
}

impl<T: Text> Encode for T {
    const SCHEMA_TYPE: Option<Name<'static>> = <T as Text>::SCHEMA_TYPE;

    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.text(self)
    }
}

impl Encode for RawXml {
    /// The root's attributes and prefixed namespace declarations (not its default namespace,
    /// which the field's own name decides), so that the content keeps its meaning.
    fn attributes(&self, attrs: &mut Attributes<'_>) {
        let tag = &self.xml[..self.inner.start];
        let tag = tag.strip_prefix('<').unwrap_or(tag);
        let tag = tag.strip_suffix('>').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let name_len = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let start = quick_xml::events::BytesStart::from_content(tag, name_len);
        for attr in start.attributes().flatten() {
            let key = attr.key.into_inner();
            if key == "xmlns" {
                continue;
            }
            if let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                attrs.raw(key, &value);
            }
        }
    }

    /// The content as written, except that when the root's default namespace (its own `xmlns`,
    /// none if it has none) is not the field element's, each top-level child element without
    /// its own `xmlns` gets the root's, so that unprefixed names keep their namespace.
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        let inner = self.inner();
        let default = self.root_default_namespace();
        if w.default_namespace() == default.as_deref().filter(|d| !d.is_empty()) || !inner.contains('<') {
            w.raw_str(inner);
            return Ok(());
        }
        let decl = format!(" xmlns=\"{}\"", default.as_deref().unwrap_or(""));
        let mut r = quick_xml::Reader::from_str(inner);
        let mut depth = 0usize;
        let mut copied = 0usize;
        loop {
            let pos = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
            match r.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) if depth == 0 => {
                    let declares_default = e.attributes().flatten().any(|a| a.key.into_inner() == "xmlns");
                    let name_end = pos + 1 + e.name().into_inner().len();
                    if !declares_default && let Some(head) = inner.get(copied..name_end) {
                        w.raw_str(head);
                        w.raw_str(&decl);
                        copied = name_end;
                    }
                    // `<x/>` (Empty) opens nothing.
                    if r.buffer_position() >= 2
                        && inner.as_bytes().get(usize::try_from(r.buffer_position() - 2).unwrap_or(0)) != Some(&b'/')
                    {
                        depth += 1;
                    }
                }
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        w.raw_str(inner.get(copied..).unwrap_or_default());
        Ok(())
    }
}
