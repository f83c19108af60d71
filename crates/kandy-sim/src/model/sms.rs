//! SMS (#79): nothing is delivered; every SMS goes into an outbox for inspection.

use super::{Model, ModelError, validate};
use kandy_core::{DeviceId, OutgoingSms, UserAccessToken};
use serde::{Deserialize, Serialize};

/// One SMS in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentSms {
    /// The `source` the sender gave, if any.
    pub source: Option<String>,
    /// The recipient's number, as given.
    pub destination: String,
    /// The text.
    pub text: String,
    /// The sending user's `full_user_id`; `None` for a verification SMS.
    pub sender: Option<String>,
    /// The sending device; `None` for a verification SMS.
    pub device_id: Option<DeviceId>,
    /// When it was sent (ms, on the simulator's clock).
    pub timestamp: u64,
}

impl Model {
    /// #79: appends an SMS from one of the user's devices to the outbox. The destination is
    /// `+` and 7 to 15 digits, or 7 to 15 digits; the text is required; `source` is optional.
    pub fn send_sms(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        sms: OutgoingSms,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        validate::sms_destination(&sms.destination)?;
        validate::required("message.text", &sms.message.text)?;
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            let sent = SentSms {
                source: sms.source,
                destination: sms.destination,
                text: sms.message.text,
                sender: Some(who.full_id()),
                device_id: Some(device_id.clone()),
                timestamp: m.state.now_ms,
            };
            m.state.sms_outbox.push(sent);
            Ok(())
        })
    }

    /// Every SMS sent, oldest first.
    pub fn sms_outbox(&self) -> &[SentSms] {
        &self.state.sms_outbox
    }
}
