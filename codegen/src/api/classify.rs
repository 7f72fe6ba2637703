//! The verdicts of one change on three axes.
//!
//! Wire verdicts follow direction. Every value carrier (field, parameter, header, body) is judged
//! as a *writer* schema read by a *reader* schema: for a type sent in requests the old client
//! writes OLD and the new server reads NEW (and the new client writes NEW for the old server);
//! for replies the server writes and the generated client reads. The generated client is a
//! tolerant reader (it skips elements it does not know, keeps unknown enum values in
//! `Unknown(String)`, accepts any element order, does not check limits on replies); a server is
//! assumed strict only where that is near-universal (required values, enum values, types).
//! A type used in both directions gets the stricter verdict.
//!
//! The Rust verdict is [`rust_rule`]: one table over the shape of the generated API
//! ([`RustShape`]), so a change to that shape (e.g. `#[non_exhaustive]` structs with constructors)
//! is one edit here.

use super::snapshot::{Kind, Node};
use super::space::{self, Side, Types};
use super::{Category, ChangeKind, Verdict};

/// Direction bits of a subject: sent in requests, received in replies.
pub const REQUEST: u8 = 1;
pub const REPLY: u8 = 2;

/// The three verdicts and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdicts {
    pub category: Category,
    pub wire_old_client: Verdict,
    pub wire_new_client: Verdict,
    pub rust: Verdict,
    pub reason: String,
}

/// The shape of the generated Rust API the Rust rules assume (see docs/generated-code.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RustShape {
    /// Structs have no `#[non_exhaustive]`: downstream code may build them with a literal, so
    /// any new field breaks it.
    pub exhaustive_structs: bool,
    /// Enums (enumerations and choices) have no `#[non_exhaustive]`: downstream code may match
    /// them exhaustively, so any new variant breaks it.
    pub exhaustive_enums: bool,
}

/// The generated code as of today (issue 9): `#[non_exhaustive]` structs built with
/// `Type::new(required values)` and one setter per optional or repeated field, deriving `Default`
/// only without required values; `#[non_exhaustive]` enums (an enumeration also keeps
/// `Unknown(String)`); wrapped operations unwrapped; `Client::builder`.
pub const CURRENT: RustShape = RustShape { exhaustive_structs: false, exhaustive_enums: false };

/// True when an added member is a required value of `new` (no setter): a field that is not
/// `xs:anyAttribute`, a REST parameter of a synthesised request, or its body.
fn is_new_param(kind: Kind, n: &Node) -> bool {
    match kind {
        Kind::Field => n.prop("rust-setter").is_none() && n.prop("as") != Some("any-attribute"),
        Kind::Param => n.prop("rust-setter").is_none(),
        Kind::Body => true,
        _ => false,
    }
}

/// The parameter types of `new(a: A, b: B)`: names do not matter to callers, positions do.
fn param_types(sig: &str) -> Vec<String> {
    let inner = sig.split_once('(').map(|(_, r)| r.trim_end_matches(')')).unwrap_or("");
    let mut out = Vec::new();
    let (mut depth, mut part) = (0i32, String::new());
    for c in inner.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    if !part.trim().is_empty() {
        out.push(part);
    }
    out.into_iter().map(|p| p.split_once(": ").map(|(_, t)| t).unwrap_or(&p).trim().to_owned()).collect()
}

/// Rust properties holding a set of `; `-separated items (methods): removing one breaks, adding
/// one does not.
const SET_KEYS: &[(&str, &str)] = &[
    ("rust-setters", "client methods"),
    ("rust-builder-setters", "builder methods"),
    // A variant added to a `#[non_exhaustive]` enum is compatible, one gone is breaking.
    ("rust-variants", "variants of the field's enum"),
];

/// Rust properties holding a `new(..)` signature: only the parameter types count.
const NEW_KEYS: &[&str] = &["rust-new", "rust-request-new"];

