//! The request log behind `GET /_sim/requests`: the last Kandy calls, with every credential
//! redacted.
//!
//! Recording a call is cheap: the log is a few rings of [`REQUEST_LOG_CAPACITY`] slots, each
//! slot an inline buffer, and a call copies its method and request target into a slot of its
//! thread's ring under a short lock no other core is taking (no allocation once the ring is
//! warm). Redaction, formatting and the merge of the rings happen when the log is read.

mod redact;

use axum::http::{Method, Uri};
use parking_lot::Mutex;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// How many calls the request log keeps; older ones are forgotten.
pub const REQUEST_LOG_CAPACITY: usize = 1000;

/// The longest request target (path and query) a slot keeps as received; a longer one is
/// redacted when it is recorded and then cut to this length (so the log's memory stays
/// bounded: at most a few MiB, whatever the calls).
const TARGET_BYTES: usize = 1024;

pub use crate::admin::RequestLogEntry;

/// What a call adds to the log besides its method and target: filled in as it is served.
/// [`Outcome::default`] starts the call's clock (the request line's duration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// When the call began being served.
    pub started: Instant,
    /// The HTTP status sent, if any.
    pub http_status: Option<u16>,
    /// The envelope's `status`.
    pub kandy_status: Option<i64>,
    /// The operation's name.
    pub operation: Option<&'static str>,
    /// The fault enacted.
    pub fault: Option<&'static str>,
}

impl Default for Outcome {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            http_status: None,
            kandy_status: None,
            operation: None,
            fault: None,
        }
    }
}

/// The target of the console's request lines (`RUST_LOG=kandy_sim::request=off` hides them).
pub(crate) const REQUEST_TARGET: &str = "kandy_sim::request";

/// The request line at info, e.g. `GET /v1.2/users/devices -> 200 status 0 (get_devices)
/// 0.4 ms`, the path redacted as the log shows it (the query, which holds the credentials,
/// is left out); only when a subscriber wants it.
fn trace_call(method: &Method, uri: &Uri, outcome: &Outcome) {
    if !tracing::enabled!(target: REQUEST_TARGET, tracing::Level::INFO) {
        return;
    }
    let mut line = format!(
        "{} {} -> ",
        redact::method(method.as_str()),
        redact::path(cut(uri.path(), TARGET_BYTES))
    );
    match outcome.http_status {
        Some(http) => line.push_str(&http.to_string()),
        None => line.push_str("no response"),
    }
    if let Some(status) = outcome.kandy_status {
        line.push_str(&format!(" status {status}"));
    }
    if let Some(operation) = outcome.operation {
        line.push_str(&format!(" ({operation})"));
    }
    if let Some(fault) = outcome.fault {
        line.push_str(&format!(" fault {fault}"));
    }
    let millis = outcome.started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: REQUEST_TARGET, "{line} {millis:.1} ms");
}

/// The console line of an admin call (`POST /_sim/reset -> 200 0.1 ms`), the path redacted
/// as the log's are; admin calls are not in the request log itself.
pub(crate) fn trace_admin_call(method: &Method, path: &str, http_status: u16, started: Instant) {
    if !tracing::enabled!(target: REQUEST_TARGET, tracing::Level::INFO) {
        return;
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: REQUEST_TARGET,
        "{} {} -> {http_status} {millis:.1} ms",
        redact::method(method.as_str()),
        redact::path(cut(path, TARGET_BYTES))
    );
}

/// The longest method a slot keeps (a longer one, which no client sends, is cut).
const METHOD_BYTES: usize = 16;

/// One recorded call, as received (unless `redacted`): its method, path and query side by
/// side in one inline buffer. A slot is plain data, so recording one only writes to it:
/// the ring's slots were last touched a thousand calls ago and are out of the cache, and a
/// write does not wait for them the way reading an old value to drop it would. The fields
/// come first and the text right after them (`repr(C)`), so a short call's record writes to
/// the fewest cache lines.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    outcome: Outcome,
    method_end: u16,
    path_end: u16,
    len: u16,
    /// Whether the path and query were redacted when recorded, being too long to keep.
    redacted: bool,
    /// Whether they were cut then (the entry ends with `…`).
    cut: bool,
    /// The method, the path, then the query.
    text: [u8; METHOD_BYTES + TARGET_BYTES],
}

/// Appends `text` to `buffer` at `*at` (the caller keeps within the buffer's length).
fn put(buffer: &mut [u8], at: &mut usize, text: &str) {
    buffer[*at..*at + text.len()].copy_from_slice(text.as_bytes());
    *at += text.len();
}

impl Slot {
    fn new() -> Self {
        Self {
            text: [0; METHOD_BYTES + TARGET_BYTES],
            method_end: 0,
            path_end: 0,
            len: 0,
            redacted: false,
            cut: false,
            outcome: Outcome::default(),
        }
    }

