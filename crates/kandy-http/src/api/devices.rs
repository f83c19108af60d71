//! A user's devices (#33–#35).

use crate::call::Call;
use kandy_core::operation::{CREATE_DEVICE, DELETE_DEVICE, GET_DEVICES};
use kandy_core::{Device, DeviceId, NewDevice, UserAccessToken};

/// #33 `GET users/devices?key=UAT`: `result.devices`.
pub(super) fn get_devices(token: UserAccessToken) -> Call<Vec<Device>> {
    Call::new(&GET_DEVICES, &token).reads_field("devices")
}

/// #34 `POST users/devices?key=UAT`, body as `NewDevice` serializes: `result.device_id`.
pub(super) fn create_device(token: UserAccessToken, device: NewDevice) -> Call<DeviceId> {
    Call::new(&CREATE_DEVICE, &token)
        .body(&device)
        .reads_field("device_id")
}

/// #35 `DELETE users/devices?key=UAT&device_id=…`.
pub(super) fn delete_device(token: UserAccessToken, device_id: DeviceId) -> Call<()> {
    Call::new(&DELETE_DEVICE, &token).query("device_id", device_id.as_str())
}
