//! The Kandy API handler: route by the operation table, decode the query, read the body,
//! enact the fault plan, call the simulator, answer the envelope, log the call.

use super::AppState;
use super::body::{self, BodyError};
use super::call::Call;
use super::query::{MAX_QUERY_PARAMETERS, Query};
use super::reply::{self, Outcome, Refusal, drop_connection, malformed, respond};
use super::request_log::Outcome as Logged;
use super::routes::{self, Route};
use super::{MAX_BODY_BYTES, admin, data_channel, operations};
use crate::FaultEffect;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use kandy_core::{BodyKind, Operation, status};
use parking_lot::Mutex;
use std::time::Duration;

/// Every request no admin route takes: the Kandy API under `/v1.2/`, and unknown routes.
/// As the router's fallback.
pub(crate) async fn kandy_call(State(state): State<AppState>, request: Request) -> Response {
    serve(&state, request).await
}

/// What [`kandy_call`] answers, called by [`Server`](super::Server)'s connections straight
/// (no router) for every path outside `/_sim`.
pub(crate) async fn serve(state: &AppState, request: Request) -> Response {
    #[cfg(test)]
    if request.uri().path() == tests::PANICKING_PATH {
        panic!("a deliberate panic, for the test that a panic answers HTTP 500");
    }
    if data_channel::is_upgrade(&request) {
        return data_channel::upgrade(state, request);
    }
    let (parts, body) = request.into_parts();
    let path = routes::normalize(parts.uri.path());
    if path == "/_sim" || path.starts_with("/_sim/") {
        return admin::unknown_route(&path);
    }
    let mut logged = Logged::default();
    let response = match routes::find(&parts.method, &path) {
        Route::Unknown { hint } => {
            let mut message = format!("unknown request: {} {path}", parts.method);
            if let Some(hint) = hint {
                message.push_str("; did you mean ");
                message.push_str(&hint);
                message.push('?');
            }
            answer(
                &mut logged,
                Err(Refusal::with_http(404, status::UNKNOWN_REQUEST, message)),
            )
        }
        Route::Operations(operations) => {
            match Query::parse(parts.uri.query(), MAX_QUERY_PARAMETERS) {
                Err(refusal) => answer(&mut logged, Err(refusal)),
                Ok(query) => match routes::pick(operations, &query) {
                    Some(op) => {
                        logged.operation = Some(op.name);
                        match operation(state, op, &query, &parts, body, &mut logged).await {
                            Some(response) => response,
                            // A hang: the call is logged already; the connection is dropped.
                            None => return drop_connection(),
                        }
                    }
                    None => answer(
                        &mut logged,
                        Err(Refusal::with_http(
                            404,
                            status::UNKNOWN_REQUEST,
                            "unknown request",
                        )),
                    ),
                },
            }
        }
    };
    state.log.record(&parts.method, &parts.uri, logged);
    response
}

/// Records the outcome for the log and turns it into the response.
fn answer(logged: &mut Logged, outcome: Outcome) -> Response {
    logged.http_status = Some(reply::http_status(&outcome));
    logged.kandy_status = Some(reply::kandy_status(&outcome));
    respond(outcome)
}

