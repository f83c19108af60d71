//! The data channel's configuration (#45) and sessions (#63–#75): the REST half, the same in
//! both backends (the pushes are the notification tests' business).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn get_data_channel_answers_a_host_and_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let config = fx
        .api
        .get_data_channel(fx.alice.token.clone())
        .await
        .expect("get_data_channel");
    assert!(!config.data_server_host.is_empty());
    assert!(!config.is_secure);
    let revoked = fx.revoked_user_token(&fx.carol).await;
    refused(t, &op::GET_DATA_CHANNEL, 55, || {
        fx.api.get_data_channel(revoked.clone())
    })
    .await;
    refused(t, &op::GET_DATA_CHANNEL, 55, || {
        fx.api.get_data_channel(UserAccessToken::new("UATunknown"))
    })
    .await;
}

pub async fn sessions_are_created_started_listed_and_deleted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let alice = fx.alice.token.clone();
    let id = fx
        .api
        .create_session(alice.clone(), NewSession::new("support", "help"))
        .await
        .expect("create_session");
    let other = fx
        .api
        .create_session(alice.clone(), NewSession::new("cobrowsing", "look"))
        .await
        .expect("a second session");
    let session = fx
        .api
        .get_session(fx.bob.token.clone(), id.clone())
        .await
        .expect("get_session");
    assert_eq!(session.session_status.as_deref(), Some("inactive"));
    assert_eq!(session.admin_full_user_id, Some(fx.alice.id()));
    assert_eq!(session.session_name.as_deref(), Some("help"));
    fx.api
        .start_session(alice.clone(), id.clone())
        .await
        .expect("start_session");
    let by_name = fx
        .api
        .get_session_by_name(fx.bob.token.clone(), "help".into())
        .await
        .expect("get_session_by_name");
    assert_eq!(by_name.session_id, id);
    assert_eq!(by_name.session_status.as_deref(), Some("active"));
    fx.api
        .stop_session(alice.clone(), id.clone())
        .await
        .expect("stop_session");
    let all = fx
        .api
        .get_sessions(fx.bob.token.clone(), None)
        .await
        .expect("get_sessions");
    assert_eq!(all.len(), 2);
    let support = fx
        .api
        .get_sessions(fx.bob.token.clone(), Some("support".into()))
        .await
        .expect("get_sessions by type");
    assert_eq!(support.len(), 1);
    assert_eq!(support[0].session_status.as_deref(), Some("inactive"));
    let mine = fx
        .api
        .get_user_sessions(alice.clone())
        .await
        .expect("get_user_sessions");
    assert_eq!(mine.len(), 2);
    assert!(
        fx.api
            .get_user_sessions(fx.bob.token.clone())
            .await
            .expect("bob's")
            .is_empty()
    );
    // Only the admin starts, stops and deletes; names are unique; unknown ids are 53.
    refused(t, &op::CREATE_SESSION, 50, || {
        fx.api
            .create_session(fx.bob.token.clone(), NewSession::new("support", "help"))
    })
    .await;
    refused(t, &op::CREATE_SESSION, 15, || {
        fx.api
            .create_session(alice.clone(), NewSession::new("support", ""))
    })
    .await;
    refused(t, &op::START_SESSION, 11, || {
        fx.api.start_session(fx.bob.token.clone(), id.clone())
    })
    .await;
    refused(t, &op::STOP_SESSION, 11, || {
        fx.api.stop_session(fx.bob.token.clone(), id.clone())
    })
    .await;
    refused(t, &op::DELETE_SESSION, 11, || {
        fx.api.delete_session(fx.bob.token.clone(), id.clone())
    })
    .await;
    refused(t, &op::GET_SESSION, 53, || {
        fx.api
            .get_session(alice.clone(), SessionId::new("nosuchsession"))
    })
    .await;
    refused(t, &op::GET_SESSION_BY_NAME, 53, || {
        fx.api.get_session_by_name(alice.clone(), "nothing".into())
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.carol).await;
    refused(t, &op::GET_SESSIONS, 55, || {
        fx.api.get_sessions(revoked.clone(), None)
    })
    .await;
    refused(t, &op::GET_USER_SESSIONS, 55, || {
        fx.api.get_user_sessions(revoked.clone())
    })
    .await;
    fx.api
        .delete_session(alice.clone(), id.clone())
        .await
        .expect("delete_session");
    refused(t, &op::GET_SESSION, 53, || {
        fx.api.get_session(alice.clone(), id.clone())
    })
    .await;
    // A session of another domain is not found.
    let (_, stranger) = fx.other_domain().await;
    refused(t, &op::GET_SESSION, 53, || {
        fx.api.get_session(stranger.token.clone(), other.clone())
    })
    .await;
}

