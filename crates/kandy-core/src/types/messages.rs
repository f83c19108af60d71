//! Instant messages, their delivery queue and SMS (endpoints #62, #76–#79).

use crate::ids::{GroupId, MessageUuid};
use crate::wire::{WireText, wire_text_serde};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The inner `message` object of an IM, kept as given (`{"mimeType":..., "text":...}`).
pub type MessageContent = serde_json::Map<String, serde_json::Value>;

/// An IM's `contentType`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContentType {
    /// `text`: `{mimeType: "text/plain", text}` (or a JSON payload).
    Text,
    /// `image`, after an upload.
    Image,
    /// `audio`, after an upload.
    Audio,
    /// `video`, after an upload.
    Video,
    /// `file`, after an upload.
    File,
    /// `contact` (a vCard), after an upload.
    Contact,
    /// `location`: `{mimeType: "location/utm", location_latitude, location_longitude}`.
    Location,
    /// Any other value; the simulator refuses it with status 710.
    Unknown(String),
}

impl ContentType {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::File => "file",
            Self::Contact => "contact",
            Self::Location => "location",
            Self::Unknown(other) => other,
        }
    }

    /// Whether this is one of the content types the API knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl WireText for ContentType {
    const EXPECTING: &'static str = "a content type";

    fn known(text: &str) -> Option<Self> {
        Some(match text {
            "text" => Self::Text,
            "image" => Self::Image,
            "audio" => Self::Audio,
            "video" => Self::Video,
            "file" => Self::File,
            "contact" => Self::Contact,
            "location" => Self::Location,
            _ => return None,
        })
    }

    fn other(text: String) -> Self {
        Self::Unknown(text)
    }

    fn as_wire(&self) -> &str {
        self.as_str()
    }
}

wire_text_serde!(ContentType);

impl fmt::Display for ContentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn text_content(text: String) -> MessageContent {
    let mut content = MessageContent::new();
    content.insert("mimeType".into(), "text/plain".into());
    content.insert("text".into(), text.into());
    content
}

/// A 1:1 IM, the inner object of `send_message`'s body (#77):
/// `{"message": {"contentType", "destination", "UUID", "message": {...}}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutgoingMessage {
    /// `contentType` (`content_type` is accepted too).
    #[serde(rename = "contentType", alias = "content_type")]
    pub content_type: ContentType,
    /// The recipient's `full_user_id`.
    pub destination: String,
    /// The message UUID, chosen by the sender.
    #[serde(rename = "UUID")]
    pub uuid: MessageUuid,
    /// The content, kept as given.
    pub message: MessageContent,
}

impl OutgoingMessage {
    /// A plain text message to `destination` with a fresh random UUID.
    pub fn text(destination: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            content_type: ContentType::Text,
            destination: destination.into(),
            uuid: MessageUuid::random(),
            message: text_content(text.into()),
        }
    }

    /// A message of any content type with a fresh random UUID.
    pub fn new(
        destination: impl Into<String>,
        content_type: ContentType,
        message: MessageContent,
    ) -> Self {
        Self {
            content_type,
            destination: destination.into(),
            uuid: MessageUuid::random(),
            message,
        }
    }

    /// Replaces the UUID (for deterministic tests).
    pub fn with_uuid(mut self, uuid: MessageUuid) -> Self {
        self.uuid = uuid;
        self
    }
}

/// A group IM, the inner object of `send_group_message`'s body (#62):
/// `{"message": {"contentType", "group_id", "UUID", "message": {...}}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutgoingGroupMessage {
    /// `contentType` (`content_type` is accepted too).
    #[serde(rename = "contentType", alias = "content_type")]
    pub content_type: ContentType,
    /// The group.
    pub group_id: GroupId,
    /// The message UUID, chosen by the sender.
    #[serde(rename = "UUID")]
    pub uuid: MessageUuid,
    /// The content, kept as given.
    pub message: MessageContent,
}

impl OutgoingGroupMessage {
    /// A plain text message to a group with a fresh random UUID.
    pub fn text(group_id: impl Into<GroupId>, text: impl Into<String>) -> Self {
        Self {
            content_type: ContentType::Text,
            group_id: group_id.into(),
            uuid: MessageUuid::random(),
            message: text_content(text.into()),
        }
    }

    /// Replaces the UUID (for deterministic tests).
    pub fn with_uuid(mut self, uuid: MessageUuid) -> Self {
        self.uuid = uuid;
        self
    }
}

