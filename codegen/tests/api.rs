//! API snapshots and classified diffs (`wsbind_codegen::api`): one fixture pair per change class
//! under `tests/fixtures/api/<case>/` (`old.*`, `new.*`, golden `expected.txt`), snapshot
//! stability and round trip, and the real Mews 2025-01 -> 2026-01 pair.
//!
//! `WSBIND_BLESS=1 cargo test -p wsbind-codegen --test api` rewrites the goldens (read the diff
//! before committing it).

use std::path::{Path, PathBuf};

use wsbind_codegen::api::{self, Snapshot, report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api")
}

fn bless() -> bool {
    std::env::var_os("WSBIND_BLESS").is_some_and(|v| v == "1")
}

/// `old.*` / `new.*` of a case folder.
fn pair(dir: &Path) -> (PathBuf, PathBuf) {
    let find = |stem: &str| -> PathBuf {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_stem().is_some_and(|s| s == stem))
            .unwrap_or_else(|| panic!("{}: no {stem}.*", dir.display()))
    };
    (find("old"), find("new"))
}

fn load(path: &Path) -> Snapshot {
    api::load_any(path, Some("svc")).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    if bless() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        Ok(())
    } else {
        Err(format!("{} differs:\n--- expected\n{expected}\n--- actual\n{actual}", path.display()))
    }
}

#[test]
fn fixture_pairs_match_their_goldens() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("old.wsdl").exists() || p.join("old.yaml").exists())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    for dir in &dirs {
        let (old, new) = pair(dir);
        let changes = api::diff("svc", &load(&old), &load(&new));
        if let Err(e) = check_golden(&dir.join("expected.txt"), &report::text(&changes)) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), dirs.len(), failures.join("\n"));
    assert!(dirs.len() >= 30, "only {} fixture pairs", dirs.len());
}

#[test]
fn snapshots_of_the_repository_services_round_trip() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    for service in ["tc2", "sos", "mews", "aim"] {
        let snapshot = api::load_any(&schemas.join(service), None).unwrap();
        let text = snapshot.render();
        if let Some(dir) = std::env::var_os("WSBIND_API_DUMP") {
            std::fs::write(Path::new(&dir).join(format!("{service}.api")), &text).unwrap();
        }
        let back = Snapshot::parse(&text, Path::new("x.api")).unwrap_or_else(|e| panic!("{service}: {e}"));
        assert_eq!(back, snapshot, "{service}: parse(render(x)) != x");
        assert!(api::diff(service, &snapshot, &back).is_empty());
        // The committed snapshot (what `cargo xtask codegen` writes) says the same.
        let committed = schemas.join(format!("../generated/{service}.api"));
        let committed = api::load_any(&committed, None).unwrap_or_else(|e| panic!("{service}: {e}"));
        let changes = api::diff(service, &committed, &snapshot);
        assert!(changes.is_empty(), "generated/{service}.api is stale:\n{}", report::text(&changes));
    }
}

