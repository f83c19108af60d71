//! The retry layer's injectable clock, sleep and randomness.
//!
//! Production code uses [`TokioSleep`] and [`RandomJitter`]. Tests use [`RecordingSleep`],
//! which returns at once, records every requested delay and keeps a virtual clock, and
//! [`FixedJitter`], which makes every delay exact.

use async_trait::async_trait;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Waits between attempts, and tells the time the retry deadline is measured on.
#[async_trait]
pub trait Sleep: Send + Sync {
    /// Waits for `delay`.
    async fn sleep(&self, delay: Duration);

    /// The current instant on this sleeper's clock. The default is the real clock.
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Sleeps on the tokio timer (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

#[async_trait]
impl Sleep for TokioSleep {
    async fn sleep(&self, delay: Duration) {
        tokio::time::sleep(delay).await;
    }

    /// Tokio's clock, so a test runtime with paused time sees consistent elapsed times.
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}

/// A sleeper for tests: returns at once, records each requested delay, and advances a
/// virtual clock by it.
///
/// Clones share the record, so keep one clone and give another to
/// [`Retrying::with_sleep`](super::Retrying::with_sleep).
#[derive(Clone, Debug)]
pub struct RecordingSleep {
    start: Instant,
    state: Arc<Mutex<Recorded>>,
}

#[derive(Debug, Default)]
struct Recorded {
    delays: Vec<Duration>,
    elapsed: Duration,
}

impl RecordingSleep {
    /// A sleeper with an empty record and its virtual clock at zero.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            state: Arc::default(),
        }
    }

    /// The delays asked for so far, in order.
    pub fn delays(&self) -> Vec<Duration> {
        self.lock().delays.clone()
    }

    /// How far the virtual clock has moved: the delays slept plus any [`advance`](Self::advance).
    pub fn elapsed(&self) -> Duration {
        self.lock().elapsed
    }

    /// Moves the virtual clock forward without recording a delay, e.g. to make a fake API
    /// call "take" some time.
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.elapsed = state.elapsed.saturating_add(by);
    }

    fn lock(&self) -> MutexGuard<'_, Recorded> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for RecordingSleep {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl Sleep for RecordingSleep {
    async fn sleep(&self, delay: Duration) {
        let mut state = self.lock();
        state.delays.push(delay);
        state.elapsed = state.elapsed.saturating_add(delay);
    }

    fn now(&self) -> Instant {
        let elapsed = self.lock().elapsed;
        self.start.checked_add(elapsed).unwrap_or(self.start)
    }
}

/// Picks the actual delay below a backoff ceiling ("full jitter").
pub trait Jitter: Send + Sync {
    /// A delay between zero and `ceiling`, both included.
    fn pick(&self, ceiling: Duration) -> Duration;
}

/// Uniformly random delays from a [`fastrand`] generator (the default).
#[derive(Debug)]
pub struct RandomJitter {
    rng: Mutex<fastrand::Rng>,
}

impl RandomJitter {
    /// A generator seeded from the thread's random source.
    pub fn new() -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::new()),
        }
    }

    /// A generator with a fixed seed: the same seed gives the same delays.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
        }
    }
}

impl Default for RandomJitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Jitter for RandomJitter {
    fn pick(&self, ceiling: Duration) -> Duration {
        let max = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        Duration::from_nanos(rng.u64(0..=max))
    }
}

/// The same share of every ceiling, for tests: exact, repeatable delays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedJitter {
    percent: u8,
}

impl FixedJitter {
    /// `percent` % of each ceiling (values above 100 count as 100).
    pub const fn percent(percent: u8) -> Self {
        Self {
            percent: if percent > 100 { 100 } else { percent },
        }
    }

    /// The whole ceiling: delays of `initial · 2^(attempt-1)`, capped.
    pub const fn full() -> Self {
        Self::percent(100)
    }

    /// No delay at all.
    pub const fn none() -> Self {
        Self::percent(0)
    }
}

impl Jitter for FixedJitter {
    fn pick(&self, ceiling: Duration) -> Duration {
        let nanos = ceiling.as_nanos() * u128::from(self.percent) / 100;
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn fixed_jitter_takes_an_exact_share_of_the_ceiling() {
        assert_eq!(FixedJitter::full().pick(200 * MS), 200 * MS);
        assert_eq!(FixedJitter::percent(50).pick(400 * MS), 200 * MS);
        assert_eq!(FixedJitter::none().pick(400 * MS), Duration::ZERO);
        assert_eq!(FixedJitter::percent(250), FixedJitter::full());
    }

    #[test]
    fn random_jitter_stays_within_the_ceiling_and_a_seed_repeats() {
        let a = RandomJitter::seeded(7);
        let b = RandomJitter::seeded(7);
        for _ in 0..200 {
            let delay = a.pick(300 * MS);
            assert!(delay <= 300 * MS);
            assert_eq!(delay, b.pick(300 * MS));
        }
        assert_eq!(RandomJitter::new().pick(Duration::ZERO), Duration::ZERO);
    }

    #[tokio::test]
    async fn recording_sleep_records_and_moves_its_clock_without_waiting() {
        let sleep = RecordingSleep::new();
        let before = sleep.now();
        let wall = Instant::now();
        sleep.sleep(Duration::from_secs(30)).await;
        sleep.clone().sleep(Duration::from_secs(5)).await;
        sleep.advance(Duration::from_secs(1));
        assert!(wall.elapsed() < Duration::from_secs(5));
        assert_eq!(
            sleep.delays(),
            [Duration::from_secs(30), Duration::from_secs(5)]
        );
        assert_eq!(sleep.elapsed(), Duration::from_secs(36));
        assert_eq!(sleep.now() - before, Duration::from_secs(36));
    }
}
