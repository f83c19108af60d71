//! The `/_sim/*` admin surface: plain JSON, not the Kandy envelope.

#![cfg(feature = "server")]

mod server_support;

use serde_json::{Value, json};
use server_support::*;

const KEY: &str = "AAK0123456789abcdef0123456789abcdef";
const SECRET: &str = "AAS0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn accounts_are_created_generated_or_chosen() {
    let server = serve().await;
    let addr = server.local_addr();
    let generated = send(addr, "POST", "/_sim/accounts", Some("{}")).await;
    assert_eq!(generated.status, 200);
    let generated = generated.json();
    assert!(
        generated.get("status").is_none(),
        "not an envelope: {generated}"
    );
    assert!(
        generated["account_api_key"]
            .as_str()
            .unwrap()
            .starts_with("AAK")
    );
    assert!(
        generated["account_api_secret"]
            .as_str()
            .unwrap()
            .starts_with("AAS")
    );
    let empty_body = send(addr, "POST", "/_sim/accounts", None).await;
    assert_eq!(empty_body.status, 200);

    let chosen = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(&json!({"account_api_key": KEY, "account_api_secret": SECRET}).to_string()),
    )
    .await
    .json();
    assert_eq!(
        chosen,
        json!({"account_api_key": KEY, "account_api_secret": SECRET})
    );
    get(
        addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result();

    let taken = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(&json!({"account_api_key": KEY, "account_api_secret": SECRET}).to_string()),
    )
    .await;
    assert_eq!(taken.status, 409);
    let half = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(&json!({"account_api_key": KEY}).to_string()),
    )
    .await;
    assert_eq!(half.status, 400);
    let malformed = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(r#"{"account_api_key":"nope","account_api_secret":"nope"}"#),
    )
    .await;
    assert_eq!(malformed.status, 400);
}

#[tokio::test]
async fn reset_empties_every_store() {
    let w = world().await;
    w.person("alice").await;
    let reset = send(w.addr, "POST", "/_sim/reset", None).await;
    assert_eq!(reset.status, 200);
    get(w.addr, &format!("/v1.2/domains/users?key={}", w.dat))
        .await
        .refused(401, 55);
    let log: Vec<Value> =
        serde_json::from_value(get(w.addr, "/_sim/requests").await.json()).unwrap();
    assert_eq!(log.len(), 1, "the log restarts at the reset: {log:?}");
}

#[tokio::test]
async fn a_snapshot_restores_the_state() {
    let w = world().await;
    let before = get(w.addr, "/_sim/snapshot").await;
    assert_eq!(before.status, 200);
    let before = before.json();
    w.person("alice").await;
    assert_ne!(get(w.addr, "/_sim/snapshot").await.json(), before);
    let restored = send(w.addr, "PUT", "/_sim/snapshot", Some(&before.to_string())).await;
    assert_eq!(restored.status, 200);
    assert_eq!(get(w.addr, "/_sim/snapshot").await.json(), before);
    let users = get(w.addr, &format!("/v1.2/domains/users?key={}", w.dat))
        .await
        .result();
    assert_eq!(users["users"], json!([]));

    let invalid = send(
        w.addr,
        "PUT",
        "/_sim/snapshot",
        Some(r#"{"not":"a snapshot"}"#),
    )
    .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        get(w.addr, "/_sim/snapshot").await.json(),
        before,
        "unchanged"
    );
}

#[tokio::test]
async fn the_sms_outbox_and_device_queues_are_inspected_without_change() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let sms = json!({"message": {"source": "+12245556666", "destination": "+14155550100", "message": {"text": "Hello"}}});
    send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/devices/smss?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
        Some(&sms.to_string()),
    )
    .await
    .result();
    let outbox = get(w.addr, "/_sim/sms").await.json();
    assert_eq!(outbox[0]["destination"], "+14155550100");
    assert_eq!(outbox[0]["text"], "Hello");
    assert_eq!(outbox[0]["source"], "+12245556666");

    send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
        Some(&im(
            &bob.full_user_id,
            "0123456789abcdef0123456789abcdef",
            "hi",
        )),
    )
    .await
    .result();
    let path = format!("/_sim/devices/{}/messages", bob.device_id);
    let first = get(w.addr, &path).await.json();
    let second = get(w.addr, &path).await.json();
    assert_eq!(first, second, "inspecting removes nothing");
    assert_eq!(first[0]["message"]["text"], "hi");
    assert_eq!(
        get(
            w.addr,
            "/_sim/devices/00000000000000000000000000000000/messages"
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn the_clock_advances_and_tokens_expire() {
    let w = world().await;
    let alice = w.person("alice").await;
    let first = send(
        w.addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":1000}"#),
    )
    .await
    .json();
    let second = send(
        w.addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":500}"#),
    )
    .await
    .json();
    assert_eq!(
        second["now_ms"].as_u64().unwrap() - first["now_ms"].as_u64().unwrap(),
        500
    );
    send(
        w.addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":86400001}"#),
    )
    .await;
    get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat))
        .await
        .refused(401, 10);
}

