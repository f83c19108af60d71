//! Registration (#30): mobile-style onboarding. A phone number proven by the verification
//! code of #19 creates (or finds) its user and registers a device, and the answer carries a
//! user access token, so no password is ever shown.

use crate::credentials::UserAccessToken;
use crate::ids::DeviceId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The request of `register` (#30): the body `{user_phone_number, user_country_code,
/// validation_code, device_native_id}` kandy.js sends, and the `client_sw_version` and
/// `client_sw_type` it puts in the query (sent only when set).
///
/// `Debug` does not show the validation code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewRegistration {
    /// The national phone number, digits only.
    pub user_phone_number: String,
    /// The country code, e.g. `US`.
    pub user_country_code: String,
    /// The code sent by `send_verification_sms` (#19); it is used up.
    pub validation_code: String,
    /// The device's own id (IMEI, vendor id...).
    pub device_native_id: String,
    /// The client software's version (query parameter `client_sw_version`).
    #[serde(skip)]
    pub client_sw_version: Option<String>,
    /// The client software's kind, e.g. `JS` (query parameter `client_sw_type`).
    #[serde(skip)]
    pub client_sw_type: Option<String>,
}

impl NewRegistration {
    /// A registration of this number, proven by `validation_code`, for the device
    /// `device_native_id`.
    pub fn new(
        phone_number: impl Into<String>,
        country_code: impl Into<String>,
        validation_code: impl Into<String>,
        device_native_id: impl Into<String>,
    ) -> Self {
        Self {
            user_phone_number: phone_number.into(),
            user_country_code: country_code.into(),
            validation_code: validation_code.into(),
            device_native_id: device_native_id.into(),
            client_sw_version: None,
            client_sw_type: None,
        }
    }

    /// Names the client software, as kandy.js does (`"JS"`, `"2.2.1"`).
    pub fn with_client_software(
        mut self,
        client_sw_type: impl Into<String>,
        client_sw_version: impl Into<String>,
    ) -> Self {
        self.client_sw_type = Some(client_sw_type.into());
        self.client_sw_version = Some(client_sw_version.into());
        self
    }
}

impl fmt::Debug for NewRegistration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewRegistration")
            .field("user_phone_number", &self.user_phone_number)
            .field("user_country_code", &self.user_country_code)
            .field("validation_code", &"***")
            .field("device_native_id", &self.device_native_id)
            .field("client_sw_version", &self.client_sw_version)
            .field("client_sw_type", &self.client_sw_type)
            .finish()
    }
}

/// The result of `register` (#30), as kandy.js documents it: `{user_id, full_user_id,
/// domain_name, user_access_token, device_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Registration {
    /// The user id (the calling code plus the number, e.g. `972542405850`).
    pub user_id: String,
    /// `user_id@domain_name`.
    pub full_user_id: String,
    /// The domain name.
    pub domain_name: String,
    /// A user access token for the registered user.
    pub user_access_token: UserAccessToken,
    /// The registered device.
    pub device_id: DeviceId,
}

impl Registration {
    /// A registration of `user_id@domain_name` with this token and device.
    pub fn new(
        user_id: impl Into<String>,
        domain_name: impl Into<String>,
        user_access_token: UserAccessToken,
        device_id: DeviceId,
    ) -> Self {
        let (user_id, domain_name) = (user_id.into(), domain_name.into());
        Self {
            full_user_id: format!("{user_id}@{domain_name}"),
            user_id,
            domain_name,
            user_access_token,
            device_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_leaves_the_query_parameters_out_and_debug_hides_the_code() {
        let registration = NewRegistration::new("4034932232", "UA", "1234", "3456")
            .with_client_software("JS", "2.2.1");
        assert_eq!(
            serde_json::to_value(&registration).unwrap(),
            json!({"user_phone_number": "4034932232", "user_country_code": "UA",
                   "validation_code": "1234", "device_native_id": "3456"})
        );
        assert!(!format!("{registration:?}").contains("1234"));
        let done = Registration::new(
            "972542405850",
            "domain.com",
            UserAccessToken::new("UAT1"),
            DeviceId::new("d1"),
        );
        assert_eq!(done.full_user_id, "972542405850@domain.com");
    }
}
