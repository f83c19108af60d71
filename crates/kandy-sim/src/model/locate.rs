//! Where a message is now, by its UUID (the dashboard's message view): every queue holding
//! it (a chat on the recipients' devices, its `chatRemoteAck` on the sender's, a group
//! event), the users holding it for a first device, and the remote acks still owed. A lost
//! delivery shows as a queue missing, a duplicated one as the same UUID twice in one queue.

use super::Model;
use kandy_core::MessageUuid;
use serde::Serialize;

/// One place a message is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MessagePlace {
    /// The user whose queue or held list holds it (the owed ack: the sender's).
    pub full_user_id: String,
    /// The device whose queue holds it, or owed the ack; `None` for a held message.
    pub device_id: Option<String>,
    /// `queued` (on a device), `held` (for the user's first device) or `ack_owed` (the
    /// sending device will get a `chatRemoteAck` when a recipient first acks it).
    pub state: &'static str,
    /// The position in its queue (0 is the oldest).
    pub position: Option<usize>,
    /// The queued message's `messageType`, as #76 answers it.
    pub message_type: Option<String>,
    /// When it was queued (ms, on the simulator's clock).
    pub timestamp: Option<u64>,
    /// Its sender's `full_user_id`.
    pub sender: Option<String>,
}

impl Model {
    /// Every place the message of `uuid` (case and dashes ignored) is now, in queue order.
    /// Empty when no queue holds it and no ack is owed (acked everywhere, or never sent).
    pub fn locate_message(&self, uuid: &MessageUuid) -> Vec<MessagePlace> {
        let mut places = Vec::new();
        let owner_of = |device: &str| -> String {
            self.index
                .device_owner
                .get(device)
                .map_or_else(String::new, |owner| owner.full_id())
        };
        for (domain, d) in &self.state.domains {
            for (user, u) in &d.users {
                let full = format!("{user}@{domain}");
                let queues = u
                    .devices
                    .iter()
                    .map(|(id, device)| (Some(id), &device.queue))
                    .chain(std::iter::once((None, &u.held)));
                for (device, queue) in queues {
                    for (position, queued) in queue.lock().iter().enumerate() {
                        let message = &queued.message;
                        if !message.uuid.same_as(uuid) {
                            continue;
                        }
                        let kind = serde_json::to_value(&message.message_type).ok();
                        places.push(MessagePlace {
                            full_user_id: full.clone(),
                            device_id: device.cloned(),
                            state: if device.is_some() { "queued" } else { "held" },
                            position: Some(position),
                            message_type: kind.and_then(|k| k.as_str().map(str::to_owned)),
                            timestamp: Some(message.timestamp),
                            sender: message.sender.as_ref().map(|s| s.full_user_id.clone()),
                        });
                    }
                }
            }
        }
        for ack in self.state.remote_acks.lock().values() {
            if ack.uuid.same_as(uuid) {
                places.push(MessagePlace {
                    full_user_id: owner_of(&ack.device),
                    device_id: Some(ack.device.to_string()),
                    state: "ack_owed",
                    position: None,
                    message_type: None,
                    timestamp: None,
                    sender: None,
                });
            }
        }
        places
    }
}