#[tokio::test]
async fn the_fault_plan_is_set_read_and_cleared() {
    let server = serve().await;
    let addr = server.local_addr();
    let plan = json!({"rules": [{"match": {"operation": "send_sms"}, "trigger": {"first_n": 2},
        "effect": {"status": {"http": 503, "status": 1, "message": "unavailable"}}}], "seed": 3});
    let set = send(addr, "POST", "/_sim/faults", Some(&plan.to_string())).await;
    assert_eq!(set.status, 200);
    let read = get(addr, "/_sim/faults").await.json();
    assert_eq!(read["rules"][0]["match"]["operation"], "send_sms");
    assert_eq!(read["seed"], 3);

    let invalid = json!({"rules": [{"trigger": {"probability": 2.0}, "effect": "hang"}]});
    let refused = send(addr, "POST", "/_sim/faults", Some(&invalid.to_string())).await;
    assert_eq!(refused.status, 400);
    let unknown_field = send(addr, "POST", "/_sim/faults", Some(r#"{"rulez":[]}"#)).await;
    assert_eq!(unknown_field.status, 400);
    assert_eq!(
        get(addr, "/_sim/faults").await.json()["rules"][0]["match"]["operation"],
        "send_sms"
    );

    assert_eq!(send(addr, "DELETE", "/_sim/faults", None).await.status, 200);
    assert_eq!(get(addr, "/_sim/faults").await.json()["rules"], json!([]));
}

#[tokio::test]
async fn the_request_log_names_each_call_and_shows_no_secret() {
    let w = world().await;
    let alice = w.person("alice").await;
    get(
        w.addr,
        &format!(
            "/v1.2/domains/users/accesstokens?key={}&user_id=alice&user_password={}",
            w.dak,
            enc(&alice.password)
        ),
    )
    .await
    .result();
    get(
        w.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
    )
    .await
    .result();
    get(w.addr, "/v1.2/users/devic").await;

    let reply = get(w.addr, "/_sim/requests").await;
    let text = reply.text();
    for secret in [
        &w.account_key,
        &w.account_secret,
        &w.aat,
        &w.dak,
        &w.das,
        &w.dat,
        &alice.uat,
        &alice.password,
    ] {
        assert!(
            !text.contains(secret.as_str()),
            "a secret is in the request log: {text}"
        );
    }
    let log: Vec<Value> = serde_json::from_str(&text).unwrap();
    let pending = log
        .iter()
        .find(|e| e["operation"] == "get_pending_messages")
        .expect("logged");
    assert_eq!(pending["method"], "GET");
    assert_eq!(pending["path"], "/v1.2/devices/messages");
    assert_eq!(pending["http_status"], 200);
    assert_eq!(pending["kandy_status"], 0);
    assert_eq!(
        pending["query"],
        format!("key=***&device_id={}", alice.device_id)
    );
    let login = log
        .iter()
        .find(|e| e["operation"] == "get_user_access_token_by_password")
        .expect("logged");
    assert_eq!(login["query"], "key=***&user_id=alice&user_password=***");
    let unknown = log.last().unwrap();
    assert_eq!(
        (
            unknown["http_status"].as_u64(),
            unknown["kandy_status"].as_i64()
        ),
        (Some(404), Some(18))
    );
    assert!(unknown["operation"].is_null());
}

#[tokio::test]
async fn the_snapshot_over_http_is_the_typed_document_kept_in_order() {
    let w = world().await;
    for user in ["zed", "alice", "mia"] {
        w.person(user).await;
    }
    let first = get(w.addr, "/_sim/snapshot").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("content-type"), Some("application/json"));
    let text = first.text();
    assert!(text.starts_with(r#"{"format":1,"#), "{text:.40}");
    let (z, a, m) = (
        text.find(r#""zed":{"#).unwrap(),
        text.find(r#""alice":{"#).unwrap(),
        text.find(r#""mia":{"#).unwrap(),
    );
    assert!(z < a && a < m, "users in creation order");
    w.person("later").await;
    let restored = send(w.addr, "PUT", "/_sim/snapshot", Some(&text)).await;
    assert_eq!(restored.status, 200, "{}", restored.text());
    assert_eq!(
        get(w.addr, "/_sim/snapshot").await.text(),
        text,
        "byte for byte"
    );

    let newer = text.replacen(r#"{"format":1,"#, r#"{"format":2,"#, 1);
    let refused = send(w.addr, "PUT", "/_sim/snapshot", Some(&newer)).await;
    assert_eq!(refused.status, 400);
    assert!(refused.text().contains("newer"), "{}", refused.text());
    let unknown = text.replacen(r#"{"format":1,"#, r#"{"format":1,"extra":true,"#, 1);
    let refused = send(w.addr, "PUT", "/_sim/snapshot", Some(&unknown)).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.text().contains("unknown field"),
        "{}",
        refused.text()
    );
    assert_eq!(
        get(w.addr, "/_sim/snapshot").await.text(),
        text,
        "unchanged"
    );
}
