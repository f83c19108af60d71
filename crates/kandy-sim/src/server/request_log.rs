//! The request log behind `GET /_sim/requests`: the last Kandy calls, with every credential
//! redacted.

use parking_lot::{Mutex, MutexGuard};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

/// How many calls the request log keeps; older ones are forgotten.
pub const REQUEST_LOG_CAPACITY: usize = 1000;

/// One Kandy call as `GET /_sim/requests` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestLogEntry {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as received, e.g. `/v1.2/users/devices`.
    pub path: String,
    /// The raw query with every credential replaced by `***`.
    pub query: String,
    /// The HTTP status sent; `None` when no response was sent (a dropped or hanging call).
    pub http_status: Option<u16>,
    /// The envelope's `status` (for a dropped call, the one it would have had).
    pub kandy_status: Option<i64>,
    /// The operation's name, when the route names one.
    pub operation: Option<String>,
    /// The fault the plan enacted on the call (`status`, `delay`, `hang`, `reset`,
    /// `malformed`, `commit_then_drop`), if any.
    pub fault: Option<String>,
}

impl RequestLogEntry {
    /// An entry for a call not answered yet.
    pub(crate) fn new(method: &str, path: &str, query: String) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            query,
            http_status: None,
            kandy_status: None,
            operation: None,
            fault: None,
        }
    }
}

/// The bounded log, shared by every connection.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestLog(Arc<Mutex<VecDeque<RequestLogEntry>>>);

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, VecDeque<RequestLogEntry>> {
        self.0.lock()
    }

    /// Adds an entry, forgetting the oldest beyond [`REQUEST_LOG_CAPACITY`].
    pub fn push(&self, entry: RequestLogEntry) {
        let mut log = self.lock();
        if log.len() == REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(entry);
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> Vec<RequestLogEntry> {
        self.lock().iter().cloned().collect()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_last_entries() {
        let log = RequestLog::default();
        for i in 0..REQUEST_LOG_CAPACITY + 5 {
            log.push(RequestLogEntry::new("GET", &format!("/{i}"), String::new()));
        }
        let entries = log.entries();
        assert_eq!(entries.len(), REQUEST_LOG_CAPACITY);
        assert_eq!(entries[0].path, "/5");
        log.clear();
        assert!(log.entries().is_empty());
    }
}
