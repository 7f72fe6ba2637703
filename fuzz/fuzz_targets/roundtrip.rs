//! decode -> encode -> decode identity: a TC2 / SOS reply or a raw XML element (`xs:any`
//! content, kept as `RawXml`) that decodes, written back with `Writer`, decodes again to the same
//! value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::xml::{Decode, Encode, Name, RawXml, Reader, Writer};
use wsbind::{sos, tc2};

/// The decoded root value and the root's namespace and local name.
fn decode<T: Decode>(data: &[u8]) -> Option<(T, Option<String>, String)> {
    let mut r = Reader::new(data);
    let root = r.root().ok()?;
    let v = T::decode(&mut r, &root).ok()?;
    r.finish().ok()?;
    let (ns, local) = root.name();
    Some((v, ns.map(str::to_owned), local.to_owned()))
}

fn identity<T: Decode + Encode + PartialEq + std::fmt::Debug>(data: &[u8]) {
    let Some((v, ns, local)) = decode::<T>(data) else { return };
    let name = Name { ns: ns.as_deref(), local: &local };
    let mut w = Writer::new();
    w.element(name, &v).expect("a decoded value encodes");
    let xml = w.into_string();
    let mut r = Reader::new(xml.as_bytes());
    let root = r.root().unwrap_or_else(|e| panic!("re-encoded XML does not read: {e}\n{xml}"));
    let again = T::decode(&mut r, &root).unwrap_or_else(|e| panic!("re-encoded XML does not decode: {e}\n{xml}"));
    assert_eq!(v, again, "decode -> encode -> decode changed the value\n{xml}");
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    identity::<tc2::GetPartnerCameraRefreshTokenResponse>(data);
    identity::<sos::GetAuthorizationTokenByEntityResponse>(data);
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(raw) = RawXml::parse(text)
    {
        let mut w = Writer::new();
        w.raw(&raw);
        let xml = w.into_string();
        let again =
            RawXml::parse(xml.as_str()).unwrap_or_else(|e| panic!("RawXml written back does not read: {e}\n{xml}"));
        assert_eq!(raw.as_str(), again.as_str(), "RawXml changed on re-encode");
    }
});
