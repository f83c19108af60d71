//! A load generator whose own cost is small next to a server's: keep-alive HTTP/1.1 over raw
//! TCP, each connection writing one prebuilt request and reading the response by its
//! `Content-Length` into a buffer it reuses. Per request it makes two or three system calls
//! and allocates nothing, so a server's allocation count measured under it is the server's.

use crate::drive::{Result, Tally};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// The largest response a connection reads (its buffer, allocated once).
const BUFFER: usize = 64 * 1024;

/// The bytes of a `GET` of `target` (path and query) on `addr`, with the headers an SDK sends.
pub fn get_request(addr: SocketAddr, target: &str) -> Arc<[u8]> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: kandy-bench\r\n\
         Accept: application/json\r\n\r\n"
    )
    .into_bytes()
    .into()
}

/// One keep-alive connection sending the same request again and again.
#[derive(Debug)]
pub struct Conn {
    stream: TcpStream,
    request: Arc<[u8]>,
    buffer: Box<[u8]>,
}

impl Conn {
    /// Connects to `addr` (with `TCP_NODELAY`, as the servers set it).
    pub async fn connect(addr: SocketAddr, request: Arc<[u8]>) -> Result<Self> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Self {
            stream,
            request,
            buffer: vec![0; BUFFER].into_boxed_slice(),
        })
    }

    /// Sends the request and reads the whole response; an error unless it is an HTTP 200
    /// with a `Content-Length`.
    pub async fn call(&mut self) -> Result<()> {
        match self.exchange().await? {
            200 => Ok(()),
            status => Err(format!("the server answered HTTP {status}")),
        }
    }

    /// Sends the request and reads the whole response (which must have a `Content-Length`);
    /// its HTTP status.
    pub async fn exchange(&mut self) -> Result<u16> {
        self.stream
            .write_all(&self.request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut filled = 0;
        let (head, status, length) = loop {
            filled += self.read_more(filled).await?;
            if let Some(end) = find(&self.buffer[..filled], b"\r\n\r\n") {
                let (status, length) = parse_head(&self.buffer[..end])?;
                break (end + 4, status, length);
            }
        };
        let total = head + length;
        if total > self.buffer.len() {
            return Err(format!("a response of {total} bytes is too large"));
        }
        while filled < total {
            filled += self.read_more(filled).await?;
        }
        if filled > total {
            return Err("the server sent more than one response".into());
        }
        Ok(status)
    }

    async fn read_more(&mut self, filled: usize) -> Result<usize> {
        if filled == self.buffer.len() {
            return Err("the response head is too large".into());
        }
        match self.stream.read(&mut self.buffer[filled..]).await {
            Ok(0) => Err("the server closed the connection".into()),
            Ok(n) => Ok(n),
            Err(e) => Err(format!("read: {e}")),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status and the `Content-Length` of a response head.
fn parse_head(head: &[u8]) -> Result<(u16, usize)> {
    let status = head
        .strip_prefix(b"HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
        .ok_or("a response without an HTTP/1.1 status line")?;
    const NAME: &[u8] = b"content-length:";
    let length = head
        .split(|b| *b == b'\n')
        .find_map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let value = line
                .get(..NAME.len())
                .filter(|name| name.eq_ignore_ascii_case(NAME))
                .map(|_| &line[NAME.len()..])?;
            std::str::from_utf8(value).ok()?.trim().parse().ok()
        })
        .ok_or("a response without Content-Length")?;
    Ok((status, length))
}

/// Connections to one server, kept open across windows.
#[derive(Debug)]
pub struct Fleet {
    conns: Vec<Conn>,
}

impl Fleet {
    /// Opens `count` connections to `addr`, each sending `request`.
    pub async fn open(addr: SocketAddr, request: &Arc<[u8]>, count: usize) -> Result<Self> {
        let mut conns = Vec::with_capacity(count);
        for _ in 0..count {
            conns.push(Conn::connect(addr, Arc::clone(request)).await?);
        }
        Ok(Self { conns })
    }

    /// Every connection calls in a loop for `window`, on its own task.
    pub async fn window(&mut self, window: Duration) -> Result<Tally> {
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let mut tasks = JoinSet::new();
        for mut conn in self.conns.drain(..) {
            let stop = Arc::clone(&stop);
            tasks.spawn(async move {
                let mut done = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    conn.call().await?;
                    done += 1;
                }
                Ok::<_, String>((conn, done))
            });
        }
        tokio::time::sleep(window).await;
        stop.store(true, Ordering::Relaxed);
        let mut ops = 0;
        while let Some(joined) = tasks.join_next().await {
            let (conn, done) = joined.map_err(|e| format!("a connection panicked: {e}"))??;
            ops += done;
            self.conns.push(conn);
        }
        Ok(Tally {
            ops,
            elapsed: started.elapsed(),
        })
    }
}

/// A server that answers every request with the same bytes and allocates nothing per
/// request: what the driver alone costs is measured against it. Requests must have no body.
pub async fn start_echo(response: Arc<[u8]>) -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = Arc::clone(&response);
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let mut buffer = vec![0u8; BUFFER];
                let mut filled = 0;
                loop {
                    match stream.read(&mut buffer[filled..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => filled += n,
                    }
                    if find(&buffer[..filled], b"\r\n\r\n").is_some() {
                        filled = 0;
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    } else if filled == buffer.len() {
                        return;
                    }
                }
            });
        }
    });
    Ok(addr)
}

/// The bytes of an HTTP 200 carrying `body` as JSON.
pub fn response_bytes(body: &[u8]) -> Arc<[u8]> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes.into()
}
