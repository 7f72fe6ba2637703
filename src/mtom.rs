//! MTOM/XOP and SOAP-with-Attachments replies, and MTOM requests (see [Sending](#sending)):
//! [`Multipart::parse`] splits a `multipart/related` body (RFC 2046 framing, RFC 2387 `type` /
//! `start` / `start-info` parameters) into its root part (the SOAP envelope, or the XOP
//! infoset) and its [`Attachments`], keyed by `Content-ID`.
//! [`crate::soap`] decodes such replies by itself: the root part as the envelope, with the
//! attachments handed to the [`Reader`](crate::xml::Reader) ([`Reader::set_attachments`](crate::xml::Reader::set_attachments)),
//! so that
//!
//! * an `xs:base64Binary` field whose content is `<xop:Include href="cid:..."/>` (namespace
//!   [`XOP_NS`]) gets the attachment's bytes as they are, without a base64 round trip
//!   ([`Text::from_attachment`](crate::xml::Text::from_attachment): [`crate::types::Base64`] and
//!   [`crate::rest::Binary`] take them, every other type refuses with an error naming it);
//! * a WS-I Attachments Profile `swaRef` field ([`crate::types::SwaRef`], text `cid:...`) gets the
//!   bytes of the part it names.
//!
//! What is checked, each failure a [`DecodeError`] of kind [`DecodeErrorKind::Multipart`] naming
//! the part (1-based, with its `Content-ID`) or header and the cause: the `Content-Type`
//! parameters (a `boundary` is required), the delimiter lines (a line starting with the boundary
//! that is not a delimiter, a missing close delimiter: a body cut short), each part's headers
//! (folded lines allowed; `Content-Transfer-Encoding` `binary`, `8bit`, `7bit` read as they are,
//! `base64` decoded, any other refused by name), a `Content-ID` given twice, the `start` part
//! present, the root part's type (XML, and the one the `type` parameter names), at most
//! [`MAX_PARTS`] parts. Everything is one pass over the body (the boundary searched with
//! `memchr::memmem`): linear in its size, whatever it holds. In the XML, an `xop:Include` whose
//! `cid:` names no part, one with content or next to other content, one in a field that is not
//! `base64Binary`, and a part read by two fields are decode errors. Parts no field refers to are
//! ignored.
//!
//! Memory: parts are slices of the body (`Bytes`, nothing copied while parsing). Once parsed,
//! every part but the largest is copied out and the body's other references are dropped, so
//! the largest part (a 100 MB attachment) is the sole owner of the body's allocation and becomes
//! the field's `Vec<u8>` in place ([`Attachments::take`]): decoding such a reply needs about the
//! size of the body, plus the size of the other parts. The size limit of a call
//! ([`crate::limits::CallOptions::max_reply_bytes`]) counts the whole multipart body. Parts are
//! kept in memory: nothing is streamed to disk.
//!
//! # Sending
//!
//! Requests are MTOM when the client opts in ([`SoapClient::set_mtom`](crate::soap::SoapClient::set_mtom),
//! a generated builder's `mtom(threshold)`, or a WSDL policy asking for it; threshold
//! [`DEFAULT_THRESHOLD`] as WCF and CXF): the [`Writer`](crate::xml::Writer) writes a
//! `base64Binary` value ([`Text::as_attachment`](crate::xml::Text::as_attachment):
//! [`crate::types::Base64`], [`crate::rest::Binary`]) of at least the threshold as
//! `<xop:Include href="cid:n.<random hex>@wsbind"/>` ([`cid_url`]) and keeps its bytes, not
//! base64-encoded, as a part; shorter values and attributes stay inline, and a request with no
//! such value is a plain envelope. [`package`] frames the envelope and its parts (SOAP MTOM 1.0,
//! SOAP 1.1 Binding for MTOM 1.0, XOP 1.0, RFC 2387): HTTP `Content-Type: multipart/related;
//! type="application/xop+xml"; start="<root...>"; start-info="text/xml"; boundary="uuid:..."`
//! (SOAP 1.1, with its `SOAPAction` header; SOAP 1.2: `start-info="application/soap+xml;
//! action=\"...\""` plus an `action` parameter), the root part `application/xop+xml;
//! charset=UTF-8; type="..."`, each attachment `application/octet-stream`, all
//! `Content-Transfer-Encoding: binary` with a `Content-ID`. The boundary is random and occurs in
//! no part; the body is one allocation of its final size. A re-send of the call (retry policy)
//! keeps the framing and the attachments and only rebuilds the root part with a fresh
//! WS-Security header. [`crate::soap::SoapClient::mtom_envelope`] gives the envelope and
//! attachments before packaging. X.509-signed requests are sent inline for now.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use memchr::memmem;

use crate::envelope::SoapVersion;
use crate::xml::error::{DecodeError, DecodeErrorKind, EncodeError};

/// The XOP namespace of `xop:Include` (XOP 1.0).
pub const XOP_NS: &str = "http://www.w3.org/2004/08/xop/include";
/// Most parts a `multipart/related` reply may have (root part included).
pub const MAX_PARTS: usize = 10_000;
/// Longest header section of one part, in bytes.
pub const MAX_PART_HEADER_BYTES: usize = 64 * 1024;

/// A `multipart/related` error (kind [`DecodeErrorKind::Multipart`]).
fn error(message: impl Into<String>) -> DecodeError {
    DecodeError { path: "/".to_owned(), kind: DecodeErrorKind::Multipart(message.into()), line: 0, column: 0 }
}

/// A parsed `Content-Type` value: the media type (lower case) and its parameters (names in lower
/// case, values unquoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentType {
    /// `type/subtype`, lower case.
    pub media_type: String,
    /// The parameters in order, names lower case, quoted values unescaped.
    pub params: Vec<(String, String)>,
}

impl ContentType {
    /// Parses a `Content-Type` header value (RFC 2045: `type/subtype` then `; name=value`
    /// parameters, values a token or a quoted string).
    pub fn parse(value: &str) -> Result<ContentType, String> {
        let (media, mut rest) = value.split_once(';').unwrap_or((value, ""));
        let media_type = media.trim().to_ascii_lowercase();
        let valid_media = media_type.split_once('/').is_some_and(|(t, s)| is_token(t) && is_token(s));
        if !valid_media {
            return Err(format!("`{}` is not a media type (`type/subtype`)", media.trim().escape_debug()));
        }
        let mut params = Vec::new();
        loop {
            rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
            if rest.is_empty() {
                break;
            }
            let (name, after) = rest.split_once('=').ok_or_else(|| {
                format!("parameter `{}` has no value", rest.split(';').next().unwrap_or("").trim().escape_debug())
            })?;
            let name = name.trim();
            if !is_token(name) {
                return Err(format!("`{}` is not a parameter name", name.escape_debug()));
            }
            let after = after.trim_start_matches([' ', '\t']);
            let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
                let mut out = String::new();
                let mut chars = quoted.char_indices();
                let mut end = None;
                while let Some((i, c)) = chars.next() {
                    match c {
                        '"' => {
                            end = Some(i + 1);
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, escaped)) => out.push(escaped),
                            None => break,
                        },
                        c => out.push(c),
                    }
                }
                let end = end.ok_or_else(|| format!("the value of parameter `{name}` has no closing quote"))?;
                (out, &quoted[end..])
            } else {
                let end = after.find(';').unwrap_or(after.len());
                let token = after[..end].trim_end_matches([' ', '\t', '\r', '\n']);
                if token.is_empty() || !is_token(token) {
                    return Err(format!(
                        "the value `{}` of parameter `{name}` is neither a token nor quoted",
                        token.escape_debug()
                    ));
                }
                (token.to_owned(), &after[end..])
            };
            let after = after.trim_start_matches([' ', '\t', '\r', '\n']);
            rest = match after.strip_prefix(';') {
                Some(next) => next,
                None if after.is_empty() => "",
                None => return Err(format!("unexpected `{}` after parameter `{name}`", after.escape_debug())),
            };
            params.push((name.to_ascii_lowercase(), value));
        }
        Ok(ContentType { media_type, params })
    }

    /// The value of parameter `name` (lower case), if given.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Whether `c` is an RFC 2045 token character.
