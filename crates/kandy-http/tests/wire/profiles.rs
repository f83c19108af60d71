//! #50, #51.

use crate::support::*;
use kandy_core::{KandyApi, UserProfile, UserProfileUpdate};
use serde_json::json;

#[tokio::test]
async fn get_user_profile_50() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/profiles/user_profiles/user_profile").query(&[
            ("key", UAT),
            ("user_id", "ann"),
            ("domain_name", "d.com"),
        ]),
        success(
            json!({"user_profile": {"user_id": "ann", "domain_name": "d.com",
                                        "first_name": "Ann", "status_text": "away"}}),
        ),
    )
    .await;
    let profile = w
        .ok(w
            .client
            .get_user_profile(uat(), "ann".into(), "d.com".into())
            .await)
        .await;
    assert_eq!(
        profile,
        UserProfile::new()
            .with_user_id("ann")
            .with_domain_name("d.com")
            .with_first_name("Ann")
            .with_status_text("away")
    );
}

#[tokio::test]
async fn update_user_profile_51_puts_everything_in_the_query_of_a_post() {
    let w = Wire::start().await;
    // No body: `Expect` without `.body` requires an empty one.
    w.expect(
        Expect::post("users/profiles/user_profiles").query(&[
            ("key", UAT),
            ("first_name", "Ann"),
            ("last_name", "Lee"),
            ("status_text", "in a meeting & busy"),
            ("image_details", "{\"id\":\"i1\"}"),
            ("user_data", "x=1"),
        ]),
        done("success"),
    )
    .await;
    let update = UserProfileUpdate::new()
        .with_first_name("Ann")
        .with_last_name("Lee")
        .with_status_text("in a meeting & busy")
        .with_image_details("{\"id\":\"i1\"}")
        .with_user_data("x=1");
    w.ok(w.client.update_user_profile(uat(), update).await)
        .await;
    let received = w.server.received_requests().await.unwrap();
    assert!(received[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn update_user_profile_51_sends_only_what_is_set() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/profiles/user_profiles")
            .query(&[("key", UAT), ("status_text", "back")]),
        done("success"),
    )
    .await;
    let update = UserProfileUpdate::new().with_status_text("back");
    w.ok(w.client.update_user_profile(uat(), update).await)
        .await;
}
