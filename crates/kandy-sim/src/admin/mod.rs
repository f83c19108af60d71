//! The simulator's administration, typed: one trait, [`SimulatorAdmin`], over the in-process
//! [`Simulator`](crate::Simulator) and over a served one's `/_sim/` routes
//! (`AdminClient`, feature `admin-client`).
//!
//! Both answer the same types (the [`Snapshot`], [`SentSms`], [`IncomingMessage`],
//! [`FaultPlan`], [`RequestLogEntry`] ...) and the same errors (a [`kandy_core::Error`] of the
//! same [`ErrorKind`](kandy_core::ErrorKind) and Kandy status), so a test written against
//! `impl SimulatorAdmin` (or `&dyn SimulatorAdmin`) runs unchanged in-process and against
//! `kandy-sim serve`:
//!
//! ```
//! use kandy_sim::Simulator;
//! use kandy_sim::admin::SimulatorAdmin;
//!
//! /// Checks that work on any simulator, in-process or served.
//! async fn starts_empty(admin: &dyn SimulatorAdmin) -> kandy_core::Result<()> {
//!     admin.reset().await?;
//!     assert!(admin.sms_outbox().await?.is_empty());
//!     let now = admin.now_ms().await?;
//!     assert_eq!(admin.advance_clock(1_000).await?, now + 1_000);
//!     Ok(())
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! starts_empty(&Simulator::new()).await.unwrap();
//! // Served: `starts_empty(&AdminClient::for_server(&server)?)`, the same checks over HTTP.
//! # });
//! ```
//!
//! The trait's methods have the names of the `Simulator`'s own (inherent) methods, which a
//! call on a concrete `Simulator` picks first: those are synchronous and infallible where they
//! can be; the trait's are `async` and return `Result` because an HTTP call can fail.

#[cfg(feature = "admin-client")]
mod client;
mod in_process;

#[cfg(feature = "admin-client")]
pub use client::AdminClient;

use crate::faults::FaultPlan;
use crate::model::{AccountCredentials, SentSms, Snapshot};
use crate::simulator::MessageHistory;
use crate::simulator::OpenChannels;
use kandy_core::{AccountApiKey, AccountApiSecret, DeviceId, IncomingMessage, MessageUuid};
use serde::{Deserialize, Serialize};

/// One Kandy call as `GET /_sim/requests` shows it (and
/// [`SimulatorAdmin::request_log`] returns it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestLogEntry {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as received, e.g. `/v1.2/users/devices`, with every segment holding a
    /// credential (once percent-decoded) replaced by `***`.
    pub path: String,
    /// The raw query with every credential replaced by `***` (see the crate's docs); a
    /// request target longer than 1 KiB is cut, ending with `…`.
    pub query: String,
    /// The HTTP status sent; `None` when no response was sent (a dropped or hanging call).
    pub http_status: Option<u16>,
    /// The envelope's `status` (for a dropped call, the one it would have had).
    pub kandy_status: Option<i64>,
    /// The operation's name, when the route names one.
    pub operation: Option<String>,
    /// The fault the plan enacted on the call (`status`, `delay`, `hang`, `reset`,
    /// `malformed`, `commit_then_drop`), if any.
    pub fault: Option<String>,
    /// Who called: the holder of the call's `key` (`user@domain` for a user's token or API
    /// key, the domain's name, or the account's number), resolved when the log is read; `None`
    /// for a call without a known key (or whose token was deleted since, or whose target was
    /// too long to keep as received).
    #[serde(default)]
    pub user: Option<String>,
}

/// The open data channels, as `GET /_sim/data_channels` shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataChannels {
    /// How many sockets are open (in-process and served).
    pub open: usize,
    /// The open sockets by user and device, sorted.
    pub devices: Vec<OpenChannels>,
}

