//! When users were last seen (#44).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, PresenceKey};

/// A domain access token (`DAT…`, as the server-side plugins send) or a user access token.
pub(super) async fn get_last_seen(c: &Call<'_>) -> Outcome {
    let key = c.raw_key()?;
    let key = if key.starts_with("DAT") {
        PresenceKey::Domain(key.into())
    } else {
        PresenceKey::User(key.into())
    };
    let users = c.json_list("users")?;
    let last_seen = c.done(c.api.get_last_seen(key, users).await)?;
    Success::object(&last_seen)
}
