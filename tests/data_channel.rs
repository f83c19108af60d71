//! The simulator's data channel over a real WebSocket on loopback, driven by the SDK's
//! `DataChannelClient` that finds the socket through #45 over HTTP, as kandy.js does: pushes
//! of messages (which stay queued), refusals and closes for tokens that stop holding, the
//! idle timeout, and sessions with session data between two users.

use futures_util::StreamExt;
use kandy_core::notifications::{
    ConnectionState, DisconnectReason, EndReason, Event, Notification, NotificationStream,
    OutgoingSessionData, SessionEvent, close,
};
use kandy_core::*;
use kandy_http::KandyClient;
use kandy_http::data_channel::{DataChannelClient, ReconnectPolicy};
use kandy_sim::Simulator;
use kandy_sim::server::{Server, ServerLimits};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::tenant::{Person, WAIT, event, next, tenant};

mod support;

struct World {
    server: Server,
    api: Arc<KandyClient>,
    channel: DataChannelClient,
    domain_token: DomainAccessToken,
    alice: Person,
    bob: Person,
}

async fn world(limits: ServerLimits) -> World {
    let sim = Simulator::builder().seed(13).build();
    let account = sim.create_account();
    let server = Server::builder()
        .limits(limits)
        .bind("127.0.0.1:0", sim)
        .await
        .unwrap();
    let api = Arc::new(
        KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap(),
    );
    let (domain_token, alice, bob) = tenant(&*api, account, "channel.kandy.io", &["alice", "bob"])
        .await
        .pair();
    let channel = DataChannelClient::builder(api.clone())
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .build()
        .unwrap();
    World {
        server,
        api,
        channel,
        domain_token,
        alice,
        bob,
    }
}

async fn open(w: &World, token: &UserAccessToken) -> NotificationStream {
    let mut stream = w.channel.connect(token.clone()).await.unwrap();
    assert_eq!(
        next(&mut stream).await,
        Notification::Connection(ConnectionState::Connected)
    );
    stream
}

#[tokio::test]
async fn get_data_channel_points_at_the_servers_own_listener() {
    let w = world(ServerLimits::default()).await;
    let config = w.api.get_data_channel(w.alice.token.clone()).await.unwrap();
    let addr = w.server.local_addr();
    assert_eq!(config.data_server_host, addr.ip().to_string());
    assert_eq!(config.data_server_port, Some(addr.port()));
    assert!(!config.is_secure);
    let refused = w
        .api
        .get_data_channel(UserAccessToken::new("UATnothing"))
        .await;
    assert_eq!(
        refused.unwrap_err().api_status(),
        Some(ApiStatus::INVALID_CREDENTIALS)
    );
}

#[tokio::test]
async fn a_message_is_pushed_and_stays_queued_until_acked() {
    let w = world(ServerLimits::default()).await;
    let mut alice = open(&w, &w.alice.token).await;
    let uuid = MessageUuid::new("6a3e4d1c-0000-4000-8000-000000000001");
    let mut message = OutgoingMessage::text(w.alice.id.clone(), "hi alice");
    message.uuid = uuid.clone();
    w.api
        .send_message(w.bob.token.clone(), w.bob.device.clone(), message)
        .await
        .unwrap();
    let Event::Message(pushed) = event(&mut alice).await else {
        panic!("expected a message");
    };
    assert_eq!(pushed.message_type, MessageType::Chat);
    assert_eq!(pushed.uuid, uuid);
    assert_eq!(
        pushed.sender.as_ref().map(|s| s.full_user_id.clone()),
        Some(w.bob.id.clone())
    );
    // Pushing never dequeues.
    let pending = w
        .api
        .get_pending_messages(w.alice.token.clone(), w.alice.device.clone(), None)
        .await
        .unwrap();
    assert_eq!(pending.messages.len(), 1);
    assert_eq!(pending.messages[0], pushed);
    // The ack reaches bob's socket as a chatRemoteAck push.
    let mut bob = open(&w, &w.bob.token).await;
    w.api
        .delete_handled_messages(
            w.alice.token.clone(),
            w.alice.device.clone(),
            vec![uuid.clone()],
        )
        .await
        .unwrap();
    let Event::Message(ack) = event(&mut bob).await else {
        panic!("expected the remote ack");
    };
    assert_eq!(ack.message_type, MessageType::ChatRemoteAck);
    assert_eq!(ack.uuid, uuid);
    assert_eq!(w.server.simulator().open_data_channels(), 2);
}

