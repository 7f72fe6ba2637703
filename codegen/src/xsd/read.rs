//! Reading XML input files: bytes -> text (encoding_rs, byte-order marks, the XML declaration's
//! `encoding`) -> roxmltree documents, plus the positions every later diagnostic points at.
//!
//! [`SourceFile`] owns the decoded text; [`DocSet`] holds the parsed documents borrowing it, so
//! every stage after reading works on `roxmltree::Node`s that still know their byte offsets.

use std::path::{Path, PathBuf};

use roxmltree::{Document, Node, ParsingOptions};

use crate::diag::{Diagnostic, LineIndex, line_column};
use crate::model::{Origin, QName};
use crate::namespaces::XML_NS;

/// One input file, decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as opened (canonical where possible).
    pub path: PathBuf,
    /// Path shown in diagnostics and origins (relative to the source root where possible).
    pub display: PathBuf,
    pub text: String,
    /// Namespace of the schema that `xs:include`d this file when its own schema has no
    /// `targetNamespace` ("chameleon" include).
    pub chameleon_ns: Option<String>,
}

/// Reads a file and decodes it: BOM first, then the XML declaration's `encoding`, then UTF-8.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(decode(&bytes))
}

/// Decodes XML bytes to text (see [`read_text`]); malformed sequences become U+FFFD.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let encoding = declared_encoding(bytes)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // A declaration naming UTF-16 in a file without BOM is read as ASCII-compatible text.
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        encoding
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The `encoding="..."` of an `<?xml ...?>` declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_owned())
}

/// Parsing options shared by every reader: DTDs allowed (some published WSDLs carry one).
pub fn parsing_options<'a>() -> ParsingOptions<'a> {
    ParsingOptions { allow_dtd: true, ..ParsingOptions::default() }
}

/// Most characters internal entities may expand to, over a whole document (1 MiB): an XML
/// description needs a few short entities at most; "billion laughs" and quadratic blow-ups
/// need far more.
pub const MAX_ENTITY_EXPANSION: usize = 1024 * 1024;

/// Refuses a document whose internal DTD subset declares entities that would expand to more
/// than [`MAX_ENTITY_EXPANSION`] characters (one entity nested in others, or many references),
/// or that refer to themselves; the error names the declaration or reference where the limit is
/// crossed. Runs before roxmltree, which expands entities without a size limit.
pub fn check_entities(display: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::collections::HashMap;
    let Some(doctype) = text.find("<!DOCTYPE") else { return Ok(()) };
    let Some(open) = text[doctype..].find(['[', '>']).map(|i| doctype + i) else { return Ok(()) };
    if text.as_bytes()[open] != b'[' {
        return Ok(());
    }
    let Some(close) = text[open..].find("]").map(|i| open + i) else { return Ok(()) };
    let subset = &text[open + 1..close];
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(text, offset);
        Diagnostic::new(display, line, column, message)
            .with_help("entities are expanded in memory; remove the DTD or expand the entities in the file")
    };
    // Declared general entities: name -> (value, offset of the declaration).
    let mut declared: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut rest = subset;
    while let Some(i) = rest.find("<!ENTITY") {
        let decl_offset = open + 1 + (subset.len() - rest.len()) + i;
        rest = &rest[i + "<!ENTITY".len()..];
        let body = rest.trim_start();
        if body.starts_with('%') {
            // Parameter entities: roxmltree does not expand them into the document.
            continue;
        }
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = &body[..name_end];
        let after = body[name_end..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let Some(end) = after[1..].find(q) else { continue };
        declared.entry(name).or_insert((&after[1..1 + end], decl_offset));
    }
    if declared.is_empty() {
        return Ok(());
    }
    // Expanded sizes, computed without expanding (memoised; a cycle is an error).
    fn size<'t>(
        name: &'t str,
        declared: &std::collections::HashMap<&'t str, (&'t str, usize)>,
        memo: &mut std::collections::HashMap<&'t str, Option<usize>>,
    ) -> Result<usize, (usize, String)> {
        match memo.get(name) {
            Some(Some(n)) => return Ok(*n),
            Some(None) => {
                let offset = declared.get(name).map_or(0, |d| d.1);
                return Err((offset, format!("entity `{name}` refers to itself")));
            }
            None => {}
        }
        let Some(&(value, offset)) = declared.get(name) else { return Ok(name.len() + 2) };
        memo.insert(name, None);
        let mut total = 0usize;
        for r in references(value) {
            total = total.saturating_add(match r {
                Ok(other) => size(other, declared, memo)?,
                Err(len) => len,
            });
            if total > MAX_ENTITY_EXPANSION {
                return Err((
                    offset,
                    format!("entity `{name}` expands to more than {MAX_ENTITY_EXPANSION} characters"),
                ));
            }
        }
        memo.insert(name, Some(total));
        Ok(total)
    }
    let mut memo = std::collections::HashMap::new();
    for name in declared.keys() {
        size(name, &declared, &mut memo).map_err(|(offset, m)| at(offset, m))?;
    }
    // References in the document after the DTD.
    let body_start = text[close..].find('>').map_or(text.len(), |i| close + i + 1);
    let mut total = 0usize;
    let mut offset = body_start;
    for piece in text[body_start..].split_inclusive('&') {
        let here = offset;
        offset += piece.len();
        let Some(end) = piece.find(';') else { continue };
        if here == body_start && !text[..body_start].ends_with('&') {
            continue;
        }
        let name = &piece[..end];
        if let Ok(n) = size(name, &declared, &mut memo)
            && declared.contains_key(name)
        {
            total = total.saturating_add(n);
        }
        if total > MAX_ENTITY_EXPANSION {
            return Err(at(
                here.saturating_sub(1),
                format!("entity references expand to more than {MAX_ENTITY_EXPANSION} characters in all"),
            ));
        }
    }
    Ok(())
}

