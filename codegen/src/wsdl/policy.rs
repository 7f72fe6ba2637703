//! WS-Policy attached to WSDL bindings (WS-Policy 1.2 and 1.5; WS-SecurityPolicy 1.1, 1.2 and
//! 1.3; MTOM) as a [`WsPolicy`]: what the binding asks of a client.
//!
//! Attachment points read: `wsp:Policy`, `wsp:PolicyReference` and `wsp:PolicyURIs` on the
//! `wsdl:binding`, on its `wsdl:operation`s and on their `wsdl:input` / `wsdl:output` /
//! `wsdl:fault`; their assertions are merged. A reference `#id` names a `wsp:Policy` of the same
//! file by `wsu:Id` (or `Id`, or `xml:id`), any other URI one whose `Name` it is; one that names
//! none, or a cycle of references, is a positioned diagnostic. Each `wsp:ExactlyOne` is read as
//! its first alternative (the one WCF and Metro write first, and what a client picks), and
//! assertions marked `wsp:Optional="true"` or `wsp:Ignorable="true"` are left out: the client may
//! do without them.
//!
//! What a client can honour becomes a field: HTTPS transport, a `UsernameToken` (digest with
//! `sp:HashPassword`), `sp:IncludeTimestamp`, an asymmetric binding's X.509 initiator token and
//! how it is referenced, a recipient token (signed replies), the headers of `sp:SignedParts`,
//! the algorithm suite, MTOM. Layout, `sp:Wss10` / `sp:Wss11` capabilities, signing the whole
//! header and body, signing before encrypting and a signed `Body` need nothing. Every other
//! assertion — symmetric bindings, encryption, other tokens and references, WS-Addressing,
//! WS-Trust, reliable messaging, vendor assertions — is kept by name in
//! [`WsPolicy::unsupported`], never dropped silently.
//! Policies attached to ports, port types and messages are not read.

use std::collections::BTreeMap;

use roxmltree::Node;

use super::read::{Definitions, is_wsdl, wsdl_children};
use crate::diag::Diagnostic;
use crate::model::{KeyRef, PasswordKind, QName, WsPolicy};
use crate::namespaces::{MTOM_POLICY_NS, SP11_NS, SP12_NS, SP13_NS, WSOMA_NS, WSP12_NS, WSP15_NS, WSU_NS, XML_NS};

/// WS-Addressing metadata in WSDL (`wsaw:UsingAddressing`).
const WSAW_NS: &str = "http://www.w3.org/2006/05/addressing/wsdl";
/// WS-Addressing metadata (`wsam:Addressing`).
const WSAM_NS: &str = "http://www.w3.org/2007/05/addressing/metadata";

/// How deep references and nested policies may go (a guard against pathological documents).
const MAX_DEPTH: usize = 32;

fn is_wsp_ns(ns: Option<&str>) -> bool {
    matches!(ns, Some(WSP12_NS | WSP15_NS))
}

fn is_sp_ns(ns: Option<&str>) -> bool {
    matches!(ns, Some(SP11_NS | SP12_NS | SP13_NS))
}

fn is_wsp(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element() && is_wsp_ns(node.tag_name().namespace()) && node.tag_name().name() == local
}

fn is_sp(node: Node<'_, '_>) -> bool {
    is_sp_ns(node.tag_name().namespace())
}

/// An attribute in either WS-Policy namespace.
fn wsp_attribute<'a>(node: Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attribute((WSP12_NS, local)).or_else(|| node.attribute((WSP15_NS, local)))
}

/// The `wsp:Policy` elements of a document set, by (file, id) and by name.
pub struct Policies<'a> {
    by_id: BTreeMap<(usize, String), Node<'a, 'a>>,
    by_name: BTreeMap<String, Node<'a, 'a>>,
}

