//! The simulator over the real Kandy v1.2 wire protocol (feature `server`).
//!
//! [`router`] builds the axum application for a [`Simulator`]: every operation of
//! [`kandy_core::operation`] under `/v1.2/`, the data channel's WebSocket at `/` (what #45
//! points at), the simulator's own `/_sim/*` admin surface (plain JSON), and its dashboard
//! in the browser at `/_sim/ui/` (see docs/SIMULATOR.md, "The dashboard").
//! [`Server`] binds it on a TCP address and serves each connection with hyper (with upgrades,
//! for the WebSocket); it hands only `/_sim…` to the router and answers every other path (the
//! Kandy API, unknown routes, the WebSocket at `/`) with the same Kandy handler straight, with
//! no router, boxed service or panic layer per request (a panic, a bug, still answers HTTP 500
//! with status 1). Serving the connections itself lets the server enact the fault plan on the
//! wire: a
//! [`FaultEffect::Reset`](crate::FaultEffect::Reset) or
//! [`FaultEffect::CommitThenDrop`](crate::FaultEffect::CommitThenDrop) closes the connection
//! without any response, a [`FaultEffect::Hang`](crate::FaultEffect::Hang) never answers (until
//! the server shuts down).
//!
//! The handlers are a thin adapter: one `match` on the operation's
//! [`OperationId`](kandy_core::OperationId) picks the handler, which parses the query and the
//! JSON body, calls the simulator's [`KandyApi`](kandy_core::KandyApi) methods (`get_devices`
//! reads the devices borrowed instead, written straight into the envelope), and shapes the
//! result into the
//! envelope `{"status":0,"message":"success","result":...}`. Every rule of behaviour lives in
//! the [model](crate::model).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use kandy_sim::{Simulator, server::Server};
//!
//! let sim = Simulator::new();
//! let account = sim.create_account(); // AAK…/AAS… for get_account_access_token
//! let server = Server::bind("127.0.0.1:0", sim).await?;
//! println!("serving on {}", server.base_url()); // http://127.0.0.1:PORT/v1.2/
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Choices where the specification is silent:
//! - `GET /` without a WebSocket upgrade answers a short JSON pointing at `/v1.2/`, `/_sim/`
//!   and the data channel; `GET /_sim/` lists the admin routes.
//! - An unknown route answers HTTP 404 with status 18, and names the closest known route ("did you mean GET /v1.2/users/devices?") when one is close.
//! - Malformed requests (an invalid percent-escape, a query that is not UTF-8, a parameter
//!   given twice, malformed JSON, a JSON value of the wrong type) answer HTTP 400 with status
//!   17; on the message sends (#62, #77) a wrongly typed `message` is status 710. A body over
//!   1 MiB answers HTTP 413 with status 17 (a content upload's limit is its own). A `+` in
//!   the query is a space (form encoding).
//! - The request log keeps the last [`REQUEST_LOG_CAPACITY`] Kandy calls; `POST /_sim/reset`
//!   empties it too. Requests the guard below refuses never reach it.
//!
//! # The guard, before any route
//!
//! Every request passes these rules first; a refused one changes nothing. On the Kandy routes
//! (and unknown ones) a refusal is a Kandy envelope, on `/_sim/*` it is `{"error": message}`.
//! - **Host** (every route): the `Host` header's name (any port) must be `localhost`, an IP
//!   literal, or a name given to [`ServerBuilder::allow_host`]; otherwise HTTP 421 with
//!   status 11, so a DNS-rebinding page (whose requests name its own host) is refused. An IP
//!   literal is always safe: a browser sends one only when the page's own address is that IP,
//!   which DNS cannot rebind. A missing or malformed `Host` is HTTP 400 with status 17.
//! - **CORS** is for the Kandy routes under `/v1.2/` only, with static values: every answer
//!   carries `Access-Control-Allow-Origin: *` (no `Vary`: it does not depend on the origin),
//!   and an `OPTIONS` preflight answers 200 with the methods and headers the API uses. The
//!   Kandy routes read a JSON body whatever its declared type (`text/plain` included).
//! - **Origin** (`/_sim/*`): when present it must be `http://` followed by the request's own
//!   `Host`, else HTTP 403. No CORS header is ever sent there, so a page of another origin
//!   can neither read an answer nor pass a preflight.
//! - **Admin token** (`/_sim/*`, when [`ServerBuilder::admin_token`] set one):
//!   `Authorization: Bearer TOKEN` or the dashboard's cookie `kandy_sim_admin=TOKEN`,
//!   compared in constant time, else HTTP 401 with `WWW-Authenticate: Bearer`. The
//!   dashboard's static page, script and style (`GET /_sim/ui/`, `app.js`, `style.css`) need
//!   none: they hold no state.
//! - **Content type** (`/_sim/*`): a body must be declared `application/json` (parameters
//!   allowed); any other declared type, or a body without one, is HTTP 415. A request with
//!   neither (`curl -X POST .../_sim/reset`) passes. A web page can send a no-preflight request
//!   only as `text/plain`, a form type or a typeless body, all refused.
//! - **Bodies** ([`ServerLimits`]): larger than `max_body_bytes` (64 MiB for
//!   `PUT /_sim/snapshot`, `max_upload_bytes` for a content upload) is HTTP 413 with status 17; a body that stops arriving for
//!   `body_timeout`, or is not whole `request_timeout` after its head, is HTTP 408 with status
//!   17. The connection is then closed.
//! - **Connections**: a head must arrive within `header_timeout` (and an idle keep-alive
//!   connection is closed after it); at most `max_connections` are served at once, and further
//!   ones wait in the listening socket's backlog until one closes. The time a handler takes
//!   is not bounded: fault plans' `delay` and `hang` must be able to last.

