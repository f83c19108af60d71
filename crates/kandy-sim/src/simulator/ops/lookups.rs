//! Lookups (#9, #18, #47–#49).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_domain_details_limited(
        &self,
        token: DomainAccessToken,
    ) -> Result<LimitedDomainDetails> {
        self.call(
            &op::GET_DOMAIN_DETAILS_LIMITED,
            token.expose_secret(),
            None,
            |m| m.get_domain_details_limited(&token),
        )
    }

    pub(in crate::simulator) async fn get_country_codes(
        &self,
        token: DomainAccessToken,
        mcc: Option<String>,
    ) -> Result<Vec<CountryCode>> {
        self.call(&op::GET_COUNTRY_CODES, token.expose_secret(), None, |m| {
            m.get_country_codes(&token, mcc.as_deref())
        })
    }

    pub(in crate::simulator) async fn normalize_phone_number(
        &self,
        token: UserAccessToken,
        phone_number: String,
        country_code: String,
    ) -> Result<NormalizedPhoneNumber> {
        self.call(
            &op::NORMALIZE_PHONE_NUMBER,
            token.expose_secret(),
            None,
            |m| m.normalize_phone_number(&token, &phone_number, &country_code),
        )
    }

    pub(in crate::simulator) async fn get_rollover_group(
        &self,
        token: UserAccessToken,
        group_name: String,
    ) -> Result<RolloverGroup> {
        self.call(&op::GET_ROLLOVER_GROUP, token.expose_secret(), None, |m| {
            m.get_rollover_group(&token, &group_name)
        })
    }

    pub(in crate::simulator) async fn get_active_billing_packages(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<BillingPackage>> {
        self.call(
            &op::GET_ACTIVE_BILLING_PACKAGES,
            token.expose_secret(),
            None,
            |m| m.get_active_billing_packages(&token),
        )
    }
}
