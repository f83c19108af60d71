//! Lookups (#9, #18, #47–#49).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::KandyApi;

pub(super) async fn get_domain_details_limited(c: &Call<'_>) -> Outcome {
    let details = c.done(c.api.get_domain_details_limited(c.key()?).await)?;
    Success::field("domain", &details)
}

/// `MCC` as the one caller spells it; sent empty, it is absent (every country).
pub(super) async fn get_country_codes(c: &Call<'_>) -> Outcome {
    let countries = c.done(c.api.get_country_codes(c.key()?, c.opt("MCC")).await)?;
    Success::field("country_codes", &countries)
}

pub(super) async fn normalize_phone_number(c: &Call<'_>) -> Outcome {
    let (number, country) = (c.param("phone_number")?, c.param("country_code")?);
    let normalized = c.done(
        c.api
            .normalize_phone_number(c.key()?, number, country)
            .await,
    )?;
    Success::object(&normalized)
}

pub(super) async fn get_rollover_group(c: &Call<'_>) -> Outcome {
    let name = c.param("group_name")?;
    let group = c.done(c.api.get_rollover_group(c.key()?, name).await)?;
    Success::field("group", &group)
}

pub(super) async fn get_active_billing_packages(c: &Call<'_>) -> Outcome {
    let packages = c.done(c.api.get_active_billing_packages(c.key()?).await)?;
    Success::field("packages", &packages)
}