fn is_token_char(c: char) -> bool {
    c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?=".contains(c)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_token_char)
}

/// Whether a `Content-Type` header value is `multipart/related` (MTOM, SOAP with Attachments).
pub fn is_multipart_related(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("multipart/related")
}

/// One part of a `multipart/related` body (`Debug` shows the length of its content, not the
/// content).
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// Its `Content-ID` without the angle brackets, if it has one.
    pub content_id: Option<String>,
    /// Its `Content-Type` as written, if it has one.
    pub content_type: Option<String>,
    /// Its content (transfer encoding undone): a slice of the body, or a copy (see the module
    /// documentation).
    pub body: Bytes,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("content_id", &self.content_id)
            .field("content_type", &self.content_type)
            .field("len", &self.body.len())
            .finish()
    }
}

impl Part {
    /// How error messages name the part: `part 2 (Content-ID <x>)`.
    fn describe(index: usize, content_id: Option<&str>) -> String {
        match content_id {
            Some(id) => format!("part {} (Content-ID <{}>)", index + 1, id.escape_debug()),
            None => format!("part {}", index + 1),
        }
    }
}

/// The attachments of a `multipart/related` reply: every part but the root, by `Content-ID`.
///
/// Each is read once: [`Attachments::take`] hands its bytes out and forgets them (the largest
/// one without copying, see the module documentation); a second reference to it is an error.
/// `Debug` shows the ids and lengths, not the content.
#[derive(Default)]
pub struct Attachments {
    parts: HashMap<String, Bytes>,
    taken: HashSet<String>,
}

impl std::fmt::Debug for Attachments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<(&str, usize)> = self.parts.iter().map(|(id, b)| (id.as_str(), b.len())).collect();
        parts.sort_unstable();
        f.debug_struct("Attachments").field("parts", &parts).field("taken", &self.taken.len()).finish()
    }
}

impl Attachments {
    /// No attachments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds attachment `content_id` (without angle brackets); `Err` when that id is there already.
    pub fn insert(&mut self, content_id: impl Into<String>, body: Bytes) -> Result<(), String> {
        let id = content_id.into();
        if self.parts.contains_key(&id) || self.taken.contains(&id) {
            return Err(format!("Content-ID <{}> is given to two parts", id.escape_debug()));
        }
        self.parts.insert(id, body);
        Ok(())
    }

    /// How many attachments are left (not taken yet).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether no attachment is left.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The bytes of attachment `content_id` (no `cid:`, no angle brackets), unless taken.
    pub fn get(&self, content_id: &str) -> Option<&[u8]> {
        self.parts.get(content_id).map(|b| b.as_ref())
    }

    /// The `Content-ID`s of the attachments left, in no particular order.
    pub fn content_ids(&self) -> impl Iterator<Item = &str> {
        self.parts.keys().map(String::as_str)
    }

    /// Takes the attachment a `cid:` URL (`href` of `xop:Include`, text of a `swaRef`) names: its
    /// bytes, in place when this is the only reference to them. `Err(reason)` when the URL is not
    /// a `cid:` URL, names no part, or names one taken already.
    pub fn take(&mut self, href: &str) -> Result<Vec<u8>, String> {
        let id = content_id_of_cid(href)?;
        match self.parts.remove(&id) {
            Some(body) => {
                self.taken.insert(id);
                Ok(Vec::from(body))
            }
            None if self.taken.contains(&id) => Err(format!(
                "the attachment `{}` is referred to a second time (each attachment is read into one field)",
                href.escape_debug()
            )),
            None => {
                let mut known: Vec<&str> = self.content_ids().collect();
                known.sort_unstable();
                known.truncate(5);
                let known = if known.is_empty() {
                    "the reply has no attachment left".to_owned()
                } else {
                    format!("its attachments are <{}>", known.join(">, <"))
                };
                Err(format!("no part has Content-ID <{}> ({known})", id.escape_debug()))
            }
        }
    }
}

/// The `Content-ID` a `cid:` URL names (RFC 2392: the scheme is case-insensitive, the rest
/// percent-decoded).
pub fn content_id_of_cid(href: &str) -> Result<String, String> {
    let href = href.trim();
    let rest = match href.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("cid:") => &href[4..],
        _ => return Err(format!("`{}` is not a `cid:` URL", href.escape_debug())),
    };
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let value = hex
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("`{}`: `%` is not followed by two hex digits", href.escape_debug()))?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let id =
        String::from_utf8(out).map_err(|_| format!("`{}` decodes to bytes that are not UTF-8", href.escape_debug()))?;
    if id.is_empty() {
        return Err(format!("`{}` names no Content-ID", href.escape_debug()));
    }
    Ok(id)
}

/// A `multipart/related` body split into its root part and attachments.
#[derive(Debug)]
pub struct Multipart {
    root: Part,
    attachments: Attachments,
}

/// The headers of a part this module reads.
#[derive(Default)]
struct Headers {
    content_id: Option<String>,
    content_type: Option<String>,
    transfer_encoding: Option<String>,
}

