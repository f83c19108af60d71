//! User profiles (#50, #51).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_user_profile(
        &self,
        token: UserAccessToken,
        user_id: String,
        domain_name: String,
    ) -> Result<UserProfile> {
        self.call(&op::GET_USER_PROFILE, token.expose_secret(), None, |m| {
            m.get_user_profile(&token, &user_id, &domain_name)
        })
    }

    pub(in crate::simulator) async fn update_user_profile(
        &self,
        token: UserAccessToken,
        update: UserProfileUpdate,
    ) -> Result<()> {
        self.call(&op::UPDATE_USER_PROFILE, token.expose_secret(), None, |m| {
            m.update_user_profile(&token, update)
        })
    }
}
