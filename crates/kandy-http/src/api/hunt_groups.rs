//! Hunt groups (#21–#29).

use crate::call::Call;
use crate::request::Mapped;
use kandy_core::operation::{
    ADD_HUNT_GROUP_ADMIN, ADD_HUNT_GROUP_USER, CREATE_HUNT_GROUP, DELETE_HUNT_GROUP,
    DELETE_HUNT_GROUP_ADMIN, DELETE_HUNT_GROUP_USER, GET_HUNT_GROUP_ADMINS, GET_HUNT_GROUP_USERS,
    GET_HUNT_GROUPS,
};
use kandy_core::{DomainAccessToken, HuntGroup, NewHuntGroup};
use serde::{Deserialize, Serialize};

/// The body of #24: `{huntgroup_name, user_name}`.
#[derive(Serialize)]
struct UserBody {
    huntgroup_name: String,
    user_name: String,
}

/// The body of #27: `{huntgroup_name, admin_name}`.
#[derive(Serialize)]
struct AdminBody {
    huntgroup_name: String,
    admin_name: String,
}

/// A member in the lists of #25 and #28: a full user id (the SDK's choice), or an object
/// naming it (`user_name`, `admin_name` or `full_user_id`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Member {
    Name(String),
    Object {
        #[serde(alias = "admin_name", alias = "full_user_id")]
        user_name: String,
    },
}

fn names(members: Vec<Member>) -> Vec<String> {
    members
        .into_iter()
        .map(|member| match member {
            Member::Name(name) | Member::Object { user_name: name } => name,
        })
        .collect()
}

/// #21 `POST domains/huntgroups?key=DAT`, body `{huntgroup_name, huntgroup_type,
/// pilot_uri_address, overflow_dest?, anonymous_uri?}`.
pub(super) fn create_hunt_group(token: DomainAccessToken, group: NewHuntGroup) -> Call<()> {
    Call::new(&CREATE_HUNT_GROUP, &token).body(&group)
}

/// #22 `GET domains/huntgroups?key=DAT`: `result.huntgroups`.
pub(super) fn get_hunt_groups(token: DomainAccessToken) -> Call<Vec<HuntGroup>> {
    Call::new(&GET_HUNT_GROUPS, &token).reads_field("huntgroups")
}

/// #23 `DELETE domains/huntgroups?key=DAT&huntgroup_name=…`.
pub(super) fn delete_hunt_group(token: DomainAccessToken, huntgroup_name: String) -> Call<()> {
    Call::new(&DELETE_HUNT_GROUP, &token).query("huntgroup_name", huntgroup_name)
}

/// #24 `POST domains/huntgroups/users?key=DAT`, body `{huntgroup_name, user_name}`.
pub(super) fn add_hunt_group_user(
    token: DomainAccessToken,
    huntgroup_name: String,
    user_name: String,
) -> Call<()> {
    Call::new(&ADD_HUNT_GROUP_USER, &token).body(&UserBody {
        huntgroup_name,
        user_name,
    })
}

/// #25 `GET domains/huntgroups/users?key=DAT&huntgroup_name=…`: `result.users`.
pub(super) fn get_hunt_group_users(
    token: DomainAccessToken,
    huntgroup_name: String,
) -> Mapped<Vec<Member>, Vec<String>> {
    Call::new(&GET_HUNT_GROUP_USERS, &token)
        .query("huntgroup_name", huntgroup_name)
        .reads_field("users")
        .map(names)
}

/// #26 `DELETE domains/huntgroups/users?key=DAT&huntgroup_name=…&user_name=…`.
pub(super) fn delete_hunt_group_user(
    token: DomainAccessToken,
    huntgroup_name: String,
    user_name: String,
) -> Call<()> {
    Call::new(&DELETE_HUNT_GROUP_USER, &token)
        .query("huntgroup_name", huntgroup_name)
        .query("user_name", user_name)
}

/// #27 `POST domains/huntgroups/admins?key=DAT`, body `{huntgroup_name, admin_name}`.
pub(super) fn add_hunt_group_admin(
    token: DomainAccessToken,
    huntgroup_name: String,
    admin_name: String,
) -> Call<()> {
    Call::new(&ADD_HUNT_GROUP_ADMIN, &token).body(&AdminBody {
        huntgroup_name,
        admin_name,
    })
}

/// #28 `GET domains/huntgroups/admins?key=DAT&huntgroup_name=…`: `result.admins`.
pub(super) fn get_hunt_group_admins(
    token: DomainAccessToken,
    huntgroup_name: String,
) -> Mapped<Vec<Member>, Vec<String>> {
    Call::new(&GET_HUNT_GROUP_ADMINS, &token)
        .query("huntgroup_name", huntgroup_name)
        .reads_field("admins")
        .map(names)
}

/// #29 `DELETE domains/huntgroups/admin?key=DAT&huntgroup_name=…&admin_name=…` (the singular
/// path the one caller sends; the table's plural row is an alias of it).
pub(super) fn delete_hunt_group_admin(
    token: DomainAccessToken,
    huntgroup_name: String,
    admin_name: String,
) -> Call<()> {
    Call::new(&DELETE_HUNT_GROUP_ADMIN, &token)
        .query("huntgroup_name", huntgroup_name)
        .query("admin_name", admin_name)
}
