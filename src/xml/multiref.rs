//! SOAP section-5 multi-reference values: [`inline_multi_refs`] rewrites an rpc/encoded reply
//! so that every accessor `<x href="#id0"/>` holds, in place, the content and attributes of the
//! Body entry `<multiRef id="id0" ...>` it points to (Axis 1 style), recursively. The streaming
//! [`super::Reader`] then decodes the rewritten document as if the values had been inline.
//!
//! Only references to entries that are children of the SOAP `Body` (the serialization roots
//! after the first one) are resolved; any other `href` (an external URI, an unknown id) is left
//! as is. The Body entries that carry an `id` (other than the first entry) are dropped from the
//! rewritten document.
//!
//! [`inline_with_map`] also returns a [`SourceMap`] from offsets in the rewritten document to
//! offsets in the reply as received, so that a decode error names the line and column the
//! server sent: a byte copied from the reply maps to itself, a tag written for an inlined value
//! to the `href` accessor it replaces.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

/// Deepest chain of references followed (a reference cycle ends here with an error).
const MAX_DEPTH: usize = 64;

/// Attributes as written: `(qualified name, escaped value)`.
type RawAttrs = Vec<(String, String)>;

/// The start tag of a reference: its name, other attributes and the id it points to.
struct RefTag {
    name: String,
    attrs: RawAttrs,
    id: String,
}

/// An element carrying `href="#id"`.
struct Ref {
    /// The whole element (start tag to end tag).
    range: Range<usize>,
    /// Its qualified name as written.
    name: String,
    /// Its other attributes, as written (`key="escaped value"`).
    attrs: Vec<(String, String)>,
    id: String,
}

/// A Body entry with an `id`.
struct Target {
    /// Its attributes other than `id` and `*:root`.
    attrs: Vec<(String, String)>,
    /// Its content (between start and end tag).
    content: Range<usize>,
}

/// One open element while scanning.
struct Open {
    start: usize,
    content: usize,
    /// `Some` when the element is a reference.
    reference: Option<RefTag>,
    /// `Some(id, attrs)` when it is a Body entry (not the first) with an `id`.
    target: Option<(String, RawAttrs)>,
}

