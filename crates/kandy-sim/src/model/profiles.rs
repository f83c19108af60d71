//! User profiles (#50, #51): the display fields of a user, read by any user of its domain and
//! written by the user itself.
//!
//! The profile is the user's own record: `first_name` and `last_name` are the
//! `user_first_name` and `user_last_name` the other endpoints show (#12, #14, the directory);
//! `status_text`, `image_details` and `user_data` are kept as written.

use super::state::{Profile, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::{UserAccessToken, UserProfile, UserProfileUpdate};

/// The longest value a profile field takes (16 beyond), so a profile stays bounded.
pub const MAX_PROFILE_FIELD_CHARS: usize = 4096;

fn profile_view(who: &UserRef, profile: &Profile) -> UserProfile {
    let mut view = UserProfile::new()
        .with_user_id(&who.user)
        .with_domain_name(&who.domain)
        .with_full_user_id(who.full_id());
    view.first_name = profile.first_name.clone();
    view.last_name = profile.last_name.clone();
    view.status_text = profile.status_text.clone();
    view.image_details = profile.image_details.clone();
    view.user_data = profile.user_data.clone();
    view
}

impl Model {
    /// #50: the profile of `user_id` (bare, or `user_id@domain_name`) of `domain_name`; a
    /// user of another domain, as an unknown one, is 53.
    pub fn get_user_profile(
        &mut self,
        token: &UserAccessToken,
        user_id: &str,
        domain_name: &str,
    ) -> Result<UserProfile, ModelError> {
        validate::required("user_id", user_id)?;
        validate::required("domain_name", domain_name)?;
        self.as_user(token, |m, who| {
            let unknown = || {
                ModelError::not_found(format!("the user {user_id}@{domain_name} does not exist"))
            };
            if domain_name.trim() != who.domain {
                return Err(unknown());
            }
            let named = m
                .named_user(&who.domain, user_id.trim())
                .ok_or_else(unknown)?;
            Ok(profile_view(&named, &m.user(&named)?.profile))
        })
    }

    /// #51: sets each field `update` carries; the others stay, and so does a field given
    /// empty (over HTTP an empty optional parameter is absent, DECISIONS 20, and the
    /// in-process simulator answers alike).
    pub fn update_user_profile(
        &mut self,
        token: &UserAccessToken,
        update: UserProfileUpdate,
    ) -> Result<(), ModelError> {
        for (name, value) in update.query_pairs() {
            if value.chars().count() > MAX_PROFILE_FIELD_CHARS {
                return Err(ModelError::invalid(format!(
                    "{name} is longer than {MAX_PROFILE_FIELD_CHARS} characters"
                )));
            }
        }
        self.as_user(token, |m, who| {
            let profile = &mut m.user_mut(who)?.profile;
            let set = |field: &mut Option<String>, value: Option<String>| {
                if let Some(value) = value.filter(|v| !v.is_empty()) {
                    *field = Some(value);
                }
            };
            set(&mut profile.first_name, update.first_name);
            set(&mut profile.last_name, update.last_name);
            set(&mut profile.status_text, update.status_text);
            set(&mut profile.image_details, update.image_details);
            set(&mut profile.user_data, update.user_data);
            Ok(())
        })
    }
}
