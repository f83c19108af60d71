//! An offline, deterministic simulator of the Kandy.io v1.2 API.
//!
//! - [`model`]: the pure state machine (no async, no I/O) that holds every rule of behaviour.
//! - [`Simulator`]: `KandyApi` over the model, in-process.
//! - [`faults`]: fault plans, applied in-process and by the server.
//! - [`admin`]: the simulator's administration as one trait, [`SimulatorAdmin`], in-process
//!   and (feature `admin-client`) over a served simulator's `/_sim/` routes.
//! - `server` (feature `server`): the same simulator over the real v1.2 wire protocol.

#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` on nightly: feature-gated items get a badge naming the
// feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs, missing_debug_implementations)]

pub mod admin;
pub mod faults;
pub mod model;
#[cfg(feature = "server")]
pub mod server;
mod simulator;

pub use admin::SimulatorAdmin;
pub use faults::{
    ChannelEffect, ChannelMatch, ChannelRule, FaultEffect, FaultMatch, FaultPlan, FaultRule,
    Trigger,
};
pub use simulator::*;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
