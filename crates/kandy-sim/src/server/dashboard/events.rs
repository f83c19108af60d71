//! `GET /_sim/ui/events`: server-sent events telling the page that something changed.
//!
//! Each event is small, `{"version", "requests", "now_ms"}`: the simulator's change counter,
//! how many calls the request log has recorded, and the clock. One is sent on connecting and
//! one whenever the simulator's version moves (the stream is woken by its
//! [`changes`](crate::Simulator::changes), never by reading the state) or the request log has
//! grown (its count is read every [`LOG_TICK`]: a call a fault plan answers changes no state).
//! The page then refetches only the page it shows. A comment keeps an idle stream alive; the
//! stream ends when the server shuts down.

use super::super::AppState;
use crate::ChangeStream;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream;
use std::convert::Infallible;
use std::time::Duration;

/// How often the request log's count is read.
const LOG_TICK: Duration = Duration::from_millis(500);

/// The stream's state: the counters last sent (`None` before the first event).
struct Cursor {
    state: AppState,
    changes: ChangeStream,
    last: Option<(u64, u64)>,
}

pub(super) async fn stream(State(state): State<AppState>) -> Response {
    let changes = state.sim.changes();
    let cursor = Cursor {
        state,
        changes,
        last: None,
    };
    let events = stream::unfold(cursor, |mut cursor| async move {
        loop {
            let now = (cursor.state.sim.version(), cursor.state.log.recorded());
            if cursor.last != Some(now) {
                cursor.last = Some(now);
                let data = serde_json::json!({
                    "version": now.0,
                    "requests": now.1,
                    "now_ms": cursor.state.sim.now_ms(),
                });
                let event = Event::default().event("change").data(data.to_string());
                return Some((Ok::<_, Infallible>(event), cursor));
            }
            tokio::select! {
                _ = cursor.changes.next() => {}
                () = tokio::time::sleep(LOG_TICK) => {}
                () = cursor.state.shutting_down() => return None,
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
