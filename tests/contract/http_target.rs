//! The suite over the wire: a `kandy_http::KandyClient` talking to a simulator served on
//! `127.0.0.1:0`, with the admin surface reached through its real `/_sim/*` routes.
//!
//! Nothing here touches the served simulator's in-process handle: every admin call is an
//! HTTP request with plain JSON bodies (docs/SIMULATOR.md, DECISIONS.md "the simulator
//! server's `/_sim/*` surface").

use crate::target::{SEED, Target};
use async_trait::async_trait;
use kandy_core::{DeviceId, Error, IncomingMessage, KandyApi};
use kandy_http::KandyClient;
use kandy_sim::server::Server;
use kandy_sim::{AccountCredentials, SentSms, Simulator};
use reqwest::{Method, StatusCode, Url};
use serde_json::{Value, json};

/// A served simulator, fresh for every test, and a client of it.
#[derive(Debug)]
pub struct HttpTarget {
    server: Server,
    client: KandyClient,
    admin: reqwest::Client,
}

/// An admin answer: its status and body.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

impl Answer {
    /// The JSON body of an HTTP 200 answer; panics (naming the route) on anything else.
    fn json(&self, route: &str) -> Value {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "{route}: unexpected HTTP status; body: {}",
            self.text()
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{route}: unexpected body ({e}): {}", self.text()))
    }

    /// Asserts `{"ok": true}`.
    fn ok(&self, route: &str) {
        assert_eq!(self.json(route), json!({ "ok": true }), "{route}: answer");
    }

