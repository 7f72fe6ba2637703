//! `cargo xtask semver-check`: the `rust` verdict of the API report checked against the compiler.
//!
//! For every fixture pair of `codegen/tests/fixtures/api/` (and the Mews 2025-01 -> 2026-01 pair)
//! it generates the OLD and NEW modules (`--out` style, `in_crate: false`), writes downstream code
//! from the OLD snapshot that uses all of the OLD API — a typed struct literal of every struct
//! and synthesised request, an exhaustive match of every enum and choice, `Default` where the
//! type has it, every client method called with a value of its argument type and its reply bound
//! to its reply type, every setter — and builds one scratch crate holding, per pair, that code
//! against OLD (must compile) and the same code against NEW. The pair's code compiles against
//! NEW exactly when the report's `rust` verdicts are all `compatible`; any other outcome is a
//! failure naming the pair. One `cargo check` for all pairs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use wsbind_codegen::api::{self, Kind, Node, Snapshot, Verdict};
use wsbind_codegen::{Context, ServiceSpec};

use crate::corpus::{scratch_cargo, scratch_manifest};

/// A fixture pair: name, old description, new description.
fn pairs(root: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>, String> {
    let dir = root.join("codegen/tests/fixtures/api");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().replace('-', "_");
        for ext in ["wsdl", "yaml"] {
            let (old, new) = (path.join(format!("old.{ext}")), path.join(format!("new.{ext}")));
            if old.is_file() && new.is_file() {
                out.push((name.clone(), old, new));
            }
        }
    }
    out.push(("mews_2025_01".to_owned(), dir.join("mews-2025-01/mews.yaml"), root.join("schemas/mews/mews.yaml")));
    out.sort();
    Ok(out)
}

fn generate(path: &Path, module: &str, root: &Path) -> Result<String, String> {
    let spec = ServiceSpec::for_input(path, Some(module), None).map_err(|d| d.render())?;
    let ctx = Context {
        source_root: root.to_path_buf(),
        in_crate: false,
        command: "cargo xtask semver-check".to_owned(),
        samples: false,
    };
    let (_, code) = wsbind_codegen::generate(&spec, &ctx).map_err(|e| format!("{}: {e}", path.display()))?.into_parts();
    Ok(code)
}

