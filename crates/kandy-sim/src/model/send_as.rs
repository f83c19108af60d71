//! The operator sending a message as a user (the dashboard's "send as"), by the same rules
//! as #77: a token is issued for the user as #15a would, used for one send, and revoked.

use super::{Model, ModelError};
use kandy_core::{DeviceId, DomainApiKey, DomainApiSecret, ExposeSecret, OutgoingMessage};

impl Model {
    /// Sends `message` as the user `from` (`user@domain`) from `device_id`, or from its first
    /// device. 53 for an unknown user or a device that is not the user's (or none), 16 for a
    /// name without `@`; the send itself refuses as #77 does. The token it uses is gone after.
    pub fn send_as(
        &mut self,
        from: &str,
        device_id: Option<&DeviceId>,
        message: OutgoingMessage,
    ) -> Result<(), ModelError> {
        let Some((user, domain)) = from.split_once('@') else {
            return Err(ModelError::bad_value(
                "bad parameter value: the sender must be a full user id, user@domain",
            ));
        };
        let found = self.state.domains.get(domain).and_then(|d| {
            let keys = (d.api_key.clone(), d.api_secret.clone());
            d.users
                .get(user)
                .map(|u| (keys, u.devices.keys().next().cloned()))
        });
        let Some(((key, secret), first)) = found else {
            return Err(ModelError::not_found("no such user"));
        };
        let device = match device_id {
            Some(device) => device.clone(),
            None => {
                DeviceId::new(first.ok_or_else(|| ModelError::not_found("the user has no device"))?)
            }
        };
        let token = self.get_user_access_token(
            &DomainApiKey::new(key),
            &DomainApiSecret::new(secret),
            user,
        )?;
        // The send notes that it was sent, as it goes.
        let sent = self.send_message(&token, &device, message);
        self.state.tokens.swap_remove(token.expose_secret());
        sent
    }
}
