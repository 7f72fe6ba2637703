//! The pull tokenizer under [`Reader`](super::Reader): cuts a document that is already valid
//! UTF-8 (checked once, for the whole document, by [`Scanner::new`]) into borrowed tokens —
//! start tags with their raw attribute text, end tags, text, CDATA, comments and processing
//! instructions (a DOCTYPE is refused) — searching with `memchr` and allocating nothing but the stack
//! of open elements. It owns the document's shape: tag syntax, end tags that match their start
//! tags, quoted attribute values, the end of the document inside an element. What a token
//! *means* (names and namespaces, attribute values, entity references) is the reader's, and
//! the `entities` module unescapes text.
//!
//! Why not quick-xml's reader, which it replaces on the decoding path: quick-xml checks UTF-8
//! once per event and builds an event value per tag, and that was half of a decode's
//! instructions (see `docs/performance.md`). quick-xml stays the peer the differential fuzz
//! target (`fuzz/fuzz_targets/tokenizer.rs`) compares these tokens with.

use memchr::{memchr, memchr3, memmem};

use super::entities;

/// An element whose start tag has been read and whose end tag has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Open {
    /// Offset of its `<`.
    pub start: usize,
    /// Length of its (qualified) name, which starts at `start + 1`.
    pub name_len: u32,
    /// Whether its start tag declared namespaces (set by the reader, which pops their scope).
    pub declares: bool,
}

/// One token, borrowing from the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A start tag (`<name attrs>` or `<name attrs/>`, followed by an [`Token::End`] for it).
    Start(Tag<'a>),
    /// An end tag, or the end of an empty-element tag; `open` is the element it closes, no
    /// longer on the stack.
    End {
        /// Offset of `</` (of the end of `/>` for an empty element).
        pos: usize,
        /// The element closed.
        open: Open,
    },
    /// Character data as written: entity references and `\r` not yet resolved.
    Text {
        /// Offset of its first byte.
        pos: usize,
        /// The raw text.
        raw: &'a str,
        /// Whether it has neither `&` nor `\r`: it means what it says.
        plain: bool,
    },
    /// The content of a CDATA section.
    CData {
        /// Offset of `<![CDATA[`.
        pos: usize,
        /// The content, as written.
        raw: &'a str,
    },
    /// A comment or a processing instruction (the XML declaration too): markup that carries no
    /// content.
    Markup {
        /// Offset of its `<`.
        pos: usize,
        /// What kind of markup it is.
        kind: MarkupKind,
        /// Everything between the delimiters (`<!--`/`-->`, `<?`/`?>`).
        raw: &'a str,
    },
    /// The end of the document (at depth 0; earlier, it is an error).
    Eof,
}

/// The kinds of [`Token::Markup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkupKind {
    /// `<!-- ... -->`.
    Comment,
    /// `<? ... ?>`.
    ProcessingInstruction,
}

/// A start tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Offset of `<`.
    pub pos: usize,
    /// The qualified name as written (not checked against the name rule: the reader does).
    pub name: &'a str,
    /// The text between the name and `>` (or `/>`); empty when there are no attributes.
    pub attrs: &'a str,
    /// Offset of `attrs`.
    pub attrs_pos: usize,
    /// Whether it is an empty-element tag (`<name/>`).
    pub empty: bool,
    /// Whether the name is known to be a valid unprefixed name (ASCII name characters only, no
    /// colon, a letter or `_` first): the reader need not check it again.
    pub plain_name: bool,
    /// Offset just after the tag's `>`.
    pub end: usize,
}

/// Why the document is not well-formed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanError {
    /// Offset of the fault.
    pub pos: usize,
    /// What is wrong.
    pub message: String,
}

impl ScanError {
    fn new(pos: usize, message: impl Into<String>) -> Self {
        ScanError { pos, message: message.into() }
    }
}

/// How deep elements may nest anywhere in a document, content that is skipped or kept as raw
/// XML included (decoders stop at [`MAX_NESTING`](super::MAX_NESTING) levels; this bounds the
/// stack of open elements, 16 bytes a level, on a reply that is nothing but start tags).
pub const MAX_DEPTH: usize = 10_000;

