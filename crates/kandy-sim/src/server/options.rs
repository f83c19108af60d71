//! How a [`Server`](super::Server) is configured: the host names it answers to, the admin
//! token, and the limits on connections, bodies and slow clients.

use std::fmt;
use std::io;
use std::time::Duration;
use subtle::ConstantTimeEq;

/// The limits a server puts on its clients. The defaults are far beyond what a test suite
/// needs; each refusal is described in the [module documentation](super).
///
/// ```
/// use kandy_sim::server::ServerLimits;
/// use std::time::Duration;
///
/// let mut limits = ServerLimits::default();
/// limits.body_timeout = Duration::from_secs(5);
/// assert_eq!(limits.max_body_bytes, 1024 * 1024);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerLimits {
    /// The largest request body, in bytes, of a Kandy call and of an admin call other than
    /// `PUT /_sim/snapshot` (which takes up to
    /// [`MAX_SNAPSHOT_BYTES`](super::MAX_SNAPSHOT_BYTES)). Default and maximum 1 MiB
    /// ([`MAX_BODY_BYTES`](super::MAX_BODY_BYTES)); beyond it, HTTP 413.
    pub max_body_bytes: usize,
    /// The largest request body of a content upload (#84, `multipart/form-data`), in bytes.
    /// Default 32 MiB ([`MAX_UPLOAD_BYTES`](super::MAX_UPLOAD_BYTES)); beyond it, HTTP 413.
    /// The file inside is also bounded by the simulator's
    /// [`max_content_bytes`](crate::SimulatorBuilder::max_content_bytes), checked while it
    /// is read.
    pub max_upload_bytes: usize,
    /// How long a client may take to send a request's head (the request line and headers); a
    /// connection idle for that long between requests is closed too. Default 30 s.
    pub header_timeout: Duration,
    /// The longest pause while a request body arrives. Default 30 s; beyond it, HTTP 408.
    pub body_timeout: Duration,
    /// How long a whole request body may take to arrive, counted from its head. Default 60 s;
    /// beyond it, HTTP 408.
    pub request_timeout: Duration,
    /// How many connections are served at once. Default 512. Beyond it, new connections wait
    /// in the listening socket's backlog (bounded by the system) until one closes.
    pub max_connections: usize,
    /// How long a data-channel socket may stay silent (no frame from the client: kandy.js
    /// pings every 30 s) before the server closes it with 1001. Default 90 s.
    pub socket_idle_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: super::MAX_BODY_BYTES,
            max_upload_bytes: super::MAX_UPLOAD_BYTES,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            max_connections: 512,
            socket_idle_timeout: Duration::from_secs(90),
        }
    }
}

impl ServerLimits {
    /// Checks that every limit is usable: no zero size, count or duration, a body limit of at
    /// most [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES) (the upload limit may be larger).
    pub fn validate(&self) -> Result<(), String> {
        let durations = [
            ("header_timeout", self.header_timeout),
            ("body_timeout", self.body_timeout),
            ("request_timeout", self.request_timeout),
            ("socket_idle_timeout", self.socket_idle_timeout),
        ];
        if let Some((name, _)) = durations.iter().find(|(_, d)| d.is_zero()) {
            return Err(format!("{name} must be longer than zero"));
        }
        if !(1..=super::MAX_BODY_BYTES).contains(&self.max_body_bytes) {
            return Err(format!(
                "max_body_bytes must be between 1 and {}",
                super::MAX_BODY_BYTES
            ));
        }
        if self.max_upload_bytes == 0 {
            return Err("max_upload_bytes must be at least 1".to_owned());
        }
        if self.max_connections == 0 {
            return Err("max_connections must be at least 1".to_owned());
        }
        Ok(())
    }
}

/// The bearer token the admin surface `/_sim/*` requires. Its `Debug` never shows it, and a
/// presented token is compared in constant time.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AdminToken(String);

impl AdminToken {
    /// A token: 1 to 256 visible ASCII characters (no space).
    ///
    /// # Errors
    /// A message (without the token) when it is empty, too long or holds another character.
    pub(crate) fn new(token: impl Into<String>) -> Result<Self, String> {
        let token = token.into();
        if token.is_empty() || token.len() > 256 {
            return Err("an admin token has 1 to 256 characters".to_owned());
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("an admin token holds only visible ASCII characters, no space".to_owned());
        }
        Ok(Self(token))
    }

    /// Whether `presented` is this token, in time that does not depend on where they differ.
    pub(crate) fn matches(&self, presented: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(presented).into()
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(***)")
    }
}

/// What a server answers to and what it requires, before any route runs.
#[derive(Clone, Debug, Default)]
pub(crate) struct ServerOptions {
    /// Host names accepted besides `localhost` and IP literals, lowercase.
    pub allowed_hosts: Vec<String>,
    /// The token `/_sim/*` requires, if any.
    pub admin_token: Option<AdminToken>,
    /// The limits.
    pub limits: ServerLimits,
}

impl ServerOptions {
    /// Checks the host names and limits; an `InvalidInput` error names the first problem.
    pub fn validate(&self) -> io::Result<()> {
        let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
        for name in &self.allowed_hosts {
            check_host_name(name).map_err(invalid)?;
        }
        self.limits.validate().map_err(invalid)
    }
}

/// A name for `allow_host`: a DNS name or an IP literal, without a port or a scheme.
pub(crate) fn check_host_name(name: &str) -> Result<(), String> {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    let ipv6 = name.starts_with('[') && name.ends_with(']');
    if name.is_empty() || name.len() > 253 || !(plain || ipv6) {
        let shown: String = name.chars().take(40).collect();
        return Err(format!(
            "{shown:?} is not a host name (give the name alone, without a scheme or a port)"
        ));
    }
    Ok(())
}
