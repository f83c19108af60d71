//! User profiles (#50, #51): written by the user (fields in the query of a POST), read by any
//! user of its domain; another domain's user is unknown.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn a_profile_update_is_read_back_and_changes_only_what_it_sets(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let read = |user_id: &str| {
        fx.api
            .get_user_profile(fx.bob.token.clone(), user_id.into(), DOMAIN.into())
    };
    let before = read("alice").await.expect("get_user_profile");
    assert_eq!(
        before,
        UserProfile::new()
            .with_user_id("alice")
            .with_domain_name(DOMAIN)
            .with_full_user_id(fx.alice.id())
            .with_first_name("Alice")
            .with_last_name("Liddell"),
        "the names given at creation"
    );
    let update = UserProfileUpdate::new()
        .with_first_name("Alicia")
        .with_status_text("in a meeting & away")
        .with_image_details(r#"{"url":"https://img.example/a.png?x=1"}"#)
        .with_user_data("a=b&c=d");
    fx.api
        .update_user_profile(fx.alice.token.clone(), update)
        .await
        .expect("update_user_profile");
    let after = read(&fx.alice.id()).await.expect("by full user id");
    assert_eq!(after.first_name.as_deref(), Some("Alicia"));
    assert_eq!(
        after.last_name.as_deref(),
        Some("Liddell"),
        "unset fields stay"
    );
    assert_eq!(after.status_text.as_deref(), Some("in a meeting & away"));
    assert_eq!(
        after.image_details.as_deref(),
        Some(r#"{"url":"https://img.example/a.png?x=1"}"#)
    );
    assert_eq!(after.user_data.as_deref(), Some("a=b&c=d"));
    // The profile's names are the user's own.
    let users = fx.api.get_users(fx.domain.token.clone()).await.unwrap();
    assert_eq!(users[0].user_first_name.as_deref(), Some("Alicia"));
    // An update with nothing set (or a field set empty) changes nothing.
    let snapshot = t.snapshot().await;
    fx.api
        .update_user_profile(fx.alice.token.clone(), UserProfileUpdate::new())
        .await
        .expect("an empty update");
    fx.api
        .update_user_profile(
            fx.alice.token.clone(),
            UserProfileUpdate::new().with_last_name(""),
        )
        .await
        .expect("an empty field");
    let later = read("alice").await.unwrap();
    assert_eq!(later.last_name.as_deref(), Some("Liddell"));
    let mut snapshot_after = t.snapshot().await;
    // Only alice's last_seen moved.
    let seen = "/domains/contract.kandy.io/users/alice/last_seen";
    *snapshot_after.pointer_mut(seen).expect("last_seen") =
        snapshot.pointer(seen).expect("last_seen").clone();
    assert_same_state("empty profile updates", &snapshot, &snapshot_after);
}

pub async fn get_user_profile_refuses_strangers_and_bad_input(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::GET_USER_PROFILE;
    let get = |token: &UserAccessToken, user_id: &str, domain: &str| {
        fx.api
            .get_user_profile(token.clone(), user_id.into(), domain.into())
    };
    let uat = &fx.alice.token;
    refused(t, op, 53, || get(uat, "nobody", DOMAIN)).await;
    // Another domain's user is unknown, whichever side asks.
    refused(t, op, 53, || get(uat, "dave", OTHER_DOMAIN)).await;
    refused(t, op, 53, || get(&dave.token, "alice", DOMAIN)).await;
    refused(t, op, 53, || get(uat, "dave@other.kandy.io", DOMAIN)).await;
    refused(t, op, 15, || get(uat, "", DOMAIN)).await;
    refused(t, op, 15, || get(uat, "bob", "")).await;
    refused(t, op, 55, || get(&unknown("UAT").into(), "bob", DOMAIN)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(uat, "bob", DOMAIN)).await;
}

pub async fn update_user_profile_refuses_bad_tokens_and_huge_fields(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::UPDATE_USER_PROFILE;
    let update = || UserProfileUpdate::new().with_status_text("busy");
    let huge = UserProfileUpdate::new().with_user_data("x".repeat(4097));
    refused(t, op, 16, || {
        fx.api.update_user_profile(fx.alice.token.clone(), huge)
    })
    .await;
    refused(t, op, 55, || {
        fx.api.update_user_profile(unknown("UAT").into(), update())
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.update_user_profile(revoked.clone(), update())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || {
        fx.api.update_user_profile(fx.alice.token.clone(), update())
    })
    .await;
}
