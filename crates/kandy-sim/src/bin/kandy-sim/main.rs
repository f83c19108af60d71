//! `kandy-sim serve`: the Kandy v1.2 simulator over HTTP.
//!
//! Prints `listening on http://ADDR/v1.2/` as its first line on standard output (and, when it
//! made an admin token, `admin token: TOKEN` as the second), then serves until SIGINT or
//! SIGTERM, whose handlers are installed before the first line. With `--state FILE`, the
//! state is checked, locked and loaded at start and saved on shutdown (see `state_file`).
//! Everything else it says goes to standard error through `tracing` (see `console`): what
//! it loaded at start, one line per Kandy call, and whether it saved at shutdown.

#![forbid(unsafe_code)]

mod accounts;
mod args;
mod console;
mod journal;
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
    if let Err(message) = console::init(args.verbose, args.quiet) {
        return fail(&message);
    }
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
        builder = builder.on_write(WriteHook::new(move |_| {
            durable
                .sync_journal()
                .inspect_err(|e| tracing::error!("{e}"))
        }));
    }
    let sim = builder.build();
    let loaded = match &state {
        Some(state) => {
            let mark = state.file().load(&sim)?;
            let replayed = replay_journal(state, &sim, mark.as_ref(), args.persist).await?;
            mark.is_some() || replayed
        }
        None => false,
    };
    // The flags configure the server; a state file brings its data, not its limits.
    sim.set_content_limits(args.max_content_bytes, args.max_domain_content_bytes);
    let accounts = accounts::gather(&args.accounts, &args.account_files)?;
    let (created, kept) = accounts::create(&sim, &accounts, loaded)?;

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

    say_what_was_loaded(&args, &addr, loaded, (created, kept), &sim);
    let token = match (&args.admin_token, &generated) {
        (Some(_), _) => "a bearer token (the one given)",
        (None, Some(_)) => "a bearer token (made at start, printed on standard output)",
        (None, None) => "no token (loopback only)",
    };
    tracing::info!("the admin surface /_sim/ requires {token}");

    if let (Some(durable), Persist::Interval(period)) = (&state, args.persist) {
        tokio::spawn(save_every(period, Arc::clone(durable), sim.clone()));
    }
    if let (Some(durable), Persist::Always) = (&state, args.persist) {
        tokio::spawn(compact_when_long(Arc::clone(durable), sim.clone()));
    }

    stop.wait().await;
    tracing::info!("shutting down: finishing the calls in flight");
    server.shutdown().await;
    match (&state, &args.state) {
        (Some(state), Some(path)) => {
            state.save_now(&sim)?;
            tracing::info!("state saved to {} ({})", path.display(), summary(&sim));
        }
        _ => tracing::info!("state not saved (no --state): {} forgotten", summary(&sim)),
    }
    tracing::info!("stopped");
    Ok(())
}

/// Replays the journal a run with `--persist always` left beside the state file (whose mark
/// is `mark`), if there is one; says whether there was. With `always`, the journal (created if
/// missing) then records every later change; otherwise the state is saved and the journal
/// removed.
async fn replay_journal(
    durable: &Durable,
    sim: &Simulator,
    mark: Option<&Option<kandy_sim::JournalMark>>,
    persist: Persist,
) -> Result<bool, String> {
    let file = durable.file();
    let always = persist == Persist::Always;
    let mark = mark.and_then(Option::as_ref);
    let Some(opened) = journal::Journal::open(file.path(), file.dir(), mark, always)? else {
        return Ok(false);
    };
    let shown = journal::path_for(file.path());
    let count = opened.entries.len();
    for (seq, entry) in opened.entries {
        sim.replay(&entry).await.map_err(|problem| {
            format!(
                "the journal {} cannot be replayed: entry {seq}: {problem}",
                shown.display()
            )
        })?;
    }
    if opened.existed {
        tracing::info!("journal: replayed {count} changes from {}", shown.display());
    }
    if always {
        if mark.is_none() && !file.path().exists() {
            // The journal's base must be on disk: unseeded, even an empty state holds the
            // generator's random key, which a replay over another start would not draw.
            durable.save_now(sim)?;
        }
        sim.attach_journal(opened.journal.clone())?;
        durable.set_journal(opened.journal);
    } else if opened.existed {
        durable.save_now(sim)?;
        journal::Journal::remove(file.path())?;
        tracing::info!("journal: its changes saved to the state file, and the journal removed");
    }
    Ok(opened.existed)
}

