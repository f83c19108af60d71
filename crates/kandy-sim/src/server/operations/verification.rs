//! Phone verification (#19, #20).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::KandyApi;
use serde::Deserialize;

#[derive(Deserialize)]
struct PhoneNumber {
    user_phone_number: String,
    user_country_code: String,
}

pub(super) async fn send_verification_sms(c: &Call<'_>) -> Outcome {
    let phone: PhoneNumber = c.body()?;
    c.done(
        c.api
            .send_verification_sms(c.key()?, phone.user_phone_number, phone.user_country_code)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn check_verification_code(c: &Call<'_>) -> Outcome {
    let valid = c.done(
        c.api
            .check_verification_code(c.key()?, c.param("validation_code")?)
            .await,
    )?;
    Success::field("valid", &valid)
}
