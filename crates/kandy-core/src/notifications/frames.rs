//! The data channel's frames as JSON: decoding is tolerant (nothing a server sends is an
//! error), encoding is exact (the shapes kandy.js 2.2.1 sends and expects).

use super::events::{Event, GroupEvent, GroupEventKind, OutgoingSessionData, SessionData};
use crate::types::messages::IncomingMessage;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A frame the server sends.
#[derive(Clone, Debug, PartialEq)]
// Events are the common case and move one at a time: boxing them would cost an allocation
// each to shrink the rare connection items.
#[allow(clippy::large_enum_variant)]
#[non_exhaustive]
pub enum ServerFrame {
    /// A push: a message, a group or session event, session data, a wake-up, or a frame this
    /// SDK does not know.
    Event(Event),
    /// The answer to a client frame that carried an `id`.
    Response(FrameResponse),
}

/// `{"message_type":"response","id","status","message"}`: the answer to the client frame
/// with the same `id`. `status` 0 is success; any other value is a Kandy status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrameResponse {
    /// The `id` of the client frame answered.
    pub id: String,
    /// 0 on success, else a Kandy status.
    pub status: i64,
    /// `"success"`, or what went wrong.
    #[serde(default)]
    pub message: String,
}

impl FrameResponse {
    /// The answer `status`/`message` to the frame `id`.
    pub fn new(id: impl Into<String>, status: i64, message: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            status,
            message: message.into(),
        }
    }
}

/// A frame the client sends.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ClientFrame {
    /// `{"message_type":"ping"}`: the keep-alive kandy.js sends on open and every 30 s.
    Ping,
    /// `{"message_type":"sessionData","session_id","destination"?,"payload","id"?}`; with an
    /// `id` the server answers with a [`FrameResponse`].
    SessionData {
        /// The data and where it goes.
        data: OutgoingSessionData,
        /// The id the response will carry.
        id: Option<String>,
    },
    /// A frame of another `message_type`, or one that does not decode, as received (text
    /// that is not JSON is kept as a JSON string).
    Unknown(Value),
}

fn message_type(value: &Value) -> Option<&str> {
    value.get("message_type").and_then(Value::as_str)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

impl ServerFrame {
    /// Decodes a text frame. Never fails: what does not decode is [`Event::Unknown`].
    pub fn decode(text: &str) -> Self {
        Self::from_value(parse(text))
    }

    /// Decodes a frame already parsed as JSON.
    pub fn from_value(value: Value) -> Self {
        let event = match message_type(&value) {
            Some("response") => match FrameResponse::deserialize(&value) {
                Ok(response) => return Self::Response(response),
                Err(_) => None,
            },
            Some("notification") => notification(&value),
            // kandy.js reads the wake-up inside a notification; the bare form is tolerated.
            Some("gofetch") => Some(Event::MessagesAvailable),
            Some("sessionData") => SessionData::deserialize(&value)
                .ok()
                .map(Event::SessionData),
            Some("sessionNotification") => value
                .get("payload")
                .and_then(|payload| super::SessionEvent::deserialize(payload).ok())
                .map(Event::Session),
            _ => None,
        };
        Self::Event(event.unwrap_or(Event::Unknown(value)))
    }

    /// The frame as JSON text, exactly as the server sends it.
    pub fn to_json(&self) -> String {
        // Serializing these types to a string cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The `message` of a `notification`: a message, a group event or the `gofetch` wake-up.
fn notification(frame: &Value) -> Option<Event> {
    let message = frame.get("message")?;
    if let Some(kind) = message.get("messageType").and_then(Value::as_str) {
        return if GroupEventKind::from_wire(kind).is_some() {
            GroupEvent::deserialize(message).ok().map(Event::Group)
        } else {
            IncomingMessage::deserialize(message)
                .ok()
                .map(Event::Message)
        };
    }
    // kandy.js: `message.kandyType || message.message_type`, then `=== 'gofetch'`.
    let kind = message
        .get("kandyType")
        .and_then(Value::as_str)
        .or_else(|| message_type(message));
    (kind == Some("gofetch")).then_some(Event::MessagesAvailable)
}

impl Serialize for ServerFrame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let event = match self {
            Self::Response(response) => {
                let mut map = serializer.serialize_map(Some(4))?;
                map.serialize_entry("message_type", "response")?;
                map.serialize_entry("id", &response.id)?;
                map.serialize_entry("status", &response.status)?;
                map.serialize_entry("message", &response.message)?;
                return map.end();
            }
            Self::Event(event) => event,
        };
        match event {
            Event::Message(message) => notification_frame(serializer, message),
            Event::Group(group) => notification_frame(serializer, group),
            Event::MessagesAvailable => {
                let mut inner = serde_json::Map::new();
                inner.insert("message_type".into(), "gofetch".into());
                notification_frame(serializer, &inner)
            }
            Event::SessionData(data) => {
                #[derive(Serialize)]
                struct Wire<'a> {
                    message_type: &'static str,
                    #[serde(flatten)]
                    data: &'a SessionData,
                }
                Wire {
                    message_type: "sessionData",
                    data,
                }
                .serialize(serializer)
            }
            Event::Session(payload) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("message_type", "sessionNotification")?;
                map.serialize_entry("payload", payload)?;
                map.end()
            }
            Event::Unknown(value) => value.serialize(serializer),
        }
    }
}

fn notification_frame<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    message: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry("message_type", "notification")?;
    map.serialize_entry("message", message)?;
    map.end()
}

impl ClientFrame {
    /// Decodes a text frame (the server's side). Never fails: what does not decode is
    /// [`ClientFrame::Unknown`].
    pub fn decode(text: &str) -> Self {
        let value = parse(text);
        match message_type(&value) {
            Some("ping") => Self::Ping,
            Some("sessionData") => {
                let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
                match OutgoingSessionData::deserialize(&value) {
                    Ok(data) => Self::SessionData { data, id },
                    Err(_) => Self::Unknown(value),
                }
            }
            _ => Self::Unknown(value),
        }
    }

    /// The `id` a response to this frame will carry, if it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Ping => None,
            Self::SessionData { id, .. } => id.as_deref(),
            Self::Unknown(value) => value.get("id").and_then(Value::as_str),
        }
    }

    /// The frame as JSON text, exactly as kandy.js sends it (key order included).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for ClientFrame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Ping => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("message_type", "ping")?;
                map.end()
            }
            Self::SessionData { data, id } => {
                // kandy.js builds {message_type, session_id, destination, payload}, then adds id.
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("message_type", "sessionData")?;
                map.serialize_entry("session_id", &data.session_id)?;
                if let Some(destination) = &data.destination {
                    map.serialize_entry("destination", destination)?;
                }
                map.serialize_entry("payload", &data.payload)?;
                if let Some(id) = id {
                    map.serialize_entry("id", id)?;
                }
                map.end()
            }
            Self::Unknown(value) => value.serialize(serializer),
        }
    }
}