#[tokio::test]
async fn unknown_tokens_are_refused_and_deleted_users_and_expired_tokens_close() {
    let w = world(ServerLimits::default()).await;
    let refused = w.channel.connect(UserAccessToken::new("UATunknown")).await;
    let error = refused.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));

    let mut bob = open(&w, &w.bob.token).await;
    w.api
        .delete_user(UserDeletion::ByUserId {
            token: w.domain_token.clone(),
            user_id: "bob".into(),
        })
        .await
        .unwrap();
    match next(&mut bob).await {
        Notification::Ended(EndReason::TokenRefused(refusal)) => {
            assert_eq!(refusal.close_code, Some(close::INVALID_CREDENTIALS));
        }
        other => panic!("expected the end, got {other:?}"),
    }

    let mut alice = open(&w, &w.alice.token).await;
    w.server.simulator().advance_clock(25 * 3600 * 1000);
    match next(&mut alice).await {
        Notification::Ended(EndReason::TokenRefused(refusal)) => {
            assert_eq!(refusal.close_code, Some(close::TOKEN_EXPIRED));
        }
        other => panic!("expected the end, got {other:?}"),
    }
}

#[tokio::test]
async fn a_silent_socket_is_closed_after_the_idle_timeout() {
    let mut limits = ServerLimits::default();
    limits.socket_idle_timeout = Duration::from_millis(300);
    let w = world(limits).await;
    let channel = DataChannelClient::builder(w.api.clone())
        .ping_interval(Duration::from_secs(3600))
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .build()
        .unwrap();
    let mut alice = channel.connect(w.alice.token.clone()).await.unwrap();
    assert_eq!(
        next(&mut alice).await,
        Notification::Connection(ConnectionState::Connected)
    );
    // The client pings once on open; then silence.
    match next(&mut alice).await {
        Notification::Connection(ConnectionState::Disconnected(DisconnectReason::Closed {
            code,
            ..
        })) => assert_eq!(code, close::GOING_AWAY),
        other => panic!("expected the idle close, got {other:?}"),
    }
}

#[tokio::test]
async fn sessions_notify_their_admin_and_relay_session_data() {
    let w = world(ServerLimits::default()).await;
    let mut alice = open(&w, &w.alice.token).await;
    let mut bob = open(&w, &w.bob.token).await;
    let id = w
        .api
        .create_session(w.alice.token.clone(), NewSession::new("support", "help"))
        .await
        .unwrap();
    w.api
        .start_session(w.alice.token.clone(), id.clone())
        .await
        .unwrap();
    w.api
        .join_session(w.bob.token.clone(), id.clone(), SessionJoin::new())
        .await
        .unwrap();
    assert_eq!(
        event(&mut alice).await,
        Event::Session(SessionEvent::UserJoinRequest {
            session_id: id.as_str().into(),
            full_user_id: w.bob.id.clone(),
        })
    );
    w.api
        .accept_session_join(w.alice.token.clone(), id.clone(), w.bob.id.clone())
        .await
        .unwrap();
    assert_eq!(
        event(&mut bob).await,
        Event::Session(SessionEvent::JoinApprove {
            session_id: id.as_str().into()
        })
    );
    assert_eq!(
        event(&mut alice).await,
        Event::Session(SessionEvent::UserJoin {
            session_id: id.as_str().into(),
            full_user_id: w.bob.id.clone(),
        })
    );
    let session = w
        .api
        .get_session(w.bob.token.clone(), id.clone())
        .await
        .unwrap();
    assert_eq!(session.session_status.as_deref(), Some("active"));
    assert_eq!(session.participants.len(), 1);
    assert_eq!(
        session.participants[0].participant_status.as_deref(),
        Some("joined")
    );

    // Bob's data reaches alice (the stream must be read for the response to arrive).
    let data = OutgoingSessionData::new(id.as_str(), json!({"x": 1}));
    let sender = bob.sender();
    let sent = tokio::spawn(async move { sender.send_session_data(data).await });
    let Event::SessionData(relayed) = event(&mut alice).await else {
        panic!("expected session data");
    };
    assert_eq!(relayed.source.as_deref(), Some(w.bob.id.as_str()));
    assert_eq!(relayed.payload, json!({"x": 1}));
    let drain = tokio::spawn(async move { while bob.next().await.is_some() {} });
    tokio::time::timeout(WAIT, sent)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    drain.abort();

    // Data for an unknown session is refused with its status.
    let (alice_sender, wrong) = (
        alice.sender(),
        OutgoingSessionData::new("nosuchsession", json!(null)),
    );
    let refused = tokio::spawn(async move { alice_sender.send_session_data(wrong).await });
    let drain = tokio::spawn(async move { while alice.next().await.is_some() {} });
    let error = tokio::time::timeout(WAIT, refused)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::new(53)));
    drain.abort();
}

