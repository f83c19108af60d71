//! Sessions (endpoints #63–#75): co-browsing and support sessions a user creates and
//! administers, which other users of the domain ask to join. Their events (join requests,
//! joins, data) travel over the data channel's WebSocket, not over these calls.
//!
//! The request bodies are kandy.js 2.2.1's. Results: #63 returns `{session_id}`, #67
//! `{session: {..., participants: [{full_user_id}]}}` and #69 `{sessions: [...]}` with
//! `session_id, session_name, session_type, admin_full_user_id` (kandy.js and the WordPress
//! plugin read them); the other fields, and the result of #68 (taken to be #67's) and #70
//! (taken to be #69's), are the SDK's choice.

use crate::ids::SessionId;
use serde::{Deserialize, Serialize};

macro_rules! text_setters {
    ($($(#[$doc:meta])* $field:ident => $setter:ident;)*) => {$(
        $(#[$doc])*
        pub fn $setter(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
    )*};
}

/// The body of `create_session` (#63): a type and a name, the creator's details, and the
/// timestamps the WordPress plugin sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewSession {
    /// The kind of session, e.g. `support` or `cobrowsing`.
    pub session_type: String,
    /// Its name (sessions can be looked up by name, #68).
    pub session_name: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_description: Option<String>,
    /// The creator's nickname in the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_nickname: Option<String>,
    /// The creator's first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// The creator's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// The creator's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone_number: Option<String>,
    /// The creator's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// When it was created (ms since the epoch), as the client says.
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_timestamp: Option<u64>,
    /// When it expires (ms since the epoch).
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiry_timestamp: Option<u64>,
}

impl NewSession {
    /// A session of this type and name, nothing else set.
    pub fn new(session_type: impl Into<String>, session_name: impl Into<String>) -> Self {
        Self {
            session_type: session_type.into(),
            session_name: session_name.into(),
            session_description: None,
            user_nickname: None,
            user_first_name: None,
            user_last_name: None,
            user_phone_number: None,
            user_email: None,
            creation_timestamp: None,
            expiry_timestamp: None,
        }
    }

    text_setters! {
        /// Sets the description.
        session_description => with_description;
        /// Sets the creator's nickname.
        user_nickname => with_nickname;
        /// Sets the creator's phone number.
        user_phone_number => with_phone_number;
        /// Sets the creator's e-mail address.
        user_email => with_email;
    }

    /// Sets the creator's first and last name.
    pub fn with_name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.user_first_name = Some(first.into());
        self.user_last_name = Some(last.into());
        self
    }

    /// Sets the creation and expiry times (ms since the epoch).
    pub fn with_timestamps(mut self, creation: u64, expiry: u64) -> Self {
        self.creation_timestamp = Some(creation);
        self.expiry_timestamp = Some(expiry);
        self
    }
}

/// What a user tells the session's admin when asking to join (#71), sent with the
/// `session_id` in one body. kandy.js passes its caller's object through (the WordPress
/// plugin sends `{}`); the SDK's choice is the creator's fields of #63, each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionJoin {
    /// The nickname shown to the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_nickname: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone_number: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
}

impl SessionJoin {
    /// A join request with nothing to say (`{}` besides the session id).
    pub fn new() -> Self {
        Self::default()
    }

    text_setters! {
        /// Sets the nickname.
        user_nickname => with_nickname;
        /// Sets the phone number.
        user_phone_number => with_phone_number;
        /// Sets the e-mail address.
        user_email => with_email;
    }

    /// Sets the first and last name.
    pub fn with_name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.user_first_name = Some(first.into());
        self.user_last_name = Some(last.into());
        self
    }
}

/// A participant of a session, as #67 lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionParticipant {
    /// The participant's `full_user_id`.
    pub full_user_id: String,
    /// Where the participant stands, e.g. `pending` (asked to join, not yet accepted) or
    /// `joined`: the SDK's choice of name, absent when the server does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_status: Option<String>,
}

impl SessionParticipant {
    /// A participant with nothing but an id.
    pub fn new(full_user_id: impl Into<String>) -> Self {
        Self {
            full_user_id: full_user_id.into(),
            participant_status: None,
        }
    }

    /// Sets the participant's status.
    pub fn with_participant_status(mut self, status: impl Into<String>) -> Self {
        self.participant_status = Some(status.into());
        self
    }
}

/// A session, as fetched (#67, #68) or listed (#69, #70). Only `session_id` is required
/// when decoding; lists may leave the participants out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session id.
    pub session_id: SessionId,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// The kind (`support`, `cobrowsing`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_type: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_description: Option<String>,
    /// The creator, who administers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_full_user_id: Option<String>,
    /// `active` once started (#64), `inactive` before and once stopped (#65): the SDK's
    /// choice of name and values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<String>,
    /// When it was created (ms since the epoch).
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_timestamp: Option<u64>,
    /// When it expires (ms since the epoch).
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiry_timestamp: Option<u64>,
    /// The participants (the admin is not one of them).
    #[serde(default)]
    pub participants: Vec<SessionParticipant>,
}

impl Session {
    /// A session with this id and nothing else known.
    pub fn new(session_id: SessionId) -> Self {
        Self {
            session_id,
            session_name: None,
            session_type: None,
            session_description: None,
            admin_full_user_id: None,
            session_status: None,
            creation_timestamp: None,
            expiry_timestamp: None,
            participants: Vec::new(),
        }
    }

    text_setters! {
        /// Sets the name.
        session_name => with_session_name;
        /// Sets the kind.
        session_type => with_session_type;
        /// Sets the description.
        session_description => with_session_description;
        /// Sets the admin.
        admin_full_user_id => with_admin_full_user_id;
        /// Sets the status.
        session_status => with_session_status;
    }

    /// Sets the creation and expiry times (ms since the epoch).
    pub fn with_timestamps(mut self, creation: u64, expiry: u64) -> Self {
        self.creation_timestamp = Some(creation);
        self.expiry_timestamp = Some(expiry);
        self
    }

    /// Sets the participants.
    pub fn with_participants(mut self, participants: Vec<SessionParticipant>) -> Self {
        self.participants = participants;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_create_body_is_what_the_plugin_sends() {
        let session = NewSession::new("cobrowsing", "demo").with_timestamps(1, 31_536_001);
        assert_eq!(
            serde_json::to_value(&session).unwrap(),
            json!({"session_type": "cobrowsing", "session_name": "demo",
                   "creation_timestamp": 1, "expiry_timestamp": 31_536_001})
        );
        assert_eq!(serde_json::to_value(SessionJoin::new()).unwrap(), json!({}));
    }

    #[test]
    fn a_session_needs_only_its_id() {
        let listed: Session = serde_json::from_value(json!({
            "session_id": "s1", "session_name": "demo", "session_type": "cobrowsing",
            "admin_full_user_id": "a@d.com", "creation_timestamp": "12"
        }))
        .unwrap();
        assert_eq!(listed.creation_timestamp, Some(12));
        assert!(listed.participants.is_empty());
        let fetched: Session = serde_json::from_value(json!({
            "session_id": "s1", "participants": [{"full_user_id": "b@d.com"}]
        }))
        .unwrap();
        assert_eq!(fetched.participants, [SessionParticipant::new("b@d.com")]);
        assert!(serde_json::from_value::<Session>(json!({"session_name": "x"})).is_err());
    }
}
