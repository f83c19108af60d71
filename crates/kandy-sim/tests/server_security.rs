//! The admin surface is for the operator only: a foreign `Origin`, a rebinding `Host`, a
//! non-JSON body or a missing admin token is refused on every `/_sim/*` route and changes
//! nothing; the Kandy routes keep CORS for browser clients and refuse a rebinding `Host` too.

#![cfg(feature = "server")]

mod server_support;

use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::Value;
use server_support::*;
use std::net::SocketAddr;

/// Every admin route, with a body it accepts.
fn admin_routes(device: &str, snapshot: &str) -> Vec<(&'static str, String, Option<String>)> {
    vec![
        ("POST", "/_sim/accounts".into(), Some("{}".into())),
        ("POST", "/_sim/reset".into(), None),
        ("GET", "/_sim/snapshot".into(), None),
        ("PUT", "/_sim/snapshot".into(), Some(snapshot.to_owned())),
        ("GET", "/_sim/sms".into(), None),
        ("GET", format!("/_sim/devices/{device}/messages"), None),
        ("GET", "/_sim/requests".into(), None),
        ("GET", "/_sim/requests?user=alice".into(), None),
        (
            "GET",
            "/_sim/messages/0123456789abcdef0123456789abcdef".into(),
            None,
        ),
        ("GET", "/_sim/tokens/0123456789abcdef".into(), None),
        (
            "POST",
            "/_sim/clock/advance".into(),
            Some(r#"{"millis":1000}"#.into()),
        ),
        ("GET", "/_sim/faults".into(), None),
        (
            "POST",
            "/_sim/faults".into(),
            Some(r#"{"rules":[]}"#.into()),
        ),
        ("DELETE", "/_sim/faults".into(), None),
    ]
}

async fn snapshot(addr: SocketAddr) -> Value {
    get(addr, "/_sim/snapshot").await.json()
}

fn assert_no_cors(reply: &Reply, route: &str) {
    let cors: Vec<_> = reply
        .headers
        .iter()
        .filter(|(name, _)| name.to_ascii_lowercase().starts_with("access-control-"))
        .collect();
    assert!(
        cors.is_empty(),
        "{route}: CORS headers on the admin surface: {cors:?}"
    );
}

/// Sends `route` with `headers` (and a JSON body) and checks it is refused with `http`, as
/// `{"error": ...}`, without CORS headers, and that the state is unchanged.
async fn assert_refused(w: &World, headers: &[(&str, &str)], http: u16, device: &str) {
    let before = snapshot(w.addr).await;
    let text = before.to_string();
    for (method, path, body) in admin_routes(device, &text) {
        let mut all = headers.to_vec();
        if body.is_some() {
            all.push(("Content-Type", "application/json"));
        }
        let reply = send_raw(w.addr, method, &path, &all, body.as_deref()).await;
        let route = format!("{method} {path} with {headers:?}");
        assert_eq!(reply.status, http, "{route}: {}", reply.text());
        assert!(
            reply.json()["error"].is_string(),
            "{route}: {}",
            reply.text()
        );
        assert_no_cors(&reply, &route);
        assert_eq!(snapshot(w.addr).await, before, "{route} changed the state");
    }
}

#[tokio::test]
async fn every_admin_route_refuses_a_foreign_origin() {
    let w = world().await;
    let alice = w.person("alice").await;
    let host = w.addr.to_string();
    let other_port = format!("http://127.0.0.1:{}", w.addr.port().wrapping_add(1).max(1));
    for origin in [
        "http://evil.example",
        other_port.as_str(),
        "null",
        &format!("https://{host}"),
    ] {
        let headers = [("Host", host.as_str()), ("Origin", origin)];
        assert_refused(&w, &headers, 403, &alice.device_id).await;
    }
    // The server's own origin, as the request addressed it, is accepted.
    let own = format!("http://{host}");
    let reply = send_raw(
        w.addr,
        "GET",
        "/_sim/sms",
        &[("Host", &host), ("Origin", &own)],
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let local = format!("localhost:{}", w.addr.port());
    let own = format!("http://{local}");
    let reply = send_raw(
        w.addr,
        "GET",
        "/_sim/sms",
        &[("Host", &local), ("Origin", &own)],
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[tokio::test]
async fn every_admin_route_refuses_a_rebinding_host() {
    let w = world().await;
    let alice = w.person("alice").await;
    let port = w.addr.port();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "rebind.127.0.0.1.nip.io".to_owned(),
    ] {
        let origin = format!("http://{host}");
        assert_refused(&w, &[("Host", &host)], 421, &alice.device_id).await;
        // The page's own origin does not help it.
        assert_refused(
            &w,
            &[("Host", &host), ("Origin", &origin)],
            421,
            &alice.device_id,
        )
        .await;
    }
    assert_refused(&w, &[], 400, &alice.device_id).await;
}

#[tokio::test]
async fn kandy_routes_refuse_a_rebinding_host_with_an_envelope() {
    let w = world().await;
    let alice = w.person("alice").await;
    let target = format!("/v1.2/users/devices?key={}", alice.uat);
    let host = format!("evil.example:{}", w.addr.port());
    let reply = send_raw(w.addr, "GET", &target, &[("Host", &host)], None).await;
    let message = reply.refused(421, 11);
    assert!(
        message.contains("evil.example") && message.contains("--allow-host"),
        "{message}"
    );
    assert!(!message.contains(&alice.uat), "{message}");
    // localhost and the address itself are served.
    for host in [format!("localhost:{}", w.addr.port()), w.addr.to_string()] {
        send_raw(w.addr, "GET", &target, &[("Host", &host)], None)
            .await
            .result();
    }
}

#[tokio::test]
async fn kandy_routes_keep_cors_for_browser_clients() {
    let w = world().await;
    let host = w.addr.to_string();
    let origin = "http://app.example:3000";
    let target = format!("/v1.2/accounts/domains?key={}", w.aat);
    let preflight = send_raw(
        w.addr,
        "OPTIONS",
        &target,
        &[
            ("Host", &host),
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    )
    .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(
        preflight
            .header("access-control-allow-methods")
            .unwrap_or_default()
            .contains("POST")
    );
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap_or_default()
            .contains("content-type")
    );
    // The cross-origin call itself, with the text/plain body of a no-preflight request.
    let created = send_raw(
        w.addr,
        "POST",
        &target,
        &[
            ("Host", &host),
            ("Origin", origin),
            ("Content-Type", "text/plain"),
        ],
        Some(r#"{"domain_name":"browser.example"}"#),
    )
    .await;
    assert_eq!(created.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        created.header("vary"),
        None,
        "the answer does not vary by origin"
    );
    assert_eq!(created.result()["domain_name"], "browser.example");
    // A refusal is readable cross-origin too.
    let refused = send_raw(
        w.addr,
        "GET",
        "/v1.2/users/devices",
        &[("Host", &host), ("Origin", origin)],
        None,
    )
    .await;
    assert_eq!(refused.header("access-control-allow-origin"), Some("*"));
    refused.refused(400, 15);
}

#[tokio::test]
async fn a_no_preflight_text_plain_reset_is_refused_and_changes_nothing() {
    let w = world().await;
    w.person("alice").await;
    let host = w.addr.to_string();
    let before = snapshot(w.addr).await;
    for (content_type, body) in [
        (Some("text/plain"), Some("{}")),
        (Some("text/plain;charset=UTF-8"), None),
        (Some("application/x-www-form-urlencoded"), Some("a=b")),
        (Some("multipart/form-data; boundary=x"), Some("--x--")),
        (None, Some("{}")),
    ] {
        let mut headers = vec![("Host", host.as_str())];
        headers.extend(content_type.map(|t| ("Content-Type", t)));
        for (method, path) in [
            ("POST", "/_sim/reset"),
            ("POST", "/_sim/accounts"),
            ("PUT", "/_sim/snapshot"),
        ] {
            let reply = send_raw(w.addr, method, path, &headers, body).await;
            assert_eq!(
                reply.status,
                415,
                "{method} {path} as {content_type:?}: {}",
                reply.text()
            );
            assert!(
                reply.json()["error"]
                    .as_str()
                    .unwrap()
                    .contains("application/json")
            );
        }
    }
    assert_eq!(snapshot(w.addr).await, before);
    // A request with neither a body nor a type (curl -X POST) and JSON with a charset pass.
    let reset = send_raw(w.addr, "POST", "/_sim/reset", &[("Host", &host)], None).await;
    assert_eq!(reset.status, 200, "{}", reset.text());
    let headers = [
        ("Host", host.as_str()),
        ("Content-Type", "application/json; charset=utf-8"),
    ];
    let account = send_raw(w.addr, "POST", "/_sim/accounts", &headers, Some("{}")).await;
    assert_eq!(account.status, 200, "{}", account.text());
}

#[tokio::test]
async fn the_admin_token_is_required_on_every_admin_route_when_set() {
    let server = Server::builder()
        .admin_token("s3cret-token")
        .bind("127.0.0.1:0", Simulator::new())
        .await
        .unwrap();
    let addr = server.local_addr();
    let host = addr.to_string();
    let snapshot_text = {
        let headers = [
            ("Host", host.as_str()),
            ("Authorization", "Bearer s3cret-token"),
        ];
        send_raw(addr, "GET", "/_sim/snapshot", &headers, None)
            .await
            .text()
    };
    for (method, path, body) in &admin_routes("00", &snapshot_text) {
        for authorization in [
            None,
            Some("Bearer wrong"),
            Some("Basic czNjcmV0LXRva2Vu"),
            Some("Bearer s3cret-token-longer"),
        ] {
            let mut headers = vec![
                ("Host", host.as_str()),
                ("Content-Type", "application/json"),
            ];
            headers.extend(authorization.map(|a| ("Authorization", a)));
            let reply = send_raw(addr, method, path, &headers, body.as_deref()).await;
            assert_eq!(reply.status, 401, "{method} {path} with {authorization:?}");
            assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
            assert!(reply.json()["error"].is_string());
        }
        let headers = [
            ("Host", host.as_str()),
            ("Content-Type", "application/json"),
            ("Authorization", "bearer s3cret-token"),
        ];
        let reply = send_raw(addr, method, path, &headers, body.as_deref()).await;
        assert_ne!(reply.status, 401, "{method} {path}: {}", reply.text());
    }
    // The Kandy routes need no admin token.
    let reply = send_raw(addr, "GET", "/v1.2/users/devices", &[("Host", &host)], None).await;
    reply.refused(400, 15);
    server.shutdown().await;
}

#[tokio::test]
async fn allowed_hosts_are_served_and_bad_options_are_refused() {
    let server = Server::builder()
        .allow_host("Sim.Test")
        .bind("127.0.0.1:0", Simulator::new())
        .await
        .unwrap();
    let addr = server.local_addr();
    for host in ["sim.test", "SIM.TEST:8080"] {
        let reply = send_raw(addr, "GET", "/_sim/sms", &[("Host", host)], None).await;
        assert_eq!(reply.status, 200, "{host}: {}", reply.text());
    }
    let reply = send_raw(addr, "GET", "/_sim/sms", &[("Host", "other.test")], None).await;
    assert_eq!(reply.status, 421);
    server.shutdown().await;

    for builder in [
        Server::builder().admin_token(""),
        Server::builder().admin_token("has space"),
        Server::builder().allow_host("http://sim.test"),
        Server::builder().allow_host("sim.test:80"),
        Server::builder().allow_host(""),
    ] {
        let error = builder
            .bind("127.0.0.1:0", Simulator::new())
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput, "{error}");
        assert!(!error.to_string().contains("has space"), "{error}");
    }
}

#[tokio::test]
async fn the_plain_router_applies_the_same_rules() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = kandy_sim::server::router(Simulator::new());
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    let host = addr.to_string();
    let foreign = send_raw(addr, "GET", "/_sim/sms", &[("Host", "evil.example")], None).await;
    assert_eq!(foreign.status, 421);
    let origin = [("Host", host.as_str()), ("Origin", "http://evil.example")];
    assert_eq!(
        send_raw(addr, "GET", "/_sim/snapshot", &origin, None)
            .await
            .status,
        403
    );
    let plain = [("Host", host.as_str()), ("Content-Type", "text/plain")];
    assert_eq!(
        send_raw(addr, "POST", "/_sim/reset", &plain, Some("{}"))
            .await
            .status,
        415
    );
    let unknown = send_raw(
        addr,
        "GET",
        "/v1.2/nowhere",
        &[("Host", "evil.example")],
        None,
    )
    .await;
    unknown.refused(421, 11);
    let served = send_raw(addr, "GET", "/v1.2/users/devices", &[("Host", &host)], None).await;
    assert_eq!(served.header("access-control-allow-origin"), Some("*"));
    served.refused(400, 15);
    task.abort();
}
