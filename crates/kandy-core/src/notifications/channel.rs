//! The abstraction users program against: [`DataChannel`] opens a [`NotificationStream`].

use super::connection::Notification;
use super::events::OutgoingSessionData;
use crate::credentials::UserAccessToken;
use crate::error::Result;
use async_trait::async_trait;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A user's data channel: real-time notifications and session data.
///
/// `kandy_http` implements it over the WebSocket the Kandy platform serves; the simulator
/// implements it in-process; with the feature `mock`, `MockDataChannel` is a mockall mock.
/// Program against `Arc<dyn DataChannel>` to swap one for another in tests.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait DataChannel: Send + Sync {
    /// Opens the data channel of the user `token` belongs to.
    ///
    /// Fails only when the channel can never open with this token or configuration: the
    /// token is refused (an error of kind [`Auth`](crate::ErrorKind::Auth)) or the channel's
    /// address is malformed ([`Config`](crate::ErrorKind::Config)). A connection that fails
    /// otherwise is reported on the stream (`Disconnected`, `Reconnecting`) and tried again.
    async fn connect(&self, token: UserAccessToken) -> Result<NotificationStream>;
}

/// Sends session data on an open data channel, resolving with the server's `response`.
#[async_trait]
pub trait SendSessionData: Send + Sync {
    /// Sends `data` with a fresh `id` and waits for the `response` carrying it.
    ///
    /// Fails with the Kandy status of a non-zero `response` (an API error), with
    /// [`Connect`](crate::ErrorKind::Connect) (nothing sent) when the channel is not open or
    /// has ended, with [`Transport`](crate::ErrorKind::Transport) when it closed before the
    /// response came (the data may have been relayed), and with
    /// [`Timeout`](crate::ErrorKind::Timeout) when no response came in time.
    async fn send_session_data(&self, data: OutgoingSessionData) -> Result<()>;
}

/// A cheap, cloneable handle that sends session data on a stream's channel (see
/// [`SendSessionData`]); it works while the stream lives.
#[derive(Clone)]
pub struct SessionSender(Arc<dyn SendSessionData>);

impl SessionSender {
    /// A handle over any implementation.
    pub fn new(sender: impl SendSessionData + 'static) -> Self {
        Self(Arc::new(sender))
    }

    /// Sends `data` and waits for its `response`; see [`SendSessionData::send_session_data`]
    /// for how it fails.
    pub async fn send_session_data(&self, data: OutgoingSessionData) -> Result<()> {
        self.0.send_session_data(data).await
    }
}

impl fmt::Debug for SessionSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionSender").finish_non_exhaustive()
    }
}

/// An open data channel: a [`Stream`] of [`Notification`]s, and a [`SessionSender`].
///
/// Read the stream: the socket is read only as fast as the stream is, so a stream left unread
/// also holds back the `response`s that session data waits for. Dropping the stream closes
/// the channel; senders then fail with [`Connect`](crate::ErrorKind::Connect).
pub struct NotificationStream {
    notifications: Pin<Box<dyn Stream<Item = Notification> + Send>>,
    sender: SessionSender,
}

impl NotificationStream {
    /// A stream of `notifications` whose session data goes through `sender` (for
    /// implementations of [`DataChannel`]).
    pub fn new(
        notifications: impl Stream<Item = Notification> + Send + 'static,
        sender: SessionSender,
    ) -> Self {
        Self {
            notifications: Box::pin(notifications),
            sender,
        }
    }

    /// A handle that sends session data on this channel.
    pub fn sender(&self) -> SessionSender {
        self.sender.clone()
    }

    /// Sends `data` and waits for its `response`; see [`SendSessionData::send_session_data`]
    /// for how it fails. Keep reading the stream meanwhile (from another task, or with
    /// `select!`): the response arrives on the same socket.
    pub async fn send_session_data(&self, data: OutgoingSessionData) -> Result<()> {
        self.sender.send_session_data(data).await
    }
}

impl Stream for NotificationStream {
    type Item = Notification;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Notification>> {
        self.notifications.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.notifications.size_hint()
    }
}

impl fmt::Debug for NotificationStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationStream").finish_non_exhaustive()
    }
}