impl Multipart {
    /// Splits `body`, whose `Content-Type` is `content_type` (`multipart/related; boundary=...`),
    /// into its root part (the `start` parameter's, else the first) and attachments. See the
    /// module documentation for what is checked and what is copied.
    pub fn parse(content_type: &str, body: Bytes) -> Result<Multipart, DecodeError> {
        let ct = ContentType::parse(content_type).map_err(|e| error(format!("Content-Type: {e}")))?;
        if ct.media_type != "multipart/related" {
            return Err(error(format!("Content-Type `{}` is not multipart/related", ct.media_type)));
        }
        let boundary = ct
            .param("boundary")
            .ok_or_else(|| error("Content-Type: multipart/related without a `boundary` parameter"))?;
        if boundary.is_empty() || boundary.len() > 200 || boundary.contains(['\r', '\n']) {
            return Err(error(format!(
                "Content-Type: the boundary `{}` is empty, longer than 200 bytes or has a line break",
                boundary.escape_debug()
            )));
        }
        let start = match ct.param("start") {
            Some(start) => Some(strip_angles(start).ok_or_else(|| error("Content-Type: an empty `start` parameter"))?),
            None => None,
        };
        let mut parts = split(&body, boundary)?;
        let root_index = match start {
            None => 0,
            Some(start) => parts.iter().position(|p| p.content_id.as_deref() == Some(start)).ok_or_else(|| {
                error(format!("no part has the Content-ID <{}> the `start` parameter names", start.escape_debug()))
            })?,
        };
        check_root(&parts[root_index], root_index, ct.param("type"))?;
        // Every slice of the body but the largest is copied out; then `body` is dropped, leaving
        // the largest the only owner of the body's allocation. (Base64 parts own their bytes.)
        let range = body.as_ptr_range();
        let in_body = |part: &Part| part.body.is_empty() || range.contains(&part.body.as_ptr());
        let largest = (0..parts.len()).filter(|i| in_body(&parts[*i])).max_by_key(|i| parts[*i].body.len());
        for (i, part) in parts.iter_mut().enumerate() {
            if Some(i) != largest && in_body(part) {
                part.body = Bytes::copy_from_slice(&part.body);
            }
        }
        drop(body);
        let root = parts.remove(root_index);
        let mut attachments = Attachments::new();
        for (i, part) in parts.into_iter().enumerate() {
            let index = if i >= root_index { i + 1 } else { i };
            let Some(id) = part.content_id else {
                // A part without Content-ID cannot be referred to from XOP or swaRef: ignored.
                continue;
            };
            let name = Part::describe(index, Some(&id));
            if root.content_id.as_ref() == Some(&id) {
                return Err(error(format!("{name}: Content-ID <{}> is the root part's too", id.escape_debug())));
            }
            attachments.insert(id.clone(), part.body).map_err(|e| error(format!("{name}: {e}")))?;
        }
        Ok(Multipart { root, attachments })
    }

    /// The root part (the SOAP envelope).
    pub fn root(&self) -> &Part {
        &self.root
    }

    /// The attachments.
    pub fn attachments(&self) -> &Attachments {
        &self.attachments
    }

    /// The root part and the attachments.
    pub fn into_parts(self) -> (Part, Attachments) {
        (self.root, self.attachments)
    }
}

/// `<id>` without the angle brackets (an id written without them is taken as it is); `None` when empty.
fn strip_angles(id: &str) -> Option<&str> {
    let id = id.trim();
    let id = id.strip_prefix('<').and_then(|i| i.strip_suffix('>')).unwrap_or(id).trim();
    (!id.is_empty()).then_some(id)
}

/// The root part must be XML, of the media type the `type` parameter names when both say one.
fn check_root(root: &Part, index: usize, declared: Option<&str>) -> Result<(), DecodeError> {
    let name = Part::describe(index, root.content_id.as_deref());
    let Some(content_type) = &root.content_type else { return Ok(()) };
    let media = ContentType::parse(content_type).map_err(|e| error(format!("{name}: Content-Type: {e}")))?.media_type;
    if let Some(declared) = declared
        && !declared.trim().eq_ignore_ascii_case(&media)
    {
        return Err(error(format!(
            "{name}, the root part, has Content-Type `{media}`, not the `{}` the reply's `type` parameter names",
            declared.trim().escape_debug()
        )));
    }
    let xml = matches!(media.as_str(), "application/xop+xml" | "text/xml" | "application/soap+xml" | "application/xml");
    if !xml {
        return Err(error(format!("{name}, the root part, has Content-Type `{media}`: not an XML message")));
    }
    Ok(())
}

/// The end of the line starting at `pos` (the index after its `\n`), or `None` without one.
fn line_end(body: &[u8], pos: usize) -> Option<usize> {
    memchr::memchr(b'\n', body.get(pos..)?).map(|i| pos + i + 1)
}

/// Splits `body` at the `--boundary` delimiter lines (CRLF or bare LF line ends) into its parts,
/// headers read and transfer encoding undone.
fn split(body: &Bytes, boundary: &str) -> Result<Vec<Part>, DecodeError> {
    let bytes: &[u8] = body;
    let dash_boundary = format!("--{boundary}");
    let delimiter = format!("\n--{boundary}");
    let next_finder = memmem::Finder::new(delimiter.as_bytes());
    // The first delimiter: at the start of the body or of a line (after the preamble).
    let first = if bytes.starts_with(dash_boundary.as_bytes()) {
        0
    } else {
        next_finder.find(bytes).map(|i| i + 1).ok_or_else(|| {
            error(format!("no delimiter line `--{}` in the body: the boundary does not match", boundary.escape_debug()))
        })?
    };
    let mut parts: Vec<Part> = Vec::new();
    // `pos`: just after a `--boundary` at the start of a line.
    let mut pos = first + dash_boundary.len();
    loop {
        let index = parts.len();
        // Close delimiter: `--` (then transport padding and the epilogue, ignored).
        if bytes.get(pos..pos + 2) == Some(b"--") {
            if parts.is_empty() {
                return Err(error("the body has no part (a close delimiter first)"));
            }
            return Ok(parts);
        }
        // Transport padding (spaces, tabs), then the line end.
        let end = line_end(bytes, pos).ok_or_else(|| {
            error(format!("{}: the body ends on its delimiter line (cut short?)", Part::describe(index, None)))
        })?;
        let padding = &bytes[pos..end];
        let padding = padding.strip_suffix(b"\n").unwrap_or(padding);
        let padding = padding.strip_suffix(b"\r").unwrap_or(padding);
        if !padding.iter().all(|b| matches!(b, b' ' | b'\t')) {
            return Err(error(format!(
                "a line starts with the boundary `--{}` but is no delimiter (followed by `{}`)",
                boundary.escape_debug(),
                String::from_utf8_lossy(&padding[..padding.len().min(40)]).escape_debug()
            )));
        }
        if index == MAX_PARTS {
            return Err(error(format!("more than {MAX_PARTS} parts")));
        }
        // Headers, up to an empty line.
        let (headers, content_start) = headers(bytes, end, index)?;
        let name = Part::describe(index, headers.content_id.as_deref().and_then(strip_angles));
        // Content: up to the next delimiter, whose line break belongs to it. The search starts at
        // the `\n` of the headers' empty line: a delimiter right after it (sharing it) ends an
        // empty part.
        let from = content_start - 1;
        let Some(at) = next_finder.find(&bytes[from..]).map(|i| i + from) else {
            return Err(error(format!(
                "{name}: the body ends without the close delimiter `--{}--` (cut short?)",
                boundary.escape_debug()
            )));
        };
        let content_end = if at + 1 == content_start {
            content_start
        } else if at > content_start && bytes[at - 1] == b'\r' {
            at - 1
        } else {
            at
        };
        let raw = body.slice(content_start..content_end.max(content_start));
        let content = match headers.transfer_encoding.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("binary" | "8bit" | "7bit") => raw,
            Some("base64") => {
                Bytes::from(decode_base64(&raw).map_err(|e| error(format!("{name}: base64 content: {e}")))?)
            }
            Some(other) => {
                return Err(error(format!(
                    "{name}: Content-Transfer-Encoding `{}` is not supported (binary, 8bit, 7bit and base64 are)",
                    other.escape_debug()
                )));
            }
        };
        parts.push(Part { content_id: headers.content_id, content_type: headers.content_type, body: content });
        pos = at + delimiter.len();
    }
}

