//! What the server pushes over the data channel: messages, group events, session events and
//! session data, and the session data a client sends.

use crate::ids::{GroupId, MessageUuid};
use crate::types::messages::{IncomingMessage, Sender};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One thing the server pushed (decoded from a frame by
/// [`ServerFrame::decode`](super::ServerFrame::decode)).
///
/// Pushes are a wake-up and a preview: every message and group event also waits in the
/// device's queue (#76) until it is acked (#78), pushed or not.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A delivered message (`notification` with `messageType` `chat`, `groupChat`,
    /// `chatRemoteAck`, or another type that is not a group event), as a poll returns it.
    Message(IncomingMessage),
    /// A group event (`notification` with `messageType` `chatGroupInvite`, `chatGroupBoot`,
    /// `chatGroupLeave`, `chatGroupUpdate` or `chatGroupDelete`).
    Group(GroupEvent),
    /// "Messages are pending" (`notification` whose `message` is `{"message_type":"gofetch"}`,
    /// or `kandyType: "gofetch"`): fetch them with `get_pending_messages`.
    MessagesAvailable,
    /// Session data relayed from a participant (`sessionData`).
    SessionData(SessionData),
    /// A session event (`sessionNotification`).
    Session(SessionEvent),
    /// A frame this SDK does not know (an unknown `message_type`, a known one whose fields do
    /// not decode, or text that is not JSON, kept as a JSON string), as received.
    Unknown(Value),
}

/// A group event's `messageType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupEventKind {
    /// `chatGroupInvite`: members were added (a group created with members counts).
    #[serde(rename = "chatGroupInvite")]
    Invite,
    /// `chatGroupBoot`: members were removed by an admin.
    #[serde(rename = "chatGroupBoot")]
    Boot,
    /// `chatGroupLeave`: a member left.
    #[serde(rename = "chatGroupLeave")]
    Leave,
    /// `chatGroupUpdate`: the name or image changed.
    #[serde(rename = "chatGroupUpdate")]
    Update,
    /// `chatGroupDelete`: the group was deleted.
    #[serde(rename = "chatGroupDelete")]
    Delete,
}

impl GroupEventKind {
    /// The wire value (`"chatGroupInvite"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invite => "chatGroupInvite",
            Self::Boot => "chatGroupBoot",
            Self::Leave => "chatGroupLeave",
            Self::Update => "chatGroupUpdate",
            Self::Delete => "chatGroupDelete",
        }
    }

    /// The kind spelt `message_type`, if it is a group event's.
    pub fn from_wire(message_type: &str) -> Option<Self> {
        Some(match message_type {
            "chatGroupInvite" => Self::Invite,
            "chatGroupBoot" => Self::Boot,
            "chatGroupLeave" => Self::Leave,
            "chatGroupUpdate" => Self::Update,
            "chatGroupDelete" => Self::Delete,
            _ => return None,
        })
    }
}

/// A group event, as pushed in a `notification` and queued like a message (so it carries a
/// `UUID` to ack and a `timestamp`).
///
/// The fields kandy.js's one known consumer reads are `group_id`, `booted` (a list, on a
/// boot) and `leaver` (on a leave); the others are this SDK's choice (the simulator's
/// documentation says what it sends). Fields this type does not name are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupEvent {
    /// Which event.
    #[serde(rename = "messageType")]
    pub kind: GroupEventKind,
    /// The queued event's UUID: ack it with `delete_handled_messages` (#78).
    #[serde(rename = "UUID")]
    pub uuid: MessageUuid,
    /// When it happened (ms since the epoch; a string of digits on the wire).
    #[serde(with = "crate::wire::digits")]
    pub timestamp: u64,
    /// The group.
    pub group_id: GroupId,
    /// The member who acted (the inviter, the admin who booted, the leaver, ...), where said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Sender>,
    /// The group's name, on invites and updates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The group's image, on invites and updates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_image: Option<String>,
    /// The `full_user_id`s added, on an invite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invitees: Vec<String>,
    /// The `full_user_id`s removed, on a boot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub booted: Vec<String>,
    /// The `full_user_id` who left, on a leave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaver: Option<String>,
    /// Every other field, kept as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GroupEvent {
    /// An event of `kind` about `group_id`, with its queue UUID and timestamp (ms) and no
    /// other field: set the public fields or use the `with_*` setters for the rest.
    pub fn new(
        kind: GroupEventKind,
        uuid: MessageUuid,
        timestamp: u64,
        group_id: impl Into<GroupId>,
    ) -> Self {
        Self {
            kind,
            uuid,
            timestamp,
            group_id: group_id.into(),
            sender: None,
            group_name: None,
            group_image: None,
            invitees: Vec::new(),
            booted: Vec::new(),
            leaver: None,
            extra: Map::new(),
        }
    }

    /// Sets the member who acted.
    pub fn with_sender(mut self, sender: Sender) -> Self {
        self.sender = Some(sender);
        self
    }

    /// Sets the group's name.
    pub fn with_group_name(mut self, name: impl Into<String>) -> Self {
        self.group_name = Some(name.into());
        self
    }

    /// Sets the members added (an invite).
    pub fn with_invitees(mut self, invitees: Vec<String>) -> Self {
        self.invitees = invitees;
        self
    }

    /// Sets the members removed (a boot).
    pub fn with_booted(mut self, booted: Vec<String>) -> Self {
        self.booted = booted;
        self
    }

    /// Sets the member who left (a leave).
    pub fn with_leaver(mut self, leaver: impl Into<String>) -> Self {
        self.leaver = Some(leaver.into());
        self
    }
}

