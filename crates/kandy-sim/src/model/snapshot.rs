//! Snapshots: the whole state as a typed, versioned JSON document, and its restore.
//!
//! The document is the model's records serialized as they are (`{"format": 1, "config": …,
//! "generator": …, …}`), without a `serde_json::Value` in between, so every order the model
//! keeps (accounts, domains, users, devices, members, queues) is the order in the text and the
//! order after a restore. Reading it refuses an unknown field anywhere and a format other than
//! [`Snapshot::FORMAT`]; restoring it also refuses a state whose references do not resolve
//! (see [`Model::from_snapshot`]).

use super::state::{Index, State};
use super::stored::StoredMessage;
use super::{Model, ModelError};
use kandy_core::Sender;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::io::{self, Read, Write};
use std::sync::Arc;

/// The whole state of a simulator, as a typed document: it holds every key, secret and token.
///
/// Taken by [`Model::snapshot`] or [`Simulator::snapshot`](crate::Simulator::snapshot), given
/// back to [`Model::restore`] or [`Simulator::restore`](crate::Simulator::restore). Two
/// snapshots are equal when their JSON texts are byte-identical; the same seed and the same
/// calls give equal snapshots, and a restored snapshot snapshots equal to itself.
///
/// `Debug` prints the format and counts only.
#[derive(Clone)]
pub struct Snapshot {
    pub(crate) state: State,
}

/// Replaces every double-quoted part of a message: serde quotes the values it refuses, and a
/// snapshot's values include secrets.
pub(crate) fn redact_quoted(message: &str) -> String {
    let mut redacted = String::with_capacity(message.len());
    for (i, part) in message.split('"').enumerate() {
        if i > 0 {
            redacted.push('"');
        }
        redacted.push_str(if i % 2 == 1 { "…" } else { part });
    }
    redacted
}

/// Status 17 for a document that is not a snapshot.
fn unreadable(error: &serde_json::Error) -> ModelError {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Syntax | Category::Eof => "not JSON: ",
        Category::Data | Category::Io => "",
    };
    ModelError::bad_value(format!(
        "invalid snapshot: {what}{}",
        redact_quoted(&error.to_string())
    ))
}

/// Where a journal stood when a snapshot was saved: the journal's `lineage` (a random id
/// naming one journal file's life) and the `seq` number of the last entry the snapshot holds.
/// `kandy-sim serve --persist always` writes it into the state file, so that the next start
/// replays only the entries after it. A restore ignores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalMark {
    /// The journal's id.
    pub lineage: String,
    /// The last entry the snapshot holds (0: none).
    pub seq: u64,
}

impl Snapshot {
    /// The format this simulator writes, and the only one it reads.
    pub const FORMAT: u32 = 1;

    /// The journal mark the document carries (see [`JournalMark`]); `None` for a snapshot
    /// of the model.
    pub fn journal_mark(&self) -> Option<&JournalMark> {
        self.state.journal.as_ref()
    }

    /// The document with `mark` (written into the state file by a journaling server).
    pub fn with_journal_mark(mut self, mark: JournalMark) -> Self {
        self.state.journal = Some(mark);
        self
    }

    /// The document's format number.
    pub fn format(&self) -> u32 {
        self.state.format.number()
    }

