//! The core of the Kandy.io v1.2 SDK: the [`KandyApi`] trait, the domain types, scoped
//! credentials, the error type and the [operation table](operation).
//!
//! This crate has no HTTP client and no async runtime. Implementations of [`KandyApi`] live in
//! `kandy-http` (the real service) and `kandy-sim` (the offline simulator); with the feature
//! `mock`, `MockKandyApi` is a mockall mock of the trait.
//!
//! [Scoped handles](handles) bind the credentials, so calls take only the operation's own
//! arguments: `api.user(&token).device(&id).send_message(message)`.
//!
//! Every result type can be built without JSON, for a test double's answers: a `new` with the
//! required fields and a `with_*` setter per optional one ([`User::new`], [`Group::new`],
//! [`IncomingMessage::chat`], ...). A failed call is an [`Error`] with an [`ErrorKind`] and, when
//! the API refused it, a typed [`ApiStatus`].
//!
//! The [data channel](notifications) (real-time notifications and session data) is the
//! [`DataChannel`] trait: it opens a [`NotificationStream`] of typed [`Notification`]s.

#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` on nightly: feature-gated items get a badge naming the
// feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs, missing_debug_implementations)]

// `#[macro_use]`: `kandy_api_methods!`, which the trait's declaration defines, is used by
// the handles below.
#[macro_use]
mod api;
mod credentials;
mod envelope;
mod error;
pub mod handles;
mod ids;
pub mod notifications;
pub mod operation;
pub mod types;
pub mod wire;

pub use api::KandyApi;
#[cfg(feature = "mock")]
pub use api::MockKandyApi;
pub use credentials::*;
pub use envelope::{ApiStatus, Envelope, SUCCESS_MESSAGE, status};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use handles::{
    AccountHandle, AccountKeysHandle, ApiFuture, DeviceHandle, DomainHandle, DomainKeysHandle,
    GroupHandle, KandyApiExt, SessionHandle, UserHandle, UserPasswordHandle,
};
pub use ids::{ContactId, ContentUuid, DeviceId, GroupId, MessageUuid, SessionId};
#[cfg(feature = "mock")]
pub use notifications::MockDataChannel;
pub use notifications::{DataChannel, Notification, NotificationStream};
pub use operation::{BodyKind, Evidence, KeyScope, Method, Operation, OperationId, Param, Tier};
pub use types::address_books::*;
pub use types::configuration::*;
pub use types::content::*;
pub use types::devices::*;
pub use types::directory::*;
pub use types::domains::*;
pub use types::groups::*;
pub use types::hunt_groups::*;
pub use types::lookups::*;
pub use types::messages::*;
pub use types::presence::*;
pub use types::profiles::*;
pub use types::registration::*;
pub use types::sessions::*;
pub use types::users::*;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
