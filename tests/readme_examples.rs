//! The README's usage examples, compiled: if the generated API drifts from what the README shows,
//! this file stops compiling. The functions are type-checked, not run (they would need the real
//! services); the behaviour itself is exercised against local servers in tc2.rs, sos.rs, mews.rs
//! and aim.rs.

#![allow(dead_code)]

use std::{sync::Arc, time::Duration};

use futures_util::TryStreamExt as _;
use wsbind::{aim, mews, rest::Format, soap::SoapVersion, sos, tc2, transport::ReqwestTransport};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn tc2_example(session_id: String, refresh_token: String) -> Result<(), AnyError> {
    let client = tc2::Client::new(tc2::DEFAULT_ADDRESS);
    let request = tc2::GetPartnerCameraRefreshToken {
        session_id: Some(session_id),
        partner_id: 42,
        location_id: 1_234_567,
        refresh_token: Some(refresh_token),
        partner_camera_serial_number: Some("B4A2-0001".into()),
    };
    let reply = client.get_partner_camera_refresh_token(&request).await?;
    let _token: Option<tc2::AccessToken> = reply.get_partner_camera_refresh_token_result.and_then(|r| r.access_token);

    let transport = ReqwestTransport::builder().timeout(Duration::from_secs(20)).build()?;
    let client = tc2::Client::with_transport(tc2::DEFAULT_ADDRESS, Arc::new(transport)).soap_version(SoapVersion::V12);
    let _result: tc2::AccessTokenResult = client.get_partner_camera_refresh_token_http_get(&request).await?;
    Ok(())
}

async fn sos_example(password: String, request: sos::GetAuthorizationTokenByEntity) -> Result<(), AnyError> {
    let client = sos::Client::new(sos::DEFAULT_ADDRESS).with_auth_header(sos::AuthHeader {
        user_name: Some("partner".into()),
        password: Some(password),
        ..Default::default()
    });
    let _reply = client.get_authorization_token_by_entity(&request).await?;
    Ok(())
}

async fn mews_example(client_token: String, access_token: String, enterprise_id: String) -> Result<(), AnyError> {
    let client = mews::Client::new(mews::DEFAULT_ADDRESS)
        .with_client_token(client_token)
        .with_access_token(access_token)
        .with_client("My Integration 1.0.0");
    let request = mews::ResourceAccessTokenGetAllRequest {
        enterprise_ids: vec![enterprise_id],
        activity_states: vec![mews::ActivityState::Active],
        limitation: mews::Limitation { cursor: None, count: 100 },
        ..Default::default()
    };
    let _first_page = client.get_all(&request).await?;
    let tokens: Vec<mews::ResourceAccessToken> = client.get_all_stream(&request).try_collect().await?;
    let _valid_from: &wsbind::types::DateTime = &tokens[0].validity_start_utc;
    Ok(())
}

async fn aim_example(api_key: String) -> Result<(), AnyError> {
    let client =
        aim::Client::new(aim::DEFAULT_ADDRESS).with_api_key(api_key).with_app_id("my-app").with_format(Format::Xml);
    let reply = client
        .customer_access_token(&aim::CustomerAccessTokenRequest {
            acct: Some(1234),
            mode: Some(aim::CustomerAccessTokenMode::AddCustomerCard),
            item_key: None,
        })
        .await?;
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
    let readme = include_str!("../README.md");
    let compiled = identifiers(include_str!("readme_examples.rs"));
    // Each block from the line after its "```rust,ignore" to its closing fence.
    let blocks: Vec<&str> = readme
        .split("```rust")
        .skip(1)
        .map(|block| block.split_once('\n').map_or("", |(_, code)| code).split("```").next().unwrap_or_default())
        .collect();
    assert_eq!(blocks.len(), 4, "the README has one Rust example per service");
    let missing: Vec<&str> =
        blocks.iter().flat_map(|block| identifiers(block)).filter(|name| !compiled.contains(name)).collect();
    assert!(missing.is_empty(), "README example names not compiled in tests/readme_examples.rs: {missing:?}");
}
