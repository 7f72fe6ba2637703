//! Patterns: a `pattern` limit (XSD facet or OpenAPI keyword) translated once into the syntax of
//! the `regex` crate, which the runtime checks it with before sending (`wsbind::rest::Pattern`), or
//! the reason it is not checked, which the docs of the field print.
//!
//! * XSD patterns (XML Schema Part 2, appendix F) match the whole value: the translation is
//!   `^(?:...)$`. `.`, `\s`, `\w` and `\d` keep their XSD meaning (`\w` is "not punctuation,
//!   separator or other", `\s` only space, tab, CR and LF), `^` and `$` are ordinary characters.
//!   The XML name classes `\i \I \c \C`, Unicode blocks `\p{IsX}` and class subtraction
//!   `[a-z-[aeiou]]` have no `regex` equivalent: such a pattern is not checked.
//! * OpenAPI patterns are ECMA-262 and match anywhere in the value (no anchors are added).
//!   `\d` and `\w` are ASCII, `.` stops at line terminators; look-around and back-references
//!   have no `regex` equivalent.
//!
//! Every translation is parsed with `regex-syntax` under the Unicode tables the runtime's `regex`
//! is built with (general categories and Perl classes), and the translator emits no script,
//! block or case-insensitive syntax, so the generated code never holds a pattern the runtime cannot
//! compile. An untranslatable pattern is not an error of the description: it is documented only.

use crate::model::{Limits, PatternSyntax};

/// For each of `limits.patterns`, in order: the `regex` pattern to check it with (`Ok`), or why it
/// is not checked (`Err`).
pub fn pattern_checks(limits: &Limits) -> Vec<Result<String, String>> {
    limits.patterns.iter().map(|p| translate(p, limits.pattern_syntax)).collect()
}

/// `source` in `regex` syntax, validated, or the reason it cannot be.
pub fn translate(source: &str, syntax: PatternSyntax) -> Result<String, String> {
    let translated = match syntax {
        PatternSyntax::Xsd => format!("^(?:{})$", xsd(source)?),
        PatternSyntax::Ecma => ecma(source)?,
    };
    regex_syntax::Parser::new().parse(&translated).map_err(|e| {
        let kind = match &e {
            regex_syntax::Error::Parse(e) => e.kind().to_string(),
            regex_syntax::Error::Translate(e) => e.kind().to_string(),
            _ => e.to_string(),
        };
        format!("the regex crate does not accept it ({kind})")
    })?;
    Ok(translated)
}

/// The general categories of Unicode (`\p{..}` names both XSD and `regex` know).
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn",
];

/// `c` as a literal in `regex` syntax.
fn literal(out: &mut String, c: char) {
    if regex_syntax::is_meta_character(c) {
        out.push('\\');
    }
    out.push(c);
}

/// `\p{name}` / `\P{name}` after the `p`: the category, with `i` moved past the closing brace.
fn category(chars: &[char], i: &mut usize, negated: bool, block_reason: &str) -> Result<String, String> {
    let escape = if negated { 'P' } else { 'p' };
    if chars.get(*i) != Some(&'{') {
        return Err(format!("`\\{escape}` without `{{name}}`"));
    }
    let end = chars[*i..].iter().position(|&c| c == '}').ok_or_else(|| format!("unclosed `\\{escape}{{`"))?;
    let name: String = chars[*i + 1..*i + end].iter().collect();
    *i += end + 1;
    if name.starts_with("Is") {
        return Err(format!("{block_reason} `\\{escape}{{{name}}}` has no equivalent in the regex crate"));
    }
    if !CATEGORIES.contains(&name.as_str()) {
        return Err(format!("`\\{escape}{{{name}}}` is not a Unicode general category"));
    }
    Ok(format!("\\{escape}{{{name}}}"))
}

