//! Memory and snapshot stall of the simulator's queues (issues 10 and 12), `--only=memory`:
//! resident size per queued message at 100k and per user (one device) at 100k, one 1 MiB send
//! to a user with 200 devices, and how long a `GET /_sim/snapshot` of a million queued messages
//! keeps API calls waiting.
//!
//! Written against the `KandyApi` and the HTTP admin surface only, so the same file measures
//! the code before and after a change. Each stage keeps its simulator alive to the end, so
//! that memory one stage frees is not reused by the next and counted as no growth.

use crate::drive::Result;
use crate::fixture::{Domain, Person, next_uuid};
use crate::report::Figure;
use kandy::sim::Simulator;
use kandy::sim::server::Server;
use kandy::{
    GroupId, KandyApi, MessageUuid, NewDevice, NewGroup, OutgoingGroupMessage, OutgoingMessage,
};
use std::time::{Duration, Instant};

/// The resident set size of this process, from `/proc/self/status`.
fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

fn failed(what: &'static str) -> impl Fn(kandy::Error) -> String {
    move |e| format!("{what}: {e}")
}

/// A user with `devices` devices in all.
async fn with_devices(domain: &Domain, user: &str, devices: usize) -> Result<Person> {
    let person = domain.person(user).await?;
    for n in 1..devices {
        domain
            .sim
            .create_device(person.token.clone(), NewDevice::new(format!("d{n}")))
            .await
            .map_err(failed("create device"))?;
    }
    Ok(person)
}

/// Resident bytes per queued message after `count` 1:1 sends of a short text.
async fn per_message(count: usize, keep: &mut Vec<Simulator>) -> Result<Figure> {
    let sim = Simulator::builder().seed(1).build();
    let domain = Domain::new(&sim, "memory.kandy.io").await?;
    let alice = domain.person("alice").await?;
    let bob = domain.person("bob").await?;
    let before = rss_bytes();
    for _ in 0..count {
        let message = OutgoingMessage::text(bob.full_id.clone(), "hello from the kandy bench")
            .with_uuid(MessageUuid::new(next_uuid()));
        sim.send_message(alice.token.clone(), alice.device.clone(), message)
            .await
            .map_err(failed("send"))?;
    }
    let grown = rss_bytes().saturating_sub(before);
    keep.push(sim);
    Ok(Figure::plain(
        format!("memory/resident per queued message ({count})"),
        "bytes",
        grown as f64 / count as f64,
    ))
}

/// Resident bytes per user (each with its default device) after creating `count` users in
/// one domain.
async fn per_user(count: usize, keep: &mut Vec<Simulator>) -> Result<Figure> {
    let sim = Simulator::builder().seed(4).build();
    let domain = Domain::new(&sim, "users.kandy.io").await?;
    let before = rss_bytes();
    for n in 0..count {
        domain.add_user(&format!("u{n}")).await?;
    }
    let grown = rss_bytes().saturating_sub(before);
    keep.push(sim);
    Ok(Figure::plain(
        format!("memory/resident per user ({count})"),
        "bytes",
        grown as f64 / count as f64,
    ))
}

/// Resident growth of one send of about 1 MiB to a user with 200 devices.
async fn fan_out(keep: &mut Vec<Simulator>) -> Result<Figure> {
    let sim = Simulator::builder().seed(2).build();
    let domain = Domain::new(&sim, "fanout.kandy.io").await?;
    let alice = domain.person("alice").await?;
    let bob = with_devices(&domain, "bob", 200).await?;
    let text = "x".repeat(1024 * 1024 - 200);
    let message =
        OutgoingMessage::text(bob.full_id.clone(), text).with_uuid(MessageUuid::new(next_uuid()));
    let before = rss_bytes();
    sim.send_message(alice.token.clone(), alice.device.clone(), message)
        .await
        .map_err(failed("send"))?;
    let grown = rss_bytes().saturating_sub(before);
    keep.push(sim);
    Ok(Figure::plain(
        "memory/1 MiB send to 200 devices, resident growth",
        "MiB",
        grown as f64 / (1024.0 * 1024.0),
    ))
}

