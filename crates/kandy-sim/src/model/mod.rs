//! The simulator's model: a pure, deterministic state machine of the Kandy v1.2 service.
//!
//! The rules it implements are written down in `docs/SIMULATOR.md` (the team's single source
//! of truth for behaviour) and in the project's decisions on top of the reconstructed
//! specification; this module is the only place they are implemented. The in-process
//! [`Simulator`](crate::Simulator) and the HTTP server are thin adapters over it.
//!
//! [`Model`] has one method per operation of [`kandy_core::KandyApi`], with the same name,
//! taking plain typed values and returning `Result<T, ModelError>`. A refused call changes
//! nothing: every method validates its whole input before it changes any state or draws from
//! the generator. No method does I/O, sleeps or reads the wall clock.
//!
//! - **Determinism.** One key drives a ChaCha20 stream per purpose behind every key, secret,
//!   token, id, password and code; a manual clock drives every timestamp and expiry. With a
//!   seed the key is the seed's, and the same seed and the same calls give byte-identical
//!   [`Model::snapshot`]s; without one the key is drawn once from the operating system's
//!   random source (the model's only contact with the outside). One tenant's values never
//!   let it compute another's.
//! - **Shared path.** Sending a 1:1 message (#77), reading (#76) and deleting (#78) pending
//!   messages and listing devices (#33) take `&self`: what they change has its own small
//!   lock or is atomic (a device's queue, a user's held messages and last-seen time, the
//!   remote acks, the counts; `cells`), so the simulator runs them under its shared lock and
//!   calls of different users go at once, each leaving its notes and pushes in its own
//!   `Effects`. A delivery holds the recipient's hold, then its queues, so one queue has one
//!   order; the pushes of two sends to one user that run at once may reach its sockets in
//!   either order. Sequential calls behave, and snapshot, exactly as before. Two sends racing for the last room in one queue,
//!   or in all queues together, may both pass the limit's check: under concurrent calls a
//!   queue limit holds to within one message per call in flight.
//! - **Order of checks.** Shape first (missing 15/3, invalid 16, 14, 51, 54, 710), then the
//!   credentials (55, 10, 52), then what the call names (53, 700, 701, 11, 702), then
//!   conflicts (50, 2001, a 51st member).
//! - **Lookups** on the hot path are hashed: tokens, domain and user API keys, device ids,
//!   users, groups. Listings and directory searches scan the caller's domain.
//!
//! Choices where `docs/SIMULATOR.md` is silent:
//! - A user named in a call (`send_message`'s destination, group members, `get_last_seen`)
//!   may be written `user_id@domain` or as a bare `user_id`, which means the caller's domain.
//!   Login calls (#15, #16, #13) strip a trailing `@domain` of the key's domain.
//! - An empty id (device, group, contact, domain API key) is status 16; an empty required text
//!   (a domain name, a destination, a search string) is a missing parameter (15, or 3 on the
//!   group endpoints); an empty password at login is 15.
//! - Revoking an expired token succeeds; a token of another account, domain or user is 11.
//! - A malformed UUID given to `delete_handled_messages` is status 710, like on the sends.
//! - The default device's `device_native_id` is `default`; anonymous users are named
//!   `anonymous` plus 12 hex characters; account numbers count from `00000001`.
//! - The chat ack is owed once per send: the first device of the recipient that deletes the
//!   message triggers it; sends from a device deleted since are acked to nobody.
//! - Group mutes (#60, #61) change the `muted` flags only; they do not stop delivery.
//! - `reset()` also sets the clock back to the start time, so a reset model equals a new one.
//! - Content (#84–#86) belongs to the domain, keyed by the client's `content_uuid` exactly as
//!   given; a second upload under a UUID the domain has is 50 (a file an IM points at never
//!   changes under it). An IM whose inner `message` names a `content_uuid` must name one of
//!   the domain's files (53); one without (KCS sends an image inline, base64 in `text`) is
//!   kept as given.

