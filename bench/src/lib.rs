//! Shared pieces of the `cargo xtask bench` binaries: the synthetic TC2 messages, the
//! hand-written serde structs a quick-xml user would write for them, and timing helpers.

use std::fmt::Write as _;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The TC2 target namespace.
pub const TC2_NS: &str = "https://services.alarmnet.com/TC2/";

/// A `SynchronizePanelUserResponse` SOAP 1.1 reply with `items` `SyncStatus` entries, shaped as the
/// ASMX help page shows it (prefixed envelope, default namespace on the response), ~320 bytes per
/// item. One entity per item (`&amp;`) so that text unescaping is part of the work.
pub fn reply(items: usize) -> String {
    let mut out = String::with_capacity(items * 330 + 600);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<soap:Body>\n\
         <SynchronizePanelUserResponse xmlns=\"https://services.alarmnet.com/TC2/\">\n<SynchronizePanelUserResult>\n<SynchronizationStatus>\n",
    );
    for i in 0..items {
        let _ = write!(
            out,
            "<SyncStatus><DeviceID>{}</DeviceID><DeviceName>Panel {:06} kp</DeviceName><TotalSteps>12</TotalSteps>\
             <CurrentStep>{}</CurrentStep><Description>Sync codes for location {}</Description>\
             <StatusText>Completed &amp; verified</StatusText><ResultCode>0</ResultCode>\
             <ResultData>OK {}</ResultData></SyncStatus>\n",
            9_000_000_000i64 + i as i64,
            i,
            i % 12,
            1_234_567 + i,
            i
        );
    }
    out.push_str("</SynchronizationStatus>\n</SynchronizePanelUserResult>\n</SynchronizePanelUserResponse>\n</soap:Body>\n</soap:Envelope>\n");
    out
}

/// `(location id, device id, authorizing code)` of request item `i`.
pub fn request_item(i: usize) -> (i64, i64, String) {
    (1_234_567 + i as i64, 9_000_000_000 + i as i64, format!("AC-{i:08}-<&>"))
}

/// What a decoder read, to check every decoder did the same work (and keep it from being
/// optimised away): items, sum of device ids, total length of the text fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    pub items: usize,
    pub ids: i64,
    pub text: usize,
}

impl Digest {
    pub fn add(&mut self, id: i64, texts: [Option<&str>; 4], numbers: [i32; 3]) {
        self.items += 1;
        self.ids = self.ids.wrapping_add(id).wrapping_add(i64::from(numbers[0] + numbers[1] + numbers[2]));
        self.text += texts.iter().flatten().map(|t| t.len()).sum::<usize>();
    }
}

// --- quick-xml serde: the structs a user writes by hand for this reply -------------------------

#[derive(Deserialize)]
pub struct SerdeEnvelope {
    // quick-xml 0.42 matches the local name: `soap:Body` is `Body`.
    #[serde(rename = "Body")]
    pub body: SerdeBody,
}

#[derive(Deserialize)]
pub struct SerdeBody {
    #[serde(rename = "SynchronizePanelUserResponse")]
    pub response: SerdeResponse,
}

#[derive(Deserialize)]
pub struct SerdeResponse {
    #[serde(rename = "SynchronizePanelUserResult")]
    pub result: Option<SerdeResult>,
}

#[derive(Deserialize)]
pub struct SerdeResult {
    #[serde(rename = "SynchronizationStatus")]
    pub status: Option<SerdeStatusList>,
}

#[derive(Deserialize)]
pub struct SerdeStatusList {
    #[serde(rename = "SyncStatus", default)]
    pub items: Vec<SerdeSyncStatus>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SerdeSyncStatus {
    #[serde(rename = "DeviceID")]
    pub device_id: i64,
    pub device_name: Option<String>,
    pub total_steps: i32,
    pub current_step: i32,
    pub description: Option<String>,
    pub status_text: Option<String>,
    pub result_code: i32,
    pub result_data: Option<String>,
}

#[derive(Serialize)]
#[serde(rename = "soap:Envelope")]
pub struct SerdeRequestEnvelope {
    #[serde(rename = "@xmlns:xsi")]
    pub xsi: &'static str,
    #[serde(rename = "@xmlns:xsd")]
    pub xsd: &'static str,
    #[serde(rename = "@xmlns:soap")]
    pub soap: &'static str,
    #[serde(rename = "soap:Body")]
    pub body: SerdeRequestBody,
}

#[derive(Serialize)]
pub struct SerdeRequestBody {
    #[serde(rename = "SynchronizePanelUser")]
    pub request: SerdeSynchronizePanelUser,
}

#[derive(Serialize)]
pub struct SerdeSynchronizePanelUser {
    #[serde(rename = "@xmlns")]
    pub xmlns: &'static str,
    #[serde(rename = "SessionID", skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(rename = "DeviceList")]
    pub device_list: SerdeDeviceList,
    #[serde(rename = "StatusOnly")]
    pub status_only: bool,
    #[serde(rename = "AdditionalInput", skip_serializing_if = "Option::is_none")]
    pub additional_input: Option<String>,
    #[serde(rename = "userCodeDirectPush")]
    pub user_code_direct_push: bool,
}

#[derive(Serialize)]
pub struct SerdeDeviceList {
    #[serde(rename = "DeviceAuthorizingCode")]
    pub items: Vec<SerdeDeviceAuthorizingCode>,
}

#[derive(Serialize)]
pub struct SerdeDeviceAuthorizingCode {
    #[serde(rename = "LocationID")]
    pub location_id: i64,
    #[serde(rename = "DeviceID")]
    pub device_id: i64,
    #[serde(rename = "AuthorizingCode", skip_serializing_if = "Option::is_none")]
    pub authorizing_code: Option<String>,
}

/// The serde request with `items` device codes.
pub fn serde_request(items: usize) -> SerdeRequestEnvelope {
    SerdeRequestEnvelope {
        xsi: "http://www.w3.org/2001/XMLSchema-instance",
        xsd: "http://www.w3.org/2001/XMLSchema",
        soap: "http://schemas.xmlsoap.org/soap/envelope/",
        body: SerdeRequestBody {
            request: SerdeSynchronizePanelUser {
                xmlns: TC2_NS,
                session_id: Some("TC2SESSION-0123456789".into()),
                device_list: SerdeDeviceList {
                    items: (0..items)
                        .map(|i| {
                            let (location_id, device_id, code) = request_item(i);
                            SerdeDeviceAuthorizingCode { location_id, device_id, authorizing_code: Some(code) }
                        })
                        .collect(),
                },
                status_only: false,
                additional_input: Some("bench".into()),
                user_code_direct_push: true,
            },
        },
    }
}

/// The CPU time this thread has used. Speeds are measured in CPU time, not wall time: the bench
/// machine is shared (2 cores, other builds running), and time spent descheduled is not the
/// code's.
pub fn thread_cpu_time() -> Duration {
    // SAFETY: clock_gettime writes the timespec it is given.
    let ts = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
        ts
    };
    Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0))
}

/// Runs `f` `iters` times (after one warm-up run) and returns the fastest run (thread CPU time)
/// and its result.
pub fn best_of<T>(iters: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut result = f();
    let mut best = Duration::MAX;
    for _ in 0..iters.max(1) {
        let start = thread_cpu_time();
        result = std::hint::black_box(f());
        best = best.min(thread_cpu_time().saturating_sub(start));
    }
    (best, result)
}
