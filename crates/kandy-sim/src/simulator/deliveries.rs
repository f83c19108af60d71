//! The delivery history: what happened to messages (sent, queued on each device, held,
//! pushed over a data channel, acked), recorded as it happens, so that a message's life can
//! be read after its queues are empty ([`Simulator::message_history`], `GET
//! /_sim/messages/{uuid}`, the dashboard's timeline).
//!
//! A diagnostic store beside the state, like the request log: a ring of
//! [`DELIVERY_HISTORY_CAPACITY`] events (or the builder's
//! [`delivery_history_capacity`](super::SimulatorBuilder::delivery_history_capacity)), the
//! oldest dropped and counted; never part of a snapshot; emptied by a reset or a restore.
//! Each event is numbered as the model notes it (`seq`), and a message's events are read back
//! in that order, also for calls that ran at once on the model's shared path.

use super::Simulator;
use crate::model::{DeliveryNote, DeliveryStep, PendingPush, StoredMessage};
use kandy_core::{MessageType, MessageUuid, Sender};
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
    /// The sender's names, shared with every message of the sender (not the content).
    sender: Option<Arc<Sender>>,
    destination: Option<Arc<str>>,
}

impl Meta {
    fn of(message: &StoredMessage) -> Arc<Self> {
        Arc::new(Self {
            uuid: message.uuid.to_uuid(),
            message_type: message.message_type.clone(),
            sender: message.sender.clone(),
            destination: message.destination.clone(),
        })
    }
}

/// The events of one call's notes, made before the history's lock is taken.
pub(super) struct Batch {
    events: Vec<Recorded>,
    overflow: u64,
}

impl Batch {
    /// The events of the notes of one call (its ids copied once per message), and how many
    /// notes it could not keep.
    pub(super) fn of_notes((notes, overflow): (Vec<DeliveryNote>, u64)) -> Self {
        let mut last: Option<(Arc<StoredMessage>, Arc<Meta>)> = None;
        let events = notes
            .into_iter()
            .map(|note| {
                let meta = match &last {
                    Some((message, meta)) if Arc::ptr_eq(message, &note.message) => {
                        Arc::clone(meta)
                    }
                    _ => {
                        let meta = Meta::of(&note.message);
                        last = Some((note.message, Arc::clone(&meta)));
                        meta
                    }
                };
                Recorded {
                    seq: note.seq,
                    at_ms: note.at_ms,
                    step: note.step,
                    meta,
                    full_user_id: note.full_user_id,
                    device_id: note.device_id,
                }
            })
            .collect();
        Self { events, overflow }
    }
}

/// One recorded event.
#[derive(Debug)]
pub(super) struct Recorded {
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
            sender: self.meta.sender.as_ref().map(|s| s.full_user_id.clone()),
            destination: self.meta.destination.as_deref().map(str::to_owned),
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

    /// Inserts one event; the one it pushed out of the ring, if any.
    fn record(&mut self, event: Recorded) -> Option<Recorded> {
        let evicted = if self.events.len() >= self.capacity {
            self.dropped += 1;
            self.events.pop_front()
        } else {
            None
        };
        self.events.push_back(event);
        self.recorded += 1;
        evicted
    }

    /// Inserts the events of one call's notes (the notes it could not keep count as
    /// dropped); the events pushed out of the ring, to be freed after the lock.
    pub(super) fn insert(&mut self, batch: Batch) -> Vec<Recorded> {
        self.recorded += batch.overflow;
        self.dropped += batch.overflow;
        batch
            .events
            .into_iter()
            .filter_map(|event| self.record(event))
            .collect()
    }

    /// Records that `push`'s message was written to a socket of its user bound to `device`,
    /// as the event numbered `seq`; the event pushed out of the ring, if any.
    pub(super) fn record_push(
        &mut self,
        push: &PendingPush,
        device: Option<&str>,
        at_ms: u64,
        seq: u64,
    ) -> Option<Recorded> {
        let message = push.message()?;
        self.record(Recorded {
            seq,
            at_ms,
            step: DeliveryStep::Pushed,
            meta: Meta::of(message),
            full_user_id: push.user.to_string(),
            device_id: device.map(str::to_owned),
        })
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
            events: {
                let mut events: Vec<DeliveryEvent> = self
                    .events
                    .iter()
                    .filter(|r| r.meta.uuid.same_as(uuid))
                    .map(Recorded::event)
                    .collect();
                // Calls that ran at once may have inserted their events out of order.
                events.sort_by_key(|e| e.seq);
                events
            },
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
        let seq = history.recorded;
        history.record(Recorded {
            seq,
            at_ms: 1,
            step: DeliveryStep::Queued,
            meta: Meta::of(&message),
            full_user_id: "u@d".into(),
            device_id: None,
        });
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
        history.insert(Batch::of_notes((Vec::new(), 4)));
        assert_eq!(history.of(&MessageUuid::new("a")).dropped, 6);
        history.clear();
        let a = history.of(&MessageUuid::new("a"));
        assert_eq!((a.events.len(), a.recorded, a.dropped), (0, 0, 0));
    }
}
