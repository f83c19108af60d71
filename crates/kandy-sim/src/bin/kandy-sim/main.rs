//! `kandy-sim serve`: the Kandy v1.2 simulator over HTTP.
//!
//! Prints `listening on http://ADDR/v1.2/` as its first line on standard output (and, when it
//! made an admin token, `admin token: TOKEN` as the second), then serves until SIGINT or
//! SIGTERM, whose handlers are installed before the first line. With `--state FILE`, the
//! state is checked, locked and loaded at start and saved on shutdown (see `state_file`).

#![forbid(unsafe_code)]

mod accounts;
mod args;
mod state_file;

use args::{Cli, Command, ServeArgs};
use clap::Parser;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use state_file::StateFile;
use std::io::Write as _;
use std::process::ExitCode;
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
    let mut builder = Simulator::builder().limits(args.model_limits());
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    let sim = builder.build();
    let state = match &args.state {
        Some(path) => Some(StateFile::open(path)?),
        None => None,
    };
    let loaded = match &state {
        Some(state) => state.load(&sim)?,
        None => false,
    };
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

    stop.wait().await;
    server.shutdown().await;
    if let (Some(state), Some(path)) = (&state, &args.state) {
        state.save(&sim)?;
        eprintln!("kandy-sim: state saved to {}", path.display());
    }
    Ok(())
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
