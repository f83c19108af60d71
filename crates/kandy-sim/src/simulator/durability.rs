//! Changes and their durability: a version counted at every change of the model, and the hook
//! a server's persistence runs after each change, before the change is answered.

use super::Simulator;
use super::journal::Applied;
use crate::model::{Model, Snapshot};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// What the simulator runs after every change of its state, outside the model's lock and
/// before the call that made the change returns (so before a server answers it). An error
/// turns the answer of a `KandyApi` call (and of [`Simulator::create_account_with`]) into an
/// internal error (status 1, HTTP 500): the change is applied in memory but not acknowledged.
/// The administration methods that return no `Result` (`create_account`, `reset`, `restore`'s
/// replacement, `advance_clock`) leave reporting the failure to the hook.
///
/// `kandy-sim serve --persist always` syncs its journal here (see
/// [`JournalSink`](super::JournalSink)).
#[derive(Clone)]
pub struct WriteHook(Arc<HookFn>);

/// The function a [`WriteHook`] runs.
type HookFn = dyn Fn(&Simulator) -> Result<(), String> + Send + Sync;

impl WriteHook {
    /// A hook running `hook`.
    pub fn new(hook: impl Fn(&Simulator) -> Result<(), String> + Send + Sync + 'static) -> Self {
        Self(Arc::new(hook))
    }
}

impl fmt::Debug for WriteHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WriteHook")
    }
}

impl Simulator {
    /// Runs `change` on the model under its lock, counting a change, and journals `entry`
    /// (when a journal is attached: then every change has its entry).
    pub(super) fn change_recorded<T>(
        &self,
        entry: Option<Applied>,
        change: impl FnOnce(&mut Model) -> T,
    ) -> T {
        // Encoded before the lock is taken; written under it, in the order of the changes.
        let sink = self.shared.journal.sink();
        let encoded = match (sink, &entry) {
            (Some(_), Some(entry)) => serde_json::to_vec(entry).ok(),
            _ => None,
        };
        let mut model = self.model();
        let result = change(&mut model);
        if let (Some(sink), Some(encoded)) = (sink, &encoded) {
            sink.append(encoded);
        }
        // SeqCst: the watchers' wake-up reads their count after this (see `changes`).
        self.shared.version.fetch_add(1, Ordering::SeqCst);
        drop(model);
        self.shared.watchers.wake();
        result
    }

    /// Runs the write hook, if any, after a change.
    pub(super) fn changed(&self) -> Result<(), String> {
        match &self.shared.on_write {
            Some(hook) => (hook.0)(self),
            None => Ok(()),
        }
    }

    /// How many changes the state has had (every call that may change it counts, reads of
    /// the API included: they move a user's `last_seen`).
    pub fn version(&self) -> u64 {
        self.shared.version.load(Ordering::Acquire)
    }

    /// [`change_recorded`](Simulator::change_recorded) for a change whose entry is known
    /// only once it is applied (`change` returns it): encoded under the lock.
    pub(super) fn change_then_record<T>(
        &self,
        change: impl FnOnce(&mut Model) -> (T, Option<Applied>),
    ) -> T {
        let mut model = self.model();
        let (result, entry) = change(&mut model);
        if let (Some(sink), Some(entry)) = (self.shared.journal.sink(), &entry)
            && let Ok(encoded) = serde_json::to_vec(entry)
        {
            sink.append(&encoded);
        }
        self.shared.version.fetch_add(1, Ordering::SeqCst);
        drop(model);
        self.shared.watchers.wake();
        result
    }

    /// The state and the [`version`](Simulator::version) it is at, taken together under the
    /// model's lock (which is held only to copy the state).
    pub fn versioned_snapshot(&self) -> (Snapshot, u64) {
        let (snapshot, version, ()) = self.snapshot_with(|| ());
        (snapshot, version)
    }

    /// [`versioned_snapshot`](Simulator::versioned_snapshot) and what `also` reads, under the
    /// same hold of the model's lock: with a [`JournalSink`](super::JournalSink)'s position,
    /// the entries the snapshot holds.
    pub fn snapshot_with<T>(&self, also: impl FnOnce() -> T) -> (Snapshot, u64, T) {
        let model = self.model();
        let snapshot = model.snapshot();
        let version = self.shared.version.load(Ordering::Acquire);
        let also = also();
        drop(model);
        (snapshot, version, also)
    }
}