/// The document with every `href="#id"` accessor replaced by the value it references.
/// Returns the input unchanged when it has no references. `Err` names what is wrong (malformed
/// XML, a reference cycle, an expansion out of proportion to the input).
pub fn inline_multi_refs(input: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    inline_with_map(input).map(|(doc, _)| doc)
}

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// [`inline_multi_refs`] plus where each part of the rewritten document comes from (an empty
/// map when the input is returned unchanged).
pub(crate) fn inline_with_map(input: &[u8]) -> Result<(Cow<'_, [u8]>, SourceMap), String> {
    if !contains(input, b"href") {
        return Ok((Cow::Borrowed(input), SourceMap::default()));
    }
    // quick-xml skips a UTF-8 byte order mark without counting it in `buffer_position`, so the
    // reader starts after it and every position is shifted back into `input`'s offsets.
    let bom = if input.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let mut reader = quick_xml::Reader::from_reader(&input[bom..]);
    let mut stack: Vec<Open> = Vec::new();
    let mut refs: Vec<Ref> = Vec::new();
    let mut targets: HashMap<String, Target> = HashMap::new();
    let mut dropped: Vec<Range<usize>> = Vec::new();
    // Depth of the Body element (Envelope = 1, Body = 2) and how many entries it has had.
    let mut in_body = false;
    let mut body_entries = 0usize;
    loop {
        let pos = usize::try_from(reader.buffer_position()).map_err(|e| e.to_string())? + bom;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let end = usize::try_from(reader.buffer_position()).map_err(|e| e.to_string())? + bom;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let depth = stack.len();
                let local = local_name(e);
                if depth == 1 && local == "Body" {
                    in_body = true;
                }
                let (attrs, href, id) = attributes(e)?;
                let mut open = Open { start: pos, content: end, reference: None, target: None };
                if let Some(target) = href.as_deref().and_then(|h| h.strip_prefix('#')) {
                    let name = e.name().as_ref().to_owned();
                    open.reference = Some(RefTag { name, attrs: attrs.clone(), id: target.to_owned() });
                }
                if depth == 2 && in_body {
                    body_entries += 1;
                    if body_entries > 1
                        && let Some(id) = id
                    {
                        let kept = attrs.into_iter().filter(|(k, _)| !is_root_attr(k)).collect();
                        open.target = Some((id, kept));
                    }
                }
                if empty {
                    close(open, end, end, &mut refs, &mut targets, &mut dropped);
                } else {
                    stack.push(open);
                }
            }
            Event::End(_) => {
                let Some(open) = stack.pop() else { return Err("unbalanced end tag".into()) };
                if stack.len() == 1 {
                    in_body = false;
                }
                close(open, pos, end, &mut refs, &mut targets, &mut dropped);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if refs.is_empty() {
        return Ok((Cow::Borrowed(input), SourceMap::default()));
    }
    refs.sort_by_key(|r| r.range.start);
    let limit = input.len().saturating_mul(16).saturating_add(1 << 20);
    let mut out = Output { bytes: Vec::with_capacity(input.len()), map: SourceMap::default() };
    let ctx = Inline { input, refs: &refs, targets: &targets, limit };
    ctx.emit(0..input.len(), &dropped, &mut out, 0)?;
    Ok((Cow::Owned(out.bytes), out.map))
}

/// Where the parts of a rewritten document come from: for each part, in document order, its
/// offset in the rewritten document, its offset in the input and whether it was copied from
/// there (else it was written for a reference and maps to the reference's start).
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceMap {
    parts: Vec<Part>,
}

#[derive(Clone, Copy, Debug)]
struct Part {
    out: usize,
    input: usize,
    copied: bool,
}

impl SourceMap {
    /// The input offset byte `offset` of the rewritten document comes from.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let n = self.parts.partition_point(|p| p.out <= offset);
        match n.checked_sub(1).and_then(|i| self.parts.get(i)) {
            Some(p) if p.copied => p.input + (offset - p.out),
            Some(p) => p.input,
            None => offset,
        }
    }

    /// `(line, column)` (1-based, column in bytes, as [`super::Reader`] counts them) in the
    /// rewritten document `rewritten` as a position in `original`, the input it was made from.
    /// `(0, 0)` (no position) stays as is.
    pub(crate) fn original_line_col(&self, rewritten: &[u8], original: &[u8], line: u32, column: u32) -> (u32, u32) {
        if line == 0 || self.parts.is_empty() {
            return (line, column);
        }
        // The reader counts positions after a byte order mark; the mark is copied as is.
        let bom = if rewritten.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        let text = &rewritten[bom..];
        let line_index = usize::try_from(line - 1).unwrap_or(usize::MAX);
        let line_start = if line_index == 0 {
            0
        } else {
            match text.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line_index - 1) {
                Some((i, _)) => i + 1,
                None => text.len(),
            }
        };
        let column = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        let offset = line_start.saturating_add(column).min(text.len()) + bom;
        let mapped = self.original_offset(offset).min(original.len());
        let bom = if original.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        let before = &original[bom.min(mapped)..mapped];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = before.len() - line_start + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }
}

/// The rewritten document being written and its [`SourceMap`].
struct Output {
    bytes: Vec<u8>,
    map: SourceMap,
}

impl Output {
    /// Appends `input[range]`, copied.
    fn copy(&mut self, input: &[u8], range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.map.parts.push(Part { out: self.bytes.len(), input: range.start, copied: true });
        self.bytes.extend_from_slice(&input[range]);
    }

    /// Starts bytes written for the reference at input offset `origin`.
    fn written_for(&mut self, origin: usize) {
        self.map.parts.push(Part { out: self.bytes.len(), input: origin, copied: false });
    }
}

