//! The task behind one notification stream: it reads and pings the socket, relays session
//! data and its responses, and opens the socket again when it is lost.

use super::builder::Settings;
use super::handshake::{self, OpenFailure, Socket, failed};
use crate::redact::Secrets;
use futures_util::{SinkExt as _, StreamExt as _};
use kandy_core::notifications::{
    ClientFrame, ConnectionState, DisconnectReason, EndReason, FrameResponse, Notification,
    OutgoingSessionData, Refusal, ServerFrame, close,
};
use kandy_core::{Error, ErrorKind, MessageUuid, Result, UserAccessToken};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

pub(crate) const SEND_SESSION_DATA: &str = "send_session_data";

/// What a [`SessionSender`](kandy_core::notifications::SessionSender) asks of the task.
pub(crate) struct Command {
    pub(crate) data: OutgoingSessionData,
    pub(crate) reply: oneshot::Sender<Result<()>>,
}

/// How serving one socket ended.
enum Served {
    /// The stream was dropped: stop.
    Dropped,
    /// The token was refused: end the stream.
    Refused(Refusal),
    /// The socket was lost: reconnect.
    Lost(DisconnectReason),
}

pub(crate) struct Driver {
    pub(crate) settings: Arc<Settings>,
    pub(crate) token: UserAccessToken,
    pub(crate) secrets: Secrets,
    pub(crate) events: mpsc::Sender<Notification>,
    pub(crate) commands: mpsc::Receiver<Command>,
}

/// Locates and opens a socket for `token`, all within the connect timeout.
pub(crate) async fn open(
    settings: &Settings,
    token: &UserAccessToken,
    secrets: &Secrets,
) -> Result<Socket, OpenFailure> {
    let attempt = async {
        let endpoint = settings
            .locator
            .locate(token.clone())
            .await
            .map_err(|error| {
                if error.kind() == ErrorKind::Auth {
                    let mut refusal = Refusal::new(
                        secrets.scrub(
                            &error
                                .api_error()
                                .map_or_else(|| error.to_string(), |api| api.message.clone()),
                        ),
                    );
                    refusal.api_status = error.api_status();
                    refusal.http_status = error.http_status();
                    OpenFailure::Refused(refusal)
                } else {
                    failed(
                        error.kind(),
                        format!(
                            "no data-channel configuration: {}",
                            secrets.scrub(&error.to_string())
                        ),
                    )
                }
            })?;
        let url = endpoint
            .socket_url(&settings.software, token)
            .map_err(|error| failed(ErrorKind::Config, error.to_string()))?;
        tracing::trace!(url = ?url, "opening the data channel");
        handshake::open(&url, &settings.tls, &settings.user_agent, secrets).await
    };
    match tokio::time::timeout(settings.connect_timeout, attempt).await {
        Ok(result) => result,
        Err(_) => Err(failed(
            ErrorKind::Timeout,
            format!(
                "the data channel did not open within {:?}",
                settings.connect_timeout
            ),
        )),
    }
}

impl Driver {
    /// Serves `first` (or reconnects after its failure) until the stream is dropped or ends.
    pub(crate) async fn run(mut self, first: Result<Socket, DisconnectReason>) {
        let mut socket = first;
        let mut attempt: u32 = 0;
        loop {
            let lost = match socket {
                Ok(ws) => {
                    attempt = 0;
                    tracing::debug!("data channel connected");
                    if !self
                        .emit(Notification::Connection(ConnectionState::Connected))
                        .await
                    {
                        return;
                    }
                    match self.serve(ws).await {
                        Served::Dropped => return,
                        Served::Refused(refusal) => {
                            return self.end(EndReason::TokenRefused(refusal)).await;
                        }
                        Served::Lost(reason) => reason,
                    }
                }
                Err(reason) => reason,
            };
            tracing::debug!(reason = ?lost, "data channel lost");
            let disconnected = ConnectionState::Disconnected(lost.clone());
            if !self.emit(Notification::Connection(disconnected)).await {
                return;
            }
            if self
                .settings
                .reconnect
                .max_attempts()
                .is_some_and(|max| attempt >= max)
            {
                return self
                    .end(EndReason::GaveUp {
                        attempts: attempt,
                        last: lost,
                    })
                    .await;
            }
            attempt += 1;
            let delay = self
                .settings
                .jitter
                .pick(self.settings.reconnect.delay_ceiling(attempt));
            tracing::debug!(attempt, ?delay, "data channel reconnecting");
            let reconnecting = ConnectionState::Reconnecting { attempt, delay };
            if !self.emit(Notification::Connection(reconnecting)).await || !self.wait(delay).await {
                return;
            }
            socket = match open(&self.settings, &self.token, &self.secrets).await {
                Ok(ws) => Ok(ws),
                Err(OpenFailure::Refused(refusal)) => {
                    return self.end(EndReason::TokenRefused(refusal)).await;
                }
                Err(OpenFailure::Failed(reason)) => Err(reason),
            };
        }
    }

