//! The simulator's operations, one module per resource (the names of `kandy_core::types` and
//! of the model's modules): each runs the model method of the same name through
//! [`Simulator::call`](super::Simulator), naming its operation, its `key` and its device for
//! the fault plan. `KandyApi for Simulator` (in `api.rs`) forwards every method here.

mod accounts;
mod address_books;
mod configuration;
mod content;
mod devices;
mod directory;
mod domains;
mod groups;
mod hunt_groups;
mod lookups;
mod messages;
mod presence;
mod profiles;
mod registration;
mod sessions;
mod users;
mod verification;

use super::Simulator;
pub(super) use super::journal::Applied;
pub(super) use super::recorded::ApiCall;
use crate::model::{Model, ModelError};
use kandy_core::{DeviceId, Operation, UserAccessToken};
use parking_lot::Mutex;

/// The simulator's operations as plain async methods, one per `KandyApi` method, of
/// the same name and arguments, with the call's journal entry when the simulator keeps a
/// journal (handed to the model's change, which journals it).
pub(super) struct Ops<'a>(pub(super) &'a Simulator, Mutex<Option<ApiCall>>);

impl<'a> Ops<'a> {
    /// The operations of `sim`, for a call recorded as `entry`.
    pub(super) fn new(sim: &'a Simulator, entry: Option<ApiCall>) -> Self {
        Self(sim, Mutex::new(entry))
    }

    /// [`Simulator::call`] with this call's entry.
    fn call<T>(
        &self,
        op: &'static Operation,
        key: &str,
        device_id: Option<&DeviceId>,
        run: impl FnOnce(&mut Model) -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        let entry = self.1.lock().take().map(Applied::Api);
        self.0.call(op, key, device_id, entry, run)
    }

    /// [`Simulator::call_shared`] with this call's entry.
    fn call_shared<T>(
        &self,
        op: &'static Operation,
        key: &str,
        device_id: Option<&DeviceId>,
        run: impl FnOnce(&Model, &crate::model::Effects) -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        let entry = self.1.lock().take().map(Applied::Api);
        self.0.call_shared(op, key, device_id, entry, run)
    }

    /// [`Simulator::user_call`] with this call's entry.
    fn user_call<T>(
        &self,
        op: &'static Operation,
        token: &UserAccessToken,
        run: impl FnOnce(&mut Model) -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        use kandy_core::ExposeSecret;
        self.call(op, token.expose_secret(), None, run)
    }
}
