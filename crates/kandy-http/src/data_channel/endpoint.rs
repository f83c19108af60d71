//! Where the data channel is (#45's answer), and the socket URL kandy.js builds from it.

use crate::redact::redact_url;
use async_trait::async_trait;
use kandy_core::{Error, ExposeSecret, Result, UserAccessToken};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt;
use url::Url;

/// What `encodeURIComponent` leaves alone: letters, digits and `-_.!~*'()`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Where a data channel is: the `{data_server_host, data_server_port, is_secure}` of the
/// data-channel configuration (#45).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelEndpoint {
    host: String,
    port: Option<u16>,
    secure: bool,
}

impl ChannelEndpoint {
    /// The endpoint #45 describes. `data_server_host` may carry a scheme, a `www.` and a
    /// path, as some services sent it; they are dropped as kandy.js drops them. A port of
    /// `None` or 0 is left out of the URL (the scheme's default).
    pub fn new(
        data_server_host: impl Into<String>,
        data_server_port: Option<u16>,
        is_secure: bool,
    ) -> Self {
        Self {
            host: data_server_host.into(),
            port: data_server_port.filter(|port| *port != 0),
            secure: is_secure,
        }
    }

    /// `data_server_host` as given.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, unless the scheme's default is meant.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether the socket is `wss`.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// `ws(s)://HOST[:PORT]`, as kandy.js's `buildWebSocketUrlFromDataChannelConfig`: the
    /// host without a leading `http://`/`https://` and `www.`, up to its first `/`.
    pub fn base_url(&self) -> String {
        let scheme = if self.secure { "wss" } else { "ws" };
        let port = self.port.map(|port| format!(":{port}")).unwrap_or_default();
        format!("{scheme}://{}{port}", bare_host(&self.host))
    }

    /// The URL the socket opens: [`base_url`](Self::base_url) then
    /// `/?client_sw_type=..&client_sw_version=..&user_access_token=..`, each value
    /// percent-encoded as `encodeURIComponent` does, then parsed as a browser parses the URL
    /// it is given (so the bytes on the wire are a browser's running kandy.js). A host that makes no URL is a
    /// [`Config`](kandy_core::ErrorKind::Config) error.
    pub(crate) fn socket_url(
        &self,
        software: &ClientSoftware,
        token: &UserAccessToken,
    ) -> Result<SocketUrl> {
        let encode = |value: &str| utf8_percent_encode(value, URI_COMPONENT).to_string();
        let text = format!(
            "{}/?client_sw_type={}&client_sw_version={}&user_access_token={}",
            self.base_url(),
            encode(&software.kind),
            encode(&software.version),
            encode(token.expose_secret()),
        );
        let url = Url::parse(&text)
            .ok()
            .filter(|url| url.host_str().is_some_and(|host| !host.is_empty()))
            .ok_or_else(|| {
                Error::config(format!(
                    "the data channel's host {:?} (port {:?}) makes no WebSocket URL",
                    self.host, self.port
                ))
            })?;
        Ok(SocketUrl(url))
    }
}

/// kandy.js's `host.match('^(?:https?:\/\/)?(?:www\.)?([^\/]+)')[1]`, backtracking included:
/// the prefixes are dropped only where something is left after them.
fn bare_host(host: &str) -> &str {
    let schemeless = host
        .strip_prefix("https://")
        .or_else(|| host.strip_prefix("http://"));
    let candidates = [schemeless, Some(host)].into_iter().flatten();
    candidates
        .flat_map(|rest| {
            [rest.strip_prefix("www."), Some(rest)]
                .into_iter()
                .flatten()
        })
        .map(|rest| rest.split('/').next().unwrap_or_default())
        .find(|name| !name.is_empty())
        .unwrap_or_default()
}

/// What the socket URL says the client is: `client_sw_type` and `client_sw_version`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClientSoftware {
    pub(crate) kind: String,
    pub(crate) version: String,
}

/// A socket URL: it holds the token, so `Debug` shows it redacted.
pub(crate) struct SocketUrl(Url);

impl SocketUrl {
    pub(crate) fn url(&self) -> &Url {
        &self.0
    }

    /// The request target: `/?client_sw_type=..`.
    pub(crate) fn target(&self) -> &str {
        &self.0[url::Position::BeforePath..url::Position::AfterQuery]
    }

    /// The `Host` header: the host, and the port unless it is the scheme's default.
    pub(crate) fn host_header(&self) -> &str {
        &self.0[url::Position::BeforeHost..url::Position::AfterPort]
    }
}

impl fmt::Debug for SocketUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SocketUrl({})", redact_url(&self.0))
    }
}

