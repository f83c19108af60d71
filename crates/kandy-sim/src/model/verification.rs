//! Phone verification (#19, #20): a 4-digit code by SMS, valid once, in the domain that sent it.

use super::sms::SentSms;
use super::state::VerificationCode;
use super::{Model, ModelError, validate};
use kandy_core::DomainAccessToken;

impl Model {
    /// #19: puts an SMS with a fresh 4-digit code into the outbox.
    pub fn send_verification_sms(
        &mut self,
        token: &DomainAccessToken,
        phone_number: &str,
        country_code: &str,
    ) -> Result<(), ModelError> {
        let digits = validate::phone_number(phone_number)?;
        let calling_code = validate::country_code(country_code)?;
        let domain = self.domain_of(token)?;
        self.domain(&domain)?;
        let code = self.state.generator.digits_in("code", 4);
        let phone = format!("+{calling_code}{digits}");
        let now = self.state.now_ms;
        self.state.sms_outbox.push(SentSms {
            source: None,
            destination: phone.clone(),
            text: format!("Your verification code is {code}"),
            sender: None,
            device_id: None,
            timestamp: now,
        });
        self.domain_mut(&domain)?
            .verification_codes
            .push(VerificationCode {
                code,
                phone,
                sent_ms: now,
            });
        Ok(())
    }

    /// #20: whether `code` was sent by this domain and not checked yet; a valid code is used up.
    pub fn check_verification_code(
        &mut self,
        token: &DomainAccessToken,
        code: &str,
    ) -> Result<bool, ModelError> {
        validate::required("validation_code", code)?;
        let domain = self.domain_of(token)?;
        let codes = &mut self.domain_mut(&domain)?.verification_codes;
        match codes.iter().position(|sent| sent.code == code.trim()) {
            Some(at) => {
                codes.remove(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