mod accounts;
mod address_books;
mod auth;
mod cells;
mod channel;
mod configuration;
mod consistency;
mod content;
mod country_codes;
mod deliveries;
mod devices;
mod directory;
mod domains;
mod effects;
mod error;
mod generator;
mod group_events;
mod group_members;
mod groups;
mod hunt_groups;
mod limits;
mod locate;
mod lookups;
mod messages;
mod presence;
mod profiles;
mod registration;
mod reveal;
mod send_as;
mod session_admin;
mod session_reads;
mod sessions;
mod sms;
mod snapshot;
mod state;
mod stored;
mod strict;
mod thumbnails;
mod user_tokens;
mod users;
mod validate;
mod verification;
mod views;
mod world;

pub use accounts::AccountCredentials;
pub(crate) use channel::PendingPush;
pub use channel::Push;
pub use content::{
    DEFAULT_MAX_CONTENT_BYTES, DEFAULT_MAX_DOMAIN_CONTENT_BYTES, MAX_DOMAIN_CONTENT_FILES,
    MAX_THUMBNAIL_SIDE, NewContent, StoredFile, UNKNOWN_MIME_TYPE, file_too_large,
};
pub(crate) use deliveries::DeliveryNote;
pub use deliveries::{DeliveryStep, MAX_NOTES};
pub(crate) use effects::Effects;
pub use error::{ModelError, http_status_for};
pub use groups::MAX_GROUP_MEMBERS;
pub use limits::Limits;
pub use locate::MessagePlace;
pub(crate) use messages::{Pending, PreparedDelete, PreparedSend};
pub use profiles::MAX_PROFILE_FIELD_CHARS;
pub use reveal::token_id;
pub use sms::SentSms;
pub(crate) use snapshot::redact_quoted;
pub use snapshot::{JournalMark, Snapshot};
pub(crate) use stored::StoredMessage;
pub use thumbnails::{MAX_DECODE_BYTES, MAX_DECODED_SIDE, thumbnail};
pub use validate::MAX_NESTING;
pub use world::{MAX_WORLD_PAGE, WorldKind, WorldPage, mask};

use serde::{Deserialize, Serialize};
use state::{Index, State, UserRef};
use std::fmt;

/// The default start of the manual clock: 2015-01-01T00:00:00Z, in ms.
pub const DEFAULT_START_TIME_MS: u64 = 1_420_070_400_000;

/// The default time to live of an access token: 24 hours, in ms.
pub const DEFAULT_TOKEN_TTL_MS: u64 = 24 * 60 * 60 * 1000;

/// What a model starts from: the seed, the clock's start, the tokens' time to live and the
/// limits on uploaded content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// The seed of every generated key, secret, token, id, password and code: with one, the
    /// same calls give the same values; without one (the default) they come from a key drawn
    /// from the operating system's random source, and are unpredictable.
    pub seed: Option<u64>,
    /// The manual clock's start (ms since the epoch).
    pub start_time_ms: u64,
    /// How long an access token lives on the manual clock (ms).
    pub token_ttl_ms: u64,
    /// The largest file `upload_content` stores, in bytes (default
    /// [`DEFAULT_MAX_CONTENT_BYTES`]); a larger one is refused with status 17.
    #[serde(default = "content::default_max_content_bytes")]
    pub max_content_bytes: u64,
    /// The most bytes of content one domain holds (default
    /// [`DEFAULT_MAX_DOMAIN_CONTENT_BYTES`]); an upload past it is refused with status 12.
    #[serde(default = "content::default_max_domain_content_bytes")]
    pub max_domain_content_bytes: u64,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            seed: None,
            start_time_ms: DEFAULT_START_TIME_MS,
            token_ttl_ms: DEFAULT_TOKEN_TTL_MS,
            max_content_bytes: DEFAULT_MAX_CONTENT_BYTES,
            max_domain_content_bytes: DEFAULT_MAX_DOMAIN_CONTENT_BYTES,
        }
    }
}

