//! The OpenAPI front end: any text parses into the position index and `openapiv3`, or fails with
//! a positioned diagnostic; a document that parses goes through the model builder too.
#![no_main]

use std::io::Write as _;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = std::path::Path::new("input.yaml");
    let Ok(src) = wsbind_codegen::openapi::source::Source::parse(path, text) else { return };
    if src.openapi().is_err() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wsbind-fuzz-openapi-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("input.yaml");
    let Ok(mut f) = std::fs::File::create(&file) else { return };
    if f.write_all(data).is_ok() {
        let options = wsbind_codegen::openapi::LoadOptions { module: "fuzz".into(), ..Default::default() };
        let _ = wsbind_codegen::openapi::load(&file, &options);
    }
});
