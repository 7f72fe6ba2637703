//! Facets: which children of a restriction are facets, the [`Limits`] they set, and a base
//! type's limits merged under a derived type's.

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
    limits.pattern = match patterns.len() {
        0 => None,
        1 => patterns.pop(),
        // Several patterns of one step: a value matches any of them. Plain groups keep it XSD syntax
        // (`lower::pattern` translates XSD, which has no `(?:`).
        _ => Some(patterns.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join("|")),
    };
    if !notes.is_empty() {
        limits.note = Some(notes.join(", "));
    }
    limits
}

/// Adds facets from `more` where `into` has none.
pub(crate) fn merge_limits(into: &mut Limits, more: Limits) {
    into.min_length = into.min_length.or(more.min_length);
    into.max_length = into.max_length.or(more.max_length);
    into.min_items = into.min_items.or(more.min_items);
    into.max_items = into.max_items.or(more.max_items);
    into.pattern = into.pattern.take().or(more.pattern);
    into.minimum = into.minimum.or(more.minimum);
    into.maximum = into.maximum.or(more.maximum);
    into.note = match (into.note.take(), more.note) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
}
