//! CORS for the Kandy routes under `/v1.2/` (browser clients call them cross-origin), with
//! static header values: nothing is built per response. The admin surface sends none.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

const ANY_ORIGIN: HeaderValue = HeaderValue::from_static("*");
const METHODS: HeaderValue = HeaderValue::from_static("GET,POST,PUT,DELETE");
const HEADERS: HeaderValue = HeaderValue::from_static("content-type,accept");
const MAX_AGE: HeaderValue = HeaderValue::from_static("600");

/// Lets any origin read a Kandy response. The value does not depend on the request's
/// `Origin`, so no `Vary` is needed.
pub(crate) fn allow(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ANY_ORIGIN);
}

/// The answer to a preflight (`OPTIONS`) on a Kandy route: any origin, the methods and
/// headers the API uses, cached by the browser for ten minutes.
pub(crate) fn preflight() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, METHODS);
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    allow(&mut response);
    response
}
