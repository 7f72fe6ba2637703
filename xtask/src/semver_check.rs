//! `cargo xtask semver-check`: the `rust` verdict of the API report checked against the compiler.
//!
//! For every fixture pair of `codegen/tests/fixtures/api/` (and the Mews 2025-01 -> 2026-01 pair,
//! and each service of `schemas/` against itself) it generates the OLD and NEW modules (`--out` style, `in_crate: false`) into one library crate
//! (`gen`), and writes downstream code from the OLD snapshot into a second crate (`use`) that
//! depends on the first, so that `#[non_exhaustive]` and visibility act as they do for users. The
//! downstream code uses all of the OLD API: every struct built with `new(..)` and every setter,
//! every pub field read, `Default` where the type has it, every enum matched with an arm per
//! known variant plus `_ => {}` (which `#[non_exhaustive]` requires from another crate) and every
//! variant built, every client built with `new` and with its builder and every builder method,
//! every client method called with values of its argument types and its reply bound to its reply
//! type, every client setter. The same code is compiled against OLD (it must compile: otherwise
//! the snapshot misdescribes the generated code) and against NEW; it compiles against NEW exactly
//! when the report's `rust` verdicts are all `compatible`, and any other outcome is a failure
//! naming the pair.
//!
//! One `cargo check` for all pairs; when some usage files fail, a second one without them makes
//! sure that no error was hidden behind another (rustc may stop before type-checking).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use wsbind_codegen::api::{self, Kind, Node, Snapshot, Verdict};
use wsbind_codegen::{Context, ServiceSpec};

use crate::corpus::scratch_cargo;

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
    // Each service of this repository against itself: no change, and the usage code written from
    // its snapshot must compile against its module (HTTP GET/POST bindings, SOAP headers, REST
    // formats and credentials that the fixtures do not all have).
    let schemas = root.join("schemas");
    let entries = std::fs::read_dir(&schemas).map_err(|e| format!("{}: {e}", schemas.display()))?;
    for entry in entries.filter_map(Result::ok).filter(|e| e.path().is_dir()) {
        let name = format!("schemas_{}", entry.file_name().to_string_lossy().replace('-', "_"));
        out.push((name, entry.path(), entry.path()));
    }
    out.sort();
    Ok(out)
}

fn generate(path: &Path, module: &str, root: &Path) -> Result<String, String> {
    let spec = if path.is_dir() {
        let mut spec = wsbind_codegen::services::service_in(path).map_err(|d| d.render())?;
        spec.module = module.to_owned();
        spec
    } else {
        ServiceSpec::for_input(path, Some(module), None).map_err(|d| d.render())?
    };
    let ctx = Context {
        source_root: root.to_path_buf(),
        in_crate: false,
        command: "cargo xtask semver-check".to_owned(),
        samples: false,
    };
    let (_, code) = wsbind_codegen::generate(&spec, &ctx).map_err(|e| format!("{}: {e}", path.display()))?.into_parts();
    Ok(code)
}

/// The scratch workspace: `gen` (the generated modules) and `use` (downstream code).
fn manifests(root: &Path) -> [(String, String); 3] {
    let wsbind = format!(
        "wsbind = {{ path = {:?}, default-features = false, features = [\"reqwest\"] }}",
        root.display().to_string()
    );
    [
        (
            "Cargo.toml".to_owned(),
            "# Scratch workspace of `cargo xtask semver-check`.\n[workspace]\nmembers = [\"gen\", \"use\"]\n\
             resolver = \"3\"\n\n[profile.dev]\ndebug = 0\nincremental = false\n"
                .to_owned(),
        ),
        (
            "gen/Cargo.toml".to_owned(),
            format!(
                "[package]\nname = \"semver-gen\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\n{wsbind}\n"
            ),
        ),
        (
            "use/Cargo.toml".to_owned(),
            format!(
                "[package]\nname = \"semver-use\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nsemver-gen = {{ path = \"../gen\" }}\n{wsbind}\n"
            ),
        ),
    ]
}

/// What one `cargo check` said: per file stem (`use_x_new`, `x_old`), its error lines.
struct Check {
    errors: BTreeMap<String, Vec<String>>,
    /// Error lines outside the scratch crates (the runtime, a dependency) or without a file.
    other: Vec<String>,
    success: bool,
    stderr: String,
}

