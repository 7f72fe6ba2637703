//! The generated Mews JSON reply types (`ResourceAccessTokenGetAllResult`): any JSON decodes or
//! fails; what decodes serialises and decodes again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::mews::ResourceAccessTokenGetAllResult;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<ResourceAccessTokenGetAllResult>(data) else { return };
    let json = serde_json::to_vec(&v).expect("a decoded value serialises");
    let again: ResourceAccessTokenGetAllResult = serde_json::from_slice(&json).expect("its JSON decodes again");
    assert_eq!(v, again, "JSON round trip changed the value");
});
