//! The journal of applied changes: every change of the state, recorded as a typed entry
//! ([`Applied`]) and handed to a [`JournalSink`] under the model's lock, so entries arrive in
//! the order the model applied them. Replaying the entries in that order over the state they
//! started from gives the same state: the model is deterministic given its state (the
//! generator and the manual clock are part of it).
//!
//! `kandy-sim serve --persist always` appends the entries to a file beside the state file and
//! syncs it before each answer; at the next start it replays them over the last save.

use super::Simulator;
use super::recorded::ApiCall;
use crate::model::Snapshot;
use kandy_core::notifications::OutgoingSessionData;
use kandy_core::{AccountApiKey, AccountApiSecret, DeviceId, OutgoingMessage, UserAccessToken};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Where a simulator writes the entries of its journal.
pub trait JournalSink: Send + Sync + 'static {
    /// Records one applied change, `entry` (a JSON document, one line). Called under the
    /// model's lock, once per change, in the order of the changes: keep it short (a write,
    /// not a sync). It cannot fail the change: a sink that cannot write says so from the
    /// [`WriteHook`](super::WriteHook) that runs after the change, before it is answered.
    fn append(&self, entry: &[u8]);
}

/// One change of the state, as the journal records it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub(crate) enum Applied {
    /// A Kandy call that reached the model (refused or not: a refusal may still move a
    /// user's `last_seen`).
    Api(ApiCall),
    /// [`Simulator::create_account`].
    CreateAccount,
    /// [`Simulator::create_account_with`].
    CreateAccountWith {
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    },
    /// [`Simulator::send_as`].
    SendAs {
        from: String,
        device_id: Option<DeviceId>,
        message: OutgoingMessage,
    },
    /// [`Simulator::restore`], and [`Simulator::reset`] (unseeded, a reset draws a new key):
    /// the whole state it gives.
    Restore(Box<Snapshot>),
    /// [`Simulator::advance_clock`].
    AdvanceClock { millis: u64 },
    /// [`Simulator::set_content_limits`].
    ContentLimits {
        max_content_bytes: u64,
        max_domain_content_bytes: u64,
    },
    /// [`Simulator::send_session_data`] (a data channel's `sessionData` frame).
    SessionData {
        token: UserAccessToken,
        data: OutgoingSessionData,
    },
    /// A thumbnail made: the user's `last_seen` moves.
    Touch { token: UserAccessToken },
}

/// The journal a simulator writes to, once attached.
#[derive(Default)]
pub(super) struct JournalSlot(OnceLock<Arc<dyn JournalSink>>);

impl fmt::Debug for JournalSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "JournalSlot(attached)"
        } else {
            "JournalSlot(none)"
        })
    }
}

impl JournalSlot {
    /// The sink, if attached.
    pub(super) fn sink(&self) -> Option<&Arc<dyn JournalSink>> {
        self.0.get()
    }
}

impl Simulator {
    /// Attaches the journal every later change is appended to (see [`JournalSink`]); do it
    /// after [`replay`](Simulator::replay)ing the entries of the last run, before serving.
    ///
    /// # Errors
    /// A journal is already attached (there is one per simulator, for its lifetime).
    pub fn attach_journal(&self, sink: Arc<dyn JournalSink>) -> Result<(), String> {
        self.shared
            .journal
            .0
            .set(sink)
            .map_err(|_| "the simulator already has a journal".to_owned())
    }

    /// Whether changes are journaled (so their entries must be recorded).
    pub(super) fn journaling(&self) -> bool {
        self.shared.journal.sink().is_some()
    }

    /// Applies one journal entry (as a [`JournalSink`] received it) to the state, as the
    /// change it records was applied: without the fault plan, answers dropped.
    ///
    /// # Errors
    /// The entry is not one this simulator writes (its problem, secrets not quoted), or it
    /// records a restore this state refuses.
    pub async fn replay(&self, entry: &[u8]) -> Result<(), String> {
        let applied: Applied = serde_json::from_slice(entry).map_err(|e| {
            format!(
                "not a journal entry: {}",
                crate::model::redact_quoted(&e.to_string())
            )
        })?;
        let sim = self.without_faults();
        match applied {
            Applied::Api(call) => call.apply(&sim).await,
            Applied::CreateAccount => {
                sim.create_account();
            }
            Applied::CreateAccountWith {
                api_key,
                api_secret,
            } => {
                let _answer = sim.create_account_with(api_key, api_secret);
            }
            Applied::SendAs {
                from,
                device_id,
                message,
            } => {
                let _answer = sim.send_as(&from, device_id.as_ref(), message);
            }
            Applied::Restore(snapshot) => sim
                .restore(*snapshot)
                .map_err(|e| format!("a restore it records is refused: {e}"))?,
            Applied::AdvanceClock { millis } => sim.advance_clock(millis),
            Applied::ContentLimits {
                max_content_bytes,
                max_domain_content_bytes,
            } => sim.set_content_limits(max_content_bytes, max_domain_content_bytes),
            Applied::SessionData { token, data } => {
                let _answer = sim.send_session_data(&token, data);
            }
            Applied::Touch { token } => sim.change_recorded(None, |m| m.touch(&token)),
        }
        Ok(())
    }
}
