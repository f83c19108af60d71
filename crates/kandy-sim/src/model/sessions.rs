//! Sessions (#63–#75): a user's co-browsing or support session, its participants, and the
//! `sessionNotification`s and `sessionData` pushed on the participants' data channels.
//!
//! A session belongs to its admin's domain; every user of the domain may read it and ask to
//! join. Only the admin starts, stops and deletes it and accepts, rejects or boots
//! participants (11 for anyone else). An unknown session id or name is 53. Choices where the
//! specification is silent:
//! - A new session is `inactive`; #64 makes it `active`, #65 `inactive` again.
//! - Names are unique in a domain (50 for a taken one), so #68 names one session.
//! - The admin is no participant: it is `admin_full_user_id`. Participants are `pending`
//!   (asked to join) or `joined` (accepted); a rejected, booted or leaving user is removed.
//!   The admin may not join (50) nor leave (11: delete the session instead).
//! - Session data goes from a joined participant or the admin to every other joined
//!   participant and the admin, or to one of them (`destination`, 53 if not among them).
//! - `expiry_timestamp` is kept and shown, never enforced.
//! - Deleting a user deletes the sessions it administers and removes it from the others.

use super::state::{ParticipantState, SessionRecord, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::notifications::{Event, ServerFrame, SessionEvent};
use kandy_core::{NewSession, SessionId, SessionJoin, UserAccessToken};

pub(crate) fn session_not_found(what: &str) -> ModelError {
    ModelError::not_found(format!("session {what} does not exist"))
}

impl Model {
    pub(crate) fn session(
        &self,
        who: &UserRef,
        id: &SessionId,
    ) -> Result<&SessionRecord, ModelError> {
        self.domain(&who.domain)?
            .sessions
            .get(id.as_str())
            .ok_or_else(|| session_not_found(id.as_str()))
    }

    pub(crate) fn session_mut(
        &mut self,
        who: &UserRef,
        id: &SessionId,
    ) -> Result<&mut SessionRecord, ModelError> {
        self.domain_mut(&who.domain)?
            .sessions
            .get_mut(id.as_str())
            .ok_or_else(|| session_not_found(id.as_str()))
    }

    /// A session the caller administers (53, then 11).
    fn administered(&self, who: &UserRef, id: &SessionId) -> Result<&SessionRecord, ModelError> {
        let session = self.session(who, id)?;
        if session.admin != who.user {
            return Err(ModelError::denied("only the session's admin may do this"));
        }
        Ok(session)
    }

    /// Pushes `event` to each of `users` (user ids of `domain`).
    pub(crate) fn notify(
        &mut self,
        domain: &str,
        users: impl IntoIterator<Item = String>,
        event: SessionEvent,
    ) {
        for user in users {
            let who = UserRef {
                domain: domain.to_owned(),
                user,
            };
            self.push(
                &self.effects,
                &who,
                ServerFrame::Event(Event::Session(event.clone())),
            );
        }
    }

    /// The admin and joined participants of a session, but `except`.
    pub(crate) fn members_but(&self, who: &UserRef, id: &SessionId, except: &str) -> Vec<String> {
        self.session(who, id)
            .map(|s| {
                s.members()
                    .filter(|u| *u != except)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// #63: a new, inactive session administered by the caller.
    pub fn create_session(
        &mut self,
        token: &UserAccessToken,
        session: NewSession,
    ) -> Result<SessionId, ModelError> {
        validate::required("session_type", &session.session_type)?;
        validate::required("session_name", &session.session_name)?;
        self.as_user(token, |m, who| {
            if m.domain(&who.domain)?
                .sessions
                .values()
                .any(|s| s.session_name_is(&session.session_name))
            {
                return Err(ModelError::exists(format!(
                    "a session named {} exists",
                    session.session_name
                )));
            }
            let id = m.fresh_id("", |m, v| {
                m.state.domains.values().any(|d| d.sessions.contains_key(v))
            });
            let now = m.state.now_ms;
            m.domain_mut(&who.domain)?.sessions.insert(
                id.clone(),
                SessionRecord {
                    name: session.session_name,
                    session_type: session.session_type,
                    description: session.session_description,
                    admin: who.user.clone(),
                    active: false,
                    creation_timestamp: session.creation_timestamp.unwrap_or(now),
                    expiry_timestamp: session.expiry_timestamp,
                    participants: Default::default(),
                },
            );
            Ok(SessionId::new(id))
        })
    }

    /// #64 (`active` true) and #65 (false): the admin starts or stops the session; the
    /// participants hear `sessionActive` or `sessionInactive`.
    pub fn set_session_active(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        active: bool,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            m.administered(who, id)?;
            m.session_mut(who, id)?.active = active;
            let session_id = id.as_str().to_owned();
            let event = if active {
                SessionEvent::Active { session_id }
            } else {
                SessionEvent::Inactive { session_id }
            };
            let to = m.members_but(who, id, &who.user);
            m.notify(&who.domain, to, event);
            Ok(())
        })
    }

    /// #66: the admin deletes the session; its participants hear `sessionTerminated`.
    pub fn delete_session(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            m.administered(who, id)?;
            m.end_session(&who.domain, id.as_str());
            Ok(())
        })
    }

    /// Removes a session, telling its participants (pending ones too) `sessionTerminated`.
    pub(crate) fn end_session(&mut self, domain: &str, id: &str) {
        let Some(session) = self
            .state
            .domains
            .get_mut(domain)
            .and_then(|d| d.sessions.shift_remove(id))
        else {
            return;
        };
        let event = SessionEvent::Terminated {
            session_id: id.to_owned(),
        };
        let to: Vec<String> = session.participants.keys().cloned().collect();
        self.notify(domain, to, event);
    }

    /// Before a user is deleted: its sessions end, and it leaves the others.
    pub(crate) fn drop_user_sessions(&mut self, who: &UserRef) {
        let Some(domain) = self.state.domains.get(&who.domain) else {
            return;
        };
        let (own, member): (Vec<String>, Vec<String>) = (
            domain
                .sessions
                .iter()
                .filter(|(_, s)| s.admin == who.user)
                .map(|(id, _)| id.clone())
                .collect(),
            domain
                .sessions
                .iter()
                .filter(|(_, s)| s.participants.contains_key(&who.user))
                .map(|(id, _)| id.clone())
                .collect(),
        );
        for id in own {
            self.end_session(&who.domain, &id);
        }
        for id in member {
            self.remove_participant(
                who,
                &SessionId::new(id),
                &who.user.clone(),
                |session_id, full_user_id| SessionEvent::UserLeave {
                    session_id,
                    full_user_id,
                    leave_reason: None,
                },
            );
        }
    }

    /// Removes `user` from a session and tells the remaining members `event`.
    pub(crate) fn remove_participant(
        &mut self,
        who: &UserRef,
        id: &SessionId,
        user: &str,
        event: impl FnOnce(String, String) -> SessionEvent,
    ) {
        let was_joined = match self.session_mut(who, id) {
            Ok(session) => {
                session.participants.shift_remove(user) == Some(ParticipantState::Joined)
            }
            Err(_) => return,
        };
        if was_joined {
            let to = self.members_but(who, id, user);
            let full = format!("{user}@{}", who.domain);
            self.notify(&who.domain, to, event(id.as_str().to_owned(), full));
        }
    }

    /// #71: the caller asks to join; the admin hears `sessionUserJoinRequest`. Asking again
    /// while pending or joined changes nothing; the admin asking is 50.
    pub fn join_session(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        _join: SessionJoin,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            let session = m.session(who, id)?;
            if session.admin == who.user {
                return Err(ModelError::exists("the admin is in the session already"));
            }
            if session.participants.contains_key(&who.user) {
                return Ok(());
            }
            let admin = session.admin.clone();
            m.session_mut(who, id)?
                .participants
                .insert(who.user.clone(), ParticipantState::Pending);
            let event = SessionEvent::UserJoinRequest {
                session_id: id.as_str().to_owned(),
                full_user_id: who.full_id(),
            };
            m.notify(&who.domain, [admin], event);
            Ok(())
        })
    }

    /// #72: the caller leaves (53 if not a participant, 11 for the admin); the others hear
    /// `sessionUserLeave` if it had joined.
    pub fn leave_session(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        leave_reason: Option<String>,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            let session = m.session(who, id)?;
            if session.admin == who.user {
                return Err(ModelError::denied(
                    "the admin may not leave: delete the session",
                ));
            }
            if !session.participants.contains_key(&who.user) {
                return Err(ModelError::not_found(
                    "the user is not a participant of the session",
                ));
            }
            m.remove_participant(who, id, &who.user, |session_id, full_user_id| {
                SessionEvent::UserLeave {
                    session_id,
                    full_user_id,
                    leave_reason,
                }
            });
            Ok(())
        })
    }

    /// The participant `full_user_id` names in an administered session, with its state (53
    /// if it is not one).
    pub(crate) fn participant(
        &self,
        who: &UserRef,
        id: &SessionId,
        full_user_id: &str,
    ) -> Result<(String, ParticipantState), ModelError> {
        validate::required("full_user_id", full_user_id)?;
        let session = self.administered(who, id)?;
        let user = self
            .named_user(&who.domain, full_user_id)
            .map(|u| u.user)
            .unwrap_or_default();
        session
            .participants
            .get(&user)
            .map(|state| (user, *state))
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "{full_user_id} is not a participant of the session"
                ))
            })
    }
}

impl SessionRecord {
    /// The admin and the joined participants: who session events and data reach.
    pub(crate) fn members(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.admin.as_str()).chain(
            self.participants
                .iter()
                .filter(|(_, state)| **state == ParticipantState::Joined)
                .map(|(user, _)| user.as_str()),
        )
    }

    pub(crate) fn session_name_is(&self, name: &str) -> bool {
        self.name == name
    }
}