    /// The document as compact JSON. (The state has string and integer keys only, so it
    /// always serializes.)
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.state).unwrap_or_default()
    }

    /// The document as indented JSON (as `kandy-sim serve --state` writes it).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.state).unwrap_or_default()
    }

    /// Streams the document as compact JSON into `writer` (no copy of the whole text in
    /// memory); fails only as the writer does.
    pub fn write_to(&self, writer: impl Write) -> io::Result<()> {
        serde_json::to_writer(writer, &self.state).map_err(io::Error::other)
    }

    /// Streams the document as indented JSON into `writer`; fails only as the writer does.
    pub fn write_pretty_to(&self, writer: impl Write) -> io::Result<()> {
        serde_json::to_writer_pretty(writer, &self.state).map_err(io::Error::other)
    }

    /// Reads a document from JSON text. Status 17 if it is not JSON, has a field this format
    /// does not have, nests deeper than 128 levels, or has another format (a newer one is
    /// named as such). Quoted values are redacted from the message.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        Self::from_slice(text.as_bytes())
    }

    /// [`Snapshot::from_json`] from bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ModelError> {
        let state = serde_json::from_slice(bytes).map_err(|e| unreadable(&e))?;
        Ok(Self { state })
    }

    /// [`Snapshot::from_json`] from a reader (buffer it: serde reads byte by byte).
    pub fn from_reader(reader: impl Read) -> Result<Self, ModelError> {
        let state = serde_json::from_reader(reader).map_err(|e| unreadable(&e))?;
        Ok(Self { state })
    }

    /// The document as a JSON value, to inspect or edit (in tests). `serde_json`'s maps sort
    /// their keys, so a value loses the model's orders: restore the text, not a value, to keep
    /// them.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(&self.state).unwrap_or(Value::Null)
    }

    /// A document from a JSON value (see [`Snapshot::to_value`] on order); status 17 as
    /// [`Snapshot::from_json`].
    pub fn from_value(value: Value) -> Result<Self, ModelError> {
        let state = serde_json::from_value(value).map_err(|e| unreadable(&e))?;
        Ok(Self { state })
    }
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        self.to_json() == other.to_json()
    }
}

impl Eq for Snapshot {}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = &self.state;
        let users: usize = state.domains.values().map(|d| d.users.len()).sum();
        f.debug_struct("Snapshot")
            .field("format", &self.format())
            .field("now_ms", &state.now_ms)
            .field("accounts", &state.accounts.len())
            .field("domains", &state.domains.len())
            .field("users", &users)
            .field("tokens", &state.tokens.len())
            .finish_non_exhaustive()
    }
}

impl Serialize for Snapshot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.state.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Snapshot {
    /// The document's shape only (as [`Snapshot::from_json`], without its redaction).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            state: State::deserialize(deserializer)?,
        })
    }
}

/// Makes the copies of one message in several queues (a fan-out, read back as separate values)
/// one shared message again, as they were before the snapshot, and shares each sender and
/// destination name among the messages that carry it.
fn share_copies(state: &mut State) {
    let mut seen: super::state::HashMap<(u64, String), Arc<StoredMessage>> =
        super::state::HashMap::default();
    let mut senders: super::state::HashMap<String, Arc<Sender>> = super::state::HashMap::default();
    let mut names: super::state::HashMap<Arc<str>, ()> = super::state::HashMap::default();
    let queues = state
        .domains
        .values_mut()
        .flat_map(|d| d.users.values_mut());
    for user in queues {
        let devices = user
            .devices
            .values_mut()
            .flat_map(|d| d.queue.get_mut().iter_mut());
        for queued in user.held.get_mut().iter_mut().chain(devices) {
            let key = (queued.message.timestamp, queued.message.uuid.text());
            match seen.get(&key) {
                Some(shared) if **shared == *queued.message => {
                    queued.message = Arc::clone(shared);
                }
                Some(_) => {}
                None => {
                    let message = Arc::make_mut(&mut queued.message);
                    if let Some(sender) = &mut message.sender {
                        let shared = senders
                            .entry(sender.full_user_id.clone())
                            .or_insert_with(|| Arc::clone(sender));
                        if **shared == **sender {
                            *sender = Arc::clone(shared);
                        }
                    }
                    if let Some(destination) = &mut message.destination {
                        match names.get_key_value(&**destination) {
                            Some((shared, ())) => *destination = Arc::clone(shared),
                            None => {
                                names.insert(Arc::clone(destination), ());
                            }
                        }
                    }
                    seen.insert(key, Arc::clone(&queued.message));
                }
            }
        }
    }
}