/// The Rust verdict of a change, from the `rust*` properties and `no-default` flag of the
/// subject: the one place that knows what downstream code can do with the generated API.
///
/// | change | verdict | why |
/// |---|---|---|
/// | item with a Rust name added (type, operation, method, variant, value, optional field, setter) | compatible | new items; enums and structs are `#[non_exhaustive]` |
/// | required field / parameter / body added | breaking | `new` gains a parameter |
/// | item with a Rust name removed | breaking | code naming it stops compiling |
/// | `rust` (type name, field type, variant payload, method signature) changed | breaking | the item downstream code names is different |
/// | `rust-setter` changed or gone | breaking | the setter's argument changes, or it is gone (optional -> required) |
/// | `rust-setter` added | compatible | (required -> optional is breaking through `rust`) |
/// | `rust-new` parameter types changed (added, removed, reordered, retyped) | breaking | calls of `new` stop compiling |
/// | a client, builder or setter method gone / added | breaking / compatible | |
/// | `Default` lost / gained | breaking / compatible | `Type::default()` stops compiling |
pub fn rust_rule(
    shape: RustShape,
    kind: Kind,
    change: ChangeKind,
    old: Option<&Node>,
    new: Option<&Node>,
) -> (Verdict, String) {
    let rust = |n: Option<&Node>| n.and_then(|n| n.prop("rust")).map(str::to_owned);
    match change {
        ChangeKind::Added => {
            let Some(item) = rust(new) else { return (Verdict::Compatible, String::new()) };
            let n = new.expect("added");
            match kind {
                Kind::Field | Kind::Param | Kind::Body if shape.exhaustive_structs => (
                    Verdict::Breaking,
                    format!("new struct field `{item}`: struct literals without `..Default::default()` stop compiling"),
                ),
                Kind::Field | Kind::Param | Kind::Body if is_new_param(kind, n) => (
                    Verdict::Breaking,
                    format!("`new` takes the new required value `{item}`: its calls stop compiling"),
                ),
                Kind::Field | Kind::Param => match n.prop("rust-setter") {
                    Some(setter) => (Verdict::Compatible, format!("new field `{item}` and setter `{setter}`")),
                    None => (Verdict::Compatible, format!("new field `{item}`")),
                },
                Kind::Value | Kind::Variant if shape.exhaustive_enums => {
                    (Verdict::Breaking, format!("new enum variant `{item}`: exhaustive matches stop compiling"))
                }
                Kind::Value | Kind::Variant => (
                    Verdict::Compatible,
                    format!("new variant `{item}`; the enum is `#[non_exhaustive]`, so matches already have a `_` arm"),
                ),
                _ => (Verdict::Compatible, format!("adds `{item}`")),
            }
        }
        ChangeKind::Removed => match rust(old) {
            Some(item) => (Verdict::Breaking, format!("`{item}` is gone")),
            None => (Verdict::Compatible, String::new()),
        },
        ChangeKind::Changed => {
            let (Some(o), Some(n)) = (old, new) else { return (Verdict::Compatible, String::new()) };
            let mut verdict = Verdict::Compatible;
            let mut reasons = Vec::new();
            let mut keys: Vec<&String> =
                o.props.keys().chain(n.props.keys()).filter(|k| k.starts_with("rust")).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let key = key.as_str();
                let (a, b) = (o.prop(key), n.prop(key));
                if a == b {
                    continue;
                }
                if let Some((_, what)) = SET_KEYS.iter().find(|(k, _)| *k == key) {
                    let set = |v: Option<&str>| -> Vec<String> {
                        v.map(|s| s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect())
                            .unwrap_or_default()
                    };
                    let (before, after) = (set(a), set(b));
                    let gone: Vec<&String> = before.iter().filter(|s| !after.contains(s)).collect();
                    let added: Vec<&String> = after.iter().filter(|s| !before.contains(s)).collect();
                    if !gone.is_empty() {
                        verdict = Verdict::Breaking;
                        reasons.push(format!("{what} gone: {}", join_code(&gone)));
                    }
                    if !added.is_empty() {
                        reasons.push(format!("new {what}: {}", join_code(&added)));
                    }
                    continue;
                }
                match (a, b) {
                    (Some(a), Some(b)) if NEW_KEYS.contains(&key) && param_types(a) == param_types(b) => {
                        reasons.push(format!("`{a}` becomes `{b}` (same parameter types)"));
                    }
                    (Some(a), Some(b)) => {
                        verdict = Verdict::Breaking;
                        reasons.push(format!("`{a}` becomes `{b}`"));
                    }
                    (Some(a), None) => {
                        verdict = Verdict::Breaking;
                        reasons.push(format!("`{a}` is gone"));
                    }
                    (None, Some(b)) => reasons.push(format!("adds `{b}`")),
                    (None, None) => {}
                }
            }
            match (o.flag("no-default"), n.flag("no-default")) {
                (false, true) => {
                    verdict = Verdict::Breaking;
                    reasons.push("no longer implements `Default`".to_owned());
                }
                (true, false) => reasons.push("now implements `Default`".to_owned()),
                _ => {}
            }
            (verdict, reasons.join(", "))
        }
    }
}

