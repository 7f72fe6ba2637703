//! The README's usage examples, compiled: if the generated API drifts from what the README shows,
//! this file stops compiling. The functions are type-checked, not run (they would need the real
//! services); the behaviour itself is exercised against local servers in tc2.rs, sos.rs, mews.rs
//! and aim.rs.

#![allow(dead_code)]

use std::{sync::Arc, time::Duration};

use futures_util::TryStreamExt as _;
use wsbind::transport::{ReqwestTransport, Transport};
use wsbind::{aim, mews, rest::Format, soap::SoapVersion, sos, tc2};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

// The README's security example uses the notes service of the security golden.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_security.rs"]
mod notes;

// The README's file example uses the media service of the media golden.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_media.rs"]
mod media;

async fn media_example(client: media::Client) -> Result<(), AnyError> {
    use wsbind::rest::Binary;

    let scan = Binary::new(std::fs::read("scan.png")?).with_file_name("scan.png").with_content_type("image/png");
    let stored = client.upload_file(&media::UploadFileRequest::new(scan).description("a scan")).await?;
    let _file: Binary = client.download_file(&media::DownloadFileRequest::new(stored.id)).await?;
    let _report: String = client.get_report(&media::GetReportRequest::default()).await?;
    Ok(())
}

/// An OAuth 2 client of the application's own, as the README's example assumes.
struct Tokens;

impl Tokens {
    async fn access_token(&self, refresh: bool) -> Result<String, wsbind::auth::TokenError> {
        Ok(if refresh { "fresh" } else { "cached" }.to_owned())
    }
}

async fn security_example(api_key: String, password: String, tokens: Arc<Tokens>) -> Result<(), AnyError> {
    let client = notes::Client::builder(notes::DEFAULT_ADDRESS)
        .api_key(api_key)
        .basic("ana", password)
        .token_provider(move |refresh: bool| {
            let tokens = Arc::clone(&tokens);
            async move { tokens.access_token(refresh).await }
        })
        .build()?;
    match client.create_note(&notes::NewNote::new("buy milk")).await {
        Ok(note) => println!("{}", note.id),
        Err(err) => match err.api_error::<notes::ValidationError>() {
            Some(Ok(invalid)) => println!("{}: {:?}", invalid.message, invalid.errors),
            _ => return Err(err.into()),
        },
    }
    Ok(())
}

async fn tc2_example(session_id: String, refresh_token: String) -> Result<(), AnyError> {
    let client = tc2::Client::new(tc2::DEFAULT_ADDRESS);
    let request = tc2::GetPartnerCameraRefreshToken::new(42, 1_234_567)
        .session_id(session_id)
        .refresh_token(refresh_token)
        .partner_camera_serial_number("B4A2-0001");
    let result: Option<tc2::AccessTokenResult> = client.get_partner_camera_refresh_token(&request).await?;
    let _token: Option<String> = result.and_then(|r| r.access_token).and_then(|t| t.access_token);

    let client = tc2::Client::builder(tc2::DEFAULT_ADDRESS)
        .soap_version(SoapVersion::V12)
        .timeout(Duration::from_secs(20))
        .build()?;
    let _result: Option<tc2::AccessTokenResult> = client.get_partner_camera_refresh_token_http_get(&request).await?;

    let transport: Arc<dyn Transport> = Arc::new(ReqwestTransport::new());
    let _client = tc2::Client::builder(tc2::DEFAULT_ADDRESS).transport(transport).build()?;
    Ok(())
}

async fn sos_example(password: String) -> Result<(), AnyError> {
    let client = sos::Client::builder(sos::DEFAULT_ADDRESS)
        .auth_header(sos::AuthHeader::new().user_name("partner").password(password))
        .build()?;
    let request = sos::GetAuthorizationTokenByEntityRequest::new(true).username("end.user@example.com");
    let result = client.get_authorization_token_by_entity(&request).await?;
    let _token: Option<String> = result.and_then(|r| r.auth_token);
    Ok(())
}

async fn mews_example(client_token: String, access_token: String, enterprise_id: String) -> Result<(), AnyError> {
    let client = mews::Client::builder(mews::DEFAULT_ADDRESS)
        .client_token(client_token)
        .access_token(access_token)
        .client("My Integration 1.0.0")
        .build()?;
    let request = mews::ResourceAccessTokenGetAllRequest::new(mews::Limitation::new(100))
        .enterprise_ids([enterprise_id])
        .activity_states([mews::ActivityState::Active]);
    let _first_page = client.get_all(&request).await?;
    let tokens: Vec<mews::ResourceAccessToken> = client.get_all_stream(&request).try_collect().await?;
    let _valid_from: &wsbind::types::DateTime = &tokens[0].validity_start_utc;
    Ok(())
}

async fn aim_example(api_key: String) -> Result<(), AnyError> {
    let client =
        aim::Client::builder(aim::DEFAULT_ADDRESS).api_key(api_key).app_id("my-app").format(Format::Xml).build()?;
    let request = aim::CustomerAccessTokenRequest::new().acct(1234).mode(aim::CustomerAccessTokenMode::AddCustomerCard);
    let reply = client.customer_access_token(&request).await?;
    let _url: Option<String> = reply.account_management_url;
    Ok(())
}

/// The identifiers of one Rust source text (comments left out, leading `_` dropped, so the
/// README's `let token` matches this file's `let _token`).
fn identifiers(code: &str) -> std::collections::BTreeSet<&str> {
    code.lines()
        .flat_map(|line| {
            line.split("//").next().unwrap_or_default().split(|c: char| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|word| word.trim_start_matches('_'))
        .filter(|word| !word.is_empty())
        .collect()
}

/// The README's examples are `rust,ignore` copies of the functions above: every name they use
/// must occur here, so a README example that calls something this file does not compile fails.
#[test]
fn readme_examples_use_only_names_compiled_here() {
    let readme = include_str!("../../README.md");
    let compiled = identifiers(include_str!("readme_examples.rs"));
    // The section of the generated clients (the build-script examples of "Use it in your own
    // crate" are compiled by the example crate, examples/weather).
    let section = readme.split("## Using a generated client").nth(1).expect("the README has that section");
    let section = section.split("\n## ").next().unwrap_or_default();
    // Each block from the line after its "```rust,ignore" to its closing fence.
    let blocks: Vec<&str> = section
        .split("```rust")
        .skip(1)
        .map(|block| block.split_once('\n').map_or("", |(_, code)| code).split("```").next().unwrap_or_default())
        .collect();
    assert_eq!(blocks.len(), 6, "the README has one Rust example per seed service, the security and the media ones");
    let missing: Vec<&str> =
        blocks.iter().flat_map(|block| identifiers(block)).filter(|name| !compiled.contains(name)).collect();
    assert!(
        missing.is_empty(),
        "README example names not compiled in downstream/tests/readme_examples.rs: {missing:?}"
    );
}
