//! Presence (#44).

use crate::call::Call;
use kandy_core::operation::GET_LAST_SEEN;
use kandy_core::{LastSeen, PresenceKey};

/// #44 `GET users/presence/last_seen?key=UAT|DAT&users=["a@d.com",…]` (the JSON array,
/// URL-encoded).
pub(super) fn get_last_seen(key: PresenceKey, users: Vec<String>) -> Call<LastSeen> {
    let call = match key {
        PresenceKey::Domain(token) => Call::new(&GET_LAST_SEEN, &token),
        PresenceKey::User(token) => Call::new(&GET_LAST_SEEN, &token),
    };
    call.json_query("users", &users).reads_whole()
}
