//! A user's devices (#33–#35).

use super::state::{self, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::{DeviceId, NewDevice, UserAccessToken};

impl Model {
    /// #33: the user's devices, in registration order.
    pub fn get_devices(
        &self,
        token: &UserAccessToken,
    ) -> Result<Vec<kandy_core::Device>, ModelError> {
        self.as_user_shared(token, |m, who| {
            let user = m.user(who)?;
            Ok(user
                .devices
                .iter()
                .map(|(id, device)| device_view(id, device))
                .collect())
        })
    }

    /// #33 without copying: `read` sees the user's devices, in registration order, borrowed
    /// from the state (what [`Model::get_devices`] would answer, field for field). Fails as
    /// `get_devices` does, without calling `read`.
    pub fn read_devices<T>(
        &self,
        token: &UserAccessToken,
        read: impl FnOnce(&mut dyn Iterator<Item = kandy_core::DeviceView<'_>>) -> T,
    ) -> Result<T, ModelError> {
        self.as_user_shared(token, |m, who| {
            let user = m.user(who)?;
            let mut views = user
                .devices
                .iter()
                .map(|(id, device)| borrowed_view(id, device));
            Ok(read(&mut views))
        })
    }

    /// #34: registers a device; the first device of a user without one receives every
    /// message held for it.
    pub fn create_device(
        &mut self,
        token: &UserAccessToken,
        device: NewDevice,
    ) -> Result<DeviceId, ModelError> {
        validate::required("device_native_id", &device.device_native_id)?;
        self.as_user(token, |m, who| {
            m.check_room_for_device(who)?;
            let id = m.fresh_id("", |m, v| m.index.device_owner.contains_key(v));
            let now = m.state.now_ms;
            let user = m.user_mut(who)?;
            let mut queue = std::mem::take(&mut user.held);
            let held = !queue.get_mut().is_empty();
            user.devices.insert(
                id.clone(),
                state::Device {
                    native_id: device.device_native_id,
                    family: device.device_family,
                    name: device.device_name,
                    client_sw_version: device.client_sw_version,
                    os_version: device.device_os_version,
                    registered_ms: now,
                    queue,
                    address_book: Vec::new(),
                },
            );
            m.index
                .device_owner
                .insert(std::sync::Arc::from(id.as_str()), who.clone());
            if held {
                // The held messages are the new first device's now: "messages are pending".
                let wake = kandy_core::notifications::ServerFrame::Event(
                    kandy_core::notifications::Event::MessagesAvailable,
                );
                m.push(&m.effects, who, wake);
            }
            Ok(DeviceId::new(id))
        })
    }

    /// #35: deletes one of the user's devices with its queue and address book.
    pub fn delete_device(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            let removed = m.user_mut(who)?.devices.shift_remove(device_id.as_str());
            m.index.device_owner.remove(device_id.as_str());
            m.index
                .queued
                .sub(removed.map_or(0, |d| d.queue.lock().len()));
            m.prune_remote_acks();
            Ok(())
        })
    }

    /// Checks that the device exists (53) and is the caller's (11).
    pub(crate) fn own_device(&self, who: &UserRef, device_id: &DeviceId) -> Result<(), ModelError> {
        match self.index.device_owner.get(device_id.as_str()) {
            None => Err(ModelError::not_found(format!(
                "the device {device_id} does not exist"
            ))),
            Some(owner) if owner != who => Err(ModelError::denied(format!(
                "the device {device_id} belongs to another user"
            ))),
            Some(_) => Ok(()),
        }
    }

    /// The caller's device (53 if there is none, 11 if it is another user's).
    pub(crate) fn device(
        &self,
        who: &UserRef,
        device_id: &DeviceId,
    ) -> Result<&state::Device, ModelError> {
        self.own_device(who, device_id)?;
        self.user(who)?
            .devices
            .get(device_id.as_str())
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "the device {} does not exist",
                    super::consistency::short(device_id.as_str())
                ))
            })
    }

    /// The caller's device, to change it.
    pub(crate) fn device_mut(
        &mut self,
        who: &UserRef,
        device_id: &DeviceId,
    ) -> Result<&mut state::Device, ModelError> {
        self.own_device(who, device_id)?;
        self.user_mut(who)?
            .devices
            .get_mut(device_id.as_str())
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "the device {} does not exist",
                    super::consistency::short(device_id.as_str())
                ))
            })
    }
}

/// A device as `get_devices` lists it.
fn borrowed_view<'a>(id: &'a str, device: &'a state::Device) -> kandy_core::DeviceView<'a> {
    kandy_core::DeviceView {
        id,
        device_native_id: Some(&device.native_id),
        device_family: device.family.as_deref(),
        device_name: device.name.as_deref(),
        client_sw_version: device.client_sw_version.as_deref(),
        device_os_version: device.os_version.as_deref(),
        registration_timestamp: Some(device.registered_ms),
    }
}

fn device_view(id: &str, device: &state::Device) -> kandy_core::Device {
    let mut view = kandy_core::Device::new(DeviceId::new(id));
    view.device_native_id = Some(device.native_id.clone());
    view.device_family = device.family.clone();
    view.device_name = device.name.clone();
    view.client_sw_version = device.client_sw_version.clone();
    view.device_os_version = device.os_version.clone();
    view.registration_timestamp = Some(device.registered_ms);
    view
}