    /// Sends `notification` to the stream; `false` once the stream is dropped.
    async fn emit(&self, notification: Notification) -> bool {
        self.events.send(notification).await.is_ok()
    }

    async fn end(self, reason: EndReason) {
        tracing::debug!(?reason, "data channel ended");
        self.emit(Notification::Ended(reason)).await;
    }

    /// Waits `delay` before a reconnection, refusing session data meanwhile; `false` once the
    /// stream is dropped.
    async fn wait(&mut self, delay: std::time::Duration) -> bool {
        let sleep = self.settings.sleep.clone();
        let mut timer = sleep.sleep(delay);
        let mut commands_open = true;
        loop {
            tokio::select! {
                biased;
                _ = self.events.closed() => return false,
                _ = &mut timer => return true,
                command = self.commands.recv(), if commands_open => match command {
                    Some(command) => {
                        let _ = command.reply.send(Err(not_connected("it is reconnecting")));
                    }
                    None => commands_open = false,
                },
            }
        }
    }

    /// Serves one open socket until it is lost, the token is refused or the stream dropped.
    async fn serve(&mut self, ws: Socket) -> Served {
        let (mut sink, mut stream) = ws.split();
        let mut pending: HashMap<String, oneshot::Sender<Result<()>>> = HashMap::new();
        let sleep = self.settings.sleep.clone();
        let interval = self.settings.ping_interval;
        let write_timeout = self.settings.connect_timeout;
        let ping = Message::text(ClientFrame::Ping.to_json());
        let mut held: Option<Notification> = None;
        let mut commands_open = true;

        // kandy.js pings on open, then every interval.
        let outcome = 'serve: {
            if let Err(reason) = write(&mut sink, ping.clone(), write_timeout, &self.secrets).await
            {
                break 'serve Served::Lost(reason);
            }
            let mut timer = sleep.sleep(interval);
            loop {
                // Unbiased: a busy inbound socket must not starve the pings, nor the reverse.
                tokio::select! {
                    _ = self.events.closed() => {
                        let frame = CloseFrame { code: CloseCode::Normal, reason: "".into() };
                        let _ = tokio::time::timeout(write_timeout, sink.send(Message::Close(Some(frame)))).await;
                        break 'serve Served::Dropped;
                    }
                    permit = self.events.reserve(), if held.is_some() => match permit {
                        Ok(permit) => {
                            if let Some(notification) = held.take() {
                                permit.send(notification);
                            }
                        }
                        Err(_) => break 'serve Served::Dropped,
                    },
                    _ = &mut timer => {
                        if let Err(reason) = write(&mut sink, ping.clone(), write_timeout, &self.secrets).await {
                            break 'serve Served::Lost(reason);
                        }
                        pending.retain(|_, reply| !reply.is_closed());
                        timer = sleep.sleep(interval);
                    }
                    command = self.commands.recv(), if commands_open => match command {
                        Some(Command { reply, .. }) if self.events.is_closed() => {
                            let _ = reply.send(Err(not_connected("the stream has ended")));
                        }
                        Some(Command { data, reply }) => {
                            let id = MessageUuid::random().as_str().to_owned();
                            let frame = ClientFrame::SessionData { data, id: Some(id.clone()) };
                            pending.retain(|_, reply| !reply.is_closed());
                            match write(&mut sink, Message::text(frame.to_json()), write_timeout, &self.secrets).await {
                                Ok(()) => { pending.insert(id, reply); }
                                Err(reason) => {
                                    let _ = reply.send(Err(closed_before_response()));
                                    break 'serve Served::Lost(reason);
                                }
                            }
                        }
                        None => commands_open = false,
                    },
                    frame = stream.next(), if held.is_none() => match frame {
                        Some(Ok(Message::Text(text))) => match ServerFrame::decode(text.as_str()) {
                            ServerFrame::Response(response) => answer(&mut pending, response, &self.secrets),
                            ServerFrame::Event(event) => held = Some(Notification::Event(event)),
                            other => tracing::debug!(?other, "data channel frame of an unknown kind"),
                        },
                        Some(Ok(Message::Binary(bytes))) => match std::str::from_utf8(&bytes) {
                            Ok(text) => {
                                if let ServerFrame::Event(event) = ServerFrame::decode(text) {
                                    held = Some(Notification::Event(event));
                                }
                            }
                            Err(_) => tracing::debug!(len = bytes.len(), "data channel binary frame ignored"),
                        },
                        Some(Ok(Message::Close(frame))) => break 'serve self.closed(frame),
                        Some(Ok(_)) => {}
                        Some(Err(error)) => {
                            break 'serve Served::Lost(DisconnectReason::Failed {
                                kind: ErrorKind::Transport,
                                detail: format!("the socket broke: {}", self.secrets.scrub(&error.to_string())),
                            });
                        }
                        None => {
                            break 'serve Served::Lost(DisconnectReason::Failed {
                                kind: ErrorKind::Transport,
                                detail: "the socket closed without a close frame".into(),
                            });
                        }
                    },
                }
            }
        };
        for (_, reply) in pending.drain() {
            let _ = reply.send(Err(closed_before_response()));
        }
        if let Some(notification) = held {
            // An event read before the loss is still delivered.
            if !self.emit(notification).await {
                return Served::Dropped;
            }
        }
        outcome
    }

    /// A close frame: a refusal when its code says so, else a loss.
    fn closed(&self, frame: Option<CloseFrame>) -> Served {
        let (code, reason) = match frame {
            Some(frame) => (
                u16::from(frame.code),
                self.secrets.scrub(frame.reason.as_str()),
            ),
            None => (u16::from(CloseCode::Status), String::new()),
        };
        if close::is_refusal(code) {
            let mut refusal = Refusal::new(reason);
            refusal.api_status = close::status_of(code);
            refusal.close_code = Some(code);
            Served::Refused(refusal)
        } else {
            Served::Lost(DisconnectReason::Closed { code, reason })
        }
    }
}