pub fn run(root: &Path) -> Result<(), String> {
    let work = root.join("target/semver-check");
    let dir = work.join("crate");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    write(&dir.join("Cargo.toml"), &scratch_manifest(root))?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write(&dir.join("Cargo.lock"), &lock)?;
    }
    let mut lib = String::from(
        "//! Scratch crate of `cargo xtask semver-check`: per fixture pair, the OLD and NEW modules and\n\
         //! downstream code written against OLD, compiled against both.\n#![allow(unused, unreachable_code, clippy::all)]\n",
    );
    let mut expected: BTreeMap<String, (Verdict, usize)> = BTreeMap::new();
    for (name, old, new) in pairs(root)? {
        let (old_snap, new_snap) = (load(&old)?, load(&new)?);
        let changes = api::diff(&name, &old_snap, &new_snap);
        let rust = changes.iter().map(|c| c.rust).max().unwrap_or(Verdict::Compatible);
        expected.insert(name.clone(), (rust, changes.len()));
        write(&dir.join(format!("src/{name}_old.rs")), &generate(&old, &format!("{name}_old"), root)?)?;
        write(&dir.join(format!("src/{name}_new.rs")), &generate(&new, &format!("{name}_new"), root)?)?;
        let usage = usage(&old_snap);
        for side in ["old", "new"] {
            write(&dir.join(format!("src/use_{name}_{side}.rs")), &format!("use crate::{name}_{side} as m;\n{usage}"))?;
            let _ = writeln!(lib, "pub mod {name}_{side};\npub mod use_{name}_{side};");
        }
    }
    write(&dir.join("src/lib.rs"), &lib)?;
    let output = scratch_cargo(&work.join("target"))
        .args(["check", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let outside: Vec<&str> = stderr.lines().filter(|l| l.contains(": error") && !l.starts_with("src/")).collect();
    if !outside.is_empty() {
        return Err(format!("the runtime or a dependency does not build, nothing checked:\n{}", outside.join("\n")));
    }
    let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let file = line.split(".rs:").next().unwrap_or("").trim_start_matches("src/").to_owned();
        failed.entry(file).or_default().push(line.to_owned());
    }
    let mut problems = Vec::new();
    for (file, lines) in &failed {
        if !file.starts_with("use_") || file.ends_with("_old") {
            problems.push(format!("{file}: does not compile (a generator or harness bug):\n  {}", lines.join("\n  ")));
        }
    }
    let mut agree = 0;
    for (name, (verdict, count)) in &expected {
        let compiles = !failed.contains_key(&format!("use_{name}_new"));
        let says = *verdict == Verdict::Compatible;
        if compiles == says {
            agree += 1;
            println!(
                "{name}: rust {verdict} ({count} changes), downstream code {}",
                if compiles { "compiles" } else { "breaks" }
            );
        } else {
            let errors = failed.get(&format!("use_{name}_new")).map(|l| l.join("\n  ")).unwrap_or_default();
            problems.push(format!(
                "{name}: the report says rust {verdict} but the OLD usage code {} against NEW\n  {errors}",
                if compiles { "compiles" } else { "does not compile" }
            ));
        }
    }
    if !output.status.success() && failed.is_empty() {
        problems.push(format!("cargo check failed outside the usage code:\n{stderr}"));
    }
    println!("semver-check: {agree} of {} pairs agree with the compiler", expected.len());
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    // Unchanged files keep their timestamps, so cargo rechecks only what changed.
    if std::fs::read_to_string(path).is_ok_and(|t| t == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn load(path: &Path) -> Result<Snapshot, String> {
    api::load_any(path, None).map_err(|e| format!("{}: {e}", path.display()))
}

/// `name: Type` -> (name, Type), the name raw (`r#type`) when it is a keyword.
fn split_decl(decl: &str) -> Option<(String, &str)> {
    decl.split_once(": ").map(|(name, ty)| (raw(name), ty))
}

/// `name`, or `r#name` for a keyword (the snapshot keeps names without `r#`).
fn raw(name: &str) -> String {
    if wsbind_codegen::names::is_keyword(name) { format!("r#{name}") } else { name.to_owned() }
}

/// Downstream code using every item of the OLD API, written against `m`.
fn usage(s: &Snapshot) -> String {
    let mut out = String::from(
        "#[allow(unused_imports)]\nuse ::wsbind::types::{Base64, Date, DateTime, Decimal, Hex, Time};\n\
         #[allow(unused_imports)]\nuse ::wsbind::xml::{OtherAttributes, RawXml};\n\
         #[allow(unused_imports)]\nuse m::*;\n\
         fn value<T>() -> T {\n    todo!()\n}\n",
    );
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    for node in &s.nodes {
        match node.kind {
            Kind::Type => type_usage(&mut out, node, next()),
            Kind::Service => service_usage(&mut out, node, &mut next),
            _ => {}
        }
    }
    out
}

fn type_usage(out: &mut String, t: &Node, i: usize) {
    let Some(rust) = t.prop("rust") else { return };
    let (what, name) = rust.split_once(' ').unwrap_or(("", rust));
    let name = name.split(['(', ' ']).next().unwrap_or(name);
    match what {
        "struct" if rust.contains('(') => {
            let _ = writeln!(out, "fn t{i}() -> {name} {{ {name}(value()) }}");
        }
        "struct" => {
            let fields: Vec<String> = t
                .children
                .iter()
                .filter_map(|f| f.prop("rust").and_then(split_decl))
                .map(|(f, ty)| format!("{f}: value::<{ty}>()"))
                .collect();
            let _ = writeln!(out, "fn t{i}() -> {name} {{ {name} {{ {} }} }}", fields.join(", "));
        }
        "enum" => {
            let mut arms: Vec<String> = t
                .children
                .iter()
                .filter_map(|v| v.prop("rust"))
                .map(|v| match v.split_once('(') {
                    Some((variant, ty)) => {
                        format!("{name}::{variant}(x) => {{ let _: {} = x; }}", ty.trim_end_matches(')'))
                    }
                    None => format!("{name}::{v} => {{}}"),
                })
                .collect();
            if t.prop("kind") == Some("enum") {
                arms.push(format!("{name}::Unknown(_) => {{}}"));
            }
            let _ = writeln!(out, "fn t{i}(v: {name}) {{ match v {{ {} }} }}", arms.join(" "));
        }
        "type" => {
            let target = rust.split_once(" = ").map(|(_, t)| t).unwrap_or("()");
            let _ = writeln!(out, "fn t{i}(v: {name}) -> {target} {{ v }}");
        }
        _ => {}
    }
    if !t.flag("no-default") && what != "type" {
        let _ = writeln!(out, "fn d{i}() -> {name} {{ ::std::default::Default::default() }}");
    }
}

/// `name(&Arg) -> Reply` -> (name, Some(Arg), Reply).
fn split_sig(sig: &str) -> Option<(&str, Option<&str>, &str)> {
    let (name, rest) = sig.split_once('(')?;
    let (args, reply) = rest.split_once(") -> ")?;
    let arg = args.strip_prefix('&');
    Some((name, arg, reply))
}

fn service_usage(out: &mut String, s: &Node, next: &mut dyn FnMut() -> usize) {
    let Some(client) = s.prop("rust") else { return };
    let mut calls = Vec::new();
    let mut sigs: Vec<(String, bool)> = Vec::new();
    collect_sigs(s, &mut sigs);
    for (sig, stream) in sigs {
        let Some((name, arg, reply)) = split_sig(&sig) else { continue };
        let name = raw(name);
        let arg = arg.map(|a| format!("&value::<{a}>()")).unwrap_or_default();
        if stream {
            calls.push(format!("let _ = c.{name}({arg});"));
        } else {
            calls.push(format!("let _: ::std::result::Result<{reply}, ::wsbind::Error> = c.{name}({arg}).await;"));
        }
    }
    for setter in s.prop("rust-setters").unwrap_or("").split(' ').filter(|x| !x.is_empty()) {
        let (name, arg) = match setter.split_once('(') {
            Some((n, ty)) => (n, format!("value::<{}>()", ty.trim_end_matches(')'))),
            None if setter.starts_with("clear_") => (setter, String::new()),
            None => (setter, "value()".to_owned()),
        };
        if name.starts_with("with_") {
            calls.push(format!("let _: {client} = c.clone().{name}({arg});"));
        } else {
            calls.push(format!("c.clone().{name}({arg});"));
        }
    }
    // Synthesised REST requests: a typed literal of each.
    let mut requests = Vec::new();
    for op in s.children.iter().filter(|c| c.kind == Kind::Operation) {
        for rest in op.children.iter().filter(|c| c.kind == Kind::Rest) {
            let Some(req) = rest.prop("rust-request") else { continue };
            let fields: Vec<String> = rest
                .children
                .iter()
                .filter_map(|c| c.prop("rust").and_then(split_decl))
                .map(|(f, ty)| format!("{f}: value::<{ty}>()"))
                .collect();
            requests.push(format!("fn r{}() -> {req} {{ {req} {{ {} }} }}", next(), fields.join(", ")));
        }
    }
    let _ = writeln!(out, "async fn s{}(c: &{client}) {{\n    {}\n}}", next(), calls.join("\n    "));
    for r in requests {
        let _ = writeln!(out, "{r}");
    }
}

/// Client method signatures under a service: SOAP and REST methods (`rust` of operations, HTTP
/// bindings and REST bindings) and pagination streams (flag `true`).
fn collect_sigs(n: &Node, out: &mut Vec<(String, bool)>) {
    for c in &n.children {
        match c.kind {
            Kind::Operation | Kind::Http | Kind::Rest => {
                if let Some(sig) = c.prop("rust") {
                    out.push((sig.to_owned(), false));
                }
            }
            Kind::Pagination => {
                if let Some(sig) = c.prop("rust") {
                    out.push((sig.to_owned(), true));
                }
            }
            _ => {}
        }
        collect_sigs(c, out);
    }
}
