//! `GET /_sim/ui/events`: server-sent events telling the page that something changed.
//!
//! Each event is small, `{"version", "requests", "now_ms"}`: the simulator's change counter,
//! how many calls the request log has recorded, and the clock. One is sent on connecting and
//! one whenever either counter moves (checked every [`TICK`] by reading two counters, never
//! the state); the page then refetches only the page it shows. A comment keeps an idle
//! stream alive; the stream ends when the server shuts down.

use super::super::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use std::convert::Infallible;
use std::time::Duration;

/// How often the counters are read.
const TICK: Duration = Duration::from_millis(150);

/// The stream's state: the counters last sent (`None` before the first event).
struct Cursor {
    state: AppState,
    last: Option<(u64, u64)>,
}

pub(super) async fn stream(axum::extract::State(state): State<AppState>) -> Response {
    let cursor = Cursor { state, last: None };
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
                () = tokio::time::sleep(TICK) => {}
                () = cursor.state.shutting_down() => return None,
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
