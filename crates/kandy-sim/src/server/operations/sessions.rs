//! The data channel's configuration (#45) and sessions (#63–#75). The session calls read
//! their arguments from a JSON body (the DELETEs too, as kandy.js sends them); the reads from
//! the query.

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{DataChannelConfig, KandyApi, NewSession, OperationId, SessionId, SessionJoin};
use serde::Deserialize;

/// `{"session_id"}`.
#[derive(Deserialize)]
struct SessionBody {
    session_id: SessionId,
}

/// `{"session_id", ...join fields}`.
#[derive(Deserialize)]
struct JoinBody {
    session_id: SessionId,
    #[serde(flatten)]
    join: SessionJoin,
}

/// `{"session_id", "leave_reason"?}`.
#[derive(Deserialize)]
struct LeaveBody {
    session_id: SessionId,
    #[serde(default)]
    leave_reason: Option<String>,
}

/// `{"session_id", "full_user_id", "reject_reason"?, "boot_reason"?}`.
#[derive(Deserialize)]
struct ParticipantBody {
    session_id: SessionId,
    full_user_id: String,
    #[serde(default)]
    reject_reason: Option<String>,
    #[serde(default)]
    boot_reason: Option<String>,
}

/// #45: the WebSocket is on this listener, at the `Host` the request came on (so a client
/// reaches it the way it reached the API, and the `Host` check passes).
pub(super) async fn get_data_channel(c: &Call<'_>) -> Outcome {
    let mut config = c.done(c.api.get_data_channel(c.key()?).await)?;
    if let Some(host) = c.host {
        config = at_host(host).unwrap_or(config);
    }
    Success::object(&config)
}

/// `HOST[:PORT]` (an IPv6 literal in brackets) as a data-channel configuration.
fn at_host(host: &str) -> Option<DataChannelConfig> {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port))
            if !name.ends_with(':') && (name.starts_with('[') || !name.contains(':')) =>
        {
            (name, Some(port.parse::<u16>().ok()?))
        }
        _ => (host, None),
    };
    let config = DataChannelConfig::new(name);
    Some(match port {
        Some(port) => config.with_data_server_port(port),
        None => config,
    })
}

pub(super) async fn create_session(c: &Call<'_>) -> Outcome {
    let session: NewSession = c.body()?;
    let id = c.done(c.api.create_session(c.key()?, session).await)?;
    Success::field("session_id", &id)
}

pub(super) async fn start_stop(c: &Call<'_>, start: bool) -> Outcome {
    let body: SessionBody = c.body()?;
    let result = if start {
        c.api.start_session(c.key()?, body.session_id).await
    } else {
        c.api.stop_session(c.key()?, body.session_id).await
    };
    c.done(result)?;
    Ok(Success::plain())
}

pub(super) async fn delete_session(c: &Call<'_>) -> Outcome {
    let body: SessionBody = c.body()?;
    c.done(c.api.delete_session(c.key()?, body.session_id).await)?;
    Ok(Success::plain())
}

pub(super) async fn get_session(c: &Call<'_>) -> Outcome {
    let id: SessionId = c.typed("session_id")?;
    let session = c.done(c.api.get_session(c.key()?, id).await)?;
    Success::field("session", &session)
}

pub(super) async fn get_session_by_name(c: &Call<'_>) -> Outcome {
    let name = c.param("session_name")?;
    let session = c.done(c.api.get_session_by_name(c.key()?, name).await)?;
    Success::field("session", &session)
}

pub(super) async fn get_sessions(c: &Call<'_>) -> Outcome {
    let sessions = c.done(c.api.get_sessions(c.key()?, c.opt("session_type")).await)?;
    Success::field("sessions", &sessions)
}

pub(super) async fn get_user_sessions(c: &Call<'_>) -> Outcome {
    let sessions = c.done(c.api.get_user_sessions(c.key()?).await)?;
    Success::field("sessions", &sessions)
}

pub(super) async fn join_session(c: &Call<'_>) -> Outcome {
    let body: JoinBody = c.body()?;
    c.done(
        c.api
            .join_session(c.key()?, body.session_id, body.join)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn leave_session(c: &Call<'_>) -> Outcome {
    let body: LeaveBody = c.body()?;
    let result = c
        .api
        .leave_session(c.key()?, body.session_id, body.leave_reason)
        .await;
    c.done(result)?;
    Ok(Success::plain())
}

/// #73, #74 and #75: the admin's calls on one participant.
pub(super) async fn participant(c: &Call<'_>) -> Outcome {
    let body: ParticipantBody = c.body()?;
    let (token, id, user) = (c.key()?, body.session_id, body.full_user_id);
    let result = match c.op.id {
        OperationId::AcceptSessionJoin => c.api.accept_session_join(token, id, user).await,
        OperationId::RejectSessionJoin => {
            let reason = body.reject_reason;
            c.api.reject_session_join(token, id, user, reason).await
        }
        _ => {
            let reason = body.boot_reason;
            c.api
                .boot_session_participant(token, id, user, reason)
                .await
        }
    };
    c.done(result)?;
    Ok(Success::plain())
}

#[cfg(test)]
mod tests {
    use super::at_host;

    #[test]
    fn the_host_header_names_the_channel() {
        let plain = at_host("127.0.0.1:8080").unwrap();
        assert_eq!(plain.websocket_url(), "ws://127.0.0.1:8080");
        assert_eq!(at_host("localhost").unwrap().data_server_port, None);
        assert_eq!(at_host("[::1]:9").unwrap().websocket_url(), "ws://[::1]:9");
        assert!(at_host("localhost:notaport").is_none());
    }
}
