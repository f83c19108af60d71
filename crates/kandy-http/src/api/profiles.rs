//! User profiles (#50, #51).

use crate::call::Call;
use kandy_core::operation::{GET_USER_PROFILE, UPDATE_USER_PROFILE};
use kandy_core::{UserAccessToken, UserProfile, UserProfileUpdate};

/// #50 `GET users/profiles/user_profiles/user_profile?key=UAT&user_id=…&domain_name=…`:
/// `result.user_profile` (or a bare `result`).
pub(super) fn get_user_profile(
    token: UserAccessToken,
    user_id: String,
    domain_name: String,
) -> Call<UserProfile> {
    Call::new(&GET_USER_PROFILE, &token)
        .query("user_id", user_id)
        .query("domain_name", domain_name)
        .reads_wrapped("user_profile")
}

/// #51 `POST users/profiles/user_profiles?key=UAT&first_name=…&last_name=…&status_text=…
/// &image_details=…&user_data=…`: every field set, in the query; no body.
pub(super) fn update_user_profile(token: UserAccessToken, update: UserProfileUpdate) -> Call<()> {
    update.query_pairs().fold(
        Call::new(&UPDATE_USER_PROFILE, &token),
        |call, (name, value)| call.query(name, value),
    )
}
