//! Replies in UTF-16 (with a byte order mark or declared) and in any encoding their XML
//! declaration names decode through `xml::to_utf8` (encoding_rs); `Reader::new` refuses them
//! with an error that says what to do, and bad bytes or unknown names are positioned errors.

use wsbind::DecodeErrorKind;
use wsbind::xml::{Reader, to_utf8};

const DOC: &str = "<?xml version=\"1.0\" encoding=\"ENC\"?>\n<root>\n  <t>caf\u{e9} \u{263a}</t>\n</root>";

/// The text of `<t>` read through `to_utf8` and the reader.
fn text_of(input: &[u8]) -> String {
    let utf8 = to_utf8(input).unwrap_or_else(|e| panic!("{e}"));
    let mut r = Reader::new(&utf8);
    let _root = r.root().unwrap();
    let t = r.next_child().unwrap().unwrap();
    let text: String = r.text(&t).unwrap();
    assert!(r.next_child().unwrap().is_none());
    r.finish().unwrap();
    text
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_with_and_without_bom() {
    let doc = DOC.replace("ENC", "UTF-16");
    for (be, bom) in [(false, true), (true, true), (false, false), (true, false)] {
        let bytes = utf16(&doc, be, bom);
        assert_eq!(text_of(&bytes), "caf\u{e9} \u{263a}", "big endian {be}, bom {bom}");
        // Straight into the reader: a clear error, not "invalid UTF-8".
        let err = Reader::new(&bytes).root().unwrap_err();
        assert!(err.to_string().contains("UTF-16") && err.to_string().contains("to_utf8"), "{err}");
    }
}

#[test]
fn declared_single_byte_and_multi_byte_encodings() {
    let latin1: Vec<u8> =
        DOC.replace("ENC", "ISO-8859-1").replace(" \u{263a}", "").chars().map(|c| c as u32 as u8).collect();
    assert_eq!(text_of(&latin1), "caf\u{e9}");
    let doc = DOC.replace("ENC", "Shift_JIS").replace("caf\u{e9} \u{263a}", "\u{65e5}\u{672c}");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&doc);
    assert_eq!(text_of(&sjis), "\u{65e5}\u{672c}");
    // UTF-8 and ASCII-only documents are borrowed as they are.
    let utf8 = DOC.replace("ENC", "utf-8");
    assert!(matches!(to_utf8(utf8.as_bytes()).unwrap(), std::borrow::Cow::Borrowed(_)));
    assert_eq!(text_of(utf8.as_bytes()), "caf\u{e9} \u{263a}");
    // A UTF-8 byte order mark is dropped.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(utf8.as_bytes());
    assert_eq!(text_of(&bom), "caf\u{e9} \u{263a}");
}

#[test]
fn unknown_encoding_and_bad_bytes_are_positioned() {
    let err = to_utf8(b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><a/>").unwrap_err();
    assert!(matches!(&err.kind, DecodeErrorKind::Malformed(m) if m.contains("x-klingon")), "{err}");
    assert_eq!((err.line, err.column), (1, 31), "{err}");
    // Shift_JIS lead byte 0x81 followed by a byte that cannot trail it, on line 3.
    let bad = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<root>\n  <t>ab\x81\x20</t>\n</root>";
    let err = to_utf8(bad).unwrap_err();
    assert!(matches!(&err.kind, DecodeErrorKind::Malformed(m) if m.contains("Shift_JIS")), "{err}");
    assert_eq!((err.line, err.column), (3, 8), "{err}");
}
