//! Decode and encode cases of `cargo xtask bench`, one case per process so that its peak
//! memory can be measured alone (by `measure`):
//!
//! * `xml data DIR N...` — writes `DIR/reply-N.xml`.
//! * `xml decode CASE FILE ITERS` — `none` (read the file only), `wsbind` (`soap::decode_response`),
//!   `wsbind-reader` (the generated decoder on `xml::Reader`, without the envelope checks),
//!   `serde` (quick-xml serde derive), `scan` (bare quick-xml event scan), `walk` (every element
//!   through `xml::Reader`, texts as `String`, nothing kept: the reader's share).
//! * `xml encode CASE N ITERS` — `none` (build the values only), `wsbind` (`SoapClient::envelope`),
//!   `serde` (quick-xml serde serializer), `events` (bare quick-xml event writer).
//!
//! Each prints `bytes=B secs=S check=...`: the fastest of ITERS runs after a warm-up (ITERS = 0:
//! one run, for memory).

use std::sync::Arc;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use wsbind::tc2;
use wsbind::xml::{Decode as _, Name, Reader};
use wsbind_bench::{Digest, best_of, reply, request_item, serde_request};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["data", dir, sizes @ ..] => data(dir, sizes),
        ["decode", case, file, iters] => decode(case, file, iters.parse().unwrap_or(10)),
        ["encode", case, n, iters] => encode(case, n.parse().unwrap_or(10_000), iters.parse().unwrap_or(10)),
        _ => Err("usage: xml data DIR N... | xml decode CASE FILE ITERS | xml encode CASE N ITERS".into()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn data(dir: &str, sizes: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    for n in sizes {
        let n: usize = n.parse().map_err(|e| format!("{n}: {e}"))?;
        let path = format!("{dir}/reply-{n}.xml");
        std::fs::write(&path, reply(n)).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

fn run<T>(iters: usize, f: impl FnMut() -> T) -> (f64, T) {
    if iters == 0 {
        let mut f = f;
        let start = std::time::Instant::now();
        let r = f();
        return (start.elapsed().as_secs_f64(), r);
    }
    let (d, r) = best_of(iters, f);
    (d.as_secs_f64(), r)
}

fn decode(case: &str, file: &str, iters: usize) -> Result<(), String> {
    let input = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let (secs, digest) = match case {
        "none" => run(iters, || Ok(Digest { items: input.len(), ..Digest::default() })),
        "wsbind" => run(iters, || {
            let op = &tc2::ops::SYNCHRONIZE_PANEL_USER;
            wsbind::soap::decode_op_response::<tc2::SynchronizePanelUserResponse>(op, &input)
                .map(|r| digest_wsbind(&r))
                .map_err(|e| e.to_string())
        }),
        "wsbind-reader" => run(iters, || decode_with_reader(&input).map(|r| digest_wsbind(&r))),
        "serde" => run(iters, || {
            let text = std::str::from_utf8(&input).map_err(|e| e.to_string())?;
            quick_xml::de::from_str::<wsbind_bench::SerdeEnvelope>(text)
                .map(|e| digest_serde(&e))
                .map_err(|e| e.to_string())
        }),
        "scan" => run(iters, || scan(&input)),
        "walk" => run(iters, || walk(&input)),
        _ => return Err(format!("unknown decode case {case}")),
    };
    let digest = digest?;
    println!("bytes={} secs={secs:.6} check={}/{}/{}", input.len(), digest.items, digest.ids, digest.text);
    Ok(())
}

/// The generated decoder on the public `Reader` API, opening the envelope by hand: what
/// `decode_op_response` adds (fault detection, encoding sniffing, the trailing checks) shows as
/// the difference between the two rows.
fn decode_with_reader(input: &[u8]) -> Result<tc2::SynchronizePanelUserResponse, String> {
    let soap = Some("http://schemas.xmlsoap.org/soap/envelope/");
    let mut r = Reader::new(input);
    let root = r.root().map_err(|e| e.to_string())?;
    if root.name() != (soap, "Envelope") {
        return Err("not an envelope".into());
    }
    while let Some(child) = r.next_child().map_err(|e| e.to_string())? {
        if child.name() == (soap, "Body") {
            let first = r.next_child().map_err(|e| e.to_string())?.ok_or("empty Body")?;
            if !first.is(Name::qualified(wsbind_bench::TC2_NS, "SynchronizePanelUserResponse")) {
                return Err("unexpected Body child".into());
            }
            return tc2::SynchronizePanelUserResponse::decode(&mut r, &first).map_err(|e| e.to_string());
        }
        r.skip(&child).map_err(|e| e.to_string())?;
    }
    Err("no Body".into())
}

fn digest_wsbind(r: &tc2::SynchronizePanelUserResponse) -> Digest {
    let mut d = Digest::default();
    for s in r.synchronize_panel_user_result.iter().flat_map(|r| &r.synchronization_status) {
        let texts =
            [s.device_name.as_deref(), s.description.as_deref(), s.status_text.as_deref(), s.result_data.as_deref()];
        d.add(s.device_id, texts, [s.total_steps, s.current_step, s.result_code]);
    }
    d
}

fn digest_serde(e: &wsbind_bench::SerdeEnvelope) -> Digest {
    let mut d = Digest::default();
    let items = e.body.response.result.iter().flat_map(|r| r.status.iter()).flat_map(|s| &s.items);
    for s in items {
        let texts =
            [s.device_name.as_deref(), s.description.as_deref(), s.status_text.as_deref(), s.result_data.as_deref()];
        d.add(s.device_id, texts, [s.total_steps, s.current_step, s.result_code]);
    }
    d
}

/// A breakdown row: every element visited with `xml::Reader` (`next_child`, text as `&str`
/// borrowed, nothing kept), no generated code.
fn walk(input: &[u8]) -> Result<Digest, String> {
    fn visit(r: &mut Reader<'_>, d: &mut Digest) -> Result<(), wsbind::DecodeError> {
        while let Some(child) = r.next_child()? {
            if child.local() == "SyncStatus" {
                d.items += 1;
                while let Some(field) = r.next_child()? {
                    let text: String = r.text(&field)?;
                    d.text += text.len();
                }
            } else {
                visit(r, d)?;
            }
        }
        Ok(())
    }
    let mut r = Reader::new(input);
    let mut d = Digest::default();
    r.root().and_then(|_| visit(&mut r, &mut d)).map_err(|e| e.to_string())?;
    Ok(d)
}

/// The floor: every event read, nothing resolved, unescaped or kept.
fn scan(input: &[u8]) -> Result<Digest, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut d = Digest::default();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().into_inner() == "SyncStatus" => d.items += 1,
            Event::Text(t) => d.text += t.len(),
            Event::Eof => return Ok(d),
            _ => {}
        }
    }
}

