//! A WSDL's WS-SecurityPolicy configured by the generated client: the module the emitter writes
//! from `codegen/tests/fixtures/emit/policy_x509.wsdl` (an asymmetric binding: the client's
//! certificate named by issuer and serial, a timestamp, the `Body` and the `Account` header
//! signed, signed replies) called against an in-process server.
//!
//! - with a signer and a reply verifier (feature `x509`), the request goes out signed as the
//!   policy says, although the signer was built with the defaults (a `BinarySecurityToken`, no
//!   header), and the signed reply (`tests/fixtures/wssec/reply-signed-rsa.xml`) is verified;
//! - without them, the call fails before anything is sent, saying what to set;
//! - a policy the signer cannot follow (a SHA-1 algorithm suite) is `Error::Unsupported`.

mod production_util;

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[rustfmt::skip]
#[path = "../codegen/tests/golden/policy_x509.rs"]
mod policy_x509;

use policy_x509::{Account, GetQuote};
use production_util::*;
use wsbind::Error;
use wsbind::wssec::{PasswordType, WsSecurity};

fn quote_request() -> GetQuote {
    GetQuote::new("WSB".to_owned())
}

#[test]
fn the_generated_constant_says_what_the_wsdl_asks() {
    let policy = policy_x509::SECURITY_POLICY;
    assert_eq!(policy.signature_reference(), Some(wsbind::wssec::PolicyKeyReference::IssuerSerial));
    assert!(policy.requires_timestamp() && policy.replies_signed() && !policy.requires_https());
    assert_eq!(policy.signed_header_names(), &[wsbind::xml::Name::qualified("urn:example:quotes", "Account")]);
    assert_eq!(policy.suite(), Some("Basic256Sha256"));
    assert_eq!(policy.unsupported_assertions(), &["wsaw:UsingAddressing"]);
}

#[tokio::test]
async fn without_a_signer_the_call_fails_before_sending() {
    let server = serve(|_, _| reply(500, "text/xml", fault("must not be called", ""))).await;
    let built = policy_x509::Client::builder(server.url("/svc"))
        .account(Account::new("acc-1".to_owned()))
        .ws_security(WsSecurity::new().username_token("bob", "pw", PasswordType::Text))
        .build()
        .unwrap();
    let plain = policy_x509::Client::with_transport(
        server.url("/svc"),
        std::sync::Arc::new(wsbind::transport::ReqwestTransport::new()),
    )
    .with_account(Account::new("acc-1".to_owned()));
    for client in [built, plain] {
        let err = client.get_quote(&quote_request()).await.unwrap_err();
        let Error::Invalid(invalid) = &err else { panic!("expected Error::Invalid, got {err:?}") };
        assert_eq!(invalid.field, "wsse:Security");
        assert!(invalid.cause.contains("an X.509 signature (`WsSecurity::sign`"), "{}", invalid.cause);
        assert!(invalid.cause.contains("a verifier of the replies it signs"), "{}", invalid.cause);
        assert!(invalid.cause.contains("the client builder's `ws_security(..)`"), "{}", invalid.cause);
        assert!(err.to_string().starts_with("invalid request, nothing was sent: field `wsse:Security`:"), "{err}");
    }
    assert_eq!(server.count(), 0, "nothing was sent");
}

#[cfg(feature = "x509")]
mod x509 {
    use std::time::Duration;

    use wsbind::wssec::{ReplyVerifier, WSSE_NS, WSU_NS, X509Signer};

    use super::*;

    const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

    fn read(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wssec").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, ns: &str, local: &str) -> roxmltree::Node<'a, 'i> {
        node.children()
            .find(|c| c.is_element() && c.has_tag_name((ns, local)))
            .unwrap_or_else(|| panic!("no {local} in {:?}", node.tag_name()))
    }

    #[tokio::test]
    async fn a_client_built_with_the_policy_signs_as_it_says_and_verifies_the_reply() {
        let signed_reply = read("reply-signed-rsa.xml");
        let server = serve(move |_, _| reply(200, "text/xml; charset=utf-8", signed_reply.clone())).await;
        // The signer's defaults: a BinarySecurityToken reference, no header signed.
        let signer = X509Signer::from_pem(&read("rsa-key.pem"), &read("rsa-cert.pem")).unwrap();
        let wss =
            WsSecurity::new().sign(signer).verify_replies(ReplyVerifier::from_pem(&read("server-cert.pem")).unwrap());
        let client = policy_x509::Client::builder(server.url("/svc"))
            .account(Account::new("acc-1".to_owned()))
            .ws_security(wss)
            .build()
            .unwrap();
        let quote = client.get_quote(&quote_request()).await.unwrap_or_else(|e| panic!("{}", e.chain()));
        assert_eq!(quote.price.as_deref(), Some("42.5"));

        let seen = server.seen();
        assert_eq!(seen.len(), 1);
        let envelope = seen[0].body_text();
        let doc = roxmltree::Document::parse(&envelope).unwrap();
        let header = child(doc.root_element(), SOAP11, "Header");
        let security = child(header, WSSE_NS, "Security");
        let timestamp = child(security, WSU_NS, "Timestamp");
        assert_eq!(timestamp.attribute((WSU_NS, "Id")), Some("TS-1"));
        let signature = child(security, DS, "Signature");
        let uris: Vec<&str> = child(signature, DS, "SignedInfo")
            .children()
            .filter(|n| n.has_tag_name((DS, "Reference")))
            .map(|n| n.attribute("URI").unwrap())
            .collect();
        assert_eq!(uris, ["#TS-1", "#id-Account", "#id-Body"], "the timestamp, the policy's header and the body");
        // `sp:RequireIssuerSerialReference`: the certificate is named, not sent.
        let reference = child(child(signature, DS, "KeyInfo"), WSSE_NS, "SecurityTokenReference");
        let issuer_serial = child(child(reference, DS, "X509Data"), DS, "X509IssuerSerial");
        assert!(child(issuer_serial, DS, "X509SerialNumber").text().is_some_and(|s| !s.is_empty()));
        assert!(!security.children().any(|n| n.has_tag_name((WSSE_NS, "BinarySecurityToken"))), "{envelope}");
        // Signed with the client's key: its certificate verifies it.
        ReplyVerifier::from_pem(&read("rsa-cert.pem")).unwrap().verify(&envelope).unwrap();
    }

    #[tokio::test]
    async fn a_sha1_suite_is_refused_before_sending() {
        let server = serve(|_, _| reply(500, "text/xml", fault("must not be called", ""))).await;
        let policy = wsbind::wssec::SecurityPolicy::new()
            .x509_signature(wsbind::wssec::PolicyKeyReference::BinarySecurityToken)
            .algorithm_suite("Basic256");
        let signer = X509Signer::from_pem(&read("rsa-key.pem"), &read("rsa-cert.pem")).unwrap();
        let mut client = wsbind::soap::SoapClient::new(server.url("/svc"));
        policy.install(&mut client, Some(WsSecurity::new().timestamp(Duration::from_secs(60)).sign(signer)));
        let result: Result<policy_x509::GetQuoteResponse, Error> =
            client.call(&policy_x509::ops::GET_QUOTE, &quote_request()).await;
        let Err(Error::Unsupported(why)) = result else { panic!("expected Error::Unsupported, got {result:?}") };
        assert!(why.contains("the algorithm suite `Basic256`"), "{why}");
        assert_eq!(server.count(), 0);
    }
}
