//! Wire tests: every frame's exact JSON, both ways, and what tolerant decoding keeps.

use super::*;
use crate::ids::MessageUuid;
use crate::types::messages::{IncomingMessage, MessageType, Sender};
use serde_json::json;

fn event(text: &str) -> Event {
    match ServerFrame::decode(text) {
        ServerFrame::Event(event) => event,
        other => panic!("not an event: {other:?}"),
    }
}

/// Decoding `text` gives `expected`, and encoding that gives `text` back, byte for byte.
fn round_trip(text: &str, expected: ServerFrame) {
    assert_eq!(ServerFrame::decode(text), expected, "{text}");
    assert_eq!(expected.to_json(), text);
}

#[test]
fn client_frames_are_exactly_what_kandy_js_sends() {
    assert_eq!(ClientFrame::Ping.to_json(), r#"{"message_type":"ping"}"#);
    let to_all = ClientFrame::SessionData {
        data: OutgoingSessionData::new("s1", json!({"scroll": 40})),
        id: Some("4f2c".into()),
    };
    assert_eq!(
        to_all.to_json(),
        r#"{"message_type":"sessionData","session_id":"s1","payload":{"scroll":40},"id":"4f2c"}"#
    );
    let to_one = ClientFrame::SessionData {
        data: OutgoingSessionData::new("s1", json!("hi")).to("bob@d.com"),
        id: None,
    };
    assert_eq!(
        to_one.to_json(),
        r#"{"message_type":"sessionData","session_id":"s1","destination":"bob@d.com","payload":"hi"}"#
    );
    // The server's side reads them back.
    for frame in [ClientFrame::Ping, to_all.clone(), to_one] {
        assert_eq!(ClientFrame::decode(&frame.to_json()), frame);
    }
    assert_eq!(to_all.id(), Some("4f2c"));
}

#[test]
fn client_frames_of_other_kinds_are_kept_as_unknown() {
    for text in [
        r#"{"message_type":"typing","id":"7"}"#,
        r#"{"message_type":"sessionData","payload":1,"id":"8"}"#,
        "not json",
    ] {
        let frame = ClientFrame::decode(text);
        assert!(
            matches!(frame, ClientFrame::Unknown(_)),
            "{text}: {frame:?}"
        );
    }
    assert_eq!(
        ClientFrame::decode(r#"{"message_type":"typing","id":"7"}"#).id(),
        Some("7"),
        "the server can still answer it"
    );
    assert_eq!(
        ClientFrame::decode("not json"),
        ClientFrame::Unknown(json!("not json"))
    );
}

#[test]
fn a_pushed_chat_is_the_message_a_poll_returns() {
    let text = r#"{"message_type":"notification","message":{"messageType":"chat","sender":{"user_id":"alice","domain_name":"d.com","full_user_id":"alice@d.com"},"UUID":"6B1E8C3A-0000-4000-8000-000000000001","timestamp":"1449034496562","contentType":"text","message":{"mimeType":"text/plain","text":"hi"}}}"#;
    let chat = IncomingMessage::chat(Sender::new("alice", "d.com"), "hi")
        .with_uuid(MessageUuid::new("6B1E8C3A-0000-4000-8000-000000000001"))
        .with_timestamp(1_449_034_496_562);
    round_trip(text, ServerFrame::Event(Event::Message(chat)));

    let ack = r#"{"message_type":"notification","message":{"messageType":"chatRemoteAck","UUID":"u1","timestamp":"5"}}"#;
    let expected = IncomingMessage::chat_remote_ack(MessageUuid::new("u1")).with_timestamp(5);
    round_trip(ack, ServerFrame::Event(Event::Message(expected)));

    // A message type this SDK does not know is still a message (as a poll gives it).
    let Event::Message(odd) = event(
        r#"{"message_type":"notification","message":{"messageType":"typing","UUID":"u2","timestamp":1,"extra":true}}"#,
    ) else {
        panic!("not a message")
    };
    assert_eq!(odd.message_type, MessageType::Other("typing".into()));
}

#[test]
fn each_group_event_decodes_and_encodes_exactly() {
    let alice = Sender::new("alice", "d.com");
    let cases = [
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupInvite","UUID":"u1","timestamp":"10","group_id":"g1","sender":{"user_id":"alice","domain_name":"d.com","full_user_id":"alice@d.com"},"group_name":"Team","invitees":["bob@d.com"]}}"#,
            GroupEvent::new(GroupEventKind::Invite, MessageUuid::new("u1"), 10, "g1")
                .with_sender(alice.clone())
                .with_group_name("Team")
                .with_invitees(vec!["bob@d.com".into()]),
        ),
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupBoot","UUID":"u2","timestamp":"11","group_id":"g1","booted":["bob@d.com"]}}"#,
            GroupEvent::new(GroupEventKind::Boot, MessageUuid::new("u2"), 11, "g1")
                .with_booted(vec!["bob@d.com".into()]),
        ),
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupLeave","UUID":"u3","timestamp":"12","group_id":"g1","leaver":"carol@d.com"}}"#,
            GroupEvent::new(GroupEventKind::Leave, MessageUuid::new("u3"), 12, "g1")
                .with_leaver("carol@d.com"),
        ),
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupUpdate","UUID":"u4","timestamp":"13","group_id":"g1","group_name":"Renamed"}}"#,
            GroupEvent::new(GroupEventKind::Update, MessageUuid::new("u4"), 13, "g1")
                .with_group_name("Renamed"),
        ),
        (
            r#"{"message_type":"notification","message":{"messageType":"chatGroupDelete","UUID":"u5","timestamp":"14","group_id":"g1"}}"#,
            GroupEvent::new(GroupEventKind::Delete, MessageUuid::new("u5"), 14, "g1"),
        ),
    ];
    for (text, group) in cases {
        assert_eq!(
            group.kind.as_str(),
            GroupEventKind::from_wire(group.kind.as_str())
                .unwrap()
                .as_str()
        );
        round_trip(text, ServerFrame::Event(Event::Group(group)));
    }
}

