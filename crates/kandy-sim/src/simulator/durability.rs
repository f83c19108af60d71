//! Changes and their durability: a version counted at every change of the model, and the hook
//! a server's persistence runs after each change, before the change is answered.

use super::Simulator;
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
/// `kandy-sim serve --persist always` saves the state file here.
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
    /// Runs `change` on the model under its lock, counting a change.
    pub(super) fn change<T>(&self, change: impl FnOnce(&mut Model) -> T) -> T {
        let mut model = self.model();
        let result = change(&mut model);
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

    /// The state and the [`version`](Simulator::version) it is at, taken together under the
    /// model's lock (which is held only to copy the state).
    pub fn versioned_snapshot(&self) -> (Snapshot, u64) {
        let model = self.model();
        let snapshot = model.snapshot();
        (snapshot, self.shared.version.load(Ordering::Acquire))
    }
}
