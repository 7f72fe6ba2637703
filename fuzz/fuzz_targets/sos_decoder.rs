//! The generated sos reply decoder, through the SOAP envelope as a client receives it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::sos;

fuzz_target!(|data: &[u8]| {
    match wsbind::soap::decode_op_response::<sos::GetAuthorizationTokenByEntityResponse>(
        &sos::ops::GET_AUTHORIZATION_TOKEN_BY_ENTITY,
        data,
    ) {
        Ok(v) => {
            let _ = format!("{v:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
});
