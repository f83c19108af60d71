//! The data channel's WebSocket client against a real WebSocket server on loopback that speaks
//! the protocol as kandy.js expects it: the URL it opens, its pings, every frame both ways,
//! session data and its responses, reconnection with exact delays, refused tokens, and the
//! token kept out of every error, `Debug` and trace.

mod canary;
mod connection;
mod frames;
mod server;
mod session_data;

use futures_util::StreamExt;
use kandy_core::UserAccessToken;
use kandy_core::notifications::{ConnectionState, Notification, NotificationStream};
use kandy_http::data_channel::{DataChannelClient, DataChannelClientBuilder, ReconnectPolicy};
use kandy_http::retry::FixedJitter;
use server::{Server, TestSleep, WAIT};
use std::time::Duration;

pub const TOKEN: &str = "UAT0123456789abcdef0123456789abcdef";
pub const MS: Duration = Duration::from_millis(1);
pub const PING: &str = r#"{"message_type":"ping"}"#;

pub fn token() -> UserAccessToken {
    UserAccessToken::new(TOKEN)
}

/// A client of `server` with exact delays: full jitter at 100 %, 100 ms doubling to 250 ms,
/// and `sleep` timing pings (gated at the default 30 s) and reconnections.
pub fn builder(server: &Server, sleep: &TestSleep) -> DataChannelClientBuilder {
    DataChannelClient::builder(server.endpoint())
        .reconnect(
            ReconnectPolicy::DEFAULT
                .with_initial_backoff(100 * MS)
                .with_max_backoff(250 * MS),
        )
        .jitter(FixedJitter::full())
        .sleep(sleep.clone())
        .connect_timeout(WAIT)
}

pub fn gated_sleep() -> TestSleep {
    TestSleep::gating(DataChannelClientBuilder::DEFAULT_PING_INTERVAL)
}

/// The next notification, within the test's patience.
pub async fn next(stream: &mut NotificationStream) -> Option<Notification> {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("no notification came")
}

pub async fn expect(stream: &mut NotificationStream, expected: Notification) {
    assert_eq!(next(stream).await, Some(expected));
}

pub const CONNECTED: Notification = Notification::Connection(ConnectionState::Connected);
