//! The kandy benchmarks (issue 5): client overhead, server cost, the in-process simulator,
//! contention and build cost; and the data channel (issue 13): push latency, the Inbox pushed
//! against polling, and the memory per idle socket. Each figure is a ratio against a baseline
//! measured in the same run, in interleaved windows where it is a rate or a latency.
//!
//! ```text
//! cargo bench --bench kandy --all-features                  # items 1-4, about 5 minutes
//! cargo bench --bench kandy --all-features -- --build-cost  # and item 5 (clean builds)
//! ```
//!
//! It prints a table and writes `target/kandy-bench.json`. Options after `--`:
//! `--build-cost` (run `scripts/build-cost.sh` first),
//! `--only=client,server,allocations,sim,contention,push,inbox,sockets` (`server` includes
//! `allocations`; `memory` runs only when named: `--only=memory`), `--quick` (short windows,
//! no million-user population, 1,000 sockets instead of 10,000; for trying the bench out, not
//! for figures). `sockets` opens 10,000 sockets, each with a client and a server end: the
//! open-file limit (`ulimit -n`) must allow it, and the bench runs its servers in child
//! processes, so each process holds about 10,000. Under `cargo test` (no `--bench` argument)
//! it does nothing.
//!
//! Memory per user is read from `/proc/self/status` (resident set size). Allocations per
//! request are counted by `allocation-counter`'s global allocator (the workspace forbids
//! `unsafe`, so the bench writes none), which counts per thread: see `allocations.rs`.

mod allocations;
mod build_cost;
mod client;
mod contention;
mod drive;
mod fixture;
mod inbox;
mod inprocess;
mod memory;
mod push;
mod raw;
mod report;
mod server;
mod server_wire;
mod sockets;
mod wire;
mod wrk;

use drive::{Plan, Result};
use fixture::Domain;
use kandy::sim::Simulator;
use kandy::sim::server::Server;
use report::Figure;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};

/// The concurrency of every "many callers" measurement.
const MANY: usize = 32;

/// What to run, from the arguments after `--`.
#[derive(Debug)]
struct Options {
    build_cost: bool,
    quick: bool,
    only: Option<Vec<String>>,
}

impl Options {
    fn parse(args: &[String]) -> Self {
        let only = args
            .iter()
            .find_map(|a| a.strip_prefix("--only="))
            .map(|list| list.split(',').map(str::to_owned).collect());
        Self {
            build_cost: args.iter().any(|a| a == "--build-cost"),
            quick: args.iter().any(|a| a == "--quick"),
            only,
        }
    }

    fn runs(&self, section: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|s| s == section))
    }

    /// Whether `section` was named in `--only` (for sections a full run leaves out).
    fn asks(&self, section: &str) -> bool {
        self.only
            .as_ref()
            .is_some_and(|only| only.iter().any(|s| s == section))
    }

    fn plan(&self) -> Plan {
        if self.quick {
            Plan {
                window: Duration::from_millis(200),
                rounds: 2,
                warmup: Duration::from_millis(100),
            }
        } else {
            Plan {
                window: Duration::from_millis(400),
                rounds: 20,
                warmup: Duration::from_millis(400),
            }
        }
    }

    fn populations(&self) -> Vec<usize> {
        if self.quick {
            vec![1_000, 100_000]
        } else {
            vec![1_000, 100_000, 1_000_000]
        }
    }
}

/// Prints one figure as soon as it is measured.
pub fn progress(figure: &Figure) {
    let ratio = figure
        .ratio()
        .map(|r| format!("  ratio {r:.3}"))
        .unwrap_or_default();
    println!(
        "  {:<42} {:>12.1} {}{ratio}",
        figure.name, figure.value, figure.unit
    );
}

pub fn runtime(name: &str) -> Result<Runtime> {
    Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the {name} runtime: {e}"))
}

/// The machine, as the report states it.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!("Linux {}", k.trim()))
        .unwrap_or_else(|_| std::env::consts::OS.to_owned());
    format!("{cpu}, {cores} cores available, {memory}, {kernel}")
}

