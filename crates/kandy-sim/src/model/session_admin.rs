//! The admin's session calls (#73–#75) and session data relayed over the data channel.

use super::state::{ParticipantState, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::notifications::{
    Event, OutgoingSessionData, ServerFrame, SessionData, SessionEvent,
};
use kandy_core::{SessionId, UserAccessToken};

impl Model {
    /// #73: the admin accepts a pending participant (a joined one: nothing changes). It
    /// hears `sessionJoinApprove`; the admin and the other joined participants hear
    /// `sessionUserJoin`.
    pub fn accept_session_join(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        full_user_id: &str,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            let (user, state) = m.participant(who, id, full_user_id)?;
            if state == ParticipantState::Joined {
                return Ok(());
            }
            let others = m.members_but(who, id, &user);
            if let Some(state) = m.session_mut(who, id)?.participants.get_mut(&user) {
                *state = ParticipantState::Joined;
            }
            let session_id = id.as_str().to_owned();
            let full = format!("{user}@{}", who.domain);
            m.notify(
                &who.domain,
                [user],
                SessionEvent::JoinApprove {
                    session_id: session_id.clone(),
                },
            );
            let joined = SessionEvent::UserJoin {
                session_id,
                full_user_id: full,
            };
            m.notify(&who.domain, others, joined);
            Ok(())
        })
    }

    /// #74: the admin refuses a pending participant, who is removed and hears
    /// `sessionJoinReject` (a joined one is 53: boot it instead).
    pub fn reject_session_join(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        full_user_id: &str,
        reject_reason: Option<String>,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            let (user, state) = m.participant(who, id, full_user_id)?;
            if state != ParticipantState::Pending {
                return Err(ModelError::not_found(format!(
                    "{full_user_id} has no pending join request"
                )));
            }
            m.session_mut(who, id)?.participants.shift_remove(&user);
            let event = SessionEvent::JoinReject {
                session_id: id.as_str().to_owned(),
                reject_reason,
            };
            m.notify(&who.domain, [user], event);
            Ok(())
        })
    }

    /// #75: the admin removes a participant, who hears `sessionBoot`; the admin and the
    /// other joined participants hear `sessionUserBoot` when it had joined.
    pub fn boot_session_participant(
        &mut self,
        token: &UserAccessToken,
        id: &SessionId,
        full_user_id: &str,
        boot_reason: Option<String>,
    ) -> Result<(), ModelError> {
        validate::id("session_id", id.as_str())?;
        self.as_user(token, |m, who| {
            let (user, _) = m.participant(who, id, full_user_id)?;
            let reason = boot_reason.clone();
            m.remove_participant(who, id, &user, |session_id, full_user_id| {
                SessionEvent::UserBoot {
                    session_id,
                    full_user_id,
                    boot_reason: reason,
                }
            });
            let event = SessionEvent::Boot {
                session_id: id.as_str().to_owned(),
                boot_reason,
            };
            m.notify(&who.domain, [user], event);
            Ok(())
        })
    }

    /// A `sessionData` frame from the user of `token`: relayed to the session's admin and
    /// joined participants but the sender, or to its one `destination` among them. The
    /// sender must be the admin or a joined participant (11); an unknown session or a
    /// destination not among them is 53.
    pub fn send_session_data(
        &mut self,
        token: &UserAccessToken,
        data: OutgoingSessionData,
    ) -> Result<(), ModelError> {
        validate::required("session_id", &data.session_id)?;
        let id = SessionId::new(data.session_id.as_str());
        self.as_user(token, |m, who| {
            let session = m.session(who, &id)?;
            if !session.members().any(|u| u == who.user) {
                return Err(ModelError::denied(
                    "only the admin and joined participants may send session data",
                ));
            }
            let mut to = m.members_but(who, &id, &who.user);
            let mut relayed =
                SessionData::new(data.session_id.as_str(), who.full_id(), data.payload);
            if let Some(destination) = data.destination.filter(|d| !d.is_empty()) {
                let target = m
                    .named_user(&who.domain, &destination)
                    .filter(|u| to.contains(&u.user))
                    .ok_or_else(|| {
                        ModelError::not_found(format!(
                            "{destination} is not a member of the session"
                        ))
                    })?;
                to = vec![target.user.clone()];
                relayed = relayed.with_destination(target.full_id());
            }
            for user in to {
                let recipient = UserRef {
                    domain: who.domain.clone(),
                    user,
                };
                m.push(
                    &m.effects,
                    &recipient,
                    ServerFrame::Event(Event::SessionData(relayed.clone())),
                );
            }
            Ok(())
        })
    }
}
