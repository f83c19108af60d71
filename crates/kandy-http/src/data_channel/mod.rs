//! The data channel over WebSocket: [`DataChannelClient`] implements
//! [`kandy_core::DataChannel`] as kandy.js 2.2.1 speaks it (the protocol is described in
//! [`kandy_core::notifications`]).
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use kandy_core::notifications::{Event, Notification, OutgoingSessionData};
//! use kandy_core::{DataChannel, UserAccessToken};
//! use kandy_http::data_channel::{ChannelEndpoint, DataChannelClient};
//!
//! # async fn demo(token: UserAccessToken) -> kandy_core::Result<()> {
//! // The endpoint #45 (`get_data_channel`) answers.
//! let endpoint = ChannelEndpoint::new("127.0.0.1", Some(8080), false);
//! let channel = DataChannelClient::builder(endpoint).build()?;
//! let mut notifications = channel.connect(token).await?;
//! let sender = notifications.sender();
//! tokio::spawn(async move {
//!     let hello = OutgoingSessionData::new("s1", serde_json::json!({"hello": 1}));
//!     let _ = sender.send_session_data(hello).await;
//! });
//! while let Some(notification) = notifications.next().await {
//!     match notification {
//!         Notification::Event(Event::Message(message)) => println!("{:?}", message.text()),
//!         Notification::Ended(reason) => eprintln!("data channel ended: {reason:?}"),
//!         _ => {}
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What the client does
//!
//! - Before each attempt it asks its [`ChannelLocator`] where the channel is (#45, as kandy.js
//!   does each time it opens the socket), then opens
//!   `ws(s)://HOST[:PORT]/?client_sw_type=js&client_sw_version=2.2.1&user_access_token=UAT`
//!   ([`ChannelEndpoint`] builds it exactly as kandy.js; the client software is settable).
//!   Each attempt, locating included, is bounded by the connect timeout (10 s).
//! - It pings (`{"message_type":"ping"}`) on open and every 30 s (settable).
//! - A lost socket is reported (`Disconnected`), then opened again after a capped
//!   full-jitter delay (`Reconnecting`, [`ReconnectPolicy`]); each new socket is reported
//!   `Connected`.
//! - A refused token ends the stream with `EndReason::TokenRefused` and no further attempt:
//!   HTTP 401 or 403 on the upgrade, a close code of `4000 + status` for a credentials status
//!   (4010, 4011, 4052, 4055), or an `Auth` error from the locator. On the first attempt the
//!   refusal is [`connect`](kandy_core::DataChannel::connect)'s error instead.
//! - Session data gets a fresh `id`; the `response` with that id resolves the send.
//! - Each stream has its own task (spawned on the current tokio runtime, so `connect` must
//!   run inside one); dropping the stream closes the socket with code 1000 and stops it.
//!
//! # The token stays secret
//!
//! The token is in the socket URL's query. The client writes the upgrade request itself
//! (tungstenite's client handshake logs its request line at TRACE), formats the URL only
//! redacted (at TRACE), and scrubs the token from every text it keeps: errors, disconnect
//! reasons, refusals, and the server's close reasons and response messages.

mod builder;
mod driver;
mod endpoint;
mod handshake;
mod sender;

pub use builder::{DataChannelClientBuilder, ReconnectPolicy};
pub use endpoint::{ChannelEndpoint, ChannelLocator};

use async_trait::async_trait;
use builder::Settings;
use driver::Driver;
use handshake::OpenFailure;
use kandy_core::notifications::{DisconnectReason, NotificationStream, SessionSender};
use kandy_core::{DataChannel, Error, ErrorKind, ExposeSecret, Result, UserAccessToken};
use std::fmt;
use std::sync::Arc;
use tokio::sync::mpsc;

/// The operation name in the errors of [`DataChannelClient::connect`].
const CONNECT: &str = "connect_data_channel";
/// How many session-data sends may queue for a stream's task.
const COMMAND_QUEUE: usize = 32;

/// The data channel's WebSocket client; see the [module docs](self).
///
/// Cheap to clone; every [`connect`](DataChannel::connect) opens its own socket.
#[derive(Clone)]
pub struct DataChannelClient {
    settings: Arc<Settings>,
}

impl DataChannelClient {
    /// A builder whose sockets go where `locator` says: a fixed [`ChannelEndpoint`], or the
    /// REST API's #45.
    pub fn builder(locator: impl ChannelLocator + 'static) -> DataChannelClientBuilder {
        DataChannelClientBuilder::new(Arc::new(locator))
    }
}

#[async_trait]
impl DataChannel for DataChannelClient {
    /// Opens the user's channel: its first attempt runs here. A refused token is an `Auth`
    /// error and a malformed address a `Config` error; any other failure is reported on the
    /// stream, which keeps trying.
    async fn connect(&self, token: UserAccessToken) -> Result<NotificationStream> {
        let mut secrets = crate::redact::Secrets::default();
        secrets.add(token.expose_secret());
        let first = match driver::open(&self.settings, &token, &secrets).await {
            Ok(socket) => Ok(socket),
            Err(OpenFailure::Refused(refusal)) => {
                return Err(refusal.to_error().with_operation(CONNECT));
            }
            Err(OpenFailure::Failed(DisconnectReason::Failed {
                kind: ErrorKind::Config,
                detail,
            })) => return Err(Error::config(detail).with_operation(CONNECT)),
            Err(OpenFailure::Failed(reason)) => Err(reason),
        };
        let (events, notifications) = mpsc::channel(self.settings.buffer);
        let (commands, queue) = mpsc::channel(COMMAND_QUEUE);
        let driver = Driver {
            settings: self.settings.clone(),
            token,
            secrets,
            events,
            commands: queue,
        };
        tokio::spawn(driver.run(first));
        let stream = futures_util::stream::unfold(notifications, |mut notifications| async move {
            let next = notifications.recv().await?;
            Some((next, notifications))
        });
        let sender = sender::WsSender {
            commands,
            response_timeout: self.settings.response_timeout,
        };
        Ok(NotificationStream::new(stream, SessionSender::new(sender)))
    }
}

impl fmt::Debug for DataChannelClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.settings.fmt(f)
    }
}
