//! Sessions (#63–#75); the DELETEs carry a JSON body, as kandy.js sends them.

use crate::call::Call;
use kandy_core::operation::{
    ACCEPT_SESSION_JOIN, BOOT_SESSION_PARTICIPANT, CREATE_SESSION, DELETE_SESSION, GET_SESSION,
    GET_SESSION_BY_NAME, GET_SESSIONS, GET_USER_SESSIONS, JOIN_SESSION, LEAVE_SESSION,
    REJECT_SESSION_JOIN, START_SESSION, STOP_SESSION,
};
use kandy_core::{NewSession, Session, SessionId, SessionJoin, UserAccessToken};
use serde::Serialize;

/// The body of #64, #65 and #66: `{session_id}`.
#[derive(Serialize)]
struct SessionBody {
    session_id: SessionId,
}

/// The body of #71: `{session_id, ...join}`.
#[derive(Serialize)]
struct JoinBody {
    session_id: SessionId,
    #[serde(flatten)]
    join: SessionJoin,
}

/// The body of #72: `{session_id, leave_reason?}`.
#[derive(Serialize)]
struct LeaveBody {
    session_id: SessionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    leave_reason: Option<String>,
}

/// The body of #73, #74 and #75: `{session_id, full_user_id, <reason>?}`.
#[derive(Serialize)]
struct ParticipantBody {
    session_id: SessionId,
    full_user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reject_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    boot_reason: Option<String>,
}

/// #63 `POST users/sessions/session?key=UAT`, body as `NewSession` serializes:
/// `result.session_id`.
pub(super) fn create_session(token: UserAccessToken, session: NewSession) -> Call<SessionId> {
    Call::new(&CREATE_SESSION, &token)
        .body(&session)
        .reads_field("session_id")
}

/// #64 `POST users/sessions/session/id/start?key=UAT`, body `{session_id}`.
pub(super) fn start_session(token: UserAccessToken, session_id: SessionId) -> Call<()> {
    Call::new(&START_SESSION, &token).body(&SessionBody { session_id })
}

/// #65 `POST users/sessions/session/id/stop?key=UAT`, body `{session_id}`.
pub(super) fn stop_session(token: UserAccessToken, session_id: SessionId) -> Call<()> {
    Call::new(&STOP_SESSION, &token).body(&SessionBody { session_id })
}

/// #66 `DELETE users/sessions/session/id?key=UAT`, body `{session_id}`.
pub(super) fn delete_session(token: UserAccessToken, session_id: SessionId) -> Call<()> {
    Call::new(&DELETE_SESSION, &token).body(&SessionBody { session_id })
}

/// #67 `GET users/sessions/session/id?key=UAT&session_id=…`: `result.session`.
pub(super) fn get_session(token: UserAccessToken, session_id: SessionId) -> Call<Session> {
    Call::new(&GET_SESSION, &token)
        .query("session_id", session_id.as_str())
        .reads_wrapped("session")
}

/// #68 `GET users/sessions/session/name?key=UAT&session_name=…`: `result.session` (or a bare
/// `result`).
pub(super) fn get_session_by_name(token: UserAccessToken, session_name: String) -> Call<Session> {
    Call::new(&GET_SESSION_BY_NAME, &token)
        .query("session_name", session_name)
        .reads_wrapped("session")
}

/// #69 `GET users/sessions?key=UAT[&session_type=…]`: `result.sessions`.
pub(super) fn get_sessions(
    token: UserAccessToken,
    session_type: Option<String>,
) -> Call<Vec<Session>> {
    Call::new(&GET_SESSIONS, &token)
        .optional_query("session_type", session_type)
        .reads_field("sessions")
}

/// #70 `GET users/sessions/user?key=UAT`: `result.sessions`.
pub(super) fn get_user_sessions(token: UserAccessToken) -> Call<Vec<Session>> {
    Call::new(&GET_USER_SESSIONS, &token).reads_field("sessions")
}

/// #71 `POST users/sessions/session/id/participants/participant?key=UAT`, body
/// `{session_id, ...join}`.
pub(super) fn join_session(
    token: UserAccessToken,
    session_id: SessionId,
    join: SessionJoin,
) -> Call<()> {
    Call::new(&JOIN_SESSION, &token).body(&JoinBody { session_id, join })
}

/// #72 `DELETE users/sessions/session/id/participants/participant?key=UAT`, body
/// `{session_id, leave_reason?}`.
pub(super) fn leave_session(
    token: UserAccessToken,
    session_id: SessionId,
    leave_reason: Option<String>,
) -> Call<()> {
    Call::new(&LEAVE_SESSION, &token).body(&LeaveBody {
        session_id,
        leave_reason,
    })
}

/// #73 `POST users/sessions/session/id/admin/participants/participant/join?key=UAT`, body
/// `{session_id, full_user_id}`.
pub(super) fn accept_session_join(
    token: UserAccessToken,
    session_id: SessionId,
    full_user_id: String,
) -> Call<()> {
    Call::new(&ACCEPT_SESSION_JOIN, &token).body(&ParticipantBody {
        session_id,
        full_user_id,
        reject_reason: None,
        boot_reason: None,
    })
}

/// #74 `DELETE users/sessions/session/id/admin/participants/participant/join?key=UAT`, body
/// `{session_id, full_user_id, reject_reason?}`.
pub(super) fn reject_session_join(
    token: UserAccessToken,
    session_id: SessionId,
    full_user_id: String,
    reject_reason: Option<String>,
) -> Call<()> {
    Call::new(&REJECT_SESSION_JOIN, &token).body(&ParticipantBody {
        session_id,
        full_user_id,
        reject_reason,
        boot_reason: None,
    })
}

/// #75 `DELETE users/sessions/session/id/admin/participants/participant?key=UAT`, body
/// `{session_id, full_user_id, boot_reason?}`.
pub(super) fn boot_session_participant(
    token: UserAccessToken,
    session_id: SessionId,
    full_user_id: String,
    boot_reason: Option<String>,
) -> Call<()> {
    Call::new(&BOOT_SESSION_PARTICIPANT, &token).body(&ParticipantBody {
        session_id,
        full_user_id,
        reject_reason: None,
        boot_reason,
    })
}
