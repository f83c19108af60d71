//! A user's devices (#33–#35).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_devices(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<Device>> {
        self.0
            .call(&op::GET_DEVICES, token.expose_secret(), None, |m| {
                m.get_devices(&token)
            })
    }

    pub(in crate::simulator) async fn create_device(
        &self,
        token: UserAccessToken,
        device: NewDevice,
    ) -> Result<DeviceId> {
        self.0
            .call(&op::CREATE_DEVICE, token.expose_secret(), None, |m| {
                m.create_device(&token, device)
            })
    }

    pub(in crate::simulator) async fn delete_device(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()> {
        self.0.call(
            &op::DELETE_DEVICE,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_device(&token, &device_id),
        )
    }
}
