//! Chat groups (endpoints #52–#61).

use crate::ids::GroupId;
use serde::{Deserialize, Serialize};

/// The body of `create_group` (#53).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewGroup {
    /// The group's name.
    pub group_name: String,
    /// The group's image; every known caller sends `{}`.
    #[serde(default = "empty_object")]
    pub group_image: serde_json::Value,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

impl NewGroup {
    /// A group with this name and an empty image.
    pub fn new(group_name: impl Into<String>) -> Self {
        Self {
            group_name: group_name.into(),
            group_image: empty_object(),
        }
    }
}

/// The body of `update_group` (#55).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupUpdate {
    /// The group.
    pub group_id: GroupId,
    /// The new name.
    pub group_name: String,
    /// The new image.
    #[serde(default = "empty_object")]
    pub group_image: serde_json::Value,
}

impl GroupUpdate {
    /// Renames a group, with an empty image.
    pub fn new(group_id: GroupId, group_name: impl Into<String>) -> Self {
        Self {
            group_id,
            group_name: group_name.into(),
            group_image: empty_object(),
        }
    }
}

/// An owner or member of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupMember {
    /// The member's `full_user_id`.
    pub full_user_id: String,
    /// Whether the member is muted in the group.
    #[serde(default)]
    pub muted: bool,
}

impl GroupMember {
    /// A member with this id, not muted.
    pub fn new(full_user_id: impl Into<String>) -> Self {
        Self {
            full_user_id: full_user_id.into(),
            muted: false,
        }
    }
}

/// A chat group, as created (#53), listed (#52) or fetched (#54).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// The group id.
    pub group_id: GroupId,
    /// The name.
    pub group_name: String,
    /// The image object.
    #[serde(default = "empty_object")]
    pub group_image: serde_json::Value,
    /// The most members the group may have (`"50"` on the wire).
    #[serde(with = "crate::wire::digits")]
    pub max_members: u64,
    /// The owners; the first is the creator.
    #[serde(default)]
    pub owners: Vec<GroupMember>,
    /// The members, owners included.
    #[serde(default)]
    pub members: Vec<GroupMember>,
    /// When the group was created (ms since the epoch).
    #[serde(with = "crate::wire::number")]
    pub creation_time: u64,
    /// Whether the requesting user has muted the group.
    #[serde(default)]
    pub muted: bool,
}
