//! The generated tc2 reply decoder, through the SOAP envelope as a client receives it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::tc2;

fuzz_target!(|data: &[u8]| {
    match wsbind::soap::decode_op_response::<tc2::GetPartnerCameraRefreshTokenResponse>(
        &tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN,
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
