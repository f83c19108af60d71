//! The notification contract: the same scenarios over the in-process simulator's
//! `DataChannel` and over the served WebSocket (the SDK's `DataChannelClient`, which finds it
//! through #45): pushes of messages and group events (which stay queued), session events and
//! session data, the end of a stream whose token stops holding, and an inbox fed by it.

use futures_util::StreamExt;
use kandy_core::notifications::{
    ConnectionState, DataChannel, EndReason, Event, GroupEventKind, Notification,
    NotificationStream, OutgoingSessionData, SessionEvent, close,
};
use kandy_core::*;
use kandy_http::KandyClient;
use kandy_http::data_channel::{DataChannelClient, ReconnectPolicy};
use kandy_http::inbox::Inbox;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::json;
use std::sync::Arc;
use support::tenant::{Person, WAIT, event, next, tenant};

mod support;

const DOMAIN: &str = "notify.kandy.io";

/// One backend: the REST API and the data channel, sharing one simulator.
struct Backend {
    sim: Simulator,
    api: Arc<dyn KandyApi>,
    channel: Arc<dyn DataChannel>,
    _server: Option<Server>,
}

async fn in_process() -> Backend {
    let sim = Simulator::builder().seed(21).build();
    Backend {
        api: Arc::new(sim.clone()),
        channel: Arc::new(sim.clone()),
        sim,
        _server: None,
    }
}

async fn websocket() -> Backend {
    let sim = Simulator::builder().seed(21).build();
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let client = Arc::new(
        KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap(),
    );
    let channel = DataChannelClient::builder(client.clone())
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .build()
        .unwrap();
    Backend {
        sim,
        api: client,
        channel: Arc::new(channel),
        _server: Some(server),
    }
}

struct World {
    b: Backend,
    domain_token: DomainAccessToken,
    alice: Person,
    bob: Person,
}

async fn world(b: Backend) -> World {
    let account = b.sim.create_account();
    let (domain_token, alice, bob) = tenant(&*b.api, account, DOMAIN, &["alice", "bob"])
        .await
        .pair();
    World {
        b,
        domain_token,
        alice,
        bob,
    }
}

async fn open(w: &World, who: &Person) -> NotificationStream {
    let mut stream = w.b.channel.connect(who.token.clone()).await.unwrap();
    assert_eq!(
        next(&mut stream).await,
        Notification::Connection(ConnectionState::Connected)
    );
    stream
}

async fn a_chat_and_a_group_invite_are_pushed_and_stay_queued(w: World) {
    let mut alice = open(&w, &w.alice).await;
    let message = OutgoingMessage::text(w.alice.id.clone(), "hello")
        .with_uuid(MessageUuid::new("00c0ffee-0000-4000-8000-000000000001"));
    w.b.api
        .send_message(w.bob.token.clone(), w.bob.device.clone(), message)
        .await
        .unwrap();
    let Event::Message(chat) = event(&mut alice).await else {
        panic!("expected the chat");
    };
    assert_eq!(chat.message_type, MessageType::Chat);
    assert_eq!(chat.text(), Some("hello"));
    let group =
        w.b.api
            .create_group(w.bob.token.clone(), NewGroup::new("Team"))
            .await
            .unwrap();
    w.b.api
        .add_group_members(
            w.bob.token.clone(),
            group.group_id.clone(),
            vec![w.alice.id.clone()],
        )
        .await
        .unwrap();
    let Event::Group(invite) = event(&mut alice).await else {
        panic!("expected the invite");
    };
    assert_eq!(invite.kind, GroupEventKind::Invite);
    assert_eq!(invite.group_id, group.group_id);
    assert_eq!(invite.group_name.as_deref(), Some("Team"));
    assert_eq!(invite.invitees, std::slice::from_ref(&w.alice.id));
    assert_eq!(
        invite.sender.as_ref().map(|s| s.full_user_id.as_str()),
        Some(w.bob.id.as_str())
    );
    // Both wait in the queue until acked.
    let pending =
        w.b.api
            .get_pending_messages(w.alice.token.clone(), w.alice.device.clone(), None)
            .await
            .unwrap()
            .messages;
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0], chat);
    assert_eq!(pending[1].uuid, invite.uuid);
    assert_eq!(pending[1].message_type.as_str(), "chatGroupInvite");
    let uuids = pending.iter().map(|m| m.uuid.clone()).collect();
    w.b.api
        .delete_handled_messages(w.alice.token.clone(), w.alice.device.clone(), uuids)
        .await
        .unwrap();
    // Bob's socket opens after the ack: the remote ack was queued, not pushed; the leave is
    // pushed.
    let mut bob = open(&w, &w.bob).await;
    w.b.api
        .leave_group(w.alice.token.clone(), group.group_id.clone())
        .await
        .unwrap();
    let Event::Group(leave) = event(&mut bob).await else {
        panic!("expected the leave");
    };
    assert_eq!(leave.kind, GroupEventKind::Leave);
    assert_eq!(leave.leaver.as_deref(), Some(w.alice.id.as_str()));
    let bobs =
        w.b.api
            .get_pending_messages(w.bob.token.clone(), w.bob.device.clone(), None)
            .await
            .unwrap()
            .messages;
    let kinds: Vec<&str> = bobs.iter().map(|m| m.message_type.as_str()).collect();
    assert_eq!(kinds, ["chatRemoteAck", "chatGroupLeave"]);
}