    /// The `error` of a `{"error": message}` answer.
    fn error(&self, route: &str) -> String {
        let body: Value = serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{route}: an error answer is JSON ({e}): {}", self.text()));
        match body.get("error").and_then(Value::as_str) {
            Some(message) if !message.is_empty() => message.to_owned(),
            _ => panic!("{route}: an error answer is {{\"error\": message}}, got {body}"),
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl HttpTarget {
    /// Serves a fresh simulator seeded with [`SEED`] on a free loopback port.
    pub async fn new() -> Self {
        let sim = Simulator::builder().seed(SEED).build();
        let server = Server::bind("127.0.0.1:0", sim)
            .await
            .expect("bind the simulator server on 127.0.0.1:0");
        let client = KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .expect("a client of the served simulator");
        Self {
            server,
            client,
            admin: reqwest::Client::new(),
        }
    }

    /// `/_sim/` plus `segments`, each percent-encoded as one path segment.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = Url::parse(&self.server.root_url()).expect("the server's root URL");
        url.path_segments_mut()
            .expect("an http URL has path segments")
            .clear()
            .push("_sim")
            .extend(segments);
        url
    }

    /// One admin request; the body, when given, is JSON.
    async fn call(&self, method: Method, url: Url, body: Option<&Value>) -> Answer {
        let route = format!("{method} {}", url.path());
        let mut request = self.admin.request(method, url);
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{route}: no answer: {e}"));
        let status = response.status();
        let body = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{route}: the body could not be read: {e}"));
        Answer {
            status,
            body: body.to_vec(),
        }
    }
}

/// Decodes an admin answer's JSON into one of the simulator's types (a macro, as the root
/// package has `serde_json` but not `serde` to name the bound of a generic function).
macro_rules! decode {
    ($route:expr, $value:expr) => {{
        let value: Value = $value;
        // The error names what broke, not the whole answer (which may hold a secret).
        serde_json::from_value(value)
            .unwrap_or_else(|e| panic!("{}: unexpected answer: {e}", $route))
    }};
}

#[async_trait]
impl Target for HttpTarget {
    fn api(&self) -> &dyn KandyApi {
        &self.client
    }

    fn over_http(&self) -> bool {
        true
    }

    async fn create_account(&self) -> AccountCredentials {
        let route = "POST /_sim/accounts";
        let url = self.url(&["accounts"]);
        let created = self
            .call(Method::POST, url, Some(&json!({})))
            .await
            .json(route);
        AccountCredentials {
            api_key: decode!(route, created["account_api_key"].clone()),
            api_secret: decode!(route, created["account_api_secret"].clone()),
        }
    }

    async fn advance_clock(&self, millis: u64) {
        let url = self.url(&["clock", "advance"]);
        let answer = self
            .call(Method::POST, url, Some(&json!({ "millis": millis })))
            .await
            .json("POST /_sim/clock/advance");
        assert!(
            answer.get("now_ms").is_some_and(Value::is_u64),
            "POST /_sim/clock/advance answers the new time: {answer}"
        );
    }

    async fn sms_outbox(&self) -> Vec<SentSms> {
        let route = "GET /_sim/sms";
        let url = self.url(&["sms"]);
        decode!(route, self.call(Method::GET, url, None).await.json(route))
    }

    async fn device_queue(&self, device_id: &DeviceId) -> Option<Vec<IncomingMessage>> {
        let route = "GET /_sim/devices/{device_id}/messages";
        let url = self.url(&["devices", device_id.as_str(), "messages"]);
        let answer = self.call(Method::GET, url, None).await;
        if answer.status == StatusCode::NOT_FOUND {
            answer.error(route);
            return None;
        }
        Some(decode!(route, answer.json(route)))
    }

    async fn snapshot(&self) -> Value {
        let url = self.url(&["snapshot"]);
        self.call(Method::GET, url, None)
            .await
            .json("GET /_sim/snapshot")
    }

    async fn restore(&self, snapshot: Value) -> kandy_core::Result<()> {
        let route = "PUT /_sim/snapshot";
        let url = self.url(&["snapshot"]);
        let answer = self.call(Method::PUT, url, Some(&snapshot)).await;
        match answer.status {
            StatusCode::OK => {
                answer.ok(route);
                Ok(())
            }
            // The admin surface answers plain JSON, not the Kandy envelope: an invalid
            // snapshot is HTTP 400 with `{"error": message}`, the in-process BadArgument.
            StatusCode::BAD_REQUEST => Err(Error::bad_argument(format!(
                "{route} answered HTTP 400: {}",
                answer.error(route)
            ))),
            other => panic!("{route}: unexpected HTTP status {other}: {}", answer.text()),
        }
    }

    async fn reset(&self) {
        let url = self.url(&["reset"]);
        self.call(Method::POST, url, None)
            .await
            .ok("POST /_sim/reset");
    }
}

/// The HTTP target really goes over the wire: the fixture's calls are in the server's request
/// log, in order, each answered HTTP 200 with Kandy status 0, and with no credential in it.
#[tokio::test]
async fn the_fixture_goes_over_the_wire() {
    let t = HttpTarget::new().await;
    crate::fixture::Fixture::new(&t).await;
    let route = "GET /_sim/requests";
    let log = t
        .call(Method::GET, t.url(&["requests"]), None)
        .await
        .json(route);
    crate::check::assert_no_credential(route, &log.to_string());
    let entries = log.as_array().expect("the request log is an array");
    let operations: Vec<&str> = entries
        .iter()
        .map(|entry| entry["operation"].as_str().unwrap_or("(none)"))
        .collect();
    let user = [
        "create_user_by_user_id",
        "get_user_access_token",
        "get_devices",
    ];
    let mut expected = vec![
        "get_account_access_token",
        "create_domain",
        "get_domain_access_token",
    ];
    for _ in ["alice", "bob", "carol"] {
        expected.extend(user);
    }
    assert_eq!(operations, expected, "the fixture's calls, in order");
    for entry in entries {
        assert_eq!(entry["http_status"], json!(200), "{entry}");
        assert_eq!(entry["kandy_status"], json!(0), "{entry}");
        let path = entry["path"].as_str().unwrap_or_default();
        assert!(path.starts_with("/v1.2/"), "a Kandy call: {entry}");
    }
}
