//! Serving connections with hyper, so a fault can close a connection without any answer, the
//! guard runs before the routes, and connections and slow clients are bounded.

use super::ending::{End, Ending};
use super::guard::guarded;
use super::head_timeout::HeadClock;
use super::options::{AdminToken, ServerLimits, ServerOptions};
use super::reply::DropConnection;
use super::{AppState, dispatch, internal_error, router_with};
use crate::Simulator;
use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use futures_util::FutureExt as _;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

/// How long a shutdown waits for calls in flight before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A simulator served over HTTP on a local address, until [`Server::shutdown`] or drop.
///
/// [`Server::bind`] uses the default rules, safe for tests on loopback: the `Host` and
/// `Origin` checks are on, no admin token is required, [`ServerLimits::default`] applies.
/// [`Server::builder`] chooses other host names, an admin token and other limits.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let server = kandy_sim::server::Server::bind("127.0.0.1:0", kandy_sim::Simulator::new()).await?;
/// assert!(server.base_url().ends_with("/v1.2/"));
/// server.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Server {
    local_addr: SocketAddr,
    sim: Simulator,
    shutdown: Arc<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// A builder for a server with other host names, an admin token or other limits.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// Binds `addr` (port 0 picks a free port) and serves `sim` on it in a background task,
    /// with the default rules.
    ///
    /// # Errors
    /// The error of binding the address.
    pub async fn bind(addr: impl ToSocketAddrs, sim: Simulator) -> io::Result<Self> {
        Self::builder().bind(addr, sim).await
    }

    /// Serves `sim` on a listener already bound, in a background task, with the default
    /// rules. Call it within a Tokio runtime.
    ///
    /// # Errors
    /// The error of reading the listener's address.
    pub fn from_listener(listener: TcpListener, sim: Simulator) -> io::Result<Self> {
        Self::builder().from_listener(listener, sim)
    }

    /// The address served, with the port chosen.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL of the Kandy API: `http://ADDR/v1.2/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1.2/", self.local_addr)
    }

    /// The URL of the server's root (for the `/_sim/` admin surface): `http://ADDR`.
    pub fn root_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The simulator served (clones share its state).
    pub fn simulator(&self) -> &Simulator {
        &self.sim
    }

    /// Stops accepting connections, lets calls in flight finish (ending hanging ones), and
    /// waits for the server to stop.
    pub async fn shutdown(mut self) {
        self.shutdown.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

/// Builds a [`Server`]: the host names it answers to, its admin token, its limits.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use kandy_sim::server::{Server, ServerLimits};
/// use std::time::Duration;
///
/// let mut limits = ServerLimits::default();
/// limits.body_timeout = Duration::from_secs(5);
/// let server = Server::builder()
///     .allow_host("kandy.test")
///     .admin_token("a-long-random-token")
///     .limits(limits)
///     .bind("127.0.0.1:0", kandy_sim::Simulator::new())
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct ServerBuilder {
    options: ServerOptions,
    token: Option<String>,
}

impl ServerBuilder {
    /// Answers requests whose `Host` is `name` (any port), besides `localhost` and IP
    /// addresses; may be given several times. Give the name alone (`kandy.test`).
    pub fn allow_host(mut self, name: impl Into<String>) -> Self {
        self.options
            .allowed_hosts
            .push(name.into().to_ascii_lowercase());
        self
    }

    /// Requires `Authorization: Bearer TOKEN` on every `/_sim/*` route (1 to 256 visible
    /// ASCII characters; checked when the server starts).
    pub fn admin_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Replaces the limits (default [`ServerLimits::default`]).
    pub fn limits(mut self, limits: ServerLimits) -> Self {
        self.options.limits = limits;
        self
    }

    /// Binds `addr` (port 0 picks a free port) and serves `sim` on it in a background task.
    ///
    /// # Errors
    /// `InvalidInput` naming the first invalid option, or the error of binding the address.
    pub async fn bind(self, addr: impl ToSocketAddrs, sim: Simulator) -> io::Result<Server> {
        let options = self.options()?;
        let listener = TcpListener::bind(addr).await?;
        start(listener, sim, options)
    }

    /// Serves `sim` on a listener already bound, in a background task. Call it within a
    /// Tokio runtime.
    ///
    /// # Errors
    /// `InvalidInput` naming the first invalid option, or the error of reading the
    /// listener's address.
    pub fn from_listener(self, listener: TcpListener, sim: Simulator) -> io::Result<Server> {
        start(listener, sim, self.options()?)
    }

    /// Serves `sim` on `listener` until `shutdown` completes, then lets calls in flight
    /// finish (hanging calls end, their connections closed) for at most a few seconds.
    ///
    /// # Errors
    /// `InvalidInput` naming the first invalid option.
    pub async fn serve<F>(
        self,
        listener: TcpListener,
        sim: Simulator,
        shutdown: F,
    ) -> io::Result<()>
    where
        F: Future<Output = ()> + Send,
    {
        let options = self.options()?;
        let (sender, _) = watch::channel(false);
        run(listener, sim, Arc::new(sender), Arc::new(options), shutdown).await;
        Ok(())
    }

    /// The options, checked.
    fn options(self) -> io::Result<ServerOptions> {
        let mut options = self.options;
        if let Some(token) = self.token {
            let token = AdminToken::new(token)
                .map_err(|problem| io::Error::new(io::ErrorKind::InvalidInput, problem))?;
            options.admin_token = Some(token);
        }
        options.validate()?;
        Ok(options)
    }
}

fn start(listener: TcpListener, sim: Simulator, options: ServerOptions) -> io::Result<Server> {
    let local_addr = listener.local_addr()?;
    let (sender, _) = watch::channel(false);
    let shutdown = Arc::new(sender);
    let mut stop = shutdown.subscribe();
    let signal = async move {
        // An error means the sender is gone, which is a shutdown too.
        let _ = stop.wait_for(|down| *down).await;
    };
    let task = tokio::spawn(run(
        listener,
        sim.clone(),
        shutdown.clone(),
        Arc::new(options),
        signal,
    ));
    Ok(Server {
        local_addr,
        sim,
        shutdown,
        task: Some(task),
    })
}

/// Serves `sim` on `listener` with the default rules until `shutdown` completes, then lets
/// calls in flight finish (hanging calls end, their connections closed) for at most a few
/// seconds. [`ServerBuilder::serve`] does the same with other rules.
///
/// # Errors
/// None today; the `Result` leaves room for serving errors.
pub async fn serve<F>(listener: TcpListener, sim: Simulator, shutdown: F) -> io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    ServerBuilder::default()
        .serve(listener, sim, shutdown)
        .await
}

