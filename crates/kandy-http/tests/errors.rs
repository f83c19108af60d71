//! Every way a call can fail: envelope errors under any HTTP status, bodies that are not an
//! envelope, redirects, and transport failures (refused connection, timeouts).

use kandy_core::{DeviceId, ErrorKind, GroupId, KandyApi, NewGroup, UserAccessToken};
use kandy_http::KandyClient;
use serde_json::json;
use std::error::Error as _;
use std::time::Duration;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const UAT: &str = "UAT19327bf040754bc591943be49f13e08c";

fn token() -> UserAccessToken {
    UserAccessToken::new(UAT)
}

async fn serve(response: ResponseTemplate) -> (MockServer, KandyClient) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = KandyClient::builder()
        .base_url(format!("{}/v1.2/", server.uri()))
        .build()
        .unwrap();
    (server, client)
}

fn envelope(http: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(http).set_body_json(body)
}

fn raw(http: u16, content_type: &str, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(http).set_body_raw(body.as_bytes().to_vec(), content_type)
}

#[tokio::test]
async fn a_non_zero_status_under_http_200_is_an_api_error() {
    let (_s, client) = serve(envelope(
        200,
        json!({"status": 55, "message": "invalid credentials"}),
    ))
    .await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(
        e.api_status(),
        Some(kandy_core::ApiStatus::INVALID_CREDENTIALS)
    );
    assert_eq!(e.http_status(), Some(200));
    assert_eq!(e.operation(), Some("get_devices"));
    assert!(e.maybe_sent());
    assert_eq!(
        e.to_string(),
        "get_devices: HTTP 200, Kandy status 55: invalid credentials"
    );
}

#[tokio::test]
async fn an_envelope_under_http_401_is_decoded() {
    let (_s, client) = serve(envelope(
        401,
        json!({"status": 10, "message": "tokenExpired"}),
    ))
    .await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert!(e.is_token_expired());
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Auth, Some(401)));
    assert_eq!(e.api_error().unwrap().message, "tokenExpired");
}

#[tokio::test]
async fn group_statuses_map_to_their_kinds() {
    let (_s, client) = serve(envelope(
        404,
        json!({"status": 700, "message": "group not found"}),
    ))
    .await;
    let e = client
        .get_group_by_id(token(), GroupId::new("g"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.api_status()),
        (
            ErrorKind::NotFound,
            Some(kandy_core::ApiStatus::GROUP_NOT_FOUND)
        )
    );
}

#[tokio::test]
async fn an_html_502_page_is_a_decode_error_with_a_short_snippet() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>\
                <hr><center>nginx</center></body></html>";
    let (_s, client) = serve(raw(502, "text/html", page)).await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Decode, Some(502)));
    let shown = e.to_string();
    assert!(shown.starts_with("get_devices: HTTP 502, the response is not a JSON object (text/html): <html><head><title>502 Bad Gateway"), "{shown}");
    assert!(!shown.contains("nginx"), "the snippet is short: {shown}");
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let (_s, client) = serve(ResponseTemplate::new(200)).await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(
        e.to_string(),
        "get_devices: HTTP 200, the response body is empty"
    );
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let (_s, client) = serve(raw(
        200,
        "application/json",
        r#"{"status":0,"message":"success","result":{"devi"#,
    ))
    .await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let shown = e.to_string();
    assert!(
        shown.contains("not well-formed JSON: EOF while parsing"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_wrong_type_in_result_names_the_json_path() {
    let body = json!({"status": 0, "message": "success",
                      "result": {"devices": [{"id": "d1"}, {"id": "d2", "registrationTimestamp": "soon"}]}});
    let (_s, client) = serve(envelope(200, body)).await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let shown = e.to_string();
    assert!(shown.contains("`result.devices[1]"), "{shown}");
    assert!(!shown.contains("soon"), "the value is not echoed: {shown}");
}

#[tokio::test]
async fn a_missing_result_is_a_decode_error() {
    let (_s, client) = serve(envelope(200, json!({"status": 0, "message": "success"}))).await;
    let e = client
        .create_group(token(), NewGroup::new("g"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("no `result`"), "{e}");
    let e = client.get_devices(token()).await.unwrap_err();
    assert!(e.to_string().contains("no `result`"), "{e}");
}

#[tokio::test]
async fn an_envelope_with_a_string_status_names_the_field() {
    let (_s, client) = serve(envelope(200, json!({"status": "0", "message": "success"}))).await;
    let e = client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(
        e.to_string().contains("not a Kandy envelope: `status`"),
        "{e}"
    );
}

#[tokio::test]
async fn a_success_envelope_under_http_500_is_not_a_success() {
    let (_s, client) = serve(envelope(500, json!({"status": 0, "message": "success"}))).await;
    let e = client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Decode, Some(500)));
}

#[tokio::test]
async fn a_write_ignores_an_unexpected_result() {
    let (_s, client) = serve(envelope(
        200,
        json!({"status": 0, "message": "Device Deleted", "result": [1, 2]}),
    ))
    .await;
    client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_api_message_echoing_the_key_is_scrubbed() {
    let (_s, client) = serve(envelope(
        401,
        json!({"status": 55, "message": format!("unknown key {UAT}")}),
    ))
    .await;
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.api_error().unwrap().message, "unknown key REDACTED");
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = format!("{}/elsewhere?key={UAT}", server.uri());
    Mock::given(path("/elsewhere"))
        .respond_with(envelope(
            200,
            json!({"status": 0, "message": "success", "result": {"devices": []}}),
        ))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.2/users/devices"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let client = KandyClient::builder()
        .base_url(format!("{}/v1.2/", server.uri()))
        .build()
        .unwrap();
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Decode, Some(302)));
    assert!(e.to_string().contains("redirect"), "{e}");
}

