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
                let start = LineIndex::new(source).offset(d.line, d.column);
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

/// 1-based line and column of byte `offset` in `text`, the column counted in characters (as
/// roxmltree's `text_pos_at` and the `toml` spans count them); only `\n` ends a line. An offset
/// past the end stands for the end; one inside a character for that character's start.
///
/// Scans `text` once; for many positions in one text, build a [`LineIndex`].
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = char_floor(text, offset);
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    (to_u32(line), column(text, start, offset))
}

/// Where the lines of one text start: converts byte offsets to 1-based line/column positions
/// (by binary search, without rescanning the text) and back. Columns are counted in characters,
/// exactly as [`line_column`] counts them.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of every line (the first is 0).
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column of byte `offset`; the same as [`line_column`]`(text, offset)`.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = char_floor(self.text, offset);
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        (to_u32(line), column(self.text, start, offset))
    }

    /// Byte offset of a 1-based line/column (the inverse of [`LineIndex::line_column`]). A column
    /// past the end of its line gives the start of the next line; a line out of range (or 0), the
    /// end of the text.
    pub fn offset(&self, line: u32, column: u32) -> usize {
        let Some(&start) = (line as usize).checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return self.text.len();
        };
        let end = self.starts.get(line as usize).copied().unwrap_or(self.text.len());
        let text = self.text.get(start..end).unwrap_or("");
        let col = column.saturating_sub(1) as usize;
        start + text.char_indices().nth(col).map_or(text.len(), |(b, _)| b)
    }
}

/// `offset` clamped to the text and moved back to the start of the character it falls in.
fn char_floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// 1-based column of `offset` in the line starting at `start`: characters before it, plus one.
fn column(text: &str, start: usize, offset: usize) -> u32 {
    to_u32(text.get(start..offset).map_or(0, |t| t.chars().count()) + 1)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    fn offset_counts_characters() {
        assert_eq!(LineIndex::new("ab\ncé d\n").offset(2, 3), 3 + 3);
        assert_eq!(LineIndex::new("x").offset(9, 1), 1);
        assert_eq!(LineIndex::new("x").offset(0, 1), 1);
        // a column past the end of its line: the start of the next line
        assert_eq!(LineIndex::new("ab\ncd").offset(1, 9), 3);
        assert_eq!(LineIndex::new("ab\n").offset(2, 1), 3);
    }

    #[test]
    fn line_column_counts_from_one_in_characters() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
        assert_eq!(line_column("ab\ncé d\n", 6), (2, 3));
        // past the end: the end; inside a character: that character
        assert_eq!(line_column("ab\n", 99), (2, 1));
        assert_eq!(line_column("é", 1), (1, 1));
        // only `\n` ends a line; `\r` is a character of it
        assert_eq!(line_column("a\r\nb", 3), (2, 1));
        assert_eq!(line_column("a\r\nb", 2), (1, 3));
    }

    #[test]
    fn line_index_agrees_with_line_column_and_roxmltree() {
        let text = "<?xml version=\"1.0\"?>\r\n<a>\n  <é x=\"1\"/>\n\t<b>ü</b><c/>\n</a>\n";
        let doc = roxmltree::Document::parse(text).unwrap();
        let index = LineIndex::new(text);
        for node in doc.descendants() {
            let offset = node.range().start;
            let pos = doc.text_pos_at(offset);
            assert_eq!(line_column(text, offset), (pos.row, pos.col), "at {offset}");
            assert_eq!(index.line_column(offset), (pos.row, pos.col), "at {offset}");
            assert_eq!(index.offset(pos.row, pos.col), offset, "at {offset}");
        }
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_column(offset), line_column(text, offset), "at {offset}");
        }
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
