//! # kandy
//!
//! A Rust SDK for the Kandy.io REST API v1.2, and an offline simulator of it.
//!
//! Program against the [`KandyApi`] trait. Behind it, use:
//! - [`http::KandyClient`] (feature `http`) for the real service, or any server speaking v1.2;
//! - [`sim::Simulator`] (feature `sim`) to run offline, in-process and deterministic;
//! - `MockKandyApi` (feature `mock`) in unit tests.
//!
//! Everything in `kandy-core` (types, credentials, errors, the operation table, the
//! [scoped handles](handles) of [`KandyApiExt`]) is re-exported at the crate root.
//!
//! ```
//! use kandy::{KandyApiExt, NewDomain, NewUser};
//! use kandy::sim::Simulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> kandy::Result<()> {
//! let sim = Simulator::new();
//! let account = sim.create_account();
//! // Scoped handles hold the credentials; each call takes the operation's own arguments.
//! let aat = sim.account(account.api_key, account.api_secret).get_account_access_token().await?;
//! let domain = sim.account_token(aat).create_domain(NewDomain::new("example.kandy.io")).await?;
//! let keys = sim.domain_keys(&domain.domain_api_key, &domain.domain_api_secret);
//! let admin = sim.domain(keys.get_domain_access_token().await?);
//! let alice = admin.create_user_by_user_id(NewUser::new("alice")).await?;
//! assert_eq!(alice.full_user_id, "alice@example.kandy.io");
//! let alice = sim.user(keys.get_user_access_token("alice").await?);
//! assert_eq!(alice.get_devices().await?.len(), 1);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` on nightly: feature-gated items get a badge naming the
// feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub use kandy_core::*;

/// The HTTPS client (crate `kandy-http`).
#[cfg(feature = "http")]
pub use kandy_http as http;

/// The offline simulator (crate `kandy-sim`).
#[cfg(feature = "sim")]
pub use kandy_sim as sim;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
