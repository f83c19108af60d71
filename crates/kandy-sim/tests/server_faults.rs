//! The fault plan enacted on the wire: statuses, delays, hangs, resets, malformed bodies and
//! responses lost after the change was applied.

#![cfg(feature = "server")]

mod server_support;

use serde_json::{Value, json};
use server_support::*;
use std::time::{Duration, Instant};

async fn set_plan(addr: std::net::SocketAddr, operation: &str, effect: Value) {
    let plan = json!({"rules": [{"match": {"operation": operation}, "trigger": {"nth": 1}, "effect": effect}]});
    assert_eq!(
        send(addr, "POST", "/_sim/faults", Some(&plan.to_string()))
            .await
            .status,
        200
    );
}

fn sms_request(person: &Person, text: &str) -> Vec<u8> {
    let body =
        json!({"message": {"destination": "+14155550100", "message": {"text": text}}}).to_string();
    request_bytes(
        "POST",
        &format!(
            "/v1.2/devices/smss?key={}&device_id={}",
            person.uat, person.device_id
        ),
        Some(&body),
    )
}

async fn outbox_texts(addr: std::net::SocketAddr) -> Vec<String> {
    get(addr, "/_sim/sms")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|sms| sms["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn last_fault(addr: std::net::SocketAddr) -> Value {
    let log = get(addr, "/_sim/requests").await.json();
    log.as_array().unwrap().last().unwrap().clone()
}

#[tokio::test]
async fn a_status_fault_answers_its_envelope_and_applies_nothing() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(
        w.addr,
        "send_sms",
        json!({"status": {"http": 503, "status": 1, "message": "unavailable"}}),
    )
    .await;
    let reply = exchange(w.addr, &sms_request(&alice, "one"), Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(reply.refused(503, 1), "unavailable");
    assert!(outbox_texts(w.addr).await.is_empty());
    // The rule fired once; the next call goes through.
    exchange(w.addr, &sms_request(&alice, "two"), Duration::from_secs(20))
        .await
        .unwrap()
        .result();
    assert_eq!(outbox_texts(w.addr).await, ["two"]);
}

#[tokio::test]
async fn a_delay_answers_late_and_normally() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(w.addr, "get_devices", json!({"delay": {"millis": 300}})).await;
    let started = Instant::now();
    let devices = get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat))
        .await
        .result();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(devices["devices"][0]["id"], alice.device_id.as_str());
    assert_eq!(last_fault(w.addr).await["fault"], "delay");
}

#[tokio::test]
async fn a_hang_never_answers_and_does_not_block_shutdown() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(w.addr, "send_sms", json!("hang")).await;
    let addr = w.addr;
    let raw = sms_request(&alice, "stuck");
    let hanging = tokio::spawn(async move { exchange(addr, &raw, Duration::from_secs(30)).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !hanging.is_finished(),
        "a hanging call must not be answered"
    );
    assert!(outbox_texts(w.addr).await.is_empty(), "nothing applied");
    assert_eq!(last_fault(w.addr).await["fault"], "hang");

    let started = Instant::now();
    w.server.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "shutdown waited on the hang"
    );
    let outcome = tokio::time::timeout(Duration::from_secs(5), hanging)
        .await
        .unwrap()
        .unwrap();
    assert!(outcome.is_err(), "the hanging call saw no response");
}

#[tokio::test]
async fn a_reset_closes_the_connection_and_applies_nothing() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(w.addr, "send_sms", json!("reset")).await;
    let outcome = exchange(
        w.addr,
        &sms_request(&alice, "lost"),
        Duration::from_secs(20),
    )
    .await;
    assert!(outcome.is_err(), "no response expected");
    assert!(outbox_texts(w.addr).await.is_empty());
    let entry = last_fault(w.addr).await;
    assert_eq!(entry["fault"], "reset");
    assert!(entry["http_status"].is_null());
}

#[tokio::test]
async fn a_malformed_answer_is_http_200_and_not_json() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(w.addr, "get_devices", json!("malformed")).await;
    let reply = get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat)).await;
    assert_eq!(reply.status, 200);
    assert!(
        serde_json::from_slice::<Value>(&reply.body).is_err(),
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn commit_then_drop_applies_the_change_but_answers_nothing() {
    let w = world().await;
    let alice = w.person("alice").await;
    set_plan(w.addr, "send_sms", json!("commit_then_drop")).await;
    let outcome = exchange(
        w.addr,
        &sms_request(&alice, "committed"),
        Duration::from_secs(20),
    )
    .await;
    assert!(outcome.is_err(), "the client saw no response");
    assert_eq!(outbox_texts(w.addr).await, ["committed"]);
    let snapshot = get(w.addr, "/_sim/snapshot").await.text();
    assert!(
        snapshot.contains("committed"),
        "the change is in the snapshot"
    );
    let entry = last_fault(w.addr).await;
    assert_eq!(entry["fault"], "commit_then_drop");
    assert_eq!(entry["kandy_status"], 0);
}

#[tokio::test]
async fn rules_can_match_one_device_or_one_user() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let plan = json!({"rules": [
        {"match": {"device": alice.device_id}, "trigger": "always", "effect": "reset"},
        {"match": {"user": bob.full_user_id, "operation": "get_groups"}, "trigger": "always",
         "effect": {"status": {"http": 429, "status": 12, "message": "slow down"}}}
    ]});
    assert_eq!(
        send(w.addr, "POST", "/_sim/faults", Some(&plan.to_string()))
            .await
            .status,
        200
    );
    assert!(
        exchange(w.addr, &sms_request(&alice, "a"), Duration::from_secs(20))
            .await
            .is_err()
    );
    exchange(w.addr, &sms_request(&bob, "b"), Duration::from_secs(20))
        .await
        .unwrap()
        .result();
    get(w.addr, &format!("/v1.2/users/chatgroups?key={}", bob.uat))
        .await
        .refused(429, 12);
    get(w.addr, &format!("/v1.2/users/chatgroups?key={}", alice.uat))
        .await
        .result();
}

#[tokio::test]
async fn a_plain_axum_server_answers_502_where_the_connection_would_drop() {
    use kandy_sim::{FaultEffect, FaultMatch, FaultPlan, Trigger};
    let sim = kandy_sim::Simulator::new();
    sim.set_fault_plan(FaultPlan::new().rule(
        FaultMatch::operation("get_devices"),
        Trigger::Always,
        FaultEffect::Reset,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = kandy_sim::server::router(sim);
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    get(addr, "/v1.2/users/devices?key=UAT0")
        .await
        .refused(502, 1);
    task.abort();
}
