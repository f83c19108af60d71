//! The token never shows: not in errors (their `Display`, `Debug` and sources), not in the
//! `Debug` of anything the client hands out, not in any line traced at TRACE (tungstenite's
//! own `log` records included), and not in the texts the server echoes back.

use super::server::{Plan, Server};
use super::*;
use async_trait::async_trait;
use kandy_core::notifications::{DisconnectReason, EndReason, OutgoingSessionData};
use kandy_core::{DataChannel, Error, Result};
use kandy_http::data_channel::{ChannelEndpoint, ChannelLocator};
use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

const MARK: &str = "canary";
const CANARY: &str = "UATcanary0123456789abcdef0123456789";

fn trace_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER
        .get_or_init(|| {
            let buffer = Arc::new(Mutex::new(Vec::new()));
            let sink = buffer.clone();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(move || SharedWriter(sink.clone()))
                .try_init()
                .expect("this suite installs the only global subscriber");
            buffer
        })
        .clone()
}

struct SharedWriter(Arc<Mutex<Vec<u8>>>);

impl Write for SharedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn traced() -> String {
    String::from_utf8_lossy(&trace_buffer().lock().unwrap()).into_owned()
}

fn assert_clean(label: &str, text: &str, mark: &str) {
    let leaks: Vec<&str> = text
        .lines()
        .filter(|line| line.to_ascii_lowercase().contains(mark))
        .collect();
    assert!(
        leaks.is_empty(),
        "{label}: the token leaked:\n{}",
        leaks.join("\n")
    );
}

fn assert_error_clean(label: &str, error: &Error, mark: &str) {
    let mut seen = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = error.source();
    while let Some(inner) = source {
        seen.push(inner.to_string());
        seen.push(format!("{inner:?}"));
        source = inner.source();
    }
    assert_clean(label, &seen.join("\n"), mark);
}

/// A locator whose error quotes the token, as a careless wrapper's might.
struct Quoting;

#[async_trait]
impl ChannelLocator for Quoting {
    async fn locate(&self, token: UserAccessToken) -> Result<ChannelEndpoint> {
        use kandy_core::ExposeSecret;
        Err(Error::connect(format!(
            "no route for {}",
            token.expose_secret()
        )))
    }
}

#[tokio::test]
async fn the_token_never_shows_in_errors_debug_or_traces() {
    trace_buffer();
    let canary = || UserAccessToken::new(CANARY);
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    assert_clean("client", &format!("{client:?}"), MARK);

    // A refusal whose envelope quotes the token.
    server.plan([Plan::Refuse(
        401,
        format!(r#"{{"status":55,"message":"token {CANARY} is unknown"}}"#),
    )]);
    let error = client.connect(canary()).await.unwrap_err();
    assert!(
        error.to_string().contains("token REDACTED is unknown"),
        "{error}"
    );
    assert_error_clean("refused upgrade", &error, MARK);

    // A locator error quoting it.
    let quoting = DataChannelClient::builder(Quoting)
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .build()
        .unwrap();
    let mut stream = quoting.connect(canary()).await.unwrap();
    let reason = next(&mut stream).await.unwrap();
    assert!(
        format!("{reason:?}").contains("no route for REDACTED"),
        "{reason:?}"
    );
    assert_clean(
        "locator failure",
        &format!("{reason:?} {:?}", next(&mut stream).await),
        MARK,
    );

    // A good connection, session data refused, then the token refused by a close frame.
    let mut stream = client.connect(canary()).await.unwrap();
    assert_clean("stream", &format!("{stream:?} {:?}", stream.sender()), MARK);
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);
    let sender = stream.sender();
    let sending = tokio::spawn(async move {
        sender
            .send_session_data(OutgoingSessionData::new("s1", serde_json::json!(1)))
            .await
    });
    let frame: serde_json::Value = serde_json::from_str(&peer.frame().await).unwrap();
    peer.send(&format!(
        r#"{{"message_type":"response","id":"{}","status":11,"message":"not a participant"}}"#,
        frame["id"].as_str().unwrap()
    ))
    .await;
    assert_error_clean("session data", &sending.await.unwrap().unwrap_err(), MARK);
    peer.close(4055, "invalid credentials").await;
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream).await {
        items.push(format!("{item:?}"));
    }
    assert!(items.last().unwrap().contains("TokenRefused"), "{items:?}");
    assert_clean("notifications", &items.join("\n"), MARK);

    let trace = traced();
    // The trace did capture the client's own records and tungstenite's `log` records.
    assert!(
        trace.contains("user_access_token=REDACTED"),
        "the redacted URL at TRACE"
    );
    assert!(trace.contains("data channel connected"));
    assert!(
        trace.contains("tungstenite"),
        "tungstenite's log records are captured"
    );
    assert_clean("trace", &trace, MARK);
}

#[tokio::test]
async fn texts_the_server_echoes_are_scrubbed_of_the_token() {
    // Not the canary: tungstenite logs received frames itself (at DEBUG and TRACE), so a
    // server that echoes the token in a frame has it in tungstenite's records; what the SDK
    // keeps is scrubbed all the same.
    const ECHOED: &str = "UATechoed0123456789abcdef0123456789";
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(UserAccessToken::new(ECHOED)).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);

    let sender = stream.sender();
    let sending = tokio::spawn(async move {
        sender
            .send_session_data(OutgoingSessionData::new("s1", serde_json::json!(1)))
            .await
    });
    let frame: serde_json::Value = serde_json::from_str(&peer.frame().await).unwrap();
    peer.send(&format!(
        r#"{{"message_type":"response","id":"{}","status":1,"message":"bad key={ECHOED}"}}"#,
        frame["id"].as_str().unwrap()
    ))
    .await;
    let error = sending.await.unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "send_session_data: Kandy status 1: bad key=REDACTED"
    );
    assert_error_clean("response", &error, "echoed");

    peer.close(1001, &format!("bye {ECHOED}")).await;
    expect(
        &mut stream,
        Notification::Connection(ConnectionState::Disconnected(DisconnectReason::Closed {
            code: 1001,
            reason: "bye REDACTED".into(),
        })),
    )
    .await;
    let _ = next(&mut stream).await; // Reconnecting
    expect(&mut stream, CONNECTED).await;
    server
        .peer()
        .await
        .close(4010, &format!("token {ECHOED} expired"))
        .await;
    let Some(Notification::Ended(EndReason::TokenRefused(refusal))) = next(&mut stream).await
    else {
        panic!("not refused")
    };
    assert_eq!(refusal.message, "token REDACTED expired");
    assert!(refusal.to_error().is_token_expired());
}
