//! Lookups (#9, #18, #47–#49).

use crate::call::Call;
use kandy_core::operation::{
    GET_ACTIVE_BILLING_PACKAGES, GET_COUNTRY_CODES, GET_DOMAIN_DETAILS_LIMITED, GET_ROLLOVER_GROUP,
    NORMALIZE_PHONE_NUMBER,
};
use kandy_core::{
    BillingPackage, CountryCode, DomainAccessToken, LimitedDomainDetails, NormalizedPhoneNumber,
    RolloverGroup, UserAccessToken,
};

/// #9 `GET domains/details/limited?key=DAT`: `result.domain` (or a bare `result`).
pub(super) fn get_domain_details_limited(token: DomainAccessToken) -> Call<LimitedDomainDetails> {
    Call::new(&GET_DOMAIN_DETAILS_LIMITED, &token).reads_wrapped("domain")
}

/// #18 `GET domains/countrycodes?key=DAT[&MCC=…]`: `result.country_codes`.
pub(super) fn get_country_codes(
    token: DomainAccessToken,
    mcc: Option<String>,
) -> Call<Vec<CountryCode>> {
    Call::new(&GET_COUNTRY_CODES, &token)
        .optional_query("MCC", mcc)
        .reads_field("country_codes")
}

/// #47 `GET users/services/normalize/phone_number?key=UAT&phone_number=…&country_code=…`: the
/// whole `result`.
pub(super) fn normalize_phone_number(
    token: UserAccessToken,
    phone_number: String,
    country_code: String,
) -> Call<NormalizedPhoneNumber> {
    Call::new(&NORMALIZE_PHONE_NUMBER, &token)
        .query("phone_number", phone_number)
        .query("country_code", country_code)
        .reads_whole()
}

/// #48 `GET users/rollovergroups/rollovergroup?key=UAT&group_name=…`: `result.group`.
pub(super) fn get_rollover_group(
    token: UserAccessToken,
    group_name: String,
) -> Call<RolloverGroup> {
    Call::new(&GET_ROLLOVER_GROUP, &token)
        .query("group_name", group_name)
        .reads_field("group")
}

/// #49 `GET users/billing/packages/status/active?key=UAT`: `result.packages`.
pub(super) fn get_active_billing_packages(token: UserAccessToken) -> Call<Vec<BillingPackage>> {
    Call::new(&GET_ACTIVE_BILLING_PACKAGES, &token).reads_field("packages")
}