/// The references of an entity value: `Ok(name)` for `&name;`, `Err(len)` for a run of text
/// (or a character reference) of that many bytes.
fn references(value: &str) -> Vec<Result<&str, usize>> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push(Err(i));
        let Some(end) = rest[i..].find(';').map(|e| i + e) else {
            out.push(Err(rest.len() - i));
            return out;
        };
        let name = &rest[i + 1..end];
        out.push(if name.starts_with('#') { Err(1) } else { Ok(name) });
        rest = &rest[end + 1..];
    }
    out.push(Err(rest.len()));
    out
}

/// Parses `text`, turning a syntax error into a positioned diagnostic; entity bombs are refused
/// first (see [`check_entities`]).
pub fn parse<'a>(display: &Path, text: &'a str) -> Result<Document<'a>, Diagnostic> {
    check_entities(display, text)?;
    Document::parse_with_options(text, parsing_options()).map_err(|e| {
        let pos = e.pos();
        Diagnostic::new(display, pos.row, pos.col, format!("malformed XML: {e}"))
    })
}

/// The parsed input files, in load order (top-level files first, then imports breadth-first).
pub struct DocSet<'a> {
    pub files: &'a [SourceFile],
    pub docs: Vec<Document<'a>>,
    /// Per document: where its lines start (positions without rescanning the text).
    lines: Vec<LineIndex<'a>>,
}

impl<'a> DocSet<'a> {
    /// Parses every file; the files were parsed once already while loading, so errors here are
    /// only possible if a file changed in between, and are reported the same way.
    pub fn parse(files: &'a [SourceFile]) -> Result<Self, Vec<Diagnostic>> {
        let mut docs = Vec::with_capacity(files.len());
        let mut problems = Vec::new();
        for f in files {
            match parse(&f.display, &f.text) {
                Ok(doc) => docs.push(doc),
                Err(d) => problems.push(d),
            }
        }
        let lines = files.iter().map(|f| LineIndex::new(&f.text)).collect();
        if problems.is_empty() { Ok(DocSet { files, docs, lines }) } else { Err(problems) }
    }

    /// Index of the file a node belongs to.
    pub fn file_of(&self, node: Node<'_, '_>) -> usize {
        let doc = node.document();
        self.docs
            .iter()
            .position(|d| std::ptr::eq(d as *const Document<'_> as *const u8, doc as *const Document<'_> as *const u8))
            .unwrap_or(0)
    }

