//! Item 5, build cost: `scripts/build-cost.sh` times two clean builds of the root `kandy`
//! crate (default features, all features) in their own target directories and counts the
//! crates of each dependency tree; it writes `target/kandy-build-cost.json`. The clean builds
//! take minutes, so the bench runs the script only when given `--build-cost` and otherwise
//! reports the figures of its last run.

use crate::drive::Result;
use crate::report::{Figure, target_dir};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Runs `scripts/build-cost.sh` (it prints its own progress).
pub fn run_script() -> Result<()> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/build-cost.sh");
    let status = Command::new("bash")
        .arg(&script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed: {status}", script.display()))
    }
}

/// The figures of the script's last run, if it ran.
pub fn figures() -> Result<Option<Vec<Figure>>> {
    let path = target_dir().join("kandy-build-cost.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let figures = value
        .as_array()
        .ok_or_else(|| format!("{} is not a JSON array", path.display()))?
        .iter()
        .map(|item| {
            Figure::from_json(item).ok_or_else(|| format!("{}: bad figure {item}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(figures))
}
