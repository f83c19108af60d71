//! Bounded server resources: a body too large, stalled or too slow is cut with a clear
//! refusal that changes nothing; a stalled head is closed; stalled connections do not keep
//! others from being served, below the connection limit and beyond it.

#![cfg(feature = "server")]

mod server_support;

use kandy_sim::Simulator;
use kandy_sim::server::{Server, ServerLimits};
use serde_json::json;
use server_support::*;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn limited(change: impl FnOnce(&mut ServerLimits)) -> (Server, String) {
    let mut limits = ServerLimits::default();
    change(&mut limits);
    let sim = Simulator::new();
    let account = sim.create_account();
    let server = Server::builder()
        .limits(limits)
        .bind("127.0.0.1:0", sim.clone())
        .await
        .unwrap();
    let token =
        kandy_core::KandyApi::get_account_access_token(&sim, account.api_key, account.api_secret)
            .await
            .unwrap();
    (
        server,
        kandy_core::ExposeSecret::expose_secret(&token).to_owned(),
    )
}

/// A POST that creates a domain, whose head declares `length` body bytes.
fn create_domain_head(aat: &str, length: usize) -> String {
    format!(
        "POST /v1.2/accounts/domains?key={aat} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
}

async fn domains(addr: SocketAddr, aat: &str) -> serde_json::Value {
    get(addr, &format!("/v1.2/accounts/domains?key={aat}"))
        .await
        .result()["domains"]
        .clone()
}

/// Opens a connection that sends a head declaring a body, then nothing.
async fn stalled(addr: SocketAddr, aat: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(format!("{}{{\"domain", create_domain_head(aat, 100)).as_bytes())
        .await
        .unwrap();
    stream
}

/// Reads what the server sends until it closes the connection.
async fn answer_of(mut stream: TcpStream, wait: Duration) -> String {
    let mut received = Vec::new();
    tokio::time::timeout(wait, stream.read_to_end(&mut received))
        .await
        .expect("the server answered and closed in time")
        .expect("a clean close");
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_stalled_body_is_cut_within_the_body_timeout_and_changes_nothing() {
    let (server, aat) = limited(|l| l.body_timeout = Duration::from_millis(300)).await;
    let addr = server.local_addr();
    let started = Instant::now();
    let answer = answer_of(stalled(addr, &aat).await, Duration::from_secs(10)).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(r#""status":17"#) && answer.contains("stopped arriving"),
        "{answer}"
    );
    assert_eq!(domains(addr, &aat).await, json!([]));

    // The admin surface answers its own shape.
    let mut admin = TcpStream::connect(addr).await.unwrap();
    let head = "POST /_sim/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{";
    admin.write_all(head.as_bytes()).await.unwrap();
    let answer = answer_of(admin, Duration::from_secs(10)).await;
    assert!(
        answer.starts_with("HTTP/1.1 408") && answer.contains(r#""error""#),
        "{answer}"
    );
}

#[tokio::test]
async fn a_dripping_body_is_cut_by_the_request_timeout() {
    let (server, aat) = limited(|l| {
        l.body_timeout = Duration::from_millis(800);
        l.request_timeout = Duration::from_millis(1000);
    })
    .await;
    let addr = server.local_addr();
    let body = json!({"domain_name": "slow.example", "project_name": "p".repeat(200)}).to_string();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(create_domain_head(&aat, body.len()).as_bytes())
        .await
        .unwrap();
    let mut answer = Vec::new();
    for byte in body.as_bytes() {
        // A byte every 100 ms never stalls for the body timeout, but takes 20 s in all.
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut buffer = [0u8; 4096];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buffer)).await
        {
            answer.extend_from_slice(&buffer[..n]);
            if n == 0 || !answer.is_empty() {
                break;
            }
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("within 1000 ms"), "{answer}");
    assert_eq!(domains(addr, &aat).await, json!([]));
}

#[tokio::test]
async fn a_body_over_the_configured_limit_is_413_and_applies_nothing() {
    let (server, aat) = limited(|l| l.max_body_bytes = 1024).await;
    let addr = server.local_addr();
    let body = json!({"domain_name": "big.example", "project_name": "p".repeat(2000)}).to_string();
    let target = format!("/v1.2/accounts/domains?key={aat}");
    let reply = send(addr, "POST", &target, Some(&body)).await;
    assert!(reply.refused(413, 17).contains("1024 bytes"));
    // The same without a declared length (chunked).
    let chunked = format!(
        "POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    let reply = exchange(addr, chunked.as_bytes(), Duration::from_secs(20))
        .await
        .unwrap();
    reply.refused(413, 17);
    let admin = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(&format!("{{\"x\":\"{}\"}}", "y".repeat(2000))),
    )
    .await;
    assert_eq!(admin.status, 413);
    assert!(admin.json()["error"].is_string());
    assert_eq!(domains(addr, &aat).await, json!([]));
    // Just under the limit is served.
    let small = json!({"domain_name": "small.example"}).to_string();
    assert_eq!(
        send(addr, "POST", &target, Some(&small)).await.result()["domain_name"],
        "small.example"
    );
}

#[tokio::test]
async fn a_stalled_head_is_closed_by_the_header_timeout() {
    let (server, _) = limited(|l| l.header_timeout = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    stream
        .write_all(b"GET /_sim/sms HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let answer = answer_of(stream, Duration::from_secs(10)).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let (server, _) = limited(|l| l.header_timeout = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    stream
        .write_all(b"GET /_sim/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    // The answer comes, then nothing more is asked: the connection is closed.
    let answer = answer_of(stream, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_handler_slower_than_the_header_timeout_is_answered() {
    let (server, aat) = limited(|l| l.header_timeout = Duration::from_millis(200)).await;
    let addr = server.local_addr();
    let plan = json!({"rules": [{"match": {"operation": "get_domains"}, "trigger": {"nth": 1},
        "effect": {"delay": {"millis": 800}}}]});
    assert_eq!(
        send(addr, "POST", "/_sim/faults", Some(&plan.to_string()))
            .await
            .status,
        200
    );
    let started = Instant::now();
    assert_eq!(domains(addr, &aat).await, json!([]));
    assert!(started.elapsed() >= Duration::from_millis(800));
}

#[tokio::test]
async fn stalled_connections_below_the_limit_do_not_delay_others() {
    let (server, aat) = limited(|l| l.max_connections = 64).await;
    let addr = server.local_addr();
    let mut held = Vec::new();
    for _ in 0..60 {
        held.push(stalled(addr, &aat).await);
    }
    let reply = answers_within(
        addr,
        &request_bytes("GET", "/_sim/sms", None),
        Duration::from_secs(5),
    )
    .await
    .expect("served while 60 connections stall");
    assert_eq!(reply.unwrap().status, 200);
    drop(held);
}

#[tokio::test]
async fn beyond_the_connection_limit_new_connections_wait_then_are_served() {
    let (server, aat) = limited(|l| {
        l.max_connections = 8;
        l.body_timeout = Duration::from_secs(2);
    })
    .await;
    let addr = server.local_addr();
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(stalled(addr, &aat).await);
    }
    let raw = request_bytes("GET", "/_sim/sms", None);
    let waiting = tokio::spawn(async move { exchange(addr, &raw, Duration::from_secs(20)).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "the ninth connection waits while eight are served"
    );
    let reply = waiting
        .await
        .unwrap()
        .expect("served once the stalled bodies are cut");
    assert_eq!(reply.status, 200);
    for stream in held {
        let answer = answer_of(stream, Duration::from_secs(10)).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
}

#[tokio::test]
async fn a_fault_plan_with_an_informational_status_is_refused() {
    let server = serve().await;
    let plan = json!({"rules": [{"trigger": "always",
        "effect": {"status": {"http": 101, "status": 1, "message": "switching"}}}]});
    let reply = send(
        server.local_addr(),
        "POST",
        "/_sim/faults",
        Some(&plan.to_string()),
    )
    .await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error"].as_str().unwrap().contains("101"));
    let plan = get(server.local_addr(), "/_sim/faults").await.json();
    assert_eq!(plan["rules"], json!([]));
}

#[tokio::test]
async fn limits_out_of_range_are_refused_at_start() {
    let changes: [fn(&mut ServerLimits); 4] = [
        |l| l.max_body_bytes = 0,
        |l| l.max_body_bytes = kandy_sim::server::MAX_BODY_BYTES + 1,
        |l| l.max_connections = 0,
        |l| l.body_timeout = Duration::ZERO,
    ];
    for change in changes {
        let mut limits = ServerLimits::default();
        change(&mut limits);
        let error = Server::builder()
            .limits(limits)
            .bind("127.0.0.1:0", Simulator::new())
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput, "{error}");
    }
}

/// A send body whose content nests `depth` levels (the content object is level 1).
fn deep_im(destination: &str, uuid: &str, depth: usize) -> String {
    let nested = format!("{}1{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
    format!(
        r#"{{"message":{{"contentType":"text","destination":"{destination}","UUID":"{uuid}","message":{{"mimeType":"text/plain","text":"x","nested":{nested}}}}}}}"#
    )
}

#[tokio::test]
async fn content_the_state_could_not_restore_is_refused_at_the_send() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let path = format!(
        "/v1.2/devices/messages?key={}&device_id={}",
        alice.uat, alice.device_id
    );
    let before = get(w.addr, "/_sim/snapshot").await.text();
    // 120 levels parse (serde_json stops at 128) but a snapshot adds about 11.
    let deep = deep_im(&bob.full_user_id, "0123456789abcdef0123456789abcdef", 120);
    let refused = send(w.addr, "POST", &path, Some(&deep)).await;
    let message = refused.refused(400, 710);
    assert!(message.contains("deeper than 64"), "{message}");
    assert_eq!(
        get(w.addr, "/_sim/snapshot").await.text(),
        before,
        "unchanged"
    );
    // At the limit: accepted, and the state with it restores.
    let at_limit = deep_im(&bob.full_user_id, "0123456789abcdef0123456789abcdee", 64);
    send(w.addr, "POST", &path, Some(&at_limit)).await.result();
    let saved = get(w.addr, "/_sim/snapshot").await.text();
    let restored = send(w.addr, "PUT", "/_sim/snapshot", Some(&saved)).await;
    assert_eq!(restored.status, 200, "{}", restored.text());
    assert_eq!(get(w.addr, "/_sim/snapshot").await.text(), saved);
}