/// `--persist always`: saves the state (compacting the journal) whenever the journal has
/// grown past its bound, on a blocking thread.
async fn compact_when_long(durable: Arc<Durable>, sim: Simulator) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if !durable.journal().is_some_and(|journal| journal.is_long()) {
            continue;
        }
        let (durable, sim) = (Arc::clone(&durable), sim.clone());
        match tokio::task::spawn_blocking(move || durable.save_now(&sim)).await {
            Ok(Ok(())) => tracing::info!("journal: compacted into the state file"),
            Ok(Err(problem)) => tracing::error!("{problem}"),
            Err(_) => tracing::error!("a compaction of the journal failed"),
        }
    }
}

/// The startup lines: where things are, the state file, the persistence mode, the seed, the
/// accounts given.
fn say_what_was_loaded(
    args: &ServeArgs,
    addr: &std::net::SocketAddr,
    loaded: bool,
    (created, kept): (usize, usize),
    sim: &Simulator,
) {
    tracing::info!(
        "kandy-sim {}: the Kandy API at http://{addr}/v1.2/, the admin surface at \
         http://{addr}/_sim/, the data channel at ws://{addr}/",
        env!("CARGO_PKG_VERSION")
    );
    match (&args.state, loaded) {
        (Some(path), true) => {
            tracing::info!("state: loaded {} ({})", path.display(), summary(sim));
        }
        (Some(path), false) => {
            tracing::info!(
                "state: {} does not exist yet; starting empty",
                path.display()
            );
        }
        (None, _) => tracing::info!("state: in memory only (no --state); lost at shutdown"),
    }
    if let Some(state_path) = &args.state {
        let mode = match args.persist {
            Persist::Shutdown => "saved at shutdown only (a kill -9 loses the changes)".to_owned(),
            Persist::Interval(period) => format!(
                "saved every {} s while it changes, and at shutdown",
                period.as_secs()
            ),
            Persist::Always => format!(
                "every change journaled in {} and synced before it is answered; saved at \
                 shutdown and when the journal passes 64 MiB",
                journal::path_for(state_path).display()
            ),
        };
        tracing::info!("persistence: {mode}");
    }
    match args.seed {
        Some(seed) => tracing::info!(
            "seed {seed}: generated keys, secrets, tokens and ids repeat from run to run"
        ),
        None => {
            tracing::info!("unseeded: generated keys, secrets, tokens and ids are unpredictable")
        }
    }
    tracing::info!(
        "accounts: {created} created from --account, --account-file and {}, {kept} kept from the state",
        accounts::ACCOUNTS_ENV
    );
    tracing::debug!("model limits: {:?}", sim.limits());
    tracing::debug!("server limits: {:?}", args.limits());
}

/// `N accounts, N domains, N users`, counted in a snapshot.
fn summary(sim: &Simulator) -> String {
    let value = sim.snapshot().to_value();
    let count = |v: &serde_json::Value| v.as_object().map_or(0, serde_json::Map::len);
    let domains = value["domains"].as_object();
    let users: usize = domains
        .into_iter()
        .flat_map(|domains| domains.values())
        .map(|domain| count(&domain["users"]))
        .sum();
    format!(
        "{} accounts, {} domains, {users} users",
        count(&value["accounts"]),
        domains.map_or(0, serde_json::Map::len)
    )
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
            Ok(Err(problem)) => tracing::error!("{problem}"),
            Err(_) => tracing::error!("a periodic save failed"),
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
