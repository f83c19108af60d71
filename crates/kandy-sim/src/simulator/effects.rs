//! One call through the simulator: the fault plan first, then the model, and the error a
//! real client would see.

use super::Simulator;
use super::deliveries;
use super::journal::Applied;
use crate::faults::FaultEffect;
use crate::model::{Effects, Model, ModelError};
use kandy_core::{DeviceId, Error, Operation, OperationId};
use std::sync::atomic::Ordering;

impl Simulator {
    /// Runs one operation on the model, after consulting the fault plan (unless this is a
    /// [`Simulator::without_faults`] view), journaling `entry` if the model runs it. Every
    /// error names the operation.
    ///
    /// In-process, a `status` effect is that API error and a `delay` applies the call at once;
    /// `hang` is a timeout, `reset` a transport error and `malformed` a decode error of an
    /// HTTP 200, all without applying the call; `commit_then_drop` applies it and then is a
    /// transport error.
    pub(super) fn call<T>(
        &self,
        op: &'static Operation,
        key: &str,
        device_id: Option<&DeviceId>,
        entry: Option<Applied>,
        run: impl FnOnce(&mut Model) -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        self.call_with(op, key, device_id, || self.run_model(op, entry, run))
    }

    /// [`Simulator::call`] for an operation of the model's shared path (`run` changes only
    /// what has its own lock): under the model's shared lock, so that calls of different
    /// users run at once; exclusively, as [`Simulator::call`], when the call is journaled.
    pub(super) fn call_shared<T>(
        &self,
        op: &'static Operation,
        key: &str,
        device_id: Option<&DeviceId>,
        entry: Option<Applied>,
        run: impl FnOnce(&Model, &Effects) -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        if entry.is_some() {
            return self.call(op, key, device_id, entry, |m| run(m, m.effects()));
        }
        self.call_with(op, key, device_id, || self.run_shared(run))
    }

    /// The fault plan's effect on a call, around `apply` (which runs it on the model).
    fn call_with<T>(
        &self,
        op: &'static Operation,
        key: &str,
        device_id: Option<&DeviceId>,
        apply: impl FnOnce() -> Result<T, ModelError>,
    ) -> kandy_core::Result<T> {
        let effect = if self.faults_enabled {
            self.fault_for(op, Some(key), device_id.map(DeviceId::as_str))
        } else {
            None
        };
        let outcome = match effect {
            None | Some(FaultEffect::Delay { .. }) => {
                let outcome = apply().map_err(Error::from);
                match self.changed() {
                    Ok(()) => outcome,
                    Err(problem) => Err(super::saving_failed(problem)),
                }
            }
            Some(FaultEffect::Status {
                http,
                status,
                message,
            }) => Err(Error::api(status, message, Some(http))),
            Some(FaultEffect::Hang) => Err(Error::timeout(
                "no answer: the simulator's fault plan made the call hang",
                true,
            )),
            Some(FaultEffect::Reset) => Err(Error::transport(
                "connection reset by the simulator's fault plan",
                true,
            )),
            Some(FaultEffect::Malformed) => Err(Error::decode(
                "the simulator's fault plan answered a body that is not JSON",
                Some(200),
            )),
            Some(FaultEffect::CommitThenDrop) => {
                // Applied; whether it succeeded is lost with the connection.
                let _lost = apply();
                self.changed_logged();
                Err(Error::transport(
                    "the connection dropped after the call was applied (simulator fault plan)",
                    true,
                ))
            }
        };
        outcome.map_err(|error| error.with_operation(op.name))
    }
}

impl Simulator {
    /// Runs `run` on the model (a [`change`](Simulator::change): the version moves), then
    /// writes the pushes it asked for to the open data
    /// channels and, after a call that may revoke or delete what a socket's token stands
    /// for, closes the sockets whose token no longer holds. All under the model's exclusive
    /// lock, so pushes arrive in the order the calls were applied.
    pub(super) fn run_model<T>(
        &self,
        op: &'static Operation,
        entry: Option<Applied>,
        run: impl FnOnce(&mut Model) -> Result<T, ModelError>,
    ) -> Result<T, ModelError> {
        self.change_recorded(entry, |model| {
            let outcome = run(model);
            self.deliver_pushes(model);
            if outcome.is_ok() && closes_channels(op.id) {
                self.shared.hub.sweep(model);
            }
            outcome
        })
    }
}

impl Simulator {
    /// Runs `run` on the model under its shared lock, with its own [`Effects`] (the version
    /// moves as for a change), then records and writes them, as [`Simulator::run_model`]
    /// does the model's.
    fn run_shared<T>(
        &self,
        run: impl FnOnce(&Model, &Effects) -> Result<T, ModelError>,
    ) -> Result<T, ModelError> {
        let model = self.model_shared();
        let effects = Effects::default();
        let outcome = run(&model, &effects);
        self.record_effects(&model, &effects);
        // SeqCst: the watchers' wake-up reads their count after this (see `changes`).
        self.shared.version.fetch_add(1, Ordering::SeqCst);
        drop(model);
        self.shared.watchers.wake();
        outcome
    }

    /// Records the delivery notes the model's exclusive calls left in the delivery history,
    /// then writes the pushes they asked for to the open data channels (recording those
    /// written). Under the model's lock.
    pub(super) fn deliver_pushes(&self, model: &Model) {
        self.record_effects(model, model.effects());
    }

    /// Records the notes of `effects` in the delivery history and writes its pushes to the
    /// open data channels (recording those written). The history's lock is taken only when
    /// there is something to record, and only to insert what was prepared outside it.
    fn record_effects(&self, model: &Model, effects: &Effects) {
        let notes = effects.take_notes();
        let pushes = effects.take_pushes();
        if notes.0.is_empty() && notes.1 == 0 && pushes.is_empty() {
            return;
        }
        let recorded = deliveries::Batch::of_notes(notes);
        let at_ms = model.now_ms();
        let evicted = {
            let mut history = self.shared.deliveries.lock();
            let mut evicted = history.insert(recorded);
            self.shared.hub.deliver(pushes, |push, device| {
                let seq = model.next_event_seq();
                evicted.extend(history.record_push(push, device, at_ms, seq));
            });
            evicted
        };
        // What the ring dropped is freed after its lock is released.
        drop(evicted);
    }
}

/// Whether a successful `op` may end what an open socket's token stands for.
fn closes_channels(op: OperationId) -> bool {
    matches!(
        op,
        OperationId::DeleteUserAccessToken
            | OperationId::DeleteUser
            | OperationId::DeleteDevice
            | OperationId::DeleteDomain
    )
}
