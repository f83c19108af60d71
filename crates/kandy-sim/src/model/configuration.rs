//! Configuration (#31, #46): a domain's configuration from its key and secret, and the SPiDR
//! (voice and video) configuration.
//!
//! Media is not simulated: the SPiDR configuration is a fixed, documented one whose servers
//! are the simulator's own address (`localhost`, port 8080, the README's `kandy-sim serve`
//! address, which the HTTP server replaces with the address it was reached at). Nothing
//! answers SPiDR's protocol there; a calling stack configured with it fails to register.

use super::state::Holder;
use super::{Model, ModelError};
use kandy_core::{
    DomainAccessToken, DomainApiKey, DomainApiSecret, DomainConfiguration, SpidrConfiguration,
    UserAccessToken,
};
use serde_json::json;

/// The host the fixed SPiDR configuration names.
pub(crate) const SPIDR_HOST: &str = "localhost";

/// The port the fixed SPiDR configuration names.
pub(crate) const SPIDR_PORT: u16 = 8080;

/// The ICE (STUN/TURN) port the fixed SPiDR configuration names (the IANA STUN port).
pub(crate) const SPIDR_ICE_PORT: u16 = 3478;

/// The fixed SPiDR configuration: the REST and WebSocket servers at the simulator's address
/// (`https`/`wss` when `secure`), an ICE server on the STUN port, DTLS on, auditing off, the
/// keys kandy.js reads (`fcsApi`, `fcsMedia`, `ICE_servers`, `versions`) present.
pub(crate) fn spidr_configuration(secure: bool) -> SpidrConfiguration {
    let protocol = if secure { "https" } else { "http" };
    let ice = format!("stun:{SPIDR_HOST}:{SPIDR_ICE_PORT}");
    SpidrConfiguration::new()
        .with_rest_server(SPIDR_HOST, SPIDR_PORT, protocol)
        .with_websocket_server(SPIDR_HOST, SPIDR_PORT, secure)
        .with_ice_server(SPIDR_HOST, SPIDR_ICE_PORT)
        .with_use_dtls(true)
        .with_other("REST_API_version", json!("1"))
        .with_other("ICE_servers", json!([{"urls": ice}]))
        .with_other("ice_collection_timeout", json!(3000))
        .with_other("audit_enable", json!(false))
        .with_other("audit_packet_frequency", json!(0))
        .with_other("subscription_expire_time_seconds", json!(3600))
        .with_other("serverProvidedTurnCredentials", json!(false))
        .with_other(
            "fcsApi",
            json!({"protocol": protocol, "restUrl": SPIDR_HOST, "restPort": SPIDR_PORT}),
        )
        .with_other(
            "fcsMedia",
            json!({"webrtcdtls": true, "pluginMode": "auto"}),
        )
        .with_other("versions", json!([]))
}

impl Model {
    /// #31: the domain of the key and secret (55 if either is wrong), a new domain access
    /// token, and the SPiDR configuration (secure).
    pub fn get_configurations(
        &mut self,
        api_key: &DomainApiKey,
        api_secret: &DomainApiSecret,
    ) -> Result<DomainConfiguration, ModelError> {
        let domain = self.domain_by_secret(api_key, api_secret)?;
        let token = self.issue_token(
            "DAT",
            Holder::Domain {
                domain: domain.clone(),
            },
        );
        Ok(
            DomainConfiguration::new(domain, DomainAccessToken::new(token))
                .with_spidr_configuration(spidr_configuration(true)),
        )
    }

    /// #46: the fixed SPiDR configuration (the secure servers' with `secure`).
    pub fn get_spidr_configuration(
        &mut self,
        token: &UserAccessToken,
        secure: bool,
    ) -> Result<SpidrConfiguration, ModelError> {
        self.as_user(token, |_, _| Ok(spidr_configuration(secure)))
    }
}
