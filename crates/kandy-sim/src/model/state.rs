//! The model's records: what a snapshot holds, and the derived indexes rebuilt from it.
//!
//! Everything serializable is in insertion-ordered maps (`IndexMap`) or vectors, so the same
//! calls give byte-identical JSON. The [`Index`] is never serialized.

use super::ModelConfig;
use super::cells::{Counter, Locked, Tally};
use super::generator::Generator;
use super::sms::SentSms;
use super::stored::{StoredMessage, StoredUuid};
use foldhash::fast::RandomState;
use kandy_core::notifications::GroupEvent;
use kandy_core::{NewPersonalContact, Sender};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// An insertion-ordered map (what the snapshot and every listing iterate in) with a fast hash:
/// the simulator looks up tokens, users and devices by string several times per call.
/// foldhash seeds each map at random, as std's hasher does.
pub(crate) type Map<K, V> = indexmap::IndexMap<K, V, RandomState>;

/// A derived index, never iterated for output.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, RandomState>;

/// The whole serializable state: the snapshot document, `{"format": 1, ...}`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct State {
    /// The document's format (always [`Format::CURRENT`] in memory).
    pub format: Format,
    /// Seed, start time and token time-to-live.
    pub config: ModelConfig,
    /// The generator, where it stands.
    pub generator: Generator,
    /// The manual clock (ms since the epoch).
    pub now_ms: u64,
    /// The number of the next 1:1 send (for remote acks).
    pub next_send: Counter,
    /// How many group events were queued (their UUIDs count up).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub next_event: u64,
    /// Accounts by API key.
    pub accounts: Map<String, Account>,
    /// Domains by name (names are unique across accounts).
    pub domains: Map<String, Domain>,
    /// Every access token not revoked, by value (order carries no meaning).
    pub tokens: Map<String, Token>,
    /// The sends whose first deletion still owes the sending device a `chatRemoteAck`
    /// (order carries no meaning).
    pub remote_acks: Locked<Map<u64, RemoteAck>>,
    /// Every SMS sent, oldest first.
    pub sms_outbox: Vec<SentSms>,
    /// Where a journal stood at this save (state files of `--persist always` only; never in
    /// the model's own state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<super::snapshot::JournalMark>,
}

impl State {
    /// An empty state at the start of `config`.
    pub(crate) fn new(config: ModelConfig) -> Self {
        Self {
            format: Format::CURRENT,
            config,
            generator: Generator::new(config.seed),
            now_ms: config.start_time_ms,
            next_send: Counter::new(1),
            next_event: 0,
            accounts: Map::default(),
            domains: Map::default(),
            tokens: Map::default(),
            remote_acks: Locked::default(),
            sms_outbox: Vec::new(),
            journal: None,
        }
    }
}

/// The snapshot format: refused unless it is the one this simulator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct Format(u32);

impl Format {
    /// The format this simulator writes and reads.
    pub(crate) const CURRENT: Format = Format(1);

    /// The format's number.
    pub(crate) fn number(self) -> u32 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u32::deserialize(deserializer)?;
        match number {
            n if n == Self::CURRENT.0 => Ok(Self::CURRENT),
            n if n > Self::CURRENT.0 => Err(serde::de::Error::custom(format!(
                "format {n} is newer than this simulator's ({}): upgrade kandy-sim",
                Self::CURRENT.0
            ))),
            n => Err(serde::de::Error::custom(format!(
                "format {n} is not one this simulator reads (it reads {})",
                Self::CURRENT.0
            ))),
        }
    }
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// An account, made outside the API.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Account {
    pub api_secret: String,
    /// `"00000001"`, in creation order.
    pub number: String,
}

/// A domain with its users, chat groups and outstanding verification codes.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Domain {
    /// The owning account's API key.
    pub account: String,
    pub api_key: String,
    pub api_secret: String,
    pub project_name: Option<String>,
    /// Users by user id (without `@domain`), in creation order.
    pub users: Map<String, User>,
    /// Chat groups by id, in creation order.
    pub groups: Map<String, Group>,
    /// Codes sent by `send_verification_sms` and not yet checked.
    pub verification_codes: Vec<VerificationCode>,
    /// Hunt groups by name, in creation order (left out of a snapshot while there are none,
    /// so snapshots of earlier versions load unchanged).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub hunt_groups: Map<String, HuntGroup>,
    /// Uploaded files by the client's `content_uuid`, in upload order (#84).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub content: Map<String, StoredContent>,
    /// Sessions (#63–#75) by id, in creation order.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub sessions: Map<String, SessionRecord>,
}

