//! Results as `kandy_core` types.
//!
//! The result types are `#[non_exhaustive]` wire types, so the model writes each one as the
//! JSON the wire carries and decodes it with the type's own serde: the simulator's results
//! are, by construction, what the SDK decodes.

use super::ModelError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes a result written as JSON.
pub(crate) fn build<T: DeserializeOwned>(value: Value) -> Result<T, ModelError> {
    serde_json::from_value(value).map_err(|_| {
        ModelError::internal(format!(
            "internal error: the simulator could not build a {}",
            std::any::type_name::<T>()
        ))
    })
}

/// Decodes each result of a list.
pub(crate) fn build_all<T: DeserializeOwned>(
    values: impl IntoIterator<Item = Value>,
) -> Result<Vec<T>, ModelError> {
    values.into_iter().map(build).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::UserLastSeen;
    use serde_json::json;

    #[test]
    fn builds_a_wire_type_and_refuses_a_wrong_shape_with_status_1() {
        let seen: UserLastSeen = build(json!({"full_user_id": "a@b", "last_seen": 5})).unwrap();
        assert_eq!(seen.last_seen, 5);
        let error = build::<UserLastSeen>(json!({"full_user_id": 3})).unwrap_err();
        assert_eq!(error.status, 1);
    }
}
