//! Rustdoc text for generated items: schema documentation made safe for rustdoc.
//!
//! Schema prose is not Markdown written for rustdoc: it may contain `[x]` (read as intra-doc links),
//! bare URLs, `<tags>`, indented blocks (read as doctests) and code fences. [`prose`] turns it into
//! plain doc lines that render as written and never produce rustdoc warnings or doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Escapes one line of schema prose for rustdoc (no leading indentation kept). Code spans are
/// kept as written, an unmatched backtick is escaped, code fences are broken up.
pub fn escape_line(line: &str) -> String {
    let line = line.trim();
    let line = if line.contains("```") { line.replace('`', "'") } else { line.to_owned() };
    let parts: Vec<&str> = line.split('`').collect();
    let n = parts.len();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        let unmatched = n % 2 != 1 && i == n - 1;
        let code = i % 2 == 1 && !unmatched;
        if i > 0 {
            out.push_str(if unmatched { "\\`" } else { "`" });
        }
        if code {
            out.push_str(part);
        } else {
            escape_plain(part, &mut out);
        }
    }
    out
}

/// Escapes prose outside code spans: URLs become autolinks, markup characters are escaped.
fn escape_plain(text: &str, out: &mut String) {
    for word in split_keep(text) {
        if is_url(word) {
            // Trailing sentence punctuation is not part of the address.
            let trimmed = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            let tail = &word[trimmed.len()..];
            if trimmed.contains(['<', '>', '"', '\\']) {
                out.push('`');
                out.push_str(trimmed);
                out.push('`');
            } else {
                out.push('<');
                out.push_str(trimmed);
                out.push('>');
            }
            escape_text(tail, out);
        } else {
            escape_text(word, out);
        }
    }
}

fn is_url(word: &str) -> bool {
    (word.starts_with("http://") || word.starts_with("https://")) && word.len() > 8
}

/// Splits into words and the whitespace between them, keeping both.
fn split_keep(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in s.char_indices() {
        let space = c.is_whitespace();
        if in_space != Some(space) {
            if i > start {
                parts.push(&s[start..i]);
            }
            start = i;
            in_space = Some(space);
        }
    }
    if start < s.len() {
        parts.push(&s[start..]);
    }
    parts
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Doc lines from schema prose: trimmed, escaped, runs of blank lines collapsed.
pub fn prose(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = escape_line(line);
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Collects doc paragraphs and renders them as `#[doc]` attributes.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// Adds schema prose (escaped) as a paragraph.
    pub fn prose(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            let lines = prose(text);
            if !lines.is_empty() {
                self.paragraph_break();
                self.lines.extend(lines);
            }
        }
        self
    }

    /// Adds a paragraph written by the generator (already valid rustdoc).
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.paragraph_break();
        self.lines.push(text.into());
        self
    }

    fn paragraph_break(&mut self) {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Outer `#[doc = "..."]` attributes, one per line.
    pub fn outer(&self) -> TokenStream {
        let lines = self.lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
        quote! { #( #[doc = #lines] )* }
    }

    /// The lines as plain `//` comments: module documentation of a file meant for `include!`,
    /// where inner doc comments are not allowed.
    pub fn comment(&self) -> String {
        self.lines.iter().map(|l| if l.is_empty() { "//\n".to_owned() } else { format!("// {l}\n") }).collect()
    }

    /// Inner `#![doc = "..."]` attributes, one per line.
    pub fn inner(&self) -> TokenStream {
        let lines = self.lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
        quote! { #( #![doc = #lines] )* }
    }
}

/// A wire name shown in code font (the lowering's notes use the same rule).
pub use crate::lower::code;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_tags_and_urls() {
        assert_eq!(escape_line("see [Foo] <b>x</b>"), "see \\[Foo\\] &lt;b&gt;x&lt;/b&gt;");
        assert_eq!(escape_line("at https://a.b/c."), "at <https://a.b/c>.");
        assert_eq!(escape_line("   indented code"), "indented code");
        assert_eq!(escape_line("```rust"), "'''rust");
        assert_eq!(escape_line("`[Resource]` and [x]"), "`[Resource]` and \\[x\\]");
        assert_eq!(escape_line("a ` b"), "a \\` b");
        assert_eq!(escape_line("a & b"), "a &amp; b");
    }

    #[test]
    fn prose_collapses_blank_lines() {
        assert_eq!(prose("\n a\n\n\n b \n\n"), vec!["a", "", "b"]);
    }
}
