//! The `.api` text form of a [`Snapshot`]: one node per line, two spaces of indentation per level,
//! `kind [name] key=value flag ...`; a blank line between top-level nodes; `#` comment lines.
//! Tokens holding spaces, quotes, backslashes or nothing are written `"quoted"` with `\"`, `\\`,
//! `\n`, `\t` escapes (names also when they hold `=`). [`Snapshot::parse`] reads it back with
//! positioned errors; `parse(render(x)) == x`.

use std::path::Path;

use super::snapshot::{Kind, Node, Snapshot};
use crate::diag::{Diagnostic, Diagnostics};

const HEADER: &str = "# wsbind API snapshot: what the service offers on the wire and in Rust, from the service model.\n\
# Sorted, keyed by namespace + local name; written by the generator. Compare two with `cargo xtask diff OLD NEW`.\n";

fn needs_quotes(s: &str, name: bool) -> bool {
    s.is_empty()
        || s.chars().any(|c| c.is_whitespace() || c == '"' || c == '\\')
        || (name && (s.contains('=') || s.starts_with('#')))
}

fn token(out: &mut String, s: &str, name: bool) {
    if !needs_quotes(s, name) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn render_node(out: &mut String, node: &Node, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(node.kind.as_str());
    if node.kind.named() {
        out.push(' ');
        token(out, &node.name, true);
    }
    for (k, v) in &node.props {
        out.push(' ');
        out.push_str(k);
        if !v.is_empty() {
            out.push('=');
            token(out, v, false);
        }
    }
    out.push('\n');
    for c in &node.children {
        render_node(out, c, depth + 1);
    }
}

impl Snapshot {
    /// The `.api` text.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("module ");
        token(&mut out, &self.module, true);
        if self.json_only {
            out.push_str(" json");
        }
        out.push('\n');
        for n in &self.nodes {
            out.push('\n');
            render_node(&mut out, n, 0);
        }
        out
    }

    /// Reads the `.api` text; `file` names the text in errors (file:line:col).
    pub fn parse(text: &str, file: &Path) -> Result<Snapshot, Diagnostics> {
        let mut problems = Vec::new();
        let mut snapshot = Snapshot::default();
        let mut module_seen = false;
        // The path of open nodes: (depth, node).
        let mut stack: Vec<Node> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = (i + 1) as u32;
            let err = |col: usize, msg: String| Diagnostic::new(file, line_no, col as u32, msg);
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            if indent % 2 != 0 || raw[indent..].starts_with('\t') {
                problems.push(err(indent + 1, "indentation must be a multiple of two spaces".to_owned()));
                continue;
            }
            let depth = indent / 2;
            let tokens = match tokenize(&raw[indent..]) {
                Ok(t) => t,
                Err((col, msg)) => {
                    problems.push(err(indent + col, msg));
                    continue;
                }
            };
            let Some((first, first_col)) = tokens.first().map(|(t, c)| (t.text.clone(), *c)) else { continue };
            if first == "module" && depth == 0 {
                if module_seen {
                    problems.push(err(1, "a second `module` line".to_owned()));
                }
                module_seen = true;
                match tokens.get(1) {
                    Some((t, _)) => snapshot.module = t.text.clone(),
                    None => problems.push(err(indent + 7, "expected the module name".to_owned())),
                }
                for (t, col) in tokens.iter().skip(2) {
                    if t.text == "json" && !t.quoted {
                        snapshot.json_only = true;
                    } else {
                        problems.push(err(indent + col, format!("unknown module property `{}`", t.text)));
                    }
                }
                continue;
            }
            if !module_seen {
                problems.push(
                    err(indent + first_col, "no `module` line: not a wsbind API snapshot".to_owned())
                        .with_help("a snapshot starts with `module <name>`"),
                );
                break;
            }
            let Some(kind) = Kind::parse(&first) else {
                let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                problems.push(
                    err(indent + first_col, format!("unknown entry `{first}`"))
                        .with_help(format!("expected one of: module, {}", known.join(", "))),
                );
                continue;
            };
            if depth > stack.len() {
                problems.push(err(indent + 1, "indented deeper than its parent".to_owned()));
                continue;
            }
            while stack.len() > depth {
                let done = stack.pop().expect("non-empty");
                attach(&mut stack, &mut snapshot, done);
            }
            let mut node = Node::new(kind, "");
            let mut rest = tokens.iter().skip(1);
            if kind.named() {
                match rest.next() {
                    Some((t, _)) => node.name = t.text.clone(),
                    None => {
                        problems.push(err(indent + first.len() + 2, format!("`{first}` needs a name")));
                        continue;
                    }
                }
            }
            for (t, col) in rest {
                if t.quoted {
                    problems.push(err(indent + col, format!("expected `key=value` or a flag, found \"{}\"", t.text)));
                    continue;
                }
                let (key, value) = match t.value.as_ref() {
                    Some(v) => (t.text.clone(), v.clone()),
                    None => (t.text.clone(), String::new()),
                };
                if node.props.insert(key.clone(), value).is_some() {
                    problems.push(err(indent + col, format!("property `{key}` given twice")));
                }
            }
            stack.push(node);
        }
        while let Some(done) = stack.pop() {
            attach(&mut stack, &mut snapshot, done);
        }
        if !module_seen && problems.is_empty() {
            problems.push(
                Diagnostic::new(file, 1, 1, "no `module` line: not a wsbind API snapshot")
                    .with_help("a snapshot starts with `module <name>`"),
            );
        }
        if problems.is_empty() { Ok(snapshot) } else { Err(Diagnostics::new(problems)) }
    }
}

