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