#[derive(Debug)]
struct NoTransport;

impl wsbind::transport::Transport for NoTransport {
    fn send(&self, _req: http::Request<bytes::Bytes>) -> wsbind::transport::TransportFuture<'_> {
        Box::pin(async { Err(wsbind::TransportError::new(wsbind::TransportErrorKind::Request, "bench: never sent")) })
    }
}

fn wsbind_request(items: usize) -> tc2::SynchronizePanelUser {
    let list: Vec<tc2::DeviceAuthorizingCode> = (0..items)
        .map(|i| {
            let (location_id, device_id, code) = request_item(i);
            tc2::DeviceAuthorizingCode::new(location_id, device_id).authorizing_code(code)
        })
        .collect();
    tc2::SynchronizePanelUser::new(false, true)
        .session_id("TC2SESSION-0123456789")
        .device_list(list)
        .additional_input("bench")
}

fn encode(case: &str, n: usize, iters: usize) -> Result<(), String> {
    let (secs, out) = match case {
        "none" => {
            let a = wsbind_request(n);
            let b = serde_request(n);
            (0.0, Ok(format!("{}", a.device_list.len() + b.body.request.device_list.items.len())))
        }
        "wsbind" => {
            let req = wsbind_request(n);
            let client = wsbind::soap::SoapClient::with_transport("http://localhost/tc2.asmx", Arc::new(NoTransport));
            run(iters, || {
                client.envelope(&tc2::ops::SYNCHRONIZE_PANEL_USER, &req).map(|(xml, _)| xml).map_err(|e| e.to_string())
            })
        }
        "serde" => {
            let req = serde_request(n);
            run(iters, || {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
                quick_xml::se::to_writer(&mut out, &req).map(|_| out).map_err(|e| e.to_string())
            })
        }
        "events" => {
            let req = serde_request(n);
            run(iters, || write_events(&req))
        }
        _ => return Err(format!("unknown encode case {case}")),
    };
    let out = out?;
    println!("bytes={} secs={secs:.6} check={}", out.len(), out.bytes().filter(|b| *b == b'<').count());
    Ok(())
}