fn join_code(items: &[&String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// What a value carrier (field, parameter, header, body) says about its values.
struct Carrier<'a> {
    min: u32,
    max: Option<u32>,
    nillable: bool,
    node: &'a Node,
}

impl<'a> Carrier<'a> {
    fn of(node: &'a Node) -> Self {
        let (min, max) = match node.prop("occurs") {
            Some(o) => {
                let (a, b) = o.split_once("..").unwrap_or((o, o));
                (a.parse().unwrap_or(0), if b == "*" { None } else { b.parse().ok() })
            }
            None => (u32::from(node.flag("required")), Some(1)),
        };
        Carrier { min, max, nillable: node.flag("nillable"), node }
    }
    /// A value the generated client cannot do without (`T`, not `Option<T>` or `Vec<T>`).
    fn client_requires(&self) -> bool {
        match self.node.prop("rust") {
            Some(r) => !(r.contains(": Option<") || r.contains(": Vec<")) && self.min >= 1,
            None => self.min >= 1 && !self.nillable && self.max == Some(1),
        }
    }
    fn requires(&self, server: bool) -> bool {
        if server { self.min >= 1 } else { self.client_requires() && self.node.prop("array-item").is_none() }
    }
}

const LIMIT_KEYS: &[&str] =
    &["min-length", "max-length", "min-items", "max-items", "minimum", "maximum", "pattern", "max-months"];

fn num(n: &Node, k: &str) -> Option<f64> {
    n.prop(k).and_then(|v| v.parse().ok())
}

/// Does the reader's limit reject values the writer's allows?
fn limits_tighter(w: &Node, r: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for k in LIMIT_KEYS {
        let (a, b) = (w.prop(k), r.prop(k));
        if a == b {
            continue;
        }
        let tighter = match (*k, num(w, k), num(r, k)) {
            (_, _, None) if *k != "pattern" => false,
            ("pattern", _, _) => b.is_some(),
            (k, Some(a), Some(b)) if k.starts_with("min") => b > a,
            (_, Some(a), Some(b)) => b < a,
            (_, None, Some(_)) => true,
            _ => false,
        };
        if tighter {
            out.push(match b {
                Some(v) => format!("{k} {v}"),
                None => format!("no {k}"),
            });
        }
    }
    out
}

fn display(n: &Node) -> String {
    n.name.rsplit('}').next().unwrap_or(&n.name).to_owned()
}

/// A writer/reader judgement of a value carrier; `server`: the reader is a server (requests);
/// `w_old`: the writer is the old description (reasons read old -> new either way).
fn flow(w: Option<&Node>, r: Option<&Node>, server: bool, w_old: bool, types: &Types) -> (Verdict, String) {
    let reader = if server { "the server" } else { "the generated client" };
    match (w, r) {
        (None, None) => (Verdict::Compatible, String::new()),
        (Some(w), None) => {
            let name = display(w);
            if w.flag("wsbind") {
                (Verdict::Compatible, format!("`{name}` is kept by wsbind, not sent by the schema"))
            } else if server {
                let when = if Carrier::of(w).min >= 1 { "always sent" } else { "sent when set" };
                (
                    Verdict::Unknown,
                    format!("`{name}` is {when} but the server does not declare it: it may ignore or reject it"),
                )
            } else {
                (Verdict::Compatible, format!("the generated client skips `{name}`, which it does not know"))
            }
        }
        (None, Some(r)) => {
            let name = display(r);
            if Carrier::of(r).requires(server) && !r.flag("wsbind") {
                (Verdict::Breaking, format!("{reader} requires `{name}`, which the other side does not send"))
            } else {
                (Verdict::Compatible, format!("`{name}` is optional for {reader}"))
            }
        }
        (Some(w), Some(r)) => {
            let mut v = Verdict::Compatible;
            let mut why = Vec::new();
            let mut worse = |verdict: Verdict, text: String, v: &mut Verdict| {
                *v = (*v).max(verdict);
                why.push(text);
            };
            let (cw, cr) = (Carrier::of(w), Carrier::of(r));
            let (o, n) = if w_old { (w, r) } else { (r, w) };
            if let (Some(a), Some(b)) = (w.prop("type"), r.prop("type"))
                && a != b
            {
                let (ws, rs) = (types.of_ref(Side::of(w_old), a), types.of_ref(Side::of(!w_old), b));
                let (verdict, detail) = space::admits(&rs, &ws, server, reader);
                let (from, to) = (o.prop("type").unwrap_or(a), n.prop("type").unwrap_or(b));
                let text = if detail.is_empty() {
                    format!("type {from} -> {to}")
                } else {
                    format!("type {from} -> {to}: {detail}")
                };
                worse(verdict, text, &mut v);
            }
            for key in ["as", "ns", "array-item", "in", "element", "xml-root", "fixed"] {
                if w.prop(key) != r.prop(key) {
                    worse(
                        Verdict::Breaking,
                        format!("{key} {} -> {}", o.prop(key).unwrap_or("none"), n.prop(key).unwrap_or("none")),
                        &mut v,
                    );
                }
            }
            if let (Some(a), Some(b)) = (o.prop("media"), n.prop("media"))
                && a.split(',').next() != b.split(',').next()
            {
                worse(Verdict::Breaking, format!("media {a} -> {b}"), &mut v);
            }
            if cw.min == 0 && cr.requires(server) {
                worse(Verdict::Breaking, format!("may be left out but {reader} requires it"), &mut v);
            }
            if cr.max.is_some_and(|rm| cw.max.is_none_or(|wm| wm > rm)) {
                worse(Verdict::Breaking, format!("may repeat more often than {reader} accepts"), &mut v);
            }
            if cw.nillable && !cr.nillable && cr.requires(server) {
                worse(Verdict::Breaking, format!("may be nil but {reader} does not accept nil"), &mut v);
            }
            if w.prop("default") != r.prop("default") {
                worse(Verdict::Unknown, "schema default changed: absent values mean something else".to_owned(), &mut v);
            }
            let members = |n: &Node| -> Vec<String> {
                n.prop("substitutes").map(|m| m.split(' ').map(str::to_owned).collect()).unwrap_or_default()
            };
            let (known, sent) = (members(r), members(w));
            let unknown: Vec<&String> = sent.iter().filter(|m| !known.contains(m)).collect();
            if !unknown.is_empty() {
                let list = unknown.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
                if server {
                    worse(Verdict::Breaking, format!("the server knows no substitution group member {list}"), &mut v);
                } else {
                    worse(
                        Verdict::Compatible,
                        format!(
                            "the generated client keeps substitution group member {list} in the choice's `Unknown` variant"
                        ),
                        &mut v,
                    );
                }
            }
            let tighter = limits_tighter(w, r);
            if !tighter.is_empty() {
                if server {
                    worse(
                        Verdict::Unknown,
                        format!("values allowed before may be rejected ({})", tighter.join(", ")),
                        &mut v,
                    );
                } else {
                    worse(Verdict::Compatible, "replies are not checked against limits".to_owned(), &mut v);
                }
            }
            (v, why.join("; "))
        }
    }
}

/// The direction(s) in which a subject travels, by kind (operation-level) or from a type's `used`.
pub fn direction_of_kind(kind: Kind) -> u8 {
    match kind {
        Kind::Input | Kind::HeaderIn | Kind::Param | Kind::Body | Kind::ClientParam => REQUEST,
        Kind::Output | Kind::HeaderOut | Kind::Fault | Kind::Response => REPLY,
        _ => 0,
    }
}

/// `used=request|reply|both` as bits.
pub fn direction_of_use(n: &Node) -> u8 {
    match n.prop("used") {
        Some("request") => REQUEST,
        Some("reply") => REPLY,
        Some("both") => REQUEST | REPLY,
        _ => 0,
    }
}

/// A writer/reader judgement: (writer, reader, reader is a server, writer is the old side) ->
/// verdict and reason.
type Judge<'a> = dyn Fn(Option<&Node>, Option<&Node>, bool, bool) -> (Verdict, String) + 'a;

/// Per axis, the writer/reader judgement in direction `dir` (the stricter of both directions).
fn directed(dir: u8, old: Option<&Node>, new: Option<&Node>, judge: &Judge) -> (Verdict, Verdict, String) {
    if dir == 0 {
        return (Verdict::Compatible, Verdict::Compatible, "not sent or received by any operation".to_owned());
    }
    let mut oc = Verdict::Compatible;
    let mut nc = Verdict::Compatible;
    // (axis, verdict, reason) of each judgement made.
    let mut said: Vec<(&str, Verdict, String)> = Vec::new();
    if dir & REQUEST != 0 {
        let (a, ra) = judge(old, new, true, true);
        let (b, rb) = judge(new, old, true, false);
        said.push(("old client", a, ra));
        said.push(("new client", b, rb));
    }
    if dir & REPLY != 0 {
        let (a, ra) = judge(new, old, false, false);
        let (b, rb) = judge(old, new, false, true);
        said.push(("old client", a, ra));
        said.push(("new client", b, rb));
    }
    for (who, v, _) in &said {
        if *who == "old client" {
            oc = oc.max(*v);
        } else {
            nc = nc.max(*v);
        }
    }
    // The reasons of the verdicts that are not `compatible` (the new client's only when it adds
    // something); when all are compatible, the first explanation.
    let mut reasons: Vec<String> = Vec::new();
    for (who, v, r) in &said {
        if *v == Verdict::Compatible || r.is_empty() {
            continue;
        }
        let axis = if *who == "old client" { oc } else { nc };
        if *who == "new client"
            && reasons.iter().any(|x| x.starts_with("old client"))
            && axis == oc
            && !reasons.is_empty()
        {
            continue;
        }
        let text = format!("{who}: {r}");
        if !reasons.contains(&text) {
            reasons.push(text);
        }
    }
    if reasons.is_empty() {
        reasons.extend(said.iter().map(|(_, _, r)| r.clone()).find(|r| !r.is_empty()));
    }
    (oc, nc, reasons.join("; "))
}

/// True when every discriminator value the writer's alternative `w` sends is one the reader's
/// alternative `r` accepts (alternatives without tags: true).
fn tags_known(w: &Node, r: &Node) -> bool {
    let reader: Vec<&str> = r.prop("tags").unwrap_or("").split(' ').collect();
    w.prop("tags").unwrap_or("").split(' ').filter(|t| !t.is_empty()).all(|t| reader.contains(&t))
}

/// Everything [`classify`] needs to know about where a subject sits.
pub struct Context<'a> {
    /// Direction bits of the subject (its type's use, or its place in an operation).
    pub dir: u8,
    /// Old type key -> new type key, for types matched across a rename or namespace move.
    pub type_map: &'a dyn Fn(&str) -> String,
    /// The types of both sides, for comparing value spaces.
    pub types: &'a Types<'a>,
}

