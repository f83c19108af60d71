//! Device message queues: sending an IM (#77), reading (#76) and deleting (#78) pending
//! messages, with held messages and `chatRemoteAck`s.

use super::content::content_reference;
use super::state::{Queued, RemoteAck, UserNames, UserRef};
use super::stored::{StoredContent, StoredMessage, uuid_key};
use super::{Effects, Model, ModelError, validate};
use kandy_core::{
    DeviceId, IncomingMessage, MessageType, MessageUuid, OutgoingMessage, PendingMessages, Sender,
    UserAccessToken,
};
use std::collections::HashSet;
use std::sync::Arc;

/// The `sender` of a message from `who`.
pub(crate) fn sender(who: &UserRef) -> Sender {
    Sender::new(who.user.as_str(), who.domain.as_str())
}

/// A device's queue as #76 read it: the shared messages, made into the public ones by
/// [`Pending::into_public`] (outside the simulator's lock).
pub(crate) struct Pending {
    messages: Vec<Arc<StoredMessage>>,
    now_ms: u64,
}

impl Pending {
    /// What #76 answers.
    pub(crate) fn into_public(self) -> PendingMessages {
        let messages = self.messages.iter().map(|m| m.to_incoming()).collect();
        PendingMessages::new(messages, Some(self.now_ms))
    }
}

/// The part of #77 that needs no state: the checks of the message alone and its content in
/// its stored form (made outside the simulator's lock). Errors are kept for
/// [`Model::send_prepared`] to answer in #77's order.
pub(crate) struct PreparedSend {
    message: OutgoingMessage,
    content: StoredContent,
    reference: Result<Option<String>, ModelError>,
}

impl PreparedSend {
    /// Checks `message` (destination given, known content type, well-formed UUID, nesting)
    /// and stores its content; the size and everything else is checked by
    /// [`Model::send_prepared`].
    pub(crate) fn new(message: OutgoingMessage) -> Result<Self, ModelError> {
        validate::required("destination", &message.destination)?;
        validate::content_type(&message.content_type)?;
        validate::message_uuid(&message.uuid)?;
        validate::content_nesting(&message.message)?;
        let content = StoredContent::new(&message.message);
        let reference = content_reference(&message.content_type, &message.message)
            .map(|r| r.map(str::to_owned));
        Ok(Self {
            message,
            content,
            reference,
        })
    }
}

/// The UUIDs #78 deletes, checked and in the form compared (made outside the lock).
pub(crate) struct PreparedDelete {
    wanted: HashSet<[u8; 16]>,
}

impl PreparedDelete {
    /// Checks `uuids` (at least one, each well-formed).
    pub(crate) fn new(uuids: &[MessageUuid]) -> Result<Self, ModelError> {
        validate::non_empty("messages", uuids)?;
        for uuid in uuids {
            validate::message_uuid(uuid)?;
        }
        let wanted = uuids.iter().filter_map(|u| uuid_key(u.as_str())).collect();
        Ok(Self { wanted })
    }
}

