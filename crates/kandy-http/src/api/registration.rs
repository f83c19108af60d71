//! Registration (#30).

use crate::call::Call;
use kandy_core::operation::REGISTER;
use kandy_core::{DomainAccessToken, NewRegistration, Registration};

/// #30 `POST api_wrappers/registrations?key=DAT[&client_sw_version=…&client_sw_type=…]`, body
/// `{user_phone_number, user_country_code, validation_code, device_native_id}`: the whole
/// `result` (the validation code is scrubbed from anything the answer echoes).
pub(super) fn register(
    token: DomainAccessToken,
    registration: NewRegistration,
) -> Call<Registration> {
    Call::new(&REGISTER, &token)
        .optional_query("client_sw_version", registration.client_sw_version.clone())
        .optional_query("client_sw_type", registration.client_sw_type.clone())
        .body_secret_text(&registration.validation_code)
        .body(&registration)
        .reads_whole()
}
