//! Configuration (#31, #46): a domain's configuration from its key and secret, and the fixed
//! SPiDR configuration (media is not simulated; the servers named are the simulator's).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

/// What every SPiDR configuration of the simulator holds, whatever its address.
fn assert_spidr_shape(config: &SpidrConfiguration, secure: bool) {
    let protocol = if secure { "https" } else { "http" };
    assert_eq!(config.rest_protocol.as_deref(), Some(protocol));
    assert_eq!(config.websocket_secure, Some(secure));
    assert!(
        config
            .rest_server_address
            .as_deref()
            .is_some_and(|a| !a.is_empty())
    );
    assert!(config.rest_server_port.is_some() && config.websocket_server_port.is_some());
    assert_eq!(config.rest_server_address, config.websocket_server_address);
    assert_eq!(config.ice_server_port, Some(3478));
    assert_eq!(config.use_dtls, Some(true));
    for key in ["fcsApi", "fcsMedia", "ICE_servers", "versions"] {
        assert!(config.other.contains_key(key), "{key} is present");
    }
}

pub async fn configurations_give_a_new_domain_token_and_the_spidr_configuration(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let config = fx
        .api
        .get_configurations(fx.domain.key.clone(), fx.domain.secret.clone())
        .await
        .expect("get_configurations");
    assert_eq!(config.domain_name, DOMAIN);
    assert_credential(config.domain_access_token.expose_secret(), "DAT");
    assert_ne!(
        config.domain_access_token.expose_secret(),
        fx.domain.token.expose_secret()
    );
    assert_spidr_shape(&config.spidr_configuration, true);
    // The new token works, and the old one still does.
    for token in [config.domain_access_token, fx.domain.token.clone()] {
        let users = fx.api.get_users(token).await.expect("a live domain token");
        assert_eq!(users.len(), 3);
    }
}

pub async fn get_configurations_refuses_a_wrong_secret_or_key(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let op = &op::GET_CONFIGURATIONS;
    let get = |key: &DomainApiKey, secret: &DomainApiSecret| {
        fx.api.get_configurations(key.clone(), secret.clone())
    };
    refused(t, op, 55, || get(&fx.domain.key, &other.secret)).await;
    refused(t, op, 55, || get(&unknown("DAK").into(), &fx.domain.secret)).await;
    refused(t, op, 55, || {
        get(&fx.domain.key, &DomainApiSecret::new(unknown("DAS")))
    })
    .await;
}

pub async fn the_spidr_configuration_is_fixed_and_secure_on_request(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let get = |secure| {
        fx.api
            .get_spidr_configuration(fx.alice.token.clone(), secure)
    };
    let secure = get(true).await.expect("secure");
    assert_spidr_shape(&secure, true);
    let plain = get(false).await.expect("plain");
    assert_spidr_shape(&plain, false);
    assert_eq!(plain.rest_server_address, secure.rest_server_address);
    let again = get(true).await.expect("again");
    assert_eq!(again, secure, "the same configuration every time");
}

pub async fn get_spidr_configuration_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_SPIDR_CONFIGURATION;
    let get = |token: UserAccessToken| fx.api.get_spidr_configuration(token, true);
    refused(t, op, 55, || get(unknown("UAT").into())).await;
    let revoked = fx.revoked_user_token(&fx.bob).await;
    refused(t, op, 55, || get(revoked.clone())).await;
    refused(t, op, 55, || {
        get(UserAccessToken::new(fx.domain.token.expose_secret()))
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(fx.bob.token.clone())).await;
}
