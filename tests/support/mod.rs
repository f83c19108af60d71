//! Test support shared by the root integration tests.

pub mod intercept;
