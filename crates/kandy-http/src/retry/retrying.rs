//! `Retrying`: any `KandyApi` with the retry loop around each call.

use super::policy::{Decision, RetryPolicy, StopReason};
use super::timing::{Jitter, RandomJitter, Sleep, TokioSleep};
use kandy_core::{Error, Operation, Result};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// A [`KandyApi`](kandy_core::KandyApi) that retries the failed calls of another one, by a
/// [`RetryPolicy`].
///
/// It wraps any implementation, the HTTP client or the simulator alike. Cloning it, and
/// [`with_policy`](Self::with_policy), are cheap: the inner API is shared. Errors that do
/// not name their operation get its name. With a deadline (the default), calls must run on
/// a tokio runtime with its timer enabled, since the deadline is a `tokio::time::timeout`.
///
/// ```
/// # async fn demo(api: impl kandy_core::KandyApi) -> kandy_core::Result<()> {
/// use kandy_core::{DeviceId, KandyApi, OutgoingSms, UserAccessToken};
/// use kandy_http::retry::{RetryPolicy, Retrying};
///
/// let api = Retrying::new(api);
/// let token = UserAccessToken::new("UAT...");
/// let devices = api.get_devices(token.clone()).await?; // retried on transient failures
/// let Some(device) = devices.first() else { return Ok(()) };
/// let sms = OutgoingSms::new("+14155550100", "hello");
/// api.with_policy(RetryPolicy::never())
///     .send_sms(token, device.id.clone(), sms)
///     .await?;
/// # Ok(()) }
/// ```
pub struct Retrying<A: ?Sized> {
    inner: Arc<A>,
    policy: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    jitter: Arc<dyn Jitter>,
}

impl<A> Retrying<A> {
    /// Wraps `inner` with the default policy, the tokio timer and random jitter.
    pub fn new(inner: A) -> Self {
        Self::from_arc(Arc::new(inner))
    }
}

impl<A: ?Sized> Retrying<A> {
    /// Wraps an API that is already shared, `Arc<dyn KandyApi>` included (the result is a
    /// `Retrying<dyn KandyApi>`).
    pub fn from_arc(inner: Arc<A>) -> Self {
        Self {
            inner,
            policy: RetryPolicy::DEFAULT,
            sleep: Arc::new(TokioSleep),
            jitter: Arc::new(RandomJitter::new()),
        }
    }

    /// A view of the same API with another policy, e.g. for one call:
    /// `api.with_policy(RetryPolicy::never()).send_sms(..)`.
    pub fn with_policy(&self, policy: RetryPolicy) -> Self {
        Self {
            policy,
            ..self.clone()
        }
    }

    /// Replaces the sleeper (and the clock the deadline is measured on).
    pub fn with_sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Replaces the source of jitter.
    pub fn with_jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Arc::new(jitter);
        self
    }

    /// The policy in use.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The wrapped API.
    pub fn inner(&self) -> &A {
        &self.inner
    }

    /// Runs `attempt` until it succeeds or `self`'s policy says stop.
    pub(super) async fn run<T, F, Fut>(&self, op: &'static Operation, attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        run_with_retries(
            &self.policy,
            self.sleep.as_ref(),
            self.jitter.as_ref(),
            op,
            attempt,
        )
        .await
    }
}

impl<A: ?Sized> Clone for Retrying<A> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            policy: self.policy,
            sleep: Arc::clone(&self.sleep),
            jitter: Arc::clone(&self.jitter),
        }
    }
}

impl<A: ?Sized> fmt::Debug for Retrying<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retrying")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// The retry loop, written once: attempts `op` until success or a [`Decision::Stop`], and
/// bounds the whole call, attempts in flight included, by the policy's deadline.
async fn run_with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    sleep: &dyn Sleep,
    jitter: &dyn Jitter,
    op: &'static Operation,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let start = sleep.now();
    let attempts = async {
        let mut number: u32 = 1;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) => named(error, op),
            };
            let elapsed = sleep.now().saturating_duration_since(start);
            match policy.decide(op, &error, number, elapsed, jitter) {
                Decision::Retry(delay) => {
                    tracing::debug!(
                        operation = op.name,
                        attempt = number,
                        ?delay,
                        error_kind = ?error.kind(),
                        http_status = error.http_status(),
                        kandy_status = error.api_status().map(kandy_core::ApiStatus::code),
                        "retrying a failed Kandy call"
                    );
                    sleep.sleep(delay).await;
                    number = number.saturating_add(1);
                }
                Decision::Stop(reason) => {
                    if number > 1 || reason != StopReason::NotRetryable {
                        tracing::debug!(
                            operation = op.name,
                            attempts = number,
                            ?reason,
                            error_kind = ?error.kind(),
                            "giving up on a failed Kandy call"
                        );
                    }
                    return Err(error);
                }
            }
        }
    };
    match policy.deadline() {
        None => attempts.await,
        Some(deadline) => match tokio::time::timeout(deadline, attempts).await {
            Ok(result) => result,
            Err(_elapsed) => Err(Error::timeout(
                format!("the call did not finish within its {deadline:?} deadline"),
                true,
            )
            .with_operation(op.name)),
        },
    }
}

/// Names the operation in an error whose implementation did not.
fn named(error: Error, op: &Operation) -> Error {
    if error.operation().is_some() {
        error
    } else {
        error.with_operation(op.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::{FixedJitter, RecordingSleep};
    use kandy_core::ErrorKind;
    use kandy_core::operation::{GET_DEVICES, SEND_SMS};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    const MS: Duration = Duration::from_millis(1);

    #[tokio::test]
    async fn a_hung_attempt_is_cut_by_the_deadline_as_a_maybe_sent_timeout() {
        let policy = RetryPolicy::DEFAULT.with_deadline(50 * MS);
        let started = std::time::Instant::now();
        let result: Result<()> = run_with_retries(
            &policy,
            &TokioSleep,
            &FixedJitter::full(),
            &SEND_SMS,
            std::future::pending,
        )
        .await;
        let error = result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Timeout);
        assert!(error.maybe_sent());
        assert_eq!(error.operation(), Some("send_sms"));
        assert!(error.to_string().contains("deadline"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn time_spent_in_attempts_counts_toward_the_deadline() {
        let sleep = RecordingSleep::new();
        let policy = RetryPolicy::DEFAULT
            .with_max_attempts(10)
            .with_deadline(Duration::from_secs(60));
        let calls = AtomicU32::new(0);
        let result: Result<()> =
            run_with_retries(&policy, &sleep, &FixedJitter::full(), &GET_DEVICES, || {
                calls.fetch_add(1, Ordering::SeqCst);
                sleep.advance(Duration::from_secs(25));
                async { Err(Error::timeout("read", true)) }
            })
            .await;
        // Attempt 1 fails 25 s in (retry after 200 ms), attempt 2 at 50.2 s (retry after
        // 400 ms), attempt 3 at 75.6 s, past the 60 s deadline: no fourth attempt.
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(sleep.delays(), [200 * MS, 400 * MS]);
        assert_eq!(result.unwrap_err().operation(), Some("get_devices"));
    }
}
