//! Sending one call through a [`Transport`]: the attempts of the client's [`RetryPolicy`] (with
//! the transport's timer between them), the 3xx replies its [`RedirectPolicy`] allows, the
//! per-call [`CallOptions`] (one deadline for the whole call and a limit per attempt, each
//! attempt raced against the transport's timer and told what is left as [`CallLimits`] in the
//! request extensions; the reply size checked again for transports that do not stream), and the
//! fields of the call's tracing span. SOAP and REST clients both send through [`send`].

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};

use crate::error::{Error, TransportError, TransportErrorKind};
use crate::limits::{CallLimits, CallOptions};
use crate::redirect::{Decision, MAX_REDIRECTS, RedirectPolicy};
use crate::retry::{RetryPolicy, failure_of};
use crate::scrub::Secrets;
use crate::transport::Transport;

/// How one call is sent.
pub(crate) struct Exchange<'a> {
    pub transport: &'a dyn Transport,
    pub operation: &'static str,
    /// The method is safe to repeat (HTTP GET binding, REST GET).
    pub safe_method: bool,
    pub retry: &'a RetryPolicy,
    pub redirects: RedirectPolicy,
    pub options: CallOptions,
    pub secrets: &'a Secrets,
    /// The call's span (fields recorded here).
    pub span: tracing::Span,
    /// Builds the body of every send after the first from the one before (a SOAP envelope gets
    /// a fresh WS-Security nonce and `Created`: servers reject a replayed nonce).
    pub refresh: Option<&'a RefreshBody<'a>>,
}

/// See [`Exchange::refresh`].
pub(crate) type RefreshBody<'a> = dyn Fn(&Bytes) -> Result<Bytes, Error> + Send + Sync + 'a;

