//! Facets: which children of a restriction are facets and the [`Limits`] they set (a base type's
//! limits are merged under a derived type's by [`Limits::inherit`]).

use roxmltree::Node;

use super::schemas::xs_children;
use crate::model::Limits;

/// Facet element names (besides `enumeration`).
pub fn is_facet(name: &str) -> bool {
    matches!(
        name,
        "length"
            | "minLength"
            | "maxLength"
            | "pattern"
            | "enumeration"
            | "whiteSpace"
            | "minInclusive"
            | "maxInclusive"
            | "minExclusive"
            | "maxExclusive"
            | "totalDigits"
            | "fractionDigits"
            | "assertion"
            | "explicitTimezone"
    )
}

/// The facets of a restriction as limits; what no limit field expresses goes into the note.
pub(crate) fn limits(node: Node<'_, '_>) -> Limits {
    let mut limits = Limits::default();
    let mut notes = Vec::new();
    let mut patterns = Vec::new();
    for facet in xs_children(node) {
        let Some(value) = facet.attribute("value") else { continue };
        let number = value.trim().parse::<u64>().ok();
        let float = value.trim().parse::<f64>().ok();
        match facet.tag_name().name() {
            "length" if number.is_some() => {
                limits.min_length = number;
                limits.max_length = number;
            }
            "minLength" if number.is_some() => limits.min_length = number,
            "maxLength" if number.is_some() => limits.max_length = number,
            "pattern" => patterns.push(value.to_owned()),
            "minInclusive" if float.is_some() => limits.minimum = float,
            "maxInclusive" if float.is_some() => limits.maximum = float,
            "enumeration" | "whiteSpace" => {}
            other => notes.push(format!("{other} {value}")),
        }
    }
    limits.patterns = match patterns.len() {
        0 => Vec::new(),
        1 => patterns,
        // Several patterns of one step: a value matches any of them. Plain groups keep it XSD syntax
        // (`lower::pattern` translates XSD, which has no `(?:`).
        _ => vec![patterns.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join("|")],
    };
    if !notes.is_empty() {
        limits.note = Some(notes.join(", "));
    }
    limits
}
