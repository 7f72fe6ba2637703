//! Exclusive XML Canonicalization 1.0 without comments (W3C `xml-exc-c14n`, algorithm
//! `http://www.w3.org/2001/10/xml-exc-c14n#`): the byte form of an element subtree that XML
//! Signature digests and signs, written once here and used by both the signer and the verifier.
//!
//! It runs on the runtime's tokenizer ([`crate::xml::scan`]) over the whole document, keeping the
//! namespace declarations in scope, and writes the subtree whose start tag is at a given offset:
//! empty-element tags as start/end pairs; only the namespace declarations an element *visibly
//! uses* (its own prefix or the default namespace, its attributes' prefixes, and the prefixes of
//! the `InclusiveNamespaces` list) and that no output ancestor already rendered with the same
//! value, sorted by prefix; attributes sorted by namespace URI then local name; text and
//! attribute values with references resolved and re-escaped as the recommendation says (`&amp;`,
//! `&lt;`, `&gt;`, `&#xD;` in text; `&amp;`, `&lt;`, `&quot;`, `&#x9;`, `&#xA;`, `&#xD;` in
//! attributes); CDATA as escaped text; comments dropped; processing instructions kept.
//! A whole document ([`canonicalize_document`]) also keeps the processing instructions around
//! its root element and drops the XML declaration. Documents with a DOCTYPE are refused by the
//! tokenizer, so no DTD can add default attributes or entities behind the canonical form's back.

use std::borrow::Cow;

use crate::xml::entities;
use crate::xml::scan::{MarkupKind, ScanError, Scanner, Tag, Token, attributes};

/// The namespace the `xml` prefix is bound to.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The exclusive canonical form of the element whose start tag's `<` is at byte `target` of
/// `doc`, treating the prefixes of `inclusive` (an `InclusiveNamespaces` `PrefixList`,
/// `#default` for the default namespace) as visibly used wherever they are in scope.
pub fn canonicalize_element(doc: &str, target: usize, inclusive: &[&str]) -> Result<Vec<u8>, ScanError> {
    let mut c = Canonicalizer::new(doc, inclusive);
    loop {
        match c.scanner.next_token()? {
            Token::Eof => return Err(ScanError { pos: target, message: "no element starts here".into() }),
            token => {
                if c.token(token, Some(target))? {
                    return Ok(c.out);
                }
            }
        }
    }
}

/// The exclusive canonical form of the whole document `doc` (its root element, and the
/// processing instructions before and after it, each on its own line).
pub fn canonicalize_document(doc: &str) -> Result<Vec<u8>, ScanError> {
    let mut c = Canonicalizer::new(doc, &[]);
    let mut seen_root = false;
    loop {
        match c.scanner.next_token()? {
            Token::Eof => return Ok(c.out),
            Token::Markup { kind: MarkupKind::ProcessingInstruction, raw, .. } if c.scanner.open().is_empty() => {
                if is_xml_declaration(raw) {
                    continue;
                }
                if seen_root {
                    c.out.push(b'\n');
                }
                write_pi(&mut c.out, raw);
                if !seen_root {
                    c.out.push(b'\n');
                }
            }
            token => {
                if let Token::Start(_) = token
                    && c.scanner.open().len() == 1
                {
                    seen_root = true;
                }
                c.token(token, None)?;
            }
        }
    }
}

/// A namespace declaration in scope: prefix (`""` for the default namespace) and URI.
type Binding<'a> = (&'a str, Cow<'a, str>);

/// An attribute that is not a namespace declaration: qualified name, offset, value.
type Attr<'a> = (&'a str, usize, Cow<'a, str>);

struct Canonicalizer<'a, 'p> {
    scanner: Scanner<'a>,
    inclusive: &'p [&'p str],
    /// Declarations in scope, innermost last.
    scope: Vec<Binding<'a>>,
    /// For each open element, the length of `scope` before its declarations.
    scope_marks: Vec<usize>,
    /// Declarations rendered by the open output elements, innermost last.
    rendered: Vec<Binding<'a>>,
    /// For each open output element, the length of `rendered` before its declarations.
    rendered_marks: Vec<usize>,
    /// Depth (in open elements) of the output's apex while inside it; `None` outside.
    apex: Option<usize>,
    out: Vec<u8>,
}