/// The headers of part `index`, from `pos` (the line after its delimiter) to the empty line, and
/// where its content starts.
fn headers(bytes: &[u8], pos: usize, index: usize) -> Result<(Headers, usize), DecodeError> {
    let mut headers = Headers::default();
    let mut lines: Vec<String> = Vec::new();
    let mut at = pos;
    let content_start = loop {
        let Some(end) = line_end(bytes, at) else {
            return Err(error(format!("{}: the body ends in its headers (cut short?)", Part::describe(index, None))));
        };
        if end - pos > MAX_PART_HEADER_BYTES {
            return Err(error(format!(
                "{}: headers longer than {MAX_PART_HEADER_BYTES} bytes",
                Part::describe(index, None)
            )));
        }
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break end;
        }
        let text = std::str::from_utf8(line).map_err(|_| {
            error(format!("{}: a header line is not UTF-8 (line at offset {at})", Part::describe(index, None)))
        })?;
        match (text.starts_with([' ', '\t']), lines.last_mut()) {
            // A folded line continues the header before it.
            (true, Some(last)) => last.push_str(text),
            (true, None) => {
                return Err(error(format!(
                    "{}: the headers start with a continuation line `{}`",
                    Part::describe(index, None),
                    text.escape_debug()
                )));
            }
            (false, _) => lines.push(text.to_owned()),
        }
        at = end;
    };
    for line in &lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(error(format!(
                "{}: the header line `{}` has no `:`",
                Part::describe(index, headers.content_id.as_deref().and_then(strip_angles)),
                line.escape_debug()
            )));
        };
        let value = value.trim();
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "content-id" => &mut headers.content_id,
            "content-type" => &mut headers.content_type,
            "content-transfer-encoding" => &mut headers.transfer_encoding,
            _ => continue,
        };
        if slot.is_some() {
            return Err(error(format!(
                "{}: header `{}` given twice",
                Part::describe(index, headers.content_id.as_deref().and_then(strip_angles)),
                name.trim().escape_debug()
            )));
        }
        *slot = Some(value.to_owned());
    }
    if let Some(id) = headers.content_id.take() {
        let Some(stripped) = strip_angles(&id) else {
            return Err(error(format!("{}: an empty Content-ID", Part::describe(index, None))));
        };
        headers.content_id = Some(stripped.to_owned());
    }
    Ok((headers, content_start))
}

/// Base64 content (MIME: line breaks and other white space between the characters ignored).
fn decode_base64(raw: &[u8]) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let compact: Vec<u8> = raw.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Sending: MTOM requests.

/// The default MTOM threshold, in bytes: a `base64Binary` value at least this long is sent as an
/// attachment, a shorter one inline (WCF's and CXF's default, 1 KiB).
pub const DEFAULT_THRESHOLD: usize = 1024;

/// The `Content-Type` of the attachments a request sends.
const OCTET_STREAM: &str = "application/octet-stream";

/// Characters kept as they are in a `cid:` URL (RFC 2392: the Content-ID's `addr-spec`,
/// percent-encoded where it has characters a URL cannot carry).
const CID_KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'@')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b'+')
    .remove(b'=')
    .remove(b'$');

/// The `cid:` URL naming the part whose `Content-ID` is `content_id` (without angle brackets),
/// percent-encoded as RFC 2392 requires: what an `xop:Include`'s `href` holds.
pub fn cid_url(content_id: &str) -> String {
    format!("cid:{}", percent_encoding::utf8_percent_encode(content_id, CID_KEEP))
}

/// `bytes` random bytes in lower-case hex.
fn random_hex(bytes: usize) -> Result<String, EncodeError> {
    let mut raw = vec![0u8; bytes];
    getrandom::fill(&mut raw).map_err(|e| EncodeError::new(format!("MTOM: no random Content-ID or boundary: {e}")))?;
    Ok(raw.iter().map(|b| format!("{b:02x}")).collect())
}

/// The attachments a [`Writer`](crate::xml::Writer) with MTOM on collects while it writes a
/// message (see [`Writer::set_mtom`](crate::xml::Writer::set_mtom)).
#[derive(Debug)]
pub(crate) struct XopParts {
    threshold: usize,
    /// Random hex shared by this message's Content-IDs (`1.<tag>@wsbind`, `2.<tag>@wsbind`...),
    /// drawn at the first attachment.
    tag: Option<String>,
    parts: Vec<Part>,
}

impl XopParts {
    pub(crate) fn new(threshold: usize) -> Self {
        XopParts { threshold, tag: None, parts: Vec::new() }
    }

    /// Whether a value of `len` bytes goes as an attachment.
    pub(crate) fn takes(&self, len: usize) -> bool {
        len >= self.threshold
    }

    /// Adds `bytes` as the next attachment; returns the `cid:` URL its `xop:Include` names.
    pub(crate) fn add(&mut self, bytes: Bytes) -> Result<String, EncodeError> {
        let tag = match &self.tag {
            Some(tag) => tag.clone(),
            None => self.tag.insert(random_hex(16)?).clone(),
        };
        let id = format!("{}.{tag}@wsbind", self.parts.len() + 1);
        let url = cid_url(&id);
        self.parts.push(Part { content_id: Some(id), content_type: Some(OCTET_STREAM.to_owned()), body: bytes });
        Ok(url)
    }

    /// The attachments collected, in document order.
    pub(crate) fn take(&mut self) -> Vec<Part> {
        std::mem::take(&mut self.parts)
    }
}

/// An envelope as an MTOM request sends it ([`crate::soap::SoapClient::mtom_envelope`]): the
/// root part, with the values sent as attachments written as `xop:Include`, and the attachments
/// the Includes name. Package it with [`package`]. `Debug` shows the envelope's length, not its
/// text (it may carry credentials), and the attachments' ids and lengths.
#[derive(Clone)]
pub struct MtomEnvelope {
    /// The envelope (the XOP infoset's root document).
    pub xml: String,
    /// The attachments, in document order: `Content-ID` (without angle brackets; the Includes'
    /// `href` is its [`cid_url`]), `Content-Type` `application/octet-stream`, the bytes.
    pub attachments: Vec<Part>,
    /// The operation's action for the client's SOAP version (`SOAPAction`, or the `action`
    /// parameter of SOAP 1.2).
    pub action: &'static str,
}

impl std::fmt::Debug for MtomEnvelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MtomEnvelope")
            .field("xml_len", &self.xml.len())
            .field("attachments", &self.attachments)
            .field("action", &self.action)
            .finish()
    }
}

