//! The canary suite: clients built with recognisable fake credentials are driven through
//! every failure path; `Display`, `Debug`, the whole `source()` chain and every line traced at
//! TRACE (reqwest's and hyper's own targets included) must never show a credential.

use futures_util::StreamExt;
use kandy_core::{
    AccountApiKey, AccountApiSecret, ContentUuid, DeviceId, DomainAccessToken, DomainApiKey,
    DomainApiSecret, DomainDetailsKey, Error, ErrorKind, KandyApi, NewRegistration, NewUser,
    OutgoingSms, UserAccessToken, UserPassword,
};
use kandy_http::KandyClient;
use serde_json::json;
use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MARK: &str = "canary";
const UAT: &str = "UATcanary0123456789abcdef0123456789";
const AAK: &str = "AAKcanary0123456789abcdef0123456789";
const AAS: &str = "AAScanary0123456789abcdef0123456789";
const DAK: &str = "DAKcanary0123456789abcdef0123456789";
const DAS: &str = "DAScanary0123456789abcdef0123456789";
const DAT: &str = "DATcanary0123456789abcdef0123456789";
const PASSWORD: &str = "pw-canary-42";
const CODE: &str = "code-canary-1234";

/// Everything the global subscriber writes.
fn trace_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER
        .get_or_init(|| {
            let buffer = Arc::new(Mutex::new(Vec::new()));
            let sink = buffer.clone();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(FmtSpan::FULL)
                .with_writer(move || SharedWriter(sink.clone()))
                .try_init()
                .expect("the canary suite installs the only global subscriber");
            buffer
        })
        .clone()
}

struct SharedWriter(Arc<Mutex<Vec<u8>>>);

impl Write for SharedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn traced() -> String {
    String::from_utf8_lossy(&trace_buffer().lock().unwrap()).into_owned()
}

/// Asserts that no canary shows in the error, its `Debug`, its source chain, or the trace.
fn assert_clean(label: &str, error: &Error) {
    let mut seen = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = error.source();
    while let Some(inner) = source {
        seen.push(inner.to_string());
        seen.push(format!("{inner:?}"));
        source = inner.source();
    }
    seen.push(traced());
    for text in seen {
        let leaks: Vec<&str> = text
            .lines()
            .filter(|line| line.to_ascii_lowercase().contains(MARK))
            .collect();
        assert!(
            leaks.is_empty(),
            "{label}: a credential leaked:\n{}",
            leaks.join("\n")
        );
    }
}

fn client(base: &str) -> KandyClient {
    KandyClient::builder()
        .base_url(base)
        .connect_timeout(Duration::from_secs(2))
        .attempt_timeout(Duration::from_millis(300))
        .call_timeout(Duration::from_secs(3))
        .build()
        .unwrap()
}

async fn server(response: ResponseTemplate) -> (MockServer, KandyClient) {
    trace_buffer();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = client(&format!("{}/v1.2/", server.uri()));
    (server, client)
}

/// Runs the operations that carry each kind of credential against `client`, checking every
/// error.
async fn drive(label: &str, client: &KandyClient) -> usize {
    let mut failures = Vec::new();
    let uat = || UserAccessToken::new(UAT);
    if let Err(e) = client.get_devices(uat()).await {
        failures.push(e);
    }
    let sms = OutgoingSms::new("+14155550100", "hi");
    if let Err(e) = client.send_sms(uat(), DeviceId::new("d1"), sms).await {
        failures.push(e);
    }
    if let Err(e) = client
        .get_account_access_token(AccountApiKey::new(AAK), AccountApiSecret::new(AAS))
        .await
    {
        failures.push(e);
    }
    let key = DomainDetailsKey::Secret {
        api_key: DomainApiKey::new(DAK),
        api_secret: DomainApiSecret::new(DAS),
        token: DomainAccessToken::new(DAT),
    };
    if let Err(e) = client.get_limited_domain_detail(key).await {
        failures.push(e);
    }
    if let Err(e) = client
        .delete_user_access_token(
            DomainApiKey::new(DAK),
            "bob".into(),
            UserPassword::new(PASSWORD),
            uat(),
        )
        .await
    {
        failures.push(e);
    }
    let user = NewUser::new("bob").password(UserPassword::new(PASSWORD));
    if let Err(e) = client
        .create_user_by_user_id(DomainAccessToken::new(DAT), user)
        .await
    {
        failures.push(e);
    }
    let registration = NewRegistration::new("4155550100", "US", CODE, "native-1");
    if let Err(e) = client
        .register(DomainAccessToken::new(DAT), registration)
        .await
    {
        failures.push(e);
    }
    if let Err(e) = client
        .get_configurations(DomainApiKey::new(DAK), DomainApiSecret::new(DAS))
        .await
    {
        failures.push(e);
    }
    if let Err(e) = client
        .download_content(uat(), DeviceId::new("d1"), ContentUuid::new("c1"))
        .await
    {
        failures.push(e);
    }
    for e in &failures {
        assert_clean(label, e);
    }
    failures.len()
}

