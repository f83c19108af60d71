//! Item 3, the in-process simulator: messages per second through send, poll and ack;
//! `get_devices` at 1 thousand, 100 thousand and 1 million users in one domain; memory per user.
//!
//! `get_devices` is called, round robin, by the same 1000 users (the first created) in every
//! population, so that only the population changes; a second figure calls it for 1000 users
//! spread evenly over the million, which measures the memory hierarchy as much as the code.
//!
//! Populations are built through the simulator's own `create_user_by_user_id`, one call per
//! user (no snapshot: building the JSON of a million users would cost more than the users).

use crate::drive::{self, Plan, Result, Tally};
use crate::fixture::{Domain, Person, message_to};
use crate::report::Figure;
use kandy::sim::Simulator;
use kandy::{KandyApi, MessageUuid};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The goal: `get_devices` at 1M users at least this share of its throughput at 1k users.
const GOAL: f64 = 0.8;

/// How many users of each population are logged in and called.
const SAMPLE: usize = 1000;

/// One message through send, poll and ack, in-process: `from` sends to `to`, which reads its
/// queue and deletes all it read (the message and the remote ack of its own last send).
pub async fn cycle(sim: &Simulator, from: &Person, to: &Person) -> Result<u64> {
    sim.send_message(from.token.clone(), from.device.clone(), message_to(to))
        .await
        .map_err(|e| e.to_string())?;
    let pending = sim
        .get_pending_messages(to.token.clone(), to.device.clone(), None)
        .await
        .map_err(|e| e.to_string())?;
    let uuids: Vec<MessageUuid> = pending.messages.into_iter().map(|m| m.uuid).collect();
    if !uuids.is_empty() {
        sim.delete_handled_messages(to.token.clone(), to.device.clone(), uuids)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(1)
}

/// `workers` tasks, each running the cycle on its own pair, alternating the direction.
pub async fn cycles(
    sim: &Simulator,
    pairs: &Arc<Vec<[Person; 2]>>,
    workers: usize,
    window: Duration,
) -> Result<Tally> {
    let (sim, pairs) = (sim.clone(), Arc::clone(pairs));
    drive::run(workers, window, move |w, i| {
        let (sim, pairs) = (sim.clone(), Arc::clone(&pairs));
        async move {
            let [a, b] = &pairs[w];
            if i % 2 == 0 {
                cycle(&sim, a, b).await
            } else {
                cycle(&sim, b, a).await
            }
        }
    })
    .await
}

/// `workers` tasks calling `get_devices`, worker `w` for the users `w`, `w + workers`, ...
pub async fn get_devices(
    sim: &Simulator,
    people: &Arc<Vec<Person>>,
    workers: usize,
    window: Duration,
) -> Result<Tally> {
    let (sim, people) = (sim.clone(), Arc::clone(people));
    drive::run(workers, window, move |w, i| {
        let (sim, people) = (sim.clone(), Arc::clone(&people));
        async move {
            let k = (w + i as usize * workers) % people.len();
            sim.get_devices(people[k].token.clone())
                .await
                .map(|_| 1)
                .map_err(|e| e.to_string())
        }
    })
    .await
}

/// The resident set size of this process, from `/proc/self/status`.
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A simulator with `users` users in one domain, and two samples of them logged in.
struct Population {
    sim: Simulator,
    /// The first users created (`u0`, `u1`, ...): the same users in every population, so only
    /// the population changes between measurements.
    first: Arc<Vec<Person>>,
    /// Users spread evenly over the population: the calls also touch memory all over it.
    spread: Arc<Vec<Person>>,
    /// Bytes of resident memory the users added.
    rss_growth: Option<u64>,
    built_in: Duration,
}

async fn population(users: usize) -> Result<Population> {
    // One domain holds the whole population: past the default limit of users per domain.
    let mut limits = kandy::sim::model::Limits::default();
    limits.users_per_domain = limits.users_per_domain.max(users);
    let sim = Simulator::builder().limits(limits).build();
    let domain = Domain::new(&sim, "bench.kandy.io").await?;
    let before = rss_bytes();
    let started = Instant::now();
    for i in 0..users {
        domain.add_user(&format!("u{i}")).await?;
    }
    let built_in = started.elapsed();
    let rss_growth = before.zip(rss_bytes()).map(|(b, a)| a.saturating_sub(b));
    let (mut first, mut spread) = (Vec::new(), Vec::new());
    for k in 0..SAMPLE.min(users) {
        first.push(domain.login(&format!("u{k}")).await?);
        spread.push(domain.login(&format!("u{}", k * users / SAMPLE)).await?);
    }
    Ok(Population {
        sim,
        first: Arc::new(first),
        spread: Arc::new(spread),
        rss_growth,
        built_in,
    })
}

fn label(users: usize) -> String {
    match users {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Measures the cycle, then builds the populations (memory is read while the second one, the
/// 100k, is built: run this first, on a fresh heap) and compares `get_devices` on each
/// against the smallest.
pub async fn measure(plan: Plan, populations: &[usize]) -> Result<Vec<Figure>> {
    let mut figures = Vec::new();

    let sim = Simulator::new();
    let domain = Domain::new(&sim, "bench.kandy.io").await?;
    let pairs = crate::server::pairs(&domain, "cycle", 1).await?;
    let rate = drive::single(plan, |window| cycles(&sim, &pairs, 1, window)).await?;
    let figure = Figure::plain("sim/send_poll_ack/1_task", "msg/s", rate);
    crate::progress(&figure);
    figures.push(figure);
    drop((sim, domain, pairs));

    let mut built = Vec::new();
    for &users in populations {
        let population = population(users).await?;
        let figure = Figure::plain(
            format!("sim/create_user/{}", label(users)),
            "users/s",
            users as f64 / population.built_in.as_secs_f64(),
        );
        crate::progress(&figure);
        figures.push(figure);
        if users == 100_000
            && let Some(growth) = population.rss_growth
        {
            let figure = Figure::plain(
                "sim/memory_per_user/100k",
                "bytes",
                growth as f64 / users as f64,
            );
            crate::progress(&figure);
            figures.push(figure);
        }
        built.push((users, population));
    }

    let Some(((small_users, small), larger)) = built.split_first() else {
        return Ok(figures);
    };
    for (users, population) in larger {
        let pair = drive::compare(
            plan,
            |window| get_devices(&population.sim, &population.first, 1, window),
            |window| get_devices(&small.sim, &small.first, 1, window),
        )
        .await?;
        let figure = Figure::versus(
            format!("sim/get_devices/{}_users", label(*users)),
            "req/s",
            pair,
            &format!("{} users", label(*small_users)),
            (*users >= 1_000_000).then_some(GOAL),
        );
        crate::progress(&figure);
        figures.push(figure);
    }
    // The same with the callers spread over the whole population: what grows here is the
    // memory the calls touch (cache and TLB misses), not the work per call.
    if let Some((users, population)) = larger.last() {
        let pair = drive::compare(
            plan,
            |window| get_devices(&population.sim, &population.spread, 1, window),
            |window| get_devices(&small.sim, &small.spread, 1, window),
        )
        .await?;
        let figure = Figure::versus(
            format!("sim/get_devices/{}_users_spread", label(*users)),
            "req/s",
            pair,
            &format!("{} users", label(*small_users)),
            None,
        );
        crate::progress(&figure);
        figures.push(figure);
    }
    Ok(figures)
}
