//! The HTTPS client of the Kandy.io REST API v1.2: [`KandyClient`] implements every
//! operation of [`kandy_core::KandyApi`] (87 of them) over reqwest and rustls.
//!
//! ```no_run
//! use kandy_core::{DomainApiKey, DomainApiSecret, KandyApi, OutgoingSms};
//! use kandy_http::KandyClient;
//!
//! # async fn demo() -> kandy_core::Result<()> {
//! // The real service, with the default timeouts; a simulator would be
//! // `.base_url("http://127.0.0.1:PORT/v1.2/")`.
//! let kandy = KandyClient::builder().build()?;
//!
//! let key = DomainApiKey::new("DAK…");
//! let secret = DomainApiSecret::new("DAS…");
//! let token = kandy.get_user_access_token(key, secret, "alice".into()).await?;
//! let devices = kandy.get_devices(token.clone()).await?;
//! let Some(device) = devices.first() else {
//!     return Err(kandy_core::Error::bad_argument("alice has no device"));
//! };
//! let sms = OutgoingSms::new("+14155550100", "Hello from Rust");
//! match kandy.send_sms(token, device.id.clone(), sms).await {
//!     Ok(()) => println!("sent"),
//!     // Never repeat a send blindly: the service does not de-duplicate them.
//!     Err(e) if e.maybe_sent() => eprintln!("{e}; the SMS may have gone out"),
//!     Err(e) => eprintln!("{e}; nothing was sent"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # How a call goes
//!
//! Every method runs the same path. The method and path come from the operation table
//! ([`kandy_core::operation`]); the credential goes in the `key` query parameter, with any
//! other secret the operation needs, every value URL-encoded (the lists of #44, #58 and #78
//! as a JSON array); bodies are JSON, exactly as the specification shows them. The response
//! envelope `{"status", "message", "result"}` is decoded whatever the HTTP status:
//!
//! - a non-zero `status` is an API error ([`Error::api_error`](kandy_core::Error::api_error)),
//!   even under HTTP 200;
//! - an empty body, a body that is not JSON (a proxy's HTML page), truncated JSON, or a
//!   `result` of the wrong shape is a [`Decode`](kandy_core::ErrorKind::Decode) error naming
//!   what broke (the JSON path, e.g. `result.devices[0].id`);
//! - a redirect is never followed (it could carry the key to another host): it is a decode
//!   error;
//! - a refused connection is [`Connect`](kandy_core::ErrorKind::Connect), an expired timeout
//!   [`Timeout`](kandy_core::ErrorKind::Timeout), and
//!   [`maybe_sent`](kandy_core::Error::maybe_sent) says whether the request may have taken
//!   effect.
//!
//! Every error names its operation and the HTTP status when there was one.
//!
//! # File content
//!
//! The content upload (#84) is `multipart/form-data` with one part named `file`, streamed from
//! the [`ContentUpload`](kandy_core::ContentUpload)'s buffer or stream (with a
//! `Content-Length` when its length is known, else chunked). The downloads (#85, #86) return
//! at the response's headers with a [`ContentDownload`](kandy_core::ContentDownload): its
//! content type, length and `Content-Disposition` file name, and the bytes as a stream of
//! chunks as they arrive. A refused download answers the envelope instead, under an HTTP
//! error or under 200 with a JSON content type; either is the usual API error. Both transfers
//! are one HTTP exchange under the attempt timeout, which bounds reading the whole body (raise
//! it for large files); the whole-call timeout of a download bounds the wait for its headers. The client makes
//! one HTTP exchange per call; wrap it in [`retry::Retrying`] for retries that respect which
//! operations are safe to repeat.
//!
//! # The data channel
//!
//! [`data_channel::DataChannelClient`] implements [`kandy_core::DataChannel`] over the
//! WebSocket kandy.js opens: real-time notifications as a `Stream`, session data with its
//! responses, pings, reconnection with capped full-jitter backoff, and a typed end when the
//! token is refused. An [`inbox::Inbox`] given a data channel fetches on a push instead of
//! polling.
//!
//! # Timeouts
//!
//! On by default ([`Timeouts::V2026_1`]): connect 5 s, one HTTP exchange 30 s, the whole call
//! 60 s. Each can be changed or turned off on the [builder](KandyClientBuilder).
//!
//! # Credentials stay secret
//!
//! Kandy passes keys, secrets and tokens in the query string, so a request URL is a secret.
//! The client never formats one except through [`redact_url`]; errors carry no URL (reqwest
//! errors are kept only after `without_url`), text taken from a response is scrubbed of the
//! request's credentials, and an undecodable body is quoted only as a short, masked snippet
//! (never for the operations that return credentials). `Debug` of the client and its builder
//! shows no secret.
//!
//! # Tracing
//!
//! Each call runs in one `kandy.request` span with the fields `kandy.op`,
//! `http.request.method`, `url.template` (the table path), `url.path`,
//! `http.response.status_code` and `kandy.status`; never the query string. The outcome is
//! logged at DEBUG, the redacted URL at TRACE; nothing is logged at INFO.

#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` on nightly: feature-gated items get a badge naming the
// feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs, missing_debug_implementations)]

mod api;
mod builder;
mod call;
mod client;
pub mod data_channel;
mod download;
mod failure;
pub mod inbox;
mod redact;
mod request;
mod response;
pub mod retry;
pub mod session;
mod success;

pub use builder::{DEFAULT_BASE_URL, DEFAULT_USER_AGENT, KandyClientBuilder, Timeouts};
pub use client::KandyClient;
pub use redact::{REDACTED, redact_url};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
