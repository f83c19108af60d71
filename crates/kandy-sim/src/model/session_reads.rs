//! Reading sessions (#67–#70): by id, by name, the domain's (of one type) and the user's.

use super::sessions::session_not_found;
use super::state::{ParticipantState, SessionRecord};
use super::{Model, ModelError, validate};
use kandy_core::{Session, SessionId, SessionParticipant, UserAccessToken};

impl SessionRecord {
    /// The session as #67 shows it.
    pub(crate) fn view(&self, id: &str, domain: &str) -> Session {
        let mut session = Session::new(SessionId::new(id))
            .with_session_name(&self.name)
            .with_session_type(&self.session_type)
            .with_admin_full_user_id(format!("{}@{domain}", self.admin))
            .with_session_status(if self.active { "active" } else { "inactive" })
            .with_participants(
                self.participants
                    .iter()
                    .map(|(user, state)| {
                        SessionParticipant::new(format!("{user}@{domain}")).with_participant_status(
                            match state {
                                ParticipantState::Pending => "pending",
                                ParticipantState::Joined => "joined",
                            },
                        )
                    })
                    .collect(),
            );
        session.session_description = self.description.clone();
        session.creation_timestamp = Some(self.creation_timestamp);
        session.expiry_timestamp = self.expiry_timestamp;
        session
    }
}

impl Model {
    /// #67: a session of the caller's domain.
    pub fn get_session(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
    ) -> Result<Session, ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            Ok(m.session(who, id)?.view(id.as_str(), &who.domain))
        })
    }

    /// #68: the session of the caller's domain with this name.
    pub fn get_session_by_name(
        &mut self,
        token: &UserAccessToken,
        name: &str,
    ) -> Result<Session, ModelError> {
        validate::required("session_name", name)?;
        self.as_user(token, |m, who| {
            m.domain(&who.domain)?
                .sessions
                .iter()
                .find(|(_, s)| s.session_name_is(name))
                .map(|(id, s)| s.view(id, &who.domain))
                .ok_or_else(|| session_not_found(name))
        })
    }

    /// #69: the sessions of the caller's domain, of one type when given, in creation order.
    pub fn get_sessions(
        &mut self,
        token: &UserAccessToken,
        session_type: Option<&str>,
    ) -> Result<Vec<Session>, ModelError> {
        let session_type = session_type.filter(|t| !t.is_empty());
        self.as_user(token, |m, who| {
            Ok(m.domain(&who.domain)?
                .sessions
                .iter()
                .filter(|(_, s)| session_type.is_none_or(|t| s.session_type == t))
                .map(|(id, s)| s.view(id, &who.domain))
                .collect())
        })
    }

    /// #70: the sessions the caller administers or takes part in (pending included).
    pub fn get_user_sessions(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<Vec<Session>, ModelError> {
        self.as_user(token, |m, who| {
            Ok(m.domain(&who.domain)?
                .sessions
                .iter()
                .filter(|(_, s)| s.admin == who.user || s.participants.contains_key(&who.user))
                .map(|(id, s)| s.view(id, &who.domain))
                .collect())
        })
    }
}
