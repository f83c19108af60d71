//! The command line of `kandy-sim`.

use clap::{Args, Parser, Subcommand};
use kandy_sim::Limits;
use kandy_sim::server::ServerLimits;
use std::path::PathBuf;
use std::time::Duration;

/// An offline, deterministic simulator of the Kandy.io v1.2 REST API.
#[derive(Debug, Parser)]
#[command(name = "kandy-sim", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the simulator over HTTP: the Kandy API under /v1.2/, the admin surface under /_sim/.
    ///
    /// The first line on standard output is `listening on http://ADDR/v1.2/`. When the
    /// address is not a loopback one and no admin token is given, a random token is made and
    /// printed on the second line as `admin token: TOKEN`. SIGINT or SIGTERM stops the server
    /// gracefully (and saves the state with --state). Everything else the server says (what
    /// it loaded, one line per Kandy call, whether it saved) goes to standard error.
    #[command(after_help = ADMIN_ROUTES_HELP)]
    Serve(ServeArgs),
}

/// The admin routes (the same list `GET /_sim/` answers), shown after the flags.
const ADMIN_ROUTES_HELP: &str = "\
Admin routes (plain JSON; a body must be sent as application/json):
  GET    /_sim/                              this list
  POST   /_sim/accounts                      create an account: {} or {account_api_key, account_api_secret}
  POST   /_sim/reset                         empty every store and the request log
  GET    /_sim/snapshot                      the whole state as JSON (holds every secret)
  PUT    /_sim/snapshot                      replace the state with a snapshot
  GET    /_sim/sms                           the SMS outbox
  GET    /_sim/devices/{device_id}/messages  a device's pending messages
  GET    /_sim/requests                      the last Kandy calls, credentials redacted: ?user= filters
  GET    /_sim/messages/{uuid}               a message's life: sent, queued, pushed, acked; where it is now
  GET    /_sim/tokens/{token_id}             one access token's value, by the id the dashboard lists
  GET    /_sim/data_channels                 the open data channels
  POST   /_sim/data_channels/drop            drop open data channels: {full_user_id?}
  GET    /_sim/clock                         the manual clock: {now_ms}
  POST   /_sim/clock/advance                 move the clock forward: {millis}
  GET    /_sim/faults                        the fault plan, with its counts
  POST   /_sim/faults                        replace the fault plan
  DELETE /_sim/faults                        clear the fault plan
  GET    /_sim/ui/                           the dashboard, in a browser
GET / (without a WebSocket upgrade) points at /v1.2/, /_sim/ and the data channel.