/// The next connection-state item, skipping nothing else.
async fn state(stream: &mut NotificationStream) -> ConnectionState {
    match next(stream).await {
        Notification::Connection(state) => state,
        other => panic!("expected a connection state, got {other:?}"),
    }
}

#[tokio::test]
async fn fault_plans_delay_drop_and_refuse_the_socket_over_the_wire() {
    use kandy_sim::{ChannelEffect, ChannelMatch, FaultPlan, Trigger};
    let w = world(ServerLimits::default()).await;
    let sim = w.server.simulator();
    let send = |text: &'static str| {
        let (api, token, device, to) = (
            w.api.clone(),
            w.bob.token.clone(),
            w.bob.device.clone(),
            w.alice.id.clone(),
        );
        async move {
            api.send_message(token, device, OutgoingMessage::text(to, text))
                .await
                .unwrap();
        }
    };

    // Delayed frames: a push arrives no sooner than the delay after its send.
    sim.set_fault_plan(FaultPlan::new().channel_rule(
        ChannelMatch::user(w.alice.id.clone()),
        Trigger::Nth(1),
        ChannelEffect::Delay { millis: 200 },
    ));
    let mut alice = open(&w, &w.alice.token).await;
    let sent = std::time::Instant::now();
    send("late").await;
    assert!(matches!(event(&mut alice).await, Event::Message(_)));
    assert!(
        sent.elapsed() >= Duration::from_millis(200),
        "{:?}",
        sent.elapsed()
    );
    drop(alice);

    // Dropped after one frame: the client sees the 1001 close, reconnects, and the message
    // whose push was lost is still queued.
    let channel = DataChannelClient::builder(w.api.clone())
        .reconnect(
            ReconnectPolicy::DEFAULT
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .build()
        .unwrap();
    sim.set_fault_plan(FaultPlan::new().channel_rule(
        ChannelMatch::any(),
        Trigger::Nth(1),
        ChannelEffect::Drop { after_frames: 1 },
    ));
    let mut alice = channel.connect(w.alice.token.clone()).await.unwrap();
    assert_eq!(state(&mut alice).await, ConnectionState::Connected);
    send("pushed").await;
    send("queued only").await;
    assert!(matches!(event(&mut alice).await, Event::Message(_)));
    match state(&mut alice).await {
        ConnectionState::Disconnected(DisconnectReason::Closed { code, reason }) => {
            assert_eq!(code, close::GOING_AWAY);
            assert!(reason.contains("fault plan"), "{reason}");
        }
        other => panic!("expected the drop, got {other:?}"),
    }
    assert!(matches!(
        state(&mut alice).await,
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    assert_eq!(state(&mut alice).await, ConnectionState::Connected);
    let pending = w
        .api
        .get_pending_messages(w.alice.token.clone(), w.alice.device.clone(), None)
        .await
        .unwrap();
    assert_eq!(pending.messages.len(), 3, "nothing is lost with the socket");
    drop(alice);

    // A refused upgrade (503): the first attempt fails, the next one opens.
    sim.set_fault_plan(FaultPlan::new().channel_rule(
        ChannelMatch::any(),
        Trigger::Nth(1),
        ChannelEffect::Refuse {
            http: 503,
            status: 1,
            message: "no channel now".into(),
        },
    ));
    let mut alice = channel.connect(w.alice.token.clone()).await.unwrap();
    match state(&mut alice).await {
        ConnectionState::Disconnected(DisconnectReason::Failed { detail, .. }) => {
            assert!(detail.contains("503"), "{detail}");
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert!(matches!(
        state(&mut alice).await,
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    assert_eq!(state(&mut alice).await, ConnectionState::Connected);
    // A refusal with 401 ends before any stream, as a refused token does.
    sim.set_fault_plan(FaultPlan::new().channel_rule(
        ChannelMatch::any(),
        Trigger::Always,
        ChannelEffect::Refuse {
            http: 401,
            status: 55,
            message: "refused by the plan".into(),
        },
    ));
    let error = channel.connect(w.alice.token.clone()).await.unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
}
