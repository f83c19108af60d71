//! The README's operation table agrees with the operation table in kandy-core.

use kandy::operation::ALL;

#[test]
fn readme_lists_every_operation_with_its_method_path_and_evidence() {
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
        assert!(line.ends_with(&format!("| {:?} |", op.evidence)), "{line}");
    }
}
