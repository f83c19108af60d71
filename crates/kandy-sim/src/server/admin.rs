//! The simulator's own surface under `/_sim/` (plain JSON, not the Kandy envelope):
//! accounts, reset, snapshot, SMS outbox, device queues, request log, open data channels, clock
//! and fault plan.

use super::body::{self, BodyError};
use super::request_log::trace_admin_call;
use super::{AppState, MAX_BODY_BYTES, MAX_SNAPSHOT_BYTES};
use crate::FaultPlan;
use crate::model::{Snapshot, http_status_for};
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kandy_core::{AccountApiKey, AccountApiSecret, DeviceId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The admin routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sim/accounts", post(create_account))
        .route("/_sim/reset", post(reset))
        .route("/_sim/snapshot", get(snapshot).put(restore))
        .route("/_sim/sms", get(sms))
        .route("/_sim/devices/{device_id}/messages", get(device_messages))
        .route("/_sim/requests", get(requests))
        .route("/_sim/messages/{uuid}", get(message_history))
        .route("/_sim/tokens/{token_id}", get(reveal_token))
        .route("/_sim/data_channels", get(data_channels))
        .route("/_sim/data_channels/drop", post(drop_data_channels))
        .route("/_sim/clock", get(clock))
        .route("/_sim/clock/advance", post(advance_clock))
        .route(
            "/_sim/faults",
            get(fault_plan)
                .post(set_fault_plan)
                .delete(clear_fault_plan),
        )
        .route_layer(axum::middleware::from_fn(say))
}

/// Says each admin call on the console at info, as the Kandy calls are.
async fn say(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    trace_admin_call(&method, &path, response.status().as_u16(), started);
    response
}

/// `{"error": message}` with an HTTP status.
pub(crate) fn error(code: StatusCode, message: impl Into<String>) -> Response {
    (code, Json(json!({ "error": message.into() }))).into_response()
}

/// `{"error": message, "status": n}`: a refusal of the simulator, with its Kandy status (so
/// the [`AdminClient`](crate::admin::AdminClient) gives back the error the in-process call
/// gives) and the HTTP status it maps to.
fn refused(e: &kandy_core::Error) -> Response {
    let http = e
        .http_status()
        .or_else(|| e.api_status().map(|s| http_status_for(s.code())))
        .unwrap_or(400);
    let code = StatusCode::from_u16(http).unwrap_or(StatusCode::BAD_REQUEST);
    let message = e
        .api_error()
        .map_or_else(|| e.to_string(), |api| api.message.clone());
    let status = e.api_status().map(|s| s.code());
    (code, Json(json!({ "error": message, "status": status }))).into_response()
}

fn ok() -> Response {
    Json(json!({ "ok": true })).into_response()
}

/// An unknown `/_sim/` path.
pub(crate) fn unknown_route(path: &str) -> Response {
    error(StatusCode::NOT_FOUND, format!("unknown admin route {path}"))
}

/// A known path with a method it does not take.
pub(crate) async fn method_not_allowed() -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}

/// Reads a whole body of at most `limit` bytes.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Response> {
    match body::read(headers, body, limit).await {
        Ok(bytes) => Ok(bytes),
        Err(BodyError::TooLarge) => Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )),
        Err(BodyError::Failed) => Err(error(StatusCode::BAD_REQUEST, "the body could not be read")),
    }
}

/// Reads a JSON body (empty means `{}`).
pub(crate) async fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<T, Response> {
    let bytes = read_body(headers, body, limit).await?;
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &bytes
    };
    serde_json::from_slice(bytes).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            format!("invalid JSON body: {}", problem(&e)),
        )
    })
}

/// What was wrong with a JSON body, without quoting the values it holds.
fn problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or_default();
    if let Some((_, expected)) = text.split_once(", expected ") {
        format!("expected {expected}")
    } else if text.starts_with("missing field") || text.starts_with("unknown field") {
        text.to_owned()
    } else {
        "malformed JSON".to_owned()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAccount {
    account_api_key: Option<String>,
    account_api_secret: Option<String>,
}

#[derive(Serialize)]
struct CreatedAccount<'a> {
    account_api_key: &'a AccountApiKey,
    account_api_secret: &'a AccountApiSecret,
}

/// `POST /_sim/accounts`: `{}` makes generated credentials; both fields choose them.
async fn create_account(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let wanted: NewAccount = match json_body(&headers, body, MAX_BODY_BYTES).await {
        Ok(wanted) => wanted,
        Err(response) => return response,
    };
    let credentials = match (wanted.account_api_key, wanted.account_api_secret) {
        (None, None) => state.sim.create_account(),
        (Some(key), Some(secret)) => {
            match state.sim.create_account_with(key.into(), secret.into()) {
                Ok(credentials) => credentials,
                Err(e) => return refused(&e),
            }
        }
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "give both account_api_key and account_api_secret, or neither",
            );
        }
    };
    Json(CreatedAccount {
        account_api_key: &credentials.api_key,
        account_api_secret: &credentials.api_secret,
    })
    .into_response()
}

/// `POST /_sim/reset`: empties every store (the request log too); the seed stays.
async fn reset(State(state): State<AppState>) -> Response {
    state.sim.reset();
    ok()
}

/// `GET /_sim/snapshot`: the state's document. The model is locked only to copy it; the
/// text is written outside the lock, on a blocking thread.
async fn snapshot(State(state): State<AppState>) -> Response {
    let snapshot = state.sim.snapshot();
    match tokio::task::spawn_blocking(move || snapshot.to_json()).await {
        Ok(text) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response(),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the snapshot could not be written",
        ),
    }
}