/// A body that echoes every credential, as a careless proxy or server might.
fn echo_all() -> String {
    format!(
        "key={UAT}&account_api_secret={AAS}&key={AAK}&domain_api_secret={DAS}&domain_access_token={DAT}&key={DAK}&user_password={PASSWORD}&validation_code={CODE}"
    )
}

#[tokio::test]
async fn a_refused_connection() {
    trace_buffer();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client(&format!("http://127.0.0.1:{port}/v1.2/"));
    assert_eq!(drive("refused", &client).await, 9);
}

#[tokio::test]
async fn a_dns_failure() {
    trace_buffer();
    let client = client("http://kandy-nxdomain.invalid/v1.2/");
    assert_eq!(drive("dns", &client).await, 9);
}

#[tokio::test]
async fn a_timeout() {
    let (_s, client) = server(
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": 0, "message": "success"}))
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    assert_eq!(drive("timeout", &client).await, 9);
}

#[tokio::test]
async fn a_4xx_envelope_that_echoes_the_credentials() {
    let (_s, client) = server(ResponseTemplate::new(401).set_body_json(
        json!({"status": 55, "message": format!("invalid credentials: {}", echo_all())}),
    ))
    .await;
    assert_eq!(drive("401", &client).await, 9);
}

/// Answers with an envelope whose message repeats every query value and the JSON body of
/// the request, as a careless server might ("unknown key UAT…").
struct EchoRequest(u16);

impl Respond for EchoRequest {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let values: Vec<String> = request
            .url
            .query_pairs()
            .map(|(_, v)| v.into_owned())
            .collect();
        let message = format!(
            "unknown credentials {} in {}",
            values.join(" "),
            String::from_utf8_lossy(&request.body)
        );
        ResponseTemplate::new(self.0).set_body_json(json!({"status": 55, "message": message}))
    }
}

#[tokio::test]
async fn an_envelope_that_echoes_the_request() {
    trace_buffer();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(EchoRequest(401))
        .mount(&server)
        .await;
    let client = client(&format!("{}/v1.2/", server.uri()));
    assert_eq!(drive("echo", &client).await, 9);
}

#[tokio::test]
async fn a_4xx_html_page_that_echoes_the_url() {
    let page = format!(
        "<html><body>404 Not Found: /v1.2/x?{}</body></html>",
        echo_all()
    );
    let (_s, client) = server(ResponseTemplate::new(404).set_body_raw(page, "text/html")).await;
    assert_eq!(drive("404 html", &client).await, 9);
}

#[tokio::test]
async fn a_5xx_page_that_echoes_the_credentials_first() {
    let page = format!("{UAT} {AAS} {AAK} {DAS} {DAT} {DAK} {PASSWORD} {CODE} upstream failed");
    let (_s, client) = server(ResponseTemplate::new(502).set_body_raw(page, "text/plain")).await;
    assert_eq!(drive("502", &client).await, 9);
}

#[tokio::test]
async fn an_envelope_error_under_http_200() {
    let (_s, client) = server(
        ResponseTemplate::new(200).set_body_json(json!({"status": 1, "message": echo_all()})),
    )
    .await;
    assert_eq!(drive("200 envelope", &client).await, 9);
}

