//! The push half of an inbox: what its data channel says, boiled down to "fetch now".

use futures_util::{FutureExt as _, StreamExt as _};
use kandy_core::notifications::{ConnectionState, Notification, NotificationStream};
use kandy_core::{DataChannel, Result, UserAccessToken};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type Connecting = Pin<Box<dyn Future<Output = Result<NotificationStream>> + Send>>;

/// An inbox's data channel.
pub(super) struct Push {
    state: State,
}

enum State {
    /// The channel is being opened.
    Connecting(Connecting),
    /// The channel is open; `connected` while its socket is.
    Open {
        stream: NotificationStream,
        connected: bool,
    },
    /// The channel could not open, or ended: the inbox polls from now on.
    Off,
}

/// What the channel said, for the inbox.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Signal {
    /// Messages may be waiting: fetch.
    Fetch,
    /// The socket (re)opened: fetch what was queued meanwhile, and stop backing off.
    Connected,
    /// The socket went down (or the channel ended): poll, starting from the shortest wait.
    Lost,
    /// Nothing that concerns the inbox.
    Nothing,
}

impl Push {
    /// Starts opening `channel` for `token`; the future runs as the inbox waits.
    pub(super) fn new(channel: Arc<dyn DataChannel>, token: UserAccessToken) -> Self {
        let connecting: Connecting = Box::pin(async move { channel.connect(token).await });
        Self {
            state: State::Connecting(connecting),
        }
    }

    /// Whether the socket is open, so pushes will come.
    pub(super) fn is_connected(&self) -> bool {
        matches!(
            self.state,
            State::Open {
                connected: true,
                ..
            }
        )
    }

    /// The next signal; pending forever once the channel is off. Cancel-safe: a notification
    /// is consumed only when its signal is returned.
    pub(super) async fn next_signal(&mut self) -> Signal {
        match &mut self.state {
            State::Connecting(connecting) => match connecting.await {
                Ok(stream) => {
                    self.state = State::Open {
                        stream,
                        connected: false,
                    };
                    Signal::Nothing
                }
                Err(error) => {
                    tracing::debug!(kind = ?error.kind(), "inbox: no data channel, polling");
                    self.state = State::Off;
                    Signal::Lost
                }
            },
            State::Open { stream, connected } => {
                let notification = stream.next().await;
                let was_connected = *connected;
                match notification {
                    Some(Notification::Connection(ConnectionState::Connected)) => {
                        *connected = true;
                        Signal::Connected
                    }
                    Some(Notification::Connection(_)) => {
                        *connected = false;
                        if was_connected {
                            Signal::Lost
                        } else {
                            Signal::Nothing
                        }
                    }
                    Some(notification) if notification.signals_pending_messages() => Signal::Fetch,
                    Some(Notification::Ended(reason)) => {
                        tracing::debug!(?reason, "inbox: the data channel ended, polling");
                        self.state = State::Off;
                        Signal::Lost
                    }
                    Some(_) => Signal::Nothing,
                    None => {
                        self.state = State::Off;
                        Signal::Lost
                    }
                }
            }
            State::Off => std::future::pending().await,
        }
    }

    /// Takes every signal that is ready without waiting (a fetch about to start answers them
    /// all); whether the socket (re)opened among them.
    pub(super) fn drain(&mut self) -> bool {
        let mut reopened = false;
        while let Some(signal) = self.next_signal().now_or_never() {
            reopened |= signal == Signal::Connected;
        }
        reopened
    }
}
