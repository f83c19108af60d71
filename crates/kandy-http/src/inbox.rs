//! A device's inbox as a stream: poll, yield, acknowledge after handling (at-least-once).
//!
//! [`Inbox`] polls `get_pending_messages` (backing off while the queue is empty or the API
//! fails transiently), yields each message once as a [`Delivery`], and deletes it from the
//! device's queue with `delete_handled_messages`, in batches of at most 10, only after the
//! caller has called [`Delivery::ack`]: a batch goes out as soon as it is full, the rest
//! before the inbox polls again. A delivery dropped without an ack is yielded again.
//! Dropping the inbox (or its stream) stops it; acks not yet sent are lost and those messages
//! come again later, which is what at-least-once means. [`Inbox::flush`] sends them first.
//!
//! ```
//! # async fn demo(api: std::sync::Arc<dyn kandy_core::KandyApi>,
//! #     token: kandy_core::UserAccessToken, device: kandy_core::DeviceId) -> kandy_core::Result<()> {
//! use kandy_http::inbox::Inbox;
//!
//! let mut inbox = Inbox::new(api, token, device);
//! while let Some(delivery) = inbox.next().await {
//!     let delivery = delivery?;
//!     println!("{}", delivery.message().text().unwrap_or_default());
//!     delivery.ack();
//! #   break;
//! }
//! inbox.flush().await?;
//! # Ok(())
//! # }
//! ```

use crate::retry::{Sleep, TokioSleep, is_transient};
use futures_util::Stream;
use kandy_core::{DeviceId, IncomingMessage, KandyApi, MessageUuid, Result, UserAccessToken};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The most UUIDs one `delete_handled_messages` call carries, as the official SDKs send.
pub const ACK_BATCH: usize = 10;

/// A device's inbox; see the [module docs](self).
pub struct Inbox<A: KandyApi + ?Sized = dyn KandyApi> {
    api: Arc<A>,
    token: UserAccessToken,
    device: DeviceId,
    sleep: Arc<dyn Sleep>,
    min_backoff: Duration,
    max_backoff: Duration,
    backoff: Duration,
    /// Fetched, not yet yielded.
    buffer: VecDeque<IncomingMessage>,
    /// Yielded and not yet deleted from the queue (normalized UUIDs).
    in_flight: HashSet<String>,
    handled: Arc<Mutex<Handled>>,
    finished: bool,
}

/// What the caller did with deliveries since the last poll.
#[derive(Debug, Default)]
struct Handled {
    acked: Vec<MessageUuid>,
    released: Vec<String>,
}

/// One message yielded by an [`Inbox`]; call [`ack`](Self::ack) once it is handled.
pub struct Delivery {
    message: IncomingMessage,
    handled: Arc<Mutex<Handled>>,
    acked: bool,
}

impl Delivery {
    /// The message.
    pub fn message(&self) -> &IncomingMessage {
        &self.message
    }

    /// Marks the message handled: the inbox deletes it from the device's queue.
    pub fn ack(mut self) {
        self.acked = true;
        lock(&self.handled).acked.push(self.message.uuid.clone());
    }
}

impl Drop for Delivery {
    fn drop(&mut self) {
        if !self.acked {
            lock(&self.handled)
                .released
                .push(self.message.uuid.normalized().into_owned());
        }
    }
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("message", &self.message)
            .field("acked", &self.acked)
            .finish()
    }
}