#[tokio::test]
async fn a_supplied_client_that_follows_redirects_is_caught() {
    let server = MockServer::start().await;
    Mock::given(path("/elsewhere"))
        .respond_with(envelope(
            200,
            json!({"status": 0, "message": "success", "result": {"devices": []}}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/v1.2/users/devices"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/elsewhere"))
        .mount(&server)
        .await;
    let client = KandyClient::builder()
        .base_url(format!("{}/v1.2/", server.uri()))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Decode, Some(200)));
    assert!(e.to_string().contains("redirect"), "{e}");
}

fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn a_refused_connection_was_certainly_not_sent() {
    let client = KandyClient::builder()
        .base_url(format!("http://127.0.0.1:{}/v1.2/", closed_port()))
        .build()
        .unwrap();
    let e = client.get_devices(token()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect);
    assert!(!e.maybe_sent());
    assert_eq!(
        (e.operation(), e.http_status()),
        (Some("get_devices"), None)
    );
    assert!(
        e.source().is_some(),
        "the reqwest error is kept as the source"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_after_the_request_may_have_been_sent() {
    let (_s, client) = serve(
        envelope(200, json!({"status": 0, "message": "success"})).set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = KandyClient::builder()
        .base_url(client.base_url().as_str())
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(e.maybe_sent());
    assert_eq!(e.operation(), Some("delete_device"));
}

#[tokio::test]
async fn the_whole_call_timeout_bounds_a_call_without_an_attempt_timeout() {
    let (_s, client) = serve(
        envelope(200, json!({"status": 0, "message": "success"})).set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = KandyClient::builder()
        .base_url(client.base_url().as_str())
        .attempt_timeout(None)
        .call_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let e = client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap_err();
    assert!(e.is_timeout() && e.maybe_sent(), "{e:?}");
    assert!(e.to_string().contains("whole-call timeout"), "{e}");
}

/// The attempt timeout bounds reading the body too: a server that sends its headers and then
/// stalls mid-body is cut off by it, with no whole-call timer armed (the whole-call limit is
/// far away here).
#[tokio::test]
async fn the_attempt_timeout_cuts_a_body_that_stalls() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(br#"{"status":0,"#).await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let client = KandyClient::builder()
        .base_url(format!("http://{addr}/v1.2/"))
        .attempt_timeout(Duration::from_millis(300))
        .call_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let e = client
        .delete_device(token(), DeviceId::new("d"))
        .await
        .unwrap_err();
    assert!(e.is_timeout() && e.maybe_sent(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "{e}");
}
