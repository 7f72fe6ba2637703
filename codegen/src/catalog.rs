//! XML catalogs: mapping remote schema URLs to local files, so the generator never fetches.
//!
//! The file format is the OASIS XML Catalogs 1.1 subset that matters for schema imports:
//! `<uri name="URL" uri="local/path"/>` and `<system systemId="URL" uri="local/path"/>` inside a
//! `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">` root. Relative `uri`s resolve
//! against the catalog file's folder. Being a standard format, the same file also works with
//! xmllint and other XML tools. Read with roxmltree, like every other XML input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, line_column};

/// The OASIS catalog namespace.
pub const CATALOG_NS: &str = "urn:oasis:names:tc:entity:xmlns:xml:catalog";

/// Reads a catalog file into a URL -> local file map.
pub fn load(path: &Path) -> Result<BTreeMap<String, PathBuf>, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostics::from(Diagnostic::new(path, 0, 0, format!("cannot read catalog: {e}"))))?;
    parse(path, &text)
}

fn parse(path: &Path, text: &str) -> Result<BTreeMap<String, PathBuf>, Diagnostics> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostics::from(Diagnostic::new(path, pos.row, pos.col, format!("malformed catalog: {e}")))
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    let root = doc.root_element();
    let position = |node: roxmltree::Node| line_column(text, node.range().start);
    if root.tag_name().name() != "catalog" || root.tag_name().namespace() != Some(CATALOG_NS) {
        let (line, col) = position(root);
        return Err(Diagnostic::new(path, line, col, "the root element is not an XML catalog")
            .with_help(format!("expected <catalog xmlns=\"{CATALOG_NS}\">"))
            .into());
    }
    let mut map = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in root.children().filter(roxmltree::Node::is_element) {
        let key_attr = match entry.tag_name().name() {
            "uri" => "name",
            "system" => "systemId",
            other => {
                let (line, col) = position(entry);
                problems.push(
                    Diagnostic::new(path, line, col, format!("unsupported catalog entry `{other}`"))
                        .with_help("use <uri name=\"URL\" uri=\"file\"/> or <system systemId=\"URL\" uri=\"file\"/>"),
                );
                continue;
            }
        };
        match (entry.attribute(key_attr), entry.attribute("uri")) {
            (Some(url), Some(local)) => {
                map.insert(url.to_owned(), base.join(local));
            }
            _ => {
                let (line, col) = position(entry);
                problems.push(Diagnostic::new(
                    path,
                    line,
                    col,
                    format!("catalog entry needs both `{key_attr}` and `uri` attributes"),
                ));
            }
        }
    }
    if problems.is_empty() { Ok(map) } else { Err(Diagnostics::new(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_uri_and_system_entries_relative_to_the_catalog() {
        let text = r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="http://www.w3.org/2001/xml.xsd" uri="remote/xml.xsd"/>
  <system systemId="http://docs.oasis-open.org/wsn/b-2.xsd" uri="remote/b-2.xsd"/>
</catalog>"#;
        let map = parse(Path::new("dir/catalog.xml"), text).unwrap();
        assert_eq!(map["http://www.w3.org/2001/xml.xsd"], PathBuf::from("dir/remote/xml.xsd"));
        assert_eq!(map["http://docs.oasis-open.org/wsn/b-2.xsd"], PathBuf::from("dir/remote/b-2.xsd"));
    }

    #[test]
    fn bad_entries_are_positioned() {
        let text = "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n  <uri name=\"x\"/>\n  <rewriteURI/>\n</catalog>";
        let err = parse(Path::new("c.xml"), text).unwrap_err();
        let lines: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert_eq!(lines[0], "c.xml:2:3: catalog entry needs both `name` and `uri` attributes");
        assert!(lines[1].starts_with("c.xml:3:3: unsupported catalog entry `rewriteURI`"), "{}", lines[1]);
    }

    #[test]
    fn wrong_root_is_an_error() {
        let err = parse(Path::new("c.xml"), "<root/>").unwrap_err();
        assert!(err.to_string().starts_with("c.xml:1:1: the root element is not an XML catalog"));
    }
}
