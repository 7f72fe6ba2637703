//! Reading one OpenAPI document: YAML or JSON text -> a JSON value plus a position for every node
//! (keyed by JSON pointer) -> the `openapiv3` structures.
//!
//! `saphyr` parses the text (JSON is read as YAML 1.2 flow syntax) and keeps a span on every node;
//! the conversion to `serde_json::Value` records, for each JSON pointer, the line and column of the
//! mapping key (or sequence item) that introduces it. Deserialising into `openapiv3::OpenAPI` goes
//! through `serde_path_to_error`, so a structural error names the pointer of the failing node and
//! the index turns it into `file:line:col`. Later stages use the same index for their own problems.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use serde_json::{Map, Number, Value};

use crate::diag::Diagnostic;

/// A parsed document with its position index.
#[derive(Debug)]
pub struct Source {
    /// The file as given to the loader (diagnostics name it).
    pub file: PathBuf,
    /// The whole document as JSON (used for keywords `openapiv3` does not model, such as `xml`).
    pub root: Value,
    positions: HashMap<String, (u32, u32)>,
}

impl Source {
    /// Reads and parses `file`. Syntax errors come back positioned.
    pub fn read(file: &Path) -> Result<Source, Diagnostic> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Diagnostic::new(file, 0, 0, format!("cannot read the OpenAPI document: {e}")))?;
        Source::parse(file, &text)
    }

    /// Parses `text` as the content of `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Source, Diagnostic> {
        let docs = MarkedYamlOwned::load_from_str(text).map_err(|e| {
            let m = e.marker();
            Diagnostic::new(file, line_of(m.line()), m.col() as u32 + 1, format!("invalid YAML: {}", e.info()))
        })?;
        let Some(node) = docs.first() else {
            return Err(Diagnostic::new(file, 1, 1, "the document is empty")
                .with_help("expected an OpenAPI 3.0 document (`openapi: 3.0.3`, `info`, `paths`)"));
        };
        if docs.len() > 1 {
            return Err(Diagnostic::new(file, 1, 1, "the file holds more than one YAML document")
                .with_help("keep one OpenAPI document per file"));
        }
        let mut positions = HashMap::new();
        positions.insert(String::new(), position(node));
        let mut pointer = String::new();
        let root = convert(file, node, &mut pointer, &mut positions)?;
        Ok(Source { file: file.to_path_buf(), root, positions })
    }

    /// Line and column of the node at `pointer`, or of its nearest ancestor that has one.
    /// The flag tells whether the position is the node's own.
    pub fn position(&self, pointer: &str) -> ((u32, u32), bool) {
        let mut p = pointer;
        let mut exact = true;
        loop {
            if let Some(&pos) = self.positions.get(p) {
                return (pos, exact);
            }
            exact = false;
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return ((1, 1), false),
            }
        }
    }

    /// A diagnostic at the node `pointer`. When that node has no position of its own (it was
    /// implied, or the pointer goes past the document), the pointer is named as well.
    pub fn diag(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let ((line, column), exact) = self.position(pointer);
        let d = Diagnostic::new(&self.file, line, column, message);
        if exact { d } else { d.with_pointer(if pointer.is_empty() { "/" } else { pointer }) }
    }

    /// The raw JSON node at `pointer`.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.root.pointer(pointer)
    }

    /// Deserialises the document into `openapiv3` structures.
    pub fn openapi(&self) -> Result<openapiv3::OpenAPI, Diagnostic> {
        let version = self.root.get("openapi").and_then(Value::as_str);
        let is_31 = match version {
            Some(v) if v.starts_with("3.0") => false,
            Some(v) if v.starts_with("3.1") => true,
            Some(v) => {
                return Err(self
                    .diag("/openapi", format!("unsupported OpenAPI version `{v}`"))
                    .with_help("wsbind reads OpenAPI 3.0 documents (3.1 when they use no 3.1-only construct)"));
            }
            None => {
                let msg = if self.root.get("swagger").is_some() {
                    "Swagger 2.0 documents are not supported"
                } else {
                    "not an OpenAPI document: the `openapi` version field is missing"
                };
                return Err(self.diag("", msg).with_help("expected `openapi: 3.0.3` at the top of the document"));
            }
        };
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&self.root).map_err(|e| {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&escape(key));
                    }
                    serde_path_to_error::Segment::Enum { .. } => {}
                    serde_path_to_error::Segment::Unknown => break,
                }
            }
            let message = e.inner().to_string();
            // The path stops where serde buffers content (flattened and untagged structures);
            // the offending value named in the message is then searched below that node.
            if let Some(found) = unexpected_value(&message)
                .and_then(|v| self.at(&pointer).and_then(|node| find_scalar(node, &v, &pointer)))
            {
                pointer = found;
            }
            let d = self.diag(&pointer, format!("invalid OpenAPI document: {message}"));
            if is_31 {
                d.with_help(
                    "OpenAPI 3.1 documents are read with the 3.0 structures; 3.1-only constructs \
                     (type lists, `const`, `examples` in schemas, webhooks) are not supported yet",
                )
            } else {
                d
            }
        })
    }
}

