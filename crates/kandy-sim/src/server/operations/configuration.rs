//! Configuration (#31, #46). The SPiDR configuration's servers are the simulator's: the
//! server answers them at the `Host` the request named.

use crate::server::call::Call;
use crate::server::query::describe;
use crate::server::reply::{Outcome, Refusal, Success};
use kandy_core::{KandyApi, SpidrConfiguration};
use serde_json::Value;

/// `host[:port]` (an IPv6 literal in brackets) as a name and a port; the port is the one
/// `secure` implies when none is given.
fn split_host(host: &str, secure: bool) -> (String, u16) {
    let default = if secure { 443 } else { 80 };
    match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => {
            (name.to_owned(), port.parse().unwrap_or(default))
        }
        _ => (host.to_owned(), default),
    }
}

/// The configuration with its REST, WebSocket and ICE servers at the request's `Host`.
fn at_host(mut config: SpidrConfiguration, host: Option<&str>) -> SpidrConfiguration {
    let Some(host) = host else {
        return config;
    };
    let secure = config.websocket_secure.unwrap_or(false);
    let (name, port) = split_host(host, secure);
    config.rest_server_address = Some(name.clone());
    config.rest_server_port = Some(port);
    config.websocket_server_address = Some(name.clone());
    config.websocket_server_port = Some(port);
    config.ice_server_address = Some(name.clone());
    if let Some(Value::Object(api)) = config.other.get_mut("fcsApi") {
        api.insert("restUrl".to_owned(), Value::String(name.clone()));
        api.insert("restPort".to_owned(), Value::from(port));
    }
    if let (Some(Value::Array(servers)), Some(ice_port)) =
        (config.other.get_mut("ICE_servers"), config.ice_server_port)
    {
        for server in servers.iter_mut() {
            if let Value::Object(server) = server {
                server.insert(
                    "urls".to_owned(),
                    Value::String(format!("stun:{name}:{ice_port}")),
                );
            }
        }
    }
    config
}

pub(super) async fn get_configurations(c: &Call<'_>) -> Outcome {
    let secret = c.typed("domain_api_secret")?;
    let mut config = c.done(c.api.get_configurations(c.key()?, secret).await)?;
    config.spidr_configuration = at_host(config.spidr_configuration, c.host);
    Success::object(&config)
}

/// `secure=true` (as kandy.js always sends it) or `false`; absent or empty is `false`.
pub(super) async fn get_spidr_configuration(c: &Call<'_>) -> Outcome {
    let secure = match c.opt("secure").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(Refusal::bad_value(format!(
                "bad parameter value: {} must be true or false",
                describe("secure")
            )));
        }
    };
    let config = c.done(c.api.get_spidr_configuration(c.key()?, secure).await)?;
    Success::field("spidr_configuration", &at_host(config, c.host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_split_into_a_name_and_a_port() {
        assert_eq!(
            split_host("127.0.0.1:8080", false),
            ("127.0.0.1".into(), 8080)
        );
        assert_eq!(split_host("localhost", true), ("localhost".into(), 443));
        assert_eq!(split_host("[::1]:9000", false), ("[::1]".into(), 9000));
        assert_eq!(split_host("[::1]", false), ("[::1]".into(), 80));
    }
}
