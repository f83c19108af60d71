//! Configuration (endpoints #31, #45, #46): where the data channel's WebSocket is, and the
//! SPiDR (voice and video) configuration kandy.js hands to its calling stack.

use crate::credentials::DomainAccessToken;
use serde::{Deserialize, Serialize};

/// The data channel of `get_data_channel` (#45): the host and port of the WebSocket that
/// pushes notifications, `{"data_server_host", "data_server_port", "is_secure"}`.
///
/// Decoding is as lenient as kandy.js: the host may carry a scheme and a path, the port may
/// be a number, a string or absent, and `is_secure` a boolean or `"true"`/`"false"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataChannelConfig {
    /// The host, possibly with a scheme (`https://ws.example.com/`).
    pub data_server_host: String,
    /// The port, when given.
    #[serde(
        default,
        with = "super::lenient::opt_port",
        skip_serializing_if = "Option::is_none"
    )]
    pub data_server_port: Option<u16>,
    /// Whether the socket is `wss` (TLS).
    #[serde(default, deserialize_with = "secure_flag")]
    pub is_secure: bool,
}

fn secure_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    super::lenient::opt_flag::deserialize(d).map(|flag| flag.unwrap_or(false))
}

impl DataChannelConfig {
    /// A channel at `host` with no port, not secure.
    pub fn new(data_server_host: impl Into<String>) -> Self {
        Self {
            data_server_host: data_server_host.into(),
            data_server_port: None,
            is_secure: false,
        }
    }

    /// Sets the port.
    pub fn with_data_server_port(mut self, port: u16) -> Self {
        self.data_server_port = Some(port);
        self
    }

    /// Sets whether the socket uses TLS.
    pub fn with_is_secure(mut self, is_secure: bool) -> Self {
        self.is_secure = is_secure;
        self
    }

    /// The socket's base URL as kandy.js builds it: `wss://` or `ws://`, the host without
    /// scheme, `www.` or path, and `:port` when there is one (the caller appends
    /// `/?client_sw_type=..&client_sw_version=..&user_access_token=..`).
    ///
    /// ```
    /// use kandy_core::DataChannelConfig;
    /// let channel = DataChannelConfig::new("https://www.ws.example.com/x")
    ///     .with_data_server_port(8443)
    ///     .with_is_secure(true);
    /// assert_eq!(channel.websocket_url(), "wss://ws.example.com:8443");
    /// ```
    pub fn websocket_url(&self) -> String {
        let host = self.data_server_host.trim();
        let host = host
            .strip_prefix("https://")
            .or_else(|| host.strip_prefix("http://"))
            .unwrap_or(host);
        let host = host.strip_prefix("www.").unwrap_or(host);
        let host = host.split('/').next().unwrap_or_default();
        let scheme = if self.is_secure { "wss" } else { "ws" };
        match self.data_server_port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        }
    }
}

/// The SPiDR configuration of #46 (`result.spidr_configuration`) and #31: where the calling
/// stack's REST and WebSocket servers and its ICE (STUN/TURN) server are.
///
/// The fields kandy.js reads are typed; every other key (`fcsApi`, `fcsMedia`,
/// `ICE_servers`, `versions`, `audit_*`, ...) is kept as given in [`other`](Self::other).
/// Ports may arrive as numbers or strings, flags as booleans or strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpidrConfiguration {
    /// `REST_server_address`.
    #[serde(
        rename = "REST_server_address",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rest_server_address: Option<String>,
    /// `REST_server_port`.
    #[serde(
        rename = "REST_server_port",
        default,
        with = "super::lenient::opt_port",
        skip_serializing_if = "Option::is_none"
    )]
    pub rest_server_port: Option<u16>,
    /// `REST_protocol`, e.g. `https`.
    #[serde(
        rename = "REST_protocol",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rest_protocol: Option<String>,
    /// `webSocket_server_address`.
    #[serde(
        rename = "webSocket_server_address",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub websocket_server_address: Option<String>,
    /// `webSocket_server_port`.
    #[serde(
        rename = "webSocket_server_port",
        default,
        with = "super::lenient::opt_port",
        skip_serializing_if = "Option::is_none"
    )]
    pub websocket_server_port: Option<u16>,
    /// `webSocket_secure` (kandy.js takes anything but `false` as secure).
    #[serde(
        rename = "webSocket_secure",
        default,
        with = "super::lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub websocket_secure: Option<bool>,
    /// `ICE_server_address`.
    #[serde(
        rename = "ICE_server_address",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ice_server_address: Option<String>,
    /// `ICE_server_port`.
    #[serde(
        rename = "ICE_server_port",
        default,
        with = "super::lenient::opt_port",
        skip_serializing_if = "Option::is_none"
    )]
    pub ice_server_port: Option<u16>,
    /// `use_DTLS`.
    #[serde(
        rename = "use_DTLS",
        default,
        with = "super::lenient::opt_flag",
        skip_serializing_if = "Option::is_none"
    )]
    pub use_dtls: Option<bool>,
    /// Every other key, as given.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl SpidrConfiguration {
    /// An empty configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the REST server's address, port and protocol.
    pub fn with_rest_server(
        mut self,
        address: impl Into<String>,
        port: u16,
        protocol: impl Into<String>,
    ) -> Self {
        self.rest_server_address = Some(address.into());
        self.rest_server_port = Some(port);
        self.rest_protocol = Some(protocol.into());
        self
    }

    /// Sets the WebSocket server's address and port, and whether it is secure.
    pub fn with_websocket_server(
        mut self,
        address: impl Into<String>,
        port: u16,
        secure: bool,
    ) -> Self {
        self.websocket_server_address = Some(address.into());
        self.websocket_server_port = Some(port);
        self.websocket_secure = Some(secure);
        self
    }

    /// Sets the ICE server's address and port.
    pub fn with_ice_server(mut self, address: impl Into<String>, port: u16) -> Self {
        self.ice_server_address = Some(address.into());
        self.ice_server_port = Some(port);
        self
    }

    /// Sets whether media uses DTLS.
    pub fn with_use_dtls(mut self, use_dtls: bool) -> Self {
        self.use_dtls = Some(use_dtls);
        self
    }

    /// Sets another key.
    pub fn with_other(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.other.insert(key.into(), value);
        self
    }
}

