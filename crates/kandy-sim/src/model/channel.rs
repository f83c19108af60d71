//! The data channel's side of the model (#45 and the socket): who may open one, and the
//! pushes a call asks for.
//!
//! The model does no I/O: a call that queues a message on a user's first device, or that
//! sends a session event, records a [`Push`] for that user; the simulator takes them with
//! [`Model::take_pushes`] after the call and writes them to the user's open sockets. Pushing
//! never dequeues: the message stays pending until #78 deletes it.

use super::state::{Queued, UserRef};
use super::stored::StoredMessage;
use super::{Effects, Model, ModelError};
use kandy_core::UserAccessToken;
use kandy_core::notifications::{Event, GroupEvent, ServerFrame};
use std::sync::Arc;

/// The most pushes one call may leave for the simulator (a group message to 50 members with
/// a few devices each stays far below it); beyond, the oldest are dropped. Pushes are only a
/// wake-up: what is queued is still fetched.
const MAX_PUSHES: usize = 4096;

/// A frame the simulator should push on every open socket of one user.
#[derive(Clone, Debug, PartialEq)]
pub struct Push {
    /// The user's `user_id@domain`.
    pub full_user_id: String,
    /// The frame.
    pub frame: ServerFrame,
}

impl Model {
    /// #45, and the socket's own check: the `full_user_id` of a live user access token.
    /// An unknown or revoked token, or one whose user or domain is gone, is 55; an expired one
    /// is 10. Counts as the user's activity (last seen).
    pub fn get_data_channel(&mut self, token: &UserAccessToken) -> Result<String, ModelError> {
        self.as_user(token, |_, who| Ok(who.full_id()))
    }

    /// Whether an open socket's token still holds: `Ok` with its `full_user_id` and the
    /// user's first device (the socket's device), or the refusal that closes the socket (10
    /// expired; 55 revoked, its user or domain deleted, or `device` given and deleted).
    /// Changes nothing.
    pub fn check_data_channel(
        &self,
        token: &str,
        device: Option<&str>,
    ) -> Result<(String, Option<String>), ModelError> {
        let who = self.user_of(&UserAccessToken::new(token))?;
        let user = self.user(&who)?;
        if let Some(device) = device
            && !user.devices.contains_key(device)
        {
            return Err(ModelError::credentials(
                "the device of the data channel was deleted",
            ));
        }
        let first = user.devices.keys().next().cloned();
        Ok((who.full_id(), first))
    }

    /// The pushes the calls since the last take asked for, oldest first.
    pub fn take_pushes(&self) -> Vec<Push> {
        self.take_pending_pushes()
            .into_iter()
            .map(PendingPush::into_push)
            .collect()
    }

    /// Records a push of `frame` to `who`'s sockets.
    pub(crate) fn push(&self, out: &Effects, who: &UserRef, frame: ServerFrame) {
        let user = Arc::from(who.full_id());
        out.record_push(user, PushFrame::Ready(Box::new(frame)));
    }

    /// Records a push of a queued message to the sockets of `user` (a `full_user_id`).
    pub(crate) fn push_message(&self, out: &Effects, user: Arc<str>, message: &Arc<StoredMessage>) {
        out.record_push(user, PushFrame::Queued(Arc::clone(message)));
    }

    /// Records the push of a message queued on `who`'s device `device`: sockets are bound to
    /// the user's first device (the one kandy.js reads and acks with), so only a message
    /// queued there is pushed.
    pub(crate) fn push_queued(&self, out: &Effects, who: &UserRef, device: &str, queued: &Queued) {
        let first = self
            .user(who)
            .ok()
            .and_then(|user| user.devices.keys().next())
            .is_some_and(|id| id == device);
        if first {
            let user = Arc::from(who.full_id());
            self.push_message(out, user, &queued.message);
        }
    }
}

impl Effects {
    fn record_push(&self, user: Arc<str>, frame: PushFrame) {
        let mut pushes = self.pushes.lock();
        if pushes.len() >= MAX_PUSHES {
            pushes.remove(0);
        }
        pushes.push(PendingPush { user, frame });
    }
}

/// A push as a call records it: cheap to make (no frame is built for a user without a
/// socket, which is the usual case).
pub(crate) struct PendingPush {
    /// The user's `full_user_id`.
    pub user: Arc<str>,
    frame: PushFrame,
}

/// What a pending push carries.
enum PushFrame {
    /// A frame made already (a session event, a wake-up).
    Ready(Box<ServerFrame>),
    /// A queued message or group event, made into its frame when written.
    Queued(Arc<StoredMessage>),
}

impl PendingPush {
    /// The queued 1:1 or group message it pushes, if it pushes one (not a group event, a
    /// session event or a wake-up).
    pub(crate) fn message(&self) -> Option<&StoredMessage> {
        match &self.frame {
            PushFrame::Queued(message) if message.event.is_none() => Some(message),
            _ => None,
        }
    }

    /// The `notification` frame to write.
    pub(crate) fn frame(&self) -> ServerFrame {
        match &self.frame {
            PushFrame::Ready(frame) => ServerFrame::clone(frame),
            PushFrame::Queued(message) => message.frame(),
        }
    }

    /// The public push.
    fn into_push(self) -> Push {
        Push {
            full_user_id: self.user.to_string(),
            frame: self.frame(),
        }
    }
}

impl StoredMessage {
    /// The `notification` frame that pushes this queued message or group event.
    pub(crate) fn frame(&self) -> ServerFrame {
        ServerFrame::Event(match &self.event {
            Some(event) => Event::Group(GroupEvent::clone(event)),
            None => Event::Message(self.to_incoming()),
        })
    }
}

impl Queued {
    /// A queued message of no 1:1 send.
    pub(crate) fn new(message: Arc<StoredMessage>) -> Self {
        Self {
            send: None,
            message,
        }
    }
}
