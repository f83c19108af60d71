//! User profiles (endpoints #50, #51): a user's display fields, read by user id and domain
//! and written by the user, everything in the query of a POST (as kandy.js sends it).
//!
//! No caller shows the read's result. The SDK's choice: `result.user_profile` holding the
//! five fields the write takes plus the user's ids, so that what #51 writes #50 reads back;
//! a bare object (the fields directly in `result`) is read too.

use serde::{Deserialize, Serialize};

macro_rules! profile_setters {
    ($($(#[$doc:meta])* $field:ident => $setter:ident;)*) => {$(
        $(#[$doc])*
        pub fn $setter(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
    )*};
}

/// A user's profile, as `get_user_profile` (#50) returns it. Every field is optional when
/// decoding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserProfile {
    /// The user id, without `@domain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The domain name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// `user_id@domain_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_user_id: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// A status line ("in a meeting").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// The profile image's details, as the client wrote them (text, often JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_details: Option<String>,
    /// Free data of the client's, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

impl UserProfile {
    /// An empty profile.
    pub fn new() -> Self {
        Self::default()
    }

    profile_setters! {
        /// Sets the user id.
        user_id => with_user_id;
        /// Sets the domain name.
        domain_name => with_domain_name;
        /// Sets the full user id.
        full_user_id => with_full_user_id;
        /// Sets the first name.
        first_name => with_first_name;
        /// Sets the last name.
        last_name => with_last_name;
        /// Sets the status line.
        status_text => with_status_text;
        /// Sets the image details.
        image_details => with_image_details;
        /// Sets the client's data.
        user_data => with_user_data;
    }
}

/// What `update_user_profile` (#51) writes: each field set is sent as a query parameter of
/// the same name; a field left unset is not sent (and so not changed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserProfileUpdate {
    /// `first_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// `last_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// `status_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// `image_details`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_details: Option<String>,
    /// `user_data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

impl UserProfileUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    profile_setters! {
        /// Sets the first name.
        first_name => with_first_name;
        /// Sets the last name.
        last_name => with_last_name;
        /// Sets the status line.
        status_text => with_status_text;
        /// Sets the image details.
        image_details => with_image_details;
        /// Sets the client's data.
        user_data => with_user_data;
    }

    /// The query pairs sent, in the order kandy.js sends them.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("status_text", &self.status_text),
            ("image_details", &self.image_details),
            ("user_data", &self.user_data),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|value| (name, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_sends_only_what_is_set() {
        let update = UserProfileUpdate::new()
            .with_first_name("Ann")
            .with_status_text("away");
        let pairs: Vec<_> = update.query_pairs().collect();
        assert_eq!(pairs, [("first_name", "Ann"), ("status_text", "away")]);
        let profile: UserProfile =
            serde_json::from_str(r#"{"first_name":"Ann","user_id":"ann","x":1}"#).unwrap();
        assert_eq!(
            profile,
            UserProfile::new()
                .with_first_name("Ann")
                .with_user_id("ann")
        );
    }
}
