//! A connection's header timeout (`ServerLimits::header_timeout`), kept by one sleep per
//! connection instead of a timer armed for every request.
//!
//! hyper's own `header_read_timeout` boxes a new sleep and enters it in the runtime's timer
//! wheel for each request, then takes it out when the head arrives: a shared lock twice per
//! request, which at 32 keep-alive connections on two cores cost the server about a tenth of
//! its throughput. Here a connection keeps when it began waiting for a head (its start, or
//! the moment the last response was written to its end) in one atomic; a single sleep per
//! connection wakes when that wait would exceed the timeout, checks, and sleeps on when a
//! head came in meanwhile. The rule is the same: a head must arrive within the timeout, an
//! idle keep-alive connection is closed after it, and the time a handler or a response takes
//! is not counted.

use axum::body::{Body, Bytes};
use hyper::body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// `waiting_since` while a request is being handled or answered.
const BUSY: u64 = u64::MAX;

/// When a connection began waiting for its next head, if it is waiting.
#[derive(Debug)]
pub(crate) struct HeadClock {
    /// The connection's start; times are nanoseconds after it.
    epoch: Instant,
    waiting_since: AtomicU64,
}

impl HeadClock {
    /// A clock for a connection that starts now, waiting for its first head.
    pub(crate) fn start() -> Arc<Self> {
        Arc::new(Self {
            epoch: Instant::now(),
            waiting_since: AtomicU64::new(0),
        })
    }

    /// A head arrived: nothing is counted until its response is written.
    pub(crate) fn busy(&self) {
        self.waiting_since.store(BUSY, Ordering::Relaxed);
    }

    /// The response was written (its body dropped): the wait for the next head starts now.
    fn waiting(&self) {
        let since = u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(BUSY - 1);
        self.waiting_since.store(since, Ordering::Relaxed);
    }

    /// Completes once the connection has waited for a head for longer than `timeout`.
    pub(crate) async fn expired(&self, timeout: Duration) {
        loop {
            let since = self.waiting_since.load(Ordering::Relaxed);
            let deadline = if since == BUSY {
                // Look again after a whole timeout: a wait begun since cannot be over yet.
                Instant::now() + timeout
            } else {
                let deadline = self.epoch + Duration::from_nanos(since) + timeout;
                if Instant::now() >= deadline {
                    return;
                }
                deadline
            };
            tokio::time::sleep_until(deadline.into()).await;
        }
    }

    /// `body`, telling this clock when it is dropped (hyper drops a response's body once it
    /// is written, or when the connection ends).
    pub(crate) fn track(self: &Arc<Self>, body: Body) -> Tracked {
        Tracked {
            body,
            clock: self.clone(),
        }
    }
}

/// A response body that starts its connection's wait for the next head when dropped.
#[derive(Debug)]
pub(crate) struct Tracked {
    body: Body,
    clock: Arc<HeadClock>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.clock.waiting();
    }
}

impl hyper::body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_wait_for_a_head_is_counted() {
        let timeout = Duration::from_millis(200);
        let clock = HeadClock::start();
        // Busy for longer than the timeout: not expired.
        clock.busy();
        let busy = tokio::time::timeout(timeout * 3, clock.expired(timeout)).await;
        assert!(busy.is_err(), "a request being handled is not timed");
        // The response written: the wait starts, and ends once the timeout has passed.
        drop(clock.track(Body::empty()));
        let started = Instant::now();
        tokio::time::timeout(Duration::from_secs(10), clock.expired(timeout))
            .await
            .expect("the wait for a head expires");
        assert!(started.elapsed() >= timeout, "{:?}", started.elapsed());
    }
}
