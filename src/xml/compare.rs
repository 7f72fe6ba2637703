//! XML comparison for tests: two documents are the same when their element trees match by
//! namespace URI and local name, attributes (as a set, namespace declarations ignored,
//! `xsi:type` and `soapenc:arrayType` values compared as resolved names) and trimmed text — whatever the prefixes,
//! the quoting, `<a/>` vs `<a></a>` and the whitespace between elements.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use super::name::{SOAP_ENC_NS, XSI_NS};

fn ns_name(result: &ResolveResult<'_>, local: &str) -> Result<String, String> {
    match result {
        ResolveResult::Bound(ns) => Ok(format!("{{{}}}{local}", ns.0)),
        ResolveResult::Unbound => Ok(local.to_owned()),
        ResolveResult::Unknown(p) => Err(format!("undeclared prefix `{p}`")),
    }
}

/// The canonical, indented form of `xml` used by [`assert_same_xml`].
pub fn normalize(xml: &str) -> Result<String, String> {
    let mut r = NsReader::from_str(xml);
    r.config_mut().expand_empty_elements = true;
    let mut out = String::new();
    let mut depth = 0usize;
    let mut text = String::new();
    let flush = |out: &mut String, text: &mut String, depth: usize| {
        let t = text.trim();
        if !t.is_empty() {
            out.push_str(&"  ".repeat(depth));
            out.push_str(&format!("{t:?}\n"));
        }
        text.clear();
    };
    loop {
        match r.read_event().map_err(|e| format!("{e} at byte {}", r.error_position()))? {
            Event::Start(e) => {
                flush(&mut out, &mut text, depth);
                let (result, local) = r.resolver().resolve_element(e.name());
                let name = ns_name(&result, local.into_inner())?;
                let mut attrs = Vec::new();
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| e.to_string())?;
                    if attr.key.as_namespace_binding().is_some() {
                        continue;
                    }
                    let (result, local) = r.resolver().resolve_attribute(attr.key);
                    let key = ns_name(&result, local.into_inner())?;
                    let mut value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    if key == format!("{{{XSI_NS}}}type") {
                        let qname = quick_xml::name::QName(value.trim());
                        let (result, local) = r.resolver().resolve_element(qname);
                        value = ns_name(&result, local.into_inner())?;
                    } else if key == format!("{{{SOAP_ENC_NS}}}arrayType") {
                        let trimmed = value.trim().to_owned();
                        let (qname, dims) = trimmed.split_at(trimmed.find('[').unwrap_or(trimmed.len()));
                        let (result, local) = r.resolver().resolve_element(quick_xml::name::QName(qname));
                        value = format!("{}{dims}", ns_name(&result, local.into_inner())?);
                    }
                    attrs.push(format!(" {key}={value:?}"));
                }
                attrs.sort();
                out.push_str(&"  ".repeat(depth));
                out.push('<');
                out.push_str(&name);
                out.push_str(&attrs.concat());
                out.push_str(">\n");
                depth += 1;
            }
            Event::End(_) => {
                flush(&mut out, &mut text, depth);
                depth = depth.saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                out.push_str("</>\n");
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c.xml10_content()),
            Event::GeneralRef(g) => match g.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g)
                        .ok_or_else(|| format!("unknown entity &{};", &*g))?,
                ),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Panics, showing both canonical forms and the first difference, unless `expected` and
/// `actual` are the same XML (see the module docs).
#[track_caller]
pub fn assert_same_xml(expected: &str, actual: &str) {
    let e = normalize(expected).unwrap_or_else(|err| panic!("expected XML is malformed: {err}\n{expected}"));
    let a = normalize(actual).unwrap_or_else(|err| panic!("actual XML is malformed: {err}\n{actual}"));
    if e != a {
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or_else(|| e.lines().count().min(a.lines().count()));
        panic!(
            "XML differs at canonical line {}:\n  expected: {}\n  actual:   {}\n--- expected ---\n{e}--- actual ---\n{a}",
            line + 1,
            e.lines().nth(line).unwrap_or("<end>"),
            a.lines().nth(line).unwrap_or("<end>"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_whitespace_and_empty_tags_do_not_matter() {
        assert_same_xml(
            r#"<?xml version="1.0"?><s:E xmlns:s="urn:s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <s:B><x xmlns="urn:t" b="2" a='1'> v &amp; w </x><y xmlns="urn:t"/></s:B></s:E>"#,
            r#"<E xmlns="urn:s"><B><t:x xmlns:t="urn:t" a="1" b="2">v &#38; w</t:x><t:y xmlns:t="urn:t"></t:y></B></E>"#,
        );
    }

    #[test]
    fn xsi_type_values_compare_resolved() {
        assert_same_xml(
            r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:p="urn:t" xsi:type="p:T"/>"#,
            r#"<a xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:q="urn:t" i:type="q:T"/>"#,
        );
    }

    #[test]
    fn differences_are_reported() {
        for (a, b) in [
            ("<a><b>1</b></a>", "<a><b>2</b></a>"),
            ("<a xmlns='urn:x'/>", "<a/>"),
            ("<a><b/><c/></a>", "<a><c/><b/></a>"),
            ("<a x='1'/>", "<a/>"),
        ] {
            let result = std::panic::catch_unwind(|| assert_same_xml(a, b));
            assert!(result.is_err(), "{a} vs {b}");
        }
        assert!(normalize("<a><b></a>").is_err());
    }
}