/// The result of `get_configurations` (#31): what a mobile-style client needs from its
/// domain's key and secret, `{"domain_name", "domain_access_token", "spidr_configuration"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DomainConfiguration {
    /// The domain's name.
    pub domain_name: String,
    /// A new domain access token.
    pub domain_access_token: DomainAccessToken,
    /// The SPiDR configuration.
    #[serde(default)]
    pub spidr_configuration: SpidrConfiguration,
}

impl DomainConfiguration {
    /// The configuration of `domain_name` with this token and an empty SPiDR configuration.
    pub fn new(domain_name: impl Into<String>, domain_access_token: DomainAccessToken) -> Self {
        Self {
            domain_name: domain_name.into(),
            domain_access_token,
            spidr_configuration: SpidrConfiguration::default(),
        }
    }

    /// Sets the SPiDR configuration.
    pub fn with_spidr_configuration(mut self, spidr_configuration: SpidrConfiguration) -> Self {
        self.spidr_configuration = spidr_configuration;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_data_channel_reads_every_port_and_flag_form() {
        for (port, secure, want_port, want_secure) in [
            (json!(8582), json!(true), Some(8582), true),
            (json!("8582"), json!("true"), Some(8582), true),
            (json!(""), json!("false"), None, false),
            (json!(null), json!(null), None, false),
        ] {
            let channel: DataChannelConfig = serde_json::from_value(json!({
                "data_server_host": "h", "data_server_port": port, "is_secure": secure
            }))
            .unwrap();
            assert_eq!(channel.data_server_port, want_port);
            assert_eq!(channel.is_secure, want_secure);
        }
        let bare: DataChannelConfig =
            serde_json::from_value(json!({"data_server_host": "h"})).unwrap();
        assert_eq!(bare.websocket_url(), "ws://h");
        assert!(
            serde_json::from_value::<DataChannelConfig>(
                json!({"data_server_host": "h", "data_server_port": 70000})
            )
            .is_err()
        );
    }

    #[test]
    fn the_spidr_configuration_types_what_kandy_js_reads_and_keeps_the_rest() {
        let sample = json!({
            "REST_server_address": "kandysimplex.fring.com", "REST_server_port": 443,
            "webSocket_server_address": "kandysimplex.fring.com", "webSocket_server_port": "8582",
            "ICE_server_address": "54.84.226.174", "ICE_server_port": 3478,
            "subscription_expire_time_seconds": null, "REST_protocol": "https",
            "server_certificate": null, "use_DTLS": false, "audit_enable": true,
            "fcsApi": {"restUrl": "x"}
        });
        let config: SpidrConfiguration = serde_json::from_value(sample).unwrap();
        assert_eq!(config.rest_server_port, Some(443));
        assert_eq!(config.websocket_server_port, Some(8582));
        assert_eq!(config.use_dtls, Some(false));
        assert_eq!(config.other["audit_enable"], true);
        assert_eq!(config.other["fcsApi"]["restUrl"], "x");
        let back = serde_json::to_value(&config).unwrap();
        assert_eq!(back["REST_server_address"], "kandysimplex.fring.com");
        assert_eq!(back["fcsApi"]["restUrl"], "x");
        let built = SpidrConfiguration::new()
            .with_rest_server("127.0.0.1", 8080, "http")
            .with_ice_server("127.0.0.1", 3478);
        assert_eq!(built.rest_protocol.as_deref(), Some("http"));
    }
}
