//! Reading a request body, with a size limit; and the guard that cuts a body too large, stalled
//! or too slow, telling the server why.

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt;
use hyper::body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// How much of an oversized body is still read (and thrown away) so the client, still
/// sending, receives the 413 instead of a reset connection.
pub(crate) const DRAIN_BYTES: usize = 8 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The connection failed while reading it (or the guard cut it).
    Failed,
}

/// Reads a whole body of at most `limit` bytes.
pub(crate) async fn read(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, BodyError> {
    if declared_length(headers).is_some_and(|length| length > (limit + DRAIN_BYTES) as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = body;
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Failed)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen > limit + DRAIN_BYTES {
            break;
        }
        if seen <= limit {
            bytes.extend_from_slice(&data);
        }
    }
    if seen > limit {
        Err(BodyError::TooLarge)
    } else {
        Ok(Bytes::from(bytes))
    }
}

/// Reads and throws away what is left of a body, up to [`DRAIN_BYTES`], so that a client
/// still sending it reads the answer rather than a reset connection.
pub(crate) async fn drain(body: Body) {
    let mut body = body;
    let mut seen = 0usize;
    while seen <= DRAIN_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => seen += frame.data_ref().map_or(0, Bytes::len),
            _ => break,
        }
    }
}

/// The `Content-Length` a request declares, if any.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
}

/// Why the guard cut a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// More bytes than the limit arrived.
    TooLarge,
    /// No byte arrived for the body timeout.
    Stalled,
    /// The whole body did not arrive within the request timeout.
    TooSlow,
}

/// What happened to a guarded body, read by the guard once the handler answered.
#[derive(Clone, Debug, Default)]
pub(crate) struct Verdict(Arc<AtomicU8>);

impl Verdict {
    fn set(&self, cut: Cut) {
        let code = match cut {
            Cut::TooLarge => 1,
            Cut::Stalled => 2,
            Cut::TooSlow => 3,
        };
        self.0.store(code, Ordering::Relaxed);
    }

    /// Why the body was cut, if it was.
    pub(crate) fn cut(&self) -> Option<Cut> {
        match self.0.load(Ordering::Relaxed) {
            1 => Some(Cut::TooLarge),
            2 => Some(Cut::Stalled),
            3 => Some(Cut::TooSlow),
            _ => None,
        }
    }
}

/// A request body that fails (and records why in its [`Verdict`]) when more than `limit`
/// bytes arrive (after draining what the client still sends, up to [`DRAIN_BYTES`] more),
/// when no byte arrives for `idle`, or when the whole body is not there by `deadline`. A
/// handler that never reads the body is not affected, as before the guard.
#[derive(Debug)]
pub(crate) struct GuardedBody<B> {
    inner: B,
    limit: usize,
    seen: usize,
    idle: Duration,
    deadline: Instant,
    /// Made at the first wait only: a body that arrives with its head never needs one.
    timer: Option<Pin<Box<Sleep>>>,
    /// A frame arrived since the timer was set: the next wait sets it again.
    rearm: bool,
    verdict: Verdict,
    ended: bool,
}

impl<B> GuardedBody<B> {
    /// Guards `inner`: at most `limit` bytes, pauses under `idle`, all within `total` from now.
    pub(crate) fn new(inner: B, limit: usize, idle: Duration, total: Duration) -> (Self, Verdict) {
        let verdict = Verdict::default();
        let body = Self {
            inner,
            limit,
            seen: 0,
            idle,
            deadline: Instant::now() + total,
            timer: None,
            rearm: false,
            verdict: verdict.clone(),
            ended: false,
        };
        (body, verdict)
    }

    fn cut(&mut self, cut: Cut) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        self.verdict.set(cut);
        self.ended = true;
        let message = match cut {
            Cut::TooLarge => "the request body is larger than the limit",
            Cut::Stalled | Cut::TooSlow => "the request body did not arrive in time",
        };
        Poll::Ready(Some(Err(axum::Error::new(message))))
    }
}

impl<B> HttpBody for GuardedBody<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if this.ended {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.seen = this.seen.saturating_add(data.len());
                }
                this.rearm = true;
                if this.seen <= this.limit {
                    return Poll::Ready(Some(Ok(frame)));
                }
                // Too large: drain (and drop) what the client still sends, so that it reads
                // the refusal rather than a reset connection, then fail.
                this.verdict.set(Cut::TooLarge);
                if this.seen > this.limit.saturating_add(DRAIN_BYTES) {
                    return this.cut(Cut::TooLarge);
                }
                Poll::Ready(Some(Ok(Frame::data(Bytes::new()))))
            }
            Poll::Ready(Some(Err(e))) => {
                this.ended = true;
                Poll::Ready(Some(Err(axum::Error::new(e))))
            }
            Poll::Ready(None) if this.verdict.cut() == Some(Cut::TooLarge) => {
                this.cut(Cut::TooLarge)
            }
            Poll::Ready(None) => {
                this.ended = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let next = || this.deadline.min(Instant::now() + this.idle);
                let timer = match &mut this.timer {
                    Some(timer) if this.rearm => {
                        timer.as_mut().reset(next());
                        timer
                    }
                    Some(timer) => timer,
                    None => this
                        .timer
                        .insert(Box::pin(tokio::time::sleep_until(next()))),
                };
                this.rearm = false;
                if timer.as_mut().poll(cx).is_ready() {
                    let cut = if Instant::now() >= this.deadline {
                        Cut::TooSlow
                    } else {
                        Cut::Stalled
                    };
                    return this.cut(cut);
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.ended || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