fn xsd(source: &str) -> Result<String, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        i += 1;
        match c {
            '\\' => {
                let Some(e) = next else { return Err("it ends with a lone `\\`".to_owned()) };
                i += 1;
                match e {
                    'i' | 'I' | 'c' | 'C' => {
                        return Err(format!("the XML name class `\\{e}` has no equivalent in the regex crate"));
                    }
                    'd' => out.push_str("\\p{Nd}"),
                    'D' => out.push_str("\\P{Nd}"),
                    's' => out.push_str("[\\t\\n\\r ]"),
                    'S' => out.push_str("[^\\t\\n\\r ]"),
                    'w' => out.push_str("[^\\p{P}\\p{Z}\\p{C}]"),
                    'W' => out.push_str("[\\p{P}\\p{Z}\\p{C}]"),
                    'p' | 'P' => out.push_str(&category(&chars, &mut i, e == 'P', "the Unicode block")?),
                    'n' => out.push_str("\\n"),
                    'r' => out.push_str("\\r"),
                    't' => out.push_str("\\t"),
                    '\\' | '|' | '.' | '-' | '^' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '[' | ']' => {
                        literal(&mut out, e)
                    }
                    other => return Err(format!("`\\{other}` is not an XSD escape")),
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
            }
            '[' => return Err("`[` inside a character class".to_owned()),
            '-' if in_class && next == Some('[') => {
                return Err("character-class subtraction `-[...]` has no equivalent in the regex crate".to_owned());
            }
            '-' if in_class && next == Some('-') => return Err("`--` inside a character class".to_owned()),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => literal(&mut out, c),
            '.' if !in_class => out.push_str("[^\\n\\r]"),
            '^' | '$' if !in_class => literal(&mut out, c),
            '(' if next == Some('?') => return Err("`(?` is not XSD syntax".to_owned()),
            _ => out.push(c),
        }
    }
    Ok(out)
}

