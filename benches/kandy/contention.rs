//! Item 4, contention: 32 tasks on one `Simulator` against 1 task, for `get_devices` and for
//! the send/poll/ack cycle. Each task has its own users; all share the simulator's one state.

use crate::drive::{self, Plan, Result};
use crate::fixture::Domain;
use crate::inprocess::{cycles, get_devices};
use crate::report::Figure;
use kandy::sim::Simulator;
use std::sync::Arc;

/// The goal of `get_devices`: 32 tasks keep at least this share of 1 task's throughput
/// ("scale or hold").
const GOAL: f64 = 0.9;

/// The goal of the send/poll/ack cycle (issue 12): 32 tasks on two cores reach this multiple
/// of 1 task's throughput, which the model's shared path allows.
const CYCLE_GOAL: f64 = 1.5;

/// Measures both operations with `tasks` tasks and with one.
pub async fn measure(plan: Plan, tasks: usize) -> Result<Vec<Figure>> {
    let sim = Simulator::new();
    let domain = Domain::new(&sim, "bench.kandy.io").await?;
    let mut people = Vec::with_capacity(tasks);
    for w in 0..tasks {
        people.push(domain.person(&format!("solo{w}")).await?);
    }
    let people = Arc::new(people);
    let pairs = crate::server::pairs(&domain, "pair", tasks).await?;
    let mut figures = Vec::new();

    let pair = drive::compare(
        plan,
        |window| get_devices(&sim, &people, tasks, window),
        |window| get_devices(&sim, &people, 1, window),
    )
    .await?;
    let figure = Figure::versus(
        format!("contention/get_devices/{tasks}_tasks"),
        "req/s",
        pair,
        "1 task",
        Some(GOAL),
    );
    crate::progress(&figure);
    figures.push(figure);

    let pair = drive::compare(
        plan,
        |window| cycles(&sim, &pairs, tasks, window),
        |window| cycles(&sim, &pairs, 1, window),
    )
    .await?;
    let figure = Figure::versus(
        format!("contention/send_poll_ack/{tasks}_tasks"),
        "msg/s",
        pair,
        "1 task",
        Some(CYCLE_GOAL),
    );
    crate::progress(&figure);
    figures.push(figure);
    Ok(figures)
}
