//! The API snapshot names what the emitter generates. For descriptions whose SOAP headers and
//! REST client-level parameters are named like methods every generated client or builder already
//! has (`tests/fixtures/api_names/`), every client and builder method the snapshot lists is a
//! `pub fn` of the generated module and every `pub fn` of the module's clients and builders is
//! in the snapshot (besides the fixed constructors and accessors), the renamed setters are exactly
//! the ones expected, and none of them is a method the runtime macros `wsbind::client_methods!`
//! and `wsbind::client_builder_methods!` already add.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use wsbind_codegen::api::{self, Kind, Node, Snapshot};
use wsbind_codegen::{Context, ServiceSpec};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_names")
}

/// The module generated from `file` (as `--out` writes it) and the file's API snapshot (as the
/// report takes it).
fn generate(file: &str) -> (String, Snapshot) {
    let path = fixtures().join(file);
    let spec = ServiceSpec::for_input(&path, Some("names"), None).unwrap_or_else(|e| panic!("{file}: {}", e.render()));
    let ctx = Context { source_root: fixtures(), in_crate: false, command: "test".to_owned(), samples: false };
    let code = wsbind_codegen::generate(&spec, &ctx).unwrap_or_else(|e| panic!("{file}: {e}")).code;
    let snapshot = api::load_any(&path, Some("names")).unwrap_or_else(|e| panic!("{file}: {e}"));
    (code, snapshot)
}

/// The `pub fn`s written out in the inherent `impl` blocks of each type of `code` (not those a
/// macro invocation adds, nor the ones inside `::wsbind::__reqwest! { .. }`).
fn impl_methods(code: &str) -> BTreeMap<String, BTreeSet<String>> {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*imp.self_ty else { continue };
        let ty = ty.path.segments.last().expect("a type name").ident.to_string();
        let methods = out.entry(ty).or_default();
        for member in &imp.items {
            if let syn::ImplItem::Fn(f) = member
                && matches!(f.vis, syn::Visibility::Public(_))
            {
                methods.insert(unraw(&f.sig.ident.to_string()));
            }
        }
    }
    out
}

fn unraw(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).to_owned()
}

/// Every `pub fn` the runtime's `client_methods!` and `client_builder_methods!` define (all arms).
fn macro_methods() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/client.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).expect("src/client.rs parses");
    let mut out = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Macro(m) = item else { continue };
        let Some(name) = &m.ident else { continue };
        if name == "client_methods" || name == "client_builder_methods" {
            let mut tokens = Vec::new();
            flatten(m.mac.tokens.clone(), &mut tokens);
            for w in tokens.windows(3) {
                if let [TokenTree::Ident(a), TokenTree::Ident(b), TokenTree::Ident(c)] = w
                    && a == "pub"
                    && b == "fn"
                {
                    out.insert(c.to_string());
                }
            }
        }
    }
    assert!(out.contains("with_call_options") && out.contains("retry_policy"), "macro methods not found: {out:?}");
    out
}

fn flatten(tokens: TokenStream, out: &mut Vec<TokenTree>) {
    for t in tokens {
        match t {
            TokenTree::Group(g) => flatten(g.stream(), out),
            other => out.push(other),
        }
    }
}

/// The one service node of a snapshot.
fn service(snapshot: &Snapshot) -> &Node {
    let mut services = snapshot.nodes.iter().filter(|n| n.kind == Kind::Service);
    let service = services.next().expect("a service");
    assert!(services.next().is_none(), "one service");
    service
}

/// The entries of a `; `-separated snapshot list (`rust-setters`, `rust-builder-setters`).
fn list<'n>(node: &'n Node, key: &str) -> Vec<&'n str> {
    node.prop(key).map(|l| l.split("; ").collect()).unwrap_or_default()
}

/// The method name of a signature (`with_x(X)` -> `with_x`, `clear_x` -> `clear_x`).
fn name_of(signature: &str) -> String {
    signature.split('(').next().unwrap_or_default().to_owned()
}

/// The client methods the snapshot gives the service's operations (SOAP, HTTP, REST, streams).
fn operation_methods(node: &Node, out: &mut BTreeSet<String>) {
    for child in &node.children {
        if matches!(child.kind, Kind::Operation | Kind::Http | Kind::Rest | Kind::Pagination)
            && let Some(rust) = child.prop("rust")
        {
            out.insert(name_of(rust));
        }
        if matches!(child.kind, Kind::Operation | Kind::Rest) {
            operation_methods(child, out);
        }
    }
}

