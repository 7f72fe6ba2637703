//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `fuzz/` (the WSDL/XSD and OpenAPI front
//! ends, SOAP envelopes and faults, the generated decoders of the seed services, the
//! decode -> encode -> decode identity, secret scrubbing), each for `--time` seconds, or only
//! `--target`. Installs nothing: `cargo fuzz` (cargo-fuzz) and a nightly toolchain must be there,
//! else one clear error line says how to get them. Crash inputs stay in `fuzz/artifacts/<target>/`;
//! keep each one as a regression test.

use std::path::Path;
use std::process::Command;

/// The targets, in the order they run.
pub const TARGETS: &[&str] = &[
    "wsdl_frontend",
    "openapi_frontend",
    "soap_envelope",
    "tc2_decoder",
    "sos_decoder",
    "aim_decoder",
    "mews_decoder",
    "roundtrip",
    "scrub",
];

/// Options of `cargo xtask fuzz`.
#[derive(clap::Args, Debug)]
pub struct FuzzArgs {
    /// Seconds per target (libFuzzer's `-max_total_time`).
    #[arg(long, default_value_t = 60)]
    pub time: u64,
    /// Only this target (see `fuzz/Cargo.toml`).
    #[arg(long)]
    pub target: Option<String>,
}

/// Runs the targets; `Err` names the first target that found a crash (or what is missing).
pub fn run(args: &FuzzArgs, root: &Path) -> Result<(), String> {
    let targets: Vec<&str> = match &args.target {
        Some(t) if TARGETS.contains(&t.as_str()) => vec![t.as_str()],
        Some(t) => return Err(format!("error: no fuzz target `{t}`; the targets are: {}", TARGETS.join(", "))),
        None => TARGETS.to_vec(),
    };
    let has_fuzz =
        Command::new("cargo").args(["+nightly", "fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        return Err("error: `cargo +nightly fuzz` is not available: install it with \
                    `rustup toolchain install nightly && cargo install cargo-fuzz --locked`"
            .to_owned());
    }
    let dir = root.join("fuzz");
    let mut failed = Vec::new();
    for target in targets {
        println!("fuzz: {target} for {} s", args.time);
        let status = Command::new("cargo")
            .current_dir(&dir)
            .args(["+nightly", "fuzz", "run", target, "--", &format!("-max_total_time={}", args.time)])
            .status()
            .map_err(|e| format!("error: cannot run cargo fuzz: {e}"))?;
        if !status.success() {
            failed.push(target);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("error: fuzz targets found crashes: {} (inputs in fuzz/artifacts/<target>/)", failed.join(", ")))
    }
}
