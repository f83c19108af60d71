//! The wire harness: a wiremock server that expects exactly one request (method, path, every
//! query parameter, exact JSON body) and answers a sample from the specification, behind a
//! catch-all that fails the test on anything else.

use kandy_core::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, DomainAccessToken, DomainApiKey,
    DomainApiSecret, UserAccessToken, UserApiKey, UserPassword,
};
use kandy_http::KandyClient;
use serde_json::{Value, json};
use std::fmt::Debug;
use wiremock::matchers::{any, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

pub const AAK: &str = "AAK0123456789abcdef0123456789abcdef";
pub const AAS: &str = "AAS0123456789abcdef0123456789abcdef";
pub const AAT: &str = "AAT08a1e59eb32441e88d4c83b592a8a171";
pub const DAK: &str = "DAK5cb9736c147b4e348a825262e3871456";
pub const DAS: &str = "DAS5cb9736c147b4e348a825262e3871456";
pub const DAT: &str = "DAT0123456789abcdef0123456789abcdef";
pub const UAK: &str = "UAK5cb9736c147b4e348a825262e3871456";
pub const UAT: &str = "UAT19327bf040754bc591943be49f13e08c";
pub const DEVICE: &str = "834f42eb5a1144a3b679f2d0be20112c";
pub const GROUP: &str = "a149ebb9a69d4e66b62d26fbdef440c5";
pub const CONTENT: &str = "6F9619FF-8B86-4011-B42D-00C04FC964FF";
pub const SESSION: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

pub fn aak() -> AccountApiKey {
    AccountApiKey::new(AAK)
}
pub fn aas() -> AccountApiSecret {
    AccountApiSecret::new(AAS)
}
pub fn aat() -> AccountAccessToken {
    AccountAccessToken::new(AAT)
}
pub fn dak() -> DomainApiKey {
    DomainApiKey::new(DAK)
}
pub fn das() -> DomainApiSecret {
    DomainApiSecret::new(DAS)
}
pub fn dat() -> DomainAccessToken {
    DomainAccessToken::new(DAT)
}
pub fn uak() -> UserApiKey {
    UserApiKey::new(UAK)
}
pub fn uat() -> UserAccessToken {
    UserAccessToken::new(UAT)
}
pub fn password() -> UserPassword {
    UserPassword::new("s3cret-Pw42")
}

/// Matches a request whose decoded query pairs are exactly these (in any order).
struct ExactQuery(Vec<(String, String)>);

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        got.sort();
        got == self.0
    }
}

/// Matches a request with exactly this JSON body (and a JSON content type), or no body.
struct ExactBody(Option<Value>);

impl Match for ExactBody {
    fn matches(&self, request: &Request) -> bool {
        match &self.0 {
            None => request.body.is_empty(),
            Some(expected) => {
                let json_type = request
                    .headers
                    .get("content-type")
                    .is_some_and(|v| v.as_bytes() == b"application/json");
                json_type
                    && serde_json::from_slice::<Value>(&request.body).ok().as_ref()
                        == Some(expected)
            }
        }
    }
}

/// One expected request.
pub struct Expect {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

impl Expect {
    fn new(method: &'static str, path: &str) -> Self {
        Self {
            method,
            path: format!("/v1.2/{path}"),
            query: Vec::new(),
            body: None,
        }
    }
    pub fn get(path: &str) -> Self {
        Self::new("GET", path)
    }
    pub fn post(path: &str) -> Self {
        Self::new("POST", path)
    }
    pub fn put(path: &str) -> Self {
        Self::new("PUT", path)
    }
    pub fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }
    /// Every query parameter, `key` included.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.query.sort();
        self
    }
    /// The exact JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// A wiremock server and a client pointed at its `/v1.2/`.
pub struct Wire {
    pub server: MockServer,
    pub client: KandyClient,
}

impl Wire {
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(418).set_body_string("unexpected request"))
            .with_priority(u8::MAX)
            .named("catch-all: a request the test did not expect")
            .expect(0)
            .mount(&server)
            .await;
        let client = KandyClient::builder()
            .base_url(format!("{}/v1.2", server.uri()))
            .build()
            .expect("client");
        Self { server, client }
    }

    /// Expects `request` once and answers it with the envelope `response` (HTTP 200).
    pub async fn expect(&self, request: Expect, response: Value) {
        self.expect_response(request, ResponseTemplate::new(200).set_body_json(response))
            .await;
    }

    /// Expects `request` once and answers it with `response` as given (raw bytes, headers).
    pub async fn expect_response(&self, request: Expect, response: ResponseTemplate) {
        Mock::given(method(request.method))
            .and(path(request.path.as_str()))
            .and(ExactQuery(request.query))
            .and(ExactBody(request.body))
            .respond_with(response)
            .expect(1)
            .named(format!("{} {}", request.method, request.path))
            .mount(&self.server)
            .await;
    }

    /// The call's value; on an error, fails listing what the server received.
    pub async fn ok<T, E: Debug + std::fmt::Display>(&self, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(error) => {
                let received = self.server.received_requests().await.unwrap_or_default();
                let lines: Vec<String> = received
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} body={}",
                            r.method,
                            r.url,
                            String::from_utf8_lossy(&r.body)
                        )
                    })
                    .collect();
                panic!("call failed: {error}\nreceived:\n{}", lines.join("\n"))
            }
        }
    }
}

/// `{"status":0,"message":"success","result":result}`.
pub fn success(result: Value) -> Value {
    json!({"status": 0, "message": "success", "result": result})
}

/// `{"status":0,"message":message}` without a result.
pub fn done(message: &str) -> Value {
    json!({"status": 0, "message": message})
}

/// The group object of the specification's §2.5.
pub fn group_sample() -> Value {
    json!({"group_id": "834f42eb5a1144a3b679f2d0be20112c", "group_name": "asd", "group_image": {},
           "max_members": "50",
           "owners": [{"full_user_id": "admin1@kandy.com", "muted": false}],
           "members": [{"full_user_id": "member1@kandy.com", "muted": false}],
           "creation_time": 1426176529057u64, "muted": false})
}