impl Model {
    /// #76: the device's queue, oldest first, without removing anything.
    pub fn get_pending_messages(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages, ModelError> {
        self.pending(token, device_id, client_timestamp)
            .map(Pending::into_public)
    }

    /// #76 without making the public messages (see [`Pending`]).
    pub(crate) fn pending(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        _client_timestamp: Option<u64>,
    ) -> Result<Pending, ModelError> {
        validate::id("device_id", device_id.as_str())?;
        self.as_user_shared(token, |m, who| {
            let device = m.device(who, device_id)?;
            let messages = device
                .queue
                .lock()
                .iter()
                .map(|q| Arc::clone(&q.message))
                .collect();
            Ok(Pending {
                messages,
                now_ms: m.state.now_ms,
            })
        })
    }

    /// #77: queues a `chat` message on every device of the destination (a user of the
    /// sender's domain, 53 otherwise), or holds it until the destination has a device. An
    /// `image`, `audio`, `video`, `file` or `contact` message naming a `content_uuid` must
    /// name a file of the domain (53).
    pub fn send_message(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        message: OutgoingMessage,
    ) -> Result<(), ModelError> {
        self.send_prepared(token, device_id, PreparedSend::new(message), &self.effects)
    }

    /// #77 with the message checked and stored already (see [`PreparedSend`]).
    pub(crate) fn send_prepared(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        prepared: Result<PreparedSend, ModelError>,
        out: &Effects,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        let PreparedSend {
            message,
            content,
            reference,
        } = prepared?;
        self.check_message_bytes(content.len())?;
        let reference = reference?;
        self.as_user_shared(token, |m, who| {
            m.own_device(who, device_id)?;
            let target = m
                .named_user(&who.domain, &message.destination)
                .ok_or_else(|| {
                    ModelError::not_found(format!(
                        "the destination {} is not a user of this domain",
                        super::consistency::short(&message.destination)
                    ))
                })?;
            m.check_delivery(std::slice::from_ref(&target))?;
            m.check_content_reference(&who.domain, reference.as_deref())?;
            let mut stored = StoredMessage::new(MessageType::Chat, &message.uuid, m.state.now_ms);
            stored.sender = Some(m.names(who)?.sender);
            stored.content_type = Some(message.content_type);
            stored.destination = Some(m.names(&target)?.full_id);
            stored.content = Some(content);
            let send = m.state.next_send.next();
            let ack_device = m
                .index
                .device_owner
                .get_key_value(device_id.as_str())
                .map_or_else(|| Arc::from(device_id.as_str()), |(id, _)| Arc::clone(id));
            // Owed before the message is queued: a device that deletes it at once (on
            // another thread) finds its ack.
            let ack = RemoteAck {
                device: ack_device,
                uuid: stored.uuid.clone(),
            };
            m.state.remote_acks.lock().insert(send, ack);
            let message = Arc::new(stored);
            m.note_sending(out, &message, device_id);
            m.deliver(
                out,
                &target,
                Queued {
                    send: Some(send),
                    message,
                },
            )
        })
    }

    /// #78: removes the named messages (case and dashes ignored; unknown ones ignored). The
    /// first deletion of a `chat` message sends its sending device a `chatRemoteAck`.
    pub fn delete_handled_messages(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        uuids: &[MessageUuid],
    ) -> Result<(), ModelError> {
        self.delete_prepared(token, device_id, PreparedDelete::new(uuids), &self.effects)
    }

    /// #78 with the UUIDs checked already (see [`PreparedDelete`]).
    pub(crate) fn delete_prepared(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        prepared: Result<PreparedDelete, ModelError>,
        out: &Effects,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        let wanted = prepared?.wanted;
        let handled = |q: &Queued| q.message.uuid.key().is_some_and(|k| wanted.contains(&k));
        self.as_user_shared(token, |m, who| {
            let now = m.state.now_ms;
            let device = m.device(who, device_id)?;
            // The device's queue is locked while its handled messages are picked and removed;
            // the acks they owe are queued after, when it is released (a device may owe one
            // to itself).
            let (acked, owed) = {
                let mut queue = device.queue.lock();
                let mut acked = Vec::new();
                let mut owed = Vec::new();
                for queued in queue.iter().filter(|q| handled(q)) {
                    acked.push(Arc::clone(&queued.message));
                    if queued.message.message_type == MessageType::Chat
                        && let Some(send) = queued.send
                    {
                        owed.push(send);
                    }
                }
                m.note_acked(out, who, device_id, acked.clone());
                queue.retain(|q| !handled(q));
                (acked, owed)
            };
            m.index.queued.sub(acked.len());
            for send in owed {
                // Taken out as it is sent: the first deletion of a send acks it, once.
                let Some(ack) = m.state.remote_acks.lock().swap_remove(&send) else {
                    continue;
                };
                let mut message =
                    StoredMessage::new(MessageType::ChatRemoteAck, &MessageUuid::new(""), now);
                message.uuid = ack.uuid;
                m.push_to_device(out, &ack.device, Queued::new(Arc::new(message)));
            }
            Ok(())
        })
    }

    /// The names `who`'s messages share (made at its first message).
    pub(crate) fn names(&self, who: &UserRef) -> Result<UserNames, ModelError> {
        let user = self.user(who)?;
        Ok(user
            .names
            .get_or_init(|| UserNames {
                sender: Arc::new(sender(who)),
                full_id: Arc::from(who.full_id()),
            })
            .clone())
    }

    /// Queues a message on every device of `target`, or holds it if there is none (after
    /// [`Model::check_delivery`]).
    pub(crate) fn deliver(
        &self,
        out: &Effects,
        target: &UserRef,
        queued: Queued,
    ) -> Result<(), ModelError> {
        self.note_delivery(out, target, &queued);
        let user = self.user(target)?;
        // The hold is the user's mailbox lock: one delivery to a user at a time.
        let mut held = user.held.lock();
        let reached = user.devices.len().max(1);
        if user.devices.is_empty() {
            held.push(queued);
        } else {
            let full_id = self.names(target)?.full_id;
            // A copy for every device but the last, which takes the message itself.
            let mut queued = Some(queued);
            let message = queued.as_ref().map(|q| Arc::clone(&q.message));
            let mut devices = user.devices.values().peekable();
            while let Some(device) = devices.next() {
                let copy = if devices.peek().is_some() {
                    queued.clone()
                } else {
                    queued.take()
                };
                device.queue.lock().extend(copy);
            }
            // Every device has it, the first (the sockets' device) included.
            if let Some(message) = message {
                self.push_message(out, full_id, &message);
            }
        }
        self.index.queued.add(reached);
        Ok(())
    }

    /// Drops the remote acks no deletion can trigger or no device receive any more: their
    /// sending device is gone, or no queue holds their message. Called when devices, users or
    /// domains go (a scan of every queue).
    pub(crate) fn prune_remote_acks(&mut self) {
        if self.state.remote_acks.get_mut().is_empty() {
            return;
        }
        let mut queued = std::collections::HashSet::new();
        for domain in self.state.domains.values_mut() {
            for user in domain.users.values_mut() {
                let queues = user
                    .devices
                    .values_mut()
                    .flat_map(|d| d.queue.get_mut().iter());
                queued.extend(
                    user.held
                        .get_mut()
                        .iter()
                        .chain(queues)
                        .filter_map(|q| q.send),
                );
            }
        }
        let devices = &self.index.device_owner;
        self.state
            .remote_acks
            .get_mut()
            .retain(|send, ack| queued.contains(send) && devices.contains_key(&ack.device));
    }

    /// Queues a message on one device, if it still exists.
    fn push_to_device(&self, out: &Effects, device_id: &str, queued: Queued) {
        let Some(owner) = self.index.device_owner.get(device_id) else {
            return;
        };
        if let Ok(device) = self.device(owner, &DeviceId::new(device_id)) {
            self.note_queued_on(out, owner, device_id, &queued);
            self.push_queued(out, owner, device_id, &queued);
            device.queue.lock().push(queued);
            self.index.queued.add(1);
        }
    }

    /// A device's pending messages, for inspection; `None` if there is no such device.
    pub fn device_queue(&self, device_id: &DeviceId) -> Option<Vec<IncomingMessage>> {
        let owner = self.index.device_owner.get(device_id.as_str())?;
        let device = self.device(owner, device_id).ok()?;
        Some(
            device
                .queue
                .lock()
                .iter()
                .map(|q| q.message.to_incoming())
                .collect(),
        )
    }
}