/// Who sent a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sender {
    /// The sender's user id.
    pub user_id: String,
    /// The sender's domain.
    pub domain_name: String,
    /// `user_id@domain_name`.
    pub full_user_id: String,
}

impl Sender {
    /// The sender `user_id@domain_name`.
    pub fn new(user_id: impl Into<String>, domain_name: impl Into<String>) -> Self {
        let (user_id, domain_name) = (user_id.into(), domain_name.into());
        let full_user_id = format!("{user_id}@{domain_name}");
        Self {
            user_id,
            domain_name,
            full_user_id,
        }
    }
}

/// A pending message's `messageType`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// A 1:1 IM.
    Chat,
    /// A group IM.
    GroupChat,
    /// The recipient's device acknowledged a message this device sent.
    ChatRemoteAck,
    /// Any other type.
    Other(String),
}

impl MessageType {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Chat => "chat",
            Self::GroupChat => "groupChat",
            Self::ChatRemoteAck => "chatRemoteAck",
            Self::Other(other) => other,
        }
    }
}

impl WireText for MessageType {
    const EXPECTING: &'static str = "a message type";

    fn known(text: &str) -> Option<Self> {
        Some(match text {
            "chat" => Self::Chat,
            "groupChat" => Self::GroupChat,
            "chatRemoteAck" => Self::ChatRemoteAck,
            _ => return None,
        })
    }

    fn other(text: String) -> Self {
        Self::Other(text)
    }

    fn as_wire(&self) -> &str {
        self.as_str()
    }
}

wire_text_serde!(MessageType);

/// A message waiting on a device (#76).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IncomingMessage {
    /// `chat`, `groupChat` or `chatRemoteAck`.
    #[serde(rename = "messageType")]
    pub message_type: MessageType,
    /// The sender (absent on acks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Sender>,
    /// The message UUID, in the form the sender chose.
    #[serde(rename = "UUID")]
    pub uuid: MessageUuid,
    /// When the server accepted it (ms since the epoch; a string of digits on the wire).
    #[serde(with = "crate::wire::digits")]
    pub timestamp: u64,
    /// The content type (absent on acks).
    #[serde(
        rename = "contentType",
        alias = "content_type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_type: Option<ContentType>,
    /// The recipient, where the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The group, on group messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<GroupId>,
    /// The content, kept as sent (absent on acks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<MessageContent>,
}

impl IncomingMessage {
    /// A message of `message_type` with its UUID and server timestamp (ms) and no other
    /// field: set the public fields for the rest (a simulator or a test double building what
    /// a poll answers).
    pub fn new(message_type: MessageType, uuid: MessageUuid, timestamp: u64) -> Self {
        Self {
            message_type,
            sender: None,
            uuid,
            timestamp,
            content_type: None,
            destination: None,
            group_id: None,
            message: None,
        }
    }

    /// A 1:1 text message from `sender`, as a poll answers it: type `chat`, content type
    /// `text`, content `{"mimeType": "text/plain", "text": ...}`, a fresh random UUID and
    /// timestamp 0 (set them with [`with_uuid`](Self::with_uuid) and
    /// [`with_timestamp`](Self::with_timestamp) where a test compares them).
    pub fn chat(sender: Sender, text: impl Into<String>) -> Self {
        Self::new(MessageType::Chat, MessageUuid::random(), 0)
            .with_sender(sender)
            .with_content(ContentType::Text, text_content(text.into()))
    }

    /// A text message from `sender` to the group `group_id`: as [`chat`](Self::chat), with
    /// type `groupChat` and the `group_id` set.
    pub fn group_chat(
        sender: Sender,
        group_id: impl Into<GroupId>,
        text: impl Into<String>,
    ) -> Self {
        let mut message = Self::chat(sender, text).with_group_id(group_id);
        message.message_type = MessageType::GroupChat;
        message
    }

    /// The remote ack of the message `uuid` this device sent (type `chatRemoteAck`, no
    /// sender and no content), at timestamp 0.
    pub fn chat_remote_ack(uuid: MessageUuid) -> Self {
        Self::new(MessageType::ChatRemoteAck, uuid, 0)
    }

    /// Sets the sender.
    pub fn with_sender(mut self, sender: Sender) -> Self {
        self.sender = Some(sender);
        self
    }

    /// Sets the content type and the content.
    pub fn with_content(mut self, content_type: ContentType, message: MessageContent) -> Self {
        self.content_type = Some(content_type);
        self.message = Some(message);
        self
    }

    /// Sets the recipient.
    pub fn with_destination(mut self, destination: impl Into<String>) -> Self {
        self.destination = Some(destination.into());
        self
    }