impl Model {
    /// The whole state as a [`Snapshot`]: the same seed and calls give equal snapshots.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            state: self.state.clone(),
        }
    }

    /// A model from a snapshot, with the default [`Limits`](super::Limits); status 17 naming the first problem if its state is not
    /// consistent: keys and ids must be unique, every group has members who are users of its
    /// domain and an owner among them, every token belongs to what exists, account numbers
    /// are 1 to their count, each once, and no send is counted before it was made.
    pub fn from_snapshot(snapshot: Snapshot) -> Result<Model, ModelError> {
        let mut state = snapshot.state;
        // The mark says what a journal's save held; the model's own state carries none.
        state.journal = None;
        let index = Index::build(&state)
            .map_err(|problem| ModelError::bad_value(format!("invalid snapshot: {problem}")))?;
        share_copies(&mut state);
        Ok(Model {
            state,
            index,
            limits: super::Limits::default(),
            effects: Default::default(),
            event_seq: Default::default(),
        })
    }

    /// Replaces the state with a snapshot's, keeping the limits in force; on error nothing
    /// changes.
    pub fn restore(&mut self, snapshot: Snapshot) -> Result<(), ModelError> {
        let limits = self.limits;
        *self = Self::from_snapshot(snapshot)?;
        self.limits = limits;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_redacted() {
        assert_eq!(
            redact_quoted(r#"invalid type: string "AAS123", expected u64"#),
            r#"invalid type: string "…", expected u64"#
        );
        assert_eq!(
            redact_quoted("missing field `tokens`"),
            "missing field `tokens`"
        );
    }

    #[test]
    fn a_snapshot_restores_to_the_same_json() {
        let mut model = Model::default();
        model.create_account();
        let snapshot = model.snapshot();
        let text = snapshot.to_json();
        assert!(text.starts_with(r#"{"format":1,"#), "{text}");
        let back = Model::from_snapshot(Snapshot::from_json(&text).unwrap()).unwrap();
        assert_eq!(back.snapshot().to_json(), text);
    }

    #[test]
    fn invalid_snapshots_are_status_17() {
        for bad in ["null", r#"{"config": 1}"#, "[]", r#"{"format": 2}"#, "{"] {
            assert_eq!(Snapshot::from_json(bad).unwrap_err().status, 17, "{bad}");
        }
    }

    #[test]
    fn a_restore_shares_the_copies_of_a_fan_out_again() {
        use kandy_core::*;
        let mut model = Model::default();
        let account = model.create_account();
        let aat = model
            .get_account_access_token(&account.api_key, &account.api_secret)
            .unwrap();
        let domain = model
            .create_domain(&aat, NewDomain::new("share.kandy.io"))
            .unwrap();
        let dat = model
            .get_domain_access_token(&domain.domain_api_key, &domain.domain_api_secret)
            .unwrap();
        let mut tokens = Vec::new();
        for user in ["alice", "bob"] {
            model
                .create_user_by_user_id(&dat, NewUser::new(user))
                .unwrap();
            tokens.push(
                model
                    .get_user_access_token(&domain.domain_api_key, &domain.domain_api_secret, user)
                    .unwrap(),
            );
        }
        for n in 0..3 {
            model
                .create_device(&tokens[1], NewDevice::new(format!("d{n}")))
                .unwrap();
        }
        let alice_device = model.get_devices(&tokens[0]).unwrap()[0].id.clone();
        let message = OutgoingMessage::text("bob", "shared")
            .with_uuid(MessageUuid::new("0123456789abcdef0123456789abcdef"));
        model
            .send_message(&tokens[0], &alice_device, message)
            .unwrap();
        let text = model.snapshot().to_json();
        let restored = Model::from_snapshot(Snapshot::from_json(&text).unwrap()).unwrap();
        let bob = &restored.state.domains["share.kandy.io"].users["bob"];
        let firsts: Vec<_> = bob
            .devices
            .values()
            .map(|d| Arc::clone(&d.queue.lock()[0].message))
            .collect();
        assert_eq!(firsts.len(), 4);
        assert!(firsts.iter().all(|m| Arc::ptr_eq(m, &firsts[0])));
    }
}
