//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `fuzz/` (the WSDL/XSD and OpenAPI front
//! ends, SOAP envelopes and faults, the generated decoders of the seed services, the
//! decode -> encode -> decode identity, secret scrubbing, the XML tokenizer against quick-xml),
//! each for `--time` seconds or at most
//! `--runs` inputs, or only `--target`. Every target first replays
//! the inputs kept in `fuzz/regressions/<target>/` (crashes found before, now fixed). Installs
//! nothing: `cargo fuzz` (cargo-fuzz) and a nightly toolchain must be there, else one clear error
//! line says how to get them. Crash inputs stay in `fuzz/artifacts/<target>/`; keep each one in
//! `fuzz/regressions/<target>/` once fixed.
//!
//! Targets with seed folders (`seeds`) start from the messages the tests hold.
//!
//! CI runs `--runs 100000 --time 120` from an empty corpus: a fixed amount of work per target
//! (inputs, not seconds, so a slower machine explores as much; the time only caps a slow target;
//! ~100 s in all here). It is not a reproducible exploration (libFuzzer's seed varies, and so do
//! the targets' randomly keyed hash maps): a crash it finds is kept in `fuzz/artifacts/<target>/`.

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
    "tokenizer",
    "wssec_verify",
    "mtom",
];

/// Options of `cargo xtask fuzz`.
#[derive(clap::Args, Debug)]
pub struct FuzzArgs {
    /// Seconds per target (libFuzzer's `-max_total_time`).
    #[arg(long, default_value_t = 60)]
    pub time: u64,
    /// At most this many inputs per target (libFuzzer's `-runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Only this target (see `fuzz/Cargo.toml`).
    #[arg(long)]
    pub target: Option<String>,
}

/// The files of `fuzz/regressions/<target>/`, sorted.
fn regression_inputs(fuzz: &Path, target: &str) -> Result<Vec<std::path::PathBuf>, String> {
    let folder = fuzz.join("regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(Vec::new()) };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("error: {}: {e}", folder.display()))?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Folders of the repository (relative to its root) whose files start a target's exploration,
/// read besides its own corpus: messages the tests already hold, so that the CI smoke run's
/// 100,000 inputs begin past the framing a target would otherwise spend them finding.
fn seeds(target: &str) -> &'static [&'static str] {
    match target {
        "wssec_verify" => &["tests/fixtures/wssec", "tests/fixtures/wssec/c14n"],
        "mtom" => &["fuzz/seeds/mtom"],
        _ => &[],
    }
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
        let regressions = regression_inputs(&dir, target)?;
        if !regressions.is_empty() {
            println!("fuzz: {target}: replaying {} regression input(s)", regressions.len());
            let status = Command::new("cargo")
                .current_dir(&dir)
                .args(["+nightly", "fuzz", "run", target])
                .args(&regressions)
                .status()
                .map_err(|e| format!("error: cannot run cargo fuzz: {e}"))?;
            if !status.success() {
                failed.push(target);
                continue;
            }
        }
        let mut options = vec![format!("-max_total_time={}", args.time)];
        options.extend(args.runs.map(|n| format!("-runs={n}")));
        // The target's corpus (where new inputs go), then the seed folders of the repository.
        let mut corpora = vec![dir.join("corpus").join(target)];
        std::fs::create_dir_all(&corpora[0]).map_err(|e| format!("error: {}: {e}", corpora[0].display()))?;
        corpora.extend(seeds(target).iter().map(|folder| root.join(folder)).filter(|folder| folder.is_dir()));
        println!("fuzz: {target} ({}; {} seed folder(s))", options.join(" "), corpora.len() - 1);
        let status = Command::new("cargo")
            .current_dir(&dir)
            .args(["+nightly", "fuzz", "run", target])
            .args(&corpora)
            .arg("--")
            .args(&options)
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
