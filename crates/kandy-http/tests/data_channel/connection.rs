//! Opening, pinging, losing, reopening and ending the socket.

use super::server::{Plan, Server};
use super::*;
use async_trait::async_trait;
use kandy_core::notifications::{DisconnectReason, EndReason, Refusal, close};
use kandy_core::{ApiStatus, DataChannel, Error, ErrorKind, Result};
use kandy_http::data_channel::{ChannelEndpoint, ChannelLocator};
use std::sync::Mutex;

fn disconnected(reason: DisconnectReason) -> Notification {
    Notification::Connection(ConnectionState::Disconnected(reason))
}

fn reconnecting(attempt: u32, delay: Duration) -> Notification {
    Notification::Connection(ConnectionState::Reconnecting { attempt, delay })
}

fn refused_503() -> DisconnectReason {
    DisconnectReason::Failed {
        kind: ErrorKind::Api,
        detail: "the upgrade was answered with HTTP 503".into(),
    }
}

fn going_away() -> DisconnectReason {
    DisconnectReason::Closed {
        code: 1001,
        reason: "going away".into(),
    }
}

#[tokio::test]
async fn the_socket_opens_the_url_kandy_js_builds_and_pings_on_open_and_every_interval() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    let mut peer = server.peer().await;
    expect(&mut stream, CONNECTED).await;

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].target,
        format!("/?client_sw_type=js&client_sw_version=2.2.1&user_access_token={TOKEN}")
    );
    assert_eq!(
        seen[0].host,
        Some(format!("127.0.0.1:{}", server.addr.port()))
    );
    assert!(
        seen[0]
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("kandy-rs/")
    );

    // The first ping goes out on open, before any interval has passed.
    assert_eq!(peer.frame().await, PING);
    let thirty = Duration::from_secs(30);
    assert_eq!(sleep.delays(), [thirty], "then it waits kandy.js's 30 s");
    sleep.release();
    assert_eq!(peer.frame().await, PING);
    sleep.release();
    assert_eq!(peer.frame().await, PING);
    assert_eq!(sleep.delays(), [thirty; 3]);
}

#[tokio::test]
async fn the_ping_interval_and_the_client_software_can_be_changed() {
    let mut server = Server::start().await;
    let five = Duration::from_secs(5);
    let sleep = server::TestSleep::gating(five);
    let client = builder(&server, &sleep)
        .ping_interval(five)
        .client_software("rust sdk", "0.1.0")
        .build()
        .unwrap();
    let _stream = client.connect(token()).await.unwrap();
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);
    sleep.release();
    assert_eq!(peer.frame().await, PING);
    assert_eq!(sleep.delays(), [five, five]);
    assert!(
        server.seen()[0]
            .target
            .starts_with("/?client_sw_type=rust%20sdk&client_sw_version=0.1.0&user_access_token=")
    );
    let zero = DataChannelClient::builder(server.endpoint())
        .ping_interval(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(zero.kind(), ErrorKind::Config);
}

#[tokio::test]
async fn a_dropped_socket_is_reopened_after_exact_capped_full_jitter_delays() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;

    // The server goes away; the next two attempts are refused with 503, the third opens.
    server.plan([
        Plan::Refuse(503, String::new()),
        Plan::Refuse(503, String::new()),
    ]);
    server.peer().await.close(1001, "going away").await;
    expect(&mut stream, disconnected(going_away())).await;
    expect(&mut stream, reconnecting(1, 100 * MS)).await;
    expect(&mut stream, disconnected(refused_503())).await;
    expect(&mut stream, reconnecting(2, 200 * MS)).await;
    expect(&mut stream, disconnected(refused_503())).await;
    expect(&mut stream, reconnecting(3, 250 * MS)).await;
    expect(&mut stream, CONNECTED).await;
    assert_eq!(
        sleep.ungated(),
        [100 * MS, 200 * MS, 250 * MS],
        "doubling from 100 ms, capped at 250 ms, each picked at 100 % of its ceiling"
    );

    // The new socket works: it pings on open and its pushes arrive.
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);
    peer.send(r#"{"message_type":"notification","message":{"message_type":"gofetch"}}"#)
        .await;
    expect(
        &mut stream,
        Notification::Event(kandy_core::notifications::Event::MessagesAvailable),
    )
    .await;
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "one first attempt and three reconnections");
    assert!(seen.iter().all(|s| s.target == seen[0].target));

    // An outage after a good connection starts from the first delay again.
    peer.close(1001, "going away").await;
    expect(&mut stream, disconnected(going_away())).await;
    expect(&mut stream, reconnecting(1, 100 * MS)).await;
    expect(&mut stream, CONNECTED).await;
}

