//! The data channel's upgrade over raw HTTP: the guard's `Host` check applies, any `Origin`
//! is accepted, the accept key follows RFC 6455, refused tokens and malformed upgrades get
//! Kandy envelopes, and `/_sim/data_channels` lists the open sockets by device and drops them.

#![cfg(feature = "server")]

mod server_support;

use serde_json::Value;
use server_support::*;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const WAIT: Duration = Duration::from_secs(5);
/// RFC 6455's sample key and its accept value.
const SAMPLE_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const SAMPLE_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

fn upgrade(target: &str, host: &str, extra: &str) -> Vec<u8> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {SAMPLE_KEY}\r\n{extra}\r\n"
    )
    .into_bytes()
}

/// Sends an upgrade and reads the response head (and a refusal's body); the stream stays
/// open for an accepted socket.
async fn open(addr: SocketAddr, raw: &[u8]) -> (String, TcpStream) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(raw).await.unwrap();
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(WAIT, stream.read(&mut chunk))
            .await
            .expect("an answer in time")
            .unwrap();
        received.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.trim().parse().unwrap());
            if body.len() >= length {
                return (text, stream);
            }
        }
        assert!(n > 0, "the server closed: {text}");
    }
}

fn envelope(text: &str) -> (u16, Value) {
    let status = text[9..12].parse().unwrap();
    let body = text.split_once("\r\n\r\n").unwrap().1;
    (status, serde_json::from_str(body).unwrap())
}

#[tokio::test]
async fn a_good_upgrade_switches_protocols_from_any_origin_and_is_listed() {
    let w = world().await;
    let alice = w.person("alice").await;
    let host = w.addr.to_string();
    let target = format!(
        "/?client_sw_type=js&client_sw_version=2.2.1&user_access_token={}",
        enc(&alice.uat)
    );
    let raw = upgrade(&target, &host, "Origin: http://app.elsewhere.example\r\n");
    let (head, mut socket) = open(w.addr, &raw).await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains(&format!(
            "sec-websocket-accept: {}",
            SAMPLE_ACCEPT.to_ascii_lowercase()
        )),
        "{head}"
    );
    let listed = get(w.addr, "/_sim/data_channels").await.json();
    assert_eq!(listed["open"], 1, "{listed}");
    assert_eq!(
        listed["devices"][0]["full_user_id"],
        alice.full_user_id.as_str()
    );
    assert_eq!(listed["devices"][0]["device_id"], alice.device_id.as_str());
    assert_eq!(listed["devices"][0]["sockets"], 1);
    // Dropped as a network loss would: a close frame with 1001, then nothing is open.
    let body = format!(r#"{{"full_user_id":"{}"}}"#, alice.full_user_id);
    let dropped = send(w.addr, "POST", "/_sim/data_channels/drop", Some(&body))
        .await
        .json();
    assert_eq!(dropped["dropped"], 1, "{dropped}");
    let mut frame = [0u8; 64];
    let n = tokio::time::timeout(WAIT, socket.read(&mut frame))
        .await
        .expect("a close frame in time")
        .unwrap();
    // An unmasked close frame (opcode 8) whose code is 1001.
    assert!(n >= 4 && frame[0] == 0x88, "{:?}", &frame[..n]);
    assert_eq!(u16::from_be_bytes([frame[2], frame[3]]), 1001);
    let listed = get(w.addr, "/_sim/data_channels").await.json();
    assert_eq!(listed["open"], 0, "{listed}");
}

#[tokio::test]
async fn refused_upgrades_answer_kandy_envelopes() {
    let w = world().await;
    let alice = w.person("alice").await;
    let host = w.addr.to_string();
    let (text, _) = open(w.addr, &upgrade("/?client_sw_type=js", &host, "")).await;
    let (http, json) = envelope(&text);
    assert_eq!((http, json["status"].as_i64()), (400, Some(15)), "{text}");
    let (text, _) = open(w.addr, &upgrade("/?user_access_token=UATnobody", &host, "")).await;
    let (http, json) = envelope(&text);
    assert_eq!((http, json["status"].as_i64()), (401, Some(55)), "{text}");
    // The Host check holds for the socket too (DNS rebinding).
    let target = format!("/?user_access_token={}", enc(&alice.uat));
    let (text, _) = open(w.addr, &upgrade(&target, "evil.example", "")).await;
    let (http, json) = envelope(&text);
    assert_eq!((http, json["status"].as_i64()), (421, Some(11)), "{text}");
    // Not a version-13 upgrade.
    let old = String::from_utf8(upgrade(&target, &host, ""))
        .unwrap()
        .replace("Version: 13", "Version: 8");
    let (text, _) = open(w.addr, old.as_bytes()).await;
    let (http, json) = envelope(&text);
    assert_eq!((http, json["status"].as_i64()), (400, Some(17)), "{text}");
    // An expired token.
    send(
        w.addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":90000000}"#),
    )
    .await;
    let (text, _) = open(w.addr, &upgrade(&target, &host, "")).await;
    let (http, json) = envelope(&text);
    assert_eq!((http, json["status"].as_i64()), (401, Some(10)), "{text}");
    let listed = get(w.addr, "/_sim/data_channels").await.json();
    assert_eq!(listed["open"], 0, "{listed}");
}
