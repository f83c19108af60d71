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

/// The simulator's operations as plain async methods, one per `KandyApi` method, of
/// the same name and arguments.
pub(super) struct Ops<'a>(pub(super) &'a Simulator);
