//! The console: `tracing` events on standard error (standard output keeps the first lines
//! tests and scripts read). `-v` / `-vv` show debug / trace, `-q` / `-qq` / `-qqq` only
//! warnings / errors / nothing; `RUST_LOG`, when set, replaces them with its
//! `target=level` directives (e.g. `RUST_LOG=info,kandy_sim::request=off` hides the request
//! lines).

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The level `-v` and `-q` give: info by default.
fn level(verbose: u8, quiet: u8) -> LevelFilter {
    match (verbose, quiet) {
        (0, 0) => LevelFilter::INFO,
        (1, _) => LevelFilter::DEBUG,
        (_, 0) => LevelFilter::TRACE,
        (_, 1) => LevelFilter::WARN,
        (_, 2) => LevelFilter::ERROR,
        _ => LevelFilter::OFF,
    }
}

/// Installs the console.
///
/// # Errors
/// A `RUST_LOG` that is not `target=level` directives, named.
pub fn init(verbose: u8, quiet: u8) -> Result<(), String> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => directives
            .parse::<Targets>()
            .map_err(|e| format!("RUST_LOG {directives:?} is not target=level directives: {e}"))?,
        _ => Targets::new().with_default(level(verbose, quiet)),
    };
    let console = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false);
    tracing_subscriber::registry()
        .with(console)
        .with(filter)
        .try_init()
        .map_err(|e| format!("cannot start the console: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_choose_the_level() {
        assert_eq!(level(0, 0), LevelFilter::INFO);
        assert_eq!(level(1, 0), LevelFilter::DEBUG);
        assert_eq!(level(2, 0), LevelFilter::TRACE);
        assert_eq!(level(0, 1), LevelFilter::WARN);
        assert_eq!(level(0, 2), LevelFilter::ERROR);
        assert_eq!(level(0, 3), LevelFilter::OFF);
    }
}
