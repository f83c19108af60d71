//! `kandy-sim serve`: the Kandy v1.2 simulator over HTTP.
//!
//! Prints `listening on http://ADDR/v1.2/` as its first line on standard output, then serves
//! until SIGINT or SIGTERM. With `--state FILE`, the state is loaded from FILE at start (when
//! it exists) and saved to it, atomically, on shutdown.

#![forbid(unsafe_code)]

use clap::{Args, Parser, Subcommand};
use kandy_sim::Simulator;
use kandy_sim::server::serve;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tokio::net::TcpListener;

/// An offline, deterministic simulator of the Kandy.io v1.2 REST API.
#[derive(Debug, Parser)]
#[command(name = "kandy-sim", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the simulator over HTTP: the Kandy API under /v1.2/, the admin surface under /_sim/.
    ///
    /// The first line on standard output is `listening on http://ADDR/v1.2/`. SIGINT or SIGTERM
    /// stops the server gracefully (and saves the state with --state).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The address to listen on; port 0 picks a free port (printed on the first line).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    addr: String,

    /// The seed of every generated key, secret, token, id and password: the same seed and the
    /// same calls give the same state.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,

    /// An account to create at start, as ACCOUNT_API_KEY:ACCOUNT_API_SECRET (AAK… and AAS…,
    /// each 3 letters and 32 lowercase hex digits). May be given several times. An account
    /// already in the loaded --state is kept as it is.
    #[arg(long = "account", value_name = "KEY:SECRET")]
    accounts: Vec<String>,

    /// A JSON file holding the simulator's state: loaded at start if it exists, saved on
    /// shutdown (written to a temporary file beside it, then renamed).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
}

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
    let sim = Simulator::builder().seed(args.seed).build();
    let loaded = match &args.state {
        Some(path) => load_state(&sim, path)?,
        None => false,
    };
    create_accounts(&sim, &args.accounts, loaded)?;
    let listener = TcpListener::bind(&args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{addr}/v1.2/")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    serve(listener, sim.clone(), shutdown_signal())
        .await
        .map_err(|e| format!("serving failed: {e}"))?;
    if let Some(path) = &args.state {
        save_state(&sim, path)?;
        eprintln!("kandy-sim: state saved to {}", path.display());
    }
    Ok(())
}

/// Restores the snapshot in `path`, if the file exists; says whether it did.
fn load_state(sim: &Simulator, path: &Path) -> Result<bool, String> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let snapshot: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    sim.restore(snapshot)
        .map_err(|e| format!("{} is not a simulator state: {e}", path.display()))?;
    Ok(true)
}

/// Writes the snapshot to a temporary file beside `path`, then renames it over `path`.
fn save_state(sim: &Simulator, path: &Path) -> Result<(), String> {
    let text = serde_json::to_vec_pretty(&sim.snapshot())
        .map_err(|e| format!("cannot encode the state: {e}"))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(&text)?;
        file.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("cannot save the state to {}: {e}", path.display())
        })
}

/// Creates each `--account KEY:SECRET`; never prints a key or a secret.
fn create_accounts(sim: &Simulator, accounts: &[String], loaded: bool) -> Result<(), String> {
    for (i, account) in accounts.iter().enumerate() {
        let n = i + 1;
        let Some((key, secret)) = account.split_once(':') else {
            return Err(format!("--account #{n} is not KEY:SECRET"));
        };
        match sim.create_account_with(key.into(), secret.into()) {
            Ok(_) => {}
            Err(e) if loaded && e.api_status() == Some(kandy_core::ApiStatus::ALREADY_EXISTS) => {
                eprintln!(
                    "kandy-sim: --account #{n} is already in the loaded state; kept as it is"
                );
            }
            Err(e) => {
                let reason = e
                    .api_error()
                    .map_or_else(|| e.to_string(), |api| api.message.clone());
                return Err(format!("--account #{n} was refused: {reason}"));
            }
        }
    }
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
