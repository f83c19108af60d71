//! `KandyClient::builder()`: defaults, validation, `Debug`, and what reaches the wire.

use kandy_core::{ErrorKind, KandyApi, UserAccessToken};
use kandy_http::{DEFAULT_BASE_URL, DEFAULT_USER_AGENT, KandyClient, KandyClientBuilder, Timeouts};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config_error(builder: KandyClientBuilder) -> String {
    let e = builder.build().expect_err("the setting is refused");
    assert_eq!(e.kind(), ErrorKind::Config, "{e}");
    assert!(!e.maybe_sent());
    e.to_string()
}

#[test]
fn defaults_are_the_real_service_with_timeouts_on() {
    let client = KandyClient::builder().build().unwrap();
    assert_eq!(client.base_url().as_str(), DEFAULT_BASE_URL);
    assert_eq!(DEFAULT_BASE_URL, "https://api.kandy.io/v1.2/");
    let t = client.timeouts();
    assert_eq!(t, Timeouts::V2026_1);
    assert_eq!(
        (t.connect, t.attempt, t.call),
        (
            Some(Duration::from_secs(5)),
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(60))
        )
    );
    assert_eq!(
        DEFAULT_USER_AGENT,
        concat!("kandy-rs/", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_base_url_gets_its_trailing_slash_and_any_http_host_is_accepted() {
    let client = KandyClient::builder()
        .base_url("http://127.0.0.1:8080/v1.2")
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), "http://127.0.0.1:8080/v1.2/");
    let client = KandyClient::builder()
        .base_url("https://kandy.example.com/api/v1.2/")
        .build()
        .unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://kandy.example.com/api/v1.2/"
    );
}

#[test]
fn bad_base_urls_are_refused_at_build() {
    for bad in [
        "ftp://api.kandy.io/v1.2/",
        "file:///v1.2/",
        "https://api.kandy.io/v1.2/?key=DAK0123",
        "https://api.kandy.io/v1.2/#top",
        "https://user:pw@api.kandy.io/v1.2/",
        "api.kandy.io/v1.2",
        "",
    ] {
        let shown = config_error(KandyClient::builder().base_url(bad));
        assert!(!shown.contains("DAK0123"), "{shown}");
    }
}

#[test]
fn zero_timeouts_are_refused() {
    let zero = Duration::ZERO;
    assert!(config_error(KandyClient::builder().connect_timeout(zero)).contains("connect"));
    assert!(config_error(KandyClient::builder().attempt_timeout(zero)).contains("attempt"));
    assert!(config_error(KandyClient::builder().call_timeout(zero)).contains("call"));
}

#[test]
fn an_attempt_longer_than_the_whole_call_is_refused() {
    let shown = config_error(
        KandyClient::builder()
            .attempt_timeout(Duration::from_secs(90))
            .call_timeout(Duration::from_secs(60)),
    );
    assert!(shown.contains("longer than the whole-call"), "{shown}");
}

#[test]
fn timeouts_can_be_turned_off() {
    let client = KandyClient::builder()
        .timeouts(Timeouts::NONE)
        .build()
        .unwrap();
    assert_eq!(client.timeouts(), Timeouts::NONE);
    let client = KandyClient::builder()
        .attempt_timeout(Duration::from_secs(90))
        .call_timeout(None)
        .build()
        .unwrap();
    assert_eq!(client.timeouts().call, None);
}

#[test]
fn bad_user_agents_are_refused() {
    config_error(KandyClient::builder().user_agent(""));
    config_error(KandyClient::builder().user_agent("kandy\r\nx-evil: 1"));
}

#[test]
fn a_connect_timeout_cannot_be_set_on_a_supplied_client() {
    let shown = config_error(
        KandyClient::builder()
            .http_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1)),
    );
    assert!(shown.contains("supplied reqwest::Client"), "{shown}");
    KandyClient::builder()
        .http_client(reqwest::Client::new())
        .connect_timeout(None)
        .build()
        .unwrap();
}

#[test]
fn debug_shows_the_settings_and_no_secret() {
    let builder = KandyClient::builder().base_url("https://u:hunter2@h/v1.2/?key=DAK0123");
    let shown = format!("{builder:?}");
    assert!(
        shown.starts_with(
            "KandyClientBuilder { base_url: \"https://u:REDACTED@h/v1.2/?key=REDACTED\""
        ),
        "{shown}"
    );
    assert!(
        !shown.contains("hunter2") && !shown.contains("DAK0123"),
        "{shown}"
    );

    let client = KandyClient::builder().build().unwrap();
    let shown = format!("{client:?}");
    assert!(
        shown.contains("base_url: \"https://api.kandy.io/v1.2/\""),
        "{shown}"
    );
    assert!(shown.contains("attempt: Some(30s)"), "{shown}");
}

#[tokio::test]
async fn the_user_agent_and_accept_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.2/users/devices"))
        .and(header("user-agent", DEFAULT_USER_AGENT))
        .and(header("accept", "application/json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"status": 0, "message": "success", "result": {"devices": []}}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = KandyClient::builder()
        .base_url(format!("{}/v1.2", server.uri()))
        .build()
        .unwrap();
    let devices = client
        .get_devices(UserAccessToken::new("UAT1"))
        .await
        .unwrap();
    assert!(devices.is_empty());
}

#[tokio::test]
async fn a_supplied_client_is_used_with_a_custom_user_agent() {
    let server = MockServer::start().await;
    Mock::given(path("/v1.2/users/devices"))
        .and(header("x-probe", "supplied"))
        .and(header("user-agent", "my-app/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": 0, "message": "success", "result": {"devices": [{"id": "d1"}]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-probe", "supplied".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = KandyClient::builder()
        .base_url(format!("{}/v1.2/", server.uri()))
        .http_client(http)
        .user_agent("my-app/2")
        .build()
        .unwrap();
    let devices = client
        .get_devices(UserAccessToken::new("UAT1"))
        .await
        .unwrap();
    assert_eq!(devices[0].id.as_str(), "d1");
}
