//! The Kandy.io v1.2 SDK's HTTPS client (to be written).

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

pub mod retry;
