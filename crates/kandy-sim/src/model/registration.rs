//! Registration (#30): a phone number proven by a code of #19 registers a device and logs its
//! user in.
//!
//! The user id is the calling code and the number, as #11 makes it. A new number creates its
//! user (generated password, no name) whose one device is the registered one; a known number
//! registers the device for its user (the same `device_native_id` again is the same device).
//! The code must have been sent by this domain to this number, and is used up. Every check
//! comes before any change: a refused registration creates nothing and keeps the code.

use super::state::{Device, Holder, Profile, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::{DeviceId, DomainAccessToken, NewRegistration, Registration, UserAccessToken};

impl Model {
    /// #30: checks the body (15, 16, 54), the token (55, 10), then the code (14).
    pub fn register(
        &mut self,
        token: &DomainAccessToken,
        registration: NewRegistration,
    ) -> Result<Registration, ModelError> {
        let digits = validate::phone_number(&registration.user_phone_number)?;
        let calling_code = validate::country_code(&registration.user_country_code)?;
        validate::required("validation_code", &registration.validation_code)?;
        validate::required("device_native_id", &registration.device_native_id)?;
        let domain = self.domain_of(token)?;
        let phone = format!("+{calling_code}{digits}");
        let code = registration.validation_code.trim();
        let at = self
            .domain(&domain)?
            .verification_codes
            .iter()
            .position(|sent| sent.code == code && sent.phone == phone)
            .ok_or_else(|| {
                ModelError::new(
                    kandy_core::status::VALIDATION_FAILED,
                    "the validation code is wrong, used up, or was sent to another number",
                )
            })?;
        let user_id = format!("{calling_code}{digits}");
        let who = UserRef {
            domain: domain.clone(),
            user: user_id.clone(),
        };
        let now = self.state.now_ms;
        let device_id = if self.user(&who).is_ok() {
            self.register_device(&who, &registration, now)?
        } else {
            let profile = Profile {
                phone_number: Some(digits),
                country_code: Some(registration.user_country_code.clone()),
                ..Profile::default()
            };
            self.add_user(&domain, user_id, profile, None)?;
            // The new user's default device is the registered one.
            let user = self.user_mut(&who)?;
            let (id, device) = user
                .devices
                .first_mut()
                .ok_or_else(|| ModelError::internal("internal error: a new user's device"))?;
            device.native_id = registration.device_native_id.clone();
            device.client_sw_version = registration.client_sw_version.clone();
            id.clone()
        };
        self.domain_mut(&domain)?.verification_codes.remove(at);
        let token = self.issue_token("UAT", Holder::User(who.clone()));
        Ok(Registration::new(
            who.user,
            who.domain,
            UserAccessToken::new(token),
            DeviceId::new(device_id),
        ))
    }

    /// The device of an existing user with the registration's native id: found, or added.
    fn register_device(
        &mut self,
        who: &UserRef,
        registration: &NewRegistration,
        now: u64,
    ) -> Result<String, ModelError> {
        let native_id = &registration.device_native_id;
        if let Some((id, _)) = self
            .user(who)?
            .devices
            .iter()
            .find(|(_, device)| device.native_id == *native_id)
        {
            return Ok(id.clone());
        }
        let id = self.fresh_id("", |m, v| m.index.device_owner.contains_key(v));
        let user = self.user_mut(who)?;
        let mut device = Device::default_device(now);
        device.native_id = native_id.clone();
        device.client_sw_version = registration.client_sw_version.clone();
        device.queue = std::mem::take(&mut user.held);
        user.devices.insert(id.clone(), device);
        self.index
            .device_owner
            .insert(std::sync::Arc::from(id.as_str()), who.clone());
        Ok(id)
    }
}
