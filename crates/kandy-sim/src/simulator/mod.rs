//! The in-process simulator: [`KandyApi`](kandy_core::KandyApi) over the
//! [model](crate::model), behind a read-write lock, with inspection, administration and fault plans.
//!
//! ```
//! use kandy_sim::Simulator;
//! use kandy_core::KandyApi;
//!
//! # async fn demo() -> kandy_core::Result<()> {
//! let sim = Simulator::builder().seed(7).build();
//! let account = sim.create_account();
//! let token = sim
//!     .get_account_access_token(account.api_key, account.api_secret)
//!     .await?;
//! assert!(sim.get_domains(token).await?.is_empty());
//! # Ok(()) }
//! ```

mod api;
mod changes;
mod channel;
mod content;
mod deliveries;
mod durability;
mod effects;
mod journal;
mod notifications;
mod ops;
mod recorded;

pub use changes::ChangeStream;
pub use channel::{CLOSE_TOO_SLOW, ChannelSocket, OpenChannels, SOCKET_BUFFER, SocketClose};
pub use deliveries::{DELIVERY_HISTORY_CAPACITY, DeliveryEvent, MessageHistory};
pub use durability::WriteHook;
use journal::Applied;
pub use journal::JournalSink;

pub use crate::model::{AccountCredentials, DeliveryStep, JournalMark, Limits, SentSms, Snapshot};

use crate::faults::{FaultEffect, FaultPlan};
use crate::model::{Model, ModelConfig};
use kandy_core::{
    AccountApiKey, AccountApiSecret, DataChannelConfig, DeviceId, IncomingMessage, Operation,
};
use parking_lot::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A simulated Kandy service, in-process. Cheap to clone; clones share one state.
///
/// Its [`KandyApi`](kandy_core::KandyApi) methods lock the state only while the model runs,
/// never across an `.await`. Unless it is a [`Simulator::without_faults`] view, each call first
/// consults the [fault plan](Simulator::set_fault_plan).
#[derive(Clone, Debug)]
pub struct Simulator {
    shared: Arc<Shared>,
    faults_enabled: bool,
}

/// The state every clone shares. Every call holds the model's lock for the whole (synchronous,
/// never awaiting) model operation: exclusively, or shared for the calls of the model's shared
/// path (sending, reading and deleting messages, listing devices), which change only what
/// has its own lock (see [`crate::model`]), so calls of different users run at once. While a
/// journal is attached every call is exclusive: the journal's order is the order of the
/// changes.
#[derive(Debug)]
struct Shared {
    model: RwLock<Model>,
    faults: Mutex<FaultPlan>,
    /// Whether the fault plan has rules (of calls or of the data channel): read without a lock on every call, so that a
    /// simulator without faults takes one lock per call, the model's.
    has_faults: AtomicBool,
    /// How many changes the model has had.
    version: AtomicU64,
    /// Who is woken when the version moves.
    watchers: changes::Watchers,
    /// Run after every change (see [`WriteHook`]).
    on_write: Option<WriteHook>,
    /// Where every change is journaled, once attached.
    journal: journal::JournalSlot,
    /// The open data channels.
    hub: Arc<channel::Hub>,
    /// What happened to messages (sent, queued, pushed, acked): a bounded diagnostic store,
    /// not part of the state. Locked after the model's, never before.
    deliveries: Mutex<deliveries::History>,
    /// What #45 answers (the server sets it to its own address).
    data_channel: Mutex<DataChannelConfig>,
    /// The Kandy calls every server serving this simulator answered.
    #[cfg(feature = "server")]
    requests: crate::server::request_log::RequestLog,
}

/// Builds a [`Simulator`]: seed, clock start, token time to live and content limits.
#[derive(Debug)]
pub struct SimulatorBuilder {
    config: ModelConfig,
    limits: Limits,
    on_write: Option<WriteHook>,
    delivery_history_capacity: usize,
}

