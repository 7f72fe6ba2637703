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
        .filter(|p| p.join("expected.txt").exists() || p.join("old.wsdl").exists() || p.join("old.yaml").exists())
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
    }
}