/// A hunt group (#21): its creation fields, and its users and admins by user id, in the
/// order added.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HuntGroup {
    pub huntgroup_type: String,
    pub pilot_uri_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow_dest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_uri: Option<String>,
    pub users: Vec<String>,
    pub admins: Vec<String>,
}

/// An uploaded file: what the download answers with, and who uploaded it when.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredContent {
    /// The MIME type given as `content_type` (the download's `Content-Type`).
    pub mime_type: String,
    /// The part's file name (the download's `Content-Disposition`); may be empty.
    pub name: String,
    /// The uploader's `full_user_id`.
    pub uploader: String,
    pub uploaded_ms: u64,
    /// The bytes, shared by every download; base64 in the snapshot.
    #[serde(with = "super::content::base64_bytes")]
    pub bytes: bytes::Bytes,
}

/// A session: its admin (a user id of the domain), its description and its participants.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionRecord {
    pub name: String,
    pub session_type: String,
    pub description: Option<String>,
    pub admin: String,
    /// Whether it was started (#64) and not stopped since (#65).
    pub active: bool,
    pub creation_timestamp: u64,
    pub expiry_timestamp: Option<u64>,
    /// Participants by user id, in the order they asked to join; the admin is not one.
    pub participants: Map<String, ParticipantState>,
}

/// Where a participant stands.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ParticipantState {
    /// Asked to join (#71), waiting for the admin (#73, #74).
    Pending,
    /// Accepted by the admin (#73).
    Joined,
}

/// A user's descriptive fields.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// National digits only (`3524096582`).
    pub phone_number: Option<String>,
    /// As given (`US`, `+1`, `1`).
    pub country_code: Option<String>,
    /// The profile's status line (#51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// The profile image's details, as the client wrote them (#51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_details: Option<String>,
    /// The client's free data (#51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

/// A user, with its devices, held messages and personal contacts.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct User {
    pub api_key: String,
    pub api_secret: String,
    pub password: String,
    pub profile: Profile,
    /// The time of the last successful call with one of its user tokens (0: never).
    pub last_seen: Counter,
    /// Devices by id, in registration order.
    pub devices: Map<String, Device>,
    /// Messages sent while the user had no device, for its next device.
    pub held: Locked<Vec<Queued>>,
    /// Personal contacts by contact id.
    #[serde(with = "super::strict::contacts")]
    pub contacts: Map<String, NewPersonalContact>,
    /// The user's names as its messages share them (made at its first message; never
    /// serialized).
    #[serde(skip)]
    pub names: OnceLock<UserNames>,
}

impl User {
    /// How many messages the user's devices and its hold have together.
    pub(crate) fn queued(&self) -> usize {
        let queues: usize = self.devices.values().map(|d| d.queue.lock().len()).sum();
        self.held.lock().len() + queues
    }
}

/// A user's `sender` and `full_user_id`, shared by every message it sends or receives.
#[derive(Clone)]
pub(crate) struct UserNames {
    pub sender: Arc<Sender>,
    pub full_id: Arc<str>,
}

/// A device, its message queue and its address book.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Device {
    pub native_id: String,
    pub family: Option<String>,
    pub name: Option<String>,
    pub client_sw_version: Option<String>,
    pub os_version: Option<String>,
    pub registered_ms: u64,
    /// Pending messages, oldest first.
    pub queue: Locked<Vec<Queued>>,
    /// Uploaded contacts, one entry per number.
    pub address_book: Vec<AddressBookEntry>,
}

impl Device {
    /// The device every new user gets.
    pub(crate) fn default_device(now_ms: u64) -> Self {
        Self {
            native_id: "default".to_owned(),
            family: None,
            name: None,
            client_sw_version: None,
            os_version: None,
            registered_ms: now_ms,
            queue: Locked::default(),
            address_book: Vec::new(),
        }
    }
}

/// A message in a queue; `send` numbers a 1:1 send (for its remote ack). A group event is
/// queued as a message of its `messageType` (what a poll answers) and keeps the whole event
/// for its push.
///
/// The message is shared: one send's copies on every device of every recipient point to one
/// stored message (one copy of its content, whatever the fan-out), and a snapshot's clone of
/// the state copies pointers, not contents. In a snapshot it is written as before the compact
/// form: `{"send", "message": <the public message>, "event"}`.
#[derive(Clone)]
pub(crate) struct Queued {
    pub send: Option<u64>,
    pub message: Arc<StoredMessage>,
}