    /// Sets the group.
    pub fn with_group_id(mut self, group_id: impl Into<GroupId>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    /// Replaces the UUID.
    pub fn with_uuid(mut self, uuid: MessageUuid) -> Self {
        self.uuid = uuid;
        self
    }

    /// Sets when the server accepted the message (ms since the epoch).
    pub fn with_timestamp(mut self, timestamp: u64) -> Self {
        self.timestamp = timestamp;
        self
    }

    /// The `text` of a text message.
    pub fn text(&self) -> Option<&str> {
        self.message.as_ref()?.get("text")?.as_str()
    }
}

/// The result of `get_pending_messages` (#76). `Default` is an empty poll with no server clock.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingMessages {
    /// The queued messages, oldest first.
    pub messages: Vec<IncomingMessage>,
    /// The server's clock (ms), where it says.
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_timestamp: Option<u64>,
}

impl PendingMessages {
    /// A poll's answer: the queued messages, oldest first, and the server's clock if known.
    pub fn new(messages: Vec<IncomingMessage>, server_timestamp: Option<u64>) -> Self {
        Self {
            messages,
            server_timestamp,
        }
    }
}

/// An SMS, the inner object of `send_sms`'s body (#79).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutgoingSms {
    /// The sender number or id; optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The recipient's number in international form, e.g. `+14155550100`.
    pub destination: String,
    /// `{"text": ...}`.
    pub message: SmsText,
}

/// The `message` of an SMS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsText {
    /// The text.
    pub text: String,
}

impl OutgoingSms {
    /// An SMS to `destination` with no `source`.
    pub fn new(destination: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            source: None,
            destination: destination.into(),
            message: SmsText { text: text.into() },
        }
    }

    /// Sets the `source`.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incoming_message_decodes_the_documented_sample() {
        let m: IncomingMessage = serde_json::from_str(
            r#"{"messageType":"chat","sender":{"user_id":"972542205066","domain_name":"domain.com","full_user_id":"972542205066@domain.com"},
                "UUID":"bcd2fa752c3c4fdf97d08b0a48f622f0","timestamp":"1400510413","contentType":"text",
                "message":{"mimeType":"text/plain","text":"let's meet tonight"}}"#,
        )
        .unwrap();
        assert_eq!(m.message_type, MessageType::Chat);
        assert_eq!(m.timestamp, 1_400_510_413);
        assert_eq!(m.text(), Some("let's meet tonight"));
        let ack: IncomingMessage = serde_json::from_str(
            r#"{"messageType":"chatRemoteAck","timestamp":1449034496562,"UUID":"x"}"#,
        )
        .unwrap();
        assert_eq!(ack.message_type, MessageType::ChatRemoteAck);
        assert_eq!(
            serde_json::to_value(&ack).unwrap()["timestamp"],
            "1449034496562"
        );
    }

    #[test]
    fn outgoing_message_accepts_both_content_type_spellings_and_emits_camel_case() {
        let m: OutgoingMessage = serde_json::from_str(
            r#"{"content_type":"text","destination":"a@b","UUID":"u","message":{"text":"hi"}}"#,
        )
        .unwrap();
        assert_eq!(m.content_type, ContentType::Text);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["contentType"], "text");
        assert!(json.get("content_type").is_none());
        let odd: ContentType = serde_json::from_str("\"sticker\"").unwrap();
        assert!(!odd.is_known());
    }

    #[test]
    fn string_enums_round_trip_known_and_unknown_values() {
        for (json, kind) in [
            ("\"groupChat\"", MessageType::GroupChat),
            ("\"typing\"", MessageType::Other("typing".into())),
            // An escaped spelling reaches the owned-string path of the visitor.
            ("\"ch\\u0061t\"", MessageType::Chat),
        ] {
            let read: MessageType = serde_json::from_str(json).unwrap();
            assert_eq!(read, kind);
            let value = serde_json::to_value(&read).unwrap();
            assert_eq!(value.as_str(), Some(kind.as_str()));
            assert_eq!(serde_json::from_value::<MessageType>(value).unwrap(), kind);
        }
        for (text, kind) in [
            ("location", ContentType::Location),
            ("sticker", ContentType::Unknown("sticker".into())),
        ] {
            assert_eq!(ContentType::from(text.to_owned()), kind);
            assert_eq!(String::from(kind.clone()), text);
            let read: ContentType = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(read, kind);
        }
        let e = serde_json::from_str::<ContentType>("7").unwrap_err();
        assert!(e.to_string().contains("a content type"), "{e}");
    }
}
