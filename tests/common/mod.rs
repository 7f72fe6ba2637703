//! Helpers shared by the end-to-end tests: reading the seed pages, pulling their sample
//! messages out, filling the placeholders with real values, and a local HTTP server.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/seeds/<prefix>*.txt`, read at test time (never copied into the project).
pub fn seed(prefix: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()));
    std::fs::read_to_string(entry.path()).unwrap()
}

/// The XML documents of a seed page, in page order: each runs from `<?xml` (or the first `<`
/// after a blank line) to the close of its root element.
pub fn xml_samples(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<?xml") {
        let doc = &rest[start..];
        let body_start = doc.find("?>").map(|i| i + 2).unwrap_or(0);
        let root_tag = doc[body_start..]
            .trim_start()
            .trim_start_matches('<')
            .split([' ', '>', '\n'])
            .next()
            .unwrap()
            .to_owned();
        let close = format!("</{root_tag}>");
        let end = doc.find(&close).map(|i| i + close.len()).unwrap_or(doc.len());
        out.push(doc[..end].to_owned());
        rest = &doc[end..];
    }
    out
}

/// Replaces the placeholder content of leaf elements: `<Name>string</Name>` becomes
/// `<Name>value</Name>` for each (name, value); every occurrence, in order, takes the next value
/// given for that name (the last one repeats). Panics if a name does not occur, so a sample
/// that changes shape fails the test instead of silently comparing less.
pub fn fill(xml: &str, values: &[(&str, &str)]) -> String {
    let mut out = xml.to_owned();
    let mut names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
    names.dedup();
    for name in names {
        let vals: Vec<&str> = values.iter().filter(|(n, _)| *n == name).map(|(_, v)| *v).collect();
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let mut result = String::new();
        let mut rest = out.as_str();
        let mut index = 0;
        while let Some(pos) = rest.find(&open) {
            let after = &rest[pos + open.len()..];
            let end = after.find(&close).expect("closing tag");
            result.push_str(&rest[..pos + open.len()]);
            let value = vals[index.min(vals.len() - 1)];
            result.push_str(&quick_xml::escape::escape(value));
            result.push_str(&close);
            rest = &after[end + close.len()..];
            index += 1;
        }
        assert!(index > 0, "<{name}> does not occur in the sample");
        result.push_str(rest);
        out = result;
    }
    out
}
