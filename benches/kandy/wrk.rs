//! Debian's `wrk` as a second load generator (a separate C process on epoll), when it is
//! installed: one `wrk` run per window, its `Requests/sec` the window's rate.

use crate::drive::{Result, Tally};
use std::process::Command;
use std::time::Duration;

/// Whether `wrk` can be run.
pub fn available() -> bool {
    Command::new("wrk")
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("wrk"))
}

/// One `wrk` run of `url` with `connections` connections for `window` (whole seconds, at
/// least one: `wrk` takes no finer duration). Every response must be a 2xx or 3xx.
pub async fn window(url: String, connections: usize, window: Duration) -> Result<Tally> {
    let seconds = window.as_secs().max(1);
    let threads = connections.min(2);
    let output = tokio::process::Command::new("wrk")
        .args([
            format!("-t{threads}"),
            format!("-c{connections}"),
            format!("-d{seconds}s"),
            "-H".to_owned(),
            "Accept: application/json".to_owned(),
            url,
        ])
        .output()
        .await
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk failed: {text}"));
    }
    text.lines()
        .find_map(|line| {
            let (count, rest) = line.trim().split_once(" requests in ")?;
            let took = duration(rest.split(',').next()?)?;
            Some(Tally {
                ops: count.parse().ok()?,
                elapsed: took,
            })
        })
        .ok_or_else(|| format!("no request count in wrk's output: {text}"))
}

/// `1.00s`, `999.52ms`, `1.00m` as `wrk` prints a duration.
fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(us) = text.strip_suffix("us") {
        (us, 1e-6)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else {
        (text.strip_suffix('m')?, 60.0)
    };
    let seconds = number.parse::<f64>().ok()? * scale;
    (seconds > 0.0).then(|| Duration::from_secs_f64(seconds))
}
