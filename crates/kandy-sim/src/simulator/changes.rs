//! Change notifications: a [`ChangeStream`] wakes when the simulator's
//! [`version`](Simulator::version) moves, so a watcher (the server's dashboard) never polls.
//!
//! A change costs one atomic load while nobody watches; with watchers, a `try_send` on each
//! one's channel of one slot (a burst of changes wakes a watcher once).

use super::Simulator;
use futures_channel::mpsc;
use futures_core::Stream;
use parking_lot::Mutex;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

/// The watchers of one simulator's state.
#[derive(Debug, Default)]
pub(super) struct Watchers {
    /// How many senders `senders` holds (read without the lock on every change).
    count: AtomicUsize,
    senders: Mutex<Vec<mpsc::Sender<()>>>,
}

impl Watchers {
    /// Wakes every watcher; forgets those that are gone. Called after the version moved.
    pub(super) fn wake(&self) {
        // SeqCst pairs with the watcher's SeqCst registration and version read: either the
        // watcher sees the new version, or this sees the watcher.
        if self.count.load(Ordering::SeqCst) == 0 {
            return;
        }
        let mut senders = self.senders.lock();
        // A full channel has a wake-up waiting already; a closed one's watcher is gone.
        senders.retain_mut(|sender| match sender.try_send(()) {
            Ok(()) => true,
            Err(e) => e.is_full(),
        });
        self.count.store(senders.len(), Ordering::SeqCst);
    }
}

/// The simulator's [`version`](Simulator::version) each time it moves: the first item at
/// once, then one whenever it has moved since the last (changes in a burst are seen as one).
/// It never ends; drop it to stop watching. Made by [`Simulator::changes`].
#[derive(Debug)]
pub struct ChangeStream {
    sim: Simulator,
    wakes: mpsc::Receiver<()>,
    seen: Option<u64>,
}

impl Stream for ChangeStream {
    type Item = u64;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = self.get_mut();
        loop {
            // SeqCst, after the SeqCst registration: see `Watchers::wake`.
            let now = this.sim.shared.version.load(Ordering::SeqCst);
            if this.seen != Some(now) {
                this.seen = Some(now);
                return Poll::Ready(Some(now));
            }
            match Pin::new(&mut this.wakes).poll_next(cx) {
                // Woken: read the version again.
                Poll::Ready(Some(())) => {}
                // The simulator keeps its senders while it lives, and this holds it.
                Poll::Ready(None) | Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl Simulator {
    /// A stream of the state's version, woken by every change (see [`ChangeStream`]).
    pub fn changes(&self) -> ChangeStream {
        let (sender, wakes) = mpsc::channel(0);
        let watchers = &self.shared.watchers;
        let mut senders = watchers.senders.lock();
        senders.push(sender);
        watchers.count.store(senders.len(), Ordering::SeqCst);
        drop(senders);
        ChangeStream {
            sim: self.clone(),
            wakes,
            seen: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[test]
    fn a_change_wakes_the_stream_once_per_burst_and_a_dropped_stream_is_forgotten() {
        let sim = Simulator::new();
        let mut changes = sim.changes();
        let first = futures_util::FutureExt::now_or_never(changes.next()).flatten();
        assert_eq!(first, Some(sim.version()));
        assert_eq!(futures_util::FutureExt::now_or_never(changes.next()), None);
        sim.create_account();
        sim.create_account();
        let next = futures_util::FutureExt::now_or_never(changes.next()).flatten();
        assert_eq!(next, Some(sim.version()));
        assert_eq!(futures_util::FutureExt::now_or_never(changes.next()), None);
        drop(changes);
        sim.create_account();
        assert_eq!(sim.shared.watchers.count.load(Ordering::SeqCst), 0);
    }
}