/// Writes one frame within `timeout`; a failure is the socket's loss.
async fn write(
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    message: Message,
    timeout: std::time::Duration,
    secrets: &Secrets,
) -> Result<(), DisconnectReason> {
    match tokio::time::timeout(timeout, sink.send(message)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(DisconnectReason::Failed {
            kind: ErrorKind::Transport,
            detail: format!(
                "writing to the socket failed: {}",
                secrets.scrub(&error.to_string())
            ),
        }),
        Err(_) => Err(DisconnectReason::Failed {
            kind: ErrorKind::Timeout,
            detail: format!("writing to the socket took longer than {timeout:?}"),
        }),
    }
}

/// Resolves the session data `response.id` waits for.
fn answer(
    pending: &mut HashMap<String, oneshot::Sender<Result<()>>>,
    response: FrameResponse,
    secrets: &Secrets,
) {
    let Some(reply) = pending.remove(&response.id) else {
        tracing::debug!("data channel response to no pending frame");
        return;
    };
    let result = if response.status == 0 {
        Ok(())
    } else {
        Err(
            Error::api(response.status, secrets.scrub(&response.message), None)
                .with_operation(SEND_SESSION_DATA),
        )
    };
    let _ = reply.send(result);
}

pub(crate) fn not_connected(why: &str) -> Error {
    Error::connect(format!("the data channel is not connected: {why}"))
        .with_operation(SEND_SESSION_DATA)
}

fn closed_before_response() -> Error {
    Error::transport("the data channel closed before the response came", true)
        .with_operation(SEND_SESSION_DATA)
}
