//! Serving connections with hyper, so a fault can close a connection without any answer.

use super::reply::DropConnection;
use super::{AppState, router_with};
use crate::Simulator;
use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

/// How long a shutdown waits for calls in flight before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A simulator served over HTTP on a local address, until [`Server::shutdown`] or drop.
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
    /// Binds `addr` (port 0 picks a free port) and serves `sim` on it in a background task.
    pub async fn bind(addr: impl ToSocketAddrs, sim: Simulator) -> io::Result<Self> {
        Self::from_listener(TcpListener::bind(addr).await?, sim)
    }

    /// Serves `sim` on a listener already bound, in a background task. Call it within a
    /// Tokio runtime.
    pub fn from_listener(listener: TcpListener, sim: Simulator) -> io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (sender, _) = watch::channel(false);
        let shutdown = Arc::new(sender);
        let mut stop = shutdown.subscribe();
        let signal = async move {
            // An error means the sender is gone, which is a shutdown too.
            let _ = stop.wait_for(|down| *down).await;
        };
        let task = tokio::spawn(run(listener, sim.clone(), shutdown.clone(), signal));
        Ok(Self {
            local_addr,
            sim,
            shutdown,
            task: Some(task),
        })
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

/// Serves `sim` on `listener` until `shutdown` completes, then lets calls in flight finish
/// (hanging calls end, their connections closed) for at most a few seconds.
pub async fn serve<F>(listener: TcpListener, sim: Simulator, shutdown: F) -> io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    let (sender, _) = watch::channel(false);
    run(listener, sim, Arc::new(sender), shutdown).await;
    Ok(())
}

async fn run<F>(
    listener: TcpListener,
    sim: Simulator,
    shutdown: Arc<watch::Sender<bool>>,
    signal: F,
) where
    F: Future<Output = ()>,
{
    let app = router_with(AppState::new(sim, shutdown.clone()));
    let mut connections = JoinSet::new();
    let mut signal = pin!(signal);
    loop {
        tokio::select! {
            () = &mut signal => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), shutdown.subscribe()));
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
/// [`DropConnection`], closed gracefully when the server shuts down.
async fn connection(stream: TcpStream, app: Router, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request: hyper::Request<Incoming>| {
        let app = app.clone();
        async move {
            let response = match app.oneshot(request.map(Body::new)).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<DropConnection>().is_some() {
                Err(Dropped)
            } else {
                Ok(response)
            }
        }
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new());
    let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = shutdown.wait_for(|down| *down) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