fn check(work: &Path) -> Result<Check, String> {
    let output = scratch_cargo(&work.join("target"))
        .args(["check", "--quiet", "--message-format", "short", "-p", "semver-use", "--manifest-path"])
        .arg(work.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut other = Vec::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let file = line.split(".rs:").next().unwrap_or("");
        match file.strip_prefix("use/src/").or_else(|| file.strip_prefix("gen/src/")) {
            Some(stem) => errors.entry(stem.to_owned()).or_default().push(line.to_owned()),
            None => other.push(line.to_owned()),
        }
    }
    Ok(Check { errors, other, success: output.status.success(), stderr })
}

pub fn run(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let work = root.join("target/semver-check");
    for dir in ["gen/src", "use/src"] {
        std::fs::create_dir_all(work.join(dir)).map_err(|e| format!("{}: {e}", work.display()))?;
    }
    for (file, text) in manifests(root) {
        write(&work.join(file), &text)?;
    }
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock"))
        && !work.join("Cargo.lock").exists()
    {
        write(&work.join("Cargo.lock"), &lock)?;
    }
    let mut gen_lib = String::from(
        "//! Scratch crate of `cargo xtask semver-check`: per fixture pair, the OLD and NEW modules.\n\
         #![allow(unused, clippy::all)]\n",
    );
    let mut expected: BTreeMap<String, (Verdict, usize)> = BTreeMap::new();
    let mut usage_files: BTreeMap<String, String> = BTreeMap::new();
    for (name, old, new) in pairs(root)? {
        let (old_snap, new_snap) = (load(&old)?, load(&new)?);
        let changes = api::diff(&name, &old_snap, &new_snap);
        let rust = changes.iter().map(|c| c.rust).max().unwrap_or(Verdict::Compatible);
        expected.insert(name.clone(), (rust, changes.len()));
        let usage = usage(&old_snap);
        for (side, path) in [("old", &old), ("new", &new)] {
            write(&work.join(format!("gen/src/{name}_{side}.rs")), &generate(path, &format!("{name}_{side}"), root)?)?;
            let _ = writeln!(gen_lib, "pub mod {name}_{side};");
            usage_files.insert(format!("use_{name}_{side}"), format!("use ::semver_gen::{name}_{side} as m;\n{usage}"));
        }
    }
    write(&work.join("gen/src/lib.rs"), &gen_lib)?;
    for (stem, text) in &usage_files {
        write(&work.join(format!("use/src/{stem}.rs")), text)?;
    }
    // Round 1 with every usage file; then, when some fail, once more without the failing ones (an
    // error can keep rustc from reporting another: the files that "compiled" must compile alone).
    let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rounds = 0;
    let result = loop {
        rounds += 1;
        let included: Vec<&String> = usage_files.keys().filter(|s| !failed.contains_key(*s)).collect();
        let mut lib = String::from(
            "//! Scratch crate of `cargo xtask semver-check`: downstream code written against each pair's OLD\n\
             //! module, compiled against OLD and NEW.\n\
             #![allow(unused, unreachable_code, unreachable_patterns, clippy::all)]\n",
        );
        for stem in &included {
            let _ = writeln!(lib, "mod {stem};");
        }
        write(&work.join("use/src/lib.rs"), &lib)?;
        let result = check(&work)?;
        let fresh: Vec<(String, Vec<String>)> =
            result.errors.iter().filter(|(s, _)| s.starts_with("use_")).map(|(s, l)| (s.clone(), l.clone())).collect();
        let generated_bad = result.errors.keys().any(|s| !s.starts_with("use_"));
        if fresh.is_empty() || generated_bad || !result.other.is_empty() || rounds == 2 {
            failed.extend(fresh);
            break result;
        }
        failed.extend(fresh);
    };
    if !result.other.is_empty() {
        return Err(format!(
            "the runtime or a dependency does not build, nothing checked:\n{}",
            result.other.join("\n")
        ));
    }
    let mut problems = Vec::new();
    for (file, lines) in result.errors.iter().filter(|(s, _)| !s.starts_with("use_")) {
        problems.push(format!("generated module {file} does not compile (a generator bug):\n  {}", lines.join("\n  ")));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    if !result.success && failed.is_empty() {
        return Err(format!("cargo check failed outside the usage code:\n{}", result.stderr));
    }
    for (file, lines) in failed.iter().filter(|(s, _)| s.ends_with("_old")) {
        problems.push(format!(
            "{file}: the usage code does not compile against the module it was written for (the snapshot \
             misdescribes the generated code):\n  {}",
            lines.join("\n  ")
        ));
    }
    let mut agree = 0;
    for (name, (verdict, count)) in &expected {
        let errors = failed.get(&format!("use_{name}_new"));
        let compiles = errors.is_none();
        let says = *verdict == Verdict::Compatible;
        if compiles == says {
            agree += 1;
            println!(
                "{name}: rust {verdict} ({count} change{}), OLD usage code {} against NEW",
                if *count == 1 { "" } else { "s" },
                if compiles { "compiles" } else { "does not compile" }
            );
        } else {
            problems.push(format!(
                "{name}: the report says rust {verdict} but the OLD usage code {} against NEW\n  {}",
                if compiles { "compiles" } else { "does not compile" },
                errors.map(|l| l.join("\n  ")).unwrap_or_default()
            ));
        }
    }
    println!(
        "semver-check: {agree} of {} pairs agree with the compiler ({rounds} cargo check run{}, {:.1} s)",
        expected.len(),
        if rounds == 1 { "" } else { "s" },
        start.elapsed().as_secs_f64()
    );
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

/// A value for a parameter of type `arg`: `impl Into<T>` takes a `T`.
fn arg_value(arg: &str) -> String {
    let ty = arg.strip_prefix("impl Into<").and_then(|t| t.strip_suffix('>')).unwrap_or(arg);
    format!("value::<{ty}>()")
}

/// `name(Arg)` -> `.name(value)`; `name` (no argument) -> `.name()`.
fn setter_call(setter: &str) -> String {
    match setter.split_once('(') {
        Some((name, arg)) => format!(".{}({})", raw(name), arg_value(arg.strip_suffix(')').unwrap_or(arg))),
        None => format!(".{}()", raw(setter)),
    }
}

/// `new(a: A, b: B)` -> `new(value::<A>(), value::<B>())`.
fn new_call(sig: &str) -> String {
    let inner = sig.strip_prefix("new(").and_then(|s| s.strip_suffix(')')).unwrap_or("");
    let mut args = Vec::new();
    let (mut depth, mut part) = (0i32, String::new());
    for c in inner.chars().chain(std::iter::once(',')) {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                if let Some((_, ty)) = part.split_once(": ") {
                    args.push(arg_value(ty.trim()));
                }
                part.clear();
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    format!("new({})", args.join(", "))
}

/// Downstream code using every item of the OLD API, written against `m`.
fn usage(s: &Snapshot) -> String {
    // Names of the runtime the snapshot uses unqualified; a module type of the same name wins.
    let own: BTreeSet<&str> = s
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Type)
        .filter_map(|n| n.prop("rust")?.split(' ').nth(1)?.split('(').next())
        .collect();
    let mut out = String::new();
    for (path, names) in [
        ("::wsbind::types", &["Base64", "Date", "DateTime", "Decimal", "Hex", "Time"][..]),
        ("::wsbind::xml", &["OtherAttributes", "RawXml"][..]),
        ("::wsbind::rest", &["Binary", "Format", "JsonValue"][..]),
        ("::std::collections", &["BTreeMap"][..]),
    ] {
        for name in names.iter().filter(|n| !own.contains(*n)) {
            let _ = writeln!(out, "use {path}::{name};");
        }
    }
    out.push_str(
        "use m::*;\nfn value<T>() -> T {\n    todo!()\n}\n\
         fn stream_of<T, S: ::wsbind::rest::Stream<Item = ::std::result::Result<T, ::wsbind::Error>>>(_: S) {}\n",
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
            let inner = rust.split_once("(pub ").or_else(|| rust.split_once('(')).map(|(_, r)| r).unwrap_or("");
            let inner = inner.strip_suffix(')').unwrap_or(inner);
            let _ = writeln!(out, "fn t{i}() -> {name} {{ {name}(value()) }}");
            let _ = writeln!(out, "fn f{i}(v: &{name}) {{ let _: &{inner} = &v.0; }}");
        }
        "struct" => {
            let Some(new) = t.prop("rust-new") else { return };
            let setters: String =
                t.children.iter().filter_map(|f| f.prop("rust-setter")).map(setter_call).collect::<Vec<_>>().join("");
            let _ = writeln!(out, "fn t{i}() -> {name} {{ {name}::{}{setters} }}", new_call(new));
            let reads: Vec<String> = t
                .children
                .iter()
                .filter_map(|f| f.prop("rust").and_then(split_decl))
                .map(|(f, ty)| format!("let _: &{ty} = &v.{f};"))
                .collect();
            let _ = writeln!(out, "fn f{i}(v: &{name}) {{ {} }}", reads.join(" "));
        }
        "enum" => {
            let mut arms = Vec::new();
            let mut built = Vec::new();
            for v in t.children.iter().filter_map(|v| v.prop("rust")) {
                match v.split_once('(') {
                    Some((variant, ty)) => {
                        let ty = ty.strip_suffix(')').unwrap_or(ty);
                        arms.push(format!("{name}::{variant}(x) => {{ let _: {ty} = x; }}"));
                        built.push(format!("{name}::{variant}(value::<{ty}>())"));
                    }
                    None => {
                        arms.push(format!("{name}::{v} => {{}}"));
                        built.push(format!("{name}::{v}"));
                    }
                }
            }
            if t.prop("kind") == Some("enum") {
                arms.push(format!("{name}::Unknown(x) => {{ let _: String = x; }}"));
                built.push(format!("{name}::Unknown(value())"));
            }
            // `#[non_exhaustive]` from another crate: the wildcard arm is required.
            arms.push("_ => {}".to_owned());
            let _ = writeln!(out, "fn t{i}(v: {name}) {{ match v {{ {} }} }}", arms.join(" "));
            let _ = writeln!(out, "fn c{i}() -> Vec<{name}> {{ vec![{}] }}", built.join(", "));
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
    let soap = s
        .children
        .iter()
        .filter(|c| c.kind == Kind::Operation)
        .any(|op| op.children.iter().any(|c| matches!(c.kind, Kind::Soap | Kind::Http)));
    let mut calls = vec!["let _: &str = c.address();".to_owned()];
    if soap {
        calls.push(format!("let _: {client} = c.clone().soap_version(value());"));
    }
    let mut sigs: Vec<(String, bool)> = Vec::new();
    collect_sigs(s, &mut sigs);
    for (sig, stream) in sigs {
        let Some((name, arg, reply)) = split_sig(&sig) else { continue };
        let name = raw(name);
        let arg = arg.map(|a| format!("&value::<{a}>()")).unwrap_or_default();
        if stream {
            let item = reply.strip_prefix("Stream<").and_then(|r| r.strip_suffix('>')).unwrap_or("()");
            calls.push(format!("stream_of::<{item}, _>(c.{name}({arg}));"));
        } else {
            calls.push(format!("let _: ::std::result::Result<{reply}, ::wsbind::Error> = c.{name}({arg}).await;"));
        }
    }
    for setter in s.prop("rust-setters").unwrap_or("").split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let call = setter_call(setter);
        if setter.starts_with("with_") {
            calls.push(format!("let _: {client} = c.clone(){call};"));
        } else {
            calls.push(format!("let _: () = c.clone(){call};"));
        }
    }
    let i = next();
    let _ = writeln!(out, "async fn s{i}(c: &{client}) {{\n    {}\n}}", calls.join("\n    "));
    // Construction: `new` and the builder with every method.
    if let Some(builder) = s.prop("rust-builder") {
        let mut chain = String::from(".transport(value()).timeout(value()).connect_timeout(value())");
        if soap {
            chain.push_str(".soap_version(value())");
        }
        for setter in s.prop("rust-builder-setters").unwrap_or("").split(';').map(str::trim).filter(|x| !x.is_empty()) {
            chain.push_str(&setter_call(setter));
        }
        let _ = writeln!(
            out,
            "fn b{i}() -> ::std::result::Result<{client}, ::wsbind::Error> {{\n    let _: {client} = {client}::new(\"x\");\n    \
             let b: {builder} = {client}::builder(\"x\");\n    b{chain}.build()\n}}"
        );
    }
    // Synthesised REST requests: `new`, every setter, every field read, `Default` without
    // required values.
    for op in s.children.iter().filter(|c| c.kind == Kind::Operation) {
        for rest in op.children.iter().filter(|c| c.kind == Kind::Rest) {
            let (Some(req), Some(new)) = (rest.prop("rust-request"), rest.prop("rust-request-new")) else { continue };
            let j = next();
            let setters: String = rest
                .children
                .iter()
                .filter_map(|c| c.prop("rust-setter"))
                .map(setter_call)
                .collect::<Vec<_>>()
                .join("");
            let _ = writeln!(out, "fn r{j}() -> {req} {{ {req}::{}{setters} }}", new_call(new));
            let reads: Vec<String> = rest
                .children
                .iter()
                .filter_map(|c| c.prop("rust").and_then(split_decl))
                .map(|(f, ty)| format!("let _: &{ty} = &v.{f};"))
                .collect();
            let _ = writeln!(out, "fn f{j}(v: &{req}) {{ {} }}", reads.join(" "));
            if new == "new()" {
                let _ = writeln!(out, "fn d{j}() -> {req} {{ ::std::default::Default::default() }}");
            }
        }
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