impl<'a> Policies<'a> {
    /// Every `wsp:Policy` with an id or a name, anywhere in the set (the first of a duplicate wins).
    pub fn index(defs: &Definitions<'a>) -> Self {
        let mut policies = Policies { by_id: BTreeMap::new(), by_name: BTreeMap::new() };
        for (file, doc) in defs.set.docs.iter().enumerate() {
            for node in doc.descendants().filter(|n| is_wsp(*n, "Policy")) {
                let id = node
                    .attribute((WSU_NS, "Id"))
                    .or_else(|| node.attribute("Id"))
                    .or_else(|| node.attribute((XML_NS, "id")));
                if let Some(id) = id {
                    policies.by_id.entry((file, id.to_owned())).or_insert(node);
                }
                if let Some(name) = node.attribute("Name") {
                    policies.by_name.entry(name.to_owned()).or_insert(node);
                }
            }
        }
        policies
    }

    fn resolve(&self, defs: &Definitions<'a>, from: Node<'a, 'a>, uri: &str) -> Option<Node<'a, 'a>> {
        match uri.strip_prefix('#') {
            Some(id) => self.by_id.get(&(defs.set.file_of(from), id.to_owned())).copied(),
            None => self.by_name.get(uri).copied(),
        }
    }
}

/// What the policies attached to `binding` (and its operations and messages) ask; `None` when
/// nothing is attached or what is attached asks nothing.
pub fn binding_policy<'a>(
    defs: &Definitions<'a>,
    policies: &Policies<'a>,
    binding: Node<'a, 'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<WsPolicy> {
    let mut reader = Reader { defs, policies, diags, policy: WsPolicy::default(), origin: None, stack: Vec::new() };
    reader.attached(binding, Subject::Endpoint);
    for op in wsdl_children(binding, "operation") {
        reader.attached(op, Subject::Endpoint);
        for message in op.children().filter(|c| is_wsdl(*c, "input")) {
            reader.attached(message, Subject::Input);
        }
        for message in op.children().filter(|c| is_wsdl(*c, "output") || is_wsdl(*c, "fault")) {
            reader.attached(message, Subject::Output);
        }
    }
    let origin = reader.origin?;
    let mut policy = reader.policy;
    if policy == WsPolicy::default() {
        return None;
    }
    policy.origin = origin;
    Some(policy)
}

/// What a policy applies to: the endpoint (binding, operation), or one direction's messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    Endpoint,
    Input,
    Output,
}

struct Reader<'d, 'a> {
    defs: &'d Definitions<'a>,
    policies: &'d Policies<'a>,
    diags: &'d mut Vec<Diagnostic>,
    policy: WsPolicy,
    origin: Option<crate::model::Origin>,
    /// The policies being read (by file and position), against reference cycles.
    stack: Vec<(usize, usize)>,
}

