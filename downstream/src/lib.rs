//! wsbind's seed services as another crate sees them. The tests (`downstream/tests/`) call every
//! seed operation through the generated clients against in-process servers; the examples below are
//! doctests, compiled as a user's crate is, of what the generated API allows and forbids there.
//!
//! A generated struct is `#[non_exhaustive]`: outside wsbind it cannot be written as a literal, so
//! a field added by the next vendor release does not break the code that builds it...
//!
//! ```compile_fail,E0639
//! let token = wsbind::tc2::AccessToken { access_token: None, token_type: None, expiry: None,
//!     refresh_token: None, scope: None, additionalinfo: None };
//! ```
//!
//! ...it is built with `new` (the required values) and setters, and read through its `pub` fields:
//!
//! ```
//! let request = wsbind::tc2::GetPartnerCameraRefreshToken::new(42, 1_234_567).session_id("s-1");
//! assert_eq!((request.partner_id, request.session_id.as_deref()), (42, Some("s-1")));
//! ```
//!
//! `new` takes a string as its setters do, `impl Into<String>`: a `&str` needs no `.into()`.
//!
//! ```
//! let update = wsbind::mews::ResourceAccessTokenUpdateParameters::new("token-1");
//! assert_eq!(update.resource_access_token_id, "token-1");
//! let owned = wsbind::mews::ResourceAccessTokenUpdateParameters::new(String::from("token-2"));
//! assert_eq!(owned.resource_access_token_id, "token-2");
//! ```
//!
//! A type with a required value has no `Default`, so a forgotten `PartnerId` is a compile error,
//! not a silent 0 on the wire:
//!
//! ```compile_fail,E0599
//! let request = wsbind::tc2::GetPartnerCameraRefreshToken::default();
//! ```
//!
//! Nor has an enumeration: its first value would be a silent default (`Mode::AddCustomerCard`).
//!
//! ```compile_fail,E0599
//! let mode = wsbind::aim::CustomerAccessTokenMode::default();
//! ```
//!
//! A generated enum is `#[non_exhaustive]` too: a value added by the vendor is not a breaking
//! change, because a match must already have a wildcard arm...
//!
//! ```compile_fail,E0004
//! use wsbind::aim::CustomerAccessTokenMode as Mode;
//! fn code(mode: &Mode) -> u8 {
//!     match mode {
//!         Mode::AddCustomerCard => 1,
//!         Mode::AddContractCard => 2,
//!         Mode::AddStudentCard => 3,
//!         Mode::UpdateCard => 4,
//!         Mode::Unknown(_) => 0,
//!     }
//! }
//! ```
//!
//! ```
//! use wsbind::aim::CustomerAccessTokenMode as Mode;
//! fn code(mode: &Mode) -> u8 {
//!     match mode {
//!         Mode::AddCustomerCard => 1,
//!         Mode::UpdateCard => 4,
//!         _ => 0,
//!     }
//! }
//! assert_eq!(code(&Mode::UpdateCard), 4);
//! ```
//!
//! A glob import of a module never shadows the prelude: SOS's schema type `Result` is `ResultType`.
//!
//! ```
//! use wsbind::sos::*;
//! fn parse(text: &str) -> Result<i32, std::num::ParseIntError> {
//!     text.parse()
//! }
//! let _kept: ResultType = ResultType::new();
//! assert_eq!(parse("7"), Ok(7));
//! ```
//!
//! Wrapped operations take and return what is inside the wrappers; the raw wrapper types stay:
//!
//! ```no_run
//! # async fn run() -> Result<(), wsbind::Error> {
//! use wsbind::sos;
//! let client = sos::Client::builder(sos::DEFAULT_ADDRESS)
//!     .auth_header(sos::AuthHeader::new().user_name("partner").password("secret"))
//!     .build()?;
//! let request = sos::GetAuthorizationTokenByEntityRequest::new(true).username("user@example.com");
//! let result: Option<sos::GetAuthorizationTokenByEntityResult> =
//!     client.get_authorization_token_by_entity(&request).await?;
//! let _raw = sos::GetAuthorizationTokenByEntity::new().request(request);
//! # Ok(()) }
//! ```
