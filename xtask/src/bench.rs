//! `cargo xtask bench`: wsbind against the peers a Rust user would reach for, measured in one run
//! on the same files, printed as one table (the README keeps the latest one with its date).
//!
//! The peers live in the bench-only crate `bench/` (its own workspace, never part of the default
//! build), built in release into `target/bench`. Every case runs in its own process under
//! `bench/src/bin/measure.rs`, which reports the peak resident set of what it ran
//! (`getrusage(RUSAGE_CHILDREN)`, i.e. `ru_maxrss`: for `cargo check` the largest rustc). Speeds
//! are the fastest of several runs inside the process after a warm-up, in thread CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`), best of [`BenchArgs::rounds`] processes: the machine is shared,
//! and the minimum CPU time is the figure least disturbed by other work. Build and generation
//! seconds are wall time.
//!
//! Rows: decode of a synthetic `SynchronizePanelUserResponse` (10,000 items, ~3.2 MB) by the
//! generated tc2 decoder through `soap::decode_op_response` and through `xml::Reader` alone, by
//! quick-xml's serde derive on hand-written structs and by a bare quick-xml event scan (the floor);
//! peak memory on the 100,000-item reply (~32 MB); encode of a `SynchronizePanelUser` request with
//! 10,000 `DeviceAuthorizingCode` items (`SoapClient::envelope` vs quick-xml's serde serializer and
//! a bare event writer); the peak heap of decoding a reply with a 100 MB MTOM attachment
//! (`bench/src/bin/mtom.rs`: a counting allocator, through `SoapClient::call` against an
//! in-process server, with and without `Content-Length`, and through `soap::decode_op_reply`);
//! generation of the corpus PayPal and DAT sets by wsbind and by xsd-parser
//! (library API, all types, quick-xml code); and the generated size, `cargo check` and debug build
//! time of the corpus `exchange-ews-full` module in a scratch crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;

#[derive(Args)]
pub struct BenchArgs {
    /// The corpus folder (the public WSDL sets kept outside the repository).
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Processes per speed case (the best one counts).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Timed runs inside each process (after one warm-up).
    #[arg(long, default_value_t = 15)]
    pub iters: usize,
    /// Leave out the generation rows (corpus sets, xsd-parser, exchange-ews-full build).
    #[arg(long)]
    pub no_generation: bool,
}

/// One measured child: what it printed (`key=value` words: `bytes`, `secs` of the fastest run,
/// `check`) plus `maxrss_kb` and `wall_secs` from `measure`.
#[derive(Debug, Default, Clone)]
struct Measured {
    fields: Vec<(String, String)>,
}