impl<'a> Reader<'_, 'a> {
    /// The policies attached to the WSDL element `node` (its child `wsp:Policy` and
    /// `wsp:PolicyReference` elements, its `wsp:PolicyURIs` attribute).
    fn attached(&mut self, node: Node<'a, 'a>, subject: Subject) {
        if let Some(uris) = wsp_attribute(node, "PolicyURIs") {
            for uri in uris.split_whitespace() {
                self.note_origin(node);
                let mut assertions = Vec::new();
                self.reference(node, uri, &mut assertions, 0);
                self.apply_all(&assertions, subject);
            }
        }
        for child in node.children().filter(|c| is_wsp(*c, "Policy") || is_wsp(*c, "PolicyReference")) {
            self.note_origin(child);
            let mut assertions = Vec::new();
            self.expression(child, &mut assertions, 0);
            self.apply_all(&assertions, subject);
        }
    }

    fn note_origin(&mut self, node: Node<'a, 'a>) {
        if self.origin.is_none() {
            self.origin = Some(self.defs.set.origin(node));
        }
    }

    /// The assertions of the first alternative of policy expression `node` (a `wsp:Policy`,
    /// `wsp:All`, `wsp:ExactlyOne`, `wsp:PolicyReference` or an assertion), appended to `out`.
    fn expression(&mut self, node: Node<'a, 'a>, out: &mut Vec<Node<'a, 'a>>, depth: usize) {
        if depth > MAX_DEPTH {
            self.diags.push(self.defs.set.diag(node, "policy expressions nest too deep (more than 32 levels)"));
            return;
        }
        let ns = node.tag_name().namespace();
        if !is_wsp_ns(ns) {
            let skip = [wsp_attribute(node, "Optional"), wsp_attribute(node, "Ignorable")]
                .iter()
                .any(|v| v.is_some_and(|v| v.trim() == "true" || v.trim() == "1"));
            if !skip {
                out.push(node);
            }
            return;
        }
        match node.tag_name().name() {
            "Policy" | "All" => {
                let key = (self.defs.set.file_of(node), node.range().start);
                if self.stack.contains(&key) {
                    self.diags.push(self.defs.set.diag(node, "policy references form a cycle"));
                    return;
                }
                self.stack.push(key);
                for child in node.children().filter(Node::is_element) {
                    self.expression(child, out, depth + 1);
                }
                self.stack.pop();
            }
            "ExactlyOne" => {
                if let Some(first) = node.children().find(Node::is_element) {
                    self.expression(first, out, depth + 1);
                }
            }
            "PolicyReference" => match node.attribute("URI") {
                Some(uri) => self.reference(node, uri, out, depth + 1),
                None => self.diags.push(self.defs.set.diag(node, "wsp:PolicyReference without a `URI` attribute")),
            },
            // Policy documentation and other WS-Policy elements say nothing a client does.
            _ => {}
        }
    }

    fn reference(&mut self, node: Node<'a, 'a>, uri: &str, out: &mut Vec<Node<'a, 'a>>, depth: usize) {
        match self.policies.resolve(self.defs, node, uri) {
            Some(target) => self.expression(target, out, depth),
            None => {
                let help = match uri.strip_prefix('#') {
                    Some(id) => format!("expected a wsp:Policy with wsu:Id=\"{id}\" in this file"),
                    None => format!("expected a wsp:Policy with Name=\"{uri}\" in the document set"),
                };
                self.diags.push(
                    self.defs.set.diag(node, format!("policy reference `{uri}` names no wsp:Policy")).with_help(help),
                );
            }
        }
    }

    /// The assertions of the first alternative of the nested `wsp:Policy` of assertion `node`.
    fn nested(&mut self, node: Node<'a, 'a>) -> Vec<Node<'a, 'a>> {
        let mut out = Vec::new();
        for child in node.children().filter(|c| is_wsp(*c, "Policy") || is_wsp(*c, "PolicyReference")) {
            self.expression(child, &mut out, 1);
        }
        out
    }

    fn unsupported(&mut self, node: Node<'_, '_>) {
        let name = display_name(node);
        if !self.policy.unsupported.contains(&name) {
            self.policy.unsupported.push(name);
        }
    }

    fn apply_all(&mut self, assertions: &[Node<'a, 'a>], subject: Subject) {
        for a in assertions {
            self.assertion(*a, subject);
        }
    }

    /// One top-level assertion.
    fn assertion(&mut self, a: Node<'a, 'a>, subject: Subject) {
        let ns = a.tag_name().namespace();
        if matches!(ns, Some(WSOMA_NS | MTOM_POLICY_NS)) && a.tag_name().name() == "OptimizedMimeSerialization" {
            self.policy.mtom = true;
            return;
        }
        if !is_sp(a) {
            self.unsupported(a);
            return;
        }
        match a.tag_name().name() {
            "TransportBinding" => self.transport_binding(a),
            "AsymmetricBinding" => self.asymmetric_binding(a),
            "SignedParts" => self.signed_parts(a, subject),
            "SupportingTokens" | "SignedSupportingTokens" => self.supporting_tokens(a),
            "SignedEncryptedSupportingTokens" | "EncryptedSupportingTokens" => {
                // The token is sent, but encrypted, which the client does not do.
                self.supporting_tokens(a);
                self.unsupported(a);
            }
            "UsernameToken" => self.username_token(a),
            // Capabilities a client of these bindings has, or nothing it must do.
            "Wss10" | "Wss11" => {}
            _ => self.unsupported(a),
        }
    }

    fn transport_binding(&mut self, binding: Node<'a, 'a>) {
        for a in self.nested(binding) {
            if !is_sp(a) {
                self.unsupported(a);
                continue;
            }
            match a.tag_name().name() {
                "TransportToken" => {
                    for token in self.nested(a) {
                        if is_sp(token) && token.tag_name().name() == "HttpsToken" {
                            self.policy.https = true;
                            let attribute = token.attribute("RequireClientCertificate").is_some_and(|v| v == "true");
                            let nested = self.nested(token);
                            if attribute {
                                self.policy.unsupported.push("sp:HttpsToken RequireClientCertificate".to_owned());
                                self.policy.unsupported.dedup();
                            }
                            for n in nested {
                                // SP 1.2: HttpBasicAuthentication, HttpDigestAuthentication, RequireClientCertificate.
                                self.unsupported(n);
                            }
                        } else {
                            self.unsupported(token);
                        }
                    }
                }
                "AlgorithmSuite" => self.algorithm_suite(a),
                "IncludeTimestamp" => self.policy.timestamp = true,
                "Layout" => {}
                _ => self.unsupported(a),
            }
        }
    }

    fn asymmetric_binding(&mut self, binding: Node<'a, 'a>) {
        for a in self.nested(binding) {
            if !is_sp(a) {
                self.unsupported(a);
                continue;
            }
            match a.tag_name().name() {
                "InitiatorToken" | "InitiatorSignatureToken" => {
                    for token in self.nested(a) {
                        match self.x509_token(token, true) {
                            Some(reference) => {
                                self.policy.x509_signature.get_or_insert(reference);
                            }
                            None => self.unsupported(token),
                        }
                    }
                }
                "RecipientToken" | "RecipientSignatureToken" => {
                    for token in self.nested(a) {
                        match self.x509_token(token, false) {
                            Some(_) => self.policy.signed_replies = true,
                            None => self.unsupported(token),
                        }
                    }
                }
                "AlgorithmSuite" => self.algorithm_suite(a),
                "IncludeTimestamp" => self.policy.timestamp = true,
                "Layout" | "OnlySignEntireHeadersAndBody" | "SignBeforeEncrypting" => {}
                _ => self.unsupported(a),
            }
        }
    }

    /// How an `sp:X509Token` names the certificate (`None` for another token); for the initiator
    /// token the reference assertions decide, the others are recorded as unsupported.
    fn x509_token(&mut self, token: Node<'a, 'a>, initiator: bool) -> Option<KeyRef> {
        if !(is_sp(token) && token.tag_name().name() == "X509Token") {
            return None;
        }
        let mut reference = KeyRef::Token;
        for a in self.nested(token) {
            let local = a.tag_name().name();
            match local {
                _ if !is_sp(a) => self.unsupported(a),
                "RequireIssuerSerialReference" if initiator => reference = KeyRef::IssuerSerial,
                "RequireKeyIdentifierReference" if initiator => {
                    if reference == KeyRef::Token {
                        reference = KeyRef::KeyIdentifier;
                    }
                }
                // The server's token: the reply verifier finds it whichever way it is named.
                "RequireIssuerSerialReference"
                | "RequireKeyIdentifierReference"
                | "RequireThumbprintReference"
                | "RequireEmbeddedTokenReference"
                    if !initiator => {}
                _ if local.starts_with("WssX509V3Token") => {}
                _ => self.unsupported(a),
            }
        }
        Some(reference)
    }

    fn algorithm_suite(&mut self, suite: Node<'a, 'a>) {
        for a in self.nested(suite) {
            let local = a.tag_name().name();
            if is_sp(a) && (local.starts_with("Basic") || local.starts_with("TripleDes")) {
                self.policy.algorithm_suite.get_or_insert_with(|| local.to_owned());
            } else {
                self.unsupported(a);
            }
        }
    }

    fn signed_parts(&mut self, parts: Node<'a, 'a>, subject: Subject) {
        for part in parts.children().filter(Node::is_element) {
            if !is_sp(part) {
                self.unsupported(part);
                continue;
            }
            match (part.tag_name().name(), part.attribute("Name")) {
                ("Body", _) => {}
                // The signed parts of replies: the reply verifier checks the `Body` and what is signed.
                ("Header", _) if subject == Subject::Output => {}
                ("Header", Some(name)) => {
                    let header = QName::new(part.attribute("Namespace"), name);
                    if header.ns.is_some() && !self.policy.signed_headers.contains(&header) {
                        self.policy.signed_headers.push(header);
                    } else if header.ns.is_none() {
                        self.unsupported(part);
                    }
                }
                // Every header of a namespace: the signer names the headers it signs.
                _ => self.unsupported(part),
            }
        }
    }

    fn supporting_tokens(&mut self, tokens: Node<'a, 'a>) {
        for a in self.nested(tokens) {
            match a.tag_name().name() {
                "UsernameToken" if is_sp(a) => self.username_token(a),
                "AlgorithmSuite" if is_sp(a) => self.algorithm_suite(a),
                // Parts the supporting token signs: the client signs them anyway, or cannot.
                "SignedParts" if is_sp(a) => self.signed_parts(a, Subject::Input),
                _ => self.unsupported(a),
            }
        }
    }

    fn username_token(&mut self, token: Node<'a, 'a>) {
        let mut kind = PasswordKind::Text;
        for a in self.nested(token) {
            match a.tag_name().name() {
                "HashPassword" if is_sp(a) => kind = PasswordKind::Digest,
                _ if is_sp(a) && a.tag_name().name().starts_with("WssUsernameToken") => {}
                _ => self.unsupported(a),
            }
        }
        self.policy.username_token.get_or_insert(kind);
    }
}

