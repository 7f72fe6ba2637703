//! The cargo feature of each generated module: every `schemas/<name>/` service is compiled behind
//! a feature of its module's name in the root `Cargo.toml`. A new service's feature is appended to
//! `[features]` (the service features are the table's last entries) and to `default`, with
//! `toml_edit` so the file keeps its comments and layout; `--check` only names the missing lines.

use std::path::Path;

use toml_edit::{Array, DocumentMut, Item};

/// The modules of `modules` that have no feature in the manifest text.
pub fn missing<'m>(manifest: &str, modules: &[&'m str]) -> Result<Vec<&'m str>, String> {
    let doc: DocumentMut = manifest.parse().map_err(|e| format!("{e}"))?;
    let features = doc.get("features").and_then(Item::as_table_like);
    Ok(modules.iter().copied().filter(|m| !features.is_some_and(|f| f.contains_key(m))).collect())
}

/// The manifest text with `<module> = []` appended to `[features]` and the module added to
/// `default`, for each of `modules`.
pub fn add(manifest: &str, modules: &[&str]) -> Result<String, String> {
    let mut doc: DocumentMut = manifest.parse().map_err(|e| format!("{e}"))?;
    let features =
        doc.entry("features").or_insert_with(toml_edit::table).as_table_mut().ok_or("`features` is not a table")?;
    for module in modules {
        features.insert(module, toml_edit::value(Array::new()));
        let default = features.entry("default").or_insert_with(|| toml_edit::value(Array::new()));
        match default.as_array_mut() {
            Some(list) => list.push(*module),
            None => return Err("`features.default` is not a list".to_owned()),
        }
    }
    Ok(doc.to_string())
}

/// Makes sure every generated module has its feature: adds the missing ones to `Cargo.toml` and
/// says so, or with `check` fails naming the lines to add.
pub fn ensure(root: &Path, modules: &[&str], check: bool) -> Result<(), String> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let missing = missing(&text, modules).map_err(|e| format!("{}: {e}", path.display()))?;
    if missing.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = missing.iter().map(|m| format!("`{m} = []`")).collect();
    if check {
        return Err(format!(
            "{}: no cargo feature for the generated module(s) {}: add {} under [features] and to `default` \
             (`cargo xtask codegen` does this)",
            path.display(),
            missing.join(", "),
            lines.join(", ")
        ));
    }
    let updated = add(&text, &missing).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("Cargo.toml: added the feature(s) {} under [features] and to `default`", lines.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[package]\nname = \"wsbind\"\n\n[features]\ndefault = [\"reqwest\", \"tc2\"]\n\
                            reqwest = []\n# One feature per generated service module.\ntc2 = []\n";

    #[test]
    fn a_new_module_gets_its_feature_and_joins_default() {
        assert_eq!(missing(MANIFEST, &["tc2", "weather"]).unwrap(), vec!["weather"]);
        let updated = add(MANIFEST, &["weather"]).unwrap();
        assert_eq!(
            updated,
            "[package]\nname = \"wsbind\"\n\n[features]\ndefault = [\"reqwest\", \"tc2\", \"weather\"]\n\
             reqwest = []\n# One feature per generated service module.\ntc2 = []\nweather = []\n"
        );
        assert!(missing(&updated, &["tc2", "weather"]).unwrap().is_empty());
    }
}
