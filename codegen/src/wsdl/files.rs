//! The document set of a service: the top-level WSDLs plus everything they import
//! (`wsdl:import`, `xs:import`, `xs:include`, `xs:redefine`), transitively, each file once.
//!
//! Locations resolve through the catalog first, then relative to the importing file. Remote
//! URLs never get fetched: an unmapped one is a positioned error saying how to map it. Import
//! cycles are fine (each file is read once). Namespace-only imports load nothing; their
//! namespace must be defined by another file of the set or be one of the well-known ones.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use roxmltree::Node;

use crate::diag::{Diagnostic, Diagnostics, line_column};
use crate::namespaces::WSDL_NS;
use crate::xsd::is_xs;
use crate::xsd::read::{self, SourceFile};

/// Loads `roots` and every file they import.
pub fn load_files(
    roots: &[PathBuf],
    catalog: &BTreeMap<String, PathBuf>,
    source_root: Option<&Path>,
) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut queue: VecDeque<(PathBuf, Option<String>)> = roots.iter().map(|p| (p.clone(), None)).collect();
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    while let Some((path, chameleon_ns)) = queue.pop_front() {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| normalize(&path));
        if !seen.insert(key) {
            continue;
        }
        let display = display_path(&path, source_root);
        let text = match read::read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Diagnostic::new(&display, 0, 0, format!("cannot read file: {e}")));
                continue;
            }
        };
        let doc = match read::parse(&display, &text) {
            Ok(doc) => doc,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let position = |node: Node| line_column(&text, node.range().start);
        for import in imports(&doc) {
            let Some(location) = import.location else { continue };
            match resolve(location, &base, catalog, source_root) {
                Ok(target) => queue.push_back((target, import.chameleon_ns)),
                Err((message, help)) => {
                    let (line, col) = position(import.node);
                    problems.push(Diagnostic::new(&display, line, col, message).with_help(help));
                }
            }
        }
        drop(doc);
        files.push(SourceFile { path, display, text, chameleon_ns });
    }
    if problems.is_empty() { Ok(files) } else { Err(Diagnostics::new(problems)) }
}

/// One import-like element of a document.
struct Import<'a, 'i> {
    node: Node<'a, 'i>,
    location: Option<&'a str>,
    /// For includes: the namespace the included schema takes on if it has none.
    chameleon_ns: Option<String>,
}

/// Every `wsdl:import`, and every `import`/`include`/`redefine` of every schema in the document.
fn imports<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<Import<'a, 'i>> {
    let mut out = Vec::new();
    let root = doc.root_element();
    let mut schemas = Vec::new();
    if is_xs(root.tag_name().namespace()) && root.tag_name().name() == "schema" {
        schemas.push(root);
    } else if root.tag_name().namespace() == Some(WSDL_NS) {
        for child in root.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "import" if child.tag_name().namespace() == Some(WSDL_NS) => {
                    out.push(Import { node: child, location: child.attribute("location"), chameleon_ns: None });
                }
                "types" => schemas.extend(
                    child.children().filter(|s| is_xs(s.tag_name().namespace()) && s.tag_name().name() == "schema"),
                ),
                _ => {}
            }
        }
    }
    for schema in schemas {
        let tns = schema.attribute("targetNamespace");
        for child in schema.children().filter(|c| c.is_element() && is_xs(c.tag_name().namespace())) {
            match child.tag_name().name() {
                "import" => {
                    out.push(Import { node: child, location: child.attribute("schemaLocation"), chameleon_ns: None })
                }
                "include" | "redefine" => out.push(Import {
                    node: child,
                    location: child.attribute("schemaLocation"),
                    chameleon_ns: tns.map(str::to_owned),
                }),
                _ => {}
            }
        }
    }
    out
}

/// Resolves an import location: catalog, then relative to the importing file's folder.
fn resolve(
    location: &str,
    base: &Path,
    catalog: &BTreeMap<String, PathBuf>,
    source_root: Option<&Path>,
) -> Result<PathBuf, (String, String)> {
    if let Some(mapped) = catalog.get(location) {
        return if mapped.is_file() {
            Ok(mapped.clone())
        } else {
            Err((
                format!("import `{location}` maps to `{}` in the catalog, which does not exist", mapped.display()),
                "fix the catalog entry".to_owned(),
            ))
        };
    }
    let local = location.strip_prefix("file://");
    if local.is_none() && location.contains("://") {
        return Err((
            format!("remote import `{location}` is not mapped to a local file"),
            "wsbind never fetches: save the file and map the URL in a catalog, `catalog.xml` beside the schemas or --catalog"
                .to_owned(),
        ));
    }
    let relative = local.unwrap_or(location);
    let target = normalize(&base.join(relative));
    if target.is_file() {
        Ok(target)
    } else {
        Err((
            format!("imported file `{location}` not found"),
            format!("looked for `{}`", display_path(&target, source_root).display()),
        ))
    }
}

