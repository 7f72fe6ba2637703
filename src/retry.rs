//! The retry policy of a client: which attempts may be repeated, how long to wait between them
//! (exponential back-off with jitter, or the server's `Retry-After`), and when to give up
//! (attempts, total time).
//!
//! On by default only where repeating is safe: requests whose method is safe to repeat (an ASMX
//! HTTP GET binding, a REST `GET`) are retried after a connection failure, a timeout, a cut
//! reply or a 429 / 502 / 503 / 504 reply; every other request (SOAP calls, POST, PUT, ...) only
//! after a connection failure, when nothing was sent. [`RetryPolicy::retry_unsafe`] opts a
//! whole client in, [`RetryPolicy::retry_operation`] one operation.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use crate::error::{Error, TransportErrorKind};

/// Attempts per call by default (the first one included).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Back-off before the second attempt by default; doubled for each later one.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// Longest back-off between two attempts by default.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Longest time from the first attempt to the start of the last one, by default. A
/// `Retry-After` that would end later is not waited for: the reply is returned.
pub const DEFAULT_MAX_TOTAL_TIME: Duration = Duration::from_secs(30);

/// When and how a client repeats a failed attempt (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total_time: Duration,
    jitter: bool,
    retry_unsafe: bool,
    operations: Vec<Cow<'static, str>>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_total_time: DEFAULT_MAX_TOTAL_TIME,
            jitter: true,
            retry_unsafe: false,
            operations: Vec::new(),
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Could not connect: nothing was sent.
    Connect,
    /// Sent (maybe partly) and no complete reply: timeout, cut body, other.
    AfterSend,
    /// A reply with a retryable status (429, 502, 503, 504), with its `Retry-After`.
    Status(Option<Duration>),
}

impl RetryPolicy {
    /// The default policy (see the module docs and the `DEFAULT_*` constants).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never repeats an attempt.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..Self::default() }
    }

    /// Attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Back-off before the second attempt (doubled for each later one) and its upper bound.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Longest time from the first attempt to the start of the last one.
    pub fn max_total_time(mut self, total: Duration) -> Self {
        self.max_total_time = total;
        self
    }

    /// Whether back-offs are randomised (between half and all of the computed value; on by
    /// default, so that many clients do not retry in step).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Also repeat requests that are not safe to repeat (SOAP calls, POST, ...) after a
    /// timeout, a cut reply or a retryable status: only for services whose operations are
    /// idempotent.
    pub fn retry_unsafe(mut self, yes: bool) -> Self {
        self.retry_unsafe = yes;
        self
    }

    /// Treats operation `name` (the WSDL operation or OpenAPI `operationId`) as safe to repeat.
    pub fn retry_operation(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.operations.push(name.into());
        self
    }

    /// The attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn is_safe(&self, operation: &str, safe_method: bool) -> bool {
        safe_method || self.retry_unsafe || self.operations.iter().any(|o| o == operation)
    }

    /// The wait before attempt `attempt + 1` after `failure` of attempt `attempt` (1-based), or
    /// `None` when the call must not be repeated. `elapsed` is the time since the first attempt.
    pub(crate) fn delay(&self, attempt: u32, failure: Failure, safe: bool, elapsed: Duration) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let retry_after = match failure {
            Failure::Connect => None,
            Failure::AfterSend if safe => None,
            Failure::Status(retry_after) if safe => retry_after,
            Failure::AfterSend | Failure::Status(_) => return None,
        };
        let delay = match retry_after {
            Some(d) => d,
            None => {
                let exp = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt - 1)).min(self.max_backoff);
                if self.jitter { jittered(exp) } else { exp }
            }
        };
        (elapsed.saturating_add(delay) <= self.max_total_time).then_some(delay)
    }
}

/// Between half and all of `d`, at random.
fn jittered(d: Duration) -> Duration {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(d.as_nanos() as u64);
    let r = h.finish() % 1_000_001;
    let half = d / 2;
    half + Duration::from_nanos(((d - half).as_nanos() as u64).saturating_mul(r) / 1_000_000)
}

/// The retry-relevant failure of an attempt that returned `result`, if any.
pub(crate) fn failure_of(result: &Result<http::Response<bytes::Bytes>, Error>) -> Option<Failure> {
    match result {
        Ok(reply) => match reply.status().as_u16() {
            429 | 502 | 503 | 504 => {
                let retry_after = reply
                    .headers()
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_retry_after);
                Some(Failure::Status(retry_after))
            }
            _ => None,
        },
        Err(Error::Transport(e)) => match e.kind {
            TransportErrorKind::Connect => Some(Failure::Connect),
            TransportErrorKind::Timeout | TransportErrorKind::Body | TransportErrorKind::Other => {
                Some(Failure::AfterSend)
            }
            _ => None,
        },
        Err(_) => None,
    }
}

/// The longest `Retry-After` a caller is handed (`Error::retry_after`): one day. A server asking
/// for more (`u64::MAX` seconds, a date years ahead) gets this, so that adding it to an `Instant`
/// cannot overflow and a caller's scheduler is not told to wait for ever.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// `Retry-After`: delay in seconds, or an HTTP date (the time left until then, zero when past),
/// at most [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = u64::try_from(date.timestamp()).ok().map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        let later = chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(3600));
        let d = parse_retry_after(&later.to_rfc2822()).unwrap();
        assert!(d > Duration::from_secs(3500) && d <= Duration::from_secs(3600), "{d:?}");
        assert_eq!(parse_retry_after("soon"), None);
        // Capped: a caller never sees more than a day.
        assert_eq!(parse_retry_after("18446744073709551615"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT"), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn backoff_doubles_and_stops() {
        let p = RetryPolicy::new().jitter(false).max_attempts(4);
        let ms = Duration::from_millis;
        assert_eq!(p.delay(1, Failure::AfterSend, true, Duration::ZERO), Some(ms(200)));
        assert_eq!(p.delay(2, Failure::AfterSend, true, Duration::ZERO), Some(ms(400)));
        assert_eq!(p.delay(3, Failure::AfterSend, true, Duration::ZERO), Some(ms(800)));
        assert_eq!(p.delay(4, Failure::AfterSend, true, Duration::ZERO), None);
        // Unsafe: only connection failures.
        assert_eq!(p.delay(1, Failure::AfterSend, false, Duration::ZERO), None);
        assert_eq!(p.delay(1, Failure::Status(None), false, Duration::ZERO), None);
        assert_eq!(p.delay(1, Failure::Connect, false, Duration::ZERO), Some(ms(200)));
        // Retry-After wins, within the total time.
        assert_eq!(p.delay(1, Failure::Status(Some(ms(1500))), true, Duration::ZERO), Some(ms(1500)));
        assert_eq!(p.delay(1, Failure::Status(Some(Duration::from_secs(31))), true, Duration::ZERO), None);
        assert_eq!(p.delay(1, Failure::AfterSend, true, Duration::from_secs(30)), None);
        assert_eq!(RetryPolicy::none().delay(1, Failure::Connect, true, Duration::ZERO), None);
    }

    #[test]
    fn jitter_stays_within_half_and_all() {
        for _ in 0..100 {
            let d = jittered(Duration::from_millis(400));
            assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(400), "{d:?}");
        }
    }

    #[test]
    fn operations_opt_in() {
        let p = RetryPolicy::new().retry_operation("GetThing");
        assert!(p.is_safe("GetThing", false));
        assert!(!p.is_safe("SetThing", false));
        assert!(p.is_safe("SetThing", true));
        assert!(RetryPolicy::new().retry_unsafe(true).is_safe("SetThing", false));
    }
}