async fn session_events_and_data_reach_the_participants(w: World) {
    let mut alice = open(&w, &w.alice).await;
    let mut bob = open(&w, &w.bob).await;
    let api = &w.b.api;
    let id = api
        .create_session(w.alice.token.clone(), NewSession::new("cobrowsing", "look"))
        .await
        .unwrap();
    api.join_session(w.bob.token.clone(), id.clone(), SessionJoin::new())
        .await
        .unwrap();
    let sid = id.as_str().to_owned();
    assert_eq!(
        event(&mut alice).await,
        Event::Session(SessionEvent::UserJoinRequest {
            session_id: sid.clone(),
            full_user_id: w.bob.id.clone()
        })
    );
    api.accept_session_join(w.alice.token.clone(), id.clone(), w.bob.id.clone())
        .await
        .unwrap();
    assert_eq!(
        event(&mut bob).await,
        Event::Session(SessionEvent::JoinApprove {
            session_id: sid.clone()
        })
    );
    api.start_session(w.alice.token.clone(), id.clone())
        .await
        .unwrap();
    assert_eq!(
        event(&mut bob).await,
        Event::Session(SessionEvent::Active {
            session_id: sid.clone()
        })
    );
    // To one destination, from the admin.
    let to_bob =
        OutgoingSessionData::new(sid.as_str(), json!({"scroll": 120})).to(w.bob.id.clone());
    let sender = alice.sender();
    let sent = tokio::spawn(async move { sender.send_session_data(to_bob).await });
    let Event::SessionData(data) = event(&mut bob).await else {
        panic!("expected session data");
    };
    assert_eq!(data.source.as_deref(), Some(w.alice.id.as_str()));
    assert_eq!(data.destination.as_deref(), Some(w.bob.id.as_str()));
    assert_eq!(data.payload, json!({"scroll": 120}));
    // Alice's stream carries her response (and the UserJoin she heard on the accept).
    let reader = tokio::spawn(async move {
        let mut seen = Vec::new();
        while let Some(item) = alice.next().await {
            seen.push(item);
        }
        seen
    });
    tokio::time::timeout(WAIT, sent)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    api.delete_session(w.alice.token.clone(), id.clone())
        .await
        .unwrap();
    assert_eq!(
        event(&mut bob).await,
        Event::Session(SessionEvent::Terminated { session_id: sid })
    );
    reader.abort();
}

async fn a_stream_ends_when_its_token_stops_holding(w: World) {
    let refused = w.b.channel.connect(UserAccessToken::new("UATnobody")).await;
    assert_eq!(refused.err().map(|e| e.kind()), Some(ErrorKind::Auth));
    let mut bob = open(&w, &w.bob).await;
    w.b.api
        .delete_user(UserDeletion::ByUserId {
            token: w.domain_token.clone(),
            user_id: "bob".into(),
        })
        .await
        .unwrap();
    let Notification::Ended(EndReason::TokenRefused(refusal)) = next(&mut bob).await else {
        panic!("expected the end");
    };
    assert_eq!(refusal.close_code, Some(close::INVALID_CREDENTIALS));
    let mut alice = open(&w, &w.alice).await;
    w.b.sim.advance_clock(25 * 3600 * 1000);
    let Notification::Ended(EndReason::TokenRefused(refusal)) = next(&mut alice).await else {
        panic!("expected the end");
    };
    assert_eq!(refusal.close_code, Some(close::TOKEN_EXPIRED));
    assert_eq!(refusal.api_status, Some(ApiStatus::TOKEN_EXPIRED));
}

async fn a_pushed_inbox_delivers_each_message_once(w: World) {
    let mut inbox = Inbox::new(
        w.b.api.clone(),
        w.alice.token.clone(),
        w.alice.device.clone(),
    )
    .with_data_channel(w.b.channel.clone());
    let mut sent = Vec::new();
    for i in 0..5 {
        let message = OutgoingMessage::text(w.alice.id.clone(), format!("n{i}"));
        sent.push(message.uuid.clone());
        w.b.api
            .send_message(w.bob.token.clone(), w.bob.device.clone(), message)
            .await
            .unwrap();
    }
    let mut got = Vec::new();
    while got.len() < sent.len() {
        let delivery = tokio::time::timeout(WAIT, inbox.next())
            .await
            .expect("a delivery in time")
            .expect("the inbox goes on")
            .expect("no error");
        got.push(delivery.message().uuid.clone());
        delivery.ack();
    }
    assert_eq!(got, sent, "in order, once each");
    inbox.flush().await.unwrap();
    let left =
        w.b.api
            .get_pending_messages(w.alice.token.clone(), w.alice.device.clone(), None)
            .await
            .unwrap();
    assert!(left.messages.is_empty());
}

macro_rules! contract {
    ($($scenario:ident),* $(,)?) => {
        mod in_process {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::world(super::in_process().await).await).await;
                }
            )*
        }
        mod over_websocket {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::world(super::websocket().await).await).await;
                }
            )*
        }
    };
}

contract!(
    a_chat_and_a_group_invite_are_pushed_and_stay_queued,
    session_events_and_data_reach_the_participants,
    a_stream_ends_when_its_token_stops_holding,
    a_pushed_inbox_delivers_each_message_once,
);
