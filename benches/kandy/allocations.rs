//! Heap allocations per request, server side. The bench binary's global allocator is
//! `allocation-counter`'s, which counts the allocations of the thread that asks (a realloc
//! counts as one more block, as DHAT counts it). So the servers and the driver run here on
//! one current-thread runtime, on this thread, and the driver is the raw TCP client, which
//! allocates nothing per request: the count is the server's. It is checked, not assumed:
//! the driver alone, against a responder that allocates nothing, is measured too.
//!
//! Next to it, the same state's in-process `get_devices` through `KandyApi`, counted the
//! same way: what a caller of the model pays for owned devices. The server no longer makes
//! that call (it reads the devices borrowed, under the model's lock, into the envelope), so
//! the figure is not a share of the server's and is not subtracted from it.

use crate::drive::Result;
use crate::fixture::Person;
use crate::report::Figure;
use crate::server::{Answers, start_baseline};
use crate::server_wire::devices_target;
use crate::wire::{Conn, get_request, response_bytes, start_echo};
use allocation_counter::{AllocationInfo, measure};
use kandy::sim::Simulator;
use kandy::sim::server::Server;
use kandy::{KandyApi, UserAccessToken};
use std::net::SocketAddr;
use tokio::runtime::{Builder, Runtime};

/// The goal of issue 12: at most this many blocks per `get_devices` request.
const GOAL_BLOCKS: f64 = 24.0;

/// Requests counted per server (after as many to warm up).
const REQUESTS: u64 = 2_000;

/// Blocks and bytes per request.
#[derive(Clone, Copy, Debug)]
struct PerRequest {
    blocks: f64,
    bytes: f64,
}

impl PerRequest {
    fn of(info: AllocationInfo, requests: u64) -> Self {
        Self {
            blocks: info.count_total as f64 / requests as f64,
            bytes: info.bytes_total as f64 / requests as f64,
        }
    }
}

/// Counts what `requests` calls over one connection to `addr` allocate on this thread.
fn count_server(rt: &Runtime, addr: SocketAddr, target: &str) -> Result<PerRequest> {
    let mut conn = rt.block_on(Conn::connect(addr, get_request(addr, target)))?;
    rt.block_on(async {
        for _ in 0..REQUESTS {
            conn.call().await?;
        }
        Ok::<_, String>(())
    })?;
    let mut outcome = Ok(());
    let info = measure(|| {
        outcome = rt.block_on(async {
            for _ in 0..REQUESTS {
                conn.call().await?;
            }
            Ok(())
        });
    });
    outcome.map(|()| PerRequest::of(info, REQUESTS))
}

/// Counts what the model's `get_devices` allocates per call through `KandyApi` (owned
/// devices; the tokens it takes are made before counting).
fn count_model(rt: &Runtime, sim: &Simulator, who: &Person) -> Result<PerRequest> {
    let api = sim.without_faults();
    let tokens = || -> Vec<UserAccessToken> { (0..REQUESTS).map(|_| who.token.clone()).collect() };
    let pass = |tokens: Vec<UserAccessToken>| {
        rt.block_on(async {
            for token in tokens {
                api.get_devices(token).await.map_err(|e| e.to_string())?;
            }
            Ok::<_, String>(())
        })
    };
    pass(tokens())?;
    let counted = tokens();
    let mut outcome = Ok(());
    let info = measure(|| outcome = pass(counted));
    outcome.map(|()| PerRequest::of(info, REQUESTS))
}

/// The allocation figures: the simulator server and the minimal axum server under the same
/// driver, the in-process `KandyApi` call, and the driver alone.
pub fn measure_all(sim: &Simulator, who: &Person, answers: &Answers) -> Result<Vec<Figure>> {
    let rt = Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the counting runtime: {e}"))?;
    let server = rt
        .block_on(Server::bind("127.0.0.1:0", sim.clone()))
        .map_err(|e| format!("cannot start the simulator server: {e}"))?;
    let baseline = rt.block_on(start_baseline(answers.clone()))?;
    let echo = rt.block_on(start_echo(response_bytes(&answers.devices)))?;
    let target = devices_target(who);

    let kandy = count_server(&rt, server.local_addr(), &target)?;
    let axum = count_server(&rt, baseline, &target)?;
    let driver = count_server(&rt, echo, &target)?;
    let model = count_model(&rt, sim, who)?;
    rt.block_on(server.shutdown());

    let axum_name = "minimal axum, same bytes (driver: raw TCP, 1 connection)";
    let figures = vec![
        Figure::at_most(
            "server/allocations/get_devices",
            "blocks/req",
            kandy.blocks,
            Some((axum.blocks, axum_name)),
            Some(GOAL_BLOCKS),
        ),
        Figure::at_most(
            "server/allocations/get_devices/bytes",
            "bytes/req",
            kandy.bytes,
            Some((axum.bytes, axum_name)),
            None,
        ),
        Figure::plain(
            "server/allocations/get_devices/in-process KandyApi call (not on the server's path)",
            "blocks/req",
            model.blocks,
        ),
        Figure::plain(
            "server/allocations/get_devices/in-process KandyApi call bytes",
            "bytes/req",
            model.bytes,
        ),
        Figure::plain(
            "server/allocations/driver alone (raw TCP against a fixed responder)",
            "blocks/req",
            driver.blocks,
        ),
    ];
    for figure in &figures {
        crate::progress(figure);
    }
    Ok(figures)
}
