//! The simulator's state as a whole: determinism, reset, snapshot and restore.

use crate::check::*;
use crate::fixture::*;
use crate::groups::{add, create_group};
use crate::messages::{UUID_1, UUID_2, ack, send};
use crate::target::Target;
use kandy_core::*;

/// A little of everything, with fixed UUIDs, and the snapshot it leaves.
async fn script(t: &dyn Target) -> serde_json::Value {
    let fx = Fixture::new(t).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "hi bob").await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    let group_message =
        OutgoingGroupMessage::text(gid, "hi all").with_uuid(MessageUuid::new(UUID_2));
    fx.api
        .send_group_message(fx.alice.token.clone(), group_message)
        .await
        .expect("group message");
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    fx.api
        .send_sms(
            fx.carol.token.clone(),
            fx.carol.device.clone(),
            OutgoingSms::new("+14155550100", "sms"),
        )
        .await
        .expect("sms");
    fx.api
        .add_personal_contact(
            fx.alice.token.clone(),
            NewPersonalContact::new(fx.bob.id(), "B"),
        )
        .await
        .expect("contact");
    fx.api
        .create_anonymous_user(fx.domain.token.clone())
        .await
        .expect("anonymous user");
    t.snapshot().await
}

pub async fn the_same_calls_give_the_same_state_after_a_reset(t: &dyn Target) {
    let empty = t.snapshot().await;
    let first = script(t).await;
    assert_ne!(first, empty);
    t.reset().await;
    assert_eq!(t.snapshot().await, empty, "a reset empties every store");
    let second = script(t).await;
    let (first, second) = (first.to_string(), second.to_string());
    assert!(
        first == second,
        "the same seed and calls give a byte-identical snapshot"
    );
}

pub async fn a_restored_snapshot_brings_the_state_back(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "keep me").await;
    let saved = t.snapshot().await;
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    fx.api
        .delete_user(UserDeletion::ByUserId {
            token: fx.domain.token.clone(),
            user_id: "carol".into(),
        })
        .await
        .expect("delete carol");
    fx.api
        .send_sms(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            OutgoingSms::new("+14155550100", "gone after restore"),
        )
        .await
        .expect("sms");
    t.restore(saved.clone()).await.expect("restore");
    assert_eq!(t.snapshot().await, saved);
    let pending = fx.pending(&fx.bob, &fx.bob.device).await;
    assert_eq!(pending.len(), 1, "bob's message is back");
    assert_eq!(pending[0].text(), Some("keep me"));
    assert!(
        fx.pending(&fx.alice, &fx.alice.device).await.is_empty(),
        "no ack"
    );
    let me = fx
        .api
        .get_limited_user_details(fx.carol.token.clone())
        .await;
    assert_eq!(
        me.expect("carol and her token are back").full_user_id,
        fx.carol.id()
    );
    assert!(t.sms_outbox().await.is_empty());
}

pub async fn an_invalid_snapshot_changes_nothing(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let before = t.snapshot().await;
    for bad in [
        serde_json::json!({"not": "a state"}),
        serde_json::Value::Null,
    ] {
        let err = t
            .restore(bad)
            .await
            .expect_err("an invalid snapshot is refused");
        assert_eq!(err.kind(), ErrorKind::BadArgument, "{err}");
        assert_no_credential("restore", &err.to_string());
    }
    assert_same_state("restore", &before, &t.snapshot().await);
    fx.api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("the state still works");
}
