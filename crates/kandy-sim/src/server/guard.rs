//! What every request passes before any route runs: the `Host` check (DNS rebinding), CORS for
//! the Kandy routes, the admin surface's origin, token and content-type rules, and the body's
//! size and time limits. The rules are described in the [module documentation](super).

use super::body::{Cut, GuardedBody};
use super::options::ServerOptions;
use super::reply::Refusal;
use super::{MAX_SNAPSHOT_BYTES, admin, cors, dashboard, routes};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kandy_core::status;
use std::future::Future;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

/// Which part of the server a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Surface {
    /// The Kandy API under `/v1.2/`: CORS, Kandy envelopes.
    Kandy,
    /// The admin surface under `/_sim/`: no CORS, `{"error": ...}` answers.
    Admin,
    /// Anything else (answered "unknown request" by the Kandy handler).
    Other,
}

impl Surface {
    fn of(path: &str) -> Self {
        let path = path.trim_start_matches('/');
        if path == "_sim" || path.starts_with("_sim/") {
            Self::Admin
        } else if path == "v1.2" || path.starts_with("v1.2/") {
            Self::Kandy
        } else {
            Self::Other
        }
    }
}

/// A request refused by the guard: nothing ran.
#[derive(Debug)]
struct Denied {
    http: StatusCode,
    /// The envelope's `status` on the Kandy routes.
    status: i64,
    message: String,
    /// Close the connection after the answer (the body was not read to its end).
    close: bool,
}

impl Denied {
    fn new(http: StatusCode, status: i64, message: impl Into<String>) -> Self {
        Self {
            http,
            status,
            message: message.into(),
            close: false,
        }
    }

    fn closing(mut self) -> Self {
        self.close = true;
        self
    }

    fn answer(self, surface: Surface) -> Response {
        let unauthorized = self.http == StatusCode::UNAUTHORIZED;
        let mut response = match surface {
            Surface::Admin => admin::error(self.http, self.message),
            Surface::Kandy | Surface::Other => {
                Refusal::with_http(self.http.as_u16(), self.status, self.message).into_response()
            }
        };
        let headers = response.headers_mut();
        if unauthorized {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// Runs `inner` on `request` if the guard lets it through; answers the refusal otherwise.
pub(crate) async fn guarded<B, F, Fut>(
    options: &ServerOptions,
    request: axum::http::Request<B>,
    inner: F,
) -> Response
where
    B: HttpBody<Data = Bytes> + Unpin + Send + 'static,
    B::Error: Into<axum::BoxError>,
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let surface = Surface::of(request.uri().path());
    let mut response = match admit(options, surface, request, inner).await {
        Ok(response) => response,
        Err(denied) => denied.answer(surface),
    };
    if surface == Surface::Kandy {
        cors::allow(&mut response);
    }
    response
}

/// The axum middleware form of [`guarded`], for [`router`](super::router).
pub(crate) async fn middleware(
    State(options): State<Arc<ServerOptions>>,
    request: Request,
    next: Next,
) -> Response {
    guarded(&options, request, |request| next.run(request)).await
}

async fn admit<B, F, Fut>(
    options: &ServerOptions,
    surface: Surface,
    request: axum::http::Request<B>,
    inner: F,
) -> Result<Response, Denied>
where
    B: HttpBody<Data = Bytes> + Unpin + Send + 'static,
    B::Error: Into<axum::BoxError>,
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let host = check_host(options, &request)?;
    let has_body = request.body().size_hint().exact() != Some(0);
    match surface {
        Surface::Admin => {
            check_origin(request.headers(), host)?;
            if !dashboard::is_public(request.method(), request.uri().path()) {
                check_token(options, request.headers())?;
            }
            check_content_type(request.headers(), has_body)?;
        }
        Surface::Kandy if request.method() == Method::OPTIONS => return Ok(cors::preflight()),
        Surface::Kandy | Surface::Other => {}
    }
    if !has_body {
        return Ok(inner(request.map(Body::new)).await);
    }
    let limits = &options.limits;
    let limit = if surface == Surface::Admin && request.uri().path() == "/_sim/snapshot" {
        MAX_SNAPSHOT_BYTES
    } else if surface == Surface::Kandy && routes::is_upload(request.method(), request.uri().path())
    {
        limits.max_upload_bytes
    } else {
        limits.max_body_bytes
    };
    let (parts, body) = request.into_parts();
    let (body, verdict) =
        GuardedBody::new(body, limit, limits.body_timeout, limits.request_timeout);
    let response = inner(Request::from_parts(parts, Body::new(body))).await;
    match verdict.cut() {
        None => Ok(response),
        Some(Cut::TooLarge) => Err(too_large(limit)),
        Some(Cut::Stalled) => Err(Denied::new(
            StatusCode::REQUEST_TIMEOUT,
            status::BAD_PARAMETER_VALUE,
            format!(
                "bad parameter value: the request body stopped arriving for {} ms",
                limits.body_timeout.as_millis()
            ),
        )
        .closing()),
        Some(Cut::TooSlow) => Err(Denied::new(
            StatusCode::REQUEST_TIMEOUT,
            status::BAD_PARAMETER_VALUE,
            format!(
                "bad parameter value: the request body did not arrive within {} ms",
                limits.request_timeout.as_millis()
            ),
        )
        .closing()),
    }
}

fn too_large(limit: usize) -> Denied {
    Denied::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        status::BAD_PARAMETER_VALUE,
        format!("bad parameter value: the request body is larger than {limit} bytes"),
    )
    .closing()
}