/// The simulator's administration, in-process ([`Simulator`](crate::Simulator)) or over HTTP
/// (`AdminClient`, feature `admin-client`): the same calls, types and errors.
///
/// # Errors
///
/// Every method returns a [`kandy_core::Error`]:
/// - a refusal of the simulator, the same in-process and over HTTP: a bad argument
///   ([`ErrorKind::BadArgument`](kandy_core::ErrorKind::BadArgument): a malformed account key,
///   status 16; an inconsistent snapshot, status 17; an invalid fault plan) or an account key
///   already used ([`ErrorKind::Conflict`](kandy_core::ErrorKind::Conflict), status 50).
///   Over HTTP the error also carries the HTTP status;
/// - over HTTP only: `Auth` (HTTP 401 or 403: the admin token or the `Origin` refused),
///   `Connect`, `Timeout`, `Transport` (the server could not be reached or the exchange
///   failed), `Decode` (an answer that is not the route's JSON), `Api` (any other refusal,
///   e.g. HTTP 404 with status 18 from a server without the route).
#[async_trait::async_trait]
pub trait SimulatorAdmin: Send + Sync {
    /// Creates an account with a generated key (`AAK…`) and secret (`AAS…`), as the portal
    /// would (`POST /_sim/accounts` with `{}`).
    async fn create_account(&self) -> kandy_core::Result<AccountCredentials>;

    /// Creates an account with the given key and secret: `AAK` / `AAS` followed by 1 to 64
    /// ASCII letters or digits, else status 16; a key already used is status 50 (`Conflict`).
    async fn create_account_with(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> kandy_core::Result<AccountCredentials>;

    /// Empties every store and the request log, restarts the generator from the seed and the
    /// clock from its start; open data channels close with 1001. The fault plan is kept.
    async fn reset(&self) -> kandy_core::Result<()>;

    /// The whole state as a typed document (it holds every key, secret and token).
    async fn snapshot(&self) -> kandy_core::Result<Snapshot>;

    /// Replaces the state with a snapshot's; open data channels close with 1001. An
    /// inconsistent snapshot is `BadArgument` (status 17) naming the first problem, and
    /// changes nothing.
    async fn restore(&self, snapshot: Snapshot) -> kandy_core::Result<()>;

    /// Every SMS sent, oldest first.
    async fn sms_outbox(&self) -> kandy_core::Result<Vec<SentSms>>;

    /// A device's pending messages, without removing anything; `None` for no such device.
    async fn device_queue(
        &self,
        device_id: &DeviceId,
    ) -> kandy_core::Result<Option<Vec<IncomingMessage>>>;

    /// A message's recorded life: sent, queued or held, pushed, acked, oldest first (see
    /// [`Simulator::message_history`](crate::Simulator::message_history)), whether or not it
    /// is still queued. A UUID that is not 32 hex digits (dashes allowed) is `BadArgument`.
    async fn message_history(&self, uuid: &MessageUuid) -> kandy_core::Result<MessageHistory>;

    /// The last Kandy calls served over HTTP (at most 1,000,
    /// `server::REQUEST_LOG_CAPACITY`), oldest first, every
    /// credential redacted. In-process calls are not HTTP requests and are not logged: a
    /// simulator no server serves has an empty log.
    async fn request_log(&self) -> kandy_core::Result<Vec<RequestLogEntry>>;

    /// The manual clock, in ms since the epoch.
    async fn now_ms(&self) -> kandy_core::Result<u64>;

    /// Moves the manual clock forward by `millis` (data channels whose token expires close
    /// with 4010) and returns the clock's new time.
    async fn advance_clock(&self, millis: u64) -> kandy_core::Result<u64>;

    /// The fault plan, with its rules' counts.
    async fn fault_plan(&self) -> kandy_core::Result<FaultPlan>;

    /// Replaces the fault plan; a plan that fails [`FaultPlan::validate`] is `BadArgument`
    /// and changes nothing.
    async fn set_fault_plan(&self, plan: FaultPlan) -> kandy_core::Result<()>;

    /// Removes every fault rule.
    async fn clear_fault_plan(&self) -> kandy_core::Result<()>;

    /// The open data channels, by user and device.
    async fn data_channels(&self) -> kandy_core::Result<DataChannels>;

    /// Drops the open data channels of `full_user_id` (every one when `None`) as a network
    /// loss would (close code 1001; nothing queued is lost); returns how many were dropped.
    async fn drop_data_channels(&self, full_user_id: Option<&str>) -> kandy_core::Result<usize>;
}

/// The error of a UUID that is not one, as both sides word it.
fn malformed_uuid() -> kandy_core::Error {
    kandy_core::Error::bad_argument("a message UUID is 32 hex digits (dashes allowed)")
}

/// The error of a fault plan that fails [`FaultPlan::validate`], as both sides word it.
fn invalid_plan(problem: &str) -> kandy_core::Error {
    kandy_core::Error::bad_argument(format!("invalid fault plan: {problem}"))
}