/// Accepts connections while fewer than `max_connections` are open; beyond, new ones wait in
/// the listening socket's backlog until one closes.
async fn run<F>(
    listener: TcpListener,
    sim: Simulator,
    shutdown: Arc<watch::Sender<bool>>,
    options: Arc<ServerOptions>,
    signal: F,
) where
    F: Future<Output = ()>,
{
    let state = AppState::new(sim, shutdown.clone(), &options.limits);
    let max = options.limits.max_connections;
    let shared = Arc::new(Shared {
        app: router_with(state.clone()),
        state,
        options,
    });
    let mut connections = JoinSet::new();
    let mut signal = pin!(signal);
    loop {
        tokio::select! {
            () = &mut signal => break,
            accepted = listener.accept(), if connections.len() < max => match accepted {
                Ok((stream, _)) => {
                    let serving = connection(stream, shared.clone(), shutdown.subscribe());
                    connections.spawn(serving);
                }
                // Out of file descriptors or an aborted handshake: keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    shutdown.send_replace(true);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drain).await;
    connections.shutdown().await;
}

/// What every connection of one server shares (one reference count per request).
struct Shared {
    /// The admin surface under `/_sim`, with its own panic layer.
    app: Router,
    /// The Kandy API's state, served without the router.
    state: AppState,
    options: Arc<ServerOptions>,
}

impl Shared {
    /// Answers an admitted request: `/_sim…` and the listing at `GET /` through the admin
    /// router; everything else (the
    /// Kandy API, unknown routes, the data channel's upgrade at `/`) straight through the
    /// Kandy dispatch, without the router's fallback and its boxed services. A panic there
    /// (a bug) answers the 500 envelope, as the router's panic layer does for `/_sim`.
    async fn answer(&self, request: Request) -> Response {
        let path = request.uri().path();
        let listing = path == "/"
            && request.method() == axum::http::Method::GET
            && !super::data_channel::is_upgrade(&request);
        if path.starts_with("/_sim") || listing {
            return match self.app.clone().oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
        }
        // Catching costs nothing until something panics (no allocation, no layer).
        match AssertUnwindSafe(dispatch::serve(&self.state, request))
            .catch_unwind()
            .await
        {
            Ok(response) => response,
            Err(panic) => internal_error(panic),
        }
    }
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the fault plan dropped the connection")
    }
}

impl std::error::Error for Dropped {}

/// One connection: HTTP/1.1 with keep-alive, closed at once when a response is marked
/// [`DropConnection`], closed gracefully when the server shuts down, and closed when a head
/// takes longer than the header timeout to arrive (see [`HeadClock`]); both watched apart
/// (see [`Ending`]), so a request's wake-ups poll only the connection.
async fn connection(stream: TcpStream, shared: Arc<Shared>, shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let header_timeout = shared.options.limits.header_timeout;
    let clock = HeadClock::start();
    let service = {
        let clock = clock.clone();
        service_fn(move |request: hyper::Request<Incoming>| {
            let shared = shared.clone();
            let clock = clock.clone();
            clock.busy();
            async move {
                let response =
                    guarded(&shared.options, request, |request| shared.answer(request)).await;
                if response.extensions().get::<DropConnection>().is_some() {
                    Err(Dropped)
                } else {
                    Ok(response.map(|body| clock.track(body)))
                }
            }
        })
    };
    // No hyper timer: its header timeout arms a new one for every request (see HeadClock).
    let mut conn = pin!(
        http1::Builder::new()
            .header_read_timeout(None)
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades()
    );
    let ending = Ending::watch(clock, header_timeout, shutdown);
    let end = poll_fn(|cx| match conn.as_mut().poll(cx) {
        Poll::Ready(_) => Poll::Ready(None),
        Poll::Pending => ending.poll_end(cx).map(Some),
    })
    .await;
    if end != Some(End::Shutdown) {
        return;
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
