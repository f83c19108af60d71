//! The retry policy: how many attempts, how long between them, and when to stop.

use super::classify::{is_safe_to_repeat, is_transient};
use super::timing::Jitter;
use kandy_core::{Error, Operation};
use std::time::Duration;

/// When and how often a failed call is tried again.
///
/// Plain data; build it from [`RetryPolicy::DEFAULT`] (or [`RetryPolicy::never`]) with the
/// `with_*` methods:
///
/// ```
/// use kandy_http::retry::RetryPolicy;
/// use std::time::Duration;
///
/// let policy = RetryPolicy::DEFAULT
///     .with_max_attempts(5)
///     .with_deadline(Duration::from_secs(20));
/// assert_eq!(policy.max_attempts(), 5);
/// ```
///
/// What is retried: a transient failure ([`is_transient`](super::is_transient)) that
/// certainly happened before the request was sent, for any operation; after the request may
/// have been sent, only for operations that are safe to repeat
/// ([`is_safe_to_repeat`](super::is_safe_to_repeat)). Sends (IM, group IM, SMS) and creates
/// are therefore never repeated once they may have reached the server, unless the policy is
/// [`always`](Self::always).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Option<Duration>,
    repeat_unsafe: bool,
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    Retry(Duration),
    /// Give up and return the error.
    Stop(StopReason),
}

/// Why a call is not tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The error is permanent, or the request may have been sent and the operation is not
    /// safe to repeat.
    NotRetryable,
    /// The attempt limit is reached.
    AttemptsExhausted,
    /// The next delay would reach the overall deadline.
    DeadlineReached,
}

impl RetryPolicy {
    /// The default attempt limit, the first attempt included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// The default ceiling of the first delay.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
    /// The default cap on any delay.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(10);
    /// The default overall deadline of a call, all attempts and delays included.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

