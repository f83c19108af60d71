//! Item 2, server cost: the simulator server against a minimal axum handler answering a fixed
//! envelope of the same size, both driven by the same hand-written reqwest client.

use crate::drive::{self, Plan, Result, Tally};
use crate::fixture::{Domain, Person};
use crate::raw::Raw;
use crate::report::Figure;
use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The goal: the simulator server's requests per second at least this share of the baseline's.
const GOAL: f64 = 0.7;

/// What the baseline answers: the simulator's own answers to the same requests, captured.
#[derive(Clone, Debug)]
pub struct Answers {
    /// `GET users/devices`.
    pub devices: Bytes,
    /// `GET devices/messages` in the cycle's steady state (a message and a remote ack).
    pub poll: Bytes,
    /// `POST` and `DELETE devices/messages`: `{"status":0,"message":"success"}`.
    pub success: Bytes,
}

fn json(body: Bytes) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// The minimal axum application: each route answers its fixed envelope.
fn baseline_app(answers: Answers) -> Router {
    let Answers {
        devices,
        poll,
        success,
    } = answers;
    let sent = success.clone();
    Router::new()
        .route(
            "/v1.2/users/devices",
            get(move || {
                let body = devices.clone();
                async move { json(body) }
            }),
        )
        .route(
            "/v1.2/devices/messages",
            get(move || {
                let body = poll.clone();
                async move { json(body) }
            })
            .post(move |_request: Bytes| {
                let body = sent.clone();
                async move { json(body) }
            })
            .delete(move || {
                let body = success.clone();
                async move { json(body) }
            }),
        )
}

/// Binds the baseline on a free loopback port and serves it (in the caller's runtime) until
/// the runtime stops. Connections get `TCP_NODELAY`, as the simulator server's do.
pub async fn start_baseline(answers: Answers) -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, baseline_app(answers)).await;
    });
    Ok(addr)
}

/// The pairs of users of the send/poll/ack cycle, one pair per worker.
pub async fn pairs(domain: &Domain, prefix: &str, count: usize) -> Result<Arc<Vec<[Person; 2]>>> {
    let mut pairs = Vec::with_capacity(count);
    for w in 0..count {
        pairs.push([
            domain.person(&format!("{prefix}{w}a")).await?,
            domain.person(&format!("{prefix}{w}b")).await?,
        ]);
    }
    Ok(Arc::new(pairs))
}

/// Captures the simulator's answers: devices, and a steady-state poll of the cycle.
pub async fn capture(raw: &Raw, pair: &[Person; 2]) -> Result<Answers> {
    let [a, b] = pair;
    let devices = raw.get_devices(a).await?;
    raw.cycle(a, b).await?;
    raw.cycle(b, a).await?;
    let success = raw.send_message(a, b).await?;
    let poll = raw.get_pending_messages(b).await?;
    let uuids = crate::raw::uuids_in(&poll)?;
    if uuids.len() != 2 {
        return Err(format!(
            "the steady-state poll holds {} messages, not 2",
            uuids.len()
        ));
    }
    raw.delete_handled_messages(b, &uuids).await?;
    Ok(Answers {
        devices,
        poll,
        success,
    })
}

#[derive(Clone, Copy, Debug)]
enum Op {
    GetDevices,
    Cycle,
}

async fn side(
    raw: &Raw,
    pairs: &Arc<Vec<[Person; 2]>>,
    op: Op,
    workers: usize,
    window: Duration,
) -> Result<Tally> {
    let (raw, pairs) = (raw.clone(), Arc::clone(pairs));
    drive::run(workers, window, move |w, i| {
        let (raw, pairs) = (raw.clone(), Arc::clone(&pairs));
        async move {
            let [a, b] = &pairs[w];
            match op {
                Op::GetDevices => raw.get_devices(a).await.map(|_| 1),
                // Alternate the direction, so each poll also collects the remote ack of the
                // reader's own previous send.
                Op::Cycle if i % 2 == 0 => raw.cycle(a, b).await,
                Op::Cycle => raw.cycle(b, a).await,
            }
        }
    })
    .await
}

/// Measures `get_devices` and the cycle on both servers at each concurrency.
pub async fn measure(
    plan: Plan,
    http: &reqwest::Client,
    sim_base: &str,
    baseline_base: &str,
    pairs: &Arc<Vec<[Person; 2]>>,
    concurrencies: &[usize],
) -> Result<Vec<Figure>> {
    let sim = Raw {
        http: http.clone(),
        base: sim_base.to_owned(),
    };
    let baseline = Raw {
        http: http.clone(),
        base: baseline_base.to_owned(),
    };
    let mut figures = Vec::new();
    for &workers in concurrencies {
        for (op, name, unit) in [
            (Op::GetDevices, "get_devices", "req/s"),
            (Op::Cycle, "send_poll_ack", "msg/s"),
        ] {
            let pair = drive::compare(
                plan,
                |window| side(&sim, pairs, op, workers, window),
                |window| side(&baseline, pairs, op, workers, window),
            )
            .await?;
            let figure = Figure::versus(
                format!("server/{name}/c{workers}"),
                unit,
                pair,
                "minimal axum",
                Some(GOAL),
            );
            crate::progress(&figure);
            figures.push(figure);
        }
    }
    Ok(figures)
}
