//! The data channel's WebSocket (#45 points here): `GET /?client_sw_type=..&
//! client_sw_version=..&user_access_token=UAT` with an upgrade, on the same listener as the
//! API, after the same guard (the `Host` check; any `Origin`, as on the Kandy routes, since
//! kandy.js pages of any origin connect).
//!
//! A refused upgrade answers a Kandy envelope: a missing token 400 with status 15, an
//! unknown or revoked one 401 with 55, an expired one 401 with 10; a request that is not a
//! WebSocket version 13 upgrade 400 with 17. An open socket writes every push to its user as
//! a text frame, reads the client's `ping`s and `sessionData` (answering a `response` to any
//! frame with an `id`), and is closed by the server with `4000 + status` when its token stops
//! holding, 1008 when it does not read its pushes, and 1001 after `socket_idle_timeout` of
//! silence or at shutdown.

use super::AppState;
use super::query::{MAX_QUERY_PARAMETERS, Query};
use super::reply::Refusal;
use crate::{ChannelSocket, Simulator, SocketClose};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use kandy_core::notifications::{ClientFrame, FrameResponse, ServerFrame, close};
use kandy_core::{UserAccessToken, status};
use std::time::Duration;
use tokio::time::{Instant, sleep_until};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// The largest frame a client may send (session data included): 1 MiB, as a request body.
const MAX_FRAME_BYTES: usize = super::MAX_BODY_BYTES;

/// Whether `request` asks for the data channel: an upgrade to `websocket` at `/`.
pub(crate) fn is_upgrade(request: &Request) -> bool {
    request.uri().path() == "/" && header_has(request.headers(), header::UPGRADE, "websocket")
}

fn header_has(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|value| {
        value.to_str().is_ok_and(|value| {
            value
                .split(',')
                .any(|part| part.trim().eq_ignore_ascii_case(token))
        })
    })
}

/// Answers the upgrade: 101 and a socket task, or a refusal envelope.
pub(crate) fn upgrade(state: &AppState, mut request: Request) -> Response {
    match accept(state, &mut request) {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

fn accept(state: &AppState, request: &mut Request) -> Result<Response, Refusal> {
    let headers = request.headers();
    let version_13 = headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_some_and(|v| v.as_bytes() == b"13");
    let key = headers.get(header::SEC_WEBSOCKET_KEY).cloned();
    let (true, true, Some(key)) = (
        header_has(headers, header::CONNECTION, "upgrade"),
        version_13,
        key,
    ) else {
        return Err(Refusal::bad_value(
            "bad parameter value: not a WebSocket version 13 upgrade",
        ));
    };
    let query = Query::parse(request.uri().query(), MAX_QUERY_PARAMETERS)?;
    let token = query
        .get("user_access_token")
        .filter(|token| !token.is_empty())
        .map(UserAccessToken::new)
        .ok_or_else(|| {
            Refusal::new(
                status::MISSING_PARAMETER,
                "missing parameter: user_access_token",
            )
        })?;
    let socket = state
        .api
        .open_data_channel(&token)
        .map_err(|error| Refusal::from_error(&error))?;
    let on_upgrade = hyper::upgrade::on(request);
    let session = Session {
        sim: state.api.clone(),
        token,
        idle: state.socket_idle_timeout,
        shutdown: state.shutdown.clone(),
    };
    tokio::spawn(async move {
        // A client that goes away during the handshake leaves nothing to serve.
        if let Ok(upgraded) = on_upgrade.await {
            let config = WebSocketConfig::default()
                .max_message_size(Some(MAX_FRAME_BYTES))
                .max_frame_size(Some(MAX_FRAME_BYTES));
            let ws = WebSocketStream::from_raw_socket(
                TokioIo::new(upgraded),
                Role::Server,
                Some(config),
            )
            .await;
            session.run(ws, socket).await;
        }
    });
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    let accept = derive_accept_key(key.as_bytes());
    if let Ok(accept) = HeaderValue::from_str(&accept) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    }
    Ok(response)
}

/// One open socket's server side.
struct Session {
    sim: Simulator,
    token: UserAccessToken,
    idle: Duration,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

impl Session {
    async fn run(mut self, mut ws: Socket, mut socket: ChannelSocket) {
        let mut deadline = Instant::now() + self.idle;
        let mut shutdown = self.shutdown.clone();
        let end = loop {
            tokio::select! {
                pushed = socket.next() => match pushed {
                    Some(frame) => {
                        if !self.send(&mut ws, &frame).await {
                            return;
                        }
                    }
                    None => break socket.close_reason().unwrap_or_else(|| going_away("closed")),
                },
                received = ws.next() => match received {
                    Some(Ok(Message::Text(frame))) => {
                        deadline = Instant::now() + self.idle;
                        if let Some(answer) = self.answer(&frame)
                            && !self.send(&mut ws, &ServerFrame::Response(answer)).await
                        {
                            return;
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    // Pings (answered by tungstenite), pongs and binary frames: signs of life.
                    Some(Ok(_)) => deadline = Instant::now() + self.idle,
                },
                () = sleep_until(deadline) => break going_away("the socket was idle too long"),
                () = shut_down(&mut shutdown) => break going_away("the server is shutting down"),
            }
        };
        drop(socket);
        let frame = CloseFrame {
            code: CloseCode::from(end.code),
            reason: Utf8Bytes::from(end.reason),
        };
        // The client may be gone already, or not reading; nothing is left to do then.
        let _ = tokio::time::timeout(self.idle, ws.close(Some(frame))).await;
    }

    /// Writes one frame; `false` when the client is gone or has not taken it within the idle
    /// time (a client that stops reading is dropped, its task does not wait forever).
    async fn send(&self, ws: &mut Socket, frame: &ServerFrame) -> bool {
        matches!(
            tokio::time::timeout(self.idle, ws.send(text(frame))).await,
            Ok(Ok(()))
        )
    }

    /// The `response` a client frame calls for (one with an `id`), after acting on it.
    fn answer(&mut self, frame: &str) -> Option<FrameResponse> {
        let frame = ClientFrame::decode(frame);
        let id = frame.id().map(str::to_owned);
        let outcome = match frame {
            ClientFrame::SessionData { data, .. } => self.sim.send_session_data(&self.token, data),
            ClientFrame::Ping => Ok(()),
            _ => Err(kandy_core::Error::api(
                status::UNKNOWN_REQUEST,
                "unknown message_type",
                None,
            )),
        };
        let id = id?;
        Some(match outcome {
            Ok(()) => FrameResponse::new(id, status::SUCCESS, "success"),
            Err(error) => FrameResponse::new(
                id,
                error.api_status().map_or(status::INTERNAL, |s| s.code()),
                error.to_string(),
            ),
        })
    }
}

/// Waits until the server shuts down (or its sender is gone).
async fn shut_down(shutdown: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|down| *down).await;
}

fn text(frame: &ServerFrame) -> Message {
    Message::Text(Utf8Bytes::from(frame.to_json()))
}

fn going_away(reason: &str) -> SocketClose {
    SocketClose {
        code: close::GOING_AWAY,
        reason: reason.to_owned(),
    }
}
