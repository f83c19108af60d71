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

const WAIT: Duration = Duration::from_secs(5);

struct Person {
    id: String,
    token: UserAccessToken,
    device: DeviceId,
}

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
    let account_token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = api
        .create_domain(account_token, NewDomain::new("channel.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = api
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for user_id in ["alice", "bob"] {
        api.create_user_by_user_id(domain_token.clone(), NewUser::new(user_id))
            .await
            .unwrap();
        let token = api
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
            .await
            .unwrap();
        let device = api.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push(Person {
            id: format!("{user_id}@channel.kandy.io"),
            token,
            device,
        });
    }
    let bob = people.pop().unwrap();
    let alice = people.pop().unwrap();
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

/// The next item, within a bound.
async fn next(stream: &mut NotificationStream) -> Notification {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("a notification in time")
        .expect("the stream goes on")
}

/// The next pushed event, skipping nothing else.
async fn event(stream: &mut NotificationStream) -> Event {
    match next(stream).await {
        Notification::Event(event) => event,
        other => panic!("expected an event, got {other:?}"),
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