/// `sp:Local` for the namespaces a client knows by a prefix, else the prefix the document uses,
/// else `{namespace}local`.
fn display_name(node: Node<'_, '_>) -> String {
    let local = node.tag_name().name();
    let ns = node.tag_name().namespace();
    let known = match ns {
        Some(SP11_NS | SP12_NS | SP13_NS) => Some("sp"),
        Some(WSP12_NS | WSP15_NS) => Some("wsp"),
        Some(WSOMA_NS | MTOM_POLICY_NS) => Some("wsoma"),
        Some(WSAW_NS) => Some("wsaw"),
        Some(WSAM_NS) => Some("wsam"),
        _ => None,
    };
    match (known, ns) {
        (Some(prefix), _) => format!("{prefix}:{local}"),
        (None, Some(ns)) => match node.lookup_prefix(ns) {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}:{local}"),
            _ => format!("{{{ns}}}{local}"),
        },
        (None, None) => local.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::xsd::read::{DocSet, SourceFile};

    /// The policy of the first binding of `wsdl` (a whole `definitions` document), and the
    /// diagnostics.
    fn read(wsdl: &str) -> (Option<WsPolicy>, Vec<Diagnostic>) {
        let files = [SourceFile {
            path: PathBuf::from("inline.wsdl"),
            display: PathBuf::from("inline.wsdl"),
            text: wsdl.to_owned(),
            chameleon_ns: None,
        }];
        let set = DocSet::parse(&files).unwrap();
        let defs = Definitions::index(&set);
        let policies = Policies::index(&defs);
        let binding = *defs.bindings.values().next().expect("a binding");
        let mut diags = Vec::new();
        let policy = binding_policy(&defs, &policies, binding, &mut diags);
        (policy, diags)
    }

    fn definitions(policies: &str, binding_extra: &str) -> String {
        format!(
            r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"
    xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    xmlns:tns="urn:t" targetNamespace="urn:t">
{policies}
  <wsdl:binding name="B" type="tns:P">
{binding_extra}
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>
  </wsdl:binding>
</wsdl:definitions>"#
        )
    }

    /// The shape WCF writes for a `wsHttpBinding` with transport security (as the corpus's
    /// bluedart-wcf service carries, which `cargo xtask corpus` reads whole): a transport
    /// binding with an HTTPS token, an algorithm suite, a layout, and WS-Addressing beside it.
    #[test]
    fn a_wcf_transport_binding_reads_as_https_with_its_suite() {
        let policy = r#"
    <wsp:Policy wsu:Id="TransportSecurity">
      <wsp:ExactlyOne><wsp:All>
        <sp:TransportBinding xmlns:sp="http://schemas.xmlsoap.org/ws/2005/07/securitypolicy"><wsp:Policy>
          <sp:TransportToken><wsp:Policy><sp:HttpsToken RequireClientCertificate="false"/></wsp:Policy></sp:TransportToken>
          <sp:AlgorithmSuite><wsp:Policy><sp:Basic256/></wsp:Policy></sp:AlgorithmSuite>
          <sp:Layout><wsp:Policy><sp:Strict/></wsp:Policy></sp:Layout>
        </wsp:Policy></sp:TransportBinding>
        <wsaw:UsingAddressing/>
      </wsp:All></wsp:ExactlyOne>
    </wsp:Policy>"#;
        let wsdl = definitions(policy, r##"    <wsp:PolicyReference URI="#TransportSecurity"/>"##);
        let (policy, diags) = read(&wsdl);
        assert_eq!(diags, []);
        let policy = policy.expect("a policy");
        assert!(policy.https);
        assert_eq!(policy.algorithm_suite.as_deref(), Some("Basic256"));
        assert_eq!(policy.unsupported, ["wsaw:UsingAddressing"]);
        assert!(!policy.timestamp && policy.x509_signature.is_none() && policy.username_token.is_none());
        assert_eq!((policy.origin.line, policy.origin.column), (17, 5), "the reference on the binding");
    }

    #[test]
    fn a_missing_reference_is_a_positioned_diagnostic() {
        let wsdl = definitions("", r##"    <wsp:PolicyReference URI="#nowhere"/>"##);
        let (_, diags) = read(&wsdl);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].to_string(),
            "inline.wsdl:7:5: policy reference `#nowhere` names no wsp:Policy (expected a wsp:Policy with wsu:Id=\"nowhere\" in this file)"
        );
    }

    #[test]
    fn first_alternative_optional_assertions_and_unknown_ones() {
        let policy = r##"
  <wsp:Policy wsu:Id="p" xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702"
      xmlns:wsoma="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization" xmlns:v="urn:vendor">
    <wsp:ExactlyOne>
      <wsp:All>
        <sp:SymmetricBinding><wsp:Policy/></sp:SymmetricBinding>
        <sp:SignedSupportingTokens><wsp:Policy><sp:UsernameToken><wsp:Policy><sp:HashPassword/></wsp:Policy></sp:UsernameToken></wsp:Policy></sp:SignedSupportingTokens>
        <wsoma:OptimizedMimeSerialization/>
        <v:Compression wsp:Optional="true"/>
        <v:Tracking/>
      </wsp:All>
      <wsp:All><sp:TransportBinding/></wsp:All>
    </wsp:ExactlyOne>
    <wsp:Policy wsu:Id="loop"><wsp:PolicyReference URI="#loop"/></wsp:Policy>
  </wsp:Policy>"##;
        let wsdl = definitions(policy, r##"    <wsp:PolicyReference URI="#p"/>"##);
        let (policy, diags) = read(&wsdl);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].message, "policy references form a cycle");
        let policy = policy.unwrap();
        assert_eq!(policy.username_token, Some(PasswordKind::Digest));
        assert!(policy.mtom && !policy.https, "first alternative only");
        assert_eq!(policy.unsupported, ["sp:SymmetricBinding", "v:Tracking"]);
    }
}
