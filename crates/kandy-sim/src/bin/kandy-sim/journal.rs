//! The journal of `--persist always`: `FILE.journal` beside the state file, the changes applied
//! since the last save, one line each, appended under the model's lock and synced before the
//! change is answered.
//!
//! - The first line is a header, `{"kandy_sim_journal":1,"lineage":"…","after":N}`: the
//!   journal's id and the number of the entry before its first (entries count up from 1
//!   over the journal's life). The file is created whole (written, synced, renamed in place),
//!   mode 0600 like the state file.
//! - Each entry is `SEQ CRC32 JSON`: its number, the CRC-32 (hex) of `SEQ JSON`, and the
//!   change as the simulator records it.
//! - A save writes the state file with a mark (the journal's id and the last entry it holds),
//!   then rewrites the journal without those entries: at the next start only the entries after
//!   the mark are replayed, whatever moment a crash came at.
//! - At start a last entry cut short (a crash during its write: it was never answered) is
//!   dropped with a warning; a damaged entry followed by others refuses the start, naming it.

use crate::random_hex;
use kandy_sim::{JournalMark, JournalSink};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The journal's format.
const FORMAT: u32 = 1;

/// How long the journal may grow before a save compacts it (64 MiB).
pub const COMPACT_AT_BYTES: u64 = 64 * 1024 * 1024;

/// The journal's first line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    kandy_sim_journal: u32,
    lineage: String,
    after: u64,
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    dir: PathBuf,
    lineage: String,
    writer: Mutex<Writer>,
    /// The last entry known synced; held during a sync, so syncs do not cross.
    synced: Mutex<u64>,
}

#[derive(Debug)]
struct Writer {
    file: Arc<File>,
    /// The number of the last entry written.
    last: u64,
    /// The file's length.
    len: u64,
    /// Why an append failed, if one did: every later sync fails with it.
    failed: Option<String>,
}

/// Where the journal stands: its last entry and the file's length after it.
#[derive(Clone, Copy, Debug)]
pub struct Position {
    /// The last entry written.
    pub seq: u64,
    len: u64,
}

/// What a start found in the journal.
#[derive(Debug)]
pub struct Opened {
    /// The journal, ready to append after the entries found.
    pub journal: Arc<Journal>,
    /// The entries to replay over the state file, in order, with their numbers.
    pub entries: Vec<(u64, Vec<u8>)>,
    /// Whether a journal file was there.
    pub existed: bool,
}

