//! A data-channel server for the tests: real sockets on loopback, tungstenite's server
//! handshake, and a plan per connection attempt (accept it, or refuse the upgrade).

use async_trait::async_trait;
use futures_util::{SinkExt, StreamExt};
use kandy_http::data_channel::ChannelEndpoint;
use kandy_http::retry::Sleep;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

pub const WAIT: Duration = Duration::from_secs(5);

/// What the server does with the next upgrade request.
#[derive(Clone, Debug)]
pub enum Plan {
    Accept,
    /// Refuse the upgrade with this HTTP status and body.
    Refuse(u16, String),
}

/// One upgrade request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request target: path and query.
    pub target: String,
    pub host: Option<String>,
    pub user_agent: Option<String>,
}

pub struct Server {
    pub addr: SocketAddr,
    plans: Arc<Mutex<VecDeque<Plan>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    peers: mpsc::UnboundedReceiver<Peer>,
}

/// An accepted socket, the server's end.
pub struct Peer {
    pub ws: WebSocketStream<TcpStream>,
}

impl Server {
    /// Listens on loopback; attempts are accepted unless a plan says otherwise.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let plans: Arc<Mutex<VecDeque<Plan>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (tx, peers) = mpsc::unbounded_channel();
        let (plans2, seen2) = (plans.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let plan = plans2.lock().unwrap().pop_front().unwrap_or(Plan::Accept);
                let seen = seen2.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    // tungstenite's callback type returns its large error response by value.
                    #[allow(clippy::result_large_err)]
                    let callback = move |request: &Request, response: Response| {
                        let header = |name: &str| {
                            request
                                .headers()
                                .get(name)
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_owned)
                        };
                        seen.lock().unwrap().push(Seen {
                            target: request.uri().to_string(),
                            host: header("host"),
                            user_agent: header("user-agent"),
                        });
                        match plan {
                            Plan::Accept => Ok(response),
                            Plan::Refuse(status, body) => Err(refusal(status, body)),
                        }
                    };
                    if let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await {
                        let _ = tx.send(Peer { ws });
                    }
                });
            }
        });
        Server {
            addr,
            plans,
            seen,
            peers,
        }
    }

    pub fn endpoint(&self) -> ChannelEndpoint {
        ChannelEndpoint::new("127.0.0.1", Some(self.addr.port()), false)
    }

    /// What the next attempts get, in order (then: accepted).
    pub fn plan(&self, plans: impl IntoIterator<Item = Plan>) {
        self.plans.lock().unwrap().extend(plans);
    }

    /// The next accepted socket.
    pub async fn peer(&mut self) -> Peer {
        tokio::time::timeout(WAIT, self.peers.recv())
            .await
            .expect("no connection came")
            .unwrap()
    }

    /// Every upgrade request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn refusal(status: u16, body: String) -> ErrorResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .header("content-length", body.len().to_string())
        .body(Some(body))
        .unwrap()
}

impl Peer {
    /// The next text frame the client sent.
    pub async fn frame(&mut self) -> String {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("no frame came")
                .expect("the socket ended")
                .expect("the socket broke");
            match message {
                Message::Text(text) => return text.as_str().to_owned(),
                Message::Close(frame) => panic!("closed by the client: {frame:?}"),
                _ => {}
            }
        }
    }

    pub async fn send(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.unwrap();
    }

    /// Closes with a close frame.
    pub async fn close(mut self, code: u16, reason: &str) {
        let frame = CloseFrame {
            code: CloseCode::from(code),
            reason: Utf8Bytes::from(reason),
        };
        let _ = self.ws.send(Message::Close(Some(frame))).await;
        // Read the client's answer so the close handshake completes.
        let _ = tokio::time::timeout(WAIT, self.ws.next()).await;
    }

    /// Reads until the client closes; its close frame.
    pub async fn closed_by_client(&mut self) -> Option<CloseFrame> {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => return frame,
                Ok(Some(Ok(_))) => {}
                Ok(Some(Err(_)) | None) => return None,
                Err(_) => panic!("the client did not close"),
            }
        }
    }
}

/// A sleeper for the data channel's timers: records every delay; a delay equal to `gated`
/// (the ping interval) waits for [`release`](Self::release), any other returns at once.
#[derive(Clone)]
pub struct TestSleep {
    gated: Duration,
    delays: Arc<Mutex<Vec<Duration>>>,
    gate: Arc<Notify>,
}

impl TestSleep {
    pub fn gating(gated: Duration) -> Self {
        Self {
            gated,
            delays: Arc::default(),
            gate: Arc::new(Notify::new()),
        }
    }

    pub fn delays(&self) -> Vec<Duration> {
        self.delays.lock().unwrap().clone()
    }

    /// The delays other than the gated one, in order.
    pub fn ungated(&self) -> Vec<Duration> {
        self.delays()
            .into_iter()
            .filter(|d| *d != self.gated)
            .collect()
    }

    /// Lets one gated sleep end.
    pub fn release(&self) {
        self.gate.notify_one();
    }
}

#[async_trait]
impl Sleep for TestSleep {
    async fn sleep(&self, delay: Duration) {
        self.delays.lock().unwrap().push(delay);
        if delay == self.gated {
            self.gate.notified().await;
        }
    }
}