fn run(options: &Options) -> Result<Vec<Figure>> {
    let plan = options.plan();
    let mut figures = Vec::new();
    // The client side (and every in-process measurement) runs here; the servers run on their
    // own runtime, as a separate `kandy-sim serve` process would.
    let client_rt = runtime("bench-client")?;
    let server_rt = runtime("bench-server")?;

    if options.build_cost {
        println!("item 5: build cost (scripts/build-cost.sh)");
        build_cost::run_script()?;
    }

    // Only when asked for, and best alone: it reads the process's resident size and holds
    // a million queued messages.
    if options.asks("memory") {
        println!("issue 10: queue memory and snapshot stall");
        figures.extend(client_rt.block_on(memory::measure(options.quick))?);
    }

    // First, on a fresh heap: the memory per user is read from the process's resident size.
    if options.runs("sim") {
        println!("item 3: in-process simulator");
        figures.extend(client_rt.block_on(inprocess::measure(plan, &options.populations()))?);
    }

    if options.runs("client") || options.runs("server") || options.runs("allocations") {
        // The client item's recipients are sent to and never read: each keeps every message
        // of the run (past the default 100,000 per device once the server is fast enough).
        let mut limits = kandy::sim::model::Limits::default();
        limits.queued_per_device = limits.queued_per_device.max(10_000_000);
        let sim = Simulator::builder().limits(limits).build();
        let domain = client_rt.block_on(Domain::new(&sim, "bench.kandy.io"))?;
        let server = server_rt
            .block_on(Server::bind("127.0.0.1:0", sim.clone()))
            .map_err(|e| format!("cannot start the simulator server: {e}"))?;
        let base = server.base_url();
        if options.runs("client") {
            println!("item 1: client overhead (kandy-http against raw reqwest)");
            figures.extend(client_rt.block_on(client::measure(
                plan,
                &domain,
                &base,
                &[1, MANY],
            ))?);
        }
        if options.runs("server") || options.runs("allocations") {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string())?;
            let raw = raw::Raw {
                http: http.clone(),
                base: base.clone(),
            };
            let pairs = client_rt.block_on(server::pairs(&domain, "server", MANY))?;
            let answers = client_rt.block_on(server::capture(&raw, &pairs[0]))?;
            let baseline = server_rt.block_on(server::start_baseline(answers.clone()))?;
            let baseline_base = format!("http://{baseline}/v1.2/");
            let who = &pairs[0][0];
            if options.runs("server") {
                println!("item 2: server cost (simulator server against a minimal axum handler)");
                figures.extend(client_rt.block_on(server::measure(
                    plan,
                    &http,
                    &base,
                    &baseline_base,
                    &pairs,
                    &[1, MANY],
                ))?);
                println!("item 2: the same with light drivers (raw TCP; wrk when installed)");
                figures.extend(client_rt.block_on(server_wire::measure_tcp(
                    plan,
                    server.local_addr(),
                    baseline,
                    who,
                    &[1, MANY],
                ))?);
                if wrk::available() {
                    figures.extend(client_rt.block_on(server_wire::measure_wrk(
                        plan,
                        server.local_addr(),
                        baseline,
                        who,
                        &[1, MANY],
                    ))?);
                } else {
                    println!("  (wrk is not installed: no wrk-driven figures)");
                }
            }
            println!("item 2: allocations per request, server side");
            figures.extend(allocations::measure_all(&sim, who, &answers)?);
            println!("item 2: one request with many query parameters");
            figures.extend(client_rt.block_on(server_wire::query_cost(
                server.local_addr(),
                who,
                &[256, 4_096, 16_384],
                5,
            ))?);
        }
        server_rt.block_on(server.shutdown());
    }

    if options.runs("push") {
        println!("item 6: push latency (send to notification over the data channel)");
        let sim = Simulator::new();
        let domain = client_rt.block_on(Domain::new(&sim, "push.kandy.io"))?;
        let server = server_rt
            .block_on(Server::bind("127.0.0.1:0", sim.clone()))
            .map_err(|e| format!("cannot start the simulator server: {e}"))?;
        figures.extend(client_rt.block_on(push::measure(
            plan,
            &domain,
            &server.base_url(),
            &[1, MANY],
        ))?);
        server_rt.block_on(server.shutdown());
    }

    if options.runs("inbox") {
        println!("item 7: the Inbox's latency, pushed against polling");
        let sim = Simulator::new();
        let domain = client_rt.block_on(Domain::new(&sim, "inbox.kandy.io"))?;
        let server = server_rt
            .block_on(Server::bind("127.0.0.1:0", sim.clone()))
            .map_err(|e| format!("cannot start the simulator server: {e}"))?;
        figures.extend(client_rt.block_on(inbox::measure(plan, &domain, &server.base_url()))?);
        server_rt.block_on(server.shutdown());
    }

    if options.runs("sockets") {
        let count = if options.quick { 1_000 } else { 10_000 };
        println!("item 8: memory per idle socket at {count} sockets (servers in child processes)");
        figures.extend(client_rt.block_on(sockets::measure(count))?);
    }

    if options.runs("contention") {
        println!("item 4: contention ({MANY} tasks against 1 on one Simulator)");
        figures.extend(client_rt.block_on(contention::measure(plan, MANY))?);
    }

    match build_cost::figures()? {
        Some(build) => figures.extend(build),
        None => println!(
            "item 5: no build-cost figures yet (run with `-- --build-cost`, or scripts/build-cost.sh)"
        ),
    }
    server_rt.shutdown_timeout(Duration::from_secs(1));
    client_rt.shutdown_timeout(Duration::from_secs(1));
    Ok(figures)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    // A child server of item 8.
    if let Some(users) = args.iter().find_map(|a| a.strip_prefix(sockets::SERVE_ARG)) {
        let served = users
            .parse()
            .map_err(|e| format!("{users}: {e}"))
            .and_then(sockets::serve);
        return match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("idle server: {error}");
                ExitCode::FAILURE
            }
        };
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then there is
    // nothing to do: the bench is only compiled.
    if !args.iter().any(|a| a == "--bench") {
        println!("kandy bench: skipped (run it with `cargo bench --bench kandy --all-features`)");
        return ExitCode::SUCCESS;
    }
    let options = Options::parse(&args);
    println!("kandy bench on {}", machine());
    let started = Instant::now();
    let figures = match run(&options) {
        Ok(figures) => figures,
        Err(error) => {
            eprintln!("kandy bench failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!();
    print!("{}", report::table(&figures));
    let path = report::target_dir().join("kandy-bench.json");
    if let Err(error) = report::write_json(&path, &figures) {
        eprintln!("kandy bench: {error}");
        return ExitCode::FAILURE;
    }
    println!(
        "\nwrote {} ({} figures) in {:.0} s",
        path.display(),
        figures.len(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