/// `value` as the content of a MIME quoted-string (`\` and `"` escaped).
fn quoted(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The boundary and root `Content-ID` of an MTOM request: random, and kept for the re-sends of
/// a call (the HTTP `Content-Type` names them; only the root part changes, see
/// [`Framing::package`]).
#[derive(Clone, Debug)]
pub(crate) struct Framing {
    boundary: String,
    root_id: String,
}

impl Framing {
    /// A random framing whose boundary occurs nowhere in `envelope` and `attachments` (drawn
    /// again when it does, which 122 random bits make all but impossible).
    pub(crate) fn choose(envelope: &[u8], attachments: &[Part]) -> Result<Framing, EncodeError> {
        for _ in 0..8 {
            let hex = random_hex(32)?;
            // UUID-shaped (version 4), as CXF, JAX-WS and WCF write theirs.
            let boundary =
                format!("uuid:{}-{}-4{}-a{}-{}", &hex[..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32]);
            let framing = Framing { boundary, root_id: format!("root.{}@wsbind", &hex[32..]) };
            if !framing.occurs_in(envelope, attachments)
                && attachments.iter().all(|p| p.content_id.as_deref() != Some(framing.root_id.as_str()))
            {
                return Ok(framing);
            }
        }
        Err(EncodeError::new("MTOM: no boundary found that the message does not contain"))
    }

    /// Whether the boundary occurs in the envelope or in an attachment (content or headers).
    fn occurs_in(&self, envelope: &[u8], attachments: &[Part]) -> bool {
        let finder = memmem::Finder::new(self.boundary.as_bytes());
        finder.find(envelope).is_some()
            || attachments.iter().any(|p| {
                finder.find(&p.body).is_some()
                    || [&p.content_id, &p.content_type]
                        .iter()
                        .any(|h| h.as_deref().is_some_and(|h| finder.find(h.as_bytes()).is_some()))
            })
    }

    /// The `multipart/related` `Content-Type` and body of `envelope` (the root part) and
    /// `attachments` for an operation with action `action` in SOAP `version`.
    ///
    /// What is written (SOAP MTOM 1.0 section 4.3 / SOAP 1.1 Binding for MTOM 1.0, XOP 1.0,
    /// RFC 2387):
    ///
    /// * HTTP `Content-Type: multipart/related; type="application/xop+xml"; start="<root...>";
    ///   start-info="text/xml"; boundary="uuid:..."` (SOAP 1.1, which keeps its `SOAPAction`
    ///   header), `start-info="application/soap+xml; action=\"...\""` and a separate
    ///   `action="..."` parameter for SOAP 1.2;
    /// * the root part `Content-Type: application/xop+xml; charset=UTF-8; type="text/xml"`
    ///   (SOAP 1.1) or `type="application/soap+xml; action=\"...\""` (SOAP 1.2),
    ///   `Content-Transfer-Encoding: binary`, `Content-ID: <root...>`;
    /// * one part per attachment, `Content-Type: application/octet-stream` (or the part's own),
    ///   `Content-Transfer-Encoding: binary`, `Content-ID: <...>`, the bytes as they are.
    ///
    /// SOAP 1.2's action: WS-I Basic Profile 2.0 puts it inside `start-info` and inside the root
    /// part's `type` (what CXF and current JAX-WS send, metro-jax-ws issue 670), while older
    /// JAX-WS, SoapUI and Axis2 send it as a separate `action` parameter of the
    /// `multipart/related` type (metro-jax-ws issue 677): both are written, so that a server
    /// reading either finds it (RFC 2045 receivers ignore parameters they do not know). An empty
    /// action is left out, as for plain SOAP 1.2 requests.
    ///
    /// `Err` when the boundary occurs in `envelope` (a refreshed root part of a re-send: the
    /// framing is fixed by then) or a header value has a line break.
    pub(crate) fn package(
        &self,
        version: SoapVersion,
        action: &str,
        envelope: &[u8],
        attachments: &[Part],
    ) -> Result<(String, Bytes), EncodeError> {
        if self.occurs_in(envelope, &[]) {
            return Err(EncodeError::new("MTOM: the envelope contains the boundary of its message"));
        }
        let Framing { boundary, root_id } = self;
        // The root's own media type (`start-info`, the root part's `type`), then as the content of
        // a quoted string.
        let (soap_type, action_param) = match version {
            SoapVersion::V11 => ("text/xml".to_owned(), String::new()),
            SoapVersion::V12 if action.is_empty() => ("application/soap+xml".to_owned(), String::new()),
            SoapVersion::V12 => (
                format!("application/soap+xml; action=\"{}\"", quoted(action)),
                format!("; action=\"{}\"", quoted(action)),
            ),
        };
        let soap_type = quoted(&soap_type);
        let content_type = format!(
            "multipart/related; type=\"application/xop+xml\"; start=\"<{root_id}>\"; start-info=\"{soap_type}\"; boundary=\"{boundary}\"{action_param}"
        );
        let head = |content_type: &str, content_id: Option<&str>| -> Result<String, EncodeError> {
            if content_type.contains(['\r', '\n']) || content_id.is_some_and(|id| id.contains(['\r', '\n'])) {
                return Err(EncodeError::new("MTOM: a part's Content-Type or Content-ID has a line break"));
            }
            let id = content_id.map(|id| format!("Content-ID: <{id}>\r\n")).unwrap_or_default();
            Ok(format!("--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n{id}\r\n"))
        };
        let root_head = head(&format!("application/xop+xml; charset=UTF-8; type=\"{soap_type}\""), Some(root_id))?;
        let heads = attachments
            .iter()
            .map(|p| head(p.content_type.as_deref().unwrap_or(OCTET_STREAM), p.content_id.as_deref()))
            .collect::<Result<Vec<String>, EncodeError>>()?;
        let close = format!("\r\n--{boundary}--\r\n");
        let size = root_head.len()
            + envelope.len()
            + heads.iter().zip(attachments).map(|(h, p)| 2 + h.len() + p.body.len()).sum::<usize>()
            + close.len();
        let mut body = Vec::with_capacity(size);
        body.extend_from_slice(root_head.as_bytes());
        body.extend_from_slice(envelope);
        for (head, part) in heads.iter().zip(attachments) {
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(&part.body);
        }
        body.extend_from_slice(close.as_bytes());
        debug_assert_eq!(body.len(), size);
        Ok((content_type, Bytes::from(body)))
    }
}

/// The `multipart/related` `Content-Type` and body of an MTOM request: `envelope` (the root
/// part, with its `xop:Include`s) and the `attachments` they name, for an operation with action
/// `action` in SOAP `version`, with a random boundary occurring nowhere in the message and a
/// random root `Content-ID`. What is written: see [Sending](self#sending). The body is built
/// in one allocation of its final size (each attachment copied once). `Err` when no random
/// bytes are available or a header value has a line break.
pub fn package(
    version: SoapVersion,
    action: &str,
    envelope: &str,
    attachments: &[Part],
) -> Result<(String, Bytes), EncodeError> {
    Framing::choose(envelope.as_bytes(), attachments)?.package(version, action, envelope.as_bytes(), attachments)
}

/// What the re-sends of an MTOM call need: its framing (fixed: the HTTP `Content-Type` names
/// it), the envelope as first sent and the attachments (shared, not copied).
pub(crate) struct Resend {
    pub(crate) framing: Framing,
    pub(crate) version: SoapVersion,
    pub(crate) action: &'static str,
    pub(crate) envelope: Bytes,
    pub(crate) attachments: Vec<Part>,
}

impl Resend {
    /// The body of a re-send whose root part is `envelope`.
    pub(crate) fn body(&self, envelope: &[u8]) -> Result<Bytes, EncodeError> {
        self.framing.package(self.version, self.action, envelope, &self.attachments).map(|(_, body)| body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/related; type=\"application/xop+xml\"; boundary=\"MIME_b\"; \
                      start=\"<root@x>\"; start-info=\"text/xml\"";
    const ROOT: &str = "<e/>";

    fn body(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
        let mut out = b"preamble\r\n".to_vec();
        for (id, ct, content) in parts {
            out.extend_from_slice(format!("--MIME_b\r\nContent-ID: <{id}>\r\nContent-Type: {ct}\r\n\r\n").as_bytes());
            out.extend_from_slice(content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--MIME_b--\r\nepilogue");
        out
    }

    fn parse(ct: &str, body: &[u8]) -> Result<Multipart, DecodeError> {
        Multipart::parse(ct, Bytes::copy_from_slice(body))
    }

    fn message(e: DecodeError) -> String {
        match e.kind {
            DecodeErrorKind::Multipart(m) => m,
            other => panic!("{other:?}"),
        }
    }

    fn root_type() -> &'static str {
        "application/xop+xml; charset=UTF-8; type=\"text/xml\""
    }

    #[test]
    fn content_types_parse() {
        let ct = ContentType::parse(CT).unwrap();
        assert_eq!(ct.media_type, "multipart/related");
        assert_eq!(ct.param("boundary"), Some("MIME_b"));
        assert_eq!(ct.param("start"), Some("<root@x>"));
        assert_eq!(ct.param("start-info"), Some("text/xml"));
        let ct = ContentType::parse("Multipart/Related;BOUNDARY=abc ; x=\"a\\\"b;c\"").unwrap();
        assert_eq!(ct.media_type, "multipart/related");
        assert_eq!(ct.params, [("boundary".to_owned(), "abc".to_owned()), ("x".to_owned(), "a\"b;c".to_owned())]);
        assert_eq!(ContentType::parse("text").unwrap_err(), "`text` is not a media type (`type/subtype`)");
        assert_eq!(ContentType::parse("a/b; c").unwrap_err(), "parameter `c` has no value");
        assert_eq!(ContentType::parse("a/b; c=\"x").unwrap_err(), "the value of parameter `c` has no closing quote");
        assert_eq!(ContentType::parse("a/b; c=\"x\" y").unwrap_err(), "unexpected `y` after parameter `c`");
        assert!(is_multipart_related(" multipart/RELATED; boundary=x"));
        assert!(!is_multipart_related("text/xml; charset=utf-8"));
    }

    #[test]
    fn root_by_start_and_attachments_by_id() {
        let b = body(&[
            ("a1@x", "application/octet-stream", b"\x00\x01\r\n--MIME_"),
            ("root@x", root_type(), ROOT.as_bytes()),
        ]);
        let m = parse(CT, &b).unwrap();
        assert_eq!(m.root().body.as_ref(), ROOT.as_bytes());
        assert_eq!(m.root().content_id.as_deref(), Some("root@x"));
        let (_, mut attachments) = m.into_parts();
        assert_eq!(attachments.len(), 1);
        assert_eq!(attachments.get("a1@x"), Some(&b"\x00\x01\r\n--MIME_"[..]));
        assert_eq!(attachments.take("cid:a1%40x").unwrap(), b"\x00\x01\r\n--MIME_");
        assert_eq!(
            attachments.take("cid:a1@x").unwrap_err(),
            "the attachment `cid:a1@x` is referred to a second time (each attachment is read into one field)"
        );
        assert_eq!(
            attachments.take("cid:zz").unwrap_err(),
            "no part has Content-ID <zz> (the reply has no attachment left)"
        );
    }

    #[test]
    fn first_part_is_the_root_without_start_and_lf_line_ends_are_read() {
        let b = b"--b\nContent-Type: text/xml\n\n<e/>\n--b\nContent-ID: x\n\nDATA\n--b--";
        let m = parse("multipart/related; boundary=b", b).unwrap();
        assert_eq!(m.root().body.as_ref(), b"<e/>");
        assert_eq!(m.attachments().get("x"), Some(&b"DATA"[..]));
        assert_eq!(
            format!("{m:?}"),
            "Multipart { root: Part { content_id: None, content_type: Some(\"text/xml\"), len: 4 }, \
             attachments: Attachments { parts: [(\"x\", 4)], taken: 0 } }"
        );
    }

    #[test]
    fn empty_parts_padding_and_base64_parts() {
        let b = b"--b  \r\nContent-Type: text/xml\r\n\r\n<e/>\r\n--b\t\r\nContent-ID: <empty>\r\n\r\n\r\n--b\r\n\
                  Content-ID: <b64>\r\nContent-Transfer-Encoding: BASE64\r\n\r\naGVs\r\nbG8=\r\n--b--";
        let m = parse("multipart/related; boundary=b", b).unwrap();
        assert_eq!(m.attachments().get("empty"), Some(&b""[..]));
        assert_eq!(m.attachments().get("b64"), Some(&b"hello"[..]));
        let b = b"--b\r\nContent-Type: text/xml\r\n\r\n<e/>\r\n--b\r\nContent-ID: <e>\r\n\r\n--b--";
        let m = parse("multipart/related; boundary=b", b).unwrap();
        assert_eq!(m.attachments().get("e"), Some(&b""[..]));
    }

    #[test]
    fn folded_headers_are_joined() {
        let b = b"--b\r\nContent-Type: application/xop+xml;\r\n type=\"text/xml\"\r\n\r\n<e/>\r\n--b--";
        let m = parse("multipart/related; boundary=b; type=\"application/xop+xml\"", b).unwrap();
        assert_eq!(m.root().content_type.as_deref(), Some("application/xop+xml; type=\"text/xml\""));
    }

    #[test]
    fn cid_urls_are_percent_decoded() {
        assert_eq!(content_id_of_cid("CID:a%20b%40c").unwrap(), "a b@c");
        assert_eq!(content_id_of_cid("cid:x%2").unwrap_err(), "`cid:x%2`: `%` is not followed by two hex digits");
        assert_eq!(content_id_of_cid("http://x").unwrap_err(), "`http://x` is not a `cid:` URL");
        assert_eq!(content_id_of_cid("cid:").unwrap_err(), "`cid:` names no Content-ID");
        assert_eq!(content_id_of_cid("cid:%FF").unwrap_err(), "`cid:%FF` decodes to bytes that are not UTF-8");
    }

    #[test]
    fn malformed_bodies_are_named_errors() {
        let ok = body(&[("root@x", root_type(), ROOT.as_bytes()), ("a@x", "image/png", b"PNG")]);
        let cases: Vec<(String, Vec<u8>, String)> = vec![
            ("multipart/related".into(), ok.clone(), "Content-Type: multipart/related without a `boundary` parameter".into()),
            ("text/xml; boundary=x".into(), ok.clone(), "Content-Type `text/xml` is not multipart/related".into()),
            (
                "multipart/related; boundary=other".into(),
                ok.clone(),
                "no delimiter line `--other` in the body: the boundary does not match".into(),
            ),
            ("multipart/related; boundary=\"\"".into(), ok.clone(), "Content-Type: the boundary `` is empty, longer than 200 bytes or has a line break".into()),
            (CT.into(), ok[..ok.len() - 20].to_vec(), "part 2 (Content-ID <a@x>): the body ends without the close delimiter `--MIME_b--` (cut short?)".into()),
            (CT.into(), b"--MIME_b\r\nContent-ID: <root@x>\r\n".to_vec(), "part 1: the body ends in its headers (cut short?)".into()),
            (CT.into(), b"--MIME_b".to_vec(), "part 1: the body ends on its delimiter line (cut short?)".into()),
            (CT.into(), b"--MIME_b--".to_vec(), "the body has no part (a close delimiter first)".into()),
            (
                CT.replace("root@x", "nope"),
                ok.clone(),
                "no part has the Content-ID <nope> the `start` parameter names".into(),
            ),
            (
                CT.into(),
                body(&[("root@x", "text/xml", ROOT.as_bytes())]),
                "part 1 (Content-ID <root@x>), the root part, has Content-Type `text/xml`, not the `application/xop+xml` the reply's `type` parameter names".into(),
            ),
            (
                "multipart/related; boundary=MIME_b".into(),
                body(&[("r", "image/png", b"x")]),
                "part 1 (Content-ID <r>), the root part, has Content-Type `image/png`: not an XML message".into(),
            ),
            (
                CT.into(),
                body(&[("root@x", root_type(), ROOT.as_bytes()), ("a@x", "x/y", b"1"), ("a@x", "x/y", b"2")]),
                "part 3 (Content-ID <a@x>): Content-ID <a@x> is given to two parts".into(),
            ),
            (
                CT.into(),
                body(&[("root@x", root_type(), ROOT.as_bytes()), ("root@x", "x/y", b"1")]),
                "part 2 (Content-ID <root@x>): Content-ID <root@x> is the root part's too".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <root@x>\r\nContent-ID: <y>\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1 (Content-ID <root@x>): header `Content-ID` given twice".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID <root@x>\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1: the header line `Content-ID <root@x>` has no `:`".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\n folded\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1: the headers start with a continuation line ` folded`".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <>\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1: an empty Content-ID".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <root@x>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1 (Content-ID <root@x>): Content-Transfer-Encoding `quoted-printable` is not supported (binary, 8bit, 7bit and base64 are)".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <root@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n!!\r\n--MIME_b--".to_vec(),
                "part 1 (Content-ID <root@x>): base64 content: Invalid symbol 33, offset 0.".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <root@x>\r\n\r\n<e/>\r\n--MIME_bX\r\n--MIME_b--".to_vec(),
                "a line starts with the boundary `--MIME_b` but is no delimiter (followed by `X`)".into(),
            ),
            (
                CT.into(),
                b"--MIME_b\r\nContent-ID: <root@x>\r\n\xff\r\n\r\n<e/>\r\n--MIME_b--".to_vec(),
                "part 1: a header line is not UTF-8 (line at offset 32)".into(),
            ),
        ];
        for (ct, b, expected) in cases {
            let e = parse(&ct, &b).map(|_| ()).unwrap_err();
            assert_eq!((e.path.as_str(), e.line, e.column), ("/", 0, 0));
            assert_eq!(message(e), expected, "{ct}");
        }
    }

    #[test]
    fn too_many_parts_and_long_headers_are_refused() {
        let mut b = Vec::new();
        for i in 0..=MAX_PARTS {
            b.extend_from_slice(format!("--b\r\nContent-ID: <{i}>\r\n\r\nx\r\n").as_bytes());
        }
        b.extend_from_slice(b"--b--");
        assert_eq!(message(parse("multipart/related; boundary=b", &b).unwrap_err()), "more than 10000 parts");
        let long = format!("--b\r\nX-Long: {}\r\n\r\n<e/>\r\n--b--", "a".repeat(MAX_PART_HEADER_BYTES));
        assert_eq!(
            message(parse("multipart/related; boundary=b", long.as_bytes()).unwrap_err()),
            "part 1: headers longer than 65536 bytes"
        );
    }

    #[test]
    fn the_largest_part_keeps_the_body_allocation() {
        let big = vec![7u8; 100_000];
        let b = body(&[("root@x", root_type(), ROOT.as_bytes()), ("big@x", "application/octet-stream", &big)]);
        let body = Bytes::from(b);
        let start = body.as_ptr() as usize;
        let end = start + body.len();
        let (root, mut attachments) = Multipart::parse(CT, body).unwrap().into_parts();
        let root_at = root.body.as_ptr() as usize;
        assert!(!(start..end).contains(&root_at), "the root part is copied out");
        let taken = attachments.take("cid:big@x").unwrap();
        assert_eq!(taken, big);
        assert_eq!(taken.as_ptr() as usize, start, "the attachment is the body's allocation, moved to its front");
    }

    /// Reads the children of the root of `xml` as `(local name, value)` with `attachments`.
    fn read_children(xml: &str, attachments: Attachments) -> Result<(Vec<String>, Attachments), DecodeError> {
        use crate::types::{Base64, SwaRef};
        let mut r = crate::xml::Reader::new(xml.as_bytes());
        r.set_attachments(attachments);
        r.root()?;
        let mut out = Vec::new();
        while let Some(child) = r.next_child()? {
            let value = match child.local() {
                "b" => format!("{:?}", r.text::<Base64>(&child)?.0),
                "bin" => format!("{:?}", r.text::<crate::rest::Binary>(&child)?.data().to_vec()),
                "s" => format!("{:?}", r.text::<SwaRef>(&child)?.data),
                _ => r.text::<String>(&child)?,
            };
            out.push(format!("{}={value}", child.local()));
        }
        r.finish()?;
        Ok((out, r.take_attachments().unwrap_or_default()))
    }

    fn attachments(parts: &[(&str, &[u8])]) -> Attachments {
        let mut a = Attachments::new();
        for (id, bytes) in parts {
            a.insert(*id, Bytes::copy_from_slice(bytes)).unwrap();
        }
        a
    }

    #[test]
    fn the_reader_resolves_includes_and_swa_refs() {
        let xml = format!(
            "<r xmlns:xop=\"{XOP_NS}\"><b>\n  <xop:Include href=\"cid:a%40x\"><![CDATA[ ]]><!-- c --></xop:Include>\n</b>\
             <t>text</t><bin><xop:Include href='cid:c'/></bin><s> cid:b </s><b>AQI=</b></r>"
        );
        let (values, left) =
            read_children(&xml, attachments(&[("a@x", b"AAA"), ("b", b"BB"), ("c", b"C"), ("d", b"D")])).unwrap();
        assert_eq!(values, ["b=[65, 65, 65]", "t=text", "bin=[67]", "s=Some([66, 66])", "b=[1, 2]"]);
        // The part nothing referred to is left (and ignored by the SOAP decoder).
        assert_eq!(left.content_ids().collect::<Vec<_>>(), ["d"]);
    }

    #[test]
    fn the_reader_refuses_bad_references() {
        let cases = [
            ("<r><s>http://x/y</s></r>", "swaRef: `http://x/y` is not a `cid:` URL", "/r/s"),
            (
                "<r><b><i:Include xmlns:i=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:%zz\"/></b></r>",
                "xop:Include: `cid:%zz`: `%` is not followed by two hex digits",
                "/r/b",
            ),
        ];
        for (xml, expected, path) in cases {
            let e = read_children(xml, attachments(&[("a", b"1")])).unwrap_err();
            assert_eq!((e.kind, e.path.as_str()), (DecodeErrorKind::Multipart(expected.to_owned()), path), "{xml}");
        }
        // An Include in another namespace is no Include: an unexpected element.
        let e = read_children("<r><b><Include href=\"cid:a\"/></b></r>", attachments(&[("a", b"1")])).unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Unexpected { element: "Include".into() });
    }

    #[test]
    fn every_truncation_and_byte_change_parses_or_fails_without_panic() {
        let b = body(&[
            ("root@x", root_type(), ROOT.as_bytes()),
            ("a@x", "application/octet-stream", b"\r\n--MIME\r\n"),
            ("b@x", "text/plain", b""),
        ]);
        let mut outcomes = [0usize; 2];
        for end in 0..=b.len() {
            outcomes[usize::from(parse(CT, &b[..end]).is_ok())] += 1;
        }
        // Only the whole body, or one cut in its epilogue after the close delimiter, parses.
        assert_eq!(outcomes[1], "\r\nepilogue".len() + 1);
        for at in 0..b.len() {
            for byte in [b'-', b'\r', b'\n', b' ', b':', b'<', 0xFF] {
                let mut changed = b.clone();
                changed[at] = byte;
                let _ = parse(CT, &changed);
            }
        }
    }

    #[test]
    fn boundary_search_is_linear_on_hostile_bodies() {
        // Many lines that start like the delimiter but are not one, then a real end: one pass.
        let mut b = b"--b\r\nContent-Type: text/xml\r\n\r\n<e/>".to_vec();
        for _ in 0..200_000 {
            b.extend_from_slice(b"\r\n-");
        }
        b.extend_from_slice(b"\r\n--b--");
        let m = parse("multipart/related; boundary=b", &b).unwrap();
        assert_eq!(m.root().body.len(), 4 + 3 * 200_000);
    }

    #[test]
    fn the_writer_collects_attachments_of_the_threshold_and_longer() {
        use crate::types::Base64;
        use crate::xml::{Name, Writer};
        let mut w = Writer::new();
        w.set_mtom(Some(3));
        w.element(Name::qualified("urn:x", "a"), &Base64(b"abc".to_vec())).unwrap();
        w.element(Name::qualified("urn:x", "b"), &Base64(b"ab".to_vec())).unwrap();
        w.element(Name::qualified("urn:x", "c"), &crate::rest::Binary::new(Bytes::from_static(b"shared"))).unwrap();
        // Text that is not base64Binary stays text, whatever its length.
        w.element(Name::qualified("urn:x", "d"), &"a long string".to_owned()).unwrap();
        let parts = w.take_attachments();
        assert_eq!(parts.len(), 2);
        let ids: Vec<&str> = parts.iter().map(|p| p.content_id.as_deref().unwrap()).collect();
        let tag = ids[0].strip_prefix("1.").and_then(|t| t.strip_suffix("@wsbind")).unwrap();
        assert_eq!(ids[1], format!("2.{tag}@wsbind"));
        assert_eq!(parts[0].body.as_ref(), b"abc");
        assert_eq!(parts[1].body.as_ref(), b"shared");
        assert!(parts.iter().all(|p| p.content_type.as_deref() == Some("application/octet-stream")));
        let include = |id: &str| format!("<xop:Include xmlns:xop=\"{XOP_NS}\" href=\"cid:{id}\"/>");
        assert_eq!(
            w.as_str(),
            format!(
                "<a xmlns=\"urn:x\">{}</a><b xmlns=\"urn:x\">YWI=</b><c xmlns=\"urn:x\">{}</c><d xmlns=\"urn:x\">a long string</d>",
                include(ids[0]),
                include(ids[1])
            )
        );
        assert!(w.take_attachments().is_empty());
        // Another writer (message): another tag.
        let mut other = Writer::new();
        other.set_mtom(Some(0));
        other.element(Name::unqualified("a"), &Base64(Vec::new())).unwrap();
        let other_id = other.take_attachments().remove(0).content_id.unwrap();
        assert_ne!(other_id, ids[0]);
        // MTOM off: inline.
        let mut plain = Writer::new();
        plain.element(Name::unqualified("a"), &Base64(b"abc".to_vec())).unwrap();
        assert_eq!(plain.as_str(), "<a>YWJj</a>");
        assert!(plain.take_attachments().is_empty());
    }

    #[test]
    fn a_refreshed_root_part_may_not_contain_the_boundary() {
        let part = Part { content_id: Some("p@x".into()), content_type: None, body: Bytes::from_static(b"data") };
        let framing = Framing::choose(b"<e/>", std::slice::from_ref(&part)).unwrap();
        let (ct, body) = framing.package(SoapVersion::V11, "a", b"<e/>", std::slice::from_ref(&part)).unwrap();
        let parsed = Multipart::parse(&ct, body).unwrap();
        assert_eq!(parsed.attachments().get("p@x"), Some(&b"data"[..]));
        let bad = format!("<e>{}</e>", framing.boundary);
        let err = framing.package(SoapVersion::V11, "a", bad.as_bytes(), &[part]).unwrap_err();
        assert!(err.to_string().contains("boundary"), "{err}");
    }

    #[test]
    fn quoted_actions_are_escaped() {
        let framing = Framing { boundary: "b".into(), root_id: "r@x".into() };
        let (ct, body) = framing.package(SoapVersion::V12, "urn:a\"b\\c", b"<e/>", &[]).unwrap();
        let parsed = ContentType::parse(&ct).unwrap();
        assert_eq!(parsed.param("action"), Some("urn:a\"b\\c"));
        assert_eq!(parsed.param("start-info"), Some("application/soap+xml; action=\"urn:a\\\"b\\\\c\""));
        let root = Multipart::parse(&ct, body).unwrap().into_parts().0;
        let root_type = ContentType::parse(root.content_type.as_deref().unwrap()).unwrap();
        assert_eq!(root_type.param("type"), parsed.param("start-info"));
        let inner = ContentType::parse(root_type.param("type").unwrap()).unwrap();
        assert_eq!(inner.param("action"), Some("urn:a\"b\\c"));
    }
}
