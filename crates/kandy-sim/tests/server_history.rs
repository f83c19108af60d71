//! The admin routes of the dashboard's diagnostics over HTTP: a message's life
//! (`GET /_sim/messages/{uuid}`: sent, queued on each device, pushed, acked, the remote ack),
//! bounded by its ring; the request log's calls by user (`GET /_sim/requests?user=`); and one
//! token's value revealed (`GET /_sim/tokens/{token_id}`) while every listing stays masked.

#![cfg(feature = "server")]

mod server_support;

use futures_util::StreamExt;
use kandy_core::UserAccessToken;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::{Value, json};
use server_support::*;

/// Sends a text IM from `from` to `to`.
async fn send_im(w: &World, from: &Person, to: &Person, uuid: &str) {
    send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            from.uat, from.device_id
        ),
        Some(&im(&to.full_user_id, uuid, "hello")),
    )
    .await
    .result();
}

/// Acks `uuid` on `device` as `who`.
async fn ack(w: &World, who: &Person, device: &str, uuid: &str) {
    let list = enc(&json!([uuid]).to_string());
    send(
        w.addr,
        "DELETE",
        &format!(
            "/v1.2/devices/messages?key={}&device_id={device}&messages={list}",
            who.uat
        ),
        None,
    )
    .await
    .result();
}

/// `(step, message_type, full_user_id, device_id)` of every event.
fn steps(history: &Value) -> Vec<(String, String, String, Option<String>)> {
    history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["step"].as_str().unwrap().to_owned(),
                e["message_type"].as_str().unwrap().to_owned(),
                e["full_user_id"].as_str().unwrap().to_owned(),
                e["device_id"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn step(
    step: &str,
    kind: &str,
    who: &str,
    device: &str,
) -> (String, String, String, Option<String>) {
    (step.into(), kind.into(), who.into(), Some(device.into()))
}

#[tokio::test]
async fn a_message_s_life_is_recorded_from_its_send_to_its_remote_ack() {
    let sim = Simulator::new();
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let w = world_on(server).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let second = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/devices?key={}", bob.uat),
        Some(r#"{"device_native_id":"tablet"}"#),
    )
    .await
    .result()["device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Bob's data channel is open (in-process, on the simulator the server serves): the
    // message is pushed to it, bound to his first device.
    let mut socket = sim
        .open_data_channel(&UserAccessToken::new(bob.uat.clone()))
        .unwrap();
    let uuid = "5f0c1c7e-8d7a-4e1b-9a53-0f2f4d6c9b11";
    send_im(&w, &alice, &bob, uuid).await;
    assert!(socket.next().await.is_some(), "the push reached the socket");
    ack(&w, &bob, &bob.device_id, uuid).await;

    let history = get(w.addr, &format!("/_sim/messages/{uuid}")).await;
    assert_eq!(history.status, 200, "{}", history.text());
    let history = history.json();
    let (a, b) = (alice.full_user_id.as_str(), bob.full_user_id.as_str());
    assert_eq!(
        steps(&history),
        vec![
            step("sent", "chat", a, &alice.device_id),
            step("queued", "chat", b, &bob.device_id),
            step("queued", "chat", b, &second),
            step("pushed", "chat", b, &bob.device_id),
            step("acked", "chat", b, &bob.device_id),
            step("queued", "chatRemoteAck", a, &alice.device_id),
        ]
    );
    let first = &history["events"][0];
    assert_eq!(first["sender"], a);
    assert_eq!(first["destination"], b);
    assert_eq!(history["capacity"], 10_000);
    assert_eq!(history["dropped"], 0);
    // Where it is now: still on bob's second device; its remote ack on alice's.
    let places: Vec<(&str, &str)> = history["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["state"].as_str().unwrap(),
                p["device_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("queued", alice.device_id.as_str()),
            ("queued", second.as_str())
        ]
    );
    // The second ack comes later; the UUID is found whatever its case and dashes.
    ack(&w, &bob, &second, uuid).await;
    let again = get(
        w.addr,
        &format!("/_sim/messages/{}", uuid.replace('-', "").to_uppercase()),
    )
    .await
    .json();
    assert_eq!(steps(&again).len(), 7);
    assert_eq!(steps(&again)[6], step("acked", "chat", b, &second));
    // A reset forgets the history.
    send(w.addr, "POST", "/_sim/reset", None).await;
    let after = get(w.addr, &format!("/_sim/messages/{uuid}")).await.json();
    assert_eq!(after["events"], json!([]));
    assert_eq!(after["recorded"], 0);
}

#[tokio::test]
async fn a_bad_uuid_is_a_clear_400() {
    let w = world().await;
    for bad in [
        "nope",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "%20",
    ] {
        let reply = get(w.addr, &format!("/_sim/messages/{bad}")).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text());
        assert_eq!(
            reply.json()["error"],
            "a message UUID is 32 hex digits (dashes allowed)",
            "{bad}"
        );
    }
    // A well-formed UUID never seen has an empty history, not an error.
    let unknown = get(w.addr, "/_sim/messages/0123456789abcdef0123456789abcdef").await;
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.json()["events"], json!([]));
}

#[tokio::test]
async fn the_history_is_a_ring_the_oldest_dropped_and_counted() {
    let sim = Simulator::builder().delivery_history_capacity(5).build();
    let server = Server::bind("127.0.0.1:0", sim).await.unwrap();
    let w = world_on(server).await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    // Each send is two events: sent, queued on bob's one device.
    let uuids = [
        "00000000000000000000000000000001",
        "00000000000000000000000000000002",
        "00000000000000000000000000000003",
        "00000000000000000000000000000004",
    ];
    for uuid in uuids {
        send_im(&w, &alice, &bob, uuid).await;
    }
    let oldest = get(w.addr, &format!("/_sim/messages/{}", uuids[0]))
        .await
        .json();
    assert_eq!(oldest["events"], json!([]), "{oldest}");
    assert_eq!(
        (&oldest["capacity"], &oldest["recorded"], &oldest["dropped"]),
        (&json!(5), &json!(8), &json!(3))
    );
    let second = get(w.addr, &format!("/_sim/messages/{}", uuids[1]))
        .await
        .json();
    assert_eq!(
        steps(&second).len(),
        1,
        "its sent event was dropped: {second}"
    );
    assert_eq!(steps(&second)[0].0, "queued");
    for uuid in &uuids[2..] {
        let newer = get(w.addr, &format!("/_sim/messages/{uuid}")).await.json();
        assert_eq!(steps(&newer).len(), 2, "{newer}");
    }
}

#[tokio::test]
async fn the_request_log_names_each_call_s_user_and_filters_by_it() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    for who in [&alice, &bob, &alice] {
        get(w.addr, &format!("/v1.2/users/devices?key={}", who.uat))
            .await
            .result();
    }
    let all = get(w.addr, "/_sim/requests").await.json();
    let users: Vec<Option<&str>> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["user"].as_str())
        .collect();
    assert!(users.contains(&Some(w.domain.as_str())), "{users:?}");
    assert!(
        users.contains(&Some("00000001")),
        "the account's number: {users:?}"
    );
    let of_alice = get(
        w.addr,
        &format!("/_sim/requests?user={}", enc(&alice.full_user_id)),
    )
    .await
    .json();
    let of_alice = of_alice.as_array().unwrap();
    // Her token's devices twice, and her token's first devices call in `person`.
    assert_eq!(of_alice.len(), 3, "{of_alice:?}");
    for entry in of_alice {
        assert_eq!(entry["user"], alice.full_user_id.as_str());
        assert_eq!(entry["operation"], "get_devices");
        assert!(!entry.to_string().contains(&alice.uat), "redacted: {entry}");
    }
    let nobody = get(w.addr, "/_sim/requests?user=nobody%40nowhere")
        .await
        .json();
    assert_eq!(nobody, json!([]));
    let bad = get(w.addr, "/_sim/requests?who=alice").await;
    assert_eq!(bad.status, 400, "{}", bad.text());
}

