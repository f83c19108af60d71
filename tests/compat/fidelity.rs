//! FIDELITY.md's "Callers" section, generated from the table: the test compares it with the
//! file, so the two cannot drift.

use crate::replay::{Case, Kind, Outcome};

/// The marker lines around the generated part of the section.
pub const BEGIN: &str = "<!-- callers: generated from tests/compat/cases.rs; `cargo test --features server --test compat` checks it -->";
pub const END: &str = "<!-- callers: end -->";

/// The callers in the order they first appear in the table.
pub fn sources(cases: &[Case]) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for case in cases {
        if !seen.contains(&case.source) {
            seen.push(case.source);
        }
    }
    seen
}

/// The generated text between the markers (without them).
pub fn section(cases: &[Case]) -> String {
    let mut out = String::new();
    out.push_str(
        "| caller | shapes replayed | answered as it needed | its own bug, failed as live | \
         answered as another call | refused by the simulator's choice |\n",
    );
    out.push_str("|---|---|---|---|---|---|\n");
    let count = |source: Option<&str>, kind: Option<Kind>| {
        cases
            .iter()
            .filter(|c| source.is_none_or(|s| c.source == s))
            .filter(|c| kind.is_none_or(|k| c.outcome.kind() == k))
            .count()
    };
    let row = |label: &str, source: Option<&str>| {
        format!(
            "| {label} | {} | {} | {} | {} | {} |\n",
            count(source, None),
            count(source, Some(Kind::Works)),
            count(source, Some(Kind::CallerBug)),
            count(source, Some(Kind::Misfires)),
            count(source, Some(Kind::Refused)),
        )
    };
    for source in sources(cases) {
        out.push_str(&row(source, Some(source)));
    }
    out.push_str(&row("**all**", None));
    for (kind, title) in [
        (
            Kind::CallerBug,
            "The callers' own bugs (failed as they did, or would have, against the live service):",
        ),
        (
            Kind::Misfires,
            "Answered as another call (the caller's effect does not happen, as against the live service):",
        ),
        (
            Kind::Refused,
            "Refused by the simulator's choice (the live service's answer is unknown):",
        ),
    ] {
        out.push('\n');
        out.push_str(title);
        out.push_str("\n\n");
        for case in cases.iter().filter(|c| c.outcome.kind() == kind) {
            let answer = match case.outcome {
                Outcome::CallerBug { http, status, .. } | Outcome::Refused { http, status, .. } => {
                    format!("HTTP {http}, status {status}")
                }
                _ => format!("answered as `{}`", case.answers.unwrap_or("nothing")),
            };
            out.push_str(&format!(
                "- {} `{}` (#{}; {}): {}: {}.\n",
                case.source,
                case.name,
                case.meant,
                case.spec,
                answer,
                case.outcome.why().unwrap_or(""),
            ));
        }
    }
    out
}

/// The text between the markers in `document`, if both are there.
pub fn between_markers(document: &str) -> Option<&str> {
    let start = document.find(BEGIN)? + BEGIN.len();
    let end = document[start..].find(END)? + start;
    Some(document[start..end].trim_matches('\n'))
}
