//! What ends a connection besides its client: the server's shutdown, or a head that takes
//! longer than the header timeout (see [`HeadClock`]).
//!
//! Both are watched by a task of the connection's own, which raises a flag the connection
//! reads when it is polled. Waiting on them in the connection's task would poll them on every
//! wake-up of every request, and polling a waiting shutdown receiver takes a lock all the
//! server's connections share; the flag is one atomic of this connection's.

use super::head_timeout::HeadClock;
use futures_util::task::AtomicWaker;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Why a connection is to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The server is shutting down: finish the call in flight, then close.
    Shutdown,
    /// The client took longer than the header timeout to send a head: close now.
    Expired,
}

/// `Flag::state` before anything is raised, and after each end.
const OPEN: u8 = 0;
const SHUTDOWN: u8 = 1;
const EXPIRED: u8 = 2;

/// The flag a connection's watcher raises, and the connection's waker.
#[derive(Debug, Default)]
struct Flag {
    state: AtomicU8,
    waker: AtomicWaker,
}

impl Flag {
    fn raise(&self, end: End) {
        let code = match end {
            End::Shutdown => SHUTDOWN,
            End::Expired => EXPIRED,
        };
        self.state.store(code, Ordering::Release);
        self.waker.wake();
    }

    fn raised(&self) -> Option<End> {
        match self.state.load(Ordering::Acquire) {
            OPEN => None,
            SHUTDOWN => Some(End::Shutdown),
            _ => Some(End::Expired),
        }
    }
}

/// A connection's end, watched by its own task (aborted when this is dropped, so the
/// watcher never outlives its connection).
#[derive(Debug)]
pub(crate) struct Ending {
    flag: Arc<Flag>,
    watcher: JoinHandle<()>,
}

impl Ending {
    /// Starts watching `shutdown` (a closed channel counts as a shutdown) and `clock`
    /// against `header_timeout`. Call it within a Tokio runtime.
    pub(crate) fn watch(
        clock: Arc<HeadClock>,
        header_timeout: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) -> Self {
        let flag = Arc::new(Flag::default());
        let raised = flag.clone();
        let watcher = tokio::spawn(async move {
            let end = tokio::select! {
                () = clock.expired(header_timeout) => End::Expired,
                _ = shutdown.wait_for(|down| *down) => End::Shutdown,
            };
            raised.raise(end);
        });
        Self { flag, watcher }
    }

    /// Ready with the reason once the connection is to end; until then the task polling it
    /// is woken when it is.
    pub(crate) fn poll_end(&self, cx: &mut Context<'_>) -> Poll<End> {
        if let Some(end) = self.flag.raised() {
            return Poll::Ready(end);
        }
        self.flag.waker.register(cx.waker());
        // Raised between the first look and the registration: the wake may have been missed.
        match self.flag.raised() {
            Some(end) => Poll::Ready(end),
            None => Poll::Pending,
        }
    }
}

impl Drop for Ending {
    fn drop(&mut self) {
        self.watcher.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::poll_fn;

    /// The end `ending` raises, within ten seconds.
    async fn end_of(ending: &Ending, what: &str) -> End {
        tokio::time::timeout(Duration::from_secs(10), poll_fn(|cx| ending.poll_end(cx)))
            .await
            .expect(what)
    }

    #[tokio::test]
    async fn a_shutdown_is_raised_and_wakes_the_connection() {
        let (sender, receiver) = watch::channel(false);
        let ending = Ending::watch(HeadClock::start(), Duration::from_secs(60), receiver);
        let waiting =
            tokio::time::timeout(Duration::from_millis(50), poll_fn(|cx| ending.poll_end(cx)))
                .await;
        assert!(waiting.is_err(), "nothing is raised before the shutdown");
        sender.send_replace(true);
        let end = end_of(&ending, "the shutdown wakes the connection").await;
        assert_eq!(end, End::Shutdown);
    }

    #[tokio::test]
    async fn a_closed_channel_is_a_shutdown_and_a_late_head_expires() {
        let (sender, receiver) = watch::channel(false);
        drop(sender);
        let ending = Ending::watch(HeadClock::start(), Duration::from_secs(60), receiver);
        let end = end_of(&ending, "a closed channel ends the connection").await;
        assert_eq!(end, End::Shutdown);

        let (_sender, receiver) = watch::channel(false);
        let ending = Ending::watch(HeadClock::start(), Duration::from_millis(20), receiver);
        let end = end_of(&ending, "a head that never comes expires").await;
        assert_eq!(end, End::Expired);
    }

    #[tokio::test]
    async fn the_watcher_ends_with_its_connection() {
        let (sender, receiver) = watch::channel(false);
        let ending = Ending::watch(HeadClock::start(), Duration::from_secs(60), receiver);
        let watcher = ending.watcher.abort_handle();
        drop(ending);
        tokio::time::timeout(Duration::from_secs(10), async {
            while !watcher.is_finished() {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("the watcher is aborted");
        assert_eq!(
            sender.receiver_count(),
            0,
            "the watcher let go of its receiver"
        );
    }
}