#[tokio::test]
async fn a_socket_lost_without_a_close_frame_is_reopened() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    drop(server.peer().await);
    let Some(Notification::Connection(ConnectionState::Disconnected(DisconnectReason::Failed {
        kind,
        ..
    }))) = next(&mut stream).await
    else {
        panic!("not a failure")
    };
    assert_eq!(kind, ErrorKind::Transport);
    expect(&mut stream, reconnecting(1, 100 * MS)).await;
    expect(&mut stream, CONNECTED).await;
}

#[tokio::test]
async fn a_refused_upgrade_is_connects_error_and_is_not_tried_again() {
    let server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    server.plan([
        Plan::Refuse(
            401,
            r#"{"status":55,"message":"invalid credentials"}"#.into(),
        ),
        Plan::Refuse(403, "<html>forbidden</html>".into()),
    ]);
    let error = client.connect(token()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
    assert_eq!(error.http_status(), Some(401));
    assert_eq!(error.operation(), Some("connect_data_channel"));
    assert_eq!(
        error.to_string(),
        "connect_data_channel: HTTP 401, Kandy status 55: invalid credentials"
    );

    // A refusal without an envelope is still a refusal.
    let error = client.connect(token()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(error.api_status(), None);
    assert_eq!(error.http_status(), Some(403));
    assert_eq!(server.seen().len(), 2, "one attempt each");
    assert!(sleep.delays().is_empty(), "nothing waited to try again");
}

#[tokio::test]
async fn a_token_refused_by_a_close_frame_ends_the_stream_without_reconnecting() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    server
        .peer()
        .await
        .close(close::INVALID_CREDENTIALS, "invalid credentials")
        .await;
    let mut refusal = Refusal::new("invalid credentials");
    refusal.api_status = Some(ApiStatus::INVALID_CREDENTIALS);
    refusal.close_code = Some(4055);
    expect(
        &mut stream,
        Notification::Ended(EndReason::TokenRefused(refusal)),
    )
    .await;
    assert_eq!(
        next(&mut stream).await,
        None,
        "the stream ends after its reason"
    );
    tokio::time::sleep(50 * MS).await;
    assert_eq!(server.seen().len(), 1, "no reconnection");
    assert!(sleep.ungated().is_empty());
}

#[tokio::test]
async fn a_token_refused_on_reconnection_ends_the_stream() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    server.plan([Plan::Refuse(
        401,
        r#"{"status":10,"message":"token expired"}"#.into(),
    )]);
    server.peer().await.close(1001, "going away").await;
    expect(&mut stream, disconnected(going_away())).await;
    expect(&mut stream, reconnecting(1, 100 * MS)).await;
    let Some(Notification::Ended(EndReason::TokenRefused(refusal))) = next(&mut stream).await
    else {
        panic!("not refused")
    };
    assert_eq!(refusal.api_status, Some(ApiStatus::TOKEN_EXPIRED));
    assert_eq!(refusal.http_status, Some(401));
    assert!(refusal.to_error().is_token_expired());
    assert_eq!(next(&mut stream).await, None);
    assert_eq!(server.seen().len(), 2);
    assert_eq!(
        sleep.ungated(),
        [100 * MS],
        "one delay, no storm after the refusal"
    );
}

#[tokio::test]
async fn reconnection_gives_up_after_the_configured_attempts() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep)
        .reconnect(
            ReconnectPolicy::DEFAULT
                .with_initial_backoff(100 * MS)
                .with_max_attempts(2),
        )
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    server.plan([
        Plan::Refuse(503, String::new()),
        Plan::Refuse(503, String::new()),
    ]);
    server.peer().await.close(1001, "going away").await;
    expect(&mut stream, disconnected(going_away())).await;
    expect(&mut stream, reconnecting(1, 100 * MS)).await;
    expect(&mut stream, disconnected(refused_503())).await;
    expect(&mut stream, reconnecting(2, 200 * MS)).await;
    expect(&mut stream, disconnected(refused_503())).await;
    expect(
        &mut stream,
        Notification::Ended(EndReason::GaveUp {
            attempts: 2,
            last: refused_503(),
        }),
    )
    .await;
    assert_eq!(next(&mut stream).await, None);
    assert_eq!(server.seen().len(), 3);
}

/// A locator that fails its first `failures` calls with a connection error, and counts calls.
struct Flaky {
    endpoint: ChannelEndpoint,
    failures: Mutex<u32>,
    calls: std::sync::Arc<Mutex<u32>>,
}

