//! `generated/` is exactly what the generator makes of `schemas/` today: the same check as
//! `cargo xtask codegen --check`, run as part of the test suite so a stale checkout fails `cargo test`
//! without the `regenerate` feature. With it (as `--all-features` does), the root package's build
//! script has already rewritten the stale files before the tests run and said so in cargo warnings;
//! that is why `.ci/run` runs `cargo xtask codegen --check` before anything builds the root package.

use std::path::Path;

use wsbind_codegen::output;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent")
}

#[test]
fn generated_modules_are_current() {
    let root = repo_root();
    let (files, generated) = match wsbind_codegen::generate_repo(root, None) {
        Ok(result) => result,
        Err(error) => panic!("the schemas under schemas/ do not generate:\n{error}"),
    };
    let modules: Vec<&str> = generated.iter().map(|g| g.module.as_str()).collect();
    assert!(modules.contains(&"tc2") && modules.contains(&"sos"), "expected tc2 and sos, got {modules:?}");
    let dir = root.join("generated");
    let stale = output::check(&dir, &files);
    let orphans = output::orphans(&dir, &files);
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "{}",
        output::describe_stale(&stale, &orphans, wsbind_codegen::REPO_COMMAND)
    );
}

#[test]
fn generation_is_deterministic() {
    let root = repo_root();
    let first = wsbind_codegen::generate_repo(root, None).map(|(files, _)| files);
    let second = wsbind_codegen::generate_repo(root, None).map(|(files, _)| files);
    match (first, second) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "two runs over the same schemas differ"),
        (Err(e), _) | (_, Err(e)) => panic!("generation failed: {e}"),
    }
}