fn close(
    open: Open,
    content_end: usize,
    end: usize,
    refs: &mut Vec<Ref>,
    targets: &mut HashMap<String, Target>,
    dropped: &mut Vec<Range<usize>>,
) {
    if let Some(RefTag { name, attrs, id }) = open.reference {
        refs.push(Ref { range: open.start..end, name, attrs, id });
    }
    if let Some((id, attrs)) = open.target {
        let content = open.content.min(content_end)..content_end;
        targets.insert(id, Target { attrs, content });
        dropped.push(open.start..end);
    }
}

struct Inline<'a> {
    input: &'a [u8],
    refs: &'a [Ref],
    targets: &'a HashMap<String, Target>,
    limit: usize,
}

impl Inline<'_> {
    /// Copies `range` of the input into `out`, replacing references and leaving out `skip`.
    fn emit(&self, range: Range<usize>, skip: &[Range<usize>], out: &mut Output, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("multi-reference values nested deeper than {MAX_DEPTH} (a reference cycle?)"));
        }
        let mut cursor = range.start;
        let first = self.refs.partition_point(|r| r.range.start < range.start);
        let mut holes: Vec<(Range<usize>, Option<&Ref>)> = self.refs[first..]
            .iter()
            .take_while(|r| r.range.end <= range.end)
            .map(|r| (r.range.clone(), Some(r)))
            .collect();
        holes.extend(skip.iter().filter(|s| s.start >= range.start && s.end <= range.end).map(|s| (s.clone(), None)));
        holes.sort_by_key(|(r, _)| r.start);
        for (hole, reference) in holes {
            if hole.start < cursor {
                continue;
            }
            out.copy(self.input, cursor..hole.start);
            cursor = hole.end;
            let Some(reference) = reference else { continue };
            let Some(target) = self.targets.get(&reference.id) else {
                out.copy(self.input, hole);
                continue;
            };
            out.written_for(reference.range.start);
            let bytes = &mut out.bytes;
            bytes.push(b'<');
            bytes.extend_from_slice(reference.name.as_bytes());
            for (key, value) in &reference.attrs {
                push_attr(bytes, key, value);
            }
            for (key, value) in &target.attrs {
                if !reference.attrs.iter().any(|(k, _)| k == key) {
                    push_attr(bytes, key, value);
                }
            }
            bytes.push(b'>');
            self.emit(target.content.clone(), &[], out, depth + 1)?;
            out.written_for(reference.range.start);
            let bytes = &mut out.bytes;
            bytes.extend_from_slice(b"</");
            bytes.extend_from_slice(reference.name.as_bytes());
            bytes.push(b'>');
            if bytes.len() > self.limit {
                return Err("multi-reference values expand out of proportion to the reply".into());
            }
        }
        out.copy(self.input, cursor..range.end);
        Ok(())
    }
}

fn push_attr(out: &mut Vec<u8>, key: &str, value: &str) {
    out.push(b' ');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"=\"");
    out.extend_from_slice(value.replace('"', "&quot;").as_bytes());
    out.push(b'"');
}

/// The attributes of `e` other than `href` and `id`, as written (`key`, escaped value), plus
/// the values of `href` and `id` (unescaped).
fn attributes(e: &BytesStart<'_>) -> Result<(RawAttrs, Option<String>, Option<String>), String> {
    let mut attrs = Vec::new();
    let mut href = None;
    let mut id = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        let key = attr.key.as_ref().to_owned();
        match key.as_str() {
            "href" | "id" => {
                let value = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| err.to_string())?
                    .trim()
                    .to_owned();
                if key == "href" {
                    href = Some(value);
                } else {
                    id = Some(value);
                }
            }
            _ => attrs.push((key, attr.value.clone().into_owned())),
        }
    }
    Ok((attrs, href, id))
}