/// The state of a simulated Kandy service, and every operation on it.
///
/// `Debug` prints counts only: the model holds keys, secrets, tokens and passwords.
pub struct Model {
    state: State,
    index: Index,
    limits: Limits,
    /// What the exclusive calls since the last take asked to push and did to messages (never
    /// serialized).
    effects: effects::Effects,
    /// The delivery history's order: every note and push takes the next number.
    event_seq: cells::Counter,
}

impl Model {
    /// An empty model.
    pub fn new(config: ModelConfig) -> Self {
        Self {
            state: State::new(config),
            index: Index::default(),
            limits: Limits::default(),
            effects: effects::Effects::default(),
            event_seq: cells::Counter::default(),
        }
    }

    /// An empty model enforcing `limits`.
    pub fn with_limits(config: ModelConfig, limits: Limits) -> Self {
        Self {
            limits,
            ..Self::new(config)
        }
    }

    /// The configuration the model started from (and returns to on [`Model::reset`]).
    pub fn config(&self) -> ModelConfig {
        self.state.config
    }

    /// Empties every store, restarts the generator from the seed (or, unseeded, from a new
    /// random key) and the clock from its start.
    pub fn reset(&mut self) {
        *self = Self::with_limits(self.state.config, self.limits);
    }

    /// The manual clock (ms since the epoch).
    pub fn now_ms(&self) -> u64 {
        self.state.now_ms
    }

    /// Moves the manual clock forward.
    pub fn advance_clock(&mut self, millis: u64) {
        self.state.now_ms = self.state.now_ms.saturating_add(millis);
    }

    /// A fresh `prefix` + 32 hex value that `taken` does not know, from the generator's
    /// stream for `prefix` (`id` for bare ids).
    fn fresh_id(&mut self, prefix: &str, taken: impl Fn(&Self, &str) -> bool) -> String {
        let label = if prefix.is_empty() { "id" } else { prefix };
        loop {
            let value = format!("{prefix}{}", self.state.generator.hex32_in(label));
            if !taken(self, &value) {
                return value;
            }
        }
    }

    /// A generated password: 14 hex characters that also pass the password rule.
    fn generate_password(&mut self) -> String {
        loop {
            let password = self.state.generator.hex_in("password", 14);
            if validate::password(&password).is_ok() {
                return password;
            }
        }
    }

    fn domain(&self, name: &str) -> Result<&state::Domain, ModelError> {
        self.state.domains.get(name).ok_or_else(|| {
            ModelError::not_found(format!(
                "domain {} does not exist",
                consistency::short(name)
            ))
        })
    }

    fn domain_mut(&mut self, name: &str) -> Result<&mut state::Domain, ModelError> {
        self.state.domains.get_mut(name).ok_or_else(|| {
            ModelError::not_found(format!(
                "domain {} does not exist",
                consistency::short(name)
            ))
        })
    }

    fn user(&self, who: &UserRef) -> Result<&state::User, ModelError> {
        self.domain(&who.domain)?
            .users
            .get(&who.user)
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "user {} does not exist",
                    consistency::short(&who.full_id())
                ))
            })
    }

    fn user_mut(&mut self, who: &UserRef) -> Result<&mut state::User, ModelError> {
        self.domain_mut(&who.domain)?
            .users
            .get_mut(&who.user)
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "user {} does not exist",
                    consistency::short(&who.full_id())
                ))
            })
    }
}

impl Default for Model {
    fn default() -> Self {
        Self::new(ModelConfig::default())
    }
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users: usize = self.state.domains.values().map(|d| d.users.len()).sum();
        f.debug_struct("Model")
            .field("config", &self.state.config)
            .field("now_ms", &self.state.now_ms)
            .field("accounts", &self.state.accounts.len())
            .field("domains", &self.state.domains.len())
            .field("users", &users)
            .field("devices", &self.index.device_owner.len())
            .field("tokens", &self.state.tokens.len())
            .field("sms_outbox", &self.state.sms_outbox.len())
            .field("queued", &self.index.queued.get())
            .finish()
    }
}
