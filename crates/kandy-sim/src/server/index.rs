//! What the server's roots answer: `GET /` (without a WebSocket upgrade) points at the Kandy
//! API, the admin surface and the data channel; `GET /_sim/` lists the admin routes.

use super::{AppState, dispatch};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::json;

/// Every admin route: method, path, what it does. `kandy-sim serve --help` lists the same.
pub(crate) const ADMIN_ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/_sim/", "this list"),
    (
        "POST",
        "/_sim/accounts",
        "create an account: {} or {account_api_key, account_api_secret}",
    ),
    (
        "POST",
        "/_sim/reset",
        "empty every store and the request log",
    ),
    (
        "GET",
        "/_sim/snapshot",
        "the whole state as JSON (holds every secret)",
    ),
    ("PUT", "/_sim/snapshot", "replace the state with a snapshot"),
    ("GET", "/_sim/sms", "the SMS outbox"),
    (
        "GET",
        "/_sim/devices/{device_id}/messages",
        "a device's pending messages",
    ),
    (
        "GET",
        "/_sim/requests",
        "the last Kandy calls, credentials redacted: ?user= filters",
    ),
    (
        "GET",
        "/_sim/messages/{uuid}",
        "a message's life: sent, queued, pushed, acked; where it is now",
    ),
    (
        "GET",
        "/_sim/tokens/{token_id}",
        "one access token's value, by the id the dashboard lists",
    ),
    ("GET", "/_sim/data_channels", "the open data channels"),
    (
        "POST",
        "/_sim/data_channels/drop",
        "drop open data channels: {full_user_id?}",
    ),
    ("GET", "/_sim/clock", "the manual clock: {now_ms}"),
    (
        "POST",
        "/_sim/clock/advance",
        "move the clock forward: {millis}",
    ),
    ("GET", "/_sim/faults", "the fault plan, with its counts"),
    ("POST", "/_sim/faults", "replace the fault plan"),
    ("DELETE", "/_sim/faults", "clear the fault plan"),
    ("GET", "/_sim/ui/", "the dashboard, in a browser"),
];

/// The routes of the two roots.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", any(root))
        .route("/_sim", get(admin_index))
        .route("/_sim/", get(admin_index))
}

/// `GET /`: where things are. A WebSocket upgrade (the data channel) and any other method go
/// on to the Kandy handler, as before this route existed.
async fn root(state: State<AppState>, request: Request) -> Response {
    if request.method() != Method::GET || super::data_channel::is_upgrade(&request) {
        return dispatch::kandy_call(state, request).await;
    }
    Json(json!({
        "service": "kandy-sim",
        "version": env!("CARGO_PKG_VERSION"),
        "kandy_api": "/v1.2/",
        "admin": "/_sim/",
        "data_channel": "a WebSocket upgrade of GET / with ?user_access_token=UAT... \
                         (what get_data_channel answers)",
    }))
    .into_response()
}

/// `GET /_sim/`: the admin routes.
async fn admin_index() -> Response {
    let routes: Vec<_> = ADMIN_ROUTES
        .iter()
        .map(|(method, path, does)| json!({ "method": method, "path": path, "does": does }))
        .collect();
    Json(json!({ "routes": routes })).into_response()
}
