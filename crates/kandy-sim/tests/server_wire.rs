//! The wire format the server emits for key endpoints, over real HTTP on loopback.

#![cfg(feature = "server")]

mod server_support;

use serde_json::json;
use server_support::*;

#[tokio::test]
async fn create_user_answers_the_user_with_its_credentials() {
    let w = world().await;
    let reply = send(
        w.addr,
        "POST",
        &format!("/v1.2/domains/users/user_id?key={}", w.dat),
        Some(r#"{"user_id":"bob","user_country_code":"US","user_first_name":"Bob"}"#),
    )
    .await;
    assert_eq!(reply.json()["message"], "success");
    let user = reply.result();
    assert_eq!(user["user_id"], "bob");
    assert_eq!(user["domain_name"], w.domain.as_str());
    assert_eq!(user["full_user_id"], format!("bob@{}", w.domain));
    assert!(user["user_api_key"].as_str().unwrap().starts_with("UAK"));
    assert!(user["user_api_secret"].as_str().unwrap().starts_with("UAS"));
    assert_eq!(user["user_password"].as_str().unwrap().len(), 14);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );

    let users = get(w.addr, &format!("/v1.2/domains/users?key={}", w.dat))
        .await
        .result();
    assert_eq!(users["users"][0]["user_id"], "bob");
}

#[tokio::test]
async fn get_devices_gives_id_and_device_id_of_the_default_device() {
    let w = world().await;
    let alice = w.person("alice").await;
    let devices = get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat))
        .await
        .result();
    let device = &devices["devices"][0];
    assert_eq!(device["id"], device["device_id"]);
    assert_eq!(device["id"].as_str().unwrap().len(), 32);
    assert_eq!(device["device_native_id"], "default");

    let created = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/devices?key={}", alice.uat),
        Some(r#"{"device_native_id":"n2","device_family":"iphone"}"#),
    )
    .await
    .result();
    let new_id = created["device_id"].as_str().unwrap().to_owned();
    let deleted = send(
        w.addr,
        "DELETE",
        &format!("/v1.2/users/devices?key={}&device_id={new_id}", alice.uat),
        None,
    )
    .await;
    assert_eq!(
        deleted.json(),
        json!({"status": 0, "message": "Device Deleted"})
    );
}

#[tokio::test]
async fn pending_messages_have_the_documented_shape() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let uuid = "BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0";
    let body = json!({ "message": {
        "content_type": "text", "destination": bob.full_user_id, "UUID": uuid,
        "message": { "mimeType": "text/plain", "text": "let's meet tonight" }
    }})
    .to_string();
    let sent = send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
        Some(&body),
    )
    .await;
    assert_eq!(sent.json(), json!({"status": 0, "message": "success"}));

    let pending = get(
        w.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}&client_timestamp=1",
            bob.uat, bob.device_id
        ),
    )
    .await
    .result();
    assert!(pending["server_timestamp"].is_u64(), "{pending}");
    let message = &pending["messages"][0];
    assert_eq!(message["messageType"], "chat");
    assert_eq!(message["UUID"], uuid);
    assert_eq!(message["contentType"], "text");
    assert!(message.get("content_type").is_none());
    assert_eq!(message["message"]["text"], "let's meet tonight");
    assert_eq!(message["sender"]["user_id"], "alice");
    assert_eq!(message["sender"]["domain_name"], w.domain.as_str());
    assert_eq!(
        message["sender"]["full_user_id"],
        alice.full_user_id.as_str()
    );
    let timestamp = message["timestamp"].as_str().expect("a string timestamp");
    assert!(timestamp.bytes().all(|b| b.is_ascii_digit()));

    // Deleting it (dashes and case ignored) empties the queue.
    let list = enc(&json!([uuid.replace('-', "").to_lowercase()]).to_string());
    send(
        w.addr,
        "DELETE",
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}&messages={list}",
            bob.uat, bob.device_id
        ),
        None,
    )
    .await
    .result();
    let after = get(
        w.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            bob.uat, bob.device_id
        ),
    )
    .await
    .result();
    assert_eq!(after["messages"], json!([]));
}

