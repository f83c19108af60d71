//! Hunt groups (#21–#29) and the rollover group a user's client calls through (#48).
//!
//! A hunt group belongs to one domain and is named by its `huntgroup_name` there. Its users
//! (the agents a call rings) and admins are users of the same domain, named by user id or
//! full user id, listed as full user ids in the order added. Deleting a user takes it out
//! of every hunt group; deleting the domain deletes them all. To another domain, a hunt
//! group does not exist (53, as for an unknown name).

use super::state::{HuntGroup, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::{DomainAccessToken, NewHuntGroup, RolloverAgent, RolloverGroup, UserAccessToken};

/// Which list of a hunt group a call changes or reads.
#[derive(Clone, Copy)]
enum Role {
    User,
    Admin,
}

impl Role {
    fn list(self, group: &HuntGroup) -> &Vec<String> {
        match self {
            Role::User => &group.users,
            Role::Admin => &group.admins,
        }
    }

    fn list_mut(self, group: &mut HuntGroup) -> &mut Vec<String> {
        match self {
            Role::User => &mut group.users,
            Role::Admin => &mut group.admins,
        }
    }

    fn field(self) -> &'static str {
        match self {
            Role::User => "user_name",
            Role::Admin => "admin_name",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }
}

fn no_such_group(name: &str) -> ModelError {
    ModelError::not_found(format!("the domain has no hunt group named {name:?}"))
}

impl Model {
    /// #21: creates a hunt group; its name, type and pilot address are required (15), a
    /// name the domain already has is 50.
    pub fn create_hunt_group(
        &mut self,
        token: &DomainAccessToken,
        group: NewHuntGroup,
    ) -> Result<(), ModelError> {
        validate::required("huntgroup_name", &group.huntgroup_name)?;
        validate::required("huntgroup_type", &group.huntgroup_type)?;
        validate::required("pilot_uri_address", &group.pilot_uri_address)?;
        let domain = self.domain_of(token)?;
        let hunt_groups = &mut self.domain_mut(&domain)?.hunt_groups;
        if hunt_groups.contains_key(&group.huntgroup_name) {
            return Err(ModelError::exists(format!(
                "the domain already has a hunt group named {:?}",
                group.huntgroup_name
            )));
        }
        hunt_groups.insert(
            group.huntgroup_name,
            HuntGroup {
                huntgroup_type: group.huntgroup_type,
                pilot_uri_address: group.pilot_uri_address,
                overflow_dest: group.overflow_dest.filter(|v| !v.is_empty()),
                anonymous_uri: group.anonymous_uri.filter(|v| !v.is_empty()),
                users: Vec::new(),
                admins: Vec::new(),
            },
        );
        Ok(())
    }

    /// #22: the domain's hunt groups, in creation order, with their creation fields.
    pub fn get_hunt_groups(
        &mut self,
        token: &DomainAccessToken,
    ) -> Result<Vec<kandy_core::HuntGroup>, ModelError> {
        let domain = self.domain_of(token)?;
        Ok(self
            .domain(&domain)?
            .hunt_groups
            .iter()
            .map(|(name, group)| {
                let mut view = kandy_core::HuntGroup::new(name)
                    .with_huntgroup_type(&group.huntgroup_type)
                    .with_pilot_uri_address(&group.pilot_uri_address);
                view.overflow_dest = group.overflow_dest.clone();
                view.anonymous_uri = group.anonymous_uri.clone();
                view
            })
            .collect())
    }

    /// #23: deletes a hunt group with its users' and admins' memberships (53 if unknown).
    pub fn delete_hunt_group(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
    ) -> Result<(), ModelError> {
        validate::required("huntgroup_name", name)?;
        let domain = self.domain_of(token)?;
        self.domain_mut(&domain)?
            .hunt_groups
            .shift_remove(name)
            .map(|_| ())
            .ok_or_else(|| no_such_group(name))
    }

    /// #24: adds a user of the domain to a hunt group; adding one twice adds nothing.
    pub fn add_hunt_group_user(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        user_name: &str,
    ) -> Result<(), ModelError> {
        self.add_to_hunt_group(token, name, user_name, Role::User)
    }

    /// #25: a hunt group's users, as full user ids, in the order added.
    pub fn get_hunt_group_users(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
    ) -> Result<Vec<String>, ModelError> {
        self.hunt_group_list(token, name, Role::User)
    }

    /// #26: takes a user out of a hunt group (53 if the group or the membership is unknown).
    pub fn delete_hunt_group_user(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        user_name: &str,
    ) -> Result<(), ModelError> {
        self.remove_from_hunt_group(token, name, user_name, Role::User)
    }

    /// #27: adds an admin (a user of the domain) to a hunt group; twice adds nothing.
    pub fn add_hunt_group_admin(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        admin_name: &str,
    ) -> Result<(), ModelError> {
        self.add_to_hunt_group(token, name, admin_name, Role::Admin)
    }

    /// #28: a hunt group's admins, as full user ids, in the order added.
    pub fn get_hunt_group_admins(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
    ) -> Result<Vec<String>, ModelError> {
        self.hunt_group_list(token, name, Role::Admin)
    }

    /// #29 (both paths): takes an admin out of a hunt group (53 if unknown).
    pub fn delete_hunt_group_admin(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        admin_name: &str,
    ) -> Result<(), ModelError> {
        self.remove_from_hunt_group(token, name, admin_name, Role::Admin)
    }

    /// #48: the hunt group `name` of the user's domain as a rollover group: its type is the
    /// policy, its users (in the order added) the agents, each a Kandy user (`kandy`).
    pub fn get_rollover_group(
        &mut self,
        token: &UserAccessToken,
        name: &str,
    ) -> Result<RolloverGroup, ModelError> {
        validate::required("group_name", name)?;
        self.as_user(token, |m, who| {
            let group = m
                .domain(&who.domain)?
                .hunt_groups
                .get(name)
                .ok_or_else(|| no_such_group(name))?;
            let agents = group
                .users
                .iter()
                .map(|user| RolloverAgent::new(format!("{user}@{}", who.domain), "kandy"))
                .collect();
            Ok(RolloverGroup::new(&group.huntgroup_type, agents).with_group_name(name))
        })
    }

    /// The domain of `token` and the user `member` names in it, checked before any change:
    /// names first (15), the token (55, 10), then the group and the user (53).
    fn hunt_group_member(
        &self,
        token: &DomainAccessToken,
        name: &str,
        member: &str,
        role: Role,
    ) -> Result<UserRef, ModelError> {
        validate::required("huntgroup_name", name)?;
        validate::required(role.field(), member)?;
        let domain = self.domain_of(token)?;
        if !self.domain(&domain)?.hunt_groups.contains_key(name) {
            return Err(no_such_group(name));
        }
        self.named_user(&domain, member.trim())
            .ok_or_else(|| ModelError::not_found(format!("{member:?} is not a user of the domain")))
    }

    fn add_to_hunt_group(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        member: &str,
        role: Role,
    ) -> Result<(), ModelError> {
        let who = self.hunt_group_member(token, name, member, role)?;
        let group = self
            .domain_mut(&who.domain)?
            .hunt_groups
            .get_mut(name)
            .ok_or_else(|| no_such_group(name))?;
        let list = role.list_mut(group);
        if !list.contains(&who.user) {
            list.push(who.user);
        }
        Ok(())
    }

    fn remove_from_hunt_group(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        member: &str,
        role: Role,
    ) -> Result<(), ModelError> {
        let who = self.hunt_group_member(token, name, member, role)?;
        let group = self
            .domain_mut(&who.domain)?
            .hunt_groups
            .get_mut(name)
            .ok_or_else(|| no_such_group(name))?;
        let list = role.list_mut(group);
        let at = list
            .iter()
            .position(|user| *user == who.user)
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "{} is not a{} {} of the hunt group",
                    who.full_id(),
                    if matches!(role, Role::Admin) { "n" } else { "" },
                    role.noun()
                ))
            })?;
        list.remove(at);
        Ok(())
    }

    fn hunt_group_list(
        &mut self,
        token: &DomainAccessToken,
        name: &str,
        role: Role,
    ) -> Result<Vec<String>, ModelError> {
        validate::required("huntgroup_name", name)?;
        let domain = self.domain_of(token)?;
        let group = self
            .domain(&domain)?
            .hunt_groups
            .get(name)
            .ok_or_else(|| no_such_group(name))?;
        Ok(role
            .list(group)
            .iter()
            .map(|user| format!("{user}@{domain}"))
            .collect())
    }
}
