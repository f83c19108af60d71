//! `--persist`: when the state file is written, and so what a `kill -9` can lose.
//!
//! - `shutdown` (the default): on SIGINT or SIGTERM only; a kill loses every change since the
//!   start (or the last save).
//! - `interval:SECS`: also every SECS seconds when the state changed; a kill loses at most the
//!   changes of the last SECS seconds (and of a save under way).
//! - `always`: every change is appended to a journal beside the state file and synced before
//!   it is answered (see `journal`); a kill loses no acknowledged change. A write costs an
//!   append and a sync, whatever the size of the state; the state file is saved (and the
//!   journal emptied) at shutdown and whenever the journal passes 64 MiB.

use crate::journal::Journal;
use crate::state_file::StateFile;
use kandy_sim::Simulator;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// When the state file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// At shutdown only.
    Shutdown,
    /// At shutdown and every period while the state changes.
    Interval(Duration),
    /// Journaled after every change, before it is answered; saved at shutdown and when the
    /// journal grows long.
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

/// The state file, its journal (with `--persist always`), and the version of the state it
/// last received.
#[derive(Debug)]
pub struct Durable {
    file: StateFile,
    journal: OnceLock<Arc<Journal>>,
    /// The simulator's version at the last save; held during a save, so saves do not cross.
    saved: Mutex<u64>,
}

impl Durable {
    /// The state file, nothing saved yet, no journal.
    pub fn new(file: StateFile) -> Self {
        Self {
            file,
            journal: OnceLock::new(),
            saved: Mutex::new(0),
        }
    }

    /// The state file.
    pub fn file(&self) -> &StateFile {
        &self.file
    }

    /// Makes `journal` the one every save compacts.
    pub fn set_journal(&self, journal: Arc<Journal>) {
        let _ = self.journal.set(journal);
    }

    /// The journal, once set.
    pub fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal.get()
    }

    /// Syncs the journal (the hook of `--persist always`, after every change).
    pub fn sync_journal(&self) -> Result<(), String> {
        match self.journal.get() {
            Some(journal) => journal.sync(),
            None => Ok(()),
        }
    }

    /// Saves the state unless a save already holds every change up to now.
    pub fn save_if_changed(&self, sim: &Simulator) -> Result<(), String> {
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        if sim.version() <= *saved {
            return Ok(());
        }
        *saved = self.save(sim)?;
        Ok(())
    }

    /// Saves the state, changed or not.
    pub fn save_now(&self, sim: &Simulator) -> Result<(), String> {
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        *saved = self.save(sim)?;
        Ok(())
    }

    /// Writes the state file (with the journal's mark) and drops the journal's entries it
    /// holds; the version saved.
    fn save(&self, sim: &Simulator) -> Result<u64, String> {
        let journal = self.journal.get();
        let (snapshot, version, position) =
            sim.snapshot_with(|| journal.map(|journal| journal.position()));
        match (journal, position) {
            (Some(journal), Some(position)) => {
                self.file
                    .save(&snapshot.with_journal_mark(journal.mark(position)))?;
                journal.compact(position)?;
            }
            _ => self.file.save(&snapshot)?,
        }
        Ok(version)
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
