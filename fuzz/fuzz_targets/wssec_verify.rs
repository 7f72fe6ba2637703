//! WS-Security reply verification and exclusive canonicalization on hostile input: any text
//! gives `Ok` or a typed `SecurityError` (never a panic), and canonicalization is idempotent —
//! the canonical form of a canonical form is itself (a property any correct c14n has, checked
//! here on whatever documents the fuzzer finds).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wsbind::wssec::{ReplyVerifier, c14n};

fn verifier() -> &'static ReplyVerifier {
    static VERIFIER: OnceLock<ReplyVerifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        ReplyVerifier::from_pem(include_bytes!("../../tests/fixtures/wssec/server-cert.pem"))
            .expect("the test certificate reads")
            .allow_sha1(true)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = verifier().verify(text) {
        let _ = (e.to_string(), format!("{e:?}"));
    }
    if let Ok(canonical) = c14n::canonicalize_document(text) {
        let canonical = String::from_utf8(canonical).expect("canonical XML is UTF-8");
        let again = c14n::canonicalize_document(&canonical)
            .unwrap_or_else(|e| panic!("the canonical form does not parse: {e:?}\n{canonical}"));
        assert_eq!(String::from_utf8_lossy(&again), canonical, "canonicalization is not idempotent");
    }
});
