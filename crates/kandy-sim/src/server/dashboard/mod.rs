//! The dashboard at `/_sim/ui/`: the world, a device's queue, the SMS outbox, the request log
//! and the controls, in the browser (HTML, CSS and plain JavaScript embedded in the binary; no
//! build step, no network).
//!
//! The page is a client of the admin surface: it reads the same model views the admin JSON
//! routes serve (`/_sim/devices/{id}/messages`, `/_sim/faults`, ...) and calls the same
//! controls; the lists it pages through (`/_sim/ui/api/*`) are searched and paginated on the
//! server. It is told of changes by server-sent events (`/_sim/ui/events`), one small event
//! when the simulator's version or the request log moves, and then refetches the page in view.
//!
//! Every admin rule applies (the `Host` check, the server's own `Origin`, no CORS, JSON bodies,
//! the admin token). Only the static page, its script and its style are served without the
//! token, as they hold no state; with a token set, the page asks for it once and
//! `POST /_sim/ui/login` (authenticated like any admin call) keeps it in a `SameSite=Strict`,
//! `HttpOnly` cookie that the guard accepts instead of the `Authorization` header. Every answer
//! forbids framing and allows scripts of the server's own origin only.

mod api;
mod events;

use super::AppState;
use super::admin::error;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// The cookie the dashboard keeps the admin token in.
pub(crate) const COOKIE: &str = "kandy_sim_admin";

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");

/// The dashboard's routes, all under `/_sim/ui`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sim/ui", get(index))
        .route("/_sim/ui/", get(index))
        .route("/_sim/ui/app.js", get(script))
        .route("/_sim/ui/style.css", get(style))
        .route("/_sim/ui/login", post(login))
        .route("/_sim/ui/logout", post(logout))
        .route("/_sim/ui/events", get(events::stream))
        .route("/_sim/ui/api/world", get(api::world))
        .route("/_sim/ui/api/sms", get(api::sms))
        .route("/_sim/ui/api/requests", get(api::requests))
        .route("/_sim/ui/api/send", post(api::send))
        .layer(axum::middleware::map_response(harden))
}

/// Whether a request may skip the admin token: the static page, script and style only.
pub(crate) fn is_public(method: &axum::http::Method, path: &str) -> bool {
    (method == axum::http::Method::GET || method == axum::http::Method::HEAD)
        && matches!(
            path,
            "/_sim/ui" | "/_sim/ui/" | "/_sim/ui/app.js" | "/_sim/ui/style.css"
        )
}

/// The admin token a request's `Cookie` header carries, if any.
pub(crate) fn cookie_token(headers: &HeaderMap) -> Option<&[u8]> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .flat_map(|value| value.as_bytes().split(|b| *b == b';'))
        .find_map(|pair| {
            let pair = pair.trim_ascii();
            let (name, value) = pair.split_at(pair.iter().position(|b| *b == b'=')?);
            (name == COOKIE.as_bytes()).then(|| &value[1..])
        })
}

/// No framing, scripts and styles of the server's own origin only, nothing cached.
async fn harden(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; \
             form-action 'self'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// `POST /_sim/ui/login` with `Authorization: Bearer TOKEN`: the guard has checked the token
/// (when the server has one); this keeps it in the cookie. 400 without a bearer token, or
/// with one a cookie cannot hold (then use the header).
async fn login(headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let Some(token) = token.filter(|t| !t.is_empty() && t.bytes().all(cookie_safe)) else {
        return error(
            StatusCode::BAD_REQUEST,
            "send Authorization: Bearer with the admin token (visible ASCII, no ; , \" \\)",
        );
    };
    set_cookie(format!(
        "{COOKIE}={token}; Path=/_sim; HttpOnly; SameSite=Strict"
    ))
}

/// `POST /_sim/ui/logout`: forgets the cookie.
async fn logout() -> Response {
    set_cookie(format!(
        "{COOKIE}=; Path=/_sim; HttpOnly; SameSite=Strict; Max-Age=0"
    ))
}

fn set_cookie(cookie: String) -> Response {
    match HeaderValue::try_from(cookie) {
        Ok(value) => (
            [(header::SET_COOKIE, value)],
            axum::Json(serde_json::json!({ "ok": true })),
        )
            .into_response(),
        Err(_) => error(
            StatusCode::BAD_REQUEST,
            "the token cannot be kept in a cookie",
        ),
    }
}

/// A byte a cookie value may hold (RFC 6265's cookie-octet).
fn cookie_safe(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kandy_sim_admin=abc; b=2"),
        );
        assert_eq!(cookie_token(&headers), Some(&b"abc"[..]));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("kandy_sim_adminx=1"),
        );
        assert_eq!(cookie_token(&headers), None);
    }

    #[test]
    fn only_the_static_page_is_public() {
        use axum::http::Method;
        assert!(is_public(&Method::GET, "/_sim/ui/"));
        assert!(is_public(&Method::GET, "/_sim/ui/app.js"));
        assert!(!is_public(&Method::POST, "/_sim/ui/"));
        assert!(!is_public(&Method::GET, "/_sim/ui/api/world"));
        assert!(!is_public(&Method::GET, "/_sim/ui/events"));
    }
}
