//! The delivery history: what happened to messages (sent, queued on each device, held,
//! pushed over a data channel, acked), recorded as it happens, so that a message's life can
//! be read after its queues are empty ([`Simulator::message_history`], `GET
//! /_sim/messages/{uuid}`, the dashboard's timeline).
//!
//! A diagnostic store beside the state, like the request log: a ring of
//! [`DELIVERY_HISTORY_CAPACITY`] events (or the builder's
//! [`delivery_history_capacity`](super::SimulatorBuilder::delivery_history_capacity)), the
//! oldest dropped and counted; never part of a snapshot; emptied by a reset or a restore.
//! Written under the model's lock by the calls that change queues, so its order is theirs.

use super::Simulator;
use crate::model::{DeliveryNote, DeliveryStep, PendingPush, StoredMessage};
use kandy_core::{MessageType, MessageUuid};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

/// How many delivery events the history keeps by default; older ones are dropped (and
/// counted in [`MessageHistory::dropped`]).
pub const DELIVERY_HISTORY_CAPACITY: usize = 10_000;

/// One thing that happened to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeliveryEvent {
    /// Its place among every event the history recorded (from 0, never reused).
    pub seq: u64,
    /// When, on the simulator's clock (ms).
    pub at_ms: u64,
    /// What happened.
    pub step: DeliveryStep,
    /// The `messageType` of what was queued, pushed or acked (`chat`, `chatRemoteAck`, ...).
    pub message_type: String,
    /// The user concerned: the sender for `sent`, else the owner of the queue, hold or socket.
    pub full_user_id: String,
    /// The device concerned (the sending device for `sent`; none for `held`, or a socket of a
    /// user who had no device when it opened).
    pub device_id: Option<String>,
    /// The message's sender, as its queued copy says.
    pub sender: Option<String>,
    /// The message's destination, as its queued copy says.
    pub destination: Option<String>,
}

/// What the history holds of one message (see [`Simulator::message_history`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MessageHistory {
    /// The UUID asked for.
    #[serde(rename = "UUID")]
    pub uuid: MessageUuid,
    /// Its events, oldest first.
    pub events: Vec<DeliveryEvent>,
    /// How many events the history holds at most.
    pub capacity: usize,
    /// How many events (of any message) it has recorded since it was last emptied.
    pub recorded: u64,
    /// How many of those it dropped, oldest first, to stay within its capacity: when not 0,
    /// the oldest part of this message's life may be missing.
    pub dropped: u64,
}

/// What the history keeps of a message: its ids, never its content (so an acked message's
/// text is not kept alive by the history). Shared by the events of one call.
#[derive(Debug)]
struct Meta {
    uuid: MessageUuid,
    message_type: MessageType,
    sender: Option<String>,
    destination: Option<String>,
}

impl Meta {
    fn of(message: &StoredMessage) -> Arc<Self> {
        Arc::new(Self {
            uuid: message.uuid.to_uuid(),
            message_type: message.message_type.clone(),
            sender: message.sender.as_ref().map(|s| s.full_user_id.clone()),
            destination: message.destination.as_deref().map(str::to_owned),
        })
    }
}

/// One recorded event.
#[derive(Debug)]
struct Recorded {
    seq: u64,
    at_ms: u64,
    step: DeliveryStep,
    meta: Arc<Meta>,
    full_user_id: String,
    device_id: Option<String>,
}

impl Recorded {
    fn event(&self) -> DeliveryEvent {
        DeliveryEvent {
            seq: self.seq,
            at_ms: self.at_ms,
            step: self.step,
            message_type: self.meta.message_type.as_str().to_owned(),
            full_user_id: self.full_user_id.clone(),
            device_id: self.device_id.clone(),
            sender: self.meta.sender.clone(),
            destination: self.meta.destination.clone(),
        }
    }
}

/// The ring of events.
#[derive(Debug)]
pub(super) struct History {
    events: VecDeque<Recorded>,
    capacity: usize,
    recorded: u64,
    dropped: u64,
}

