//! What a call did to messages, as notes the simulator takes after it (as it takes the
//! [pushes](super::Push)) and keeps in its delivery history: a message queued on a device,
//! held for a user's first device, sent by a device, or acked (deleted by #78) on a device.
//!
//! The notes are a diagnostic side channel: never part of the state or its snapshot, bounded
//! per call ([`MAX_NOTES`], the excess counted), and they only point at the queued message
//! (an `Arc`), so noting costs no copy of its content.

use super::state::{Queued, UserRef};
use super::stored::StoredMessage;
use super::{Effects, Model};
use kandy_core::DeviceId;
use std::sync::Arc;

/// The most notes the calls between two takes may leave; beyond, notes are counted, not kept.
pub const MAX_NOTES: usize = 4096;

/// What happened to a message, in the order a chat lives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStep {
    /// A device sent it (#77 or a group message): the note's user and device are the sender's.
    Sent,
    /// It was queued on the note's device.
    Queued,
    /// It was held for the note's user, who has no device yet.
    Held,
    /// The simulator wrote it to an open data channel of the note's user (its first device).
    Pushed,
    /// The note's device deleted it (#78).
    Acked,
}

/// One thing a call did to a message.
#[derive(Clone, Debug)]
pub(crate) struct DeliveryNote {
    /// What happened.
    pub step: DeliveryStep,
    /// The message (its UUID, type, sender, destination and time).
    pub message: Arc<StoredMessage>,
    /// The user whose queue, hold or socket it concerns (for `Sent`, the sender).
    pub full_user_id: String,
    /// The device, when one is concerned.
    pub device_id: Option<String>,
    /// When, on the simulator's clock (ms).
    pub at_ms: u64,
    /// Its place in the delivery history's order (numbered as it is made).
    pub seq: u64,
}

/// The notes of the calls since the last take.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    pub(super) kept: Vec<DeliveryNote>,
    /// Notes past [`MAX_NOTES`], not kept.
    pub(super) overflow: u64,
}

impl Model {
    fn note(&self, out: &Effects, mut note: DeliveryNote) {
        note.seq = self.next_event_seq();
        let mut notes = out.notes.lock();
        if notes.kept.len() >= MAX_NOTES {
            notes.overflow += 1;
        } else {
            notes.kept.push(note);
        }
    }

    /// Notes that `queued` is being delivered to `target`: queued on each of its devices, or
    /// held when it has none (as [`Model::deliver`] does).
    pub(crate) fn note_delivery(&self, out: &Effects, target: &UserRef, queued: &Queued) {
        let Ok(user) = self.user(target) else {
            return;
        };
        let devices: Vec<Option<String>> = if user.devices.is_empty() {
            vec![None]
        } else {
            user.devices.keys().cloned().map(Some).collect()
        };
        let full_user_id = target.full_id();
        for device_id in devices {
            let step = if device_id.is_some() {
                DeliveryStep::Queued
            } else {
                DeliveryStep::Held
            };
            self.note(
                out,
                DeliveryNote {
                    step,
                    message: Arc::clone(&queued.message),
                    full_user_id: full_user_id.clone(),
                    device_id,
                    at_ms: self.state.now_ms,
                    seq: 0,
                },
            );
        }
    }

    /// Notes that `queued` was queued on `owner`'s device `device_id` alone (a remote ack).
    pub(crate) fn note_queued_on(
        &self,
        out: &Effects,
        owner: &UserRef,
        device_id: &str,
        queued: &Queued,
    ) {
        self.note(
            out,
            DeliveryNote {
                step: DeliveryStep::Queued,
                message: Arc::clone(&queued.message),
                full_user_id: owner.full_id(),
                device_id: Some(device_id.to_owned()),
                at_ms: self.state.now_ms,
                seq: 0,
            },
        );
    }

    /// Notes that `who`'s device `device_id` acked (#78) the `acked` messages.
    pub(crate) fn note_acked(
        &self,
        out: &Effects,
        who: &UserRef,
        device_id: &DeviceId,
        acked: Vec<Arc<StoredMessage>>,
    ) {
        if acked.is_empty() {
            return;
        }
        let full_user_id = who.full_id();
        for message in acked {
            self.note(
                out,
                DeliveryNote {
                    step: DeliveryStep::Acked,
                    message,
                    full_user_id: full_user_id.clone(),
                    device_id: Some(device_id.as_str().to_owned()),
                    at_ms: self.state.now_ms,
                    seq: 0,
                },
            );
        }
    }

    /// Notes that `message` was sent by its sender from `device_id`, before the delivery
    /// that follows notes it (the 1:1 send, which notes as it goes).
    pub(crate) fn note_sending(
        &self,
        out: &Effects,
        message: &Arc<StoredMessage>,
        device_id: &DeviceId,
    ) {
        let Some(sender) = message.sender.as_ref() else {
            return;
        };
        self.note(
            out,
            DeliveryNote {
                step: DeliveryStep::Sent,
                message: Arc::clone(message),
                full_user_id: sender.full_user_id.clone(),
                device_id: Some(device_id.as_str().to_owned()),
                at_ms: self.state.now_ms,
                seq: 0,
            },
        );
    }

    /// Notes that the message the last delivery noted was sent by its sender, from
    /// `device_id` (none for a group message): the `Sent` note goes before that message's
    /// first note. Called after a send succeeded; nothing when the call noted no delivery.
    pub fn note_sent(&mut self, device_id: Option<&DeviceId>) {
        let now_ms = self.state.now_ms;
        let mut seq = self.event_seq.next();
        let notes = self.effects.notes.get_mut();
        let Some(last) = notes.kept.last() else {
            return;
        };
        let message = Arc::clone(&last.message);
        let Some(sender) = message.sender.as_ref().map(|s| s.full_user_id.clone()) else {
            return;
        };
        let first = notes
            .kept
            .iter()
            .position(|n| Arc::ptr_eq(&n.message, &message))
            .unwrap_or(notes.kept.len());
        // The notes from `first` on move one place later in the order (their numbers are the
        // newest: the call is exclusive), and the `Sent` note takes the first's.
        for later in notes.kept[first..].iter_mut().rev() {
            std::mem::swap(&mut later.seq, &mut seq);
        }
        let note = DeliveryNote {
            step: DeliveryStep::Sent,
            message,
            full_user_id: sender,
            device_id: device_id.map(|d| d.as_str().to_owned()),
            at_ms: now_ms,
            seq,
        };
        if notes.kept.len() >= MAX_NOTES {
            notes.overflow += 1;
        } else {
            notes.kept.insert(first, note);
        }
    }
}
