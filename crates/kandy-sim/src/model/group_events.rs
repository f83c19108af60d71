//! Group events: what adding, removing, leaving, updating and deleting a chat group queues on
//! the affected members' devices (and pushes on their data channels), acked with #78 like any
//! message.
//!
//! Each event is queued as a message whose `messageType` is the event's (`chatGroupInvite`,
//! `chatGroupBoot`, `chatGroupLeave`, `chatGroupUpdate`, `chatGroupDelete`) with `UUID`,
//! `timestamp`, `sender` (who acted) and `group_id`; its push carries the whole event:
//! `group_name` (invite, update), `invitees` (invite), `booted` (boot), `leaver` (leave).
//! Recipients: every member but the one who acted, and on a boot the booted members too.
//! UUIDs count up (`00000000-0000-4000-8000-` and 12 hex digits), without the generator.

use super::Model;
use super::messages::sender;
use super::state::{Queued, UserRef};
use super::stored::StoredMessage;
use kandy_core::notifications::{GroupEvent, GroupEventKind};
use kandy_core::{GroupId, MessageType, MessageUuid};

impl Model {
    /// Queues the event of `kind` (completed by `fill`) on every device of each of `to`
    /// (user ids of the actor's domain), and pushes it.
    pub(crate) fn group_event(
        &mut self,
        actor: &UserRef,
        group_id: &GroupId,
        kind: GroupEventKind,
        to: Vec<String>,
        fill: impl FnOnce(GroupEvent) -> GroupEvent,
    ) {
        if to.is_empty() {
            return;
        }
        self.state.next_event += 1;
        let uuid = MessageUuid::new(format!(
            "00000000-0000-4000-8000-{:012x}",
            self.state.next_event
        ));
        let now = self.state.now_ms;
        let event = fill(
            GroupEvent::new(kind, uuid.clone(), now, group_id.clone()).with_sender(sender(actor)),
        );
        let mut message =
            StoredMessage::new(MessageType::Other(kind.as_str().to_owned()), &uuid, now);
        message.sender = Some(std::sync::Arc::new(sender(actor)));
        message.group_id = Some(group_id.clone());
        message.event = Some(Box::new(event));
        // One message (and one event) for every queue it reaches.
        let message = std::sync::Arc::new(message);
        for user in to {
            let recipient = UserRef {
                domain: actor.domain.clone(),
                user,
            };
            let queued = Queued::new(std::sync::Arc::clone(&message));
            // The recipients are users of the domain (members): they exist.
            let _ = self.deliver(&self.effects, &recipient, queued);
        }
    }

    /// The user ids of a group's members but `except`, longest-standing first.
    pub(crate) fn members_except(
        &self,
        actor: &UserRef,
        group_id: &GroupId,
        except: &str,
    ) -> Vec<String> {
        self.domain(&actor.domain)
            .ok()
            .and_then(|d| d.groups.get(group_id.as_str()))
            .map(|g| g.members.keys().filter(|u| *u != except).cloned().collect())
            .unwrap_or_default()
    }
}
