//! Phone number verification (#19, #20).

use crate::call::Call;
use kandy_core::DomainAccessToken;
use kandy_core::operation::{CHECK_VERIFICATION_CODE, SEND_VERIFICATION_SMS};
use serde::Serialize;

/// The body of #19.
#[derive(Serialize)]
struct VerificationSms {
    user_phone_number: String,
    user_country_code: String,
}

/// #19 `POST domains/verifications/smss?key=DAT`, body `{user_phone_number,
/// user_country_code}`.
pub(super) fn send_verification_sms(
    token: DomainAccessToken,
    phone_number: String,
    country_code: String,
) -> Call<()> {
    Call::new(&SEND_VERIFICATION_SMS, &token).body(&VerificationSms {
        user_phone_number: phone_number,
        user_country_code: country_code,
    })
}

/// #20 `GET domains/verifications/codes?key=DAT&validation_code=…`: `result.valid`.
pub(super) fn check_verification_code(token: DomainAccessToken, code: String) -> Call<bool> {
    Call::new(&CHECK_VERIFICATION_CODE, &token)
        .query("validation_code", code)
        .reads_field("valid")
}