impl<'a, 'p> Canonicalizer<'a, 'p> {
    fn new(doc: &'a str, inclusive: &'p [&'p str]) -> Self {
        Canonicalizer {
            scanner: Scanner::new(doc),
            inclusive,
            scope: Vec::new(),
            scope_marks: Vec::new(),
            rendered: Vec::new(),
            rendered_marks: Vec::new(),
            apex: None,
            out: Vec::new(),
        }
    }

    /// Handles one token; `target`: the apex's offset (`None`: the root is the apex). `true`
    /// when the apex has just been closed.
    fn token(&mut self, token: Token<'a>, target: Option<usize>) -> Result<bool, ScanError> {
        match token {
            Token::Start(tag) => {
                let declared = self.enter(&tag)?;
                let starts_apex = self.apex.is_none() && target.is_none_or(|t| t == tag.pos);
                if starts_apex {
                    self.apex = Some(self.scanner.open().len());
                }
                if self.apex.is_some() {
                    self.render_start(&tag, &declared)?;
                }
                Ok(false)
            }
            Token::End { open, .. } => {
                let depth = self.scanner.open().len() + 1;
                let mut closed_apex = false;
                if let Some(apex) = self.apex {
                    let name = self.scanner.name_of(open);
                    self.out.extend_from_slice(b"</");
                    self.out.extend_from_slice(name.as_bytes());
                    self.out.push(b'>');
                    let mark = self.rendered_marks.pop().unwrap_or(0);
                    self.rendered.truncate(mark);
                    if depth == apex {
                        self.apex = None;
                        closed_apex = true;
                    }
                }
                let mark = self.scope_marks.pop().unwrap_or(0);
                self.scope.truncate(mark);
                Ok(closed_apex && target.is_some())
            }
            Token::Text { pos, raw, .. } => {
                let text = entities::text(raw).map_err(|e| ScanError { pos: pos + e.at, message: e.message })?;
                if self.apex.is_some() {
                    escape_text(&mut self.out, &text);
                }
                Ok(false)
            }
            Token::CData { raw, .. } => {
                if self.apex.is_some() {
                    escape_text(&mut self.out, &entities::cdata(raw));
                }
                Ok(false)
            }
            Token::Markup { kind: MarkupKind::ProcessingInstruction, raw, .. } => {
                if self.apex.is_some() {
                    write_pi(&mut self.out, raw);
                }
                Ok(false)
            }
            Token::Markup { kind: MarkupKind::Comment, .. } | Token::Eof => Ok(false),
        }
    }

    /// Puts the declarations of `tag` in scope; returns its other attributes (name and value).
    fn enter(&mut self, tag: &Tag<'a>) -> Result<Vec<Attr<'a>>, ScanError> {
        self.scope_marks.push(self.scope.len());
        let mut others = Vec::new();
        for attr in attributes(tag.attrs, tag.attrs_pos) {
            let attr = attr?;
            let value = entities::attribute(attr.value)
                .map_err(|e| ScanError { pos: attr.value_pos + e.at, message: e.message })?;
            if attr.key == "xmlns" {
                self.scope.push(("", value));
            } else if let Some(prefix) = attr.key.strip_prefix("xmlns:") {
                if value.is_empty() {
                    return Err(ScanError {
                        pos: attr.key_pos,
                        message: format!("`{}` undeclares a prefix (XML Namespaces 1.1 only)", attr.key),
                    });
                }
                self.scope.push((prefix, value));
            } else {
                others.push((attr.key, attr.key_pos, value));
            }
        }
        Ok(others)
    }

    /// The URI `prefix` is bound to in scope (`""` for an undeclared default namespace).
    fn lookup(&self, prefix: &str, pos: usize) -> Result<&Cow<'a, str>, ScanError> {
        static EMPTY: Cow<'static, str> = Cow::Borrowed("");
        match self.scope.iter().rev().find(|(p, _)| *p == prefix) {
            Some((_, uri)) => Ok(uri),
            None if prefix.is_empty() => Ok(&EMPTY),
            None => Err(ScanError { pos, message: format!("prefix `{prefix}` is not declared") }),
        }
    }

    fn render_start(&mut self, tag: &Tag<'a>, others: &[Attr<'a>]) -> Result<(), ScanError> {
        // The prefixes this element visibly uses, then those of the inclusive list in scope.
        let mut used: Vec<&'a str> = vec![prefix_of(tag.name)];
        for (key, _, _) in others {
            if let Some((prefix, _)) = key.split_once(':')
                && prefix != "xml"
                && !used.contains(&prefix)
            {
                used.push(prefix);
            }
        }
        for item in self.inclusive {
            let wanted = if *item == "#default" { "" } else { item };
            if let Some((prefix, _)) = self.scope.iter().find(|(p, _)| *p == wanted)
                && !used.contains(prefix)
            {
                used.push(prefix);
            }
        }
        let mut declare: Vec<Binding<'a>> = Vec::new();
        for prefix in used {
            let uri = self.lookup(prefix, tag.pos)?.clone();
            let shown = self.rendered.iter().rev().find(|(p, _)| *p == prefix).map_or("", |(_, u)| u.as_ref());
            if shown != uri.as_ref() {
                declare.push((prefix, uri));
            }
        }
        declare.sort_by(|a, b| a.0.cmp(b.0));

        let mut attrs: Vec<(Cow<'a, str>, &str, &str, &Cow<'a, str>)> = Vec::with_capacity(others.len());
        for (key, key_pos, value) in others {
            let (uri, local) = match key.split_once(':') {
                Some(("xml", local)) => (Cow::Borrowed(XML_NS), local),
                Some((prefix, local)) => (self.lookup(prefix, *key_pos)?.clone(), local),
                None => (Cow::Borrowed(""), *key),
            };
            attrs.push((uri, local, key, value));
        }
        attrs.sort_by(|a, b| (a.0.as_ref(), a.1).cmp(&(b.0.as_ref(), b.1)));

        self.out.push(b'<');
        self.out.extend_from_slice(tag.name.as_bytes());
        for (prefix, uri) in &declare {
            self.out.extend_from_slice(if prefix.is_empty() { b" xmlns" } else { b" xmlns:" });
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, uri);
            self.out.push(b'"');
        }
        for (_, _, key, value) in &attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, value);
            self.out.push(b'"');
        }
        self.out.push(b'>');
        self.rendered_marks.push(self.rendered.len());
        self.rendered.extend(declare);
        Ok(())
    }
}