#[tokio::test]
async fn truncated_json_holding_credentials() {
    let body = format!(
        r#"{{"status":0,"message":"success","result":{{"user_access_token":"{UAT}","x":"{DAS}"#
    );
    // The download takes a body that is no envelope for the file it asked for.
    let (_s, client) =
        server(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    assert_eq!(drive("truncated", &client).await, 8);
}

#[tokio::test]
async fn json_of_the_wrong_shape_holding_credentials() {
    let wrong = json!({"status": 0, "message": "success", "result": {
        "devices": [{"id": "d", "registrationTimestamp": UAT}],
        "account_access_token": [AAS], "domain": {"domain_api_key": 5, "domain_name": DAS},
        "user_id": 7, "full_user_id": DAT, "user_password": 12345678
    }});
    let (_s, client) = server(ResponseTemplate::new(200).set_body_json(wrong)).await;
    // `send_sms` and `delete_user_access_token` read no result and succeed, and so does the
    // download: a success envelope is not a refusal, so it is the file.
    assert_eq!(drive("wrong shape", &client).await, 6);
}

#[tokio::test]
async fn a_non_json_status_holding_a_credential() {
    // The download takes a body that is no envelope for the file it asked for.
    let body = format!(r#"{{"status":"{UAT}","message":"x"}}"#);
    let (_s, client) =
        server(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    assert_eq!(drive("status type", &client).await, 8);
}

#[tokio::test]
async fn a_redirect_that_carries_the_credentials() {
    let (_s, client) = server(
        ResponseTemplate::new(302)
            .insert_header(
                "location",
                format!("https://elsewhere.example/?{}", echo_all()).as_str(),
            )
            .set_body_raw(
                format!("Moved to https://elsewhere.example/?{}", echo_all()),
                "text/plain",
            ),
    )
    .await;
    assert_eq!(drive("redirect", &client).await, 9);
}

#[tokio::test]
async fn successful_calls_trace_the_operation_but_never_the_query() {
    let (_s, client) = server(ResponseTemplate::new(200).set_body_json(
        json!({"status": 0, "message": "success", "result": {"devices": [{"id": "d9"}]}}),
    ))
    .await;
    let devices = client.get_devices(UserAccessToken::new(UAT)).await.unwrap();
    assert_eq!(devices[0].id.as_str(), "d9");
    let trace = traced();
    assert!(!trace.to_ascii_lowercase().contains(MARK), "{trace}");
    let ours: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("kandy.request{") && l.contains("get_devices"))
        .collect();
    assert!(
        ours.iter()
            .any(|l| l.contains("http.response.status_code=200")
                && l.contains("url.template=\"users/devices\"")
                && l.contains("http.request.method=\"GET\"")),
        "{}",
        ours.join("\n")
    );
    assert!(
        ours.iter().any(|l| l.contains("key=REDACTED")),
        "the redacted URL at TRACE"
    );
    // No event of ours at INFO or above (the span itself is INFO, for exporters; its
    // lifecycle lines show here only because this subscriber asks for span events).
    let lifecycle = [": new", ": enter", ": exit", ": close"];
    let loud: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("kandy_http") && !l.contains(" DEBUG ") && !l.contains(" TRACE "))
        .filter(|l| !lifecycle.iter().any(|event| l.contains(event)))
        .collect();
    assert!(loud.is_empty(), "{}", loud.join("\n"));
}

/// A download whose connection breaks in the middle of the file: the stream's error, like
/// every other, shows no credential (and names the operation).
#[tokio::test]
async fn a_download_that_breaks_mid_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    trace_buffer();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 8192];
        let _ = socket.read(&mut request).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\
             Content-Disposition: attachment; filename=\"{MARK}.png\"\r\n\r\n{UAT}"
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.flush().await.unwrap();
        // Closed after 35 of the 1000 bytes announced.
    });
    let client = client(&format!("http://127.0.0.1:{port}/v1.2/"));
    let mut download = client
        .download_content(
            UserAccessToken::new(UAT),
            DeviceId::new("d1"),
            ContentUuid::new("c1"),
        )
        .await
        .unwrap();
    let mut error = None;
    while let Some(chunk) = download.next().await {
        if let Err(e) = chunk {
            error = Some(e);
            break;
        }
    }
    let error = error.expect("the truncated body ends the stream with an error");
    assert!(
        matches!(error.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{error:?}"
    );
    assert_eq!(error.operation(), Some("download_content"));
    assert_clean("download mid-body", &error);
}

#[test]
fn debug_of_the_client_and_the_credentials_is_clean() {
    let client = KandyClient::builder().build().unwrap();
    let shown = format!(
        "{client:?} {:?} {:?}",
        UserAccessToken::new(UAT),
        UserPassword::new(PASSWORD)
    );
    assert!(!shown.contains(MARK), "{shown}");
}
