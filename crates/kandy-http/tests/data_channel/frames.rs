//! What the server pushes, as kandy.js reads it, decoded in order on the client.

use super::server::Server;
use super::*;
use kandy_core::notifications::{
    Event, GroupEvent, GroupEventKind, ServerFrame, SessionData, SessionEvent,
};
use kandy_core::{DataChannel, IncomingMessage, MessageUuid, Sender};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn a_pushed_chat_and_every_group_and_session_frame_are_decoded_in_order() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);

    // Written out by hand, as a server would send them.
    let literal = [
        (
            r#"{"message_type":"notification","message":{"messageType":"chat","sender":{"user_id":"alice","domain_name":"d.com","full_user_id":"alice@d.com"},"UUID":"6B1E8C3A-0000-4000-8000-000000000001","timestamp":"1449034496562","contentType":"text","message":{"mimeType":"text/plain","text":"hi bob"}}}"#,
            Event::Message(
                IncomingMessage::chat(Sender::new("alice", "d.com"), "hi bob")
                    .with_uuid(MessageUuid::new("6B1E8C3A-0000-4000-8000-000000000001"))
                    .with_timestamp(1_449_034_496_562),
            ),
        ),
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupBoot","UUID":"u2","timestamp":"7","group_id":"g1","booted":["bob@d.com"]}}"#,
            Event::Group(
                GroupEvent::new(GroupEventKind::Boot, MessageUuid::new("u2"), 7, "g1")
                    .with_booted(vec!["bob@d.com".into()]),
            ),
        ),
        (
            r#"{"message_type":"sessionNotification","payload":{"message_type":"sessionUserJoinRequest","session_id":"s1","full_user_id":"bob@d.com"}}"#,
            Event::Session(SessionEvent::UserJoinRequest {
                session_id: "s1".into(),
                full_user_id: "bob@d.com".into(),
            }),
        ),
        (
            r#"{"message_type":"notification","message":{"message_type":"gofetch"}}"#,
            Event::MessagesAvailable,
        ),
    ];
    for (text, expected) in literal {
        peer.send(text).await;
        expect(&mut stream, Notification::Event(expected)).await;
    }

    // Every other kind, encoded by the frame types the simulator will use.
    let group = |kind| GroupEvent::new(kind, MessageUuid::random(), 9, "g1");
    let s = || "s1".to_owned();
    let bob = || "bob@d.com".to_owned();
    let events = [
        Event::Message(IncomingMessage::group_chat(
            Sender::new("alice", "d.com"),
            "g1",
            "all",
        )),
        Event::Message(IncomingMessage::chat_remote_ack(MessageUuid::random())),
        Event::Group(group(GroupEventKind::Invite).with_invitees(vec![bob()])),
        Event::Group(group(GroupEventKind::Leave).with_leaver(bob())),
        Event::Group(group(GroupEventKind::Update).with_group_name("Renamed")),
        Event::Group(group(GroupEventKind::Delete)),
        Event::SessionData(SessionData::new("s1", "alice@d.com", json!({"scroll": 3}))),
        Event::Session(SessionEvent::Active { session_id: s() }),
        Event::Session(SessionEvent::Inactive { session_id: s() }),
        Event::Session(SessionEvent::Terminated { session_id: s() }),
        Event::Session(SessionEvent::JoinApprove { session_id: s() }),
        Event::Session(SessionEvent::JoinReject {
            session_id: s(),
            reject_reason: Some("full".into()),
        }),
        Event::Session(SessionEvent::UserJoin {
            session_id: s(),
            full_user_id: bob(),
        }),
        Event::Session(SessionEvent::UserLeave {
            session_id: s(),
            full_user_id: bob(),
            leave_reason: None,
        }),
        Event::Session(SessionEvent::UserBoot {
            session_id: s(),
            full_user_id: bob(),
            boot_reason: None,
        }),
        Event::Session(SessionEvent::Boot {
            session_id: s(),
            boot_reason: Some("spam".into()),
        }),
    ];
    for event in events {
        peer.send(&ServerFrame::Event(event.clone()).to_json())
            .await;
        expect(&mut stream, Notification::Event(event)).await;
    }
}

#[tokio::test]
async fn unknown_and_malformed_frames_are_kept_and_the_stream_goes_on() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;

    peer.send(r#"{"message_type":"presence","user":"a@d"}"#)
        .await;
    expect(
        &mut stream,
        Notification::Event(Event::Unknown(
            json!({"message_type":"presence","user":"a@d"}),
        )),
    )
    .await;
    peer.send("not json").await;
    expect(
        &mut stream,
        Notification::Event(Event::Unknown(json!("not json"))),
    )
    .await;
    // A response nobody waits for is dropped; a binary frame of JSON is read as text; pings
    // of the WebSocket protocol itself are answered below the stream.
    peer.send(r#"{"message_type":"response","id":"nobody","status":0,"message":"success"}"#)
        .await;
    use futures_util::SinkExt;
    peer.ws
        .send(Message::Ping(vec![1, 2].into()))
        .await
        .unwrap();
    peer.ws
        .send(Message::binary(
            r#"{"message_type":"gofetch"}"#.as_bytes().to_vec(),
        ))
        .await
        .unwrap();
    expect(&mut stream, Notification::Event(Event::MessagesAvailable)).await;
    assert_eq!(peer.frame().await, PING, "the client's own ping, on open");
}