/// Where a user's data channel is, asked before every connection attempt (kandy.js fetches
/// the configuration, #45, each time it opens the socket).
#[async_trait]
pub trait ChannelLocator: Send + Sync {
    /// The endpoint for `token`'s user. An error of kind
    /// [`Auth`](kandy_core::ErrorKind::Auth) ends the stream as a refused token; any other
    /// error is a failed attempt, tried again.
    async fn locate(&self, token: UserAccessToken) -> Result<ChannelEndpoint>;
}

/// A fixed endpoint: every attempt goes to it.
#[async_trait]
impl ChannelLocator for ChannelEndpoint {
    async fn locate(&self, _token: UserAccessToken) -> Result<ChannelEndpoint> {
        Ok(self.clone())
    }
}

/// Any `KandyApi` behind an `Arc` finds the endpoint as kandy.js does, by asking #45
/// (`get_data_channel`) before every attempt: `DataChannelClient::builder(api.clone())`.
#[async_trait]
impl<A: kandy_core::KandyApi + ?Sized> ChannelLocator for std::sync::Arc<A> {
    async fn locate(&self, token: UserAccessToken) -> Result<ChannelEndpoint> {
        let config = self.get_data_channel(token).await?;
        Ok(ChannelEndpoint::new(
            config.data_server_host,
            config.data_server_port,
            config.is_secure,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn software() -> ClientSoftware {
        ClientSoftware {
            kind: "js".into(),
            version: "2.2.1".into(),
        }
    }

    #[test]
    fn the_host_loses_what_kandy_js_strips() {
        for (host, bare) in [
            ("dc.kandy.io", "dc.kandy.io"),
            ("https://www.dc.kandy.io/socket/x", "dc.kandy.io"),
            ("http://dc.kandy.io", "dc.kandy.io"),
            ("www.dc.kandy.io", "dc.kandy.io"),
            ("127.0.0.1", "127.0.0.1"),
            // Case-sensitive, and only http(s) is a scheme to drop.
            ("HTTPS://dc", "HTTPS:"),
            ("wss://dc", "wss:"),
            // Where nothing would be left, the regex backtracks.
            ("www.", "www."),
            ("http://", "http:"),
            ("http://www.", "www."),
            ("", ""),
        ] {
            assert_eq!(bare_host(host), bare, "{host:?}");
        }
    }

    #[test]
    fn the_socket_url_is_the_one_kandy_js_opens() {
        let token = UserAccessToken::new("UAT0123456789abcdef0123456789abcdef");
        let url = ChannelEndpoint::new("https://www.dc.kandy.io/x", Some(8443), true)
            .socket_url(&software(), &token)
            .unwrap();
        assert_eq!(
            url.url().as_str(),
            "wss://dc.kandy.io:8443/?client_sw_type=js&client_sw_version=2.2.1\
             &user_access_token=UAT0123456789abcdef0123456789abcdef"
        );
        assert_eq!(url.host_header(), "dc.kandy.io:8443");
        assert!(url.target().starts_with("/?client_sw_type=js&"));
        // The default port is left out, as kandy.js leaves out a missing or zero port.
        for port in [None, Some(0)] {
            let url = ChannelEndpoint::new("127.0.0.1", port, false)
                .socket_url(&software(), &token)
                .unwrap();
            assert_eq!(url.host_header(), "127.0.0.1");
            assert!(url.url().as_str().starts_with("ws://127.0.0.1/?"));
        }
    }

    #[test]
    fn the_token_is_encoded_as_a_browser_running_kandy_js_sends_it_and_debug_hides_it() {
        let token = UserAccessToken::new("a b+c/d?e&f=g!~*'()é");
        let url = ChannelEndpoint::new("h", Some(1), false)
            .socket_url(&software(), &token)
            .unwrap();
        // encodeURIComponent leaves `'` alone; the browser's URL parser then encodes it in
        // the query of a ws: URL (the WHATWG special-query set), as `url` does.
        assert!(
            url.url()
                .as_str()
                .ends_with("&user_access_token=a%20b%2Bc%2Fd%3Fe%26f%3Dg!~*%27()%C3%A9"),
            "{}",
            url.url()
        );
        let shown = format!("{url:?}");
        assert!(shown.contains("user_access_token=REDACTED"), "{shown}");
        assert!(!shown.contains("a%20b"), "{shown}");
    }

    #[test]
    fn a_host_that_makes_no_url_is_a_config_error() {
        let token = UserAccessToken::new("UATx");
        for host in ["", "bad host", "h:1"] {
            let error = ChannelEndpoint::new(host, Some(80), false)
                .socket_url(&software(), &token)
                .map(|url| format!("{url:?}"))
                .unwrap_err();
            assert_eq!(error.kind(), kandy_core::ErrorKind::Config, "{host:?}");
            assert!(!error.to_string().contains("UATx"));
        }
    }
}