/// What a byte of a tag's name is: [`ENDS`] (white space, `/`, `>`), an ASCII name character
/// that may start a name ([`STARTS`]) or only follow ([`FOLLOWS`]), or anything else ([`OTHER`]:
/// `:`, non-ASCII, characters names do not allow; the reader's QName check judges those).
const NAME_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() || c == b'_' {
            STARTS
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            FOLLOWS
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
            ENDS
        } else {
            OTHER
        };
        b += 1;
    }
    t
};
const ENDS: u8 = 0;
const STARTS: u8 = 1;
const FOLLOWS: u8 = 2;
const OTHER: u8 = 4;

/// The tokenizer: a position in the document and the stack of open elements.
#[derive(Clone, Debug)]
pub struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    open: Vec<Open>,
    /// The last start tag was an empty-element tag: its [`Token::End`] comes next.
    empty_pending: bool,
    /// An error the first token reports instead of reading (a document refused before
    /// tokenizing: its text is then empty, so the check costs nothing per token).
    refused: Option<ScanError>,
}

impl<'a> Scanner<'a> {
    /// A scanner over `text`.
    pub fn new(text: &'a str) -> Self {
        Scanner { text, pos: 0, open: Vec::new(), empty_pending: false, refused: None }
    }

    /// A scanner whose first token is `error` (a document refused as a whole).
    pub fn refusing(error: ScanError) -> Self {
        Scanner { refused: Some(error), ..Scanner::new("") }
    }

    /// The document.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The offset the next token starts at.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The open elements, outermost first.
    pub fn open(&self) -> &[Open] {
        &self.open
    }

    /// Marks the innermost open element as declaring namespaces.
    pub fn set_declares(&mut self) {
        if let Some(top) = self.open.last_mut() {
            top.declares = true;
        }
    }

