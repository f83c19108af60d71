//! A user's devices (#33–#35).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, NewDevice};

pub(super) async fn handle(c: &Call<'_>) -> Option<Outcome> {
    Some(match c.op.name {
        "get_devices" => get_devices(c).await,
        "create_device" => create_device(c).await,
        "delete_device" => delete_device(c).await,
        _ => return None,
    })
}

async fn get_devices(c: &Call<'_>) -> Outcome {
    let devices = c.done(c.api.get_devices(c.key()?).await)?;
    Success::field("devices", &devices)
}

async fn create_device(c: &Call<'_>) -> Outcome {
    let device: NewDevice = c.body()?;
    let device_id = c.done(c.api.create_device(c.key()?, device).await)?;
    Success::field("device_id", &device_id)
}

async fn delete_device(c: &Call<'_>) -> Outcome {
    c.done(c.api.delete_device(c.key()?, c.typed("device_id")?).await)?;
    Ok(Success::deleted("Device Deleted"))
}
