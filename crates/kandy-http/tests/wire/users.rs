//! #10–#17, #32.

use crate::support::*;
use kandy_core::{ExposeSecret, KandyApi, NewPhoneUser, NewUser, UserDeletion};
use serde_json::json;

/// The live create-user response of the specification (GOOF).
fn created_user() -> serde_json::Value {
    json!({"user_id": "bob", "user_password": "b0e4c71d674744", "full_user_id": "bob@goofiw.gmail.com",
           "domain_name": "goofiw.gmail.com", "user_api_key": UAK,
           "user_api_secret": "UAS5cb9736c147b4e348a825262e3871456"})
}

fn listed_user() -> serde_json::Value {
    json!({"user_id": "13524096582", "full_user_id": "13524096582@goofiw.gmail.com",
           "domain_name": "goofiw.gmail.com", "user_first_name": "Ann", "user_last_name": "Lee",
           "user_email": "ann@x.com", "user_phone_number": "3524096582", "user_country_code": "1"})
}

#[tokio::test]
async fn create_user_by_user_id_10() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/users/user_id")
            .query(&[("key", DAT)])
            .body(json!({"user_id": "bob", "user_country_code": "+1", "user_password": "s3cret-Pw42"})),
        success(created_user()),
    )
    .await;
    let user = NewUser::new("bob").country_code("+1").password(password());
    let user = w
        .ok(w.client.create_user_by_user_id(dat(), user).await)
        .await;
    assert_eq!(user.full_user_id, "bob@goofiw.gmail.com");
    assert_eq!(
        user.user_password.unwrap().expose_secret(),
        "b0e4c71d674744"
    );
    assert_eq!(user.user_api_key, Some(uak()));
}

#[tokio::test]
async fn create_user_by_phone_number_11() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/users/phone_number")
            .query(&[("key", DAT)])
            .body(json!({
                "user_phone_number": "3524096582", "user_country_code": "US",
                "user_first_name": "Ann", "user_last_name": "Lee"
            })),
        success(listed_user()),
    )
    .await;
    let user = NewPhoneUser::new("3524096582", "US").name("Ann", "Lee");
    let user = w
        .ok(w.client.create_user_by_phone_number(dat(), user).await)
        .await;
    assert_eq!(user.user_id, "13524096582");
}

#[tokio::test]
async fn get_users_12() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/users").query(&[("key", DAT)]),
        success(json!({"users": [listed_user(), created_user()]})),
    )
    .await;
    let users = w.ok(w.client.get_users(dat()).await).await;
    assert_eq!(users.len(), 2);
    assert_eq!(users[0].user_country_code.as_deref(), Some("1"));
    assert_eq!(users[1].user_id, "bob");
}

#[tokio::test]
async fn delete_user_13_by_user_api_key() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/users").query(&[("key", UAK)]),
        done("User Deleted"),
    )
    .await;
    w.ok(w
        .client
        .delete_user(UserDeletion::ByUserApiKey(uak()))
        .await)
        .await;
}

#[tokio::test]
async fn delete_user_13_by_domain_token_and_user_id() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/users").query(&[("key", DAT), ("user_id", "bob")]),
        done("User Deleted"),
    )
    .await;
    let deletion = UserDeletion::ByUserId {
        token: dat(),
        user_id: "bob".into(),
    };
    w.ok(w.client.delete_user(deletion).await).await;
}

#[tokio::test]
async fn delete_user_13_by_domain_token_and_user_api_key() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/users").query(&[("key", DAT), ("user_api_key", UAK)]),
        done("User Deleted"),
    )
    .await;
    let deletion = UserDeletion::ByDomainAndUserApiKey {
        token: dat(),
        user_api_key: uak(),
    };
    w.ok(w.client.delete_user(deletion).await).await;
}

#[tokio::test]
async fn get_user_details_14() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/users/details").query(&[("key", DAT), ("user_access_token", UAT)]),
        success(json!({"user": created_user()})),
    )
    .await;
    let user = w.ok(w.client.get_user_details(dat(), uat()).await).await;
    assert_eq!(user.user_id, "bob");
}

#[tokio::test]
async fn get_user_details_14_accepts_the_seed_users_list() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/users/details").query(&[("key", DAT), ("user_access_token", UAT)]),
        success(json!({"users": [listed_user()]})),
    )
    .await;
    let user = w.ok(w.client.get_user_details(dat(), uat()).await).await;
    assert_eq!(user.user_id, "13524096582");
}

#[tokio::test]
async fn get_user_access_token_15a() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/users/accesstokens").query(&[
            ("key", DAK),
            ("domain_api_secret", DAS),
            ("user_id", "bob"),
        ]),
        success(json!({"user_access_token": UAT})),
    )
    .await;
    let token = w
        .ok(w
            .client
            .get_user_access_token(dak(), das(), "bob".into())
            .await)
        .await;
    assert_eq!(token, uat());
}

#[tokio::test]
async fn get_user_access_token_by_password_15b() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/users/accesstokens").query(&[
            ("key", DAK),
            ("user_id", "bob"),
            ("user_password", "s3cret-Pw42"),
        ]),
        success(json!({"user_access_token": UAT})),
    )
    .await;
    let token = w
        .ok(w
            .client
            .get_user_access_token_by_password(dak(), "bob".into(), password())
            .await)
        .await;
    assert_eq!(token, uat());
}

#[tokio::test]
async fn delete_user_access_token_16() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/users/accesstokens").query(&[
            ("key", DAK),
            ("user_id", "bob"),
            ("user_password", "s3cret-Pw42"),
            ("user_access_token", UAT),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_user_access_token(dak(), "bob".into(), password(), uat())
        .await)
        .await;
}

#[tokio::test]
async fn create_anonymous_user_17() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/access_token/users/user/anonymous").query(&[("key", DAT)]),
        success(
            json!({"user_name": "anon1", "user_password": "0a1b2c3d4e5f67",
                       "full_user_id": "anon1@goofiw.gmail.com", "domain_name": "goofiw.gmail.com",
                       "user_access_token": UAT}),
        ),
    )
    .await;
    let anon = w.ok(w.client.create_anonymous_user(dat()).await).await;
    assert_eq!(anon.user_name, "anon1");
    assert_eq!(anon.user_access_token, uat());
}

#[tokio::test]
async fn get_limited_user_details_32() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/details/limited").query(&[("key", UAT)]),
        success(json!({"user": {"user_id": "bob", "full_user_id": "bob@d.com", "domain_name": "d.com"}})),
    )
    .await;
    let user = w.ok(w.client.get_limited_user_details(uat()).await).await;
    assert_eq!(
        (user.full_user_id.as_str(), user.user_api_key),
        ("bob@d.com", None)
    );
}
