//! Chat groups (#52–#62).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_groups(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<Group>> {
        self.call(&op::GET_GROUPS, token.expose_secret(), None, |m| {
            m.get_groups(&token)
        })
    }

    pub(in crate::simulator) async fn create_group(
        &self,
        token: UserAccessToken,
        group: NewGroup,
    ) -> Result<Group> {
        self.call(&op::CREATE_GROUP, token.expose_secret(), None, |m| {
            m.create_group(&token, group)
        })
    }

    pub(in crate::simulator) async fn get_group_by_id(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
    ) -> Result<Group> {
        self.call(&op::GET_GROUP_BY_ID, token.expose_secret(), None, |m| {
            m.get_group_by_id(&token, &group_id)
        })
    }

    pub(in crate::simulator) async fn update_group(
        &self,
        token: UserAccessToken,
        update: GroupUpdate,
    ) -> Result<()> {
        self.call(&op::UPDATE_GROUP, token.expose_secret(), None, |m| {
            m.update_group(&token, update)
        })
    }

    pub(in crate::simulator) async fn delete_group(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
    ) -> Result<()> {
        self.call(&op::DELETE_GROUP, token.expose_secret(), None, |m| {
            m.delete_group(&token, &group_id)
        })
    }

    pub(in crate::simulator) async fn add_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.call(&op::ADD_GROUP_MEMBERS, token.expose_secret(), None, |m| {
            m.add_group_members(&token, &group_id, &members)
        })
    }

    pub(in crate::simulator) async fn remove_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.call(
            &op::REMOVE_GROUP_MEMBERS,
            token.expose_secret(),
            None,
            |m| m.remove_group_members(&token, &group_id, &members),
        )
    }

    pub(in crate::simulator) async fn leave_group(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
    ) -> Result<()> {
        self.call(&op::LEAVE_GROUP, token.expose_secret(), None, |m| {
            m.leave_group(&token, &group_id)
        })
    }

    pub(in crate::simulator) async fn mute_group(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        mute: bool,
    ) -> Result<()> {
        self.call(&op::MUTE_GROUP, token.expose_secret(), None, |m| {
            m.mute_group(&token, &group_id, mute)
        })
    }

    pub(in crate::simulator) async fn mute_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
        mute: bool,
    ) -> Result<()> {
        self.call(&op::MUTE_GROUP_MEMBERS, token.expose_secret(), None, |m| {
            m.mute_group_members(&token, &group_id, &members, mute)
        })
    }

    pub(in crate::simulator) async fn send_group_message(
        &self,
        token: UserAccessToken,
        message: OutgoingGroupMessage,
    ) -> Result<()> {
        self.call(&op::SEND_GROUP_MESSAGE, token.expose_secret(), None, |m| {
            m.send_group_message(&token, message)?;
            m.note_sent(None);
            Ok(())
        })
    }
}