/// The value serde names in an "invalid type/value" message (`string "x"`, ``integer `5` ``, ...).
fn unexpected_value(message: &str) -> Option<Value> {
    let rest = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "))?;
    if rest.starts_with("sequence,") {
        // Matched by kind: any array stands for it (see `find_scalar`).
        return Some(Value::Array(Vec::new()));
    }
    if let Some(s) = rest.strip_prefix("string \"") {
        let end = s.find("\", expected")?;
        return Some(Value::String(s[..end].to_owned()));
    }
    let (kind, tail) = rest.split_once(" `")?;
    let literal = tail.split_once('`')?.0;
    match kind {
        "integer" | "floating point" => serde_json::from_str::<Value>(literal).ok(),
        "boolean" => literal.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    }
}

/// The pointer of the first scalar equal to `wanted` in `node` (document order); an array
/// `wanted` matches the first array.
fn find_scalar(node: &Value, wanted: &Value, pointer: &str) -> Option<String> {
    match node {
        Value::Object(map) => map.iter().find_map(|(k, v)| find_scalar(v, wanted, &format!("{pointer}/{}", escape(k)))),
        Value::Array(_) if wanted.is_array() => Some(pointer.to_owned()),
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, v)| find_scalar(v, wanted, &format!("{pointer}/{i}")))
        }
        scalar => (scalar == wanted).then(|| pointer.to_owned()),
    }
}

/// Escapes one JSON-pointer segment (`~` -> `~0`, `/` -> `~1`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn line_of(line: usize) -> u32 {
    u32::try_from(line.max(1)).unwrap_or(u32::MAX)
}

fn position(node: &MarkedYamlOwned) -> (u32, u32) {
    let m = node.span.start;
    (line_of(m.line()), u32::try_from(m.col()).unwrap_or(u32::MAX).saturating_add(1))
}

fn convert(
    file: &Path,
    node: &MarkedYamlOwned,
    pointer: &mut String,
    positions: &mut HashMap<String, (u32, u32)>,
) -> Result<Value, Diagnostic> {
    let here = |msg: String| {
        let (line, column) = position(node);
        Diagnostic::new(file, line, column, msg)
    };
    Ok(match &node.data {
        YamlDataOwned::Value(scalar) => scalar_value(scalar).ok_or_else(|| here("number out of range".into()))?,
        YamlDataOwned::Representation(text, _, _) => Value::String(text.clone()),
        YamlDataOwned::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                positions.insert(pointer.clone(), position(item));
                out.push(convert(file, item, pointer, positions)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        YamlDataOwned::Mapping(map) => {
            let mut out = Map::new();
            for (key, value) in map.iter() {
                let name = match &key.data {
                    YamlDataOwned::Value(ScalarOwned::String(s)) => s.clone(),
                    YamlDataOwned::Value(ScalarOwned::Integer(i)) => i.to_string(),
                    YamlDataOwned::Value(ScalarOwned::Boolean(b)) => b.to_string(),
                    YamlDataOwned::Value(ScalarOwned::FloatingPoint(f)) => f.to_string(),
                    YamlDataOwned::Value(ScalarOwned::Null) => "null".to_owned(),
                    YamlDataOwned::Representation(text, _, _) => text.clone(),
                    _ => {
                        let (line, column) = position(key);
                        return Err(Diagnostic::new(file, line, column, "mapping keys must be scalars"));
                    }
                };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(&name));
                positions.insert(pointer.clone(), position(key));
                let v = convert(file, value, pointer, positions)?;
                pointer.truncate(len);
                if out.insert(name.clone(), v).is_some() {
                    let (line, column) = position(key);
                    return Err(Diagnostic::new(file, line, column, format!("duplicate key `{name}`")));
                }
            }
            Value::Object(out)
        }
        YamlDataOwned::Tagged(_, inner) => convert(file, inner, pointer, positions)?,
        YamlDataOwned::Alias(_) => {
            return Err(here("YAML aliases are not supported".into())
                .with_help("repeat the content or use an OpenAPI `$ref` instead"));
        }
        YamlDataOwned::BadValue => return Err(here("invalid YAML value".into())),
    })
}

fn scalar_value(scalar: &ScalarOwned) -> Option<Value> {
    Some(match scalar {
        ScalarOwned::Null => Value::Null,
        ScalarOwned::Boolean(b) => Value::Bool(*b),
        ScalarOwned::Integer(i) => Value::Number((*i).into()),
        ScalarOwned::FloatingPoint(f) => Value::Number(Number::from_f64(f.into_inner())?),
        ScalarOwned::String(s) => Value::String(s.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_keys_and_items() {
        let src = Source::parse(Path::new("t.yaml"), "a:\n  b: 1\n  c:\n    - x\n    - 'y'\n200: ok\n").unwrap();
        assert_eq!(src.position("/a/b"), ((2, 3), true));
        assert_eq!(src.position("/a/c/1"), ((5, 7), true));
        assert_eq!(src.position("/a/c/1/zz"), ((5, 7), false));
        assert_eq!(src.root["200"], Value::String("ok".into()));
        assert_eq!(src.root["a"]["b"], Value::Number(1.into()));
    }

    #[test]
    fn json_is_read_too() {
        let src = Source::parse(Path::new("t.json"), "{\"a/b\": [true, null, 1.5]}").unwrap();
        assert_eq!(src.at("/a~1b/2"), Some(&serde_json::json!(1.5)));
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let e = Source::parse(Path::new("t.yaml"), "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.line >= 1 && e.message.starts_with("invalid YAML"), "{e}");
        let e = Source::parse(Path::new("t.yaml"), "a: 1\na: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
    }
}
