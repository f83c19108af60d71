//! Chat groups (#52–#56): the group itself. Members and group messages are in
//! `group_members`.
//!
//! The creator is the first owner and a member. Reading needs membership (702); updating and
//! deleting need an owner (11 for members). A group of another domain is not found (700).

use super::state::Map;
use super::state::{Group, Membership, UserRef};
use super::views::build;
use super::{Model, ModelError, validate};
use kandy_core::notifications::GroupEventKind;
use kandy_core::{GroupId, GroupUpdate, NewGroup, UserAccessToken};
use serde_json::json;

/// The most members a group may have (`max_members` is `"50"`).
pub const MAX_GROUP_MEMBERS: usize = 50;

impl Group {
    /// After members left: with no owner left, the longest-standing member becomes owner.
    pub(crate) fn settle(&mut self) {
        if !self.members.values().any(|m| m.owner)
            && let Some(first) = self.members.values_mut().next()
        {
            first.owner = true;
        }
    }
}

impl Model {
    /// A group of the caller's domain (700 if there is none).
    fn group(&self, who: &UserRef, group_id: &GroupId) -> Result<&Group, ModelError> {
        self.domain(&who.domain)?
            .groups
            .get(group_id.as_str())
            .ok_or_else(ModelError::group_not_found)
    }

    /// A group the caller is a member of (700, 702).
    pub(crate) fn member_group(
        &self,
        who: &UserRef,
        group_id: &GroupId,
    ) -> Result<&Group, ModelError> {
        let group = self.group(who, group_id)?;
        if !group.members.contains_key(&who.user) {
            return Err(ModelError::not_in_group());
        }
        Ok(group)
    }

    /// A group the caller owns (700, 702, 11 for a member who is not an owner).
    pub(crate) fn owned_group(
        &self,
        who: &UserRef,
        group_id: &GroupId,
    ) -> Result<&Group, ModelError> {
        let group = self.member_group(who, group_id)?;
        if !group.members.get(&who.user).is_some_and(|m| m.owner) {
            return Err(ModelError::denied("only an owner of the group may do this"));
        }
        Ok(group)
    }

    /// A group of the caller's domain, to change it.
    pub(crate) fn group_mut(
        &mut self,
        who: &UserRef,
        group_id: &GroupId,
    ) -> Result<&mut Group, ModelError> {
        self.domain_mut(&who.domain)?
            .groups
            .get_mut(group_id.as_str())
            .ok_or_else(ModelError::group_not_found)
    }

    /// #52: the groups the user is a member of, in creation order.
    pub fn get_groups(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<Vec<kandy_core::Group>, ModelError> {
        self.as_user(token, |m, who| {
            m.domain(&who.domain)?
                .groups
                .iter()
                .filter(|(_, group)| group.members.contains_key(&who.user))
                .map(|(id, group)| group_view(who, id, group))
                .collect()
        })
    }

    /// #53: creates a group owned by the caller.
    pub fn create_group(
        &mut self,
        token: &UserAccessToken,
        group: NewGroup,
    ) -> Result<kandy_core::Group, ModelError> {
        validate::group_required("group_name", &group.group_name)?;
        validate::value_nesting("group_image", &group.group_image)?;
        self.as_user(token, |m, who| {
            m.domain(&who.domain)?;
            let id = m.fresh_id("", |m, v| {
                m.state
                    .domains
                    .get(&who.domain)
                    .is_some_and(|d| d.groups.contains_key(v))
            });
            let mut members = Map::default();
            members.insert(
                who.user.clone(),
                Membership {
                    owner: true,
                    ..Membership::default()
                },
            );
            let created = Group {
                name: group.group_name,
                image: group.group_image,
                creation_time: m.state.now_ms,
                members,
            };
            let view = group_view(who, &id, &created)?;
            m.domain_mut(&who.domain)?.groups.insert(id, created);
            Ok(view)
        })
    }

    /// #54: one group the caller is a member of.
    pub fn get_group_by_id(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
    ) -> Result<kandy_core::Group, ModelError> {
        validate::id("group_id", group_id.as_str())?;
        self.as_user(token, |m, who| {
            let group = m.member_group(who, group_id)?;
            group_view(who, group_id.as_str(), group)
        })
    }

    /// #55: renames a group and sets its image (owners only).
    pub fn update_group(
        &mut self,
        token: &UserAccessToken,
        update: GroupUpdate,
    ) -> Result<(), ModelError> {
        validate::id("group_id", update.group_id.as_str())?;
        validate::group_required("group_name", &update.group_name)?;
        validate::value_nesting("group_image", &update.group_image)?;
        self.as_user(token, |m, who| {
            m.owned_group(who, &update.group_id)?;
            let to = m.members_except(who, &update.group_id, &who.user);
            m.check_event_delivery(&who.domain, &to)?;
            let group = m.group_mut(who, &update.group_id)?;
            group.name = update.group_name.clone();
            group.image = update.group_image;
            m.group_event(who, &update.group_id, GroupEventKind::Update, to, |e| {
                e.with_group_name(update.group_name)
            });
            Ok(())
        })
    }

    /// #56: deletes a group (owners only).
    pub fn delete_group(
        &mut self,
        token: &UserAccessToken,
        group_id: &GroupId,
    ) -> Result<(), ModelError> {
        validate::id("group_id", group_id.as_str())?;
        self.as_user(token, |m, who| {
            m.owned_group(who, group_id)?;
            let to = m.members_except(who, group_id, &who.user);
            m.check_event_delivery(&who.domain, &to)?;
            m.domain_mut(&who.domain)?
                .groups
                .shift_remove(group_id.as_str());
            m.group_event(who, group_id, GroupEventKind::Delete, to, |e| e);
            Ok(())
        })
    }
}

/// A group as `viewer` sees it: owners and members with their `muted` flags, and the
/// viewer's own mute state as the top-level `muted`.
fn group_view(viewer: &UserRef, id: &str, group: &Group) -> Result<kandy_core::Group, ModelError> {
    let domain = &viewer.domain;
    let member = |(user, membership): (&String, &Membership)| json!({"full_user_id": format!("{user}@{domain}"), "muted": membership.muted});
    let owners: Vec<_> = group
        .members
        .iter()
        .filter(|(_, m)| m.owner)
        .map(member)
        .collect();
    let members: Vec<_> = group.members.iter().map(member).collect();
    build(json!({
        "group_id": id,
        "group_name": group.name,
        "group_image": group.image,
        "max_members": MAX_GROUP_MEMBERS.to_string(),
        "owners": owners,
        "members": members,
        "creation_time": group.creation_time,
        "muted": group.members.get(&viewer.user).is_some_and(|m| m.muted_group),
    }))
}