    /// 3 attempts, 200 ms initial backoff, a 10 s cap and a 60 s overall deadline.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
        initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
        max_backoff: Self::DEFAULT_MAX_BACKOFF,
        deadline: Some(Self::DEFAULT_DEADLINE),
        repeat_unsafe: false,
    };

    /// One attempt, never retried. The default overall deadline still bounds the call.
    pub const fn never() -> Self {
        Self::DEFAULT.with_max_attempts(1)
    }

    /// Like [`DEFAULT`](Self::DEFAULT), but also repeats sends and creates after a transient
    /// failure that may have happened after the request was sent.
    ///
    /// **This can send an SMS or an IM twice, or create two groups**: the service does not
    /// de-duplicate sends. Use it only where a duplicate is harmless.
    pub const fn always() -> Self {
        let mut policy = Self::DEFAULT;
        policy.repeat_unsafe = true;
        policy
    }

    /// Sets the attempt limit, the first attempt included (0 counts as 1).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Sets the ceiling of the first delay; each later ceiling doubles, up to the cap.
    pub const fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the cap on any delay.
    pub const fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets the overall deadline of a call, all attempts and delays included.
    pub const fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Removes the overall deadline: only the attempt limit stops retrying.
    pub const fn without_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// The attempt limit, the first attempt included (at least 1).
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the first delay.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap on any delay.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The overall deadline of a call, if any.
    pub const fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether sends and creates are repeated too (only with [`always`](Self::always)).
    pub const fn repeats_unsafe_operations(&self) -> bool {
        self.repeat_unsafe
    }

    /// Whether this failure of `op` may be retried at all (ignoring limits and deadline).
    pub fn is_retryable(&self, op: &Operation, error: &Error) -> bool {
        is_transient(error) && (!error.maybe_sent() || self.repeat_unsafe || is_safe_to_repeat(op))
    }

    /// The ceiling of the delay after failed attempt number `attempt` (from 1):
    /// `min(max_backoff, initial_backoff · 2^(attempt-1))`.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        2u32.checked_pow(attempt.saturating_sub(1))
            .and_then(|factor| self.initial_backoff.checked_mul(factor))
            .map_or(self.max_backoff, |ceiling| ceiling.min(self.max_backoff))
    }

    /// What to do after attempt number `attempt` (from 1) of `op` failed with `error`,
    /// `elapsed` after the call started. The delay is `jitter`'s pick below
    /// [`backoff_ceiling`](Self::backoff_ceiling); retrying stops when the call would then
    /// reach the deadline.
    pub fn decide(
        &self,
        op: &Operation,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
        jitter: &dyn Jitter,
    ) -> Decision {
        if !self.is_retryable(op, error) {
            return Decision::Stop(StopReason::NotRetryable);
        }
        if attempt >= self.max_attempts {
            return Decision::Stop(StopReason::AttemptsExhausted);
        }
        let delay = jitter.pick(self.backoff_ceiling(attempt));
        match self.deadline {
            Some(deadline) if elapsed.saturating_add(delay) >= deadline => {
                Decision::Stop(StopReason::DeadlineReached)
            }
            _ => Decision::Retry(delay),
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::FixedJitter;
    use kandy_core::operation::{
        CREATE_GROUP, DELETE_HANDLED_MESSAGES, GET_DEVICES, SEND_MESSAGE, SEND_SMS,
    };
    use kandy_core::status;

    const MS: Duration = Duration::from_millis(1);
    const FULL: FixedJitter = FixedJitter::full();

    fn unavailable() -> Error {
        Error::api(status::INTERNAL, "unavailable", Some(503))
    }

    #[test]
    fn defaults_match_the_design() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts(), 3);
        assert_eq!(p.initial_backoff(), 200 * MS);
        assert_eq!(p.max_backoff(), Duration::from_secs(10));
        assert_eq!(p.deadline(), Some(Duration::from_secs(60)));
        assert!(!p.repeats_unsafe_operations());
        assert_eq!(RetryPolicy::never().max_attempts(), 1);
        assert_eq!(p.with_max_attempts(0).max_attempts(), 1);
        assert!(RetryPolicy::always().repeats_unsafe_operations());
        assert_eq!(p.without_deadline().deadline(), None);
    }

    #[test]
    fn ceilings_double_from_the_initial_backoff_up_to_the_cap() {
        let p = RetryPolicy::DEFAULT.with_max_backoff(1000 * MS);
        let ceilings: Vec<_> = (1..=6).map(|n| p.backoff_ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [
                200 * MS,
                400 * MS,
                800 * MS,
                1000 * MS,
                1000 * MS,
                1000 * MS
            ]
        );
        assert_eq!(p.backoff_ceiling(u32::MAX), 1000 * MS);
        assert_eq!(p.backoff_ceiling(0), 200 * MS);
    }

    #[test]
    fn full_jitter_picks_below_the_ceiling() {
        let p = RetryPolicy::DEFAULT.with_max_attempts(10);
        let half = FixedJitter::percent(50);
        assert_eq!(
            p.decide(&GET_DEVICES, &unavailable(), 3, Duration::ZERO, &half),
            Decision::Retry(400 * MS)
        );
        assert_eq!(
            p.decide(
                &GET_DEVICES,
                &unavailable(),
                3,
                Duration::ZERO,
                &FixedJitter::none()
            ),
            Decision::Retry(Duration::ZERO)
        );
    }

    #[test]
    fn before_sending_every_operation_is_retried() {
        let p = RetryPolicy::DEFAULT;
        for op in [SEND_SMS, SEND_MESSAGE, CREATE_GROUP, GET_DEVICES] {
            for error in [
                Error::connect("refused"),
                Error::timeout("connect", false),
                Error::transport("dns", false),
            ] {
                assert_eq!(
                    p.decide(&op, &error, 1, Duration::ZERO, &FULL),
                    Decision::Retry(200 * MS),
                    "{} {error:?}",
                    op.name
                );
            }
        }
    }

    #[test]
    fn after_sending_only_safe_operations_are_retried() {
        let p = RetryPolicy::DEFAULT;
        let sent = || {
            [
                Error::timeout("read", true),
                Error::transport("reset", true),
                unavailable(),
            ]
        };
        for op in [SEND_SMS, SEND_MESSAGE, CREATE_GROUP] {
            for error in sent() {
                assert_eq!(
                    p.decide(&op, &error, 1, Duration::ZERO, &FULL),
                    Decision::Stop(StopReason::NotRetryable),
                    "{} {error:?}",
                    op.name
                );
                assert_eq!(
                    RetryPolicy::always().decide(&op, &error, 1, Duration::ZERO, &FULL),
                    Decision::Retry(200 * MS)
                );
            }
        }
        for op in [GET_DEVICES, DELETE_HANDLED_MESSAGES] {
            for error in sent() {
                assert_eq!(
                    p.decide(&op, &error, 2, Duration::ZERO, &FULL),
                    Decision::Retry(400 * MS)
                );
            }
        }
    }

    #[test]
    fn permanent_errors_stop_even_under_always() {
        for error in [
            Error::bad_argument("x"),
            Error::config("x"),
            Error::api(status::TOKEN_EXPIRED, "expired", Some(401)),
            Error::api(status::DOES_NOT_EXIST, "gone", Some(404)),
            Error::api(status::ALREADY_EXISTS, "exists", Some(409)),
        ] {
            assert_eq!(
                RetryPolicy::always().decide(&GET_DEVICES, &error, 1, Duration::ZERO, &FULL),
                Decision::Stop(StopReason::NotRetryable),
                "{error:?}"
            );
        }
    }

    #[test]
    fn the_attempt_limit_counts_the_first_attempt() {
        let p = RetryPolicy::DEFAULT;
        let e = unavailable();
        assert!(matches!(
            p.decide(&GET_DEVICES, &e, 2, Duration::ZERO, &FULL),
            Decision::Retry(_)
        ));
        assert_eq!(
            p.decide(&GET_DEVICES, &e, 3, Duration::ZERO, &FULL),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(
            RetryPolicy::never().decide(&GET_DEVICES, &e, 1, Duration::ZERO, &FULL),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn the_deadline_stops_when_the_next_delay_would_reach_it() {
        let p = RetryPolicy::DEFAULT
            .with_max_attempts(10)
            .with_deadline(Duration::from_secs(1));
        let e = unavailable();
        // Attempt 3 failed 599 ms in: an 800 ms delay would end at 1399 ms.
        assert_eq!(
            p.decide(&GET_DEVICES, &e, 3, 599 * MS, &FULL),
            Decision::Stop(StopReason::DeadlineReached)
        );
        // Attempt 2 failed 599 ms in: 400 ms more ends at 999 ms, inside the deadline.
        assert_eq!(
            p.decide(&GET_DEVICES, &e, 2, 599 * MS, &FULL),
            Decision::Retry(400 * MS)
        );
        assert_eq!(
            p.decide(&GET_DEVICES, &e, 2, 600 * MS, &FULL),
            Decision::Stop(StopReason::DeadlineReached)
        );
        assert_eq!(
            p.without_deadline()
                .decide(&GET_DEVICES, &e, 3, Duration::from_secs(3600), &FULL),
            Decision::Retry(800 * MS)
        );
    }
}