#[test]
fn a_group_event_keeps_fields_it_does_not_name() {
    let Event::Group(group) = event(
        r#"{"message_type":"notification","message":{"messageType":"chatGroupBoot","UUID":"u","timestamp":1,"group_id":"g","booted":["b@d"],"booter":"a@d"},"seq":9}"#,
    ) else {
        panic!("not a group event")
    };
    assert_eq!(group.booted, ["b@d"]);
    assert_eq!(group.extra.get("booter"), Some(&json!("a@d")));
    // A group event without its UUID cannot be acked: it is kept as an unknown frame.
    let text = r#"{"message_type":"notification","message":{"messageType":"chatGroupDelete","group_id":"g"}}"#;
    assert_eq!(
        event(text),
        Event::Unknown(serde_json::from_str(text).unwrap())
    );
}

#[test]
fn the_gofetch_wake_up_in_every_form_kandy_js_reads() {
    round_trip(
        r#"{"message_type":"notification","message":{"message_type":"gofetch"}}"#,
        ServerFrame::Event(Event::MessagesAvailable),
    );
    for text in [
        r#"{"message_type":"notification","message":{"kandyType":"gofetch"}}"#,
        r#"{"message_type":"gofetch"}"#,
    ] {
        assert_eq!(event(text), Event::MessagesAvailable, "{text}");
    }
    // kandy.js's other kind (`incomingCall`) is not a wake-up.
    let call = r#"{"message_type":"notification","message":{"kandyType":"incomingCall"}}"#;
    assert!(matches!(event(call), Event::Unknown(_)));
}

