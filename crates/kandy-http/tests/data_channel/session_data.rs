//! Session data: the frame kandy.js sends, resolved by the `response` with its id.

use super::server::{Plan, Server};
use super::*;
use kandy_core::notifications::OutgoingSessionData;
use kandy_core::{ApiStatus, DataChannel, ErrorKind};
use serde_json::{Value, json};

/// The id of a `sessionData` frame, after checking the rest of its shape.
fn id_of(frame: &str, expected_without_id: &Value) -> String {
    let mut value: Value = serde_json::from_str(frame).unwrap();
    let id = value
        .as_object_mut()
        .unwrap()
        .remove("id")
        .expect("an id")
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(&value, expected_without_id, "{frame}");
    assert!(!id.is_empty());
    id
}

#[tokio::test]
async fn session_data_goes_out_as_kandy_js_sends_it_and_its_response_resolves_it() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let stream = client.connect(token()).await.unwrap();
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);

    let sender = stream.sender();
    let to_all = tokio::spawn(async move {
        sender
            .send_session_data(OutgoingSessionData::new("s1", json!({"scroll": 40})))
            .await
    });
    let frame = peer.frame().await;
    assert!(
        frame.starts_with(
            r#"{"message_type":"sessionData","session_id":"s1","payload":{"scroll":40},"id":""#
        ),
        "kandy.js's key order: {frame}"
    );
    let id = id_of(
        &frame,
        &json!({"message_type": "sessionData", "session_id": "s1", "payload": {"scroll": 40}}),
    );
    assert!(!to_all.is_finished(), "it waits for the response");
    peer.send(&format!(
        r#"{{"message_type":"response","id":"{id}","status":0,"message":"success"}}"#
    ))
    .await;
    to_all.await.unwrap().unwrap();

    // To one participant; a non-zero status is the API's refusal.
    let sender = stream.sender();
    let to_bob = tokio::spawn(async move {
        let data = OutgoingSessionData::new("s9", json!("hi")).to("bob@d.com");
        sender.send_session_data(data).await
    });
    let frame = peer.frame().await;
    let id = id_of(
        &frame,
        &json!({"message_type": "sessionData", "session_id": "s9", "destination": "bob@d.com", "payload": "hi"}),
    );
    // A response to another id resolves nothing.
    peer.send(r#"{"message_type":"response","id":"other","status":0,"message":"success"}"#)
        .await;
    peer.send(&format!(
        r#"{{"message_type":"response","id":"{id}","status":53,"message":"session not found"}}"#
    ))
    .await;
    let error = to_bob.await.unwrap().unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::new(53)));
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.operation(), Some("send_session_data"));
    assert_eq!(
        error.to_string(),
        "send_session_data: Kandy status 53: session not found"
    );

    let empty = stream
        .send_session_data(OutgoingSessionData::new("", Value::Null))
        .await
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::BadArgument);
}

#[tokio::test]
async fn session_data_fails_clearly_when_the_socket_is_down_closes_or_stays_silent() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep)
        .response_timeout(200 * MS)
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);
    let data = || OutgoingSessionData::new("s1", json!(1));

    // No response in time.
    let error = stream.send_session_data(data()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.maybe_sent());
    peer.frame().await;

    // The socket closes before the response: it may have been relayed.
    let sender = stream.sender();
    let waiting = tokio::spawn(async move { sender.send_session_data(data()).await });
    peer.frame().await;
    server.plan([Plan::Refuse(503, String::new())]);
    peer.close(1001, "going away").await;
    let error = waiting.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.maybe_sent());

    let mut reconnecting = false;
    while !reconnecting {
        reconnecting = matches!(
            next(&mut stream).await,
            Some(Notification::Connection(
                ConnectionState::Reconnecting { .. }
            ))
        );
    }
    // The first reconnection is refused with 503, so the socket is down for a while.
    expect(
        &mut stream,
        Notification::Connection(ConnectionState::Disconnected(
            kandy_core::notifications::DisconnectReason::Failed {
                kind: ErrorKind::Api,
                detail: "the upgrade was answered with HTTP 503".into(),
            },
        )),
    )
    .await;
    let _ = next(&mut stream).await; // Reconnecting { attempt: 2 }
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);

    // Once the stream is dropped, its senders fail at once: nothing was sent.
    let sender = stream.sender();
    drop(stream);
    let error = sender.send_session_data(data()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect);
    assert!(!error.maybe_sent());
}

#[tokio::test]
async fn session_data_sent_while_reconnecting_is_refused_without_being_sent() {
    let mut server = Server::start().await;
    // A reconnection delay of a minute (gated, as the pings are): the socket stays down
    // while the test sends.
    let minute = Duration::from_secs(60);
    let sleep = server::TestSleep::gating(minute);
    let client = DataChannelClient::builder(server.endpoint())
        .reconnect(
            ReconnectPolicy::DEFAULT
                .with_initial_backoff(minute)
                .with_max_backoff(minute),
        )
        .jitter(FixedJitter::full())
        .sleep(sleep.clone())
        .ping_interval(minute)
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    server.peer().await.close(1001, "going away").await;
    let _ = next(&mut stream).await; // Disconnected
    assert_eq!(
        next(&mut stream).await,
        Some(Notification::Connection(ConnectionState::Reconnecting {
            attempt: 1,
            delay: minute
        }))
    );
    let error = stream
        .send_session_data(OutgoingSessionData::new("s1", json!(1)))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect);
    assert!(!error.maybe_sent());
    assert!(error.to_string().contains("reconnecting"), "{error}");
    sleep.release();
    expect(&mut stream, CONNECTED).await;
}
