//! The lists the dashboard pages through, searched and paginated on the server: the world
//! (the model's [`world_page`](crate::model::Model::world_page)), the SMS outbox and the
//! request log (the same records `GET /_sim/sms` and `GET /_sim/requests` answer), newest
//! first.

use super::super::AppState;
use super::super::admin::error;
use crate::model::{MAX_WORLD_PAGE, WorldKind, http_status_for};
use axum::Json;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kandy_core::{DeviceId, OutgoingMessage};
use serde::{Deserialize, Serialize};

/// `?kind=&q=&offset=&limit=` (every one optional).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Page {
    #[serde(default)]
    kind: Option<WorldKind>,
    #[serde(default)]
    q: String,
    #[serde(default)]
    offset: usize,
    #[serde(default)]
    limit: Option<usize>,
    /// The request log's operation filter.
    #[serde(default)]
    operation: String,
    /// The request log's status filter: `ok`, `error` or `fault`.
    #[serde(default)]
    status: String,
    /// The request log's device filter: the calls whose query names this `device_id`.
    #[serde(default)]
    device: String,
    /// The request log's user filter: the calls whose `key` that holder's (see
    /// [`RequestLogEntry::user`](crate::admin::RequestLogEntry::user)).
    #[serde(default)]
    user: String,
}

/// Parses the query; the problem, for a 400, otherwise.
fn page(raw: RawQuery) -> Result<Page, String> {
    let raw = raw.0.unwrap_or_default();
    let uri = format!("/?{raw}")
        .parse()
        .map_err(|_| "malformed query".to_owned())?;
    Query::<Page>::try_from_uri(&uri)
        .map(|Query(page)| page)
        .map_err(|e| e.body_text())
}

/// One page of a list, newest first where it has an order in time.
#[derive(Serialize)]
struct Listed<T> {
    total: usize,
    offset: usize,
    rows: Vec<T>,
}

fn listed<T>(rows: impl Iterator<Item = T>, offset: usize, limit: Option<usize>) -> Listed<T> {
    let limit = limit.unwrap_or(50).min(MAX_WORLD_PAGE);
    let mut total = 0;
    let mut page = Vec::new();
    for row in rows {
        if total >= offset && page.len() < limit {
            page.push(row);
        }
        total += 1;
    }
    Listed {
        total,
        offset,
        rows: page,
    }
}

/// `GET /_sim/ui/api/world?kind=users&q=&offset=0&limit=50`.
pub(super) async fn world(State(state): State<AppState>, raw: RawQuery) -> Response {
    let page = match page(raw) {
        Ok(page) => page,
        Err(problem) => return error(StatusCode::BAD_REQUEST, problem),
    };
    let kind = page.kind.unwrap_or(WorldKind::Users);
    let limit = page.limit.unwrap_or(50);
    Json(state.sim.world_page(kind, &page.q, page.offset, limit)).into_response()
}

/// `GET /_sim/ui/api/sms?q=&offset=&limit=`: the outbox, newest first.
pub(super) async fn sms(State(state): State<AppState>, raw: RawQuery) -> Response {
    let page = match page(raw) {
        Ok(page) => page,
        Err(problem) => return error(StatusCode::BAD_REQUEST, problem),
    };
    let needle = page.q.to_lowercase();
    let outbox = state.sim.sms_outbox();
    let rows = outbox.into_iter().rev().filter(|sms| {
        needle.is_empty()
            || [
                Some(&sms.destination),
                Some(&sms.text),
                sms.source.as_ref(),
                sms.sender.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(&needle))
    });
    Json(listed(rows, page.offset, page.limit)).into_response()
}

/// `GET /_sim/ui/api/requests?operation=&status=&device=&user=&q=&offset=&limit=`: the
/// request log, newest first; `status` is `ok` (envelope status 0), `error` (any other) or
/// `fault`; `device` keeps the calls whose query names that `device_id`, `user` those whose
/// `key` that holder's (`user@domain`, a domain, an account's number).
pub(super) async fn requests(State(state): State<AppState>, raw: RawQuery) -> Response {
    let page = match page(raw) {
        Ok(page) => page,
        Err(problem) => return error(StatusCode::BAD_REQUEST, problem),
    };
    let needle = page.q.to_lowercase();
    let entries = state.log.entries_of(&state.sim);
    let rows = entries.into_iter().rev().filter(|entry| {
        let operation = entry.operation.as_deref().unwrap_or_default();
        let status = match page.status.as_str() {
            "ok" => entry.kandy_status == Some(0),
            "error" => entry.kandy_status != Some(0),
            "fault" => entry.fault.is_some(),
            _ => true,
        };
        let device = page.device.is_empty()
            || entry
                .query
                .split('&')
                .any(|pair| pair.strip_prefix("device_id=") == Some(page.device.as_str()));
        let user = page.user.is_empty() || entry.user.as_deref() == Some(page.user.as_str());
        (page.operation.is_empty() || operation == page.operation)
            && status
            && device
            && user
            && (needle.is_empty()
                || entry.path.to_lowercase().contains(&needle)
                || entry.query.to_lowercase().contains(&needle))
    });
    Json(listed(rows, page.offset, page.limit)).into_response()
}

/// `{"from", "to", "text", "device_id"?}`: a text message to send as a user.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SendAs {
    from: String,
    to: String,
    text: String,
    #[serde(default)]
    device_id: Option<String>,
}

/// `POST /_sim/ui/api/send`: sends a text as a user
/// ([`Simulator::send_as`](crate::Simulator::send_as)); the refusal's Kandy message and
/// HTTP status otherwise.
pub(super) async fn send(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Response {
    let wanted: SendAs =
        match super::super::admin::json_body(&headers, body, super::super::MAX_BODY_BYTES).await {
            Ok(wanted) => wanted,
            Err(response) => return response,
        };
    let device = wanted
        .device_id
        .filter(|d| !d.is_empty())
        .map(DeviceId::new);
    let message = OutgoingMessage::text(wanted.to, wanted.text);
    let uuid = message.uuid.clone();
    match state.sim.send_as(&wanted.from, device.as_ref(), message) {
        Ok(()) => Json(serde_json::json!({ "UUID": uuid })).into_response(),
        Err(e) => {
            let http = e
                .http_status()
                .or_else(|| e.api_status().map(|s| http_status_for(s.code())))
                .unwrap_or(400);
            let code = StatusCode::from_u16(http).unwrap_or(StatusCode::BAD_REQUEST);
            let text = e
                .api_error()
                .map_or_else(|| e.to_string(), |api| api.message.clone());
            error(code, text)
        }
    }
}
