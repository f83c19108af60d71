//! Domain access tokens (#7, #8).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::KandyApi;

pub(super) async fn get_domain_access_token(c: &Call<'_>) -> Outcome {
    let token = c.done(
        c.api
            .get_domain_access_token(c.key()?, c.typed("domain_api_secret")?)
            .await,
    )?;
    Success::field("domain_access_token", &token)
}

pub(super) async fn delete_domain_access_token(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_domain_access_token(
                c.key()?,
                c.typed("domain_api_secret")?,
                c.typed("domain_access_token")?,
            )
            .await,
    )?;
    Ok(Success::plain())
}
