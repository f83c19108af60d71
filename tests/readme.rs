//! The README's operation table agrees with the operation table in kandy-core.

use kandy::operation::ALL;
use kandy::sim::Simulator;

#[test]
fn readme_lists_every_operation_with_its_method_path_evidence_and_simulator_status() {
    let readme = include_str!("../README.md");
    for op in ALL {
        let row = format!(
            "| {} | `{}` | `{} {}` |",
            op.number, op.name, op.method, op.path
        );
        let line = readme
            .lines()
            .find(|line| line.starts_with(&row))
            .unwrap_or_else(|| panic!("README has no row for {}: {row}", op.name));
        let status = if Simulator::implements(op) {
            "implemented"
        } else {
            "not yet (HTTP 501)"
        };
        assert!(
            line.ends_with(&format!("| {:?} | {status} |", op.evidence)),
            "{line}"
        );
    }
}
