//! Front-end limits (issue 11): a YAML document nested without bound is a positioned error, not
//! a stack overflow; XML descriptions whose internal entities would expand to gigabytes
//! ("billion laughs", one big entity referenced many times, a self-referring entity) are refused
//! with a positioned error before roxmltree expands anything. Legitimate small entities still
//! load.

use std::path::Path;

use wsbind_codegen::openapi::source::{MAX_DEPTH, Source};
use wsbind_codegen::xsd::read::{MAX_ENTITY_EXPANSION, parse};

fn yaml_err(text: &str) -> wsbind_codegen::Diagnostic {
    Source::parse(Path::new("t.yaml"), text).expect_err("must be refused")
}

#[test]
fn deep_block_sequences_are_a_positioned_error() {
    // 20 KB of nested block sequences on one line.
    let e = yaml_err(&format!("{}x\n", "- ".repeat(10_000)));
    assert!(e.message.contains(&format!("nested deeper than {MAX_DEPTH} levels")), "{e:?}");
    assert_eq!((e.line, e.column), (1, 2 * MAX_DEPTH as u32 - 1), "{e:?}");
}

#[test]
fn deep_flow_sequences_and_mappings_are_a_positioned_error() {
    let e = yaml_err(&format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)));
    assert!(e.message.contains("nested deeper"), "{e:?}");
    assert_eq!(e.line, 1);
    let e = yaml_err(&format!("a:\n  b: {}1{}\n", "{x: ".repeat(5_000), "}".repeat(5_000)));
    assert!(e.message.contains("nested deeper"), "{e:?}");
    assert_eq!(e.line, 2);
}

#[test]
fn deep_indentation_is_a_positioned_error() {
    let mut text = String::new();
    for i in 0..1_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("a:\n");
    }
    let e = yaml_err(&text);
    assert!(e.message.contains("nested deeper"), "{e:?}");
    assert_eq!(e.line, MAX_DEPTH as u32 + 1);
}

#[test]
fn ordinary_nesting_quotes_and_block_scalars_are_fine() {
    let mut text = String::from("a:\n  description: |\n");
    for i in 0..300 {
        text.push_str(&" ".repeat(4 + i));
        text.push_str("[[[{ not structure\n");
    }
    text.push_str("  b: \"[[[[[[\"\n  c: '{{{{'\n  d: [1, [2, {e: 3}]] # [[[[\n");
    text.push_str(&format!("  deep: {}1{}\n", "[".repeat(100), "]".repeat(100)));
    let src = Source::parse(Path::new("t.yaml"), &text).unwrap();
    assert_eq!(src.root["a"]["d"][1][1]["e"], 3);
    for name in ["mews", "aim"] {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../schemas/{name}/{name}.yaml"));
        Source::read(&file).unwrap();
    }
}

const LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE definitions [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><documentation>&lol9;</documentation></definitions>
"#;

#[test]
fn billion_laughs_is_refused_at_the_declaration() {
    let e = parse(Path::new("bomb.wsdl"), LAUGHS).expect_err("refused");
    assert!(e.message.contains("expands to more than"), "{e:?}");
    // `lol6` is the first entity over 1 MiB (3 * 10^6 characters): line 9.
    assert_eq!(e.line, 9, "{e:?}");
    assert_eq!(e.column, 2);
}

#[test]
fn many_references_to_a_large_entity_are_refused_where_the_total_crosses_the_limit() {
    // 100 KB of document, one 50 KB entity referenced 2,000 times: 100 MB if expanded.
    let big = "x".repeat(50_000);
    let refs = "&big;".repeat(2_000);
    let text = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY big \"{big}\">]>\n<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">\n<documentation>{refs}</documentation></definitions>"
    );
    let e = parse(Path::new("wide.wsdl"), &text).expect_err("refused");
    assert!(e.message.contains("in all"), "{e:?}");
    let n = MAX_ENTITY_EXPANSION / 50_000 + 1; // the reference that crosses the limit
    assert_eq!((e.line, e.column), (4, 16 + 5 * (n as u32 - 1)), "{e:?}");
}

#[test]
fn self_reference_is_refused() {
    let text = "<!DOCTYPE d [\n<!ENTITY a \"x&b;\">\n<!ENTITY b \"&a;\">\n]><d>&a;</d>";
    let e = parse(Path::new("loop.xsd"), text).expect_err("refused");
    assert!(e.message.contains("refers to itself"), "{e:?}");
}

#[test]
fn small_entities_still_load() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY ns \"urn:example\"><!ENTITY two \"&ns;/&ns;\">]>\n<d a=\"&ns;\">&two; &amp; &#65;</d>";
    let doc = parse(Path::new("ok.xsd"), text).unwrap();
    assert_eq!(doc.root_element().attribute("a"), Some("urn:example"));
    assert_eq!(doc.root_element().text(), Some("urn:example/urn:example & A"));
}
