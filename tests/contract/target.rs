//! What the suite runs against: a `KandyApi` plus the simulator's admin surface.
//!
//! Everything here is also served by `kandy-sim serve` under `/_sim/*`, so the HTTP target
//! (`http_target.rs`: a `kandy_http::KandyClient` and a served simulator) implements it too.
//! Every target must start from an empty state with the default 24 h token time to live.

use async_trait::async_trait;
use kandy_core::{DeviceId, IncomingMessage, KandyApi};
use kandy_sim::{AccountCredentials, SentSms, Simulator};

/// The seed of every in-process simulator of the suite.
pub const SEED: u64 = 7;

/// A Kandy service under test, with the simulator's inspection and control surface.
#[async_trait]
pub trait Target: Send + Sync {
    /// The API under test.
    fn api(&self) -> &dyn KandyApi;

    /// Whether calls go over HTTP, so that a refusal carries an HTTP status (the in-process
    /// simulator claims none).
    fn over_http(&self) -> bool {
        false
    }

    /// Creates an account (the portal's job; `POST /_sim/accounts`).
    async fn create_account(&self) -> AccountCredentials;

    /// Moves the simulator's clock forward (`POST /_sim/clock/advance`).
    async fn advance_clock(&self, millis: u64);

    /// The SMS outbox, oldest first (`GET /_sim/sms`).
    async fn sms_outbox(&self) -> Vec<SentSms>;

    /// A device's pending queue without removing anything; `None` when there is no such
    /// device (`GET /_sim/devices/{id}/messages`).
    async fn device_queue(&self, device_id: &DeviceId) -> Option<Vec<IncomingMessage>>;

    /// The whole model state (`GET /_sim/snapshot`).
    async fn snapshot(&self) -> serde_json::Value;

    /// Replaces the state with a snapshot (`PUT /_sim/snapshot`).
    async fn restore(&self, snapshot: serde_json::Value) -> kandy_core::Result<()>;

    /// Empties every store and restarts the generator from the seed (`POST /_sim/reset`).
    async fn reset(&self);
}

/// The in-process simulator, fresh for every test.
#[derive(Debug)]
pub struct SimTarget {
    sim: Simulator,
}

impl SimTarget {
    /// A fresh simulator seeded with [`SEED`], default clock and token time to live.
    pub async fn new() -> Self {
        Self {
            sim: Simulator::builder().seed(SEED).build(),
        }
    }
}

#[async_trait]
impl Target for SimTarget {
    fn api(&self) -> &dyn KandyApi {
        &self.sim
    }

    async fn create_account(&self) -> AccountCredentials {
        self.sim.create_account()
    }

    async fn advance_clock(&self, millis: u64) {
        self.sim.advance_clock(millis);
    }

    async fn sms_outbox(&self) -> Vec<SentSms> {
        self.sim.sms_outbox()
    }

    async fn device_queue(&self, device_id: &DeviceId) -> Option<Vec<IncomingMessage>> {
        self.sim.device_queue(device_id)
    }

    async fn snapshot(&self) -> serde_json::Value {
        self.sim.snapshot().to_value()
    }

    async fn restore(&self, snapshot: serde_json::Value) -> kandy_core::Result<()> {
        self.sim.restore(kandy_sim::Snapshot::from_value(snapshot)?)
    }

    async fn reset(&self) {
        self.sim.reset();
    }
}
