//! One module per Kandy resource: each reads its operations' arguments, calls the simulator
//! and shapes the result. Nothing here decides anything; the model does.

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

use super::call::Call;
use super::reply::{Outcome, Refusal};

/// Handles an implemented operation.
pub(crate) async fn handle(call: &Call<'_>) -> Outcome {
    call.check_required()?;
    if let Some(outcome) = accounts::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = domains::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = users::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = verification::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = devices::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = address_books::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = directory::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = presence::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = groups::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = messages::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = sessions::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = hunt_groups::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = lookups::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = configuration::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = profiles::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = registration::handle(call).await {
        return outcome;
    }
    if let Some(outcome) = content::handle(call).await {
        return outcome;
    }
    Err(Refusal::with_http(
        501,
        kandy_core::status::UNKNOWN_REQUEST,
        format!("{} is not implemented by the simulator", call.op.name),
    ))
}
