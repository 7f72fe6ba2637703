//! Keeps `generated/` current for the developers of this repository.
//!
//! Only with the `regenerate` feature (never enabled by downstream crates, so they compile neither
//! the generator nor its dependencies): when `schemas/` or the generator change, regenerate every
//! service and write the files whose content differs, atomically (the same helper as
//! `cargo xtask codegen`). When nothing changed, cargo does not even run this script.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    regenerate::run();
}

#[cfg(feature = "regenerate")]
mod regenerate {
    use std::path::PathBuf;

    pub fn run() {
        let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
        let schemas = root.join("schemas");
        if !schemas.is_dir() {
            // A packaged copy of the crate: nothing to regenerate from.
            return;
        }
        println!("cargo::rerun-if-changed=schemas");
        let (files, _) = match wsbind_codegen::generate_repo(&root, None) {
            Ok(result) => result,
            Err(error) => fail(&format!("wsbind: cannot regenerate generated/:\n{error}")),
        };
        match wsbind_codegen::output::sync(&root.join("generated"), &files) {
            // Said out loud: a rewrite here also makes the freshness test pass in the same run,
            // so a stale checkout shows up as these warnings (and in `git status`).
            Ok(report) => {
                for file in &report.written {
                    println!("cargo::warning=regenerated generated/{}", file.display());
                }
            }
            Err(error) => fail(&format!("wsbind: cannot write generated/: {error}")),
        }
    }

    fn fail(message: &str) -> ! {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
