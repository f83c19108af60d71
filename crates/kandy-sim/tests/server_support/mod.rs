//! Helpers of the server tests: a raw HTTP/1.1 client over a TCP socket (so a test controls
//! every byte sent and sees a connection closed without a response), and a fixture that
//! builds an account, a domain and users through the wire.

#![allow(dead_code)]

pub mod binary;

use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response as received.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts a success envelope and returns its `result` (or `null`).
    pub fn result(&self) -> Value {
        let json = self.json();
        assert_eq!(self.status, 200, "{json}");
        assert_eq!(json["status"], 0, "{json}");
        json.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Asserts an error envelope with this HTTP status and Kandy status; returns its message.
    pub fn refused(&self, http: u16, status: i64) -> String {
        let json = self.json();
        assert_eq!(
            (self.status, json["status"].as_i64()),
            (http, Some(status)),
            "{json}"
        );
        assert!(json.get("result").is_none(), "{json}");
        json["message"].as_str().expect("a message").to_owned()
    }
}

/// Sends raw bytes; `Err(())` when the connection closed without any response.
pub async fn exchange(addr: SocketAddr, raw: &[u8], wait: Duration) -> Result<Reply, ()> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // The server may close early (a fault); what matters is what comes back.
    let _ = stream.write_all(raw).await;
    let mut received = Vec::new();
    let read = tokio::time::timeout(wait, stream.read_to_end(&mut received))
        .await
        .expect("the server answered in time");
    if received.is_empty() {
        return Err(());
    }
    if let Err(e) = read {
        panic!("connection failed after {} bytes: {e}", received.len());
    }
    Ok(parse(&received))
}

/// Whether the server answers within `wait`: `None` when it did not.
pub async fn answers_within(
    addr: SocketAddr,
    raw: &[u8],
    wait: Duration,
) -> Option<Result<Reply, ()>> {
    tokio::time::timeout(wait, exchange(addr, raw, Duration::from_secs(3600)))
        .await
        .ok()
}

/// A request's bytes, with `Connection: close` and the loopback address as `Host` (an IP
/// literal, which the server always accepts, whatever the port).
pub fn request_bytes(method: &str, target: &str, body: Option<&str>) -> Vec<u8> {
    let mut head =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.unwrap_or("").as_bytes());
    bytes
}

/// A request's bytes with exactly these headers (`Host` included, if wanted), then
/// `Connection: close`, and the body's `Content-Length` when there is a body.
pub fn raw_request(
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Vec<u8> {
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n");
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.unwrap_or("").as_bytes());
    bytes
}

/// Sends [`raw_request`]; panics when no response comes.
pub async fn send_raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    exchange(
        addr,
        &raw_request(method, target, headers, body),
        Duration::from_secs(20),
    )
    .await
    .unwrap_or_else(|()| panic!("no response to {method} {target}"))
}

/// Sends a request; panics when no response comes.
pub async fn send(addr: SocketAddr, method: &str, target: &str, body: Option<&str>) -> Reply {
    exchange(
        addr,
        &request_bytes(method, target, body),
        Duration::from_secs(20),
    )
    .await
    .unwrap_or_else(|()| panic!("no response to {method} {target}"))
}

pub async fn get(addr: SocketAddr, target: &str) -> Reply {
    send(addr, "GET", target, None).await
}

/// Percent-encodes every byte but the unreserved ones.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
}

/// A served simulator with an account, a domain and its tokens, made through the wire.
pub struct World {
    pub server: Server,
    pub addr: SocketAddr,
    pub account_key: String,
    pub account_secret: String,
    pub aat: String,
    pub dak: String,
    pub das: String,
    pub dat: String,
    pub domain: String,
}

/// A user with a token and its default device.
pub struct Person {
    pub user_id: String,
    pub full_user_id: String,
    pub password: String,
    pub uat: String,
    pub device_id: String,
}

pub async fn serve() -> Server {
    Server::bind("127.0.0.1:0", Simulator::new())
        .await
        .expect("bind")
}

pub async fn world() -> World {
    world_on(serve().await).await
}

/// [`world`] on a server of the caller's (without an admin token).
pub async fn world_on(server: Server) -> World {
    let addr = server.local_addr();
    let account = send(addr, "POST", "/_sim/accounts", Some("{}"))
        .await
        .json();
    let account_key = account["account_api_key"].as_str().expect("key").to_owned();
    let account_secret = account["account_api_secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let aat = get(
        addr,
        &format!(
            "/v1.2/accounts/accesstokens?key={account_key}&account_api_secret={account_secret}"
        ),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .expect("AAT")
        .to_owned();
    let domain = "example.kandy.io".to_owned();
    let created = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(&json!({ "domain_name": domain, "project_name": "tests" }).to_string()),
    )
    .await
    .result();
    let dak = created["domain_api_key"].as_str().expect("DAK").to_owned();
    let das = created["domain_api_secret"]
        .as_str()
        .expect("DAS")
        .to_owned();
    let dat = get(
        addr,
        &format!("/v1.2/domains/accesstokens?key={dak}&domain_api_secret={das}"),
    )
    .await
    .result()["domain_access_token"]
        .as_str()
        .expect("DAT")
        .to_owned();
    World {
        server,
        addr,
        account_key,
        account_secret,
        aat,
        dak,
        das,
        dat,
        domain,
    }
}

impl World {
    /// Creates a user by id, logs it in, and finds its default device.
    pub async fn person(&self, user_id: &str) -> Person {
        let user = send(
            self.addr,
            "POST",
            &format!("/v1.2/domains/users/user_id?key={}", self.dat),
            Some(&json!({ "user_id": user_id, "user_country_code": "US" }).to_string()),
        )
        .await
        .result();
        let uat = get(
            self.addr,
            &format!(
                "/v1.2/domains/users/accesstokens?key={}&domain_api_secret={}&user_id={user_id}",
                self.dak, self.das
            ),
        )
        .await
        .result()["user_access_token"]
            .as_str()
            .expect("UAT")
            .to_owned();
        let devices = get(self.addr, &format!("/v1.2/users/devices?key={uat}"))
            .await
            .result();
        Person {
            user_id: user_id.to_owned(),
            full_user_id: user["full_user_id"]
                .as_str()
                .expect("full_user_id")
                .to_owned(),
            password: user["user_password"].as_str().expect("password").to_owned(),
            device_id: devices["devices"][0]["id"]
                .as_str()
                .expect("a device")
                .to_owned(),
            uat,
        }
    }
}

/// A text IM body for `send_message`.
pub fn im(destination: &str, uuid: &str, text: &str) -> String {
    json!({ "message": {
        "contentType": "text", "destination": destination, "UUID": uuid,
        "message": { "mimeType": "text/plain", "text": text }
    }})
    .to_string()
}
