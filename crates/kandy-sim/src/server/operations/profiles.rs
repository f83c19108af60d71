//! User profiles (#50, #51; #51 reads its fields from the query of its POST, as kandy.js
//! sends them, and ignores any body).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, UserProfileUpdate};

pub(super) async fn get_user_profile(c: &Call<'_>) -> Outcome {
    let (user_id, domain_name) = (c.param("user_id")?, c.param("domain_name")?);
    let profile = c.done(c.api.get_user_profile(c.key()?, user_id, domain_name).await)?;
    Success::field("user_profile", &profile)
}

pub(super) async fn update_user_profile(c: &Call<'_>) -> Outcome {
    let mut update = UserProfileUpdate::new();
    update.first_name = c.opt("first_name");
    update.last_name = c.opt("last_name");
    update.status_text = c.opt("status_text");
    update.image_details = c.opt("image_details");
    update.user_data = c.opt("user_data");
    c.done(c.api.update_user_profile(c.key()?, update).await)?;
    Ok(Success::plain())
}
