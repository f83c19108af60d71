//! Presence: when users were last seen (#44).

use serde::{Deserialize, Serialize};

/// The result of `get_last_seen`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LastSeen {
    /// The server's clock (ms).
    #[serde(with = "crate::wire::number")]
    pub server_timestamp: u64,
    /// One entry per user asked about.
    pub users: Vec<UserLastSeen>,
}

/// When one user was last seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserLastSeen {
    /// The user.
    pub full_user_id: String,
    /// The last time the user called the API (ms); 0 when never.
    #[serde(with = "crate::wire::number")]
    pub last_seen: u64,
}

impl LastSeen {
    /// The answer at `server_timestamp` (ms) for these users.
    pub fn new(server_timestamp: u64, users: Vec<UserLastSeen>) -> Self {
        Self {
            server_timestamp,
            users,
        }
    }

    /// Adds an entry: `full_user_id` was last seen at `last_seen` (ms; 0 for never).
    pub fn with_user(mut self, full_user_id: impl Into<String>, last_seen: u64) -> Self {
        self.users.push(UserLastSeen::new(full_user_id, last_seen));
        self
    }
}

impl UserLastSeen {
    /// `full_user_id` was last seen at `last_seen` (ms since the epoch; 0 for never).
    pub fn new(full_user_id: impl Into<String>, last_seen: u64) -> Self {
        Self {
            full_user_id: full_user_id.into(),
            last_seen,
        }
    }
}
