//! TEMPORARY: the 14 operations the simulator does not implement yet (the data channel's
//! configuration and the sessions). Each answers
//! what the server answers for them today: status 18 (unknown request), HTTP 501, a message
//! naming the operation.
//!
//! This file exists so that the workspace compiles while `KandyApi` has every operation and
//! the model does not yet. The step that implements the last of these operations deletes it
//! and removes the callers of [`Simulator::implements`] (every operation is then implemented).

use super::Simulator;
use super::ops::Ops;
use kandy_core::*;

/// The operations the simulator does not implement yet (#45 and the sessions #63–#75).
pub const PENDING_OPERATIONS: &[OperationId] = &[
    OperationId::GetDataChannel,
    OperationId::CreateSession,
    OperationId::StartSession,
    OperationId::StopSession,
    OperationId::DeleteSession,
    OperationId::GetSession,
    OperationId::GetSessionByName,
    OperationId::GetSessions,
    OperationId::GetUserSessions,
    OperationId::JoinSession,
    OperationId::LeaveSession,
    OperationId::AcceptSessionJoin,
    OperationId::RejectSessionJoin,
    OperationId::BootSessionParticipant,
];

impl Simulator {
    /// Whether the simulator (in-process and served) implements `op`; the others answer
    /// status 18 with HTTP 501. Temporary: every operation will be.
    pub fn implements(op: &Operation) -> bool {
        !PENDING_OPERATIONS.contains(&op.id)
    }
}

/// The error of an operation the simulator does not implement: the server's answer.
pub(super) fn not_implemented(id: OperationId) -> Error {
    let op = id.spec();
    Error::api(
        status::UNKNOWN_REQUEST,
        format!(
            "{} (#{} {} /v1.2/{}) is not implemented by the simulator",
            op.name, op.number, op.method, op.path
        ),
        Some(501),
    )
    .with_operation(op.name)
}

/// The operations not implemented yet: each answers [`not_implemented`]. Implementing one
/// moves its method to its resource's module in `ops/`.
impl Ops<'_> {
    pub(super) async fn get_data_channel(
        &self,
        token: UserAccessToken,
    ) -> Result<DataChannelConfig> {
        let _ = token;
        Err(not_implemented(OperationId::GetDataChannel))
    }

    pub(super) async fn create_session(
        &self,
        token: UserAccessToken,
        session: NewSession,
    ) -> Result<SessionId> {
        let _ = token;
        let _ = session;
        Err(not_implemented(OperationId::CreateSession))
    }

    pub(super) async fn start_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        Err(not_implemented(OperationId::StartSession))
    }

    pub(super) async fn stop_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        Err(not_implemented(OperationId::StopSession))
    }

    pub(super) async fn delete_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        Err(not_implemented(OperationId::DeleteSession))
    }

    pub(super) async fn get_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
    ) -> Result<Session> {
        let _ = token;
        let _ = session_id;
        Err(not_implemented(OperationId::GetSession))
    }

    pub(super) async fn get_session_by_name(
        &self,
        token: UserAccessToken,
        session_name: String,
    ) -> Result<Session> {
        let _ = token;
        let _ = session_name;
        Err(not_implemented(OperationId::GetSessionByName))
    }

    pub(super) async fn get_sessions(
        &self,
        token: UserAccessToken,
        session_type: Option<String>,
    ) -> Result<Vec<Session>> {
        let _ = token;
        let _ = session_type;
        Err(not_implemented(OperationId::GetSessions))
    }

    pub(super) async fn get_user_sessions(&self, token: UserAccessToken) -> Result<Vec<Session>> {
        let _ = token;
        Err(not_implemented(OperationId::GetUserSessions))
    }

    pub(super) async fn join_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        join: SessionJoin,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        let _ = join;
        Err(not_implemented(OperationId::JoinSession))
    }

    pub(super) async fn leave_session(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        leave_reason: Option<String>,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        let _ = leave_reason;
        Err(not_implemented(OperationId::LeaveSession))
    }

    pub(super) async fn accept_session_join(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        let _ = full_user_id;
        Err(not_implemented(OperationId::AcceptSessionJoin))
    }

    pub(super) async fn reject_session_join(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
        reject_reason: Option<String>,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        let _ = full_user_id;
        let _ = reject_reason;
        Err(not_implemented(OperationId::RejectSessionJoin))
    }

    pub(super) async fn boot_session_participant(
        &self,
        token: UserAccessToken,
        session_id: SessionId,
        full_user_id: String,
        boot_reason: Option<String>,
    ) -> Result<()> {
        let _ = token;
        let _ = session_id;
        let _ = full_user_id;
        let _ = boot_reason;
        Err(not_implemented(OperationId::BootSessionParticipant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::operation::ALL;
    use kandy_core::{KandyApi, Tier, UserAccessToken};

    #[test]
    fn the_pending_operations_are_tier_three_and_the_rest_is_implemented() {
        for op in ALL {
            if !Simulator::implements(op) {
                assert_eq!(op.tier, Tier::Later, "{}", op.name);
            }
        }
        let implemented: std::collections::BTreeSet<_> = ALL
            .iter()
            .filter(|op| Simulator::implements(op))
            .map(|op| op.name)
            .collect();
        assert_eq!(implemented.len(), 73);
    }

    #[test]
    fn a_pending_operation_answers_as_the_server_does() {
        let sim = Simulator::new();
        let future = sim.get_data_channel(UserAccessToken::new("UAT0"));
        let error = futures_lite_block_on(future).unwrap_err();
        assert_eq!(
            error.api_status(),
            Some(kandy_core::ApiStatus::UNKNOWN_REQUEST)
        );
        assert_eq!(error.http_status(), Some(501));
        assert_eq!(error.operation(), Some("get_data_channel"));
        assert!(error.to_string().contains("not implemented"), "{error}");
    }

    fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }
}