/// Checks that the snapshot's client and builder of the module's one service are what the code
/// has: `fixed_client` / `fixed_builder` are the methods every such client / builder has besides
/// its setters and operations. Returns the snapshot's operation method names.
fn check_against_code(code: &str, snapshot: &Snapshot, fixed_client: &[&str], fixed_builder: &[&str]) -> Vec<String> {
    let service = service(snapshot);
    let methods = impl_methods(code);
    let macros = macro_methods();
    let client = service.prop("rust").expect("the service has a client");
    let builder = service.prop("rust-builder").expect("the client has a builder");
    let client_fns = methods.get(client).unwrap_or_else(|| panic!("no `impl {client}` in:\n{code}"));
    let builder_fns = methods.get(builder).unwrap_or_else(|| panic!("no `impl {builder}` in:\n{code}"));

    let mut operations = BTreeSet::new();
    operation_methods(service, &mut operations);
    let setters: BTreeSet<String> = list(service, "rust-setters").into_iter().map(name_of).collect();
    let builder_setters: BTreeSet<String> = list(service, "rust-builder-setters").into_iter().map(name_of).collect();

    // Snapshot -> code: each listed name is a method written out in the module.
    for name in setters.iter().chain(&operations) {
        assert!(client_fns.contains(name), "the snapshot lists `{client}::{name}`, the code has {client_fns:?}");
    }
    for name in &builder_setters {
        assert!(builder_fns.contains(name), "the snapshot lists `{builder}::{name}`, the code has {builder_fns:?}");
    }
    // Code -> snapshot: nothing the module adds is missing from the snapshot.
    let mut expected: BTreeSet<String> = fixed_client.iter().map(|s| s.to_string()).collect();
    expected.extend(setters.iter().cloned());
    expected.extend(operations.iter().cloned());
    assert_eq!(client_fns, &expected, "`{client}`: generated methods (left) vs snapshot + fixed ones (right)");
    let mut expected: BTreeSet<String> = fixed_builder.iter().map(|s| s.to_string()).collect();
    expected.extend(builder_setters.iter().cloned());
    assert_eq!(builder_fns, &expected, "`{builder}`: generated methods (left) vs snapshot + fixed ones (right)");
    // No generated method is also defined by a runtime macro in the same `impl` (a compile error).
    let clash: Vec<&String> = client_fns.iter().chain(builder_fns).filter(|m| macros.contains(*m)).collect();
    assert!(clash.is_empty(), "generated methods that the runtime macros also define: {clash:?}");
    operations.into_iter().collect()
}

#[test]
fn soap_header_setters_avoid_client_and_builder_methods() {
    let (code, snapshot) = generate("names.wsdl");
    let operations = check_against_code(
        &code,
        &snapshot,
        &["with_transport", "soap_version", "address", "builder"],
        &["soap_version", "build"],
    );
    let service = service(&snapshot);
    assert_eq!(service.prop("rust"), Some("Client"));
    assert_eq!(service.prop("rust-builder"), Some("ClientBuilder"));
    // `with_call_options` / `set_call_options` are `wsbind::client_methods!`'s; `retry_policy` and
    // `namespace_tolerant` are `wsbind::client_builder_methods!(soap)`'s.
    assert_eq!(
        list(service, "rust-setters"),
        [
            "set_call_options_2(CallOptions)",
            "set_namespace_tolerant(bool)",
            "set_retry_policy(RetryPolicy)",
            "with_call_options_2(CallOptions)",
            "with_namespace_tolerant(bool)",
            "with_retry_policy(RetryPolicy)",
        ]
    );
    assert_eq!(
        list(service, "rust-builder-setters"),
        ["call_options(CallOptions)", "namespace_tolerant_2(bool)", "retry_policy_2(RetryPolicy)",]
    );
    // The operation `SetCallOptions` comes after the header setters.
    assert_eq!(operations, ["get_order", "set_call_options_3"]);
    assert!(code.contains("pub fn with_call_options_2(mut self, header: CallOptions) -> Self"), "{code}");
    assert!(code.contains("client.set_retry_policy(header);"), "the builder applies its header: {code}");
}

#[test]
fn rest_client_param_setters_avoid_client_and_builder_methods() {
    let (code, snapshot) = generate("names.yaml");
    let operations = check_against_code(&code, &snapshot, &["with_transport", "address", "builder"], &["build"]);
    let service = service(&snapshot);
    assert_eq!(service.prop("rust"), Some("Client"));
    assert_eq!(service.prop("rust-builder"), Some("ClientBuilder"));
    // `set_call_options` / `with_call_options` are `wsbind::client_methods!`'s; `retry_policy` and
    // `timeout` are `wsbind::client_builder_methods!(rest)`'s.
    assert_eq!(
        list(service, "rust-setters"),
        [
            "clear_call_options",
            "clear_timeout",
            "set_call_options_2(impl Into<String>)",
            "set_retry_policy(impl Into<String>)",
            "set_timeout(i32)",
            "with_call_options_2(impl Into<String>)",
            "with_retry_policy(impl Into<String>)",
            "with_timeout(i32)",
        ]
    );
    assert_eq!(
        list(service, "rust-builder-setters"),
        ["call_options(impl Into<String>)", "retry_policy_2(impl Into<String>)", "timeout_2(i32)",]
    );
    assert_eq!(operations, ["count_orders", "list_orders"]);
    assert!(code.contains("client.set_call_options_2(value);"), "the builder applies its parameter: {code}");
}

/// A header or client-level parameter named like a Rust keyword gets a raw builder setter
/// (`r#type`), not `fn type`, which does not parse.
#[test]
fn keyword_named_headers_and_params_get_raw_builder_setters() {
    for (file, from) in [("names.wsdl", "NamespaceTolerant"), ("names.yaml", "Timeout")] {
        let text = std::fs::read_to_string(fixtures().join(file)).unwrap().replace(from, "type");
        let dir = std::env::temp_dir().join(format!("wsbind-api-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        let spec = ServiceSpec::for_input(&path, Some("names"), None).unwrap_or_else(|e| panic!("{}", e.render()));
        let ctx = Context { source_root: dir.clone(), in_crate: false, command: "test".to_owned(), samples: false };
        let code = wsbind_codegen::generate(&spec, &ctx).unwrap_or_else(|e| panic!("{file}: {e}")).code;
        let snapshot = api::load_any(&path, Some("names")).unwrap_or_else(|e| panic!("{file}: {e}"));
        let builder = list(service(&snapshot), "rust-builder-setters").into_iter().map(name_of).collect::<Vec<_>>();
        // The snapshot names methods as Rust users read them, without `r#`.
        assert!(builder.iter().any(|s| s == "type"), "{file}: {builder:?}");
        assert!(code.contains("pub fn r#type(mut self"), "{file}: {code}");
        assert!(code.contains("pub fn with_type(") && code.contains("pub fn set_type("), "{file}: {code}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