fn ecma(source: &str) -> Result<String, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        i += 1;
        match c {
            '\\' => {
                let Some(e) = next else { return Err("it ends with a lone `\\`".to_owned()) };
                i += 1;
                match e {
                    'd' => out.push_str("[0-9]"),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str("[0-9A-Za-z_]"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    's' | 'S' | 'n' | 'r' | 't' | 'f' | 'v' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'b' if in_class => out.push_str("\\x08"),
                    'b' | 'B' => {
                        return Err(format!(
                            "the word boundary `\\{e}` is ASCII in ECMA-262 and Unicode in the regex crate"
                        ));
                    }
                    '0' if !next_is_digit(&chars, i) => out.push_str("\\x00"),
                    '0'..='9' => return Err("back-references have no equivalent in the regex crate".to_owned()),
                    'k' => return Err("named back-references have no equivalent in the regex crate".to_owned()),
                    'x' => {
                        let hex: String = chars.iter().skip(i).take(2).collect();
                        if hex.len() != 2 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err("`\\x` without two hex digits".to_owned());
                        }
                        i += 2;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'u' if chars.get(i) == Some(&'{') => {
                        let end = chars[i..].iter().position(|&c| c == '}').ok_or("unclosed `\\u{`")?;
                        let hex: String = chars[i + 1..i + end].iter().collect();
                        i += end + 1;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        if hex.len() != 4 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err("`\\u` without four hex digits".to_owned());
                        }
                        i += 4;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    'p' | 'P' => out.push_str(&category(&chars, &mut i, e == 'P', "the property")?),
                    other if other.is_alphanumeric() => return Err(format!("`\\{other}` is not supported")),
                    other => literal(&mut out, other),
                }
            }
            '[' if !in_class => {
                if next == Some(']') || (next == Some('^') && chars.get(i + 1) == Some(&']')) {
                    return Err("the empty classes `[]` / `[^]` are not supported".to_owned());
                }
                in_class = true;
                out.push('[');
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
            }
            '-' if in_class && next == Some('-') => return Err("`--` inside a character class".to_owned()),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' | '&' | '~' if in_class => literal(&mut out, c),
            ']' => literal(&mut out, c),
            '.' if !in_class => out.push_str("[^\\n\\r\\x{2028}\\x{2029}]"),
            '(' if next == Some('?') => {
                let rest: String = chars.iter().skip(i + 1).take(2).collect();
                if rest.starts_with(':') || (rest.starts_with('<') && !rest.ends_with('=') && !rest.ends_with('!')) {
                    out.push('(');
                } else {
                    return Err("look-around and inline flags have no equivalent in the regex crate".to_owned());
                }
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

fn next_is_digit(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xsd(p: &str) -> Result<String, String> {
        translate(p, PatternSyntax::Xsd)
    }

    fn ecma(p: &str) -> Result<String, String> {
        translate(p, PatternSyntax::Ecma)
    }

    #[test]
    fn xsd_patterns_are_anchored_to_the_whole_value() {
        assert_eq!(xsd("[A-Z]{2}").unwrap(), "^(?:[A-Z]{2})$");
        // Several patterns of one restriction, merged by the XSD front end: one alternation.
        assert_eq!(xsd("(a)|(b)").unwrap(), "^(?:(a)|(b))$");
        assert_eq!(xsd("(?:a)"), Err("`(?` is not XSD syntax".to_owned()));
    }

    #[test]
    fn xsd_escapes_and_classes_keep_their_xsd_meaning() {
        assert_eq!(xsd(r"\d{3}").unwrap(), r"^(?:\p{Nd}{3})$");
        assert_eq!(xsd(r"\p{L}+\P{Lu}").unwrap(), r"^(?:\p{L}+\P{Lu})$");
        assert_eq!(xsd(r"\s\S").unwrap(), r"^(?:[\t\n\r ][^\t\n\r ])$");
        assert_eq!(xsd(r"\w").unwrap(), r"^(?:[^\p{P}\p{Z}\p{C}])$");
        assert_eq!(xsd(r"a.b").unwrap(), r"^(?:a[^\n\r]b)$");
        assert_eq!(xsd(r"\.\-\[").unwrap(), r"^(?:\.\-\[)$");
        // `^` and `$` are ordinary characters in XSD; `&&` is no class intersection.
        assert_eq!(xsd(r"^a$").unwrap(), r"^(?:\^a\$)$");
        assert_eq!(xsd(r"[&&a]").unwrap(), r"^(?:[\&\&a])$");
        assert_eq!(xsd(r"[^\d-]").unwrap(), r"^(?:[^\p{Nd}-])$");
    }

    #[test]
    fn xsd_only_syntax_is_refused_with_a_reason() {
        assert!(xsd(r"\i\c*").unwrap_err().contains("XML name class `\\i`"));
        assert!(xsd(r"[\C]").unwrap_err().contains("`\\C`"));
        assert!(xsd(r"[a-z-[aeiou]]").unwrap_err().contains("subtraction"));
        assert!(xsd(r"\p{IsBasicLatin}").unwrap_err().contains("Unicode block"));
        assert!(xsd(r"\p{Greek}").unwrap_err().contains("not a Unicode general category"));
        assert!(xsd(r"a{2,1}").unwrap_err().contains("regex crate does not accept it"));
        assert!(xsd(r"(a").unwrap_err().contains("regex crate does not accept it"));
        assert!(xsd(r"a\").unwrap_err().contains("lone"));
    }

    #[test]
    fn ecma_patterns_match_anywhere_with_ascii_classes() {
        assert_eq!(ecma(r"^\d+$").unwrap(), r"^[0-9]+$");
        assert_eq!(ecma(r"\w-\W").unwrap(), r"[0-9A-Za-z_]-[^0-9A-Za-z_]");
        assert_eq!(ecma(r"a.b").unwrap(), r"a[^\n\r\x{2028}\x{2029}]b");
        assert_eq!(ecma(r"\u00e9\x41\/").unwrap(), r"\x{00e9}\x{41}/");
        assert_eq!(ecma(r"(?:ab)(?<n>c)\s").unwrap(), r"(?:ab)(?<n>c)\s");
        assert_eq!(ecma(r"[[&]").unwrap(), r"[\[\&]");
        assert_eq!(ecma(r"\p{L}").unwrap(), r"\p{L}");
    }

    #[test]
    fn ecma_syntax_without_regex_equivalent_is_refused() {
        assert!(ecma(r"(?=a)b").unwrap_err().contains("look-around"));
        assert!(ecma(r"(?i)a").unwrap_err().contains("inline flags"));
        assert!(ecma(r"(a)\1").unwrap_err().contains("back-references"));
        assert!(ecma(r"\bword").unwrap_err().contains("word boundary"));
        assert!(ecma(r"\p{Script=Greek}").unwrap_err().contains("general category"));
    }

    #[test]
    fn no_pattern_no_check() {
        assert_eq!(pattern_checks(&Limits::default()), Vec::new());
        let limits = Limits { patterns: vec!["[0-9]+".into(), r"\i+".into()], ..Limits::default() };
        let checks = pattern_checks(&limits);
        assert_eq!(checks[0], Ok("^(?:[0-9]+)$".into()));
        assert!(checks[1].as_ref().is_err_and(|e| e.contains(r"\i")), "{checks:?}");
    }
}
