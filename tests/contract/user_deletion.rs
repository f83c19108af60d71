//! Deleting users (#13), in its three forms, and everything that goes with a user.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

fn api_key(member: &Member) -> UserApiKey {
    member
        .user
        .user_api_key
        .clone()
        .expect("a created user has a user API key")
}

/// Asserts that `member` is gone: not listed, its token and device gone.
async fn assert_gone(fx: &Fixture<'_>, member: &Member) {
    let users = fx
        .api
        .get_users(fx.domain.token.clone())
        .await
        .expect("users");
    assert!(
        users.iter().all(|u| u.full_user_id != member.id()),
        "{} is no longer listed",
        member.id()
    );
    refused(fx.t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(member.token.clone())
    })
    .await;
    assert!(
        fx.t.device_queue(&member.device).await.is_none(),
        "{}'s devices and queues are deleted",
        member.id()
    );
    refused(fx.t, &op::GET_USER_ACCESS_TOKEN, 53, || {
        fx.api.get_user_access_token(
            fx.domain.key.clone(),
            fx.domain.secret.clone(),
            member.user.user_id.clone(),
        )
    })
    .await;
}

pub async fn delete_user_by_its_own_api_key(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.api
        .delete_user(UserDeletion::ByUserApiKey(api_key(&fx.bob)))
        .await
        .expect("delete_user by user API key");
    assert_gone(&fx, &fx.bob).await;
    assert_eq!(
        fx.api
            .get_users(fx.domain.token.clone())
            .await
            .expect("users")
            .len(),
        2
    );
}

pub async fn delete_user_by_domain_token_and_user_id(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.api
        .delete_user(UserDeletion::ByUserId {
            token: fx.domain.token.clone(),
            user_id: "bob".into(),
        })
        .await
        .expect("delete_user by user id");
    assert_gone(&fx, &fx.bob).await;
    // The id is free again, and the new bob starts afresh.
    let again = fx.add_user("bob", ("Bob", "Again")).await;
    assert!(fx.pending(&again, &again.device).await.is_empty());
}

pub async fn delete_user_by_domain_token_and_user_api_key(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.api
        .delete_user(UserDeletion::ByDomainAndUserApiKey {
            token: fx.domain.token.clone(),
            user_api_key: api_key(&fx.carol),
        })
        .await
        .expect("delete_user by domain token and user API key");
    assert_gone(&fx, &fx.carol).await;
}

pub async fn delete_user_removes_contacts_and_all_devices(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let tablet = fx.add_device(&fx.bob, "tablet").await;
    let nickname = "Zebulon-the-nickname";
    fx.api
        .add_personal_contact(
            fx.bob.token.clone(),
            NewPersonalContact::new(fx.alice.id(), nickname),
        )
        .await
        .expect("bob's contact");
    let before = serde_json::to_string(&t.snapshot().await).expect("snapshot");
    assert!(
        before.contains(nickname),
        "the snapshot holds bob's contact"
    );
    fx.api
        .delete_user(UserDeletion::ByUserId {
            token: fx.domain.token.clone(),
            user_id: "bob".into(),
        })
        .await
        .expect("delete bob");
    assert!(t.device_queue(&tablet).await.is_none(), "every device goes");
    assert!(t.device_queue(&fx.bob.device).await.is_none());
    let after = serde_json::to_string(&t.snapshot().await).expect("snapshot");
    assert!(!after.contains(nickname), "bob's contacts go with him");
    let again = fx.add_user("bob", ("Bob", "Again")).await;
    let contacts = fx.api.get_personal_contacts(again.token.clone()).await;
    assert!(
        contacts.expect("contacts").is_empty(),
        "a new bob has no contacts"
    );
    let devices = fx.api.get_devices(again.token).await.expect("devices");
    assert_eq!(devices.len(), 1, "a new bob has only a default device");
}

pub async fn delete_user_refuses_unknown_foreign_and_bad_credentials(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, dave) = fx.other_domain().await;
    let op = &op::DELETE_USER;
    let by_id = |token: &DomainAccessToken, user_id: &str| {
        fx.api.delete_user(UserDeletion::ByUserId {
            token: token.clone(),
            user_id: user_id.into(),
        })
    };
    refused(t, op, 53, || by_id(&fx.domain.token, "nobody")).await;
    refused(t, op, 55, || {
        fx.api
            .delete_user(UserDeletion::ByUserApiKey(unknown("UAK").into()))
    })
    .await;
    // Domain B's token never deletes a user of domain A.
    refused(t, op, 11, || {
        fx.api.delete_user(UserDeletion::ByDomainAndUserApiKey {
            token: other.token.clone(),
            user_api_key: api_key(&fx.alice),
        })
    })
    .await;
    refused(t, op, 11, || {
        fx.api.delete_user(UserDeletion::ByDomainAndUserApiKey {
            token: fx.domain.token.clone(),
            user_api_key: api_key(&dave),
        })
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || by_id(&revoked, "alice")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || by_id(&fx.domain.token, "alice")).await;
}
