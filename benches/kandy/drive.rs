//! The load driver: N workers calling one operation in a loop for a time window, and pairs
//! of measurements interleaved (A B B A ...) so that a busy neighbour on the machine weighs on
//! both sides of a ratio alike.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What the bench's errors are: a message.
pub type Result<T> = std::result::Result<T, String>;

/// Operations done in a time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    /// Operations (requests, or messages for a cycle) completed.
    pub ops: u64,
    /// From the start of the window until every worker finished its last operation.
    pub elapsed: Duration,
}

impl Tally {
    /// Operations per second.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.ops as f64 / secs
        } else {
            0.0
        }
    }
}

/// How long to measure.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// One measurement window.
    pub window: Duration,
    /// Rounds of a pair: each round measures both sides once, in alternating order.
    pub rounds: usize,
    /// A warm-up window on each side first (connections opened, caches filled); not counted.
    pub warmup: Duration,
}

/// Runs `op` on `workers` tasks for `window`. `op(worker, i)` is the `i`-th call of a worker
/// and returns how many operations it completed (a send/poll/ack cycle counts one message).
pub async fn run<F, Fut>(workers: usize, window: Duration, op: F) -> Result<Tally>
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<u64>> + Send + 'static,
{
    let op = Arc::new(op);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for worker in 0..workers {
        let (op, stop) = (Arc::clone(&op), Arc::clone(&stop));
        tasks.spawn(async move {
            let mut done = 0u64;
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                done += op(worker, i).await?;
                i += 1;
                // In-process calls never wait: let the other workers (and the timer) run.
                if i.is_multiple_of(64) {
                    tokio::task::yield_now().await;
                }
            }
            Ok::<u64, String>(done)
        });
    }
    tokio::time::sleep(window).await;
    stop.store(true, Ordering::Relaxed);
    let mut ops = 0;
    while let Some(joined) = tasks.join_next().await {
        ops += joined.map_err(|e| format!("a worker panicked: {e}"))??;
    }
    Ok(Tally {
        ops,
        elapsed: started.elapsed(),
    })
}

/// Two sides measured in turns: each one's median rate, and the median of the rounds' ratios.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    /// The median rate of side A (operations per second).
    pub value: f64,
    /// The median rate of side B, the baseline.
    pub baseline: f64,
    /// The median over the rounds of A's rate over B's rate in the same round.
    pub ratio: f64,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Measures `a` and `b` in turns (A B, then B A, ...) after a warm-up of each; each closure
/// measures one window of the length it is given. The machine is shared: a neighbour's burst
/// slows one window, so each round's ratio compares two adjacent windows, and the medians
/// leave the disturbed rounds out.
pub async fn compare<A, FA, B, FB>(plan: Plan, mut a: A, mut b: B) -> Result<Pair>
where
    A: FnMut(Duration) -> FA,
    FA: Future<Output = Result<Tally>>,
    B: FnMut(Duration) -> FB,
    FB: Future<Output = Result<Tally>>,
{
    a(plan.warmup).await?;
    b(plan.warmup).await?;
    let (mut rates_a, mut rates_b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..plan.rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = a(plan.window).await?;
            (ta, b(plan.window).await?)
        } else {
            let tb = b(plan.window).await?;
            (a(plan.window).await?, tb)
        };
        rates_a.push(ta.rate());
        rates_b.push(tb.rate());
        if tb.rate() > 0.0 {
            ratios.push(ta.rate() / tb.rate());
        }
    }
    Ok(Pair {
        value: median(rates_a),
        baseline: median(rates_b),
        ratio: median(ratios),
    })
}

/// Measures one side alone: a warm-up, then its median rate over `rounds` windows.
pub async fn single<A, FA>(plan: Plan, mut a: A) -> Result<f64>
where
    A: FnMut(Duration) -> FA,
    FA: Future<Output = Result<Tally>>,
{
    a(plan.warmup).await?;
    let mut rates = Vec::new();
    for _ in 0..plan.rounds {
        rates.push(a(plan.window).await?.rate());
    }
    Ok(median(rates))
}
