//! A queued message as the model stores it: compact, shared by every queue one send reaches,
//! and turned into the public [`IncomingMessage`] only when a poll, a push or an inspection
//! asks for it.
//!
//! Where a 1:1 text message's bytes went before: the content as a `serde_json::Map` (a B-tree
//! node of about 630 bytes for two keys, plus four strings), the sender as three strings, the
//! destination and the UUID as two more. Now the content is its compact JSON text (one
//! allocation), the sender and destination are shared per user, and a UUID in one of the usual
//! forms is 16 bytes. Its snapshot text is the public shape, byte for byte as before.

use kandy_core::notifications::GroupEvent;
use kandy_core::{
    ContentType, GroupId, IncomingMessage, MessageContent, MessageType, MessageUuid, Sender,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::sync::Arc;

/// A message UUID, kept in the form its sender wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StoredUuid {
    /// 32 hex digits in one of the usual forms.
    Packed { bytes: [u8; 16], form: UuidForm },
    /// Any other form (mixed case, dashes elsewhere, or not a UUID at all in a restored
    /// snapshot), as written.
    Text(Box<str>),
}

/// The usual written forms of a UUID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UuidForm {
    /// `0123456789abcdef0123456789abcdef`.
    Lower,
    /// `0123456789ABCDEF0123456789ABCDEF`.
    Upper,
    /// `01234567-89ab-cdef-0123-456789abcdef`.
    LowerDashed,
    /// `01234567-89AB-CDEF-0123-456789ABCDEF`.
    UpperDashed,
}

/// Where the canonical form puts its dashes (before these digit positions).
const DASHES: [usize; 4] = [8, 12, 16, 20];

/// The 16 bytes of a UUID's 32 hex digits, dashes anywhere ignored; `None` if it has another
/// character or another number of digits.
pub(crate) fn uuid_key(text: &str) -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    let mut digits = 0usize;
    for b in text.bytes() {
        if b == b'-' {
            continue;
        }
        let nibble = char::from(b).to_digit(16)? as u8;
        if digits >= 32 {
            return None;
        }
        bytes[digits / 2] |= if digits.is_multiple_of(2) {
            nibble << 4
        } else {
            nibble
        };
        digits += 1;
    }
    (digits == 32).then_some(bytes)
}

impl StoredUuid {
    /// The stored form of `uuid`.
    pub(crate) fn new(uuid: &str) -> Self {
        let form = if uuid.len() == 32 {
            Self::case(uuid, false)
        } else if uuid.len() == 36
            && DASHES
                .iter()
                .enumerate()
                .all(|(k, at)| uuid.as_bytes()[at + k] == b'-')
        {
            Self::case(uuid, true)
        } else {
            None
        };
        match (form, uuid_key(uuid)) {
            (Some(form), Some(bytes)) => Self::Packed { bytes, form },
            _ => Self::Text(uuid.into()),
        }
    }

    /// The form of a UUID of one case, if it is one.
    fn case(uuid: &str, dashed: bool) -> Option<UuidForm> {
        let upper = uuid.bytes().any(|b| b.is_ascii_uppercase());
        let lower = uuid.bytes().any(|b| b.is_ascii_lowercase());
        match (upper, lower, dashed) {
            (true, true, _) => None,
            (true, false, false) => Some(UuidForm::Upper),
            (true, false, true) => Some(UuidForm::UpperDashed),
            (false, _, false) => Some(UuidForm::Lower),
            (false, _, true) => Some(UuidForm::LowerDashed),
        }
    }

    /// The UUID as its sender wrote it.
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Text(text) => text.to_string(),
            Self::Packed { bytes, form } => {
                let (upper, dashed) = match form {
                    UuidForm::Lower => (false, false),
                    UuidForm::Upper => (true, false),
                    UuidForm::LowerDashed => (false, true),
                    UuidForm::UpperDashed => (true, true),
                };
                let digits: &[u8; 16] = if upper {
                    b"0123456789ABCDEF"
                } else {
                    b"0123456789abcdef"
                };
                let mut text = String::with_capacity(36);
                for (i, byte) in bytes.iter().enumerate() {
                    if dashed && DASHES.contains(&(i * 2)) {
                        text.push('-');
                    }
                    text.push(char::from(digits[usize::from(byte >> 4)]));
                    text.push(char::from(digits[usize::from(byte & 15)]));
                }
                text
            }
        }
    }

    /// The public UUID.
    pub(crate) fn to_uuid(&self) -> MessageUuid {
        MessageUuid::new(self.text())
    }

    /// The 16 bytes compared when messages are deleted (case and dashes ignored); `None` for
    /// a text that is not 32 hex digits.
    pub(crate) fn key(&self) -> Option<[u8; 16]> {
        match self {
            Self::Packed { bytes, .. } => Some(*bytes),
            Self::Text(text) => uuid_key(text),
        }
    }

    /// Whether this names the message of `uuid` (case and dashes ignored).
    pub(crate) fn same_as(&self, uuid: &MessageUuid) -> bool {
        match self {
            Self::Text(text) => MessageUuid::new(text.to_string()).same_as(uuid),
            Self::Packed { bytes, .. } => uuid_key(uuid.as_str()) == Some(*bytes),
        }
    }
}

