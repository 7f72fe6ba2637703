//! The XML name rule: which strings are qualified names of XML 1.0 with namespaces
//! (`Prefix:LocalPart` or `LocalPart`, each an NCName). The runtime's reader refuses a tag with any
//! other name; the generator refuses a schema declaring one, which no document could carry.

/// ASCII name characters: 2 = may start a name, 1 = may follow, 0 = neither.
const ASCII_NAME: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() || c == b'_' {
            2
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Why `name` is not a qualified name of XML 1.0 with namespaces (`Prefix:LocalPart` or
/// `LocalPart`, each an NCName), or `None` when it is one. Runs on every start tag: an ASCII
/// name is checked in one pass over its bytes, anything else (or a problem) by `qname_detail`.
#[inline]
pub fn qname_problem(name: &str) -> Option<String> {
    let mut at_start = true;
    let mut colons = 0;
    for &b in name.as_bytes() {
        if b == b':' && !at_start && colons == 0 {
            colons = 1;
            at_start = true;
            continue;
        }
        match ASCII_NAME.get(usize::from(b)) {
            Some(2) => at_start = false,
            Some(1) if !at_start => {}
            _ => return qname_detail(name),
        }
    }
    if at_start { qname_detail(name) } else { None }
}

/// [`qname_problem`] character by character, saying what is wrong.
fn qname_detail(name: &str) -> Option<String> {
    let start_char = |c: char| match c {
        c if c.is_ascii() => ASCII_NAME[c as usize] == 2,
        '\u{C0}'..='\u{D6}'
        | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}' => true,
        _ => false,
    };
    let name_char = |c: char| match c {
        c if c.is_ascii() => ASCII_NAME[c as usize] != 0,
        '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}' => true,
        c => start_char(c),
    };
    for part in name.splitn(2, ':') {
        let mut chars = part.chars();
        match chars.next() {
            None => return Some("has an empty prefix or local name".to_owned()),
            Some(c) if !start_char(c) => return Some(format!("cannot start with `{}`", c.escape_debug())),
            Some(_) => {}
        }
        if let Some(c) = chars.find(|c| !name_char(*c)) {
            let shown = if c == ':' { "a second `:`".to_owned() } else { format!("`{}`", c.escape_debug()) };
            return Some(format!("has {shown}, which a name cannot contain"));
        }
    }
    None
}

/// Why `name` is not an NCName (a name without a prefix, as schemas declare elements, attributes
/// and types), or `None` when it is one.
pub fn ncname_problem(name: &str) -> Option<String> {
    if name.contains(':') {
        return Some("has a `:`, which a declared name cannot contain".to_owned());
    }
    qname_problem(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(qname_problem("p:local"), None);
        assert_eq!(qname_problem("ünïcode-name.2"), None);
        assert_eq!(ncname_problem("3dSecure").as_deref(), Some("cannot start with `3`"));
        assert_eq!(ncname_problem("a b").as_deref(), Some("has ` `, which a name cannot contain"));
        assert_eq!(ncname_problem("p:local").as_deref(), Some("has a `:`, which a declared name cannot contain"));
        assert_eq!(qname_problem("p:a:b").as_deref(), Some("has a second `:`, which a name cannot contain"));
        assert_eq!(qname_problem("").as_deref(), Some("has an empty prefix or local name"));
    }
}
