//! The message an MTOM (XOP) package stands for: its root part with every `xop:Include` replaced
//! by the base64 text of the attachment it names. XML Signature digests and signs that message,
//! not its packaging, so the signer and the verifier both canonicalize this text.

use std::borrow::Cow;

use base64::Engine as _;

use crate::mtom::{XOP_NS, content_id_of_cid};

/// `root` with each `xop:Include` read as its attachment (`attachment` finds one by Content-ID);
/// borrowed when there is none. An error names an include whose part is missing.
pub(crate) fn infoset<'a, 'b>(
    root: &'a str,
    attachment: &dyn Fn(&str) -> Option<&'b [u8]>,
) -> Result<Cow<'a, str>, String> {
    if !root.contains(XOP_NS) {
        return Ok(Cow::Borrowed(root));
    }
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(root, options)
        .map_err(|e| format!("the message does not parse: {e}"))?;
    let mut out = String::with_capacity(root.len());
    let mut from = 0;
    for include in doc.descendants().filter(|n| n.has_tag_name((XOP_NS, "Include"))) {
        let href = include.attribute("href").unwrap_or_default();
        let bytes = content_id_of_cid(href)
            .ok()
            .and_then(|id| attachment(&id))
            .ok_or_else(|| format!("xop:Include `{href}` names no part of the message"))?;
        let range = include.range();
        out.push_str(&root[from..range.start]);
        base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
        from = range.end;
    }
    out.push_str(&root[from..]);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_become_the_base64_of_their_parts() {
        let root = format!(
            "<a xmlns:x=\"{XOP_NS}\"><b><x:Include href=\"cid:one%40h\"/></b><c>keep</c><d><x:Include href=\"cid:two@h\"></x:Include></d></a>"
        );
        let parts = |id: &str| match id {
            "one@h" => Some(&b"hi"[..]),
            "two@h" => Some(&b"\x00\xff"[..]),
            _ => None,
        };
        assert_eq!(
            infoset(&root, &parts).unwrap(),
            format!("<a xmlns:x=\"{XOP_NS}\"><b>aGk=</b><c>keep</c><d>AP8=</d></a>")
        );
        let missing = format!("<a><x:Include xmlns:x=\"{XOP_NS}\" href=\"cid:three@h\"/></a>");
        assert_eq!(infoset(&missing, &parts).unwrap_err(), "xop:Include `cid:three@h` names no part of the message");
        assert!(matches!(infoset("<plain/>", &parts), Ok(Cow::Borrowed("<plain/>"))));
    }
}
