//! `KandyClient` and its one request path: build URL, send, decode envelope, decode result
//! (the content downloads, which answer the file instead, are in `download.rs`).

use crate::builder::{KandyClientBuilder, Timeouts};
use crate::call::Call;
use crate::failure::from_reqwest;
use crate::redact::redact_url;
use crate::request::Request;
use crate::response::{Reply, decode};
use kandy_core::{ContentBody, ContentUpload, Error, Method, Operation, Result};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::time::Instant;
use tracing::Instrument as _;
use tracing::field::Empty;
use url::Url;

/// The largest response body read (a Kandy answer is a few kilobytes).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The HTTPS client of the Kandy.io v1.2 API: implements [`kandy_core::KandyApi`].
///
/// Cheap to clone (the connection pool is shared). It makes exactly one HTTP exchange per
/// call; wrap it in [`Retrying`](crate::retry::Retrying) for retries.
#[derive(Clone)]
pub struct KandyClient {
    http: reqwest::Client,
    base_url: Url,
    timeouts: Timeouts,
    user_agent: HeaderValue,
}

impl KandyClient {
    /// A builder with the defaults (the real service, timeouts on).
    pub fn builder() -> KandyClientBuilder {
        KandyClientBuilder::new()
    }

    pub(crate) fn from_parts(
        http: reqwest::Client,
        base_url: Url,
        timeouts: Timeouts,
        user_agent: HeaderValue,
    ) -> Self {
        Self {
            http,
            base_url,
            timeouts,
            user_agent,
        }
    }

    /// The base URL every operation's path is relative to; it ends in `/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The timeouts in force.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Runs one prepared request of any kind.
    pub(crate) async fn send<R: Request>(&self, request: R) -> Result<R::Output> {
        request.run(self).await
    }

    /// Runs one call: one span, one HTTP exchange, every error naming the operation.
    pub(crate) async fn execute<T: DeserializeOwned>(&self, mut call: Call<T>) -> Result<T> {
        let op = call.op;
        self.instrumented(op, async move {
            let (response, http_status) = self.send_request(&mut call).await?;
            let content_type = content_type(&response);
            let body = read_body(response, http_status, MAX_BODY_BYTES).await?;
            let reply = Reply {
                http_status,
                content_type,
                body,
            };
            decode(call.op, call.shape, &reply, &call.secrets)
        })
        .await
    }

    /// Runs `exchange` as the operation `op`: in one `kandy.request` span, under the
    /// whole-call timeout when no attempt timeout bounds it, logging the outcome at DEBUG and
    /// naming the operation in every error.
    pub(crate) async fn instrumented<T>(
        &self,
        op: &'static Operation,
        exchange: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let span = tracing::info_span!(
            "kandy.request",
            kandy.op = op.name,
            http.request.method = op.method.as_str(),
            url.template = op.path,
            url.path = Empty,
            http.response.status_code = Empty,
            kandy.status = Empty,
        );
        async move {
            let started = Instant::now();
            let outcome = match self.timeouts.whole_call_timer() {
                Some(limit) => tokio::time::timeout(limit, exchange)
                    .await
                    .unwrap_or_else(|_| {
                        Err(Error::timeout(
                            format!("no answer within the whole-call timeout ({limit:?})"),
                            true,
                        ))
                    }),
                None => exchange.await,
            };
            let elapsed_ms = started.elapsed().as_millis();
            match &outcome {
                Ok(_) => tracing::debug!(elapsed_ms, "kandy call succeeded"),
                Err(error) => {
                    if let Some(status) = error.api_status() {
                        tracing::Span::current().record("kandy.status", status.code());
                    }
                    tracing::debug!(elapsed_ms, error = %error, kind = ?error.kind(), "kandy call failed");
                }
            }
            outcome.map_err(|error| error.with_operation(op.name))
        }
        .instrument(span)
        .await
    }

    /// Sends the call's request (its JSON body or its multipart upload) and returns the
    /// response and its HTTP status; a redirect is refused.
    pub(crate) async fn send_request<T>(
        &self,
        call: &mut Call<T>,
    ) -> Result<(reqwest::Response, u16)> {
        let url = call.url(&self.base_url)?;
        let span = tracing::Span::current();
        span.record("url.path", url.path());
        tracing::trace!(url = %redact_url(&url), "sending kandy request");

        let mut request = self
            .http
            .request(http_method(call.op.method), url.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(ACCEPT, "application/json");
        if let Some(attempt) = self.timeouts.attempt {
            request = request.timeout(attempt);
        }
        if let Some(body) = call.take_body() {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        if let Some(upload) = call.take_upload() {
            request = request.multipart(multipart_form(upload)?);
        }
        let response = request.send().await.map_err(|e| from_reqwest(e, None))?;

        let http_status = response.status().as_u16();
        span.record("http.response.status_code", http_status);
        if response.url() != &url {
            return Err(Error::decode(
                "the response came through a redirect, which must not be followed (it could \
                 carry the credentials in the query to another host)",
                Some(http_status),
            ));
        }
        Ok((response, http_status))
    }
}

/// The response's `Content-Type`, when it is text.
pub(crate) fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads the whole body, refusing one longer than `limit`.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    http_status: u16,
    limit: usize,
) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| from_reqwest(e, Some(http_status)))?
    {
        if body.len() + chunk.len() > limit {
            return Err(Error::decode(
                format!("the response body is larger than {limit} bytes"),
                Some(http_status),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The multipart body of #84: one part named `file`, with the file's name and MIME type,
/// streamed from the upload (with its length when known, so the request has a
/// `Content-Length`; else it is sent chunked).
fn multipart_form(upload: ContentUpload) -> Result<Form> {
    let file_name = upload.file_name().to_owned();
    let mime_type = upload.mime_type().to_owned();
    let length = upload.length();
    let body = match upload.into_body() {
        ContentBody::Bytes(bytes) => reqwest::Body::from(bytes),
        ContentBody::Stream(stream) => reqwest::Body::wrap_stream(stream),
    };
    let part = match length {
        Some(length) => Part::stream_with_length(body, length),
        None => Part::stream(body),
    };
    let part = part
        .file_name(file_name)
        .mime_str(&mime_type)
        .map_err(|_| {
            Error::bad_argument(format!(
                "the content's MIME type {mime_type:?} is not a MIME type (e.g. image/png)"
            ))
        })?;
    Ok(Form::new().part("file", part))
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

impl fmt::Debug for KandyClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KandyClient")
            .field("base_url", &redact_url(&self.base_url).as_str())
            .field("timeouts", &self.timeouts)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}