/// Session data relayed by the server to a participant (`sessionData`, server to client):
/// `{"message_type":"sessionData","session_id","source","destination","payload"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionData {
    /// The session.
    pub session_id: String,
    /// The sender's `full_user_id` (the simulator's choice of name: kandy.js reads none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The one recipient the sender named, if any (absent when sent to every participant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The data, kept as sent.
    #[serde(default)]
    pub payload: Value,
}

impl SessionData {
    /// Data from `source` in `session_id`, sent to every participant.
    pub fn new(session_id: impl Into<String>, source: impl Into<String>, payload: Value) -> Self {
        Self {
            session_id: session_id.into(),
            source: Some(source.into()),
            destination: None,
            payload,
        }
    }

    /// Sets the one recipient the sender named.
    pub fn with_destination(mut self, destination: impl Into<String>) -> Self {
        self.destination = Some(destination.into());
        self
    }
}

/// Session data a client sends (`sessionData`, client to server): to every participant of
/// `session_id`, or to one `destination`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutgoingSessionData {
    /// The session.
    pub session_id: String,
    /// The one recipient's `full_user_id`; `None` sends to every participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The data, any JSON value.
    #[serde(default)]
    pub payload: Value,
}

impl OutgoingSessionData {
    /// Data for every participant of `session_id`.
    pub fn new(session_id: impl Into<String>, payload: Value) -> Self {
        Self {
            session_id: session_id.into(),
            destination: None,
            payload,
        }
    }

    /// Sends it to one participant only.
    pub fn to(mut self, destination: impl Into<String>) -> Self {
        self.destination = Some(destination.into());
        self
    }
}

/// A session event: the `payload` of a `sessionNotification`, tagged by its own
/// `message_type`. kandy.js dispatches `sessionX` to the listener `onX`; the payload of a
/// join request carries `session_id` and `full_user_id` (what its one known consumer reads);
/// the other fields are this SDK's choice, named after the REST bodies of #72, #74 and #75.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "message_type")]
#[non_exhaustive]
pub enum SessionEvent {
    /// `sessionActive`: the session was started (#64).
    #[serde(rename = "sessionActive")]
    Active {
        /// The session.
        session_id: String,
    },
    /// `sessionInactive`: the session was stopped (#65).
    #[serde(rename = "sessionInactive")]
    Inactive {
        /// The session.
        session_id: String,
    },
    /// `sessionTerminated`: the session was deleted (#66).
    #[serde(rename = "sessionTerminated")]
    Terminated {
        /// The session.
        session_id: String,
    },
    /// `sessionUserJoinRequest`, to the admin: a user asks to join (#71).
    #[serde(rename = "sessionUserJoinRequest")]
    UserJoinRequest {
        /// The session.
        session_id: String,
        /// Who asks.
        full_user_id: String,
    },
    /// `sessionJoinApprove`, to the user who asked: the admin accepted (#73).
    #[serde(rename = "sessionJoinApprove")]
    JoinApprove {
        /// The session.
        session_id: String,
    },
    /// `sessionJoinReject`, to the user who asked: the admin refused (#74).
    #[serde(rename = "sessionJoinReject")]
    JoinReject {
        /// The session.
        session_id: String,
        /// The admin's reason, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reject_reason: Option<String>,
    },
    /// `sessionUserJoin`, to the participants: a user joined.
    #[serde(rename = "sessionUserJoin")]
    UserJoin {
        /// The session.
        session_id: String,
        /// Who joined.
        full_user_id: String,
    },
    /// `sessionUserLeave`, to the participants: a user left (#72).
    #[serde(rename = "sessionUserLeave")]
    UserLeave {
        /// The session.
        session_id: String,
        /// Who left.
        full_user_id: String,
        /// Their reason, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        leave_reason: Option<String>,
    },
    /// `sessionUserBoot`, to the other participants: the admin removed a user (#75).
    #[serde(rename = "sessionUserBoot")]
    UserBoot {
        /// The session.
        session_id: String,
        /// Who was removed.
        full_user_id: String,
        /// The admin's reason, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        boot_reason: Option<String>,
    },
    /// `sessionBoot`, to the user removed (#75).
    #[serde(rename = "sessionBoot")]
    Boot {
        /// The session.
        session_id: String,
        /// The admin's reason, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        boot_reason: Option<String>,
    },
}

impl SessionEvent {
    /// The session the event is about.
    pub fn session_id(&self) -> &str {
        match self {
            Self::Active { session_id }
            | Self::Inactive { session_id }
            | Self::Terminated { session_id }
            | Self::UserJoinRequest { session_id, .. }
            | Self::JoinApprove { session_id }
            | Self::JoinReject { session_id, .. }
            | Self::UserJoin { session_id, .. }
            | Self::UserLeave { session_id, .. }
            | Self::UserBoot { session_id, .. }
            | Self::Boot { session_id, .. } => session_id,
        }
    }

    /// The payload's `message_type` (`"sessionUserJoinRequest"`, ...).
    pub fn message_type(&self) -> &'static str {
        match self {
            Self::Active { .. } => "sessionActive",
            Self::Inactive { .. } => "sessionInactive",
            Self::Terminated { .. } => "sessionTerminated",
            Self::UserJoinRequest { .. } => "sessionUserJoinRequest",
            Self::JoinApprove { .. } => "sessionJoinApprove",
            Self::JoinReject { .. } => "sessionJoinReject",
            Self::UserJoin { .. } => "sessionUserJoin",
            Self::UserLeave { .. } => "sessionUserLeave",
            Self::UserBoot { .. } => "sessionUserBoot",
            Self::Boot { .. } => "sessionBoot",
        }
    }
}
