//! The README's operation table agrees with the operation table in kandy-core.

use kandy::Tier;
use kandy::operation::ALL;

#[test]
fn readme_lists_every_operation_with_its_method_path_and_tier() {
    let readme = include_str!("../README.md");
    for op in ALL {
        let tier = match op.tier {
            Tier::Seed => "1",
            Tier::Surface => "2",
            Tier::Later => "3",
        };
        let row = format!(
            "| {} | `{}` | `{} {}` |",
            op.number, op.name, op.method, op.path
        );
        let line = readme
            .lines()
            .find(|line| line.starts_with(&row))
            .unwrap_or_else(|| panic!("README has no row for {}: {row}", op.name));
        let status = if op.is_implemented() {
            "| implemented |"
        } else {
            "| not implemented"
        };
        assert!(line.contains(&format!("| {tier} {status}")), "{line}");
    }
}
