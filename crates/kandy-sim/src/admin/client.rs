//! [`AdminClient`]: [`SimulatorAdmin`] over a served simulator's `/_sim/` routes.

use super::{DataChannels, RequestLogEntry, SimulatorAdmin, malformed_uuid};
use crate::faults::FaultPlan;
use crate::model::{AccountCredentials, SentSms, Snapshot};
use crate::simulator::MessageHistory;
use kandy_core::{
    AccountApiKey, AccountApiSecret, DeviceId, Error, ExposeSecret, IncomingMessage, MessageUuid,
};
use reqwest::{Method, StatusCode, Url, header};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How long an admin call may take by default (a snapshot of a large state included).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A client of a served simulator's admin surface (`/_sim/`, plain JSON), feature
/// `admin-client`: the [`SimulatorAdmin`] calls over HTTP, with the admin token as
/// `Authorization: Bearer TOKEN` when one is set. Cheap to clone.
///
/// ```no_run
/// # async fn demo() -> kandy_core::Result<()> {
/// use kandy_sim::admin::{AdminClient, SimulatorAdmin};
///
/// // `kandy-sim serve --addr 0.0.0.0:8080` printed its admin token on its second line.
/// let admin = AdminClient::new("http://127.0.0.1:8080")?.admin_token("0123abcd...");
/// let account = admin.create_account().await?;
/// let outbox = admin.sms_outbox().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AdminClient {
    http: reqwest::Client,
    /// The server's root, e.g. `http://127.0.0.1:8080/`.
    root: Url,
    token: Option<Arc<str>>,
    timeout: Duration,
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient")
            .field("root", &self.root.as_str())
            .field("admin_token", &self.token.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl AdminClient {
    /// A client of the simulator served at `url`: its root (`http://127.0.0.1:8080`), or any
    /// URL on it (the `/v1.2/` base URL `kandy-sim serve` prints is fine: only the scheme,
    /// host and port are used). No admin token; calls time out after 30 s.
    ///
    /// # Errors
    /// `Config` if `url` is not an `http` or `https` URL with a host.
    pub fn new(url: &str) -> kandy_core::Result<Self> {
        let parsed = Url::parse(url)
            .map_err(|e| Error::config(format!("the simulator's URL is invalid: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::config(
                "the simulator's URL must be http:// or https:// with a host",
            ));
        }
        let mut root = parsed;
        root.set_path("/");
        root.set_query(None);
        root.set_fragment(None);
        Ok(Self {
            http: reqwest::Client::new(),
            root,
            token: None,
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// A client of a [`Server`](crate::server::Server) of this process (no admin token: set
    /// it with [`AdminClient::admin_token`] if the server requires one).
    ///
    /// # Errors
    /// None in practice: the server's own address is a valid URL.
    #[cfg(feature = "server")]
    pub fn for_server(server: &crate::server::Server) -> kandy_core::Result<Self> {
        Self::new(&server.root_url())
    }

    /// Sends `token` as `Authorization: Bearer TOKEN` on every call (the server's
    /// `--admin-token`, or the one it printed).
    pub fn admin_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Arc::from(token.into()));
        self
    }

    /// How long a call may take before it fails with `Timeout` (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The URL of an admin route, e.g. `["_sim", "sms"]`, each segment percent-encoded.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.root.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.clear().extend(segments);
        }
        url
    }

    /// One call: `op` names it in errors (`POST /_sim/accounts`); `body` is JSON. The status
    /// and the body of a success.
    async fn call(
        &self,
        op: &'static str,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> kandy_core::Result<(StatusCode, bytes::Bytes)> {
        let mut request = self.http.request(method, url).timeout(self.timeout);
        if let Some(token) = &self.token {
            let mut value = header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Error::config("the admin token is not a valid header value"))?;
            value.set_sensitive(true);
            request = request.header(header::AUTHORIZATION, value);
        }
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport(e).with_operation(op))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport(e).with_operation(op))?;
        Ok((status, body))
    }

    /// A call whose success is JSON of type `T`; a refusal is the error it carries.
    async fn json<T: DeserializeOwned>(
        &self,
        op: &'static str,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> kandy_core::Result<T> {
        let (status, bytes) = self.call(op, method, url, body).await?;
        if !status.is_success() {
            return Err(refusal(status, &bytes).with_operation(op));
        }
        decode(status, &bytes).map_err(|e| e.with_operation(op))
    }

    /// A call answering `{"ok": true}`.
    async fn ok(
        &self,
        op: &'static str,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> kandy_core::Result<()> {
        self.json::<serde_json::Value>(op, method, url, body)
            .await
            .map(drop)
    }
}

