//! Inputs found by the fuzz targets of `fuzz/` (and the cases of issue 11 they stand for), kept as
//! regression tests: each must decode or fail cleanly, and what decodes must survive
//! decode -> encode -> decode unchanged.

use wsbind::sos;
use wsbind::xml::{Decode, Encode, Name, RawXml, Reader, Writer};

/// decode -> encode -> decode of `T` from `xml` (rooted at `name`); `Err` describes a change.
fn identity<T: Decode + Encode + PartialEq + std::fmt::Debug>(xml: &str) -> Result<(), String> {
    let mut r = Reader::new(xml.as_bytes());
    let root = r.root().map_err(|e| format!("input does not read: {e}"))?;
    let Ok(v) = T::decode(&mut r, &root) else { return Ok(()) };
    let (ns, local) = root.name();
    let mut w = Writer::new();
    w.element(Name { ns, local }, &v).map_err(|e| format!("does not encode: {e}"))?;
    let out = w.into_string();
    let mut r = Reader::new(out.as_bytes());
    let root = r.root().map_err(|e| format!("re-encoded XML does not read: {e}\n{out}"))?;
    let again = T::decode(&mut r, &root).map_err(|e| format!("re-encoded XML does not decode: {e}\n{out}"))?;
    if again != v {
        return Err(format!("value changed:\n{v:?}\n{again:?}\n{out}"));
    }
    Ok(())
}

fn sos_reply(any: &str, outer_ns: &str) -> String {
    format!(
        "<GetAuthorizationTokenByEntityResponse xmlns=\"sosonlinebackup.com\" {outer_ns}><GetAuthorizationTokenByEntityResult>\
         <Result>{any}</Result></GetAuthorizationTokenByEntityResult></GetAuthorizationTokenByEntityResponse>"
    )
}

/// `xs:any` content under `sos::ResultType`: the RawXml re-encode identity of issue 11.
pub const RAW_XML_CASES: &[(&str, &str, &str)] = &[
    ("prefix redeclared on the captured element", "<p:x xmlns:p=\"urn:2\" p:a=\"1\"/>", "xmlns:p=\"urn:1\""),
    ("default namespace undeclared", "<x xmlns=\"\"><y/></x>", ""),
    ("attribute with a prefix from the context", "<x q:a=\"1\"/>", "xmlns:q=\"urn:q\""),
    ("entities and CDATA", "<x a=\"&lt;&amp;&quot;\">&lt;<![CDATA[]]>]]&gt;&#x1F600;</x>", ""),
    ("comment and PI", "<x><!-- c --><?pi data?>t</x>", ""),
    ("xml prefix", "<x xml:lang=\"en\"/>", ""),
];

#[test]
fn raw_xml_any_content_survives_reencoding() {
    let mut failures = Vec::new();
    for (case, any, outer) in RAW_XML_CASES {
        if let Err(e) = identity::<sos::GetAuthorizationTokenByEntityResponse>(&sos_reply(any, outer)) {
            failures.push(format!("{case}: {e}"));
        }
        if let Ok(raw) = RawXml::parse(*any) {
            let mut w = Writer::new();
            w.raw(&raw);
            let out = w.into_string();
            match RawXml::parse(out.as_str()) {
                Ok(again) if again == raw => {}
                other => failures.push(format!("{case} (RawXml::parse): {other:?} from {out}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
