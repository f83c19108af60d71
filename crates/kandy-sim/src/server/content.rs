//! A download's answer (#85, #86): the file itself, not the envelope.
//!
//! Choices where the specification is silent (it says only "the file itself", used as an
//! `<img src>` or a download link):
//! - `Content-Type` is the MIME type given at upload (a thumbnail's is its own format's),
//!   `Content-Length` the file's length.
//! - `Content-Disposition: attachment`, with the file name as `filename="…"` (ASCII, other
//!   characters replaced by `_`) and `filename*=UTF-8''…` (RFC 6266) when it is not plain
//!   ASCII; without a name, `attachment` alone. An `<img src>` still shows an image; a link
//!   downloads rather than renders, so an uploaded HTML page never runs on the API's origin.
//! - `X-Content-Type-Options: nosniff`, for the same reason.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// The response carrying a file's bytes.
pub(crate) fn file_response(mime_type: &str, file_name: &str, bytes: Bytes) -> Response {
    let length = bytes.len();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    // The model admits only token characters in a MIME type; a name is encoded below.
    let content_type = HeaderValue::from_str(mime_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Ok(disposition) = HeaderValue::from_str(&content_disposition(file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// `attachment; filename="…"`, plus `filename*=UTF-8''…` for a name that is not plain ASCII.
fn content_disposition(file_name: &str) -> String {
    if file_name.is_empty() {
        return "attachment".to_owned();
    }
    let ascii: String = file_name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    let mut value = format!("attachment; filename=\"{ascii}\"");
    if ascii != file_name {
        value.push_str("; filename*=UTF-8''");
        for byte in file_name.bytes() {
            if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
                value.push(char::from(byte));
            } else {
                value.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_name_the_file_in_ascii_and_in_utf_8() {
        assert_eq!(content_disposition(""), "attachment");
        assert_eq!(
            content_disposition("cat.png"),
            "attachment; filename=\"cat.png\""
        );
        assert_eq!(
            content_disposition("naïve \"x\".txt"),
            "attachment; filename=\"na_ve _x_.txt\"; \
             filename*=UTF-8''na%C3%AFve%20%22x%22.txt"
        );
    }

    #[test]
    fn a_file_answers_its_own_type_length_and_name() {
        let response = file_response("image/png", "cat.png", Bytes::from_static(b"\x89PNG"));
        assert_eq!(response.status(), 200);
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "image/png");
        assert_eq!(headers[header::CONTENT_LENGTH], "4");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"cat.png\""
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