/// The error of a request that got no answer.
fn transport(e: reqwest::Error) -> Error {
    let detail = format!("the simulator could not be reached: {e}");
    if e.is_connect() {
        Error::connect(detail).with_source(e)
    } else if e.is_timeout() {
        Error::timeout(detail, true).with_source(e)
    } else {
        Error::transport(detail, true).with_source(e)
    }
}

/// A success's JSON body.
fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> kandy_core::Result<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::decode(
            format!("the admin answer is not the route's JSON: {e}"),
            Some(status.as_u16()),
        )
    })
}

/// The admin surface's refusal, `{"error": message, "status"?: n}`.
#[derive(Deserialize)]
struct Refusal {
    error: String,
    #[serde(default)]
    status: Option<i64>,
}

/// The error of a refusal: the Kandy status the server sent (the in-process error's), else one
/// chosen by the HTTP status.
fn refusal(status: StatusCode, bytes: &[u8]) -> Error {
    let http = status.as_u16();
    let (message, kandy) = match serde_json::from_slice::<Refusal>(bytes) {
        Ok(refusal) => (refusal.error, refusal.status),
        Err(_) => (format!("HTTP {status} without an admin error body"), None),
    };
    match (kandy, http) {
        (Some(kandy), _) => Error::api(kandy, message, Some(http)),
        (None, 400 | 408 | 413 | 415) => Error::bad_argument(message).with_http_status(http),
        (None, 401 | 403 | 421) => Error::auth(message).with_http_status(http),
        (None, 404) => Error::api(kandy_core::status::UNKNOWN_REQUEST, message, Some(http)),
        (None, _) => Error::api(kandy_core::status::INTERNAL, message, Some(http)),
    }
}

/// What `POST /_sim/accounts` takes and answers.
#[derive(Serialize, Deserialize)]
struct Account {
    account_api_key: String,
    account_api_secret: String,
}

impl From<Account> for AccountCredentials {
    fn from(account: Account) -> Self {
        Self {
            api_key: AccountApiKey::new(account.account_api_key),
            api_secret: AccountApiSecret::new(account.account_api_secret),
        }
    }
}

#[derive(Deserialize)]
struct Clock {
    now_ms: u64,
}

#[derive(Deserialize)]
struct Dropped {
    dropped: usize,
}

/// `serde_json::to_vec` of a value that always serializes.
fn to_json(value: &impl Serialize) -> kandy_core::Result<Vec<u8>> {
    serde_json::to_vec(value)
        .map_err(|e| Error::bad_argument(format!("cannot write the request as JSON: {e}")))
}

#[async_trait::async_trait]
impl SimulatorAdmin for AdminClient {
    async fn create_account(&self) -> kandy_core::Result<AccountCredentials> {
        let url = self.url(&["_sim", "accounts"]);
        let account: Account = self
            .json(
                "POST /_sim/accounts",
                Method::POST,
                url,
                Some(b"{}".to_vec()),
            )
            .await?;
        Ok(account.into())
    }