    /// The qualified name of `open`.
    pub fn name_of(&self, open: Open) -> &'a str {
        let from = open.start + 1;
        self.text.get(from..from + open.name_len as usize).unwrap_or("")
    }

    /// The next token.
    #[inline]
    pub fn next_token(&mut self) -> Result<Token<'a>, ScanError> {
        if self.empty_pending {
            self.empty_pending = false;
            let open = self.open.pop().ok_or_else(|| ScanError::new(self.pos, "end tag without a start tag"))?;
            return Ok(Token::End { pos: self.pos, open });
        }
        let bytes = self.text.as_bytes();
        let pos = self.pos;
        match bytes.get(pos) {
            None if self.open.is_empty() => match &self.refused {
                None => Ok(Token::Eof),
                Some(error) => Err(error.clone()),
            },
            None => {
                let name = self.open.last().map_or("", |o| self.name_of(*o));
                Err(ScanError::new(pos, format!("unexpected end of document: `<{name}>` is not closed")))
            }
            Some(b'<') => self.markup(pos),
            Some(_) => {
                let (end, plain) = text_end(bytes, pos).unwrap_or((bytes.len(), true));
                self.pos = end;
                Ok(Token::Text { pos, raw: &self.text[pos..end], plain })
            }
        }
    }

    /// The next token that is a start tag, an end tag or the end of the document: what a
    /// reader of child elements wants, text and markup between them passed over without a
    /// token of their own (they are still checked: a comment must end, a CDATA section too).
    #[inline]
    pub fn next_tag(&mut self) -> Result<Token<'a>, ScanError> {
        loop {
            if !self.empty_pending {
                let bytes = self.text.as_bytes();
                let pos = self.pos;
                if bytes.get(pos).is_some_and(|b| *b != b'<') {
                    let (end, plain) = text_end(bytes, pos).unwrap_or((bytes.len(), false));
                    if !plain {
                        check_references(&self.text[pos..end], pos)?;
                    }
                    self.pos = end;
                }
            }
            match self.next_token()? {
                Token::Text { .. } | Token::CData { .. } | Token::Markup { .. } => {}
                token => return Ok(token),
            }
        }
    }

    /// The content of the innermost open element when it is text alone followed by the
    /// element's own end tag (`text</name>`, or an empty-element tag): the text and whether it
    /// is plain (see [`Token::Text`]), with the element closed as [`Token::End`] would, in one
    /// step. `None` (nothing read) for anything else: markup inside, the end of the document.
    #[inline]
    pub fn simple_content(&mut self) -> Option<(&'a str, bool, Open)> {
        if self.empty_pending {
            self.empty_pending = false;
            return self.open.pop().map(|open| ("", true, open));
        }
        let open = *self.open.last()?;
        let bytes = self.text.as_bytes();
        let pos = self.pos;
        let (lt, plain) = text_end(bytes, pos)?;
        let expected = self.name_of(open).as_bytes();
        let after = lt + 2 + expected.len();
        let end_tag = bytes.get(lt + 1) == Some(&b'/')
            && bytes.get(after) == Some(&b'>')
            && same_bytes(&bytes[lt + 2..after], expected);
        if !end_tag {
            return None;
        }
        self.open.pop();
        self.pos = after + 1;
        Some((&self.text[pos..lt], plain, open))
    }

    /// The token at `pos`, which is `<`.
    fn markup(&mut self, pos: usize) -> Result<Token<'a>, ScanError> {
        let bytes = self.text.as_bytes();
        match bytes.get(pos + 1) {
            Some(b'/') => self.end_tag(pos),
            Some(b'!') => self.bang(pos),
            Some(b'?') => {
                let end = find(bytes, pos + 2, b"?>")
                    .ok_or_else(|| ScanError::new(pos, "unclosed processing instruction (no `?>`)"))?;
                self.pos = end + 2;
                Ok(Token::Markup { pos, kind: MarkupKind::ProcessingInstruction, raw: &self.text[pos + 2..end] })
            }
            _ => self.start_tag(pos),
        }
    }

    fn start_tag(&mut self, pos: usize) -> Result<Token<'a>, ScanError> {
        let bytes = self.text.as_bytes();
        let name_from = pos + 1;
        let first = bytes.get(name_from).map_or(ENDS, |b| NAME_CLASS[usize::from(*b)]);
        if first == ENDS {
            return Err(ScanError::new(pos, "a `<` that starts no tag (no element name after it)"));
        }
        let mut classes = first;
        let mut name_end = bytes.len();
        for (k, b) in bytes[name_from + 1..].iter().enumerate() {
            let class = NAME_CLASS[usize::from(*b)];
            if class == ENDS {
                name_end = name_from + 1 + k;
                break;
            }
            classes |= class;
        }
        let i = name_end;
        let plain_name = first == STARTS && classes & OTHER == 0;
        let (attrs_end, gt) = match bytes.get(i) {
            Some(b'>') => (i, i),
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => (i + 1, i + 1),
            Some(b'/') => return Err(ScanError::new(i, "a `/` in a start tag that is not its end (`/>`)")),
            Some(_) => {
                let gt = tag_end(bytes, i)
                    .ok_or_else(|| ScanError::new(pos, "unexpected end of document inside a start tag"))?;
                (gt, gt)
            }
            None => return Err(ScanError::new(pos, "unexpected end of document inside a start tag")),
        };
        let empty = attrs_end > name_end && bytes[attrs_end - 1] == b'/';
        let attrs_end = if empty { attrs_end - 1 } else { attrs_end };
        if self.open.len() >= MAX_DEPTH {
            return Err(ScanError::new(
                pos,
                format!("elements nested deeper than {MAX_DEPTH} (even where they are skipped)"),
            ));
        }
        let name_len = u32::try_from(name_end - name_from)
            .map_err(|_| ScanError::new(pos, "an element name longer than 4 GiB"))?;
        self.open.push(Open { start: pos, name_len, declares: false });
        self.empty_pending = empty;
        self.pos = gt + 1;
        Ok(Token::Start(Tag {
            pos,
            name: &self.text[name_from..name_end],
            attrs: &self.text[name_end..attrs_end],
            attrs_pos: name_end,
            empty,
            plain_name,
            end: gt + 1,
        }))
    }

    fn end_tag(&mut self, pos: usize) -> Result<Token<'a>, ScanError> {
        let bytes = self.text.as_bytes();
        let name_from = pos + 2;
        // Nearly always the end tag names the open element and `>` follows.
        if let Some(&open) = self.open.last() {
            let expected = self.name_of(open).as_bytes();
            let after = name_from + expected.len();
            if bytes.get(after) == Some(&b'>') && same_bytes(&bytes[name_from..after], expected) {
                self.open.pop();
                self.pos = after + 1;
                return Ok(Token::End { pos, open });
            }
        }
        let mut i = name_from;
        while i < bytes.len() && NAME_CLASS[usize::from(bytes[i])] != ENDS {
            i += 1;
        }
        let name = &self.text[name_from..i];
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'>') {
            return Err(ScanError::new(pos, format!("malformed end tag `</{}`", name.escape_debug())));
        }
        let Some(&open) = self.open.last() else {
            return Err(ScanError::new(pos, format!("end tag `</{name}>` without a start tag")));
        };
        let expected = self.name_of(open);
        if expected != name {
            return Err(ScanError::new(pos, format!("expected `</{expected}>`, found `</{name}>`")));
        }
        self.open.pop();
        self.pos = i + 1;
        Ok(Token::End { pos, open })
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE` (refused) at `pos`.
    fn bang(&mut self, pos: usize) -> Result<Token<'a>, ScanError> {
        let bytes = self.text.as_bytes();
        let rest = &bytes[pos..];
        if rest.starts_with(b"<!--") {
            let end = find(bytes, pos + 4, b"-->").ok_or_else(|| ScanError::new(pos, "unclosed comment (no `-->`)"))?;
            self.pos = end + 3;
            return Ok(Token::Markup { pos, kind: MarkupKind::Comment, raw: &self.text[pos + 4..end] });
        }
        if rest.starts_with(b"<![CDATA[") {
            if self.open.is_empty() {
                return Err(ScanError::new(pos, "a CDATA section outside the root element"));
            }
            let end =
                find(bytes, pos + 9, b"]]>").ok_or_else(|| ScanError::new(pos, "unclosed CDATA section (no `]]>`)"))?;
            self.pos = end + 3;
            return Ok(Token::CData { pos, raw: &self.text[pos + 9..end] });
        }
        if rest.starts_with(b"<!DOCTYPE") {
            // SOAP 1.1 and 1.2 forbid a DTD in a message; a DTD's entities are what makes XML
            // parsers expand bombs and read files; and no service in the corpus sends one.
            return Err(ScanError::new(pos, "a DOCTYPE (document type declaration): the reader does not read DTDs"));
        }
        Err(ScanError::new(pos, "unknown markup after `<!` (not a comment, CDATA section or DOCTYPE)"))
    }
}

/// What ends a text or needs resolving in it: 1 = `<`, 2 = `&` or `\r`.
const TEXT_STOP: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'<' as usize] = 1;
    t[b'&' as usize] = 2;
    t[b'\r' as usize] = 2;
    t
};

/// How many bytes of a text are looked at one by one before a `memchr` search: most texts
/// (values of simple elements, indentation) are shorter, and for them a search's set-up costs
/// more than the loop.
const SHORT_TEXT: usize = 32;

/// Checks the references of `raw`, text at offset `pos` that nobody reads (between child
/// elements, outside the root): a document with a broken one is not well-formed even where its
/// text is ignored.
pub fn check_references(raw: &str, pos: usize) -> Result<(), ScanError> {
    entities::text(raw).map(drop).map_err(|e| ScanError::new(pos + e.at, e.message))
}

/// The offset of the `<` that ends the text starting at `pos`, and whether the text is plain
/// (no `&`, no `\r`); `None` when no `<` follows.
#[inline]
fn text_end(bytes: &[u8], pos: usize) -> Option<(usize, bool)> {
    let rest = bytes.get(pos..)?;
    let mut stop = None;
    for (i, b) in rest.iter().take(SHORT_TEXT).enumerate() {
        let class = TEXT_STOP[usize::from(*b)];
        if class != 0 {
            stop = Some((i, class));
            break;
        }
    }
    let (i, class) = match stop {
        Some(found) => found,
        None if rest.len() <= SHORT_TEXT => return None,
        None => {
            let i = SHORT_TEXT + memchr3(b'<', b'&', b'\r', &rest[SHORT_TEXT..])?;
            (i, TEXT_STOP[usize::from(rest[i])])
        }
    };
    if class == 1 {
        return Some((pos + i, true));
    }
    memchr(b'<', &rest[i..]).map(|j| (pos + i + j, false))
}

/// XML's white space (`S`): space, tab, line feed, carriage return (not form feed, which
/// `u8::is_ascii_whitespace` includes).
#[inline]
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether two short byte strings (names) are equal: compared in place, eight bytes at a time,
/// instead of a call to `memcmp` per tag.
#[inline(always)]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a_words = a.chunks_exact(8);
    let mut b_words = b.chunks_exact(8);
    for (x, y) in a_words.by_ref().zip(b_words.by_ref()) {
        if x != y {
            return false;
        }
    }
    a_words.remainder().iter().zip(b_words.remainder()).all(|(x, y)| x == y)
}

/// The offset of `needle` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

/// The offset of the `>` that ends a start tag whose attributes start at `from` (a `>` inside a
/// quoted value does not).
#[inline]
fn tag_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let i = from + memchr3(b'>', b'"', b'\'', bytes.get(from..)?)?;
        match bytes[i] {
            b'>' => return Some(i),
            quote => from = i + 1 + memchr(quote, bytes.get(i + 1..)?)? + 1,
        }
    }
}

/// One attribute of a start tag, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawAttr<'a> {
    /// The qualified name.
    pub key: &'a str,
    /// Offset of the name.
    pub key_pos: usize,
    /// The value between its quotes, references not resolved.
    pub value: &'a str,
    /// Offset of the value.
    pub value_pos: usize,
}

/// The attributes of a start tag's `attrs` text (which starts at offset `pos`), in order,
/// checking their syntax: `name = "value"` or `'value'` separated by white space, each name once,
/// no `<` in a value.
pub fn attributes(attrs: &str, pos: usize) -> Attributes<'_> {
    Attributes { attrs, pos, at: 0, seen: Seen::default() }
}

/// Names seen so far, for a duplicate check that stays linear: a list while there are few (tags
/// have few attributes), a hash set past sixteen.
#[derive(Debug)]
pub struct Seen<T> {
    list: Vec<T>,
    /// Made only when the list is full: a hash set's random keys are work a tag without many
    /// attributes should not do.
    set: Option<std::collections::HashSet<T>>,
}

impl<T> Default for Seen<T> {
    fn default() -> Self {
        Seen { list: Vec::new(), set: None }
    }
}

impl<T: Eq + std::hash::Hash + Clone> Seen<T> {
    /// How many names are compared one by one before they go into a hash set.
    const LIST: usize = 16;

    /// Records `name`; `false` when it was seen before.
    pub fn insert(&mut self, name: T) -> bool {
        if self.list.len() < Self::LIST {
            if self.list.contains(&name) {
                return false;
            }
            self.list.push(name);
            return true;
        }
        self.set.get_or_insert_with(|| self.list.iter().cloned().collect()).insert(name)
    }
}

/// The iterator [`attributes`] returns.
#[derive(Debug)]
pub struct Attributes<'a> {
    attrs: &'a str,
    pos: usize,
    at: usize,
    /// The names so far, for the duplicate check.
    seen: Seen<&'a str>,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<RawAttr<'a>, ScanError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.attrs.as_bytes();
        let start = self.at;
        let mut i = start;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            self.at = i;
            return None;
        }
        let result = self.one(i, i > start || start == 0);
        if result.is_err() {
            self.at = bytes.len();
        }
        Some(result)
    }
}

impl<'a> Attributes<'a> {
    /// The attribute whose name starts at `i`; `separated`: white space came before it.
    fn one(&mut self, i: usize, separated: bool) -> Result<RawAttr<'a>, ScanError> {
        let bytes = self.attrs.as_bytes();
        let at = |i: usize| self.pos + i;
        if !separated {
            return Err(ScanError::new(at(i), "attributes not separated by white space"));
        }
        let key_from = i;
        let mut i = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'<' | b'/') {
            i += 1;
        }
        let key = &self.attrs[key_from..i];
        if key.is_empty() {
            return Err(ScanError::new(
                at(key_from),
                format!("unexpected `{}` in a start tag", char_at(self.attrs, i)),
            ));
        }
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return Err(ScanError::new(at(key_from), format!("attribute `{key}` without a value (no `=`)")));
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let quote = match bytes.get(i) {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => return Err(ScanError::new(at(i), format!("the value of attribute `{key}` is not quoted"))),
        };
        let value_from = i + 1;
        let close = memchr(quote, &bytes[value_from..])
            .map(|j| value_from + j)
            .ok_or_else(|| ScanError::new(at(i), format!("the value of attribute `{key}` has no closing quote")))?;
        let value = &self.attrs[value_from..close];
        if let Some(lt) = memchr(b'<', value.as_bytes()) {
            return Err(ScanError::new(at(value_from + lt), "`<` inside a start tag (attribute value)"));
        }
        if !self.seen.insert(key) {
            return Err(ScanError::new(at(key_from), format!("duplicate attribute `{key}`")));
        }
        self.at = close + 1;
        Ok(RawAttr { key, key_pos: at(key_from), value, value_pos: at(value_from) })
    }
}

/// The character at byte `i` of `text` (for messages), or `end of tag`.
fn char_at(text: &str, i: usize) -> String {
    text.get(i..).and_then(|s| s.chars().next()).map_or_else(|| "end of tag".to_owned(), |c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(doc: &str) -> Result<Vec<Token<'_>>, ScanError> {
        let mut s = Scanner::new(doc);
        let mut out = Vec::new();
        loop {
            match s.next_token()? {
                Token::Eof => return Ok(out),
                t => out.push(t),
            }
        }
    }

    #[test]
    fn elements_text_and_markup_in_order() {
        let doc = "<?xml version=\"1.0\"?><r a='1>2'><!-- c --><e/>t<![CDATA[<x>]]></r>";
        let t = tokens(doc).unwrap();
        let kinds: Vec<String> = t
            .iter()
            .map(|t| match t {
                Token::Start(tag) => format!("start {} {:?} {}", tag.name, tag.attrs, tag.empty),
                Token::End { open, .. } => {
                    format!("end {}", &doc[open.start + 1..open.start + 1 + open.name_len as usize])
                }
                Token::Text { raw, plain, .. } => format!("text {raw} {plain}"),
                Token::CData { raw, .. } => format!("cdata {raw}"),
                Token::Markup { kind, raw, .. } => format!("{kind:?} {raw}"),
                Token::Eof => "eof".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "ProcessingInstruction xml version=\"1.0\"",
                "start r \" a='1>2'\" false",
                "Comment  c ",
                "start e \"\" true",
                "end e",
                "text t true",
                "cdata <x>",
                "end r",
            ]
        );
    }

    #[test]
    fn shape_errors_are_positioned() {
        for (doc, pos, says) in [
            ("<a><b></a>", 6, "expected `</b>`, found `</a>`"),
            ("<a>", 3, "`<a>` is not closed"),
            ("<a></a></b>", 7, "without a start tag"),
            ("<a x='1", 0, "inside a start tag"),
            ("<a><!-- x", 3, "unclosed comment"),
            ("<a>< b/></a>", 3, "no element name"),
            ("<a></a ", 3, "malformed end tag"),
            ("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", 0, "does not read DTDs"),
            (&"<a>".repeat(MAX_DEPTH + 1), 3 * MAX_DEPTH, "nested deeper than 10000"),
        ] {
            let err = tokens(doc).unwrap_err();
            assert_eq!(err.pos, pos, "{doc}: {err:?}");
            assert!(err.message.contains(says), "{doc}: {}", err.message);
        }
    }

    #[test]
    fn attributes_are_checked() {
        let ok: Vec<_> = attributes(" a='1' b = \"x>y\" ", 10).map(Result::unwrap).collect();
        assert_eq!((ok[0].key, ok[0].value, ok[0].key_pos, ok[0].value_pos), ("a", "1", 11, 14));
        assert_eq!((ok[1].key, ok[1].value), ("b", "x>y"));
        for (attrs, says) in [
            (" a='1' a='2'", "duplicate attribute `a`"),
            (" a='1'b='2'", "not separated"),
            (" a", "without a value"),
            (" a=1", "not quoted"),
            (" a='<'", "`<` inside a start tag"),
            (" a='1", "no closing quote"),
        ] {
            let err = attributes(attrs, 0).find_map(Result::err).expect(attrs);
            assert!(err.message.contains(says), "{attrs}: {}", err.message);
        }
    }
}
