//! The generated AIM XML reply decoder (`CustomerAccessTokenResponse`), as the REST client reads
//! an XML reply: the root checked, the document finished.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::aim;
use wsbind::xml::{Decode, Reader};

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let Ok(root) = r.root() else { return };
    if root.local() != "CustomerAccessTokenResponse" {
        return;
    }
    let decoded = aim::CustomerAccessTokenResponse::decode(&mut r, &root).and_then(|v| r.finish().map(|()| v));
    match decoded {
        Ok(v) => {
            let _ = serde_json::to_string(&v);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
