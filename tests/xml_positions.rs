//! Every decode error names its real line and column (issue 11: nesting-limit and UTF-8 errors
//! said line 1, column 1), and the texts errors quote are capped.

use wsbind::xml::{Decode, RawXml, Reader, Start};
use wsbind::{DecodeError, DecodeErrorKind};

/// Reads every element (recursing through `next_child`) and keeps text as strings.
struct Tree;

impl Decode for Tree {
    fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
        while let Some(child) = r.next_child()? {
            if child.local() == "t" {
                let _: String = r.text(&child)?;
            } else if child.local() == "n" {
                let _: i32 = r.text(&child)?;
            } else {
                Tree::decode(r, &child)?;
            }
        }
        Ok(Tree)
    }
}

fn decode(input: &[u8]) -> DecodeError {
    let mut r = Reader::new(input);
    let result = r.root().and_then(|root| Tree::decode(&mut r, &root)).and_then(|_| r.finish());
    match result {
        Ok(()) => panic!("no error"),
        Err(e) => e,
    }
}

/// 1-based line and byte column of `needle` in `input`.
fn line_col(input: &[u8], needle: &[u8]) -> (u32, u32) {
    let at = input.windows(needle.len()).position(|w| w == needle).expect("needle");
    let line = input[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let start = input[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    (line as u32, (at - start + 1) as u32)
}

#[test]
fn nesting_limit_error_is_positioned_at_the_element_too_deep() {
    let depth = wsbind::xml::MAX_NESTING + 5;
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<root>\n");
    for _ in 0..depth {
        doc.push_str("  <a>\n");
    }
    for _ in 0..depth {
        doc.push_str("</a>");
    }
    doc.push_str("</root>");
    let err = decode(doc.as_bytes());
    assert!(matches!(&err.kind, DecodeErrorKind::Malformed(m) if m.contains("nested deeper")), "{err}");
    // The first `<a>` past the limit: the root is level 1, so it is the MAX_NESTING-th `<a>`.
    assert_eq!((err.line, err.column), (2 + wsbind::xml::MAX_NESTING as u32, 3), "{err}");
}

#[test]
fn invalid_utf8_is_positioned_where_it_occurs() {
    for (doc, needle) in [
        (&b"<root>\n  <t>ok</t>\n  <t>bad \xff byte</t>\n</root>"[..], &b"bad"[..]),
        (&b"<root>\n\n    <t\xfe>x</t\xfe>\n</root>"[..], &b"<t\xfe"[..]),
        (&b"<root>\n <t a=\"\xc3\">x</t>\n</root>"[..], &b"<t a"[..]),
    ] {
        let err = decode(doc);
        let (line, _) = line_col(doc, needle);
        assert_eq!(err.line, line, "{err} in {:?}", String::from_utf8_lossy(doc));
        assert!(err.column > 1, "{err}");
        assert!(err.to_string().to_lowercase().contains("utf-8"), "{err}");
    }
}

#[test]
fn every_kind_of_error_has_its_position() {
    let cases: &[(&[u8], &[u8])] = &[
        (b"<root>\n  <n>12x</n>\n</root>", b"<n>"),
        (b"<root>\n  <a>\n  </b>\n</root>", b"</b>"),
        (b"<root>\n  <t>&nope;</t>\n</root>", b"&nope;"),
        (b"<root>\n  <p:a/>\n</root>", b"<p:a"),
        (b"<root>\n  <a x='1' x='2'/>\n</root>", b"x='2'"),
        (b"<root>\n</root>\n<second/>", b"<second"),
    ];
    for (doc, needle) in cases {
        let err = decode(doc);
        let expected = line_col(doc, needle);
        assert_eq!(err.line, expected.0, "{err} in {:?}", String::from_utf8_lossy(doc));
        assert!(err.line > 1, "{err}");
    }
}

#[test]
fn quoted_values_and_names_are_capped() {
    let long = "9".repeat(100_000);
    let doc = format!("<root>\n<n>{long}x</n></root>");
    let err = decode(doc.as_bytes());
    assert!(matches!(err.kind, DecodeErrorKind::Invalid { .. }), "{err}");
    assert!(err.to_string().len() < 1_000, "{} bytes", err.to_string().len());
    let entity = "e".repeat(100_000);
    let doc = format!("<root>\n<t>&{entity};</t></root>");
    let err = decode(doc.as_bytes());
    assert!(err.to_string().len() < 1_000, "{} bytes", err.to_string().len());
    let name = "q".repeat(100_000);
    let doc = format!("<root>\n<{name}:a/></root>");
    let err = decode(doc.as_bytes());
    assert!(err.to_string().len() < 1_000, "{} bytes", err.to_string().len());
    // A malformed raw fragment too.
    assert!(RawXml::parse(format!("<a>{long}</b>")).unwrap_err().to_string().len() < 1_000);
}
