//! Test support shared by the root integration tests. Each test binary uses a part of it.
#![allow(dead_code)]

pub mod intercept;
pub mod tenant;