/// Sends `request` as `x` says; returns the final reply (any status) or the error of the last
/// attempt. Errors are not scrubbed here: callers scrub what they return.
pub(crate) async fn send(x: Exchange<'_>, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, Error> {
    let span = x.span.clone();
    let started = Instant::now();
    let (parts, mut body) = request.into_parts();
    let mut method = parts.method;
    let mut uri = parts.uri;
    let mut headers = parts.headers;
    let version = parts.version;
    let safe = x.retry.is_safe(x.operation, x.safe_method);
    let carries_secrets = !x.secrets.is_empty();
    let deadline = x.options.timeout.map(|total| started + total);
    let mut attempt = 0u32;
    let mut hops = 0usize;
    let mut first_attempt_at = started;
    let mut sends = 0u32;
    loop {
        attempt += 1;
        sends += 1;
        span.record("attempt", attempt);
        if sends > 1
            && let Some(refresh) = x.refresh
            && !body.is_empty()
        {
            body = refresh(&body)?;
        }
        // What this attempt may take: what is left of the call, or its own limit when shorter.
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left == Some(Duration::ZERO) {
            return Err(call_timed_out(&span, started, x.options, attempt - 1));
        }
        let attempt_limit = [left, x.options.attempt_timeout].into_iter().flatten().min();
        let limits = CallLimits { timeout: attempt_limit, max_reply_bytes: x.options.max_reply_bytes };
        let mut req = http::Request::new(body.clone());
        *req.method_mut() = method.clone();
        *req.uri_mut() = uri.clone();
        *req.headers_mut() = headers.clone();
        *req.version_mut() = version;
        req.extensions_mut().insert(limits);
        if attempt == 1 {
            crate::trace::body_event("request", &body, x.secrets);
        }
        let mut result = match attempt_limit {
            None => x.transport.send(req).await.map_err(Error::Transport),
            Some(limit) => match futures_util::future::select(x.transport.send(req), x.transport.sleep(limit)).await {
                futures_util::future::Either::Left((result, _)) => result.map_err(Error::Transport),
                futures_util::future::Either::Right(_) => Err(Error::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no complete reply within {} ms", limit.as_millis()),
                ))),
            },
        };
        if let (Ok(reply), Some(limit)) = (&result, limits.max_reply_bytes)
            && reply.body().len() as u64 > limit
        {
            result = Err(Error::Transport(TransportError::new(
                TransportErrorKind::TooLarge { limit },
                format!("the reply has {} bytes", reply.body().len()),
            )));
        }
        if let Some(failure) = failure_of(&result)
            && let Some(delay) = x.retry.delay(attempt, failure, safe, first_attempt_at.elapsed())
            // Another attempt only when it would start before the call's deadline.
            && deadline.is_none_or(|d| Instant::now() + delay < d)
        {
            tracing::debug!(target: "wsbind::retry", attempt, delay_ms = delay.as_millis() as u64, "retrying");
            x.transport.sleep(delay).await;
            continue;
        }
        let reply = match result {
            Ok(reply) => reply,
            Err(e) => {
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                span.record("error", tracing::field::display(error_kind(&e)));
                return Err(e);
            }
        };
        let location = reply.headers().get(LOCATION).and_then(|v| v.to_str().ok());
        let from = uri.to_string();
        match x.redirects.decide(reply.status().as_u16(), location, &from, &method, carries_secrets) {
            Decision::NotARedirect => {
                if let Some(encoding) = foreign_encoding(&reply) {
                    let e = Error::Transport(TransportError::new(
                        TransportErrorKind::UnsupportedEncoding,
                        format!("`Content-Encoding: {encoding}`; only identity replies are read"),
                    ));
                    span.record("duration_ms", started.elapsed().as_millis() as u64);
                    span.record("error", tracing::field::display(error_kind(&e)));
                    return Err(e);
                }
                span.record("status", reply.status().as_u16());
                span.record("reply_bytes", reply.body().len() as u64);
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                crate::trace::body_event("reply", reply.body(), x.secrets);
                return Ok(reply);
            }
            Decision::Follow { to, as_get } if hops < MAX_REDIRECTS => {
                hops += 1;
                let Ok(next) = to.as_str().parse::<http::Uri>() else {
                    return Err(refused(&span, started, reply.status().as_u16(), to.to_string()));
                };
                uri = next;
                if as_get {
                    method = http::Method::GET;
                    body = Bytes::new();
                    headers.remove(CONTENT_TYPE);
                    headers.remove(CONTENT_LENGTH);
                }
                attempt = 0;
                first_attempt_at = Instant::now();
            }
            Decision::Follow { to, .. } => {
                return Err(refused(&span, started, reply.status().as_u16(), to.to_string()));
            }
            Decision::Refuse(location) => return Err(refused(&span, started, reply.status().as_u16(), location)),
        }
    }
}

/// The reply's `Content-Encoding` when it is not identity: the body is then compressed (or
/// otherwise coded), which no decoder here reads. The client asks for none, but servers and
/// proxies send gzip regardless.
fn foreign_encoding(reply: &http::Response<Bytes>) -> Option<String> {
    let value = reply.headers().get(CONTENT_ENCODING)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let coded = text.split(',').map(str::trim).any(|c| !c.is_empty() && !c.eq_ignore_ascii_case("identity"));
    coded.then(|| text.trim().chars().take(64).collect())
}

/// The call's deadline passed before another attempt could start.
fn call_timed_out(span: &tracing::Span, started: Instant, options: CallOptions, attempts: u32) -> Error {
    let total = options.timeout.unwrap_or_default();
    let e = Error::Transport(TransportError::new(
        TransportErrorKind::Timeout,
        format!("the call's timeout of {} ms passed after {attempts} attempt(s)", total.as_millis()),
    ));
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    span.record("error", tracing::field::display(error_kind(&e)));
    e
}

fn refused(span: &tracing::Span, started: Instant, status: u16, location: String) -> Error {
    span.record("status", status);
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    span.record("error", "redirect");
    Error::Redirect { status, location }
}

fn error_kind(e: &Error) -> String {
    match e {
        Error::Transport(t) => format!("transport: {}", t.kind),
        _ => "error".to_owned(),
    }
}
