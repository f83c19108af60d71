//! Hunt groups (endpoints #21–#29): a domain's call-distribution groups, their users (the
//! agents a call to the group rings) and their admins.
//!
//! Only one caller (the KandyAPIPython wrapper) is known, and it shows no result: the
//! request fields are its; every result shape here is the SDK's choice, which the
//! simulator answers in.

use serde::{Deserialize, Serialize};

/// The body of `create_hunt_group` (#21): the wrapper sends `huntgroup_name`,
/// `huntgroup_type`, `pilot_uri_address`, `overflow_dest` and `anonymous_uri`.
///
/// The name, type and pilot address are required here; the two others are sent only when
/// set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewHuntGroup {
    /// The group's name, which identifies it in every other hunt group call.
    pub huntgroup_name: String,
    /// How calls are distributed, e.g. `"roundrobin"` (the one policy kandy.js dials, #48).
    pub huntgroup_type: String,
    /// The address callers dial to reach the group (a SIP URI or a full user id).
    pub pilot_uri_address: String,
    /// Where a call goes when no agent answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow_dest: Option<String>,
    /// The address an anonymous caller reaches the group at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_uri: Option<String>,
}

impl NewHuntGroup {
    /// A group with this name, distribution type and pilot address.
    pub fn new(
        huntgroup_name: impl Into<String>,
        huntgroup_type: impl Into<String>,
        pilot_uri_address: impl Into<String>,
    ) -> Self {
        Self {
            huntgroup_name: huntgroup_name.into(),
            huntgroup_type: huntgroup_type.into(),
            pilot_uri_address: pilot_uri_address.into(),
            overflow_dest: None,
            anonymous_uri: None,
        }
    }

    /// Sets where unanswered calls go.
    pub fn with_overflow_dest(mut self, overflow_dest: impl Into<String>) -> Self {
        self.overflow_dest = Some(overflow_dest.into());
        self
    }

    /// Sets the anonymous callers' address.
    pub fn with_anonymous_uri(mut self, anonymous_uri: impl Into<String>) -> Self {
        self.anonymous_uri = Some(anonymous_uri.into());
        self
    }
}

/// A hunt group in `get_hunt_groups` (#22): `result.huntgroups`, each with the fields it was
/// created with.
///
/// The SDK's choice (no caller shows the result): the list is keyed `huntgroups`, like the
/// path, and each entry repeats the creation fields. Only the name is required when
/// decoding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HuntGroup {
    /// The group's name.
    pub huntgroup_name: String,
    /// How calls are distributed, e.g. `"roundrobin"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huntgroup_type: Option<String>,
    /// The address callers dial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pilot_uri_address: Option<String>,
    /// Where unanswered calls go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow_dest: Option<String>,
    /// The anonymous callers' address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_uri: Option<String>,
}

impl HuntGroup {
    /// A group with this name and nothing else known.
    pub fn new(huntgroup_name: impl Into<String>) -> Self {
        Self {
            huntgroup_name: huntgroup_name.into(),
            huntgroup_type: None,
            pilot_uri_address: None,
            overflow_dest: None,
            anonymous_uri: None,
        }
    }

    /// Sets the distribution type.
    pub fn with_huntgroup_type(mut self, huntgroup_type: impl Into<String>) -> Self {
        self.huntgroup_type = Some(huntgroup_type.into());
        self
    }

    /// Sets the pilot address.
    pub fn with_pilot_uri_address(mut self, pilot_uri_address: impl Into<String>) -> Self {
        self.pilot_uri_address = Some(pilot_uri_address.into());
        self
    }

    /// Sets where unanswered calls go.
    pub fn with_overflow_dest(mut self, overflow_dest: impl Into<String>) -> Self {
        self.overflow_dest = Some(overflow_dest.into());
        self
    }

    /// Sets the anonymous callers' address.
    pub fn with_anonymous_uri(mut self, anonymous_uri: impl Into<String>) -> Self {
        self.anonymous_uri = Some(anonymous_uri.into());
        self
    }
}

impl From<NewHuntGroup> for HuntGroup {
    fn from(group: NewHuntGroup) -> Self {
        Self {
            huntgroup_name: group.huntgroup_name,
            huntgroup_type: Some(group.huntgroup_type),
            pilot_uri_address: Some(group.pilot_uri_address),
            overflow_dest: group.overflow_dest,
            anonymous_uri: group.anonymous_uri,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_has_the_wrappers_fields_and_leaves_out_what_is_unset() {
        let group = NewHuntGroup::new("sales", "roundrobin", "sip:sales@d.com");
        assert_eq!(
            serde_json::to_value(&group).unwrap(),
            json!({"huntgroup_name": "sales", "huntgroup_type": "roundrobin",
                   "pilot_uri_address": "sip:sales@d.com"})
        );
        let full = group
            .with_overflow_dest("bob@d.com")
            .with_anonymous_uri("sip:anon@d.com");
        assert_eq!(
            serde_json::to_value(&full).unwrap()["overflow_dest"],
            "bob@d.com"
        );
        let listed = HuntGroup::from(full);
        assert_eq!(listed.anonymous_uri.as_deref(), Some("sip:anon@d.com"));
    }

    #[test]
    fn a_listed_group_needs_only_its_name() {
        let group: HuntGroup =
            serde_json::from_value(json!({"huntgroup_name": "s", "x": 1})).unwrap();
        assert_eq!(group, HuntGroup::new("s"));
        assert!(serde_json::from_value::<HuntGroup>(json!({"huntgroup_type": "r"})).is_err());
    }
}
