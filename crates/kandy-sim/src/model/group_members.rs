//! Chat group members (#57–#61) and group messages (#62).
//!
//! Members are users of the caller's domain (701 otherwise). Adding, removing and muting
//! members need an owner; any member may mute the group for themselves, leave it and send to
//! it. A group holds at most [`MAX_GROUP_MEMBERS`]; an addition past that is refused whole.

use super::groups::MAX_GROUP_MEMBERS;
use super::state::{Membership, Queued, UserRef};
use super::stored::{StoredContent, StoredMessage};
use super::{Model, ModelError, validate};
use kandy_core::notifications::GroupEventKind;
use kandy_core::{GroupId, MessageType, OutgoingGroupMessage, UserAccessToken};

impl Model {
    /// The user ids of `names` in the caller's domain, without repeats (701 for a name that
    /// is not a user of the domain).
    fn member_ids(&self, who: &UserRef, names: &[String]) -> Result<Vec<String>, ModelError> {
        let mut ids: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let user = self
                .named_user(&who.domain, name)
                .ok_or_else(|| ModelError::member_not_found(name))?;
            if !ids.contains(&user.user) {
                ids.push(user.user);
            }
        }
        Ok(ids)
    }

    /// Removes members from a group; settles its ownership, and deletes it once empty.
    fn remove_from_group(
        &mut self,
        who: &UserRef,
        group_id: &GroupId,
        users: &[String],
    ) -> Result<(), ModelError> {
        let group = self.group_mut(who, group_id)?;
        for user in users {
            group.members.shift_remove(user);
        }
        group.settle();
        if group.members.is_empty() {
            self.domain_mut(&who.domain)?
                .groups
                .shift_remove(group_id.as_str());
        }
        Ok(())
    }

    /// #57: adds members (owners only); adding a member twice adds nothing.
    pub fn add_group_members(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
        members: &[String],
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        validate::non_empty("members", members)?;
        self.as_user(token, |m, who| {
            let group = m.owned_group(who, group_id)?;
            let new: Vec<String> = m
                .member_ids(who, members)?
                .into_iter()
                .filter(|user| !group.members.contains_key(user))
                .collect();
            if group.members.len() + new.len() > MAX_GROUP_MEMBERS {
                return Err(ModelError::invalid(format!(
                    "a group holds at most {MAX_GROUP_MEMBERS} members"
                )));
            }
            let mut reached = m.members_except(who, group_id, &who.user);
            reached.extend(new.iter().cloned());
            m.check_event_delivery(&who.domain, &reached)?;
            let group = m.group_mut(who, group_id)?;
            for user in &new {
                group.members.insert(user.clone(), Membership::default());
            }
            let name = group.name.clone();
            let invitees = new.iter().map(|u| format!("{u}@{}", who.domain)).collect();
            let to = m.members_except(who, group_id, &who.user);
            m.group_event(who, group_id, GroupEventKind::Invite, to, |e| {
                e.with_group_name(name).with_invitees(invitees)
            });
            Ok(())
        })
    }

    /// #58: removes members (owners only); names that are not members are ignored.
    pub fn remove_group_members(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
        members: &[String],
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        validate::non_empty("members", members)?;
        self.as_user(token, |m, who| {
            let group = m.owned_group(who, group_id)?;
            let users: Vec<String> = m
                .member_ids(who, members)?
                .into_iter()
                .filter(|u| group.members.contains_key(u))
                .collect();
            let to = m.members_except(who, group_id, &who.user);
            m.check_event_delivery(&who.domain, &to)?;
            m.remove_from_group(who, group_id, &users)?;
            let booted = users
                .iter()
                .map(|u| format!("{u}@{}", who.domain))
                .collect();
            m.group_event(who, group_id, GroupEventKind::Boot, to, |e| {
                e.with_booted(booted)
            });
            Ok(())
        })
    }

    /// #59: the caller leaves the group.
    pub fn leave_group(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        self.as_user(token, |m, who| {
            m.member_group(who, group_id)?;
            let reached = m.members_except(who, group_id, &who.user);
            m.check_event_delivery(&who.domain, &reached)?;
            m.remove_from_group(who, group_id, std::slice::from_ref(&who.user))?;
            let to = m.members_except(who, group_id, &who.user);
            m.group_event(who, group_id, GroupEventKind::Leave, to, |e| {
                e.with_leaver(who.full_id())
            });
            Ok(())
        })
    }

    /// #60: mutes or unmutes the group for the caller.
    pub fn mute_group(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
        mute: bool,
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        self.as_user(token, |m, who| {
            m.member_group(who, group_id)?;
            if let Some(membership) = m.group_mut(who, group_id)?.members.get_mut(&who.user) {
                membership.muted_group = mute;
            }
            Ok(())
        })
    }

    /// #61: mutes or unmutes members (owners only); names that are not members are ignored.
    pub fn mute_group_members(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
        members: &[String],
        mute: bool,
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        validate::non_empty("members", members)?;
        self.as_user(token, |m, who| {
            m.owned_group(who, group_id)?;
            let users = m.member_ids(who, members)?;
            let group = m.group_mut(who, group_id)?;
            for user in &users {
                if let Some(membership) = group.members.get_mut(user) {
                    membership.muted = mute;
                }
            }
            Ok(())
        })
    }

    /// #62: queues a `groupChat` message on every device of every member but the sender. A
    /// message naming a `content_uuid` must name a file of the domain (53), as on #77.
    pub fn send_group_message(
        &mut self,
        token: &UserAccessToken,
        message: OutgoingGroupMessage,
    ) -> Result<(), ModelError> {
        validate::id("group_id", message.group_id.as_str())?;
        validate::content_type(&message.content_type)?;
        validate::message_uuid(&message.uuid)?;
        validate::content_nesting(&message.message)?;
        self.check_message_size(&message.message)?;
        let reference = super::content::content_reference(&message.content_type, &message.message)?
            .map(str::to_owned);
        self.as_user(token, |m, who| {
            let group = m.member_group(who, &message.group_id)?;
            m.check_content_reference(&who.domain, reference.as_deref())?;
            let recipients: Vec<UserRef> = group
                .members
                .keys()
                .filter(|user| **user != who.user)
                .map(|user| UserRef {
                    domain: who.domain.clone(),
                    user: user.clone(),
                })
                .collect();
            m.check_delivery(&recipients)?;
            let mut stored =
                StoredMessage::new(MessageType::GroupChat, &message.uuid, m.state.now_ms);
            stored.sender = Some(m.names(who)?.sender);
            stored.content_type = Some(message.content_type);
            stored.group_id = Some(message.group_id);
            stored.content = Some(StoredContent::new(&message.message));
            // One message for every queue it reaches.
            let stored = std::sync::Arc::new(stored);
            for recipient in &recipients {
                m.deliver(
                    &m.effects,
                    recipient,
                    Queued::new(std::sync::Arc::clone(&stored)),
                )?;
            }
            Ok(())
        })
    }
}
