//! [`DataChannel`] for the in-process simulator: the same notifications a client of the
//! served WebSocket gets, without a socket, so a test swaps the simulator in for
//! `kandy_http::data_channel::DataChannelClient` as it does for `KandyApi`.

use super::Simulator;
use super::channel::{ChannelSocket, SocketClose};
use async_trait::async_trait;
use futures_core::Stream;
use kandy_core::notifications::{
    ConnectionState, DataChannel, DisconnectReason, EndReason, Notification, NotificationStream,
    OutgoingSessionData, Refusal, SendSessionData, ServerFrame, SessionSender, close,
};
use kandy_core::{Error, UserAccessToken};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

/// The operation name in the errors of [`DataChannel::connect`] (as the SDK's client names it).
const CONNECT: &str = "connect_data_channel";

#[async_trait]
impl DataChannel for Simulator {
    /// Opens the user's channel in-process ([`Simulator::open_data_channel`]): the stream
    /// starts with `Connected`, yields every push, and ends when the simulator closes the
    /// channel: `Ended(TokenRefused)` when the token stops holding (close code 4010 or 4055),
    /// else `Disconnected(Closed)` then `Ended(GaveUp { attempts: 0 })` (an in-process channel
    /// does not reconnect; open a new one).
    ///
    /// # Errors
    /// An `Auth` error for a token that is unknown, revoked or expired (status 55 or 10).
    async fn connect(&self, token: UserAccessToken) -> kandy_core::Result<NotificationStream> {
        let socket = self
            .open_data_channel(&token)
            .map_err(|error| error.with_operation(CONNECT))?;
        let open = Arc::new(AtomicBool::new(true));
        let sender = SessionSender::new(InProcessSender {
            sim: self.without_faults(),
            token,
            open: open.clone(),
        });
        let stream = InProcessStream {
            state: State::Starting,
            socket: Some(socket),
            open,
        };
        Ok(NotificationStream::new(stream, sender))
    }
}

/// Sends session data for an in-process stream while it lives.
struct InProcessSender {
    sim: Simulator,
    token: UserAccessToken,
    open: Arc<AtomicBool>,
}

#[async_trait]
impl SendSessionData for InProcessSender {
    async fn send_session_data(&self, data: OutgoingSessionData) -> kandy_core::Result<()> {
        if !self.open.load(Ordering::Acquire) {
            return Err(Error::connect("the data channel is closed").with_operation(CONNECT));
        }
        self.sim.send_session_data(&self.token, data)
    }
}

enum State {
    Starting,
    Open,
    /// The last items to yield, in reverse order.
    Ending(Vec<Notification>),
    Done,
}

struct InProcessStream {
    state: State,
    socket: Option<ChannelSocket>,
    open: Arc<AtomicBool>,
}

impl InProcessStream {
    /// The items that end the stream after `close`.
    fn ending(close: SocketClose) -> Vec<Notification> {
        if close::is_refusal(close.code) {
            let mut refusal = Refusal::new(close.reason);
            refusal.api_status = close::status_of(close.code);
            refusal.close_code = Some(close.code);
            return vec![Notification::Ended(EndReason::TokenRefused(refusal))];
        }
        let last = DisconnectReason::Closed {
            code: close.code,
            reason: close.reason,
        };
        vec![
            Notification::Ended(EndReason::GaveUp {
                attempts: 0,
                last: last.clone(),
            }),
            Notification::Connection(ConnectionState::Disconnected(last)),
        ]
    }
}

impl Stream for InProcessStream {
    type Item = Notification;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Notification>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Starting => {
                    this.state = State::Open;
                    return Poll::Ready(Some(Notification::Connection(ConnectionState::Connected)));
                }
                State::Open => {
                    let Some(socket) = this.socket.as_mut() else {
                        this.state = State::Done;
                        continue;
                    };
                    match Pin::new(&mut *socket).poll_next(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Some(ServerFrame::Event(event))) => {
                            return Poll::Ready(Some(Notification::Event(event)));
                        }
                        // The simulator pushes no responses (a sender's answer is its result).
                        Poll::Ready(Some(_)) => continue,
                        Poll::Ready(None) => {
                            let close = socket.close_reason().unwrap_or(SocketClose {
                                code: close::GOING_AWAY,
                                reason: "the simulator closed the data channel".into(),
                            });
                            this.socket = None;
                            this.open.store(false, Ordering::Release);
                            this.state = State::Ending(Self::ending(close));
                        }
                    }
                }
                State::Ending(items) => match items.pop() {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => this.state = State::Done,
                },
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

impl Drop for InProcessStream {
    fn drop(&mut self) {
        self.open.store(false, Ordering::Release);
    }
}