/// A simulator holding about `target` queued messages, made by group fan-out: 50 members
/// with 20 devices each, so each send reaches 980 queues.
async fn million(target: usize) -> Result<(Simulator, Person)> {
    let sim = Simulator::builder().seed(3).build();
    let domain = Domain::new(&sim, "stall.kandy.io").await?;
    let mut members = Vec::new();
    for n in 0..50 {
        members.push(with_devices(&domain, &format!("m{n}"), 20).await?);
    }
    let owner = &members[0];
    let group: GroupId = sim
        .create_group(owner.token.clone(), NewGroup::new("everyone"))
        .await
        .map_err(failed("create group"))?
        .group_id;
    let names = members[1..].iter().map(|m| m.full_id.clone()).collect();
    sim.add_group_members(owner.token.clone(), group.clone(), names)
        .await
        .map_err(failed("add members"))?;
    let sends = target.div_ceil(49 * 20);
    for _ in 0..sends {
        let message = OutgoingGroupMessage::text(group.clone(), "hello from the kandy bench")
            .with_uuid(MessageUuid::new(next_uuid()));
        sim.send_group_message(owner.token.clone(), message)
            .await
            .map_err(failed("group send"))?;
    }
    let probe = members.swap_remove(1);
    Ok((sim, probe))
}

/// While one `GET /_sim/snapshot` runs, the longest wait of `get_devices` calls made in a
/// loop; and the snapshot's own time.
async fn stall(target: usize) -> Result<Vec<Figure>> {
    let (sim, probe) = million(target).await?;
    let server = Server::bind("127.0.0.1:0", sim.clone())
        .await
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let url = format!("http://{}/_sim/snapshot", server.local_addr());
    let started = Instant::now();
    let snapshot = tokio::spawn(async move {
        let reply = reqwest::get(&url).await.map_err(|e| e.to_string())?;
        let body = reply.bytes().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((body.len(), started.elapsed()))
    });
    let mut longest = Duration::ZERO;
    let mut calls = 0u64;
    while !snapshot.is_finished() {
        let call = Instant::now();
        sim.get_devices(probe.token.clone())
            .await
            .map_err(failed("get_devices"))?;
        longest = longest.max(call.elapsed());
        calls += 1;
        tokio::task::yield_now().await;
    }
    let (bytes, took) = snapshot.await.map_err(|e| e.to_string())??;
    server.shutdown().await;
    println!("  ({calls} get_devices calls during a {bytes}-byte snapshot)");
    Ok(vec![
        Figure::plain(
            format!("memory/snapshot GET at {target} queued"),
            "ms",
            took.as_secs_f64() * 1000.0,
        ),
        Figure::plain(
            format!("memory/longest API wait during it ({target})"),
            "ms",
            longest.as_secs_f64() * 1000.0,
        ),
        Figure::plain(
            format!("memory/resident with {target} queued"),
            "MiB",
            rss_bytes() as f64 / (1024.0 * 1024.0),
        ),
    ])
}

/// Every figure of the section.
pub async fn measure(quick: bool) -> Result<Vec<Figure>> {
    let mut keep = Vec::new();
    let mut figures = vec![
        per_message(if quick { 10_000 } else { 100_000 }, &mut keep).await?,
        per_user(if quick { 10_000 } else { 100_000 }, &mut keep).await?,
        fan_out(&mut keep).await?,
    ];
    for figure in &figures {
        crate::progress(figure);
    }
    let stalls = stall(if quick { 100_000 } else { 1_000_000 }).await?;
    for figure in &stalls {
        crate::progress(figure);
    }
    figures.extend(stalls);
    drop(keep);
    Ok(figures)
}
