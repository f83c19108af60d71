//! `kandy-sim serve`: the Kandy v1.2 simulator over HTTP.
//!
//! Prints `listening on http://ADDR/v1.2/` as its first line on standard output (and, when it
//! made an admin token, `admin token: TOKEN` as the second), then serves until SIGINT or
//! SIGTERM, whose handlers are installed before the first line. With `--state FILE`, the
//! state is checked, locked and loaded at start and saved on shutdown (see `state_file`).

#![forbid(unsafe_code)]

mod accounts;
mod args;
mod persist;
mod state_file;

use args::{Cli, Command, ServeArgs};
use clap::Parser;
use kandy_sim::server::Server;
use kandy_sim::{Simulator, WriteHook};
use persist::{Durable, Persist};
use state_file::StateFile;
use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

fn main() -> ExitCode {
    let Command::Serve(args) = Cli::parse().command;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("kandy-sim: {message}");
    ExitCode::FAILURE
}

async fn run(args: ServeArgs) -> Result<(), String> {
    let stop = signals::Stop::install()?;
    let mut builder = Simulator::builder()
        .limits(args.model_limits())
        .max_content_bytes(args.max_content_bytes)
        .max_domain_content_bytes(args.max_domain_content_bytes);
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    let state = match &args.state {
        Some(path) => Some(Arc::new(Durable::new(StateFile::open(path)?))),
        None if args.persist != Persist::Shutdown => {
            return Err("--persist interval:SECS or always needs --state FILE".to_owned());
        }
        None => None,
    };
    if let (Some(durable), Persist::Always) = (&state, args.persist) {
        let durable = Arc::clone(durable);
        builder = builder.on_write(WriteHook::new(move |sim| {
            durable
                .save_if_changed(sim)
                .inspect_err(|e| eprintln!("kandy-sim: {e}"))
        }));
    }
    let sim = builder.build();
    let loaded = match &state {
        Some(state) => state.file().load(&sim)?,
        None => false,
    };
    // The flags configure the server; a state file brings its data, not its limits.
    sim.set_content_limits(args.max_content_bytes, args.max_domain_content_bytes);
    let accounts = accounts::gather(&args.accounts, &args.account_files)?;
    accounts::create(&sim, &accounts, loaded)?;

    let listener = TcpListener::bind(&args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    let generated = match &args.admin_token {
        None if !addr.ip().is_loopback() => Some(random_hex(16).map_err(|e| {
            format!("cannot draw an admin token from the system's random source: {e}")
        })?),
        _ => None,
    };
    let mut server = Server::builder().limits(args.limits());
    for host in &args.allowed_hosts {
        server = server.allow_host(host);
    }
    if let Some(token) = args.admin_token.as_ref().or(generated.as_ref()) {
        server = server.admin_token(token);
    }
    let server = server
        .from_listener(listener, sim.clone())
        .map_err(|e| format!("cannot serve: {e}"))?;

    let mut stdout = std::io::stdout();
    let mut lines = format!("listening on http://{addr}/v1.2/\n");
    if let Some(token) = &generated {
        lines.push_str(&format!("admin token: {token}\n"));
    }
    stdout
        .write_all(lines.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;

    if let (Some(durable), Persist::Interval(period)) = (&state, args.persist) {
        tokio::spawn(save_every(period, Arc::clone(durable), sim.clone()));
    }

    stop.wait().await;
    server.shutdown().await;
    if let (Some(state), Some(path)) = (&state, &args.state) {
        state.save_now(&sim)?;
        eprintln!("kandy-sim: state saved to {}", path.display());
    }
    Ok(())
}

/// `--persist interval:SECS`: saves every `period` while the state changes (on a blocking
/// thread: a save writes and syncs files).
async fn save_every(period: std::time::Duration, durable: Arc<Durable>, sim: Simulator) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let (durable, sim) = (Arc::clone(&durable), sim.clone());
        match tokio::task::spawn_blocking(move || durable.save_if_changed(&sim)).await {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => eprintln!("kandy-sim: {problem}"),
            Err(_) => eprintln!("kandy-sim: a periodic save failed"),
        }
    }
}

/// `bytes` bytes from the operating system's random source, as lowercase hex.
pub fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

mod signals {
    //! SIGINT and SIGTERM, caught from the moment [`Stop::install`] returns.

    /// The installed handlers.
    #[derive(Debug)]
    pub struct Stop {
        #[cfg(unix)]
        terminate: tokio::signal::unix::Signal,
        #[cfg(unix)]
        interrupt: tokio::signal::unix::Signal,
    }

    impl Stop {
        /// Installs the handlers: from now on, these signals no longer end the process.
        pub fn install() -> Result<Self, String> {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                let install =
                    |kind| signal(kind).map_err(|e| format!("cannot handle signals: {e}"));
                Ok(Self {
                    terminate: install(SignalKind::terminate())?,
                    interrupt: install(SignalKind::interrupt())?,
                })
            }
            #[cfg(not(unix))]
            Ok(Self {})
        }

        /// Completes on the first SIGINT or SIGTERM (also one received before this call).
        pub async fn wait(self) {
            #[cfg(unix)]
            {
                let Self {
                    mut terminate,
                    mut interrupt,
                } = self;
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = interrupt.recv() => {}
                }
            }
            #[cfg(not(unix))]
            {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}