    async fn create_account_with(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> kandy_core::Result<AccountCredentials> {
        let body = to_json(&Account {
            account_api_key: api_key.expose_secret().to_owned(),
            account_api_secret: api_secret.expose_secret().to_owned(),
        })?;
        let url = self.url(&["_sim", "accounts"]);
        let account: Account = self
            .json("POST /_sim/accounts", Method::POST, url, Some(body))
            .await?;
        Ok(account.into())
    }

    async fn reset(&self) -> kandy_core::Result<()> {
        let url = self.url(&["_sim", "reset"]);
        self.ok("POST /_sim/reset", Method::POST, url, None).await
    }

    async fn snapshot(&self) -> kandy_core::Result<Snapshot> {
        const OP: &str = "GET /_sim/snapshot";
        let url = self.url(&["_sim", "snapshot"]);
        let (status, bytes) = self.call(OP, Method::GET, url, None).await?;
        if !status.is_success() {
            return Err(refusal(status, &bytes).with_operation(OP));
        }
        Snapshot::from_slice(&bytes).map_err(|e| {
            Error::decode(
                format!("the admin answer is not a snapshot: {}", e.message),
                Some(status.as_u16()),
            )
            .with_operation(OP)
        })
    }

    async fn restore(&self, snapshot: Snapshot) -> kandy_core::Result<()> {
        let url = self.url(&["_sim", "snapshot"]);
        let body = snapshot.to_json().into_bytes();
        self.ok("PUT /_sim/snapshot", Method::PUT, url, Some(body))
            .await
    }

    async fn sms_outbox(&self) -> kandy_core::Result<Vec<SentSms>> {
        let url = self.url(&["_sim", "sms"]);
        self.json("GET /_sim/sms", Method::GET, url, None).await
    }

    async fn device_queue(
        &self,
        device_id: &DeviceId,
    ) -> kandy_core::Result<Option<Vec<IncomingMessage>>> {
        const OP: &str = "GET /_sim/devices/{device_id}/messages";
        let url = self.url(&["_sim", "devices", device_id.as_str(), "messages"]);
        let (status, bytes) = self.call(OP, Method::GET, url, None).await?;
        match status {
            StatusCode::NOT_FOUND => match serde_json::from_slice::<Refusal>(&bytes) {
                Ok(refusal) if refusal.error == "no such device" => Ok(None),
                _ => Err(self::refusal(status, &bytes).with_operation(OP)),
            },
            status if status.is_success() => {
                decode(status, &bytes).map_err(|e| e.with_operation(OP))
            }
            status => Err(refusal(status, &bytes).with_operation(OP)),
        }
    }

    async fn message_history(&self, uuid: &MessageUuid) -> kandy_core::Result<MessageHistory> {
        // Checked here too: a malformed UUID could hold `/` or `?`, and the answer would
        // be another route's.
        if !uuid.is_well_formed() {
            return Err(malformed_uuid());
        }
        let url = self.url(&["_sim", "messages", uuid.as_str()]);
        self.json("GET /_sim/messages/{uuid}", Method::GET, url, None)
            .await
    }

    async fn request_log(&self) -> kandy_core::Result<Vec<RequestLogEntry>> {
        let url = self.url(&["_sim", "requests"]);
        self.json("GET /_sim/requests", Method::GET, url, None)
            .await
    }

    async fn now_ms(&self) -> kandy_core::Result<u64> {
        let url = self.url(&["_sim", "clock"]);
        let clock: Clock = self.json("GET /_sim/clock", Method::GET, url, None).await?;
        Ok(clock.now_ms)
    }

    async fn advance_clock(&self, millis: u64) -> kandy_core::Result<u64> {
        let url = self.url(&["_sim", "clock", "advance"]);
        let body = to_json(&json!({ "millis": millis }))?;
        let clock: Clock = self
            .json("POST /_sim/clock/advance", Method::POST, url, Some(body))
            .await?;
        Ok(clock.now_ms)
    }

    async fn fault_plan(&self) -> kandy_core::Result<FaultPlan> {
        let url = self.url(&["_sim", "faults"]);
        self.json("GET /_sim/faults", Method::GET, url, None).await
    }

    async fn set_fault_plan(&self, plan: FaultPlan) -> kandy_core::Result<()> {
        let url = self.url(&["_sim", "faults"]);
        let body = to_json(&plan)?;
        self.ok("POST /_sim/faults", Method::POST, url, Some(body))
            .await
    }

    async fn clear_fault_plan(&self) -> kandy_core::Result<()> {
        let url = self.url(&["_sim", "faults"]);
        self.ok("DELETE /_sim/faults", Method::DELETE, url, None)
            .await
    }

    async fn data_channels(&self) -> kandy_core::Result<DataChannels> {
        let url = self.url(&["_sim", "data_channels"]);
        self.json("GET /_sim/data_channels", Method::GET, url, None)
            .await
    }

    async fn drop_data_channels(&self, full_user_id: Option<&str>) -> kandy_core::Result<usize> {
        let url = self.url(&["_sim", "data_channels", "drop"]);
        let body = to_json(&json!({ "full_user_id": full_user_id }))?;
        let dropped: Dropped = self
            .json(
                "POST /_sim/data_channels/drop",
                Method::POST,
                url,
                Some(body),
            )
            .await?;
        Ok(dropped.dropped)
    }
}
