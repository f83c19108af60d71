//! How a [`DataChannelClient`](super::DataChannelClient) is configured.

use super::DataChannelClient;
use super::endpoint::{ChannelLocator, ClientSoftware};
use crate::DEFAULT_USER_AGENT;
use crate::retry::{Jitter, RandomJitter, RetryPolicy, Sleep, TokioSleep};
use kandy_core::{Error, Result};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls;

/// When and how often a lost data channel is opened again: capped full-jitter backoff.
///
/// Before reconnection attempt *n* (from 1) of an outage, the client waits a delay picked in
/// `[0, min(max_backoff, initial_backoff · 2^(n-1))]` (the retry layer's formula, see
/// [`RetryPolicy::backoff_ceiling`]). A connection that opens starts the count again. With
/// [`with_max_attempts`](Self::with_max_attempts), the stream ends with
/// `EndReason::GaveUp` after that many failed attempts; by default it never gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReconnectPolicy {
    initial_backoff: Duration,
    max_backoff: Duration,
    max_attempts: Option<u32>,
}

impl ReconnectPolicy {
    /// 1 s initial backoff, capped at 30 s, never giving up.
    pub const DEFAULT: ReconnectPolicy = ReconnectPolicy {
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(30),
        max_attempts: None,
    };

    /// Sets the ceiling of the first delay; each later ceiling doubles, up to the cap.
    pub const fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the cap on any delay.
    pub const fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Gives up after `attempts` failed attempts in one outage (0: never reconnect).
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The attempt limit of one outage, if any.
    pub const fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// The ceiling of the delay before attempt `attempt` (from 1).
    pub fn delay_ceiling(&self, attempt: u32) -> Duration {
        RetryPolicy::DEFAULT
            .with_initial_backoff(self.initial_backoff)
            .with_max_backoff(self.max_backoff)
            .backoff_ceiling(attempt)
    }
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Everything a connection and its task read; shared by every stream of one client.
pub(crate) struct Settings {
    pub(crate) locator: Arc<dyn ChannelLocator>,
    pub(crate) ping_interval: Duration,
    pub(crate) reconnect: ReconnectPolicy,
    pub(crate) connect_timeout: Duration,
    pub(crate) response_timeout: Duration,
    pub(crate) buffer: usize,
    pub(crate) software: ClientSoftware,
    pub(crate) user_agent: String,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) jitter: Arc<dyn Jitter>,
    pub(crate) tls: Arc<rustls::ClientConfig>,
}

/// Builds a [`DataChannelClient`]; see [`DataChannelClient::builder`].
pub struct DataChannelClientBuilder {
    locator: Arc<dyn ChannelLocator>,
    ping_interval: Duration,
    reconnect: ReconnectPolicy,
    connect_timeout: Duration,
    response_timeout: Duration,
    buffer: usize,
    software: ClientSoftware,
    user_agent: String,
    sleep: Arc<dyn Sleep>,
    jitter: Arc<dyn Jitter>,
}

impl DataChannelClientBuilder {
    /// The default ping interval, kandy.js's.
    pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_secs(30);
    /// The default bound on opening a socket (locating it, TCP, TLS and the upgrade).
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default wait for the `response` to session data.
    pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default number of notifications held for a stream that is not read.
    pub const DEFAULT_BUFFER: usize = 64;

    pub(crate) fn new(locator: Arc<dyn ChannelLocator>) -> Self {
        Self {
            locator,
            ping_interval: Self::DEFAULT_PING_INTERVAL,
            reconnect: ReconnectPolicy::DEFAULT,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            response_timeout: Self::DEFAULT_RESPONSE_TIMEOUT,
            buffer: Self::DEFAULT_BUFFER,
            software: ClientSoftware {
                kind: "js".into(),
                version: "2.2.1".into(),
            },
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            sleep: Arc::new(TokioSleep),
            jitter: Arc::new(RandomJitter::new()),
        }
    }

    /// Sends `{"message_type":"ping"}` on open and then every `interval` (30 s by default);
    /// the server drops a socket that stays silent too long.
    pub fn ping_interval(mut self, interval: Duration) -> Self {
        self.ping_interval = interval;
        self
    }

    /// How a lost socket is opened again ([`ReconnectPolicy::DEFAULT`] by default).
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Self {
        self.reconnect = policy;
        self
    }

    /// Bounds each attempt to open the socket, locating it included (10 s by default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long session data waits for its `response` (30 s by default).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// How many notifications are held for a stream that is not read before the socket stops
    /// being read (64 by default; at least 1).
    pub fn buffer(mut self, notifications: usize) -> Self {
        self.buffer = notifications.max(1);
        self
    }

    /// What the socket URL says the client is: `client_sw_type` and `client_sw_version`. The
    /// default is kandy.js's own (`js`, `2.2.1`): the one client the service is known to
    /// accept on this socket.
    pub fn client_software(mut self, kind: impl Into<String>, version: impl Into<String>) -> Self {
        self.software = ClientSoftware {
            kind: kind.into(),
            version: version.into(),
        };
        self
    }

    /// The `User-Agent` of the upgrade request ([`DEFAULT_USER_AGENT`] by default).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Replaces the sleeper that times pings and reconnection delays (tests record them).
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Replaces the randomness that picks reconnection delays (tests make them exact with
    /// [`FixedJitter`](crate::retry::FixedJitter)).
    pub fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Arc::new(jitter);
        self
    }

    /// The client. Fails with a [`Config`](kandy_core::ErrorKind::Config) error when the ping
    /// interval is zero or a header value is not one, or TLS cannot be set up.
    pub fn build(self) -> Result<DataChannelClient> {
        if self.ping_interval.is_zero() {
            return Err(Error::config(
                "the data channel's ping interval must not be zero",
            ));
        }
        if self.user_agent.chars().any(char::is_control) {
            return Err(Error::config("the user agent holds a control character"));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::config(format!("TLS cannot be set up: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(DataChannelClient {
            settings: Arc::new(Settings {
                locator: self.locator,
                ping_interval: self.ping_interval,
                reconnect: self.reconnect,
                connect_timeout: self.connect_timeout,
                response_timeout: self.response_timeout,
                buffer: self.buffer,
                software: self.software,
                user_agent: self.user_agent,
                sleep: self.sleep,
                jitter: self.jitter,
                tls: Arc::new(tls),
            }),
        })
    }
}

impl fmt::Debug for DataChannelClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataChannelClientBuilder")
            .field("ping_interval", &self.ping_interval)
            .field("reconnect", &self.reconnect)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .field("buffer", &self.buffer)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataChannelClient")
            .field("ping_interval", &self.ping_interval)
            .field("reconnect", &self.reconnect)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .field("buffer", &self.buffer)
            .field("client_sw_type", &self.software.kind)
            .field("client_sw_version", &self.software.version)
            .finish_non_exhaustive()
    }
}