/// One implemented operation; `None` after a hang ended by the server's shutdown.
async fn operation(
    state: &AppState,
    op: &'static Operation,
    query: &Query<'_>,
    parts: &Parts,
    body: Body,
    logged: &mut Logged,
) -> Option<Response> {
    // An upload's body is streamed by its handler, under its own limits.
    let (body, upload) = if op.body == BodyKind::Multipart {
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (Ok(Bytes::new()), Some((content_type, body)))
    } else {
        (body::read(&parts.headers, body, MAX_BODY_BYTES).await, None)
    };
    let upload = Mutex::new(upload);
    let body = match body {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            let refusal = Refusal::with_http(
                413,
                status::BAD_PARAMETER_VALUE,
                "bad parameter value: the request body is larger than 1 MiB",
            );
            return Some(answer(logged, Err(refusal)));
        }
        Err(BodyError::Failed) => {
            let refusal =
                Refusal::bad_value("bad parameter value: the request body could not be read");
            return Some(answer(logged, Err(refusal)));
        }
    };
    let call = Call {
        op,
        query,
        body: &body,
        api: &state.api,
        host: parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|host| host.to_str().ok()),
        upload: &upload,
    };
    let fault = state
        .sim
        .fault_for(op, query.get("key"), query.get("device_id"));
    let Some(fault) = fault else {
        return Some(answer(logged, handle(&call).await));
    };
    logged.fault = Some(fault_name(&fault));
    match fault {
        FaultEffect::Status {
            http,
            status,
            message,
        } => {
            drain_upload(&call).await;
            Some(answer(
                logged,
                Err(Refusal::with_http(http, status, message)),
            ))
        }
        FaultEffect::Delay { millis } => {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(millis)) => {
                    Some(answer(logged, handle(&call).await))
                }
                () = state.shutting_down() => Some(drop_connection()),
            }
        }
        FaultEffect::Hang => {
            state.log.record(&parts.method, &parts.uri, *logged);
            state.shutting_down().await;
            None
        }
        FaultEffect::Reset => Some(drop_connection()),
        FaultEffect::Malformed => {
            drain_upload(&call).await;
            logged.http_status = Some(200);
            Some(malformed().into_response())
        }
        FaultEffect::CommitThenDrop => {
            let outcome = handle(&call).await;
            logged.kandy_status = Some(reply::kandy_status(&outcome));
            Some(drop_connection())
        }
    }
}

/// Handles the call; an upload's body its handler left unread (a refusal before reading it)
/// is read to its end then, so that the client reads the answer.
async fn handle(call: &Call<'_>) -> reply::Outcome {
    let outcome = operations::handle(call).await;
    drain_upload(call).await;
    outcome
}

/// Reads an upload's body, if nothing took it, and throws it away.
async fn drain_upload(call: &Call<'_>) {
    let leftover = call.upload.lock().take();
    if let Some((_, body)) = leftover {
        body::drain(body).await;
    }
}

/// The fault's name, as the plan's JSON spells it.
fn fault_name(fault: &FaultEffect) -> &'static str {
    match fault {
        FaultEffect::Status { .. } => "status",
        FaultEffect::Delay { .. } => "delay",
        FaultEffect::Hang => "hang",
        FaultEffect::Reset => "reset",
        FaultEffect::Malformed => "malformed",
        FaultEffect::CommitThenDrop => "commit_then_drop",
    }
}

#[cfg(test)]
mod tests {
    use crate::Simulator;
    use crate::server::Server;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// A path whose handling panics (in this crate's unit tests only).
    pub(super) const PANICKING_PATH: &str = "/v1.2/test/panic";

    /// Sends one request on `stream` and reads its answer (head and body) by its length.
    async fn exchange(stream: &mut TcpStream, target: &str) -> String {
        let request = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let read = stream.read(&mut chunk).await.unwrap();
            assert_ne!(read, 0, "the connection closed: {answer:?}");
            answer.extend_from_slice(&chunk[..read]);
            let text = String::from_utf8_lossy(&answer).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|line| {
                        line.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(str::to_owned)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .expect("a Content-Length");
                if body.len() >= length {
                    return text;
                }
            }
        }
    }

    #[tokio::test]
    async fn a_panic_in_a_kandy_call_answers_the_500_envelope_and_the_server_goes_on() {
        let server = Server::bind("127.0.0.1:0", Simulator::new()).await.unwrap();
        let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
        let answer = exchange(&mut stream, PANICKING_PATH).await;
        assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("access-control-allow-origin: *"),
            "{answer}"
        );
        assert!(
            answer.ends_with(r#"{"status":1,"message":"internal error"}"#),
            "{answer}"
        );
        // The same connection, then the server, still answer.
        let answer = exchange(&mut stream, "/v1.2/users/devices").await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(
            answer.contains(r#""message":"missing parameter: key""#),
            "{answer}"
        );
        server.shutdown().await;
    }
}
