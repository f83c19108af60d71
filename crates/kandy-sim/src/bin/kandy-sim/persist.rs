//! `--persist`: when the state file is written, and so what a `kill -9` can lose.
//!
//! - `shutdown` (the default): on SIGINT or SIGTERM only; a kill loses every change since the
//!   start (or the last save).
//! - `interval:SECS`: also every SECS seconds when the state changed; a kill loses at most the
//!   changes of the last SECS seconds (and of a save under way).
//! - `always`: after every change, before it is answered (the whole state, written and synced
//!   as at shutdown); a kill loses no acknowledged change. Each call then costs a save of the
//!   whole state.

use crate::state_file::StateFile;
use kandy_sim::Simulator;
use std::sync::Mutex;
use std::time::Duration;

/// When the state file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// At shutdown only.
    Shutdown,
    /// At shutdown and every period while the state changes.
    Interval(Duration),
    /// After every change, before it is answered, and at shutdown.
    Always,
}

/// `shutdown`, `interval:SECS` (1 to 86,400) or `always`.
pub fn parse(text: &str) -> Result<Persist, String> {
    match text {
        "shutdown" => Ok(Persist::Shutdown),
        "always" => Ok(Persist::Always),
        _ => {
            let seconds = text
                .strip_prefix("interval:")
                .and_then(|secs| secs.parse::<u64>().ok())
                .filter(|secs| (1..=86_400).contains(secs))
                .ok_or_else(|| {
                    format!(
                        "{:.40} is not shutdown, interval:SECS (1 to 86400) or always",
                        text
                    )
                })?;
            Ok(Persist::Interval(Duration::from_secs(seconds)))
        }
    }
}

/// The state file, and the version of the state it last received.
#[derive(Debug)]
pub struct Durable {
    file: StateFile,
    /// The simulator's version at the last save; held during a save, so saves do not cross.
    saved: Mutex<u64>,
}

impl Durable {
    /// The state file, nothing saved yet.
    pub fn new(file: StateFile) -> Self {
        Self {
            file,
            saved: Mutex::new(0),
        }
    }

    /// The state file.
    pub fn file(&self) -> &StateFile {
        &self.file
    }

    /// Saves the state unless a save already holds every change up to now.
    pub fn save_if_changed(&self, sim: &Simulator) -> Result<(), String> {
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        if sim.version() <= *saved {
            return Ok(());
        }
        let (snapshot, version) = sim.versioned_snapshot();
        self.file.save(&snapshot)?;
        *saved = version;
        Ok(())
    }

    /// Saves the state, changed or not.
    pub fn save_now(&self, sim: &Simulator) -> Result<(), String> {
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        let (snapshot, version) = sim.versioned_snapshot();
        self.file.save(&snapshot)?;
        *saved = version;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!(parse("shutdown"), Ok(Persist::Shutdown));
        assert_eq!(parse("always"), Ok(Persist::Always));
        assert_eq!(
            parse("interval:5"),
            Ok(Persist::Interval(Duration::from_secs(5)))
        );
        for bad in ["interval:0", "interval:", "interval:x", "sometimes", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
