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

    /// Sets whether the member is muted in the group.
    pub fn with_muted(mut self, muted: bool) -> Self {
        self.muted = muted;
        self
    }
}

impl From<&str> for GroupMember {
    /// The member with this `full_user_id`, not muted.
    fn from(full_user_id: &str) -> Self {
        Self::new(full_user_id)
    }
}

impl From<String> for GroupMember {
    /// The member with this `full_user_id`, not muted.
    fn from(full_user_id: String) -> Self {
        Self::new(full_user_id)
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

impl Group {
    /// The most members a group may have, as the API reports it (`"max_members": "50"`).
    pub const DEFAULT_MAX_MEMBERS: u64 = 50;

    /// A group with this id and name, an empty image, [`DEFAULT_MAX_MEMBERS`](Self::DEFAULT_MAX_MEMBERS),
    /// no owner or member, created at time 0 and not muted. Add the rest with the `with_*`
    /// setters.
    pub fn new(group_id: GroupId, group_name: impl Into<String>) -> Self {
        Self {
            group_id,
            group_name: group_name.into(),
            group_image: empty_object(),
            max_members: Self::DEFAULT_MAX_MEMBERS,
            owners: Vec::new(),
            members: Vec::new(),
            creation_time: 0,
            muted: false,
        }
    }

    /// Adds an owner (the first one is the creator). Owners are not added to the members by
    /// this call: add them with [`with_member`](Self::with_member) too where the answer lists
    /// them there.
    pub fn with_owner(mut self, owner: impl Into<GroupMember>) -> Self {
        self.owners.push(owner.into());
        self
    }

    /// Adds a member.
    pub fn with_member(mut self, member: impl Into<GroupMember>) -> Self {
        self.members.push(member.into());
        self
    }

    /// Sets the image object.
    pub fn with_image(mut self, group_image: serde_json::Value) -> Self {
        self.group_image = group_image;
        self
    }

    /// Sets the most members the group may have.
    pub fn with_max_members(mut self, max_members: u64) -> Self {
        self.max_members = max_members;
        self
    }

    /// Sets when the group was created (ms since the epoch).
    pub fn with_creation_time(mut self, creation_time: u64) -> Self {
        self.creation_time = creation_time;
        self
    }

    /// Sets whether the requesting user has muted the group.
    pub fn with_muted(mut self, muted: bool) -> Self {
        self.muted = muted;
        self
    }
}