/// The verdicts of one change of a node of `kind`.
pub fn classify(ctx: &Context, kind: Kind, change: ChangeKind, old: Option<&Node>, new: Option<&Node>) -> Verdicts {
    let (rust, rust_reason) = rust_rule(CURRENT, kind, change, old, new);
    let (oc, nc, mut wire_reason) = wire(ctx, kind, change, old, new);
    if wire_reason.is_empty() && oc == Compatible && nc == Compatible {
        wire_reason = "the wire is unaffected in both directions".to_owned();
    }
    let reason = [wire_reason, rust_reason].into_iter().filter(|r| !r.is_empty()).collect::<Vec<_>>().join("; ");
    let address = kind == Kind::Endpoint
        && change == ChangeKind::Changed
        && old.zip(new).is_some_and(|(o, n)| o.prop("protocol") == n.prop("protocol"));
    let category = if address { Category::Address } else { Category::Api };
    Verdicts { category, wire_old_client: oc, wire_new_client: nc, rust, reason }
}

use Verdict::{Breaking, Compatible, Unknown};

fn wire(
    ctx: &Context,
    kind: Kind,
    change: ChangeKind,
    old: Option<&Node>,
    new: Option<&Node>,
) -> (Verdict, Verdict, String) {
    let tm = ctx.type_map;
    let changed = |key: &str| -> bool {
        match (old.and_then(|o| o.prop(key)), new.and_then(|n| n.prop(key))) {
            (Some(a), Some(b)) if key == "type" || key == "success" => tm(a) != b,
            (a, b) => a != b,
        }
    };
    let both = |v: Verdict, r: &str| (v, v, r.to_owned());
    match kind {
        Kind::Field | Kind::Param | Kind::ClientParam | Kind::Body | Kind::HeaderIn => {
            let dir = if kind == Kind::Field { ctx.dir } else { REQUEST };
            directed(dir, old, new, &|w, r, server, w_old| flow(w, r, server, w_old, ctx.types))
        }
        Kind::Value => directed(ctx.dir, old, new, &|w, r, server, _| match (w, r) {
            (Some(w), None) if server => {
                (Breaking, format!("the server rejects `{}`, a value it does not list", w.name))
            }
            (Some(w), None) => (
                Compatible,
                format!("`{}` is kept as `Unknown(\"{}\")`: generated enums keep unknown values", w.name, w.name),
            ),
            _ => (Compatible, String::new()),
        }),
        Kind::Variant => directed(ctx.dir, old, new, &|w, r, server, w_old| match (w, r) {
            // A JSON sum (`oneOf` / `anyOf`) keeps an alternative the client does not know in
            // `Unknown`, as an enumeration keeps a value; a server is assumed to reject it.
            (Some(w), None) if !server && w.flag("unknown-kept") => (
                Compatible,
                format!("the generated client keeps the alternative `{}` in `Unknown`, as raw JSON", display(w)),
            ),
            // Every choice of an XML service has an unknown case (`lower::unknown_case`).
            (Some(w), None) if !server && matches!(w.prop("as"), Some("element" | "group")) => (
                Compatible,
                format!("the generated client keeps alternative `{}` in the choice's `Unknown` variant", display(w)),
            ),
            (Some(w), None) => (Breaking, format!("the reader knows no alternative `{}`", display(w))),
            (None, _) => (Compatible, String::new()),
            (Some(w), Some(r)) if !tags_known(w, r) && server => (
                Breaking,
                format!("the server knows none of the tags {} of `{}`", w.prop("tags").unwrap_or(""), display(w)),
            ),
            (Some(w), Some(r)) if !tags_known(w, r) => (
                Compatible,
                format!(
                    "the generated client keeps `{}` with the tags {} in `Unknown`, as raw JSON",
                    display(w),
                    w.prop("tags").unwrap_or("")
                ),
            ),
            (w, r) => flow(w, r, server, w_old, ctx.types),
        }),
        Kind::Type => match change {
            ChangeKind::Added => both(Compatible, "new type"),
            ChangeKind::Removed => both(Compatible, "type no longer used"),
            ChangeKind::Changed => {
                let (o, n) = (old.expect("changed"), new.expect("changed"));
                if ctx.dir == 0 {
                    return both(Compatible, "not sent or received by any operation");
                }
                let mut v = (Compatible, Compatible);
                let mut why = Vec::new();
                let simple = |n: &Node| matches!(n.prop("kind"), Some("simple" | "list" | "enum"));
                // The value space of a simple type (its base, kind and facets) as a whole.
                let by_space = (changed("kind") || changed("base")) && simple(o) && simple(n);
                if by_space {
                    let (a, ra) = directed(ctx.dir, old, new, &|w, r, server, w_old| {
                        let (Some(w), Some(r)) = (w, r) else { return (Compatible, String::new()) };
                        let ws = ctx.types.of_type(Side::of(w_old), &w.name);
                        let rs = ctx.types.of_type(Side::of(!w_old), &r.name);
                        let reader = if server { "the server" } else { "the generated client" };
                        let (verdict, detail) = space::admits(&rs, &ws, server, reader);
                        let (from, to) = (o.prop("base").unwrap_or("none"), n.prop("base").unwrap_or("none"));
                        let kinds = if changed("kind") {
                            format!("{} -> {}, ", o.prop("kind").unwrap_or("none"), n.prop("kind").unwrap_or("none"))
                        } else {
                            String::new()
                        };
                        (verdict, format!("{kinds}base {from} -> {to}: {detail}"))
                    })
                    .into_pair();
                    v = (v.0.max(a.0), v.1.max(a.1));
                    why.push(ra);
                } else if changed("kind") || changed("base") && o.prop("kind") != Some("complex") {
                    v = (Breaking, Breaking);
                    why.push("the value's type changes".to_owned());
                }
                if o.name != n.name && tm(&o.name) == n.name {
                    let (old_ns, new_ns) = (namespace(&o.name), namespace(&n.name));
                    if old_ns != new_ns {
                        let qualified = n.children.iter().any(|f| f.prop("ns") == new_ns);
                        let verdict = if qualified { Breaking } else { Compatible };
                        v = (v.0.max(verdict), v.1.max(verdict));
                        why.push(format!(
                            "namespace {} -> {}{}",
                            old_ns.unwrap_or("none"),
                            new_ns.unwrap_or("none"),
                            if qualified { ": its elements are qualified by it" } else { "" }
                        ));
                    } else {
                        why.push("renamed; type names do not travel on the wire".to_owned());
                    }
                }
                if !by_space && LIMIT_KEYS.iter().any(|k| changed(k)) {
                    let (a, ra) = directed(ctx.dir, old, new, &|w, r, server, _| match (w, r) {
                        (Some(w), Some(r)) if server && !limits_tighter(w, r).is_empty() => (
                            Unknown,
                            format!("values allowed before may be rejected ({})", limits_tighter(w, r).join(", ")),
                        ),
                        _ => (Compatible, String::new()),
                    })
                    .into_pair();
                    v = (v.0.max(a.0), v.1.max(a.1));
                    if ra.is_empty() {
                        why.push("limits changed; replies are not checked against limits".to_owned());
                    } else {
                        why.push(ra);
                    }
                }
                if changed("derived") {
                    why.push("derived types changed (an old client decodes a type it does not know into the sum type's `Unknown` variant)".to_owned());
                }
                if changed("optional") {
                    let (a, ra) = directed(ctx.dir, old, new, &|w, r, _, _| match (
                        w.is_some_and(|w| w.flag("optional")),
                        r.is_some_and(|r| r.flag("optional")),
                    ) {
                        (true, false) => (Breaking, "the choice may be left out but the reader requires it".to_owned()),
                        _ => (Compatible, String::new()),
                    })
                    .into_pair();
                    v = (v.0.max(a.0), v.1.max(a.1));
                    why.push(ra);
                }
                if changed("tag") || changed("untagged") {
                    // A JSON sum's discriminator property: what tells the alternatives apart.
                    v = (Breaking, Breaking);
                    why.push(format!(
                        "the discriminator changes ({} -> {})",
                        o.prop("tag").unwrap_or("none"),
                        n.prop("tag").unwrap_or("none")
                    ));
                }
                if changed("abstract") || changed("mixed") {
                    v = (v.0.max(Unknown), v.1.max(Unknown));
                    why.push("abstract/mixed changed".to_owned());
                }
                (v.0, v.1, why.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; "))
            }
        },
        Kind::Service | Kind::Operation | Kind::Soap | Kind::Http => match change {
            ChangeKind::Added => (Compatible, Breaking, format!("an old server does not offer this {}", label(kind))),
            ChangeKind::Removed => {
                (Breaking, Compatible, format!("old clients using this {} fail on the new server", label(kind)))
            }
            ChangeKind::Changed => {
                let keys = ["action", "style", "use", "location", "output"];
                if let Some(k) = keys.iter().find(|k| changed(k)) {
                    both(Breaking, &format!("{k} changes what goes on the wire"))
                } else if changed("params") {
                    both(Unknown, "the form parameters change")
                } else {
                    both(Compatible, "")
                }
            }
        },
        Kind::Input | Kind::Output => match change {
            ChangeKind::Changed if changed("element") => both(Breaking, "the body element changes"),
            ChangeKind::Changed if changed("type") => both(Breaking, "the body type changes"),
            ChangeKind::Changed => both(Compatible, ""),
            _ => both(Breaking, "the body changes"),
        },
        Kind::HeaderOut => both(Compatible, "the generated client does not read reply headers"),
        Kind::Fault => both(Compatible, "faults arrive as `Error::Fault` with the detail kept as raw XML"),
        Kind::Response => {
            both(Compatible, "error replies are decoded generically; the success body is compared on the operation")
        }
        Kind::Pagination => {
            both(Compatible, "paging is client behaviour; the cursor fields are compared on their types")
        }
        Kind::Rest => {
            if changed("method") || changed("path") {
                both(Breaking, "method or path changes")
            } else if changed("success") {
                both(Breaking, "the success reply's type changes")
            } else if changed("reply-status") {
                both(Unknown, "the in-body status block changes")
            } else if changed("security") {
                both(Unknown, "the credentials the operation asks for change")
            } else {
                both(Compatible, "")
            }
        }
        Kind::Endpoint => match change {
            ChangeKind::Added => both(Compatible, "new endpoint"),
            ChangeKind::Removed => (Breaking, Compatible, "clients using this address fail".to_owned()),
            ChangeKind::Changed if changed("protocol") => {
                both(Breaking, "clients built for one protocol do not speak the other")
            }
            ChangeKind::Changed if changed("address") => both(
                Compatible,
                "address change: each client calls the address it was built or configured with \
                 (`--fail-on address` fails on it)",
            ),
            ChangeKind::Changed => both(
                Compatible,
                "address change: `DEFAULT_ADDRESS` moves to another endpoint (`--fail-on address` fails on it)",
            ),
        },
    }
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Soap => "SOAP binding",
        Kind::Http => "HTTP binding",
        other => other.as_str(),
    }
}

fn namespace(clark: &str) -> Option<&str> {
    clark.strip_prefix('{').and_then(|r| r.split_once('}')).map(|(ns, _)| ns)
}

trait IntoPair {
    fn into_pair(self) -> ((Verdict, Verdict), String);
}

impl IntoPair for (Verdict, Verdict, String) {
    fn into_pair(self) -> ((Verdict, Verdict), String) {
        ((self.0, self.1), self.2)
    }
}