#[tokio::test]
async fn a_group_has_the_documented_fields() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let group = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/chatgroups?key={}", alice.uat),
        Some(r#"{"group_name":"friends","group_image":{}}"#),
    )
    .await
    .result();
    let group_id = group["group_id"].as_str().unwrap().to_owned();
    assert_eq!(group_id.len(), 32);
    assert_eq!(group["group_name"], "friends");
    assert_eq!(group["group_image"], json!({}));
    assert_eq!(group["max_members"], "50");
    assert!(group["creation_time"].is_u64());
    assert_eq!(group["muted"], false);
    assert_eq!(
        group["owners"][0],
        json!({"full_user_id": alice.full_user_id, "muted": false})
    );

    let members = json!({ "members": [bob.full_user_id] }).to_string();
    let added = send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/users/chatgroups/chatgroup/members?key={}&group_id={group_id}",
            alice.uat
        ),
        Some(&members),
    )
    .await;
    assert_eq!(added.json(), json!({"status": 0, "message": "success"}));
    let fetched = get(
        w.addr,
        &format!(
            "/v1.2/users/chatgroups/chatgroup?key={}&group_id={group_id}",
            bob.uat
        ),
    )
    .await
    .result();
    let ids: Vec<_> = fetched["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["full_user_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        ids.contains(&bob.full_user_id) && ids.contains(&alice.full_user_id),
        "{fetched}"
    );
    let listed = get(w.addr, &format!("/v1.2/users/chatgroups?key={}", bob.uat))
        .await
        .result();
    assert_eq!(listed["groups"][0]["group_id"], group_id.as_str());

    let message = json!({ "message": {
        "contentType": "text", "group_id": group_id, "UUID": "0123456789abcdef0123456789abcdef",
        "message": { "mimeType": "text/plain", "text": "hi all" }
    }})
    .to_string();
    send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/users/chatgroups/chatgroup/messages?key={}",
            alice.uat
        ),
        Some(&message),
    )
    .await
    .result();
    let pending = get(
        w.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            bob.uat, bob.device_id
        ),
    )
    .await
    .result();
    // The invite first (a group event), then the group message.
    assert_eq!(pending["messages"][0]["messageType"], "chatGroupInvite");
    assert_eq!(pending["messages"][0]["group_id"], group_id.as_str());
    assert_eq!(
        pending["messages"][0]["sender"]["full_user_id"],
        alice.full_user_id.as_str()
    );
    assert_eq!(pending["messages"][1]["messageType"], "groupChat");
    assert_eq!(pending["messages"][1]["group_id"], group_id.as_str());
}

#[tokio::test]
async fn user_details_give_user_and_users_and_deletes_say_so() {
    let w = world().await;
    let alice = w.person("alice").await;
    let details = get(
        w.addr,
        &format!(
            "/v1.2/domains/users/details?key={}&user_access_token={}",
            w.dat, alice.uat
        ),
    )
    .await
    .result();
    assert_eq!(details["user"]["user_id"], "alice");
    assert_eq!(details["users"][0], details["user"]);

    let deleted = send(
        w.addr,
        "DELETE",
        &format!("/v1.2/domains/users?key={}&user_id=alice", w.dat),
        None,
    )
    .await;
    assert_eq!(
        deleted.json(),
        json!({"status": 0, "message": "User Deleted"})
    );

    let gone = send(
        w.addr,
        "DELETE",
        &format!(
            "/v1.2/accounts/domains?key={}&domain_api_key={}",
            w.aat, w.dak
        ),
        None,
    )
    .await;
    assert_eq!(
        gone.json(),
        json!({"status": 0, "message": "Domain Deleted"})
    );
}

#[tokio::test]
async fn login_by_password_and_domain_details_in_both_forms() {
    let w = world().await;
    let alice = w.person("alice").await;
    let token = get(
        w.addr,
        &format!(
            "/v1.2/domains/users/accesstokens?key={}&user_id=alice&user_password={}",
            w.dak,
            enc(&alice.password)
        ),
    )
    .await
    .result();
    assert!(
        token["user_access_token"]
            .as_str()
            .unwrap()
            .starts_with("UAT")
    );

    let form_a = get(
        w.addr,
        &format!(
            "/v1.2/accounts/domains/details?key={}&domain_api_key={}",
            w.dat, w.dak
        ),
    )
    .await
    .result();
    let form_b = get(
        w.addr,
        &format!(
            "/v1.2/accounts/domains/details?key={}&domain_api_secret={}&domain_access_token={}",
            w.dak, w.das, w.dat
        ),
    )
    .await
    .result();
    assert_eq!(form_a["domain"]["domain_name"], w.domain.as_str());
    assert_eq!(form_b["domain"]["domain_name"], w.domain.as_str());
}

#[tokio::test]
async fn last_seen_takes_a_user_or_a_domain_token() {
    let w = world().await;
    let alice = w.person("alice").await;
    let users = enc(&json!([alice.full_user_id]).to_string());
    for key in [&alice.uat, &w.dat] {
        let seen = get(
            w.addr,
            &format!("/v1.2/users/presence/last_seen?key={key}&users={users}"),
        )
        .await
        .result();
        assert!(seen["server_timestamp"].is_u64(), "{seen}");
        assert_eq!(
            seen["users"][0]["full_user_id"],
            alice.full_user_id.as_str()
        );
    }
}

#[tokio::test]
async fn a_doubled_slash_is_tolerated() {
    let w = world().await;
    let alice = w.person("alice").await;
    let devices = get(w.addr, &format!("/v1.2//users/devices?key={}", alice.uat))
        .await
        .result();
    assert_eq!(devices["devices"][0]["id"], alice.device_id.as_str());
}

#[tokio::test]
async fn every_operation_is_routed() {
    let server = serve().await;
    for op in kandy_core::operation::ALL {
        let query: String = op
            .query
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                format!(
                    "&{}={}",
                    p.name,
                    if p.name.ends_with('s') { "%5B%5D" } else { "x" }
                )
            })
            .collect();
        let target = format!("/v1.2/{}?key=UAT0{query}", op.path);
        let reply = send(
            server.local_addr(),
            op.method.as_str(),
            &target,
            op.has_body().then_some("{}"),
        )
        .await;
        let status = reply.json()["status"].as_i64().unwrap();
        assert!(
            status != 0 && status != 18,
            "{} answered {}",
            op.name,
            reply.text()
        );
        assert_ne!(reply.status, 501, "{}", op.name);
    }
}
