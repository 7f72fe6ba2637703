//! In-process mock servers for the tests of code that calls a service through generated bindings
//! (feature `mock`). A generated module's `mock` submodule holds a `Service` trait (one async
//! method per operation, taking the decoded typed request and returning the typed reply or a
//! [`Fault`]) and a `serve` function; this module owns what those share, one file a part:
//!
//! * `server`: the HTTP server ([`MockServer`]: hyper on 127.0.0.1 with an OS-chosen port,
//!   stopped when dropped) and the misbehaviours it can be told to show ([`Injection`]: a delay,
//!   a status, a fault, an oversize reply, a closed connection) for testing the caller's retries,
//!   timeouts and limits;
//! * `recorded`: the log of the requests it received ([`Recorded`], secrets blanked in `Debug`),
//!   each recorded on arrival, whatever happens to it;
//! * `soap` and `asmx`: the SOAP side ([`SoapCall`]): routing by `SOAPAction` (SOAP 1.1) or the
//!   `action` parameter (SOAP 1.2), else by the first `Body` child, and the ASMX HTTP GET / POST
//!   bindings by method and location; decoding the request with the generated decoder, and
//!   writing the reply or fault in the binding the request came in;
//! * `rest` and `form`: the REST side ([`RestCall`]): routing by method and path template, the
//!   parameters and body (JSON, text, bytes, form, multipart) the generated decoder of each
//!   operation reads, and the replies as the operation declares them, or [`HttpError`]s;
//! * `fault` and `reply`: what a mock answers ([`Fault`], [`MockReply`]).
//!
//! Strictness is the real service's: a request whose action names no operation, whose body is
//! not the operation's element, that lacks a SOAP header the service requires, carries one the
//! fake refuses (bad credentials), or does not decode (a missing required element, a value of
//! the wrong type, a broken limit) is answered with a `Client` (1.2: `Sender`) fault and status
//! 500 (over the HTTP bindings, a plain-text 500), as ASMX and WCF services answer, before the
//! handler runs.

mod asmx;
mod fault;
mod form;
mod recorded;
mod reply;
mod rest;
mod server;
mod soap;

pub use fault::{Fault, FaultCode};
pub use recorded::Recorded;
pub use reply::MockReply;
pub use rest::{HttpError, ParamAt, RestCall};
pub use server::{Injection, MockServer};
pub use soap::SoapCall;
