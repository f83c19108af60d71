//! A user's devices (#33–#35).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{DeviceView, KandyApi, NewDevice, UserAccessToken};
use serde::Serialize;
use std::cell::Cell;

/// Written straight from the model's state into the envelope (no device is copied).
pub(super) async fn get_devices(c: &Call<'_>) -> Outcome {
    let token: UserAccessToken = c.key()?;
    let written = c.api.read_devices(&token, |devices| {
        Success::field("devices", &Each(Cell::new(Some(devices))))
    });
    c.done(written)?
}

/// A sequence encoded from an iterator, taken by the first encoding (a second would be empty;
/// the envelope encodes it once).
struct Each<'i, 'd>(Cell<Option<&'i mut dyn Iterator<Item = DeviceView<'d>>>>);

impl Serialize for Each<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(devices) => serializer.collect_seq(devices),
            None => serializer.collect_seq(std::iter::empty::<DeviceView<'_>>()),
        }
    }
}

pub(super) async fn create_device(c: &Call<'_>) -> Outcome {
    let device: NewDevice = c.body()?;
    let device_id = c.done(c.api.create_device(c.key()?, device).await)?;
    Success::field("device_id", &device_id)
}

pub(super) async fn delete_device(c: &Call<'_>) -> Outcome {
    c.done(c.api.delete_device(c.key()?, c.typed("device_id")?).await)?;
    Ok(Success::deleted("Device Deleted"))
}
