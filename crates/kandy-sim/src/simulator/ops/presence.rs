//! Presence (#44).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

/// The raw `key` query value of #44.
fn presence_key(key: &PresenceKey) -> &str {
    match key {
        PresenceKey::Domain(token) => token.expose_secret(),
        PresenceKey::User(token) => token.expose_secret(),
    }
}

impl Ops<'_> {
    pub(in crate::simulator) async fn get_last_seen(
        &self,
        key: PresenceKey,
        users: Vec<String>,
    ) -> Result<LastSeen> {
        self.call(&op::GET_LAST_SEEN, presence_key(&key), None, |m| {
            m.get_last_seen(&key, &users)
        })
    }
}
