//! The WSDL/XSD front end: any bytes as a WSDL file load into a model or fail with diagnostics.
#![no_main]

use std::io::Write as _;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("wsbind-fuzz-wsdl-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("input.wsdl");
    let Ok(mut f) = std::fs::File::create(&file) else { return };
    if f.write_all(data).is_err() {
        return;
    }
    drop(f);
    let options = wsbind_codegen::wsdl::LoadOptions { module: "fuzz".into(), ..Default::default() };
    let _ = wsbind_codegen::wsdl::load(&[file], &options);
    // The XSD/XML reader alone, without the file system.
    let text = wsbind_codegen::xsd::read::decode(data);
    let _ = wsbind_codegen::xsd::read::parse(std::path::Path::new("input.xsd"), &text);
});