/// The real pair: the Mews Connector resource access tokens as documented in 2025-01
/// (`fixtures/api/mews-2025-01/mews.yaml`, written from that page) against 2026-01
/// (`schemas/mews/mews.yaml`).
#[test]
fn mews_2025_01_to_2026_01() {
    let old = api::load_any(&fixtures().join("mews-2025-01/mews.yaml"), Some("mews")).unwrap();
    let new =
        api::load_any(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/mews/mews.yaml"), Some("mews")).unwrap();
    let changes = api::diff("mews", &old, &new);
    let dir = fixtures().join("mews-2025-01");
    let mut failures = Vec::new();
    for (file, format) in [
        ("expected.txt", report::Format::Text),
        ("expected.md", report::Format::Markdown),
        ("expected.json", report::Format::Json),
    ] {
        if let Err(e) = check_golden(&dir.join(file), &report::render(&changes, format)) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(report::FailOn::Wire.fails(&changes) && report::FailOn::Rust.fails(&changes));
}

/// One schema, split over an imported XSD with other prefixes and whitespace, gives the same
/// snapshot as when it is written in one file.
#[test]
fn snapshot_ignores_file_layout_prefixes_and_whitespace() {
    let dir = fixtures().join("stability");
    let one = load(&dir.join("one/shop.wsdl"));
    let split = load(&dir.join("split/shop.wsdl"));
    assert_eq!(one.render(), split.render());
    assert!(api::diff("svc", &one, &split).is_empty());
}

#[test]
fn parse_errors_are_positioned() {
    let text = "module x\n\ntype T kind=complex\n  field A type=\"unterminated\n   field B\nbogus y\n";
    let err = Snapshot::parse(text, Path::new("t.api")).unwrap_err();
    let rendered: Vec<String> = err.iter().map(|d| format!("{}:{}:{}", d.file.display(), d.line, d.column)).collect();
    assert_eq!(rendered, ["t.api:4:16", "t.api:5:4", "t.api:6:1"], "{err:?}");
    let not = Snapshot::parse("openapi: 3.0.3\n", Path::new("x.json")).unwrap_err();
    assert!(not.iter().next().unwrap().message.contains("no `module` line"));
}

#[test]
fn fail_on_follows_the_axes() {
    let old = load(&fixtures().join("soapaction-changed/old.wsdl"));
    let new = load(&fixtures().join("soapaction-changed/new.wsdl"));
    let wire_only = api::diff("svc", &old, &new);
    assert!(report::FailOn::Wire.fails(&wire_only));
    assert!(!report::FailOn::Rust.fails(&wire_only));
    assert!(report::FailOn::Any.fails(&wire_only));
    assert!(report::FailOn::Address.fails(&wire_only));
    // An address change is its own category: only `--fail-on address` fails on it.
    for case in ["address-changed", "address-versioned", "rest-address-versioned"] {
        let (old, new) = pair(&fixtures().join(case));
        let moved = api::diff("svc", &load(&old), &load(&new));
        assert!(moved.iter().all(|c| c.category == api::Category::Address), "{case}: {moved:?}");
        for axis in [report::FailOn::Wire, report::FailOn::Rust, report::FailOn::Any] {
            assert!(!axis.fails(&moved), "{case}: --fail-on {} fails", axis.as_str());
        }
        assert!(report::FailOn::Address.fails(&moved), "{case}");
        let json: serde_json::Value = serde_json::from_str(&report::json(&moved)).unwrap();
        assert_eq!(json[0]["category"], "address");
    }
    let json: serde_json::Value = serde_json::from_str(&report::json(&wire_only)).unwrap();
    let first = &json[0];
    for key in ["service", "subject", "change", "from", "to", "wire_old_client", "wire_new_client", "rust", "reason"] {
        assert!(first.get(key).is_some(), "JSON lacks `{key}`: {first}");
    }
    assert_eq!(first["wire_old_client"], "breaking");
}

/// Performance: the report for a large service against itself with one field changed.
/// `WSBIND_API_PERF=/path/to/corpus/exchange-ews-full cargo test --release -p wsbind-codegen
/// --test api -- --ignored --nocapture api_diff_performance` (the corpus is not in the checkout).
#[test]
#[ignore]
fn api_diff_performance() {
    use std::time::Instant;
    let Some(dir) = std::env::var_os("WSBIND_API_PERF") else { return };
    let start = Instant::now();
    let old = api::load_any(Path::new(&dir), None).unwrap();
    let loaded = start.elapsed();
    let text = old.render();
    let t = Instant::now();
    let parsed = Snapshot::parse(&text, Path::new("old.api")).unwrap();
    let parse_time = t.elapsed();
    assert_eq!(parsed, old);
    // Change one field: the first optional field of the first complex type becomes required.
    let mut new = old.clone();
    let field = new
        .nodes
        .iter_mut()
        .filter(|n| n.kind == api::Kind::Type)
        .flat_map(|n| n.children.iter_mut())
        .find(|f| f.kind == api::Kind::Field && f.prop("occurs") == Some("0..1"))
        .expect("an optional field");
    field.props.insert("occurs".to_owned(), "1..1".to_owned());
    if let Some(rust) = field.props.get_mut("rust") {
        *rust = rust.replacen(": Option<", ": ", 1).trim_end_matches('>').to_owned();
    }
    let t = Instant::now();
    let changes = api::diff("ews", &old, &new);
    let report = report::text(&changes);
    let diff_time = t.elapsed();
    println!(
        "{} nodes, {} lines of .api; load+snapshot {:?}, parse {:?}, diff+report {:?}\n{report}",
        old.nodes.len(),
        text.lines().count(),
        loaded,
        parse_time,
        diff_time
    );
    assert_eq!(changes.len(), 1);
    assert!(diff_time.as_secs_f64() < 1.0);
}

/// `diff` refuses what `generate` refuses, with the same error: a report would otherwise give
/// Rust verdicts for a module that cannot exist (here a `$ref` to another file).
#[test]
fn diff_refuses_what_generate_refuses() {
    let refused = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_refused/external-ref.yaml");
    let spec = wsbind_codegen::ServiceSpec::for_input(&refused, Some("svc"), None).unwrap();
    let ctx = wsbind_codegen::Context {
        source_root: refused.parent().unwrap().to_path_buf(),
        in_crate: false,
        command: String::new(),
        samples: false,
    };
    let Err(generate) = wsbind_codegen::generate(&spec, &ctx) else { panic!("generate accepts it") };
    let Err(diff) = api::compare(&refused, &refused, None) else { panic!("diff accepts it") };
    let (generate, diff) = (generate.to_string(), diff.to_string());
    assert_eq!(diff, generate);
    assert!(diff.contains("external"), "{diff}");
}
