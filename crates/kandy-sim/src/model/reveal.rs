//! Revealing one access token to the operator (the dashboard's "reveal"): the world's
//! listing names each token by a [`token_id`], a fingerprint that says nothing of its value,
//! and [`Model::reveal_token`] gives the value of the token of that id, one at a time.

use super::Model;
use std::hash::BuildHasher;

/// The fingerprint of a token's value: 16 hex digits of a hash of it, the same for the same
/// value (in one process). A token carries far more entropy than the 64 bits kept, so the
/// id says nothing of the value.
pub fn token_id(value: &str) -> String {
    let hasher = foldhash::fast::FixedState::with_seed(0x6b61_6e64_795f_7369);
    format!("{:016x}", hasher.hash_one(value))
}

impl Model {
    /// The whole value of the access token whose [`token_id`] is `id` (expired ones
    /// included); `None` when no token has it.
    pub fn reveal_token(&self, id: &str) -> Option<String> {
        self.state
            .tokens
            .keys()
            .find(|value| token_id(value) == id)
            .cloned()
    }
}
