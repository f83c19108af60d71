//! Snapshots: the whole state as JSON, and its restore.

use super::state::{Index, State};
use super::{Model, ModelError};
use serde_json::Value;

/// Replaces every double-quoted part of a message: serde quotes the values it refuses, and a
/// snapshot's values include secrets.
fn redact_quoted(message: &str) -> String {
    let mut redacted = String::with_capacity(message.len());
    for (i, part) in message.split('"').enumerate() {
        if i > 0 {
            redacted.push('"');
        }
        redacted.push_str(if i % 2 == 1 { "…" } else { part });
    }
    redacted
}

impl Model {
    /// The whole state as JSON: the same seed and calls give the same value, byte for byte.
    pub fn snapshot(&self) -> Value {
        // The state is plain data (string and integer keys only), so this cannot fail; a
        // `null` would be refused by `restore`.
        serde_json::to_value(&self.state).unwrap_or(Value::Null)
    }

    /// A model from a snapshot; status 17 if it is not a valid state (keys and ids must be
    /// unique, tokens must belong to what exists).
    pub fn from_snapshot(snapshot: Value) -> Result<Model, ModelError> {
        let state: State = serde_json::from_value(snapshot).map_err(|error| {
            ModelError::bad_value(format!(
                "invalid snapshot: {}",
                redact_quoted(&error.to_string())
            ))
        })?;
        let index = Index::build(&state)
            .map_err(|problem| ModelError::bad_value(format!("invalid snapshot: {problem}")))?;
        Ok(Model {
            state,
            index,
            pushes: Vec::new(),
        })
    }

    /// Replaces the state with a snapshot's; on error nothing changes.
    pub fn restore(&mut self, snapshot: Value) -> Result<(), ModelError> {
        *self = Self::from_snapshot(snapshot)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_redacted() {
        assert_eq!(
            redact_quoted(r#"invalid type: string "AAS123", expected u64"#),
            r#"invalid type: string "…", expected u64"#
        );
        assert_eq!(
            redact_quoted("missing field `tokens`"),
            "missing field `tokens`"
        );
    }

    #[test]
    fn a_snapshot_restores_to_the_same_json() {
        let mut model = Model::default();
        model.create_account();
        let snapshot = model.snapshot();
        let back = Model::from_snapshot(snapshot.clone()).unwrap();
        assert_eq!(back.snapshot(), snapshot);
    }

    #[test]
    fn invalid_snapshots_are_status_17() {
        for bad in [
            Value::Null,
            serde_json::json!({"config": 1}),
            serde_json::json!([]),
        ] {
            assert_eq!(Model::from_snapshot(bad).unwrap_err().status, 17);
        }
    }
}
