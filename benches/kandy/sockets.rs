//! Item 8 (issue 13): the memory the server holds per idle data-channel socket, at 10 thousand
//! open sockets, against the memory per idle keep-alive HTTP connection measured the same way.
//!
//! Each side runs a fresh server in a child process (this bench binary, started with
//! [`SERVE_ARG`]) with its connection limit raised above the count, so its resident size
//! (`/proc/PID/status`) holds nothing of the clients: it creates the users, prints their
//! tokens and its address, and serves until its stdin closes. The bench reads the child's
//! resident size before and after opening the connections (each socket through the SDK's
//! `DataChannelClient`, pinging as kandy.js does; each HTTP connection after one
//! `get_devices`), and checks the server's own count of open sockets.

use crate::drive::Result;
use crate::fixture::Domain;
use crate::progress;
use crate::report::Figure;
use futures_util::StreamExt;
use kandy::ExposeSecret;
use kandy::UserAccessToken;
use kandy::http::data_channel::{ChannelEndpoint, DataChannelClient};
use kandy::notifications::{ConnectionState, DataChannel, Notification, NotificationStream};
use kandy::sim::Simulator;
use kandy::sim::server::{Server, ServerLimits};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The argument that makes the bench binary a server for this item: `--serve-idle=USERS`.
pub const SERVE_ARG: &str = "--serve-idle=";

/// How many connections are opened at once.
const OPENING: usize = 256;

/// The child: a server with `users` users, their tokens on stdout, then `ready ADDR`.
pub fn serve(users: usize) -> Result<()> {
    let rt = crate::runtime("idle-server")?;
    rt.block_on(async {
        let sim = Simulator::new();
        let domain = Domain::new(&sim, "idle.kandy.io").await?;
        let mut out = std::io::stdout().lock();
        for i in 0..users {
            let person = domain.person(&format!("idle{i}")).await?;
            writeln!(out, "{}", person.token.expose_secret()).map_err(|e| e.to_string())?;
        }
        let mut limits = ServerLimits::default();
        limits.max_connections = users + 256;
        let server = Server::builder()
            .limits(limits)
            .bind("127.0.0.1:0", sim)
            .await
            .map_err(|e| format!("bind: {e}"))?;
        writeln!(out, "ready {}", server.local_addr()).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        drop(out);
        // Serve until the bench closes our stdin.
        let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await;
        server.shutdown().await;
        Ok(())
    })
}

/// A child server, its users' tokens and its address.
struct IdleServer {
    child: Child,
    stdin: Option<ChildStdin>,
    tokens: Vec<UserAccessToken>,
    addr: SocketAddr,
}

impl IdleServer {
    fn start(users: usize) -> Result<Self> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .arg(format!("{SERVE_ARG}{users}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the idle server: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut tokens = Vec::with_capacity(users);
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| e.to_string())?;
            if let Some(addr) = line.strip_prefix("ready ") {
                let addr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
                return Ok(Self {
                    child,
                    stdin,
                    tokens,
                    addr,
                });
            }
            tokens.push(UserAccessToken::new(line));
        }
        Err("the idle server ended before it was ready".to_owned())
    }

    fn rss(&self) -> Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .map_err(|e| e.to_string())?;
        let line = status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .ok_or("no VmRSS")?;
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|kb| kb.parse().ok())
            .ok_or("bad VmRSS")?;
        Ok(kb * 1024)
    }

    fn stop(mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// Opens a socket for each token; every stream reports `Connected`.
async fn open_sockets(
    addr: SocketAddr,
    tokens: &[UserAccessToken],
) -> Result<Vec<NotificationStream>> {
    let endpoint = ChannelEndpoint::new(addr.ip().to_string(), Some(addr.port()), false);
    let channel = DataChannelClient::builder(endpoint)
        .build()
        .map_err(|e| e.to_string())?;
    let channel = &channel;
    futures_util::stream::iter(tokens.iter().cloned())
        .map(|token| async move {
            let mut stream = channel
                .connect(token)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            match stream.next().await {
                Some(Notification::Connection(ConnectionState::Connected)) => Ok(stream),
                other => Err(format!("the socket did not open: {other:?}")),
            }
        })
        .buffer_unordered(OPENING)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

/// Opens an HTTP connection for each token and makes one `get_devices` call on it, leaving
/// it open (keep-alive).
async fn open_http(addr: SocketAddr, tokens: &[UserAccessToken]) -> Result<Vec<TcpStream>> {
    futures_util::stream::iter(tokens.iter().cloned())
        .map(|token| async move {
            let mut tcp = TcpStream::connect(addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            let request = format!(
                "GET /v1.2/users/devices?key={} HTTP/1.1\r\nHost: {addr}\r\n\r\n",
                token.expose_secret()
            );
            tcp.write_all(request.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            let mut got = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = tcp.read(&mut chunk).await.map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("the server closed an HTTP connection".to_owned());
                }
                got.extend_from_slice(&chunk[..n]);
                if complete(&got) {
                    break;
                }
            }
            if !got.starts_with(b"HTTP/1.1 200") {
                return Err(format!("get_devices: {}", String::from_utf8_lossy(&got)));
            }
            Ok(tcp)
        })
        .buffer_unordered(OPENING)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

/// Whether `got` holds a whole response (its head and `content-length` bytes of body).
fn complete(got: &[u8]) -> bool {
    let Some(head) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let text = String::from_utf8_lossy(&got[..head]).to_ascii_lowercase();
    let length = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    got.len() >= head + 4 + length
}

/// How many sockets the child's server says are open (`GET /_sim/data_channels`).
async fn open_count(addr: SocketAddr) -> Result<u64> {
    let body = reqwest::get(format!("http://{addr}/_sim/data_channels"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    json["open"].as_u64().ok_or(format!("no count: {body}"))
}

/// The resident bytes one kind of idle connection adds to a fresh server, per connection.
async fn per_connection(count: usize, sockets: bool) -> Result<f64> {
    let child = IdleServer::start(count)?;
    let outcome = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = child.rss()?;
        let held = if sockets {
            let streams = open_sockets(child.addr, &child.tokens).await?;
            let open = open_count(child.addr).await?;
            if open != count as u64 {
                return Err(format!("{open} sockets open, not {count}"));
            }
            (streams, Vec::new())
        } else {
            (Vec::new(), open_http(child.addr, &child.tokens).await?)
        };
        // Let the pings on open, and the server's buffers, settle.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = child.rss()?;
        drop(held);
        Ok(after.saturating_sub(before) as f64 / count as f64)
    }
    .await;
    child.stop();
    outcome
}

/// The memory per idle socket at `count` sockets, against an idle HTTP connection.
pub async fn measure(count: usize) -> Result<Vec<Figure>> {
    let http = per_connection(count, false).await?;
    let socket = per_connection(count, true).await?;
    let label = format!("an idle keep-alive HTTP connection, at {count}");
    let figure = Figure::at_most(
        format!("sockets/memory_per_idle_socket/{count}"),
        "bytes",
        socket,
        Some((http, label.as_str())),
        None,
    );
    progress(&figure);
    Ok(vec![figure])
}