impl Measured {
    fn get(&self, key: &str) -> Option<f64> {
        self.fields.iter().rev().find(|(k, _)| k == key).and_then(|(_, v)| v.parse().ok())
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn mb_per_s(&self) -> Option<f64> {
        Some(self.get("bytes")? / self.get("secs")? / 1e6)
    }

    fn peak_mb(&self) -> Option<f64> {
        Some(self.get("maxrss_kb")? / 1024.0)
    }
}

struct Bench {
    root: PathBuf,
    bin: PathBuf,
    data: PathBuf,
}

impl Bench {
    /// Runs `bin ARGS` under `measure`; Err carries its stderr.
    fn measure(
        &self,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        dir: Option<&Path>,
    ) -> Result<Measured, String> {
        let mut command = Command::new(self.bin.join("measure"));
        command.arg(program).args(args);
        for (k, v) in env {
            command.env(k, v);
        }
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let output = command.output().map_err(|e| format!("{}: {e}", program.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            let start = tail.len().saturating_sub(12);
            return Err(format!("{} {}: failed\n{}", program.display(), args.join(" "), tail[start..].join("\n")));
        }
        let fields = stdout
            .split_whitespace()
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        Ok(Measured { fields })
    }

    fn tool(&self, name: &str, args: &[&str]) -> Result<Measured, String> {
        self.measure(&self.bin.join(name), args, &[], None)
    }

    /// The fastest of `rounds` processes.
    fn fastest(&self, rounds: usize, name: &str, args: &[&str]) -> Result<Measured, String> {
        let mut best: Option<Measured> = None;
        for _ in 0..rounds.max(1) {
            let m = self.tool(name, args)?;
            if best.as_ref().is_none_or(|b| m.get("secs") < b.get("secs")) {
                best = Some(m);
            }
        }
        Ok(best.unwrap_or_default())
    }
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.env("CARGO_INCREMENTAL", "0");
    command
}

/// The last lines of a failed command's stderr that say why.
fn why(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> =
        text.lines().filter(|l| l.starts_with("error") || l.trim_start().starts_with("-->")).take(8).collect();
    if lines.is_empty() { text.lines().rev().take(8).collect::<Vec<_>>().join("\n") } else { lines.join("\n") }
}

pub fn run(args: &BenchArgs, root: &Path) -> Result<(), String> {
    let target = root.join("target/bench");
    let manifest = root.join("bench/Cargo.toml");
    eprintln!("bench: building the bench crate (release, {})", target.display());
    let output = cargo()
        .args(["build", "--release", "--bins", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("bench crate does not build:\n{}", why(&output.stderr)));
    }
    let xsd_parser = if args.no_generation {
        Err("left out (--no-generation)".to_owned())
    } else {
        eprintln!("bench: building the xsd-parser peer");
        let output = cargo()
            .args(["build", "--release", "--features", "xsd-parser", "--bin", "xsd-parser-gen", "--manifest-path"])
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!("xsd-parser does not build: {}", why(&output.stderr)))
        }
    };
    let bench = Bench { root: root.to_path_buf(), bin: target.join("release"), data: target.join("data") };
    let data = bench.data.to_string_lossy().into_owned();
    bench.tool("xml", &["data", &data, "10000", "100000"])?;
    let small = bench.data.join("reply-10000.xml").to_string_lossy().into_owned();
    let large = bench.data.join("reply-100000.xml").to_string_lossy().into_owned();
    let iters = args.iters.to_string();

    eprintln!("bench: decode");
    let mut decode = Vec::new();
    for case in ["wsbind", "wsbind-reader", "walk", "serde", "scan"] {
        let speed = bench.fastest(args.rounds, "xml", &["decode", case, &small, &iters])?;
        let memory = bench.tool("xml", &["decode", case, &large, "0"])?;
        decode.push((case, speed, memory));
    }
    let body = bench.tool("xml", &["decode", "none", &large, "0"])?;
    // The decoders that build the reply must agree on what they read.
    let checks: Vec<Option<&str>> = decode
        .iter()
        .filter(|(c, _, _)| matches!(*c, "wsbind" | "wsbind-reader" | "serde"))
        .map(|(_, s, _)| s.text("check"))
        .collect();
    if checks.windows(2).any(|w| w[0] != w[1]) {
        return Err(format!("the decoders disagree on what they read: {checks:?}"));
    }

    eprintln!("bench: encode");
    let mut encode = Vec::new();
    for case in ["wsbind", "serde", "events"] {
        let speed = bench.fastest(args.rounds, "xml", &["encode", case, "10000", &iters])?;
        let memory = bench.tool("xml", &["encode", case, "100000", "0"])?;
        encode.push((case, speed, memory));
    }
    let values = bench.tool("xml", &["encode", "none", "100000", "0"])?;

    eprintln!("bench: MTOM reply memory");
    let mut mtom = Vec::new();
    for case in ["call", "chunked", "decode"] {
        mtom.push((case, bench.tool("mtom", &[case, "100"])?));
    }

    let generation = if args.no_generation { None } else { Some(generation(&bench, &args.corpus, &xsd_parser)?) };

    let table = table(&decode, &body, &encode, &values, &mtom, generation.as_ref(), &xsd_parser);
    println!("{table}");
    Ok(())
}