fn lock(handled: &Mutex<Handled>) -> std::sync::MutexGuard<'_, Handled> {
    handled.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<A: KandyApi + ?Sized> Inbox<A> {
    /// An inbox for one device, polling with backoff from 100 ms up to 5 s while empty.
    pub fn new(api: Arc<A>, token: UserAccessToken, device: DeviceId) -> Self {
        let min_backoff = Duration::from_millis(100);
        Self {
            api,
            token,
            device,
            sleep: Arc::new(TokioSleep),
            min_backoff,
            max_backoff: Duration::from_secs(5),
            backoff: min_backoff,
            buffer: VecDeque::new(),
            in_flight: HashSet::new(),
            handled: Arc::default(),
            finished: false,
        }
    }

    /// Sets the polling backoff: the first wait after an empty poll (at least 1 ms, so an
    /// empty queue is never polled in a busy loop), and the longest.
    pub fn with_backoff(mut self, min: Duration, max: Duration) -> Self {
        let min = min.max(Duration::from_millis(1));
        self.min_backoff = min;
        self.max_backoff = max.max(min);
        self.backoff = min;
        self
    }

    /// Replaces the sleeper (tests use [`RecordingSleep`](crate::retry::RecordingSleep)).
    pub fn with_sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The next message, waiting for one as long as it takes. `None` after a permanent error
    /// has been yielded; transient errors are waited out.
    ///
    /// Acks go out in full batches of [`ACK_BATCH`] while buffered messages remain, and all
    /// of them before the inbox asks the server for more (or waits for it). Cancelling the
    /// returned future (e.g. in `select!` or `timeout`) loses nothing: an ack is forgotten
    /// only once its deletion has succeeded.
    pub async fn next(&mut self) -> Option<Result<Delivery>> {
        while !self.finished {
            self.forget_released();
            let all = self.buffer.is_empty();
            if let Err(error) = self.send_acks(all).await {
                if is_transient(&error) {
                    self.wait().await;
                    continue;
                }
                self.finished = true;
                return Some(Err(error));
            }
            if let Some(message) = self.buffer.pop_front() {
                self.in_flight
                    .insert(message.uuid.normalized().into_owned());
                return Some(Ok(Delivery {
                    message,
                    handled: self.handled.clone(),
                    acked: false,
                }));
            }
            match self
                .api
                .get_pending_messages(self.token.clone(), self.device.clone(), None)
                .await
            {
                Ok(pending) => {
                    let in_flight = &self.in_flight;
                    self.buffer.extend(
                        pending
                            .messages
                            .into_iter()
                            .filter(|m| !in_flight.contains(m.uuid.normalized().as_ref())),
                    );
                    if self.buffer.is_empty() {
                        self.wait().await;
                    } else {
                        self.backoff = self.min_backoff;
                    }
                }
                Err(error) if is_transient(&error) => self.wait().await,
                Err(error) => {
                    self.finished = true;
                    return Some(Err(error));
                }
            }
        }
        None
    }

    /// Deletes every acked message from the device's queue, at most [`ACK_BATCH`] per call,
    /// and forgets the deliveries dropped without an ack so they are yielded again.
    ///
    /// On an error the acks not yet deleted are kept for the next flush (deleting is
    /// idempotent); the same holds if this future is cancelled.
    pub async fn flush(&mut self) -> Result<()> {
        self.forget_released();
        self.send_acks(true).await
    }

    /// Forgets the deliveries dropped without an ack: the next poll yields them again.
    fn forget_released(&mut self) {
        let released = std::mem::take(&mut lock(&self.handled).released);
        for uuid in released {
            self.in_flight.remove(&uuid);
        }
    }

    /// Deletes acked messages in batches of [`ACK_BATCH`]; a last, smaller batch only when
    /// `all`. A batch leaves the list of acks only after its deletion succeeded, so an error
    /// or a cancellation keeps it for the next attempt.
    async fn send_acks(&mut self, all: bool) -> Result<()> {
        loop {
            let batch: Vec<MessageUuid> = {
                let handled = lock(&self.handled);
                let n = handled.acked.len().min(ACK_BATCH);
                handled.acked[..n].to_vec()
            };
            if batch.is_empty() || (!all && batch.len() < ACK_BATCH) {
                return Ok(());
            }
            self.api
                .delete_handled_messages(self.token.clone(), self.device.clone(), batch.clone())
                .await?;
            // Acks are only ever appended while a flush runs, so the batch is still in front.
            lock(&self.handled).acked.drain(..batch.len());
            for uuid in &batch {
                self.in_flight.remove(uuid.normalized().as_ref());
            }
        }
    }

    /// The inbox as a [`Stream`] of deliveries (dropping the stream stops polling).
    pub fn into_stream(self) -> impl Stream<Item = Result<Delivery>> + Send
    where
        A: 'static,
    {
        futures_util::stream::unfold(self, |mut inbox| async move {
            inbox.next().await.map(|item| (item, inbox))
        })
    }

    async fn wait(&mut self) {
        self.sleep.sleep(self.backoff).await;
        self.backoff = (self.backoff * 2).min(self.max_backoff);
    }
}

impl<A: KandyApi + ?Sized> fmt::Debug for Inbox<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("device", &self.device)
            .field("buffered", &self.buffer.len())
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}