impl SimulatorBuilder {
    /// The seed of every generated key, secret, token, id and password: the same seed and
    /// the same calls give the same values. Without one they come from a key drawn from the
    /// operating system's random source, and are unpredictable.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = Some(seed);
        self
    }

    /// The manual clock's start, in ms since the epoch (default 2015-01-01T00:00:00Z).
    pub fn start_time_ms(mut self, start_time_ms: u64) -> Self {
        self.config.start_time_ms = start_time_ms;
        self
    }

    /// How long access tokens live on the manual clock, in ms (default 24 hours).
    pub fn token_ttl_ms(mut self, token_ttl_ms: u64) -> Self {
        self.config.token_ttl_ms = token_ttl_ms;
        self
    }

    /// The resource limits (default [`Limits::default`], far above what a test suite does).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// A hook run after every change of the state, before the change is answered (see
    /// [`WriteHook`]).
    pub fn on_write(mut self, hook: WriteHook) -> Self {
        self.on_write = Some(hook);
        self
    }

    /// The largest file `upload_content` stores, in bytes (default 16 MiB,
    /// [`DEFAULT_MAX_CONTENT_BYTES`](crate::model::DEFAULT_MAX_CONTENT_BYTES)); a larger one
    /// is refused with status 17 (HTTP 413 from the server), read no further than the limit.
    pub fn max_content_bytes(mut self, bytes: u64) -> Self {
        self.config.max_content_bytes = bytes;
        self
    }

    /// The most bytes of content one domain holds (default 64 MiB,
    /// [`DEFAULT_MAX_DOMAIN_CONTENT_BYTES`](crate::model::DEFAULT_MAX_DOMAIN_CONTENT_BYTES));
    /// an upload past it is refused with status 12 (HTTP 429) and stores nothing.
    pub fn max_domain_content_bytes(mut self, bytes: u64) -> Self {
        self.config.max_domain_content_bytes = bytes;
        self
    }

    /// How many delivery events the [message history](Simulator::message_history) keeps
    /// (default [`DELIVERY_HISTORY_CAPACITY`]; at least 1): the oldest are dropped, and
    /// counted, beyond.
    pub fn delivery_history_capacity(mut self, events: usize) -> Self {
        self.delivery_history_capacity = events;
        self
    }

    /// The simulator, empty, with no fault plan.
    pub fn build(self) -> Simulator {
        Simulator {
            shared: Arc::new(Shared {
                model: RwLock::new(Model::with_limits(self.config, self.limits)),
                faults: Mutex::new(FaultPlan::new()),
                has_faults: AtomicBool::new(false),
                version: AtomicU64::new(0),
                watchers: changes::Watchers::default(),
                on_write: self.on_write,
                journal: journal::JournalSlot::default(),
                hub: Arc::default(),
                deliveries: Mutex::new(deliveries::History::new(self.delivery_history_capacity)),
                data_channel: Mutex::new(DataChannelConfig::new("localhost")),
                #[cfg(feature = "server")]
                requests: crate::server::request_log::RequestLog::default(),
            }),
            faults_enabled: true,
        }
    }
}

