//! Item 2 with light drivers: `get_devices` through the simulator server against the
//! minimal axum server answering the same bytes, driven by the bench's raw TCP client
//! ([`wire`](crate::wire)) and by `wrk` when it is installed; and the cost of a query with
//! many parameters.

use crate::drive::{self, Plan, Result};
use crate::fixture::Person;
use crate::report::Figure;
use crate::wire::{Conn, Fleet, get_request};
use kandy::ExposeSecret as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The goals of issue 12 for `get_devices` under a light driver, at 1 and at 32 connections.
fn goal(connections: usize) -> f64 {
    if connections == 1 { 0.92 } else { 0.90 }
}

/// What the baseline is, as the figures name it.
const BASELINE: &str = "minimal axum, same bytes";

/// `/v1.2/users/devices?key=UAT…`.
pub fn devices_target(who: &Person) -> String {
    format!("/v1.2/users/devices?key={}", who.token.expose_secret())
}

/// The two servers compared by the raw TCP driver at each number of connections.
pub async fn measure_tcp(
    plan: Plan,
    sim: SocketAddr,
    baseline: SocketAddr,
    who: &Person,
    concurrencies: &[usize],
) -> Result<Vec<Figure>> {
    let target = devices_target(who);
    let mut figures = Vec::new();
    for &connections in concurrencies {
        let (a, b) = (
            open(sim, &target, connections).await?,
            open(baseline, &target, connections).await?,
        );
        let pair = drive::compare(
            plan,
            |window| {
                let a = Arc::clone(&a);
                async move { a.lock().await.window(window).await }
            },
            |window| {
                let b = Arc::clone(&b);
                async move { b.lock().await.window(window).await }
            },
        )
        .await?;
        let figure = Figure::versus(
            format!("server/get_devices/c{connections}/tcp"),
            "req/s",
            pair,
            BASELINE,
            Some(goal(connections)),
        );
        crate::progress(&figure);
        figures.push(figure);
    }
    Ok(figures)
}

async fn open(addr: SocketAddr, target: &str, connections: usize) -> Result<Arc<Mutex<Fleet>>> {
    let fleet = Fleet::open(addr, &get_request(addr, target), connections).await?;
    Ok(Arc::new(Mutex::new(fleet)))
}

/// The same comparison driven by `wrk` (one-second windows: `wrk` takes no shorter run).
pub async fn measure_wrk(
    plan: Plan,
    sim: SocketAddr,
    baseline: SocketAddr,
    who: &Person,
    concurrencies: &[usize],
) -> Result<Vec<Figure>> {
    let target = devices_target(who);
    let plan = Plan {
        window: plan.window.max(Duration::from_secs(1)),
        warmup: plan.warmup.max(Duration::from_secs(1)),
        ..plan
    };
    let mut figures = Vec::new();
    for &connections in concurrencies {
        let url = |addr: SocketAddr| format!("http://{addr}{target}");
        let pair = drive::compare(
            plan,
            |window| crate::wrk::window(url(sim), connections, window),
            |window| crate::wrk::window(url(baseline), connections, window),
        )
        .await?;
        let figure = Figure::versus(
            format!("server/get_devices/c{connections}/wrk"),
            "req/s",
            pair,
            BASELINE,
            Some(goal(connections)),
        );
        crate::progress(&figure);
        figures.push(figure);
    }
    Ok(figures)
}

/// The time one `get_devices` request with `count` distinct extra query parameters takes
/// (the median of `tries`), and the HTTP status it got: what the query parsing costs before
/// authentication.
pub async fn query_cost(
    sim: SocketAddr,
    who: &Person,
    counts: &[usize],
    tries: usize,
) -> Result<Vec<Figure>> {
    let mut figures = Vec::new();
    for &count in counts {
        let mut target = devices_target(who);
        // `count` parameters in all, `key` included.
        for name in distinct_names(count - 1) {
            target.push('&');
            target.push_str(&name);
        }
        let mut conn = Conn::connect(sim, get_request(sim, &target)).await?;
        let mut times = Vec::with_capacity(tries);
        let mut status = 0;
        for _ in 0..tries {
            let started = Instant::now();
            status = conn.exchange().await?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let figure = Figure::plain(
            format!("server/query/{count}_parameters (HTTP {status})"),
            "ms",
            times[times.len() / 2],
        );
        crate::progress(&figure);
        figures.push(figure);
    }
    Ok(figures)
}

/// `count` distinct parameter names, as short as they can be (one, two, then three of the 66
/// unreserved characters): 16 384 of them fit the 64 KiB an HTTP request target may have.
fn distinct_names(count: usize) -> impl Iterator<Item = String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let base = ALPHABET.len();
    (1..=3u32)
        .flat_map(move |len| {
            (0..base.pow(len)).map(move |mut n| {
                let mut name = String::with_capacity(len as usize);
                for _ in 0..len {
                    name.push(char::from(ALPHABET[n % base]));
                    n /= base;
                }
                name
            })
        })
        .filter(|name| name != "key")
        .take(count)
}