/// [`Queued`] as a snapshot writes it.
#[derive(Serialize)]
struct QueuedOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    send: Option<u64>,
    message: &'a StoredMessage,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a GroupEvent>,
}

/// [`Queued`] as a snapshot reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueuedIn {
    #[serde(default)]
    send: Option<u64>,
    message: super::strict::Message,
    #[serde(default, deserialize_with = "super::strict::group_event::deserialize")]
    event: Option<GroupEvent>,
}

impl Serialize for Queued {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        QueuedOut {
            send: self.send,
            message: &self.message,
            event: self.message.event.as_deref(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Queued {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = QueuedIn::deserialize(deserializer)?;
        Ok(Self {
            send: read.send,
            message: Arc::new(StoredMessage::from_incoming(
                read.message.into(),
                read.event,
            )),
        })
    }
}

/// One number of a device's address book.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddressBookEntry {
    pub number: String,
    pub first_name: String,
    pub last_name: String,
}

/// A chat group; members by user id, longest-standing first.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Group {
    pub name: String,
    pub image: Value,
    pub creation_time: u64,
    pub members: Map<String, Membership>,
}

/// One member of a group.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Membership {
    /// Whether the member is an owner.
    pub owner: bool,
    /// Whether an owner muted the member (#61).
    pub muted: bool,
    /// Whether the member muted the group for themselves (#60).
    pub muted_group: bool,
}

/// An access token: whom it belongs to and when it expires.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Token {
    pub holder: Holder,
    pub expires_at_ms: u64,
}

/// Whom a token belongs to, which is also its scope.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Holder {
    /// An account (by API key).
    Account { account: String },
    /// A domain (by name).
    Domain { domain: String },
    /// A user of a domain.
    User(UserRef),
}

impl Holder {
    /// The domain the token reads or changes, if any.
    pub(crate) fn domain(&self) -> Option<&str> {
        match self {
            Holder::Account { .. } => None,
            Holder::Domain { domain } | Holder::User(UserRef { domain, .. }) => Some(domain),
        }
    }
}

/// The device owed a `chatRemoteAck`, and the UUID as its user sent it.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RemoteAck {
    /// Shared with the index's key of the device.
    pub device: Arc<str>,
    pub uuid: StoredUuid,
}

/// A code sent by SMS, waiting to be checked.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerificationCode {
    pub code: String,
    /// The international number it was sent to (`+13524096582`).
    pub phone: String,
    pub sent_ms: u64,
}

/// A user of a domain, as the indexes and tokens name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserRef {
    pub domain: String,
    pub user: String,
}

impl UserRef {
    /// `user@domain`.
    pub(crate) fn full_id(&self) -> String {
        format!("{}@{}", self.user, self.domain)
    }
}

/// Hashed lookups derived from the state (never serialized).
#[derive(Default)]
pub(crate) struct Index {
    /// Domain API key to domain name.
    pub domain_by_key: HashMap<String, String>,
    /// User API key to user.
    pub user_by_key: HashMap<String, UserRef>,
    /// Device id to its user.
    pub device_owner: HashMap<Arc<str>, UserRef>,
    /// Messages in every queue and held list together.
    pub queued: Tally,
}

impl Index {
    /// Builds the indexes, refusing a state whose keys or ids are not unique or whose
    /// tokens and domains name what does not exist.
    pub(crate) fn build(state: &State) -> Result<Self, String> {
        let mut index = Index::default();
        for (name, domain) in &state.domains {
            let name_shown = super::consistency::short(name);
            if !state.accounts.contains_key(&domain.account) {
                return Err(format!("domain {name_shown} belongs to no account"));
            }
            if index
                .domain_by_key
                .insert(domain.api_key.clone(), name.clone())
                .is_some()
            {
                return Err(format!(
                    "domain {name_shown} shares its API key with another"
                ));
            }
            for (user_id, user) in &domain.users {
                index.queued.add(user.queued());
                let who = UserRef {
                    domain: name.clone(),
                    user: user_id.clone(),
                };
                for device in user.devices.keys() {
                    if index
                        .device_owner
                        .insert(Arc::from(device.as_str()), who.clone())
                        .is_some()
                    {
                        return Err(format!(
                            "device {} appears twice",
                            super::consistency::short(device)
                        ));
                    }
                }
                if index
                    .user_by_key
                    .insert(user.api_key.clone(), who.clone())
                    .is_some()
                {
                    return Err(format!(
                        "user {} shares its API key with another",
                        super::consistency::short(&who.full_id())
                    ));
                }
            }
        }
        super::consistency::check(state)?;
        Ok(index)
    }
}
