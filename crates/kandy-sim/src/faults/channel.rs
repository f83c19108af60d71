//! Fault rules for the data channel's socket: refuse the upgrade, drop the socket (at once or
//! after it has carried some frames), delay the frames the server writes.
//!
//! A socket is not an [`Operation`](kandy_core::Operation), so its rules live apart from the
//! call rules, in [`FaultPlan::channel`](super::FaultPlan::channel). Each attempt to open a
//! socket (a WebSocket upgrade that carries a `user_access_token`, or
//! [`Simulator::open_data_channel`](crate::Simulator::open_data_channel)) is one matching
//! "call": the first rule whose [`ChannelMatch`] matches and whose [`Trigger`] fires gives the
//! socket its [`ChannelEffect`] for its whole life.

use super::Trigger;
use serde::{Deserialize, Serialize};

/// Which socket openings a channel rule applies to. Every field that is set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelMatch {
    /// The `full_user_id` of the token's user (`*` or absent for any; a token that does not
    /// hold has no user, so it matches only a rule without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The device the socket is bound to (the user's first device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl ChannelMatch {
    /// Matches every socket.
    pub fn any() -> Self {
        Self::default()
    }

    /// Matches the sockets of one user (`user_id@domain`).
    pub fn user(full_user_id: impl Into<String>) -> Self {
        Self {
            user: Some(full_user_id.into()),
            device: None,
        }
    }

    fn matches(&self, user: Option<&str>, device: Option<&str>) -> bool {
        let field = |want: &Option<String>, got: Option<&str>| match want.as_deref() {
            None | Some("*") => true,
            Some(want) => got == Some(want),
        };
        field(&self.user, user) && field(&self.device, device)
    }
}

/// What happens to a socket a channel rule fires on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ChannelEffect {
    /// Refuse the upgrade with this HTTP status (400 to 599) and envelope; no socket opens.
    /// In-process, `open_data_channel` fails with that API error.
    Refuse {
        /// The HTTP status, e.g. 503.
        http: u16,
        /// The envelope's `status`.
        status: i64,
        /// The envelope's `message`.
        message: String,
    },
    /// Open the socket, then close it with 1001 (as a network loss: clients reconnect) once it
    /// has carried `after_frames` pushed frames; 0 closes it at once. Nothing queued is lost.
    Drop {
        /// How many pushed frames reach the client before the close.
        after_frames: u64,
    },
    /// Open the socket and hold every frame the server writes to it this long first (frames
    /// keep their order). In-process, as a call's `delay`, frames are not held.
    Delay {
        /// How long, in milliseconds.
        millis: u64,
    },
}

/// A data-channel rule: a matcher, a trigger (counted on socket openings) and an effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRule {
    /// Which sockets.
    #[serde(default, rename = "match")]
    pub matcher: ChannelMatch,
    /// When.
    pub trigger: Trigger,
    /// What happens.
    pub effect: ChannelEffect,
    /// How many matching openings this rule has seen.
    #[serde(default)]
    pub seen: u64,
}

impl ChannelRule {
    /// A rule with a fresh count.
    pub fn new(matcher: ChannelMatch, trigger: Trigger, effect: ChannelEffect) -> Self {
        Self {
            matcher,
            trigger,
            effect,
            seen: 0,
        }
    }

    /// Counts one opening if it matches; whether the rule fires on it (`draw` gives the
    /// probability draws).
    pub(super) fn fires(
        &mut self,
        user: Option<&str>,
        device: Option<&str>,
        draw: impl FnOnce() -> f64,
    ) -> bool {
        if !self.matcher.matches(user, device) {
            return false;
        }
        self.seen += 1;
        self.trigger.fires(self.seen, draw)
    }

    /// Checks the rule's values (its trigger is checked with the call rules' checks).
    pub(super) fn validate(&self, i: usize) -> Result<(), String> {
        if let ChannelEffect::Refuse { http, .. } = self.effect
            && !(400..=599).contains(&http)
        {
            return Err(format!(
                "channel rule {i}: a refused upgrade's HTTP status {http} is not 400 to 599"
            ));
        }
        Ok(())
    }
}
