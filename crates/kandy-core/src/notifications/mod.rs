//! The data channel: real-time notifications and session data over a socket (#45).
//!
//! A user's client fetches the data-channel configuration (#45,
//! `{data_server_host, data_server_port, is_secure}`), opens a WebSocket to it and is told
//! when messages arrive instead of polling. [`DataChannel::connect`] opens it and returns a
//! [`NotificationStream`]: a `Stream` of [`Notification`]s and a [`SessionSender`] for
//! session data. `kandy_http::data_channel` implements [`DataChannel`] over the WebSocket;
//! the simulator implements it in-process.
//!
//! # The protocol
//!
//! kandy.js 2.2.1 is the one recorded caller; these are the frames it sends and reads, and
//! the choices this SDK makes where it is silent (marked *choice*).
//!
//! **The socket**: `ws://HOST[:PORT]/?client_sw_type=js&client_sw_version=VERSION&user_access_token=UAT`
//! (`wss` when `is_secure`), where `HOST` is `data_server_host` without a leading `http://`,
//! `https://` or `www.` and anything from the first `/`, `:PORT` is omitted when the port is
//! absent or 0, and the token is percent-encoded as `encodeURIComponent` does. Every frame is
//! a JSON text frame with a `message_type`.
//!
//! **Client to server** ([`ClientFrame`]):
//! - `{"message_type":"ping"}`, on open and every 30 s;
//! - `{"message_type":"sessionData","session_id":"…","destination":"bob@d","payload":…,"id":"…"}`
//!   (`destination` absent to reach every participant; with an `id` the server answers).
//!
//! **Server to client** ([`ServerFrame`]):
//! - `{"message_type":"notification","message":{…}}` where `message` is the delivered message
//!   as a poll returns it (`messageType` `chat`, `groupChat`, `chatRemoteAck`) or a group
//!   event (`messageType` `chatGroupInvite`, `chatGroupBoot`, `chatGroupLeave`,
//!   `chatGroupUpdate`, `chatGroupDelete`; see [`GroupEvent`] for its fields);
//! - `{"message_type":"notification","message":{"message_type":"gofetch"}}`: messages are
//!   pending (kandy.js also reads `kandyType: "gofetch"`; a bare `{"message_type":"gofetch"}`
//!   is tolerated);
//! - `{"message_type":"sessionData","session_id","source","destination"?,"payload"}`: session
//!   data relayed to a participant ([`SessionData`]; `source` is a *choice*);
//! - `{"message_type":"sessionNotification","payload":{"message_type":"sessionUserJoinRequest","session_id","full_user_id"}}`
//!   and the other [`SessionEvent`]s (their fields beyond `session_id` and the join request's
//!   `full_user_id` are a *choice*);
//! - `{"message_type":"response","id","status","message"}` for every client frame that carried
//!   an `id`: `status` 0 is success, anything else a Kandy status.
//!
//! Decoding is tolerant: an unknown `message_type`, a known one with fields that do not
//! decode, or text that is not JSON is [`Event::Unknown`] with the frame kept; unknown fields
//! are ignored (a [`GroupEvent`] keeps them in `extra`). Encoding is exact: the wire tests pin
//! every frame's JSON, key order included.
//!
//! **Refusals** (*choice*): the server refuses an unknown, revoked or expired token with
//! HTTP 401 (403 for a permission refusal) on the upgrade, with the Kandy envelope as the
//! body; and it closes an open socket whose token expires, or whose user, device or domain
//! is deleted, with close code `4000 + status` (see [`close`]: 4010 expired, 4055 unknown or
//! revoked) and the status's message as the reason. A client ends its stream on either
//! ([`EndReason::TokenRefused`]) and does not reconnect; every other close or failure is a
//! loss it reconnects after.

mod channel;
mod connection;
mod events;
mod frames;
#[cfg(test)]
mod tests;

#[cfg(feature = "mock")]
pub use channel::MockDataChannel;
pub use channel::{DataChannel, NotificationStream, SendSessionData, SessionSender};
pub use connection::{ConnectionState, DisconnectReason, EndReason, Notification, Refusal, close};
pub use events::{
    Event, GroupEvent, GroupEventKind, OutgoingSessionData, SessionData, SessionEvent,
};
pub use frames::{ClientFrame, FrameResponse, ServerFrame};