/// One corpus set generated by wsbind and by xsd-parser.
type SetRow = (&'static str, Result<Measured, String>, Result<Measured, String>);

struct Generation {
    /// `(set, wsbind, xsd-parser)`.
    sets: Vec<SetRow>,
    ews: Result<Ews, String>,
}

struct Ews {
    generated: Measured,
    check: Measured,
    build: Measured,
}

fn files_with(dir: &Path, ext: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .map(|p| p.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn generation(bench: &Bench, corpus: &Path, xsd_parser: &Result<(), String>) -> Result<Generation, String> {
    let corpus = if corpus.is_absolute() { corpus.to_path_buf() } else { bench.root.join(corpus) };
    if !corpus.is_dir() {
        return Err(format!("error: no corpus at {} (pass --corpus DIR)", corpus.display()));
    }
    let mut sets = Vec::new();
    for (set, module) in [("paypal", "paypal"), ("dat-vehicleselection", "dat_vehicleselection")] {
        eprintln!("bench: generate {set}");
        let dir = corpus.join(set);
        let wsdl = files_with(&dir, "wsdl");
        let ours = match wsdl.first() {
            Some(wsdl) => bench.tool("gen", &[wsdl, module]),
            None => Err(format!("{}: no WSDL", dir.display())),
        };
        let theirs = match xsd_parser {
            Ok(()) => {
                let xsd = files_with(&dir, "xsd");
                let args: Vec<&str> = xsd.iter().map(String::as_str).collect();
                bench.tool("xsd-parser-gen", &args)
            }
            Err(e) => Err(e.clone()),
        };
        sets.push((set, ours, theirs));
    }
    eprintln!("bench: exchange-ews-full (generate, cargo check, debug build)");
    let ews = ews(bench, &corpus.join("exchange-ews-full"));
    Ok(Generation { sets, ews })
}

/// Generates `exchange-ews-full` into a scratch crate under `target/bench/ews-crate` depending on
/// this checkout's runtime (no default features), builds the dependencies first (not timed), then
/// times `cargo check` and a debug build of the crate alone.
fn ews(bench: &Bench, dir: &Path) -> Result<Ews, String> {
    let wsdl = files_with(dir, "wsdl").into_iter().next().ok_or_else(|| format!("{}: no WSDL", dir.display()))?;
    let krate = bench.bin.parent().unwrap_or(&bench.bin).join("ews-crate");
    let src = krate.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let module = src.join("exchange_ews_full.rs");
    let generated = bench.tool("gen", &[&wsdl, "exchange_ews_full", &module.to_string_lossy()])?;
    let manifest = format!(
        "[package]\nname = \"wsbind-bench-ews\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwsbind = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        bench.root.display().to_string()
    );
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(krate.join("Cargo.toml"), &manifest)?;
    if let Ok(lock) = std::fs::read_to_string(bench.root.join("Cargo.lock")) {
        write(krate.join("Cargo.lock"), &lock)?;
    }
    let target = krate.join("target");
    let target_env = target.to_string_lossy().into_owned();
    let env = [("CARGO_TARGET_DIR", target_env.as_str()), ("CARGO_INCREMENTAL", "0")];
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Dependencies first, with an empty crate, so that only the module is timed.
    write(src.join("lib.rs"), "")?;
    for mode in ["check", "build"] {
        bench.measure(Path::new(&cargo), &[mode, "--quiet"], &env, Some(&krate))?;
    }
    write(src.join("lib.rs"), "pub mod exchange_ews_full;\n")?;
    let check = bench.measure(Path::new(&cargo), &["check", "--quiet"], &env, Some(&krate))?;
    let build = bench.measure(Path::new(&cargo), &["build", "--quiet"], &env, Some(&krate))?;
    Ok(Ews { generated, check, build })
}

fn f1(v: Option<f64>) -> String {
    v.map_or("—".to_owned(), |v| format!("{v:.1}"))
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "—".to_owned(),
    }
}

fn table(
    decode: &[(&str, Measured, Measured)],
    body: &Measured,
    encode: &[(&str, Measured, Measured)],
    values: &Measured,
    mtom: &[(&str, Measured)],
    generation: Option<&Generation>,
    xsd_parser: &Result<(), String>,
) -> String {
    let get = |rows: &[(&str, Measured, Measured)], case: &str| {
        rows.iter().find(|(c, _, _)| *c == case).map(|(_, s, m)| (s.clone(), m.clone())).unwrap_or_default()
    };
    let (ws, ws_mem) = get(decode, "wsbind");
    let (wr, wr_mem) = get(decode, "wsbind-reader");
    let (sd, sd_mem) = get(decode, "serde");
    let (sc, sc_mem) = get(decode, "scan");
    let (wk, _) = get(decode, "walk");
    let body_mb = body.get("bytes").map(|b| b / 1e6);
    let small_mb = ws.get("bytes").map(|b| b / 1e6);
    let mut t = String::new();
    let date = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(t, "wsbind bench, {date}, {cores} cores; every ratio from this run, on the same files.\n");
    let _ = writeln!(
        t,
        "| work | wsbind | peer: quick-xml 0.42 serde | floor: bare quick-xml | wsbind / peer | wsbind / floor |"
    );
    let _ = writeln!(t, "|---|---|---|---|---|---|");
    let _ = writeln!(
        t,
        "| decode 10k-item `SynchronizePanelUserResponse` ({} MB), MB/s: `soap::decode_op_response` | {} | {} | {} | {} | {} |",
        f1(small_mb),
        f1(ws.mb_per_s()),
        f1(sd.mb_per_s()),
        f1(sc.mb_per_s()),
        ratio(ws.mb_per_s(), sd.mb_per_s()),
        ratio(ws.mb_per_s(), sc.mb_per_s())
    );
    let _ = writeln!(
        t,
        "| the same, generated decoder on `xml::Reader` (envelope opened by hand) | {} | | | {} | {} |",
        f1(wr.mb_per_s()),
        ratio(wr.mb_per_s(), sd.mb_per_s()),
        ratio(wr.mb_per_s(), sc.mb_per_s())
    );
    let _ = writeln!(
        t,
        "| breakdown: the reader alone (every element through `xml::Reader::next_child`/`text`, nothing kept) | {} | | | {} | {} |",
        f1(wk.mb_per_s()),
        ratio(wk.mb_per_s(), sd.mb_per_s()),
        ratio(wk.mb_per_s(), sc.mb_per_s())
    );
    let _ = writeln!(
        t,
        "| peak memory, 100k-item reply ({} MB; reading the file alone: {} MB), MB: `decode_op_response` | {} | {} | {} | {} | {} body |",
        f1(body_mb),
        f1(body.peak_mb()),
        f1(ws_mem.peak_mb()),
        f1(sd_mem.peak_mb()),
        f1(sc_mem.peak_mb()),
        ratio(ws_mem.peak_mb(), sd_mem.peak_mb()),
        ratio(ws_mem.peak_mb(), body_mb),
    );
    let _ = writeln!(
        t,
        "| the same on `xml::Reader` (envelope opened by hand) | {} | | | {} | {} body |",
        f1(wr_mem.peak_mb()),
        ratio(wr_mem.peak_mb(), sd_mem.peak_mb()),
        ratio(wr_mem.peak_mb(), body_mb),
    );
    let (we, we_mem) = get(encode, "wsbind");
    let (se, se_mem) = get(encode, "serde");
    let (ev, ev_mem) = get(encode, "events");
    // Encode speeds are on one byte count (wsbind's output) so that the ratios are time ratios.
    let out = we.get("bytes");
    let speed = |m: &Measured| Some(out? / m.get("secs")? / 1e6);
    let _ = writeln!(
        t,
        "| encode `SynchronizePanelUser` with 10k `DeviceAuthorizingCode` ({} MB), MB/s: `SoapClient::envelope` | {} | {} | {} | {} | {} |",
        f1(out.map(|b| b / 1e6)),
        f1(speed(&we)),
        f1(speed(&se)),
        f1(speed(&ev)),
        ratio(speed(&we), speed(&se)),
        ratio(speed(&we), speed(&ev))
    );
    let _ = writeln!(
        t,
        "| peak memory encoding 100k items (values alone: {} MB), MB | {} | {} | {} | {} | |",
        f1(values.peak_mb()),
        f1(we_mem.peak_mb()),
        f1(se_mem.peak_mb()),
        f1(ev_mem.peak_mb()),
        ratio(we_mem.peak_mb(), se_mem.peak_mb()),
    );
    let mtom_row = |case: &str| mtom.iter().find(|(c, _)| *c == case).map(|(_, m)| m.clone()).unwrap_or_default();
    let mb = |m: &Measured, key: &str| m.get(key).map(|v| v / 1e6);
    let call = mtom_row("call");
    let _ = writeln!(
        t,
        "\n| reply with a 100 MB MTOM attachment ({} MB body; MB = 10^6 bytes) | peak heap, MB | peak / body | resident peak of the process, MB | heap kept by the response, MB |",
        f1(mb(&call, "bytes"))
    );
    let _ = writeln!(t, "|---|---|---|---|---|");
    for (case, what) in [
        ("call", "`SoapClient::call`, reqwest transport, in-process server, `Content-Length`"),
        ("chunked", "the same, chunked (no `Content-Length`: the buffer grows)"),
        ("decode", "`soap::decode_op_reply` on the reply in memory (the body counted)"),
    ] {
        let m = mtom_row(case);
        let _ = writeln!(
            t,
            "| {what} | {} | {} | {} | {} |",
            f1(mb(&m, "peak_bytes")),
            ratio(m.get("peak_bytes"), m.get("bytes")),
            f1(m.get("maxrss_kb").map(|kb| kb * 1024.0 / 1e6)),
            f1(mb(&m, "retained_bytes")),
        );
    }
    if let Some(g) = generation {
        let _ =
            writeln!(t, "\n| generation | wsbind | xsd-parser 1.5 (all types, quick-xml code) | xsd-parser / wsbind |");
        let _ = writeln!(t, "|---|---|---|---|");
        for (set, ours, theirs) in &g.sets {
            let o = ours.as_ref().ok();
            let th = theirs.as_ref().ok();
            let _ = writeln!(
                t,
                "| {set}: seconds | {} | {} | {} |",
                o.and_then(|m| m.get("secs")).map_or("—".into(), |v| format!("{v:.2}")),
                th.and_then(|m| m.get("secs")).map_or("—".into(), |v| format!("{v:.2}")),
                ratio(th.and_then(|m| m.get("secs")), o.and_then(|m| m.get("secs")))
            );
            let _ = writeln!(
                t,
                "| {set}: peak memory, MB | {} | {} | {} |",
                f1(o.and_then(Measured::peak_mb)),
                f1(th.and_then(Measured::peak_mb)),
                ratio(th.and_then(Measured::peak_mb), o.and_then(Measured::peak_mb))
            );
            let _ = writeln!(
                t,
                "| {set}: lines | {} | {} | {} |",
                o.and_then(|m| m.get("lines")).map_or("—".into(), |v| format!("{v:.0}")),
                th.and_then(|m| m.get("lines")).map_or("—".into(), |v| format!("{v:.0}")),
                ratio(th.and_then(|m| m.get("lines")), o.and_then(|m| m.get("lines")))
            );
            for (who, r) in [("wsbind", ours), ("xsd-parser", theirs)] {
                if let Err(e) = r {
                    let _ = writeln!(t, "\n{set}, {who}: {}", e.replace('\n', " / "));
                }
            }
        }
        if let Err(e) = xsd_parser {
            let _ = writeln!(t, "\nxsd-parser: {e}");
        }
        match &g.ews {
            Ok(e) => {
                let lines = e.generated.get("lines");
                let types = e.generated.get("types");
                let per = match (lines, types) {
                    (Some(l), Some(ty)) if ty > 0.0 => format!("{:.0}", l / ty),
                    _ => "—".into(),
                };
                let _ = writeln!(
                    t,
                    "\n| `exchange_ews_full` | lines | types | lines per type | generate, s | `cargo check`, s | debug build, s | rustc peak (check / build), MB |"
                );
                let _ = writeln!(t, "|---|---|---|---|---|---|---|---|");
                let _ = writeln!(
                    t,
                    "| wsbind | {} | {} | {per} | {} | {} | {} | {} / {} |",
                    lines.map_or("—".into(), |v| format!("{v:.0}")),
                    types.map_or("—".into(), |v| format!("{v:.0}")),
                    e.generated.get("secs").map_or("—".into(), |v| format!("{v:.2}")),
                    f1(e.check.get("wall_secs")),
                    f1(e.build.get("wall_secs")),
                    f1(e.check.peak_mb()),
                    f1(e.build.peak_mb()),
                );
            }
            Err(e) => {
                let _ = writeln!(t, "\nexchange-ews-full: {}", e.replace('\n', " / "));
            }
        }
    }
    t
}
