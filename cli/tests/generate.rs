//! The `wsbind` binary over an edited description (issue 17): every `generate` keeps
//! `<out>/<module>.api` beside the module and prints the API changes since the previous run.

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wsbind-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `wsbind generate shop.wsdl --out out --module orders [extra]` in `dir`; its stdout.
fn generate(dir: &Path, extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_wsbind"))
        .current_dir(dir)
        .args(["generate", "shop.wsdl", "--out", "out", "--module", "orders"])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "wsbind generate failed:\n{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    stdout
}

/// The lines after the summary line (which holds a timing).
fn report(stdout: &str) -> Vec<&str> {
    let mut lines = stdout.lines();
    let summary = lines.next().unwrap();
    assert!(summary.starts_with("orders: 1 operation, "), "named by the module chosen: {stdout}");
    lines.collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn generate_twice_over_an_edited_description_prints_the_change() {
    let dir = temp_dir("edited");
    let wsdl = dir.join("shop.wsdl");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop.wsdl"), &wsdl).unwrap();

    let first = generate(&dir, &[]);
    assert!(first.lines().next().unwrap().contains(", 2 files written ("), "{first}");
    assert_eq!(report(&first), ["  API: first generation, no previous snapshot to compare with"]);
    let api = std::fs::read_to_string(dir.join("out/orders.api")).unwrap();
    assert!(api.contains("\nmodule orders\n"), "{api}");
    assert!(dir.join("out/orders.rs").is_file());

    // A reply field changes type and an optional one is added.
    edit(&wsdl, r#"name="Total" type="s:decimal""#, r#"name="Total" type="s:string""#);
    edit(
        &wsdl,
        r#"<s:element minOccurs="0" name="Tag" type="s:string"/>"#,
        r#"<s:element minOccurs="0" name="Tag" type="s:string"/><s:element minOccurs="0" name="Currency" type="s:string"/>"#,
    );
    let second = generate(&dir, &[]);
    let lines = report(&second);
    assert_eq!(lines.len(), 3, "{second}");
    assert_eq!(lines[0], "  API: 2 changes: 1 breaks the wire, 1 breaks Rust", "{second}");
    // Breaking first; the verdicts' wire rules are not pinned here (tests/fixtures/api/ does).
    assert!(
        lines[1].starts_with("    ~ type/Order/field/Total: type xs:decimal -> xs:string  [old-client:"),
        "{second}"
    );
    assert!(lines[1].ends_with(" rust:BREAKS]"), "{second}");
    assert!(
        lines[2].starts_with("    + type/Order/field/Currency: as=element occurs=0..1 type=xs:string  [old-client:"),
        "{second}"
    );
    assert!(lines[2].ends_with(" rust:ok]"), "{second}");
    assert!(second.lines().all(|l| l.len() < 160), "compact lines: {second}");

    let third = generate(&dir, &[]);
    assert!(third.lines().next().unwrap().contains(", unchanged ("), "{third}");
    assert_eq!(report(&third), ["  API unchanged"]);

    // Back to the original, with the detail of each change.
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop.wsdl"), &wsdl).unwrap();
    let verbose = generate(&dir, &["--verbose"]);
    let lines = report(&verbose);
    assert!(lines[1].starts_with("    ~ type/Order/field/Total: type xs:string -> xs:decimal  ["), "{verbose}");
    assert!(lines[2].starts_with("        from: "), "{verbose}");
    assert!(lines[3].starts_with("        to:   "), "{verbose}");
    assert!(lines[4].starts_with("        why:  "), "{verbose}");
    assert!(lines.iter().any(|l| l.starts_with("    - type/Order/field/Currency: ")), "{verbose}");

    // `--check` compares the snapshot too.
    std::fs::remove_file(dir.join("out/orders.api")).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_wsbind"))
        .current_dir(&dir)
        .args(["generate", "shop.wsdl", "--out", "out", "--module", "orders", "--check"])
        .output()
        .unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stderr).contains("orders.api is stale"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `wsbind diff` names the service by the module too: as `--module` says, else as a `.api` side
/// (written by `generate --module`) does, rather than after the description's file name.
#[test]
fn diff_names_the_service_by_its_module() {
    let dir = temp_dir("diff-names");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop.wsdl");
    std::fs::copy(&fixture, dir.join("shop.wsdl")).unwrap();
    generate(&dir, &[]);
    std::fs::copy(&fixture, dir.join("check_vat_service.wsdl")).unwrap();
    edit(&dir.join("check_vat_service.wsdl"), r#"name="Total" type="s:decimal""#, r#"name="Total" type="s:string""#);
    let diff = |args: &[&str]| {
        let output =
            Command::new(env!("CARGO_BIN_EXE_wsbind")).current_dir(&dir).arg("diff").args(args).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let from_snapshot = diff(&["out/orders.api", "check_vat_service.wsdl"]);
    assert!(from_snapshot.starts_with("orders: 1 change: "), "{from_snapshot}");
    let named = diff(&["shop.wsdl", "check_vat_service.wsdl", "--module", "vies"]);
    assert!(named.starts_with("vies: 1 change: "), "{named}");
    assert!(named.contains("\n  ~ type/Order/field/Total: type xs:decimal -> xs:string  [old-client:"), "{named}");
    let unnamed = diff(&["shop.wsdl", "check_vat_service.wsdl"]);
    assert!(unnamed.starts_with("check_vat_service: 1 change: "), "{unnamed}");
    std::fs::remove_dir_all(&dir).unwrap();
}
