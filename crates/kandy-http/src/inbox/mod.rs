//! A device's inbox as a stream: fetch, yield, acknowledge after handling (at-least-once).
//!
//! [`Inbox`] fetches `get_pending_messages`, yields each message once as a [`Delivery`], and
//! deletes it from the device's queue with `delete_handled_messages`, in batches of at most
//! 10, only after the caller has called [`Delivery::ack`]: a batch goes out as soon as it is
//! full, the rest before the inbox fetches again. A delivery dropped without an ack is
//! yielded again. Dropping the inbox (or its stream) stops it; acks not yet sent are lost and
//! those messages come again later, which is what at-least-once means. [`Inbox::flush`]
//! sends them first.
//!
//! # Polling and push
//!
//! By default the inbox **polls**, backing off while the queue is empty or the API fails
//! transiently. Given a data channel ([`Inbox::with_data_channel`]) it is **pushed**: it
//! fetches when the channel says messages may be waiting (a pushed message or group event,
//! the `gofetch` wake-up, or the socket (re)opening), and otherwise waits, polling only as a
//! safety net (every 60 s by default, [`Inbox::with_safety_poll`]). While the socket is down
//! it polls with its backoff, as in polling mode; a channel that cannot open or ends leaves
//! it polling for good.
//!
//! A push is only a wake-up: every message is still taken from the queue and acked there,
//! so nothing is lost across a reconnection (what arrived meanwhile was queued, and is
//! fetched when the socket reopens), and a pushed copy is never a second delivery.
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

mod push;

use crate::retry::{Sleep, TokioSleep, is_transient};
use futures_util::Stream;
use kandy_core::{
    DataChannel, DeviceId, IncomingMessage, KandyApi, MessageUuid, Result, UserAccessToken,
};
use push::{Push, Signal};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;

/// The most UUIDs one `delete_handled_messages` call carries, as the official SDKs send.
pub const ACK_BATCH: usize = 10;

/// How often a pushed inbox polls anyway while its socket is open, by default.
pub const DEFAULT_SAFETY_POLL: Duration = Duration::from_secs(60);

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
    shared: Arc<Shared>,
    /// The data channel, when pushed.
    push: Option<Push>,
    safety_poll: Duration,
    /// Whether the next turn fetches (always, when polling).
    fetch_due: bool,
    finished: bool,
}

/// What the inbox shares with its deliveries.
#[derive(Debug, Default)]
struct Shared {
    handled: Mutex<Handled>,
    /// Rung on every ack and release, so a pushed inbox that waits sends acks at once.
    handled_now: Notify,
}

/// What ended a pushed inbox's wait.
enum Woke {
    Signal(Signal),
    /// A delivery was acked or released.
    Handled,
    Timer,
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
    shared: Arc<Shared>,
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
        lock(&self.shared).acked.push(self.message.uuid.clone());
        self.shared.handled_now.notify_one();
    }
}

impl Drop for Delivery {
    fn drop(&mut self) {
        if !self.acked {
            lock(&self.shared)
                .released
                .push(self.message.uuid.normalized().into_owned());
            self.shared.handled_now.notify_one();
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

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Handled> {
    shared
        .handled
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

impl<A: KandyApi + ?Sized> Inbox<A> {
    /// An inbox for one device, polling with backoff from 100 ms up to 5 s while empty (see
    /// [`with_data_channel`](Self::with_data_channel) to be pushed instead).
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
            shared: Arc::default(),
            push: None,
            safety_poll: DEFAULT_SAFETY_POLL,
            fetch_due: true,
            finished: false,
        }
    }

    /// Fetches when `channel` says messages may be waiting, instead of polling; polls with
    /// the backoff while its socket is down, and for good if it cannot open or ends (see the
    /// [module docs](self)). The channel is opened for the inbox's token as the inbox first
    /// waits; it is the inbox's own (a second socket if the application opens one too).
    pub fn with_data_channel(mut self, channel: Arc<dyn DataChannel>) -> Self {
        self.push = Some(Push::new(channel, self.token.clone()));
        self
    }

    /// How often a pushed inbox polls anyway while its socket is open
    /// ([`DEFAULT_SAFETY_POLL`] by default; at least 1 ms). No effect when polling.
    pub fn with_safety_poll(mut self, interval: Duration) -> Self {
        self.safety_poll = interval.max(Duration::from_millis(1));
        self
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
            if self.forget_released() {
                self.fetch_due = true;
            }
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
                    shared: self.shared.clone(),
                    acked: false,
                }));
            }
            if !self.fetch_due {
                self.idle().await;
                continue;
            }
            // This fetch answers every signal already received.
            if self.push.as_mut().is_some_and(Push::drain) {
                self.backoff = self.min_backoff;
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
                    if !self.buffer.is_empty() {
                        self.backoff = self.min_backoff;
                    } else if self.push.is_some() {
                        // Pushed: wait for the channel (or, while it is down, the backoff).
                        self.fetch_due = false;
                    } else {
                        self.wait().await;
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
    /// Whether there were any.
    fn forget_released(&mut self) -> bool {
        let released = std::mem::take(&mut lock(&self.shared).released);
        for uuid in &released {
            self.in_flight.remove(uuid);
        }
        !released.is_empty()
    }

    /// Deletes acked messages in batches of [`ACK_BATCH`]; a last, smaller batch only when
    /// `all`. A batch leaves the list of acks only after its deletion succeeded, so an error
    /// or a cancellation keeps it for the next attempt.
    async fn send_acks(&mut self, all: bool) -> Result<()> {
        loop {
            let batch: Vec<MessageUuid> = {
                let handled = lock(&self.shared);
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
            lock(&self.shared).acked.drain(..batch.len());
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

    /// A pushed inbox with nothing to do waits for its channel's next signal, a delivery's
    /// ack or release, or its timer: the safety poll while the socket is open, else the
    /// polling backoff. Cancel-safe: no signal is lost if this future is dropped.
    async fn idle(&mut self) {
        let Some(push) = &mut self.push else {
            self.fetch_due = true;
            return;
        };
        let connected = push.is_connected();
        let delay = if connected {
            self.safety_poll
        } else {
            self.backoff
        };
        let sleep = self.sleep.clone();
        let shared = self.shared.clone();
        let woke = tokio::select! {
            biased;
            signal = push.next_signal() => Woke::Signal(signal),
            () = shared.handled_now.notified() => Woke::Handled,
            () = sleep.sleep(delay) => Woke::Timer,
        };
        match woke {
            Woke::Signal(Signal::Fetch) => self.fetch_due = true,
            // Fetch what was queued while the socket was down, or may not have been pushed
            // as it went down; then poll from the shortest wait.
            Woke::Signal(Signal::Connected | Signal::Lost) => {
                self.fetch_due = true;
                self.backoff = self.min_backoff;
            }
            Woke::Signal(Signal::Nothing) | Woke::Handled => {}
            Woke::Timer => {
                self.fetch_due = true;
                if !connected {
                    self.backoff = (self.backoff * 2).min(self.max_backoff);
                }
            }
        }
    }
}

impl<A: KandyApi + ?Sized> fmt::Debug for Inbox<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("device", &self.device)
            .field("buffered", &self.buffer.len())
            .field("in_flight", &self.in_flight.len())
            .field("pushed", &self.push.is_some())
            .field(
                "connected",
                &self.push.as_ref().is_some_and(Push::is_connected),
            )
            .finish_non_exhaustive()
    }
}
