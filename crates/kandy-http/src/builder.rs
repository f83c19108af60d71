//! `KandyClientBuilder`: base URL, timeouts, user agent, and an optional `reqwest::Client`.

use crate::client::KandyClient;
use crate::redact::redact_url;
use kandy_core::{Error, Result};
use reqwest::header::HeaderValue;
use std::fmt;
use std::time::Duration;
use url::Url;

/// The base URL of the Kandy v1.2 service.
pub const DEFAULT_BASE_URL: &str = "https://api.kandy.io/v1.2/";

/// The user agent sent by default: `kandy-rs/<version of this crate>`.
pub const DEFAULT_USER_AGENT: &str = concat!("kandy-rs/", env!("CARGO_PKG_VERSION"));

/// The client's timeouts. `None` turns one off.
///
/// The defaults are a named, versioned set ([`Timeouts::V2026_1`]), so that a later change of
/// the defaults is a new constant to opt into, not a silent change of behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Time to open the connection (TCP and TLS). The attempt timeout, when shorter, cuts
    /// a connection attempt short too.
    pub connect: Option<Duration>,
    /// Time for one HTTP exchange: connecting, sending, and reading the whole response.
    pub attempt: Option<Duration>,
    /// Time for the whole call, decoding included. The builder refuses an attempt timeout
    /// longer than this; as the client makes one exchange per call and decoding cannot
    /// wait, a call with an attempt timeout is bounded by it already, and this one then
    /// arms no timer of its own.
    pub call: Option<Duration>,
}

impl Timeouts {
    /// The defaults of 2026: connect 5 s, attempt 30 s, whole call 60 s.
    pub const V2026_1: Timeouts = Timeouts {
        connect: Some(Duration::from_secs(5)),
        attempt: Some(Duration::from_secs(30)),
        call: Some(Duration::from_secs(60)),
    };

    /// No timeout at all (a hung server hangs the call).
    pub const NONE: Timeouts = Timeouts {
        connect: None,
        attempt: None,
        call: None,
    };

    /// The whole-call limit that needs a timer of its own: only when no attempt timeout
    /// (never longer than it) already bounds the one exchange a call makes.
    pub(crate) fn whole_call_timer(&self) -> Option<Duration> {
        match self.attempt {
            Some(_) => None,
            None => self.call,
        }
    }

    fn validate(&self) -> Result<()> {
        for (name, value) in [
            ("connect", self.connect),
            ("attempt", self.attempt),
            ("call", self.call),
        ] {
            if value == Some(Duration::ZERO) {
                return Err(Error::config(format!(
                    "the {name} timeout must be longer than zero (None turns it off)"
                )));
            }
        }
        if let (Some(attempt), Some(call)) = (self.attempt, self.call)
            && attempt > call
        {
            return Err(Error::config(
                "the attempt timeout is longer than the whole-call timeout",
            ));
        }
        Ok(())
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Self::V2026_1
    }
}

/// Configures a [`KandyClient`]; every value is checked by [`build`](Self::build).
///
/// ```
/// use std::time::Duration;
/// let client = kandy_http::KandyClient::builder()
///     .base_url("http://127.0.0.1:8080/v1.2")
///     .attempt_timeout(Duration::from_secs(10))
///     .call_timeout(None)
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "http://127.0.0.1:8080/v1.2/");
/// # Ok::<(), kandy_core::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct KandyClientBuilder {
    base_url: String,
    timeouts: Timeouts,
    connect_timeout_set: bool,
    user_agent: String,
    http_client: Option<reqwest::Client>,
}

impl Default for KandyClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeouts: Timeouts::default(),
            connect_timeout_set: false,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http_client: None,
        }
    }
}

impl KandyClientBuilder {
    /// A builder with the defaults: [`DEFAULT_BASE_URL`], [`Timeouts::V2026_1`],
    /// [`DEFAULT_USER_AGENT`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The service's base URL, ending in `/v1.2/` (a missing trailing slash is added), e.g.
    /// a simulator's `http://127.0.0.1:PORT/v1.2/`. It must be `http` or `https`, with no
    /// query, fragment or user-info.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// All three timeouts at once. Its connect timeout must be `None` when an
    /// [`http_client`](Self::http_client) is supplied.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self.connect_timeout_set = true;
        self
    }

    /// The connect timeout (default 5 s); `None` turns it off. It cannot be combined with
    /// [`http_client`](Self::http_client): set it on that client instead.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeouts.connect = timeout.into();
        self.connect_timeout_set = true;
        self
    }

    /// The timeout of one HTTP exchange (default 30 s); `None` turns it off.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeouts.attempt = timeout.into();
        self
    }

    /// The timeout of the whole call (default 60 s); `None` turns it off.
    pub fn call_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeouts.call = timeout.into();
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this `reqwest::Client` instead of building one (to share a connection pool, or
    /// set a proxy or root certificates).
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: the client refuses a
    /// response that was reached through a redirect, but only after the redirect was
    /// followed. Do not turn on its `connection_verbose` logging: it logs the request line,
    /// credentials included.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks every setting and builds the client; a bad setting is an error of kind
    /// [`Config`](kandy_core::ErrorKind::Config).
    pub fn build(self) -> Result<KandyClient> {
        let base_url = parse_base_url(&self.base_url)?;
        self.timeouts.validate()?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .ok()
            .filter(|ua| !ua.is_empty())
            .ok_or_else(|| Error::config("the user agent is empty or not a valid header value"))?;
        let http = match self.http_client {
            Some(_) if self.connect_timeout_set && self.timeouts.connect.is_some() => {
                return Err(Error::config(
                    "a connect timeout cannot be applied to a supplied reqwest::Client; \
                     set it on that client",
                ));
            }
            Some(client) => client,
            None => {
                let mut builder =
                    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
                if let Some(connect) = self.timeouts.connect {
                    builder = builder.connect_timeout(connect);
                }
                builder.build().map_err(|e| {
                    Error::config("the HTTP client could not be built").with_source(e.without_url())
                })?
            }
        };
        Ok(KandyClient::from_parts(
            http,
            base_url,
            self.timeouts,
            user_agent,
        ))
    }
}

fn parse_base_url(raw: &str) -> Result<Url> {
    let mut url = Url::parse(raw.trim())
        .map_err(|e| Error::config(format!("the base URL is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config("the base URL must be http or https"));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(Error::config("the base URL has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "the base URL must not have a query or fragment (credentials are passed per call)",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "the base URL must not hold a user name or password",
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

impl fmt::Debug for KandyClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_url = match Url::parse(self.base_url.trim()) {
            Ok(url) => redact_url(&url).to_string(),
            Err(_) => "<not a URL>".to_owned(),
        };
        f.debug_struct("KandyClientBuilder")
            .field("base_url", &base_url)
            .field("timeouts", &self.timeouts)
            .field("user_agent", &self.user_agent)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "supplied"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_user_agent_names_the_crate_version() {
        assert_eq!(
            DEFAULT_USER_AGENT,
            format!("kandy-rs/{}", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn base_url_rules() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:1/v1.2").unwrap().as_str(),
            "http://127.0.0.1:1/v1.2/"
        );
        for bad in [
            "ftp://h/v1.2/",
            "http://h/v1.2/?key=x",
            "http://h/v1.2/#x",
            "http://u:p@h/v1.2/",
            "mailto:a@b",
            "not a url",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
