//! #63–#75 (the session DELETEs carry a JSON body).

use crate::support::*;
use kandy_core::{KandyApi, NewSession, SessionId, SessionJoin, SessionParticipant};
use serde_json::json;

fn session_id() -> SessionId {
    SessionId::new(SESSION)
}

#[tokio::test]
async fn create_session_63() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session")
            .query(&[("key", UAT)])
            .body(json!({
                "session_type": "support", "session_name": "help", "session_description": "Jim's",
                "user_nickname": "User 1", "user_first_name": "User", "user_last_name": "One",
                "user_phone_number": "303-555-1212", "user_email": "u1@d.com",
                "creation_timestamp": 1_449_034_496_562u64, "expiry_timestamp": 1_449_066_032_562u64
            })),
        success(json!({"session_id": SESSION})),
    )
    .await;
    let session = NewSession::new("support", "help")
        .with_description("Jim's")
        .with_nickname("User 1")
        .with_name("User", "One")
        .with_phone_number("303-555-1212")
        .with_email("u1@d.com")
        .with_timestamps(1_449_034_496_562, 1_449_066_032_562);
    let id = w.ok(w.client.create_session(uat(), session).await).await;
    assert_eq!(id, session_id());
}

#[tokio::test]
async fn start_session_64() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session/id/start")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION})),
        done("success"),
    )
    .await;
    w.ok(w.client.start_session(uat(), session_id()).await)
        .await;
}

#[tokio::test]
async fn stop_session_65() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session/id/stop")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION})),
        done("success"),
    )
    .await;
    w.ok(w.client.stop_session(uat(), session_id()).await).await;
}

#[tokio::test]
async fn delete_session_66_is_a_delete_with_a_body() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/sessions/session/id")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION})),
        done("success"),
    )
    .await;
    w.ok(w.client.delete_session(uat(), session_id()).await)
        .await;
}

#[tokio::test]
async fn get_session_67() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/sessions/session/id").query(&[("key", UAT), ("session_id", SESSION)]),
        success(
            json!({"session": {"session_id": SESSION, "session_name": "help",
                                   "admin_full_user_id": "a@d.com",
                                   "participants": [{"full_user_id": "b@d.com"}]}}),
        ),
    )
    .await;
    let session = w.ok(w.client.get_session(uat(), session_id()).await).await;
    assert_eq!(session.admin_full_user_id.as_deref(), Some("a@d.com"));
    assert_eq!(session.participants, [SessionParticipant::new("b@d.com")]);
}

#[tokio::test]
async fn get_session_by_name_68_wrapped_or_bare() {
    for result in [
        json!({"session": {"session_id": SESSION, "session_name": "help"}}),
        json!({"session_id": SESSION, "session_name": "help"}),
    ] {
        let w = Wire::start().await;
        w.expect(
            Expect::get("users/sessions/session/name")
                .query(&[("key", UAT), ("session_name", "help")]),
            success(result),
        )
        .await;
        let session = w
            .ok(w.client.get_session_by_name(uat(), "help".into()).await)
            .await;
        assert_eq!(session.session_id, session_id());
        assert_eq!(session.session_name.as_deref(), Some("help"));
    }
}

fn session_list() -> serde_json::Value {
    success(
        json!({"sessions": [{"session_id": SESSION, "session_name": "help",
                                 "session_type": "cobrowsing", "admin_full_user_id": "a@d.com"}]}),
    )
}

#[tokio::test]
async fn get_sessions_69_of_a_type() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/sessions").query(&[("key", UAT), ("session_type", "cobrowsing")]),
        session_list(),
    )
    .await;
    let sessions = w
        .ok(w
            .client
            .get_sessions(uat(), Some("cobrowsing".into()))
            .await)
        .await;
    assert_eq!(sessions[0].session_type.as_deref(), Some("cobrowsing"));
}

#[tokio::test]
async fn get_sessions_69_all() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/sessions").query(&[("key", UAT)]),
        session_list(),
    )
    .await;
    let sessions = w.ok(w.client.get_sessions(uat(), None).await).await;
    assert_eq!(sessions.len(), 1);
}

#[tokio::test]
async fn get_user_sessions_70() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/sessions/user").query(&[("key", UAT)]),
        session_list(),
    )
    .await;
    let sessions = w.ok(w.client.get_user_sessions(uat()).await).await;
    assert_eq!(sessions[0].admin_full_user_id.as_deref(), Some("a@d.com"));
}

#[tokio::test]
async fn join_session_71() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session/id/participants/participant")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION, "user_nickname": "Bee"})),
        done("success"),
    )
    .await;
    let join = SessionJoin::new().with_nickname("Bee");
    w.ok(w.client.join_session(uat(), session_id(), join).await)
        .await;
}

#[tokio::test]
async fn join_session_71_with_nothing_to_say_sends_the_id_alone() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session/id/participants/participant")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .join_session(uat(), session_id(), SessionJoin::new())
        .await)
        .await;
}

#[tokio::test]
async fn leave_session_72_is_a_delete_with_a_body() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/sessions/session/id/participants/participant")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION, "leave_reason": "done"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .leave_session(uat(), session_id(), Some("done".into()))
        .await)
        .await;
}

#[tokio::test]
async fn accept_session_join_73() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/sessions/session/id/admin/participants/participant/join")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION, "full_user_id": "b@d.com"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .accept_session_join(uat(), session_id(), "b@d.com".into())
        .await)
        .await;
}

#[tokio::test]
async fn reject_session_join_74_is_a_delete_with_a_body() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/sessions/session/id/admin/participants/participant/join")
            .query(&[("key", UAT)])
            .body(
                json!({"session_id": SESSION, "full_user_id": "b@d.com", "reject_reason": "full"}),
            ),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .reject_session_join(uat(), session_id(), "b@d.com".into(), Some("full".into()))
        .await)
        .await;
}

#[tokio::test]
async fn boot_session_participant_75_is_a_delete_with_a_body() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/sessions/session/id/admin/participants/participant")
            .query(&[("key", UAT)])
            .body(json!({"session_id": SESSION, "full_user_id": "b@d.com"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .boot_session_participant(uat(), session_id(), "b@d.com".into(), None)
        .await)
        .await;
}