/// The `Host` header's value, if its name is one the server answers to: an IP literal (a
/// browser sends one only when the page's own address is that IP, which DNS cannot rebind),
/// `localhost`, or a name allowed by the options. The port is not checked. An absolute request
/// target's authority must pass the same rule.
fn check_host<'r, B>(
    options: &ServerOptions,
    request: &'r axum::http::Request<B>,
) -> Result<&'r str, Denied> {
    let Some(value) = request.headers().get(header::HOST) else {
        return Err(Denied::new(
            StatusCode::BAD_REQUEST,
            status::BAD_PARAMETER_VALUE,
            "bad parameter value: the request has no Host header",
        ));
    };
    let host = value.to_str().map_err(|_| malformed_host())?;
    let authority = request.uri().authority().map(|a| a.as_str());
    for candidate in std::iter::once(host).chain(authority) {
        let name = host_name(candidate).ok_or_else(malformed_host)?;
        if !accepted(options, name) {
            let shown: String = name.chars().take(64).collect();
            return Err(Denied::new(
                StatusCode::MISDIRECTED_REQUEST,
                status::PERMISSION_DENIED,
                format!(
                    "permission denied: this simulator does not answer to the host name \
                     {shown:?} (only localhost, IP addresses and the names given with \
                     --allow-host)"
                ),
            ));
        }
    }
    Ok(host)
}

fn malformed_host() -> Denied {
    Denied::new(
        StatusCode::BAD_REQUEST,
        status::BAD_PARAMETER_VALUE,
        "bad parameter value: the Host header is malformed",
    )
}

/// The name part of `name[:port]` or `[v6]:port`; `None` when malformed.
fn host_name(host: &str) -> Option<&str> {
    let (name, rest) = if host.starts_with('[') {
        let end = host.find(']')?;
        (&host[..=end], &host[end + 1..])
    } else {
        match host.rfind(':') {
            Some(colon) => (&host[..colon], &host[colon..]),
            None => (host, ""),
        }
    };
    let port_ok = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(port) => (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit()),
    };
    (port_ok && !name.is_empty()).then_some(name)
}

fn accepted(options: &ServerOptions, name: &str) -> bool {
    if name.eq_ignore_ascii_case("localhost") || name.parse::<Ipv4Addr>().is_ok() {
        return true;
    }
    if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok();
    }
    options
        .allowed_hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(name))
}

/// An admin request's `Origin`, when present, must be the server's own as the request
/// addressed it: `http://` and the request's `Host`.
fn check_origin(headers: &HeaderMap, host: &str) -> Result<(), Denied> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let own = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.strip_prefix("http://"))
        .is_some_and(|authority| authority.eq_ignore_ascii_case(host));
    if own {
        Ok(())
    } else {
        Err(Denied::new(
            StatusCode::FORBIDDEN,
            status::PERMISSION_DENIED,
            "the admin surface answers only its own origin; a web page of another origin \
             cannot call it",
        ))
    }
}

/// When the server has an admin token, an admin request must present it as
/// `Authorization: Bearer TOKEN`, or in the dashboard's cookie (see `dashboard`).
fn check_token(options: &ServerOptions, headers: &HeaderMap) -> Result<(), Denied> {
    let Some(token) = &options.admin_token else {
        return Ok(());
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| bearer(value.as_bytes()))
        .or_else(|| dashboard::cookie_token(headers));
    if presented.is_some_and(|presented| token.matches(presented)) {
        Ok(())
    } else {
        Err(Denied::new(
            StatusCode::UNAUTHORIZED,
            status::INVALID_CREDENTIALS,
            "the admin surface requires Authorization: Bearer with the server's admin token",
        ))
    }
}

/// The credentials of `Bearer CREDENTIALS` (the scheme in any case).
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|b| *b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return None;
    }
    let start = rest.iter().position(|b| *b != b' ')?;
    Some(&rest[start..])
}

/// An admin request with a body must declare it JSON (`Content-Type: application/json`, any
/// parameters); any other declared type is refused too, with or without a body. A request
/// with neither a body nor a type (`curl -X POST`) passes. Browsers send a no-preflight
/// cross-origin POST only as `text/plain`, a form type or no type with a body: all refused.
fn check_content_type(headers: &HeaderMap, has_body: bool) -> Result<(), Denied> {
    let json = match headers.get(header::CONTENT_TYPE) {
        Some(value) => value.to_str().is_ok_and(|value| {
            let essence = value.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
        }),
        None => !has_body,
    };
    if json {
        Ok(())
    } else {
        Err(Denied::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            status::BAD_PARAMETER_VALUE,
            "the admin surface takes JSON bodies only: send Content-Type: application/json",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_split_from_their_port() {
        assert_eq!(host_name("localhost:8080"), Some("localhost"));
        assert_eq!(host_name("Example.COM"), Some("Example.COM"));
        assert_eq!(host_name("[::1]:80"), Some("[::1]"));
        assert_eq!(host_name("[::1]"), Some("[::1]"));
        assert_eq!(host_name("a:b"), None);
        assert_eq!(host_name("a:"), None);
        assert_eq!(host_name(":80"), None);
        assert_eq!(host_name("[::1]x"), None);
    }

    #[test]
    fn accepted_names() {
        let options = ServerOptions {
            allowed_hosts: vec!["sim.test".into()],
            ..ServerOptions::default()
        };
        for name in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "10.1.2.3",
            "[::1]",
            "SIM.test",
        ] {
            assert!(accepted(&options, name), "{name}");
        }
        for name in [
            "evil.test",
            "localhost.evil.test",
            "127.0.0.1.nip.io",
            "[zz]",
            "sim",
        ] {
            assert!(!accepted(&options, name), "{name}");
        }
    }

    #[test]
    fn bearer_credentials() {
        assert_eq!(bearer(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"bearer   abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"Basic abc"), None);
        assert_eq!(bearer(b"Bearer"), None);
        assert_eq!(bearer(b"Bearer "), None);
    }
}