/// `soapenc:root` (any prefix).
fn is_root_attr(key: &str) -> bool {
    key.rsplit(':').next() == Some("root") && key.contains(':')
}

fn local_name(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::compare::assert_same_xml;

    const ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

    fn env(body: &str) -> String {
        format!(r#"<soapenv:Envelope xmlns:soapenv="{ENV}"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#)
    }

    #[test]
    fn no_references_is_borrowed() {
        let doc = env("<a><b>1</b></a>");
        assert!(matches!(inline_multi_refs(doc.as_bytes()), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn nested_references_are_inlined_and_entries_dropped() {
        let doc = env(r##"<ns1:getResponse xmlns:ns1="urn:x"><getReturn href="#id0"/></ns1:getResponse>
            <multiRef id="id0" soapenc:root="0" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="urn:t" xsi:type="ns2:Issue" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><key>K-1</key><reporter href='#id1'></reporter></multiRef>
            <multiRef id="id1" soapenc:root="0" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><name>bob &amp; co</name></multiRef>"##);
        let out = inline_multi_refs(doc.as_bytes()).unwrap();
        let expected = env(
            r#"<ns1:getResponse xmlns:ns1="urn:x"><getReturn xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="urn:t" xsi:type="ns2:Issue" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><key>K-1</key><reporter xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><name>bob &amp; co</name></reporter></getReturn></ns1:getResponse>"#,
        );
        assert_same_xml(&expected, std::str::from_utf8(&out).unwrap());
    }

    #[test]
    fn cycles_and_unknown_ids() {
        let doc = env(r##"<r><a href="#x"/><b href="#nope"/></r><m id="x"><c href="#x"/></m>"##);
        let err = inline_multi_refs(doc.as_bytes()).unwrap_err();
        assert!(err.contains("cycle"), "{err}");
        let doc = env(r##"<r><b href="#nope"/><c href="http://elsewhere"/></r>"##);
        let out = inline_multi_refs(doc.as_bytes()).unwrap();
        assert_same_xml(&doc, std::str::from_utf8(&out).unwrap());
    }

    #[test]
    fn positions_map_back_to_the_input() {
        let doc = format!(
            "<soapenv:Envelope xmlns:soapenv=\"{ENV}\"><soapenv:Body>\n<r><a href=\"#x\"/></r>\n\
             <m id=\"x\" t=\"1\"><v>1</v></m>\n</soapenv:Body></soapenv:Envelope>"
        );
        let (out, map) = inline_with_map(doc.as_bytes()).unwrap();
        let out = std::str::from_utf8(&out).unwrap();
        let at = |s: &str, what: &str| s.find(what).unwrap();
        // Copied bytes map to themselves, before and after the inlined value.
        assert_eq!(map.original_offset(at(out, "<r>")), at(&doc, "<r>"));
        assert_eq!(map.original_offset(at(out, "<v>") + 1), at(&doc, "<v>") + 1);
        assert_eq!(map.original_offset(at(out, "</r>")), at(&doc, "</r>"));
        // The tags written for the value map to the accessor.
        assert_eq!(map.original_offset(at(out, "<a t=")), at(&doc, "<a "));
        assert_eq!(map.original_offset(at(out, "</a>") + 2), at(&doc, "<a "));
        // `<v>` is on line 2 of the rewritten document, on line 3 of the input.
        assert_eq!(map.original_line_col(out.as_bytes(), doc.as_bytes(), 2, 13), (3, 17));
        assert_eq!(&out.lines().nth(1).unwrap()[12..15], "<v>");
        assert_eq!(&doc.lines().nth(2).unwrap()[16..19], "<v>");
        // No position stays no position; an unchanged input has an empty map.
        assert_eq!(map.original_line_col(out.as_bytes(), doc.as_bytes(), 0, 0), (0, 0));
        assert!(inline_with_map(env("<a/>").as_bytes()).unwrap().1.parts.is_empty());
    }
}
