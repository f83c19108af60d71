//! A user's devices (#33–#35).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_devices(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<Device>> {
        self.call_shared(&op::GET_DEVICES, token.expose_secret(), None, |m, _| {
            m.get_devices(&token)
        })
    }

    pub(in crate::simulator) async fn create_device(
        &self,
        token: UserAccessToken,
        device: NewDevice,
    ) -> Result<DeviceId> {
        self.call(&op::CREATE_DEVICE, token.expose_secret(), None, |m| {
            m.create_device(&token, device)
        })
    }

    pub(in crate::simulator) async fn delete_device(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()> {
        self.call(
            &op::DELETE_DEVICE,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_device(&token, &device_id),
        )
    }
}

impl super::Simulator {
    /// #33 for the server: `read` sees the user's devices borrowed from the state, under the
    /// model's lock (so it must be quick and must not block). The fault plan applies as to
    /// [`KandyApi::get_devices`]; fails as it does, without calling `read`.
    #[cfg(feature = "server")]
    pub(crate) fn read_devices<T>(
        &self,
        token: &UserAccessToken,
        read: impl FnOnce(&mut dyn Iterator<Item = DeviceView<'_>>) -> T,
    ) -> Result<T> {
        let entry = self.journaling().then(|| {
            super::Applied::Api(super::ApiCall::get_devices {
                token: token.clone(),
            })
        });
        self.call_shared(
            &op::GET_DEVICES,
            token.expose_secret(),
            None,
            entry,
            |m, _| m.read_devices(token, read),
        )
    }
}