    fn fill(&mut self, method: &Method, uri: &Uri, outcome: Outcome) {
        let (path, query) = (uri.path(), uri.query().unwrap_or(""));
        let mut at = 0;
        put(
            &mut self.text,
            &mut at,
            cut(redact::method(method.as_str()), METHOD_BYTES),
        );
        self.method_end = at as u16;
        self.outcome = outcome;
        if path.len() + query.len() <= TARGET_BYTES {
            put(&mut self.text, &mut at, path);
            self.path_end = at as u16;
            put(&mut self.text, &mut at, query);
            self.len = at as u16;
            self.redacted = false;
            self.cut = false;
            return;
        }
        let (path, query) = (redact::path(path), redact::query(query));
        let kept_path = cut(&path, TARGET_BYTES);
        put(&mut self.text, &mut at, kept_path);
        self.path_end = at as u16;
        let kept_query = cut(&query, TARGET_BYTES - kept_path.len());
        put(&mut self.text, &mut at, kept_query);
        self.len = at as u16;
        self.redacted = true;
        self.cut = kept_path.len() + kept_query.len() < path.len() + query.len();
    }

    /// The text between two of its offsets (written from whole characters).
    fn piece(&self, from: u16, to: u16) -> &str {
        std::str::from_utf8(&self.text[usize::from(from)..usize::from(to)]).unwrap_or("")
    }

    fn entry(&self) -> RequestLogEntry {
        let (path, query) = (
            self.piece(self.method_end, self.path_end),
            self.piece(self.path_end, self.len),
        );
        let (path, mut query) = if self.redacted {
            (path.to_owned(), query.to_owned())
        } else {
            (redact::path(path), redact::query(query))
        };
        if self.cut {
            query.push('…');
        }
        RequestLogEntry {
            method: redact::method(self.piece(0, self.method_end)).to_owned(),
            path,
            query,
            http_status: self.outcome.http_status,
            kandy_status: self.outcome.kandy_status,
            operation: self.outcome.operation.map(str::to_owned),
            fault: self.outcome.fault.map(str::to_owned),
            user: None,
        }
    }

    /// The call's `key` query value, percent-decoded (none when the target was redacted on
    /// recording).
    fn key(&self) -> Option<std::borrow::Cow<'_, str>> {
        if self.redacted {
            return None;
        }
        self.piece(self.path_end, self.len)
            .split('&')
            .find_map(|part| part.strip_prefix("key="))
            .filter(|value| !value.is_empty())
            .map(redact::lenient)
    }
}

/// The longest prefix of `text` of at most `max` bytes, cut at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// How many rings the log keeps. A call is recorded in the ring of the thread serving it, so
/// calls served on different cores do not pass one lock and one slot's cache line between
/// them; the log is read by merging the rings.
const SHARDS: usize = 4;

/// The ring of the calling thread: threads take the rings in turn, the first time they
/// record.
fn shard() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    SHARD.with(|shard| *shard)
}

/// A ring: `slots` grows to the capacity once; `next` is where the next call goes.
#[derive(Default)]
struct Ring {
    slots: Vec<Slot>,
    next: usize,
    len: usize,
    /// How many calls were ever recorded here (the dashboard's change signal).
    recorded: u64,
}

impl Ring {
    /// The slots in use, oldest first.
    fn oldest_first(&self) -> impl Iterator<Item = &Slot> {
        let oldest = (self.next + REQUEST_LOG_CAPACITY - self.len) % REQUEST_LOG_CAPACITY;
        (0..self.len).map(move |i| &self.slots[(oldest + i) % REQUEST_LOG_CAPACITY])
    }
}

/// The bounded log, shared by every connection: at most [`REQUEST_LOG_CAPACITY`] calls per
/// ring, the last [`REQUEST_LOG_CAPACITY`] of all shown.
#[derive(Clone, Default)]
pub(crate) struct RequestLog(Arc<[Mutex<Ring>; SHARDS]>);

impl std::fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestLog")
            .field("recorded", &self.recorded())
            .finish_non_exhaustive()
    }
}

impl RequestLog {
    /// Records a call, forgetting the oldest beyond [`REQUEST_LOG_CAPACITY`].
    /// Also says it on the console at info (target [`REQUEST_TARGET`]).
    pub fn record(&self, method: &Method, uri: &Uri, outcome: Outcome) {
        trace_call(method, uri, &outcome);
        let mut ring = self.0[shard()].lock();
        let at = ring.next;
        if at == ring.slots.len() {
            ring.slots.push(Slot::new());
        }
        ring.slots[at].fill(method, uri, outcome);
        ring.next = (at + 1) % REQUEST_LOG_CAPACITY;
        ring.len = (ring.len + 1).min(REQUEST_LOG_CAPACITY);
        ring.recorded += 1;
    }

    /// How many calls were ever recorded (a clear does not count back).
    pub fn recorded(&self) -> u64 {
        self.0.iter().map(|ring| ring.lock().recorded).sum()
    }