/// `PUT /_sim/snapshot`: parses the body straight into the typed document and restores it
/// (on a blocking thread), as [`Simulator::restore`](crate::Simulator::restore) does: open
/// data channels close with 1001. 400 with status 17 naming the first problem (nothing
/// changes).
async fn restore(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let bytes = match read_body(&headers, body, MAX_SNAPSHOT_BYTES).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let sim = state.sim.clone();
    let restored = tokio::task::spawn_blocking(move || {
        let snapshot = Snapshot::from_slice(&bytes)?;
        sim.restore(snapshot)
    })
    .await;
    match restored {
        Ok(Ok(())) => ok(),
        Ok(Err(e)) => refused(&e),
        Err(_) => error(StatusCode::BAD_REQUEST, "the snapshot could not be read"),
    }
}

async fn sms(State(state): State<AppState>) -> Response {
    Json(state.sim.sms_outbox()).into_response()
}

async fn device_messages(
    State(state): State<AppState>,
    device_id: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(device_id)) = device_id else {
        return error(StatusCode::BAD_REQUEST, "invalid device id in the path");
    };
    match state.sim.device_queue(&DeviceId::new(device_id)) {
        Some(messages) => Json(messages).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such device"),
    }
}

/// `GET /_sim/requests?user=`: the log, oldest first; `user` keeps the calls of that
/// holder (see [`RequestLogEntry::user`](crate::admin::RequestLogEntry::user)).
async fn requests(
    State(state): State<AppState>,
    query: Result<axum::extract::Query<ByUser>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(axum::extract::Query(wanted)) = query else {
        return error(StatusCode::BAD_REQUEST, "the only parameter is user");
    };
    let mut entries = state.log.entries_of(&state.sim);
    if let Some(user) = wanted.user.filter(|u| !u.is_empty()) {
        entries.retain(|entry| entry.user.as_deref() == Some(user.as_str()));
    }
    Json(entries).into_response()
}

/// `?user=` of `GET /_sim/requests`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ByUser {
    #[serde(default)]
    user: Option<String>,
}

/// `GET /_sim/messages/{uuid}`: the message's recorded life
/// ([`Simulator::message_history`](crate::Simulator::message_history)) and every place it is
/// now ([`Simulator::locate_message`](crate::Simulator::locate_message)); 400 for a UUID that
/// is not 32 hex digits (dashes allowed).
async fn message_history(
    State(state): State<AppState>,
    uuid: Result<Path<String>, PathRejection>,
) -> Response {
    let uuid = match uuid {
        Ok(Path(uuid)) => kandy_core::MessageUuid::new(uuid.trim()),
        Err(_) => return error(StatusCode::BAD_REQUEST, "invalid message UUID in the path"),
    };
    if !uuid.is_well_formed() {
        return error(
            StatusCode::BAD_REQUEST,
            "a message UUID is 32 hex digits (dashes allowed)",
        );
    }
    let history = state.sim.message_history(&uuid);
    let places = state.sim.locate_message(&uuid);
    let mut body = serde_json::to_value(history).unwrap_or_default();
    body["places"] = json!(places);
    Json(body).into_response()
}

/// `GET /_sim/tokens/{token_id}`: one access token's whole value, by the `token_id` the
/// world's token listing shows (see [`Simulator::reveal_token`](crate::Simulator::reveal_token));
/// 404 when no token has that id.
async fn reveal_token(
    State(state): State<AppState>,
    token_id: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(token_id)) = token_id else {
        return error(StatusCode::BAD_REQUEST, "invalid token id in the path");
    };
    match state.sim.reveal_token(&token_id) {
        Some(token) => Json(json!({ "token_id": token_id, "token": token })).into_response(),
        None => error(StatusCode::NOT_FOUND, "no access token has this id"),
    }
}

/// `{"full_user_id"?}`: which user's sockets to drop (everyone's when absent).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DropChannels {
    #[serde(default)]
    full_user_id: Option<String>,
}

/// Drops open sockets (1001) as a network loss would: `{"dropped": n}`.
async fn drop_data_channels(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let wanted: DropChannels = match json_body(&headers, body, MAX_BODY_BYTES).await {
        Ok(wanted) => wanted,
        Err(response) => return response,
    };
    let dropped = state.sim.drop_data_channels(wanted.full_user_id.as_deref());
    Json(json!({ "dropped": dropped })).into_response()
}

/// `{"open": n, "devices": [{"full_user_id", "device_id", "sockets"}]}`.
async fn data_channels(State(state): State<AppState>) -> Response {
    Json(json!({
        "open": state.sim.open_data_channels(),
        "devices": state.sim.open_data_channels_by_device(),
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    millis: u64,
}

async fn advance_clock(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let advance: Advance = match json_body(&headers, body, MAX_BODY_BYTES).await {
        Ok(advance) => advance,
        Err(response) => return response,
    };
    state.sim.advance_clock(advance.millis);
    Json(json!({ "now_ms": state.sim.now_ms() })).into_response()
}

/// `GET /_sim/clock`: `{"now_ms": n}`.
async fn clock(State(state): State<AppState>) -> Response {
    Json(json!({ "now_ms": state.sim.now_ms() })).into_response()
}

async fn fault_plan(State(state): State<AppState>) -> Response {
    Json(state.sim.fault_plan()).into_response()
}

async fn set_fault_plan(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let plan: FaultPlan = match json_body(&headers, body, MAX_BODY_BYTES).await {
        Ok(plan) => plan,
        Err(response) => return response,
    };
    if let Err(problem) = plan.validate() {
        return error(
            StatusCode::BAD_REQUEST,
            format!("invalid fault plan: {problem}"),
        );
    }
    state.sim.set_fault_plan(plan);
    ok()
}

async fn clear_fault_plan(State(state): State<AppState>) -> Response {
    state.sim.set_fault_plan(FaultPlan::new());
    ok()
}
