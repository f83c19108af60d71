//! Bounded resources: how much one user, device, domain or send may hold or reach.
//!
//! The defaults are far above what a test suite does; past a limit a call is refused before
//! it changes anything: a quota with status 12 (HTTP 429), a message too large with status 17
//! (HTTP 413). The limits are the model's setting, not its state: a snapshot does not carry
//! them and a restore keeps the ones in force.

use super::state::{Holder, UserRef};
use super::{Model, ModelError};
use kandy_core::MessageContent;
use std::io;

/// The limits a model enforces (see the module docs for the refusals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Devices one user may have (default 1,000).
    pub devices_per_user: usize,
    /// Messages one device's queue (or one user's held messages) may hold (default 100,000).
    pub queued_per_device: usize,
    /// Messages all queues together may hold (default 2,000,000).
    pub queued_total: usize,
    /// The largest message content, as compact JSON, in bytes (default 1 MiB).
    pub message_bytes: usize,
    /// How many queues one send may reach: a group send reaches every device of every other
    /// member, a 1:1 send every device of its destination (default 10,000).
    pub recipients_per_send: usize,
    /// Users one domain may have (default 100,000).
    pub users_per_domain: usize,
    /// Access tokens one user may hold; at the limit its expired tokens are purged, and only
    /// if none is expired is a new one refused (default 1,000).
    pub tokens_per_user: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            devices_per_user: 1_000,
            queued_per_device: 100_000,
            queued_total: 2_000_000,
            message_bytes: 1024 * 1024,
            recipients_per_send: 10_000,
            users_per_domain: 100_000,
            tokens_per_user: 1_000,
        }
    }
}

/// A writer that only counts, and fails once past `limit` (so a huge content is not written
/// out whole to be measured).
struct Counter {
    written: usize,
    limit: usize,
}

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written = self.written.saturating_add(buf.len());
        if self.written > self.limit {
            return Err(io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn quota(message: String) -> ModelError {
    ModelError::new(kandy_core::status::USAGE_QUOTA_EXCEEDED, message)
}

impl Model {
    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Sets the limits; what is already stored beyond them stays.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Content no larger than [`Limits::message_bytes`] (17, HTTP 413 otherwise).
    pub(crate) fn check_message_size(&self, content: &MessageContent) -> Result<(), ModelError> {
        let limit = self.limits.message_bytes;
        let mut counter = Counter { written: 0, limit };
        if serde_json::to_writer(&mut counter, content).is_err() {
            return Err(ModelError::too_large(format!(
                "the message content is larger than {limit} bytes"
            )));
        }
        Ok(())
    }

    /// [`Model::check_message_size`] for content whose JSON text is `bytes` long.
    pub(crate) fn check_message_bytes(&self, bytes: usize) -> Result<(), ModelError> {
        let limit = self.limits.message_bytes;
        if bytes > limit {
            return Err(ModelError::too_large(format!(
                "the message content is larger than {limit} bytes"
            )));
        }
        Ok(())
    }

    /// Room for one message on every queue a send to `targets` reaches (12 otherwise): each
    /// device of each target, or the held messages of a target without one.
    pub(crate) fn check_delivery(&self, targets: &[UserRef]) -> Result<(), ModelError> {
        let reached = self.check_queues(targets)?;
        let limits = &self.limits;
        if reached > limits.recipients_per_send {
            return Err(quota(format!(
                "the send would reach {reached} queues, more than the {} allowed",
                limits.recipients_per_send
            )));
        }
        self.check_total(reached)
    }

    /// Room for a group event on the queues of `to` (user ids of `domain`): the per-device
    /// and total queue limits of a send (12 otherwise). A group's members are bounded by the
    /// group's size, not by the recipients of one send.
    pub(crate) fn check_event_delivery(
        &self,
        domain: &str,
        to: &[String],
    ) -> Result<(), ModelError> {
        let targets: Vec<UserRef> = to
            .iter()
            .map(|user| UserRef {
                domain: domain.to_owned(),
                user: user.clone(),
            })
            .collect();
        let reached = self.check_queues(&targets)?;
        self.check_total(reached)
    }

    /// Room for one message on every queue of `targets` (12 otherwise); the number of
    /// queues reached.
    fn check_queues(&self, targets: &[UserRef]) -> Result<usize, ModelError> {
        let limits = &self.limits;
        let mut reached = 0usize;
        for target in targets {
            let user = self.user(target)?;
            let queues = if user.devices.is_empty() {
                reached += 1;
                user.held.lock().len()
            } else {
                reached += user.devices.len();
                user.devices
                    .values()
                    .map(|d| d.queue.lock().len())
                    .max()
                    .unwrap_or(0)
            };
            if queues >= limits.queued_per_device {
                return Err(quota(format!(
                    "a queue of {} holds {} messages, the most allowed",
                    super::consistency::short(&target.full_id()),
                    limits.queued_per_device
                )));
            }
        }
        Ok(reached)
    }

    /// Room for `reached` more messages in all queues together (12 otherwise).
    fn check_total(&self, reached: usize) -> Result<(), ModelError> {
        let total = self.limits.queued_total;
        let queued = self.index.queued.get();
        if queued.saturating_add(reached) > total {
            return Err(quota(format!(
                "the queues hold {queued} messages; the most allowed is {total}"
            )));
        }
        Ok(())
    }

    /// Room for one more device of `who` (12 otherwise).
    pub(crate) fn check_room_for_device(&self, who: &UserRef) -> Result<(), ModelError> {
        let limit = self.limits.devices_per_user;
        if self.user(who)?.devices.len() >= limit {
            return Err(quota(format!("a user may have at most {limit} devices")));
        }
        Ok(())
    }

    /// Room for one more user in `domain` (12 otherwise).
    pub(crate) fn check_room_for_user(&self, domain: &str) -> Result<(), ModelError> {
        let limit = self.limits.users_per_domain;
        if self.domain(domain)?.users.len() >= limit {
            return Err(quota(format!("a domain may have at most {limit} users")));
        }
        Ok(())
    }

    /// Room for one more token of `who`: at the limit its expired tokens are purged; with
    /// none expired, 12. (A purged token is then refused with 55 rather than 10.)
    pub(crate) fn make_room_for_token(&mut self, who: &UserRef) -> Result<(), ModelError> {
        let limit = self.limits.tokens_per_user;
        let holder = Holder::User(who.clone());
        let held = self
            .state
            .tokens
            .values()
            .filter(|t| t.holder == holder)
            .count();
        if held < limit {
            return Ok(());
        }
        let now = self.state.now_ms;
        let expired = |t: &super::state::Token| t.holder == holder && now >= t.expires_at_ms;
        if !self.state.tokens.values().any(expired) {
            return Err(quota(format!(
                "a user may hold at most {limit} live access tokens; revoke one"
            )));
        }
        self.state.tokens.retain(|_, t| !expired(t));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_stops_past_its_limit() {
        let mut content = MessageContent::new();
        content.insert("text".into(), "x".repeat(100).into());
        let mut counter = Counter {
            written: 0,
            limit: 50,
        };
        assert!(serde_json::to_writer(&mut counter, &content).is_err());
        let mut counter = Counter {
            written: 0,
            limit: 500,
        };
        assert!(serde_json::to_writer(&mut counter, &content).is_ok());
    }
}