impl Serialize for StoredUuid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Packed { .. } => serializer.serialize_str(&self.text()),
        }
    }
}

impl<'de> Deserialize<'de> for StoredUuid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::new(&text))
    }
}

/// A message's content: its compact JSON text, or (when a number in it would not read back
/// to the same value from that text) the tree as sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StoredContent {
    /// The JSON text of the object (the usual case: one allocation).
    Text(Box<str>),
    /// The object itself.
    Tree(Box<MessageContent>),
}

impl StoredContent {
    /// The stored form of `content`.
    pub(crate) fn new(content: &MessageContent) -> Self {
        let text = serde_json::to_string(content).unwrap_or_default();
        let exact = !has_float(content.values())
            || serde_json::from_str::<MessageContent>(&text).is_ok_and(|back| back == *content);
        if exact {
            Self::Text(text.into_boxed_str())
        } else {
            Self::Tree(Box::new(content.clone()))
        }
    }

    /// The object, as sent.
    pub(crate) fn to_content(&self) -> MessageContent {
        match self {
            // The text was written from an object whose numbers read back the same.
            Self::Text(text) => serde_json::from_str(text).unwrap_or_default(),
            Self::Tree(tree) => MessageContent::clone(tree),
        }
    }

    /// The JSON text's length in bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Text(text) => text.len(),
            Self::Tree(tree) => serde_json::to_string(tree).map_or(0, |t| t.len()),
        }
    }
}

/// Whether any of `values` holds a floating-point number (whose text may not read back to
/// the same bits).
fn has_float<'a>(values: impl Iterator<Item = &'a Value>) -> bool {
    let mut stack: Vec<&Value> = values.collect();
    while let Some(value) = stack.pop() {
        match value {
            Value::Number(n) if n.is_f64() => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

impl Serialize for StoredContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Read back and written through the serializer, so an indented document indents
            // it as it did the object.
            Self::Text(_) => self.to_content().serialize(serializer),
            Self::Tree(tree) => tree.serialize(serializer),
        }
    }
}

/// A queued message, shared by every queue one send (or one group event) reaches.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StoredMessage {
    pub message_type: MessageType,
    /// Shared by every message of one sender.
    pub sender: Option<Arc<Sender>>,
    pub uuid: StoredUuid,
    pub timestamp: u64,
    pub content_type: Option<ContentType>,
    /// Shared by every message to one user.
    pub destination: Option<Arc<str>>,
    pub group_id: Option<GroupId>,
    pub content: Option<StoredContent>,
    /// The whole event, for a group event's push.
    pub event: Option<Box<GroupEvent>>,
}

impl StoredMessage {
    /// A message of `message_type` with its UUID and timestamp and no other field.
    pub(crate) fn new(message_type: MessageType, uuid: &MessageUuid, timestamp: u64) -> Self {
        Self {
            message_type,
            sender: None,
            uuid: StoredUuid::new(uuid.as_str()),
            timestamp,
            content_type: None,
            destination: None,
            group_id: None,
            content: None,
            event: None,
        }
    }

    /// The stored form of a public message (a snapshot's), with its own copies of the sender
    /// and destination.
    pub(crate) fn from_incoming(message: IncomingMessage, event: Option<GroupEvent>) -> Self {
        Self {
            message_type: message.message_type,
            sender: message.sender.map(Arc::new),
            uuid: StoredUuid::new(message.uuid.as_str()),
            timestamp: message.timestamp,
            content_type: message.content_type,
            destination: message.destination.map(Arc::from),
            group_id: message.group_id,
            content: message.message.as_ref().map(StoredContent::new),
            event: event.map(Box::new),
        }
    }

    /// The message as a poll answers it.
    pub(crate) fn to_incoming(&self) -> IncomingMessage {
        let mut message = IncomingMessage::new(
            self.message_type.clone(),
            self.uuid.to_uuid(),
            self.timestamp,
        );
        message.sender = self.sender.as_deref().cloned();
        message.content_type = self.content_type.clone();
        message.destination = self.destination.as_deref().map(str::to_owned);
        message.group_id = self.group_id.clone();
        message.message = self.content.as_ref().map(StoredContent::to_content);
        message
    }
}

