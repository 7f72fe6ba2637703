//! Secret scrubbing: any secret and any text never panic, and the raw secret never survives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::scrub::Secrets;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (secret, rest) = text.split_at(text.char_indices().nth(8).map_or(text.len(), |(i, _)| i));
    let mut s = Secrets::new();
    s.add(secret);
    let scrubbed = s.scrub(rest);
    let kept = secret.trim();
    if kept.chars().count() >= wsbind::scrub::MIN_SECRET_LEN && !kept.contains('*') {
        assert!(!scrubbed.contains(kept), "{kept:?} survived in {scrubbed:?}");
    }
    s.collect_xml(rest, &["pin"]);
    let _ = s.scrub(text);
});