impl History {
    /// An empty history of `capacity` events (at least 1).
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            recorded: 0,
            dropped: 0,
        }
    }

    fn record(
        &mut self,
        step: DeliveryStep,
        meta: Arc<Meta>,
        full_user_id: String,
        device_id: Option<String>,
        at_ms: u64,
    ) {
        if self.events.len() >= self.capacity {
            self.events.pop_front();
            self.dropped += 1;
        }
        self.events.push_back(Recorded {
            seq: self.recorded,
            at_ms,
            step,
            meta,
            full_user_id,
            device_id,
        });
        self.recorded += 1;
    }

    /// Records the model's notes of one call; the notes it could not keep count as dropped.
    pub(super) fn record_notes(&mut self, (notes, overflow): (Vec<DeliveryNote>, u64)) {
        self.recorded += overflow;
        self.dropped += overflow;
        // The notes of one message come together: its ids are copied once.
        let mut last: Option<(Arc<StoredMessage>, Arc<Meta>)> = None;
        for note in notes {
            let meta = match &last {
                Some((message, meta)) if Arc::ptr_eq(message, &note.message) => Arc::clone(meta),
                _ => {
                    let meta = Meta::of(&note.message);
                    last = Some((note.message, Arc::clone(&meta)));
                    meta
                }
            };
            self.record(
                note.step,
                meta,
                note.full_user_id,
                note.device_id,
                note.at_ms,
            );
        }
    }

    /// Records that `push`'s message was written to a socket of its user bound to `device`.
    pub(super) fn record_push(&mut self, push: &PendingPush, device: Option<&str>, at_ms: u64) {
        if let Some(message) = push.message() {
            self.record(
                DeliveryStep::Pushed,
                Meta::of(message),
                push.user.to_string(),
                device.map(str::to_owned),
                at_ms,
            );
        }
    }

    /// Forgets every event and the counts (a reset or a restore).
    pub(super) fn clear(&mut self) {
        self.events.clear();
        self.recorded = 0;
        self.dropped = 0;
    }

    fn of(&self, uuid: &MessageUuid) -> MessageHistory {
        MessageHistory {
            uuid: uuid.clone(),
            events: self
                .events
                .iter()
                .filter(|r| r.meta.uuid.same_as(uuid))
                .map(Recorded::event)
                .collect(),
            capacity: self.capacity,
            recorded: self.recorded,
            dropped: self.dropped,
        }
    }
}

impl Simulator {
    /// The recorded life of the message of `uuid` (case and dashes ignored): who sent it from
    /// which device, where it was queued or held, which data channels it was pushed to, which
    /// devices acked it, and the same for its `chatRemoteAck` (queued on the sending device).
    /// Empty for a UUID the history does not hold (never sent, or dropped as older than its
    /// [capacity](DELIVERY_HISTORY_CAPACITY)). Messages moved out of a hold onto a new
    /// device are not recorded again.
    pub fn message_history(&self, uuid: &MessageUuid) -> MessageHistory {
        self.shared.deliveries.lock().of(uuid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(history: &mut History, uuid: &str) {
        let message = StoredMessage::new(MessageType::Chat, &MessageUuid::new(uuid), 1);
        history.record(
            DeliveryStep::Queued,
            Meta::of(&message),
            "u@d".into(),
            None,
            1,
        );
    }

    #[test]
    fn the_ring_drops_the_oldest_and_counts_them() {
        let mut history = History::new(3);
        for uuid in ["a", "b", "a", "c", "a"] {
            note(&mut history, uuid);
        }
        let a = history.of(&MessageUuid::new("A"));
        assert_eq!(
            a.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![2, 4]
        );
        assert_eq!((a.capacity, a.recorded, a.dropped), (3, 5, 2));
        assert!(history.of(&MessageUuid::new("b")).events.is_empty());
        history.record_notes((Vec::new(), 4));
        assert_eq!(history.of(&MessageUuid::new("a")).dropped, 6);
        history.clear();
        let a = history.of(&MessageUuid::new("a"));
        assert_eq!((a.events.len(), a.recorded, a.dropped), (0, 0, 0));
    }
}
