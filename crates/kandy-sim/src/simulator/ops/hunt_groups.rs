//! Hunt groups (#21–#29).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn create_hunt_group(
        &self,
        token: DomainAccessToken,
        group: NewHuntGroup,
    ) -> Result<()> {
        self.call(&op::CREATE_HUNT_GROUP, token.expose_secret(), None, |m| {
            m.create_hunt_group(&token, group)
        })
    }

    pub(in crate::simulator) async fn get_hunt_groups(
        &self,
        token: DomainAccessToken,
    ) -> Result<Vec<HuntGroup>> {
        self.call(&op::GET_HUNT_GROUPS, token.expose_secret(), None, |m| {
            m.get_hunt_groups(&token)
        })
    }

    pub(in crate::simulator) async fn delete_hunt_group(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
    ) -> Result<()> {
        self.call(&op::DELETE_HUNT_GROUP, token.expose_secret(), None, |m| {
            m.delete_hunt_group(&token, &huntgroup_name)
        })
    }

    pub(in crate::simulator) async fn add_hunt_group_user(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
        user_name: String,
    ) -> Result<()> {
        self.call(&op::ADD_HUNT_GROUP_USER, token.expose_secret(), None, |m| {
            m.add_hunt_group_user(&token, &huntgroup_name, &user_name)
        })
    }

    pub(in crate::simulator) async fn get_hunt_group_users(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
    ) -> Result<Vec<String>> {
        self.call(
            &op::GET_HUNT_GROUP_USERS,
            token.expose_secret(),
            None,
            |m| m.get_hunt_group_users(&token, &huntgroup_name),
        )
    }

    pub(in crate::simulator) async fn delete_hunt_group_user(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
        user_name: String,
    ) -> Result<()> {
        self.call(
            &op::DELETE_HUNT_GROUP_USER,
            token.expose_secret(),
            None,
            |m| m.delete_hunt_group_user(&token, &huntgroup_name, &user_name),
        )
    }

    pub(in crate::simulator) async fn add_hunt_group_admin(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
        admin_name: String,
    ) -> Result<()> {
        self.call(
            &op::ADD_HUNT_GROUP_ADMIN,
            token.expose_secret(),
            None,
            |m| m.add_hunt_group_admin(&token, &huntgroup_name, &admin_name),
        )
    }

    pub(in crate::simulator) async fn get_hunt_group_admins(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
    ) -> Result<Vec<String>> {
        self.call(
            &op::GET_HUNT_GROUP_ADMINS,
            token.expose_secret(),
            None,
            |m| m.get_hunt_group_admins(&token, &huntgroup_name),
        )
    }

    pub(in crate::simulator) async fn delete_hunt_group_admin(
        &self,
        token: DomainAccessToken,
        huntgroup_name: String,
        admin_name: String,
    ) -> Result<()> {
        self.call(
            &op::DELETE_HUNT_GROUP_ADMIN,
            token.expose_secret(),
            None,
            |m| m.delete_hunt_group_admin(&token, &huntgroup_name, &admin_name),
        )
    }
}