pub async fn participants_join_are_accepted_rejected_booted_and_leave(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (alice, bob, carol) = (
        fx.alice.token.clone(),
        fx.bob.token.clone(),
        fx.carol.token.clone(),
    );
    let id = fx
        .api
        .create_session(alice.clone(), NewSession::new("support", "help"))
        .await
        .expect("create_session");
    fx.api
        .join_session(
            bob.clone(),
            id.clone(),
            SessionJoin::new().with_nickname("B"),
        )
        .await
        .expect("join_session");
    fx.api
        .join_session(carol.clone(), id.clone(), SessionJoin::new())
        .await
        .expect("carol");
    let states = |s: &Session| -> Vec<(String, Option<String>)> {
        s.participants
            .iter()
            .map(|p| (p.full_user_id.clone(), p.participant_status.clone()))
            .collect()
    };
    let session = fx
        .api
        .get_session(alice.clone(), id.clone())
        .await
        .expect("get");
    assert_eq!(
        states(&session),
        [
            (fx.bob.id(), Some("pending".to_owned())),
            (fx.carol.id(), Some("pending".to_owned()))
        ]
    );
    refused(t, &op::ACCEPT_SESSION_JOIN, 11, || {
        fx.api
            .accept_session_join(bob.clone(), id.clone(), fx.carol.id())
    })
    .await;
    fx.api
        .accept_session_join(alice.clone(), id.clone(), fx.bob.id())
        .await
        .expect("accept_session_join");
    refused(t, &op::REJECT_SESSION_JOIN, 53, || {
        fx.api
            .reject_session_join(alice.clone(), id.clone(), fx.bob.id(), None)
    })
    .await;
    fx.api
        .reject_session_join(
            alice.clone(),
            id.clone(),
            fx.carol.id(),
            Some("full".into()),
        )
        .await
        .expect("reject_session_join");
    let session = fx
        .api
        .get_session(alice.clone(), id.clone())
        .await
        .expect("get");
    assert_eq!(states(&session), [(fx.bob.id(), Some("joined".to_owned()))]);
    let theirs = fx
        .api
        .get_user_sessions(bob.clone())
        .await
        .expect("bob's sessions");
    assert_eq!(theirs.len(), 1);
    refused(t, &op::JOIN_SESSION, 50, || {
        fx.api
            .join_session(alice.clone(), id.clone(), SessionJoin::new())
    })
    .await;
    refused(t, &op::BOOT_SESSION_PARTICIPANT, 53, || {
        fx.api
            .boot_session_participant(alice.clone(), id.clone(), fx.carol.id(), None)
    })
    .await;
    fx.api
        .boot_session_participant(alice.clone(), id.clone(), fx.bob.id(), Some("bye".into()))
        .await
        .expect("boot_session_participant");
    refused(t, &op::LEAVE_SESSION, 53, || {
        fx.api.leave_session(bob.clone(), id.clone(), None)
    })
    .await;
    refused(t, &op::LEAVE_SESSION, 11, || {
        fx.api.leave_session(alice.clone(), id.clone(), None)
    })
    .await;
    fx.api
        .join_session(carol.clone(), id.clone(), SessionJoin::new())
        .await
        .expect("again");
    fx.api
        .leave_session(carol.clone(), id.clone(), Some("later".into()))
        .await
        .expect("leave_session");
    let session = fx
        .api
        .get_session(alice.clone(), id.clone())
        .await
        .expect("get");
    assert!(session.participants.is_empty());
}