const ADMIN: &str = "history-admin-token-5678";

#[tokio::test]
async fn a_token_is_masked_in_every_listing_and_revealed_one_at_a_time_with_the_admin_token() {
    use kandy_core::KandyApi;
    let sim = Simulator::new();
    let account = sim.create_account();
    let token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let value = kandy_core::ExposeSecret::expose_secret(&token).to_owned();
    let server = Server::builder()
        .admin_token(ADMIN)
        .bind("127.0.0.1:0", sim.clone())
        .await
        .unwrap();
    let addr = server.local_addr();
    let host = addr.to_string();
    let bearer = format!("Bearer {ADMIN}");
    let with_admin = [("Host", host.as_str()), ("Authorization", bearer.as_str())];
    let listing = send_raw(
        addr,
        "GET",
        "/_sim/ui/api/world?kind=tokens",
        &with_admin,
        None,
    )
    .await;
    assert_eq!(listing.status, 200, "{}", listing.text());
    assert!(!listing.text().contains(&value), "{}", listing.text());
    let row = &listing.json()["rows"][0];
    assert_eq!(row["token"], kandy_sim::model::mask(&value));
    let id = row["token_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 16);
    assert!(!value.contains(&id));

    let path = format!("/_sim/tokens/{id}");
    for refused in [
        vec![("Host", host.as_str())],
        vec![("Host", host.as_str()), ("Authorization", "Bearer wrong")],
        vec![
            ("Host", host.as_str()),
            ("Authorization", bearer.as_str()),
            ("Origin", "http://evil.example"),
        ],
    ] {
        let reply = send_raw(addr, "GET", &path, &refused, None).await;
        assert!(
            matches!(reply.status, 401 | 403),
            "{refused:?}: {}",
            reply.status
        );
        assert!(!reply.text().contains(&value));
    }
    let revealed = send_raw(addr, "GET", &path, &with_admin, None).await;
    assert_eq!(revealed.status, 200, "{}", revealed.text());
    assert_eq!(revealed.json(), json!({ "token_id": id, "token": value }));
    let unknown = send_raw(
        addr,
        "GET",
        "/_sim/tokens/0000000000000000",
        &with_admin,
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);
    // The revealed value is the token: it works in a Kandy call.
    let domains = send_raw(
        addr,
        "GET",
        &format!("/v1.2/accounts/domains?key={value}"),
        &[("Host", host.as_str())],
        None,
    )
    .await;
    assert_eq!(domains.json()["status"], 0, "{}", domains.text());
}