/// The public shape, borrowed: the field names, order and omissions of [`IncomingMessage`]'s
/// own serialization (a test holds them equal).
#[derive(Serialize)]
struct Wire<'a> {
    #[serde(rename = "messageType")]
    message_type: &'a MessageType,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender: Option<&'a Sender>,
    #[serde(rename = "UUID")]
    uuid: &'a StoredUuid,
    #[serde(with = "kandy_core::wire::digits")]
    timestamp: u64,
    #[serde(rename = "contentType", skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a ContentType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_id: Option<&'a GroupId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a StoredContent>,
}

impl Serialize for StoredMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            message_type: &self.message_type,
            sender: self.sender.as_deref(),
            uuid: &self.uuid,
            timestamp: self.timestamp,
            content_type: self.content_type.as_ref(),
            destination: self.destination.as_deref(),
            group_id: self.group_id.as_ref(),
            message: self.content.as_ref(),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_keep_the_form_they_were_written_in() {
        for text in [
            "0123456789abcdef0123456789abcdef",
            "0123456789ABCDEF0123456789ABCDEF",
            "01234567-89ab-cdef-0123-456789abcdef",
            "01234567-89AB-CDEF-0123-456789ABCDEF",
            "0123456789AbCdef0123456789abcdef",
            "0123-456789abcdef0123456789abcdef",
            "not a uuid",
            "",
        ] {
            let stored = StoredUuid::new(text);
            assert_eq!(stored.text(), text);
            assert_eq!(serde_json::to_string(&stored).unwrap(), format!("{text:?}"));
        }
        assert!(matches!(
            StoredUuid::new("01234567-89AB-CDEF-0123-456789ABCDEF"),
            StoredUuid::Packed { .. }
        ));
        assert!(matches!(
            StoredUuid::new("0123456789AbCdef0123456789abcdef"),
            StoredUuid::Text(_)
        ));
    }

    #[test]
    fn uuids_compare_without_case_or_dashes() {
        let stored = StoredUuid::new("01234567-89ab-cdef-0123-456789abcdef");
        assert!(stored.same_as(&MessageUuid::new("0123456789ABCDEF0123456789ABCDEF")));
        assert!(!stored.same_as(&MessageUuid::new("0123456789ABCDEF0123456789ABCDEE")));
        assert_eq!(
            StoredUuid::new("0123-456789abcDEF0123456789abcdef").key(),
            stored.key()
        );
        assert_eq!(StoredUuid::new("not a uuid").key(), None);
        assert_eq!(uuid_key("0123456789abcdef0123456789abcdef0"), None);
    }

    fn sample(content: Value) -> IncomingMessage {
        let mut message = IncomingMessage::new(
            MessageType::Chat,
            MessageUuid::new("01234567-89AB-CDEF-0123-456789ABCDEF"),
            1_420_070_400_000,
        );
        message.sender = Some(Sender::new("alice", "example.kandy.io"));
        message.content_type = Some(ContentType::Location);
        message.destination = Some("bob@example.kandy.io".into());
        message.group_id = Some(GroupId::new("g1"));
        message.message = content.as_object().cloned();
        message
    }

    #[test]
    fn a_stored_message_writes_and_reads_as_the_public_one() {
        let contents = [
            serde_json::json!({"mimeType": "text/plain", "text": "hé \"quoted\" \u{1F600}"}),
            serde_json::json!({"mimeType": "location/utm", "location_latitude": 0.1 + 0.2,
                               "location_longitude": -122.419_415_999_999_99, "n": [1, -2, 1e300]}),
            serde_json::json!({"nested": {"b": [true, null, {"z": "y"}], "a": u64::MAX}}),
        ];
        for content in contents {
            let public = sample(content);
            let stored = StoredMessage::from_incoming(public.clone(), None);
            assert_eq!(stored.to_incoming(), public);
            assert_eq!(
                serde_json::to_string(&stored).unwrap(),
                serde_json::to_string(&public).unwrap()
            );
            assert_eq!(
                serde_json::to_string_pretty(&stored).unwrap(),
                serde_json::to_string_pretty(&public).unwrap()
            );
        }
        let bare = IncomingMessage::new(
            MessageType::ChatRemoteAck,
            MessageUuid::new("0123456789abcdef0123456789abcdef"),
            7,
        );
        let stored = StoredMessage::from_incoming(bare.clone(), None);
        assert_eq!(
            serde_json::to_string(&stored).unwrap(),
            serde_json::to_string(&bare).unwrap()
        );
    }

    #[test]
    fn text_content_is_one_compact_text() {
        let content = serde_json::json!({"mimeType": "text/plain", "text": "hello"});
        let stored = StoredContent::new(content.as_object().unwrap());
        assert!(
            matches!(&stored, StoredContent::Text(t) if &**t == r#"{"mimeType":"text/plain","text":"hello"}"#)
        );
        assert_eq!(stored.len(), 40);
    }
}
