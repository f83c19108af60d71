//! The state file of `--state FILE`: checked and locked at start, loaded, and saved atomically.
//!
//! - At start: FILE's directory must exist and be writable (a file is created and removed in
//!   it to prove it), FILE (if present) must load, and `FILE.lock` beside it is locked
//!   exclusively for as long as the server runs, so a second server on the same file refuses
//!   to start. Temporary files a crash left behind are removed.
//! - A save writes the whole state to a new file beside FILE with an unpredictable name,
//!   created exclusively (it never follows a planted link) with mode 0600 (the state holds
//!   every secret), syncs it, renames it over FILE and syncs the directory. A crash at any
//!   moment leaves either the old FILE or the new one, whole.
//!
//! The lock file stays after the server stops; it is only locked while a server runs.

use crate::random_hex;
use kandy_sim::Simulator;
use kandy_sim::{JournalMark, Snapshot};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A state file, locked by this process.
#[derive(Debug)]
pub struct StateFile {
    path: PathBuf,
    dir: PathBuf,
    /// FILE's name, the prefix of its temporary files.
    name: String,
    /// Held open (and locked) until the process ends.
    _lock: File,
}

impl StateFile {
    /// Checks `path`, locks it and removes the temporary files a crash left beside it.
    pub fn open(path: &Path) -> Result<Self, String> {
        let shown = path.display();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .ok_or_else(|| format!("the state file {shown} names no file (or not in UTF-8)"))?
            .to_owned();
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match fs::metadata(&dir) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(format!(
                    "the state file's directory {} is not a directory",
                    dir.display()
                ));
            }
            Err(e) => {
                return Err(format!(
                    "the state file's directory {} cannot be used: {e}",
                    dir.display()
                ));
            }
        }
        if path.is_dir() {
            return Err(format!("the state file {shown} is a directory"));
        }
        let lock = lock(&dir.join(format!("{name}.lock")), path)?;
        let file = Self {
            path: path.to_path_buf(),
            dir,
            name,
            _lock: lock,
        };
        file.remove_leftovers();
        let (probe, temp) = file.create_temp().map_err(|e| {
            format!(
                "the state file's directory {} is not writable: {e}",
                file.dir.display()
            )
        })?;
        drop(probe);
        let _ = fs::remove_file(temp);
        Ok(file)
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The state file's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Restores the state in the file into `sim`, if the file exists: `None` if it does not,
    /// else the journal mark it carries (if any).
    pub fn load(&self, sim: &Simulator) -> Result<Option<Option<JournalMark>>, String> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "cannot read the state file {}: {e}",
                    self.path.display()
                ));
            }
        };
        let mark = decode(sim, &bytes).map_err(|problem| {
            format!(
                "the state file {} cannot be loaded: {problem}",
                self.path.display()
            )
        })?;
        Ok(Some(mark))
    }

    /// Writes `snapshot` to the file, atomically.
    pub fn save(&self, snapshot: &Snapshot) -> Result<(), String> {
        let failed =
            |e: io::Error| format!("cannot save the state to {}: {e}", self.path.display());
        let (file, temp) = self.create_temp().map_err(failed)?;
        let mut writer = BufWriter::new(file);
        let written = encode(snapshot, &mut writer)
            .and_then(|()| writer.into_inner().map_err(|e| e.into_error()))
            .and_then(|file| {
                file.sync_all()?;
                drop(file);
                fs::rename(&temp, &self.path)
            });
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(failed(e));
        }
        sync_dir(&self.dir).map_err(failed)
    }

    /// A new file beside the state file, `.NAME.RANDOM.tmp`, created exclusively, mode 0600.
    fn create_temp(&self) -> io::Result<(File, PathBuf)> {
        loop {
            let temp = self
                .dir
                .join(format!(".{}.{}.tmp", self.name, random_hex(16)?));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&temp) {
                Ok(file) => return Ok((file, temp)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Removes `.NAME.RANDOM.tmp` files: what a crash during a save left (the lock is ours).
    fn remove_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let prefix = format!(".{}.", self.name);
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(middle) = name
                .to_str()
                .and_then(|name| name.strip_prefix(&prefix))
                .and_then(|rest| rest.strip_suffix(".tmp"))
            else {
                continue;
            };
            if middle.len() == 32 && middle.bytes().all(|b| b.is_ascii_hexdigit()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Locks `lock_path` exclusively, creating it (mode 0600) if needed.
fn lock(lock_path: &Path, state: &Path) -> Result<File, String> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(lock_path)
        .map_err(|e| format!("cannot create the lock file {}: {e}", lock_path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(format!(
            "another kandy-sim is using the state file {} (its lock file {} is locked)",
            state.display(),
            lock_path.display()
        )),
        Err(TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", lock_path.display())),
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Writes the state as the file holds it, streamed (no copy of the whole text in memory).
fn encode(snapshot: &Snapshot, writer: &mut impl Write) -> io::Result<()> {
    snapshot.write_pretty_to(&mut *writer)?;
    writer.flush()
}

/// Restores the file's bytes into `sim`, its journal mark; the problem, without the file's
/// name.
fn decode(sim: &Simulator, bytes: &[u8]) -> Result<Option<JournalMark>, String> {
    // The model's own words, not the API error's framing (HTTP and Kandy statuses).
    let snapshot = Snapshot::from_slice(bytes)
        .map_err(|e| format!("it is not a simulator state: {}", e.message))?;
    let mark = snapshot.journal_mark().cloned();
    sim.restore(snapshot).map(|()| mark).map_err(|e| {
        let problem = e
            .api_error()
            .map_or_else(|| e.to_string(), |api| api.message.clone());
        format!("it is not a simulator state: {problem}")
    })
}