/// `FILE.journal`, beside the state file `state`.
pub fn path_for(state: &Path) -> PathBuf {
    let mut name = state.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    state.with_file_name(name)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Journal {
    /// Opens (or creates) the journal of the state file `state` whose loaded mark is `mark`,
    /// and reads the entries a replay needs: those after the mark when the journal is the
    /// one it names, every entry otherwise (the state file is then older than the journal).
    /// Without a journal file, creates one if `create`, else is `None`.
    pub fn open(
        state: &Path,
        dir: &Path,
        mark: Option<&JournalMark>,
        create: bool,
    ) -> Result<Option<Opened>, String> {
        let path = path_for(state);
        let shown = path.display().to_string();
        let bytes = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read the journal {shown}: {e}")),
        };
        let Some(bytes) = bytes else {
            if !create {
                return Ok(None);
            }
            let lineage =
                random_hex(16).map_err(|e| format!("cannot draw the journal's id: {e}"))?;
            let journal = Self::create(&path, dir, lineage, 0, &[])?;
            return Ok(Some(Opened {
                journal: Arc::new(journal),
                entries: Vec::new(),
                existed: false,
            }));
        };
        let read = read_entries(&bytes)
            .map_err(|problem| format!("the journal {shown} cannot be replayed: {problem}"))?;
        if let Some(torn) = &read.torn {
            tracing::warn!(
                "the journal {shown} ends with an entry cut short ({torn}): a crash during \
                 its write; it was never answered, and is dropped"
            );
        }
        let state_shown = state.display();
        let from = match mark {
            Some(mark) if mark.lineage == read.header.lineage => {
                if mark.seq < read.header.after {
                    return Err(format!(
                        "the state file {state_shown} is older than its journal {shown}                          (it holds entries up to {}, the journal starts after {})",
                        mark.seq, read.header.after
                    ));
                }
                mark.seq
            }
            _ if read.header.after > 0 => {
                return Err(format!(
                    "the journal {shown} continues another state file than {state_shown}                      (their ids differ): move one of them away"
                ));
            }
            _ => 0,
        };
        let last = read
            .entries
            .last()
            .map_or(read.header.after, |(seq, _)| *seq);
        let entries = read
            .entries
            .into_iter()
            .filter(|(seq, _)| *seq > from)
            .map(|(seq, range)| (seq, bytes[range].to_vec()))
            .collect();
        let file = append_to(&path)?;
        if read.good_len < bytes.len() as u64 {
            file.set_len(read.good_len)
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot drop the cut entry of {shown}: {e}"))?;
        }
        Ok(Some(Opened {
            journal: Arc::new(Self {
                path,
                dir: dir.to_path_buf(),
                lineage: read.header.lineage,
                writer: Mutex::new(Writer {
                    file: Arc::new(file),
                    last,
                    len: read.good_len,
                    failed: None,
                }),
                synced: Mutex::new(last),
            }),
            entries,
            existed: true,
        }))
    }

    /// A new journal file at `path` (written whole, synced, renamed in place), its entries
    /// numbered after `after`, holding `tail` (entries already encoded).
    fn create(
        path: &Path,
        dir: &Path,
        lineage: String,
        after: u64,
        tail: &[u8],
    ) -> Result<Self, String> {
        let len = write_journal_file(path, dir, &lineage, after, tail)?;
        let file = append_to(path)?;
        let last = after + tail.iter().filter(|b| **b == b'\n').count() as u64;
        Ok(Self {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            lineage,
            writer: Mutex::new(Writer {
                file: Arc::new(file),
                last,
                len,
                failed: None,
            }),
            synced: Mutex::new(last),
        })
    }

    /// The mark a save holding every entry up to `position` carries.
    pub fn mark(&self, position: Position) -> JournalMark {
        JournalMark {
            lineage: self.lineage.clone(),
            seq: position.seq,
        }
    }

    /// Where the journal stands (read under the model's lock, with a snapshot, it says which
    /// entries the snapshot holds).
    pub fn position(&self) -> Position {
        let writer = lock(&self.writer);
        Position {
            seq: writer.last,
            len: writer.len,
        }
    }

    /// Whether the journal has grown past [`COMPACT_AT_BYTES`].
    pub fn is_long(&self) -> bool {
        lock(&self.writer).len > COMPACT_AT_BYTES
    }

    /// Makes every entry appended so far durable (one sync serves every change made while
    /// the previous one ran). Fails if an append failed, or the sync does.
    pub fn sync(&self) -> Result<(), String> {
        let mut synced = lock(&self.synced);
        let (last, file) = {
            let writer = lock(&self.writer);
            if let Some(problem) = &writer.failed {
                return Err(problem.clone());
            }
            (writer.last, Arc::clone(&writer.file))
        };
        if *synced >= last {
            return Ok(());
        }
        file.sync_data()
            .map_err(|e| format!("cannot sync the journal {}: {e}", self.path.display()))?;
        *synced = last;
        Ok(())
    }

    /// Drops the entries up to `saved` (a save of the state file holds them): the journal is
    /// rewritten with the entries after them, synced and renamed in place. Appends wait for
    /// the copy of those entries only (those made during the save).
    pub fn compact(&self, saved: Position) -> Result<(), String> {
        let shown = self.path.display();
        let mut writer = lock(&self.writer);
        let mut tail = Vec::with_capacity((writer.len - saved.len) as usize);
        File::open(&self.path)
            .and_then(|mut file| {
                file.seek(SeekFrom::Start(saved.len))?;
                file.take(writer.len - saved.len).read_to_end(&mut tail)
            })
            .map_err(|e| format!("cannot read the journal {shown} to compact it: {e}"))?;
        let len = write_journal_file(&self.path, &self.dir, &self.lineage, saved.seq, &tail)?;
        writer.file = Arc::new(append_to(&self.path)?);
        writer.len = len;
        Ok(())
    }

    /// Removes the journal file (its entries are all in a saved state file).
    pub fn remove(state: &Path) -> Result<(), String> {
        let path = path_for(state);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("cannot remove the journal {}: {e}", path.display())),
        }
    }
}

impl JournalSink for Journal {
    fn append(&self, entry: &[u8]) {
        let mut writer = lock(&self.writer);
        if writer.failed.is_some() {
            return;
        }
        let seq = writer.last + 1;
        let line = encode_entry(seq, entry);
        match (&*writer.file).write_all(&line) {
            Ok(()) => {
                writer.last = seq;
                writer.len += line.len() as u64;
            }
            Err(e) => {
                writer.failed = Some(format!(
                    "cannot append to the journal {}: {e}",
                    self.path.display()
                ));
            }
        }
    }
}

/// `SEQ CRC JSON\n`.
fn encode_entry(seq: u64, entry: &[u8]) -> Vec<u8> {
    let numbered = format!("{seq} ");
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(numbered.as_bytes());
    hasher.update(entry);
    let mut line = format!("{seq} {:08x} ", hasher.finalize()).into_bytes();
    line.extend_from_slice(entry);
    line.push(b'\n');
    line
}

/// Opens `path` to append.
fn append_to(path: &Path) -> Result<File, String> {
    OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open the journal {}: {e}", path.display()))
}

/// Writes a journal file (header, then `tail`) at `path` through a new temporary file, mode
/// 0600, synced, renamed, the directory synced; its length.
fn write_journal_file(
    path: &Path,
    dir: &Path,
    lineage: &str,
    after: u64,
    tail: &[u8],
) -> Result<u64, String> {
    let failed = |e: io::Error| format!("cannot write the journal {}: {e}", path.display());
    let header = Header {
        kandy_sim_journal: FORMAT,
        lineage: lineage.to_owned(),
        after,
    };
    let mut text = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    text.push(b'\n');
    let len = (text.len() + tail.len()) as u64;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.{}.tmp", random_hex(16).map_err(failed)?));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(&text)?;
        file.write_all(tail)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed(e));
    }
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(failed)?;
    Ok(len)
}

