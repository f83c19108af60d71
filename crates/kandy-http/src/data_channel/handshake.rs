//! Opening the socket: TCP, TLS for `wss`, and the HTTP upgrade, written here rather than by
//! tungstenite so that the request line (it holds the token) is never logged.

use super::endpoint::SocketUrl;
use crate::redact::Secrets;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use kandy_core::notifications::{DisconnectReason, Refusal};
use kandy_core::{ApiStatus, Envelope, ErrorKind};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::Role;

/// The byte stream under the socket: TCP, or TLS over TCP.
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// An open socket.
pub(crate) type Socket = WebSocketStream<Box<dyn Io>>;

/// Why a socket did not open.
#[derive(Debug)]
pub(crate) enum OpenFailure {
    /// The token was refused: do not try again with it.
    Refused(Refusal),
    /// Anything else; `Failed { kind: Config, .. }` when the address can never work.
    Failed(DisconnectReason),
}

/// The most bytes of an upgrade answer read: its head, and the body of a refusal.
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 4 * 1024;
const MAX_HEADERS: usize = 64;
/// RFC 6455's key suffix for `Sec-WebSocket-Accept`.
const ACCEPT_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

pub(crate) fn failed(kind: ErrorKind, detail: impl Into<String>) -> OpenFailure {
    OpenFailure::Failed(DisconnectReason::Failed {
        kind,
        detail: detail.into(),
    })
}

/// Opens the socket at `url` (no timeout here: the caller bounds the whole of it).
pub(crate) async fn open(
    url: &SocketUrl,
    tls: &Arc<tokio_rustls::rustls::ClientConfig>,
    user_agent: &str,
    secrets: &Secrets,
) -> Result<Socket, OpenFailure> {
    let parsed = url.url();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let tcp = match parsed.host() {
        Some(url::Host::Domain(domain)) => TcpStream::connect((domain, port)).await,
        Some(url::Host::Ipv4(ip)) => TcpStream::connect((ip, port)).await,
        Some(url::Host::Ipv6(ip)) => TcpStream::connect((ip, port)).await,
        None => return Err(failed(ErrorKind::Config, "the socket URL has no host")),
    }
    .map_err(|e| {
        failed(
            ErrorKind::Connect,
            format!("could not connect: {}", secrets.scrub(&e.to_string())),
        )
    })?;
    let _ = tcp.set_nodelay(true);
    let mut io: Box<dyn Io> = if parsed.scheme() == "wss" {
        let host = parsed.host_str().unwrap_or_default();
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let name = ServerName::try_from(host).map_err(|_| {
            failed(
                ErrorKind::Config,
                "the data channel's host is no TLS server name",
            )
        })?;
        let stream = TlsConnector::from(tls.clone())
            .connect(name, tcp)
            .await
            .map_err(|e| {
                failed(
                    ErrorKind::Connect,
                    format!("TLS failed: {}", secrets.scrub(&e.to_string())),
                )
            })?;
        Box::new(stream)
    } else {
        Box::new(tcp)
    };

    let key = BASE64.encode(fastrand::u128(..).to_le_bytes());
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\nUser-Agent: {user_agent}\r\n\r\n",
        url.target(),
        url.host_header(),
    );
    io.write_all(request.as_bytes())
        .await
        .map_err(|e| lost_during_upgrade(&e, secrets))?;
    io.flush()
        .await
        .map_err(|e| lost_during_upgrade(&e, secrets))?;

    let (status, head_len, accept, mut buf) = read_head(&mut io, secrets).await?;
    match status {
        101 => {
            let expected = accept_key(&key);
            if accept.as_deref() != Some(expected.as_str()) {
                return Err(failed(
                    ErrorKind::Decode,
                    "the upgrade's Sec-WebSocket-Accept does not match its key",
                ));
            }
            let rest = buf.split_off(head_len);
            Ok(WebSocketStream::from_partially_read(io, rest, Role::Client, None).await)
        }
        401 | 403 => Err(OpenFailure::Refused(
            refusal(status, &mut io, buf, head_len, secrets).await,
        )),
        429 => Err(failed(
            ErrorKind::Quota,
            "the upgrade was refused with HTTP 429",
        )),
        other => Err(failed(
            ErrorKind::Api,
            format!("the upgrade was answered with HTTP {other}"),
        )),
    }
}

fn lost_during_upgrade(error: &std::io::Error, secrets: &Secrets) -> OpenFailure {
    failed(
        ErrorKind::Transport,
        format!(
            "the connection broke during the upgrade: {}",
            secrets.scrub(&error.to_string())
        ),
    )
}

/// `base64(sha1(key + GUID))`.
fn accept_key(key: &str) -> String {
    let mut input = key.as_bytes().to_vec();
    input.extend_from_slice(ACCEPT_GUID.as_bytes());
    BASE64.encode(ring::digest::digest(
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        &input,
    ))
}

/// Reads the answer's head: its status, its length, its `Sec-WebSocket-Accept` (when it
/// says `Upgrade: websocket`), and every byte read so far.
async fn read_head(
    io: &mut Box<dyn Io>,
    secrets: &Secrets,
) -> Result<(u16, usize, Option<String>, Vec<u8>), OpenFailure> {
    let mut buf = Vec::with_capacity(1024);
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => {
                let status = response.code.unwrap_or_default();
                let header = |name: &str| {
                    response
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .and_then(|h| std::str::from_utf8(h.value).ok())
                };
                let upgraded =
                    header("upgrade").is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
                let accept = header("sec-websocket-accept")
                    .filter(|_| upgraded)
                    .map(|v| v.trim().to_owned());
                return Ok((status, len, accept, buf));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => {
                return Err(failed(
                    ErrorKind::Decode,
                    "the upgrade's answer has too long a head",
                ));
            }
            Err(_) => {
                return Err(failed(
                    ErrorKind::Decode,
                    "the upgrade's answer is not HTTP",
                ));
            }
        }
        let mut chunk = [0u8; 1024];
        match io.read(&mut chunk).await {
            Ok(0) => {
                return Err(failed(
                    ErrorKind::Transport,
                    "the connection closed before the upgrade was answered",
                ));
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(lost_during_upgrade(&e, secrets)),
        }
    }
}

/// A 401 or 403 answer as a refusal: the Kandy envelope of its body when there is one.
async fn refusal(
    status: u16,
    io: &mut Box<dyn Io>,
    mut buf: Vec<u8>,
    head_len: usize,
    secrets: &Secrets,
) -> Refusal {
    let length = content_length(&buf[..head_len])
        .unwrap_or(MAX_BODY)
        .min(MAX_BODY);
    let mut body = buf.split_off(head_len);
    while body.len() < length {
        let mut chunk = [0u8; 1024];
        match io.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    let envelope = serde_json::from_slice::<Envelope>(&body)
        .ok()
        .filter(|e| e.status != 0);
    let mut refusal = Refusal::new(match &envelope {
        Some(envelope) => secrets.scrub(&envelope.message),
        None => format!("the upgrade was refused with HTTP {status}"),
    });
    refusal.api_status = envelope.map(|e| ApiStatus::new(e.status));
    refusal.http_status = Some(status);
    refusal
}

fn content_length(head: &[u8]) -> Option<usize> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    response.parse(head).ok()?;
    let header = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))?;
    std::str::from_utf8(header.value).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_key_is_rfc_6455s() {
        // The example of RFC 6455, section 1.3.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn content_length_is_read_from_the_head() {
        let head = b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 42\r\n\r\n";
        assert_eq!(content_length(head), Some(42));
        assert_eq!(content_length(b"HTTP/1.1 401 No\r\n\r\n"), None);
    }
}