    /// `read` of each of the last [`REQUEST_LOG_CAPACITY`] calls, oldest (by when it began
    /// being served) first.
    fn last<T>(&self, read: impl Fn(&Slot) -> T) -> Vec<T> {
        let mut calls: Vec<(Instant, T)> = Vec::new();
        for ring in self.0.iter() {
            let ring = ring.lock();
            calls.extend(
                ring.oldest_first()
                    .map(|slot| (slot.outcome.started, read(slot))),
            );
        }
        // Stable: calls of one ring that began at the same instant keep their order.
        calls.sort_by_key(|(started, _)| *started);
        let skip = calls.len().saturating_sub(REQUEST_LOG_CAPACITY);
        calls.into_iter().skip(skip).map(|(_, call)| call).collect()
    }

    /// The entries, oldest first, redacted (without their users).
    #[cfg(test)]
    pub fn entries(&self) -> Vec<RequestLogEntry> {
        self.last(Slot::entry)
    }

    /// The entries, oldest first, redacted, each with its [`user`](RequestLogEntry::user):
    /// the holder of its `key`, resolved now in `sim`'s model (one lock for all of them;
    /// recording a call resolves nothing).
    pub fn entries_of(&self, sim: &crate::Simulator) -> Vec<RequestLogEntry> {
        let (mut entries, keys): (Vec<_>, Vec<_>) = self
            .last(|slot| (slot.entry(), slot.key().map(std::borrow::Cow::into_owned)))
            .into_iter()
            .unzip();
        let holders = sim.holders_of_keys(keys.iter().map(Option::as_deref));
        for (entry, holder) in entries.iter_mut().zip(holders) {
            entry.user = holder;
        }
        entries
    }

    /// Forgets every entry (the slots are kept for reuse).
    pub fn clear(&self) {
        for ring in self.0.iter() {
            let mut ring = ring.lock();
            ring.len = 0;
            ring.next = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(log: &RequestLog, target: &str) {
        let uri: Uri = target.parse().unwrap();
        log.record(&Method::GET, &uri, Outcome::default());
    }

    #[test]
    fn keeps_only_the_last_entries() {
        let log = RequestLog::default();
        for i in 0..REQUEST_LOG_CAPACITY + 5 {
            record(&log, &format!("/{i}"));
        }
        let entries = log.entries();
        assert_eq!(entries.len(), REQUEST_LOG_CAPACITY);
        assert_eq!(entries[0].path, "/5");
        assert_eq!(entries[REQUEST_LOG_CAPACITY - 1].path, "/1004");
        log.clear();
        assert!(log.entries().is_empty());
        record(&log, "/again?device_id=d");
        let entries = log.entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].path.as_str(), entries[0].query.as_str()),
            ("/again", "device_id=d")
        );
    }

    #[test]
    fn calls_recorded_on_other_threads_merge_by_when_they_began() {
        let log = RequestLog::default();
        // One thread after the other, each with its ring (or the same one, shared): either
        // way the log shows the last calls of all, in the order they began.
        for thread in ["a", "b"] {
            let log = log.clone();
            std::thread::spawn(move || {
                for i in 0..600 {
                    record(&log, &format!("/{thread}{i}"));
                }
            })
            .join()
            .unwrap();
        }
        let paths: Vec<String> = log.entries().into_iter().map(|e| e.path).collect();
        let expected: Vec<String> = (200..600)
            .map(|i| format!("/a{i}"))
            .chain((0..600).map(|i| format!("/b{i}")))
            .collect();
        assert_eq!(paths, expected);
        assert_eq!(log.recorded(), 1200);
        log.clear();
        assert!(log.entries().is_empty());
        assert_eq!(log.recorded(), 1200, "a clear does not count back");
    }

    #[test]
    fn a_method_shaped_like_a_credential_is_hidden_and_a_long_one_cut() {
        let log = RequestLog::default();
        let uri: Uri = "/v1.2/users/devices".parse().unwrap();
        let secret = Method::from_bytes(b"UAT0123456789abcdef0123456789abcdef").unwrap();
        log.record(&secret, &uri, Outcome::default());
        let long = Method::from_bytes(b"PROPFINDPROPFINDPROPFIND").unwrap();
        log.record(&long, &uri, Outcome::default());
        let methods: Vec<String> = log.entries().into_iter().map(|e| e.method).collect();
        assert_eq!(methods, ["***", "PROPFINDPROPFIND"]);
    }

    #[test]
    fn a_long_target_is_redacted_then_cut() {
        let log = RequestLog::default();
        let padding = "x".repeat(3000);
        record(
            &log,
            &format!(
                "/v1.2/users/devices?key=UAT0123456789abcdef0123456789abcdef&search_string={padding}"
            ),
        );
        let entry = &log.entries()[0];
        assert_eq!(entry.path, "/v1.2/users/devices");
        assert!(
            entry.query.starts_with("key=***&search_string=xxx"),
            "{}",
            entry.query
        );
        assert!(entry.query.ends_with('…'));
        assert!(entry.path.len() + entry.query.len() <= TARGET_BYTES + '…'.len_utf8());
    }
}