/// A journal file's header and entries.
struct Contents {
    header: Header,
    /// Each entry's number and the range of its JSON in the file.
    entries: Vec<(u64, std::ops::Range<usize>)>,
    /// The length of the file up to the end of its last whole entry.
    good_len: u64,
    /// What was wrong with a last entry cut short, if there is one.
    torn: Option<String>,
}

/// Reads a journal file: a damaged entry is an error unless it is the last one.
fn read_entries(bytes: &[u8]) -> Result<Contents, String> {
    let header_end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .ok_or("it has no header line")?;
    let header: Header = serde_json::from_slice(&bytes[..header_end])
        .map_err(|e| format!("its header is not a kandy-sim journal's: {e}"))?;
    if header.kandy_sim_journal != FORMAT {
        return Err(format!(
            "its format {} is not {FORMAT}, the one this kandy-sim reads",
            header.kandy_sim_journal
        ));
    }
    let mut entries = Vec::new();
    let mut at = header_end + 1;
    let mut expected = header.after + 1;
    let mut torn = None;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let (line, complete) = match rest.iter().position(|b| *b == b'\n') {
            Some(end) => (&rest[..end], true),
            None => (rest, false),
        };
        let next = at + line.len() + usize::from(complete);
        match parse_entry(line, expected) {
            Ok(json) if complete => {
                entries.push((expected, at + json.start..at + json.end));
                expected += 1;
                at = next;
            }
            outcome => {
                let problem = match outcome {
                    Ok(_) => "no end of line".to_owned(),
                    Err(problem) => problem,
                };
                if next < bytes.len() {
                    return Err(format!(
                        "entry {expected} (byte {at}) is damaged ({problem}) and entries follow it"
                    ));
                }
                torn = Some(format!("entry {expected}: {problem}"));
                break;
            }
        }
    }
    Ok(Contents {
        header,
        entries,
        good_len: at as u64,
        torn,
    })
}

/// One entry's line: checks its number and CRC; the range of its JSON in the line.
fn parse_entry(line: &[u8], expected: u64) -> Result<std::ops::Range<usize>, String> {
    let mut parts = line.splitn(3, |b| *b == b' ');
    let (Some(seq), Some(crc), Some(json)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("not SEQ CRC JSON".to_owned());
    };
    let seq: u64 = std::str::from_utf8(seq)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or("its number is not a number")?;
    if seq != expected {
        return Err(format!("its number is {seq}, not {expected}"));
    }
    let crc = std::str::from_utf8(crc)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
        .ok_or("its checksum is not hex")?;
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(format!("{seq} ").as_bytes());
    hasher.update(json);
    if hasher.finalize() != crc {
        return Err("its checksum does not match".to_owned());
    }
    let start = line.len() - json.len();
    Ok(start..line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(entries: &[&[u8]]) -> Vec<u8> {
        let mut bytes = br#"{"kandy_sim_journal":1,"lineage":"ab","after":4}"#.to_vec();
        bytes.push(b'\n');
        for (i, entry) in entries.iter().enumerate() {
            bytes.extend(encode_entry(5 + i as u64, entry));
        }
        bytes
    }

    #[test]
    fn entries_read_back_in_order() {
        let bytes = file(&[b"\"create_account\"", b"{\"AdvanceClock\":{\"millis\":5}}"]);
        let read = read_entries(&bytes).unwrap();
        let got: Vec<(u64, &[u8])> = read
            .entries
            .iter()
            .map(|(seq, range)| (*seq, &bytes[range.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                (5, &b"\"create_account\""[..]),
                (6, &b"{\"AdvanceClock\":{\"millis\":5}}"[..])
            ]
        );
        assert_eq!(read.good_len, bytes.len() as u64);
        assert!(read.torn.is_none());
    }

    #[test]
    fn a_cut_last_entry_is_dropped_and_a_damaged_middle_one_refused() {
        let whole = file(&[b"\"create_account\"", b"\"create_account\""]);
        let first_end = file(&[b"\"create_account\""]).len();
        for cut in first_end + 1..whole.len() {
            let read = read_entries(&whole[..cut]).unwrap();
            assert_eq!(read.entries.len(), 1, "cut at {cut}");
            assert_eq!(read.good_len, first_end as u64);
            assert!(read.torn.is_some());
        }
        let mut damaged = whole.clone();
        damaged[first_end - 3] ^= 1;
        let error = read_entries(&damaged).err().unwrap();
        assert!(
            error.contains("entry 5") && error.contains("entries follow"),
            "{error}"
        );
        let mut not_a_journal = whole;
        not_a_journal[2] = b'x';
        assert!(read_entries(&not_a_journal).is_err());
    }
}
