//! The redirect policy of a client: which 3xx replies are followed. A request body or a
//! credential never goes to another origin: cross-origin redirects are never followed, and by
//! default SOAP calls and requests carrying secrets follow none at all. A redirect that is not
//! followed is [`Error::Redirect`](crate::Error::Redirect) naming the `Location`.
//!
//! The default transport hands every 3xx reply to the runtime (reqwest's own redirect handling
//! is off); a transport of your own that follows redirects itself bypasses this policy.

use url::Url;

/// Hops followed at most before a redirect fails.
pub const MAX_REDIRECTS: usize = 10;

/// Which redirects a client follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RedirectPolicy {
    /// Follow none. The default of SOAP clients.
    None,
    /// Follow redirects to the same origin (scheme, host, port) for requests that carry no
    /// secret; none for the others. The default of REST clients.
    #[default]
    SameOrigin,
    /// Follow redirects to the same origin, also for requests carrying secrets.
    SameOriginWithSecrets,
}

/// What to do with a 3xx reply.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Not a redirect (no `Location`, or a 300/304/305/306).
    NotARedirect,
    /// Follow to this URL, as a GET without body when `as_get`.
    Follow { to: Url, as_get: bool },
    /// Refuse: the location as the server named it (resolved when possible).
    Refuse(String),
}

impl RedirectPolicy {
    /// The decision for a reply with `status` and `location` to a request to `from` with
    /// `method`, `carries_secrets` or not.
    pub(crate) fn decide(
        self,
        status: u16,
        location: Option<&str>,
        from: &str,
        method: &http::Method,
        carries_secrets: bool,
    ) -> Decision {
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return Decision::NotARedirect;
        }
        let Some(location) = location else {
            return Decision::NotARedirect;
        };
        let Some(to) = Url::parse(from).ok().and_then(|base| base.join(location).ok()) else {
            return Decision::Refuse(location.to_owned());
        };
        let allowed = match self {
            RedirectPolicy::None => false,
            RedirectPolicy::SameOrigin => !carries_secrets,
            RedirectPolicy::SameOriginWithSecrets => true,
        };
        let same_origin = Url::parse(from).is_ok_and(|f| f.origin() == to.origin());
        if !allowed || !same_origin {
            return Decision::Refuse(to.to_string());
        }
        let as_get = matches!(status, 301..=303) && *method != http::Method::GET && *method != http::Method::HEAD;
        Decision::Follow { to, as_get }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions() {
        let get = http::Method::GET;
        let post = http::Method::POST;
        let from = "http://a.example:8080/svc?x=1";
        let p = RedirectPolicy::SameOrigin;
        assert_eq!(p.decide(200, Some("/x"), from, &get, false), Decision::NotARedirect);
        assert_eq!(p.decide(302, None, from, &get, false), Decision::NotARedirect);
        let Decision::Follow { to, as_get } = p.decide(307, Some("/other"), from, &post, false) else { panic!() };
        assert_eq!((to.as_str(), as_get), ("http://a.example:8080/other", false));
        let Decision::Follow { as_get, .. } = p.decide(302, Some("/other"), from, &post, false) else { panic!() };
        assert!(as_get);
        assert_eq!(
            p.decide(307, Some("http://b.example:8080/x"), from, &post, false),
            Decision::Refuse("http://b.example:8080/x".into())
        );
        assert_eq!(
            p.decide(308, Some("https://a.example:8080/x"), from, &get, false),
            Decision::Refuse("https://a.example:8080/x".into())
        );
        assert!(matches!(p.decide(307, Some("/other"), from, &post, true), Decision::Refuse(_)));
        assert!(matches!(
            RedirectPolicy::SameOriginWithSecrets.decide(307, Some("/o"), from, &post, true),
            Decision::Follow { .. }
        ));
        assert!(matches!(RedirectPolicy::None.decide(301, Some("/o"), from, &get, false), Decision::Refuse(_)));
    }
}
