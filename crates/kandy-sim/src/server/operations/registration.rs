//! Registration (#30): the body `{user_phone_number, user_country_code, validation_code,
//! device_native_id}`, and `client_sw_version`, `client_sw_type` from the query.

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, NewRegistration};

pub(super) async fn register(c: &Call<'_>) -> Outcome {
    let mut registration: NewRegistration = c.body()?;
    registration.client_sw_version = c.opt("client_sw_version");
    registration.client_sw_type = c.opt("client_sw_type");
    let registered = c.done(c.api.register(c.key()?, registration).await)?;
    Success::object(&registered)
}
