//! The replay suite of every known caller (issue "Old clients, unchanged").
//!
//! For each caller the specification names (its §4 sources), each request shape it is
//! recorded to send to an implemented endpoint goes byte for byte over a raw socket to a real
//! `kandy_sim::server::Server` on 127.0.0.1:0, and the answer is judged the way that caller
//! judged it: its success test and the fields it reads. A caller's own bugs get the answer the
//! live service would most plausibly have given, and the table says so. FIDELITY.md's
//! "Callers" section is generated from the same table and checked here.

mod cases;
mod fidelity;
mod replay;
mod wire;
mod world;

use cases::{ATTRIBUTED, CASES};
use futures_util::StreamExt;
use kandy_core::Operation;
use replay::{Kind, Outcome, replay};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recorded_shape_gets_the_answer_its_caller_needed() {
    let results: Vec<(usize, Result<(), String>)> =
        futures_util::stream::iter(CASES.iter().enumerate())
            .map(|(i, case)| async move { (i, replay(case).await) })
            .buffer_unordered(4)
            .collect()
            .await;
    let mut failures: Vec<_> = results
        .into_iter()
        .filter_map(|(i, result)| result.err().map(|e| (i, e)))
        .collect();
    failures.sort_by_key(|(i, _)| *i);
    let report: Vec<String> = failures
        .iter()
        .map(|(i, e)| {
            let c = &CASES[*i];
            format!(
                "{} `{}` ({}, {} {}):\n    {e}",
                c.source, c.name, c.spec, c.request.method, c.request.target
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} of {} shapes did not get the answer the table says:\n{}",
        report.len(),
        CASES.len(),
        report.join("\n")
    );
}

/// The specification's §4 source keys.
const SOURCES: &[&str] = &[
    "KPY", "KPY-doc", "LAR", "WP", "KJS", "DRU", "SHOP", "NODE", "KCS", "KDR", "KAP", "SWIFT",
    "CPP", "GOOF", "NODE-RED", "NODE-SMS", "RUBY", "PHP", "JSA", "ANG", "Meteor",
];

#[test]
fn every_row_is_well_formed() {
    let mut names = BTreeSet::new();
    for case in CASES {
        let what = format!("{} `{}`", case.source, case.name);
        assert!(SOURCES.contains(&case.source), "{what}: unknown source key");
        assert!(
            case.spec.starts_with('§'),
            "{what}: no specification section"
        );
        assert!(
            names.insert((case.source, case.name)),
            "{what}: named twice"
        );
        assert!(
            ["GET", "POST", "PUT", "DELETE"].contains(&case.request.method),
            "{what}: method"
        );
        assert!(case.request.target.starts_with("/v1.2/"), "{what}: target");
        let meant = kandy_core::operation::ALL
            .iter()
            .find(|op| op.number == case.meant);
        assert!(
            meant.is_some(),
            "{what}: #{} is not implemented",
            case.meant
        );
        if let Some(answers) = case.answers {
            assert!(
                Operation::by_name(answers).is_some(),
                "{what}: no operation {answers}"
            );
        }
        let refused = matches!(
            case.outcome,
            Outcome::CallerBug { .. } | Outcome::Refused { .. }
        );
        assert!(
            !refused || case.reads.is_empty(),
            "{what}: a refusal has no reads"
        );
        if let Some(why) = case.outcome.why() {
            assert!(!why.is_empty() && !why.ends_with('.'), "{what}: why");
        }
    }
}

#[test]
fn every_endpoint_the_specification_attributes_to_a_caller_is_replayed() {
    for (source, endpoints) in ATTRIBUTED {
        for number in *endpoints {
            assert!(
                CASES
                    .iter()
                    .any(|c| c.source == *source && c.meant == *number),
                "{source} is recorded to call #{number}, and no row replays it"
            );
        }
    }
    let attributed: BTreeSet<&str> = ATTRIBUTED.iter().map(|(s, _)| *s).collect();
    for source in fidelity::sources(CASES) {
        assert!(
            attributed.contains(source),
            "{source} has rows but no attribution"
        );
    }
    assert_eq!(attributed.len(), SOURCES.len());
}

#[test]
fn fidelity_lists_exactly_the_tables_callers() {
    let document = include_str!("../../FIDELITY.md");
    let generated = fidelity::section(CASES);
    let found = fidelity::between_markers(document).unwrap_or_else(|| {
        panic!("FIDELITY.md has no callers markers; put this between them:\n{generated}")
    });
    assert!(
        found == generated.trim_matches('\n'),
        "FIDELITY.md's callers section differs from the table; it should read:\n{}\n{generated}{}",
        fidelity::BEGIN,
        fidelity::END
    );
    // Every caller's row is there, with its counts.
    for source in fidelity::sources(CASES) {
        let n = CASES.iter().filter(|c| c.source == source).count();
        assert!(found.contains(&format!("| {source} | {n} |")), "{source}");
    }
    let works = CASES
        .iter()
        .filter(|c| c.outcome.kind() == Kind::Works)
        .count();
    assert!(works > CASES.len() / 2);
}
