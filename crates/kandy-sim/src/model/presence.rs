//! Presence (#44): when users last made a successful call with a user token.

use super::views::build;
use super::{Model, ModelError, validate};
use kandy_core::{LastSeen, PresenceKey};
use serde_json::json;

impl Model {
    /// #44: when each user asked about was last seen (0: never). Each must be a user of the
    /// caller's domain (53 otherwise).
    pub fn get_last_seen(
        &mut self,
        key: &PresenceKey,
        users: &[String],
    ) -> Result<LastSeen, ModelError> {
        validate::non_empty("users", users)?;
        match key {
            PresenceKey::Domain(token) => {
                let domain = self.domain_of(token)?;
                self.last_seen_in(&domain, users)
            }
            PresenceKey::User(token) => {
                self.as_user(token, |m, who| m.last_seen_in(&who.domain, users))
            }
        }
    }

    fn last_seen_in(&self, domain: &str, users: &[String]) -> Result<LastSeen, ModelError> {
        let mut seen = Vec::with_capacity(users.len());
        for name in users {
            let who = self.named_user(domain, name).ok_or_else(|| {
                ModelError::not_found(format!(
                    "{} is not a user of this domain",
                    super::consistency::short(name)
                ))
            })?;
            seen.push(json!({
                "full_user_id": who.full_id(),
                "last_seen": self.user(&who)?.last_seen.get(),
            }));
        }
        build(json!({"server_timestamp": self.state.now_ms, "users": seen}))
    }
}