#[test]
fn session_data_and_every_session_event_decode_and_encode_exactly() {
    round_trip(
        r#"{"message_type":"sessionData","session_id":"s1","source":"alice@d.com","payload":{"x":1}}"#,
        ServerFrame::Event(Event::SessionData(SessionData::new(
            "s1",
            "alice@d.com",
            json!({"x": 1}),
        ))),
    );
    round_trip(
        r#"{"message_type":"sessionData","session_id":"s1","source":"alice@d.com","destination":"bob@d.com","payload":"p"}"#,
        ServerFrame::Event(Event::SessionData(
            SessionData::new("s1", "alice@d.com", json!("p")).with_destination("bob@d.com"),
        )),
    );
    let s = || "s1".to_owned();
    let bob = || "bob@d.com".to_owned();
    let cases = [
        (
            r#"{"message_type":"sessionActive","session_id":"s1"}"#,
            SessionEvent::Active { session_id: s() },
        ),
        (
            r#"{"message_type":"sessionInactive","session_id":"s1"}"#,
            SessionEvent::Inactive { session_id: s() },
        ),
        (
            r#"{"message_type":"sessionTerminated","session_id":"s1"}"#,
            SessionEvent::Terminated { session_id: s() },
        ),
        (
            r#"{"message_type":"sessionUserJoinRequest","session_id":"s1","full_user_id":"bob@d.com"}"#,
            SessionEvent::UserJoinRequest {
                session_id: s(),
                full_user_id: bob(),
            },
        ),
        (
            r#"{"message_type":"sessionJoinApprove","session_id":"s1"}"#,
            SessionEvent::JoinApprove { session_id: s() },
        ),
        (
            r#"{"message_type":"sessionJoinReject","session_id":"s1","reject_reason":"full"}"#,
            SessionEvent::JoinReject {
                session_id: s(),
                reject_reason: Some("full".into()),
            },
        ),
        (
            r#"{"message_type":"sessionUserJoin","session_id":"s1","full_user_id":"bob@d.com"}"#,
            SessionEvent::UserJoin {
                session_id: s(),
                full_user_id: bob(),
            },
        ),
        (
            r#"{"message_type":"sessionUserLeave","session_id":"s1","full_user_id":"bob@d.com"}"#,
            SessionEvent::UserLeave {
                session_id: s(),
                full_user_id: bob(),
                leave_reason: None,
            },
        ),
        (
            r#"{"message_type":"sessionUserBoot","session_id":"s1","full_user_id":"bob@d.com","boot_reason":"spam"}"#,
            SessionEvent::UserBoot {
                session_id: s(),
                full_user_id: bob(),
                boot_reason: Some("spam".into()),
            },
        ),
        (
            r#"{"message_type":"sessionBoot","session_id":"s1"}"#,
            SessionEvent::Boot {
                session_id: s(),
                boot_reason: None,
            },
        ),
    ];
    for (payload, session_event) in cases {
        assert_eq!(session_event.session_id(), "s1");
        assert!(payload.contains(session_event.message_type()));
        round_trip(
            &format!(r#"{{"message_type":"sessionNotification","payload":{payload}}}"#),
            ServerFrame::Event(Event::Session(session_event)),
        );
    }
}

#[test]
fn responses_decode_and_encode_exactly() {
    round_trip(
        r#"{"message_type":"response","id":"4f2c","status":0,"message":"success"}"#,
        ServerFrame::Response(FrameResponse::new("4f2c", 0, "success")),
    );
    round_trip(
        r#"{"message_type":"response","id":"9","status":53,"message":"session not found"}"#,
        ServerFrame::Response(FrameResponse::new("9", 53, "session not found")),
    );
    // A response without an id answers nothing: it is an unknown frame.
    assert!(matches!(
        event(r#"{"message_type":"response","status":0}"#),
        Event::Unknown(_)
    ));
}

#[test]
fn unknown_frames_and_fields_never_fail() {
    for text in [
        r#"{"message_type":"presence","user":"a@d"}"#,
        r#"{"message_type":"notification"}"#,
        r#"{"message_type":"notification","message":{"messageType":"chat"}}"#,
        r#"{"message_type":"sessionNotification","payload":{"message_type":"sessionZoom","session_id":"s"}}"#,
        r#"{"message_type":"sessionData"}"#,
        r#"{"no_type":1}"#,
        r#"[1,2]"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(event(text), Event::Unknown(value.clone()), "{text}");
        // What is kept is sent again as received.
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(
                &ServerFrame::Event(Event::Unknown(value.clone())).to_json()
            )
            .unwrap(),
            value
        );
    }
    assert_eq!(event("{half"), Event::Unknown(json!("{half")));
    // Unknown fields beside known ones are ignored.
    assert_eq!(
        event(
            r#"{"message_type":"sessionNotification","payload":{"message_type":"sessionActive","session_id":"s","new":1},"seq":2}"#
        ),
        Event::Session(SessionEvent::Active {
            session_id: "s".into()
        })
    );
}
