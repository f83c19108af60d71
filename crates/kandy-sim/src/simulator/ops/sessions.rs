//! Sessions (#63–#75): the model's session records, and the notifications each change pushes
//! to the admin and the participants over their data channels.

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn create_session(
        &self,
        token: UserAccessToken,
        session: NewSession,
    ) -> Result<SessionId> {
        self.user_call(&op::CREATE_SESSION, &token, |m| {
            m.create_session(&token, session)
        })
    }

    pub(in crate::simulator) async fn start_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        self.user_call(&op::START_SESSION, &token, |m| {
            m.set_session_active(&token, &session_id, true)
        })
    }

    pub(in crate::simulator) async fn stop_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        self.user_call(&op::STOP_SESSION, &token, |m| {
            m.set_session_active(&token, &session_id, false)
        })
    }

    pub(in crate::simulator) async fn delete_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        self.user_call(&op::DELETE_SESSION, &token, |m| {
            m.delete_session(&token, &session_id)
        })
    }

    pub(in crate::simulator) async fn get_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<Session> {
        self.user_call(&op::GET_SESSION, &token, |m| {
            m.get_session(&token, &session_id)
        })
    }

    pub(in crate::simulator) async fn get_session_by_name(
        &self,
        token: UserAccessToken,
        session_name: String,
    ) -> Result<Session> {
        self.user_call(&op::GET_SESSION_BY_NAME, &token, |m| {
            m.get_session_by_name(&token, &session_name)
        })
    }

    pub(in crate::simulator) async fn get_sessions(
        &self,
        token: UserAccessToken,
        session_type: Option<String>,
    ) -> Result<Vec<Session>> {
        self.user_call(&op::GET_SESSIONS, &token, |m| {
            m.get_sessions(&token, session_type.as_deref())
        })
    }

    pub(in crate::simulator) async fn get_user_sessions(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<Session>> {
        self.user_call(&op::GET_USER_SESSIONS, &token, |m| {
            m.get_user_sessions(&token)
        })
    }

    pub(in crate::simulator) async fn join_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        join: SessionJoin,
    ) -> Result<()> {
        self.user_call(&op::JOIN_SESSION, &token, |m| {
            m.join_session(&token, &session_id, join)
        })
    }

    pub(in crate::simulator) async fn leave_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        leave_reason: Option<String>,
    ) -> Result<()> {
        self.user_call(&op::LEAVE_SESSION, &token, |m| {
            m.leave_session(&token, &session_id, leave_reason)
        })
    }

    pub(in crate::simulator) async fn accept_session_join(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
    ) -> Result<()> {
        self.user_call(&op::ACCEPT_SESSION_JOIN, &token, |m| {
            m.accept_session_join(&token, &session_id, &full_user_id)
        })
    }

    pub(in crate::simulator) async fn reject_session_join(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
        reject_reason: Option<String>,
    ) -> Result<()> {
        self.user_call(&op::REJECT_SESSION_JOIN, &token, |m| {
            m.reject_session_join(&token, &session_id, &full_user_id, reject_reason)
        })
    }

    pub(in crate::simulator) async fn boot_session_participant(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
        boot_reason: Option<String>,
    ) -> Result<()> {
        self.user_call(&op::BOOT_SESSION_PARTICIPANT, &token, |m| {
            m.boot_session_participant(&token, &session_id, &full_user_id, boot_reason)
        })
    }
}