impl Simulator {
    /// A simulator without a seed (unpredictable keys, secrets and tokens), the default start
    /// time and a 24-hour token time to live.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder for a simulator with another seed, start time or token time to live.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder {
            config: ModelConfig::default(),
            limits: Limits::default(),
            on_write: None,
            delivery_history_capacity: DELIVERY_HISTORY_CAPACITY,
        }
    }

    /// The model, exclusively.
    fn model(&self) -> RwLockWriteGuard<'_, Model> {
        self.shared.model.write()
    }

    /// The model, shared with the other calls of the shared path.
    fn model_shared(&self) -> RwLockReadGuard<'_, Model> {
        self.shared.model.read()
    }

    fn plan(&self) -> MutexGuard<'_, FaultPlan> {
        self.shared.faults.lock()
    }

    /// Creates an account with a generated key (`AAK…`) and secret (`AAS…`).
    pub fn create_account(&self) -> AccountCredentials {
        let entry = self.journaling().then_some(Applied::CreateAccount);
        let created = self.change_recorded(entry, Model::create_account);
        self.changed_logged();
        created
    }

    /// [`Simulator::changed`] where the change's answer cannot carry an error: a failed hook
    /// has said what failed itself.
    fn changed_logged(&self) {
        let _said_by_the_hook = self.changed();
    }

    /// Creates an account with the given key and secret: `AAK` / `AAS` and 1 to 64 ASCII
    /// letters or digits (status 16 otherwise); a key already used is status 50.
    pub fn create_account_with(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> kandy_core::Result<AccountCredentials> {
        let entry = self.journaling().then(|| Applied::CreateAccountWith {
            api_key: api_key.clone(),
            api_secret: api_secret.clone(),
        });
        let created =
            self.change_recorded(entry, |m| m.create_account_with(&api_key, &api_secret))?;
        self.changed().map_err(saving_failed)?;
        Ok(created)
    }

    /// Every SMS sent (by `send_sms` and `send_verification_sms`), oldest first.
    pub fn sms_outbox(&self) -> Vec<SentSms> {
        self.model().sms_outbox().to_vec()
    }

    /// A device's pending messages, without removing anything; `None` if there is no such
    /// device.
    pub fn device_queue(&self, device_id: &DeviceId) -> Option<Vec<IncomingMessage>> {
        self.model().device_queue(device_id)
    }

    /// One page of the world's records of `kind` matching `search` (see
    /// [`Model::world_page`]): what the dashboard lists. Secrets are masked.
    pub fn world_page(
        &self,
        kind: crate::model::WorldKind,
        search: &str,
        offset: usize,
        limit: usize,
    ) -> crate::model::WorldPage {
        self.model().world_page(kind, search, offset, limit)
    }

    /// The whole value of the access token the world's listing names `token_id` (see
    /// [`Model::reveal_token`]); `None` when no token has that id.
    pub fn reveal_token(&self, token_id: &str) -> Option<String> {
        self.model().reveal_token(token_id)
    }

    /// Sends `message` as the user `from` (`user@domain`), from `device_id` or its first
    /// device, as the operator: no fault plan applies, and the token used is revoked after
    /// (see [`Model::send_as`]). Refusals are the model's (53 for an unknown user or device,
    /// the rules of `send_message` otherwise).
    pub fn send_as(
        &self,
        from: &str,
        device_id: Option<&DeviceId>,
        message: kandy_core::OutgoingMessage,
    ) -> kandy_core::Result<()> {
        let op = &kandy_core::operation::SEND_MESSAGE;
        let entry = self.journaling().then(|| Applied::SendAs {
            from: from.to_owned(),
            device_id: device_id.cloned(),
            message: message.clone(),
        });
        let outcome = self.run_model(op, entry, |m| m.send_as(from, device_id, message));
        self.changed().map_err(saving_failed)?;
        Ok(outcome?)
    }

    /// Every place the message of `uuid` is now: the queues holding it, the users holding it
    /// for a first device, the remote acks owed (see [`Model::locate_message`]).
    pub fn locate_message(
        &self,
        uuid: &kandy_core::MessageUuid,
    ) -> Vec<crate::model::MessagePlace> {
        self.model().locate_message(uuid)
    }

    /// The whole model state as a typed document (it holds every key, secret and token).
    pub fn snapshot(&self) -> Snapshot {
        self.model().snapshot()
    }

    /// Replaces the state with a snapshot's; open data channels close with 1001. An
    /// inconsistent snapshot (see [`Model::from_snapshot`]) is a `BadArgument` error (Kandy
    /// status 17, HTTP 400) naming the first problem, and changes nothing. The fault plan is
    /// kept.
    pub fn restore(&self, snapshot: Snapshot) -> kandy_core::Result<()> {
        let entry = self
            .journaling()
            .then(|| Applied::Restore(Box::new(snapshot.clone())));
        let restored = Model::from_snapshot(snapshot)?;
        self.replace_model(restored, entry);
        self.shared
            .hub
            .close_all("the simulator's state was restored");
        Ok(())
    }

    /// Replaces the model (built and checked outside the lock) with `model`, keeping the
    /// limits in force.
    pub(crate) fn replace_model(&self, mut model: Model, entry: Option<Applied>) {
        let old = self.change_recorded(entry, |current| {
            model.set_limits(current.limits());
            self.shared.deliveries.lock().clear();
            std::mem::replace(current, model)
        });
        // The old model is dropped after the lock is released.
        drop(old);
        self.changed_logged();
    }

    /// The last Kandy calls the servers serving this simulator answered (at most
    /// 1,000, `server::REQUEST_LOG_CAPACITY`, oldest first), every
    /// credential redacted, each naming its caller (the holder of its `key`, resolved now:
    /// see [`RequestLogEntry::user`](crate::admin::RequestLogEntry::user)): what
    /// `GET /_sim/requests` shows. In-process calls are not HTTP requests and are not logged;
    /// without the `server` feature the log is always empty.
    pub fn request_log(&self) -> Vec<crate::admin::RequestLogEntry> {
        #[cfg(feature = "server")]
        return self.shared.requests.entries_of(self);
        #[cfg(not(feature = "server"))]
        Vec::new()
    }

    /// The holder of each key (see [`Model::holder_of_key`]), under one lock of the model;
    /// the same key is looked up once.
    #[cfg(feature = "server")]
    pub(crate) fn holders_of_keys<'k>(
        &self,
        keys: impl Iterator<Item = Option<&'k str>>,
    ) -> Vec<Option<String>> {
        let model = self.model();
        let mut seen: std::collections::HashMap<&str, Option<String>> =
            std::collections::HashMap::new();
        keys.map(|key| {
            let key = key?;
            seen.entry(key)
                .or_insert_with(|| model.holder_of_key(key))
                .clone()
        })
        .collect()
    }

    /// The log the servers record their calls in.
    #[cfg(feature = "server")]
    pub(crate) fn requests(&self) -> &crate::server::request_log::RequestLog {
        &self.shared.requests
    }

    /// The resource limits in force (see [`Limits`]).
    pub fn limits(&self) -> Limits {
        self.model().limits()
    }

    /// Empties every store and the [request log](Simulator::request_log), restarts the
    /// generator from the seed and the clock from its start; open data channels close with
    /// 1001. The fault plan is kept.
    pub fn reset(&self) {
        // Unseeded, a reset draws a new key: the journal records the state it gives.
        self.change_then_record(|m| {
            m.reset();
            self.shared.deliveries.lock().clear();
            let entry = self
                .journaling()
                .then(|| Applied::Restore(Box::new(m.snapshot())));
            ((), entry)
        });
        #[cfg(feature = "server")]
        self.shared.requests.clear();
        self.shared.hub.close_all("the simulator was reset");
        self.changed_logged();
    }

    /// The largest file an upload may hold, in bytes (the builder's
    /// [`max_content_bytes`](SimulatorBuilder::max_content_bytes), or a restored snapshot's).
    pub fn max_content_bytes(&self) -> u64 {
        self.model().config().max_content_bytes
    }

    /// Changes the content limits (those of
    /// [`SimulatorBuilder::max_content_bytes`] and
    /// [`SimulatorBuilder::max_domain_content_bytes`]); content already stored stays, even
    /// past a lower quota.
    pub fn set_content_limits(&self, max_content_bytes: u64, max_domain_content_bytes: u64) {
        let entry = self.journaling().then_some(Applied::ContentLimits {
            max_content_bytes,
            max_domain_content_bytes,
        });
        self.change_recorded(entry, |m| {
            m.set_content_limits(max_content_bytes, max_domain_content_bytes);
        });
        self.changed_logged();
    }

    /// Moves the manual clock forward; data channels whose token expires close (4010).
    pub fn advance_clock(&self, millis: u64) {
        let entry = self
            .journaling()
            .then_some(Applied::AdvanceClock { millis });
        self.change_recorded(entry, |m| {
            m.advance_clock(millis);
            self.shared.hub.sweep(m);
        });
        self.changed_logged();
    }

    /// The manual clock, in ms since the epoch.
    pub fn now_ms(&self) -> u64 {
        self.model().now_ms()
    }

    /// What `get_data_channel` (#45) answers: `localhost` without a port until a server
    /// serving this simulator sets its own address (the server answers each request with
    /// the `Host` it came on).
    pub fn data_channel_config(&self) -> DataChannelConfig {
        self.shared.data_channel.lock().clone()
    }

    /// Sets what `get_data_channel` (#45) answers in-process.
    pub fn set_data_channel_config(&self, config: DataChannelConfig) {
        *self.shared.data_channel.lock() = config;
    }

    /// Replaces the fault plan (shared by every clone and view).
    pub fn set_fault_plan(&self, plan: FaultPlan) {
        let mut current = self.plan();
        self.shared
            .has_faults
            .store(!plan.is_empty(), Ordering::Release);
        *current = plan;
    }

    /// The fault plan, with its rules' counts.
    pub fn fault_plan(&self) -> FaultPlan {
        self.plan().clone()
    }

    /// Consults (and advances) the fault plan for one call. `key` is the raw `key` query
    /// value; the calling user's `full_user_id` is resolved from it (a user access token or
    /// user API key; `None` for any other credential).
    pub fn fault_for(
        &self,
        op: &Operation,
        key: Option<&str>,
        device_id: Option<&str>,
    ) -> Option<FaultEffect> {
        if !self.shared.has_faults.load(Ordering::Acquire) || self.plan().rules.is_empty() {
            return None;
        }
        let user = key.and_then(|key| self.model().user_for_key(key));
        self.plan().decide(op, user.as_deref(), device_id)
    }

    /// A view sharing the same state whose `KandyApi` methods do not consult the fault plan
    /// (the HTTP server consults [`Simulator::fault_for`] itself and enacts effects on the
    /// wire).
    pub fn without_faults(&self) -> Simulator {
        Simulator {
            shared: Arc::clone(&self.shared),
            faults_enabled: false,
        }
    }
}

impl Default for Simulator {
    fn default() -> Self {
        Self::new()
    }
}

/// The error of a change applied but not saved: internal (status 1, HTTP 500).
pub(crate) fn saving_failed(problem: String) -> kandy_core::Error {
    kandy_core::Error::api(
        kandy_core::status::INTERNAL,
        format!("the change was applied but could not be saved: {problem}"),
        Some(500),
    )
}
