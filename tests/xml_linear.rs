//! Decoding stays linear in the reply whatever its namespaces (issue 11): 100,000 elements each
//! declaring a namespace of their own (a linear search per look-up made 2.5 MB of them take
//! 13.7 s). No clock here: the test finishes in well under a second when each look-up is O(1)
//! and takes minutes when it is not; what it asserts is that every name resolves right.

use wsbind::DecodeError;
use wsbind::xml::{Decode, Reader, Start};

struct Count(usize);

impl Decode for Count {
    fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
        let mut n = 0;
        while let Some(child) = r.next_child()? {
            assert_eq!(child.name(), (Some(format!("urn:ns:{n}").as_str()), "x"));
            r.skip(&child)?;
            n += 1;
        }
        Ok(Count(n))
    }
}

#[test]
fn a_namespace_per_element_decodes_in_one_pass() {
    let mut doc = String::from("<root>");
    for i in 0..100_000 {
        doc.push_str(&format!("<x xmlns=\"urn:ns:{i}\"/>"));
    }
    doc.push_str("</root>");
    let mut r = Reader::new(doc.as_bytes());
    let root = r.root().unwrap();
    assert_eq!(Count::decode(&mut r, &root).unwrap().0, 100_000);
    r.finish().unwrap();
}

/// The duplicate-attribute checks (by name as written, and by namespace and local name) stay
/// linear too: 50,000 attributes on one tag (a list scanned per attribute would make that 1.25
/// billion comparisons).
#[test]
fn a_tag_with_many_attributes_is_read_in_one_pass() {
    let mut doc = String::from("<root xmlns:p=\"urn:p\" xmlns:q=\"urn:p\"><x");
    for i in 0..50_000 {
        doc.push_str(&format!(" a{i}=\"{i}\""));
    }
    doc.push_str("/></root>");
    let mut r = Reader::new(doc.as_bytes());
    r.root().unwrap();
    let x = r.next_child().unwrap().expect("x");
    assert_eq!(x.attr(None, "a49999"), Some("49999"));
    r.skip(&x).unwrap();

    // Past the list, a duplicate is still found: as written, and through two prefixes bound to
    // the same namespace.
    for dup in ["a7=\"again\"", "p:a1=\"1\" q:a1=\"2\""] {
        let doc = doc.replace("/></root>", &format!(" {dup}/></root>"));
        let mut r = Reader::new(doc.as_bytes());
        r.root().unwrap();
        let err = r.next_child().unwrap_err();
        assert!(
            matches!(&err.kind, wsbind::DecodeErrorKind::Malformed(m) if m.contains("a7") || m.contains("a1")),
            "{err}"
        );
    }
}
