//! The retry layer: [`Retrying`] wraps any [`KandyApi`](kandy_core::KandyApi), the HTTP
//! client or the simulator, and tries failed calls again where that is safe.
//!
//! # What is retried
//!
//! - A transient failure that certainly happened **before the request was sent**
//!   ([`Error::maybe_sent`](kandy_core::Error::maybe_sent) is false: a refused connection, a
//!   connect timeout) is retried for every operation.
//! - After the request **may have been sent**, only operations that are safe to repeat are
//!   retried ([`is_safe_to_repeat`]: the operation table's `idempotent`, i.e. GET, PUT and
//!   DELETE, except `create_anonymous_user` and `check_verification_code`), and only on a
//!   transient failure ([`is_transient`]): a timeout, a broken connection, or HTTP 500, 502,
//!   503, 504 or 429. An IM, a group IM, an SMS and every create are never repeated once
//!   they may have reached the server: the service does not de-duplicate them.
//! - Never retried: bad arguments, configuration errors, refused credentials (an expired
//!   token too: renewing it is another layer's job), missing things, other Kandy statuses,
//!   and undecodable responses other than a proxy's error page under a transient status.
//!
//! # How long it waits
//!
//! Capped full-jitter exponential backoff: after attempt *n* fails, the delay is picked in
//! `[0, min(max_backoff, initial_backoff · 2^(n-1))]`. Retrying stops at the attempt limit,
//! or when the next delay would reach the overall deadline; the deadline also cuts a hung
//! attempt short, with a timeout error that says the request may have been sent.
//! Each retry is logged at DEBUG with the operation, the attempt, the delay and the error's
//! kind and statuses (never a credential).
//!
//! # Testing
//!
//! The sleeper ([`Sleep`]) and the randomness ([`Jitter`]) are injected:
//! [`RecordingSleep`] returns at once and records every delay, and [`FixedJitter`] makes
//! delays exact, so tests assert delays and attempt counts without waiting.

mod api;
mod classify;
mod policy;
mod retrying;
mod timing;

pub use classify::{TRANSIENT_HTTP_STATUSES, is_safe_to_repeat, is_transient};
pub use policy::{Decision, RetryPolicy, StopReason};
pub use retrying::Retrying;
pub use timing::{FixedJitter, Jitter, RandomJitter, RecordingSleep, Sleep, TokioSleep};