Logging: RUST_LOG, when set, replaces -v and -q with target=level directives, e.g.
RUST_LOG=info,kandy_sim::request=off hides the request lines.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Say more on standard error: -v debug, -vv trace (the default is info: what was
    /// loaded, one line per Kandy call, the shutdown).
    #[arg(short, long, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Say less on standard error: -q warnings and errors only, -qq errors only, -qqq nothing.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub quiet: u8,

    /// The address to listen on; port 0 picks a free port (printed on the first line). A
    /// non-loopback address (0.0.0.0 included) requires an admin token on /_sim/*.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: String,

    /// A host name the server answers to besides localhost and IP addresses (requests naming
    /// another host are refused, so DNS rebinding fails). May be given several times.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,

    /// The token every /_sim/* route then requires as `Authorization: Bearer TOKEN`.
    /// Prefer the environment variable: a flag is visible in the process list.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "KANDY_SIM_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,

    /// The seed of every generated key, secret, token, id and password: the same seed and the
    /// same calls give the same state. Without it, they are unpredictable.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// An account to create at start, as ACCOUNT_API_KEY:ACCOUNT_API_SECRET: AAK and AAS, each
    /// followed by 1 to 64 ASCII letters or digits (the portal's are 32 lowercase hex
    /// digits; a key given twice is refused). May be given several times. Visible in
    /// the process list: prefer --account-file or KANDY_SIM_ACCOUNTS. An account already in
    /// the loaded --state is kept as it is.
    #[arg(long = "account", value_name = "KEY:SECRET")]
    pub accounts: Vec<String>,

    /// A file of accounts to create at start, one KEY:SECRET per line; blank lines and lines
    /// starting with # are skipped. A file that others may read is used with a warning.
    /// The environment variable KANDY_SIM_ACCOUNTS may hold more, separated by commas or
    /// white space.
    #[arg(long = "account-file", value_name = "FILE")]
    pub account_files: Vec<PathBuf>,

    /// A JSON file holding the simulator's state: loaded at start if it exists, saved on
    /// shutdown (written to a new file beside it, mode 0600, then renamed over it). Its
    /// directory must exist and be writable; FILE.lock beside it keeps a second server off.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// When the --state file is written: `shutdown` (on SIGINT or SIGTERM; a kill -9 loses
    /// every change since the start), `interval:SECS` (also every SECS seconds while the
    /// state changes; a kill loses at most the last SECS seconds) or `always` (every change
    /// is appended to FILE.journal and synced before it is answered, and replayed at the next
    /// start: a kill loses no acknowledged change; each call costs an append and a sync,
    /// whatever the state's size; the state file is saved, and the journal emptied, at
    /// shutdown and when the journal passes 64 MiB). A journal left by `always` is replayed
    /// at start in every mode.
    #[arg(long, value_name = "MODE", default_value = "shutdown", value_parser = crate::persist::parse)]
    pub persist: crate::persist::Persist,

    /// The largest request body, in bytes, at most the default 1 MiB (the snapshot restore
    /// takes up to 64 MiB).
    #[arg(long, value_name = "BYTES", default_value_t = ServerLimits::default().max_body_bytes)]
    pub max_body_bytes: usize,

    /// The largest request body of a content upload (#84), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = ServerLimits::default().max_upload_bytes)]
    pub max_upload_bytes: usize,

    /// The largest uploaded file, in bytes (status 17, HTTP 413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = kandy_sim::model::DEFAULT_MAX_CONTENT_BYTES)]
    pub max_content_bytes: u64,

    /// The most bytes of uploaded content one domain holds (status 12, HTTP 429 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = kandy_sim::model::DEFAULT_MAX_DOMAIN_CONTENT_BYTES)]
    pub max_domain_content_bytes: u64,

    /// How many connections are served at once; beyond, new ones wait in the backlog.
    #[arg(long, value_name = "N", default_value_t = ServerLimits::default().max_connections)]
    pub max_connections: usize,

    /// How long a client may take to send a request's head (also the keep-alive idle time),
    /// e.g. 30s or 500ms.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = duration)]
    pub header_timeout: Duration,

    /// The longest pause while a request body arrives (HTTP 408 beyond).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = duration)]
    pub body_timeout: Duration,

    /// How long a whole request body may take, from its head (HTTP 408 beyond).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = duration)]
    pub request_timeout: Duration,

    /// Devices one user may have (beyond: Kandy status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().devices_per_user, value_parser = at_least_one)]
    pub max_devices_per_user: usize,

    /// Messages one device's queue may hold (beyond: status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().queued_per_device, value_parser = at_least_one)]
    pub max_queued_per_device: usize,

    /// Messages all queues together may hold (beyond: status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().queued_total, value_parser = at_least_one)]
    pub max_queued: usize,

    /// The largest message content, as JSON, in bytes (beyond: status 17, HTTP 413).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().message_bytes, value_parser = at_least_one)]
    pub max_message_bytes: usize,

    /// How many device queues one send may reach (fan-out; beyond: status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().recipients_per_send, value_parser = at_least_one)]
    pub max_recipients: usize,

    /// Users one domain may have (beyond: status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().users_per_domain, value_parser = at_least_one)]
    pub max_users_per_domain: usize,

    /// Access tokens one user may hold; at the limit its expired ones are purged (then:
    /// status 12, HTTP 429).
    #[arg(long, value_name = "N", default_value_t = Limits::default().tokens_per_user, value_parser = at_least_one)]
    pub max_tokens_per_user: usize,

    /// How long a data-channel socket may stay silent before it is closed (kandy.js pings
    /// every 30 s).
    #[arg(long, value_name = "DURATION", default_value = "90s", value_parser = duration)]
    pub socket_idle_timeout: Duration,
}

impl ServeArgs {
    /// The server limits the flags give.
    pub fn limits(&self) -> ServerLimits {
        let mut limits = ServerLimits::default();
        limits.max_body_bytes = self.max_body_bytes;
        limits.max_upload_bytes = self.max_upload_bytes;
        limits.max_connections = self.max_connections;
        limits.header_timeout = self.header_timeout;
        limits.body_timeout = self.body_timeout;
        limits.request_timeout = self.request_timeout;
        limits.socket_idle_timeout = self.socket_idle_timeout;
        limits
    }
}

impl ServeArgs {
    /// The model's resource limits the flags give.
    pub fn model_limits(&self) -> Limits {
        let mut limits = Limits::default();
        limits.devices_per_user = self.max_devices_per_user;
        limits.queued_per_device = self.max_queued_per_device;
        limits.queued_total = self.max_queued;
        limits.message_bytes = self.max_message_bytes;
        limits.recipients_per_send = self.max_recipients;
        limits.users_per_domain = self.max_users_per_domain;
        limits.tokens_per_user = self.max_tokens_per_user;
        limits
    }
}

/// A count of at least one.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("a limit must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{:.20} is not a number", text)),
    }
}

/// `500ms`, `30s`, or a number of seconds.
fn duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.strip_suffix("ms") {
        Some(number) => (number, 1),
        None => (text.strip_suffix('s').unwrap_or(text), 1000),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 30s or 500ms"))?;
    if number == 0 {
        return Err("a timeout must be longer than zero".to_owned());
    }
    Ok(Duration::from_millis(number.saturating_mul(unit)))
}
