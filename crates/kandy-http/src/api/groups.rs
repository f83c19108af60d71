//! Chat groups (#52–#62).

use super::messages::MessageBody;
use crate::call::Call;
use kandy_core::operation::{
    ADD_GROUP_MEMBERS, CREATE_GROUP, DELETE_GROUP, GET_GROUP_BY_ID, GET_GROUPS, LEAVE_GROUP,
    MUTE_GROUP, MUTE_GROUP_MEMBERS, REMOVE_GROUP_MEMBERS, SEND_GROUP_MESSAGE, UPDATE_GROUP,
};
use kandy_core::{Group, GroupId, GroupUpdate, NewGroup, OutgoingGroupMessage, UserAccessToken};
use serde::Serialize;

/// The body of #57: `{"members": [...]}`.
#[derive(Serialize)]
struct MembersBody {
    members: Vec<String>,
}

/// The body of #61: `{"group_id", "members", "mute"}`.
#[derive(Serialize)]
struct MuteMembersBody {
    group_id: GroupId,
    members: Vec<String>,
    mute: bool,
}

/// #52 `GET users/chatgroups?key=UAT`: `result.groups`.
pub(super) fn get_groups(token: UserAccessToken) -> Call<Vec<Group>> {
    Call::new(&GET_GROUPS, &token).reads_field("groups")
}

/// #53 `POST users/chatgroups?key=UAT`, body `{group_name, group_image}`: the new group.
pub(super) fn create_group(token: UserAccessToken, group: NewGroup) -> Call<Group> {
    Call::new(&CREATE_GROUP, &token).body(&group).reads_whole()
}

/// #54 `GET users/chatgroups/chatgroup?key=UAT&group_id=…`: the group.
pub(super) fn get_group_by_id(token: UserAccessToken, group_id: GroupId) -> Call<Group> {
    Call::new(&GET_GROUP_BY_ID, &token)
        .query("group_id", group_id.as_str())
        .reads_whole()
}

/// #55 `PUT users/chatgroups/chatgroup?key=UAT&group_id=…`, body `{group_id, group_name,
/// group_image}` (the group id in both places, as callers disagree on which one is read).
pub(super) fn update_group(token: UserAccessToken, update: GroupUpdate) -> Call<()> {
    Call::new(&UPDATE_GROUP, &token)
        .query("group_id", update.group_id.as_str())
        .body(&update)
}

/// #56 `DELETE users/chatgroups/chatgroup?key=UAT&group_id=…`.
pub(super) fn delete_group(token: UserAccessToken, group_id: GroupId) -> Call<()> {
    Call::new(&DELETE_GROUP, &token).query("group_id", group_id.as_str())
}

/// #57 `POST users/chatgroups/chatgroup/members?key=UAT&group_id=…`, body `{"members":[...]}`.
pub(super) fn add_group_members(
    token: UserAccessToken,
    group_id: GroupId,
    members: Vec<String>,
) -> Call<()> {
    Call::new(&ADD_GROUP_MEMBERS, &token)
        .query("group_id", group_id.as_str())
        .body(&MembersBody { members })
}

/// #58 `DELETE users/chatgroups/chatgroup/members?key=UAT&group_id=…&members=[...]` (the
/// JSON array, URL-encoded).
pub(super) fn remove_group_members(
    token: UserAccessToken,
    group_id: GroupId,
    members: Vec<String>,
) -> Call<()> {
    Call::new(&REMOVE_GROUP_MEMBERS, &token)
        .query("group_id", group_id.as_str())
        .json_query("members", &members)
}

/// #59 `DELETE users/chatgroups/chatgroup/members/membership?key=UAT&group_id=…`.
pub(super) fn leave_group(token: UserAccessToken, group_id: GroupId) -> Call<()> {
    Call::new(&LEAVE_GROUP, &token).query("group_id", group_id.as_str())
}

/// #60 `PUT users/chatgroups/chatgroup/mute?key=UAT&mute=true|false&group_id=…`, no body.
pub(super) fn mute_group(token: UserAccessToken, group_id: GroupId, mute: bool) -> Call<()> {
    Call::new(&MUTE_GROUP, &token)
        .query("mute", mute.to_string())
        .query("group_id", group_id.as_str())
}

/// #61 `PUT users/chatgroups/chatgroup/members/mute?key=UAT`, body `{group_id, members, mute}`.
pub(super) fn mute_group_members(
    token: UserAccessToken,
    group_id: GroupId,
    members: Vec<String>,
    mute: bool,
) -> Call<()> {
    Call::new(&MUTE_GROUP_MEMBERS, &token).body(&MuteMembersBody {
        group_id,
        members,
        mute,
    })
}

/// #62 `POST users/chatgroups/chatgroup/messages?key=UAT`, body
/// `{"message":{"contentType","group_id","UUID","message":{...}}}`.
pub(super) fn send_group_message(
    token: UserAccessToken,
    message: OutgoingGroupMessage,
) -> Call<()> {
    Call::new(&SEND_GROUP_MESSAGE, &token).body(&MessageBody { message: &message })
}
