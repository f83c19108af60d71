//! A queued message is stored once per send, whatever the fan-out (its own test binary, so
//! that no other test's allocations move the resident size it reads).

#![cfg(target_os = "linux")]

mod model_fixture;

use kandy_core::*;
use model_fixture::{World, text};

/// The process's resident size in bytes (`/proc/self/statm`, in pages of 4 KiB).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[test]
fn one_large_send_to_two_hundred_devices_stores_its_content_once() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    for n in 1..200 {
        w.model
            .create_device(&bob.token, NewDevice::new(format!("device{n}")))
            .unwrap();
    }
    let content = "x".repeat(1024 * 1024 - 100);
    let message = text(&bob.full_id, &content, "0123456789abcdef0123456789abcdef");
    drop(content);
    let before = resident_bytes();
    w.model
        .send_message(&alice.token, &alice.device, message)
        .unwrap();
    let grown = resident_bytes().saturating_sub(before);
    // One copy is 1 MiB; one per device would be 200 MiB.
    assert!(grown < 16 * 1024 * 1024, "grew by {grown} bytes");
    assert_eq!(
        w.model.device_queue(&bob.device).unwrap()[0]
            .text()
            .unwrap()
            .len(),
        1024 * 1024 - 100
    );
}
