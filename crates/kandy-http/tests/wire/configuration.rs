//! #31, #45, #46.

use crate::support::*;
use kandy_core::{DomainAccessToken, KandyApi};
use serde_json::json;

/// kandy.js's sample of `spidr_configuration`.
fn spidr_sample() -> serde_json::Value {
    json!({"REST_server_address": "kandysimplex.fring.com", "REST_server_port": 443,
           "webSocket_server_address": "kandysimplex.fring.com", "webSocket_server_port": 8582,
           "ICE_server_address": "54.84.226.174", "ICE_server_port": 3478,
           "subscription_expire_time_seconds": null, "REST_protocol": "https",
           "server_certificate": null, "use_DTLS": false, "audit_enable": true,
           "audit_packet_frequency": null})
}

#[tokio::test]
async fn get_configurations_31() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("api_wrappers/configurations")
            .query(&[("key", DAK), ("domain_api_secret", DAS)]),
        success(
            json!({"domain_name": "domain.com", "domain_access_token": DAT,
                       "spidr_configuration": spidr_sample()}),
        ),
    )
    .await;
    let config = w.ok(w.client.get_configurations(dak(), das()).await).await;
    assert_eq!(config.domain_name, "domain.com");
    assert_eq!(config.domain_access_token, DomainAccessToken::new(DAT));
    assert_eq!(config.spidr_configuration.rest_server_port, Some(443));
    assert_eq!(config.spidr_configuration.other["audit_enable"], true);
}

#[tokio::test]
async fn get_data_channel_45() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/configurations/data_channel").query(&[("key", UAT)]),
        success(
            json!({"data_server_host": "https://ws.kandy.io/", "data_server_port": "8443",
                       "is_secure": true}),
        ),
    )
    .await;
    let channel = w.ok(w.client.get_data_channel(uat()).await).await;
    assert_eq!(channel.data_server_port, Some(8443));
    assert_eq!(channel.websocket_url(), "wss://ws.kandy.io:8443");
}

#[tokio::test]
async fn get_spidr_configuration_46_secure_as_kandy_js_sends_it() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/configurations/communications/spidr")
            .query(&[("key", UAT), ("secure", "true")]),
        success(json!({"spidr_configuration": spidr_sample()})),
    )
    .await;
    let config = w
        .ok(w.client.get_spidr_configuration(uat(), true).await)
        .await;
    assert_eq!(config.ice_server_address.as_deref(), Some("54.84.226.174"));
    assert_eq!(config.use_dtls, Some(false));
}

#[tokio::test]
async fn get_spidr_configuration_46_not_secure_sends_no_flag() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/configurations/communications/spidr").query(&[("key", UAT)]),
        success(json!({"spidr_configuration": {}})),
    )
    .await;
    let config = w
        .ok(w.client.get_spidr_configuration(uat(), false).await)
        .await;
    assert_eq!(config.rest_server_address, None);
}