    /// File index and 1-based line and column (in characters, see [`LineIndex`]) of `node`'s start.
    pub fn position(&self, node: Node<'_, '_>) -> (usize, u32, u32) {
        let file = self.file_of(node);
        let offset = node.range().start;
        let (line, column) = match self.lines.get(file) {
            Some(index) => index.line_column(offset),
            None => line_column(node.document().input_text(), offset),
        };
        (file, line, column)
    }

    /// Where `node` starts.
    pub fn origin(&self, node: Node<'_, '_>) -> Origin {
        let (file, line, column) = self.position(node);
        let display = self.files.get(file).map_or(String::new(), |f| f.display.display().to_string());
        Origin { file: display, line, column }
    }

    /// A diagnostic positioned at `node`.
    pub fn diag(&self, node: Node<'_, '_>, message: impl Into<String>) -> Diagnostic {
        let (file, line, column) = self.position(node);
        let display = self.files.get(file).map_or(PathBuf::new(), |f| f.display.clone());
        Diagnostic::new(display, line, column, message)
    }

    /// Resolves `value` (`prefix:local`) in the scope of `node`, or a diagnostic for an
    /// undeclared prefix.
    pub fn qname(&self, node: Node<'_, '_>, value: &str) -> Result<QName, Diagnostic> {
        resolve_qname(node, value)
            .map(|(ns, local)| QName::new(ns, &local))
            .map_err(|prefix| self.diag(node, format!("namespace prefix `{prefix}` of `{value}` is not declared")))
    }
}

/// The documentation of a definition: the text of its `documentation` children (WSDL
/// `documentation`, or XSD `annotation/documentation`), whitespace-trimmed line by line.
pub fn documentation(node: Node<'_, '_>) -> Option<String> {
    let mut parts = Vec::new();
    for child in node.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "documentation" => parts.push(text_of(child)),
            "annotation" => {
                for d in child.children().filter(|c| c.is_element() && c.tag_name().name() == "documentation") {
                    parts.push(text_of(d));
                }
            }
            _ => {}
        }
    }
    let text = parts.join("\n");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let joined = lines.join("\n");
    let trimmed = joined.trim();
    if trimmed.is_empty() { None } else { Some(trimmed.to_owned()) }
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants().filter(Node::is_text).filter_map(|t| t.text()).collect()
}

/// A `prefix:local` attribute value resolved against the namespaces in scope at `node`.
/// `Err` carries the undeclared prefix.
pub fn resolve_qname<'n>(node: Node<'n, '_>, value: &str) -> Result<(Option<&'n str>, String), String> {
    let value = value.trim();
    match value.split_once(':') {
        Some((prefix, local)) => match node.lookup_namespace_uri(Some(prefix)) {
            Some(ns) => Ok((Some(ns), local.to_owned())),
            None if prefix == "xml" => Ok((Some(XML_NS), local.to_owned())),
            None => Err(prefix.to_owned()),
        },
        None => Ok((node.lookup_namespace_uri(None), value.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_declaration_select_the_encoding() {
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>"), "<a/>");
        assert_eq!(decode(b"\xFF\xFE<\0a\0/\0>\0"), "<a/>");
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>";
        assert!(decode(latin).ends_with("<a>\u{e9}</a>"));
        assert_eq!(decode("<a>é</a>".as_bytes()), "<a>é</a>");
    }

    #[test]
    fn malformed_xml_is_positioned() {
        let err = parse(Path::new("x.wsdl"), "<a>\n  <b></a>").unwrap_err();
        assert_eq!((err.line, err.file.to_str()), (2, Some("x.wsdl")));
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
    }

    #[test]
    fn documentation_is_trimmed() {
        let doc =
            Document::parse("<e><annotation><documentation>\n   Hello\n   world  </documentation></annotation></e>")
                .unwrap();
        assert_eq!(documentation(doc.root_element()).as_deref(), Some("Hello\nworld"));
    }
}
