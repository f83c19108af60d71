//! What a Kandy call answers: a success or a refusal, both as the envelope; and the marker
//! that makes the connection close without an answer.

use crate::model::http_status_for;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kandy_core::status;
use serde::Serialize;
use std::cell::RefCell;
use std::io::Write as _;

/// The `Content-Type` of every envelope, success or refusal: `application/json;
/// charset=utf-8`, with the space. An old Node client (`node-rest-client`) parses a body itself
/// when the type is exactly `application/json` or `application/json;charset=utf-8`, and then
/// parses the already-parsed object again and throws; it worked against the live service, so
/// the live type was neither (DECISIONS 19). The admin surface `/_sim/*` is not an envelope.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// `{"status":0,"message":"success"}`, the most common envelope.
const PLAIN_SUCCESS: &[u8] = br#"{"status":0,"message":"success"}"#;

/// How a success envelope with the message `success` begins.
const SUCCESS_HEAD: &[u8] = br#"{"status":0,"message":"success""#;

/// A response carrying a JSON body.
fn json_response(code: StatusCode, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = code;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    response
}

/// Writes an envelope's `result` into its buffer.
type WriteResult<'a> = &'a dyn Fn(&mut Vec<u8>) -> serde_json::Result<()>;

/// Writes the envelope `{"status":…,"message":…,"result":…}` in one pass, the result
/// written by `result` straight after its key (no `result` key without it). It is written
/// into a buffer each thread keeps, then copied once into an allocation of its exact size.
fn envelope(status: i64, message: &str, result: Option<WriteResult<'_>>) -> Result<Bytes, Refusal> {
    /// A buffer grown past this is not kept for the next envelope.
    const KEPT: usize = 64 * 1024;
    thread_local! {
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    SCRATCH.with_borrow_mut(|buffer| {
        buffer.clear();
        let written = (|| {
            if status == 0 && message == kandy_core::SUCCESS_MESSAGE {
                buffer.extend_from_slice(SUCCESS_HEAD);
            } else {
                write!(buffer, "{{\"status\":{status},\"message\":")
                    .map_err(serde_json::Error::io)?;
                serde_json::to_writer(&mut *buffer, message)?;
            }
            if let Some(result) = result {
                buffer.extend_from_slice(b",\"result\":");
                result(buffer)?;
            }
            buffer.push(b'}');
            Ok::<_, serde_json::Error>(())
        })();
        // A buffer of exactly its length becomes `Bytes` without another allocation.
        let body = written.map(|()| Bytes::from(buffer.to_vec()));
        if buffer.capacity() > KEPT {
            *buffer = Vec::new();
        }
        body.map_err(|_| {
            Refusal::with_http(
                500,
                status::INTERNAL,
                "internal error: the result could not be encoded",
            )
        })
    })
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
        match envelope(self.status, &self.message, None) {
            Ok(body) => json_response(code, body),
            Err(refusal) => refusal.into_response(),
        }
    }
}

/// A successful call: its whole envelope, already written (the result serialized once,
/// straight into the envelope's buffer), or a file (#85, #86), answered as itself.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Success {
    body: Bytes,
    /// A download: the body is the file's bytes, answered with these headers.
    file: Option<FileHead>,
}

/// What a download's headers say.
#[derive(Clone, Debug, PartialEq)]
struct FileHead {
    mime_type: String,
    file_name: String,
}

impl Success {
    /// `{"status":0,"message":"success"}`.
    pub fn plain() -> Self {
        Self::envelope_of(Bytes::from_static(PLAIN_SUCCESS))
    }

    fn envelope_of(body: Bytes) -> Self {
        Self { body, file: None }
    }

    /// A download: the file's bytes (shared, not copied) under its own `Content-Type`,
    /// with its length and an `attachment` disposition naming it.
    pub fn file(file: crate::model::StoredFile) -> Self {
        Self {
            body: file.bytes,
            file: Some(FileHead {
                mime_type: file.mime_type,
                file_name: file.file_name,
            }),
        }
    }

    /// Success with a delete text such as `Device Deleted`.
    pub fn deleted(message: &'static str) -> Self {
        match envelope(status::SUCCESS, message, None) {
            Ok(body) => Self::envelope_of(body),
            // A string always encodes.
            Err(_) => Self::plain(),
        }
    }

    /// Success whose `result` is `value` itself.
    pub fn object(value: &impl Serialize) -> Outcome {
        let body = envelope(
            status::SUCCESS,
            kandy_core::SUCCESS_MESSAGE,
            Some(&|out: &mut Vec<u8>| serde_json::to_writer(out, value)),
        )?;
        Ok(Self::envelope_of(body))
    }

    /// Success whose `result` is `{name: value}`.
    pub fn field(name: &str, value: &impl Serialize) -> Outcome {
        let body = envelope(
            status::SUCCESS,
            kandy_core::SUCCESS_MESSAGE,
            Some(&|out: &mut Vec<u8>| {
                out.push(b'{');
                serde_json::to_writer(&mut *out, name)?;
                out.push(b':');
                serde_json::to_writer(&mut *out, value)?;
                out.push(b'}');
                Ok(())
            }),
        )?;
        Ok(Self::envelope_of(body))
    }

    /// The envelope's JSON text.
    #[cfg(test)]
    fn envelope(&self) -> &str {
        std::str::from_utf8(&self.body).expect("JSON is UTF-8")
    }
}

impl IntoResponse for Success {
    fn into_response(self) -> Response {
        match self.file {
            None => json_response(StatusCode::OK, self.body),
            Some(head) => {
                super::content::file_response(&head.mime_type, &head.file_name, self.body)
            }
        }
    }
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
    json_response(
        StatusCode::OK,
        Bytes::from_static(br#"{"status":0,"message":"succ"#),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn success_envelopes_are_written_around_the_result_serialized_once() {
        let devices = Success::field("devices", &vec!["a\"b"]).unwrap();
        let body: Value = serde_json::from_str(devices.envelope()).unwrap();
        assert_eq!(
            body,
            json!({"status": 0, "message": "success", "result": {"devices": ["a\"b"]}})
        );
        let whole = Success::object(&json!({"messages": []})).unwrap();
        assert_eq!(
            whole.envelope(),
            r#"{"status":0,"message":"success","result":{"messages":[]}}"#
        );
        assert_eq!(
            Success::deleted("Device Deleted").envelope(),
            r#"{"status":0,"message":"Device Deleted"}"#
        );
        assert_eq!(
            Success::plain().envelope(),
            r#"{"status":0,"message":"success"}"#
        );
        let refusal = Refusal::bad_value("bad \"x\"").into_response();
        assert_eq!(refusal.status(), 400);
        assert_eq!(refusal.headers()[header::CONTENT_TYPE], JSON_CONTENT_TYPE);
    }
}