mod admin;
mod body;
mod call;
mod connection;
mod content;
mod cors;
mod dashboard;
mod data_channel;
mod dispatch;
mod ending;
mod guard;
mod head_timeout;
mod index;
mod operations;
mod options;
mod query;
mod reply;
pub(crate) mod request_log;
mod routes;

pub use connection::{Server, ServerBuilder, serve};
pub use options::ServerLimits;
pub use request_log::{REQUEST_LOG_CAPACITY, RequestLogEntry};

use crate::Simulator;
use axum::Router;
use options::ServerOptions;
use request_log::RequestLog;
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;

/// The largest request body the Kandy API accepts by default: 1 MiB (HTTP 413 beyond); see
/// [`ServerLimits::max_body_bytes`].
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The largest body of a content upload (#84) by default: 32 MiB (HTTP 413 beyond); see
/// [`ServerLimits::max_upload_bytes`].
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

/// The largest body `PUT /_sim/snapshot` accepts: 64 MiB.
pub const MAX_SNAPSHOT_BYTES: usize = 64 * 1024 * 1024;

/// What every handler shares.
#[derive(Clone, Debug)]
pub(crate) struct AppState {
    /// The simulator, for the admin surface and the fault plan.
    sim: Simulator,
    /// The same state, without in-process faults: the server enacts them on the wire.
    api: Simulator,
    /// The last Kandy calls, redacted (the simulator's: shared by every server serving it).
    log: RequestLog,
    /// Becomes `true` when the server shuts down (ends hanging calls).
    shutdown: watch::Receiver<bool>,
    /// Keeps the shutdown channel open for a router served without [`Server`].
    _shutdown_sender: Arc<watch::Sender<bool>>,
    /// How long a data-channel socket may stay silent.
    socket_idle_timeout: std::time::Duration,
}

impl AppState {
    fn new(sim: Simulator, shutdown: Arc<watch::Sender<bool>>, limits: &ServerLimits) -> Self {
        Self {
            socket_idle_timeout: limits.socket_idle_timeout,
            api: sim.without_faults(),
            log: sim.requests().clone(),
            sim,

            shutdown: shutdown.subscribe(),
            _shutdown_sender: shutdown,
        }
    }

    /// Waits until the server shuts down.
    async fn shutting_down(&self) {
        let mut shutdown = self.shutdown.clone();
        // An error means the sender is gone: the server is gone too.
        let _ = shutdown.wait_for(|down| *down).await;
    }
}

/// The axum application serving `sim` with the default rules of [`Server`]: the Kandy API
/// under `/v1.2/` (CORS for any origin), the admin surface under `/_sim/` (its own origin
/// only, no admin token), the `Host` check, the default body limits and timeouts.
///
/// Served by any axum server, connection-level faults (`reset`, `commit_then_drop`) answer
/// HTTP 502 with status 1 instead of closing the connection, a `hang` lasts until the client
/// gives up, and the header timeout and connection limit are the serving server's; serve it
/// with [`Server`] or [`serve`] to have all of them.
pub fn router(sim: Simulator) -> Router {
    let (sender, _) = watch::channel(false);
    let options = Arc::new(ServerOptions::default());
    let state = AppState::new(sim, Arc::new(sender), &options.limits);
    router_with(state).layer(axum::middleware::from_fn_with_state(
        options,
        guard::middleware,
    ))
}

/// The routes, without the guard (the server applies it around them).
fn router_with(state: AppState) -> Router {
    admin::routes()
        .merge(dashboard::routes())
        .merge(index::routes())
        .fallback(dispatch::kandy_call)
        .method_not_allowed_fallback(admin::method_not_allowed)
        .layer(CatchPanicLayer::custom(internal_error))
        .with_state(state)
}

/// The envelope of a call that panicked (a bug): HTTP 500, status 1. The panic's text is
/// not sent, in case it holds a credential.
fn internal_error(_panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    reply::Refusal::with_http(500, kandy_core::status::INTERNAL, "internal error").into_response()
}
