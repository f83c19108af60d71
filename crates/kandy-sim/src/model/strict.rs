//! The kandy-core records a snapshot holds, read strictly: personal contacts
//! ([`NewPersonalContact`]) and the group events of queued messages ([`GroupEvent`]).
//!
//! On the wire these types take what a server sends (aliases, and for events every unknown
//! field kept in `extra`), so that an older or newer server's answers still decode. A snapshot
//! is the simulator's own document: there, an unknown field is a mistake and is refused (its
//! name in the error), as everywhere else in the snapshot. Each record is written with the
//! type's own `Serialize` (the document is unchanged) and read through a private mirror with
//! `deny_unknown_fields` and the names the type writes.

use super::state::Map;
use kandy_core::notifications::{GroupEvent, GroupEventKind};
use kandy_core::{
    ContentType, GroupId, IncomingMessage, MessageContent, MessageType, MessageUuid,
    NewPersonalContact, Sender,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A personal contact as a snapshot holds it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Contact {
    contact_user_name: String,
    contact_nickname: String,
    #[serde(default)]
    contact_first_name: Option<String>,
    #[serde(default)]
    contact_last_name: Option<String>,
    #[serde(default)]
    contact_home_phone: Option<String>,
    #[serde(default)]
    contact_mobile_number: Option<String>,
    #[serde(default)]
    contact_business_number: Option<String>,
    #[serde(default)]
    contact_fax: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
}

impl From<Contact> for NewPersonalContact {
    fn from(c: Contact) -> Self {
        let mut contact = NewPersonalContact::default();
        contact.contact_user_name = c.contact_user_name;
        contact.contact_nickname = c.contact_nickname;
        contact.contact_first_name = c.contact_first_name;
        contact.contact_last_name = c.contact_last_name;
        contact.contact_home_phone = c.contact_home_phone;
        contact.contact_mobile_number = c.contact_mobile_number;
        contact.contact_business_number = c.contact_business_number;
        contact.contact_fax = c.contact_fax;
        contact.contact_email = c.contact_email;
        contact
    }
}

/// `#[serde(with)]` for a user's contacts: written as they are, read strictly.
pub(crate) mod contacts {
    use super::*;

    /// Writes the contacts with [`NewPersonalContact`]'s own `Serialize`.
    pub(crate) fn serialize<S: Serializer>(
        contacts: &Map<String, NewPersonalContact>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        contacts.serialize(serializer)
    }

    /// Reads the contacts, refusing an unknown field in any.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Map<String, NewPersonalContact>, D::Error> {
        let strict = Map::<String, Contact>::deserialize(deserializer)?;
        Ok(strict.into_iter().map(|(id, c)| (id, c.into())).collect())
    }
}

/// A member who acted, as a snapshot holds it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Actor {
    user_id: String,
    domain_name: String,
    full_user_id: String,
}

impl From<Actor> for Sender {
    fn from(actor: Actor) -> Self {
        let mut sender = Sender::new(actor.user_id, actor.domain_name);
        sender.full_user_id = actor.full_user_id;
        sender
    }
}

/// A group event as a snapshot holds it (no `extra`: the model sets none).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    #[serde(rename = "messageType")]
    kind: GroupEventKind,
    #[serde(rename = "UUID")]
    uuid: MessageUuid,
    #[serde(with = "kandy_core::wire::digits")]
    timestamp: u64,
    group_id: GroupId,
    #[serde(default)]
    sender: Option<Actor>,
    #[serde(default)]
    group_name: Option<String>,
    #[serde(default)]
    group_image: Option<String>,
    #[serde(default)]
    invitees: Vec<String>,
    #[serde(default)]
    booted: Vec<String>,
    #[serde(default)]
    leaver: Option<String>,
}

impl From<Event> for GroupEvent {
    fn from(e: Event) -> Self {
        let mut event = GroupEvent::new(e.kind, e.uuid, e.timestamp, e.group_id);
        event.sender = e.sender.map(Sender::from);
        event.group_name = e.group_name;
        event.group_image = e.group_image;
        event.invitees = e.invitees;
        event.booted = e.booted;
        event.leaver = e.leaver;
        event
    }
}

/// `#[serde(deserialize_with)]` for a queued message's group event: read strictly (it is
/// written by [`GroupEvent`]'s own `Serialize`).
pub(crate) mod group_event {
    use super::*;

    /// Reads the event, refusing an unknown field.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<GroupEvent>, D::Error> {
        Ok(Option::<Event>::deserialize(deserializer)?.map(GroupEvent::from))
    }
}

/// A queued message's public form as a snapshot holds it: [`IncomingMessage`]'s fields, an
/// unknown one refused (the wire type stays lenient). Its content is the sender's own JSON and
/// is kept as given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Message {
    #[serde(rename = "messageType")]
    message_type: MessageType,
    #[serde(default)]
    sender: Option<Actor>,
    #[serde(rename = "UUID")]
    uuid: MessageUuid,
    #[serde(with = "kandy_core::wire::digits")]
    timestamp: u64,
    #[serde(rename = "contentType", default)]
    content_type: Option<ContentType>,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    group_id: Option<GroupId>,
    #[serde(default)]
    message: Option<MessageContent>,
}

impl From<Message> for IncomingMessage {
    fn from(m: Message) -> Self {
        let mut message = IncomingMessage::new(m.message_type, m.uuid, m.timestamp);
        message.sender = m.sender.map(Sender::from);
        message.content_type = m.content_type;
        message.destination = m.destination;
        message.group_id = m.group_id;
        message.message = m.message;
        message
    }
}
