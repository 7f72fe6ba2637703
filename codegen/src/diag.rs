//! Schema diagnostics: positioned errors collected by the front ends and rendered for people.
//!
//! Every problem in an input file becomes a [`Diagnostic`] naming the file, the 1-based line and
//! column, what is wrong and (where useful) what was expected. Front ends collect them per stage
//! instead of stopping at the first; [`Diagnostics`] sorts them by position and renders them with a
//! source snippet through `codespan-reporting`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

/// One positioned problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line; 0 when the problem has no position (then `pointer` says where).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong, e.g. "type `tns:Missing` is not defined".
    pub message: String,
    /// What was expected or how to fix it, e.g. "map the URL in a catalog with --catalog".
    pub help: Option<String>,
    /// A JSON pointer (OpenAPI) when no line/column is known.
    pub pointer: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line, column, message: message.into(), help: None, pointer: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// A non-empty, position-sorted list of diagnostics: the error type of the front ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, line and column and removes exact duplicates.
    pub fn new(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }

    pub fn single(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// Renders every diagnostic with a snippet of its source line (files that cannot be read are
    /// rendered as plain `file:line:col: message` lines).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let config = Config::default();
        let mut files = SimpleFiles::new();
        // Each file is read once however many diagnostics it has; `None`: it cannot be read.
        let mut ids: BTreeMap<&Path, Option<usize>> = BTreeMap::new();
        for d in &self.0 {
            let id = if d.line > 0 {
                *ids.entry(d.file.as_path()).or_insert_with(|| {
                    snippet_source(&d.file).map(|source| files.add(d.file.display().to_string(), source))
                })
            } else {
                None
            };
            let snippet = id.and_then(|id| {
                let source = files.get(id).ok()?.source();
                let start = byte_offset(source, d.line, d.column);
                let end = (start + 1).min(source.len()).max(start);
                let mut cs =
                    CsDiagnostic::error().with_message(&d.message).with_labels(vec![Label::primary(id, start..end)]);
                if let Some(help) = &d.help {
                    cs = cs.with_notes(vec![help.clone()]);
                }
                term::emit_into_string(&config, &files, &cs).ok()
            });
            match snippet {
                Some(text) => out.push_str(&text),
                None => out.push_str(&format!("error: {d}\n")),
            }
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::single(d)
    }
}

fn snippet_source(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Byte offset of a 1-based line/column (column counted in characters).
fn byte_offset(source: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let col = column.saturating_sub(1) as usize;
            return offset + l.char_indices().nth(col).map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::new("a.wsdl", 3, 7, "type `tns:X` is not defined").with_help("declare it");
        assert_eq!(d.to_string(), "a.wsdl:3:7: type `tns:X` is not defined (declare it)");
    }

    #[test]
    fn diagnostics_are_sorted_by_position() {
        let list = Diagnostics::new(vec![
            Diagnostic::new("b.xsd", 1, 1, "second"),
            Diagnostic::new("a.xsd", 9, 2, "first"),
            Diagnostic::new("a.xsd", 9, 2, "first"),
        ]);
        let lines: Vec<String> = list.iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["a.xsd:9:2: first", "b.xsd:1:1: second"]);
    }

    #[test]
    fn byte_offset_counts_characters() {
        assert_eq!(byte_offset("ab\ncé d\n", 2, 3), 3 + 3);
        assert_eq!(byte_offset("x", 9, 1), 1);
    }

    #[test]
    fn render_shows_snippets_and_falls_back_to_plain_lines() {
        let dir = std::env::temp_dir().join(format!("wsbind-render-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.xsd");
        std::fs::write(&file, "<first/>\n<second/>\n").unwrap();
        let text = Diagnostics::new(vec![
            Diagnostic::new(&file, 1, 2, "one").with_help("fix one"),
            Diagnostic::new(&file, 2, 2, "two"),
            Diagnostic::new(&file, 0, 0, "unpositioned"),
            Diagnostic::new(dir.join("missing.xsd"), 3, 1, "unreadable"),
        ])
        .render();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(text.contains("error: one") && text.contains("<first/>") && text.contains("fix one"), "{text}");
        assert!(text.contains("error: two") && text.contains("<second/>"), "{text}");
        assert!(text.contains(&format!("error: {}: unpositioned\n", file.display())), "{text}");
        assert!(text.contains("missing.xsd:3:1: unreadable\n"), "{text}");
    }
}
