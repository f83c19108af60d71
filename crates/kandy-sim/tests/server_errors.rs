//! Refusals: every error is a Kandy envelope with the HTTP status of the mapping.

#![cfg(feature = "server")]

mod server_support;

use server_support::*;
use std::time::Duration;

#[tokio::test]
async fn an_unknown_key_is_status_55_with_http_401() {
    let server = serve().await;
    let reply = get(
        server.local_addr(),
        "/v1.2/users/devices?key=UAT00000000000000000000000000000000",
    )
    .await;
    reply.refused(401, 55);
}

#[tokio::test]
async fn a_missing_parameter_is_15_and_3_on_group_endpoints() {
    let w = world().await;
    let alice = w.person("alice").await;
    let no_key = get(w.addr, "/v1.2/users/devices").await.refused(400, 15);
    assert!(no_key.contains("key"), "{no_key}");
    let no_device = get(w.addr, &format!("/v1.2/devices/messages?key={}", alice.uat))
        .await
        .refused(400, 15);
    assert!(no_device.contains("device_id"), "{no_device}");
    let no_group = get(
        w.addr,
        &format!("/v1.2/users/chatgroups/chatgroup?key={}", alice.uat),
    )
    .await
    .refused(400, 3);
    assert!(no_group.contains("group_id"), "{no_group}");
    let no_message = send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/users/chatgroups/chatgroup/messages?key={}",
            alice.uat
        ),
        Some("{}"),
    )
    .await
    .refused(400, 3);
    assert!(no_message.contains("message"), "{no_message}");
    let no_destination = send(
        w.addr,
        "POST",
        &format!("/v1.2/devices/messages?key={}&device_id={}", alice.uat, alice.device_id),
        Some(r#"{"message":{"contentType":"text","UUID":"0123456789abcdef0123456789abcdef","message":{}}}"#),
    )
    .await
    .refused(400, 15);
    assert!(
        no_destination.contains("message.destination"),
        "{no_destination}"
    );
    let no_user_id = send(
        w.addr,
        "POST",
        &format!("/v1.2/domains/users/user_id?key={}", w.dat),
        None,
    )
    .await
    .refused(400, 15);
    assert!(no_user_id.contains("user_id"), "{no_user_id}");
}