#[async_trait]
impl ChannelLocator for Flaky {
    async fn locate(&self, _token: UserAccessToken) -> Result<ChannelEndpoint> {
        *self.calls.lock().unwrap() += 1;
        let mut failures = self.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err(Error::connect("refused").with_operation("get_data_channel"));
        }
        Ok(self.endpoint.clone())
    }
}

#[tokio::test]
async fn a_first_attempt_that_fails_is_reported_and_tried_again() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let calls = std::sync::Arc::new(Mutex::new(0));
    let flaky = Flaky {
        endpoint: server.endpoint(),
        failures: Mutex::new(1),
        calls: calls.clone(),
    };
    let client = DataChannelClient::builder(flaky)
        .reconnect(ReconnectPolicy::DEFAULT.with_initial_backoff(100 * MS))
        .jitter(FixedJitter::percent(50))
        .sleep(sleep.clone())
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(
        &mut stream,
        disconnected(DisconnectReason::Failed {
            kind: ErrorKind::Connect,
            detail: "no data-channel configuration: get_data_channel: refused".into(),
        }),
    )
    .await;
    expect(&mut stream, reconnecting(1, 50 * MS)).await;
    expect(&mut stream, CONNECTED).await;
    assert_eq!(
        *calls.lock().unwrap(),
        2,
        "each attempt asks where the channel is"
    );
    assert_eq!(server.peer().await.frame().await, PING);
}

#[tokio::test]
async fn nothing_listening_is_a_failed_attempt_and_a_locator_refusal_is_connects_error() {
    let unused = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = unused.local_addr().unwrap().port();
    drop(unused);
    let client = DataChannelClient::builder(ChannelEndpoint::new("127.0.0.1", Some(port), false))
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    let Some(Notification::Connection(ConnectionState::Disconnected(reason))) =
        next(&mut stream).await
    else {
        panic!("not disconnected")
    };
    assert!(
        matches!(&reason, DisconnectReason::Failed { kind: ErrorKind::Connect, detail } if detail.starts_with("could not connect: ")),
        "{reason:?}"
    );
    expect(
        &mut stream,
        Notification::Ended(EndReason::GaveUp {
            attempts: 0,
            last: reason,
        }),
    )
    .await;

    /// #45 refuses the token.
    struct Refusing;
    #[async_trait]
    impl ChannelLocator for Refusing {
        async fn locate(&self, _token: UserAccessToken) -> Result<ChannelEndpoint> {
            Err(Error::api(10, "token expired", Some(401)).with_operation("get_data_channel"))
        }
    }
    let error = DataChannelClient::builder(Refusing)
        .build()
        .unwrap()
        .connect(token())
        .await
        .unwrap_err();
    assert!(error.is_token_expired());
    assert_eq!(error.http_status(), Some(401));
    assert_eq!(error.operation(), Some("connect_data_channel"));
}

#[tokio::test]
async fn a_host_that_makes_no_url_is_a_config_error() {
    let client = DataChannelClient::builder(ChannelEndpoint::new("bad host", Some(80), false))
        .build()
        .unwrap();
    let error = client.connect(token()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    assert_eq!(error.operation(), Some("connect_data_channel"));
}

#[tokio::test]
async fn a_secure_endpoint_speaks_tls() {
    // A plain TCP listener: the first bytes the client sends are a TLS ClientHello.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hello = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut tcp, _) = listener.accept().await.unwrap();
        let mut first = [0u8; 3];
        tcp.read_exact(&mut first).await.unwrap();
        first
    });
    let client = DataChannelClient::builder(ChannelEndpoint::new("localhost", Some(port), true))
        .reconnect(ReconnectPolicy::DEFAULT.with_max_attempts(0))
        .connect_timeout(500 * MS)
        .build()
        .unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    // A handshake record (22) of TLS 1.x (3, _).
    assert_eq!(&hello.await.unwrap()[..2], &[22, 3]);
    let Some(Notification::Connection(ConnectionState::Disconnected(DisconnectReason::Failed {
        kind,
        ..
    }))) = next(&mut stream).await
    else {
        panic!("not a failure")
    };
    assert!(
        matches!(kind, ErrorKind::Connect | ErrorKind::Timeout),
        "{kind:?}"
    );
}

#[tokio::test]
async fn dropping_the_stream_closes_the_socket_normally() {
    let mut server = Server::start().await;
    let sleep = gated_sleep();
    let client = builder(&server, &sleep).build().unwrap();
    let mut stream = client.connect(token()).await.unwrap();
    expect(&mut stream, CONNECTED).await;
    let mut peer = server.peer().await;
    assert_eq!(peer.frame().await, PING);
    drop(stream);
    let frame = peer.closed_by_client().await.expect("a close frame");
    assert_eq!(u16::from(frame.code), 1000);
}
