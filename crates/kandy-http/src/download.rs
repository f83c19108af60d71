//! Content downloads (#85, #86): the answer is the file itself, streamed, unless the service
//! refuses, in which case it is the usual envelope and the call is an API error.

use crate::call::{Call, Shape};
use crate::client::{KandyClient, content_type, read_body};
use crate::failure::from_reqwest;
use crate::response::{Reply, decode};
use bytes::Bytes;
use futures_util::{StreamExt as _, stream};
use kandy_core::{ContentDownload, Error, Result};
use reqwest::header::CONTENT_DISPOSITION;

/// The largest error envelope read from a refused download.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// How much of a JSON-typed 2xx answer is read to tell a refusal (an envelope with a non-zero
/// `status`, which the service may send under HTTP 200) from a JSON file.
const MAX_PEEK_BYTES: usize = 64 * 1024;

impl KandyClient {
    /// Runs a download: one span up to the response's headers, then the bytes as a stream
    /// (each chunk error names the operation; the attempt timeout, which covers reading the
    /// body, still applies).
    pub(crate) async fn download(&self, mut call: Call<()>) -> Result<ContentDownload> {
        let op = call.op;
        self.instrumented(op, async move {
            let (response, http) = self.send_request(&mut call).await?;
            let media_type = content_type(&response);
            let refusal = |body: Vec<u8>| {
                let reply = Reply {
                    http_status: http,
                    content_type: media_type.clone(),
                    body,
                };
                decode::<()>(op, Shape::Nothing, &reply, &call.secrets)
            };
            if !(200..300).contains(&http) {
                let body = read_body(response, http, MAX_ERROR_BYTES).await?;
                return Err(match refusal(body) {
                    Err(error) => error,
                    Ok(()) => Error::decode(
                        "a success envelope came with an HTTP error status",
                        Some(http),
                    ),
                });
            }
            let headers = Headers::of(&response);
            let mut response = response;
            let mut peeked: Option<Bytes> = None;
            if media_type.as_deref().is_some_and(is_json) {
                let mut buffer = Vec::new();
                let mut complete = false;
                while buffer.len() <= MAX_PEEK_BYTES {
                    match response
                        .chunk()
                        .await
                        .map_err(|e| from_reqwest(e, Some(http)))?
                    {
                        Some(chunk) => buffer.extend_from_slice(&chunk),
                        None => {
                            complete = true;
                            break;
                        }
                    }
                }
                if complete
                    && let Err(error) = refusal(buffer.clone())
                    && error.api_status().is_some()
                {
                    return Err(error);
                }
                peeked = Some(Bytes::from(buffer));
            }
            let name = op.name;
            let rest = response.bytes_stream().map(move |chunk| {
                chunk.map_err(|e| from_reqwest(e, Some(http)).with_operation(name))
            });
            let body = stream::iter(peeked.map(Ok)).chain(rest);
            Ok(headers.apply(ContentDownload::new(body)))
        })
        .await
    }
}

/// What the response headers say about the file.
struct Headers {
    content_type: Option<String>,
    content_length: Option<u64>,
    file_name: Option<String>,
}

impl Headers {
    fn of(response: &reqwest::Response) -> Self {
        Self {
            content_type: content_type(response),
            content_length: response.content_length(),
            file_name: response
                .headers()
                .get(CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .and_then(disposition_file_name),
        }
    }

    fn apply(self, mut download: ContentDownload) -> ContentDownload {
        if let Some(content_type) = self.content_type {
            download = download.with_content_type(content_type);
        }
        if let Some(length) = self.content_length {
            download = download.with_content_length(length);
        }
        if let Some(file_name) = self.file_name {
            download = download.with_file_name(file_name);
        }
        download
    }
}

/// Whether a media type is JSON (`application/json`, with or without parameters).
fn is_json(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// The file name of a `Content-Disposition` value: `filename*=UTF-8''…` (RFC 6266, percent
/// encoded) when present, else `filename="…"` or `filename=…`.
fn disposition_file_name(value: &str) -> Option<String> {
    let params: Vec<(String, &str)> = value
        .split(';')
        .skip(1)
        .filter_map(|param| {
            let (name, value) = param.split_once('=')?;
            Some((name.trim().to_ascii_lowercase(), value.trim()))
        })
        .collect();
    let extended = params
        .iter()
        .find(|(name, _)| name == "filename*")
        .and_then(|(_, v)| {
            let (charset, rest) = v.split_once('\'')?;
            let (_language, encoded) = rest.split_once('\'')?;
            charset
                .eq_ignore_ascii_case("utf-8")
                .then(|| percent_decode(encoded))
                .flatten()
        });
    extended
        .or_else(|| {
            params
                .iter()
                .find(|(name, _)| name == "filename")
                .map(|(_, v)| {
                    let v = v
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(v);
                    v.replace("\\\"", "\"").replace("\\\\", "\\")
                })
        })
        .filter(|name| !name.is_empty())
}

/// `%XX`-decodes UTF-8 text; `None` if it is malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_either_form_of_content_disposition() {
        for (header, name) in [
            ("attachment; filename=\"cat.png\"", Some("cat.png")),
            ("attachment; filename=cat.png", Some("cat.png")),
            ("inline; FILENAME=\"a \\\"b\\\".txt\"", Some("a \"b\".txt")),
            (
                "attachment; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%20file.txt",
                Some("naïve file.txt"),
            ),
            (
                "attachment; filename*=UTF-8''bad%zz; filename=ok.txt",
                Some("ok.txt"),
            ),
            ("attachment", None),
            ("attachment; filename=\"\"", None),
        ] {
            assert_eq!(disposition_file_name(header).as_deref(), name, "{header}");
        }
    }

    #[test]
    fn json_media_types_are_recognised_with_parameters() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(!is_json("image/png"));
        assert!(!is_json("application/jsonp"));
    }
}
