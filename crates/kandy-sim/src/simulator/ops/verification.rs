//! Proving a phone number (#19, #20).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn send_verification_sms(
        &self,
        token: DomainAccessToken,
        phone_number: String,
        country_code: String,
    ) -> Result<()> {
        self.call(
            &op::SEND_VERIFICATION_SMS,
            token.expose_secret(),
            None,
            |m| m.send_verification_sms(&token, &phone_number, &country_code),
        )
    }

    pub(in crate::simulator) async fn check_verification_code(
        &self,
        token: DomainAccessToken,
        code: String,
    ) -> Result<bool> {
        self.call(
            &op::CHECK_VERIFICATION_CODE,
            token.expose_secret(),
            None,
            |m| m.check_verification_code(&token, &code),
        )
    }
}