/// The prefix of a qualified name (`""` when it has none).
fn prefix_of(name: &str) -> &str {
    name.split_once(':').map_or("", |(prefix, _)| prefix)
}

/// Whether a processing instruction's content is the XML declaration's.
fn is_xml_declaration(raw: &str) -> bool {
    raw == "xml" || raw.strip_prefix("xml").is_some_and(|rest| rest.starts_with([' ', '\t', '\r', '\n']))
}

/// `<?target data?>`: the target, one space and the data without its leading white space.
fn write_pi(out: &mut Vec<u8>, raw: &str) {
    let raw = entities::cdata(raw);
    let (target, data) = match raw.find([' ', '\t', '\n']) {
        Some(i) => (&raw[..i], raw[i..].trim_start_matches([' ', '\t', '\n'])),
        None => (raw.as_ref(), ""),
    };
    out.extend_from_slice(b"<?");
    out.extend_from_slice(target.as_bytes());
    if !data.is_empty() {
        out.push(b' ');
        out.extend_from_slice(data.as_bytes());
    }
    out.extend_from_slice(b"?>");
}

fn escape_text(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    for b in value.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\t' => out.extend_from_slice(b"&#x9;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(doc: &str, start: &str, inclusive: &[&str]) -> String {
        let at = doc.find(start).expect("the test names a start tag of the document");
        String::from_utf8(canonicalize_element(doc, at, inclusive).unwrap()).unwrap()
    }

    #[test]
    fn the_w3c_exclusive_example_gives_one_form_in_both_contexts() {
        // xml-exc-c14n, section 2.2: the `n1:elem2` subtree canonicalizes the same way whichever
        // document it is cut from, because only visibly used namespaces are rendered.
        let first = "<n0:local xmlns:n0=\"foo:bar\" xmlns:n3=\"ftp://example.org\"><n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"/></n1:elem2></n0:local>";
        let second = "<n2:pdu xmlns:n1=\"http://example.com\" xmlns:n2=\"http://foo.example\" xml:lang=\"fr\" xml:space=\"retain\"><n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"/></n1:elem2></n2:pdu>";
        let expected = "<n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff></n1:elem2>";
        assert_eq!(element(first, "<n1:elem2", &[]), expected);
        assert_eq!(element(second, "<n1:elem2", &[]), expected);
    }

    #[test]
    fn ancestors_declarations_are_rendered_where_used_and_only_once() {
        let doc = "<s:Envelope xmlns:s=\"urn:s\" xmlns:u=\"urn:u\" xmlns:unused=\"urn:x\"><s:Body u:Id=\"b\"><m:Op xmlns:m=\"urn:m\"><m:A>1</m:A><B/></m:Op></s:Body></s:Envelope>";
        assert_eq!(
            element(doc, "<s:Body", &[]),
            "<s:Body xmlns:s=\"urn:s\" xmlns:u=\"urn:u\" u:Id=\"b\"><m:Op xmlns:m=\"urn:m\"><m:A>1</m:A><B></B></m:Op></s:Body>"
        );
        // An inclusive prefix in scope is rendered on the apex though unused.
        assert_eq!(
            element(doc, "<m:A", &["unused", "s"]),
            "<m:A xmlns:m=\"urn:m\" xmlns:s=\"urn:s\" xmlns:unused=\"urn:x\">1</m:A>"
        );
    }

    #[test]
    fn default_namespaces_and_their_undeclaration() {
        let doc = "<a xmlns=\"urn:a\"><b xmlns=\"\"><c/></b><d xmlns=\"urn:a\"/></a>";
        assert_eq!(element(doc, "<a", &[]), "<a xmlns=\"urn:a\"><b xmlns=\"\"><c></c></b><d></d></a>");
        // Cut out alone, `b` has no default namespace to undo.
        assert_eq!(element(doc, "<b", &[]), "<b><c></c></b>");
    }

    #[test]
    fn attributes_sort_by_namespace_then_local_name_and_values_are_escaped() {
        let doc = "<e xmlns:z=\"urn:a\" xmlns:a=\"urn:z\" z:b=\"1\" a:a=\"2\" c=\"&lt;&amp;&quot;'&#9;&#10;&#13;\" b=\"x\ty\"/>";
        assert_eq!(
            element(doc, "<e", &[]),
            "<e xmlns:a=\"urn:z\" xmlns:z=\"urn:a\" b=\"x y\" c=\"&lt;&amp;&quot;'&#x9;&#xA;&#xD;\" z:b=\"1\" a:a=\"2\"></e>"
        );
    }

    #[test]
    fn text_cdata_comments_and_instructions() {
        let doc = "<?xml version=\"1.0\"?>\n<?pi  data ?><!-- c --><r>a&amp;b&gt;&#13;&#x41;<![CDATA[<x>&]]><!-- gone --><?keep it?>\r\nz</r><?after?>";
        assert_eq!(
            String::from_utf8(canonicalize_document(doc).unwrap()).unwrap(),
            "<?pi data ?>\n<r>a&amp;b&gt;&#xD;A&lt;x&gt;&amp;<?keep it?>\nz</r>\n<?after?>"
        );
    }

    #[test]
    fn undeclared_prefixes_and_unknown_targets_are_errors() {
        let e = canonicalize_element("<r><p:x/></r>", 3, &[]).unwrap_err();
        assert_eq!(e.message, "prefix `p` is not declared");
        let e = canonicalize_element("<r/>", 2, &[]).unwrap_err();
        assert_eq!(e.message, "no element starts here");
    }
}