#[tokio::test]
async fn wrong_types_and_malformed_json_are_status_17_and_710_inside_a_message() {
    let w = world().await;
    let alice = w.person("alice").await;
    let users = format!("/v1.2/domains/users/user_id?key={}", w.dat);
    let typed = send(w.addr, "POST", &users, Some(r#"{"user_id":5}"#))
        .await
        .refused(400, 17);
    assert!(typed.contains("user_id"), "{typed}");
    send(w.addr, "POST", &users, Some(r#"{"user_id":"#))
        .await
        .refused(400, 17);
    send(w.addr, "POST", &users, Some(r#"["user_id"]"#))
        .await
        .refused(400, 17);
    let im = format!(
        "/v1.2/devices/messages?key={}&device_id={}",
        alice.uat, alice.device_id
    );
    let body = r#"{"message":{"contentType":"text","destination":"a@b","UUID":"0123456789abcdef0123456789abcdef","message":"hi"}}"#;
    send(w.addr, "POST", &im, Some(body))
        .await
        .refused(400, 710);
    let list = format!(
        "/v1.2/devices/messages?key={}&device_id={}&messages=not-json",
        alice.uat, alice.device_id
    );
    send(w.addr, "DELETE", &list, None).await.refused(400, 17);
    let mute = format!(
        "/v1.2/users/chatgroups/chatgroup/mute?key={}&group_id=g&mute=maybe",
        alice.uat
    );
    send(w.addr, "PUT", &mute, None).await.refused(400, 17);
}

#[tokio::test]
async fn bad_escapes_invalid_utf8_and_repeated_parameters_are_status_17() {
    let server = serve().await;
    let addr = server.local_addr();
    get(addr, "/v1.2/users/devices?key=%zz")
        .await
        .refused(400, 17);
    get(addr, "/v1.2/users/devices?key=%4")
        .await
        .refused(400, 17);
    get(addr, "/v1.2/users/devices?key=%ff%fe")
        .await
        .refused(400, 17);
    let twice = get(addr, "/v1.2/devices/messages?key=a&device_id=b&device_id=c")
        .await
        .refused(400, 17);
    assert!(twice.contains("device_id"), "{twice}");
}

#[tokio::test]
async fn a_body_over_one_mib_is_http_413_with_an_envelope() {
    let server = serve().await;
    let big = format!(r#"{{"device_native_id":"{}"}}"#, "x".repeat(1024 * 1024));
    let raw = request_bytes("POST", "/v1.2/users/devices?key=UAT0", Some(&big));
    let reply = exchange(server.local_addr(), &raw, Duration::from_secs(20))
        .await
        .expect("a response");
    reply.refused(413, 17);
}

#[tokio::test]
async fn an_unknown_route_is_18_with_404_and_names_a_close_route() {
    let server = serve().await;
    let addr = server.local_addr();
    let near = get(addr, "/v1.2/users/device?key=x").await.refused(404, 18);
    assert!(
        near.contains("did you mean GET /v1.2/users/devices?"),
        "{near}"
    );
    let unprefixed = get(addr, "/users/devices").await.refused(404, 18);
    assert!(unprefixed.contains("/v1.2/users/devices"), "{unprefixed}");
    let far = get(addr, "/v1.2/completely/different/thing/here")
        .await
        .refused(404, 18);
    assert!(!far.contains("did you mean"), "{far}");
    send(addr, "PATCH", "/v1.2/users/devices?key=x", None)
        .await
        .refused(404, 18);
}

#[tokio::test]
async fn a_get_is_never_a_delete() {
    let w = world().await;
    let alice = w.person("alice").await;
    // #35 is DELETE users/devices; a GET with device_id lists devices, deleting nothing.
    let listed = get(
        w.addr,
        &format!(
            "/v1.2/users/devices?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
    )
    .await
    .result();
    assert_eq!(listed["devices"][0]["id"], alice.device_id.as_str());
}

#[tokio::test]
async fn a_tier_three_operation_now_implemented_is_routed() {
    let server = serve().await;
    let reply = get(server.local_addr(), "/v1.2/domains/countrycodes?key=DAT0").await;
    reply.refused(401, 55);
}

#[tokio::test]
async fn cors_preflights_are_answered_for_any_origin() {
    let server = serve().await;
    let raw =
        b"OPTIONS /v1.2/devices/messages?key=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
        Origin: http://app.example\r\nAccess-Control-Request-Method: POST\r\n\
        Access-Control-Request-Headers: content-type, accept\r\n\r\n";
    let reply = exchange(server.local_addr(), raw, Duration::from_secs(20))
        .await
        .expect("a response");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let methods = reply
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .to_owned();
    for method in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(method), "{methods}");
    }
    let headers = reply
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        headers.contains("content-type") && headers.contains("accept"),
        "{headers}"
    );

    let simple = b"GET /v1.2/users/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: http://app.example\r\n\r\n";
    let reply = exchange(server.local_addr(), simple, Duration::from_secs(20))
        .await
        .expect("a response");
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    reply.refused(400, 15);
}

#[tokio::test]
async fn admin_errors_are_plain_json() {
    let server = serve().await;
    let addr = server.local_addr();
    let wrong_method = send(addr, "DELETE", "/_sim/reset", None).await;
    assert_eq!(wrong_method.status, 405);
    assert!(wrong_method.json()["error"].is_string());
    let unknown = get(addr, "/_sim/nothing").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["error"].is_string());
    let bad = send(
        addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":"soon"}"#),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("expected"));
}
