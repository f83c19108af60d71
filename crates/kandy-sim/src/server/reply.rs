//! What a Kandy call answers: a success or a refusal, both as the envelope; and the marker
//! that makes the connection close without an answer.

use crate::model::http_status_for;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kandy_core::{Envelope, SUCCESS_MESSAGE, status};
use serde::Serialize;

/// The `Content-Type` of every envelope, success or refusal: `application/json;
/// charset=utf-8`, with the space. An old Node client (`node-rest-client`) parses a body itself
/// when the type is exactly `application/json` or `application/json;charset=utf-8`, and then
/// parses the already-parsed object again and throws; it worked against the live service, so
/// the live type was neither (DECISIONS 19). The admin surface `/_sim/*` is not an envelope.
pub(crate) const ENVELOPE_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// The `Content-Type` header of an envelope.
fn envelope_content_type() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ENVELOPE_CONTENT_TYPE),
    )]
}

/// A refused call: the HTTP status and the envelope's `status` and `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// The HTTP status.
    pub http: u16,
    /// The envelope's `status`.
    pub status: i64,
    /// The envelope's `message`; never holds a credential.
    pub message: String,
}

impl Refusal {
    /// A refusal with the HTTP status the model maps `status` to.
    pub fn new(status: i64, message: impl Into<String>) -> Self {
        Self {
            http: http_status_for(status),
            status,
            message: message.into(),
        }
    }

    /// A refusal with an explicit HTTP status.
    pub fn with_http(http: u16, status: i64, message: impl Into<String>) -> Self {
        Self {
            http,
            status,
            message: message.into(),
        }
    }

    /// A value that cannot be parsed or has the wrong type (status 17).
    pub fn bad_value(message: impl Into<String>) -> Self {
        Self::with_http(400, status::BAD_PARAMETER_VALUE, message)
    }

    /// The refusal the simulator's error describes.
    pub fn from_error(error: &kandy_core::Error) -> Self {
        match error.api_error() {
            Some(api) => Self {
                http: error
                    .http_status()
                    .unwrap_or_else(|| http_status_for(api.status)),
                status: api.status,
                message: api.message.clone(),
            },
            // Errors of the simulator name no credential (kandy_core::Error's contract).
            None => Self::with_http(500, status::INTERNAL, format!("internal error: {error}")),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // An `Envelope` of an integer and a string always encodes; the fallback is for form.
        let body = serde_json::to_string(&Envelope::error(self.status, self.message))
            .unwrap_or_else(|_| r#"{"status":1,"message":"internal error"}"#.to_owned());
        (code, envelope_content_type(), body).into_response()
    }
}

/// A successful call: the envelope's message and its `result`, if any, already encoded: the
/// result is serialized once, straight to JSON text, and the envelope is written around it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Success {
    message: &'static str,
    result: Option<String>,
}

impl Success {
    /// `{"status":0,"message":"success"}`.
    pub fn plain() -> Self {
        Self {
            message: SUCCESS_MESSAGE,
            result: None,
        }
    }

    /// Success with a delete text such as `Device Deleted`.
    pub fn deleted(message: &'static str) -> Self {
        Self {
            message,
            result: None,
        }
    }

    /// Success whose `result` is `value` itself.
    pub fn object(value: &impl Serialize) -> Outcome {
        Ok(Self {
            message: SUCCESS_MESSAGE,
            result: Some(to_json(value)?),
        })
    }

    /// Success whose `result` is `{name: value}`.
    pub fn field(name: &str, value: &impl Serialize) -> Outcome {
        let mut result = to_json(name)?;
        result.insert(0, '{');
        result.push(':');
        result.push_str(&to_json(value)?);
        result.push('}');
        Ok(Self {
            message: SUCCESS_MESSAGE,
            result: Some(result),
        })
    }

    /// The envelope's JSON text: `{"status":0,"message":...,"result":...}`.
    fn envelope(&self) -> Result<String, Refusal> {
        let message = to_json(self.message)?;
        let result = self.result.as_deref().unwrap_or("");
        let mut body = String::with_capacity(40 + message.len() + result.len());
        body.push_str("{\"status\":");
        body.push_str(&status::SUCCESS.to_string());
        body.push_str(",\"message\":");
        body.push_str(&message);
        if !result.is_empty() {
            body.push_str(",\"result\":");
            body.push_str(result);
        }
        body.push('}');
        Ok(body)
    }
}

impl IntoResponse for Success {
    fn into_response(self) -> Response {
        match self.envelope() {
            Ok(body) => (envelope_content_type(), body).into_response(),
            Err(refusal) => refusal.into_response(),
        }
    }
}

fn to_json(value: &(impl Serialize + ?Sized)) -> Result<String, Refusal> {
    serde_json::to_string(value).map_err(|_| {
        Refusal::with_http(
            500,
            status::INTERNAL,
            "internal error: the result could not be encoded",
        )
    })
}

/// What a Kandy call gives.
pub(crate) type Outcome = Result<Success, Refusal>;

/// The envelope's `status` of an outcome.
pub(crate) fn kandy_status(outcome: &Outcome) -> i64 {
    match outcome {
        Ok(_) => status::SUCCESS,
        Err(refusal) => refusal.status,
    }
}

/// The HTTP status of an outcome.
pub(crate) fn http_status(outcome: &Outcome) -> u16 {
    match outcome {
        Ok(_) => 200,
        Err(refusal) => refusal.http,
    }
}

/// Turns an outcome into its response.
pub(crate) fn respond(outcome: Outcome) -> Response {
    match outcome {
        Ok(success) => success.into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// Marks a response that must not be sent: the connection closes without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DropConnection;

/// The stand-in response for a dropped connection. [`Server`](super::Server) never sends it;
/// a plain axum server does, as HTTP 502.
pub(crate) fn drop_connection() -> Response {
    let mut response = Refusal::with_http(
        502,
        status::INTERNAL,
        "the fault plan dropped this connection (serve with kandy_sim::server::Server to drop it for real)",
    )
    .into_response();
    response.extensions_mut().insert(DropConnection);
    response
}

/// An HTTP 200 whose body is not JSON (the `malformed` fault): a truncated envelope, with the
/// envelope's `Content-Type`.
pub(crate) fn malformed() -> Response {
    (envelope_content_type(), r#"{"status":0,"message":"succ"#).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn success_envelopes_are_written_around_the_result_serialized_once() {
        let devices = Success::field("devices", &vec!["a\"b"]).unwrap();
        let body: Value = serde_json::from_str(&devices.envelope().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"status": 0, "message": "success", "result": {"devices": ["a\"b"]}})
        );
        let whole = Success::object(&json!({"messages": []})).unwrap();
        assert_eq!(
            whole.envelope().unwrap(),
            r#"{"status":0,"message":"success","result":{"messages":[]}}"#
        );
        assert_eq!(
            Success::deleted("Device Deleted").envelope().unwrap(),
            r#"{"status":0,"message":"Device Deleted"}"#
        );
    }
}