/// The floor for encoding: quick-xml's event writer, every element written by hand.
fn write_events(req: &wsbind_bench::SerdeRequestEnvelope) -> Result<String, String> {
    fn leaf(w: &mut quick_xml::Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
        w.write_event(Event::Start(BytesStart::new(name)))?;
        w.write_event(Event::Text(BytesText::new(text)))?;
        w.write_event(Event::End(BytesEnd::new(name)))
    }
    let inner = || -> std::io::Result<Vec<u8>> {
        let mut w = quick_xml::Writer::new(Vec::with_capacity(1 << 16));
        w.get_mut().extend_from_slice(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        let env = BytesStart::new("soap:Envelope").with_attributes([
            ("xmlns:xsi", req.xsi),
            ("xmlns:xsd", req.xsd),
            ("xmlns:soap", req.soap),
        ]);
        w.write_event(Event::Start(env))?;
        w.write_event(Event::Start(BytesStart::new("soap:Body")))?;
        let r = &req.body.request;
        w.write_event(Event::Start(BytesStart::new("SynchronizePanelUser").with_attributes([("xmlns", r.xmlns)])))?;
        if let Some(s) = &r.session_id {
            leaf(&mut w, "SessionID", s)?;
        }
        w.write_event(Event::Start(BytesStart::new("DeviceList")))?;
        let mut num = String::new();
        for d in &r.device_list.items {
            use std::fmt::Write as _;
            w.write_event(Event::Start(BytesStart::new("DeviceAuthorizingCode")))?;
            num.clear();
            let _ = write!(num, "{}", d.location_id);
            leaf(&mut w, "LocationID", &num)?;
            num.clear();
            let _ = write!(num, "{}", d.device_id);
            leaf(&mut w, "DeviceID", &num)?;
            if let Some(c) = &d.authorizing_code {
                leaf(&mut w, "AuthorizingCode", c)?;
            }
            w.write_event(Event::End(BytesEnd::new("DeviceAuthorizingCode")))?;
        }
        w.write_event(Event::End(BytesEnd::new("DeviceList")))?;
        leaf(&mut w, "StatusOnly", if r.status_only { "true" } else { "false" })?;
        if let Some(s) = &r.additional_input {
            leaf(&mut w, "AdditionalInput", s)?;
        }
        leaf(&mut w, "userCodeDirectPush", if r.user_code_direct_push { "true" } else { "false" })?;
        w.write_event(Event::End(BytesEnd::new("SynchronizePanelUser")))?;
        w.write_event(Event::End(BytesEnd::new("soap:Body")))?;
        w.write_event(Event::End(BytesEnd::new("soap:Envelope")))?;
        Ok(w.into_inner())
    };
    inner().map_err(|e| e.to_string()).and_then(|v| String::from_utf8(v).map_err(|e| e.to_string()))
}