/// Removes `.` and `a/..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path shown for `path`: relative to `root` when it lies below it.
pub fn display_path(path: &Path, root: Option<&Path>) -> PathBuf {
    let path = normalize(path);
    let Some(root) = root else { return path };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| normalize(root));
    canonical_lenient(&path).strip_prefix(&root).map(Path::to_path_buf).unwrap_or(path)
}

/// The canonical form of `path`, also for files that do not exist (their nearest existing
/// ancestor is canonicalised and the rest appended).
fn canonical_lenient(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut current = path;
    loop {
        if let Ok(canonical) = std::fs::canonicalize(current) {
            return rest.iter().rev().fold(canonical, |acc, part| acc.join(part));
        }
        match (current.parent(), current.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                current = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// The WSDL files of `dir` that no other WSDL of `dir` imports, sorted. Files that only import
/// each other (a cycle nothing else reaches) are represented by the first of them.
pub fn top_level_wsdls(dir: &Path) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut wsdls: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()) == Some("wsdl"))
        .collect();
    wsdls.sort();
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| normalize(p));
    let keys: Vec<PathBuf> = wsdls.iter().map(|w| key(w)).collect();
    // edges[i]: indices of the WSDLs of `dir` that file i imports.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); wsdls.len()];
    for (i, wsdl) in wsdls.iter().enumerate() {
        let Ok(text) = read::read_text(wsdl) else { continue };
        let Ok(doc) = read::parse(wsdl, &text) else { continue };
        let base = wsdl.parent().unwrap_or(Path::new(""));
        for import in imports(&doc) {
            if let Some(location) = import.location.filter(|l| !l.contains("://")) {
                let target = key(&base.join(location));
                if let Some(j) = keys.iter().position(|k| *k == target).filter(|j| *j != i) {
                    edges[i].push(j);
                }
            }
        }
    }
    let imported: BTreeSet<usize> = edges.iter().flatten().copied().collect();
    let mut top: Vec<usize> = (0..wsdls.len()).filter(|i| !imported.contains(i)).collect();
    let mut reached = vec![false; wsdls.len()];
    let visit = |start: usize, reached: &mut Vec<bool>| {
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut reached[n], true) {
                stack.extend(edges[n].iter().copied());
            }
        }
    };
    for &t in &top {
        visit(t, &mut reached);
    }
    while let Some(first) = reached.iter().position(|r| !r) {
        top.push(first);
        visit(first, &mut reached);
    }
    top.sort_unstable();
    top.into_iter().map(|i| wsdls[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dot_segments() {
        assert_eq!(normalize(Path::new("a/b/../c/./d.xsd")), PathBuf::from("a/c/d.xsd"));
        assert_eq!(normalize(Path::new("../x.xsd")), PathBuf::from("../x.xsd"));
    }

    #[test]
    fn wsdls_importing_each_other_keep_one_top_level_file() {
        let dir = std::env::temp_dir().join(format!("wsbind-top-level-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wsdl = |other: &str| {
            format!(
                r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><import location="{other}"/></definitions>"#
            )
        };
        std::fs::write(dir.join("a.wsdl"), wsdl("b.wsdl")).unwrap();
        std::fs::write(dir.join("b.wsdl"), wsdl("a.wsdl")).unwrap();
        std::fs::write(dir.join("c.wsdl"), wsdl("d.wsdl")).unwrap();
        std::fs::write(dir.join("d.wsdl"), "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\"/>").unwrap();
        let top = top_level_wsdls(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(top, [dir.join("a.wsdl"), dir.join("c.wsdl")]);
    }

    #[test]
    fn remote_imports_need_a_catalog() {
        let err = resolve("http://example.com/a.xsd", Path::new("."), &BTreeMap::new(), None).unwrap_err();
        assert!(err.0.contains("not mapped"), "{}", err.0);
    }
}