fn attach(stack: &mut [Node], snapshot: &mut Snapshot, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => snapshot.nodes.push(node),
    }
}

/// One token: a word or quoted string, or `key=value` (the value possibly quoted).
#[derive(Debug)]
struct Token {
    text: String,
    quoted: bool,
    value: Option<String>,
}

/// Splits a line (indentation removed) into tokens with their 1-based columns.
fn tokenize(line: &str) -> Result<Vec<(Token, usize)>, (usize, String)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 == ' ' {
            i += 1;
            continue;
        }
        let col = chars[i].0 + 1;
        if chars[i].1 == '"' {
            let (s, next) = quoted(&chars, i)?;
            out.push((Token { text: s, quoted: true, value: None }, col));
            i = next;
            continue;
        }
        let mut word = String::new();
        let mut value = None;
        while i < chars.len() && chars[i].1 != ' ' {
            if chars[i].1 == '=' && value.is_none() {
                i += 1;
                if i < chars.len() && chars[i].1 == '"' {
                    let (s, next) = quoted(&chars, i)?;
                    value = Some(s);
                    i = next;
                    break;
                }
                let mut v = String::new();
                while i < chars.len() && chars[i].1 != ' ' {
                    v.push(chars[i].1);
                    i += 1;
                }
                value = Some(v);
                break;
            }
            word.push(chars[i].1);
            i += 1;
        }
        if i < chars.len() && chars[i].1 != ' ' {
            return Err((chars[i].0 + 1, "expected a space after a quoted value".to_owned()));
        }
        out.push((Token { text: word, quoted: false, value }, col));
    }
    Ok(out)
}

/// The quoted string starting at `chars[start]` (a `"`), and the index after it.
fn quoted(chars: &[(usize, char)], start: usize) -> Result<(String, usize), (usize, String)> {
    let mut s = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i].1 {
            '"' => return Ok((s, i + 1)),
            '\\' => {
                let Some(&(pos, c)) = chars.get(i + 1) else {
                    return Err((chars[i].0 + 1, "unfinished escape".to_owned()));
                };
                s.push(match c {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => return Err((pos + 1, format!("unknown escape `\\{other}`"))),
                });
                i += 2;
            }
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err((chars[start].0 + 1, "unterminated quoted string".to_owned()))
}
