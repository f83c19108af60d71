//! The figures: one per measurement, printed as a table and written as JSON.

use crate::drive::Pair;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One measurement, with the baseline it is compared to (measured in the same run).
#[derive(Clone, Debug)]
pub struct Figure {
    /// `client/get_devices/c32`.
    pub name: String,
    /// `req/s`, `msg/s`, `bytes`, `s`, `crates`.
    pub unit: &'static str,
    /// The figure.
    pub value: f64,
    /// What the value is compared to, if anything.
    pub baseline: Option<f64>,
    /// The median of the per-round ratios of value to baseline (see `drive::compare`).
    pub ratio: Option<f64>,
    /// What the baseline is (`raw reqwest`, `1 task`...).
    pub baseline_name: Option<String>,
    /// The least acceptable ratio, when the issue sets one; with `goal_on_value`, the
    /// largest acceptable value instead.
    pub goal: Option<f64>,
    /// Whether `goal` bounds the value from above (allocations per request) rather than
    /// the ratio from below.
    pub goal_on_value: bool,
}

impl Figure {
    /// A figure with nothing to compare it to.
    pub fn plain(name: impl Into<String>, unit: &'static str, value: f64) -> Self {
        Self {
            name: name.into(),
            unit,
            value,
            baseline: None,
            ratio: None,
            baseline_name: None,
            goal: None,
            goal_on_value: false,
        }
    }

    /// A figure whose value must be at most `goal`, next to a baseline measured the same way.
    pub fn at_most(
        name: impl Into<String>,
        unit: &'static str,
        value: f64,
        baseline: Option<(f64, &str)>,
        goal: Option<f64>,
    ) -> Self {
        Self {
            baseline: baseline.map(|(b, _)| b),
            ratio: baseline.and_then(|(b, _)| (b > 0.0).then(|| value / b)),
            baseline_name: baseline.map(|(_, name)| name.to_owned()),
            goal,
            goal_on_value: true,
            ..Self::plain(name, unit, value)
        }
    }

    /// A figure measured against a baseline in turns, with the least acceptable ratio.
    pub fn versus(
        name: impl Into<String>,
        unit: &'static str,
        pair: Pair,
        baseline_name: &str,
        goal: Option<f64>,
    ) -> Self {
        Self {
            baseline: Some(pair.baseline),
            ratio: Some(pair.ratio),
            baseline_name: Some(baseline_name.to_owned()),
            goal,
            ..Self::plain(name, unit, pair.value)
        }
    }

    /// The ratio to the baseline.
    pub fn ratio(&self) -> Option<f64> {
        self.ratio
    }

    /// Whether the ratio (or the value) meets the goal (`None` without a goal).
    pub fn meets_goal(&self) -> Option<bool> {
        if self.goal_on_value {
            Some(self.value <= self.goal?)
        } else {
            Some(self.ratio()? >= self.goal?)
        }
    }

    /// The figure as one JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "unit": self.unit,
            "value": round(self.value),
            "baseline": self.baseline.map(round),
            "ratio": self.ratio().map(|r| (r * 1000.0).round() / 1000.0),
            "baseline_name": self.baseline_name,
            "goal": self.goal,
            "goal_is": self.goal.map(|_| if self.goal_on_value { "value <=" } else { "ratio >=" }),
            "meets_goal": self.meets_goal(),
        })
    }

    /// A figure read back from JSON (the build-cost script writes the same shape).
    pub fn from_json(value: &Value) -> Option<Self> {
        let unit = match value.get("unit")?.as_str()? {
            "s" => "s",
            "crates" => "crates",
            "bytes" => "bytes",
            _ => return None,
        };
        Some(Self {
            name: value.get("name")?.as_str()?.to_owned(),
            unit,
            value: value.get("value")?.as_f64()?,
            baseline: value.get("baseline").and_then(Value::as_f64),
            ratio: value.get("ratio").and_then(Value::as_f64),
            baseline_name: value
                .get("baseline_name")
                .and_then(Value::as_str)
                .map(str::to_owned),
            goal: value.get("goal").and_then(Value::as_f64),
            goal_on_value: value.get("goal_is").and_then(Value::as_str) == Some("value <="),
        })
    }
}

fn round(value: f64) -> f64 {
    if value.abs() >= 100.0 {
        value.round()
    } else {
        (value * 100.0).round() / 100.0
    }
}

fn show(value: f64) -> String {
    let rounded = round(value);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

/// The figures as a Markdown table (the same one BENCHMARKS.md holds).
pub fn table(figures: &[Figure]) -> String {
    let mut out = String::from(
        "| measurement | value | unit | baseline | baseline is | ratio | goal |\n\
         |---|---:|---|---:|---|---:|---|\n",
    );
    for f in figures {
        let sign = if f.goal_on_value { "<=" } else { ">=" };
        let goal = match (f.goal, f.meets_goal()) {
            (Some(goal), Some(true)) => format!("{sign} {goal} met"),
            (Some(goal), Some(false)) => format!("{sign} {goal} MISSED"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            f.name,
            show(f.value),
            f.unit,
            f.baseline.map(show).unwrap_or_default(),
            f.baseline_name.as_deref().unwrap_or(""),
            f.ratio().map(|r| format!("{r:.3}")).unwrap_or_default(),
            goal,
        );
    }
    out
}

/// Where the figures go: `target/kandy-bench.json` (or under `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Writes the figures as a JSON array, one object per measurement.
pub fn write_json(path: &Path, figures: &[Figure]) -> Result<(), String> {
    let array = Value::Array(figures.iter().map(Figure::to_json).collect());
    let text = serde_json::to_string_pretty(&array).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
}
